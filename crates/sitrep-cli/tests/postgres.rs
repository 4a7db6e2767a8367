//! `--db postgres://…` (issue 16): the same commands on a PostgreSQL server print what they print on a SQLite
//! file. The server is the one `SITREP_TEST_PG` names (`tests/pg/server.sh start`); without it the test says
//! so and is skipped. Each run makes a database of its own with `psql`, dropped at the end.

use std::path::Path;
use std::process::{Command, Output};

fn sitrep(db: &str, args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).arg("--db").arg(db).output().expect("sitrep runs");
    assert!(o.status.success(), "sitrep {args:?} --db {db}: {}\n{}", o.status, String::from_utf8_lossy(&o.stderr));
    o
}

fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql").arg(url).arg("-qc").arg(sql).output().is_ok_and(|o| o.status.success())
}

/// A database of its own on the test server, dropped at the end.
struct TempDb {
    admin: String,
    name: String,
}

impl Drop for TempDb {
    fn drop(&mut self) {
        psql(&self.admin, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

/// A new database on the test server and its URL, or `None` (said) without one.
fn pg_db(test: &str) -> Option<(TempDb, String)> {
    let Ok(admin) = std::env::var("SITREP_TEST_PG") else {
        eprintln!("{test}: skipped: SITREP_TEST_PG not set (tests/pg/server.sh start)");
        return None;
    };
    let name = format!("sitrep_cli{}_{test}", std::process::id());
    let db = TempDb { admin: admin.clone(), name: name.clone() };
    psql(&db.admin, &format!("DROP DATABASE IF EXISTS {name}"));
    assert!(psql(&db.admin, &format!("CREATE DATABASE {name}")), "psql creates a database on SITREP_TEST_PG");
    let (server, _) = admin.rsplit_once('/').expect("SITREP_TEST_PG ends with /database");
    Some((db, format!("{server}/{name}")))
}

/// The listings a user reads, each the same on both backends.
const LISTINGS: &[&[&str]] = &[
    &["events", "--format", "jsonl"],
    &["events", "--province", "kunduz"],
    &["documents"],
    &["tally", "--by", "province"],
    &["tally", "--by", "claimant", "--basis", "corroborated"],
    &["incidents", "--format", "jsonl"],
    &["report"],
];

fn same_listings(label: &str, sqlite: &str, pg: &str) {
    for args in LISTINGS {
        let a = sitrep(sqlite, args);
        let b = sitrep(pg, args);
        assert!(!a.stdout.is_empty(), "{label}: sitrep {args:?} prints something");
        assert_eq!(String::from_utf8_lossy(&b.stdout), String::from_utf8_lossy(&a.stdout), "{label}: sitrep {args:?}");
    }
}

fn samples() -> String {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    samples.to_str().expect("a UTF-8 path").to_string()
}

#[test]
fn the_commands_print_the_same_on_postgres_as_on_sqlite() {
    let Some((_db, pg)) = pg_db("same") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.db");
    let sqlite = file.to_str().expect("a UTF-8 temp path");
    let samples = samples();

    // A reading command on a database without a store says so, and makes none.
    let missing = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["events", "--db", &pg]).output().expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database at"), "{missing:?}");

    for db in [sqlite, pg.as_str()] {
        sitrep(db, &["ingest", &samples, "--published", "2019-08-08"]);
        // Twice: nothing new the second time.
        let again = sitrep(db, &["ingest", &samples]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("0 stored"), "{again:?}");
    }
    let same = |label: &str| same_listings(label, sqlite, &pg);
    same("after ingest");
    let before = sitrep(sqlite, &["incidents", "--format", "jsonl"]).stdout;
    // An editor's decisions, then the same listings.
    for db in [sqlite, pg.as_str()] {
        sitrep(db, &["incidents", "split", "7"]);
        sitrep(db, &["incidents", "merge", "1", "2"]);
    }
    assert_ne!(sitrep(sqlite, &["incidents", "--format", "jsonl"]).stdout, before, "the decisions change incidents");
    same("after split and merge");
    for db in [sqlite, pg.as_str()] {
        sitrep(db, &["relink"]);
    }
    same("after relink");
}

#[test]
fn migrate_copies_a_sqlite_store_whole() {
    let Some((_db, pg)) = pg_db("migrate") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.db");
    let sqlite = file.to_str().expect("a UTF-8 temp path");
    sitrep(sqlite, &["ingest", &samples(), "--published", "2019-08-08"]);
    sitrep(sqlite, &["incidents", "split", "7"]);
    sitrep(sqlite, &["incidents", "merge", "1", "2"]);
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("sitrep runs");
    let copied = run(&["migrate", "--from", sqlite, "--to", &pg]);
    let said = String::from_utf8_lossy(&copied.stderr);
    assert!(copied.status.success(), "{said}");
    assert!(
        said.contains("copied 3 documents, 3 revisions, 1 extraction runs") && said.contains("2 decisions"),
        "{said}"
    );
    same_listings("after migrate", sqlite, &pg);
    // Both go on alike: the server's ids continue after the copied ones.
    let more = dir.path().join("more.txt");
    std::fs::write(&more, "A roadside bomb wounded four civilians in Kunduz province on Tuesday, a spokesman said.")
        .expect("write");
    for db in [sqlite, pg.as_str()] {
        sitrep(db, &["ingest", more.to_str().expect("a UTF-8 path")]);
    }
    same_listings("after an ingest on both", sqlite, &pg);
    // Never into a store that holds one.
    let again = run(&["migrate", "--from", sqlite, "--to", &pg]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("holds a store already"), "{again:?}");
}

#[test]
fn migrate_keeps_the_watchers_record_so_a_watcher_on_the_server_fetches_nothing_again() {
    let Some((_db, pg)) = pg_db("migrate_watch") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.db");
    let sqlite = file.to_str().expect("a UTF-8 temp path");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples/report_en.txt");
    std::fs::copy(sample, inbox.join("report_en.txt")).expect("copy");
    let inbox = inbox.to_str().expect("a UTF-8 path");
    sitrep(sqlite, &["watch", inbox, "--once"]);
    let run = |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_sitrep")).args(args).output().expect("sitrep runs");
    let copied = run(&["migrate", "--from", sqlite, "--to", &pg]);
    assert!(copied.status.success(), "{}", String::from_utf8_lossy(&copied.stderr));
    let sources =
        |db: &str| String::from_utf8_lossy(&sitrep(db, &["sources", "--format", "jsonl"]).stdout).into_owned();
    assert!(sources(sqlite).contains("\"stored\":1"), "{}", sources(sqlite));
    assert_eq!(sources(&pg), sources(sqlite));
    let again = sitrep(&pg, &["watch", inbox, "--once"]);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(said.contains("1 items, 0 new or changed, 0 stored"), "{said}");
}
