//! The words around a name that say what it is: place cues ("X district", "province of X", "مديرية X", "بولاية X",
//! "د X ولسوالۍ", "in X") and the titles that make it a person's ("Mullah X"). The words are data
//! (`data/gazetteer/cue_words.tsv`); the rules of where they stand are here.

use std::sync::LazyLock;

use rustc_hash::{FxHashMap, FxHashSet};
use sitrep_text::{fold, token_start, tsv};

/// The kind of place word seen next to a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cue {
    /// "X province", "province of X", "ولاية X", "إقليم X", "ولایت X".
    Province,
    /// "X district", "مديرية X", "مقاطعة X", "ولسوالی X".
    District,
    /// "X city", "city of X", "مدينة X", "شهر X".
    City,
    /// "X village", "X area", "منطقة X", "قرية X".
    Area,
    /// "مركز ولاية X", "the provincial capital of X", "capital of X province": the province's capital.
    Capital,
    /// "in X", "near X", "في X", "بX": a preposition only.
    Weak,
}

impl Cue {
    /// Whether the cue names a kind of place (anything but a bare preposition).
    pub fn is_strong(self) -> bool {
        !matches!(self, Cue::Weak)
    }

    /// Whether the kind of place the cue names may be a unit of `level`: a province's word a province, a district's
    /// a district; a city's a town or the district or province it names; an area's anything below a province.
    pub fn fits(self, level: crate::Level) -> bool {
        use crate::Level;
        match self {
            Cue::Province => level == Level::Province,
            Cue::District => level == Level::District,
            Cue::City => matches!(level, Level::Town | Level::District | Level::Province),
            Cue::Area => matches!(level, Level::Village | Level::Town | Level::District),
            Cue::Capital => true,
            Cue::Weak => false,
        }
    }
}

/// A place word: the kind of place it names, and whether it may follow the name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlaceWord {
    cue: Cue,
    /// "Sangin district", Dari "سنگین ولسوالی"; Arabic place words only precede the name ("مديرية سنجين").
    after_name: bool,
}

/// The words of `data/gazetteer/cue_words.tsv`, folded, by what they say of a name.
#[derive(Debug, Default)]
struct CueWords {
    /// English place words, looked up as they stand.
    english: FxHashMap<String, PlaceWord>,
    /// Arabic-script place words, looked up also after proclitics and the article.
    arabic: FxHashMap<String, PlaceWord>,
    /// Prepositions: a weak cue.
    near: FxHashSet<String>,
    /// Before an Arabic province word, the province's capital ("مركز ولاية X").
    centre: FxHashSet<String>,
    /// Before a name, a title or given name that makes it a person's.
    person: FxHashSet<String>,
}

impl CueWords {
    fn read(file: &str, text: &str) -> Result<CueWords, tsv::Error> {
        let mut words = CueWords::default();
        for row in tsv::Table::parse(file, text)?.rows() {
            let row = row?;
            let word = fold(row.get("word")?);
            let cue = match row.get("kind")? {
                "province" => Cue::Province,
                "district" => Cue::District,
                "city" => Cue::City,
                "area" => Cue::Area,
                "near" => {
                    words.near.insert(word);
                    continue;
                }
                "centre" => {
                    words.centre.insert(word);
                    continue;
                }
                "person" => {
                    words.person.insert(word);
                    continue;
                }
                other => return Err(row.invalid("kind", format!("unknown kind {other:?}"))),
            };
            let after_name = match row.get("after_name")? {
                "yes" => true,
                "no" => false,
                other => return Err(row.invalid("after_name", format!("{other:?} is not yes or no"))),
            };
            let places = if row.get("lang")? == "en" { &mut words.english } else { &mut words.arabic };
            places.insert(word, PlaceWord { cue, after_name });
        }
        Ok(words)
    }
}

/// The embedded cue words, read once. The file is checked by tests: a malformed row panics naming its line.
fn cue_words() -> &'static CueWords {
    static WORDS: LazyLock<CueWords> = LazyLock::new(|| {
        CueWords::read("cue_words.tsv", include_str!("../../../data/gazetteer/cue_words.tsv"))
            .unwrap_or_else(|e| panic!("{e}"))
    });
    &WORDS
}

fn english_noun(w: &str) -> Option<Cue> {
    cue_words().english.get(w).map(|p| p.cue)
}

fn weak_word(w: &str) -> bool {
    cue_words().near.contains(w)
}

/// The place word of an Arabic-script token with proclitics and article removed (بمديريه, لولايه,
/// وبالمنطقه, المديريه).
fn arabic_place(token: &str) -> Option<PlaceWord> {
    let places = &cue_words().arabic;
    let mut t = token;
    for _ in 0..3 {
        if let Some(&p) = places.get(t) {
            return Some(p);
        }
        if let Some(rest) = t.strip_prefix("ال") {
            if let Some(&p) = places.get(rest) {
                return Some(p);
            }
        }
        let mut chars = t.chars();
        match chars.next() {
            Some('و' | 'ف' | 'ب' | 'ل' | 'ك') => t = chars.as_str(),
            _ => break,
        }
    }
    None
}

fn arabic_cue(token: &str) -> Option<Cue> {
    arabic_place(token).map(|p| p.cue)
}

/// Whether the word before `at` marks a person's name (Zabihullah Mujahid, Mullah X, spokesman X).
pub(crate) fn person_before(folded: &str, at: usize) -> bool {
    let before = &folded[..at];
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return false;
    }
    let word = trimmed.rsplit(|c: char| !sitrep_text::is_word_char(c)).next().unwrap_or("");
    cue_words().person.contains(word)
}

/// An Arabic token without its proclitics and article (بمركز → مركز, المركز → مركز).
fn arabic_core(token: &str) -> &str {
    let mut t = token;
    for _ in 0..3 {
        if let Some(rest) = t.strip_prefix("ال") {
            return rest;
        }
        let mut chars = t.chars();
        match chars.next() {
            Some('و' | 'ف' | 'ب' | 'ل' | 'ك') if chars.as_str().chars().count() >= 3 => t = chars.as_str(),
            _ => break,
        }
    }
    t
}

/// The cue of a place word right after a name: English ones ("X district"), Dari and Pashto ones
/// ("X ولسوالی"). Arabic puts its place word first ("مديرية X"), so "مقر مديرية أندر" (the headquarters of
/// Andar district) says nothing of مقر.
fn cue_after_name(w: &str) -> Option<Cue> {
    let place = cue_words().english.get(w).copied().or_else(|| arabic_place(w))?;
    place.after_name.then_some(place.cue)
}

/// Words before `at`, nearest first, stopping at sentence punctuation. Quotes and brackets are skipped.
/// Lazy: most names are settled by the nearest word, and the ones further back cost a backward scan each.
fn words_before(text: &str, at: usize) -> impl Iterator<Item = &str> {
    let mut end = at;
    std::iter::from_fn(move || {
        let head = &text[..end];
        let trimmed = head.trim_end_matches([' ', '(', '"', '\'', '\t']);
        if trimmed.is_empty() || trimmed.ends_with(|c: char| !sitrep_text::is_word_char(c)) {
            return None;
        }
        let start = trimmed
            .rfind(|c: char| !sitrep_text::is_word_char(c))
            .map_or(0, |i| i + trimmed[i..].chars().next().map_or(1, char::len_utf8));
        end = start;
        Some(&trimmed[start..])
    })
}

/// Words after `at`, nearest first; a comma is reported as the word ",". Lazy, as [`words_before`].
fn words_after(text: &str, at: usize) -> impl Iterator<Item = &str> {
    let mut start = at;
    std::iter::from_fn(move || {
        let rest = &text[start..];
        let trimmed = rest.trim_start_matches([' ', ')', '"', '\'', '\t']);
        let skip = rest.len() - trimmed.len();
        if trimmed.starts_with(',') {
            start += skip + 1;
            return Some(",");
        }
        if trimmed.is_empty() || trimmed.starts_with(|c: char| !sitrep_text::is_word_char(c)) {
            return None;
        }
        let len = trimmed.find(|c: char| !sitrep_text::is_word_char(c)).unwrap_or(trimmed.len());
        start += skip + len;
        Some(&trimmed[..len])
    })
}

/// Fills `words[1..=upto]` from `rest` where still unfilled (`words_before` keeps answering None once done).
fn fill<'t>(words: &mut [Option<&'t str>; 3], rest: &mut impl Iterator<Item = &'t str>, upto: usize) {
    for slot in words.iter_mut().take(upto + 1).skip(1) {
        if slot.is_none() {
            *slot = rest.next();
        }
    }
}

/// Where a Pashto oblique ending after the name at `end` stops: "د بهسودو ولسوالۍ", "د شینوارو ولسوالۍ" (the
/// district's name with the plural oblique و), only before the word for a district or province.
pub(crate) fn oblique_end(text: &str, end: usize) -> Option<usize> {
    let after = end + 'و'.len_utf8();
    let place_word = || {
        words_after(text, after)
            .next()
            .and_then(cue_after_name)
            .is_some_and(|c| matches!(c, Cue::District | Cue::Province))
    };
    (text[end..].starts_with('و') && sitrep_text::ends_word(text, after) && place_word()).then_some(after)
}

/// The cue around the name at `start..end` of folded `text`.
pub(crate) fn find(text: &str, start: usize, end: usize) -> Option<Cue> {
    let end = oblique_end(text, end).unwrap_or(end);
    // A proclitic glued to the name: بقندهار "in Kandahar".
    let tok = token_start(text, start);
    let glued = &text[tok..start];
    // Up to three words before, found only as far as a rule asks.
    let mut before_iter = words_before(text, tok);
    let mut before: [Option<&str>; 3] = [before_iter.next(), None, None];
    // Cue word right before: مديرية X, بولاية X, district of X, the X district. Not across a conjunction glued to
    // the name: "مركز المديرية ومقر الشرطة" is the district's centre and the police headquarters.
    if let Some(c) = before[0].and_then(arabic_cue).filter(|_| !glued.starts_with('و')) {
        fill(&mut before, &mut before_iter, 1);
        let centre = before[1].is_some_and(|w| cue_words().centre.contains(arabic_core(w)));
        return Some(if c == Cue::Province && centre { Cue::Capital } else { c });
    }
    if before[0] == Some("of") {
        // "in Ghormach district of Faryab province": the word after the name says what it is.
        if let Some(c) = words_after(text, end).next().and_then(cue_after_name) {
            return Some(c);
        }
        fill(&mut before, &mut before_iter, 2);
        if before[1] == Some("capital") && before[2] == Some("provincial") {
            return Some(Cue::Capital);
        }
        if let Some(c) = before[1].and_then(english_noun) {
            return Some(c);
        }
    }
    // After: X district, X province, X city; Dari/Pashto "د X ولسوالۍ", "X ولسوالی".
    let mut after = words_after(text, end).take(5);
    let first_after = after.next();
    if let Some(c) = first_after.and_then(cue_after_name) {
        return Some(c);
    }
    // "the Sangin and Kajaki districts": a plural cue after a short list.
    if matches!(first_after, Some("and") | Some(",") | Some("و")) {
        for w in after.skip(1).take(3) {
            if let Some(c) = english_noun(w) {
                if w.ends_with('s') {
                    return Some(c);
                }
            }
        }
    }
    if glued.ends_with('ب') || glued == "في" {
        return Some(Cue::Weak);
    }
    if before[0].is_some_and(weak_word) {
        return Some(Cue::Weak);
    }
    if before[0] == Some("the") {
        fill(&mut before, &mut before_iter, 1);
        if before[1].is_some_and(weak_word) {
            return Some(Cue::Weak);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_word_does_not_reach_across_a_glued_conjunction() {
        assert_eq!(cue_of("سيطروا علي مركز المديريه ومقر الشرطه", "مقر"), None);
        assert_eq!(cue_of("في مديريه مقر بولايه غزني", "مقر"), Some(Cue::District));
    }

    fn cue_of(text: &str, name: &str) -> Option<Cue> {
        let s = text.find(name).unwrap();
        find(text, s, s + name.len())
    }

    #[test]
    fn cues_in_three_scripts() {
        assert_eq!(cue_of("in sangin district, helmand province", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("in sangin district, helmand province", "helmand"), Some(Cue::Province));
        assert_eq!(cue_of("in ghormach district of faryab province on", "faryab"), Some(Cue::Province));
        assert_eq!(cue_of("near the city of herat", "herat"), Some(Cue::City));
        assert_eq!(cue_of("the district of sangin", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("attack in sangin.", "sangin"), Some(Cue::Weak));
        assert_eq!(cue_of("بمديريه ارغنداب", "ارغنداب"), Some(Cue::District));
        assert_eq!(cue_of("لولايه قندهار", "قندهار"), Some(Cue::Province));
        assert_eq!(cue_of("في منطقه سربند", "سربند"), Some(Cue::Area));
        assert_eq!(cue_of("في اقليم (غازني)", "غازني"), Some(Cue::Province));
        assert_eq!(cue_of("د شینوار ولسوالي", "شینوار"), Some(Cue::District));
        assert_eq!(cue_of("د شینوارو ولسوالي", "شینوار"), Some(Cue::District));
        assert_eq!(cue_of("هجوم بقندهار", "قندهار"), Some(Cue::Weak));
        assert_eq!(cue_of("د سنكين ولسوالي", "سنكين"), Some(Cue::District));
        assert_eq!(cue_of("fighting in the sangin and kajaki districts", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("kabul is big", "kabul"), None);
        assert_eq!(cue_of("قرب مركز ولايه خوست", "خوست"), Some(Cue::Capital));
        assert_eq!(cue_of("the provincial capital of helmand", "helmand"), Some(Cue::Capital));
    }
}
