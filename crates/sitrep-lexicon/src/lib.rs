//! sitrep-lexicon
