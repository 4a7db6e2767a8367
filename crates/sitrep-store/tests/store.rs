//! The store through its library calls: idempotent ingest, re-extraction by a newer extractor as a new run.

use sitrep_store::{
    ingest, link_entry, looks_undecoded, reextract, CsvExport, DateBasis, DateFallback, EventQuery, Incoming,
    IngestConfig, RunInfo, SqliteStore, Storage,
};

// Each test file uses some of the fixtures.
#[allow(dead_code)]
mod fixtures;

use fixtures::documents;

#[test]
fn ingest_is_idempotent_and_reextraction_keeps_history() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    assert_eq!(store.schema_version().expect("version"), 8);
    let s = ingest(&mut store, documents(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
    assert_eq!((s.documents, s.revisions_added, s.duplicates, s.failed), (4, 2, 1, 1));
    let failures = store.ingest_failures(None).expect("failures");
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].origin, "d.txt");
    let first = store.events(&EventQuery::default()).expect("events");
    assert!(!first.is_empty());

    let again = ingest(&mut store, documents(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
    assert_eq!((again.revisions_added, again.duplicates), (0, 3));

    // The same extractor has nothing left to do; a newer one reads every document as a new run.
    let current = RunInfo::current();
    let none = reextract(&mut store, &current, 100, &mut |_| {}).expect("reextract");
    assert_eq!(none.documents, 0);
    let newer = RunInfo { extractor_version: "9.9.9".into(), ..current };
    let r = reextract(&mut store, &newer, 100, &mut |_| {}).expect("reextract");
    assert_eq!(r.documents, 2);
    assert_ne!(r.run_id, s.run_id);
    let now = store.events(&EventQuery::default()).expect("events");
    assert_eq!(now.len(), first.len());
    assert!(now.iter().all(|e| e.run_id == r.run_id));
    let conn = store.connection();
    let all: i64 = conn.query_row("SELECT count(*) FROM entries", [], |r| r.get(0)).expect("count");
    assert_eq!(all as usize, 2 * first.len(), "the first run's entries are kept");
    let doc = store.document(first[0].document_id).expect("document").expect("exists");
    assert_eq!(doc.revisions[0].runs.len(), 2);
}

#[test]
fn a_text_that_looks_wrongly_decoded_and_gives_no_entries_is_a_warning() {
    let arabic = "أفاد مصدر محلي بأن اشتباكات عنيفة دارت بين مسلحين وقوات الأمن قرب مركز الولاية مساء أمس.";
    // The same bytes read with the wrong code page: UTF-8 as Windows-1256, Windows-1256 as Windows-1252.
    let utf8_as_1256 = encoding_rs::WINDOWS_1256.decode_without_bom_handling(arabic.as_bytes()).0.into_owned();
    let (cp1256, _, _) = encoding_rs::WINDOWS_1256.encode(arabic);
    let cp1256_as_1252 = encoding_rs::WINDOWS_1252.decode_without_bom_handling(&cp1256).0.into_owned();
    for text in [arabic, "Les habitants du quartier ont organisé une fête de l'été près de l'école."] {
        assert_eq!(looks_undecoded(text), None, "{text}");
    }
    assert!(looks_undecoded(&utf8_as_1256).is_some_and(|why| why.contains("ط or ظ")), "{utf8_as_1256}");
    assert!(looks_undecoded(&cp1256_as_1252).is_some_and(|why| why.contains("Latin-1")), "{cp1256_as_1252}");

    let mut store = SqliteStore::open_in_memory().expect("open");
    let docs = vec![Incoming::text("mojibake.txt", cp1256_as_1252), Incoming::text("fine.txt", arabic)];
    let s = ingest(&mut store, docs, &IngestConfig::default(), &mut |_| {}).expect("ingest");
    assert_eq!(s.revisions_added, 2);
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert_eq!(s.warnings[0].origin, "mojibake.txt");
    assert!(s.warnings[0].message.starts_with("no entries"), "{}", s.warnings[0].message);
}

/// A CSV cell that a spreadsheet would run as a formula (from a document's text or a publisher's name) is
/// written as text, with a leading `'` (OWASP's advice); numbers, negative ones too, stay numbers.
#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_neutralised() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    let doc = Incoming::text("f.txt", "Gunmen shot dead two guards at a checkpoint in Ghazni province on Monday.");
    ingest(&mut store, [doc], &IngestConfig::default(), &mut |_| {}).expect("ingest");
    let mut entry = store.events(&EventQuery::default()).expect("events").remove(0);
    entry.evidence_text = "=HYPERLINK(\"http://example.invalid\",\"open\")".into();
    entry.source = Some("@SUM(1+1)".into());
    entry.entry.claimant = Some("+cmd|' /C calc'!A0".into());
    entry.entry.perpetrator = Some("-2+3".into());
    entry.entry.target = Some("\tTAB".into());
    entry.entry.location.lon = Some(-12.5);
    let mut out = Vec::new();
    let mut csv = CsvExport::new(&mut out).expect("csv");
    csv.write(&entry).expect("row");
    csv.finish().expect("finish");
    let mut reader = csv::Reader::from_reader(&out[..]);
    let header = reader.headers().expect("header").clone();
    let row = reader.records().next().expect("a row").expect("record");
    let cell = |name: &str| row.get(header.iter().position(|h| h == name).expect(name)).expect("cell").to_string();
    assert_eq!(cell("notes"), "'=HYPERLINK(\"http://example.invalid\",\"open\")");
    assert_eq!(cell("evidence"), cell("notes"));
    assert_eq!(cell("source"), "'@SUM(1+1)");
    assert_eq!(cell("claimant"), "'+cmd|' /C calc'!A0");
    assert_eq!(cell("actor1"), "'-2+3");
    assert_eq!(cell("actor2"), "'\tTAB");
    assert_eq!(cell("longitude"), "-12.5");
    for (name, value) in header.iter().zip(row.iter()) {
        assert!(
            !value.starts_with(['=', '+', '-', '@', '\t', '\r']) || value.parse::<f64>().is_ok(),
            "{name}: {value}"
        );
    }
}

/// An undated document (no publication date, no date in its text) dates its events by the day known from
/// outside it, as the week ending that day, and each such entry says so; re-extraction keeps it; a
/// publication date, when given, is used instead.
#[test]
fn an_undated_document_falls_back_on_its_file_date_and_says_so() {
    let text = "Unknown gunmen killed a shopkeeper and his son in Pul-e Khumri, Baghlan province.";
    let day: sitrep_extract::Date = "2024-05-08".parse().expect("day");
    let fallback = DateFallback { day, basis: DateBasis::FileDate };
    let mut undated = Incoming::text("undated.txt", text);
    undated.date_fallback = Some(fallback);
    let mut published = Incoming::text("published.txt", format!("{text} Police said."));
    published.date_fallback = Some(fallback);
    published.published = Some("2024-05-06".into());
    let mut store = SqliteStore::open_in_memory().expect("open");
    ingest(&mut store, [undated, published], &IngestConfig::default(), &mut |_| {}).expect("ingest");
    let check = |store: &mut SqliteStore| {
        let entries = store.events(&EventQuery::default()).expect("events");
        let of = |doc: &str| entries.iter().find(|e| e.document == doc).expect(doc).clone();
        let u = of("undated.txt");
        let date = u.entry.date.expect("a date");
        assert_eq!((date.start.to_string(), date.end.to_string()), ("2024-05-02".into(), "2024-05-08".into()));
        assert_eq!(date.precision, sitrep_extract::Precision::Week);
        assert_eq!(u.date_basis.as_deref(), Some("file date"));
        // Linking does not take a day known from outside the text for the incident's date.
        assert_eq!(link_entry(&u).date, None);
        let p = of("published.txt");
        assert_eq!(p.entry.date.map(|d| d.start.to_string()).as_deref(), Some("2024-05-06"));
        assert_eq!(p.date_basis, None);
    };
    check(&mut store);
    let newer = RunInfo { extractor_version: "9.9.9".into(), ..RunInfo::current() };
    assert_eq!(reextract(&mut store, &newer, 10, &mut |_| {}).expect("reextract").documents, 2);
    check(&mut store);
}

#[test]
fn a_tally_keeps_an_unknown_high_figure_unknown() {
    use sitrep_reconcile::{Figure, IncidentFacts};
    use sitrep_store::{Basis, FigureSum, TallyDimension, TallyQuery};
    let incident = |id: i64, province: &str, killed: Figure| {
        let facts = IncidentFacts {
            incident: id,
            claimant: Some("Taliban".into()),
            perpetrator: Some("Taliban".into()),
            target: None,
            province: Some(province.into()),
            district: None,
            day: Some(18_000),
            killed: Some(killed),
            wounded: None,
            captured: None,
        };
        (Basis::Claimed, facts)
    };
    let exact = Figure { low: Some(3), best: Some(3), high: Some(3) };
    let at_least = Figure { low: Some(5), best: Some(5), high: None };
    let mut store = SqliteStore::open_in_memory().expect("open");
    store
        .store_incident_facts(&[
            incident(1, "Helmand", exact),
            incident(2, "Helmand", at_least),
            incident(3, "Kunar", exact),
        ])
        .expect("stored");
    let q =
        TallyQuery { by: TallyDimension::Province, basis: Basis::Claimed, since: None, until: None, province: None };
    let rows = store.tally_incidents(&q).expect("tally");
    let killed = |p: &str| rows.iter().find(|r| r.key.as_deref() == Some(p)).map(|r| r.killed);
    // "At least 5" beside an exact 3: at least 8, at most unknown.
    assert_eq!(killed("Helmand"), Some(FigureSum { low: 8, best: 8, high: None }));
    assert_eq!(killed("Kunar"), Some(FigureSum { low: 3, best: 3, high: Some(3) }));
}

/// A store written by the schema before province-keyed tally buckets (v3) opens, migrates, says it is
/// stale, and after one relink gives the same province tally as a store built new.
#[test]
fn v3_store_migrates_and_relinks_to_province_tallies() {
    use sitrep_store::{Basis, TallyDimension, TallyQuery};
    let dir = std::env::temp_dir().join(format!("sitrep-v3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("old.db");
    let _ = std::fs::remove_file(&path);
    let q = |province: Option<&str>| TallyQuery {
        by: TallyDimension::Claimant,
        basis: Basis::Claimed,
        since: None,
        until: None,
        province: province.map(str::to_string),
    };
    let province = {
        let mut store = SqliteStore::open(&path).expect("open");
        ingest(&mut store, documents(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
        store.ensure_linked().expect("link");
        let by_province = TallyQuery { by: TallyDimension::Province, ..q(None) };
        let rows = store.tally_incidents(&by_province).expect("tally");
        let province = rows.iter().find_map(|t| t.key.clone()).expect("a province");
        // Back to the v3 layout: buckets without a province column (and without v5's date fallbacks, nor v7's
        // index of what linking reads, nor v8's watcher record).
        store
            .connection()
            .execute_batch(
                "DROP INDEX tally_buckets_province; ALTER TABLE tally_buckets DROP COLUMN province; \
                 ALTER TABLE revisions DROP COLUMN date_fallback; \
                 ALTER TABLE revisions DROP COLUMN date_fallback_basis; \
                 ALTER TABLE entries DROP COLUMN date_basis; \
                 ALTER TABLE reconcile_state DROP COLUMN extractions_max; \
                 DROP TABLE link_reach; DROP TABLE link_names; \
                 DROP TABLE watch_items; DROP TABLE watch_fetches; DROP TABLE watch_polls; DROP TABLE watch_sources; \
                 PRAGMA user_version = 3;",
            )
            .expect("downgrade");
        province
    };
    let mut store = SqliteStore::open(&path).expect("reopen");
    assert_eq!(store.schema_version().expect("version"), 8);
    let state = store.link_state().expect("state");
    assert!(state.stale && state.unlinked_entries > 0, "{state:?}");
    store.ensure_linked().expect("relink");
    assert!(!store.link_state().expect("state").stale);
    let migrated = store.tally_incidents(&q(Some(&province))).expect("tally");
    let mut fresh = SqliteStore::open_in_memory().expect("open");
    ingest(&mut fresh, documents(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
    fresh.ensure_linked().expect("link");
    let fresh = fresh.tally_incidents(&q(Some(&province))).expect("tally");
    assert!(!migrated.is_empty());
    assert_eq!(migrated, fresh);
    let _ = std::fs::remove_dir_all(&dir);
}
