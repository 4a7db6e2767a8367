//! Store benchmarks: ingest throughput on documents generated from the development texts of `../shared`
//! (skipped with a message when it is absent), database size per 100,000 entries, and
//! `events --province X --limit 100` over 1,000,000 entries generated through the store API.
//!
//! `SITREP_BENCH_DOCS` (default 100000) sets the documents of the one-shot ingest measurement;
//! `SITREP_BENCH_ENTRIES` (default 1000000) the entries of the query database.
//!
//! With `SITREP_BENCH_PG` (or `SITREP_TEST_PG`) naming a PostgreSQL server (`tests/pg/server.sh start`), the
//! one-shot ingest, the query database and its queries are measured there too, each in a new database.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitrep_extract::{Count, Entry, Extraction, Kind, Language, Location};
use sitrep_store::{
    ingest, ContentHash, EventQuery, Incoming, IngestConfig, PgStore, Prepared, SqliteStore, Storage, TallyBy,
};

/// A new database on the benchmark's PostgreSQL server, if one is named.
fn pg_database(name: &str) -> Option<String> {
    let admin = std::env::var("SITREP_BENCH_PG").or_else(|_| std::env::var("SITREP_TEST_PG")).ok()?;
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).expect("connect to the PostgreSQL server");
    client.batch_execute(&format!("DROP DATABASE IF EXISTS {name}")).expect("drop database");
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("create database");
    let (server, _) = admin.rsplit_once('/').expect("the URL ends with /database");
    Some(format!("{server}/{name}"))
}

/// `n` distinct documents: each a development text, varied by a reference line and, every third one,
/// followed by the first paragraph of another text.
fn generate(texts: &[String], n: usize) -> Vec<Incoming> {
    (0..n)
        .map(|i| {
            let a = &texts[i % texts.len()];
            let mut text = format!("Ref. {i}\n{a}");
            if i % 3 == 0 {
                let b = &texts[(i * 7 + 1) % texts.len()];
                text.push_str("\n\n");
                text.push_str(b.split("\n\n").next().unwrap_or(b));
            }
            Incoming::text(format!("gen/{i}.txt"), text)
        })
        .collect()
}

fn documents_to_ingest() -> usize {
    std::env::var("SITREP_BENCH_DOCS").ok().and_then(|v| v.parse().ok()).unwrap_or(100_000)
}

fn one_shot_ingest(texts: &[String]) {
    let n = documents_to_ingest();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.db");
    let mut store = SqliteStore::open(&path).expect("open");
    let summary = timed_ingest("SQLite", &mut store, generate(texts, n));
    drop(store);
    let size: u64 = ["bench.db", "bench.db-wal"]
        .iter()
        .filter_map(|f| std::fs::metadata(dir.path().join(f)).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "SQLite database {:.1} MB = {:.1} MB per 100,000 entries",
        size as f64 / 1e6,
        size as f64 / 1e6 / (summary.entries_added as f64 / 100_000.0)
    );
    if let Some(url) = pg_database("sitrep_bench_ingest") {
        let mut store = PgStore::open(&url).expect("open PostgreSQL");
        timed_ingest("PostgreSQL", &mut store, generate(texts, n));
    }
}

/// Ingests `docs` (without linking: linking 100,000 copies of 311 texts is measured apart, in
/// sitrep-reconcile's bench) and says how fast.
fn timed_ingest(backend: &str, store: &mut (dyn Storage + Send), docs: Vec<Incoming>) -> sitrep_store::IngestSummary {
    let n = docs.len();
    let start = Instant::now();
    let config = IngestConfig { relink: false, ..IngestConfig::default() };
    let summary = ingest(store, docs, &config, &mut |_| {}).expect("ingest");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(summary.revisions_added as usize, n, "every generated document is stored");
    println!(
        "ingest on {backend}: {n} documents in {secs:.1} s = {:.0} documents/s; {} entries",
        n as f64 / secs,
        summary.entries_added
    );
    summary
}

fn synthetic_entry(i: usize, provinces: &[&str]) -> Entry {
    let spans: BTreeMap<&'static str, Vec<std::ops::Range<usize>>> =
        [("province", 10..17), ("killed", 20..22), ("evidence", 0..60)]
            .into_iter()
            .map(|(field, range)| (field, std::iter::once(range).collect()))
            .collect();
    Entry {
        id: format!("e{}", i % 10 + 1),
        kind: Kind::Event,
        summarizes: Vec::new(),
        derived_from: Vec::new(),
        claimant: Some(["Taliban", "Ministry of Defence", "Islamic State"][i % 3].into()),
        spokesperson: None,
        perpetrator: Some("Taliban".into()),
        target: Some("Afghan National Army".into()),
        event_type: Some("Battles".into()),
        sub_event_type: Some("Armed clash".into()),
        weapon: None,
        location: Location {
            province: Some(provinces[i % provinces.len()].into()),
            district: None,
            place: None,
            lat: Some(31.0),
            lon: Some(64.0),
            geo_precision: Some(3),
        },
        killed: Some(Count::exact((i % 20) as u32)),
        wounded: None,
        captured: None,
        destroyed: Vec::new(),
        attacks: None,
        provinces: Vec::new(),
        period: None,
        date: "2020-01-01".parse().ok().map(|d: sitrep_extract::Date| sitrep_extract::DateRange {
            start: d.add_days((i % 1500) as i64).unwrap_or(d),
            end: d.add_days((i % 1500) as i64).unwrap_or(d),
            precision: sitrep_extract::Precision::Day,
        }),
        evidence: 0..60,
        spans,
    }
}

/// Fills a store with `entries` entries, 10 to a document, through the store API.
fn query_database(store: &mut dyn Storage, entries: usize) {
    let run = store.run(&sitrep_store::RunInfo::current()).expect("run");
    let ingest_id = store.begin_ingest().expect("ingest");
    let per_doc = 10;
    let provinces = sitrep_gazetteer::Gazetteer::embedded().province_names();
    let docs = entries / per_doc;
    for chunk in (0..docs).collect::<Vec<_>>().chunks(5000) {
        let batch: Vec<Prepared> = chunk
            .iter()
            .map(|&d| {
                let text = format!("Synthetic report {d}: Helmand, 12 killed in a clash between the parties.");
                Prepared {
                    hash: ContentHash::of(text.as_bytes()),
                    origin: format!("synthetic/{d}"),
                    source: None,
                    url: None,
                    title: None,
                    published: None,
                    date_fallback: None,
                    declared_language: None,
                    media_type: "text/plain",
                    raw: None,
                    extraction: Extraction {
                        language: Language::English,
                        entries: (0..per_doc).map(|k| synthetic_entry(d * per_doc + k, &provinces)).collect(),
                        diagnostics: Vec::new(),
                    },
                    text,
                }
            })
            .collect();
        store.store_batch(run, ingest_id, &batch, &[]).expect("store");
    }
}

/// `events --province Helmand --limit 100` and a tally of entries by province over the query database: the
/// first call of each, timed.
fn first_queries(backend: &str, store: &mut dyn Storage) {
    let query = EventQuery { province: Some("Helmand".into()), limit: Some(100), ..EventQuery::default() };
    let start = Instant::now();
    let first = store.events(&query).expect("query");
    println!(
        "{backend}: events --province Helmand --limit 100: first call {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    assert_eq!(first.len(), 100);
    assert!(first.iter().all(|e| e.entry.location.province.as_deref() == Some("Helmand")));
    let start = Instant::now();
    let tally = store.tally(TallyBy::Province).expect("tally");
    println!("{backend}: tally of entries by province: first call {:.1} ms", start.elapsed().as_secs_f64() * 1e3);
    assert!(!tally.is_empty());
}

fn benches(c: &mut Criterion) {
    let Some(shared) = sitrep_eval::shared_dir() else {
        eprintln!("skipped: ../shared (the development texts) is not beside the checkout");
        return;
    };
    let texts = sitrep_eval::dev_documents(&shared);
    println!("{} development texts", texts.len());
    one_shot_ingest(&texts);

    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    let n = 5_000;
    group.throughput(Throughput::Elements(n as u64));
    group.bench_function("5000 generated documents", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let docs = generate(&texts, n);
                let mut store = SqliteStore::open_in_memory().expect("open");
                let start = Instant::now();
                ingest(&mut store, docs, &IngestConfig { relink: false, ..IngestConfig::default() }, &mut |_| {})
                    .expect("ingest");
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();

    let entries: usize = std::env::var("SITREP_BENCH_ENTRIES").ok().and_then(|v| v.parse().ok()).unwrap_or(1_000_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("query.db");
    let start = Instant::now();
    let mut store = SqliteStore::open(&path).expect("open");
    query_database(&mut store, entries);
    println!("query database: {entries} entries stored in {:.1} s", start.elapsed().as_secs_f64());
    first_queries("SQLite", &mut store);
    let query = EventQuery { province: Some("Helmand".into()), limit: Some(100), ..EventQuery::default() };
    c.bench_function("events --province Helmand --limit 100 (1M entries)", |b| {
        b.iter(|| store.events(&query).expect("query").len())
    });
    c.bench_function("tally by province (1M entries)", |b| {
        b.iter(|| store.tally(TallyBy::Province).expect("tally").len())
    });
    if let Some(url) = pg_database("sitrep_bench_query") {
        let mut pg = PgStore::open(&url).expect("open PostgreSQL");
        let start = Instant::now();
        query_database(&mut pg, entries);
        println!("PostgreSQL query database: {entries} entries stored in {:.1} s", start.elapsed().as_secs_f64());
        first_queries("PostgreSQL", &mut pg);
        c.bench_function("PostgreSQL: events --province Helmand --limit 100 (1M entries)", |b| {
            b.iter(|| pg.events(&query).expect("query").len())
        });
        c.bench_function("PostgreSQL: tally by province (1M entries)", |b| {
            b.iter(|| pg.tally(TallyBy::Province).expect("tally").len())
        });
    }
}

criterion_group!(store, benches);
criterion_main!(store);
