//! Word boundaries in folded text, with Arabic proclitics.
//!
//! Arabic writes conjunctions, prepositions and the article onto the next word (وفي، بمديرية، لقوات،
//! بالمديرية، للشرطة). A vocabulary match may start inside such a token only when what precedes it in the
//! token is a run of proclitics.

/// Whether `c` continues a word (letters and digits of any script): `char::is_alphanumeric`, from a table
/// below U+0800 (Latin and Arabic script), where the standard library would search its Unicode tables.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    match word_table().get(c as usize / 64) {
        Some(bits) => bits & (1 << (c as usize % 64)) != 0,
        None => c.is_alphanumeric(),
    }
}

/// Whether `c` is a letter: `char::is_alphabetic`, from a table below U+0800 as [`is_word_char`].
#[inline]
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    match letter_table().get(c as usize / 64) {
        Some(bits) => bits & (1 << (c as usize % 64)) != 0,
        None => c.is_alphabetic(),
    }
}

/// Bit `u` set when U+`u` (below U+0800) is alphanumeric.
fn word_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| table_below_800(char::is_alphanumeric))
}

/// Bit `u` set when U+`u` (below U+0800) is alphabetic.
fn letter_table() -> &'static [u64; 32] {
    static TABLE: std::sync::OnceLock<[u64; 32]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| table_below_800(char::is_alphabetic))
}

fn table_below_800(property: fn(char) -> bool) -> [u64; 32] {
    let mut bits = [0u64; 32];
    for u in 0..0x800u32 {
        if char::from_u32(u).is_some_and(property) {
            bits[u as usize / 64] |= 1 << (u % 64);
        }
    }
    bits
}

/// Whether `text[at..]` starts a word: `at` is at the start or follows a non-word character.
// Inline: the lexicon and gazetteer test every match they find, tens of thousands a document set.
#[inline]
pub fn starts_word(text: &str, at: usize) -> bool {
    // An ASCII byte before `at` is a whole character: no need to decode backwards.
    match at.checked_sub(1).and_then(|i| text.as_bytes().get(i)) {
        None if at == 0 => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        _ => text[..at].chars().next_back().is_none_or(|c| !is_word_char(c)),
    }
}

/// Whether `text[..at]` ends a word: `at` is at the end or precedes a non-word character.
// Inline: the lexicon and gazetteer test every match they find, tens of thousands a document set.
#[inline]
pub fn ends_word(text: &str, at: usize) -> bool {
    // An ASCII byte at `at` is a whole character, and the end of the text ends a word.
    match text.as_bytes().get(at) {
        None if at == text.len() => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        _ => text[at..].chars().next().is_none_or(|c| !is_word_char(c)),
    }
}

/// Start of the token that contains byte `at`.
pub fn token_start(text: &str, at: usize) -> usize {
    text[..at].char_indices().rev().take_while(|&(_, c)| is_word_char(c)).last().map_or(at, |(i, _)| i)
}

/// Whether a match at `at` starts a word, possibly after Arabic proclitics within the same token
/// (و ف ب ل ك, combined: وب، ول، فب، وال via the match itself). With `article_dropped`, the match stands
/// for a term whose article ال was swallowed by a preceding ل (للشرطة = ل + الشرطة), so the token
/// prefix must end in ل.
pub fn starts_word_after_proclitics(text: &str, at: usize, article_dropped: bool) -> bool {
    let start = token_start(text, at);
    let prefix = &text[start..at];
    if prefix.is_empty() {
        return !article_dropped;
    }
    if article_dropped {
        return prefix.ends_with('ل') && is_proclitic_run(prefix);
    }
    is_proclitic_run(prefix)
}

/// Every byte offset of `text` where a match may start by [`starts_word`] or [`starts_word_after_proclitics`],
/// ascending: the start of the text, every offset after a non-word character, and the offsets inside a token
/// after its first one to five letters when all of them are proclitic or article letters (و ف ب ل ا). A
/// superset: callers still check each match, and need not look anywhere else.
pub fn match_starts(text: &str) -> Vec<u32> {
    match_starts_and_runs(text).starts
}

/// What one pass over a folded text finds of its words. Offsets are `u32`, as in [`crate::Folded`]: a long
/// document has a start every few bytes, and half the room of `usize` keeps the lists small beside the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WordScan {
    /// As [`match_starts`].
    pub starts: Vec<u32>,
    /// The maximal runs of word characters ([`is_word_char`]), in text order.
    pub runs: Vec<std::ops::Range<u32>>,
}

/// [`match_starts`] and the runs of word characters, found in one pass: the same words bound both. A text of 4
/// GiB or more (far beyond any document accepted) has none.
pub fn match_starts_and_runs(text: &str) -> WordScan {
    if u32::try_from(text.len()).is_err() {
        return WordScan::default();
    }
    let mut out = Vec::with_capacity(text.len() / 4);
    let mut runs = Vec::with_capacity(text.len() / 6);
    // Where the current run of word characters started, while in one.
    let mut run: Option<u32> = None;
    let mut after_word = false;
    // Letters of the current token so far, while all of them may be proclitics (at most five).
    let mut proclitics: Option<u8> = None;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII: no proclitic letter, and a word character only if alphanumeric.
        if b.is_ascii() {
            if !after_word || proclitics.is_some_and(|n| n >= 1) {
                out.push(i as u32);
            }
            after_word = b.is_ascii_alphanumeric();
            step_run(&mut run, &mut runs, after_word, i);
            proclitics = None;
            i += 1;
            if after_word {
                // The rest of an ASCII word starts nothing.
                i += ascii_alnum_run(bytes.get(i..).unwrap_or_default());
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else { break };
        if !after_word {
            out.push(i as u32);
            proclitics = Some(0);
        } else if proclitics.is_some_and(|n| n >= 1) {
            out.push(i as u32);
        }
        after_word = is_word_char(c);
        step_run(&mut run, &mut runs, after_word, i);
        proclitics = proclitics_after(proclitics, after_word, c);
        i += c.len_utf8();
        if after_word && proclitics.is_none() {
            // The rest of an Arabic word (letters U+0621–U+063A, U+0641–U+064A) starts nothing.
            while let [lead, next, ..] = bytes[i..] {
                match (lead, next) {
                    (0xD8, 0xA1..=0xBA) | (0xD9, 0x81..=0x8A) => i += 2,
                    _ => break,
                }
            }
        }
    }
    runs.extend(run.map(|s| s..text.len() as u32));
    WordScan { starts: out, runs }
}

/// A run of word characters opens at `at` (a word character) or closes there (any other).
#[inline]
fn step_run(run: &mut Option<u32>, runs: &mut Vec<std::ops::Range<u32>>, word: bool, at: usize) {
    match (*run, word) {
        (None, true) => *run = Some(at as u32),
        (Some(s), false) => {
            runs.push(s..at as u32);
            *run = None;
        }
        _ => {}
    }
}

/// The high bit of each byte of eight bytes.
pub const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// Eight bytes (little-endian) tested at once: bit 7 of each byte set when that byte is an ASCII letter or
/// digit, all other bits clear.
#[inline]
pub fn ascii_alnum_bytes(x: u64) -> u64 {
    let ones = |b: u8| u64::from(b) * 0x0101_0101_0101_0101;
    // The high bit of each byte: set when its low seven bits are in `lo..=hi` (no carry crosses a byte).
    let within = |v: u64, lo: u8, hi: u8| (v + ones(0x80 - lo)) & !(v + ones(0x7F - hi)) & HIGH_BITS;
    let v = x & !HIGH_BITS;
    // Case folded by setting bit 5: exactly the letters land in a..=z.
    (within(v, b'0', b'9') | within(v | ones(0x20), b'a', b'z')) & !x
}

/// How many bytes at the start of `bytes` are ASCII letters or digits: two bytes a turn, each looked up in a
/// table (the rest of a word after its first letter is five bytes or so: fewer steps than testing eight at once).
#[inline]
pub fn ascii_alnum_run(bytes: &[u8]) -> usize {
    let mut n = 0;
    while let Some(&[a, b]) = bytes.get(n..n + 2) {
        if !ASCII_ALNUM[usize::from(a)] {
            return n;
        }
        if !ASCII_ALNUM[usize::from(b)] {
            return n + 1;
        }
        n += 2;
    }
    n + usize::from(bytes.get(n).is_some_and(|&b| ASCII_ALNUM[usize::from(b)]))
}

/// Whether each byte is an ASCII letter or digit (bytes of longer characters are not).
pub const ASCII_ALNUM: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Arabic proclitic letters: the conjunctions و and ف, the prepositions ب and ل. Not ك ("as, like"): rare in
/// reports, and the first letter of many words it would cut (كميات is no ك + ميات "hundreds"), and the folded
/// first letter of every Dari and Pashto word in ک, گ or ګ ("ګډون" is no "ك" + "دون").
pub const ARABIC_PROCLITICS: [char; 4] = ['و', 'ف', 'ب', 'ل'];

/// How many letters of the current token may all be proclitics once `c` is read: one more while they may
/// (at most five), none once one may not.
fn proclitics_after(count: Option<u8>, word_char: bool, c: char) -> Option<u8> {
    match count {
        Some(n) if word_char && n < 5 && (ARABIC_PROCLITICS.contains(&c) || c == 'ا') => Some(n + 1),
        _ => None,
    }
}

/// Whether `prefix` is a run of Arabic proclitics in their grammatical order: a conjunction (و، ف), then a
/// preposition (ب، ل، ك), then the article (ال; ل + ال is written لل), each optional but not all absent. Out of
/// order, the letters are the word's own ("بودند" is no ب + و + "دند").
fn is_proclitic_run(prefix: &str) -> bool {
    let rest = prefix.strip_prefix(['و', 'ف']).unwrap_or(prefix);
    // Not ك: see ARABIC_PROCLITICS.
    let rest = if rest == "لل" { "" } else { rest.strip_prefix(['ب', 'ل']).unwrap_or(rest) };
    !prefix.is_empty() && (rest.is_empty() || rest == "ال")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_chars_and_letters_are_the_alphanumeric_and_alphabetic_ones() {
        for u in 0..0x3000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{u:04X}");
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{u:04X}");
            }
        }
    }

    #[test]
    fn proclitics_are_arabic_ones_only() {
        // "بمديرية", "وللشرطة": a match may start after Arabic proclitics.
        assert!(starts_word_after_proclitics("بمديريه", "ب".len(), false));
        assert!(starts_word_after_proclitics("وللشرطه", "ولل".len(), true));
        // Folded Pashto "ګډون" (with) and Dari "کشته" begin with ك: no word starts after it.
        assert!(!starts_word_after_proclitics("كدون", "ك".len(), false));
        assert!(!match_starts("كشته").contains(&("ك".len() as u32)));
    }

    #[test]
    fn match_starts_cover_every_word_start() {
        let text = "وفي ولايه قندهار، بمديريه (ارغنداب) لقوات بالمديريه للشرطه; the Taliban's 3 fighters";
        let starts = match_starts(text);
        for (at, _) in text.char_indices() {
            let possible = starts_word(text, at)
                || starts_word_after_proclitics(text, at, false)
                || starts_word_after_proclitics(text, at, true);
            assert!(!possible || starts.contains(&(at as u32)), "{at}: {:?}", &text[at..]);
        }
        assert!(starts.windows(2).all(|w| w[0] < w[1]));
    }

    /// The starts as the definition gives them, character by character, without the skips over word bodies.
    fn match_starts_by_definition(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let mut after_word = false;
        let mut proclitics: Option<u8> = None;
        for (i, c) in text.char_indices() {
            if !after_word {
                out.push(i as u32);
                proclitics = (!c.is_ascii()).then_some(0);
            } else if proclitics.is_some_and(|n| n >= 1) {
                out.push(i as u32);
            }
            after_word = is_word_char(c);
            proclitics = proclitics_after(proclitics, after_word, c);
        }
        out
    }

    #[test]
    fn runs_are_the_maximal_runs_of_word_characters() {
        let plain = |text: &str| {
            let mut runs = Vec::new();
            let mut start = None;
            for (i, c) in text.char_indices() {
                match (is_word_char(c), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        runs.push(s as u32..i as u32);
                        start = None;
                    }
                    _ => {}
                }
            }
            runs.extend(start.map(|s| s as u32..text.len() as u32));
            runs
        };
        for text in crate::testing::corpus("بالمديريه وللشرطه، ووالفففف x9ب ب9x é's ۱۸'٢ end")
        {
            let folded = crate::fold(&text);
            assert_eq!(match_starts_and_runs(&folded).runs, plain(&folded));
        }
    }

    #[test]
    fn match_starts_skip_only_what_starts_nothing() {
        for text in crate::testing::corpus("بالمديريه وللشرطه، ووالفففف x9ب ب9x") {
            let folded = crate::fold(&text);
            assert_eq!(match_starts(&folded), match_starts_by_definition(&folded));
        }
    }

    #[test]
    fn proclitics_allow_a_match_inside_a_token() {
        let text = "وفي ولايه قندهار بمديريه ارغنداب لقوات بالمديريه للشرطه";
        let at = |w: &str| text.find(w).unwrap();
        assert!(starts_word_after_proclitics(text, at("في"), false));
        assert!(starts_word_after_proclitics(text, at("مديريه ارغنداب"), false));
        assert!(starts_word_after_proclitics(text, at("قوات"), false));
        assert!(starts_word_after_proclitics(text, at("المديريه"), false));
        assert!(starts_word_after_proclitics(text, at("شرطه"), true));
        assert!(!starts_word_after_proclitics(text, at("ندهار"), false));
        assert!(!starts_word_after_proclitics(text, at("قندهار"), true));
    }

    #[test]
    fn proclitics_come_in_their_order() {
        // Conjunction, preposition, article: "وبالمدينه", "فللجيش"; a Dari verb's own letters are none ("بودند").
        let text = "وبالمدينه فللجيش بودند بوكن";
        let at = |w: &str| text.find(w).unwrap();
        assert!(starts_word_after_proclitics(text, at("مدينه"), false));
        assert!(starts_word_after_proclitics(text, at("جيش"), false));
        assert!(!starts_word_after_proclitics(text, at("دند"), false));
        assert!(!starts_word_after_proclitics(text, at("كن"), false));
    }

    #[test]
    fn boundaries_agree_with_their_definitions() {
        for text in crate::testing::corpus("x9ب ب9x ab, وفي-the") {
            let end = (0..=text.len().min(20_000)).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let text = &text[..end];
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let before = text[..at].chars().next_back().is_none_or(|c| !is_word_char(c));
                let after = text[at..].chars().next().is_none_or(|c| !is_word_char(c));
                assert_eq!((starts_word(text, at), ends_word(text, at)), (before, after), "at {at}");
            }
        }
    }

    #[test]
    fn ascii_alnum_runs_agree_with_byte_by_byte() {
        let plain = |b: &[u8]| b.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        // Every byte value at every place of a word, with words of every length.
        for len in 0..20 {
            for at in 0..len {
                for b in 0..=u8::MAX {
                    let mut word = vec![b'a'; len];
                    word[at] = b;
                    assert_eq!(ascii_alnum_run(&word), plain(&word), "{word:?}");
                }
            }
        }
        let mixed = b"Zz09AZaz@[`{/:\x80\xffq";
        for i in 0..mixed.len() {
            assert_eq!(ascii_alnum_run(&mixed[i..]), plain(&mixed[i..]), "{i}");
        }
    }

    #[test]
    fn latin_boundaries() {
        let text = "the taliban's attack";
        assert!(starts_word(text, 4));
        assert!(!starts_word(text, 5));
        assert!(ends_word(text, 11));
        assert!(!ends_word(text, 10));
        assert_eq!(token_start(text, 8), 4);
    }
}
