//! Entries as JSON: the extraction contract's keys (`docs/output-contract.md`) plus where they are stored,
//! and, when the document's text is at hand, every span also in UTF-16 code units: the indices of a
//! JavaScript string, so the dashboard highlights Arabic text exactly without converting byte offsets.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::ser::{SerializeMap as _, Serializer};
use serde::Serialize;
use serde_json::Value;
use sitrep_extract::Count;
use sitrep_store::{SourceReport, StoredEntry};

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

#[derive(Serialize)]
struct CountOut {
    low: Option<u32>,
    best: Option<u32>,
    high: Option<u32>,
}

fn count(c: &Option<Count>) -> Option<CountOut> {
    c.as_ref().map(|c| CountOut { low: c.low, best: c.best, high: c.high })
}

#[derive(Serialize)]
struct DestroyedOut<'a> {
    item: &'a str,
    count: Option<u32>,
}

#[derive(Serialize)]
struct DateOut<'a> {
    start: String,
    end: String,
    precision: &'static str,
    /// Only for a date fallen back on, not read: what the day was ("file date", "date received").
    #[serde(skip_serializing_if = "Option::is_none")]
    basis: Option<&'a str>,
}

/// `{"field": [[start, end], ...]}` in bytes, or with a map in UTF-16 units (`null` where unknown).
struct SpansOut<'a> {
    spans: &'a BTreeMap<&'static str, Vec<Range<usize>>>,
    utf16: Option<&'a Utf16Map>,
}

impl Serialize for SpansOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.spans.len()))?;
        for (field, ranges) in self.spans {
            match self.utf16 {
                None => map.serialize_entry(field, &ranges.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>())?,
                Some(m) => map.serialize_entry(
                    field,
                    &ranges.iter().map(|r| [m.get(r.start), m.get(r.end)]).collect::<Vec<_>>(),
                )?,
            }
        }
        map.end()
    }
}

#[derive(Serialize)]
struct EvidenceOut<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    start_utf16: Option<Option<usize>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_utf16: Option<Option<usize>>,
}

/// One stored entry as the API answers it, serialised straight from the stored entry (no JSON tree per
/// row): the extraction contract's keys, where it is stored, and with a [`Utf16Map`] also
/// `evidence.start_utf16/end_utf16` and `spans_utf16`.
#[derive(Serialize)]
pub struct EntryOut<'a> {
    entry_id: i64,
    document_id: i64,
    id: &'a str,
    kind: &'static str,
    summarizes: &'a [String],
    derived_from: &'a [String],
    claimant: &'a Option<String>,
    spokesperson: &'a Option<String>,
    perpetrator: &'a Option<String>,
    target: &'a Option<String>,
    event_type: &'a Option<String>,
    sub_event_type: &'a Option<String>,
    weapon: &'a Option<String>,
    province: &'a Option<String>,
    district: &'a Option<String>,
    place: &'a Option<String>,
    lat: Option<f64>,
    lon: Option<f64>,
    geo_precision: Option<u8>,
    killed: Option<CountOut>,
    wounded: Option<CountOut>,
    captured: Option<CountOut>,
    destroyed: Vec<DestroyedOut<'a>>,
    attacks: Option<u32>,
    provinces: &'a [String],
    period: &'a Option<String>,
    date: Option<DateOut<'a>>,
    spans: SpansOut<'a>,
    document: &'a str,
    source: &'a Option<String>,
    language: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    spans_utf16: Option<SpansOut<'a>>,
    evidence: EvidenceOut<'a>,
}

impl<'a> EntryOut<'a> {
    pub fn new(e: &'a StoredEntry, utf16: Option<&'a Utf16Map>) -> EntryOut<'a> {
        let x = &e.entry;
        let l = &x.location;
        EntryOut {
            entry_id: e.entry_id,
            document_id: e.document_id,
            id: &x.id,
            kind: x.kind.as_str(),
            summarizes: &x.summarizes,
            derived_from: &x.derived_from,
            claimant: &x.claimant,
            spokesperson: &x.spokesperson,
            perpetrator: &x.perpetrator,
            target: &x.target,
            event_type: &x.event_type,
            sub_event_type: &x.sub_event_type,
            weapon: &x.weapon,
            province: &l.province,
            district: &l.district,
            place: &l.place,
            lat: l.lat,
            lon: l.lon,
            geo_precision: l.geo_precision,
            killed: count(&x.killed),
            wounded: count(&x.wounded),
            captured: count(&x.captured),
            destroyed: x.destroyed.iter().map(|d| DestroyedOut { item: &d.item, count: d.count }).collect(),
            attacks: x.attacks,
            provinces: &x.provinces,
            period: &x.period,
            date: x.date.map(|d| DateOut {
                start: d.start.to_string(),
                end: d.end.to_string(),
                precision: d.precision.as_str(),
                basis: e.date_basis.as_deref(),
            }),
            spans: SpansOut { spans: &x.spans, utf16: None },
            document: &e.document,
            source: &e.source,
            language: &e.language,
            spans_utf16: utf16.map(|m| SpansOut { spans: &x.spans, utf16: Some(m) }),
            evidence: EvidenceOut {
                start: x.evidence.start,
                end: x.evidence.end,
                text: &e.evidence_text,
                start_utf16: utf16.map(|m| m.get(x.evidence.start)),
                end_utf16: utf16.map(|m| m.get(x.evidence.end)),
            },
        }
    }
}

/// The byte offsets an entry refers to, for [`Utf16Map::new`].
pub fn offsets(e: &StoredEntry) -> impl Iterator<Item = usize> + '_ {
    let x = &e.entry;
    [x.evidence.start, x.evidence.end].into_iter().chain(x.spans.values().flatten().flat_map(|r| [r.start, r.end]))
}

/// One stored entry as a JSON value ([`EntryOut`]), for answers that add to it.
pub fn entry_json(e: &StoredEntry, utf16: Option<&Utf16Map>) -> Value {
    serde_json::to_value(EntryOut::new(e, utf16)).unwrap_or(Value::Null)
}

/// A watched source with what its polls and fetches did (`/api/sources`, `sitrep sources --format jsonl`).
pub fn source_json(r: &SourceReport) -> Value {
    serde_json::json!({
        "location": r.location, "kind": r.kind, "polls": r.polls, "last_success": r.last_success,
        "last_error": r.last_error.as_ref().map(|(at, error)| serde_json::json!({"at": at, "error": error})),
        "items": r.items, "stored": r.stored, "failed_fetches": r.failed_fetches,
    })
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
