//! `sitrep migrate`: a SQLite store copied whole into an empty PostgreSQL one (issue 16). Every row keeps its
//! id, so that entry ids, document ids and the decisions anchored to documents mean the same on the server;
//! the incidents are then linked there by the same linker, and so come out as they were.

use std::path::Path;

use postgres::types::ToSql;
use rusqlite::types::Value;
use sitrep_reconcile::Config;

use crate::{is_server_url, shown, Error, PgStore, SqliteStore, Storage};

/// What a copy carried, table by table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MigrateSummary {
    pub documents: u64,
    pub revisions: u64,
    pub runs: u64,
    pub extractions: u64,
    pub entries: u64,
    pub decisions: u64,
    pub ingests: u64,
    pub ingest_failures: u64,
    /// Incidents the target linked once the copy was in.
    pub incidents: u64,
}

/// How a column is stored on the server.
#[derive(Clone, Copy)]
enum Column {
    Int,
    Real,
    Text,
    Blob,
    /// SQLite's 0/1.
    Bool,
}

use Column::{Blob, Bool, Int, Real, Text};

/// The tables copied, parents first, with their columns (as SQLite selects them, and their name on the server).
const TABLES: &[(&str, &[(&str, Column)])] = &[
    ("sources", &[("id", Int), ("name", Text)]),
    ("documents", &[("id", Int), ("url", Text), ("source_id", Int), ("first_hash", Blob), ("created_at", Int)]),
    (
        "revisions",
        &[
            ("id", Int),
            ("document_id", Int),
            ("number", Int),
            ("content_hash", Blob),
            ("origin", Text),
            ("media_type", Text),
            ("title", Text),
            ("published", Text),
            ("language", Text),
            ("raw", Blob),
            ("text", Text),
            ("ingested_at", Int),
            ("date_fallback", Text),
            ("date_fallback_basis", Text),
        ],
    ),
    (
        "extraction_runs",
        &[
            ("id", Int),
            ("extractor", Text),
            ("extractor_version", Text),
            ("vocabulary", Text),
            ("gazetteer", Text),
            ("created_at", Int),
        ],
    ),
    (
        "extractions",
        &[
            ("id", Int),
            ("revision_id", Int),
            ("run_id", Int),
            ("document_id", Int),
            ("language", Text),
            ("diagnostics", Text),
            ("created_at", Int),
            ("current", Bool),
        ],
    ),
    (
        "entries",
        &[
            ("id", Int),
            ("extraction_id", Int),
            ("document_id", Int),
            ("revision_id", Int),
            ("current", Bool),
            ("local_id", Text),
            ("kind", Text),
            ("summarizes", Text),
            ("derived_from", Text),
            ("claimant", Text),
            ("spokesperson", Text),
            ("perpetrator", Text),
            ("target", Text),
            ("event_type", Text),
            ("sub_event_type", Text),
            ("weapon", Text),
            ("province", Text),
            ("district", Text),
            ("place", Text),
            ("lat", Real),
            ("lon", Real),
            ("geo_precision", Int),
            ("killed_low", Int),
            ("killed_best", Int),
            ("killed_high", Int),
            ("killed_rule", Text),
            ("wounded_low", Int),
            ("wounded_best", Int),
            ("wounded_high", Int),
            ("wounded_rule", Text),
            ("captured_low", Int),
            ("captured_best", Int),
            ("captured_high", Int),
            ("captured_rule", Text),
            ("attacks", Int),
            ("provinces", Text),
            ("period", Text),
            ("date_start", Text),
            ("date_end", Text),
            ("date_precision", Text),
            ("evidence_start", Int),
            ("evidence_end", Int),
            ("evidence_text", Text),
            ("date_basis", Text),
            ("spans", Text),
        ],
    ),
    ("destroyed", &[("entry_id", Int), ("seq", Int), ("item", Text), ("count", Int)]),
    (
        "ingests",
        &[
            ("id", Int),
            ("started_at", Int),
            ("finished_at", Int),
            ("documents", Int),
            ("added", Int),
            ("duplicates", Int),
            ("failed", Int),
        ],
    ),
    ("ingest_errors", &[("id", Int), ("ingest_id", Int), ("origin", Text), ("line", Int), ("reason", Text)]),
    (
        "manual_decisions",
        &[
            ("id", Int),
            ("action", Text),
            ("a_document", Int),
            ("a_start", Int),
            ("a_end", Int),
            ("b_document", Int),
            ("b_start", Int),
            ("b_end", Int),
            ("created_at", Int),
        ],
    ),
    // The watcher's record: a watcher pointed at the server fetches nothing the SQLite one fetched.
    (
        "watch_sources",
        &[
            ("id", Int),
            ("location", Text),
            ("kind", Text),
            ("etag", Text),
            ("last_modified", Text),
            ("created_at", Int),
        ],
    ),
    (
        "watch_polls",
        &[
            ("id", Int),
            ("source_id", Int),
            ("started_at", Int),
            ("finished_at", Int),
            ("status", Text),
            ("items", Int),
            ("fetched", Int),
            ("stored", Int),
            ("error", Text),
        ],
    ),
    (
        "watch_fetches",
        &[
            ("id", Int),
            ("source_id", Int),
            ("item", Text),
            ("at", Int),
            ("status", Text),
            ("http_status", Int),
            ("bytes", Int),
            ("error", Text),
        ],
    ),
    (
        "watch_items",
        &[
            ("source_id", Int),
            ("item", Text),
            ("hash", Blob),
            ("etag", Text),
            ("last_modified", Text),
            ("failures", Int),
            ("updated_at", Int),
        ],
    ),
];

/// Rows per INSERT: PostgreSQL takes at most 65,535 parameters in one statement.
const PARAMETERS: usize = 30_000;

/// A SQLite value as the server's column takes it; a value of another type is named, not guessed.
fn convert(value: Value, column: Column, table: &str, name: &str) -> Result<Box<dyn ToSql + Sync>, Error> {
    let wrong =
        |v: &Value| Error::schema(format!("{table}.{name}: unexpected {:?} in the SQLite store", v.data_type()));
    Ok(match (column, value) {
        (Int, Value::Null) => Box::new(None::<i64>),
        (Int, Value::Integer(i)) => Box::new(Some(i)),
        (Real, Value::Null) => Box::new(None::<f64>),
        (Real, Value::Real(r)) => Box::new(Some(r)),
        (Real, Value::Integer(i)) => Box::new(Some(i as f64)),
        (Text, Value::Null) => Box::new(None::<String>),
        (Text, Value::Text(t)) => Box::new(Some(t)),
        (Blob, Value::Null) => Box::new(None::<Vec<u8>>),
        (Blob, Value::Blob(b)) => Box::new(Some(b)),
        (Bool, Value::Integer(i)) => Box::new(i != 0),
        (_, v) => return Err(wrong(&v)),
    })
}

/// Copies the SQLite store at `from` into the empty PostgreSQL store at `to` (a `postgres://` URL), in one
/// transaction, then links its incidents.
pub fn migrate(from: &Path, to: &Path) -> Result<MigrateSummary, Error> {
    if is_server_url(from) {
        return Err(Error::schema(format!("--from {}: a SQLite file is copied, not a server", shown(from))));
    }
    let Some(url) = to.to_str().filter(|_| is_server_url(to)) else {
        return Err(Error::schema(format!("--to {}: a postgres:// URL is expected", to.display())));
    };
    let source = SqliteStore::open_existing(from)?;
    let mut target = PgStore::open(url)?;
    let mut summary = MigrateSummary::default();
    {
        let mut tx = target.client_mut().transaction()?;
        let held: i64 = tx
            .query_one("SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM extraction_runs)", &[])?
            .try_get(0)?;
        if held > 0 {
            return Err(Error::schema(format!(
                "{}: the target holds a store already; migrate into an empty one",
                shown(to)
            )));
        }
        for (table, columns) in TABLES {
            let copied = copy_table(&source, &mut tx, table, columns)?;
            match *table {
                "documents" => summary.documents = copied,
                "revisions" => summary.revisions = copied,
                "extraction_runs" => summary.runs = copied,
                "extractions" => summary.extractions = copied,
                "entries" => summary.entries = copied,
                "manual_decisions" => summary.decisions = copied,
                "ingests" => summary.ingests = copied,
                "ingest_errors" => summary.ingest_failures = copied,
                _ => {}
            }
            // Rows keep their ids: the server's identity goes on after the largest.
            if columns.first().is_some_and(|(name, _)| *name == "id") {
                tx.execute(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) FROM {table}"
                    ),
                    &[],
                )?;
            }
        }
        tx.commit()?;
    }
    summary.incidents = target.relink(&Config::default())?.incidents;
    Ok(summary)
}

/// Copies one table; returns its rows.
fn copy_table(
    source: &SqliteStore,
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    columns: &[(&str, Column)],
) -> Result<u64, Error> {
    let names: Vec<&str> = columns.iter().map(|(name, _)| *name).collect();
    // Entries of a store older than schema v3 may lack their evidence text: SQLite cuts it from the revision.
    let selected: Vec<String> = names
        .iter()
        .map(|n| match (table, *n) {
            ("entries", "evidence_text") => "coalesce(evidence_text, CAST(substr(CAST((SELECT text FROM revisions r \
                 WHERE r.id = entries.revision_id) AS BLOB), evidence_start + 1, evidence_end - evidence_start) AS TEXT), '')"
                .to_string(),
            // The server keeps an entry's spans in a column: `[field, start, end]` triples.
            ("entries", "spans") => "(SELECT json_group_array(json_array(field, start, \"end\")) FROM spans \
                 WHERE entry_id = entries.id)"
                .to_string(),
            _ => n.to_string(),
        })
        .collect();
    let order = if names.first() == Some(&"id") { " ORDER BY id" } else { "" };
    let sql = format!("SELECT {} FROM {table}{order}", selected.join(", "));
    let mut stmt = source.conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    let per_statement = (PARAMETERS / columns.len()).max(1);
    let mut pending: Vec<Box<dyn ToSql + Sync>> = Vec::new();
    let mut count = 0u64;
    let flush = |tx: &mut postgres::Transaction<'_>, pending: &mut Vec<Box<dyn ToSql + Sync>>| -> Result<(), Error> {
        if pending.is_empty() {
            return Ok(());
        }
        let rows = pending.len() / columns.len();
        let mut values = Vec::with_capacity(rows);
        for r in 0..rows {
            let cells: Vec<String> = (0..columns.len()).map(|c| format!("${}", r * columns.len() + c + 1)).collect();
            values.push(format!("({})", cells.join(", ")));
        }
        let insert = format!("INSERT INTO {table} ({}) VALUES {}", names.join(", "), values.join(", "));
        let params: Vec<&(dyn ToSql + Sync)> = pending.iter().map(|v| &**v as &(dyn ToSql + Sync)).collect();
        tx.execute(&insert, &params)?;
        pending.clear();
        Ok(())
    };
    while let Some(row) = rows.next()? {
        for (i, (name, column)) in columns.iter().enumerate() {
            pending.push(convert(row.get::<_, Value>(i)?, *column, table, name)?);
        }
        count += 1;
        if pending.len() >= per_statement * columns.len() {
            flush(tx, &mut pending)?;
        }
    }
    flush(tx, &mut pending)?;
    Ok(count)
}
