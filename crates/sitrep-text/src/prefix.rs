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
    /// By the first two bytes (little-endian): a pattern shorter than [`KEY`] bytes may start with them.
    short: Box<[u64]>,
    /// By the first two bytes: a pattern of at least [`KEY`] bytes starts with them.
    long: Box<[u64]>,
    /// The first [`KEY`] bytes of every long pattern, hashed.
    keys: Box<[u64]>,
    /// The empty pattern is among them: it occurs everywhere.
    empty: bool,
}

impl PrefixFilter {
    /// The filter of `patterns`.
    pub fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> PrefixFilter {
        let mut short = vec![0u64; 1 << 10].into_boxed_slice();
        let mut long = vec![0u64; 1 << 10].into_boxed_slice();
        let mut keys = vec![0u64; 1 << (BITS - 6)].into_boxed_slice();
        let mut empty = false;
        for p in patterns {
            match p.as_ref() {
                [] => empty = true,
                // One byte: whatever follows it (or nothing).
                &[first] => (0..=u8::MAX).for_each(|next| set(&mut short, pair(first, next))),
                [first, next, ..] if p.as_ref().len() < KEY => set(&mut short, pair(*first, *next)),
                [first, next, ..] => {
                    set(&mut long, pair(*first, *next));
                    set(&mut keys, slot(load(p.as_ref(), 0)));
                }
            }
        }
        PrefixFilter { short, long, keys, empty }
    }

    /// Whether a pattern may occur at byte `at` of `text`: false only when none does.
    #[inline]
    pub fn may_start(&self, text: &[u8], at: usize) -> bool {
        if self.empty {
            return true;
        }
        let word = load(text, at);
        let first_two = (word & 0xFFFF) as usize;
        if at >= text.len() {
            return false;
        }
        if test(&self.short, first_two) {
            return true;
        }
        text.len() - at >= KEY && test(&self.long, first_two) && test(&self.keys, slot(word))
    }
}

fn pair(first: u8, next: u8) -> usize {
    usize::from(first) | usize::from(next) << 8
}

fn set(bits: &mut [u64], i: usize) {
    bits[i >> 6] |= 1 << (i & 63);
}

#[inline]
fn test(bits: &[u64], i: usize) -> bool {
    bits[i >> 6] & (1 << (i & 63)) != 0
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
    }
}
