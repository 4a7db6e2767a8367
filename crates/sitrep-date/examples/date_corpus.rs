//! Dates over the development corpus of `../shared` (seeds, dev, the `text` of each row of
//! `data/isafpr/dev.jsonl`; `SITREP_SHARED` overrides the directory):
//!
//!     cargo run --release -p sitrep-date --example date_corpus -- dump > dates.txt   # every result, for diffs
//!     cargo run --release -p sitrep-date --example date_corpus -- time              # MB/s of each function

use std::hint::black_box;
use std::time::{Duration, Instant};

use sitrep_date::{anchor, anchor_from, dateline, dateline_and_expressions, expressions, Date};
use sitrep_text::{detect_language, Folded, Language};

/// The development documents; none when `../shared` is absent.
fn corpus() -> Vec<String> {
    sitrep_eval::shared_dir().map(|dir| sitrep_eval::dev_documents(&dir)).unwrap_or_default()
}

const LANGS: [Language; 4] = [Language::English, Language::Arabic, Language::Dari, Language::Pashto];

fn dump(docs: &[(String, Language)]) {
    let published = Date::new(2019, 2, 20);
    for (n, (f, detected)) in docs.iter().enumerate() {
        println!("== doc {n} ({})", detected.code());
        for lang in LANGS {
            println!("expressions {}: {:?}", lang.code(), expressions(f, lang));
            println!("anchor {}: {:?}", lang.code(), anchor(f, lang, published));
            for p in [None, published] {
                let (line, exprs) = dateline_and_expressions(f, lang, p);
                println!("dateline and expressions {} {p:?}: {line:?} {exprs:?}", lang.code());
                println!(
                    "anchor from {} {p:?}: {:?}",
                    lang.code(),
                    anchor_from(f, line.as_ref().map(|(r, _)| r), &exprs, p)
                );
            }
        }
        println!("dateline none: {:?}", dateline(f, None));
        println!("dateline published: {:?}", dateline(f, published));
        println!("anchor none: {:?}", anchor(f, *detected, None));
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
            let published = Date::new(2019, 2, 20);
            println!("expressions: {:8.2} MB/s", rate(&docs, |f, l| expressions(f, l).len()));
            println!("dateline:    {:8.2} MB/s", rate(&docs, |f, _| dateline(f, published).is_some() as usize));
            println!("anchor:      {:8.2} MB/s", rate(&docs, |f, l| anchor(f, l, published).is_some() as usize));
        }
    }
}
