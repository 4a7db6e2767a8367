//! Counts over the development corpus of `../shared` (seeds, dev, the `text` of each row of
//! `data/isafpr/dev.jsonl`; `SITREP_SHARED` overrides the directory):
//!
//!     cargo run --release -p sitrep-count --example count_corpus -- dump > counts.txt  # every result, for diffs
//!     cargo run --release -p sitrep-count --example count_corpus -- time             # MB/s of quantities()

use std::hint::black_box;
use std::time::{Duration, Instant};

use sitrep_count::{companions_after, known_arabic_dual, quantities, quantity_at, quantity_before};
use sitrep_text::{detect_language, Folded, Language};

/// The development documents; none when `../shared` is absent.
fn corpus() -> Vec<String> {
    sitrep_eval::shared_dir().map(|dir| sitrep_eval::dev_documents(&dir)).unwrap_or_default()
}

const LANGS: [Language; 4] = [Language::English, Language::Arabic, Language::Dari, Language::Pashto];

fn dump(docs: &[(String, Language)]) {
    for (n, (f, detected)) in docs.iter().enumerate() {
        println!("== doc {n} ({})", detected.code());
        for lang in LANGS {
            println!("quantities {}: {:?}", lang.code(), quantities(f, lang));
        }
        // The window functions at word starts (every few words: each reads up to 400 bytes).
        let starts: Vec<usize> = f
            .char_indices()
            .filter(|&(i, c)| c.is_alphanumeric() && f[..i].chars().next_back().is_none_or(|p| !p.is_alphanumeric()))
            .map(|(i, _)| i)
            .collect();
        for (k, &at) in starts.iter().enumerate() {
            if detected.is_arabic_script() {
                let end = f[at..].find(|c: char| !c.is_alphanumeric()).map_or(f.len(), |e| at + e);
                if known_arabic_dual(&f[at..end]) {
                    println!("dual {at}");
                }
            }
            if k % 5 != 0 {
                continue;
            }
            println!(
                "{at}: {:?} {:?} {:?}",
                quantity_at(f, at, *detected),
                quantity_before(f, at, *detected),
                companions_after(f, at, *detected)
            );
        }
    }
}

fn rate(docs: &[(String, Language)], run: impl Fn(&str, Language) -> usize) -> f64 {
    let bytes: usize = docs.iter().map(|(f, _)| f.len()).sum();
    let mut passes = 0u32;
    let mut results = 0usize;
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(3) || passes < 3 {
        results += docs.iter().map(|(f, l)| run(black_box(f), *l)).sum::<usize>();
        passes += 1;
    }
    black_box(results);
    (bytes as f64 * f64::from(passes)) / start.elapsed().as_secs_f64() / 1e6
}

fn main() {
    let docs: Vec<(String, Language)> =
        corpus().into_iter().map(|d| (Folded::new(&d).as_str().to_string(), detect_language(&d))).collect();
    match std::env::args().nth(1).as_deref() {
        Some("dump") => dump(&docs),
        _ => {
            let bytes: usize = docs.iter().map(|(f, _)| f.len()).sum();
            println!("{} documents, {:.2} MB folded", docs.len(), bytes as f64 / 1e6);
            println!("quantities: {:8.2} MB/s", rate(&docs, |f, l| quantities(f, l).len()));
        }
    }
}
