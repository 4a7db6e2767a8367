//! Every pattern of a set that starts at given offsets of a text: a double-array trie walked from each offset.
//!
//! The lexicon and the gazetteer look for terms only where a word may start (`match_starts`), so an anchored
//! walk from those offsets finds everything an overlapping automaton search would, while stepping through a
//! fraction of the text. A double array (yada, darts-clone's layout: four bytes a node, one lookup a byte)
//! keeps each step to one load; the prefix filter in front of it turns most starts away without one.

use std::borrow::Cow;

use crate::prefix::PrefixFilter;

/// A set of byte-string patterns, each known by its index in the list it was built from.
#[derive(Clone)]
pub struct PatternTrie {
    /// None for the empty set, which the builder does not take.
    trie: Option<yada::DoubleArray<Cow<'static, [u8]>>>,
    /// The patterns of distinct key `k` are `ids[first[k]..first[k + 1]]`, in ascending order: the same text
    /// may stand for several patterns.
    first: Vec<u32>,
    ids: Vec<u32>,
    prefixes: PrefixFilter,
    /// The longest pattern's length: no walk reads further.
    longest: usize,
}

/// A double array built ahead of time (by a build script, from the same patterns): building one for tens of
/// thousands of place names takes longer than the rest of a process's start.
#[derive(Debug, Clone, Copy)]
pub struct Prebuilt {
    /// [`DoubleArray::fingerprint`] of the patterns it was built from.
    pub fingerprint: u64,
    pub bytes: &'static [u8],
}

/// The double array of a pattern set, as a build script embeds it.
#[derive(Debug, Clone)]
pub struct DoubleArray {
    /// Which distinct keys it holds: FNV-1a over the sorted keys, each ended by a NUL.
    pub fingerprint: u64,
    /// Empty for the empty set.
    pub bytes: Vec<u8>,
    /// Which patterns each key of the array stands for (key `k`: `ids[first[k]..first[k + 1]]`; the patterns'
    /// indexes in the keys' byte order), for [`PatternTrie::with_prebuilt_keys`]: a start-up handed them need
    /// not sort the patterns.
    pub ids: Vec<u32>,
    pub first: Vec<u32>,
}

impl std::fmt::Debug for PatternTrie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PatternTrie").field("patterns", &self.ids.len()).field("keys", &self.first.len()).finish()
    }
}

/// Why a pattern set cannot become a trie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrieError {
    /// Pattern `index` is empty or holds a NUL byte, which the double array reserves as its end mark.
    Pattern { index: usize },
    /// More patterns, or a larger trie, than the double array's 31-bit values and 24-bit offsets allow.
    TooLarge,
}

impl std::fmt::Display for TrieError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TrieError::Pattern { index } => write!(f, "pattern {index} is empty or holds a NUL byte"),
            TrieError::TooLarge => write!(f, "too many patterns for one trie"),
        }
    }
}

impl std::error::Error for TrieError {}

/// The distinct keys of a pattern set in byte order (the builder's order; a key's value is its rank), and
/// which patterns each stands for.
struct Keys<'p> {
    keys: Vec<&'p [u8]>,
    /// As [`PatternTrie::first`] and [`PatternTrie::ids`].
    first: Vec<u32>,
    ids: Vec<u32>,
}

impl<'p> Keys<'p> {
    fn new<P: AsRef<[u8]>>(patterns: &'p [P]) -> Result<Keys<'p>, TrieError> {
        if let Some(index) = patterns.iter().position(|p| p.as_ref().is_empty() || p.as_ref().contains(&0)) {
            return Err(TrieError::Pattern { index });
        }
        if u32::try_from(patterns.len()).map_or(true, |n| n >= 1 << 31) {
            return Err(TrieError::TooLarge);
        }
        let mut ids: Vec<u32> = (0..patterns.len() as u32).collect();
        ids.sort_by(|&a, &b| patterns[a as usize].as_ref().cmp(patterns[b as usize].as_ref()).then(a.cmp(&b)));
        let mut keys: Vec<&[u8]> = Vec::new();
        let mut first = Vec::new();
        for (i, &id) in ids.iter().enumerate() {
            let key = patterns[id as usize].as_ref();
            if keys.last() != Some(&key) {
                keys.push(key);
                first.push(i as u32);
            }
        }
        first.push(ids.len() as u32);
        Ok(Keys { keys, first, ids })
    }

    /// The key layout [`Keys::new`] found for some patterns, as [`DoubleArray`] keeps it, for `patterns` patterns:
    /// `None` unless its shape fits (each pattern once, key ranges in order). The keys themselves are not
    /// needed past the build: left empty.
    fn prebuilt(patterns: usize, ids: &[u32], first: &[u32]) -> Option<Keys<'p>> {
        let mut seen = vec![false; patterns];
        for &id in ids {
            if std::mem::replace(seen.get_mut(id as usize)?, true) {
                return None;
            }
        }
        let ranges_fit = first.first() == Some(&0) && first.last() == Some(&(ids.len() as u32));
        if ids.len() != patterns || !ranges_fit || first.windows(2).any(|w| w[0] >= w[1]) {
            return None;
        }
        Some(Keys { keys: Vec::new(), first: first.to_vec(), ids: ids.to_vec() })
    }

    /// FNV-1a of the sorted keys, each followed by a zero byte.
    fn fingerprint(&self) -> u64 {
        self.keys.iter().fold(FNV_OFFSET, |h, k| fnv1a(fnv1a(h, k), &[0]))
    }

    fn double_array(&self) -> Result<Vec<u8>, TrieError> {
        if self.keys.is_empty() {
            return Ok(Vec::new());
        }
        let keyset: Vec<(&[u8], u32)> = self.keys.iter().enumerate().map(|(rank, k)| (*k, rank as u32)).collect();
        // The builder asserts its limits (24-bit offsets) rather than returning an error.
        std::panic::catch_unwind(|| yada::builder::DoubleArrayBuilder::build(&keyset))
            .ok()
            .flatten()
            .ok_or(TrieError::TooLarge)
    }
}

impl DoubleArray {
    /// The double array of `patterns`, for [`PatternTrie::with_prebuilt`].
    pub fn build<P: AsRef<[u8]>>(patterns: &[P]) -> Result<DoubleArray, TrieError> {
        let keys = Keys::new(patterns)?;
        let (fingerprint, bytes) = (keys.fingerprint(), keys.double_array()?);
        Ok(DoubleArray { fingerprint, bytes, ids: keys.ids, first: keys.first })
    }
}

impl PatternTrie {
    /// The trie of `patterns`; each is reported by its index.
    pub fn new<P: AsRef<[u8]>>(patterns: &[P]) -> Result<PatternTrie, TrieError> {
        let keys = Keys::new(patterns)?;
        let bytes = Cow::Owned(keys.double_array()?);
        Ok(PatternTrie::assemble(patterns, keys, bytes))
    }

    /// The trie of `patterns` on a double array built ahead of time, used only when it was built from the same
    /// keys (else built here, as [`PatternTrie::new`] does).
    pub fn with_prebuilt<P: AsRef<[u8]>>(patterns: &[P], prebuilt: Prebuilt) -> Result<PatternTrie, TrieError> {
        let keys = Keys::new(patterns)?;
        let bytes = if keys.fingerprint() == prebuilt.fingerprint {
            Cow::Borrowed(prebuilt.bytes)
        } else {
            Cow::Owned(keys.double_array()?)
        };
        Ok(PatternTrie::assemble(patterns, keys, bytes))
    }

    /// The trie of `patterns` on a double array built ahead of time from exactly these patterns, with the key
    /// layout the build found ([`DoubleArray::ids`], [`DoubleArray::first`]): nothing is checked, sorted or
    /// hashed but the layout's shape (a layout that does not fit is built afresh, as [`PatternTrie::new`] does).
    /// For a caller that knows by a check of its own that they are the same patterns: the gazetteer compares a
    /// checksum of its files with the one its build script saw. Else use [`PatternTrie::with_prebuilt`].
    pub fn with_prebuilt_keys<P: AsRef<[u8]>>(
        patterns: &[P],
        bytes: &'static [u8],
        ids: &[u32],
        first: &[u32],
    ) -> Result<PatternTrie, TrieError> {
        match Keys::prebuilt(patterns.len(), ids, first) {
            Some(keys) if !bytes.is_empty() || patterns.is_empty() => {
                Ok(PatternTrie::assemble(patterns, keys, Cow::Borrowed(bytes)))
            }
            _ => PatternTrie::new(patterns),
        }
    }

    /// Whether the trie stands on a double array built ahead of time ([`PatternTrie::with_prebuilt`] given the
    /// patterns it was built from), for tests that the shortcut is taken.
    pub fn is_prebuilt(&self) -> bool {
        matches!(self.trie.as_ref().map(|t| &t.0), Some(Cow::Borrowed(_)))
    }

    fn assemble<P: AsRef<[u8]>>(patterns: &[P], keys: Keys<'_>, bytes: Cow<'static, [u8]>) -> PatternTrie {
        PatternTrie {
            trie: (!bytes.is_empty()).then(|| yada::DoubleArray::new(bytes)),
            first: keys.first,
            ids: keys.ids,
            prefixes: PrefixFilter::new(patterns.iter().map(AsRef::as_ref)),
            longest: patterns.iter().map(|p| p.as_ref().len()).max().unwrap_or(0),
        }
    }

    /// Every pattern that starts at one of `starts` in `text`, reported as (start, end, pattern) in the order of
    /// the starts, then by end, then by pattern.
    pub fn matches_at(&self, text: &[u8], starts: &[u32], mut found: impl FnMut(usize, usize, u32)) {
        let Some(trie) = &self.trie else { return };
        // No pattern holds a NUL byte, and the double array reads one as its end mark: a walk stops before it.
        let has_nul = memchr::memchr(0, text).is_some();
        for s in starts.iter().map(|&s| s as usize) {
            if !self.prefixes.may_start(text, s) {
                continue;
            }
            let Some(rest) = text.get(s..text.len().min(s + self.longest)) else { continue };
            let rest = match has_nul {
                true => rest.split(|&b| b == 0).next().unwrap_or_default(),
                false => rest,
            };
            for (key, len) in trie.common_prefix_search(rest) {
                let key = key as usize;
                if let (Some(&from), Some(&to)) = (self.first.get(key), self.first.get(key + 1)) {
                    for &p in self.ids.get(from as usize..to as usize).unwrap_or_default() {
                        found(s, s + len, p);
                    }
                }
            }
        }
    }
}

/// The offset basis of 64-bit FNV-1a: the hash of no bytes.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// 64-bit FNV-1a of `bytes`, continuing from `hash` ([`FNV_OFFSET`] to start): a stable fingerprint of
/// embedded data (not a hash for tables an input could flood).
pub fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What an overlapping Aho-Corasick search reports, kept to the given starts, in the trie's order.
    fn reference(patterns: &[&str], text: &str, starts: &[u32]) -> Vec<(usize, usize, u32)> {
        let ac = aho_corasick::AhoCorasick::new(patterns).expect("automaton");
        let mut out: Vec<(usize, usize, u32)> = ac
            .find_overlapping_iter(text)
            .filter(|m| starts.contains(&(m.start() as u32)))
            .map(|m| (m.start(), m.end(), m.pattern().as_u32()))
            .collect();
        out.sort_unstable();
        out
    }

    #[test]
    fn finds_what_an_overlapping_search_finds_at_the_starts() {
        let patterns = ["a", "ab", "abc", "kabul", "kab", "قندهار", "والي", "ولاية", "ab", "b", "c d"];
        let text = "abc kabul x ab c d قندهار والي ولاية قندهار\u{0}ab kab";
        let starts: Vec<u32> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).map(|i| i as u32).collect();
        let trie = PatternTrie::new(&patterns).expect("trie");
        let mut got = Vec::new();
        trie.matches_at(text.as_bytes(), &starts, |s, e, p| got.push((s, e, p)));
        got.sort_unstable();
        assert_eq!(got, reference(&patterns, text, &starts));
        // The duplicate "ab" is reported under both its indices.
        assert!(got.contains(&(0, 2, 1)) && got.contains(&(0, 2, 8)));
    }

    #[test]
    fn reports_in_start_then_end_order() {
        let trie = PatternTrie::new(&["ab", "a", "abc"]).expect("trie");
        let mut got = Vec::new();
        trie.matches_at(b"abcd", &[0, 1, 9], |s, e, p| got.push((s, e, p)));
        assert_eq!(got, vec![(0, 1, 1), (0, 2, 0), (0, 3, 2)]);
    }

    #[test]
    fn a_prebuilt_double_array_is_used_only_for_its_own_keys() {
        let built = DoubleArray::build(&["kabul", "kandahar", "kabul"]).expect("double array");
        let bytes: &'static [u8] = Box::leak(built.bytes.into_boxed_slice());
        let prebuilt = Prebuilt { fingerprint: built.fingerprint, bytes };
        // Same keys in another order and count: the prebuilt array serves.
        let trie = PatternTrie::with_prebuilt(&["kandahar", "kabul"], prebuilt).expect("trie");
        assert!(trie.is_prebuilt());
        let mut got = Vec::new();
        trie.matches_at(b"kandahar kabul", &[0, 9], |s, e, p| got.push((s, e, p)));
        assert_eq!(got, vec![(0, 8, 0), (9, 14, 1)]);
        // Other keys: built afresh, and right.
        let trie = PatternTrie::with_prebuilt(&["herat", "kabul"], prebuilt).expect("trie");
        assert!(!trie.is_prebuilt());
        let mut got = Vec::new();
        trie.matches_at(b"herat kandahar", &[0, 6], |s, e, p| got.push((s, e, p)));
        assert_eq!(got, vec![(0, 5, 0)]);
    }

    #[test]
    fn a_prebuilt_key_layout_spares_the_sort() {
        let patterns = ["kandahar", "kabul", "kabul", "herat"];
        let built = DoubleArray::build(&patterns).expect("double array");
        assert_eq!((&built.ids[..], &built.first[..]), (&[3, 1, 2, 0][..], &[0, 1, 3, 4][..]));
        let bytes: &'static [u8] = Box::leak(built.bytes.into_boxed_slice());
        let found = |trie: &PatternTrie| {
            let mut got = Vec::new();
            trie.matches_at(b"kabul herat kandahar", &[0, 6, 12], |s, e, p| got.push((s, e, p)));
            got
        };
        let want = vec![(0, 5, 1), (0, 5, 2), (6, 11, 3), (12, 20, 0)];
        let trie = PatternTrie::with_prebuilt_keys(&patterns, bytes, &built.ids, &built.first).expect("trie");
        assert!(trie.is_prebuilt());
        assert_eq!(found(&trie), want);
        // A layout of another shape (an index twice, one short, a range empty or past the end): built afresh.
        for (ids, first) in [
            (&[3, 1, 1, 0][..], &[0, 1, 3, 4][..]),
            (&[3, 1, 2], &[0, 1, 3]),
            (&[3, 1, 2, 9], &[0, 1, 3, 4]),
            (&[3, 1, 2, 0], &[0, 1, 1, 4]),
            (&[3, 1, 2, 0], &[0, 1, 3, 5]),
        ] {
            let trie = PatternTrie::with_prebuilt_keys(&patterns, bytes, ids, first).expect("trie");
            assert!(!trie.is_prebuilt(), "{ids:?} {first:?}");
            assert_eq!(found(&trie), want, "{ids:?} {first:?}");
        }
    }

    #[test]
    fn refuses_empty_and_nul_patterns() {
        assert_eq!(PatternTrie::new(&["a", ""]).err(), Some(TrieError::Pattern { index: 1 }));
        assert_eq!(PatternTrie::new(&["a\u{0}b"]).err(), Some(TrieError::Pattern { index: 0 }));
        assert!(PatternTrie::new::<&str>(&[]).is_ok());
    }
}
