//! The JSON views of what sitrep gives out: an entry as the output contract's object (`docs/output-contract.md`,
//! what `sitrep extract --format jsonl` prints), a stored entry as `sitrep events --format jsonl` prints it, and
//! a tally's rows. One view each, for the CLI and the Python binding alike.

use serde_json::{json, Map, Value};
use sitrep_extract::{Count, Entry};

use crate::{IncidentTally, StoredEntry, TallyDimension, FIGURE_COLUMNS};

/// One entry as the contract's JSON object: every key present, null when unknown.
pub fn entry_json(entry: &Entry, text: &str, document: &str, language: &str) -> Value {
    let count = |c: &Option<Count>| match c {
        Some(c) => json!({"low": c.low, "best": c.best, "high": c.high}),
        None => Value::Null,
    };
    let spans: Map<String, Value> = entry
        .spans
        .iter()
        .map(|(field, ranges)| {
            (field.to_string(), Value::Array(ranges.iter().map(|r| json!([r.start, r.end])).collect()))
        })
        .collect();
    let evidence = text.get(entry.evidence.clone()).unwrap_or_default();
    json!({
        "id": entry.id,
        "kind": entry.kind.as_str(),
        "summarizes": entry.summarizes,
        "derived_from": entry.derived_from,
        "claimant": entry.claimant,
        "spokesperson": entry.spokesperson,
        "perpetrator": entry.perpetrator,
        "target": entry.target,
        "event_type": entry.event_type,
        "sub_event_type": entry.sub_event_type,
        "weapon": entry.weapon,
        "province": entry.location.province,
        "district": entry.location.district,
        "place": entry.location.place,
        "lat": entry.location.lat,
        "lon": entry.location.lon,
        "geo_precision": entry.location.geo_precision,
        "killed": count(&entry.killed),
        "wounded": count(&entry.wounded),
        "captured": count(&entry.captured),
        "destroyed": entry.destroyed.iter().map(|d| json!({"item": d.item, "count": d.count})).collect::<Vec<_>>(),
        "attacks": entry.attacks,
        "provinces": entry.provinces,
        "period": entry.period,
        "date": entry.date.map(|d| json!({
            "start": d.start.to_string(),
            "end": d.end.to_string(),
            "precision": d.precision.as_str(),
        })),
        "evidence": {"start": entry.evidence.start, "end": entry.evidence.end, "text": evidence},
        "spans": spans,
        "document": document,
        "language": language,
    })
}

/// A stored entry: the contract's object plus `document_id` and `entry_id`, and the date's `basis` when the date
/// was fallen back on (an undated document's file date).
pub fn stored_entry_json(e: &StoredEntry) -> Value {
    // `entry_json` reads the evidence text out of the document's text; give it the evidence alone.
    let mut entry = e.entry.clone();
    entry.evidence = 0..e.evidence_text.len();
    let mut value = entry_json(&entry, &e.evidence_text, &e.document, &e.language);
    if let Some(evidence) = value.get_mut("evidence").and_then(Value::as_object_mut) {
        evidence.insert("start".into(), json!(e.entry.evidence.start));
        evidence.insert("end".into(), json!(e.entry.evidence.end));
    }
    if let (Some(basis), Some(date)) = (&e.date_basis, value.get_mut("date").and_then(Value::as_object_mut)) {
        date.insert("basis".into(), json!(basis));
    }
    if let Some(object) = value.as_object_mut() {
        object.insert("document_id".into(), json!(e.document_id));
        object.insert("entry_id".into(), json!(e.entry_id));
    }
    value
}

/// A tally row's figures in the order of [`FIGURE_COLUMNS`]; a high figure is `None` when some incident's
/// is unknown ("at least 5").
pub fn tally_figures(t: &IncidentTally) -> [Option<i64>; 9] {
    let (k, w, c) = (t.killed, t.wounded, t.captured);
    [Some(k.low), Some(k.best), k.high, Some(w.low), Some(w.best), w.high, Some(c.low), Some(c.best), c.high]
}

/// A tally row as an object: the key under the dimension's name, `incidents`, the figures, `provinces`.
pub fn tally_row_json(by: TallyDimension, t: &IncidentTally) -> Value {
    let mut o = Map::new();
    o.insert(by.as_str().into(), json!(t.key));
    o.insert("incidents".into(), json!(t.incidents));
    for (name, v) in FIGURE_COLUMNS.iter().zip(tally_figures(t)) {
        o.insert((*name).into(), json!(v));
    }
    o.insert("provinces".into(), json!(t.provinces));
    Value::Object(o)
}
