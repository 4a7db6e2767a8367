//! `sitrep eval`: extraction scored on gold files in-process, as `../shared/tools/evaluate.sh` scores a build,
//! with figures per language and, on request, every miss with its text.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value;
use sitrep_eval::{GoldDoc, Report};
use sitrep_extract::{extract, Date, Metadata};

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Folder of gold `*.json` files.
    #[arg(long)]
    gold: PathBuf,
    /// Folder the gold files' `document` paths are relative to.
    #[arg(long)]
    docs: PathBuf,
    /// Score only the gold files of these languages (comma-separated: ar, en, fa, ps).
    #[arg(long, value_delimiter = ',')]
    lang: Vec<String>,
    /// Also list, per language, each gold entry not found, each output entry not in gold, and the fields on
    /// which paired entries disagree, each with its text.
    #[arg(long)]
    misses: bool,
}

/// One scored document: its gold, its text, the extractor's entries as the output contract prints them.
type Scored = (GoldDoc, String, Vec<Value>);

pub fn run_eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let gold = sitrep_eval::load_gold(&args.gold).map_err(anyhow::Error::msg)?;
    let mut scored: Vec<Scored> = Vec::new();
    for doc in gold {
        if !args.lang.is_empty() && !doc.language.as_ref().is_some_and(|l| args.lang.contains(l)) {
            continue;
        }
        let text = sitrep_eval::read_document(&args.docs, &doc).map_err(anyhow::Error::msg)?;
        let predictions = predict(&args.docs, &doc, &text);
        scored.push((doc, text, predictions));
    }
    let report = sitrep_eval::score(&scored);
    if args.misses {
        print_misses(&scored, &report);
    }
    print!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// Extracts one gold document as `evaluate.sh` runs it (with the gold's published date).
fn predict(docs_root: &Path, doc: &GoldDoc, text: &str) -> Vec<Value> {
    let published = doc.published.as_deref().and_then(|p| p.parse::<Date>().ok());
    let path = docs_root.join(&doc.document).display().to_string();
    let received = sitrep_input::date_fallback(&path).map(|f| f.day);
    let extraction = extract(text, &Metadata { published, language: None, received });
    extraction.entries.iter().map(|e| sitrep_store::entry_json(e, text, &path, extraction.language.code())).collect()
}

fn print_misses(scored: &[Scored], report: &Report) {
    let mut languages: Vec<&str> = scored.iter().map(|(g, ..)| g.language.as_deref().unwrap_or("?")).collect();
    languages.sort_unstable();
    languages.dedup();
    for lang in languages {
        println!("=== {lang}");
        for ((gold, _, preds), doc) in scored.iter().zip(&report.docs) {
            if gold.language.as_deref().unwrap_or("?") != lang {
                continue;
            }
            let golds: &[Value] = gold.gold.get("events").and_then(Value::as_array).map_or(&[], Vec::as_slice);
            for &i in &doc.missed {
                println!("{} {}: not found: {}", doc.name, id(&golds[i]), evidence(&golds[i]));
            }
            for &j in &doc.spurious {
                println!("{} {}: not in gold: {}", doc.name, id(&preds[j]), evidence(&preds[j]));
            }
            let mut last = None;
            for d in &doc.disagreements {
                if last != Some((d.gold, d.output)) {
                    println!(
                        "{} {} ~ {}: {}",
                        doc.name,
                        id(&golds[d.gold]),
                        id(&preds[d.output]),
                        evidence(&preds[d.output])
                    );
                    last = Some((d.gold, d.output));
                }
                let key = d.field.trim_end_matches("_best").trim_end_matches("_claim");
                println!(
                    "    {}: gold {} | output {}",
                    d.field,
                    shown(&golds[d.gold], key),
                    shown(&preds[d.output], key)
                );
            }
        }
    }
}

fn id(entry: &Value) -> &str {
    entry.get("id").and_then(Value::as_str).unwrap_or("?")
}

/// An entry's evidence text on one line: gold gives a string, output `{start, end, text}`.
fn evidence(entry: &Value) -> String {
    let ev = match entry.get("evidence") {
        Some(Value::String(s)) => s.as_str(),
        Some(e) => e.get("text").and_then(Value::as_str).unwrap_or(""),
        None => "",
    };
    ev.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's value as compact JSON (the date's start only).
fn shown(entry: &Value, key: &str) -> String {
    let v = entry.get(key).unwrap_or(&Value::Null);
    let v = if key == "date" { v.get("start").unwrap_or(&Value::Null) } else { v };
    v.to_string()
}
