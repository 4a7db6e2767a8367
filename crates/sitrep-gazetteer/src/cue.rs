//! Place cues around a name: "X district", "province of X", "مديرية X", "بولاية X", "د X ولسوالۍ", "in X".

use sitrep_text::token_start;

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
}

fn english_noun(w: &str) -> Option<Cue> {
    Some(match w {
        "district" | "districts" | "distt" | "woleswali" | "wuleswali" | "uluswali" => Cue::District,
        "province" | "provinces" | "provincial" | "wilayat" | "velayat" => Cue::Province,
        "city" | "town" | "capital" | "cities" | "towns" => Cue::City,
        "village" | "villages" | "area" | "areas" | "region" | "valley" | "locality" | "outskirts" | "suburb"
        | "suburbs" | "neighbourhood" | "neighborhood" => Cue::Area,
        _ => return None,
    })
}

fn arabic_noun(w: &str) -> Option<Cue> {
    Some(match w {
        "ولايه" | "ولايتي" | "ولايات" | "اقليم" | "اقليمي" | "ولايت" | "ولايتهاي" | "ولاياتي" => {
            Cue::Province
        }
        "مديريه"
        | "مديريتي"
        | "مديريات"
        | "مقاطعه"
        | "مقاطعتي"
        | "ولسوالي"
        | "ولسواليه"
        | "ولسواليهاي"
        | "ولسواليو" => Cue::District,
        "مدينه" | "مدينتي" | "شهر" | "شار" | "بلده" | "عاصمه" => Cue::City,
        "منطقه" | "منطقتي" | "مناطق" | "قريه" | "قريتي" | "قري" | "ناحيه" | "كلي" | "روستاي" | "قصبه" | "ساحه"
        | "حي" | "ضاحيه" | "بلدات" => Cue::Area,
        _ => return None,
    })
}

fn weak_word(w: &str) -> bool {
    matches!(
        w,
        "in" | "at"
            | "near"
            | "from"
            | "around"
            | "inside"
            | "outside"
            | "across"
            | "into"
            | "to"
            | "toward"
            | "towards"
            | "في"
            | "قرب"
            | "بالقرب"
            | "نحو"
            | "حول"
            | "داخل"
            | "الي"
            | "به"
            | "در"
            | "اطراف"
    )
}

/// The cue word forms of an Arabic-script token with proclitics and article removed (بمديريه, لولايه,
/// وبالمنطقه, المديريه).
fn arabic_cue(token: &str) -> Option<Cue> {
    let mut t = token;
    for _ in 0..3 {
        if let Some(c) = arabic_noun(t) {
            return Some(c);
        }
        if let Some(rest) = t.strip_prefix("ال") {
            if let Some(c) = arabic_noun(rest) {
                return Some(c);
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

/// Arabic place words, which precede the name; Dari and Pashto ones (ولسوالی، ولایت، شهر) may follow it.
fn is_arabic_only_cue(w: &str) -> bool {
    let core = arabic_core(w);
    arabic_cue(w).is_some()
        && !["ولسوال", "ولايت", "شهر", "شار", "كلي", "روستا"].iter().any(|d| core.starts_with(d) || w.starts_with(d))
}

fn word_cue(w: &str) -> Option<Cue> {
    english_noun(w).or_else(|| arabic_cue(w))
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

/// The cue around the name at `start..end` of folded `text`.
pub(crate) fn find(text: &str, start: usize, end: usize) -> Option<Cue> {
    // A proclitic glued to the name: بقندهار "in Kandahar".
    let tok = token_start(text, start);
    let glued = &text[tok..start];
    // Up to three words before, found only as far as a rule asks.
    let mut before_iter = words_before(text, tok);
    let mut before: [Option<&str>; 3] = [before_iter.next(), None, None];
    // Cue word right before: مديرية X, بولاية X, district of X, the X district.
    if let Some(c) = before[0].and_then(arabic_cue) {
        fill(&mut before, &mut before_iter, 1);
        let centre = before[1].is_some_and(|w| matches!(arabic_core(w), "مركز" | "عاصمه"));
        return Some(if c == Cue::Province && centre { Cue::Capital } else { c });
    }
    if before[0] == Some("of") {
        fill(&mut before, &mut before_iter, 2);
        if before[1] == Some("capital") && before[2] == Some("provincial") {
            return Some(Cue::Capital);
        }
        if let Some(c) = before[1].and_then(english_noun) {
            return Some(c);
        }
    }
    // After: X district, X province, X city; Dari/Pashto "د X ولسوالۍ", "X ولسوالی". Arabic puts its place
    // word first ("مديرية X"), so "مقر مديرية أندر" (the headquarters of Andar district) says nothing of مقر.
    let mut after = words_after(text, end).take(5);
    let first_after = after.next();
    if let Some(c) = first_after.filter(|w| !is_arabic_only_cue(w)).and_then(word_cue) {
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

    fn cue_of(text: &str, name: &str) -> Option<Cue> {
        let s = text.find(name).unwrap();
        find(text, s, s + name.len())
    }

    #[test]
    fn cues_in_three_scripts() {
        assert_eq!(cue_of("in sangin district, helmand province", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("in sangin district, helmand province", "helmand"), Some(Cue::Province));
        assert_eq!(cue_of("near the city of herat", "herat"), Some(Cue::City));
        assert_eq!(cue_of("the district of sangin", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("attack in sangin.", "sangin"), Some(Cue::Weak));
        assert_eq!(cue_of("بمديريه ارغنداب", "ارغنداب"), Some(Cue::District));
        assert_eq!(cue_of("لولايه قندهار", "قندهار"), Some(Cue::Province));
        assert_eq!(cue_of("في منطقه سربند", "سربند"), Some(Cue::Area));
        assert_eq!(cue_of("في اقليم (غازني)", "غازني"), Some(Cue::Province));
        assert_eq!(cue_of("هجوم بقندهار", "قندهار"), Some(Cue::Weak));
        assert_eq!(cue_of("د سنكين ولسوالي", "سنكين"), Some(Cue::District));
        assert_eq!(cue_of("fighting in the sangin and kajaki districts", "sangin"), Some(Cue::District));
        assert_eq!(cue_of("kabul is big", "kabul"), None);
        assert_eq!(cue_of("قرب مركز ولايه خوست", "خوست"), Some(Cue::Capital));
        assert_eq!(cue_of("the provincial capital of helmand", "helmand"), Some(Cue::Capital));
    }
}
