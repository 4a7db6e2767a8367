//! What the watcher records through [`crate::Storage`] (issue 17): the sources it polls, each poll and each
//! fetch of an item, and what each item was when last handed on, so that an item is not fetched twice, even
//! across a restart.

/// A [`Storage::watch_source`](crate::Storage::watch_source) answer: a source's id and the validators of its
/// last successful poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WatchedSource {
    pub id: i64,
    pub validators: Validators,
}

/// An HTTP answer's validators, sent back to make the next request conditional (`If-None-Match`,
/// `If-Modified-Since`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A source's item as last handed on (or last tried).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenItem {
    /// What the source said of the item then ([`FetchRecord::hash`]).
    pub hash: [u8; 32],
    /// Of the page when it was last fetched.
    pub validators: Validators,
    /// Failed fetches in a row of this version of the item; 0 when it was handed on.
    pub failures: i64,
}

/// How a fetch of an item ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FetchStatus {
    /// Read and handed to ingest.
    Fetched,
    /// The page had not changed (HTTP 304).
    Unchanged,
    Failed,
}

impl FetchStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FetchStatus::Fetched => "fetched",
            FetchStatus::Unchanged => "unchanged",
            FetchStatus::Failed => "failed",
        }
    }
}

/// One fetch of an item: a feed item's page, a file of a folder, a message of an export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchRecord {
    /// The item's key within its source: its URL, path or message id.
    pub item: String,
    /// A hash of what the source says of the item (a feed entry's fields, a file's size and time, a message).
    pub hash: [u8; 32],
    /// Unix seconds.
    pub at: i64,
    pub status: FetchStatus,
    pub http_status: Option<u16>,
    pub bytes: Option<u64>,
    pub error: Option<String>,
    /// Of the page fetched, for the next fetch of the item.
    pub validators: Validators,
}

/// How a poll of a source ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollStatus {
    /// Listed; its new items fetched (each fetch recorded with its own outcome).
    Polled,
    /// Not modified since the last poll (HTTP 304, or a file of the same size and time).
    Unchanged,
    Failed,
}

impl PollStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PollStatus::Polled => "polled",
            PollStatus::Unchanged => "unchanged",
            PollStatus::Failed => "failed",
        }
    }
}

/// One poll of a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollRecord {
    /// Unix seconds.
    pub started_at: i64,
    pub finished_at: i64,
    pub status: PollStatus,
    /// Items the source listed.
    pub items: u64,
    /// Items new or changed since they were last handed on, fetched in this poll.
    pub fetched: u64,
    /// Documents and revisions stored from them.
    pub stored: u64,
    pub error: Option<String>,
    /// Kept for the next poll when the poll succeeded and every item was handed on; else the next poll is
    /// unconditional.
    pub validators: Validators,
}

/// A source with what its polls and fetches did: `sitrep sources`, `/api/sources`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceReport {
    pub location: String,
    /// `feed`, `folder` or `telegram`.
    pub kind: String,
    pub polls: i64,
    /// Unix seconds of the last poll that did not fail.
    pub last_success: Option<i64>,
    /// The latest failure of a poll or a fetch: when (Unix seconds) and why.
    pub last_error: Option<(i64, String)>,
    /// Items known (each counted once, however often it changed).
    pub items: i64,
    /// Documents and revisions stored from it.
    pub stored: i64,
    pub failed_fetches: i64,
}

/// The statements of both backends: `$n` parameters, each first named in order (SQLite numbers them so).
pub(crate) mod sql {
    pub const INSERT_SOURCE: &str = "INSERT INTO watch_sources (location, kind, created_at) VALUES ($1, $2, $3)
         ON CONFLICT (location) DO NOTHING";
    pub const SOURCE: &str = "SELECT id, etag, last_modified FROM watch_sources WHERE location = $1";
    pub const SEEN_ITEM: &str =
        "SELECT hash, etag, last_modified, failures FROM watch_items WHERE source_id = $1 AND item = $2";
    pub const INSERT_FETCH: &str = "INSERT INTO watch_fetches (source_id, item, at, status, http_status, bytes, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    /// A fetched or unchanged item (`$6` = 0) is handed on with its page's validators; a failed one (`$6` = 1)
    /// counts one more failure of the same version, or the first of a new one, and keeps the last validators.
    pub const UPSERT_ITEM: &str =
        "INSERT INTO watch_items (source_id, item, hash, etag, last_modified, failures, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (source_id, item) DO UPDATE SET
             failures = CASE WHEN excluded.failures = 0 THEN 0
                             WHEN watch_items.hash = excluded.hash THEN watch_items.failures + 1 ELSE 1 END,
             etag = CASE WHEN excluded.failures = 0 THEN excluded.etag ELSE watch_items.etag END,
             last_modified = CASE WHEN excluded.failures = 0 THEN excluded.last_modified
                                  ELSE watch_items.last_modified END,
             hash = excluded.hash,
             updated_at = excluded.updated_at";
    pub const INSERT_POLL: &str =
        "INSERT INTO watch_polls (source_id, started_at, finished_at, status, items, fetched, stored, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)";
    pub const KEEP_VALIDATORS: &str = "UPDATE watch_sources SET etag = $1, last_modified = $2 WHERE id = $3";
    pub const REPORTS: &str = "SELECT s.id, s.location, s.kind,
             (SELECT count(*) FROM watch_polls p WHERE p.source_id = s.id),
             (SELECT max(p.finished_at) FROM watch_polls p WHERE p.source_id = s.id AND p.status <> 'failed'),
             (SELECT count(*) FROM watch_items i WHERE i.source_id = s.id),
             (SELECT CAST(coalesce(sum(p.stored), 0) AS BIGINT) FROM watch_polls p WHERE p.source_id = s.id),
             (SELECT count(*) FROM watch_fetches f WHERE f.source_id = s.id AND f.status = 'failed')
         FROM watch_sources s ORDER BY s.location";
    /// The latest failed poll and the latest failed fetch of a source.
    pub const LAST_ERRORS: &str = "SELECT at, error FROM (
             SELECT * FROM (SELECT finished_at AS at, error FROM watch_polls
                            WHERE source_id = $1 AND status = 'failed' ORDER BY id DESC LIMIT 1) p
             UNION ALL
             SELECT * FROM (SELECT at, error FROM watch_fetches
                            WHERE source_id = $1 AND status = 'failed' ORDER BY id DESC LIMIT 1) f
         ) e";
}

/// The latest of a source's last failed poll and last failed fetch (a poll ends after its fetches).
pub(crate) fn latest_error(errors: impl IntoIterator<Item = (i64, Option<String>)>) -> Option<(i64, String)> {
    errors.into_iter().map(|(at, e)| (at, e.unwrap_or_default())).reduce(|a, b| if b.0 > a.0 { b } else { a })
}

/// A stored count as the records hold it.
pub(crate) fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// A stored hash of 32 bytes (another length, which sitrep never writes, reads as no hash: fetched again).
pub(crate) fn hash_of(bytes: &[u8]) -> [u8; 32] {
    bytes.try_into().unwrap_or([0; 32])
}
