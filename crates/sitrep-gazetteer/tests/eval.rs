//! Figures on real and neutral text: gold province/district hit rates, ISAF press-release provinces, and
//! false-positive places per 10,000 words of prose without Afghan places. Data from `/work/shared` is read
//! when present (a message says when it is skipped).

use std::path::Path;

use serde_json::Value;
use sitrep_gazetteer::{Context, Gazetteer, Level, Resolved};
use sitrep_text::Folded;

const SHARED: &str = "/work/shared";

fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Gold values of a field: a string or a list (nulls dropped).
fn gold_values(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a.iter().filter_map(|x| x.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

/// Whether a gold spelling names the resolved canonical name (through the gazetteer's search when not equal).
fn same_place(g: &Gazetteer, gold: &str, canonical: &str) -> bool {
    norm(gold) == norm(canonical) || g.search(gold, 3).iter().any(|c| norm(&c.name) == norm(canonical))
}

fn hit(g: &Gazetteer, gold: &[String], got: &[Option<String>]) -> bool {
    gold.iter().any(|gv| got.iter().flatten().any(|n| same_place(g, gv, n)))
}

#[test]
fn gold_evidence_places() {
    let dir = Path::new(SHARED).join("gold");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} absent", dir.display());
        return;
    };
    let g = Gazetteer::embedded();
    let mut files: Vec<_> =
        rd.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "json")).collect();
    files.sort();
    let (mut p_n, mut p_ev, mut p_doc, mut d_n, mut d_ev, mut d_doc) = (0, 0, 0, 0, 0, 0);
    for f in files {
        let Ok(v) = serde_json::from_str::<Value>(&std::fs::read_to_string(&f).unwrap_or_default()) else {
            continue;
        };
        let Some(doc) = v["document"].as_str() else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(Path::new(SHARED).join(doc)) else {
            continue;
        };
        let folded_doc = Folded::new(&text);
        let ctx = Context::for_document(g, folded_doc.as_str());
        let doc_places: Vec<Resolved> = g.resolve(&g.mentions(folded_doc.as_str()), &ctx);
        for e in v["events"].as_array().into_iter().flatten() {
            let ev = match &e["evidence"] {
                Value::String(s) => s.clone(),
                o => o["text"].as_str().unwrap_or("").to_string(),
            };
            let folded = Folded::new(&ev);
            let places = g.resolve(&g.mentions(folded.as_str()), &ctx);
            let provinces: Vec<Option<String>> = places.iter().map(|r| r.province.map(str::to_string)).collect();
            let districts: Vec<Option<String>> = places.iter().map(|r| r.district.map(str::to_string)).collect();
            let doc_prov: Vec<Option<String>> = doc_places.iter().map(|r| r.province.map(str::to_string)).collect();
            let doc_dist: Vec<Option<String>> = doc_places.iter().map(|r| r.district.map(str::to_string)).collect();
            let gp = gold_values(&e["province"]);
            if !gp.is_empty() {
                p_n += 1;
                p_ev += usize::from(hit(g, &gp, &provinces));
                p_doc += usize::from(hit(g, &gp, &doc_prov));
            }
            let gd = gold_values(&e["district"]);
            if !gd.is_empty() {
                d_n += 1;
                let h = hit(g, &gd, &districts);
                d_ev += usize::from(h);
                d_doc += usize::from(hit(g, &gd, &doc_dist));
                if !h {
                    eprintln!("district miss in evidence: {gd:?} | {}", ev.chars().take(90).collect::<String>());
                }
            }
        }
    }
    let pct = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            100.0 * a as f64 / b as f64
        }
    };
    eprintln!(
        "gold provinces: in evidence {p_ev}/{p_n} ({:.1}%), in document {p_doc}/{p_n} ({:.1}%)",
        pct(p_ev, p_n),
        pct(p_doc, p_n)
    );
    eprintln!(
        "gold districts: in evidence {d_ev}/{d_n} ({:.1}%), in document {d_doc}/{d_n} ({:.1}%)",
        pct(d_ev, d_n),
        pct(d_doc, d_n)
    );
    assert!(pct(p_doc, p_n) >= 95.0 && pct(d_doc, d_n) >= 90.0);
}

#[test]
fn isaf_press_release_provinces() {
    let path = Path::new(SHARED).join("data/isafpr/dev.jsonl");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} absent", path.display());
        return;
    };
    let g = Gazetteer::embedded();
    let (mut n, mut first, mut any, mut dateline_kabul) = (0, 0, 0, 0);
    for line in text.lines() {
        let Ok(v) = serde_json::from_str::<Value>(line) else {
            continue;
        };
        let gold = gold_values(&v["gold"]["province"]);
        let Some(doc) = v["text"].as_str() else {
            continue;
        };
        if gold.is_empty() {
            continue;
        }
        n += 1;
        let folded = Folded::new(doc);
        let places = g.locate(folded.as_str());
        let provinces: Vec<Option<String>> = places.iter().map(|r| r.province.map(str::to_string)).collect();
        if hit(g, &gold, &provinces[..provinces.len().min(1)]) {
            first += 1;
        }
        if hit(g, &gold, &provinces) {
            any += 1;
        }
        if !sitrep_gazetteer::datelines(folded.as_str()).is_empty() {
            dateline_kabul += 1;
        }
    }
    let pct = |a: usize| 100.0 * a as f64 / n.max(1) as f64;
    eprintln!(
        "ISAF releases: gold province = first resolved place's province {first}/{n} ({:.1}%), among resolved {any}/{n} ({:.1}%); datelines found in {dateline_kabul}",
        pct(first),
        pct(any)
    );
    assert!(pct(any) >= 90.0);
}

#[test]
fn false_positives_on_neutral_prose() {
    let g = Gazetteer::embedded();
    let mut words = 0;
    let mut fps = Vec::new();
    for text in [include_str!("data/neutral_en.txt"), include_str!("data/neutral_ar.txt")] {
        words += text.split_whitespace().count();
        let folded = Folded::new(text);
        for r in g.locate(folded.as_str()) {
            if r.level != Level::Country {
                fps.push(format!("{} ({})", &text[folded.original_range(r.range.clone())], r.name));
            }
        }
    }
    let per10k = fps.len() as f64 * 10_000.0 / words as f64;
    eprintln!("false positives: {} in {words} words = {per10k:.1} per 10,000 words {fps:?}", fps.len());
    assert!(per10k <= 20.0, "{fps:?}");
}
