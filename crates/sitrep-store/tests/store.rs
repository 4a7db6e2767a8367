//! The store through its library calls: idempotent ingest, re-extraction by a newer extractor as a new run.

use sitrep_store::{ingest, reextract, EventQuery, Incoming, IngestConfig, RunInfo, SqliteStore, Storage};

fn documents() -> Vec<Incoming> {
    vec![
        Incoming::text("a.txt", "Two soldiers were killed in Nad Ali district of Helmand province on Monday."),
        Incoming::text("b.txt", "Three policemen were wounded in a blast in Kandahar city, officials said."),
        Incoming::text("c.txt", "Two soldiers were killed in Nad Ali district of Helmand province on Monday."),
        Incoming::failed("d.txt", None, "not valid UTF-8 at byte offset 3"),
    ]
}

#[test]
fn ingest_is_idempotent_and_reextraction_keeps_history() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    assert_eq!(store.schema_version().expect("version"), 5);
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
