//! [`Storage`] on SQLite: WAL, foreign keys, embedded migrations, one transaction per batch.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use rusqlite::types::Value as SqlValue;
use rusqlite::{
    params, params_from_iter, Connection, OpenFlags, OptionalExtension, Row, Transaction, TransactionBehavior,
};
use sitrep_count::Rule;
use sitrep_extract::{Count, Destroyed, Extraction, Kind, Precision};
use sitrep_reconcile::Config;

use crate::schema::MIGRATIONS;
use crate::storage::{
    BatchOutcome, ContentHash, DocumentDetail, DocumentQuery, DocumentSummary, EventKey, EventQuery, IngestFailure,
    Prepared, RevisionSummary, RunId, RunInfo, Storage, StoredEntry, StoredRevision, Tally, TallyBy,
};
use crate::watched::{self, sql};
use crate::{
    DateBasis, DateFallback, Error, FetchRecord, FetchStatus, IncidentTally, IngestSummary, LinkState, PollRecord,
    PollStatus, RelinkSummary, SeenItem, SourceReport, StoredIncident, StoredLink, TallyQuery, Validators,
    WatchedSource,
};

/// How long a writer waits for another to finish before it gives up: longer than a batch of 2,000
/// documents or a relink of a large store takes to commit.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// A SQLite database holding sitrep's store.
pub struct SqliteStore {
    pub(crate) conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<SqliteStore, Error> {
        SqliteStore::setup(Connection::open(path)?)
    }

    /// Opens the database at `path` only if it exists (what reading commands do: a mistyped path is an
    /// error, not a new empty database).
    pub fn open_existing(path: &Path) -> Result<SqliteStore, Error> {
        if !path.is_file() {
            return Err(Error::missing(path));
        }
        // Without SQLITE_OPEN_CREATE: a file removed since the check is not created again.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        SqliteStore::setup(Connection::open_with_flags(path, flags)?)
    }

    /// A database in memory, for tests and the demo.
    pub fn open_in_memory() -> Result<SqliteStore, Error> {
        SqliteStore::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<SqliteStore, Error> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        wal_mode(&conn)?;
        // Durable against a killed process in WAL mode; the last commits may be lost on power failure only.
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache: the content-hash and entry indices are updated at random places.
        conn.pragma_update(None, "cache_size", -65536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Reads through a shared mapping: no copy per page into each connection's cache (listings at
        // hundreds of requests/s over a pool of connections).
        conn.pragma_update(None, "mmap_size", 1i64 << 30)?;
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    /// The schema version (`PRAGMA user_version`).
    pub(crate) fn schema_version(&self) -> Result<i64, Error> {
        Ok(self.conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
    }

    /// The underlying connection, for the store's own tests and benches, which look at the SQLite file itself
    /// (feature `sqlite-access`). Everything else goes through [`Storage`].
    #[cfg(feature = "sqlite-access")]
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Applies the missing migrations. The version is read inside the write transaction, so that two
    /// processes opening a new database at once migrate it once.
    fn migrate(&mut self) -> Result<(), Error> {
        let known = MIGRATIONS.len() as i64;
        if self.schema_version()? == known {
            return Ok(());
        }
        let tx = self.write()?;
        let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version > known {
            return Err(Error::schema(format!(
                "version {version} is newer than this sitrep knows ({known}); upgrade sitrep"
            )));
        }
        for sql in MIGRATIONS.iter().skip(version as usize) {
            tx.execute_batch(sql)?;
        }
        tx.pragma_update(None, "user_version", known)?;
        tx.commit()?;
        Ok(())
    }

    /// A write transaction that takes the write lock at once (`BEGIN IMMEDIATE`), waiting up to the busy
    /// timeout for another writer to finish. A deferred one that reads first cannot wait: it fails with
    /// "database is locked" when another writer committed since its read.
    pub(crate) fn write(&mut self) -> Result<Transaction<'_>, Error> {
        Ok(self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?)
    }
}

/// Puts the database in WAL mode. Switching a new database to it does not wait for the busy handler when
/// another connection is switching it too (two processes creating one database): try again until the
/// busy timeout.
fn wal_mode(conn: &Connection) -> Result<(), Error> {
    let start = std::time::Instant::now();
    loop {
        match conn.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == rusqlite::ErrorCode::DatabaseBusy && start.elapsed() < BUSY_TIMEOUT =>
            {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            result => return Ok(result?),
        }
    }
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

fn source_id(tx: &Transaction<'_>, name: &Option<String>) -> Result<Option<i64>, Error> {
    let Some(name) = name else { return Ok(None) };
    tx.prepare_cached("INSERT INTO sources (name) VALUES (?1) ON CONFLICT (name) DO NOTHING")?.execute([name])?;
    let id = tx.prepare_cached("SELECT id FROM sources WHERE name = ?1")?.query_row([name], |r| r.get(0))?;
    Ok(Some(id))
}

pub(crate) fn json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".into())
}

fn count_params(c: &Option<Count>) -> [SqlValue; 4] {
    match c {
        None => [SqlValue::Null, SqlValue::Null, SqlValue::Null, SqlValue::Null],
        Some(c) => {
            let n = |v: Option<u32>| v.map_or(SqlValue::Null, |v| SqlValue::Integer(i64::from(v)));
            [n(c.low), n(c.best), n(c.high), SqlValue::Text(format!("{:?}", c.rule))]
        }
    }
}

fn opt_text(v: &Option<String>) -> SqlValue {
    v.as_ref().map_or(SqlValue::Null, |s| SqlValue::Text(s.clone()))
}

/// A revision's extraction, to store.
struct Extracted<'a> {
    revision_id: i64,
    document_id: i64,
    extraction: &'a Extraction,
    /// The revision's text, which the evidence offsets refer to.
    text: &'a str,
    /// The day the document's undated entries took: those entries record its basis.
    fallback: Option<DateFallback>,
}

/// Inserts one extraction and its entries; returns the number of entries.
fn insert_extraction(tx: &Transaction<'_>, run: RunId, x: &Extracted<'_>, created_at: i64) -> Result<u64, Error> {
    let Extracted { revision_id, document_id, extraction, text, fallback } = *x;
    let diagnostics: Vec<String> = extraction.diagnostics.iter().map(|d| d.message.clone()).collect();
    tx.prepare_cached(
        "INSERT INTO extractions (revision_id, run_id, document_id, language, diagnostics, created_at, current)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1)",
    )?
    .execute(params![
        revision_id,
        run.0,
        document_id,
        extraction.language.code(),
        json_list(&diagnostics),
        created_at
    ])?;
    let extraction_id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(
        "INSERT INTO entries (extraction_id, document_id, revision_id, current, local_id, kind, summarizes,
            derived_from, claimant, spokesperson, perpetrator, target, event_type, sub_event_type, weapon,
            province, district, place, lat, lon, geo_precision,
            killed_low, killed_best, killed_high, killed_rule, wounded_low, wounded_best, wounded_high, wounded_rule,
            captured_low, captured_best, captured_high, captured_rule, attacks, provinces, period,
            date_start, date_end, date_precision, evidence_start, evidence_end, evidence_text, date_basis)
         VALUES (?1, ?2, ?3, 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
            ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40,
            ?41, ?42)",
    )?;
    let mut insert_span =
        tx.prepare_cached("INSERT OR IGNORE INTO spans (entry_id, field, start, \"end\") VALUES (?1, ?2, ?3, ?4)")?;
    let mut insert_destroyed =
        tx.prepare_cached("INSERT INTO destroyed (entry_id, seq, item, count) VALUES (?1, ?2, ?3, ?4)")?;
    for e in &extraction.entries {
        let mut values: Vec<SqlValue> = vec![
            SqlValue::Integer(extraction_id),
            SqlValue::Integer(document_id),
            SqlValue::Integer(revision_id),
            SqlValue::Text(e.id.clone()),
            SqlValue::Text(e.kind.as_str().into()),
            SqlValue::Text(json_list(&e.summarizes)),
            SqlValue::Text(json_list(&e.derived_from)),
            opt_text(&e.claimant),
            opt_text(&e.spokesperson),
            opt_text(&e.perpetrator),
            opt_text(&e.target),
            opt_text(&e.event_type),
            opt_text(&e.sub_event_type),
            opt_text(&e.weapon),
            opt_text(&e.location.province),
            opt_text(&e.location.district),
            opt_text(&e.location.place),
            e.location.lat.map_or(SqlValue::Null, SqlValue::Real),
            e.location.lon.map_or(SqlValue::Null, SqlValue::Real),
            e.location.geo_precision.map_or(SqlValue::Null, |g| SqlValue::Integer(i64::from(g))),
        ];
        values.extend(count_params(&e.killed));
        values.extend(count_params(&e.wounded));
        values.extend(count_params(&e.captured));
        values.push(e.attacks.map_or(SqlValue::Null, |a| SqlValue::Integer(i64::from(a))));
        values.push(SqlValue::Text(json_list(&e.provinces)));
        values.push(opt_text(&e.period));
        match &e.date {
            Some(d) => {
                values.push(SqlValue::Text(d.start.to_string()));
                values.push(SqlValue::Text(d.end.to_string()));
                values.push(SqlValue::Text(d.precision.as_str().into()));
            }
            None => values.extend([SqlValue::Null, SqlValue::Null, SqlValue::Null]),
        }
        values.push(SqlValue::Integer(e.evidence.start as i64));
        values.push(SqlValue::Integer(e.evidence.end as i64));
        // `text[evidence]`, kept on the entry so that listings never read the document's text.
        let evidence = text.as_bytes().get(e.evidence.clone()).unwrap_or_default();
        values.push(SqlValue::Text(String::from_utf8_lossy(evidence).into_owned()));
        let basis = fallback.filter(|f| f.dated(e)).map(|f| f.basis.as_str());
        values.push(basis.map_or(SqlValue::Null, |b| SqlValue::Text(b.into())));
        insert.execute(params_from_iter(values))?;
        let entry_id = tx.last_insert_rowid();
        for (field, ranges) in &e.spans {
            for r in ranges {
                insert_span.execute(params![entry_id, field, r.start as i64, r.end as i64])?;
            }
        }
        for (seq, d) in e.destroyed.iter().enumerate() {
            insert_destroyed.execute(params![entry_id, seq as i64, d.item, d.count])?;
        }
    }
    Ok(extraction.entries.len() as u64)
}

/// Marks every extraction and entry of a document as no longer current.
fn retire(tx: &Transaction<'_>, document_id: i64) -> Result<(), Error> {
    tx.prepare_cached("UPDATE extractions SET current = 0 WHERE document_id = ?1 AND current = 1")?
        .execute([document_id])?;
    tx.prepare_cached("UPDATE entries SET current = 0 WHERE document_id = ?1 AND current = 1")?
        .execute([document_id])?;
    Ok(())
}

/// Span field names as `&'static str` ([`Entry::spans`] keys): the few distinct names are kept once.
pub(crate) fn intern(name: &str) -> &'static str {
    static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let names = NAMES.get_or_init(|| Mutex::new(HashSet::new()));
    let mut names = match names.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(n) = names.get(name) {
        return n;
    }
    let leaked: &'static str = Box::leak(name.to_string().into_boxed_str());
    names.insert(leaked);
    leaked
}

const RULES: &[Rule] = &[
    Rule::Exact,
    Rule::AtLeast,
    Rule::MoreThan,
    Rule::AtMost,
    Rule::LessThan,
    Rule::Approximately,
    Rule::Range,
    Rule::Vague,
    Rule::Article,
    Rule::ImpliedPlural,
    Rule::Dual,
    Rule::Others,
    Rule::All,
    Rule::Unspecified,
    Rule::Sum,
];

pub(crate) fn rule_of(name: &str) -> Rule {
    RULES.iter().copied().find(|r| format!("{r:?}") == name).unwrap_or(Rule::Exact)
}

pub(crate) fn kind_of(name: &str) -> Kind {
    match name {
        "summary" => Kind::Summary,
        "aggregate" => Kind::Aggregate,
        _ => Kind::Event,
    }
}

pub(crate) fn precision_of(name: &str) -> Option<Precision> {
    [Precision::Day, Precision::Week, Precision::Month, Precision::Year].into_iter().find(|p| p.as_str() == name)
}

pub(crate) fn list_of(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

const ENTRY_COLUMNS: &str = "e.id, e.document_id, e.revision_id, x.run_id, coalesce(d.url, r.origin), s.name,
    x.language, coalesce(e.evidence_text,
        CAST(substr(CAST(r.text AS BLOB), e.evidence_start + 1, e.evidence_end - e.evidence_start) AS TEXT)),
    x.created_at, e.local_id, e.kind, e.summarizes, e.derived_from, e.claimant, e.spokesperson, e.perpetrator,
    e.target, e.event_type, e.sub_event_type, e.weapon, e.province, e.district, e.place, e.lat, e.lon,
    e.geo_precision, e.killed_low, e.killed_best, e.killed_high, e.killed_rule, e.wounded_low, e.wounded_best,
    e.wounded_high, e.wounded_rule, e.captured_low, e.captured_best, e.captured_high, e.captured_rule, e.attacks,
    e.provinces, e.period, e.date_start, e.date_end, e.date_precision, e.evidence_start, e.evidence_end,
    e.date_basis, r.published, d.first_hash";

const ENTRY_FROM: &str = "FROM entries e
    JOIN extractions x ON x.id = e.extraction_id
    JOIN revisions r ON r.id = e.revision_id
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN sources s ON s.id = d.source_id";

impl crate::entry_row::EntryRow for Row<'_> {
    fn text(&self, i: usize) -> Result<Option<String>, Error> {
        Ok(self.get(i)?)
    }
    fn int(&self, i: usize) -> Result<Option<i64>, Error> {
        Ok(self.get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>, Error> {
        Ok(self.get(i)?)
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>, Error> {
        Ok(self.get(i)?)
    }
}

/// [`crate::entry_row::stored_entry`] as a row mapper: its own errors kept for after the query.
fn stored_entry(row: &Row<'_>) -> rusqlite::Result<Result<StoredEntry, Error>> {
    Ok(crate::entry_row::stored_entry(row))
}

impl SqliteStore {
    /// Spans and destroyed items of a page of entries: one query of each per 500 entries (ids as a JSON
    /// array, one bound parameter), not one per entry.
    fn fill_children(&self, entries: &mut [StoredEntry]) -> Result<(), Error> {
        let mut spans = self.conn.prepare_cached(
            "SELECT entry_id, field, start, \"end\" FROM spans
             WHERE entry_id IN (SELECT value FROM json_each(?1)) ORDER BY entry_id, field, start, \"end\"",
        )?;
        let mut destroyed = self.conn.prepare_cached(
            "SELECT entry_id, item, count FROM destroyed
             WHERE entry_id IN (SELECT value FROM json_each(?1)) ORDER BY entry_id, seq",
        )?;
        for chunk in entries.chunks_mut(500) {
            let index: std::collections::HashMap<i64, usize> =
                chunk.iter().enumerate().map(|(i, e)| (e.entry_id, i)).collect();
            let ids = serde_json::to_string(&chunk.iter().map(|e| e.entry_id).collect::<Vec<_>>())
                .unwrap_or_else(|_| "[]".into());
            let mut rows = spans.query([&ids])?;
            while let Some(row) = rows.next()? {
                let Some(&i) = index.get(&row.get::<_, i64>(0)?) else { continue };
                let field: String = row.get(1)?;
                let start: i64 = row.get(2)?;
                let end: i64 = row.get(3)?;
                chunk[i]
                    .entry
                    .spans
                    .entry(intern(&field))
                    .or_default()
                    .push(start.max(0) as usize..end.max(0) as usize);
            }
            let mut rows = destroyed.query([&ids])?;
            while let Some(row) = rows.next()? {
                let Some(&i) = index.get(&row.get::<_, i64>(0)?) else { continue };
                chunk[i].entry.destroyed.push(Destroyed { item: row.get(1)?, count: row.get(2)? });
            }
        }
        Ok(())
    }

    /// Entries (current or not) meeting `condition` over `entries e`, with their spans and destroyed items:
    /// what an incremental link loads, a block or a few documents at a time.
    pub(crate) fn entries_where(&self, condition: &str, values: &[SqlValue]) -> Result<Vec<StoredEntry>, Error> {
        let sql = format!("SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE {condition}");
        let mut entries: Vec<StoredEntry> = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(values.iter()), stored_entry)?;
            rows.collect::<Result<Result<_, _>, _>>()??
        };
        self.fill_children(&mut entries)?;
        Ok(entries)
    }

    fn document_summary(&self, id: i64) -> Result<Option<DocumentSummary>, Error> {
        let sql = format!("{DOCUMENT_SELECT} WHERE d.id = ?1");
        Ok(self.conn.prepare_cached(&sql)?.query_row([id], document_row).optional()?)
    }

    /// [`Storage::count_events`].
    pub(crate) fn count_events(&self, q: &EventQuery) -> Result<i64, Error> {
        let (clauses, values) = event_filters(q);
        let sql = format!("SELECT count(*) FROM entries e{clauses}");
        Ok(self.conn.prepare_cached(&sql)?.query_row(params_from_iter(values), |r| r.get(0))?)
    }

    /// [`Storage::tally_events`].
    pub(crate) fn tally_events(&self, by: TallyBy, q: &EventQuery) -> Result<Vec<Tally>, Error> {
        let (clauses, values) = event_filters(q);
        // The column name comes from the enum, never from the caller.
        let column = match by {
            TallyBy::Claimant => "claimant",
            TallyBy::Province => "province",
            TallyBy::Perpetrator => "perpetrator",
        };
        // Without a selective filter, the covering tally index (kind, dates, keys, figures) answers alone.
        let (from, kind) =
            if selective(q) { ("entries e", "+e.kind") } else { ("entries e INDEXED BY entries_tally", "e.kind") };
        let sql = format!(
            "SELECT e.{column}, count(*), sum(coalesce(e.killed_best, e.killed_low, 0)),
                sum(coalesce(e.wounded_best, e.wounded_low, 0))
             FROM {from}{clauses} AND {kind} = 'event'
             GROUP BY e.{column} ORDER BY count(*) DESC, e.{column}"
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), |r| {
            Ok(Tally { key: r.get(0)?, entries: r.get(1)?, killed: r.get(2)?, wounded: r.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// ` WHERE …` over `entries e` for the filters of `q` (not its paging), and their values. Fixed SQL fragments;
/// every user value is a bound parameter. Each filter has an index in the listing order (schema v3).
fn event_filters(q: &EventQuery) -> (String, Vec<SqlValue>) {
    let mut sql = String::from(" WHERE e.current = 1");
    let mut values = Vec::new();
    let mut filter = |clause: &str, value: &Option<String>, times: usize| {
        if let Some(v) = value {
            sql.push_str(clause);
            for _ in 0..times {
                values.push(SqlValue::Text(v.clone()));
            }
        }
    };
    filter(" AND e.province = ?", &q.province, 1);
    filter(" AND e.district = ?", &q.district, 1);
    filter(" AND e.claimant = ?", &q.claimant, 1);
    filter(" AND (e.perpetrator = ? OR e.target = ?)", &q.actor, 2);
    filter(" AND (e.event_type = ? OR e.sub_event_type = ?)", &q.event_type, 2);
    // `+` keeps SQLite off the kind index (three values) when a selective filter has its own index.
    filter(if selective(q) { " AND +e.kind = ?" } else { " AND e.kind = ?" }, &q.kind, 1);
    filter(" AND e.date_end >= ?", &q.since, 1);
    filter(" AND e.date_start <= ?", &q.until, 1);
    if let Some(id) = q.document_id {
        sql.push_str(" AND e.document_id = ?");
        values.push(SqlValue::Integer(id));
    }
    (sql, values)
}

/// Whether `q` has a filter more selective than its kind and dates (one with its own index, schema v3).
fn selective(q: &EventQuery) -> bool {
    [&q.province, &q.district, &q.claimant, &q.actor, &q.event_type].iter().any(|v| v.is_some())
        || q.document_id.is_some()
}

const DOCUMENT_SELECT: &str = "SELECT d.id, d.first_hash, d.url, r.origin, s.name, r.title, r.published,
    (SELECT count(*) FROM revisions WHERE document_id = d.id),
    (SELECT count(*) FROM entries WHERE document_id = d.id AND current = 1)
    FROM documents d
    JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE document_id = d.id)
    LEFT JOIN sources s ON s.id = d.source_id";

fn document_row(row: &Row<'_>) -> rusqlite::Result<DocumentSummary> {
    let hash: Vec<u8> = row.get(1)?;
    Ok(DocumentSummary {
        id: row.get(0)?,
        hash: hash.iter().take(8).map(|b| format!("{b:02x}")).collect(),
        url: row.get(2)?,
        origin: row.get(3)?,
        source: row.get(4)?,
        title: row.get(5)?,
        published: row.get(6)?,
        revisions: row.get(7)?,
        entries: row.get(8)?,
    })
}

impl Storage for SqliteStore {
    fn schema_version(&mut self) -> Result<i64, Error> {
        SqliteStore::schema_version(self)
    }

    /// Every store of entries (ingest, re-extraction) adds an extraction row, and old entries are retired only
    /// then: the last extraction's id.
    fn generation(&mut self) -> Result<i64, Error> {
        Ok(self.conn.prepare_cached("SELECT coalesce(max(id), 0) FROM extractions")?.query_row([], |r| r.get(0))?)
    }

    fn count_events(&mut self, query: &EventQuery) -> Result<i64, Error> {
        SqliteStore::count_events(self, query)
    }

    fn entry_document(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT document_id FROM entries WHERE id = ?1")?
            .query_row([entry_id], |r| r.get(0))
            .optional()?)
    }

    fn document_of_hash(&mut self, hash: &ContentHash) -> Result<Option<i64>, Error> {
        Ok(self
            .conn
            .prepare_cached("SELECT document_id FROM revisions WHERE content_hash = ?1")?
            .query_row([&hash.0[..]], |r| r.get(0))
            .optional()?)
    }

    fn tally_events(&mut self, by: TallyBy, query: &EventQuery) -> Result<Vec<Tally>, Error> {
        SqliteStore::tally_events(self, by, query)
    }

    fn link_state(&mut self) -> Result<LinkState, Error> {
        SqliteStore::link_state(self)
    }

    fn ensure_linked(&mut self) -> Result<Option<RelinkSummary>, Error> {
        SqliteStore::ensure_linked(self)
    }

    fn relink(&mut self, config: &Config) -> Result<RelinkSummary, Error> {
        SqliteStore::relink(self, config)
    }

    fn incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        SqliteStore::incidents(self, only)
    }

    fn linked_incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        SqliteStore::linked_incidents(self, only)
    }

    fn incident_of(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        SqliteStore::incident_of(self, entry_id)
    }

    fn incident_links(&mut self, incident: i64) -> Result<Vec<StoredLink>, Error> {
        SqliteStore::incident_links(self, incident)
    }

    fn split(&mut self, entry_id: i64) -> Result<bool, Error> {
        SqliteStore::split(self, entry_id)
    }

    fn merge(&mut self, a: i64, b: i64) -> Result<bool, Error> {
        SqliteStore::merge(self, a, b)
    }

    fn tally_incidents(&mut self, query: &TallyQuery) -> Result<Vec<IncidentTally>, Error> {
        SqliteStore::tally_incidents(self, query)
    }

    fn run(&mut self, info: &RunInfo) -> Result<RunId, Error> {
        self.conn.execute(
            "INSERT INTO extraction_runs (extractor, extractor_version, vocabulary, gazetteer, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            params![info.extractor, info.extractor_version, info.vocabulary, info.gazetteer, now()],
        )?;
        let id = self.conn.query_row(
            "SELECT id FROM extraction_runs
             WHERE extractor = ?1 AND extractor_version = ?2 AND vocabulary = ?3 AND gazetteer = ?4",
            params![info.extractor, info.extractor_version, info.vocabulary, info.gazetteer],
            |r| r.get(0),
        )?;
        Ok(RunId(id))
    }

    fn begin_ingest(&mut self) -> Result<i64, Error> {
        self.conn.execute("INSERT INTO ingests (started_at) VALUES (?1)", [now()])?;
        Ok(self.conn.last_insert_rowid())
    }

    fn finish_ingest(&mut self, ingest: i64, s: &IngestSummary) -> Result<(), Error> {
        self.conn.execute(
            "UPDATE ingests SET finished_at = ?2, documents = ?3, added = ?4, duplicates = ?5, failed = ?6
             WHERE id = ?1",
            params![ingest, now(), s.documents, s.revisions_added, s.duplicates, s.failed],
        )?;
        Ok(())
    }

    fn known(&mut self, hashes: &[ContentHash]) -> Result<Vec<bool>, Error> {
        let mut stmt = self.conn.prepare_cached("SELECT 1 FROM revisions WHERE content_hash = ?1")?;
        hashes.iter().map(|h| Ok(stmt.exists([&h.0[..]])?)).collect()
    }

    fn store_batch(
        &mut self,
        run: RunId,
        ingest: i64,
        documents: &[Prepared],
        failures: &[IngestFailure],
    ) -> Result<BatchOutcome, Error> {
        let at = now();
        let tx = self.write()?;
        let mut outcome = BatchOutcome::default();
        for doc in documents {
            let exists =
                tx.prepare_cached("SELECT 1 FROM revisions WHERE content_hash = ?1")?.exists([&doc.hash.0[..]])?;
            if exists {
                outcome.duplicates += 1;
                continue;
            }
            let source = source_id(&tx, &doc.source)?;
            let existing: Option<i64> = match &doc.url {
                Some(url) => tx
                    .prepare_cached("SELECT id FROM documents WHERE url = ?1")?
                    .query_row([url], |r| r.get(0))
                    .optional()?,
                None => None,
            };
            let (document_id, number) = match existing {
                Some(id) => {
                    let number: i64 = tx
                        .prepare_cached("SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE document_id = ?1")?
                        .query_row([id], |r| r.get(0))?;
                    retire(&tx, id)?;
                    (id, number)
                }
                None => {
                    tx.prepare_cached(
                        "INSERT INTO documents (url, source_id, first_hash, created_at) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![doc.url, source, &doc.hash.0[..], at])?;
                    outcome.documents_added += 1;
                    (tx.last_insert_rowid(), 1)
                }
            };
            tx.prepare_cached(
                "INSERT INTO revisions (document_id, number, content_hash, origin, media_type, title, published,
                    language, raw, text, ingested_at, date_fallback, date_fallback_basis)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )?
            .execute(params![
                document_id,
                number,
                &doc.hash.0[..],
                doc.origin,
                doc.media_type,
                doc.title,
                doc.published,
                doc.declared_language,
                doc.raw,
                doc.text,
                at,
                doc.date_fallback.map(|f| f.day.to_string()),
                doc.date_fallback.map(|f| f.basis.as_str()),
            ])?;
            let revision_id = tx.last_insert_rowid();
            outcome.revisions_added += 1;
            let x = Extracted {
                revision_id,
                document_id,
                extraction: &doc.extraction,
                text: &doc.text,
                fallback: doc.date_fallback,
            };
            outcome.entries_added += insert_extraction(&tx, run, &x, at)?;
        }
        for f in failures {
            tx.prepare_cached("INSERT INTO ingest_errors (ingest_id, origin, line, reason) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![ingest, f.origin, f.line.map(|l| l as i64), f.reason])?;
        }
        tx.commit()?;
        Ok(outcome)
    }

    fn pending(&mut self, run: RunId, limit: usize) -> Result<Vec<StoredRevision>, Error> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT r.id, r.document_id, r.published, r.language, r.text, r.date_fallback, r.date_fallback_basis
             FROM revisions r
             WHERE r.id = (SELECT max(id) FROM revisions WHERE document_id = r.document_id)
               AND NOT EXISTS (SELECT 1 FROM extractions x WHERE x.revision_id = r.id AND x.run_id = ?1)
             ORDER BY r.id LIMIT ?2",
        )?;
        let rows = stmt.query_map(params![run.0, limit as i64], |r| {
            let day: Option<String> = r.get(5)?;
            let basis: Option<String> = r.get(6)?;
            let date_fallback = match (day.and_then(|d| d.parse().ok()), basis.as_deref().and_then(DateBasis::parse)) {
                (Some(day), Some(basis)) => Some(DateFallback { day, basis }),
                _ => None,
            };
            Ok(StoredRevision {
                revision_id: r.get(0)?,
                document_id: r.get(1)?,
                published: r.get(2)?,
                date_fallback,
                declared_language: r.get(3)?,
                text: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn store_extractions(&mut self, run: RunId, extractions: &[(StoredRevision, Extraction)]) -> Result<u64, Error> {
        let at = now();
        let tx = self.write()?;
        let mut entries = 0;
        for (rev, extraction) in extractions {
            retire(&tx, rev.document_id)?;
            let x = Extracted {
                revision_id: rev.revision_id,
                document_id: rev.document_id,
                extraction,
                text: &rev.text,
                fallback: rev.date_fallback,
            };
            entries += insert_extraction(&tx, run, &x, at)?;
        }
        tx.commit()?;
        Ok(entries)
    }

    fn events(&mut self, q: &EventQuery) -> Result<Vec<StoredEntry>, Error> {
        let (clauses, mut values) = event_filters(q);
        let mut sql = format!("SELECT {ENTRY_COLUMNS} {ENTRY_FROM}{clauses}");
        // Keyset paging: a range of the (filter, date_start, id) index, however deep the page.
        match &q.after {
            None => {}
            Some(EventKey { date_start: None, entry_id }) => {
                sql.push_str(" AND (e.date_start IS NOT NULL OR e.id > ?)");
                values.push(SqlValue::Integer(*entry_id));
            }
            Some(EventKey { date_start: Some(day), entry_id }) => {
                sql.push_str(" AND (e.date_start, e.id) > (?, ?)");
                values.push(SqlValue::Text(day.clone()));
                values.push(SqlValue::Integer(*entry_id));
            }
        }
        sql.push_str(" ORDER BY e.date_start, e.id LIMIT ? OFFSET ?");
        values.push(SqlValue::Integer(q.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64)));
        values.push(SqlValue::Integer(q.offset.min(i64::MAX as u64) as i64));
        let mut entries: Vec<StoredEntry> = {
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params_from_iter(values), stored_entry)?;
            rows.collect::<Result<Result<_, _>, _>>()??
        };
        self.fill_children(&mut entries)?;
        Ok(entries)
    }

    fn documents(&mut self, q: &DocumentQuery) -> Result<Vec<DocumentSummary>, Error> {
        let mut sql = DOCUMENT_SELECT.to_string();
        let mut values: Vec<SqlValue> = Vec::new();
        if let Some(source) = &q.source {
            sql.push_str(" WHERE s.name = ?");
            values.push(SqlValue::Text(source.clone()));
        }
        sql.push_str(" ORDER BY d.id LIMIT ? OFFSET ?");
        values.push(SqlValue::Integer(q.limit.map_or(-1, |l| l.min(i64::MAX as u64) as i64)));
        values.push(SqlValue::Integer(q.offset.min(i64::MAX as u64) as i64));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(values), document_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn document(&mut self, id: i64) -> Result<Option<DocumentDetail>, Error> {
        let Some(summary) = self.document_summary(id)? else { return Ok(None) };
        let mut revisions: Vec<RevisionSummary> = {
            let mut stmt = self.conn.prepare_cached(
                "SELECT id, number, content_hash, origin, media_type, ingested_at FROM revisions
                 WHERE document_id = ?1 ORDER BY number",
            )?;
            let rows = stmt.query_map([id], |r| {
                let hash: Vec<u8> = r.get(2)?;
                Ok(RevisionSummary {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    hash: hash.iter().take(8).map(|b| format!("{b:02x}")).collect(),
                    origin: r.get(3)?,
                    media_type: r.get(4)?,
                    ingested_at: r.get(5)?,
                    runs: Vec::new(),
                })
            })?;
            rows.collect::<Result<_, _>>()?
        };
        {
            let mut runs = self.conn.prepare_cached(
                "SELECT x.run_id, er.extractor_version || '+' || er.vocabulary || '+' || er.gazetteer,
                    (SELECT count(*) FROM entries WHERE extraction_id = x.id)
                 FROM extractions x JOIN extraction_runs er ON er.id = x.run_id
                 WHERE x.revision_id = ?1 ORDER BY x.id",
            )?;
            for rev in &mut revisions {
                rev.runs =
                    runs.query_map([rev.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<Result<_, _>>()?;
            }
        }
        let (text, language): (String, Option<String>) = self.conn.query_row(
            "SELECT r.text, (SELECT language FROM extractions WHERE revision_id = r.id ORDER BY id DESC LIMIT 1)
             FROM revisions r WHERE r.document_id = ?1 ORDER BY r.number DESC LIMIT 1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let entries = self.events(&EventQuery { document_id: Some(id), ..EventQuery::default() })?;
        let mut entries = entries;
        entries.sort_by_key(|e| e.entry_id);
        Ok(Some(DocumentDetail { summary, revisions, language, text, entries }))
    }

    fn tally(&mut self, by: TallyBy) -> Result<Vec<Tally>, Error> {
        self.tally_events(by, &EventQuery::default())
    }

    fn ingest_failures(&mut self, ingest: Option<i64>) -> Result<Vec<IngestFailure>, Error> {
        let id: Option<i64> = match ingest {
            Some(id) => Some(id),
            None => self.conn.query_row("SELECT max(id) FROM ingests", [], |r| r.get(0))?,
        };
        let mut stmt = self
            .conn
            .prepare_cached("SELECT origin, line, reason FROM ingest_errors WHERE ingest_id = ?1 ORDER BY id")?;
        let rows = stmt.query_map([id], |r| {
            Ok(IngestFailure {
                origin: r.get(0)?,
                line: r.get::<_, Option<i64>>(1)?.map(|l| l as u64),
                reason: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn watch_source(&mut self, location: &str, kind: &str) -> Result<WatchedSource, Error> {
        self.conn.prepare_cached(sql::INSERT_SOURCE)?.execute(params![location, kind, now()])?;
        Ok(self.conn.prepare_cached(sql::SOURCE)?.query_row([location], |r| {
            Ok(WatchedSource { id: r.get(0)?, validators: Validators { etag: r.get(1)?, last_modified: r.get(2)? } })
        })?)
    }

    fn seen_items(&mut self, source: i64, items: &[String]) -> Result<Vec<Option<SeenItem>>, Error> {
        let mut stmt = self.conn.prepare_cached(sql::SEEN_ITEM)?;
        let mut seen = Vec::with_capacity(items.len());
        for item in items {
            let row = stmt
                .query_row(params![source, item], |r| {
                    Ok(SeenItem {
                        hash: watched::hash_of(&r.get::<_, Vec<u8>>(0)?),
                        validators: Validators { etag: r.get(1)?, last_modified: r.get(2)? },
                        failures: r.get(3)?,
                    })
                })
                .optional()?;
            seen.push(row);
        }
        Ok(seen)
    }

    fn record_fetches(&mut self, source: i64, fetches: &[FetchRecord]) -> Result<(), Error> {
        let tx = self.write()?;
        for f in fetches {
            tx.prepare_cached(sql::INSERT_FETCH)?.execute(params![
                source,
                f.item,
                f.at,
                f.status.as_str(),
                f.http_status.map(i64::from),
                f.bytes.map(watched::count),
                f.error
            ])?;
            let failed = i64::from(f.status == FetchStatus::Failed);
            tx.prepare_cached(sql::UPSERT_ITEM)?.execute(params![
                source,
                f.item,
                &f.hash[..],
                f.validators.etag,
                f.validators.last_modified,
                failed,
                f.at
            ])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn record_poll(&mut self, source: i64, poll: &PollRecord) -> Result<(), Error> {
        let tx = self.write()?;
        tx.prepare_cached(sql::INSERT_POLL)?.execute(params![
            source,
            poll.started_at,
            poll.finished_at,
            poll.status.as_str(),
            watched::count(poll.items),
            watched::count(poll.fetched),
            watched::count(poll.stored),
            poll.error
        ])?;
        if poll.status != PollStatus::Failed {
            let v = &poll.validators;
            tx.prepare_cached(sql::KEEP_VALIDATORS)?.execute(params![v.etag, v.last_modified, source])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn source_reports(&mut self) -> Result<Vec<SourceReport>, Error> {
        let mut reports = Vec::new();
        let mut stmt = self.conn.prepare_cached(sql::REPORTS)?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                SourceReport {
                    location: r.get(1)?,
                    kind: r.get(2)?,
                    polls: r.get(3)?,
                    last_success: r.get(4)?,
                    last_error: None,
                    items: r.get(5)?,
                    stored: r.get(6)?,
                    failed_fetches: r.get(7)?,
                },
            ))
        })?;
        for row in rows {
            let (id, mut report) = row?;
            let mut errors = self.conn.prepare_cached(sql::LAST_ERRORS)?;
            let found = errors.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<Result<Vec<_>, _>>()?;
            report.last_error = watched::latest_error(found);
            reports.push(report);
        }
        Ok(reports)
    }
}
