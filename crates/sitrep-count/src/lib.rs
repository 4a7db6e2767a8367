//! sitrep-count
