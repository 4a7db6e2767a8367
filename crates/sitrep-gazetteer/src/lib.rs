//! sitrep-gazetteer
