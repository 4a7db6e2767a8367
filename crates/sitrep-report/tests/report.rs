//! The newsroom report built from the store: the same tally as the incident buckets, filters by province and
//! actor, and what is linked read without relinking. (How an old store migrates: `sitrep-store/tests/store.rs`.)

use sitrep_report::{Report, ReportQuery};
use sitrep_store::{ingest, Basis, Incoming, IngestConfig, SqliteStore, Storage, TallyDimension, TallyQuery};

/// The bundled samples, each dated in its era as the demo dates them.
const SAMPLES: [(&str, &str, &str); 3] = [
    ("samples/bulletin_ar.txt", "2019-08-20", include_str!("../../../data/samples/bulletin_ar.txt")),
    ("samples/report_en.txt", "2019-08-20", include_str!("../../../data/samples/report_en.txt")),
    ("samples/compilation_en.txt", "2024-08-20", include_str!("../../../data/samples/compilation_en.txt")),
];

fn documents() -> Vec<Incoming> {
    SAMPLES
        .iter()
        .map(|(name, published, text)| {
            let mut i = Incoming::text(*name, *text);
            i.published = Some(published.to_string());
            i
        })
        .collect()
}

/// The report of what the store last linked, as `sitrep report` and `/api/report` build it.
fn linked_report(store: &mut SqliteStore, q: &ReportQuery) -> Result<Report, sitrep_store::Error> {
    Ok(Report::build(&store.linked_incidents(None)?, q))
}

fn store() -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().expect("open");
    ingest(&mut store, documents(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
    store
}

#[test]
fn report_table_is_the_claimant_tally_and_paragraphs_name_claimants() {
    let mut store = store();
    let report = linked_report(&mut store, &ReportQuery::default()).expect("report");
    let tally = store
        .tally_incidents(&TallyQuery {
            by: TallyDimension::Claimant,
            basis: Basis::Claimed,
            since: None,
            until: None,
            province: None,
        })
        .expect("tally");
    assert!(!tally.is_empty());
    assert_eq!(report.rows, tally);
    assert_eq!(report.incidents as i64, tally.iter().map(|t| t.incidents).sum::<i64>());
    let text = report.text();
    assert!(text.starts_with("Claims and reports, the first report to the last\n\n"), "{text}");
    assert!(text.contains("The Taliban claimed four attacks in Kandahar"), "{text}");
    for a in &report.actors {
        assert!(text.contains(&a.text()));
    }
}

#[test]
fn report_filters_by_province_and_actor() {
    let mut store = store();
    let all = linked_report(&mut store, &ReportQuery::default()).expect("report");
    let province =
        all.actors.iter().flat_map(|a| a.provinces.iter()).next().cloned().expect("a claimant with a province");
    let q = ReportQuery { province: Some(province.to_uppercase()), ..ReportQuery::default() };
    let one = linked_report(&mut store, &q).expect("report");
    assert!(one.incidents > 0 && one.incidents <= all.incidents);
    assert!(one.actors.iter().all(|a| a.provinces == vec![province.clone()]), "{:?}", one.actors);
    assert!(one.text().contains(&format!(" in {province}")));
    assert!(one.title().ends_with(&province.to_uppercase()));

    let actor = all.actors[0].actor.clone();
    let by_actor = linked_report(&mut store, &ReportQuery { actor: Some(actor.clone()), ..ReportQuery::default() })
        .expect("report");
    assert!(by_actor.actors.iter().any(|a| a.actor == actor));
    assert!(by_actor.incidents >= all.actors[0].incidents);

    let none = linked_report(&mut store, &ReportQuery { province: Some("Atlantis".into()), ..ReportQuery::default() })
        .expect("r");
    assert_eq!((none.incidents, none.actors.len(), none.rows.len()), (0, 0, 0));
    assert!(none.text().contains("No claimed incidents"));
}

#[test]
fn reading_incidents_never_relinks_and_says_how_stale() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    let config = IngestConfig { relink: false, ..IngestConfig::default() };
    let summary = ingest(&mut store, documents(), &config, &mut |_| {}).expect("ingest");
    let state = store.link_state().expect("state");
    assert!(state.stale);
    assert_eq!(state.unlinked_entries as u64, summary.entries_added);
    // Reads answer from what is linked: nothing yet.
    assert!(linked_report(&mut store, &ReportQuery::default()).expect("report").rows.is_empty());
    let q =
        TallyQuery { by: TallyDimension::Province, basis: Basis::Claimed, since: None, until: None, province: None };
    assert!(store.tally_incidents(&q).expect("tally").is_empty());
    assert!(store.link_state().expect("state").stale, "a read does not relink");

    store.ensure_linked().expect("relink");
    let state = store.link_state().expect("state");
    assert_eq!((state.stale, state.unlinked_entries), (false, 0));
    assert!(!store.tally_incidents(&q).expect("tally").is_empty());
}

/// Built from stored reports: an exact figure is told as the number given, a bound as "at least".
#[test]
fn paragraphs_tell_exact_figures_as_given_and_bounds_as_bounds() {
    let mut store = SqliteStore::open_in_memory().expect("open");
    let texts = [
        "Taliban spokesman Zabihullah Mujahid said their fighters killed two soldiers in an attack on an army \
         checkpoint in Zabul province on Monday.",
        "The Ministry of Interior said at least four policemen were killed when militants attacked a police post \
         in Ghor province on Tuesday.",
    ];
    let docs = texts.iter().enumerate().map(|(i, t)| {
        let mut d = Incoming::text(format!("{i}.txt"), *t);
        d.published = Some("2019-05-08".into());
        d
    });
    ingest(&mut store, docs, &IngestConfig::default(), &mut |_| {}).expect("ingest");
    let text = linked_report(&mut store, &ReportQuery::default()).expect("report").text();
    assert!(text.contains("saying two Afghan National Army were killed"), "{text}");
    assert!(text.contains("saying at least four Afghan National Police were killed"), "{text}");
}
