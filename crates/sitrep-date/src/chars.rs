//! Fast paths for the character tests of the tokenizer and the vocabulary lookups.

use std::sync::OnceLock;

use sitrep_text::is_word_char;

/// Characters below this have their `is_word_char` answer in a table (Latin and Arabic script).
const TABLE: usize = 0x800;

/// `is_word_char`, from a table built from it once for the common scripts.
#[derive(Clone, Copy)]
pub(crate) struct WordChars(&'static [bool]);

impl WordChars {
    pub(crate) fn get() -> WordChars {
        static WORD: OnceLock<Vec<bool>> = OnceLock::new();
        WordChars(WORD.get_or_init(|| (0..TABLE as u32).map(|u| char::from_u32(u).is_some_and(is_word_char)).collect()))
    }

    /// `is_word_char(c)`.
    #[inline]
    pub(crate) fn is(self, c: char) -> bool {
        match self.0.get(c as usize) {
            Some(&w) => w,
            None => is_word_char(c),
        }
    }
}

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

impl WordFilter {
    fn slot(word: &str) -> usize {
        let b = word.as_bytes();
        let (first, second, last) = match b {
            [] => (0, 0, 0),
            [f] => (*f, 0, *f),
            [f, s, ..] => (*f, *s, b[b.len() - 1]),
        };
        let x = (b.len() as u64) | u64::from(first) << 16 | u64::from(second) << 24 | u64::from(last) << 32;
        (x.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52) as usize
    }

    pub(crate) fn add(&mut self, word: &str) {
        let s = Self::slot(word);
        self.bits[s / 64] |= 1 << (s % 64);
    }

    /// Whether `word` may have been added.
    #[inline]
    pub(crate) fn may_contain(&self, word: &str) -> bool {
        let s = Self::slot(word);
        self.bits[s / 64] & (1 << (s % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_agrees_with_is_word_char() {
        for u in 0..0x3_0000u32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(WordChars::get().is(c), is_word_char(c), "{c:?}");
            }
        }
    }

    #[test]
    fn filter_keeps_added_words() {
        let mut f = WordFilter::default();
        for w in ["january", "كانون", "a", "", "ab"] {
            f.add(w);
            assert!(f.may_contain(w));
        }
    }
}
