//! Extraction: one document in, every event, summary and aggregate claim out, each field tied to the bytes
//! that state it.
//!
//! ```text
//! text ──fold──▶ folded text + offset map ──scan──▶ vocabulary hits, place mentions, figures, dates
//!      ──segment──▶ units ──read──▶ per-unit fields ──assemble──▶ entries ──map back──▶ original spans
//! ```
//!
//! Architecture invariant: [`extract`] is a pure function of the text, its metadata and the embedded
//! vocabularies and gazetteer. No I/O, no clock, no randomness; it never fails, returning what it could
//! read with diagnostics.
//!
//! Counting convention (`killed`, `wounded`, `captured` as low/best/high): see [`sitrep_count`]. An exact
//! number gives low = best = high; "at least N" low = best = N; vague words only `low` ("several" 3,
//! "dozens" 12); "others" or "all on board" low 1; an Arabic plural without a number low 3. A report's
//! figures on all sides add up ("21 Taliban and seven Daesh fighters" = 28); a figure after "including"
//! is part of the one before.

pub use entry::{
    Count, DateRange, Destroyed, Diagnostic, Entry, Extraction, Kind, Location, Precision,
};
pub use sitrep_date::Date;
pub use sitrep_text::Language;

mod assemble;
mod entry;
mod finish;
mod places;
mod reading;
mod units;
mod words;

use sitrep_gazetteer::Gazetteer;
use sitrep_lexicon::{Cue, Hit, Lexicon, Sense};
use sitrep_text::{detect_language, Folded};

use crate::assemble::ReadUnit;
use crate::reading::Read;

/// What is known about a document besides its text.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    /// Publication date, the anchor of relative dates when the text has no dateline.
    pub published: Option<Date>,
    /// The language, when known; detected from the letters otherwise.
    pub language: Option<Language>,
}

/// Extracts every entry of `text`.
pub fn extract(text: &str, meta: &Metadata) -> Extraction {
    let language = meta.language.unwrap_or_else(|| detect_language(text));
    let folded = Folded::new(text);
    let f = folded.as_str();
    let lexicon = Lexicon::embedded();
    let gazetteer = Gazetteer::embedded();
    let hits = lexicon.scan(f);
    let quantities = sitrep_count::quantities(f, language);
    let words = words::Words::new(f);
    let mentions = gazetteer.mentions(f);
    let mut datelines: Vec<std::ops::Range<usize>> = sitrep_gazetteer::datelines(f);
    if let Some((_, range)) = sitrep_date::dateline(f, meta.published) {
        datelines.push(range);
    }
    let anchor = sitrep_date::anchor(f, language, meta.published);
    let date_expressions = sitrep_date::expressions(f, language);

    let mut read_units = Vec::new();
    let mut report_provinces = Vec::new();
    for unit in units::units(f, &hits) {
        if unit.heading {
            continue;
        }
        let reading = reading::read(f, unit.range.clone(), &hits, &quantities, &words);
        if reading.new_report {
            report_provinces.clear();
        }
        let places =
            places::read_places(&mentions, unit.range.clone(), &datelines, &report_provinces);
        if let Some(p) = places.province_id {
            report_provinces.retain(|q| *q != p);
            report_provinces.insert(0, p);
        }
        let date = anchor.and_then(|a| {
            sitrep_date::event_date(f, unit.range.clone(), language, a)
                .map(|(value, span)| Read::new(value, span))
        });
        let period = date_expressions
            .iter()
            .filter(|e| {
                e.range.start >= unit.range.start && e.range.end <= unit.range.end && !e.reporting
            })
            .find(|e| {
                matches!(
                    e.kind,
                    sitrep_date::Kind::Past { .. } | sitrep_date::Kind::Period { .. }
                )
            })
            .map(|e| {
                Read::new(
                    text[folded.original_range(e.range.clone())].to_string(),
                    e.range.clone(),
                )
            });
        let definite_trigger = definite_trigger(f, &hits, &unit.range);
        read_units.push(ReadUnit {
            range: unit.range.clone(),
            reading,
            places,
            date,
            period,
            after_rollup: unit.after_rollup,
            definite_trigger,
        });
    }
    let drafts = assemble::assemble(&read_units);
    let entries = finish::finish(drafts, &folded, text, anchor);
    Extraction {
        language,
        entries,
        diagnostics: Vec::new(),
    }
}

/// Whether the unit's attack word is definite: "the attack", "this attack", "الاشتباك", "الغارة".
fn definite_trigger(folded: &str, hits: &[Hit<'_>], unit: &std::ops::Range<usize>) -> bool {
    hits.iter()
        .filter(|h| h.range.start >= unit.start && h.range.end <= unit.end)
        .filter(|h| {
            matches!(h.sense, Sense::Event(_)) || matches!(h.sense, Sense::Cue(Cue::IncidentNoun))
        })
        .any(|h| {
            let surface = &folded[h.range.clone()];
            let before = folded[..h.range.start].trim_end();
            surface.starts_with("ال")
                || ["the", "this", "that", "these"]
                    .iter()
                    .any(|d| before.ends_with(&format!(" {d}")))
                || folded[sitrep_text::token_start(folded, h.range.start)..h.range.start]
                    .ends_with("ال")
        })
}
