//! Dates known about a document from outside its text (when its file was written, when it was received),
//! for the event entries of a document that neither its text nor a publication date dates.

use sitrep_extract::{Date, DateRange, Entry, Extraction, Kind, Precision};

/// What a fallback day is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBasis {
    /// The day the file was last written (a file, a feed's file).
    FileDate,
    /// The day the document was received (standard input, the API).
    Received,
}

impl DateBasis {
    pub fn as_str(self) -> &'static str {
        match self {
            DateBasis::FileDate => "file date",
            DateBasis::Received => "date received",
        }
    }

    pub fn parse(s: &str) -> Option<DateBasis> {
        [DateBasis::FileDate, DateBasis::Received].into_iter().find(|b| b.as_str() == s)
    }
}

/// A day known about a document from outside its text, later than what it tells: the event entries of an
/// undated document take the week that ends on it (precision `week`), marked with its basis. The
/// extraction stays a function of the text and the publication date; this is applied after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateFallback {
    pub day: Date,
    pub basis: DateBasis,
}

impl DateFallback {
    /// The fallback of the UTC day holding `time` (a file's modification time, the time received).
    pub fn at(time: std::time::SystemTime, basis: DateBasis) -> Option<DateFallback> {
        let seconds = time.duration_since(std::time::UNIX_EPOCH).ok()?.as_secs();
        let day = Date::from_days(i64::try_from(seconds / 86_400).ok()?)?;
        Some(DateFallback { day, basis })
    }

    /// The date an undated event entry takes: the seven days ending on `day`.
    pub fn range(&self) -> DateRange {
        let start = self.day.add_days(-6).unwrap_or(self.day);
        DateRange { start, end: self.day, precision: Precision::Week }
    }

    /// Dates the undated event entries of `extraction`.
    pub fn apply(&self, extraction: &mut Extraction) {
        for e in extraction.entries.iter_mut().filter(|e| e.kind == Kind::Event && e.date.is_none()) {
            e.date = Some(self.range());
        }
    }

    /// Whether `entry`'s date is this fallback's (not read from its text, which gives a `date` span).
    pub fn dated(&self, entry: &Entry) -> bool {
        entry.date == Some(self.range()) && !entry.spans.contains_key("date")
    }
}
