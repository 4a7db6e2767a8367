//! A prefix filter: which offsets of a text may begin one of a set of patterns, told by one or two bit tests.
//!
//! The vocabulary and place automata are large; stepping into them at every word start misses the cache.
//! Most words begin no pattern at all, and this filter (32 KiB) says so first.

/// How many leading bytes of a long pattern the filter keeps.
const KEY: usize = 4;
/// Bits of the hashed table's index.
const BITS: u32 = 17;

/// Which offsets may begin a pattern: the first two bytes of every pattern looked up exactly, then the first
/// [`KEY`] bytes of the longer ones hashed into a bit table. No false negatives: [`PrefixFilter::may_start`] is
/// true wherever a pattern occurs.
#[derive(Debug, Clone)]
pub struct PrefixFilter {
    /// By the first two bytes (little-endian), two bits: the low one when a pattern shorter than [`KEY`] bytes
    /// may start with them, the high one when a pattern of at least [`KEY`] bytes does. Side by side, so one
    /// load answers both; fixed sizes, so no index needs a bounds check.
    pairs: Box<[u64; PAIR_WORDS]>,
    /// The first [`KEY`] bytes of every long pattern, hashed.
    keys: Box<[u64; KEY_WORDS]>,
    /// The empty pattern is among them: it occurs everywhere.
    empty: bool,
}

/// Words of [`PrefixFilter::pairs`]: two bits for each of the 65,536 byte pairs.
const PAIR_WORDS: usize = (1 << 16) * 2 / 64;
/// Words of [`PrefixFilter::keys`]: one bit for each slot.
const KEY_WORDS: usize = 1 << (BITS - 6);
const SHORT: u64 = 1;
const LONG: u64 = 2;

impl PrefixFilter {
    /// The filter of `patterns`.
    pub fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> PrefixFilter {
        let mut pairs = Box::new([0u64; PAIR_WORDS]);
        let mut keys = Box::new([0u64; KEY_WORDS]);
        let mut empty = false;
        for p in patterns {
            match p.as_ref() {
                [] => empty = true,
                // One byte: whatever follows it (or nothing).
                &[first] => (0..=u8::MAX).for_each(|next| mark(&mut pairs, pair(first, next), SHORT)),
                [first, next, ..] if p.as_ref().len() < KEY => mark(&mut pairs, pair(*first, *next), SHORT),
                [first, next, ..] => {
                    mark(&mut pairs, pair(*first, *next), LONG);
                    let i = slot(load(p.as_ref(), 0));
                    keys[i >> 6] |= 1 << (i & 63);
                }
            }
        }
        PrefixFilter { pairs, keys, empty }
    }

    /// Whether a pattern may occur at byte `at` of `text`: false only when none does.
    #[inline]
    pub fn may_start(&self, text: &[u8], at: usize) -> bool {
        if self.empty {
            return true;
        }
        let rest = match text.get(at..) {
            Some(rest) if !rest.is_empty() => rest,
            _ => return false,
        };
        let word = match rest.first_chunk::<8>() {
            Some(eight) => u64::from_le_bytes(*eight),
            None => load(rest, 0),
        };
        let kinds = kinds(&self.pairs, (word & 0xFFFF) as usize);
        if kinds & SHORT != 0 {
            return true;
        }
        let i = slot(word);
        kinds & LONG != 0 && rest.len() >= KEY && self.keys[(i >> 6) % KEY_WORDS] & (1 << (i & 63)) != 0
    }
}

fn pair(first: u8, next: u8) -> usize {
    usize::from(first) | usize::from(next) << 8
}

fn mark(pairs: &mut [u64; PAIR_WORDS], pair: usize, kind: u64) {
    pairs[(pair >> 5) % PAIR_WORDS] |= kind << ((pair & 31) * 2);
}

/// The [`SHORT`] and [`LONG`] bits of byte pair `pair`.
#[inline]
fn kinds(pairs: &[u64; PAIR_WORDS], pair: usize) -> u64 {
    (pairs[(pair >> 5) % PAIR_WORDS] >> ((pair & 31) * 2)) & 3
}

/// Up to eight bytes of `bytes` from `at`, little-endian, zero past the end.
#[inline]
fn load(bytes: &[u8], at: usize) -> u64 {
    let rest = bytes.get(at..).unwrap_or_default();
    match rest.get(..8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().unwrap_or_default()),
        None => rest.iter().rev().fold(0, |w, &b| (w << 8) | u64::from(b)),
    }
}

/// The hashed table slot of the first [`KEY`] bytes of `word`.
#[inline]
fn slot(word: u64) -> usize {
    let masked = word & (u64::MAX >> (64 - 8 * KEY as u32));
    (masked.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_occurrence_passes() {
        let patterns = ["a", "of", "kabul", "قندهار", "والي", "abc"];
        let filter = PrefixFilter::new(patterns);
        let text = "x of kabul, قندهار والي abc a";
        for p in patterns {
            for (at, _) in text.match_indices(p) {
                assert!(filter.may_start(text.as_bytes(), at), "{p} at {at}");
            }
        }
        assert!(!filter.may_start(b"xyz", 0));
        assert!(!filter.may_start(b"", 0));
        assert!(!filter.may_start(b"xyz", 7));
        assert!(PrefixFilter::new([""]).may_start(b"", 3));
    }

    /// The filter as the definition gives it: the two-byte and hashed tests, each in a set of its own.
    fn may_start_by_definition(patterns: &[&str], text: &[u8], at: usize) -> bool {
        if patterns.iter().any(|p| p.is_empty()) {
            return true;
        }
        if at >= text.len() {
            return false;
        }
        let word = load(text, at);
        let two = word & 0xFFFF;
        let head = |p: &[u8]| load(p, 0) & 0xFFFF;
        let short = |p: &&[u8]| p.len() < KEY;
        let (short, long): (Vec<&[u8]>, Vec<&[u8]>) = patterns.iter().map(|p| p.as_bytes()).partition(short);
        short.iter().any(|p| if p.len() == 1 { u64::from(p[0]) == word & 0xFF } else { head(p) == two })
            || long.iter().any(|p| head(p) == two)
                && text.len() - at >= KEY
                && long.iter().any(|p| slot(load(p, 0)) == slot(word))
    }

    #[test]
    fn agrees_with_its_definition() {
        let patterns = ["a", "of", "kabul", "قندهار", "والي", "abc", "x", "ab", "abcd", "zz"];
        let filter = PrefixFilter::new(patterns);
        for text in crate::testing::corpus("x of kabul, قندهار والي abc a ab abcd zz z") {
            let text = &text.as_bytes()[..text.len().min(20_000)];
            for at in 0..=text.len() + 1 {
                assert_eq!(filter.may_start(text, at), may_start_by_definition(&patterns, text, at), "at {at}");
            }
        }
    }
}
