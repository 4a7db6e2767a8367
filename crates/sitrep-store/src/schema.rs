//! The SQLite schema, as embedded migrations; `PRAGMA user_version` is the number applied.

/// Migration `i` brings the schema from version `i` to `i + 1`. Append only; never edit a released one.
pub const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5, V6, V7, V8];

const V1: &str = r#"
CREATE TABLE sources (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

-- A document: one URL (or, without one, one text). Its texts are its revisions.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    url         TEXT UNIQUE,
    source_id   INTEGER REFERENCES sources(id),
    -- content hash of the first revision: with the id, a stable name of the document
    first_hash  BLOB NOT NULL,
    created_at  INTEGER NOT NULL
);

-- A text of a document, exactly as received: `raw` holds the bytes when they differ from `text` (HTML, a
-- legacy encoding, a byte-order mark); evidence offsets refer to `text`.
CREATE TABLE revisions (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents(id),
    number        INTEGER NOT NULL,
    content_hash  BLOB NOT NULL UNIQUE,
    origin        TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    title         TEXT,
    published     TEXT,
    language      TEXT,
    raw           BLOB,
    text          TEXT NOT NULL,
    ingested_at   INTEGER NOT NULL,
    UNIQUE (document_id, number)
);

-- The extractor and the versions of its embedded data: entries belong to a run.
CREATE TABLE extraction_runs (
    id                 INTEGER PRIMARY KEY,
    extractor          TEXT NOT NULL,
    extractor_version  TEXT NOT NULL,
    vocabulary         TEXT NOT NULL,
    gazetteer          TEXT NOT NULL,
    created_at         INTEGER NOT NULL,
    UNIQUE (extractor, extractor_version, vocabulary, gazetteer)
);

-- One revision read by one run. `current` marks the latest run over the latest revision of a document.
CREATE TABLE extractions (
    id           INTEGER PRIMARY KEY,
    revision_id  INTEGER NOT NULL REFERENCES revisions(id),
    run_id       INTEGER NOT NULL REFERENCES extraction_runs(id),
    document_id  INTEGER NOT NULL REFERENCES documents(id),
    language     TEXT NOT NULL,
    diagnostics  TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    current      INTEGER NOT NULL,
    UNIQUE (revision_id, run_id)
);
CREATE INDEX extractions_document ON extractions(document_id);

CREATE TABLE entries (
    id              INTEGER PRIMARY KEY,
    extraction_id   INTEGER NOT NULL REFERENCES extractions(id),
    document_id     INTEGER NOT NULL REFERENCES documents(id),
    revision_id     INTEGER NOT NULL REFERENCES revisions(id),
    current         INTEGER NOT NULL,
    local_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    summarizes      TEXT NOT NULL,
    derived_from    TEXT NOT NULL,
    claimant        TEXT COLLATE NOCASE,
    spokesperson    TEXT,
    perpetrator     TEXT COLLATE NOCASE,
    target          TEXT COLLATE NOCASE,
    event_type      TEXT COLLATE NOCASE,
    sub_event_type  TEXT COLLATE NOCASE,
    weapon          TEXT,
    province        TEXT COLLATE NOCASE,
    district        TEXT COLLATE NOCASE,
    place           TEXT,
    lat             REAL,
    lon             REAL,
    geo_precision   INTEGER,
    killed_low      INTEGER, killed_best   INTEGER, killed_high   INTEGER, killed_rule   TEXT,
    wounded_low     INTEGER, wounded_best  INTEGER, wounded_high  INTEGER, wounded_rule  TEXT,
    captured_low    INTEGER, captured_best INTEGER, captured_high INTEGER, captured_rule TEXT,
    attacks         INTEGER,
    provinces       TEXT NOT NULL,
    period          TEXT,
    date_start      TEXT,
    date_end        TEXT,
    date_precision  TEXT,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL
);
CREATE INDEX entries_extraction ON entries(extraction_id);
CREATE INDEX entries_document ON entries(document_id, current);
CREATE INDEX entries_province ON entries(province, date_start) WHERE current = 1;
CREATE INDEX entries_date ON entries(date_start) WHERE current = 1;
CREATE INDEX entries_claimant ON entries(claimant, date_start) WHERE current = 1;

-- The original byte ranges each field was read from.
CREATE TABLE spans (
    entry_id  INTEGER NOT NULL REFERENCES entries(id),
    field     TEXT NOT NULL,
    start     INTEGER NOT NULL,
    "end"     INTEGER NOT NULL,
    PRIMARY KEY (entry_id, field, start, "end")
) WITHOUT ROWID;

CREATE TABLE destroyed (
    entry_id  INTEGER NOT NULL REFERENCES entries(id),
    seq       INTEGER NOT NULL,
    item      TEXT NOT NULL,
    count     INTEGER,
    PRIMARY KEY (entry_id, seq)
) WITHOUT ROWID;

-- One invocation of ingest, and the documents it could not read.
CREATE TABLE ingests (
    id           INTEGER PRIMARY KEY,
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER,
    documents    INTEGER,
    added        INTEGER,
    duplicates   INTEGER,
    failed       INTEGER
);
CREATE TABLE ingest_errors (
    id         INTEGER PRIMARY KEY,
    ingest_id  INTEGER NOT NULL REFERENCES ingests(id),
    origin     TEXT NOT NULL,
    line       INTEGER,
    reason     TEXT NOT NULL
);
CREATE INDEX ingest_errors_ingest ON ingest_errors(ingest_id);
"#;

/// Incidents (issue 5): current event entries linked by `sitrep-reconcile`, recomputed after every ingest and
/// re-extraction; the user's decisions are anchored to (document, evidence) so they survive re-extraction.
const V2: &str = r#"
-- One incident: its id is the smallest id of its event entries.
CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    entries        INTEGER NOT NULL,
    disagreements  TEXT NOT NULL
);
CREATE TABLE incident_entries (
    entry_id     INTEGER PRIMARY KEY REFERENCES entries(id),
    incident_id  INTEGER NOT NULL
);
CREATE INDEX incident_entries_incident ON incident_entries(incident_id);

-- Why entries are linked: the features and score of an automatic link, a user's merge, a summary or an
-- aggregate pointing at the entries it rolls up.
CREATE TABLE links (
    a         INTEGER NOT NULL,
    b         INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    score     REAL,
    reason    TEXT,
    features  TEXT
);
CREATE INDEX links_a ON links(a);
CREATE INDEX links_b ON links(b);

-- `sitrep incidents split` / `merge`, in the order made; applied after every relink.
CREATE TABLE manual_decisions (
    id          INTEGER PRIMARY KEY,
    action      TEXT NOT NULL,
    a_document  INTEGER NOT NULL,
    a_start     INTEGER NOT NULL,
    a_end       INTEGER NOT NULL,
    b_document  INTEGER,
    b_start     INTEGER,
    b_end       INTEGER,
    created_at  INTEGER NOT NULL
);

-- Maintained aggregates of tallies: per basis, dimension, key and day ('' when undated).
CREATE TABLE tally_buckets (
    basis          TEXT NOT NULL,
    dim            TEXT NOT NULL,
    key            TEXT,
    day            TEXT NOT NULL,
    incidents      INTEGER NOT NULL,
    killed_low     INTEGER NOT NULL, killed_best   INTEGER NOT NULL, killed_high   INTEGER NOT NULL,
    wounded_low    INTEGER NOT NULL, wounded_best  INTEGER NOT NULL, wounded_high  INTEGER NOT NULL,
    captured_low   INTEGER NOT NULL, captured_best INTEGER NOT NULL, captured_high INTEGER NOT NULL,
    provinces      INTEGER NOT NULL
);
CREATE INDEX tally_buckets_dim ON tally_buckets(basis, dim, day);
CREATE INDEX tally_buckets_key ON tally_buckets(basis, dim, key, provinces);
CREATE TABLE tally_provinces (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL UNIQUE
);

-- What the last relink saw: max entry id and max decision id.
CREATE TABLE reconcile_state (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    entries_max    INTEGER NOT NULL,
    decisions_max  INTEGER NOT NULL
);
"#;

/// Fast listings (issue: `/api/events` and `/api/tally` at 500 requests/s): the evidence text kept on the entry
/// (no more slicing each document's text per entry), and an index for each filter of `sitrep events`, in the
/// listing order (`date_start`, then the id every index ends with) so that a page is a range of one index.
const V3: &str = r#"
ALTER TABLE entries ADD COLUMN evidence_text TEXT;
UPDATE entries SET evidence_text = (
    SELECT CAST(substr(CAST(r.text AS BLOB), entries.evidence_start + 1,
                       entries.evidence_end - entries.evidence_start) AS TEXT)
    FROM revisions r WHERE r.id = entries.revision_id);

CREATE INDEX entries_district ON entries(district, date_start) WHERE current = 1;
CREATE INDEX entries_kind ON entries(kind, date_start) WHERE current = 1;
CREATE INDEX entries_event_type ON entries(event_type, date_start) WHERE current = 1;
CREATE INDEX entries_sub_event_type ON entries(sub_event_type, date_start) WHERE current = 1;
CREATE INDEX entries_perpetrator ON entries(perpetrator, date_start) WHERE current = 1;
CREATE INDEX entries_target ON entries(target, date_start) WHERE current = 1;
CREATE INDEX entries_date_end ON entries(date_end) WHERE current = 1;
-- Covers the tallies (event entries; killed = best, else low; wounded likewise) and their date filters.
CREATE INDEX entries_tally ON entries(kind, date_end, date_start, province, claimant, perpetrator,
    killed_best, killed_low, wounded_best, wounded_low) WHERE current = 1;
"#;

/// Incident tallies of one province (`/api/tally?province=`, `/api/report`): the buckets are also keyed by
/// the incident's province. The old buckets lack it, so the incidents are marked stale and linked again
/// (`ensure_linked`, or the server's background relink).
const V4: &str = r#"
DELETE FROM tally_buckets;
ALTER TABLE tally_buckets ADD COLUMN province TEXT;
CREATE INDEX tally_buckets_province ON tally_buckets(basis, dim, province, day);
DELETE FROM reconcile_state;
"#;

/// Undated documents (no publication date, no date in the text): the day their event entries fall back on
/// (the file's date, the day received) kept on the revision, so that re-extraction dates them alike, and on
/// each entry so dated, what the day was.
const V5: &str = r#"
ALTER TABLE revisions ADD COLUMN date_fallback TEXT;
ALTER TABLE revisions ADD COLUMN date_fallback_basis TEXT;
ALTER TABLE entries ADD COLUMN date_basis TEXT;
"#;

/// Tallies keep an unknown high figure unknown ("at least 5" is 5/5/?, not 5/5/5): a bucket's high is NULL when
/// one of its incidents' is. The buckets are rebuilt by the next relink, which also links with the rules of
/// this version.
const V6: &str = r#"
DROP TABLE tally_buckets;
CREATE TABLE tally_buckets (
    basis          TEXT NOT NULL,
    dim            TEXT NOT NULL,
    key            TEXT,
    day            TEXT NOT NULL,
    incidents      INTEGER NOT NULL,
    killed_low     INTEGER NOT NULL, killed_best   INTEGER NOT NULL, killed_high   INTEGER,
    wounded_low    INTEGER NOT NULL, wounded_best  INTEGER NOT NULL, wounded_high  INTEGER,
    captured_low   INTEGER NOT NULL, captured_best INTEGER NOT NULL, captured_high INTEGER,
    provinces      INTEGER NOT NULL,
    province       TEXT
);
CREATE INDEX tally_buckets_dim ON tally_buckets(basis, dim, day);
CREATE INDEX tally_buckets_key ON tally_buckets(basis, dim, key, provinces);
CREATE INDEX tally_buckets_province ON tally_buckets(basis, dim, province, day);
DELETE FROM reconcile_state;
"#;

/// Incremental linking (issue 15): the buckets are updated by the incidents a link replaces, so a bucket keeps
/// the sum of its known high figures and how many incidents' high is unknown (its high is unknown when one
/// is); the last link also records the last extraction it saw, so that it can find the documents extracted
/// since (their entries retired). The next link is a full one.
const V7: &str = r#"
DROP TABLE tally_buckets;
CREATE TABLE tally_buckets (
    basis             TEXT NOT NULL,
    dim               TEXT NOT NULL,
    key               TEXT,
    day               TEXT NOT NULL,
    incidents         INTEGER NOT NULL,
    killed_low        INTEGER NOT NULL, killed_best   INTEGER NOT NULL, killed_high   INTEGER NOT NULL,
    killed_unknown    INTEGER NOT NULL,
    wounded_low       INTEGER NOT NULL, wounded_best  INTEGER NOT NULL, wounded_high  INTEGER NOT NULL,
    wounded_unknown   INTEGER NOT NULL,
    captured_low      INTEGER NOT NULL, captured_best INTEGER NOT NULL, captured_high INTEGER NOT NULL,
    captured_unknown  INTEGER NOT NULL,
    provinces         INTEGER NOT NULL,
    province          TEXT
);
CREATE INDEX tally_buckets_dim ON tally_buckets(basis, dim, day);
CREATE INDEX tally_buckets_key ON tally_buckets(basis, dim, key, provinces);
CREATE INDEX tally_buckets_province ON tally_buckets(basis, dim, province, day);
DELETE FROM reconcile_state;
ALTER TABLE reconcile_state ADD COLUMN extractions_max INTEGER;

-- What the linker's candidate search reads of each current event (`sitrep_reconcile::Reach`), so that a
-- new entry finds the stored ones it may be compared with: its block, days (NULL: none) and district, and a
-- hash of the fields that make copies; its names (kind 0 district, 1 place, 2 rare act, 3 claim) and sketch hashes
-- (kind 4), as hashes.
CREATE TABLE link_reach (
    entry_id  INTEGER PRIMARY KEY,
    block     TEXT NOT NULL,
    start     INTEGER,
    "end"     INTEGER,
    span      INTEGER,
    district  INTEGER,
    copy      INTEGER NOT NULL
);
-- Covering: the days and district of the entries in a range of days are read from the index alone.
CREATE INDEX link_reach_window ON link_reach(block, start, "end", district);
CREATE INDEX link_reach_span ON link_reach(block, span);
CREATE INDEX link_reach_copy ON link_reach(block, copy);
CREATE TABLE link_names (
    block     TEXT NOT NULL,
    kind      INTEGER NOT NULL,
    value     INTEGER NOT NULL,
    dated     INTEGER NOT NULL,
    entry_id  INTEGER NOT NULL
);
CREATE INDEX link_names_value ON link_names(block, kind, value, dated);
CREATE INDEX link_names_entry ON link_names(entry_id);
"#;

/// The watcher's record (issue 17): the sources it polls (a feed, a folder, a Telegram export; the validators of
/// the last successful poll make the next one conditional), each poll and each fetch of an item, and what each
/// item was when last handed on (`hash`: what the source said of it), so that an item is not fetched twice.
const V8: &str = r#"
CREATE TABLE watch_sources (
    id             INTEGER PRIMARY KEY,
    location       TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    created_at     INTEGER NOT NULL
);
CREATE TABLE watch_polls (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES watch_sources(id),
    started_at   INTEGER NOT NULL,
    finished_at  INTEGER NOT NULL,
    status       TEXT NOT NULL,
    items        INTEGER NOT NULL,
    fetched      INTEGER NOT NULL,
    stored       INTEGER NOT NULL,
    error        TEXT
);
CREATE INDEX watch_polls_source ON watch_polls(source_id, status, id);
CREATE TABLE watch_fetches (
    id           INTEGER PRIMARY KEY,
    source_id    INTEGER NOT NULL REFERENCES watch_sources(id),
    item         TEXT NOT NULL,
    at           INTEGER NOT NULL,
    status       TEXT NOT NULL,
    http_status  INTEGER,
    bytes        INTEGER,
    error        TEXT
);
CREATE INDEX watch_fetches_source ON watch_fetches(source_id, status, id);
CREATE TABLE watch_items (
    source_id      INTEGER NOT NULL REFERENCES watch_sources(id),
    item           TEXT NOT NULL,
    hash           BLOB NOT NULL,
    etag           TEXT,
    last_modified  TEXT,
    failures       INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    PRIMARY KEY (source_id, item)
);
"#;
