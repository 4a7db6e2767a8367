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

pub use entry::{Count, DateRange, Destroyed, Diagnostic, Entry, Extraction, Kind, Location, Precision};
pub use sitrep_date::Date;
pub use sitrep_text::Language;

mod assemble;
mod chunked;
mod entry;
mod finish;
mod persons;
mod places;
mod reading;
mod told_words;
mod units;
mod verb_final;
mod versions;
mod victims;
mod words;

use sitrep_date::Kind as DateKind;
use sitrep_gazetteer::Gazetteer;
use sitrep_lexicon::{Cue, FunctionWord, Hit, Lexicon, Sense};
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
    /// The day the document was received or its file last written, when it has no publication date: a day it
    /// names by weekday, day and month without a year is the latest such day up to then.
    pub received: Option<Date>,
}

/// Extracts every entry of `text`.
pub fn extract(text: &str, meta: &Metadata) -> Extraction {
    let language = meta.language.unwrap_or_else(|| detect_language(text));
    let folded = Folded::new(text);
    let mut scan = Scan::new(&folded, language, meta);
    let f = folded.as_str();
    let places = place_ranges(&scan.mentions, &scan.datelines);
    let units = units::units(f, &scan.hits, &places, &wrapped_lines(text, &folded), language);
    // What reads the whole lists, before they are cut into parts.
    let era = taliban_rule(&scan.hits);
    let heading = heading_voice(f, &scan.hits, &scan.mentions).or_else(|| signature_voice(f, &scan.hits));
    let mut parts = Parts::new(&mut scan, &units, f.len());
    // The provinces the report has named so far, the last first: the context of the next unit's places.
    let mut report_provinces = Vec::new();
    // Each unit is read as assembly takes it: a read unit is large, and a document's worth of them held at once
    // cost more memory than the text itself. A title's province is context for the units after it.
    let read_units = units.iter().filter_map(|unit| {
        let part = parts.reading(unit.range.start);
        if unit.heading {
            heading_province(&scan, part, unit, &mut report_provinces);
            None
        } else {
            Some(read_unit(text, &folded, &scan, part, unit, &mut report_provinces, language))
        }
    });
    // The day the report's actors are named on while versions are told apart: "the police" and "the Taliban" are
    // one side once the Taliban rule.
    let day = scan.document_date.map(|d| d.start.to_string()).or_else(|| era.clone());
    let mut drafts = assemble::assemble(f, speakers_carried_back(read_units), day.as_deref());
    set_evidence(&mut drafts, f, &scan.datelines);
    if let Some(day) = scan.incident_day {
        assemble::mark_told_before_dated_incident(&mut drafts, day);
    }
    let dates = finish::DocumentDates { incident: scan.document_date, report: scan.report_day };
    // The scans and units are read: let go before the entries take their room.
    drop((scan, parts, units, places));
    let entries = finish::finish(drafts, &folded, text, dates, heading, era);
    Extraction { language, entries, diagnostics: Vec::new() }
}

/// "Four policemen were killed in Faryab, and seven soldiers died in Zabul, officials said on Sunday": the
/// speaker of the sentence's last report speaks for those before it, on the day it names. A unit cut from the
/// front of such a sentence that names no source is held until the next unit that names one, or is not so cut,
/// gives it its source, spokesperson and day.
fn speakers_carried_back(mut units: impl Iterator<Item = ReadUnit>) -> impl Iterator<Item = ReadUnit> {
    let mut held: std::collections::VecDeque<ReadUnit> = std::collections::VecDeque::new();
    // How many units at the front of `held` are final.
    let mut ready = 0;
    std::iter::from_fn(move || loop {
        if ready > 0 {
            ready -= 1;
            return held.pop_front();
        }
        let next = units.next();
        let waits = |u: &ReadUnit| u.speaker_follows && u.reading.claimant.is_none();
        match next {
            Some(unit) if waits(&unit) => held.push_back(unit),
            // Most units: nothing held, handed on as they come (a read unit is large to move).
            Some(unit) if held.is_empty() => return Some(unit),
            Some(unit) => {
                for h in &mut held {
                    h.reading.claimant.clone_from(&unit.reading.claimant);
                    h.reading.spokesperson.clone_from(&unit.reading.spokesperson);
                    h.reported_on = h.reported_on.or(unit.reported_on);
                }
                held.push_back(unit);
                people_carried_on(&mut held);
                ready = held.len();
            }
            // The last unit keeps its own: those held before it take its.
            None => {
                let last = held.back()?;
                let (claimant, spokesperson) = (last.reading.claimant.clone(), last.reading.spokesperson.clone());
                let reported_on = last.reported_on;
                for h in &mut held {
                    h.reading.claimant.clone_from(&claimant);
                    h.reading.spokesperson.clone_from(&spokesperson);
                    h.reported_on = h.reported_on.or(reported_on);
                }
                people_carried_on(&mut held);
                ready = held.len();
            }
        }
    })
}

/// "..., and three more died": the report after one cut from the front of a sentence, naming no party, counts more
/// of the people the one before told.
fn people_carried_on(units: &mut std::collections::VecDeque<ReadUnit>) {
    for i in 1..units.len() {
        let (first, second) = (&units[i - 1], &units[i]);
        let speaker = second.reading.claimant.as_ref().map(|c| c.spans[0].clone());
        let party_named = second
            .reading
            .actors
            .iter()
            .any(|m| m.role != sitrep_lexicon::ActorRole::Source && Some(&m.range) != speaker.as_ref());
        if first.speaker_follows && !party_named && second.reading.target.is_none() {
            let target = first.reading.target.clone();
            units[i].reading.target = target;
        }
    }
}

/// Where places inside the country are named outside the datelines (for segmentation).
fn place_ranges(
    mentions: &[sitrep_gazetteer::Mention],
    datelines: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let gazetteer = Gazetteer::embedded();
    let inside = |m: &&sitrep_gazetteer::Mention| {
        m.candidates.iter().any(|&c| gazetteer.unit(c).level != sitrep_gazetteer::Level::Country)
    };
    let in_dateline = |m: &&sitrep_gazetteer::Mention| {
        datelines_over(datelines, &m.range).iter().any(|d| d.start <= m.range.start && m.range.end <= d.end)
    };
    mentions.iter().filter(|m| inside(m) && !in_dateline(m)).map(|m| m.range.clone()).collect()
}

/// Whether the place name at `range` names a government by its seat, inside an actor's name ("جنود إدارة كابل",
/// "the Kabul administration's forces"): no place of the act.
fn seat_of_power(f: &str, hits: &[Hit<'_>], words: &words::Words, range: &std::ops::Range<usize>) -> bool {
    // Actor names do not overlap: the one holding the place is the last to start at or before it (hits are by start,
    // a few of other kinds among them).
    let before = hits.partition_point(|h| h.range.start <= range.start);
    let name = hits[..before].iter().rev().take(16).find(|h| matches!(h.sense, Sense::Actor { .. }));
    let Some(name) = name.filter(|h| range.end <= h.range.end) else {
        return false;
    };
    let own = words.span(range);
    words.span(&name.range).any(|i| !own.contains(&i) && words.is(f, i, sitrep_lexicon::WordClass::SeatOfPower))
}

/// The lists of the scans that units are read from (each sorted by start), cut into parts at unit starts: every
/// unit's items lie in one part, and a part is let go once the units after it are reached. The drafts are most at
/// the end of assembly: by then none of a long document's parts but the last is held beside them.
struct Parts<'l> {
    /// The parts not let go, in text order.
    parts: std::collections::VecDeque<Part<'l>>,
}

/// The items of the lists that start in `start..end`.
#[derive(Default)]
struct Part<'l> {
    start: usize,
    end: usize,
    hits: Vec<Hit<'l>>,
    quantities: Vec<sitrep_count::Quantity>,
    mentions: Vec<sitrep_gazetteer::Mention>,
    date_expressions: Vec<sitrep_date::DateExpr>,
}

impl<'l> Parts<'l> {
    /// A part is at least this long, and a document shorter than two stays whole: cutting it would save little.
    /// Small enough that a document of a megabyte is cut too: its scans are most of its peak, held at the end of
    /// assembly beside the drafts.
    const MIN_BYTES: usize = 64 << 10;

    /// Takes the lists of `scan`, cut where a unit starts after every unit before it has ended, into about 32
    /// parts. `units` are in text order (if not, one part).
    fn new(scan: &mut Scan<'l>, units: &[units::Unit], len: usize) -> Parts<'l> {
        let size = (len / 32).max(Self::MIN_BYTES);
        let mut bounds = Vec::new();
        let (mut last, mut ended) = (0, 0);
        for u in units {
            if u.range.start < last {
                bounds.clear();
                break;
            }
            if u.range.start >= ended && u.range.start - bounds.last().unwrap_or(&0) >= size {
                bounds.push(u.range.start);
            }
            last = u.range.start;
            ended = ended.max(u.range.end);
        }
        // The hits last: a list is held twice while it is cut, and the others' spare room (grown by doubling) is let
        // go by then.
        let quantities = cut(std::mem::take(&mut scan.quantities), &bounds, |q| q.range.start);
        let mentions = cut(std::mem::take(&mut scan.mentions), &bounds, |m| m.range.start);
        let dates = cut(std::mem::take(&mut scan.date_expressions), &bounds, |e| e.range.start);
        let hits = cut(std::mem::take(&mut scan.hits), &bounds, |h| h.range.start);
        let starts = std::iter::once(0).chain(bounds.iter().copied());
        let ends = bounds.iter().copied().chain([usize::MAX]);
        let lists = hits.into_iter().zip(quantities).zip(mentions).zip(dates);
        let parts = starts
            .zip(ends)
            .zip(lists)
            .map(|((start, end), (((hits, quantities), mentions), date_expressions))| Part {
                start,
                end,
                hits,
                quantities,
                mentions,
                date_expressions,
            })
            .collect();
        Parts { parts }
    }

    /// The part of a unit that starts at `at`; the parts before it are let go (units are read in text order).
    fn reading(&mut self, at: usize) -> &Part<'l> {
        while self.parts.len() > 1 && self.parts[0].end <= at {
            self.parts.pop_front();
        }
        debug_assert!(self.parts.front().is_none_or(|p| p.start <= at));
        static EMPTY: Part<'static> = Part {
            start: 0,
            end: usize::MAX,
            hits: Vec::new(),
            quantities: Vec::new(),
            mentions: Vec::new(),
            date_expressions: Vec::new(),
        };
        self.parts.front().unwrap_or(&EMPTY)
    }
}

/// `items` (sorted by `start`) cut before each of `bounds` (ascending), one exact-sized vector a part: made at
/// once, so that the list's own room is let go before the next list is cut.
fn cut<T>(items: Vec<T>, bounds: &[usize], start: impl Fn(&T) -> usize) -> Vec<Vec<T>> {
    if bounds.is_empty() {
        return vec![items];
    }
    let mut cuts: Vec<usize> = bounds.iter().map(|&b| items.partition_point(|x| start(x) < b)).collect();
    cuts.push(items.len());
    let mut rest = items.into_iter();
    let mut taken = 0;
    cuts.into_iter()
        .map(|cut| {
            let part = rest.by_ref().take(cut - taken).collect();
            taken = cut;
            part
        })
        .collect()
}

/// What the document-wide scans find, each list sorted by start.
struct Scan<'l> {
    hits: Vec<Hit<'l>>,
    quantities: Vec<sitrep_count::Quantity>,
    words: words::Words,
    mentions: Vec<sitrep_gazetteer::Mention>,
    date_expressions: Vec<sitrep_date::DateExpr>,
    /// Where the document's datelines stand: names in them are where a story was filed.
    datelines: Vec<std::ops::Range<usize>>,
    /// The provinces the report was filed from (its datelines'), to tell same-named places apart.
    filed_in: Vec<sitrep_gazetteer::UnitId>,
    /// The day relative dates count from.
    anchor: Option<Date>,
    /// The date an entry without one of its own takes.
    document_date: Option<DateRange>,
    /// The day the text names for its incident, within the week before the anchor.
    incident_day: Option<DateRange>,
    /// The day of the report: its dateline's, else its publication's.
    report_day: Option<DateRange>,
}

impl Scan<'static> {
    fn new(folded: &Folded, language: Language, meta: &Metadata) -> Scan<'static> {
        let f = folded.as_str();
        // Each date scan reads the whole text: find the dateline and the expressions once, from one tokenisation.
        // First, so that its tokens are let go before the other whole-text scans take their room.
        let (dateline, mut date_expressions) = sitrep_date::dateline_and_expressions(f, language, meta.published);
        date_expressions.sort_by_key(|e| e.range.start);
        let dateline = dateline.map(|(day, range)| (day, stamp_line(f, range, &date_expressions)));
        let datelines = datelines(f, dateline.as_ref().map(|(_, range)| range.clone()));
        // An undated document that names a day by weekday, day and month: the year is the latest that fits.
        let pinned = match (&dateline, meta.published, meta.received) {
            (None, None, Some(received)) => sitrep_date::pinned_by_weekday(f, &date_expressions, received),
            _ => None,
        };
        let anchor = sitrep_date::anchor_from(f, dateline.as_ref().map(|(d, _)| d), &date_expressions, meta.published)
            .or(pinned.map(|(day, _)| day.start));
        sitrep_date::join_weekdays(f, &mut date_expressions);
        let incident_day = incident_day(anchor, &date_expressions, &datelines);
        let report_day = dateline.map(|(d, _)| d).or_else(|| meta.published.map(DateRange::day));
        let document_date = incident_day.or(report_day);
        // Before the vocabulary and word scans: its tokens are let go before those take their room.
        let quantities = sitrep_count::quantities(f, language);
        // Where a vocabulary term or a place name may start: found once for both searches, in the same pass as
        // the runs of word characters that make the words.
        let sitrep_text::WordScan { starts, runs } = sitrep_text::match_starts_and_runs(f);
        let mut mentions = Gazetteer::embedded().mentions_from(f, &starts);
        mentions.sort_by_key(|m| m.range.start);
        let hits = Lexicon::embedded().scan_in(f, &starts, Some(language));
        // Each let go once used (a few bytes for each byte of text): the starts before the words are made, the runs
        // as they are.
        drop(starts);
        let words = words::Words::from_runs(f, runs);
        mentions.retain(|m| !seat_of_power(f, &hits, &words, &m.range));
        let filed_in = sitrep_gazetteer::Context::filed_in(Gazetteer::embedded(), &mentions, &datelines);
        Scan {
            filed_in,
            hits,
            quantities,
            words,
            mentions,
            date_expressions,
            datelines,
            anchor,
            document_date,
            incident_day,
            report_day,
        }
    }
}

/// The datelines of a document: the gazetteer's ("KABUL, Afghanistan (Oct. 19) -", the date in brackets after
/// it: every release bundled in a document has one, and none of them dates an event) and the date scan's; a place
/// and a date found apart make one ("GHAZNI, Afghanistan, March 5, 2024 -").
fn datelines(f: &str, dated: Option<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    let mut lines: Vec<std::ops::Range<usize>> = sitrep_gazetteer::datelines(f)
        .into_iter()
        .map(|d| {
            let rest = &f[d.end..];
            let open = rest.len() - rest.trim_start().len();
            // Only a bracket closed within 40 bytes counts: no need to search the rest of the text for it.
            let closed = |r: &str| memchr::memchr(b')', &r.as_bytes()[..r.len().min(40)]);
            match rest.trim_start().strip_prefix('(').and_then(closed) {
                Some(close) if close < 40 => d.start..d.end + open + 1 + close + 1,
                _ => d,
            }
        })
        .chain(dated)
        .collect();
    lines.sort_by_key(|d| d.start);
    let mut merged: Vec<std::ops::Range<usize>> = Vec::new();
    for d in lines {
        match merged.last_mut() {
            Some(last)
                if d.start >= last.end && f[last.end..d.start].chars().all(|c| c == ',' || c.is_whitespace()) =>
            {
                last.end = d.end
            }
            Some(last) if d.start < last.end => last.end = last.end.max(d.end),
            _ => merged.push(d),
        }
    }
    merged
}

/// The day the report first dates an incident to ("the raids began late on Tuesday"): the first day in the week
/// before the anchor that no report or dateline dates. An entry whose own words give no date took place then.
/// "In the past 24 hours" is a span up to the anchor that an aggregate covers, not a day of an incident.
fn incident_day(
    anchor: Option<Date>,
    expressions: &[sitrep_date::DateExpr],
    datelines: &[std::ops::Range<usize>],
) -> Option<DateRange> {
    let a = anchor?;
    expressions
        .iter()
        .filter(|e| !e.reporting && !matches!(e.kind, DateKind::Past { .. }))
        .filter(|e| !in_any(datelines_over(datelines, &e.range), &e.range))
        .filter_map(|e| sitrep_date::resolve(e, a))
        .find(|d| d.precision == Precision::Day && d.start <= a && a.days() - d.start.days() <= 7)
}

/// The line of a dateline that holds nothing but dates ("۱۴۰۳ شهریور ۱۴, چهارشنبه", "شنبه ۱۴۰۳/۰۶/۱۷"): a
/// page's stamp of publication, its weekday included, dates no incident. Else the dateline's own range.
fn stamp_line(
    f: &str,
    dateline: std::ops::Range<usize>,
    expressions: &[sitrep_date::DateExpr],
) -> std::ops::Range<usize> {
    let start = f[..dateline.start].rfind('\n').map_or(0, |n| n + 1);
    let end = f[dateline.end..].find('\n').map_or(f.len(), |n| dateline.end + n);
    let rest = blanked(f, start..end, expressions.iter().map(|e| &e.range).chain([&dateline]));
    if rest.chars().all(|c| !c.is_alphanumeric()) {
        start..end
    } else {
        dateline
    }
}

/// The first day a text that speaks of the Taliban as the rulers of Afghanistan can be from (the day they
/// became the state, `actor_types.tsv`): the day its actors are named on when nothing dates it.
fn taliban_rule(hits: &[Hit<'_>]) -> Option<String> {
    if !hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::TalibanRule))) {
        return None;
    }
    Lexicon::embedded().actor_type("Taliban").and_then(|t| t.state_from.clone())
}

/// The author a statement names in its heading: the first line opens with an organisation, after at most
/// places and commas, and a colon ("Takhar, National Resistance Front: ...", "وزارت دفاع ملی: ..."), or is a title
/// of a statement word and the organisation alone ("اعلامیه جبهه مقاومت ملی", "Statement of the Islamic
/// Emirate"), perhaps with its topic after ("... regarding the operation in Kandahar"). A release headed so speaks
/// in that voice throughout.
fn heading_voice(f: &str, hits: &[Hit<'_>], mentions: &[sitrep_gazetteer::Mention]) -> Option<Read<String>> {
    let start = f.len() - f.trim_start().len();
    let end = f[start..].find('\n').map_or(f.len(), |n| start + n);
    let line = &f[start..end];
    let statements: Vec<&std::ops::Range<usize>> = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Attribution { kind: sitrep_lexicon::AttributionKind::Statement }))
        .map(|h| &h.range)
        .collect();
    let titled = statements.iter().any(|s| s.start >= start && s.end <= end);
    // The label ends at the colon, or with the line of a title.
    let colon = match line.find(':') {
        Some(c) => start + c,
        None if titled => topic_start(f, start..end).unwrap_or(end),
        None => return None,
    };
    // Between the author and the colon, at most its abbreviation in brackets and a word for a statement
    // ("Afghanistan Freedom Front (AFF) statement:").
    let only_label = |from: usize| {
        let rest = blanked(f, from..colon, statements.iter().copied());
        let rest = match (rest.find('('), rest.find(')')) {
            (Some(a), Some(b)) if a < b => format!("{}{}", &rest[..a], &rest[b + 1..]),
            _ => rest,
        };
        rest.trim().is_empty()
    };
    let author =
        hits.iter().filter(|h| h.range.start >= start && h.range.end <= colon).find_map(|h| match &h.sense {
            Sense::Actor { actor, role: sitrep_lexicon::ActorRole::Organisation } if only_label(h.range.end) => {
                Some(Read::new(actor.clone(), h.range.clone()))
            }
            _ => None,
        })?;
    // Before the author only place names and their separators; in a title, the statement word and its
    // particles ("Statement of the", "د ... اعلامیه").
    let known = mentions.iter().map(|m| &m.range).chain(statements.iter().copied());
    let rest = blanked(f, start..author.spans[0].start, known);
    rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | '-'))
        .all(|w| w.is_empty() || titled && Lexicon::embedded().is_function_word(w))
        .then_some(author)
}

/// Where the first word of topic on a line stands, after its first word ("regarding", "بشأن", "درباره").
fn topic_start(f: &str, line: std::ops::Range<usize>) -> Option<usize> {
    let mut offset = line.start;
    f[line].split_inclusive(char::is_whitespace).enumerate().find_map(|(n, w)| {
        offset += w.len();
        (n > 0 && is_word(sitrep_lexicon::WordClass::Topic, w.trim_end())).then(|| offset - w.len())
    })
}

/// The voice of a statement signed at its end by a spokesperson alone on the last line: "Zabihullah Mujahid,
/// spokesman of the Islamic Emirate", "ذبيح الله مجاهد المتحدث باسم الإمارة الإسلامية".
fn signature_voice(f: &str, hits: &[Hit<'_>]) -> Option<Read<String>> {
    let trimmed = f.trim_end();
    let start = trimmed.rfind('\n').map_or(0, |n| n + 1);
    let line = start + (trimmed.len() - start - trimmed[start..].trim_start().len())..trimmed.len();
    let on_line: Vec<&Hit<'_>> =
        hits.iter().filter(|h| h.range.start >= line.start && h.range.end <= line.end).collect();
    let first = on_line.first()?;
    let Sense::Spokesperson { person } = first.sense else {
        return None;
    };
    if first.range.start != line.start {
        return None;
    }
    // Nothing else on the line but titles, the organisation's name and particles.
    let signed = on_line.iter().filter(|h| {
        matches!(
            h.sense,
            Sense::Spokesperson { .. }
                | Sense::Actor { role: sitrep_lexicon::ActorRole::Organisation, .. }
                | Sense::Cue(Cue::PersonTitle | Cue::SourceAnaphor | Cue::GroupAnaphor)
        )
    });
    let rest = blanked(f, line, signed.map(|h| &h.range));
    let mut words_only = rest.split(|c: char| c.is_whitespace() || matches!(c, ',' | '،' | '-' | '.'));
    if !words_only.all(|w| w.is_empty() || Lexicon::embedded().is_function_word(w)) {
        return None;
    }
    let organisation = Lexicon::embedded().spokesperson(*person).organisation.clone();
    Some(Read::new(organisation, first.range.clone()))
}

/// `f[span]` with the `known` ranges inside it blanked out (spaces keep the offsets): what is left to judge.
fn blanked<'r>(
    f: &str,
    span: std::ops::Range<usize>,
    known: impl Iterator<Item = &'r std::ops::Range<usize>>,
) -> String {
    let mut rest = f[span.clone()].to_string();
    for r in known.filter(|r| r.start >= span.start && r.end <= span.end) {
        rest.replace_range(r.start - span.start..r.end - span.start, &" ".repeat(r.len()));
    }
    rest
}

/// The datelines (sorted and apart, as [`datelines`] makes them) that overlap `range`: all a test of what lies in
/// `range` needs. A long document bundles many reports, each with its dateline: testing every one of them for
/// each name or sentence made the cost grow with the square of the document's length.
fn datelines_over<'d>(
    datelines: &'d [std::ops::Range<usize>],
    range: &std::ops::Range<usize>,
) -> &'d [std::ops::Range<usize>] {
    let from = datelines.partition_point(|d| d.end <= range.start);
    let to = datelines.partition_point(|d| d.start < range.end);
    &datelines[from..to.max(from)]
}

/// Whether `range` overlaps one of `ranges`.
fn in_any(ranges: &[std::ops::Range<usize>], range: &std::ops::Range<usize>) -> bool {
    ranges.iter().any(|d| d.start < range.end && range.start < d.end)
}

/// "Kandahar: 9 soldiers killed in Arghandab": the province a title names is the context of the report's places
/// (Kandahar's Arghandab, not Zabul's), as a province named in the text is.
fn heading_province(
    scan: &Scan<'_>,
    part: &Part<'_>,
    unit: &units::Unit,
    report_provinces: &mut Vec<sitrep_gazetteer::UnitId>,
) {
    let mentions = within(&part.mentions, &unit.range, |m| m.range.start);
    let places =
        places::read_places(mentions, unit.range.clone(), &scan.datelines, (report_provinces, &scan.filed_in), &[]);
    if let Some(p) = places.province_id.filter(|_| places.provinces.len() == 1) {
        report_provinces.retain(|q| *q != p);
        report_provinces.insert(0, p);
    }
}

/// One unit read: what it says, where, when, and how its attack word refers.
fn read_unit(
    text: &str,
    folded: &Folded,
    scan: &Scan<'_>,
    part: &Part<'static>,
    unit: &units::Unit,
    report_provinces: &mut Vec<sitrep_gazetteer::UnitId>,
    language: Language,
) -> ReadUnit {
    let f = folded.as_str();
    let range = unit.range.clone();
    // What lies inside the unit, found by binary search: every list is sorted by start.
    let unit_hits = within(&part.hits, &range, |h| h.range.start);
    let unit_quantities = within(&part.quantities, &range, |q| q.range.start);
    let unit_mentions = within(&part.mentions, &range, |m| m.range.start);
    let unit_dates = within(&part.date_expressions, &range, |e| e.range.start);
    // "سه روز پس از حمله", "three days after the attack": the act named as the time since is told elsewhere.
    let kept_hits: Vec<Hit<'_>>;
    let unit_hits = if unit_dates.iter().any(|e| matches!(e.kind, DateKind::Since { .. })) {
        let since: Vec<std::ops::Range<usize>> = unit_dates
            .iter()
            .filter(|e| matches!(e.kind, DateKind::Since { .. }))
            .map(|e| scan.words.span(&e.range))
            .collect();
        kept_hits = unit_hits
            .iter()
            .filter(|h| {
                let w = scan.words.span(&h.range);
                !matches!(h.sense, Sense::Event(_)) || !since.iter().any(|s| w.start >= s.end && w.start - s.end <= 1)
            })
            .cloned()
            .collect();
        &kept_hits[..]
    } else {
        unit_hits
    };
    let reading = reading::read(text, folded, unit, unit_hits, unit_quantities, &scan.words, language);
    // "said Attaullah Khogyani, the governor's spokesman": a place name inside a speaker's name is no place.
    let names: Vec<std::ops::Range<usize>> =
        reading.spokesperson.iter().flat_map(|s| s.spans.iter().cloned()).collect();
    let kept: Vec<sitrep_gazetteer::Mention>;
    let unit_mentions = if unit_mentions.iter().any(|m| in_any(&names, &m.range)) {
        kept = unit_mentions.iter().filter(|m| !in_any(&names, &m.range)).cloned().collect();
        &kept[..]
    } else {
        unit_mentions
    };
    let unit_datelines = datelines_over(&scan.datelines, &range);
    let airfields: Vec<std::ops::Range<usize>> =
        unit_hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Airfield))).map(|h| h.range.clone()).collect();
    let mut places = places::read_places(
        unit_mentions,
        range.clone(),
        unit_datelines,
        (report_provinces, &scan.filed_in),
        &airfields,
    );
    places.provinces_listed = places::listed(folded.as_str(), &places.provinces);
    if places.place.is_none() {
        places.place = unlisted_place(text, folded, &range, unit_hits, unit_mentions, &places);
    }
    if let Some(p) = places.province_id {
        report_provinces.retain(|q| *q != p);
        report_provinces.insert(0, p);
    }
    // Expressions that date the unit's events: not a report's date ("said on Sunday"), not in a dateline.
    let event_dates =
        || unit_dates.iter().filter(|e| !e.reporting && !in_any(unit_datelines, &e.range) && e.range.end <= range.end);
    // The most precise; equally precise, a named day ("Monday", "Feb. 6") says more than "overnight" or "today".
    let date = scan.anchor.and_then(|a| {
        event_dates()
            .filter_map(|e| Some((sitrep_date::resolve(e, a)?, e.range.clone(), e.kind)))
            .min_by_key(|(d, _, kind)| {
                let named = matches!(
                    kind,
                    DateKind::Fixed(_)
                        | DateKind::MonthDay { .. }
                        | DateKind::SolarMonthDay { .. }
                        | DateKind::Weekday { .. }
                );
                // A claim of responsibility comes after its attack: of the days a claim names ("claimed on
                // Tuesday the attack of Monday"), the attack's is the earliest.
                let claimed_after = if reading.claims_responsibility { d.start.days() } else { 0 };
                (d.precision as u8, !named, claimed_after)
            })
            .map(|(value, span, _)| Read::new(value, span))
    });
    // "Last week" where the report dates its incident to a day of that week ("five days after the blast"):
    // the day; not the day of publication, which "earlier this month" holds without naming it; nor for a count
    // of attacks over the period, or attacks in the plural ("nine attacks in the past two weeks", "a series of
    // attacks last week").
    let date = date.map(|d| match scan.incident_day {
        Some(day)
            if day.precision == Precision::Day
                && reading.incident_count.is_none()
                && !reading.has(Cue::IncidentNoun)
                && d.value.precision != Precision::Day
                && (d.value.start..=d.value.end).contains(&day.start) =>
        {
            Read { value: day, spans: d.spans }
        }
        _ => d,
    });
    let reported_on = scan.anchor.and_then(|a| {
        unit_dates
            .iter()
            .filter(|e| e.reporting && e.range.end <= range.end)
            .filter_map(|e| sitrep_date::resolve(e, a))
            .filter(|d| d.precision == Precision::Day)
            .map(|d| d.start)
            .min()
    });
    let period = unit_dates
        .iter()
        .filter(|e| e.range.end <= range.end && !e.reporting)
        .find(|e| matches!(e.kind, DateKind::Past { .. } | DateKind::Period { .. }))
        .map(|e| Read::new(text[folded.original_range(e.range.clone())].to_string(), e.range.clone()));
    // The unit opens a line: only spaces (or a bullet) between the line break and its first word.
    let line_start = f[..range.start]
        .trim_end_matches(|c: char| c.is_whitespace() && c != '\n' || matches!(c, '•' | '*' | '-' | '–'))
        .ends_with('\n');
    let (definite_trigger, indefinite_trigger) = trigger_definiteness(f, unit_hits, &range);
    ReadUnit {
        definite_trigger,
        indefinite_trigger,
        demonstrative_trigger: demonstrative_trigger(f, unit_hits, &range),
        // "these two", "این دو تن", "هذين": people counted before.
        demonstrative_figure: unit_quantities.iter().any(|q| after_demonstrative(f, q.range.start)),
        opens_line: line_start || range.start == 0,
        range,
        reading,
        places,
        date,
        reported_on,
        period,
        after_rollup: unit.after_rollup,
        speaker_follows: unit.speaker_follows,
        joined_report: unit.joined_report,
        claim_apart: false,
    }
}

/// A place the gazetteer lacks, named after or before a place word, in Latin letters as Afghan maps spell names
/// (the span keeps the script); a district named after the place word ("منطقة أشين") is no unlisted place.
fn unlisted_place(
    text: &str,
    folded: &Folded,
    range: &std::ops::Range<usize>,
    hits: &[Hit<'_>],
    mentions: &[sitrep_gazetteer::Mention],
    places: &places::PlaceReading,
) -> Option<Read<String>> {
    let resolved: Vec<std::ops::Range<usize>> =
        places.district.iter().chain(places.province.iter()).flat_map(|p| p.spans.iter().cloned()).collect();
    let f = folded.as_str();
    // "the area of western Kabul": a name in Latin letters is capitalised.
    let lower_case = |r: &std::ops::Range<usize>| {
        text[folded.original_range(r.clone())].chars().next().is_some_and(|c| c.is_ascii_lowercase())
    };
    let name = places::unlisted_place(f, range.clone(), hits, mentions)
        .filter(|r| !lower_case(r))
        .or_else(|| places::name_before_place_word(text, folded, range.clone(), hits, mentions))
        .filter(|r| !in_any(&resolved, r))?;
    let written = &text[folded.original_range(name.clone())];
    let value = if written.is_ascii() {
        written.to_string()
    } else {
        sitrep_gazetteer::romanize(written).unwrap_or_else(|| written.to_string())
    };
    Some(Read::new(value, name))
}

/// Evidence is the account: the run of the entry's sentences around its most telling one, up to where another
/// entry's sentence intervenes; a dateline that opens it is where the story was filed, not the incident.
fn set_evidence(drafts: &mut assemble::Drafts, f: &str, datelines: &[std::ops::Range<usize>]) {
    let mut all_units: Vec<(usize, std::ops::Range<usize>)> =
        drafts.iter().enumerate().flat_map(|(i, d)| d.units.iter().map(move |u| (i, u.clone()))).collect();
    all_units.sort_by_key(|(_, u)| u.start);
    for (i, d) in drafts.iter_mut().enumerate() {
        let Some(best) = d.units.iter().position(|u| *u == d.evidence) else { continue };
        let foreign_between = |a: &std::ops::Range<usize>, b: &std::ops::Range<usize>| {
            let from = all_units.partition_point(|(_, u)| u.start < a.end);
            all_units[from..].iter().take_while(|(_, u)| u.end <= b.start).any(|(j, _)| *j != i)
        };
        // A sentence that another entry holds too (a claim and the toll told apart from it) is that one's as well.
        let shared = |u: &std::ops::Range<usize>| {
            let from = all_units.partition_point(|(_, v)| v.start < u.start);
            all_units[from..].iter().take_while(|(_, v)| v.start == u.start).any(|(j, v)| *j != i && v == u)
        };
        let (mut lo, mut hi) = (best, best);
        while lo > 0
            && d.units[lo - 1].end <= d.units[lo].start
            && !foreign_between(&d.units[lo - 1], &d.units[lo])
            && !shared(&d.units[lo - 1])
        {
            lo -= 1;
        }
        while hi + 1 < d.units.len()
            && d.units[hi].end <= d.units[hi + 1].start
            && !foreign_between(&d.units[hi], &d.units[hi + 1])
        {
            hi += 1;
        }
        d.evidence = d.units[lo].start..d.units[hi].end;
        let at = d.evidence.start..d.evidence.start + 1;
        if let Some(line) = datelines_over(datelines, &at).iter().find(|l| l.start <= at.start && at.start < l.end) {
            let rest = &f[line.end..d.evidence.end];
            let skip = rest.len() - rest.trim_start_matches(|c: char| c.is_whitespace() || "-:,".contains(c)).len();
            if line.end + skip < d.evidence.end {
                d.evidence.start = line.end + skip;
            }
        }
    }
}

/// The items of `items` (sorted by `start`) that start inside `range`.
fn within<'a, T>(items: &'a [T], range: &std::ops::Range<usize>, start: impl Fn(&T) -> usize) -> &'a [T] {
    let from = items.partition_point(|x| start(x) < range.start);
    let to = items.partition_point(|x| start(x) < range.end);
    &items[from..to.max(from)]
}

/// Folded offsets of lines that continue the line before: hard-wrapped English, whose line starts in lower
/// case.
fn wrapped_lines(text: &str, folded: &Folded) -> Vec<usize> {
    let f = folded.as_str();
    // By byte, a vector at a time: `\n` is ASCII, no byte of another character equals it.
    memchr::memchr_iter(b'\n', f.as_bytes())
        .map(|i| i + 1)
        .filter(|&start| {
            let rest = &f[start..];
            let first = start + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
            first < f.len() && {
                let original = folded.original_range(first..first + 1);
                text[original].chars().next().is_some_and(|c| c.is_ascii_lowercase())
            }
        })
        .collect()
}

/// The determiner before each attack word of the unit ("the attack", "this attack", "این حمله", "دغه برید", "an
/// explosion", "یک انفجار"):
/// an Arabic attack word with the article ("الاشتباك", "الغارة") is definite.
fn trigger_determiners<'a>(
    folded: &'a str,
    hits: &'a [Hit<'_>],
    unit: &'a std::ops::Range<usize>,
) -> impl Iterator<Item = Option<FunctionWord>> + 'a {
    let lexicon = Lexicon::embedded();
    hits.iter()
        .filter(|h| h.range.start >= unit.start && h.range.end <= unit.end)
        .filter(|h| matches!(h.sense, Sense::Event(_)) || matches!(h.sense, Sense::Cue(Cue::IncidentNoun)))
        .map(move |h| {
            let surface = &folded[h.range.clone()];
            let with_article = surface.starts_with("ال")
                || folded[sitrep_text::token_start(folded, h.range.start)..h.range.start].ends_with("ال");
            if with_article {
                return Some(FunctionWord::Definite);
            }
            lexicon.function_word(word_before(folded, h.range.start))
        })
}

/// Whether the unit's attack words include a definite one ("the attack", "this attack", "الاشتباك", "الغارة") and
/// an indefinite one ("an explosion occurred", "یک انفجار"): one pass over them for both.
fn trigger_definiteness(folded: &str, hits: &[Hit<'_>], unit: &std::ops::Range<usize>) -> (bool, bool) {
    let (mut definite, mut indefinite) = (false, false);
    for d in trigger_determiners(folded, hits, unit) {
        definite |= d == Some(FunctionWord::Definite);
        indefinite |= d == Some(FunctionWord::Indefinite);
        if definite && indefinite {
            break;
        }
    }
    (definite, indefinite)
}

/// Whether an attack word of the unit follows a demonstrative: "this attack", "این کمین", "دغه برید".
fn demonstrative_trigger(folded: &str, hits: &[Hit<'_>], unit: &std::ops::Range<usize>) -> bool {
    hits.iter()
        .filter(|h| h.range.start >= unit.start && h.range.end <= unit.end)
        .filter(|h| matches!(h.sense, Sense::Event(_) | Sense::Cue(Cue::IncidentNoun)))
        .any(|h| after_demonstrative(folded, h.range.start))
}

/// Whether the word before byte `at` is a demonstrative.
fn after_demonstrative(folded: &str, at: usize) -> bool {
    is_word(sitrep_lexicon::WordClass::Demonstrative, word_before(folded, at))
}

/// The word that ends before byte `at` (empty when punctuation stands between).
fn word_before(folded: &str, at: usize) -> &str {
    let before = folded[..at].trim_end();
    before.rsplit(|c: char| !sitrep_text::is_word_char(c)).next().unwrap_or("")
}

/// Each unit of `text` with what was read from it, one block per unit: for reviewing rules
/// (`cargo run -p sitrep-extract --example explain -- FILE`).
pub fn explain(text: &str, meta: &Metadata) -> String {
    use std::fmt::Write;
    let language = meta.language.unwrap_or_else(|| detect_language(text));
    let folded = Folded::new(text);
    let f = folded.as_str();
    let hits = Lexicon::embedded().scan(f);
    let quantities = sitrep_count::quantities(f, language);
    let words = words::Words::new(f);
    let mentions = Gazetteer::embedded().mentions(f);
    let datelines = sitrep_gazetteer::datelines(f);
    let mut out = String::new();
    let places = place_ranges(&mentions, &datelines);
    for unit in units::units(f, &hits, &places, &wrapped_lines(text, &folded), language) {
        let r = reading::read(text, &folded, &unit, &hits, &quantities, &words, language);
        let p = places::read_places(&mentions, unit.range.clone(), &datelines, (&[], &[]), &[]);
        let _ = writeln!(
            out,
            "── {:?}{}{}",
            &text[folded.original_range(unit.range.clone())],
            if unit.heading { " [heading]" } else { "" },
            if unit.after_rollup { " [after roll-up]" } else { "" }
        );
        let v = |x: &Option<Read<String>>| x.as_ref().map(|x| x.value.clone()).unwrap_or_default();
        let _ = writeln!(
            out,
            "   tells={} claimant={} spokesperson={} continues={} group_anaphor={} perp={} target={} killed={:?} wounded={:?} captured={:?} province={} district={} new_report={} also={} habitual={} background={} no_comment={:?} heads={:?}",
            r.tells_event(), v(&r.claimant), v(&r.spokesperson), r.continues_source, r.group_anaphor, v(&r.perpetrator), v(&r.target),
            r.killed.as_ref().map(|c| c.value), r.wounded.as_ref().map(|c| c.value), r.captured.as_ref().map(|c| c.value),
            v(&p.province), v(&p.district), r.opens_with(Cue::NewReport), r.has(Cue::Also), r.habitual, r.background, r.no_comment, r.heads,
        );
        for h in hits.iter().filter(|h| h.range.start >= unit.range.start && h.range.end <= unit.range.end) {
            let _ = write!(out, "   [{} = {}]", &f[h.range.clone()], h.sense.label());
        }
        let _ = writeln!(out);
    }
    out
}

/// Whether a folded word belongs to a class of English words (`data/lexicon/word_classes.tsv`).
/// Whether text between two byte offsets closes a clause.
fn clause_break(folded: &str, from: usize, to: usize) -> bool {
    from < to && folded[from..to].contains([',', ';', ':', '.', '!', '?'])
}

fn is_word(class: sitrep_lexicon::WordClass, folded_word: &str) -> bool {
    Lexicon::embedded().is(class, folded_word)
}

/// Whether word `i` is an English auxiliary: a form of "to be", a perfect or a modal ("was", "has", "will").
fn is_auxiliary(words: &words::Words, folded: &str, i: usize) -> bool {
    words.is(folded, i, sitrep_lexicon::WordClass::BeAuxiliary)
        || words.is(folded, i, sitrep_lexicon::WordClass::PerfectOrModal)
}
