//! Incremental linking (issue 15): the cost of linking what is new, against the size of the store.
//!
//! 1. Stores of generated bulletins and reports (`tests/bulletins`) of 10,000 and 100,000 entries
//!    (`SITREP_BENCH_LINK_SIZES`, comma-separated, sets others, e.g. `10000,100000,1000000`), linked in full
//!    once; then rounds of 10 more of the generated documents, each stored and linked (`ensure_linked`): the
//!    time of each round and the peak of the heap it allocated.
//! 2. Ingest (extraction, storage and linking) of generated documents in batches of 1,000, in the order
//!    they were published (`SITREP_BENCH_BATCHES` batches, default 20): documents/s of each batch.
//!
//! Run: `CARGO_TARGET_DIR=target cargo bench -p sitrep-store --bench link`.

#[allow(dead_code)]
#[path = "../tests/bulletins/mod.rs"]
mod bulletins;

use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion};
use sitrep_reconcile::Config;
use sitrep_store::{ingest, Incoming, IngestConfig, Prepared, RunInfo, SqliteStore, Storage};

/// The allocator of the `sitrep` binary (mimalloc), counting the bytes in use and their peak. Not the system
/// one: glibc's malloc slows as a long run fragments its heap, which `sitrep` never meets.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout goes to the allocator unchanged.
        let p = unsafe { sitrep_alloc::Allocator.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `alloc` above with this layout.
        unsafe { sitrep_alloc::Allocator.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` was allocated by `alloc` above with this layout; the caller's new size goes on unchanged.
        let p = unsafe { sitrep_alloc::Allocator.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            let now = IN_USE.fetch_add(new_size, Ordering::Relaxed) + new_size;
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// The time this thread has run on a CPU (Linux), in ms: on a machine shared with others, what the wall
/// clock also counts of their work is left out.
fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next().and_then(|ns| ns.parse::<f64>().ok()))
        .map_or(0.0, |ns| ns / 1e6)
}

/// Runs `f`, returning its result, its time in ms (wall clock and this thread's CPU) and the peak of the heap
/// above what was in use before, in MB.
fn measured<T>(f: impl FnOnce() -> T) -> (T, f64, f64, f64) {
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let (start, cpu) = (Instant::now(), cpu_ms());
    let out = f();
    let ms = start.elapsed().as_secs_f64() * 1e3;
    (out, ms, cpu_ms() - cpu, PEAK.load(Ordering::Relaxed).saturating_sub(base) as f64 / 1e6)
}

/// The process's peak resident memory (Linux), in MB.
fn peak_rss() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map_or(0.0, |kb| kb / 1e3)
}

fn events(store: &SqliteStore) -> i64 {
    store
        .connection()
        .query_row("SELECT count(*) FROM entries WHERE current = 1 AND kind = 'event'", [], |r| r.get(0))
        .unwrap_or(0)
}

/// A store of about `entries` generated entries linked in full, and documents held back to add.
fn linked_store(dir: &std::path::Path, entries: usize) -> (SqliteStore, Vec<Prepared>) {
    let generated = bulletins::generate(entries, 41);
    let mut documents = generated.documents;
    // Documents of every day and kind held back: every 97th.
    let mut held = Vec::new();
    let mut n = 0;
    documents.retain(|d| {
        n += 1;
        if n % 97 == 0 && held.len() < 50 {
            held.push(d.clone());
            return false;
        }
        true
    });
    let mut store = SqliteStore::open(&dir.join(format!("link-{entries}.db"))).expect("open");
    let run = store.run(&RunInfo::current()).expect("run");
    let ingest_id = store.begin_ingest().expect("ingest");
    for batch in documents.chunks(5000) {
        store.store_batch(run, ingest_id, batch, &[]).expect("stored");
    }
    let (summary, ms, _, heap) = measured(|| store.relink(&Config::default()).expect("relink"));
    println!(
        "store of {} events: full relink {:.1} s, heap peak {heap:.0} MB ({} incidents)",
        events(&store),
        ms / 1e3,
        summary.incidents
    );
    (store, held)
}

fn add_ten(c: &mut Criterion) {
    let sizes: Vec<usize> = std::env::var("SITREP_BENCH_LINK_SIZES")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let dir = tempfile::tempdir().expect("temp dir");
    for size in sizes {
        let (mut store, held) = linked_store(dir.path(), size);
        let run = store.run(&RunInfo::current()).expect("run");
        let ingest_id = store.begin_ingest().expect("ingest");
        let mut times = Vec::new();
        for (round, ten) in held.chunks(10).enumerate() {
            let (summary, ms, cpu, heap) = measured(|| {
                store.store_batch(run, ingest_id, ten, &[]).expect("stored");
                store.ensure_linked().expect("linked")
            });
            let relinked = summary.map_or(0, |s| s.entries);
            println!(
                "{size} entries: round {round}: 10 documents stored and linked in {ms:.1} ms ({cpu:.1} ms of CPU), \
                 heap peak {heap:.1} MB, {relinked} events relinked of {}",
                events(&store)
            );
            times.push((ms, cpu));
        }
        let median = |mut v: Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        println!(
            "{size} entries: add 10 documents: median {:.1} ms ({:.1} ms of CPU); process peak RSS {:.0} MB",
            median(times.iter().map(|t| t.0).collect()),
            median(times.iter().map(|t| t.1).collect()),
            peak_rss()
        );
    }
    // Criterion's own measurement of a step that repeats without changing the store: asking whether
    // anything is new (every request of the server does).
    let (mut store, _) = linked_store(dir.path(), 10_000);
    c.bench_function("link_state of a linked store (10,000 entries)", |b| {
        b.iter(|| store.link_state().expect("state"))
    });
}

fn ingest_batches(_c: &mut Criterion) {
    let batches: usize = std::env::var("SITREP_BENCH_BATCHES").ok().and_then(|v| v.parse().ok()).unwrap_or(20);
    let per_batch = 1000;
    // Roughly 8 entries a document.
    let generated = bulletins::generate(batches * per_batch * 9, 43);
    let mut documents: Vec<Incoming> = generated
        .documents
        .into_iter()
        .map(|d| Incoming { published: d.published.clone(), ..Incoming::text(d.origin, d.text) })
        .collect();
    documents.sort_by(|a, b| a.published.cmp(&b.published).then_with(|| a.origin.cmp(&b.origin)));
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = SqliteStore::open(&dir.path().join("ingest.db")).expect("open");
    // The empty store linked once, so that every batch is linked incrementally: the first batch is not a
    // full relink of a small store, which costs less per entry than any incremental link and would flatter it.
    store.relink(&Config::default()).expect("relink");
    // Stored, then linked as `ingest` does at its end: the two times apart.
    let config = IngestConfig { batch: per_batch, relink: false, ..IngestConfig::default() };
    let mut rates = Vec::new();
    for (n, batch) in documents.chunks(per_batch).take(batches).enumerate() {
        let count = batch.len();
        // The copy handed to `ingest` is the caller's, not ingest's: made before the clock starts.
        let batch = batch.to_vec();
        let start = Instant::now();
        ingest(&mut store, batch, &config, &mut |_| {}).expect("ingest");
        let stored = start.elapsed().as_secs_f64();
        let cpu = cpu_ms();
        let linked = store.ensure_linked().expect("linked").map_or(0, |s| s.entries);
        let cpu = (cpu_ms() - cpu) / 1e3;
        let secs = start.elapsed().as_secs_f64();
        let rate = count as f64 / secs;
        // The pages the link's commit wrote: the log holds them alone (the commit before was checkpointed).
        let pages: i64 = store.connection().query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| r.get(1)).unwrap_or(-1);
        println!(
            "ingest batch {n}: {count} documents at {rate:.0} documents/s (stored in {stored:.2} s, linked in {:.2} s, \
             {cpu:.2} s of CPU, {pages} pages written: {linked} events relinked of {})",
            secs - stored,
            events(&store)
        );
        rates.push(rate);
    }
    if let (Some(first), Some(last)) = (rates.first(), rates.last()) {
        println!(
            "ingest in batches of {per_batch}: first {first:.0} documents/s, last {last:.0} documents/s ({:.0}%)",
            last / first * 100.0
        );
    }
    // One batch says little on a shared machine: the medians of the first and last five.
    if rates.len() >= 10 {
        let median = |v: &[f64]| {
            let mut v = v.to_vec();
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let (first, last) = (median(&rates[..5]), median(&rates[rates.len() - 5..]));
        println!(
            "ingest in batches of {per_batch}: median of the first five {first:.0} documents/s, of the last five \
             {last:.0} documents/s ({:.0}%)",
            last / first * 100.0
        );
    }
}

criterion_group! {
    name = link;
    config = Criterion::default().sample_size(10);
    targets = add_ten, ingest_batches
}
criterion_main!(link);
