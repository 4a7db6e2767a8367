//! A tally over 1,000,000 incidents, built through the store API, counts every incident once; the time each
//! tally took is printed (`cargo bench -p sitrep-store` measures it).

use std::time::Instant;

use sitrep_gazetteer::Gazetteer;
use sitrep_reconcile::{Basis, Figure, IncidentFacts};
use sitrep_store::{SqliteStore, Storage, TallyDimension, TallyQuery};

const ACTORS: [&str; 6] = [
    "Taliban",
    "Ministry of Defence",
    "Afghanistan Freedom Front",
    "National Resistance Front",
    "Islamic State Khorasan",
    "Government of Afghanistan",
];

#[test]
fn tally_of_a_million_incidents() {
    let n = 1_000_000i64;
    let provinces = Gazetteer::embedded().province_names();
    let facts: Vec<(Basis, IncidentFacts)> = (0..n)
        .map(|i| {
            let k = (i % 40) as u32;
            (
                Basis::Claimed,
                IncidentFacts {
                    incident: i + 1,
                    claimant: Some(ACTORS[(i % 6) as usize].into()),
                    perpetrator: Some(ACTORS[(i / 6 % 6) as usize].into()),
                    target: Some(ACTORS[(i / 36 % 6) as usize].into()),
                    province: Some(provinces[i as usize % provinces.len()].into()),
                    district: Some(format!("district {}", i % 400)),
                    // Three years of days.
                    day: Some(18_000 + (i * 7) % 1095),
                    killed: Some(Figure { low: Some(k), best: Some(k), high: Some(k + 1) }),
                    wounded: (i % 3 == 0).then_some(Figure { low: Some(1), best: None, high: None }),
                    captured: None,
                },
            )
        })
        .collect();
    let mut store = SqliteStore::open_in_memory().expect("store");
    store.store_incident_facts(&facts).expect("stored");
    let mut times = Vec::new();
    for by in [TallyDimension::Claimant, TallyDimension::Province, TallyDimension::Month] {
        let started = Instant::now();
        let rows = store
            .tally_incidents(&TallyQuery { by, basis: Basis::Claimed, since: None, until: None, province: None })
            .expect("tally");
        let elapsed = started.elapsed();
        assert_eq!(rows.iter().map(|r| r.incidents).sum::<i64>(), n);
        let killed: i64 = (0..n).map(|i| i % 40).sum();
        assert_eq!(rows.iter().map(|r| r.killed.best).sum::<i64>(), killed);
        if by == TallyDimension::Province {
            assert!(rows.iter().all(|r| r.provinces == 1));
        }
        if by == TallyDimension::Claimant {
            assert!(rows.iter().all(|r| r.provinces == 17), "{rows:?}");
        }
        times.push((by.as_str(), elapsed));
    }
    let started = Instant::now();
    let rows = store
        .tally_incidents(&TallyQuery {
            by: TallyDimension::Province,
            basis: Basis::Claimed,
            since: Some("2019-04-01".into()),
            until: Some("2019-06-30".into()),
            province: None,
        })
        .expect("tally");
    times.push(("province, one quarter", started.elapsed()));
    assert!(rows.iter().map(|r| r.incidents).sum::<i64>() < n / 4);
    // Speed is measured by the store's benchmark, not asserted here: this prints what one run took.
    eprintln!("tally of {n} incidents: {times:?}");
}
