//! What a backend stores and answers: the [`Storage`] trait and its value types. SQLite implements it
//! ([`crate::SqliteStore`]); a PostgreSQL backend can implement the same trait. Every read and write of the
//! CLI, the server and ingest goes through it: no crate above the store sees SQL or a connection.

use sha2::{Digest, Sha256};
use sitrep_extract::{Entry, Extraction};
use sitrep_reconcile::{Config, TallyDimension};

use crate::watched::{FetchRecord, PollRecord, SeenItem, SourceReport, WatchedSource};
use crate::{DateFallback, Error, IncidentTally, LinkState, RelinkSummary, StoredIncident, StoredLink, TallyQuery};

/// SHA-256 of a document's bytes as received: the key of idempotent ingest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ContentHash(pub [u8; 32]);

impl ContentHash {
    pub fn of(bytes: &[u8]) -> ContentHash {
        ContentHash(Sha256::digest(bytes).into())
    }

    /// The first 16 hex digits, enough to name a document beside its id.
    pub fn short(&self) -> String {
        self.0[..8].iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// An extraction run's identity: the extractor and the versions of the data embedded in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    pub extractor: String,
    pub extractor_version: String,
    /// A hash of the embedded vocabularies (`sitrep_lexicon::FILES`).
    pub vocabulary: String,
    /// `sitrep_gazetteer::Gazetteer::embedded().version()`.
    pub gazetteer: String,
}

impl RunInfo {
    /// The extractor built into this binary.
    pub fn current() -> RunInfo {
        let mut hasher = Sha256::new();
        for (name, text) in sitrep_lexicon::FILES {
            hasher.update(name.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
        }
        let digest = hasher.finalize();
        RunInfo {
            extractor: "sitrep-extract".into(),
            extractor_version: env!("CARGO_PKG_VERSION").into(),
            vocabulary: digest[..8].iter().map(|b| format!("{b:02x}")).collect(),
            gazetteer: sitrep_gazetteer::Gazetteer::embedded().version(),
        }
    }
}

/// The id of a stored extraction run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RunId(pub i64);

/// A document read, decoded and extracted, ready to store.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub hash: ContentHash,
    /// Where it came from: a path, `path:line` for JSONL, `-` for stdin.
    pub origin: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub published: Option<String>,
    /// The date its undated event entries took, when it has no publication date.
    pub date_fallback: Option<DateFallback>,
    /// The language declared with the document (JSONL `language`), if any.
    pub declared_language: Option<String>,
    /// `text/plain` or `text/html`.
    pub media_type: &'static str,
    /// The bytes as received, when they differ from `text`.
    pub raw: Option<Vec<u8>>,
    pub text: String,
    pub extraction: Extraction,
}

/// A document that could not be read or stored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestFailure {
    pub origin: String,
    /// The line of a JSONL file, 1-based.
    pub line: Option<u64>,
    pub reason: String,
}

/// What storing one batch did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BatchOutcome {
    pub documents_added: u64,
    pub revisions_added: u64,
    pub duplicates: u64,
    pub entries_added: u64,
}

/// A stored revision to extract again.
#[derive(Debug, Clone)]
pub struct StoredRevision {
    pub revision_id: i64,
    pub document_id: i64,
    pub published: Option<String>,
    pub date_fallback: Option<DateFallback>,
    pub declared_language: Option<String>,
    pub text: String,
}

/// Filters of `sitrep events`. Every value is bound as a query parameter.
#[derive(Debug, Clone, Default)]
pub struct EventQuery {
    /// Entries whose date range ends on or after this day (`YYYY-MM-DD`).
    pub since: Option<String>,
    /// Entries whose date range starts on or before this day.
    pub until: Option<String>,
    pub province: Option<String>,
    pub district: Option<String>,
    /// Perpetrator or target.
    pub actor: Option<String>,
    pub claimant: Option<String>,
    /// Event type or sub-event type.
    pub event_type: Option<String>,
    /// `event`, `summary` or `aggregate`.
    pub kind: Option<String>,
    /// Only the entries of this document.
    pub document_id: Option<i64>,
    pub limit: Option<u64>,
    /// Entries skipped (`sitrep events --offset`); after `after`, when both are given.
    pub offset: u64,
    /// Keyset paging: only the entries after this one in the listing order (`date_start`, then id). Unlike
    /// `offset`, its cost does not grow with the depth of the page.
    pub after: Option<EventKey>,
}

/// Where an entry sits in the order of [`Storage::events`]: its first day (undated entries come first), then
/// its id. The key of the last entry of a page is where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    /// `YYYY-MM-DD`; `None` for an undated entry.
    pub date_start: Option<String>,
    pub entry_id: i64,
}

impl EventKey {
    /// The key of a stored entry.
    pub fn of(e: &StoredEntry) -> EventKey {
        EventKey { date_start: e.entry.date.map(|d| d.start.to_string()), entry_id: e.entry_id }
    }
}

/// An entry as stored, with where it comes from.
#[derive(Debug, Clone)]
pub struct StoredEntry {
    pub entry_id: i64,
    pub document_id: i64,
    pub revision_id: i64,
    pub run_id: i64,
    /// The document's URL, else its origin (path).
    pub document: String,
    pub source: Option<String>,
    pub language: String,
    /// `text[evidence]` of the revision.
    pub evidence_text: String,
    /// When the entry was extracted (Unix seconds).
    pub extracted_at: i64,
    /// What the entry's date is when neither its text nor a publication date gave it:
    /// [`crate::DateBasis::as_str`] of the day it fell back on; `None` for a date read.
    pub date_basis: Option<String>,
    /// The publication day of its revision (`YYYY-MM-DD`), when known.
    pub published: Option<String>,
    /// The content hash of the document's first revision: the document, wherever it was read from.
    pub document_hash: Vec<u8>,
    pub entry: Entry,
}

/// Filters of `sitrep documents`.
#[derive(Debug, Clone, Default)]
pub struct DocumentQuery {
    pub source: Option<String>,
    pub limit: Option<u64>,
    pub offset: u64,
}

/// A document in a listing.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentSummary {
    pub id: i64,
    pub hash: String,
    pub url: Option<String>,
    pub origin: String,
    pub source: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub revisions: i64,
    /// Entries of the current extraction.
    pub entries: i64,
}

/// One revision of a document.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionSummary {
    pub id: i64,
    pub number: i64,
    pub hash: String,
    pub origin: String,
    pub media_type: String,
    pub ingested_at: i64,
    /// The runs that read it, oldest first: (run id, extractor version, entries).
    pub runs: Vec<(i64, String, i64)>,
}

/// A document with its latest text and its current entries.
#[derive(Debug, Clone)]
pub struct DocumentDetail {
    pub summary: DocumentSummary,
    pub revisions: Vec<RevisionSummary>,
    pub language: Option<String>,
    pub text: String,
    pub entries: Vec<StoredEntry>,
}

/// What a tally of entries groups by: the [`TallyDimension`]s that are columns of a stored entry and indexed
/// for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TallyBy {
    Claimant,
    Province,
    Perpetrator,
}

impl TallyBy {
    /// The entry column of a tally dimension, if entries are tallied by it.
    pub fn of(dimension: TallyDimension) -> Option<TallyBy> {
        match dimension {
            TallyDimension::Claimant => Some(TallyBy::Claimant),
            TallyDimension::Province => Some(TallyBy::Province),
            TallyDimension::Perpetrator => Some(TallyBy::Perpetrator),
            TallyDimension::Target | TallyDimension::District | TallyDimension::Week | TallyDimension::Month => None,
        }
    }
}

/// One row of a tally: `event` entries of the current extractions only (a summary never adds to a tally,
/// and an aggregate restates events).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// `None`: not stated.
    pub key: Option<String>,
    pub entries: i64,
    /// Sum of the ACLED fatalities figure (best, else low, else 0).
    pub killed: i64,
    pub wounded: i64,
}

/// A store of documents, their extractions and the incidents linked from them. Each method that writes is one
/// transaction: a batch is stored whole or not at all.
pub trait Storage {
    /// The version of the store's schema (its migrations applied).
    fn schema_version(&mut self) -> Result<i64, Error>;
    /// The id of the run, recorded on first use.
    fn run(&mut self, info: &RunInfo) -> Result<RunId, Error>;
    /// Opens an ingest record.
    fn begin_ingest(&mut self) -> Result<i64, Error>;
    /// Closes an ingest record with its counts.
    fn finish_ingest(&mut self, ingest: i64, summary: &crate::IngestSummary) -> Result<(), Error>;
    /// Which of these hashes are already stored.
    fn known(&mut self, hashes: &[ContentHash]) -> Result<Vec<bool>, Error>;
    /// Stores documents (skipping any whose hash is already stored) with their extractions by `run`, and
    /// failures of `ingest`, in one transaction.
    fn store_batch(
        &mut self,
        run: RunId,
        ingest: i64,
        documents: &[Prepared],
        failures: &[IngestFailure],
    ) -> Result<BatchOutcome, Error>;
    /// Latest revisions of documents that `run` has not read yet, at most `limit`.
    fn pending(&mut self, run: RunId, limit: usize) -> Result<Vec<StoredRevision>, Error>;
    /// Stores new extractions of stored revisions; they become the current ones.
    fn store_extractions(&mut self, run: RunId, extractions: &[(StoredRevision, Extraction)]) -> Result<u64, Error>;
    /// A number that changes whenever stored entries change (every ingest and re-extraction that stores
    /// entries raises it): the key of a cache of answers.
    fn generation(&mut self) -> Result<i64, Error>;
    /// Current entries matching `query`, in its listing order ([`EventKey`]), with their spans.
    fn events(&mut self, query: &EventQuery) -> Result<Vec<StoredEntry>, Error>;
    /// How many current entries match the filters of `query` (its paging is ignored): a listing's total.
    fn count_events(&mut self, query: &EventQuery) -> Result<i64, Error>;
    /// The document of an entry (current or not).
    fn entry_document(&mut self, entry_id: i64) -> Result<Option<i64>, Error>;
    fn documents(&mut self, query: &DocumentQuery) -> Result<Vec<DocumentSummary>, Error>;
    fn document(&mut self, id: i64) -> Result<Option<DocumentDetail>, Error>;
    /// The document one of whose revisions has this content hash.
    fn document_of_hash(&mut self, hash: &ContentHash) -> Result<Option<i64>, Error>;
    fn tally(&mut self, by: TallyBy) -> Result<Vec<Tally>, Error>;
    /// [`Storage::tally`] under the filters of `query` (its paging is ignored): event entries of the current
    /// extractions, killed = best, else low, else 0; largest first.
    fn tally_events(&mut self, by: TallyBy, query: &EventQuery) -> Result<Vec<Tally>, Error>;
    /// Brings incidents up to date with the current entries (called at the end of ingest and re-extraction).
    fn reconcile(&mut self) -> Result<(), Error> {
        self.ensure_linked().map(|_| ())
    }
    /// Failures recorded by an ingest (the latest when `None`).
    fn ingest_failures(&mut self, ingest: Option<i64>) -> Result<Vec<IngestFailure>, Error>;

    // Incidents: the current entries linked, the user's split/merge decisions, and their tallies.

    /// How far the incidents lag behind the stored entries and decisions; cheap, so that a server can say so
    /// in every answer instead of relinking.
    fn link_state(&mut self) -> Result<LinkState, Error>;
    /// Links what changed since the last link, when entries or decisions changed.
    fn ensure_linked(&mut self) -> Result<Option<RelinkSummary>, Error>;
    /// Links every current entry again and rewrites incidents, links and tallies (after a change of the
    /// linker).
    fn relink(&mut self, config: &Config) -> Result<RelinkSummary, Error>;
    /// Incidents with their event entries (each sorted by entry id), in id order, relinking first when the
    /// store changed; only incident `only` when given.
    fn incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error>;
    /// [`Storage::incidents`] as last linked, never relinking: entries stored since are in none (see
    /// [`Storage::link_state`]). What a server reads while a relink runs elsewhere.
    fn linked_incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error>;
    /// The incident of an entry (relinking first when the store changed).
    fn incident_of(&mut self, entry_id: i64) -> Result<Option<i64>, Error>;
    /// Links touching the entries of an incident, and of summaries and aggregates pointing at them.
    fn incident_links(&mut self, incident: i64) -> Result<Vec<StoredLink>, Error>;
    /// Makes a current entry an incident of its own; the decision is kept (anchored to its document and
    /// evidence) and applied after every relink and re-extraction. `false` when there is no such entry.
    fn split(&mut self, entry_id: i64) -> Result<bool, Error>;
    /// Merges two incidents (by incident id, or any entry id of theirs), a decision kept as a split is.
    /// `false` when either is unknown.
    fn merge(&mut self, a: i64, b: i64) -> Result<bool, Error>;
    /// One row per group of incidents as last linked, largest first; it never relinks.
    fn tally_incidents(&mut self, query: &TallyQuery) -> Result<Vec<IncidentTally>, Error>;

    // The watcher's record (issue 17): the sources it polls, each poll and fetch, and each item's last state.

    /// The source at `location` (a URL or path), recorded on first use as of `kind`, with the validators of
    /// its last successful poll.
    fn watch_source(&mut self, location: &str, kind: &str) -> Result<WatchedSource, Error>;
    /// What each of these items of a source was when last fetched (`None`: never), in their order.
    fn seen_items(&mut self, source: i64, items: &[String]) -> Result<Vec<Option<SeenItem>>, Error>;
    /// Records fetches of a source's items and each item's new state, in one transaction: a fetched or
    /// unchanged item is handed on; a failed one counts one more failure of that version of it.
    fn record_fetches(&mut self, source: i64, fetches: &[FetchRecord]) -> Result<(), Error>;
    /// Records a poll; one that did not fail keeps its validators for the next.
    fn record_poll(&mut self, source: i64, poll: &PollRecord) -> Result<(), Error>;
    /// Every watched source with its last success, last error and counts, by location.
    fn source_reports(&mut self) -> Result<Vec<SourceReport>, Error>;
}
