//! Throughput of `extract` on the real development documents of `../shared` (seeds, dev, and the `text`
//! of every line of `data/isafpr/dev.jsonl`):
//!
//! - `extract/single_core`: every distinct document extracted separately, one core, in MB/s (decimal, as the
//!   target is stated);
//! - all cores: the distinct set repeated to at least 50 MB, extracted with rayon in one timed pass;
//! - `one_document/{1,4,16} MB`: the distinct documents joined (a blank line between) and repeated into one
//!   document of that size, in MB/s: extraction of one document is linear in its length when the three agree.
//!
//! Both assert their answer: the number of entries is the same on every pass and greater than zero.
//! Skipped (with a message) when `../shared` is not beside the checkout; `SITREP_SHARED` overrides it.
//!
//!     cargo bench -p sitrep-extract --bench extract

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use rayon::prelude::*;
use sitrep_extract::{extract, Metadata};

/// The allocator of the `sitrep` binary, so the figures are those of the command line.
#[global_allocator]
static ALLOCATOR: sitrep_alloc::Allocator = sitrep_alloc::Allocator;

const ALL_CORES_BYTES: usize = 50 * 1024 * 1024;

fn entries(docs: &[String], meta: &Metadata) -> usize {
    docs.iter().map(|d| black_box(extract(black_box(d), meta)).entries.len()).sum()
}

fn single_core(c: &mut Criterion, docs: &[String], expected: usize) {
    let bytes: usize = docs.iter().map(String::len).sum();
    let meta = Metadata::default();
    let mut group = c.benchmark_group("extract");
    group.sample_size(10);
    group.throughput(Throughput::BytesDecimal(bytes as u64));
    group.bench_function("single_core", |b| {
        b.iter(|| {
            let n = entries(docs, &meta);
            assert_eq!(n, expected, "entries differ between passes");
        })
    });
    group.finish();
}

/// One document of `bytes` (at most): whole documents of `docs` in turn, a blank line between them.
fn joined(docs: &[String], bytes: usize) -> String {
    let mut out = String::with_capacity(bytes);
    for d in docs.iter().cycle() {
        if out.len() + d.len() + 2 > bytes {
            break;
        }
        out.push_str(d);
        out.push_str("\n\n");
    }
    out
}

fn one_document(c: &mut Criterion, docs: &[String]) {
    let meta = Metadata::default();
    let mut group = c.benchmark_group("one_document");
    group.sample_size(10);
    for mb in [1, 4, 16] {
        let text = joined(docs, mb * 1_000_000);
        let expected = extract(&text, &meta).entries.len();
        assert!(expected > 0, "no entries extracted from the joined document");
        group.throughput(Throughput::BytesDecimal(text.len() as u64));
        group.bench_function(format!("{mb} MB"), |b| {
            b.iter(|| {
                let n = black_box(extract(black_box(&text), &meta)).entries.len();
                assert_eq!(n, expected, "entries differ between passes");
            })
        });
    }
    group.finish();
}

fn all_cores(docs: &[String], expected: usize) {
    let distinct: usize = docs.iter().map(String::len).sum();
    let copies = ALL_CORES_BYTES.div_ceil(distinct);
    let set: Vec<&String> = (0..copies).flat_map(|_| docs.iter()).collect();
    let bytes = distinct * copies;
    let meta = Metadata::default();
    let start = Instant::now();
    let n: usize = set.par_iter().map(|d| extract(d, &meta).entries.len()).sum();
    let elapsed = start.elapsed();
    assert_eq!(n, expected * copies, "entries differ between passes");
    let mb = bytes as f64 / 1e6;
    println!(
        "extract/all_cores: {} documents, {:.1} MB, {} threads, {:.2} s, {:.2} MB/s, {} entries",
        set.len(),
        mb,
        rayon::current_num_threads(),
        elapsed.as_secs_f64(),
        mb / elapsed.as_secs_f64(),
        n
    );
}

fn main() {
    let Some(shared) = sitrep_eval::shared_dir() else {
        println!("skipped: ../shared (the real development documents) is not beside the checkout");
        return;
    };
    let docs = sitrep_eval::dev_documents(&shared);
    let bytes: usize = docs.iter().map(String::len).sum();
    // The first pass builds the embedded lexicon and gazetteer, and gives the answer every pass must give.
    let expected = entries(&docs, &Metadata::default());
    println!("corpus: {} distinct documents, {} bytes, {} entries", docs.len(), bytes, expected);
    assert!(expected > 0, "no entries extracted from the development documents");

    let mut c = Criterion::default().configure_from_args();
    single_core(&mut c, &docs, expected);
    one_document(&mut c, &docs);
    c.final_summary();
    // Only when the all-cores pass is not filtered out (`cargo bench ... -- single_core`).
    if filter().is_none_or(|f| "extract/all_cores".contains(&f)) {
        all_cores(&docs, expected);
    }
}

/// Criterion's positional filter argument, skipping the values of its options.
fn filter() -> Option<String> {
    const TAKES_VALUE: &[&str] = &[
        "--save-baseline",
        "--baseline",
        "--baseline-lenient",
        "--load-baseline",
        "--sample-size",
        "--warm-up-time",
        "--measurement-time",
        "--nresamples",
        "--noise-threshold",
        "--confidence-level",
        "--significance-level",
        "--profile-time",
        "--output-format",
        "--format",
        "--color",
        "--plotting-backend",
        "-s",
        "-b",
        "-c",
    ];
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if TAKES_VALUE.contains(&a.as_str()) {
            args.next();
        } else if !a.starts_with('-') {
            return Some(a);
        }
    }
    None
}
