//! The API over PostgreSQL (issue 16): the same answers as over SQLite, and a reader served without error while
//! two writers ingest overlapping documents. The server is the one `SITREP_TEST_PG` names
//! (`tests/pg/server.sh start`); without it the tests say so and are skipped. Each test makes a database of its
//! own with `psql`, dropped at the end. The PostgreSQL client blocks on a runtime of its own: the tests open
//! stores on blocking threads, as the server does.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use serde_json::Value;
use sitrep_serve::{app, AppState, Config};
use sitrep_store::{ingest, DocumentQuery, EventQuery, Incoming, IngestConfig, SqliteStore};
use tower::ServiceExt as _;

const CORPUS: &[(&str, &str)] = &[
    ("01_kandahar_en.txt", include_str!("../../../tests/browser/corpus/01_kandahar_en.txt")),
    ("02_helmand_ar.txt", include_str!("../../../tests/browser/corpus/02_helmand_ar.txt")),
    ("03_script_en.txt", include_str!("../../../tests/browser/corpus/03_script_en.txt")),
    ("04_nangarhar_en.txt", include_str!("../../../tests/browser/corpus/04_nangarhar_en.txt")),
];

fn psql(url: &str, sql: &str) -> bool {
    Command::new("psql").arg(url).arg("-qc").arg(sql).output().is_ok_and(|o| o.status.success())
}

/// A database of its own on the test server, dropped at the end.
struct TempDb {
    admin: String,
    name: String,
    url: String,
}

impl Drop for TempDb {
    fn drop(&mut self) {
        psql(&self.admin, &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
    }
}

fn pg_db(test: &str) -> Option<TempDb> {
    let Ok(admin) = std::env::var("SITREP_TEST_PG") else {
        eprintln!("{test}: skipped: SITREP_TEST_PG not set (tests/pg/server.sh start)");
        return None;
    };
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = format!("sitrep_serve{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
    psql(&admin, &format!("DROP DATABASE IF EXISTS {name}"));
    assert!(psql(&admin, &format!("CREATE DATABASE {name}")), "psql creates a database on SITREP_TEST_PG");
    let (server, _) = admin.rsplit_once('/').expect("SITREP_TEST_PG ends with /database");
    let url = format!("{server}/{name}");
    Some(TempDb { admin, name, url })
}

fn corpus() -> impl Iterator<Item = Incoming> {
    CORPUS.iter().map(|(name, text)| Incoming {
        published: Some("2019-03-10".into()),
        source: Some("test".into()),
        ..Incoming::text(*name, *text)
    })
}

/// Runs `f` where blocking is allowed.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(f).await.expect("blocking task")
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let response = app.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("answer");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    (status, serde_json::from_slice(&body).expect("JSON body"))
}

/// An answer without what depends on the moment (when entries were extracted or documents ingested) or on the
/// backend (its own schema versions).
fn timeless(mut v: Value) -> Value {
    match &mut v {
        Value::Object(map) => {
            map.retain(|k, _| !matches!(k.as_str(), "extracted_at" | "ingested_at" | "generation" | "schema_version"));
            for value in map.values_mut() {
                *value = timeless(value.take());
            }
        }
        Value::Array(items) => {
            for item in items.iter_mut() {
                *item = timeless(item.take());
            }
        }
        _ => {}
    }
    v
}

#[tokio::test]
async fn the_api_answers_the_same_over_postgres_as_over_sqlite() {
    let Some(db) = pg_db("api_same_over_postgres") else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("t.db");
    let url = db.url.clone();
    let (sqlite_state, pg_state) = blocking(move || {
        let mut sqlite = SqliteStore::open(&file).expect("open SQLite");
        ingest(&mut sqlite, corpus(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
        let mut pg = sitrep_store::open(url.as_ref(), false).expect("open PostgreSQL");
        ingest(&mut *pg, corpus(), &IngestConfig::default(), &mut |_| {}).expect("ingest");
        let sqlite_state = AppState::new(&Config::new(&file)).expect("state");
        (sqlite_state, AppState::new(&Config::new(&url)).expect("state over PostgreSQL"))
    })
    .await;
    let (sqlite_app, pg_app) = (app(sqlite_state), app(pg_state));
    let uris = [
        "/api/health",
        "/api/events",
        "/api/events?province=helmand",
        "/api/events?limit=2",
        "/api/events/1",
        "/api/documents/1",
        "/api/incidents",
        "/api/tally?by=province",
        "/api/tally?by=claimant&basis=entries",
        "/api/tally?by=week&basis=corroborated",
        "/api/report",
    ];
    for uri in uris {
        let (a_status, a) = get(&sqlite_app, uri).await;
        let (b_status, b) = get(&pg_app, uri).await;
        assert_eq!((b_status, timeless(b)), (a_status, timeless(a)), "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_is_served_while_two_writers_ingest() {
    let Some(db) = pg_db("reader_while_writers") else { return };
    let reports = |from: usize, to: usize| -> Vec<Incoming> {
        (from..to)
            .map(|i| {
                let text = format!(
                    "Report {i}: gunmen shot dead {} guards at a bridge in Baghlan province on Tuesday, police said.",
                    i % 7 + 2
                );
                Incoming::text(format!("{i}.txt"), text)
            })
            .collect()
    };
    let url = db.url.clone();
    let state = blocking(move || AppState::new(&Config::new(&url)).expect("state over PostgreSQL")).await;
    let reader = app(state.clone());
    let writers: Vec<_> = [(0, 80), (40, 120)]
        .into_iter()
        .map(|(from, to)| {
            let (url, docs) = (db.url.clone(), reports(from, to));
            std::thread::spawn(move || {
                let mut store = sitrep_store::open(url.as_ref(), false).map_err(|e| format!("open: {e}"))?;
                let config = IngestConfig { batch: 5, ..IngestConfig::default() };
                ingest(&mut *store, docs, &config, &mut |_| {}).map_err(|e| format!("ingest {from}..{to}: {e}"))
            })
        })
        .collect();
    let mut reads = 0;
    while writers.iter().any(|w| !w.is_finished()) || reads < 5 {
        for uri in ["/api/events?limit=20", "/api/tally?by=province", "/api/incidents?limit=5"] {
            let (status, body) = get(&reader, uri).await;
            assert_eq!(status, StatusCode::OK, "{uri} while writers ingest: {body}");
        }
        reads += 1;
    }
    for w in writers {
        w.join().expect("writer thread").expect("the writer succeeds");
    }
    let url = db.url.clone();
    let (documents, events) = blocking(move || {
        let mut store = sitrep_store::open(url.as_ref(), true).expect("open");
        store.ensure_linked().expect("link");
        let events = EventQuery { kind: Some("event".into()), ..EventQuery::default() };
        (store.documents(&DocumentQuery::default()).expect("documents").len(), store.count_events(&events))
    })
    .await;
    assert_eq!(documents, 120, "every document once");
    state.wait_for_relink();
    let (_, tally) = get(&reader, "/api/tally?by=province&basis=entries").await;
    let counted: i64 = tally["rows"].as_array().expect("rows").iter().filter_map(|r| r["entries"].as_i64()).sum();
    assert_eq!(counted, events.expect("count"), "the tally equals a recount: {tally}");
}
