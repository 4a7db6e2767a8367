//! Output formats of `sitrep extract`: a document's JSON (its entries in the contract's view,
//! `sitrep_store::entry_json`), and a table.

use serde_json::{json, Value};
use sitrep_extract::{Count, Extraction};
use sitrep_store::entry_json;

/// One document as `{"document", "language", "entries"}`.
pub fn document_json(extraction: &Extraction, text: &str, document: &str) -> Value {
    let language = extraction.language.code();
    json!({
        "document": document,
        "language": language,
        "entries": extraction.entries.iter().map(|e| entry_json(e, text, document, language)).collect::<Vec<_>>(),
    })
}

/// Aligned columns for a terminal.
pub fn table(rows: &[(String, &Extraction, &str)]) -> String {
    let header = [
        "document",
        "id",
        "kind",
        "claimant",
        "perpetrator",
        "target",
        "type",
        "province",
        "district",
        "killed",
        "wounded",
        "date",
        "evidence",
    ];
    let mut lines: Vec<Vec<String>> = vec![header.iter().map(|h| h.to_string()).collect()];
    for (document, extraction, text) in rows {
        for e in &extraction.entries {
            let evidence: String = text.get(e.evidence.clone()).unwrap_or_default().chars().take(60).collect();
            lines.push(vec![
                document.clone(),
                e.id.clone(),
                e.kind.as_str().to_string(),
                e.claimant.clone().unwrap_or_default(),
                e.perpetrator.clone().unwrap_or_default(),
                e.target.clone().unwrap_or_default(),
                e.sub_event_type.clone().unwrap_or_default(),
                e.location.province.clone().unwrap_or_default(),
                e.location.district.clone().unwrap_or_default(),
                count_cell(e.killed.as_ref()),
                count_cell(e.wounded.as_ref()),
                e.date.map(|d| d.start.to_string()).unwrap_or_default(),
                evidence.replace('\n', " "),
            ]);
        }
    }
    columns(&lines)
}

/// A count for a table cell: `5`, `8+` (at least, best known), `>=3` (at least, no best), `low/best/high`.
pub fn count_cell(c: Option<&Count>) -> String {
    let opt = |v: Option<u32>| v.map_or("-".to_string(), |v| v.to_string());
    match c {
        None => String::new(),
        Some(c) => match (c.low, c.best, c.high) {
            (_, Some(b), _) if c.low == c.best && c.high == c.best => b.to_string(),
            (_, Some(b), None) => format!("{b}+"),
            (Some(l), None, None) => format!(">={l}"),
            (l, b, h) => format!("{}/{}/{}", opt(l), opt(b), opt(h)),
        },
    }
}

/// Aligned columns for a terminal, the first row a header; every column but the last is cut at 40
/// characters, the last is never cut.
pub fn columns(rows: &[Vec<String>]) -> String {
    let n = rows.first().map_or(0, Vec::len);
    let widths: Vec<usize> = (0..n)
        .map(|i| rows.iter().map(|r| r.get(i).map_or(0, |c| c.chars().count())).max().unwrap_or(0).min(40))
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == n {
                    cell.replace('\n', " ")
                } else {
                    let cell: String = cell.chars().take(widths[i]).collect();
                    let pad = widths[i].saturating_sub(cell.chars().count());
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}
