//! The sitrep store: documents, revisions, sources, extraction runs, entries with their spans, ingest errors
//! and the watcher's record, in SQLite or PostgreSQL; ingest (extract + store) and re-extraction as library
//! calls; queries; CSV (ACLED columns first) and GeoJSON export.
//!
//! The store knows SQL; it reads no files (the CLI does) nor HTML (`sitrep-html`, where input is read), and the
//! extraction it runs stays pure.
//! Storage sits behind [`Storage`], implemented on SQLite ([`SqliteStore`], the embedded default) and on
//! PostgreSQL ([`PgStore`], a newsroom's shared server).

pub use contract::{entry_json, stored_entry_json, tally_figures, tally_row_json};
pub use date_fallback::{DateBasis, DateFallback};
pub use error::{Error, ErrorKind};
pub use export::{
    csv_row, fatalities, geojson_collection, geojson_feature, inter_code, spreadsheet_safe, CsvExport, ACLED_COLUMNS,
    FIGURE_COLUMNS, SITREP_COLUMNS,
};
pub use ingest::{
    ingest, looks_undecoded, reextract, undecoded_warning, Body, Incoming, IngestConfig, IngestSummary, IngestWarning,
    PageReader, Progress, ReextractSummary,
};
pub use migrate::{migrate, MigrateSummary};
pub use open::{is_server_url, open, shown};
pub use pg::PgStore;
pub use reconcile::{
    link_entry, FigureSum, IncidentTally, LinkState, RelinkSummary, StoredIncident, StoredLink, TallyQuery,
};
pub use sitrep_reconcile::{Basis, TallyDimension};
pub use sqlite::SqliteStore;
pub use storage::{
    BatchOutcome, ContentHash, DocumentDetail, DocumentQuery, DocumentSummary, EventKey, EventQuery, IngestFailure,
    Prepared, RevisionSummary, RunId, RunInfo, Storage, StoredEntry, StoredRevision, Tally, TallyBy,
};
pub use watched::{
    FetchRecord, FetchStatus, PollRecord, PollStatus, SeenItem, SourceReport, Validators, WatchedSource,
};

mod contract;
mod date_fallback;
mod entry_row;
mod error;
mod export;
mod ingest;
mod migrate;
mod open;
mod pg;
mod pg_schema;
mod reconcile;
mod schema;
mod sqlite;
mod storage;
mod watched;
