//! Throughput of `watch --once` (issue 17) over an OPML list of 50 feeds on loopback, 200 items each: every
//! item's page fetched, read, extracted, stored in a SQLite file and linked, as `sitrep watch feeds.opml
//! --once --host-interval 0` does it. The pages are the project's three sample documents, each made a text of
//! its own by its item number and dated a day of its own (Atom `published`): ten thousand copies of one report
//! on one day would be one incident of ten thousand entries, the linker's worst case, not a desk's feeds.
//!
//!     cargo run --release -p sitrep-watch --example throughput [FEEDS] [ITEMS]    # default 50 200
//!
//! Prints items per second, then a second `--once` over the same list (nothing new: every item known).

#[path = "../tests/site/mod.rs"]
#[allow(dead_code)]
mod site;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use site::{article, atom, feed, html, Entry, Server, SAMPLES};
use sitrep_store::{Incoming, PollStatus, SqliteStore, Storage};
use sitrep_watch::{HttpConfig, Source, WatchConfig, Watcher};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let feeds: usize = args.next().map_or(Ok(50), |n| n.parse())?;
    let items: usize = args.next().map_or(Ok(200), |n| n.parse())?;
    let site = Server::start();
    let mut outlines = String::new();
    let ids: Vec<String> = (0..items).map(|i| format!("item-{i}")).collect();
    for f in 0..feeds {
        let mut days = Vec::with_capacity(items);
        for i in 0..items {
            // A day of its own for each item: 28 days a month, 12 months a year, from 2000.
            let k = f * items + i;
            days.push(format!("{}-{:02}-{:02}T10:00:00Z", 2000 + k / 336, 1 + k / 28 % 12, 1 + k % 28));
        }
        let mut entries = Vec::with_capacity(items);
        for (i, (id, day)) in ids.iter().zip(&days).enumerate() {
            let path = format!("/f{f}/{i}");
            let sample = SAMPLES[(f + i) % SAMPLES.len()];
            site.set(&path, html(article(&format!("{sample}\n\nFeed {f}, item {i}."))));
            entries.push(Entry { id, link: site.url(&path), title: "item", updated: day });
        }
        site.set(&format!("/f{f}.xml"), feed(atom(&format!("Feed {f}"), &entries), None));
        let url = site.url(&format!("/f{f}.xml"));
        outlines.push_str(&format!("<outline text=\"Feed {f}\" type=\"rss\" xmlUrl=\"{url}\"/>\n"));
    }
    let dir = tempfile::tempdir()?;
    let opml = dir.path().join("feeds.opml");
    let list = format!("<?xml version=\"1.0\"?><opml version=\"2.0\"><body>\n{outlines}</body></opml>");
    std::fs::write(&opml, list)?;
    let sources = Source::parse(&opml.display().to_string())?;
    let mut store = SqliteStore::open(&dir.path().join("throughput.db"))?;
    let config = WatchConfig {
        http: HttpConfig { host_interval: Duration::ZERO, ..HttpConfig::default() },
        ..WatchConfig::new(Arc::new(|_: &std::path::Path| Vec::<Incoming>::new()))
    };
    let watcher = Watcher::new(sources, config);
    for round in ["first", "again"] {
        let (mut stored, mut failed, mut polled) = (0, 0, 0);
        let start = Instant::now();
        watcher.run(&mut store, true, &AtomicBool::new(false), &mut |r| {
            stored += r.poll.stored;
            failed += r.failures.len() + usize::from(r.poll.status == PollStatus::Failed);
            polled += 1;
        })?;
        let seconds = start.elapsed().as_secs_f64();
        println!(
            "{round}: {polled} feeds, {} items, {stored} stored, {failed} failed in {seconds:.1} s: {:.0} items/s",
            feeds * items,
            (feeds * items) as f64 / seconds
        );
    }
    let documents = store.documents(&sitrep_store::DocumentQuery::default())?.len();
    println!("{documents} documents in the store");
    Ok(())
}
