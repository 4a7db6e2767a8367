//! Throughput of `Gazetteer::mentions` over a few MB of real text assembled at bench time from
//! `/work/shared/dev/*.txt`, `/work/shared/seeds/*.txt` and the ISAF press releases (skipped with a
//! message when absent), plus the one-off index build.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sitrep_gazetteer::Gazetteer;
use sitrep_text::Folded;

fn corpus() -> Option<String> {
    let shared = Path::new("/work/shared");
    let mut parts = Vec::new();
    for dir in ["dev", "seeds"] {
        let Ok(rd) = std::fs::read_dir(shared.join(dir)) else {
            continue;
        };
        let mut files: Vec<_> =
            rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "txt")).collect();
        files.sort();
        for f in files {
            parts.push(std::fs::read_to_string(f).unwrap_or_default());
        }
    }
    if let Ok(isaf) = std::fs::read_to_string(shared.join("data/isafpr/dev.jsonl")) {
        for line in isaf.lines() {
            if let Ok(v) = serde_json::from_str::<serde_json::Value>(line) {
                parts.push(v["text"].as_str().unwrap_or("").to_string());
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let one = parts.join("\n\n");
    let mut text = String::new();
    while text.len() < 4_000_000 {
        text.push_str(&one);
        text.push_str("\n\n");
    }
    Some(text)
}

fn bench(c: &mut Criterion) {
    c.bench_function("parse embedded gazetteer", |b| {
        b.iter(|| {
            Gazetteer::parse(
                include_str!("../../../data/gazetteer/units.tsv"),
                include_str!("../../../data/gazetteer/names.tsv"),
            )
            .map(|g| g.units().len())
        })
    });
    let Some(text) = corpus() else {
        eprintln!("skipped: /work/shared absent, no corpus for the mentions bench");
        return;
    };
    let folded = Folded::new(&text);
    let g = Gazetteer::embedded();
    let n = g.mentions(folded.as_str()).len();
    assert!(n > 1000, "the corpus names places: {n}");
    let mut group = c.benchmark_group("mentions");
    group.throughput(Throughput::Bytes(folded.as_str().len() as u64));
    group.sample_size(10);
    group.bench_function("mentions over dev+seeds+isafpr", |b| b.iter(|| g.mentions(folded.as_str()).len()));
    group.bench_function("locate over dev+seeds+isafpr", |b| b.iter(|| g.locate(folded.as_str()).len()));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
