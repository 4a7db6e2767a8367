//! A prefix filter: which offsets of a text may begin one of a set of patterns, told by a few bit tests.
//!
//! The vocabulary and place automata are large; stepping into them at every word start misses the cache.
//! Most words begin no pattern at all, and this filter (16 KiB) says so first.

/// How many leading bytes of a pattern the filter keeps.
const KEY: usize = 4;
/// Bits of the table's index.
const BITS: u32 = 17;

/// The first [`KEY`] bytes of every pattern (the whole of a shorter one), hashed into a bit table. No false
/// negatives: [`PrefixFilter::may_start`] is true wherever a pattern occurs.
#[derive(Debug, Clone)]
pub struct PrefixFilter {
    bits: Box<[u64]>,
    /// The empty pattern is among them: it occurs everywhere.
    empty: bool,
}

impl PrefixFilter {
    /// The filter of `patterns`.
    pub fn new<P: AsRef<[u8]>>(patterns: impl IntoIterator<Item = P>) -> PrefixFilter {
        let mut bits = vec![0u64; 1 << (BITS - 6)].into_boxed_slice();
        let mut empty = false;
        for p in patterns {
            let p = p.as_ref();
            let len = p.len().min(KEY);
            if len == 0 {
                empty = true;
                continue;
            }
            let slot = slot(load(p, 0), len);
            bits[slot >> 6] |= 1 << (slot & 63);
        }
        PrefixFilter { bits, empty }
    }

    /// Whether a pattern may occur at byte `at` of `text`: false only when none does.
    #[inline]
    pub fn may_start(&self, text: &[u8], at: usize) -> bool {
        if self.empty {
            return true;
        }
        let word = load(text, at);
        let rest = text.len().saturating_sub(at).min(KEY);
        (1..=rest).any(|len| {
            let slot = slot(word, len);
            self.bits[slot >> 6] & (1 << (slot & 63)) != 0
        })
    }
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

/// The table slot of the first `len` (at most [`KEY`]) bytes of `word`.
#[inline]
fn slot(word: u64, len: usize) -> usize {
    let masked = word & (u64::MAX >> (64 - 8 * len as u32));
    let h = (masked ^ ((len as u64) << 59)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - BITS)) as usize
}

/// Every pattern of `automaton` that starts at one of `starts` in `text`, reported as (start, end, pattern)
/// in the order of the starts: the automaton is walked anchored from each start the `prefixes` allow, so most
/// of the text is never stepped through.
pub fn anchored_matches<A: aho_corasick::automaton::Automaton>(
    automaton: &A,
    prefixes: &PrefixFilter,
    text: &[u8],
    starts: &[usize],
    mut found: impl FnMut(usize, usize, aho_corasick::PatternID),
) {
    use aho_corasick::Anchored;
    let Ok(start) = automaton.start_state(Anchored::Yes) else { return };
    for &s in starts {
        if !prefixes.may_start(text, s) {
            continue;
        }
        let mut sid = start;
        for (i, &b) in text[s..].iter().enumerate() {
            sid = automaton.next_state(Anchored::Yes, sid, b);
            if automaton.is_dead(sid) {
                break;
            }
            if !automaton.is_match(sid) {
                continue;
            }
            let e = s + i + 1;
            for k in 0..automaton.match_len(sid) {
                let p = automaton.match_pattern(sid, k);
                // A match state also reports the patterns that are suffixes of this one: they start later.
                if automaton.pattern_len(p) == e - s {
                    found(s, e, p);
                }
            }
        }
    }
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
