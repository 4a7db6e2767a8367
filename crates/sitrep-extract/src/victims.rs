//! English noun phrases that name the people a casualty word counts.
//!
//! "detained a Taliban leader and several associates" counts 1 + 3; "captured the man" counts one already
//! counted (definite); "A Haqqani leader was captured" counts 1. Each phrase keeps its head noun, so a later
//! sentence of the same report that counts other people ("two suspected insurgents") can add to the figure,
//! while one that counts the same people again ("the leader and several associates were detained") does not.

use sitrep_lexicon::WordClass;
use std::ops::Range;

use sitrep_count::{Count, Quantity};

use crate::words::Words;

/// People counted by one casualty word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Victims {
    pub count: Count,
    /// Folded byte ranges of the phrases.
    pub spans: Vec<Range<usize>>,
    /// Head nouns, lower case, singular ("leader", "insurgent").
    pub heads: Vec<String>,
    /// Every phrase is definite ("the leader", "him"): people told of before.
    pub definite: bool,
    /// A phrase says its people are more than those told of ("two additional suspects", "several others").
    pub additional: bool,
    /// Some phrase is definite: the figure counts people told of before among others ("the leader and two
    /// of his associates").
    pub some_told: bool,
}

/// The object list after an active casualty verb starting at word `start`: "a leader and several associates".
///
/// The list ends at any word in `stops` (another casualty or event word: "deaths of three and injuries to two").
pub(crate) fn object_list(
    folded: &str,
    words: &Words,
    quantities: &[&Quantity],
    start: usize,
    stops: &[usize],
) -> Option<Victims> {
    let mut start = start;
    if words.text(folded, start) == "of" {
        start += 1;
    }
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut appositives: Vec<usize> = Vec::new();
    let mut seg_start = start;
    let mut i = start;
    let limit = (start + 14).min(words.len());
    while i < limit {
        let w = words.text(folded, i);
        let gap = if i > start { &folded[words.range(i - 1..i).end..words.range(i..i + 1).start] } else { "" };
        // A sentence ends the list; a comma only separates its phrases.
        if gap.contains(['.', ';', ':', '?', '!', '(', ')', '"']) {
            break;
        }
        let punct_before = gap.contains(',');
        let joins = w == "and"
            || (w == "along" && words.text(folded, i + 1) == "with")
            || (w == "as" && words.text(folded, i + 1) == "well");
        // "killed three insurgents and seized 650 kilograms": a verb after "and" opens another clause.
        let next = words.text(folded, i + 1);
        if w == "and"
            && (next.ends_with("ed") || next.ends_with("ing"))
            && !words.is(folded, i + 1, WordClass::IndefiniteHead)
        {
            break;
        }
        if joins {
            if i > seg_start {
                segments.push(seg_start..i);
            }
            i += match w {
                "along" => 2,
                "as" => 3,
                _ => 1,
            };
            seg_start = i;
            continue;
        }
        // "three workers, two of them women", "five guards, one of whom was a child": a figure of the people
        // counted before is a part of them, and ends the list.
        if punct_before && part_of_those_counted(folded, words, quantities, i) {
            break;
        }
        if punct_before && i > seg_start {
            // "the man, an IED facilitator, and three additional suspects": a phrase set off by a comma after
            // a definite one describes the same person.
            segments.push(seg_start..i);
            seg_start = i;
            if words.is(folded, segments[segments.len() - 1].start, WordClass::DefiniteHead) {
                appositives.push(segments.len());
            }
        }
        // "killing six officers, officials said": a bare phrase after a comma before the next verb is that
        // verb's subject, not one of the people counted.
        let opened_by_comma = seg_start > start
            && folded[words.range(seg_start - 1..seg_start).end..words.range(seg_start..seg_start + 1).start]
                .contains(',');
        if stops.contains(&i) {
            // Where the phrase's last figure ends; "the death of 12 insurgents, with five more hurt": a figure
            // right before the next verb is that verb's.
            let phrase = words.range(seg_start..i);
            let figure_end = quantities
                .iter()
                .filter(|q| q.range.start >= phrase.start && q.range.end <= phrase.end)
                .map(|q| words.span(&q.range).end)
                .max();
            if opened_by_comma && figure_end.is_none_or(|end| end + 2 >= i) {
                seg_start = i;
            }
            break;
        }
        if (words.is(folded, i, WordClass::ObjectBoundary) && !inside_figure(quantities, words, i))
            || w.chars().all(|c| c.is_ascii_digit()) && w.len() == 4
        {
            // "killing five, a spokesman for the police told reporters": the phrase is the subject of the verb
            // a few words on.
            let verb_ahead = stops.iter().any(|&s| {
                s > i
                    && s - i <= 6
                    && !folded[words.range(i..i + 1).start..words.range(s..s + 1).start].contains(['.', ';'])
            });
            if opened_by_comma && verb_ahead {
                seg_start = i;
            }
            break;
        }
        // "the death of 12 fighters, and 9 others were wounded": the phrase before a finite verb is the subject
        // of another clause.
        if crate::is_auxiliary(words, folded, i) {
            seg_start = i;
            break;
        }
        // "several insurgents based on questioning", "two men identified as facilitators": a participle that
        // takes a preposition opens a reduced clause after the phrase.
        let participle = w.ends_with("ed") || w.ends_with("ing") || matches!(w, "known" | "thought" | "held" | "seen");
        if i > seg_start
            && participle
            && (words.is(folded, i + 1, WordClass::ObjectBoundary) || next == "with" || next == "of")
        {
            break;
        }
        i += 1;
    }
    if i > seg_start {
        segments.push(seg_start..i);
    }
    segments.extend(trailing_others(folded, words, quantities, i, stops));
    let segments: Vec<Range<usize>> =
        segments.into_iter().enumerate().filter(|(n, _)| !appositives.contains(n)).map(|(_, s)| s).collect();
    read_segments(folded, words, quantities, &segments)
}

/// A figure at word `i` followed by "of them", "of whom", "of those".
fn part_of_those_counted(folded: &str, words: &Words, quantities: &[&Quantity], i: usize) -> bool {
    let Some(figure) = quantities.iter().map(|q| words.span(&q.range)).find(|w| w.start == i) else {
        return false;
    };
    let pronoun = words.text(folded, figure.end + 1);
    words.text(folded, figure.end) == "of"
        && (crate::is_word(WordClass::DefiniteHead, pronoun) || crate::is_word(WordClass::RelativePronoun, pronoun))
}

/// Word `i` lies inside a figure: "eight to 12 insurgents" keeps its "to".
fn inside_figure(quantities: &[&Quantity], words: &Words, i: usize) -> bool {
    let r = words.range(i..i + 1);
    quantities.iter().any(|q| q.range.start <= r.start && r.end <= q.range.end)
}

/// "the mayor of Kunduz in the north of the country and two others": companions counted after the phrases of
/// place that ended the object list at word `from`, before the clause ends.
fn trailing_others(
    folded: &str,
    words: &Words,
    quantities: &[&Quantity],
    from: usize,
    stops: &[usize],
) -> Option<Range<usize>> {
    let limit = (from + 12).min(words.len());
    for j in from..limit {
        let gap = if j > 0 { &folded[words.range(j - 1..j).end..words.range(j..j + 1).start] } else { "" };
        if j > from && gap.contains(['.', ';', ':', '?', '!', ',']) || stops.contains(&j) {
            return None;
        }
        let figure_next = j + 1 < words.len() && {
            let next = words.range(j + 1..j + 2);
            quantities.iter().any(|q| q.range.start == next.start)
        };
        if words.text(folded, j) == "and" && figure_next {
            let end =
                (j + 2..(j + 5).min(words.len())).find(|&k| matches!(words.text(folded, k), "other" | "others"))?;
            return Some(j + 1..end + 1);
        }
    }
    None
}

/// The subject of a passive casualty verb whose auxiliary is word `aux`: "A Taliban leader was captured".
pub(crate) fn passive_subject(
    folded: &str,
    words: &Words,
    quantities: &[&Quantity],
    aux: usize,
    stops: &[usize],
) -> Option<Victims> {
    // "Four civilians, including two children, were killed": step over the parenthetical subset.
    let mut aux = aux;
    let mut skip_comma = false;
    if aux > 0 && folded[..words.range(aux..aux + 1).start].trim_end().ends_with(',') {
        let mut k = aux;
        while k > 0 && aux - k < 8 {
            k -= 1;
            if words.is(folded, k, WordClass::SubsetWord) {
                let before = &folded[..words.range(k..k + 1).start];
                if before.trim_end().ends_with(',') {
                    aux = k;
                    skip_comma = true;
                }
                break;
            }
        }
    } else {
        // "45 soldiers including 3 commanders were killed": a part named without commas is stepped over too; not
        // one with a verb of its own ("including two who were wounded").
        let mut k = aux;
        while k > 0 && aux - k < 6 {
            k -= 1;
            let gap = &folded[words.range(k..k + 1).end..words.range(k + 1..k + 2).start];
            if gap.chars().any(|c| !c.is_whitespace() && c != '-') || words.is(folded, k, WordClass::RelativePronoun) {
                break;
            }
            if words.is(folded, k, WordClass::SubsetWord) {
                aux = k;
                break;
            }
        }
    }
    let mut start = aux;
    while start > 0 && aux - start < 12 {
        let prev = start - 1;
        let w = words.text(folded, prev);
        let gap = &folded[words.range(prev..prev + 1).end..words.range(start..start + 1).start];
        let comma_allowed = std::mem::take(&mut skip_comma) && gap.trim() == ",";
        // Only spaces, hyphens, apostrophes and the brackets of a one-word abbreviation ("Resistance Front
        // (NRF) fighters") join the words of one phrase.
        let bracketed = |k: usize| {
            let w = words.range(k..k + 1);
            folded[..w.start].ends_with('(') && folded[w.end..].starts_with(')')
        };
        let abbreviation = !gap.contains('\n')
            && match gap.trim() {
                ")" => bracketed(prev),
                "(" => bracketed(start),
                _ => false,
            };
        let broken = !abbreviation && gap.chars().any(|c| !c.is_whitespace() && c != '-' && c != '\'');
        if !comma_allowed && broken
            || words.is(folded, prev, WordClass::ObjectBoundary)
                && w != "and"
                && !joins_with(folded, words, prev)
                && !inside_figure(quantities, words, prev)
            || stops.contains(&prev)
        {
            break;
        }
        // "several insurgents were detained and two were killed": "and" after a verb closes another clause.
        if w == "and" && prev > 0 && words.text(folded, prev - 1).ends_with("ed") {
            break;
        }
        start = prev;
    }
    if start >= aux {
        return None;
    }
    let segments: Vec<Range<usize>> = split_on_and(folded, words, start..aux);
    read_segments(folded, words, quantities, &segments)
}

/// "(a commander) along with (his guards)", "together with": "with" that joins two phrases of people as "and" does.
fn joins_with(folded: &str, words: &Words, i: usize) -> bool {
    i > 0 && words.text(folded, i) == "with" && matches!(words.text(folded, i - 1), "along" | "together")
}

fn split_on_and(folded: &str, words: &Words, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut seg = range.start;
    for i in range.clone() {
        let joiner = match words.text(folded, i) {
            "and" => Some(i),
            _ if joins_with(folded, words, i) && i > range.start => Some(i - 1),
            _ => None,
        };
        if let Some(at) = joiner {
            if at > seg {
                out.push(seg..at);
            }
            seg = i + 1;
        }
    }
    if range.end > seg {
        out.push(seg..range.end);
    }
    out
}

fn read_segments(folded: &str, words: &Words, quantities: &[&Quantity], segments: &[Range<usize>]) -> Option<Victims> {
    let mut total: Option<Count> = None;
    let mut spans = Vec::new();
    let mut heads = Vec::new();
    let mut definite = true;
    let mut additional = false;
    let mut some_told = false;
    // The first phrase with neither a figure nor a determiner, singular ("Taliban leader Mahjur"): a title or a
    // name, counted only when a later "other" says it was a person.
    let mut bare: Option<(Range<usize>, String)> = None;
    for seg in segments {
        let bytes = words.range(seg.clone());
        let first = words.text(folded, seg.start);
        let head = words.text(folded, seg.end - 1);
        if !head.chars().all(|c| c.is_alphabetic() || c == '\'') || head.is_empty() {
            continue;
        }
        // ", and the detainment of ...": a determiner alone names no one.
        if seg.len() == 1
            && (words.is(folded, seg.end - 1, WordClass::DefiniteHead)
                || words.is(folded, seg.end - 1, WordClass::IndefiniteHead))
            && !matches!(head, "him" | "them" | "one" | "another")
        {
            continue;
        }
        let quantity = quantities.iter().find(|q| q.range.start >= bytes.start && q.range.end <= bytes.end);
        let count = if let Some(q) = quantity {
            // "killing both armed men": a figure of people told of before.
            if first == "both" {
                some_told = true;
            } else {
                definite = false;
            }
            q.count
        } else if words.is(folded, seg.start, WordClass::IndefiniteHead) {
            definite = false;
            Count::article()
        } else if words.is(folded, seg.start, WordClass::DefiniteHead) {
            // People told of before: counted here, but never added to an earlier figure.
            some_told = true;
            if head.ends_with('s') && !head.ends_with("ss") {
                Count::unspecified()
            } else {
                Count::article()
            }
        } else if head.ends_with('s') && !head.ends_with("ss") {
            definite = false;
            Count::implied_plural()
        } else {
            if total.is_none() && bare.is_none() {
                bare = Some((bytes, singular(head)));
            }
            continue;
        };
        let more = seg.clone().any(|i| words.is(folded, i, WordClass::MorePeople));
        // "killed Taliban leader, Mahjur, along with one other insurgent": "other" presupposes someone told before
        // it in the list, who counts one; the list then adds nobody to people told of in earlier sentences.
        match bare.take().filter(|_| more && total.is_none()) {
            Some((bare_bytes, bare_head)) => {
                definite = false;
                total = Some(Count::article());
                spans.push(bare_bytes);
                heads.push(bare_head);
            }
            None => additional |= more,
        }
        heads.push(singular(head));
        spans.push(bytes);
        total = Some(match total {
            None => count,
            Some(t) => t.plus(count),
        });
    }
    let count = total?;
    Some(Victims { count, spans, heads, definite, additional, some_told })
}

fn singular(head: &str) -> String {
    let h = head.trim_end_matches("'s");
    h.strip_suffix('s').filter(|s| !s.ends_with('s')).unwrap_or(h).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// low, best, heads, all definite
    type Read = (Option<u32>, Option<u32>, Vec<String>, bool);

    fn object(text: &str) -> Option<Read> {
        let words = Words::new(text);
        let quantities = sitrep_count::quantities(text, sitrep_text::Language::English);
        let q: Vec<&Quantity> = quantities.iter().collect();
        object_list(text, &words, &q, 0, &[]).map(|v| (v.count.low, v.count.best, v.heads, v.definite))
    }

    #[test]
    fn object_lists_add_up() {
        assert_eq!(
            object("a taliban leader and several associates during an operation"),
            Some((Some(4), None, vec!["leader".into(), "associate".into()], false))
        );
        assert_eq!(
            object("two suspected insurgents in khost"),
            Some((Some(2), Some(2), vec!["insurgent".into()], false))
        );
        assert_eq!(
            object("the man, an ied facilitator, and three additional suspects in the qalat district").map(|o| o.0),
            Some(Some(4))
        );
        assert_eq!(object("him"), Some((Some(1), Some(1), vec!["him".into()], true)));
        assert_eq!(object("the leader").map(|o| (o.0, o.3)), Some((Some(1), true)));
        assert_eq!(object("three insurgents and seized 650 kilograms of opium").map(|o| o.0), Some(Some(3)));
    }

    #[test]
    fn passive_subjects_count_their_article() {
        let text = "a haqqani leader was captured";
        let words = Words::new(text);
        let v = passive_subject(text, &words, &[], 3, &[]).map(|v| v.count.best);
        assert_eq!(v, Some(Some(1)));
    }
}
