//! Several writers on one database file (two ingests, an ingest beside a server): each waits its turn and
//! both succeed, nothing lost.

use std::path::Path;
use std::sync::{Arc, Barrier};

use sitrep_store::{ingest, Incoming, IngestConfig, SqliteStore};

// Each test file uses some of the fixtures.
#[allow(dead_code)]
mod fixtures;

/// `n` distinct short reports, told by `who`.
fn reports(who: &str, n: usize) -> Vec<Incoming> {
    fixtures::reports(&format!("{who}-"), 0..n)
}

fn count(db: &Path, sql: &str) -> i64 {
    let store = SqliteStore::open(db).expect("open");
    store.connection().query_row(sql, [], |r| r.get(0)).expect("count")
}

#[test]
fn two_writers_on_one_file_both_succeed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    // Both open a database that does not exist yet: creating and migrating it is a write too.
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["north", "south"]
        .into_iter()
        .map(|who| {
            let (db, start) = (db.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                let mut store = SqliteStore::open(&db).map_err(|e| format!("{who}: open: {e}"))?;
                // Small batches: many transactions, interleaved with the other writer's.
                let config = IngestConfig { batch: 5, ..IngestConfig::default() };
                ingest(&mut store, reports(who, 120), &config, &mut |_| {}).map_err(|e| format!("{who}: {e}"))
            })
        })
        .collect();
    for w in writers {
        let summary = w.join().expect("writer thread").expect("the writer succeeds");
        assert_eq!((summary.revisions_added, summary.failed), (120, 0));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), 240);
    assert_eq!(count(&db, "SELECT count(DISTINCT extraction_id) FROM entries"), 240);
    assert_eq!(count(&db, "SELECT count(*) FROM ingests WHERE finished_at IS NOT NULL"), 2);
}
