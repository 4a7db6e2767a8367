//! Speakers the vocabularies do not know, named beside their title in Latin script: "District police chief Col.
//! Rahmatullah Safi told", "Farida Noori, a member of the provincial council, said", "said Abdul Wali Sahak, a
//! spokesman for the governor". The name is the run of capitalised words next to a title (`person_title` in
//! `data/lexicon/cues.tsv`), in a unit that attributes what it tells.

use std::ops::Range;

use sitrep_lexicon::{Cue, Hit, Sense};
use sitrep_text::Folded;

use crate::reading::Read;
use crate::words::Words;

/// Words of a name: two to four capitalised words.
const NAME_WORDS: Range<usize> = 2..5;

/// The speaker's name in the unit `unit` (folded offsets), as written in `text`.
pub(crate) fn named_speaker(
    text: &str,
    folded: &Folded,
    words: &Words,
    unit: &Range<usize>,
    hits: &[&Hit<'_>],
) -> Option<Read<String>> {
    let f = folded.as_str();
    let attributions: Vec<Range<usize>> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Attribution { .. })).map(|h| words.span(&h.range)).collect();
    if attributions.is_empty() {
        return None;
    }
    let titles: Vec<Range<usize>> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::PersonTitle))).map(|h| words.span(&h.range)).collect();
    // Words that belong to another reading (an actor, a title, a verb) are never part of a name.
    let taken: Vec<Range<usize>> = hits.iter().map(|h| words.span(&h.range)).collect();
    let in_unit = words.span(unit);
    let capitalised = |i: usize| {
        let original = &text[folded.original_range(words.range(i..i + 1))];
        original.chars().next().is_some_and(char::is_uppercase) && !taken.iter().any(|t| t.contains(&i))
    };
    // Words of one name stand apart by spaces only ("However, Khaled Zadran" is no name of three words).
    let joined = |i: usize| f[words.range(i - 1..i).end..words.range(i..i + 1).start].trim().is_empty();
    let run_from = |start: usize| -> Range<usize> {
        let mut end = start;
        while end < in_unit.end && end - start < NAME_WORDS.end - 1 && capitalised(end) && (end == start || joined(end))
        {
            end += 1;
        }
        start..end
    };
    let near_attribution = |name: &Range<usize>| {
        attributions.iter().any(|a| a.start.abs_diff(name.end).min(name.start.abs_diff(a.end)) <= 8)
    };
    let mut found: Option<Range<usize>> = None;
    for title in &titles {
        // "spokesman Maj. Khalil Asir": the name follows the title and any rank after it.
        let mut start = title.end;
        while let Some(rank) = titles.iter().find(|t| t.start == start) {
            start = rank.end;
        }
        let after = run_from(start);
        // "Farida Noori, a member of": the name stands before a comma and the title.
        let before = (in_unit.start..title.start)
            .rev()
            .take(4)
            .find(|&i| f[words.range(i..i + 1).end..words.range(title.start..title.start + 1).start].contains(','))
            .map(|last| {
                let mut first = last;
                while first > in_unit.start
                    && last + 1 - first < NAME_WORDS.end - 1
                    && capitalised(first - 1)
                    && joined(first)
                {
                    first -= 1;
                }
                if capitalised(last) {
                    first..last + 1
                } else {
                    last..last
                }
            });
        for name in [Some(after), before].into_iter().flatten() {
            if NAME_WORDS.contains(&name.len()) && name.start >= in_unit.start && near_attribution(&name) {
                found.get_or_insert(name);
            }
        }
    }
    let name = found?;
    let span = words.range(name);
    Some(Read::new(text[folded.original_range(span.clone())].to_string(), span))
}
