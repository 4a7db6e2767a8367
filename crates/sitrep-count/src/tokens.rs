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

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let table = classes();
    let class = |c: char| match table.get(c as usize) {
        Some(&k) => k,
        None => (if c.is_alphanumeric() { ALNUM } else { 0 }) | if is_arabic_letter(c) { ARABIC } else { 0 },
    };
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut start: Option<usize> = None;
    // The previous character: an ASCII digit, an Arabic letter.
    let mut prev_digit = false;
    let mut prev_arabic = false;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        // ASCII: alphanumeric or not, never an Arabic letter; other characters through the class table.
        let b = bytes[i];
        let (alnum, digit, arabic) = if b.is_ascii() {
            (b.is_ascii_alphanumeric(), b.is_ascii_digit(), false)
        } else {
            let k = class(c);
            (k & ALNUM != 0, false, k & ARABIC != 0)
        };
        if alnum {
            match start {
                // A digit run and an Arabic word joined without a space are two tokens ("5جنود").
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
}
