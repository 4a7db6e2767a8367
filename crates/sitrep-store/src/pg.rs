//! [`Storage`] on PostgreSQL (issue 16): a newsroom's shared store. The same semantics as
//! [`crate::SqliteStore`]: documents idempotent by content hash under concurrent writers (unique constraints and
//! `ON CONFLICT DO NOTHING`, where SQLite's writers wait their turn), revisions, runs never overwritten, one
//! transaction per batch, and one link at a time across processes (an advisory lock). Entries read back are
//! the same [`StoredEntry`] values SQLite returns; incidents are linked by the same pure linker.
//!
//! The module is `pg`, not `postgres`, so that its name does not shadow the client crate's.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{SystemTime, UNIX_EPOCH};

use postgres::error::SqlState;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Transaction};
use sitrep_extract::{Count, Destroyed, Entry, Extraction};
use sitrep_reconcile::{facts, link, Anchor, Basis, Config, IncidentFacts, LinkEntry, Linking};

use crate::pg_schema::MIGRATIONS;
use crate::reconcile::{
    bucket_sums, disagreements_json, features_json, recorded_decision, resolve_recorded, BucketKey, BucketSums,
};
use crate::sqlite::{intern, json_list};
use crate::storage::{
    BatchOutcome, ContentHash, DocumentDetail, DocumentQuery, DocumentSummary, EventKey, EventQuery, IngestFailure,
    Prepared, RevisionSummary, RunId, RunInfo, Storage, StoredEntry, StoredRevision, Tally, TallyBy,
};
use crate::watched::{self, sql};
use crate::{
    link_entry, DateBasis, DateFallback, Error, FetchRecord, FetchStatus, FigureSum, IncidentTally, IngestSummary,
    LinkState, PollRecord, PollStatus, RelinkSummary, SeenItem, SourceReport, StoredIncident, StoredLink, TallyQuery,
    Validators, WatchedSource,
};

/// Advisory lock keys (`pg_advisory_xact_lock`): migrations, and linking. Arbitrary, fixed numbers ("sitrep"
/// in ASCII, then 1 and 2), so that other applications on the same server are unlikely to take them.
const MIGRATE_LOCK: i64 = 0x7369_7472_6570_0001;
const LINK_LOCK: i64 = 0x7369_7472_6570_0002;

/// How often a batch is tried again when the server aborts it to break a deadlock between two writers
/// (each waiting on a row the other inserted, in other orders).
const RETRIES: usize = 5;

/// A PostgreSQL database holding sitrep's store.
pub struct PgStore {
    client: Client,
    /// Statements prepared on this connection, by their SQL: a query is then one round trip, not two, and is
    /// not parsed again (a server answers hundreds a second).
    statements: Statements,
}

/// Prepared statements by SQL; emptied past `MAX_STATEMENTS` (the filters' combinations are few, but bounded
/// anyway).
#[derive(Default)]
struct Statements(HashMap<String, postgres::Statement>);

const MAX_STATEMENTS: usize = 512;

impl Statements {
    fn get(&mut self, c: &mut impl GenericClient, sql: &str) -> Result<postgres::Statement, Error> {
        if let Some(s) = self.0.get(sql) {
            return Ok(s.clone());
        }
        let statement = c.prepare(sql)?;
        if self.0.len() >= MAX_STATEMENTS {
            self.0.clear();
        }
        self.0.insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

type Param = Box<dyn ToSql + Sync>;

/// Parameters as the client takes them.
fn refs(values: &[Param]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| &**v as &(dyn ToSql + Sync)).collect()
}

/// A URL with its password hidden, to name a server in an error.
pub(crate) fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_string() };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    let authority = match authority.rsplit_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((name, _)) => format!("{name}:***@{host}"),
            None => format!("{user}@{host}"),
        },
        None => authority.to_string(),
    };
    if tail.is_empty() {
        format!("{scheme}://{authority}")
    } else {
        format!("{scheme}://{authority}/{tail}")
    }
}

impl PgStore {
    /// Connects to the server at `url` (`postgres://user@host:port/db`) and brings the schema up to date.
    pub fn open(url: &str) -> Result<PgStore, Error> {
        let mut store = PgStore::connect(url)?;
        store.migrate()?;
        Ok(store)
    }

    /// Connects to a database that already holds a sitrep store (what reading commands do: a mistyped
    /// database is an error, not a new empty store).
    pub fn open_existing(url: &str) -> Result<PgStore, Error> {
        let mut store = PgStore::connect(url)?;
        if store.version()? == 0 {
            // No sitrep schema in this database: as a SQLite file that is not there.
            return Err(Error::missing(std::path::Path::new(&redacted(url))));
        }
        store.migrate()?;
        Ok(store)
    }

    /// Runs a statement prepared once per connection.
    fn q(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        Ok(self.client.query(&statement, params)?)
    }

    fn q_one(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Row, Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        Ok(self.client.query_one(&statement, params)?)
    }

    fn q_opt(&mut self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Option<Row>, Error> {
        let statement = self.statements.get(&mut self.client, sql)?;
        Ok(self.client.query_opt(&statement, params)?)
    }

    /// The connection, for the copy of a SQLite store (`migrate.rs`).
    pub(crate) fn client_mut(&mut self) -> &mut Client {
        &mut self.client
    }

    fn connect(url: &str) -> Result<PgStore, Error> {
        let client = Client::connect(url, NoTls).map_err(|e| Error::connect(&redacted(url), e))?;
        Ok(PgStore { client, statements: Statements::default() })
    }

    /// The schema version applied (0: no sitrep store here).
    fn version(&mut self) -> Result<i64, Error> {
        version(&mut self.client)
    }

    /// Applies the missing migrations, under an advisory lock so that two processes opening a new database at
    /// once migrate it once.
    fn migrate(&mut self) -> Result<(), Error> {
        let known = MIGRATIONS.len() as i64;
        if self.version()? == known {
            return Ok(());
        }
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])?;
        tx.batch_execute("CREATE TABLE IF NOT EXISTS sitrep_schema (version BIGINT NOT NULL)")?;
        let version = version(&mut tx)?;
        if version > known {
            return Err(Error::schema(format!(
                "version {version} is newer than this sitrep knows ({known}); upgrade sitrep"
            )));
        }
        for sql in MIGRATIONS.iter().skip(version as usize) {
            tx.batch_execute(sql)?;
        }
        tx.execute("DELETE FROM sitrep_schema", &[])?;
        tx.execute("INSERT INTO sitrep_schema (version) VALUES ($1)", &[&known])?;
        tx.commit()?;
        Ok(())
    }

    /// Runs `write` in a transaction that stores entries, again when the server broke a deadlock or a
    /// serialization failure by aborting it (concurrent writers inserting the same documents in other orders).
    ///
    /// Writers of entries hold the link lock shared: a link (which takes it alone) waits for the batches in
    /// flight and the next ones wait for it, so that a link sees every entry whose id is below the largest it
    /// records (identities are handed out before commit, not in commit order).
    fn retrying<T>(&mut self, mut write: impl FnMut(&mut Transaction<'_>) -> Result<T, Error>) -> Result<T, Error> {
        let mut attempt = 0;
        loop {
            let mut tx = self.client.transaction()?;
            let result = tx.execute("SELECT pg_advisory_xact_lock_shared($1)", &[&LINK_LOCK]).map_err(Error::from);
            let result = result.and_then(|_| write(&mut tx)).and_then(|t| {
                tx.commit()?;
                Ok(t)
            });
            match result {
                Err(e) if attempt < RETRIES && e.retryable() => attempt += 1,
                result => return result,
            }
        }
    }
}

fn version(c: &mut impl GenericClient) -> Result<i64, Error> {
    let exists: bool = c.query_one("SELECT to_regclass('sitrep_schema') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    Ok(c.query_opt("SELECT version FROM sitrep_schema", &[])?.map_or(0, |r| r.get(0)))
}

impl Error {
    /// Whether PostgreSQL aborted the transaction to let another go on, or a batch met another writer's rows:
    /// trying it again may succeed.
    fn retryable(&self) -> bool {
        match self.kind() {
            crate::ErrorKind::Conflict => true,
            crate::ErrorKind::Postgres(e) => e
                .code()
                .is_some_and(|c| *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE),
            _ => false,
        }
    }
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// A stored integer as the type an entry holds; a value out of its range is named, not wrapped.
fn int<T: TryFrom<i64>>(row: &Row, i: usize, what: &str) -> Result<Option<T>, Error> {
    match row.try_get::<_, Option<i64>>(i)? {
        None => Ok(None),
        Some(v) => T::try_from(v).map(Some).map_err(|_| Error::schema(format!("{what} {v} out of range"))),
    }
}

/// The columns of a stored entry, in the order [`stored_entry`] reads them (those of `sqlite.rs`).
const ENTRY_COLUMNS: &str = "e.id, e.document_id, e.revision_id, x.run_id, coalesce(d.url, r.origin), s.name,
    x.language, e.evidence_text, x.created_at, e.local_id, e.kind, e.summarizes, e.derived_from, e.claimant,
    e.spokesperson, e.perpetrator, e.target, e.event_type, e.sub_event_type, e.weapon, e.province, e.district,
    e.place, e.lat, e.lon, e.geo_precision, e.killed_low, e.killed_best, e.killed_high, e.killed_rule,
    e.wounded_low, e.wounded_best, e.wounded_high, e.wounded_rule, e.captured_low, e.captured_best,
    e.captured_high, e.captured_rule, e.attacks, e.provinces, e.period, e.date_start, e.date_end,
    e.date_precision, e.evidence_start, e.evidence_end, e.date_basis, r.published, d.first_hash, e.spans";

const ENTRY_FROM: &str = "FROM entries e
    JOIN extractions x ON x.id = e.extraction_id
    JOIN revisions r ON r.id = e.revision_id
    JOIN documents d ON d.id = e.document_id
    LEFT JOIN sources s ON s.id = d.source_id";

impl crate::entry_row::EntryRow for Row {
    fn text(&self, i: usize) -> Result<Option<String>, Error> {
        Ok(self.try_get(i)?)
    }
    fn int(&self, i: usize) -> Result<Option<i64>, Error> {
        Ok(self.try_get(i)?)
    }
    fn real(&self, i: usize) -> Result<Option<f64>, Error> {
        Ok(self.try_get(i)?)
    }
    fn bytes(&self, i: usize) -> Result<Vec<u8>, Error> {
        Ok(self.try_get(i)?)
    }
}

/// A stored entry from its row ([`crate::entry_row::stored_entry`]), with the spans PostgreSQL keeps in a column.
fn stored_entry(row: &Row) -> Result<StoredEntry, Error> {
    let mut stored = crate::entry_row::stored_entry(row)?;
    stored.entry.spans = spans_of(row.try_get(49)?)?;
    Ok(stored)
}

/// An entry's spans as stored (`spans_json`), in SQLite's order: by field, then range.
fn spans_of(json: &str) -> Result<BTreeMap<&'static str, Vec<std::ops::Range<usize>>>, Error> {
    let triples: Vec<(String, usize, usize)> =
        serde_json::from_str(json).map_err(|e| Error::schema(format!("an entry's spans {json:?}: {e}")))?;
    let mut spans: BTreeMap<&'static str, Vec<std::ops::Range<usize>>> = BTreeMap::new();
    for (field, start, end) in triples {
        spans.entry(intern(&field)).or_default().push(start..end);
    }
    for ranges in spans.values_mut() {
        ranges.sort_by_key(|r| (r.start, r.end));
    }
    Ok(spans)
}

/// An entry's spans as a JSON array of `[field, start, end]`, each once (as SQLite's primary key keeps them).
fn spans_json(e: &Entry) -> String {
    let mut triples: Vec<(&str, usize, usize)> =
        e.spans.iter().flat_map(|(field, ranges)| ranges.iter().map(move |r| (*field, r.start, r.end))).collect();
    triples.sort_unstable();
    triples.dedup();
    serde_json::to_string(&triples).unwrap_or_else(|_| "[]".into())
}

/// Entries meeting `condition` (over `entries e`, with `$1…` bound to `values`), then `tail` (order, paging),
/// with their destroyed items.
fn entries_where(
    c: &mut impl GenericClient,
    st: &mut Statements,
    condition: &str,
    values: &[Param],
    tail: &str,
) -> Result<Vec<StoredEntry>, Error> {
    let sql = format!("SELECT {ENTRY_COLUMNS} {ENTRY_FROM} WHERE {condition}{tail}");
    let statement = st.get(c, &sql)?;
    let rows = c.query(&statement, &refs(values))?;
    let mut entries: Vec<StoredEntry> = rows.iter().map(stored_entry).collect::<Result<_, _>>()?;
    fill_children(c, st, &mut entries)?;
    Ok(entries)
}

/// Destroyed items of a page of entries: one query per 5,000 entries.
fn fill_children(c: &mut impl GenericClient, st: &mut Statements, entries: &mut [StoredEntry]) -> Result<(), Error> {
    for chunk in entries.chunks_mut(5000) {
        let index: HashMap<i64, usize> = chunk.iter().enumerate().map(|(i, e)| (e.entry_id, i)).collect();
        let ids: Vec<i64> = chunk.iter().map(|e| e.entry_id).collect();
        let statement =
            st.get(c, "SELECT entry_id, item, count FROM destroyed WHERE entry_id = ANY($1) ORDER BY entry_id, seq")?;
        let destroyed = c.query(&statement, &[&ids])?;
        for row in destroyed {
            let Some(&i) = index.get(&row.try_get::<_, i64>(0)?) else { continue };
            let count = int(&row, 2, "destroyed count")?;
            chunk[i].entry.destroyed.push(Destroyed { item: row.try_get(1)?, count });
        }
    }
    Ok(())
}

/// SQL with numbered parameters, built a filter at a time.
#[derive(Default)]
struct Query {
    sql: String,
    values: Vec<Param>,
}

impl Query {
    /// Binds a value; returns its placeholder.
    fn bind(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.values.push(Box::new(v));
        format!("${}", self.values.len())
    }
}

/// `e.current AND …` over `entries e` for the filters of `q` (not its paging). Fixed SQL fragments; every user
/// value is bound. The columns SQLite compares without case are compared by `lower()` (indexed).
fn event_filters(q: &EventQuery) -> Query {
    let mut out = Query { sql: String::from("e.current"), values: Vec::new() };
    let nocase = |out: &mut Query, columns: &[&str], value: &Option<String>| {
        if let Some(v) = value {
            let p = out.bind(v.clone());
            let any: Vec<String> = columns.iter().map(|c| format!("lower(e.{c}) = lower({p})")).collect();
            out.sql.push_str(&format!(" AND ({})", any.join(" OR ")));
        }
    };
    nocase(&mut out, &["province"], &q.province);
    nocase(&mut out, &["district"], &q.district);
    nocase(&mut out, &["claimant"], &q.claimant);
    nocase(&mut out, &["perpetrator", "target"], &q.actor);
    nocase(&mut out, &["event_type", "sub_event_type"], &q.event_type);
    if let Some(kind) = &q.kind {
        let p = out.bind(kind.clone());
        out.sql.push_str(&format!(" AND e.kind = {p}"));
    }
    if let Some(since) = &q.since {
        let p = out.bind(since.clone());
        out.sql.push_str(&format!(" AND e.date_end >= {p}"));
    }
    if let Some(until) = &q.until {
        let p = out.bind(until.clone());
        out.sql.push_str(&format!(" AND e.date_start <= {p}"));
    }
    if let Some(id) = q.document_id {
        let p = out.bind(id);
        out.sql.push_str(&format!(" AND e.document_id = {p}"));
    }
    out
}

/// SQLite's `NOCASE` order of a tally's keys: `None` first, then ASCII letters without case, then bytes.
fn nocase_cmp(a: &Option<String>, b: &Option<String>) -> std::cmp::Ordering {
    match (a, b) {
        (None, None) => std::cmp::Ordering::Equal,
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        (Some(a), Some(b)) => a.bytes().map(|c| c.to_ascii_lowercase()).cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
    }
}

/// A revision's extraction, to store.
struct Extracted<'a> {
    revision_id: i64,
    document_id: i64,
    extraction: &'a Extraction,
    text: &'a str,
    fallback: Option<DateFallback>,
    /// Cleared when a later revision of its document in the same batch retires it before it is written.
    current: bool,
}

/// `n` new ids of `table`'s identity, in order: rows written together by arrays get them in the order SQLite
/// would number them.
fn new_ids(tx: &mut Transaction<'_>, table: &str, n: usize) -> Result<Vec<i64>, Error> {
    let rows = tx.query(
        "SELECT nextval(pg_get_serial_sequence($1, 'id')) FROM generate_series(1, $2::bigint)",
        &[&table, &(n as i64)],
    )?;
    let mut ids: Vec<i64> = rows.iter().map(|r| r.try_get(0)).collect::<Result<_, _>>()?;
    ids.sort_unstable();
    Ok(ids)
}

/// The entries of a batch, column by column: written by one statement over arrays.
#[derive(Default)]
struct EntryColumns {
    /// id, extraction_id, document_id, revision_id, geo_precision, killed, wounded and captured low, best and
    /// high, attacks, evidence_start, evidence_end.
    ints: [Vec<Option<i64>>; 17],
    /// local_id, kind, summarizes, derived_from, claimant, spokesperson, perpetrator, target, event_type,
    /// sub_event_type, weapon, province, district, place, the three rules, provinces, period, date_start,
    /// date_end, date_precision, evidence_text, date_basis, spans.
    texts: [Vec<Option<String>>; 25],
    /// lat, lon.
    reals: [Vec<Option<f64>>; 2],
    current: Vec<bool>,
}

impl EntryColumns {
    fn push(&mut self, id: i64, extraction: i64, x: &Extracted<'_>, e: &Entry) {
        let count = |c: &Option<Count>| -> [Option<i64>; 3] {
            c.as_ref().map_or([None; 3], |c| [c.low.map(i64::from), c.best.map(i64::from), c.high.map(i64::from)])
        };
        let rule = |c: &Option<Count>| c.as_ref().map(|c| format!("{:?}", c.rule));
        let [kl, kb, kh] = count(&e.killed);
        let [wl, wb, wh] = count(&e.wounded);
        let [cl, cb, ch] = count(&e.captured);
        let ints = [
            Some(id),
            Some(extraction),
            Some(x.document_id),
            Some(x.revision_id),
            e.location.geo_precision.map(i64::from),
            kl,
            kb,
            kh,
            wl,
            wb,
            wh,
            cl,
            cb,
            ch,
            e.attacks.map(i64::from),
            Some(e.evidence.start as i64),
            Some(e.evidence.end as i64),
        ];
        // `text[evidence]`, kept on the entry so that listings never read the document's text.
        let evidence = x.text.as_bytes().get(e.evidence.clone()).unwrap_or_default();
        let texts = [
            Some(e.id.clone()),
            Some(e.kind.as_str().to_string()),
            Some(json_list(&e.summarizes)),
            Some(json_list(&e.derived_from)),
            e.claimant.clone(),
            e.spokesperson.clone(),
            e.perpetrator.clone(),
            e.target.clone(),
            e.event_type.clone(),
            e.sub_event_type.clone(),
            e.weapon.clone(),
            e.location.province.clone(),
            e.location.district.clone(),
            e.location.place.clone(),
            rule(&e.killed),
            rule(&e.wounded),
            rule(&e.captured),
            Some(json_list(&e.provinces)),
            e.period.clone(),
            e.date.map(|d| d.start.to_string()),
            e.date.map(|d| d.end.to_string()),
            e.date.map(|d| d.precision.as_str().to_string()),
            Some(String::from_utf8_lossy(evidence).into_owned()),
            x.fallback.filter(|f| f.dated(e)).map(|f| f.basis.as_str().to_string()),
            Some(spans_json(e)),
        ];
        for (column, v) in self.ints.iter_mut().zip(ints) {
            column.push(v);
        }
        for (column, v) in self.texts.iter_mut().zip(texts) {
            column.push(v);
        }
        self.reals[0].push(e.location.lat);
        self.reals[1].push(e.location.lon);
        self.current.push(x.current);
    }
}

const INSERT_ENTRIES: &str = "INSERT INTO entries (id, extraction_id, document_id, revision_id, geo_precision,
        killed_low, killed_best, killed_high, wounded_low, wounded_best, wounded_high,
        captured_low, captured_best, captured_high, attacks, evidence_start, evidence_end,
        local_id, kind, summarizes, derived_from, claimant, spokesperson, perpetrator, target, event_type,
        sub_event_type, weapon, province, district, place, killed_rule, wounded_rule, captured_rule, provinces,
        period, date_start, date_end, date_precision, evidence_text, date_basis, spans, lat, lon, current)
     SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
        $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
        $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[], $18::text[], $19::text[], $20::text[],
        $21::text[], $22::text[], $23::text[], $24::text[], $25::text[], $26::text[], $27::text[], $28::text[],
        $29::text[], $30::text[], $31::text[], $32::text[], $33::text[], $34::text[], $35::text[], $36::text[],
        $37::text[], $38::text[], $39::text[], $40::text[], $41::text[], $42::text[], $43::float8[],
        $44::float8[], $45::boolean[])";

/// Writes extractions with their entries (and their spans) and destroyed items: a statement per table,
/// however many.
/// Returns the number of entries.
fn insert_extractions(
    tx: &mut Transaction<'_>,
    run: RunId,
    xs: &[Extracted<'_>],
    created_at: i64,
) -> Result<u64, Error> {
    if xs.is_empty() {
        return Ok(0);
    }
    let extraction_ids = new_ids(tx, "extractions", xs.len())?;
    let revisions: Vec<i64> = xs.iter().map(|x| x.revision_id).collect();
    let documents: Vec<i64> = xs.iter().map(|x| x.document_id).collect();
    let languages: Vec<&str> = xs.iter().map(|x| x.extraction.language.code()).collect();
    let diagnostics: Vec<String> = xs
        .iter()
        .map(|x| json_list(&x.extraction.diagnostics.iter().map(|d| d.message.clone()).collect::<Vec<_>>()))
        .collect();
    let current: Vec<bool> = xs.iter().map(|x| x.current).collect();
    tx.execute(
        "INSERT INTO extractions (id, revision_id, run_id, document_id, language, diagnostics, created_at, current)
         SELECT i, r, $3, d, l, g, $7, c
         FROM unnest($1::bigint[], $2::bigint[], $4::bigint[], $5::text[], $6::text[], $8::boolean[])
             AS t(i, r, d, l, g, c)",
        &[&extraction_ids, &revisions, &run.0, &documents, &languages, &diagnostics, &created_at, &current],
    )?;
    let total: usize = xs.iter().map(|x| x.extraction.entries.len()).sum();
    let entry_ids = new_ids(tx, "entries", total)?;
    let mut columns = EntryColumns::default();
    let (mut d_entries, mut d_seqs, mut d_items, mut d_counts) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut ids = entry_ids.iter().copied();
    for (x, &extraction) in xs.iter().zip(&extraction_ids) {
        for e in &x.extraction.entries {
            let Some(id) = ids.next() else { return Err(Error::schema("fewer entry ids than entries".into())) };
            columns.push(id, extraction, x, e);
            for (seq, d) in e.destroyed.iter().enumerate() {
                d_entries.push(id);
                d_seqs.push(seq as i64);
                d_items.push(d.item.clone());
                d_counts.push(d.count.map(i64::from));
            }
        }
    }
    if total > 0 {
        let mut params: Vec<&(dyn ToSql + Sync)> = Vec::with_capacity(45);
        params.extend(columns.ints.iter().map(|c| c as &(dyn ToSql + Sync)));
        params.extend(columns.texts.iter().map(|c| c as &(dyn ToSql + Sync)));
        params.extend(columns.reals.iter().map(|c| c as &(dyn ToSql + Sync)));
        params.push(&columns.current);
        tx.execute(INSERT_ENTRIES, &params)?;
    }
    if !d_entries.is_empty() {
        tx.execute(
            "INSERT INTO destroyed (entry_id, seq, item, count)
             SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[])",
            &[&d_entries, &d_seqs, &d_items, &d_counts],
        )?;
    }
    Ok(total as u64)
}

/// Marks every extraction and entry of a document as no longer current: those stored, and those of this
/// batch still to be written.
fn retire(tx: &mut Transaction<'_>, document_id: i64, pending: &mut [Extracted<'_>]) -> Result<(), Error> {
    tx.execute("UPDATE extractions SET current = false WHERE document_id = $1 AND current", &[&document_id])?;
    tx.execute("UPDATE entries SET current = false WHERE document_id = $1 AND current", &[&document_id])?;
    for x in pending.iter_mut().filter(|x| x.document_id == document_id) {
        x.current = false;
    }
    Ok(())
}

/// Stores the revisions of `docs` (texts not stored yet, each once) by arrays: new documents, and new
/// revisions of the URLs known or new in the batch, numbered and retiring what they replace, ids in the
/// documents' order. `None` when another writer stored one of them meanwhile: the caller rolls back and
/// stores the batch a document at a time.
fn store_documents<'a>(
    tx: &mut Transaction<'_>,
    docs: &[&'a Prepared],
    at: i64,
    outcome: &mut BatchOutcome,
) -> Result<Option<Vec<Extracted<'a>>>, Error> {
    if docs.is_empty() {
        return Ok(Some(Vec::new()));
    }
    // Sources first, in the order they appear, as the one-at-a-time path numbers them.
    let mut names: Vec<&str> = Vec::new();
    for d in docs {
        if let Some(n) = d.source.as_deref() {
            if !names.contains(&n) {
                names.push(n);
            }
        }
    }
    let mut sources: HashMap<String, i64> = HashMap::new();
    if !names.is_empty() {
        tx.execute(
            "INSERT INTO sources (name) SELECT n FROM unnest($1::text[]) WITH ORDINALITY AS t(n, o) ORDER BY o
             ON CONFLICT (name) DO NOTHING",
            &[&names],
        )?;
        for r in tx.query("SELECT name, id FROM sources WHERE name = ANY($1)", &[&names])? {
            sources.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    // The documents of the URLs known, locked: two writers adding revisions of one URL number them in turn.
    let urls: Vec<&str> = docs.iter().filter_map(|d| d.url.as_deref()).collect();
    let mut by_url: HashMap<String, i64> = HashMap::new();
    let mut numbers: HashMap<i64, i64> = HashMap::new();
    if !urls.is_empty() {
        for r in tx.query("SELECT url, id FROM documents WHERE url = ANY($1) ORDER BY id FOR UPDATE", &[&urls])? {
            by_url.insert(r.try_get(0)?, r.try_get(1)?);
        }
        let known: Vec<i64> = by_url.values().copied().collect();
        if !known.is_empty() {
            let rows = tx.query(
                "SELECT document_id, max(number) FROM revisions WHERE document_id = ANY($1) GROUP BY document_id",
                &[&known],
            )?;
            for r in rows {
                numbers.insert(r.try_get(0)?, r.try_get(1)?);
            }
        }
    }
    let new_documents = docs.iter().enumerate().filter(|(i, d)| match &d.url {
        None => true,
        Some(u) => !by_url.contains_key(u) && !docs[..*i].iter().any(|e| e.url.as_deref() == Some(u)),
    });
    let new_documents: Vec<usize> = new_documents.map(|(i, _)| i).collect();
    let document_ids = new_ids(tx, "documents", new_documents.len())?;
    let revision_ids = new_ids(tx, "revisions", docs.len())?;
    // Each document's id and its revision's number, in the batch's order.
    let mut placed: Vec<(i64, i64)> = Vec::with_capacity(docs.len());
    let mut new_ids_iter = new_documents.iter().zip(&document_ids).peekable();
    let mut retired: Vec<i64> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        let id = match new_ids_iter.peek() {
            Some(&(&n, &id)) if n == i => {
                new_ids_iter.next();
                if let Some(u) = &d.url {
                    by_url.insert(u.clone(), id);
                }
                numbers.insert(id, 0);
                id
            }
            _ => {
                let Some(&id) = d.url.as_ref().and_then(|u| by_url.get(u)) else {
                    return Err(Error::schema("a revision of an unknown URL".into()));
                };
                retired.push(id);
                id
            }
        };
        let number = numbers.entry(id).or_insert(0);
        *number += 1;
        placed.push((id, *number));
    }
    if !new_documents.is_empty() {
        let urls: Vec<Option<&str>> = new_documents.iter().map(|&i| docs[i].url.as_deref()).collect();
        let source_ids: Vec<Option<i64>> =
            new_documents.iter().map(|&i| docs[i].source.as_ref().and_then(|n| sources.get(n).copied())).collect();
        let hashes: Vec<&[u8]> = new_documents.iter().map(|&i| &docs[i].hash.0[..]).collect();
        let inserted = tx.query(
            "INSERT INTO documents (id, url, source_id, first_hash, created_at)
             SELECT i, u, s, h, $5 FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bytea[]) AS t(i, u, s, h)
             ON CONFLICT DO NOTHING RETURNING id",
            &[&document_ids, &urls, &source_ids, &hashes, &at],
        )?;
        if inserted.len() != new_documents.len() {
            return Ok(None);
        }
    }
    retired.sort_unstable();
    retired.dedup();
    if !retired.is_empty() {
        tx.execute("UPDATE extractions SET current = false WHERE document_id = ANY($1) AND current", &[&retired])?;
        tx.execute("UPDATE entries SET current = false WHERE document_id = ANY($1) AND current", &[&retired])?;
    }
    let document_of: Vec<i64> = placed.iter().map(|p| p.0).collect();
    let number_of: Vec<i64> = placed.iter().map(|p| p.1).collect();
    let hashes: Vec<&[u8]> = docs.iter().map(|d| &d.hash.0[..]).collect();
    let origins: Vec<&str> = docs.iter().map(|d| d.origin.as_str()).collect();
    let media: Vec<&str> = docs.iter().map(|d| d.media_type).collect();
    let titles: Vec<Option<&str>> = docs.iter().map(|d| d.title.as_deref()).collect();
    let published: Vec<Option<&str>> = docs.iter().map(|d| d.published.as_deref()).collect();
    let languages: Vec<Option<&str>> = docs.iter().map(|d| d.declared_language.as_deref()).collect();
    let raws: Vec<Option<&[u8]>> = docs.iter().map(|d| d.raw.as_deref()).collect();
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let fallback_days: Vec<Option<String>> = docs.iter().map(|d| d.date_fallback.map(|f| f.day.to_string())).collect();
    let fallback_bases: Vec<Option<&str>> = docs.iter().map(|d| d.date_fallback.map(|f| f.basis.as_str())).collect();
    let inserted = tx.query(
        "INSERT INTO revisions (id, document_id, number, content_hash, origin, media_type, title, published,
            language, raw, text, ingested_at, date_fallback, date_fallback_basis)
         SELECT i, d, n, h, o, m, t, p, l, r, x, $14, f, b
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bytea[], $5::text[], $6::text[], $7::text[],
             $8::text[], $9::text[], $10::bytea[], $11::text[], $12::text[], $13::text[])
             AS t(i, d, n, h, o, m, t, p, l, r, x, f, b)
         ON CONFLICT DO NOTHING RETURNING id",
        &[
            &revision_ids,
            &document_of,
            &number_of,
            &hashes,
            &origins,
            &media,
            &titles,
            &published,
            &languages,
            &raws,
            &texts,
            &fallback_days,
            &fallback_bases,
            &at,
        ],
    )?;
    if inserted.len() != docs.len() {
        return Ok(None);
    }
    outcome.documents_added += new_documents.len() as u64;
    outcome.revisions_added += docs.len() as u64;
    let mut pending: Vec<Extracted<'a>> = Vec::with_capacity(docs.len());
    for ((d, &(document_id, _)), &revision_id) in docs.iter().zip(&placed).zip(&revision_ids) {
        // A later text of the same document in this batch: the earlier is retired before it is written.
        for x in pending.iter_mut().filter(|x| x.document_id == document_id) {
            x.current = false;
        }
        pending.push(Extracted {
            revision_id,
            document_id,
            extraction: &d.extraction,
            text: &d.text,
            fallback: d.date_fallback,
            current: true,
        });
    }
    Ok(Some(pending))
}

/// The statements a batch runs per document, prepared once per batch.
struct DocumentStatements {
    source: postgres::Statement,
    insert_document: postgres::Statement,
    insert_revision: postgres::Statement,
}

impl DocumentStatements {
    fn prepare(tx: &mut Transaction<'_>) -> Result<DocumentStatements, Error> {
        Ok(DocumentStatements {
            // An upsert that returns the id whether the row is new or not.
            source: tx.prepare(
                "INSERT INTO sources (name) VALUES ($1) ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id",
            )?,
            insert_document: tx.prepare(
                "INSERT INTO documents (url, source_id, first_hash, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING RETURNING id",
            )?,
            insert_revision: tx.prepare(
                "INSERT INTO revisions (document_id, number, content_hash, origin, media_type, title, published,
                    language, raw, text, ingested_at, date_fallback, date_fallback_basis)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                 ON CONFLICT (content_hash) DO NOTHING RETURNING id",
            )?,
        })
    }
}

/// Stores one document's revision unless its text is stored; its extraction joins `pending`.
fn store_document<'a>(
    tx: &mut Transaction<'_>,
    statements: &DocumentStatements,
    sources: &mut HashMap<String, i64>,
    doc: &'a Prepared,
    at: i64,
    outcome: &mut BatchOutcome,
    pending: &mut Vec<Extracted<'a>>,
) -> Result<(), Error> {
    let hash = &doc.hash.0[..];
    let source = match &doc.source {
        None => None,
        Some(name) => match sources.get(name) {
            Some(&id) => Some(id),
            None => {
                let id: i64 = tx.query_one(&statements.source, &[name])?.try_get(0)?;
                sources.insert(name.clone(), id);
                Some(id)
            }
        },
    };
    // A new document, unless its URL is known or another writer just stored this text (`ON CONFLICT` waits
    // for that writer and then does nothing).
    let created: Option<i64> = tx
        .query_opt(&statements.insert_document, &[&doc.url, &source, &hash, &at])?
        .map(|r| r.try_get(0))
        .transpose()?;
    let (document_id, number) = match created {
        Some(id) => (id, 1),
        None => {
            // The row lock orders two writers adding revisions of one URL: each numbers its own.
            let existing = match &doc.url {
                Some(url) => tx.query_opt("SELECT id FROM documents WHERE url = $1 FOR UPDATE", &[url])?,
                None => None,
            };
            let Some(existing) = existing else {
                outcome.duplicates += 1;
                return Ok(());
            };
            let id: i64 = existing.try_get(0)?;
            if tx.query_opt("SELECT 1 FROM revisions WHERE content_hash = $1", &[&hash])?.is_some() {
                outcome.duplicates += 1;
                return Ok(());
            }
            let number: i64 = tx
                .query_one("SELECT coalesce(max(number), 0) + 1 FROM revisions WHERE document_id = $1", &[&id])?
                .try_get(0)?;
            retire(tx, id, pending)?;
            (id, number)
        }
    };
    let revision: Option<i64> = tx
        .query_opt(
            &statements.insert_revision,
            &[
                &document_id,
                &number,
                &hash,
                &doc.origin,
                &doc.media_type,
                &doc.title,
                &doc.published,
                &doc.declared_language,
                &doc.raw,
                &doc.text,
                &at,
                &doc.date_fallback.map(|f| f.day.to_string()),
                &doc.date_fallback.map(|f| f.basis.as_str()),
            ],
        )?
        .map(|r| r.try_get(0))
        .transpose()?;
    let Some(revision_id) = revision else {
        // Another writer stored this text as a revision of another URL meanwhile: it is stored once.
        if created.is_some() {
            tx.execute("DELETE FROM documents WHERE id = $1", &[&document_id])?;
        }
        outcome.duplicates += 1;
        return Ok(());
    };
    if created.is_some() {
        outcome.documents_added += 1;
    }
    outcome.revisions_added += 1;
    pending.push(Extracted {
        revision_id,
        document_id,
        extraction: &doc.extraction,
        text: &doc.text,
        fallback: doc.date_fallback,
        current: true,
    });
    Ok(())
}

const DOCUMENT_SELECT: &str = "SELECT d.id, d.first_hash, d.url, r.origin, s.name, r.title, r.published,
    (SELECT count(*) FROM revisions WHERE document_id = d.id),
    (SELECT count(*) FROM entries WHERE document_id = d.id AND current)
    FROM documents d
    JOIN revisions r ON r.id = (SELECT max(id) FROM revisions WHERE document_id = d.id)
    LEFT JOIN sources s ON s.id = d.source_id";

fn short_hash(hash: &[u8]) -> String {
    hash.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn document_row(row: &Row) -> Result<DocumentSummary, Error> {
    Ok(DocumentSummary {
        id: row.try_get(0)?,
        hash: short_hash(row.try_get(1)?),
        url: row.try_get(2)?,
        origin: row.try_get(3)?,
        source: row.try_get(4)?,
        title: row.try_get(5)?,
        published: row.try_get(6)?,
        revisions: row.try_get(7)?,
        entries: row.try_get(8)?,
    })
}

/// `limit` as SQL takes it (`NULL`: all).
fn limit(l: Option<u64>) -> Option<i64> {
    l.map(|l| l.min(i64::MAX as u64) as i64)
}

impl PgStore {
    fn events_on(c: &mut impl GenericClient, st: &mut Statements, q: &EventQuery) -> Result<Vec<StoredEntry>, Error> {
        let mut query = event_filters(q);
        // Keyset paging: a range of the (filter, date_start, id) index, however deep the page.
        match &q.after {
            None => {}
            Some(EventKey { date_start: None, entry_id }) => {
                let p = query.bind(*entry_id);
                query.sql.push_str(&format!(" AND (e.date_start IS NOT NULL OR e.id > {p})"));
            }
            Some(EventKey { date_start: Some(day), entry_id }) => {
                let (d, i) = (query.bind(day.clone()), query.bind(*entry_id));
                query.sql.push_str(&format!(" AND (e.date_start, e.id) > ({d}, {i})"));
            }
        }
        let (l, o) = (query.bind(limit(q.limit)), query.bind(q.offset.min(i64::MAX as u64) as i64));
        // Undated entries first, as SQLite orders NULL.
        let tail = format!(" ORDER BY e.date_start NULLS FIRST, e.id LIMIT {l} OFFSET {o}");
        entries_where(c, st, &query.sql, &query.values, &tail)
    }

    /// The current entries of every kind, as stored and as the linker sees them.
    fn link_entries(
        c: &mut impl GenericClient,
        st: &mut Statements,
    ) -> Result<(Vec<StoredEntry>, Vec<LinkEntry>), Error> {
        let stored = PgStore::events_on(c, st, &EventQuery::default())?;
        let entries = stored.iter().map(link_entry).collect();
        Ok((stored, entries))
    }

    /// The largest entry, decision and extraction ids.
    fn state(c: &mut impl GenericClient, st: &mut Statements) -> Result<(i64, i64, i64), Error> {
        let statement = st.get(
            c,
            "SELECT coalesce((SELECT max(id) FROM entries), 0), coalesce((SELECT max(id) FROM manual_decisions), 0),
                    coalesce((SELECT max(id) FROM extractions), 0)",
        )?;
        let row = c.query_one(&statement, &[])?;
        Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?))
    }

    fn last_link(c: &mut impl GenericClient, st: &mut Statements) -> Result<Option<(i64, i64, Option<i64>)>, Error> {
        let statement =
            st.get(c, "SELECT entries_max, decisions_max, extractions_max FROM reconcile_state WHERE id = 1")?;
        let row = c.query_opt(&statement, &[])?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
    }

    fn stale(
        c: &mut impl GenericClient,
        st: &mut Statements,
        last: Option<(i64, i64, Option<i64>)>,
    ) -> Result<bool, Error> {
        let now = PgStore::state(c, st)?;
        Ok(match last {
            Some((entries, decisions, extractions)) => {
                (entries, decisions) != (now.0, now.1) || extractions.is_some_and(|x| x != now.2)
            }
            None => (now.0, now.1) != (0, 0),
        })
    }

    /// The user's decisions, resolved to current entries.
    fn resolved_decisions(
        c: &mut impl GenericClient,
        stored: &[StoredEntry],
    ) -> Result<Vec<sitrep_reconcile::ManualDecision>, Error> {
        let rows = c.query(
            "SELECT action, a_document, a_start, a_end, b_document, b_start, b_end FROM manual_decisions ORDER BY id",
            &[],
        )?;
        let mut recorded = Vec::new();
        for r in rows {
            let a = Anchor { document: r.try_get(1)?, start: r.try_get(2)?, end: r.try_get(3)? };
            let b = (r.try_get(4)?, r.try_get(5)?, r.try_get(6)?);
            recorded.extend(recorded_decision(r.try_get(0)?, a, b));
        }
        Ok(resolve_recorded(&recorded, stored))
    }

    /// Links every current entry and rewrites incidents, links and tally buckets, in one transaction under
    /// the link lock: another process linking waits, then finds the store linked.
    fn link_all(&mut self, config: &Config, only_if_stale: bool) -> Result<Option<RelinkSummary>, Error> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&LINK_LOCK])?;
        if only_if_stale {
            let last = PgStore::last_link(&mut tx, &mut self.statements)?;
            if !PgStore::stale(&mut tx, &mut self.statements, last)? {
                return Ok(None);
            }
        }
        let state = PgStore::state(&mut tx, &mut self.statements)?;
        let (stored, entries) = PgStore::link_entries(&mut tx, &mut self.statements)?;
        let decisions = PgStore::resolved_decisions(&mut tx, &stored)?;
        let linking = link(&entries, &decisions, config);
        tx.batch_execute("DELETE FROM incidents; DELETE FROM incident_entries; DELETE FROM links;")?;
        let mut all_facts: Vec<(Basis, IncidentFacts)> = Vec::new();
        write_linking(&mut tx, &entries, &linking, &mut all_facts)?;
        write_buckets(&mut tx, &all_facts)?;
        tx.execute(
            "INSERT INTO reconcile_state (id, entries_max, decisions_max, extractions_max) VALUES (1, $1, $2, $3)
             ON CONFLICT (id) DO UPDATE SET entries_max = $1, decisions_max = $2, extractions_max = $3",
            &[&state.0, &state.1, &state.2],
        )?;
        tx.commit()?;
        Ok(Some(RelinkSummary {
            entries: entries.len() as u64,
            incidents: linking.incidents.len() as u64,
            links: linking.links.len() as u64,
            compared: linking.compared,
        }))
    }

    fn anchor(&mut self, entry_id: i64) -> Result<Option<(i64, i64, i64)>, Error> {
        let row = self.q_opt(
            "SELECT document_id, evidence_start, evidence_end FROM entries WHERE id = $1 AND current",
            &[&entry_id],
        )?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).transpose()
    }
}

/// Writes a linking's incidents (with their members and disagreements) and links, and collects the
/// incidents' facts for the buckets.
fn write_linking(
    tx: &mut Transaction<'_>,
    entries: &[LinkEntry],
    linking: &Linking,
    all_facts: &mut Vec<(Basis, IncidentFacts)>,
) -> Result<(), Error> {
    let index: HashMap<i64, usize> = entries.iter().enumerate().map(|(i, e)| (e.id, i)).collect();
    let (mut ids, mut sizes, mut texts) = (Vec::new(), Vec::new(), Vec::new());
    let (mut member_entries, mut member_incidents) = (Vec::new(), Vec::new());
    for incident in &linking.incidents {
        let members: Vec<&LinkEntry> =
            incident.entries.iter().filter_map(|id| index.get(id).map(|&i| &entries[i])).collect();
        ids.push(incident.id);
        sizes.push(incident.entries.len() as i64);
        texts.push(disagreements_json(&members));
        for id in &incident.entries {
            member_entries.push(*id);
            member_incidents.push(incident.id);
        }
        for basis in [Basis::Claimed, Basis::Corroborated] {
            if let Some(f) = facts(incident.id, &members, basis) {
                all_facts.push((basis, f));
            }
        }
    }
    // Arrays unnested: one statement for all rows, not a round trip each.
    tx.execute(
        "INSERT INTO incidents (id, entries, disagreements) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[])",
        &[&ids, &sizes, &texts],
    )?;
    tx.execute(
        "INSERT INTO incident_entries (entry_id, incident_id) SELECT * FROM unnest($1::bigint[], $2::bigint[])",
        &[&member_entries, &member_incidents],
    )?;
    let (mut a, mut b, mut kind, mut score, mut reason, mut features) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for l in &linking.links {
        a.push(l.a);
        b.push(l.b);
        kind.push(l.kind.as_str().to_string());
        score.push(l.decision.map(|d| f64::from(d.score)));
        reason.push(l.decision.map(|d| d.reason.to_string()));
        features.push(l.features.as_ref().map(|f| features_json(f).to_string()));
    }
    tx.execute(
        "INSERT INTO links (a, b, kind, score, reason, features)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::float8[], $5::text[], $6::text[])",
        &[&a, &b, &kind, &score, &reason, &features],
    )?;
    Ok(())
}

/// Rewrites the tally buckets from these incidents' facts (as `reconcile.rs` does for SQLite), with each
/// bucket's province as a bit of `tally_provinces`.
fn write_buckets(tx: &mut Transaction<'_>, facts: &[(Basis, IncidentFacts)]) -> Result<(), Error> {
    tx.execute("DELETE FROM tally_buckets", &[])?;
    let mut bits: HashMap<String, u32> = HashMap::new();
    for row in tx.query("SELECT id, name FROM tally_provinces", &[])? {
        bits.insert(row.try_get(1)?, row.try_get::<_, i64>(0)?.clamp(0, 63) as u32);
    }
    let mut buckets: HashMap<BucketKey, BucketSums> = HashMap::new();
    bucket_sums(facts, 1, &mut buckets);
    // Columns as arrays, in the order of the table's.
    let mut text_cols: [Vec<Option<String>>; 5] = Default::default();
    let mut int_cols: [Vec<i64>; 15] = Default::default();
    // Sorted, so that new provinces are numbered alike whatever the hash map's order.
    let mut sorted: Vec<(&BucketKey, &BucketSums)> = buckets.iter().collect();
    sorted.sort_by(|a, b| {
        (a.0 .0.as_str(), a.0 .1.as_str(), &a.0 .2, &a.0 .3, &a.0 .4).cmp(&(
            b.0 .0.as_str(),
            b.0 .1.as_str(),
            &b.0 .2,
            &b.0 .3,
            &b.0 .4,
        ))
    });
    for ((basis, dim, key, day, province), sums) in sorted {
        let mask = match province {
            None => 0,
            Some(p) => {
                let next = bits.len() as u32;
                let bit = match bits.get(p) {
                    Some(&bit) => bit,
                    None => {
                        tx.execute("INSERT INTO tally_provinces (id, name) VALUES ($1, $2)", &[&i64::from(next), p])?;
                        bits.insert(p.clone(), next.min(63));
                        next.min(63)
                    }
                };
                1u64 << bit
            }
        };
        text_cols[0].push(Some(basis.as_str().to_string()));
        text_cols[1].push(Some(dim.as_str().to_string()));
        text_cols[2].push(key.clone());
        text_cols[3].push(Some(day.clone()));
        text_cols[4].push(province.clone());
        int_cols[0].push(sums.incidents);
        for (i, v) in sums.figures.iter().flatten().enumerate() {
            int_cols[1 + i].push(*v);
        }
        int_cols[13].push(mask as i64);
    }
    let [basis, dim, key, day, province] = &text_cols;
    let i = &int_cols;
    tx.execute(
        "INSERT INTO tally_buckets (basis, dim, key, day, province, incidents,
            killed_low, killed_best, killed_high, killed_unknown, wounded_low, wounded_best, wounded_high,
            wounded_unknown, captured_low, captured_best, captured_high, captured_unknown, provinces)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[],
            $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[],
            $14::bigint[], $15::bigint[], $16::bigint[], $17::bigint[], $18::bigint[], $19::bigint[])",
        &[
            basis, dim, key, day, province, &i[0], &i[1], &i[2], &i[3], &i[4], &i[5], &i[6], &i[7], &i[8], &i[9],
            &i[10], &i[11], &i[12], &i[13],
        ],
    )?;
    Ok(())
}

impl Storage for PgStore {
    fn schema_version(&mut self) -> Result<i64, Error> {
        self.version()
    }

    fn run(&mut self, info: &RunInfo) -> Result<RunId, Error> {
        let at = now();
        self.client.execute(
            "INSERT INTO extraction_runs (extractor, extractor_version, vocabulary, gazetteer, created_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            &[&info.extractor, &info.extractor_version, &info.vocabulary, &info.gazetteer, &at],
        )?;
        let row = self.q_one(
            "SELECT id FROM extraction_runs
             WHERE extractor = $1 AND extractor_version = $2 AND vocabulary = $3 AND gazetteer = $4",
            &[&info.extractor, &info.extractor_version, &info.vocabulary, &info.gazetteer],
        )?;
        Ok(RunId(row.try_get(0)?))
    }

    fn begin_ingest(&mut self) -> Result<i64, Error> {
        Ok(self.q_one("INSERT INTO ingests (started_at) VALUES ($1) RETURNING id", &[&now()])?.try_get(0)?)
    }

    fn finish_ingest(&mut self, ingest: i64, s: &IngestSummary) -> Result<(), Error> {
        let n = |v: u64| v.min(i64::MAX as u64) as i64;
        self.client.execute(
            "UPDATE ingests SET finished_at = $2, documents = $3, added = $4, duplicates = $5, failed = $6
             WHERE id = $1",
            &[&ingest, &now(), &n(s.documents), &n(s.revisions_added), &n(s.duplicates), &n(s.failed)],
        )?;
        Ok(())
    }

    fn known(&mut self, hashes: &[ContentHash]) -> Result<Vec<bool>, Error> {
        let wanted: Vec<&[u8]> = hashes.iter().map(|h| &h.0[..]).collect();
        let rows = self.q("SELECT content_hash FROM revisions WHERE content_hash = ANY($1)", &[&wanted])?;
        let mut found = std::collections::HashSet::new();
        for r in rows {
            found.insert(r.try_get::<_, Vec<u8>>(0)?);
        }
        Ok(hashes.iter().map(|h| found.contains(&h.0[..])).collect())
    }

    fn store_batch(
        &mut self,
        run: RunId,
        ingest: i64,
        documents: &[Prepared],
        failures: &[IngestFailure],
    ) -> Result<BatchOutcome, Error> {
        let at = now();
        // The whole batch in a few statements; when another writer stored some of its documents meanwhile (a
        // conflict the arrays cannot sort out), the batch again a document at a time.
        let mut one_by_one = false;
        self.retrying(|tx| {
            let mut outcome = BatchOutcome::default();
            // The texts stored already, in one query; one stored meanwhile by another writer is found by the
            // unique content hash.
            let hashes: Vec<&[u8]> = documents.iter().map(|d| &d.hash.0[..]).collect();
            let mut stored: HashSet<Vec<u8>> = HashSet::new();
            for r in tx.query("SELECT content_hash FROM revisions WHERE content_hash = ANY($1)", &[&hashes])? {
                stored.insert(r.try_get(0)?);
            }
            let mut fresh: Vec<&Prepared> = Vec::new();
            for doc in documents {
                if stored.insert(doc.hash.0.to_vec()) {
                    fresh.push(doc);
                } else {
                    outcome.duplicates += 1;
                }
            }
            let pending = if one_by_one {
                let statements = DocumentStatements::prepare(tx)?;
                let mut sources = HashMap::new();
                let mut pending = Vec::new();
                for doc in fresh {
                    store_document(tx, &statements, &mut sources, doc, at, &mut outcome, &mut pending)?;
                }
                pending
            } else {
                match store_documents(tx, &fresh, at, &mut outcome)? {
                    Some(pending) => pending,
                    None => {
                        one_by_one = true;
                        return Err(Error::conflict());
                    }
                }
            };
            outcome.entries_added += insert_extractions(tx, run, &pending, at)?;
            if !failures.is_empty() {
                let origins: Vec<&str> = failures.iter().map(|f| f.origin.as_str()).collect();
                let lines: Vec<Option<i64>> =
                    failures.iter().map(|f| f.line.map(|l| l.min(i64::MAX as u64) as i64)).collect();
                let reasons: Vec<&str> = failures.iter().map(|f| f.reason.as_str()).collect();
                tx.execute(
                    "INSERT INTO ingest_errors (ingest_id, origin, line, reason)
                     SELECT $1, * FROM unnest($2::text[], $3::bigint[], $4::text[])",
                    &[&ingest, &origins, &lines, &reasons],
                )?;
            }
            Ok(outcome)
        })
    }

    fn pending(&mut self, run: RunId, limit: usize) -> Result<Vec<StoredRevision>, Error> {
        let rows = self.q(
            "SELECT r.id, r.document_id, r.published, r.language, r.text, r.date_fallback, r.date_fallback_basis
             FROM revisions r
             WHERE r.id = (SELECT max(id) FROM revisions WHERE document_id = r.document_id)
               AND NOT EXISTS (SELECT 1 FROM extractions x WHERE x.revision_id = r.id AND x.run_id = $1)
             ORDER BY r.id LIMIT $2",
            &[&run.0, &(limit.min(i64::MAX as usize) as i64)],
        )?;
        rows.iter()
            .map(|r| {
                let day: Option<String> = r.try_get(5)?;
                let basis: Option<String> = r.try_get(6)?;
                let date_fallback =
                    match (day.and_then(|d| d.parse().ok()), basis.as_deref().and_then(DateBasis::parse)) {
                        (Some(day), Some(basis)) => Some(DateFallback { day, basis }),
                        _ => None,
                    };
                Ok(StoredRevision {
                    revision_id: r.try_get(0)?,
                    document_id: r.try_get(1)?,
                    published: r.try_get(2)?,
                    date_fallback,
                    declared_language: r.try_get(3)?,
                    text: r.try_get(4)?,
                })
            })
            .collect()
    }

    fn store_extractions(&mut self, run: RunId, extractions: &[(StoredRevision, Extraction)]) -> Result<u64, Error> {
        let at = now();
        self.retrying(|tx| {
            let mut pending = Vec::new();
            for (rev, extraction) in extractions {
                // Another re-extraction by the same run got here first: its entries are these.
                let done = tx.query_opt(
                    "SELECT 1 FROM extractions WHERE revision_id = $1 AND run_id = $2",
                    &[&rev.revision_id, &run.0],
                )?;
                if done.is_some() {
                    continue;
                }
                retire(tx, rev.document_id, &mut pending)?;
                pending.push(Extracted {
                    revision_id: rev.revision_id,
                    document_id: rev.document_id,
                    extraction,
                    text: &rev.text,
                    fallback: rev.date_fallback,
                    current: true,
                });
            }
            insert_extractions(tx, run, &pending, at)
        })
    }

    fn generation(&mut self) -> Result<i64, Error> {
        Ok(self.q_one("SELECT coalesce(max(id), 0) FROM extractions", &[])?.try_get(0)?)
    }

    fn events(&mut self, q: &EventQuery) -> Result<Vec<StoredEntry>, Error> {
        PgStore::events_on(&mut self.client, &mut self.statements, q)
    }

    fn count_events(&mut self, q: &EventQuery) -> Result<i64, Error> {
        let query = event_filters(q);
        let sql = format!("SELECT count(*) FROM entries e WHERE {}", query.sql);
        Ok(self.q_one(&sql, &refs(&query.values))?.try_get(0)?)
    }

    fn entry_document(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        let row = self.q_opt("SELECT document_id FROM entries WHERE id = $1", &[&entry_id])?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    fn documents(&mut self, q: &DocumentQuery) -> Result<Vec<DocumentSummary>, Error> {
        let mut query = Query { sql: DOCUMENT_SELECT.to_string(), values: Vec::new() };
        if let Some(source) = &q.source {
            let p = query.bind(source.clone());
            query.sql.push_str(&format!(" WHERE s.name = {p}"));
        }
        let (l, o) = (query.bind(limit(q.limit)), query.bind(q.offset.min(i64::MAX as u64) as i64));
        query.sql.push_str(&format!(" ORDER BY d.id LIMIT {l} OFFSET {o}"));
        let rows = self.q(&query.sql, &refs(&query.values))?;
        rows.iter().map(document_row).collect()
    }

    fn document(&mut self, id: i64) -> Result<Option<DocumentDetail>, Error> {
        let sql = format!("{DOCUMENT_SELECT} WHERE d.id = $1");
        let Some(row) = self.q_opt(&sql, &[&id])? else { return Ok(None) };
        let summary = document_row(&row)?;
        let mut revisions: Vec<RevisionSummary> = self
            .client
            .query(
                "SELECT id, number, content_hash, origin, media_type, ingested_at FROM revisions
                 WHERE document_id = $1 ORDER BY number",
                &[&id],
            )?
            .iter()
            .map(|r| {
                Ok(RevisionSummary {
                    id: r.try_get(0)?,
                    number: r.try_get(1)?,
                    hash: short_hash(r.try_get(2)?),
                    origin: r.try_get(3)?,
                    media_type: r.try_get(4)?,
                    ingested_at: r.try_get(5)?,
                    runs: Vec::new(),
                })
            })
            .collect::<Result<_, Error>>()?;
        for rev in &mut revisions {
            let rows = self.q(
                "SELECT x.run_id, er.extractor_version || '+' || er.vocabulary || '+' || er.gazetteer,
                    (SELECT count(*) FROM entries WHERE extraction_id = x.id)
                 FROM extractions x JOIN extraction_runs er ON er.id = x.run_id
                 WHERE x.revision_id = $1 ORDER BY x.id",
                &[&rev.id],
            )?;
            rev.runs =
                rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))).collect::<Result<_, Error>>()?;
        }
        let row = self.q_one(
            "SELECT r.text, (SELECT language FROM extractions WHERE revision_id = r.id ORDER BY id DESC LIMIT 1)
             FROM revisions r WHERE r.document_id = $1 ORDER BY r.number DESC LIMIT 1",
            &[&id],
        )?;
        let (text, language): (String, Option<String>) = (row.try_get(0)?, row.try_get(1)?);
        let mut entries = self.events(&EventQuery { document_id: Some(id), ..EventQuery::default() })?;
        entries.sort_by_key(|e| e.entry_id);
        Ok(Some(DocumentDetail { summary, revisions, language, text, entries }))
    }

    fn document_of_hash(&mut self, hash: &ContentHash) -> Result<Option<i64>, Error> {
        let row = self.q_opt("SELECT document_id FROM revisions WHERE content_hash = $1", &[&&hash.0[..]])?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    fn tally(&mut self, by: TallyBy) -> Result<Vec<Tally>, Error> {
        self.tally_events(by, &EventQuery::default())
    }

    fn tally_events(&mut self, by: TallyBy, q: &EventQuery) -> Result<Vec<Tally>, Error> {
        let query = event_filters(q);
        // The column name comes from the enum, never from the caller.
        let column = match by {
            TallyBy::Claimant => "claimant",
            TallyBy::Province => "province",
            TallyBy::Perpetrator => "perpetrator",
        };
        // Grouped without case, as SQLite's NOCASE column groups; the first spelling (byte order) names it.
        let sql = format!(
            "SELECT min(e.{column} COLLATE \"C\"), count(*)::bigint,
                coalesce(sum(coalesce(e.killed_best, e.killed_low, 0)), 0)::bigint,
                coalesce(sum(coalesce(e.wounded_best, e.wounded_low, 0)), 0)::bigint
             FROM entries e WHERE {} AND e.kind = 'event' GROUP BY lower(e.{column})",
            query.sql
        );
        let rows = self.q(&sql, &refs(&query.values))?;
        let mut out: Vec<Tally> = rows
            .iter()
            .map(|r| {
                Ok(Tally { key: r.try_get(0)?, entries: r.try_get(1)?, killed: r.try_get(2)?, wounded: r.try_get(3)? })
            })
            .collect::<Result<_, Error>>()?;
        out.sort_by(|a, b| b.entries.cmp(&a.entries).then_with(|| nocase_cmp(&a.key, &b.key)));
        Ok(out)
    }

    fn ingest_failures(&mut self, ingest: Option<i64>) -> Result<Vec<IngestFailure>, Error> {
        let id: Option<i64> = match ingest {
            Some(id) => Some(id),
            None => self.q_one("SELECT max(id) FROM ingests", &[])?.try_get(0)?,
        };
        let rows = self
            .client
            .query("SELECT origin, line, reason FROM ingest_errors WHERE ingest_id = $1 ORDER BY id", &[&id])?;
        rows.iter()
            .map(|r| {
                Ok(IngestFailure {
                    origin: r.try_get(0)?,
                    line: r.try_get::<_, Option<i64>>(1)?.map(|l| l.max(0) as u64),
                    reason: r.try_get(2)?,
                })
            })
            .collect()
    }

    fn link_state(&mut self) -> Result<LinkState, Error> {
        let last = PgStore::last_link(&mut self.client, &mut self.statements)?;
        let stale = PgStore::stale(&mut self.client, &mut self.statements, last)?;
        let linked = last.map_or((0, 0), |l| (l.0, l.1));
        let unlinked_entries = if stale {
            self.q_one("SELECT count(*) FROM entries WHERE id > $1 AND current", &[&linked.0])?.try_get(0)?
        } else {
            0
        };
        Ok(LinkState { stale, unlinked_entries, linked })
    }

    /// A full link when the store changed: PostgreSQL has no incremental link yet (`reconcile.rs`'s is
    /// SQLite's), and a full one makes the same incidents.
    fn ensure_linked(&mut self) -> Result<Option<RelinkSummary>, Error> {
        if !self.link_state()?.stale {
            return Ok(None);
        }
        self.link_all(&Config::default(), true)
    }

    fn relink(&mut self, config: &Config) -> Result<RelinkSummary, Error> {
        Ok(self.link_all(config, false)?.unwrap_or_default())
    }

    fn incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        self.ensure_linked()?;
        self.linked_incidents(only)
    }

    fn linked_incidents(&mut self, only: Option<i64>) -> Result<Vec<StoredIncident>, Error> {
        // One snapshot: a link committing between the reads would mix two linkings.
        let mut tx =
            self.client.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).start()?;
        let mut members: HashMap<i64, i64> = HashMap::new();
        for r in tx.query("SELECT entry_id, incident_id FROM incident_entries", &[])? {
            members.insert(r.try_get(0)?, r.try_get(1)?);
        }
        let mut disagreements: BTreeMap<i64, serde_json::Value> = BTreeMap::new();
        for r in tx.query("SELECT id, disagreements FROM incidents", &[])? {
            let id: i64 = r.try_get(0)?;
            if !matches!(only, Some(o) if o != id) {
                let d: &str = r.try_get(1)?;
                disagreements.insert(id, serde_json::from_str(d).unwrap_or(serde_json::Value::Array(Vec::new())));
            }
        }
        let mut grouped: BTreeMap<i64, Vec<StoredEntry>> = BTreeMap::new();
        for e in PgStore::events_on(
            &mut tx,
            &mut self.statements,
            &EventQuery { kind: Some("event".into()), ..EventQuery::default() },
        )? {
            if let Some(&incident) = members.get(&e.entry_id) {
                if !matches!(only, Some(o) if o != incident) {
                    grouped.entry(incident).or_default().push(e);
                }
            }
        }
        tx.commit()?;
        Ok(grouped
            .into_iter()
            .map(|(id, mut entries)| {
                entries.sort_by_key(|e| e.entry_id);
                let disagreements = disagreements.remove(&id).unwrap_or(serde_json::Value::Array(Vec::new()));
                StoredIncident { id, entries, disagreements }
            })
            .collect())
    }

    fn incident_of(&mut self, entry_id: i64) -> Result<Option<i64>, Error> {
        self.ensure_linked()?;
        let row = self.q_opt("SELECT incident_id FROM incident_entries WHERE entry_id = $1", &[&entry_id])?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    fn incident_links(&mut self, incident: i64) -> Result<Vec<StoredLink>, Error> {
        self.ensure_linked()?;
        let rows = self.q(
            "SELECT l.a, l.b, l.kind, l.score, l.reason, l.features FROM links l
             WHERE l.a IN (SELECT entry_id FROM incident_entries WHERE incident_id = $1)
                OR l.b IN (SELECT entry_id FROM incident_entries WHERE incident_id = $1)
             ORDER BY l.a, l.b",
            &[&incident],
        )?;
        rows.iter()
            .map(|r| {
                Ok(StoredLink {
                    a: r.try_get(0)?,
                    b: r.try_get(1)?,
                    kind: r.try_get(2)?,
                    score: r.try_get(3)?,
                    reason: r.try_get(4)?,
                    features: r.try_get::<_, Option<&str>>(5)?.and_then(|f| serde_json::from_str(f).ok()),
                })
            })
            .collect()
    }

    fn split(&mut self, entry_id: i64) -> Result<bool, Error> {
        let Some((d, s, e)) = self.anchor(entry_id)? else { return Ok(false) };
        self.client.execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, created_at)
             VALUES ('split', $1, $2, $3, $4)",
            &[&d, &s, &e, &now()],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    fn merge(&mut self, a: i64, b: i64) -> Result<bool, Error> {
        self.ensure_linked()?;
        let mut representative = |id: i64| -> Result<Option<i64>, Error> {
            let row = self.q_one(
                "SELECT min(entry_id) FROM incident_entries
                 WHERE incident_id = $1 OR incident_id = (SELECT incident_id FROM incident_entries WHERE entry_id = $1)",
                &[&id],
            )?;
            Ok(row.try_get(0)?)
        };
        let (Some(ea), Some(eb)) = (representative(a)?, representative(b)?) else { return Ok(false) };
        let (Some(x), Some(y)) = (self.anchor(ea)?, self.anchor(eb)?) else { return Ok(false) };
        self.client.execute(
            "INSERT INTO manual_decisions (action, a_document, a_start, a_end, b_document, b_start, b_end, created_at)
             VALUES ('merge', $1, $2, $3, $4, $5, $6, $7)",
            &[&x.0, &x.1, &x.2, &y.0, &y.1, &y.2, &now()],
        )?;
        self.relink(&Config::default())?;
        Ok(true)
    }

    fn tally_incidents(&mut self, q: &TallyQuery) -> Result<Vec<IncidentTally>, Error> {
        let mut filter = Query::default();
        let (basis, dim) = (filter.bind(q.basis.as_str().to_string()), filter.bind(q.by.as_str().to_string()));
        filter.sql = format!(" FROM tally_buckets WHERE basis = {basis} AND dim = {dim}");
        if let Some(s) = &q.since {
            let p = filter.bind(s.clone());
            filter.sql.push_str(&format!(" AND day <> '' AND day >= {p}"));
        }
        if let Some(u) = &q.until {
            let p = filter.bind(u.clone());
            filter.sql.push_str(&format!(" AND day <> '' AND day <= {p}"));
        }
        if let Some(p) = &q.province {
            let p = filter.bind(p.clone());
            filter.sql.push_str(&format!(" AND province = {p}"));
        }
        // A high is summed only where every incident's is known.
        let sums: Vec<String> = ["killed", "wounded", "captured"]
            .iter()
            .map(|f| {
                format!(
                    "sum({f}_low)::bigint, sum({f}_best)::bigint,
                     CASE WHEN sum({f}_unknown) = 0 THEN sum({f}_high)::bigint END"
                )
            })
            .collect();
        let sql = format!(
            "SELECT key, sum(incidents)::bigint, {}, bit_or(provinces) {} GROUP BY key",
            sums.join(", "),
            filter.sql
        );
        let rows = self.q(&sql, &refs(&filter.values))?;
        let mut out: Vec<IncidentTally> = rows
            .iter()
            .map(|r| {
                let sum = |at: usize| -> Result<FigureSum, Error> {
                    Ok(FigureSum { low: r.try_get(at)?, best: r.try_get(at + 1)?, high: r.try_get(at + 2)? })
                };
                let mask = r.try_get::<_, i64>(11)? as u64;
                Ok(IncidentTally {
                    key: r.try_get(0)?,
                    incidents: r.try_get(1)?,
                    killed: sum(2)?,
                    wounded: sum(5)?,
                    captured: sum(8)?,
                    provinces: i64::from(mask.count_ones()),
                })
            })
            .collect::<Result<_, Error>>()?;
        out.sort_by(|a, b| b.incidents.cmp(&a.incidents).then_with(|| a.key.cmp(&b.key)));
        Ok(out)
    }

    fn watch_source(&mut self, location: &str, kind: &str) -> Result<WatchedSource, Error> {
        self.q(sql::INSERT_SOURCE, &[&location, &kind, &now()])?;
        let r = self.q_one(sql::SOURCE, &[&location])?;
        Ok(WatchedSource {
            id: r.try_get(0)?,
            validators: Validators { etag: r.try_get(1)?, last_modified: r.try_get(2)? },
        })
    }

    fn seen_items(&mut self, source: i64, items: &[String]) -> Result<Vec<Option<SeenItem>>, Error> {
        let mut seen = Vec::with_capacity(items.len());
        for item in items {
            let row = match self.q_opt(sql::SEEN_ITEM, &[&source, item])? {
                Some(r) => Some(SeenItem {
                    hash: watched::hash_of(&r.try_get::<_, Vec<u8>>(0)?),
                    validators: Validators { etag: r.try_get(1)?, last_modified: r.try_get(2)? },
                    failures: r.try_get(3)?,
                }),
                None => None,
            };
            seen.push(row);
        }
        Ok(seen)
    }

    fn record_fetches(&mut self, source: i64, fetches: &[FetchRecord]) -> Result<(), Error> {
        let mut tx = self.client.transaction()?;
        let insert = self.statements.get(&mut tx, sql::INSERT_FETCH)?;
        let upsert = self.statements.get(&mut tx, sql::UPSERT_ITEM)?;
        for f in fetches {
            let http_status = f.http_status.map(i64::from);
            let bytes = f.bytes.map(watched::count);
            tx.execute(&insert, &[&source, &f.item, &f.at, &f.status.as_str(), &http_status, &bytes, &f.error])?;
            let failed = i64::from(f.status == FetchStatus::Failed);
            let (etag, modified) = (&f.validators.etag, &f.validators.last_modified);
            tx.execute(&upsert, &[&source, &f.item, &&f.hash[..], etag, modified, &failed, &f.at])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn record_poll(&mut self, source: i64, poll: &PollRecord) -> Result<(), Error> {
        let mut tx = self.client.transaction()?;
        let (items, fetched, stored) =
            (watched::count(poll.items), watched::count(poll.fetched), watched::count(poll.stored));
        tx.execute(
            sql::INSERT_POLL,
            &[
                &source,
                &poll.started_at,
                &poll.finished_at,
                &poll.status.as_str(),
                &items,
                &fetched,
                &stored,
                &poll.error,
            ],
        )?;
        if poll.status != PollStatus::Failed {
            tx.execute(sql::KEEP_VALIDATORS, &[&poll.validators.etag, &poll.validators.last_modified, &source])?;
        }
        tx.commit()?;
        Ok(())
    }

    fn source_reports(&mut self) -> Result<Vec<SourceReport>, Error> {
        let mut reports = Vec::new();
        for r in self.q(sql::REPORTS, &[])? {
            let id: i64 = r.try_get(0)?;
            let mut errors = Vec::new();
            for e in self.q(sql::LAST_ERRORS, &[&id])? {
                errors.push((e.try_get(0)?, e.try_get(1)?));
            }
            reports.push(SourceReport {
                location: r.try_get(1)?,
                kind: r.try_get(2)?,
                polls: r.try_get(3)?,
                last_success: r.try_get(4)?,
                last_error: watched::latest_error(errors),
                items: r.try_get(5)?,
                stored: r.try_get(6)?,
                failed_fetches: r.try_get(7)?,
            });
        }
        Ok(reports)
    }
}
