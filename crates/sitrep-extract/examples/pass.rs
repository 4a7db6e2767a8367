//! Extraction passes over the bench corpus (the development documents of `../shared`), for profilers: a first
//! pass builds the embedded data, then `measured` runs PASSES more (default 1), untimed. Count its instructions:
//!
//!     valgrind --tool=callgrind --dump-instr=no --toggle-collect='*pass::measured*' \
//!         target/fast/examples/pass [PASSES]

#[global_allocator]
static ALLOCATOR: sitrep_alloc::Allocator = sitrep_alloc::Allocator;

#[inline(never)]
fn measured(docs: &[String], passes: usize) -> usize {
    let meta = sitrep_extract::Metadata::default();
    (0..passes)
        .map(|_| {
            docs.iter().map(|d| std::hint::black_box(sitrep_extract::extract(d, &meta)).entries.len()).sum::<usize>()
        })
        .sum()
}

fn main() {
    let Some(shared) = sitrep_eval::shared_dir() else {
        eprintln!("../shared (the development documents) is not beside the checkout");
        std::process::exit(2);
    };
    let passes = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1);
    let docs = sitrep_eval::dev_documents(&shared);
    let meta = sitrep_extract::Metadata::default();
    let warm: usize = docs.iter().map(|d| sitrep_extract::extract(d, &meta).entries.len()).sum();
    let n = measured(&docs, passes);
    println!(
        "{} documents, {} bytes, {warm} entries a pass, {n} in {passes} measured",
        docs.len(),
        docs.iter().map(String::len).sum::<usize>()
    );
}
