//! sitrep-extract
