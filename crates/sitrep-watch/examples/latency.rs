//! Latency of live monitoring (issue 17): from an item's appearance in a served feed to its entries in
//! `/api/events`. A feed on loopback gains one item at a time (its page a short report, at a pseudo-random
//! moment of the poll cycle); a watcher polls it every 2 s into a SQLite store that `sitrep serve`'s app
//! serves on another loopback port; `/api/events` is asked every 20 ms until the item's entry is there.
//!
//!     cargo run --release -p sitrep-watch --example latency [ITEMS]    # default 100
//!
//! Prints the median, p95 and maximum over the items.

#[path = "../tests/site/mod.rs"]
#[allow(dead_code)]
mod site;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use site::{article, atom, feed, html, Entry, Server};
use sitrep_store::{Incoming, SqliteStore};
use sitrep_watch::{HttpConfig, Source, WatchConfig, Watcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let items: usize = std::env::args().nth(1).map_or(Ok(100), |n| n.parse())?;
    let dir = tempfile::tempdir()?;
    let db = dir.path().join("latency.db");
    drop(SqliteStore::open(&db)?);
    let site = Server::start();

    // The server's app on a port of its own.
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    let state = sitrep_serve::AppState::new(&sitrep_serve::Config::new(&db))?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let api = format!("http://{}/api/events?limit=1000", listener.local_addr()?);
    runtime.spawn(sitrep_serve::serve(listener, state, std::future::pending()));

    // The watcher, as `sitrep watch URL --interval 2` runs it (no interval between requests on loopback).
    let stop = Arc::new(AtomicBool::new(false));
    let feed_url = site.url("/feed");
    site.set("/feed", feed(atom("Wire", &[]), None));
    let watcher = {
        let (stop, db, feed_url) = (stop.clone(), db.clone(), feed_url.clone());
        std::thread::spawn(move || -> Result<(), sitrep_store::Error> {
            let mut store = SqliteStore::open(&db)?;
            let config = WatchConfig {
                interval: Duration::from_secs(2),
                http: HttpConfig { host_interval: Duration::ZERO, ..HttpConfig::default() },
                ..WatchConfig::new(Arc::new(|_: &std::path::Path| Vec::<Incoming>::new()))
            };
            let source = Source::Feed { url: feed_url, publisher: None, language: None };
            Watcher::new(vec![source], config).run(&mut store, false, &stop, &mut |_| {})
        })
    };

    let client = ureq::AgentBuilder::new().timeout(Duration::from_secs(10)).build();
    let ids: Vec<String> = (0..items).map(|i| format!("item-{i}")).collect();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    let mut latencies = Vec::with_capacity(items);
    // A fixed pseudo-random sequence (an LCG): where in the poll cycle each item appears.
    let mut seed: u64 = 17;
    for (i, id) in ids.iter().enumerate() {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        std::thread::sleep(Duration::from_millis((seed >> 33) % 2000));
        let path = format!("/item/{i}");
        let text = format!(
            "Checkpoint attack, report {i}\n\nGunmen killed {} policemen at a checkpoint in Kunduz province on Monday, \
             a provincial official said.",
            i + 2
        );
        site.set(&path, html(article(&text)));
        let link = site.url(&path);
        entries.push(Entry { id, link: link.clone(), title: "report", updated: "2024-08-05T10:00:00Z" });
        site.set("/feed", feed(atom("Wire", &entries), None));
        let appeared = Instant::now();
        loop {
            let body: serde_json::Value = serde_json::from_reader(client.get(&api).call()?.into_reader())?;
            let found = body["events"].as_array().is_some_and(|es| es.iter().any(|e| e["document"] == link.as_str()));
            if found {
                break;
            }
            if appeared.elapsed() > Duration::from_secs(60) {
                return Err(format!("item {i}: no entry in /api/events after 60 s").into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        latencies.push(appeared.elapsed());
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().map_err(|_| "the watcher panicked")??;

    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() as f64 * q).ceil() as usize).clamp(1, latencies.len()) - 1];
    println!(
        "{items} items, 2 s poll interval: median {:.2} s, p95 {:.2} s, max {:.2} s",
        at(0.5).as_secs_f64(),
        at(0.95).as_secs_f64(),
        latencies[latencies.len() - 1].as_secs_f64()
    );
    Ok(())
}
