//! One suite of store behaviour, run on both backends with the same assertions (issue 16): SQLite in memory,
//! and PostgreSQL on the server `SITREP_TEST_PG` names (`tests/pg/server.sh start`), each test in a database
//! of its own. Without `SITREP_TEST_PG` the PostgreSQL half says so and is skipped.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use sitrep_store::{
    ingest, reextract, Basis, DocumentQuery, EventQuery, FetchRecord, FetchStatus, Incoming, IngestConfig, PgStore,
    PollRecord, PollStatus, RunInfo, SeenItem, SourceReport, SqliteStore, Storage, StoredEntry, StoredIncident,
    TallyBy, TallyDimension, TallyQuery, Validators,
};

// The generator's scoring is for the linking test; this suite compares the backends only.
#[allow(dead_code)]
mod bulletins;
// Each test file uses some of the fixtures.
#[allow(dead_code)]
mod fixtures;

use fixtures::documents;

type Store = dyn Storage + Send;

/// A database of its own on the test server (tests run in parallel), dropped when the test ends.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl Drop for TempDb {
    fn drop(&mut self) {
        // FORCE: a store still connected (a panicking test's) does not keep it.
        if let Ok(mut admin) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}

/// A new, empty database on the test server, or `None` (with a line saying why) when there is none.
fn pg_db(test: &str) -> Option<TempDb> {
    let Ok(admin) = std::env::var("SITREP_TEST_PG") else {
        eprintln!("{test}: skipped: SITREP_TEST_PG not set (the PostgreSQL half; tests/pg/server.sh start)");
        return None;
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!("sitrep_t{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to SITREP_TEST_PG");
    // Two statements: a batch of them would be one transaction, where neither may run.
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    let (server, _) = admin.rsplit_once('/').expect("SITREP_TEST_PG ends with /database");
    let url = format!("{server}/{name}");
    Some(TempDb { admin, name, url })
}

fn pg_store(test: &str) -> Option<(PgStore, TempDb)> {
    pg_db(test).map(|db| (PgStore::open(&db.url).expect("open PgStore"), db))
}

/// Runs `check` on SQLite, then on PostgreSQL when there is a server.
fn on_both(test: &str, check: impl Fn(&mut Store)) {
    let mut sqlite = SqliteStore::open_in_memory().expect("open SQLite");
    check(&mut sqlite);
    if let Some((mut pg, _db)) = pg_store(test) {
        check(&mut pg);
    }
}

/// The demo's sample documents, with their publication days.
fn samples() -> Vec<Incoming> {
    [
        ("samples/bulletin_ar.txt", "2019-08-08", include_str!("../../../data/samples/bulletin_ar.txt")),
        ("samples/report_en.txt", "2019-08-08", include_str!("../../../data/samples/report_en.txt")),
        ("samples/compilation_en.txt", "2024-08-08", include_str!("../../../data/samples/compilation_en.txt")),
    ]
    .into_iter()
    .map(|(name, day, text)| Incoming { published: Some(day.into()), ..Incoming::text(name, text) })
    .chain(short_reports())
    .collect()
}

/// Short reports that link across documents: two sources of one attack, and one of another.
fn short_reports() -> Vec<Incoming> {
    [
        ("r1.txt", "Gunmen shot dead three guards at a checkpoint in Ghazni province on Monday, police said."),
        ("r2.txt", "Three guards were killed by gunmen at a checkpoint in Ghazni province on Monday, officials said."),
        ("r3.txt", "A roadside bomb wounded four civilians in Kunduz province on Tuesday, a spokesman said."),
    ]
    .into_iter()
    .map(|(name, text)| Incoming { published: Some("2021-03-10".into()), ..Incoming::text(name, text) })
    .collect()
}

fn quiet() -> impl FnMut(sitrep_store::Progress) {
    |_| {}
}

#[test]
fn ingest_is_idempotent_by_content_hash_and_reextraction_keeps_history() {
    on_both("ingest_is_idempotent", |store| {
        assert!(store.schema_version().expect("version") >= 1);
        let s = ingest(store, documents(), &IngestConfig::default(), &mut quiet()).expect("ingest");
        assert_eq!((s.documents, s.revisions_added, s.duplicates, s.failed), (4, 2, 1, 1));
        let failures = store.ingest_failures(None).expect("failures");
        assert_eq!(failures.len(), 1);
        assert_eq!(
            (failures[0].origin.as_str(), failures[0].reason.as_str()),
            ("d.txt", "not valid UTF-8 at byte offset 3")
        );
        let first = store.events(&EventQuery::default()).expect("events");
        assert!(!first.is_empty());
        let generation = store.generation().expect("generation");

        let again = ingest(store, documents(), &IngestConfig::default(), &mut quiet()).expect("ingest");
        assert_eq!((again.revisions_added, again.duplicates), (0, 3));
        assert_eq!(store.documents(&DocumentQuery::default()).expect("documents").len(), 2);
        assert_eq!(store.generation().expect("generation"), generation, "no entries stored, same generation");

        let current = RunInfo::current();
        let none = reextract(store, &current, 100, &mut quiet()).expect("reextract");
        assert_eq!(none.documents, 0);
        let newer = RunInfo { extractor_version: "9.9.9".into(), ..current };
        let r = reextract(store, &newer, 1, &mut quiet()).expect("reextract");
        assert_eq!(r.documents, 2);
        assert_ne!(r.run_id, s.run_id);
        assert!(store.generation().expect("generation") > generation);
        let now = store.events(&EventQuery::default()).expect("events");
        assert_eq!(now.len(), first.len());
        assert!(now.iter().all(|e| e.run_id == r.run_id));
        let doc = store.document(first[0].document_id).expect("document").expect("exists");
        assert_eq!(doc.revisions[0].runs.len(), 2, "the first run's entries are kept");
        assert_eq!(doc.revisions[0].runs[0].2, doc.revisions[0].runs[1].2);
        let hash = sitrep_store::ContentHash::of(
            "Two soldiers were killed in Nad Ali district of Helmand province on Monday.".as_bytes(),
        );
        assert_eq!(store.document_of_hash(&hash).expect("by hash"), Some(first[0].document_id));
        assert_eq!(store.entry_document(first[0].entry_id).expect("entry document"), Some(first[0].document_id));
        assert_eq!(store.count_events(&EventQuery::default()).expect("count"), now.len() as i64);
    });
}

#[test]
fn a_changed_text_under_a_known_url_is_a_new_revision() {
    on_both("revisions", |store| {
        let with_url = |text: &str| Incoming {
            url: Some("https://example.invalid/a".into()),
            source: Some("Example".into()),
            ..Incoming::text("a.txt", text)
        };
        let one = "Two soldiers were killed in Nad Ali district of Helmand province on Monday.";
        let two = "Four soldiers were killed in Nad Ali district of Helmand province on Monday.";
        ingest(store, [with_url(one)], &IngestConfig::default(), &mut quiet()).expect("ingest");
        let s = ingest(store, [with_url(two), with_url(one)], &IngestConfig::default(), &mut quiet()).expect("ingest");
        assert_eq!((s.documents_added, s.revisions_added, s.duplicates), (0, 1, 1));
        let docs = store.documents(&DocumentQuery::default()).expect("documents");
        assert_eq!(docs.len(), 1);
        assert_eq!((docs[0].revisions, docs[0].source.as_deref()), (2, Some("Example")));
        let by_source = DocumentQuery { source: Some("Other".into()), ..DocumentQuery::default() };
        assert!(store.documents(&by_source).expect("documents").is_empty());
        let detail = store.document(docs[0].id).expect("document").expect("exists");
        assert_eq!(detail.text, two);
        assert_eq!(detail.revisions.iter().map(|r| r.number).collect::<Vec<_>>(), [1, 2]);
        let events = store.events(&EventQuery::default()).expect("events");
        assert!(!events.is_empty());
        assert!(events.iter().all(|e| e.revision_id == detail.revisions[1].id), "only the latest text is current");
        assert!(events.iter().any(|e| e.entry.killed.as_ref().and_then(|k| k.best) == Some(4)));
        // Two texts of a new URL in one batch: the second is its second revision, and alone current.
        let at_b =
            |text: &str| Incoming { url: Some("https://example.invalid/b".into()), ..Incoming::text("b.txt", text) };
        let first = "Three policemen were wounded in a blast in Kandahar city, officials said.";
        let second = "Five policemen were wounded in a blast in Kandahar city, officials said.";
        let s = ingest(store, [at_b(first), at_b(second)], &IngestConfig::default(), &mut quiet()).expect("ingest");
        assert_eq!((s.documents_added, s.revisions_added), (1, 2));
        let b = store
            .documents(&DocumentQuery::default())
            .expect("documents")
            .into_iter()
            .find(|d| d.url.as_deref() == Some("https://example.invalid/b"))
            .expect("b");
        let detail = store.document(b.id).expect("document").expect("exists");
        assert_eq!(detail.revisions.len(), 2);
        let current = store.events(&EventQuery { document_id: Some(b.id), ..EventQuery::default() }).expect("events");
        assert!(!current.is_empty());
        assert!(current.iter().all(|e| e.revision_id == detail.revisions[1].id), "only the second text is current");
    });
}

/// An entry as both backends must return it: everything but the time it was extracted.
fn comparable(e: &StoredEntry) -> String {
    let mut e = e.clone();
    e.extracted_at = 0;
    format!("{e:?}")
}

fn comparable_incidents(incidents: &[StoredIncident]) -> Vec<(i64, Vec<i64>, String)> {
    incidents
        .iter()
        .map(|i| (i.id, i.entries.iter().map(|e| e.entry_id).collect(), i.disagreements.to_string()))
        .collect()
}

/// What a store holds of the samples, in a form both backends must give alike.
#[derive(Debug, PartialEq)]
struct Holdings {
    events: Vec<String>,
    page: Vec<String>,
    filtered: Vec<String>,
    tallies: Vec<Vec<sitrep_store::Tally>>,
    incidents: Vec<(i64, Vec<i64>, String)>,
    incident_tallies: Vec<Vec<sitrep_store::IncidentTally>>,
    links: Vec<(i64, i64, String, Option<String>)>,
}

fn holdings(store: &mut Store) -> Holdings {
    let events: Vec<String> = store.events(&EventQuery::default()).expect("events").iter().map(comparable).collect();
    let first = store.events(&EventQuery { limit: Some(3), ..EventQuery::default() }).expect("page");
    let after = first.last().map(sitrep_store::EventKey::of);
    let page = store
        .events(&EventQuery { limit: Some(3), after, ..EventQuery::default() })
        .expect("next page")
        .iter()
        .map(comparable)
        .collect();
    let filter = EventQuery { province: Some("ghazni".into()), kind: Some("event".into()), ..EventQuery::default() };
    let filtered = store.events(&filter).expect("filtered").iter().map(comparable).collect();
    let tallies = [TallyBy::Claimant, TallyBy::Province, TallyBy::Perpetrator]
        .into_iter()
        .map(|by| store.tally(by).expect("tally"))
        .collect();
    let incidents = store.incidents(None).expect("incidents");
    let mut links = Vec::new();
    for i in &incidents {
        for l in store.incident_links(i.id).expect("links") {
            links.push((l.a, l.b, l.kind, l.reason));
        }
    }
    let incident_tallies = TallyDimension::ALL
        .into_iter()
        .flat_map(|by| [Basis::Claimed, Basis::Corroborated].map(|basis| (by, basis)))
        .map(|(by, basis)| {
            let q = TallyQuery { by, basis, since: None, until: None, province: None };
            store.tally_incidents(&q).expect("tally incidents")
        })
        .collect();
    Holdings { events, page, filtered, tallies, incidents: comparable_incidents(&incidents), incident_tallies, links }
}

#[test]
fn both_backends_hold_the_same_entries_incidents_and_tallies() {
    let mut sqlite = SqliteStore::open_in_memory().expect("open");
    ingest(&mut sqlite, samples(), &IngestConfig::default(), &mut quiet()).expect("ingest");
    let expected = holdings(&mut sqlite);
    assert!(expected.incidents.iter().any(|(_, entries, _)| entries.len() > 1), "some incident has two sources");
    assert!(!expected.filtered.is_empty());
    let Some((mut pg, _db)) = pg_store("same_holdings") else { return };
    ingest(&mut pg, samples(), &IngestConfig::default(), &mut quiet()).expect("ingest");
    let got = holdings(&mut pg);
    assert_eq!(got.events.len(), expected.events.len());
    for (g, e) in got.events.iter().zip(&expected.events) {
        assert_eq!(g, e, "an entry round-trips as SQLite returns it");
    }
    assert_eq!(got, expected);
}

/// Tallies of entries and incidents equal a recount of what the store lists.
#[test]
fn tallies_equal_a_recount() {
    on_both("tallies_equal_a_recount", |store| {
        ingest(store, samples(), &IngestConfig::default(), &mut quiet()).expect("ingest");
        let events: Vec<StoredEntry> =
            store.events(&EventQuery { kind: Some("event".into()), ..EventQuery::default() }).expect("events");
        let mut recount: BTreeMap<Option<String>, (i64, i64, i64)> = BTreeMap::new();
        for e in &events {
            let figure =
                |c: &Option<sitrep_extract::Count>| c.as_ref().and_then(|c| c.best.or(c.low)).map_or(0, i64::from);
            let row = recount.entry(e.entry.location.province.clone()).or_default();
            row.0 += 1;
            row.1 += figure(&e.entry.killed);
            row.2 += figure(&e.entry.wounded);
        }
        let tally: BTreeMap<Option<String>, (i64, i64, i64)> = store
            .tally(TallyBy::Province)
            .expect("tally")
            .into_iter()
            .map(|t| (t.key, (t.entries, t.killed, t.wounded)))
            .collect();
        assert_eq!(tally, recount);
        let incidents = store.incidents(None).expect("incidents");
        let q = TallyQuery {
            by: TallyDimension::Province,
            basis: Basis::Claimed,
            since: None,
            until: None,
            province: None,
        };
        let counted: i64 = store.tally_incidents(&q).expect("tally").iter().map(|t| t.incidents).sum();
        assert_eq!(counted, incidents.len() as i64);
        let members: usize = incidents.iter().map(|i| i.entries.len()).sum();
        assert_eq!(members, events.len(), "every event entry is in one incident");
    });
}

#[test]
fn split_and_merge_decisions_are_kept_after_relink_and_reextraction() {
    on_both("decisions", |store| {
        ingest(store, short_reports(), &IngestConfig::default(), &mut quiet()).expect("ingest");
        let incidents = store.incidents(None).expect("incidents");
        let joint = incidents.iter().find(|i| i.entries.len() == 2).expect("the two Ghazni reports are one incident");
        let (a, b) = (joint.entries[0].entry_id, joint.entries[1].entry_id);
        assert!(store.split(b).expect("split"));
        assert_ne!(store.incident_of(a).expect("of a"), store.incident_of(b).expect("of b"));
        store.relink(&sitrep_reconcile::Config::default()).expect("relink");
        assert_ne!(store.incident_of(a).expect("of a"), store.incident_of(b).expect("of b"), "the split is kept");
        assert!(!store.link_state().expect("state").stale);

        let other = incidents.iter().find(|i| i.entries.iter().all(|e| e.entry_id != a)).expect("another incident");
        let c = other.entries[0].entry_id;
        assert!(store.merge(a, c).expect("merge"));
        assert!(!store.merge(a, 1_000_000).expect("merge unknown"), "an unknown incident is no merge");
        assert_eq!(store.incident_of(a).expect("of a"), store.incident_of(c).expect("of c"));

        // A newer extractor: new entries, and both decisions applied to them.
        let newer = RunInfo { extractor_version: "9.9.9".into(), ..RunInfo::current() };
        reextract(store, &newer, 100, &mut quiet()).expect("reextract");
        let events = store.events(&EventQuery { kind: Some("event".into()), ..EventQuery::default() }).expect("events");
        let by_document: BTreeMap<i64, i64> = events.iter().map(|e| (e.document_id, e.entry_id)).collect();
        let old: Vec<&StoredEntry> = joint.entries.iter().chain(&other.entries).collect();
        let now = |id: i64| {
            let document = old.iter().find(|e| e.entry_id == id).expect("an old entry").document_id;
            by_document[&document]
        };
        let (a2, b2, c2) = (now(a), now(b), now(c));
        assert!(a2 != a);
        let incident = |store: &mut Store, id| store.incident_of(id).expect("incident");
        assert_ne!(incident(store, a2), incident(store, b2), "the split survives re-extraction");
        assert_eq!(incident(store, a2), incident(store, c2), "the merge survives re-extraction");
    });
}

/// Three writers ingest overlapping sets at once (two of them the same documents in the same order, so that
/// their batches meet on the same rows): every document is stored once, and none sees an error.
#[test]
fn concurrent_writers_on_postgres_store_each_document_once() {
    let Some(db) = pg_db("concurrent_writers") else { return };
    let url = db.url.clone();
    let start = Arc::new(Barrier::new(3));
    let writers: Vec<_> = [(0, 60), (30, 90), (30, 90)]
        .into_iter()
        .map(|(from, to)| {
            let (url, start, docs) = (url.clone(), start.clone(), fixtures::reports("", from..to));
            std::thread::spawn(move || {
                start.wait();
                // Both open a database without a schema yet: migrating is a write too.
                let mut store = PgStore::open(&url).map_err(|e| format!("open: {e}"))?;
                let config = IngestConfig { batch: 4, ..IngestConfig::default() };
                ingest(&mut store, docs, &config, &mut |_| {}).map_err(|e| format!("ingest {from}..{to}: {e}"))
            })
        })
        .collect();
    let mut added = 0;
    for w in writers {
        let summary = w.join().expect("writer thread").expect("the writer succeeds");
        assert_eq!(summary.revisions_added + summary.duplicates, 60);
        added += summary.revisions_added;
    }
    assert_eq!(added, 90, "each document stored by one writer");
    let mut store = PgStore::open(&url).expect("open");
    let docs = store.documents(&DocumentQuery::default()).expect("documents");
    assert_eq!(docs.len(), 90);
    let origins: BTreeSet<String> = docs.iter().map(|d| d.origin.clone()).collect();
    assert_eq!(origins.len(), 90);
    let events = store.events(&EventQuery::default()).expect("events");
    let tally: i64 = store.tally(TallyBy::Province).expect("tally").iter().map(|t| t.entries).sum();
    assert_eq!(tally, events.iter().filter(|e| e.entry.kind == sitrep_extract::Kind::Event).count() as i64);
    store.ensure_linked().expect("link");
    let members: usize = store.incidents(None).expect("incidents").iter().map(|i| i.entries.len()).sum();
    assert_eq!(members as i64, tally);
}

/// Generated bulletins and reports (`bulletins`), stored in batches and linked after each: SQLite links what
/// each batch adds (incrementally), PostgreSQL all again; the incidents, their ids and the tallies are the same.
#[test]
fn generated_bulletins_link_alike_on_both_backends() {
    let Some((mut pg, _db)) = pg_store("generated_bulletins") else { return };
    let generated = bulletins::generate(1_500, 11);
    let mut sqlite = SqliteStore::open_in_memory().expect("open");
    let mut linked = Vec::new();
    for store in [&mut sqlite as &mut Store, &mut pg] {
        let run = store.run(&RunInfo::current()).expect("run");
        let ingest = store.begin_ingest().expect("ingest");
        for batch in generated.documents.chunks(150) {
            store.store_batch(run, ingest, batch, &[]).expect("stored");
            store.ensure_linked().expect("linked");
        }
        let incidents = comparable_incidents(&store.linked_incidents(None).expect("incidents"));
        let tallies: Vec<Vec<sitrep_store::IncidentTally>> = TallyDimension::ALL
            .into_iter()
            .map(|by| {
                let q = TallyQuery { by, basis: Basis::Corroborated, since: None, until: None, province: None };
                store.tally_incidents(&q).expect("tally")
            })
            .collect();
        linked.push((incidents, tallies));
    }
    assert!(linked[0].0.len() > 100, "{} incidents", linked[0].0.len());
    assert!(linked[1] == linked[0], "PostgreSQL's incidents differ from SQLite's");
}

fn fetch(item: &str, hash: u8, at: i64, status: FetchStatus, error: Option<&str>, etag: Option<&str>) -> FetchRecord {
    FetchRecord {
        item: item.into(),
        hash: [hash; 32],
        at,
        status,
        http_status: Some(if error.is_some() { 500 } else { 200 }),
        bytes: error.is_none().then_some(1000),
        error: error.map(str::to_string),
        validators: Validators { etag: etag.map(str::to_string), last_modified: None },
    }
}

fn poll(at: i64, status: PollStatus, stored: u64, error: Option<&str>, etag: Option<&str>) -> PollRecord {
    PollRecord {
        started_at: at,
        finished_at: at,
        status,
        items: 2,
        fetched: 2,
        stored,
        error: error.map(str::to_string),
        validators: Validators { etag: etag.map(str::to_string), last_modified: Some("Mon, 07 Dec 2026".into()) },
    }
}

#[test]
fn the_watchers_record_of_sources_polls_and_items_is_kept_alike() {
    on_both("watchers_record", |store| {
        let url = "http://127.0.0.1:9/feed.xml";
        let feed = store.watch_source(url, "feed").expect("source");
        assert_eq!(feed.validators, Validators::default());
        assert_eq!(store.watch_source(url, "feed").expect("again").id, feed.id, "one row per location");
        let items = vec!["http://127.0.0.1:9/a".to_string(), "http://127.0.0.1:9/b".to_string()];
        assert_eq!(store.seen_items(feed.id, &items).expect("seen"), vec![None, None]);

        store
            .record_fetches(
                feed.id,
                &[
                    fetch(&items[0], 1, 100, FetchStatus::Fetched, None, Some("\"a1\"")),
                    fetch(&items[1], 2, 100, FetchStatus::Failed, Some("HTTP 500"), None),
                ],
            )
            .expect("record");
        let seen = store.seen_items(feed.id, &items).expect("seen");
        let etag = |e: &str| Validators { etag: Some(e.into()), last_modified: None };
        assert_eq!(seen[0], Some(SeenItem { hash: [1; 32], validators: etag("\"a1\""), failures: 0 }));
        assert_eq!(seen[1].as_ref().map(|s| (s.hash, s.failures)), Some(([2; 32], 1)));

        // The same version failing again counts; a new version starts again at one; a failure keeps the
        // validators of the last page read, a fetch or a 304 hands the item on.
        store
            .record_fetches(feed.id, &[fetch(&items[1], 2, 110, FetchStatus::Failed, Some("timed out"), None)])
            .expect("record");
        assert_eq!(store.seen_items(feed.id, &items[1..]).expect("seen")[0].as_ref().map(|s| s.failures), Some(2));
        store
            .record_fetches(feed.id, &[fetch(&items[1], 3, 120, FetchStatus::Failed, Some("reset"), None)])
            .expect("record");
        assert_eq!(
            store.seen_items(feed.id, &items[1..]).expect("seen")[0].as_ref().map(|s| (s.hash, s.failures)),
            Some(([3; 32], 1))
        );
        store
            .record_fetches(feed.id, &[fetch(&items[0], 4, 130, FetchStatus::Failed, Some("HTTP 503"), None)])
            .expect("record");
        assert_eq!(
            store.seen_items(feed.id, &items[..1]).expect("seen")[0].as_ref().map(|s| s.validators.clone()),
            Some(etag("\"a1\""))
        );
        store
            .record_fetches(feed.id, &[fetch(&items[0], 4, 140, FetchStatus::Unchanged, None, Some("\"a1\""))])
            .expect("record");
        assert_eq!(store.seen_items(feed.id, &items[..1]).expect("seen")[0].as_ref().map(|s| s.failures), Some(0));

        // A poll keeps its validators; a failed one leaves the last ones.
        store.record_poll(feed.id, &poll(150, PollStatus::Polled, 3, None, Some("\"f1\""))).expect("poll");
        store
            .record_poll(feed.id, &poll(160, PollStatus::Failed, 0, Some("HTTP 500 Internal Server Error"), None))
            .expect("poll");
        let validators = store.watch_source(url, "feed").expect("source").validators;
        assert_eq!(validators.etag.as_deref(), Some("\"f1\""));

        let folder = store.watch_source("/srv/statements", "folder").expect("folder");
        assert_ne!(folder.id, feed.id);
        let reports = store.source_reports().expect("reports");
        assert_eq!(
            reports,
            vec![
                SourceReport {
                    location: "/srv/statements".into(),
                    kind: "folder".into(),
                    polls: 0,
                    last_success: None,
                    last_error: None,
                    items: 0,
                    stored: 0,
                    failed_fetches: 0,
                },
                SourceReport {
                    location: url.into(),
                    kind: "feed".into(),
                    polls: 2,
                    last_success: Some(150),
                    last_error: Some((160, "HTTP 500 Internal Server Error".into())),
                    items: 2,
                    stored: 3,
                    failed_fetches: 4,
                },
            ]
        );
    });
}
