//! What the linker knows of an entry: the fields that identify an incident, with dates as day numbers.

use sitrep_text::{fnv1a, FNV_OFFSET};

/// `event`, `summary` or `aggregate`, as in the extraction contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    Event,
    Summary,
    Aggregate,
}

/// A figure as low / best / high.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Figure {
    pub low: Option<u32>,
    pub best: Option<u32>,
    pub high: Option<u32>,
}

impl Figure {
    /// The figure a tally adds: best, else low.
    pub fn value(&self) -> Option<u32> {
        self.best.or(self.low)
    }
}

/// Inclusive range of days (days since 1970-01-01, as `sitrep_date::Date::days`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    pub start: i64,
    pub end: i64,
}

/// One stored entry, as the linker sees it.
#[derive(Debug, Clone)]
pub struct LinkEntry {
    /// The store's entry id: unique over all documents.
    pub id: i64,
    /// What orders entries whatever order they were stored in (the store hashes the document's content and
    /// the entry's local id): ties in linking are broken by it, so that the incidents do not depend on the
    /// ingest order.
    pub key: u64,
    pub document: i64,
    /// Where its evidence starts in its document (bytes): entries told side by side are near.
    pub offset: usize,
    /// The id within its document (`e1`), which `summarizes` / `derived_from` name.
    pub local_id: String,
    pub kind: EntryKind,
    pub summarizes: Vec<String>,
    pub derived_from: Vec<String>,
    pub claimant: Option<String>,
    pub perpetrator: Option<String>,
    pub target: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub province: Option<String>,
    pub district: Option<String>,
    pub place: Option<String>,
    /// The incident's date as the entry's own words state it (not the date of its report).
    pub date: Option<DayRange>,
    /// The day of the entry's report (its dateline's, else its publication's), when known: the incident lies
    /// on or before it.
    pub published: Option<i64>,
    pub killed: Option<Figure>,
    pub wounded: Option<Figure>,
    pub captured: Option<Figure>,
    pub attacks: Option<u32>,
    /// Hashed word pairs of the evidence text, sorted and deduplicated ([`shingles`]).
    pub shingles: Vec<u32>,
}

impl LinkEntry {
    /// An event with nothing known but its ids; its key hashes the document id and the local id.
    pub fn new(id: i64, document: i64, local_id: impl Into<String>) -> LinkEntry {
        let local_id = local_id.into();
        LinkEntry {
            id,
            key: fnv1a(fnv1a(FNV_OFFSET, &document.to_le_bytes()), local_id.as_bytes()),
            document,
            offset: 0,
            local_id,
            kind: EntryKind::Event,
            summarizes: Vec::new(),
            derived_from: Vec::new(),
            claimant: None,
            perpetrator: None,
            target: None,
            event_type: None,
            sub_event_type: None,
            province: None,
            district: None,
            place: None,
            date: None,
            published: None,
            killed: None,
            wounded: None,
            captured: None,
            attacks: None,
            shingles: Vec::new(),
        }
    }
}

/// Hashed pairs of consecutive words (letters and digits of any script, lower-cased), sorted and
/// deduplicated: republished or lightly edited copies of a wire story share most of them.
pub fn shingles(text: &str) -> Vec<u32> {
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect();
    let mut out: Vec<u32> = words.windows(2).map(|w| pair_hash(&w[0], &w[1])).collect();
    if words.len() == 1 {
        out.push(pair_hash(&words[0], ""));
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn pair_hash(a: &str, b: &str) -> u32 {
    let h = fnv1a(fnv1a(fnv1a(FNV_OFFSET, a.as_bytes()), &[0]), b.as_bytes());
    (h ^ (h >> 32)) as u32
}

/// Jaccard similarity of two sorted, deduplicated shingle lists.
pub fn jaccard(a: &[u32], b: &[u32]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f32 / (a.len() + b.len() - common) as f32
}
