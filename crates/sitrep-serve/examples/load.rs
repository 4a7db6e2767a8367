//! A bounded load run on loopback: fills a store with N entries through the store API (copies of the
//! project's test statements, spread over provinces and days), serves it in-process on 127.0.0.1, and sends
//! an open-loop mix of `/api/events` and `/api/tally` requests at a fixed rate for a fixed time over
//! keep-alive connections. Latency is measured from each request's scheduled time (no coordinated omission).
//!
//!     cargo run --release -p sitrep-serve --example load -- [--entries 100000] [--rate 500] [--seconds 10]
//!         [--connections 32] [--db PATH|postgres://user@host:port/db]
//!
//! Bounded: at most 1,000,000 entries, 60 seconds, 5,000 requests/s; 127.0.0.1 only.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitrep_extract::{extract, DateRange, Metadata};
use sitrep_gazetteer::Gazetteer;
use sitrep_serve::{AppState, Config};
use sitrep_store::{ContentHash, EventQuery, Prepared, RunInfo, Storage};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const CORPUS: &[&str] = &[
    include_str!("../../../tests/browser/corpus/01_kandahar_en.txt"),
    include_str!("../../../tests/browser/corpus/02_helmand_ar.txt"),
    include_str!("../../../tests/browser/corpus/03_script_en.txt"),
    include_str!("../../../tests/browser/corpus/04_nangarhar_en.txt"),
];

struct Args {
    entries: usize,
    rate: u64,
    seconds: u64,
    connections: usize,
    db: Option<PathBuf>,
}

fn args() -> Args {
    let mut a = Args { entries: 100_000, rate: 500, seconds: 10, connections: 32, db: None };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    while let Some(flag) = it.next() {
        let value = it.next().map(String::as_str).unwrap_or("");
        match flag.as_str() {
            "--entries" => a.entries = value.parse().unwrap_or(a.entries).min(1_000_000),
            "--rate" => a.rate = value.parse().unwrap_or(a.rate).clamp(1, 5000),
            "--seconds" => a.seconds = value.parse().unwrap_or(a.seconds).clamp(1, 60),
            "--connections" => a.connections = value.parse().unwrap_or(a.connections).clamp(1, 256),
            "--db" => a.db = Some(PathBuf::from(value)),
            other => panic!("unknown argument {other}"),
        }
    }
    a
}

/// Stores `n` entries (about one per document) unless the database already holds that many.
fn fill(path: &std::path::Path, n: usize) -> Result<(), Box<dyn std::error::Error>> {
    let mut store = sitrep_store::open(path, false)?;
    let have = store.count_events(&EventQuery::default())?;
    if have as usize >= n {
        eprintln!("{have} entries already stored");
        return link(&mut *store);
    }
    let meta = Metadata { published: "2024-03-10".parse().ok(), ..Metadata::default() };
    let base: Vec<_> = CORPUS.iter().map(|t| (t.to_string(), extract(t, &meta))).collect();
    let provinces = Gazetteer::embedded().province_names();
    let run = store.run(&RunInfo::current())?;
    let ingest = store.begin_ingest()?;
    let started = Instant::now();
    let (mut stored, mut i) = (have as usize, 0usize);
    while stored < n {
        let mut batch = Vec::with_capacity(2000);
        while batch.len() < 2000 && stored + batch.len() < n {
            let (text, extraction) = &base[i % base.len()];
            // Appending keeps every span valid and makes the content hash new.
            let text = format!("{text}\n[load copy {i}]");
            let mut extraction = extraction.clone();
            for e in &mut extraction.entries {
                e.location.province = Some(provinces[i % provinces.len()].to_string());
                let day: sitrep_extract::Date = format!("2024-{:02}-{:02}", 1 + i % 12, 1 + (i / 12) % 28).parse()?;
                e.date = e.date.map(|d| DateRange { start: day, end: day, precision: d.precision });
            }
            batch.push(Prepared {
                hash: ContentHash::of(text.as_bytes()),
                origin: format!("load/{i}.txt"),
                source: Some(format!("source {}", i % 20)),
                url: None,
                title: None,
                published: Some("2024-03-10".into()),
                date_fallback: None,
                declared_language: None,
                media_type: "text/plain",
                raw: None,
                text,
                extraction,
            });
            i += 1;
        }
        let outcome = store.store_batch(run, ingest, &batch, &[])?;
        stored += outcome.entries_added as usize;
    }
    eprintln!("stored {} entries in {:.1} s", stored - have as usize, started.elapsed().as_secs_f64());
    link(&mut *store)
}

/// Links the incidents, as an ingest does when it ends, so that incident tallies count them.
fn link(store: &mut dyn Storage) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    if let Some(s) = store.ensure_linked()? {
        eprintln!(
            "linked {} entries into {} incidents ({} links, {} pairs compared) in {:.1} s",
            s.entries,
            s.incidents,
            s.links,
            s.compared,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

/// `cursors[i]` is the opaque cursor of the page of 100 entries at offset `(i + 1) * 100`.
fn request_path(k: u64, cursors: &[String], provinces: &[&str]) -> (&'static str, String) {
    let p = provinces[(k as usize * 7) % provinces.len()];
    match k % 4 {
        0 => ("events?province", format!("/api/events?limit=50&province={}", p.replace(' ', "%20"))),
        1 if !cursors.is_empty() => {
            ("events?cursor", format!("/api/events?limit=100&cursor={}", cursors[k as usize % cursors.len()]))
        }
        1 => ("events?cursor", "/api/events?limit=100".to_string()),
        2 => ("tally?by=province", format!("/api/tally?by=province&since=2024-{:02}-01", 1 + k % 12)),
        _ => ("tally?by=claimant", format!("/api/tally?by=claimant&province={}", p.replace(' ', "%20"))),
    }
}

/// Follows `next` from the first page of 100 entries, at most `pages` times: the cursors of pages deep in the
/// listing (the server's cursor is opaque, so it is read, not made).
async fn collect_cursors(addr: std::net::SocketAddr, pages: usize) -> std::io::Result<Vec<String>> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let mut buf = Vec::new();
    let mut cursors = Vec::new();
    let mut path = "/api/events?limit=100".to_string();
    while cursors.len() < pages {
        get(&mut stream, &path, &mut buf).await?;
        let start = buf.windows(4).position(|w| w == b"\r\n\r\n").map_or(0, |p| p + 4);
        let page: serde_json::Value = serde_json::from_slice(&buf[start..]).map_err(std::io::Error::other)?;
        let Some(next) = page["next"].as_str() else { break };
        cursors.push(next.to_string());
        path = format!("/api/events?limit=100&cursor={next}");
    }
    Ok(cursors)
}

/// One keep-alive GET; returns the status.
async fn get(stream: &mut tokio::net::TcpStream, path: &str, buf: &mut Vec<u8>) -> std::io::Result<u16> {
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").as_bytes()).await?;
    buf.clear();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status: u16 = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|l| l.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| std::io::Error::other("no content-length"))?;
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::Error::other("connection closed"));
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    Ok(status)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let a = args();
    let dir = tempfile::tempdir()?;
    let db = a.db.clone().unwrap_or_else(|| dir.path().join("load.db"));
    fill(&db, a.entries)?;
    // Opened before the runtime: a PostgreSQL connection blocks on a runtime of its own.
    let state = AppState::new(&Config::new(&db))?;
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        tokio::spawn(async move { sitrep_serve::serve(listener, state, std::future::pending()).await });
        let started = Instant::now();
        let cursors = Arc::new(collect_cursors(addr, 500).await?);
        eprintln!("{} page cursors collected in {:.1} s", cursors.len(), started.elapsed().as_secs_f64());
        let total = a.rate * a.seconds;
        let interval = Duration::from_secs_f64(a.connections as f64 / a.rate as f64);
        let provinces = Gazetteer::embedded().province_names();
        let start = Instant::now() + Duration::from_millis(200);
        let results = Arc::new(std::sync::Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for c in 0..a.connections as u64 {
            let results = results.clone();
            let cursors = cursors.clone();
            let provinces = provinces.clone();
            let conns = a.connections as u64;
            tasks.push(tokio::spawn(async move {
                let mut stream = tokio::net::TcpStream::connect(addr).await?;
                stream.set_nodelay(true)?;
                let mut buf = Vec::new();
                let mut mine = Vec::new();
                let mut k = c;
                let mut j = 0u32;
                while k < total {
                    let scheduled = start + interval * j + interval.mul_f64(c as f64 / conns as f64);
                    tokio::time::sleep_until(scheduled.into()).await;
                    let (route, path) = request_path(k, &cursors, &provinces);
                    let status = get(&mut stream, &path, &mut buf).await?;
                    mine.push((route, status, scheduled.elapsed()));
                    k += conns;
                    j += 1;
                }
                if let Ok(mut r) = results.lock() {
                    r.extend(mine);
                }
                Ok::<_, std::io::Error>(())
            }));
        }
        for t in tasks {
            t.await??;
        }
        let elapsed = start.elapsed();
        let results = results.lock().map(|r| r.clone()).unwrap_or_default();
        let errors = results.iter().filter(|(_, s, _)| *s != 200).count();
        println!(
            "{} requests in {:.2} s = {:.0} req/s (target {} req/s over {} connections), {} non-200",
            results.len(),
            elapsed.as_secs_f64(),
            results.len() as f64 / elapsed.as_secs_f64(),
            a.rate,
            a.connections,
            errors
        );
        let mut routes: Vec<&str> = results.iter().map(|(r, _, _)| *r).collect();
        routes.sort_unstable();
        routes.dedup();
        routes.insert(0, "all");
        for route in routes {
            let mut l: Vec<Duration> =
                results.iter().filter(|(r, _, _)| route == "all" || *r == route).map(|(_, _, d)| *d).collect();
            l.sort_unstable();
            let ms = |d: Duration| d.as_secs_f64() * 1000.0;
            println!(
                "{route:<18} n={:<6} p50 {:>7.2} ms  p90 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms",
                l.len(),
                ms(percentile(&l, 0.50)),
                ms(percentile(&l, 0.90)),
                ms(percentile(&l, 0.99)),
                ms(percentile(&l, 1.0))
            );
        }
        Ok::<_, Box<dyn std::error::Error>>(())
    })?;
    Ok(())
}
