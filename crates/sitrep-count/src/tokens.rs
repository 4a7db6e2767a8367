//! Words of folded text, with their byte ranges.

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

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            match (start, prev) {
                (Some(s), Some(p))
                    if (p.is_ascii_digit() && is_arabic_letter(c)) || (is_arabic_letter(p) && c.is_ascii_digit()) =>
                {
                    out.push(Token { start: s, end: i });
                    start = Some(i);
                }
                (None, _) => start = Some(i),
                _ => {}
            }
        } else if let Some(s) = start.take() {
            out.push(Token { start: s, end: i });
        }
        prev = Some(c);
    }
    if let Some(s) = start {
        out.push(Token { start: s, end: text.len() });
    }
    out
}
