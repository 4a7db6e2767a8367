//! Entries as JSON: the extraction contract's keys (`../shared/gold/README.md`) plus where they are stored,
//! and, when the document's text is at hand, every span also in UTF-16 code units: the indices of a
//! JavaScript string, so the dashboard highlights Arabic text exactly without converting byte offsets.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{json, Map, Value};
use sitrep_extract::Count;
use sitrep_store::StoredEntry;

/// Byte offsets of one text turned into UTF-16 offsets. An offset inside a character (never produced by
/// the extractor) is taken back to that character's start.
pub struct Utf16Map {
    map: BTreeMap<usize, usize>,
}

impl Utf16Map {
    /// The UTF-16 offsets of `offsets` (bytes) in `text`, in one pass.
    pub fn new(text: &str, offsets: impl IntoIterator<Item = usize>) -> Utf16Map {
        let mut wanted: Vec<usize> = offsets.into_iter().collect();
        wanted.sort_unstable();
        wanted.dedup();
        let mut map = BTreeMap::new();
        let mut wanted = wanted.into_iter().peekable();
        let (mut units, mut previous) = (0, 0);
        for (byte, c) in text.char_indices().chain(std::iter::once((text.len(), '\0'))) {
            while let Some(&w) = wanted.peek() {
                if w > byte {
                    break;
                }
                // `w` lies in the previous character when `w < byte`: that character's start.
                map.insert(w, if w == byte { units } else { previous });
                wanted.next();
            }
            previous = units;
            units += c.len_utf16();
        }
        // Past the end: the end.
        let total = text.encode_utf16().count();
        for w in wanted {
            map.insert(w, total);
        }
        Utf16Map { map }
    }

    pub fn get(&self, byte: usize) -> Option<usize> {
        self.map.get(&byte).copied()
    }
}

fn count(c: &Option<Count>) -> Value {
    match c {
        Some(c) => json!({"low": c.low, "best": c.best, "high": c.high}),
        None => Value::Null,
    }
}

fn ranges(rs: &[Range<usize>]) -> Value {
    Value::Array(rs.iter().map(|r| json!([r.start, r.end])).collect())
}

/// The byte offsets an entry refers to, for [`Utf16Map::new`].
pub fn offsets(e: &StoredEntry) -> impl Iterator<Item = usize> + '_ {
    let x = &e.entry;
    [x.evidence.start, x.evidence.end].into_iter().chain(x.spans.values().flatten().flat_map(|r| [r.start, r.end]))
}

/// One stored entry. With `utf16`, also `evidence.start_utf16/end_utf16` and `spans_utf16`.
pub fn entry_json(e: &StoredEntry, utf16: Option<&Utf16Map>) -> Value {
    let x = &e.entry;
    let spans: Map<String, Value> = x.spans.iter().map(|(f, rs)| (f.to_string(), ranges(rs))).collect();
    let mut evidence = json!({"start": x.evidence.start, "end": x.evidence.end, "text": e.evidence_text});
    let mut value = json!({
        "entry_id": e.entry_id,
        "document_id": e.document_id,
        "id": x.id,
        "kind": x.kind.as_str(),
        "summarizes": x.summarizes,
        "derived_from": x.derived_from,
        "claimant": x.claimant,
        "spokesperson": x.spokesperson,
        "perpetrator": x.perpetrator,
        "target": x.target,
        "event_type": x.event_type,
        "sub_event_type": x.sub_event_type,
        "weapon": x.weapon,
        "province": x.location.province,
        "district": x.location.district,
        "place": x.location.place,
        "lat": x.location.lat,
        "lon": x.location.lon,
        "geo_precision": x.location.geo_precision,
        "killed": count(&x.killed),
        "wounded": count(&x.wounded),
        "captured": count(&x.captured),
        "destroyed": x.destroyed.iter().map(|d| json!({"item": d.item, "count": d.count})).collect::<Vec<_>>(),
        "attacks": x.attacks,
        "provinces": x.provinces,
        "period": x.period,
        "date": x.date.map(|d| json!({
            "start": d.start.to_string(),
            "end": d.end.to_string(),
            "precision": d.precision.as_str(),
        })),
        "spans": spans,
        "document": e.document,
        "source": e.source,
        "language": e.language,
    });
    if let Some(map) = utf16 {
        let at = |b: usize| map.get(b).map_or(Value::Null, Value::from);
        if let Some(ev) = evidence.as_object_mut() {
            ev.insert("start_utf16".into(), at(x.evidence.start));
            ev.insert("end_utf16".into(), at(x.evidence.end));
        }
        let spans16: Map<String, Value> = x
            .spans
            .iter()
            .map(|(f, rs)| (f.to_string(), Value::Array(rs.iter().map(|r| json!([at(r.start), at(r.end)])).collect())))
            .collect();
        if let Some(o) = value.as_object_mut() {
            o.insert("spans_utf16".into(), Value::Object(spans16));
        }
    }
    if let Some(o) = value.as_object_mut() {
        o.insert("evidence".into(), evidence);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::Utf16Map;

    #[test]
    fn utf16_offsets_of_arabic_and_astral_text() {
        let text = "قال 𝔸 ok";
        // "قال" is 3 letters of 2 bytes; space; 𝔸 is 4 bytes, 2 UTF-16 units.
        let m = Utf16Map::new(text, [0, 6, 7, 9, 11, 12, 14, 99, 1]);
        assert_eq!(m.get(0), Some(0));
        assert_eq!(m.get(6), Some(3));
        assert_eq!(m.get(7), Some(4));
        assert_eq!(m.get(9), Some(4));
        assert_eq!(m.get(11), Some(6));
        assert_eq!(m.get(12), Some(7));
        assert_eq!(m.get(14), Some(9));
        assert_eq!(m.get(99), Some(9));
        assert_eq!(m.get(1), Some(0));
    }
}
