//! Links a generated store of 100,000 entries (`tests/bulletins`: bulletins, ministry statements, wire stories
//! and local reports whose true incidents are known) and prints pairwise precision and recall, the monthly
//! tally against the truth, and the time to store and to link.
//!
//! `cargo run --profile fast -p sitrep-store --example generated_links [ENTRIES]`

#[path = "../tests/bulletins/mod.rs"]
mod bulletins;

use std::time::Instant;

use sitrep_reconcile::Config;
use sitrep_store::Storage;

fn main() {
    let entries: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let started = Instant::now();
    let generated = bulletins::generate(entries, 7);
    println!(
        "generated {} documents, {} entries, {} incidents in {:.1} s",
        generated.documents.len(),
        generated.truth.len(),
        generated.days.len(),
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let mut store = bulletins::stored(&generated.documents);
    println!("stored in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let summary = store.relink(&Config::default()).expect("linked");
    println!(
        "linked in {:.1} s: {} incidents, {} pairs compared",
        started.elapsed().as_secs_f64(),
        summary.incidents,
        summary.compared
    );
    let score = bulletins::score(&mut store, &generated);
    println!("{} incidents found, {} true; {}", score.incidents.len(), generated.days.len(), score.summary());
}
