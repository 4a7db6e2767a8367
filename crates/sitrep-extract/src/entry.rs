//! What extraction returns: entries whose every field carries the byte spans it was read from.

use std::collections::BTreeMap;
use std::ops::Range;

use sitrep_text::Language;

pub use sitrep_count::Count;
pub use sitrep_date::{DateRange, Precision};

/// What an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// One source's account of one incident.
    Event,
    /// A lead that rolls up incidents told later in the same document; counted once, through them.
    Summary,
    /// A statement about many incidents at once ("seven attacks ... 34 killed").
    Aggregate,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Event => "event",
            Kind::Summary => "summary",
            Kind::Aggregate => "aggregate",
        }
    }
}

/// Materiel reported destroyed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destroyed {
    pub item: String,
    /// `None` when the text gives no number ("tanks").
    pub count: Option<u32>,
}

/// A place on the gazetteer (or named in the text but not found there).
#[derive(Debug, Clone, PartialEq)]
pub struct Location {
    pub province: Option<String>,
    pub district: Option<String>,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// ACLED geo-precision: 1 town, 2 part of a district or near a town, 3 province.
    pub geo_precision: Option<u8>,
}

/// One entry: what one source says about one incident (or many, for an aggregate).
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Unique within the document: `e1`, `s1`, `a1`.
    pub id: String,
    pub kind: Kind,
    pub summarizes: Vec<String>,
    pub derived_from: Vec<String>,
    pub claimant: Option<String>,
    pub spokesperson: Option<String>,
    pub perpetrator: Option<String>,
    pub target: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub weapon: Option<String>,
    pub location: Location,
    pub killed: Option<Count>,
    pub wounded: Option<Count>,
    pub captured: Option<Count>,
    pub destroyed: Vec<Destroyed>,
    pub attacks: Option<u32>,
    pub provinces: Vec<String>,
    pub period: Option<String>,
    pub date: Option<DateRange>,
    /// Byte range of the original text that best states the entry.
    pub evidence: Range<usize>,
    /// For each field read from the text, the original byte ranges it was read from.
    pub spans: BTreeMap<&'static str, Vec<Range<usize>>>,
}

/// A problem met while reading a document; extraction goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub span: Option<Range<usize>>,
    pub message: String,
}

/// The result of extracting one document.
#[derive(Debug, Clone, PartialEq)]
pub struct Extraction {
    pub language: Language,
    pub entries: Vec<Entry>,
    pub diagnostics: Vec<Diagnostic>,
}
