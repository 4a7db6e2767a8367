//! Texts for the equivalence tests of the scanners (fast path against the plain one): the project's samples,
//! a line of edge cases, and the development documents of `../shared` when they are beside the checkout.

/// The samples, `extra`, and the seed, dev and ISAF development texts of `../shared` if present.
pub fn corpus(extra: &str) -> Vec<String> {
    let mut texts: Vec<String> = [
        include_str!("../../../data/samples/bulletin_ar.txt"),
        include_str!("../../../data/samples/compilation_en.txt"),
        include_str!("../../../data/samples/report_en.txt"),
        extra,
    ]
    .iter()
    .map(|t| t.to_string())
    .collect();
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    for dir in ["seeds", "dev"] {
        let Ok(rd) = std::fs::read_dir(shared.join(dir)) else { continue };
        texts.extend(rd.flatten().filter_map(|e| std::fs::read_to_string(e.path()).ok()));
    }
    if let Ok(isaf) = std::fs::read_to_string(shared.join("data/isafpr/dev.jsonl")) {
        texts.push(isaf);
    }
    texts
}
