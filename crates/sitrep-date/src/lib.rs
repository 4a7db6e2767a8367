//! sitrep-date
