//! The development documents of `../shared`, for benchmarks and corpus tools: the one place that knows where
//! they live and how they are stored.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// `../shared` beside the checkout (or `SITREP_SHARED`), when it is there.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SITREP_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
    dir.is_dir().then_some(dir)
}

/// The distinct non-empty development texts, in a fixed order: `seeds/*.txt`, `dev/*.txt`, then the `text` of
/// each row of `data/isafpr/dev.jsonl` (rows that are not JSON objects with a text are skipped).
pub fn dev_documents(shared: &Path) -> Vec<String> {
    let mut docs = txt_files(&shared.join("seeds"));
    docs.extend(txt_files(&shared.join("dev")));
    if let Ok(jsonl) = std::fs::read_to_string(shared.join("data/isafpr/dev.jsonl")) {
        docs.extend(jsonl.lines().filter_map(|line| {
            let value: serde_json::Value = serde_json::from_str(line).ok()?;
            value.get("text")?.as_str().map(str::to_string)
        }));
    }
    let mut seen = HashSet::new();
    docs.retain(|d| !d.trim().is_empty() && seen.insert(d.clone()));
    docs
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
