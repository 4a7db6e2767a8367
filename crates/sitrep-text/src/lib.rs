//! Text primitives shared by every stage: folding with an offset map, language detection, word boundaries,
//! and the one reader of the data tables ([`tsv`]).
//!
//! Architecture invariant: nothing here does I/O, and every folded offset maps back to original bytes.

pub use fold::{fold, fold_char, Folded};
pub use script::{detect_language, has_arabic_block, Language};
pub use trie::{fnv1a, DoubleArray, PatternTrie, Prebuilt, TrieError, FNV_OFFSET};
pub use words::{
    ascii_alnum_bytes, ascii_alnum_run, ends_word, is_letter, is_word_char, match_starts, match_starts_and_runs,
    starts_word, starts_word_after_proclitics, token_start, WordScan, ARABIC_PROCLITICS, ASCII_ALNUM, HIGH_BITS,
};

mod fold;
mod prefix;
mod script;
#[doc(hidden)]
pub mod testing;
mod trie;
pub mod tsv;
mod words;
