//! Frequent words of each language and every term of the extraction vocabularies are never places on their own
//! ("کشته", killed, before the town Goshtah): the artefact must be regenerated (`cargo run -p xtask -- gazetteer`)
//! whenever a word list or vocabulary changes.

use sitrep_gazetteer::{Gazetteer, Level};
use sitrep_text::Folded;

const LISTS: &[(&str, &str)] = &[
    ("common_words", include_str!("../../../data/gazetteer/common_words.tsv")),
    ("actors", include_str!("../../../data/lexicon/actors.tsv")),
    ("attribution", include_str!("../../../data/lexicon/attribution.tsv")),
    ("casualties", include_str!("../../../data/lexicon/casualties.tsv")),
    ("cues", include_str!("../../../data/lexicon/cues.tsv")),
    ("events", include_str!("../../../data/lexicon/events.tsv")),
    ("materiel", include_str!("../../../data/lexicon/materiel.tsv")),
    ("quantifiers", include_str!("../../../data/lexicon/quantifiers.tsv")),
    ("numbers_fa", include_str!("../../../data/lexicon/numbers_fa.tsv")),
    ("numbers_ps", include_str!("../../../data/lexicon/numbers_ps.tsv")),
    ("dates_fa", include_str!("../../../data/lexicon/dates_fa.tsv")),
    ("dates_ps", include_str!("../../../data/lexicon/dates_ps.tsv")),
];

#[test]
fn no_frequent_word_or_vocabulary_term_is_a_place_alone() {
    let g = Gazetteer::embedded();
    let mut places = Vec::new();
    for (list, text) in LISTS {
        // Skip comments and the header row; the term is the first column.
        for term in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()).skip(1) {
            let term = term.split('\t').next().unwrap_or_default().trim();
            let folded = Folded::new(term);
            for r in g.locate(folded.as_str()) {
                if !matches!(r.level, Level::Country | Level::Province) {
                    places.push(format!("{list}: {term:?} read as {}", r.name));
                }
            }
        }
    }
    assert!(places.is_empty(), "{}", places.join("\n"));
}

#[test]
fn a_listed_word_is_still_a_place_after_a_place_cue() {
    let g = Gazetteer::embedded();
    let folded = Folded::new("ولسوالی گوشته");
    assert!(g.locate(folded.as_str()).iter().any(|r| r.level == Level::District), "Goshta district with its cue");
}
