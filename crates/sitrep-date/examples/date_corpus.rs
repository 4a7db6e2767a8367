//! Dates over the development corpus of `../shared` (seeds, dev, the `text` of each row of
//! `data/isafpr/dev.jsonl`; `SITREP_SHARED` overrides the directory):
//!
//!     cargo run --release -p sitrep-date --example date_corpus -- dump > dates.txt   # every result, for diffs
//!     cargo run --release -p sitrep-date --example date_corpus -- time              # MB/s of each function

use std::collections::HashSet;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sitrep_date::{anchor, dateline, expressions, Date};
use sitrep_text::{detect_language, Folded, Language};

fn shared() -> PathBuf {
    std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn txt_files(dir: &Path) -> Vec<String> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect()
}

fn corpus() -> Vec<String> {
    let dir = shared();
    let mut docs = txt_files(&dir.join("seeds"));
    docs.extend(txt_files(&dir.join("dev")));
    if let Ok(jsonl) = std::fs::read_to_string(dir.join("data/isafpr/dev.jsonl")) {
        for line in jsonl.lines().filter(|l| !l.trim().is_empty()) {
            let value: serde_json::Value = serde_json::from_str(line).expect("a JSON object per line");
            if let Some(text) = value.get("text").and_then(|t| t.as_str()) {
                docs.push(text.to_string());
            }
        }
    }
    let mut seen = HashSet::new();
    docs.retain(|d| !d.trim().is_empty() && seen.insert(d.clone()));
    docs
}

const LANGS: [Language; 4] = [Language::English, Language::Arabic, Language::Dari, Language::Pashto];

fn dump(docs: &[(String, Language)]) {
    let published = Date::new(2019, 2, 20);
    for (n, (f, detected)) in docs.iter().enumerate() {
        println!("== doc {n} ({})", detected.code());
        for lang in LANGS {
            println!("expressions {}: {:?}", lang.code(), expressions(f, lang));
            println!("anchor {}: {:?}", lang.code(), anchor(f, lang, published));
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
