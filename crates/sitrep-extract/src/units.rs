//! Segmentation: a document cut into units, the smallest stretches that tell one thing.
//!
//! Sentences end at line breaks and at `.`, `!`, `?` (not after abbreviations or initials). Run-on Arabic
//! bulletins chain their reports without full stops ("... وفي ولاية X ؛ ...", "كما أكد ...", "وحسب بيان آخر"),
//! so a sentence is cut again before each chaining cue and before a clause-initial "said/announced" verb.
//! A unit that such a cut opens starts a new report; a lead that announces "the following" is a roll-up. An English
//! sentence joining two reports of two places ("..., and seven soldiers died in Zabul, officials said") is cut
//! before the joining word; so is one whose two figures at two places share one casualty verb ("five were killed
//! in Andar and three in Zurmat", "در اندر پنج پولیس و در زرمت سه پولیس کشته شدند"), the side without the verb
//! marked to count with it.

use std::ops::Range;

use sitrep_lexicon::{ActorRole, AttributionKind, CasualtyField, Cue, Hit, Sense, WordClass};
use sitrep_text::Language;

/// A stretch of folded text that tells one thing.
#[derive(Debug, Clone)]
pub(crate) struct Unit {
    pub range: Range<usize>,
    /// Follows a roll-up cue ("ما يلي", "the following"): a lead summary.
    pub after_rollup: bool,
    /// A heading line: it repeats the story, so it never makes an entry of its own (a bulletin's heading that sums
    /// up its items over several provinces is read as their lead instead).
    pub heading: bool,
    /// Cut from the front of a sentence joining two reports: the speaker the sentence names at its end
    /// ("..., and seven soldiers died in Zabul, officials said") speaks for it too.
    pub speaker_follows: bool,
    /// Opens the second or a later report of such a sentence: one that names no act of its own tells the act of
    /// the first ("... ووژل شول، او په کونړ کې دوه ملکي وګړي ټپیان شول").
    pub joined_report: bool,
    /// Its figure shares the casualty verb of the other report of its sentence ("five were killed in Andar and
    /// three in Zurmat"): what that verb counts.
    pub gapped: Option<CasualtyField>,
}

/// Cuts `folded` (with its lexicon `hits`) into units.
///
/// `wrapped` holds the folded offsets of lines that continue the line before (hard-wrapped text: the
/// original line starts in lower case); such a line break is a space.
///
/// `verb_first`: the language opens clauses with their verb (Arabic), so a verb of saying opens a report.
///
/// `places`: where place names stand (sorted), to tell a sentence that joins two reports of two places.
pub(crate) fn units(
    folded: &str,
    hits: &[Hit<'_>],
    places: &[Range<usize>],
    wrapped: &[usize],
    language: Language,
) -> Vec<Unit> {
    let verb_first = language == Language::Arabic;
    let lines = join_wrapped(folded, lines(folded), wrapped);
    // About a unit a line: sized once rather than grown from empty.
    let mut out = Vec::with_capacity(lines.len());
    let line_count = lines.iter().filter(|l| !folded[(*l).clone()].trim().is_empty()).count();
    let mut first_line = true;
    for line in lines {
        let text = &folded[line.clone()];
        if text.trim().is_empty() {
            continue;
        }
        let heading = line_count > 1 && is_heading(text, first_line) && !rolls_up(line.clone(), hits);
        first_line = false;
        if heading {
            out.push(Unit {
                range: line,
                after_rollup: false,
                heading: true,
                speaker_follows: false,
                joined_report: false,
                gapped: None,
            });
            continue;
        }
        for sentence in sentences(folded, line) {
            let cuts = coordinated_reports(folded, sentence.clone(), hits, places, verb_first);
            if cuts.is_empty() {
                if let Some(at) = contrasted_version(folded, sentence.clone(), hits) {
                    cut_at_cues(folded, sentence.start..at, hits, verb_first, &mut out);
                    cut_at_cues(folded, at..sentence.end, hits, verb_first, &mut out);
                    continue;
                }
                if let Some(gap) = gapped_reports(folded, sentence.clone(), hits, places, language) {
                    let first = out.len();
                    cut_at_cues(folded, sentence.start..gap.at, hits, verb_first, &mut out);
                    let second = out.len();
                    cut_at_cues(folded, gap.at..sentence.end, hits, verb_first, &mut out);
                    for unit in &mut out[first..second] {
                        unit.speaker_follows = true;
                    }
                    let lacking = if gap.first_lacks { first } else { second };
                    if let Some(unit) = out.get_mut(lacking) {
                        unit.gapped = Some(gap.field);
                    }
                    if let Some(unit) = out.get_mut(second) {
                        unit.joined_report = true;
                    }
                    continue;
                }
            }
            let mut start = sentence.start;
            for (k, end) in cuts.iter().copied().chain([sentence.end]).enumerate() {
                let from = out.len();
                cut_at_cues(folded, start..end, hits, verb_first, &mut out);
                for unit in &mut out[from..] {
                    unit.speaker_follows = k < cuts.len();
                }
                if let Some(first) = out.get_mut(from).filter(|_| k > 0) {
                    first.joined_report = true;
                }
                start = end;
            }
        }
    }
    out.retain(|u| folded[u.range.clone()].chars().any(sitrep_text::is_word_char));
    out
}

/// Joins each line that `wrapped` says continues the one before, unless that one closed a sentence.
fn join_wrapped(folded: &str, lines: Vec<Range<usize>>, wrapped: &[usize]) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(lines.len());
    for line in lines {
        let starts_wrapped = wrapped.binary_search(&line.start).is_ok();
        match out.last_mut() {
            Some(prev)
                if starts_wrapped
                    && !folded[prev.clone()].trim().is_empty()
                    && !folded[prev.clone()].trim_end().ends_with(['.', '!', '?', ':']) =>
            {
                prev.end = line.end
            }
            _ => out.push(line),
        }
    }
    out
}

fn lines(folded: &str) -> Vec<Range<usize>> {
    // Lines of reports run to a few hundred bytes: room for most, grown for the rest.
    let mut out = Vec::with_capacity(folded.len() / 128 + 1);
    let mut start = 0;
    // Both breaks are ASCII: no byte of another character equals them.
    for i in memchr::memchr2_iter(b'\n', b'\r', folded.as_bytes()) {
        out.push(start..i);
        start = i + 1;
    }
    out.push(start..folded.len());
    out
}

/// A bulletin's heading that sums up the items below it ("حصيلة عمليات ...: مقتل 31 من جنود العدو في 5 ولايات"):
/// a toll over several provinces, read as the lead it is rather than as a title that repeats the story.
fn rolls_up(line: Range<usize>, hits: &[Hit<'_>]) -> bool {
    let mut on_line = starting_in(hits, &line).filter(|h| h.range.end <= line.end);
    let several = on_line.clone().any(|h| matches!(h.sense, Sense::Cue(Cue::SeveralProvinces)));
    several && on_line.any(|h| matches!(h.sense, Sense::Casualty { .. }))
}

/// The hits that start in `range`. The hits are sorted by start: found by binary search, not by reading all of
/// them for every line or sentence.
fn starting_in<'h, 'l>(hits: &'h [Hit<'l>], range: &Range<usize>) -> impl Iterator<Item = &'h Hit<'l>> + Clone {
    let from = hits.partition_point(|h| h.range.start < range.start);
    let end = range.end;
    hits[from..].iter().take_while(move |h| h.range.start < end)
}

/// A heading: a short line without closing punctuation, at the top or standing alone between paragraphs.
fn is_heading(line: &str, first: bool) -> bool {
    let trimmed = line.trim();
    let closed = trimmed.ends_with(['.', '!', '?', '"', '\'', ':', ')']);
    if closed {
        return false;
    }
    // Only whether there are at most 16 (or 10) words matters: count no further.
    let words = trimmed.split_whitespace().take(17).count();
    (first && words <= 16) || (words <= 10 && !trimmed.ends_with(','))
}

fn sentences(folded: &str, line: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = line.start;
    let text = &folded[line.clone()];
    // The stops are ASCII: no byte of another character equals them.
    for i in memchr::memchr3_iter(b'.', b'!', b'?', text.as_bytes()) {
        let c = char::from(text.as_bytes()[i]);
        let at = line.start + i;
        let next = folded[at + 1..line.end].chars().next();
        if !next.is_none_or(char::is_whitespace) {
            continue;
        }
        if c == '.' && ends_in_abbreviation(&folded[start..at]) {
            continue;
        }
        out.push(start..at + 1);
        start = at + 1;
    }
    if start < line.end {
        out.push(start..line.end);
    }
    out
}

/// A sentence that joins two reports of two places: "Four policemen were killed in Faryab, and seven soldiers died
/// in Zabul", "a bomb in Herat wounded six, while in Kunduz ...", Pashto "په خوست کې ... ووژل شول، او په کونړ کې
/// ... ټپیان شول". It is cut before the joining
/// word when each side tells its own casualties at its own place; a participle ("..., and wounding three in X")
/// continues the first report. Returns where each later report starts (none for most sentences).
fn coordinated_reports(
    folded: &str,
    sentence: Range<usize>,
    hits: &[Hit<'_>],
    places: &[Range<usize>],
    verb_first: bool,
) -> Vec<usize> {
    let text = &folded[sentence.clone()];
    // Most sentences name fewer than two places: nothing to cut, and no word to look up. Arabic glues its "و" to
    // the next word and runs its bulletin items together with it: not cut here.
    let from = places.partition_point(|p| p.start < sentence.start);
    let two_places_named = places.get(from + 1).is_some_and(|p| p.end <= sentence.end);
    if !two_places_named || verb_first {
        return Vec::new();
    }
    // A semicolon, or a comma before a word that joins reports ("and", "while", "whereas", Pashto "، او").
    let first_word = |at: usize| text[at..].trim_start().split(' ').next().unwrap_or("");
    let joins: Vec<(usize, usize)> = text
        .match_indices([',', ';', '،', '؛'])
        .filter(|&(i, p)| {
            let after = i + p.len();
            text[after..].starts_with(' ')
                && (p == ";" || p == "؛" || crate::is_word(WordClass::ReportJoiner, first_word(after)))
        })
        .map(|(i, p)| (sentence.start + i, p.len()))
        .collect();
    if joins.is_empty() {
        return Vec::new();
    }
    let casualty_in = |r: &Range<usize>| {
        let from = hits.partition_point(|h| h.range.start < r.start);
        hits[from..].iter().take_while(|h| h.range.start < r.end).find(|h| matches!(h.sense, Sense::Casualty { .. }))
    };
    let place_in = |r: &Range<usize>| {
        let from = places.partition_point(|p| p.start < r.start);
        places[from..].first().filter(|p| p.end <= r.end).map(|p| &folded[p.clone()])
    };
    let mut out = Vec::new();
    let mut start = sentence.start;
    for (k, &(at, mark)) in joins.iter().enumerate() {
        let left = start..at;
        let right = at..joins.get(k + 1).map_or(sentence.end, |&(next, _)| next);
        // The first word after the joining word: a participle or a casualty word continues the first report.
        let opening = folded[right.clone()]
            .trim_start_matches([',', ';', '،', '؛', ' '])
            .split(' ')
            .find(|w| !crate::is_word(WordClass::ReportJoiner, w))
            .unwrap_or("");
        let first_casualty = casualty_in(&right);
        let continues = opening.ends_with("ing")
            || first_casualty.is_some_and(|c| folded[c.range.clone()].starts_with(opening) && !opening.is_empty());
        let two_places = place_in(&left).zip(place_in(&right)).is_some_and(|(a, b)| a != b);
        if casualty_in(&left).is_some() && first_casualty.is_some() && two_places && !continues {
            start = at + mark;
            out.push(start);
        }
    }
    out
}

/// Two reports of one sentence that share one casualty verb (see [`gapped_reports`]).
struct Gap {
    /// Where the second report begins: its joining word.
    at: usize,
    /// What the shared verb counts.
    field: CasualtyField,
    /// The first report lacks the verb (Dari and Pashto put it last); else the second does.
    first_lacks: bool,
}

/// Two figures at two places sharing one casualty verb: "five policemen were killed in Andar district and three in
/// Zurmat", "قتل خمسة في مديرية أندر، وثلاثة في مديرية زرمت", "در اندر پنج پولیس و در زرمت سه پولیس کشته شدند".
/// Cut before the joining word ("and", "و", "او"; Arabic glues its "و" to the next word) when each side names its
/// own place and its own figure and only one side has a casualty word.
fn gapped_reports(
    folded: &str,
    sentence: Range<usize>,
    hits: &[Hit<'_>],
    places: &[Range<usize>],
    language: Language,
) -> Option<Gap> {
    // Most sentences name fewer than two places: nothing to look for.
    let from = places.partition_point(|p| p.start < sentence.start);
    let in_sentence: Vec<&Range<usize>> = places[from..].iter().take_while(|p| p.end <= sentence.end).collect();
    if in_sentence.len() < 2 {
        return None;
    }
    let casualty = |r: &Range<usize>| {
        starting_in(hits, r).find_map(|h| match h.sense {
            Sense::Casualty { field } if h.range.end <= r.end => Some(*field),
            _ => None,
        })
    };
    // Nor do most name a casualty.
    casualty(&sentence)?;
    let named = |r: &Range<usize>| -> Vec<&str> {
        in_sentence.iter().filter(|p| p.start >= r.start && p.end <= r.end).map(|p| &folded[(*p).clone()]).collect()
    };
    let counts = |r: &Range<usize>| !sitrep_count::quantities(&folded[r.clone()], language).is_empty();
    // The joining word stands between two places.
    let (first_end, last_start) = (in_sentence[0].end, in_sentence[in_sentence.len() - 1].start);
    if first_end >= last_start {
        return None;
    }
    let text = &folded[first_end..last_start];
    // The joining words: a conjunction written apart, or Arabic "و" glued to a figure or a preposition after a comma.
    let mut offset = 0;
    let joins = text.split_inclusive(' ').filter_map(|piece| {
        let at = first_end + offset;
        offset += piece.len();
        let word = piece.trim_end_matches([' ', ',', '،']);
        let apart = crate::is_word(WordClass::Conjunction, word) && word != "or";
        let glued = language == Language::Arabic
            && word.starts_with('و')
            && folded[sentence.start..at].trim_end().ends_with(['،', ','])
            && word.chars().count() > 2;
        (apart || glued).then_some(at)
    });
    for at in joins {
        let (left, right) = (sentence.start..at, at..sentence.end);
        let (mine, theirs) = (named(&left), named(&right));
        if mine.is_empty() || theirs.is_empty() || mine.iter().any(|p| theirs.contains(p)) {
            continue;
        }
        let (in_left, in_right) = (casualty(&left), casualty(&right));
        let (field, first_lacks) = match (in_left, in_right) {
            (Some(f), None) => (f, false),
            (None, Some(f)) => (f, true),
            _ => continue,
        };
        // The side without a verb is short: a figure and its place, no act of its own ("and took two posts in X").
        let lacking = if first_lacks { &left } else { &right };
        // Only the figure and its place count, between the joining word and the place (not "... of Farah when
        // insurgents attacked their posts"); an act after "in" is a circumstance both share ("در حملات طالبان در X
        // شش سرباز و ...", "in attacks on their posts").
        let within = in_sentence.iter().filter(|p| p.start >= lacking.start && p.end <= lacking.end);
        let clause = if first_lacks {
            within.map(|p| p.start).min().unwrap_or(lacking.start)..lacking.end
        } else {
            lacking.start..within.map(|p| p.end).max().unwrap_or(lacking.end)
        };
        let circumstance = |h: &Hit<'_>| {
            let before = folded[..h.range.start].split_whitespace().next_back().unwrap_or("");
            crate::is_word(WordClass::ActPreposition, before)
        };
        let short = folded[clause.clone()].split_whitespace().count() <= 14;
        let acts = starting_in(hits, &clause)
            .any(|h| matches!(h.sense, Sense::Event(_)) && h.range.end <= clause.end && !circumstance(h));
        if acts {
            continue;
        }
        // A list of places joined ("Ghazni, Zabul and Faryab") is no pair of reports.
        let listed = {
            let last_before = in_sentence.iter().filter(|p| p.end <= at).map(|p| p.end).max();
            let first_after = in_sentence.iter().filter(|p| p.start >= at).map(|p| p.start).min();
            let word_end = at + folded[at..].find(' ').unwrap_or(0);
            let blank = |r: Range<usize>| folded.get(r).is_some_and(|t| t.trim_matches([' ', ',', '،']).is_empty());
            last_before.zip(first_after).is_some_and(|(a, b)| blank(a..at) && (word_end >= b || blank(word_end..b)))
        };
        let (told, bare) = if first_lacks { (&right, &clause) } else { (&left, &clause) };
        if short && !listed && counts(told) && counts(bare) {
            return Some(Gap { at, field, first_lacks });
        }
    }
    None
}

/// English "the Front claimed heavy Taliban losses, while a Taliban spokesman said four of its fighters were
/// killed": two sources, each with its own verb of saying, joined by a word of contrast after a comma, tell two
/// versions. The byte where the second begins.
fn contrasted_version(folded: &str, sentence: Range<usize>, hits: &[Hit<'_>]) -> Option<usize> {
    // Most sentences hold fewer than two verbs of saying: nothing to look for.
    let sayings = starting_in(hits, &sentence).filter(|h| matches!(h.sense, Sense::Attribution { .. })).take(2).count();
    let text = &folded[sentence.clone()];
    if sayings < 2 || !text.is_ascii() {
        return None;
    }
    let (i, _) = text.match_indices(", ").find(|&(i, _)| {
        let next = text[i + 2..].split(' ').next().unwrap_or("");
        next != "and" && crate::is_word(WordClass::ReportJoiner, next)
    })?;
    let at = sentence.start + i + 1;
    let in_range = |r: Range<usize>, sense: fn(&Sense) -> bool| starting_in(hits, &r).any(|h| sense(h.sense));
    let says = |s: &Sense| matches!(s, Sense::Attribution { .. });
    let tells = |s: &Sense| matches!(s, Sense::Casualty { .. } | Sense::Event(_));
    (in_range(sentence.start..at, says) && in_range(at..sentence.end, says) && in_range(at..sentence.end, tells))
        .then_some(at)
}

fn ends_in_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let word = word.trim_start_matches(|c: char| !sitrep_text::is_word_char(c));
    // Initials ("A.", "u.s") and listed abbreviations.
    (word.chars().count() == 1 && word.chars().all(|c| c.is_alphabetic()))
        || crate::is_word(WordClass::Abbreviation, word)
}

/// Cuts one sentence before chaining cues and clause-initial attribution verbs.
fn cut_at_cues(folded: &str, sentence: Range<usize>, hits: &[Hit<'_>], verb_first: bool, out: &mut Vec<Unit>) {
    let mut cuts: Vec<(usize, bool)> = Vec::new(); // (position, rollup-intro follows)
    let mut after_rollup_at: Vec<usize> = Vec::new();
    let from = hits.partition_point(|h| h.range.start <= sentence.start);
    let inside =
        hits[from..].iter().take_while(|h| h.range.start < sentence.end).filter(|h| h.range.end <= sentence.end);
    let mut last_according_end = 0;
    // Cut before the whole word, proclitics included ("وقالت", not "و" + "قالت").
    let at_token = |hit: &Hit<'_>| sitrep_text::token_start(folded, hit.range.start);
    // The last actor named: a verb of saying right after it, without "و", is its predicate ("لكن الحركة قالت",
    // "وكانت حصيلة رسمية سابقة تحدثت عن"), and the clause opens with that subject.
    let mut last_actor: Option<Range<usize>> = None;
    // Where the last verb of saying or denying ends: "فيما نفت وزارة الدفاع ذلك، مؤكدة أن": the name right after
    // it is that verb's subject, and the clause opened before the verb.
    let mut last_saying_end = 0;
    for hit in inside {
        let actor_before = last_actor.clone();
        // Read only for a verb of saying: the words between it and the actor before it.
        let subject = || {
            actor_before.clone().filter(|a| {
                a.end <= hit.range.start
                    && hit.range.start - a.end < 64
                    && !folded[at_token(hit)..].starts_with('و')
                    && folded[a.end..hit.range.start].split_whitespace().count() <= 2
            })
        };
        // Fighters and victims ("35 جنديا") say nothing: only an organisation or a source is a speaker.
        if matches!(hit.sense, Sense::Actor { role: ActorRole::Organisation | ActorRole::Source, .. }) {
            last_actor = Some(hit.range.clone());
        }
        match hit.sense {
            Sense::Cue(Cue::NewReport) if is_arabic(folded, hit) => cuts.push((at_token(hit), false)),
            // "وفي الولاية نفسها", "وأكد نفس البيان" open a report; "في الإقليم" mid-clause only refers back.
            Sense::Cue(Cue::SameStatement | Cue::SameProvince)
                if is_arabic(folded, hit) && folded[at_token(hit)..].starts_with('و') =>
            {
                cuts.push((at_token(hit), false))
            }
            Sense::Cue(Cue::NewReport) if clause_initial(folded, sentence.start, hit.range.start) => {
                cuts.push((hit.range.start, false))
            }
            Sense::Cue(Cue::Rollup) if is_arabic(folded, hit) => {
                cuts.push((hit.range.start, false));
                after_rollup_at.push(hit.range.end);
            }
            Sense::Attribution { kind: AttributionKind::According | AttributionKind::AccordingAfterSource } => {
                last_according_end = hit.range.end
            }
            // Only Arabic opens a clause with its verb of saying or denying ("فيما نفى المتحدث ..."); Dari and
            // Pashto end with it.
            Sense::Attribution { kind: AttributionKind::Say | AttributionKind::Deny }
                if verb_first
                    && hit.range.start > last_according_end + 1
                    && folded[sentence.start..hit.range.start].split_whitespace().take(4).count() >= 4 =>
            {
                let subject_of_verb_before = |a: &Range<usize>| {
                    last_saying_end > 0
                        && last_saying_end <= a.start
                        && folded[last_saying_end..a.start].split_whitespace().count() <= 1
                };
                let cut = match subject() {
                    Some(a) if subject_of_verb_before(&a) => None,
                    Some(a) if clause_initial(folded, sentence.start, a.start) => {
                        Some(sitrep_text::token_start(folded, a.start))
                    }
                    Some(_) => None,
                    // The word before the whole word ("عدم الكشف": "الكشف" is a noun, not "كشف" after "ال").
                    None if clause_initial(folded, sentence.start, at_token(hit)) => Some(at_token(hit)),
                    None => None,
                };
                cuts.extend(cut.map(|at| (at, false)));
                last_saying_end = hit.range.end;
            }
            _ => {}
        }
    }
    for at in after_rollup_at {
        cuts.push((at, true));
    }
    cuts.sort();
    cuts.dedup_by_key(|c| c.0);
    let mut start = sentence.start;
    let mut after_rollup = false;
    for (at, rollup_next) in cuts {
        if at > start {
            out.push(Unit {
                range: start..at,
                after_rollup,
                heading: false,
                speaker_follows: false,
                joined_report: false,
                gapped: None,
            });
            start = at;
        }
        after_rollup = rollup_next;
    }
    out.push(Unit {
        range: start..sentence.end,
        after_rollup,
        heading: false,
        speaker_follows: false,
        joined_report: false,
        gapped: None,
    });
}

fn is_arabic(folded: &str, hit: &Hit<'_>) -> bool {
    folded[hit.range.clone()].chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c))
}

/// Whether `at` opens a clause: the sentence start, after punctuation, or after a bare conjunction.
fn clause_initial(folded: &str, sentence_start: usize, at: usize) -> bool {
    let before = folded[sentence_start..at].trim_end();
    if before.is_empty() || before.ends_with([',', ';', ':', '-']) {
        return true;
    }
    // Arabic chains clauses with a bare "و" and verbs need no subject before them: any word boundary will do
    // once the sentence has already told something.
    let mut last = before.rsplit(char::is_whitespace);
    let prev_word = last.next().unwrap_or("");
    let arabic_prev = prev_word.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    // "غير أن الوزارة قالت": a complementizer after a word of contrast opens another clause ("however").
    let contrast = last.next().is_some_and(|w| crate::is_word(WordClass::Contrast, w));
    arabic_prev && (!crate::is_word(WordClass::NoClauseAfter, prev_word) || contrast)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sitrep_lexicon::Lexicon;
    use sitrep_text::Folded;

    fn check(text: &str, expect: &[&str]) {
        let folded = Folded::new(text);
        let hits = Lexicon::embedded().scan(folded.as_str());
        let got: Vec<String> = units(folded.as_str(), &hits, &[], &[], Language::Arabic)
            .into_iter()
            .filter(|u| !u.heading)
            .map(|u| folded.as_str()[u.range].trim().to_string())
            .collect();
        let expect: Vec<String> = expect.iter().map(|e| sitrep_text::fold(e)).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn english_sentences_respect_abbreviations() {
        check(
            "KABUL, Afghanistan (Jan. 25, 2013) U.S. forces said. Three were killed.",
            &["KABUL, Afghanistan (Jan. 25, 2013) U.S. forces said.", "Three were killed."],
        );
    }

    #[test]
    fn arabic_bulletins_are_cut_at_chaining_cues() {
        check(
            "قتل ثلاثة جنود في زابل وفي ولاية بغلان ؛ أصيب شرطيان كما أكد المتحدث انفجار لغم",
            &["قتل ثلاثة جنود في زابل", "وفي ولاية بغلان ؛ أصيب شرطيان", "كما أكد المتحدث انفجار لغم"],
        );
    }

    #[test]
    fn english_sentences_joining_two_reports_of_two_places_are_cut() {
        let text = "Three guards were killed in Kunar, while a mine wounded two boys in Laghman, police said.";
        let folded = Folded::new(text);
        let f = folded.as_str();
        let hits = Lexicon::embedded().scan(f);
        let places: Vec<Range<usize>> =
            ["kunar", "laghman"].iter().filter_map(|name| f.find(name).map(|at| at..at + name.len())).collect();
        let got: Vec<&str> =
            units(f, &hits, &places, &[], Language::English).into_iter().map(|u| f[u.range].trim()).collect();
        assert_eq!(
            got,
            ["three guards were killed in kunar,", "while a mine wounded two boys in laghman, police said."]
        );
        // One place: one report told with its details.
        let got = units(f, &hits, &places[..1], &[], Language::English);
        assert_eq!(got.len(), 1);
    }

    #[test]
    fn headings_are_marked() {
        let text = "Taliban attack kills 11 in Balkh\n\nThe Taliban attacked a post.";
        let folded = Folded::new(text);
        let hits = Lexicon::embedded().scan(folded.as_str());
        let units = units(folded.as_str(), &hits, &[], &[], Language::Arabic);
        assert!(units[0].heading);
        assert!(!units[1].heading);
    }
}
