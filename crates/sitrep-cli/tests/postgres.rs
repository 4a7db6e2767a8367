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

#[test]
fn the_commands_print_the_same_on_postgres_as_on_sqlite() {
    let Ok(admin) = std::env::var("SITREP_TEST_PG") else {
        eprintln!(
            "the_commands_print_the_same_on_postgres: skipped: SITREP_TEST_PG not set (tests/pg/server.sh start)"
        );
        return;
    };
    let name = format!("sitrep_cli{}", std::process::id());
    let db = TempDb { admin: admin.clone(), name: name.clone() };
    psql(&db.admin, &format!("DROP DATABASE IF EXISTS {name}"));
    assert!(psql(&db.admin, &format!("CREATE DATABASE {name}")), "psql creates a database on SITREP_TEST_PG");
    let (server, _) = admin.rsplit_once('/').expect("SITREP_TEST_PG ends with /database");
    let pg = format!("{server}/{name}");

    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("s.db");
    let sqlite = file.to_str().expect("a UTF-8 temp path");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples");
    let samples = samples.to_str().expect("a UTF-8 path");

    // A reading command on a database without a store says so, and makes none.
    let missing = Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["events", "--db", &pg]).output().expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no database at"), "{missing:?}");

    for db in [sqlite, pg.as_str()] {
        sitrep(db, &["ingest", samples, "--published", "2019-08-08"]);
        // Twice: nothing new the second time.
        let again = sitrep(db, &["ingest", samples]);
        assert!(String::from_utf8_lossy(&again.stderr).contains("0 stored"), "{again:?}");
    }
    let commands: &[&[&str]] = &[
        &["events", "--format", "jsonl"],
        &["events", "--province", "kunduz"],
        &["documents"],
        &["tally", "--by", "province"],
        &["tally", "--by", "claimant", "--basis", "corroborated"],
        &["incidents", "--format", "jsonl"],
        &["report"],
    ];
    let same = |label: &str| {
        for args in commands {
            let a = sitrep(sqlite, args);
            let b = sitrep(&pg, args);
            assert!(!a.stdout.is_empty(), "{label}: sitrep {args:?} prints something");
            assert_eq!(
                String::from_utf8_lossy(&b.stdout),
                String::from_utf8_lossy(&a.stdout),
                "{label}: sitrep {args:?}"
            );
        }
    };
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
