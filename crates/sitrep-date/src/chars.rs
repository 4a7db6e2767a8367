//! Fast paths for the character tests of the tokenizer and the vocabulary lookups.

use std::sync::OnceLock;

use sitrep_text::is_word_char;

/// Characters below this have their kind in a table (every one- and two-byte UTF-8 character: Latin and Arabic
/// script).
const TABLE: usize = 0x800;

/// What a character is to the tokenizer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CharKind {
    /// Whitespace that does not break a line.
    Space,
    /// `\n`, `\r`, U+2028, U+2029.
    LineBreak,
    /// `0`–`9`: a word character; a token of these alone is a number.
    Digit,
    /// Any other word character (`is_word_char`).
    Letter,
    /// Anything else: a token of its own.
    Punct,
}

impl CharKind {
    fn of(c: char) -> CharKind {
        if c.is_whitespace() {
            if matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}') {
                CharKind::LineBreak
            } else {
                CharKind::Space
            }
        } else if c.is_ascii_digit() {
            CharKind::Digit
        } else if is_word_char(c) {
            CharKind::Letter
        } else {
            CharKind::Punct
        }
    }
}

/// [`CharKind`] of each character below U+0800, built once.
#[derive(Clone, Copy)]
pub(crate) struct CharKinds(&'static [CharKind; TABLE]);

impl CharKinds {
    pub(crate) fn get() -> CharKinds {
        static KINDS: OnceLock<[CharKind; TABLE]> = OnceLock::new();
        CharKinds(
            KINDS.get_or_init(|| {
                std::array::from_fn(|u| char::from_u32(u as u32).map_or(CharKind::Punct, CharKind::of))
            }),
        )
    }

    /// The kind of an ASCII character.
    #[inline]
    pub(crate) fn ascii(self, b: u8) -> CharKind {
        self.0[usize::from(b & 0x7F)]
    }

    /// The kind and UTF-8 length of the character starting at byte `at` of `text` (a character boundary).
    /// One- and two-byte characters are decoded by hand and looked up; longer ones go the general way.
    #[inline]
    pub(crate) fn at(self, text: &str, at: usize) -> (CharKind, usize) {
        let bytes = text.as_bytes();
        let lead = bytes[at];
        if lead < 0x80 {
            return (self.0[usize::from(lead)], 1);
        }
        if lead < 0xE0 {
            if let Some(&cont) = bytes.get(at + 1) {
                let u = usize::from(lead & 0x1F) << 6 | usize::from(cont & 0x3F);
                return (self.0[u], 2);
            }
        }
        wide_at(text, at)
    }
}

/// [`CharKinds::at`] for a character of three or four bytes.
#[inline(never)]
fn wide_at(text: &str, at: usize) -> (CharKind, usize) {
    match text[at..].chars().next() {
        Some(c) => (CharKind::of(c), c.len_utf8()),
        None => (CharKind::Punct, 1),
    }
}

/// Whether each byte is an ASCII word character (alphanumeric); bytes of longer characters are not.
pub(crate) use sitrep_text::ASCII_ALNUM as ASCII_WORD;

/// A 4096-bit filter over words: a word whose bit is clear is not among the words added.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter {
    bits: Box<[u64; 64]>,
}

impl Default for WordFilter {
    fn default() -> WordFilter {
        WordFilter { bits: Box::new([0; 64]) }
    }
}

/// The number of slots of a [`WordFilter`].
pub(crate) const SLOTS: usize = 4096;

impl WordFilter {
    /// The word's slot, below [`SLOTS`]: a hash of its first eight bytes, zero after its end (so all of a
    /// shorter word), which the tokenizer has in one `u64` for most words ([`WordFilter::slot_of`]).
    #[inline]
    pub(crate) fn slot(word: &str) -> usize {
        let b = word.as_bytes();
        let head = match b.first_chunk::<8>() {
            Some(h) => u64::from_le_bytes(*h),
            None => b.iter().rev().fold(0, |x, &c| x << 8 | u64::from(c)),
        };
        Self::slot_of(head)
    }

    /// The slot of a word whose first eight bytes (little-endian, zero after its end) are `head`.
    #[inline]
    pub(crate) fn slot_of(head: u64) -> usize {
        (head.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
    }

    pub(crate) fn add(&mut self, word: &str) {
        let s = Self::slot(word);
        self.bits[s / 64] |= 1 << (s % 64);
    }

    /// Whether a word of slot `s` was added.
    #[inline]
    pub(crate) fn has_slot(&self, s: usize) -> bool {
        self.bits[s / 64] & (1 << (s % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_agree_with_char_predicates() {
        let kinds = CharKinds::get();
        let mut text = String::new();
        for u in 0..0x3_0000u32 {
            if let Some(c) = char::from_u32(u) {
                text.clear();
                text.push(c);
                assert_eq!(kinds.at(&text, 0), (CharKind::of(c), c.len_utf8()), "{c:?}");
                assert_eq!(CharKind::of(c) == CharKind::Letter, is_word_char(c) && !c.is_ascii_digit(), "{c:?}");
            }
        }
    }

    #[test]
    fn slot_of_a_word_read_with_what_follows() {
        // The tokenizer reads eight bytes and masks off those after the word.
        let text = "a ab abc abcdefg abcdefgh abcdefghi 1234567 كانون x";
        for (at, w) in text.split(' ').scan(0, |at, w| {
            let here = *at;
            *at += w.len() + 1;
            Some((here, w))
        }) {
            let mut eight = [b'z'; 8];
            let rest = &text.as_bytes()[at..];
            let n = rest.len().min(8);
            eight[..n].copy_from_slice(&rest[..n]);
            let head = u64::from_le_bytes(eight);
            let head = if w.len() < 8 { head & ((1 << (8 * w.len())) - 1) } else { head };
            assert_eq!(WordFilter::slot_of(head), WordFilter::slot(w), "{w}");
        }
    }

    #[test]
    fn filter_keeps_added_words() {
        let mut f = WordFilter::default();
        for w in ["january", "كانون", "a", "", "ab"] {
            f.add(w);
            assert!(f.has_slot(WordFilter::slot(w)));
        }
    }
}
