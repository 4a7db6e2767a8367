//! Words of folded text, with their byte ranges.

use std::sync::OnceLock;

/// One word: a run of letters and digits. ASCII digits and Arabic-script letters are split apart
/// (و15 is و + 15), because Arabic writes the conjunction onto a number; Latin letters stay with digits
/// (21st, 2am, 10km are not counts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}') && c.is_alphabetic()
}

/// Characters below this have their classes in a table (Latin and Arabic script).
const TABLE: usize = 0x800;
const ALNUM: u8 = 1;
const ARABIC: u8 = 2;

/// `is_alphanumeric` and `is_arabic_letter` of the common scripts, computed once.
fn classes() -> &'static [u8] {
    static CLASSES: OnceLock<Vec<u8>> = OnceLock::new();
    CLASSES.get_or_init(|| {
        (0..TABLE as u32)
            .map(|u| {
                char::from_u32(u).map_or(0, |c| {
                    (if c.is_alphanumeric() { ALNUM } else { 0 }) | if is_arabic_letter(c) { ARABIC } else { 0 }
                })
            })
            .collect()
    })
}

/// What a byte of UTF-8 text is, for the ASCII fast path of [`tokenize_at`].
const ASCII_GAP: u8 = 0;
const ASCII_WORD: u8 = 1;
/// Part of a non-ASCII character.
const NOT_ASCII: u8 = 2;

const BYTE_CLASS: [u8; 256] = {
    let mut table = [NOT_ASCII; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = if (b as u8).is_ascii_alphanumeric() { ASCII_WORD } else { ASCII_GAP };
        b += 1;
    }
    table
};

/// The first index at or after `i` whose byte is not of class `class` (or the end).
#[inline(always)]
fn skip_run(bytes: &[u8], mut i: usize, class: u8) -> usize {
    // Two bytes a turn: the loop's own test and step cost about as much as looking at a byte. (Four a turn
    // does no better on words of five or six bytes.)
    while let Some(&[a, b]) = bytes.get(i..i + 2) {
        if BYTE_CLASS[usize::from(a)] != class {
            return i;
        }
        if BYTE_CLASS[usize::from(b)] != class {
            return i + 1;
        }
        i += 2;
    }
    while let Some(&b) = bytes.get(i) {
        if BYTE_CLASS[usize::from(b)] != class {
            break;
        }
        i += 1;
    }
    i
}

/// The words of `text`.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokenize_at(text, 0)
}

/// The words of `text` with `offset` added to every range (`text` being a window of a larger text).
pub(crate) fn tokenize_at(text: &str, offset: usize) -> Vec<Token> {
    tokenize_seeing(text, offset, &mut ())
}

/// What is told of each word as [`tokenize_seeing`] finds it: a test of every word costs less there, with the
/// word at hand, than in a second pass over the tokens.
pub(crate) trait Seen {
    /// Word number `index` (from 0), of bytes `word`.
    fn seen(&mut self, word: &[u8], index: usize);
}

impl Seen for () {
    #[inline(always)]
    fn seen(&mut self, _: &[u8], _: usize) {}
}

/// The words of `text` with `offset` added to every range, each told to `seen` as it is found.
///
/// Most text is ASCII, so runs of ASCII bytes are skipped over whole and only non-ASCII characters decoded. An
/// ASCII run only starts, continues or ends a word; the splits between ASCII digits and Arabic letters are made
/// at the Arabic letter, looking at the byte before or after it.
#[inline]
pub(crate) fn tokenize_seeing(text: &str, offset: usize, seen: &mut impl Seen) -> Vec<Token> {
    let table = classes();
    let bytes = text.as_bytes();
    // About one word per five bytes in the corpus; a little more room saves regrowing the vector.
    let mut out = Vec::with_capacity(text.len() / 4 + 1);
    // A macro, not a closure: a closure called from several places is not inlined, and a call per word costs
    // more than the test `seen` makes.
    macro_rules! emit {
        ($start:expr, $end:expr) => {{
            let (start, end) = ($start, $end);
            seen.seen(bytes.get(start..end).unwrap_or_default(), out.len());
            out.push(Token { start: start + offset, end: end + offset });
        }};
    }
    // Where the current word started, if inside one.
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match BYTE_CLASS[usize::from(b)] {
            ASCII_GAP => {
                if let Some(s) = start.take() {
                    emit!(s, i);
                }
                i = skip_run(bytes, i + 1, ASCII_GAP);
                continue;
            }
            ASCII_WORD => {
                // Words of ASCII letters and digits parted by ASCII gaps, the bulk of most text, go round this
                // inner loop, one word and the gap after it a turn, without the bookkeeping of `start`.
                let mut s = start.take().unwrap_or(i);
                loop {
                    i = skip_run(bytes, i + 1, ASCII_WORD);
                    match bytes.get(i) {
                        // A non-ASCII character may continue the word: the general path below decides.
                        Some(&b) if BYTE_CLASS[usize::from(b)] == NOT_ASCII => {
                            start = Some(s);
                            break;
                        }
                        None => {
                            emit!(s, i);
                            break;
                        }
                        Some(_) => {
                            emit!(s, i);
                            i = skip_run(bytes, i + 1, ASCII_GAP);
                            match bytes.get(i) {
                                Some(&b) if BYTE_CLASS[usize::from(b)] == ASCII_WORD => s = i,
                                _ => break,
                            }
                        }
                    }
                }
                continue;
            }
            _ => {}
        }
        // Not ASCII: `i` is a character boundary, as only whole characters are stepped over.
        let Some(c) = text.get(i..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        let end = i + c.len_utf8();
        let class = match table.get(c as usize) {
            Some(&k) => k,
            None => (if c.is_alphanumeric() { ALNUM } else { 0 }) | if is_arabic_letter(c) { ARABIC } else { 0 },
        };
        if class & ALNUM == 0 {
            if let Some(s) = start.take() {
                emit!(s, i);
            }
        } else if class & ARABIC != 0 {
            // A digit run and an Arabic word joined without a space are two tokens ("5جنود", "جنود5").
            match start {
                Some(s) if i.checked_sub(1).and_then(|p| bytes.get(p)).is_some_and(u8::is_ascii_digit) => {
                    emit!(s, i);
                    start = Some(i);
                }
                None => start = Some(i),
                _ => {}
            }
            if bytes.get(end).is_some_and(u8::is_ascii_digit) {
                emit!(start.unwrap_or(i), end);
                start = Some(end);
            }
        } else if start.is_none() {
            start = Some(i);
        }
        i = end;
    }
    if let Some(s) = start {
        emit!(s, text.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_the_tests() {
        let table = classes();
        for (u, &k) in table.iter().enumerate() {
            if let Some(c) = char::from_u32(u as u32) {
                assert_eq!(k & ALNUM != 0, c.is_alphanumeric(), "{c:?}");
                assert_eq!(k & ARABIC != 0, is_arabic_letter(c), "{c:?}");
            }
        }
    }

    /// The rule of [`Token`] character by character, without the ASCII fast path.
    fn tokenize_by_chars(text: &str) -> Vec<Token> {
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let (mut prev_digit, mut prev_arabic) = (false, false);
        for (i, c) in text.char_indices() {
            let (alnum, digit, arabic) = (c.is_alphanumeric(), c.is_ascii_digit(), is_arabic_letter(c));
            if alnum {
                match start {
                    Some(s) if (prev_digit && arabic) || (prev_arabic && digit) => {
                        out.push(Token { start: s, end: i });
                        start = Some(i);
                    }
                    None => start = Some(i),
                    _ => {}
                }
            } else if let Some(s) = start.take() {
                out.push(Token { start: s, end: i });
            }
            (prev_digit, prev_arabic) = (digit, arabic);
        }
        if let Some(s) = start {
            out.push(Token { start: s, end: text.len() });
        }
        out
    }

    #[test]
    fn fast_path_agrees_with_the_rule() {
        let tricky = "و15 5جنود جنود5 a5b 21st 2012-08-S-012 ١٢ é5é x\u{2003}y ۵۶ 1,200 ...  end9 \
                      ﻻ 10km ق5ق9 ߀z Ⅻ ا\u{200c}ب 7\u{0301}8 \u{10400}9ب";
        let mut texts = sitrep_text::testing::corpus(tricky);
        texts.push(sitrep_text::fold(tricky));
        texts.extend(["", "9", "ب", " ", "ب9", "9ب", "a"].map(String::from));
        for text in &texts {
            let want = tokenize_by_chars(text);
            assert_eq!(tokenize(text), want, "{text:?}");
            let shifted: Vec<Token> = want.iter().map(|t| Token { start: t.start + 7, end: t.end + 7 }).collect();
            assert_eq!(tokenize_at(text, 7), shifted);
        }
    }
}
