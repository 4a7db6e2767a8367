//! Small queries the dashboard needs beside [`sitrep_store::Storage`]: the store's generation (the key of
//! the answer cache) and lookups by entry id and content hash. Totals and filtered tallies are the store's
//! (`SqliteStore::count_events`, `SqliteStore::tally_events`).

use rusqlite::Connection;
use sitrep_store::TallyBy;

use crate::ApiError;

/// What a tally groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupBy {
    Province,
    Claimant,
    Perpetrator,
}

impl GroupBy {
    pub fn parse(s: &str) -> Option<GroupBy> {
        Some(match s {
            "province" => GroupBy::Province,
            "claimant" => GroupBy::Claimant,
            "perpetrator" => GroupBy::Perpetrator,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GroupBy::Province => "province",
            GroupBy::Claimant => "claimant",
            GroupBy::Perpetrator => "perpetrator",
        }
    }

    /// The store's tally dimension.
    /// The incident tally's dimension.
    pub fn dimension(self) -> sitrep_store::TallyDimension {
        match self {
            GroupBy::Province => sitrep_store::TallyDimension::Province,
            GroupBy::Claimant => sitrep_store::TallyDimension::Claimant,
            GroupBy::Perpetrator => sitrep_store::TallyDimension::Perpetrator,
        }
    }

    pub fn store(self) -> TallyBy {
        match self {
            GroupBy::Province => TallyBy::Province,
            GroupBy::Claimant => TallyBy::Claimant,
            GroupBy::Perpetrator => TallyBy::Perpetrator,
        }
    }
}

/// A number that changes whenever stored entries change: every store of entries (ingest, re-extraction)
/// adds an extraction row, and retiring old entries happens only then. Keys the answer cache.
pub fn generation(conn: &Connection) -> Result<i64, ApiError> {
    Ok(conn.prepare_cached("SELECT coalesce(max(id), 0) FROM extractions")?.query_row([], |r| r.get(0))?)
}

/// The store entry id → its document id.
pub fn entry_document(conn: &Connection, entry_id: i64) -> Result<Option<i64>, ApiError> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .prepare_cached("SELECT document_id FROM entries WHERE id = ?1")?
        .query_row([entry_id], |r| r.get(0))
        .optional()?)
}

/// The document holding a text with this content hash.
pub fn document_of_hash(conn: &Connection, hash: &[u8]) -> Result<Option<i64>, ApiError> {
    use rusqlite::OptionalExtension as _;
    Ok(conn
        .prepare_cached("SELECT document_id FROM revisions WHERE content_hash = ?1")?
        .query_row([hash], |r| r.get(0))
        .optional()?)
}
