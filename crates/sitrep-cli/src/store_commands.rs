//! The store's subcommands: `ingest`, `reextract`, `events`, `documents`, `show`. Files and terminals here;
//! SQL in `sitrep-store`.

use std::io::{IsTerminal as _, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use clap::ValueEnum;
use serde_json::json;
use sitrep_store::{
    geojson_collection, geojson_feature, ingest, reextract, stored_entry_json, CsvExport, DocumentQuery, ErrorKind,
    EventQuery, Incoming, IngestConfig, Progress, RunInfo, SqliteStore, Storage, StoredEntry, TallyDimension,
    TallyQuery,
};

use crate::output::{columns, count_cell};
use sitrep_input::{InputConfig, Reader};

/// The database: `--db`, else `$SITREP_DB`, else `sitrep.db` in the current directory.
pub fn db_path(db: Option<&Path>) -> PathBuf {
    match db {
        Some(p) => p.to_path_buf(),
        None => std::env::var_os("SITREP_DB").map_or_else(|| PathBuf::from("sitrep.db"), PathBuf::from),
    }
}

/// A store of either backend, as `--db` names it.
pub type Store = Box<dyn Storage + Send>;

/// The store to write, created when it does not exist: a SQLite file, or the schema in a PostgreSQL database.
pub fn create(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db_path(db);
    sitrep_store::open(&path, false).map_err(|e| match e.kind() {
        // It names the server already.
        ErrorKind::Connect(..) => anyhow::Error::new(e),
        _ => anyhow::Error::new(e).context(format!("opening the database {}", sitrep_store::shown(&path))),
    })
}

/// The store to read: an existing one only, so that a mistyped path is said, not made a new empty store.
pub fn open_existing(db: Option<&Path>) -> anyhow::Result<Store> {
    let path = db_path(db);
    let shown = sitrep_store::shown(&path);
    sitrep_store::open(&path, true).map_err(|e| match e.kind() {
        ErrorKind::Missing(_) => {
            let hint = match db {
                Some(_) => "check --db, or ingest documents into it first",
                None => "name one with --db or $SITREP_DB, or ingest documents first",
            };
            anyhow::anyhow!("no database at {shown} ({hint})")
        }
        ErrorKind::Connect(..) => anyhow::Error::new(e),
        _ => anyhow::Error::new(e).context(format!("opening the database {shown}")),
    })
}

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// The SQLite store to copy.
    #[arg(long)]
    from: PathBuf,
    /// The PostgreSQL database to copy it into (`postgres://user@host:port/db`), holding no store yet.
    #[arg(long)]
    to: PathBuf,
}

pub fn run_migrate(args: &MigrateArgs) -> anyhow::Result<ExitCode> {
    let s = sitrep_store::migrate(&args.from, &args.to).map_err(|e| {
        anyhow::Error::new(e).context(format!(
            "copying {} to {}",
            sitrep_store::shown(&args.from),
            sitrep_store::shown(&args.to)
        ))
    })?;
    eprintln!(
        "sitrep: copied {} documents, {} revisions, {} extraction runs ({} extractions), {} entries, {} decisions, \
         {} ingests ({} failures recorded) to {}; {} incidents linked there",
        s.documents,
        s.revisions,
        s.runs,
        s.extractions,
        s.entries,
        s.decisions,
        s.ingests,
        s.ingest_failures,
        sitrep_store::shown(&args.to),
        s.incidents
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Files and folders (searched recursively for .txt, .md, .html, .htm, .jsonl); `-` reads standard input.
    #[arg(required = true)]
    paths: Vec<String>,
    /// The publisher of these documents (a JSONL line's `publisher` takes precedence).
    #[arg(long)]
    source: Option<String>,
    /// Publication date (YYYY-MM-DD) of documents that do not give theirs.
    #[arg(long)]
    published: Option<String>,
    /// Encoding of the documents that are not UTF-8 and have no byte-order mark (e.g. windows-1256).
    #[arg(long)]
    encoding: Option<String>,
    /// Largest document (or JSONL line) accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_bytes: usize,
    /// Documents per transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
}

#[derive(clap::Args)]
pub struct ReextractArgs {
    /// Documents per transaction.
    #[arg(long, default_value_t = 2000)]
    batch: usize,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum EventsFormat {
    Table,
    Jsonl,
    Csv,
    Geojson,
}

#[derive(clap::Args)]
pub struct EventsArgs {
    /// Entries dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    since: Option<String>,
    /// Entries dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// Province, as `events` prints it (any letter case).
    #[arg(long)]
    province: Option<String>,
    /// District, as `events` prints it (any letter case).
    #[arg(long)]
    district: Option<String>,
    /// Perpetrator or target.
    #[arg(long)]
    actor: Option<String>,
    /// The organisation whose statement the entry comes from.
    #[arg(long)]
    claimant: Option<String>,
    /// Event type or sub-event type (ACLED).
    #[arg(long = "type")]
    event_type: Option<String>,
    /// event, summary or aggregate.
    #[arg(long)]
    kind: Option<String>,
    /// Most entries printed (in date order, undated first).
    #[arg(long)]
    limit: Option<u64>,
    /// Entries skipped before the first printed.
    #[arg(long, default_value_t = 0)]
    offset: u64,
    /// csv: ACLED's 31 columns, then sitrep's own; geojson: one Feature per entry.
    #[arg(long, value_enum, default_value = "table")]
    format: EventsFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ListFormat {
    Table,
    Jsonl,
}

#[derive(clap::Args)]
pub struct DocumentsArgs {
    /// Only the documents of this publisher.
    #[arg(long)]
    source: Option<String>,
    /// Most documents printed.
    #[arg(long)]
    limit: Option<u64>,
    /// Documents skipped before the first printed.
    #[arg(long, default_value_t = 0)]
    offset: u64,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ShowFormat {
    Table,
    Json,
}

#[derive(clap::Args)]
pub struct ShowArgs {
    /// The document id (as `sitrep documents` lists it).
    id: i64,
    /// table: for reading; json: the document, its revisions and entries.
    #[arg(long, value_enum, default_value = "table")]
    format: ShowFormat,
}

/// How `watch` reads a watched folder's file: its documents as `ingest` reads them (none for a file of another
/// type than .txt, .md, .html, .htm and .jsonl).
pub fn watched_file_reader(max_bytes: usize) -> impl Fn(&Path) -> Vec<Incoming> + Send + Sync {
    let reader = Reader { config: InputConfig { max_bytes, encoding: None }, source: None, published: None };
    move |path| match sitrep_input::kind_of(path) {
        Some(kind) => reader.read(&path.display().to_string(), kind),
        None => Vec::new(),
    }
}

fn progress_bar() -> indicatif::ProgressBar {
    if !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {human_pos} documents  {per_sec}  {elapsed}  {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

pub fn run_ingest(db: Option<&Path>, args: &IngestArgs) -> anyhow::Result<ExitCode> {
    if let Some(name) = &args.encoding {
        if encoding_rs::Encoding::for_label(name.as_bytes()).is_none() {
            bail!("--encoding {name:?}: unknown encoding");
        }
    }
    if let Some(p) = &args.published {
        if p.parse::<sitrep_extract::Date>().is_err() {
            bail!("--published {p:?}: expected YYYY-MM-DD");
        }
    }
    let found = sitrep_input::find(&args.paths);
    for s in &found.other_types {
        eprintln!("sitrep: skipped (not .txt, .md, .html, .htm or .jsonl): {}", s.display());
    }
    for (link, folder) in &found.links {
        eprintln!("sitrep: skipped {}: a link to {}, read once already", link.display(), folder.display());
    }
    let skipped = found.other_types.len() + found.links.len();
    let reader = Reader {
        config: InputConfig { max_bytes: args.max_bytes, encoding: args.encoding.clone() },
        source: args.source.clone(),
        published: args.published.clone(),
    };
    let mut store = create(db)?;
    let bar = progress_bar();
    let documents = reader.documents(&found);
    let config = IngestConfig { batch: args.batch, ..IngestConfig::default() };
    let summary = ingest(&mut *store, documents, &config, &mut |p: Progress| bar.set_position(p.done))?;
    bar.finish_and_clear();
    for f in store.ingest_failures(Some(summary.ingest_id))? {
        match f.line {
            Some(line) => eprintln!("sitrep: {}:{line}: {}", f.origin, f.reason),
            None => eprintln!("sitrep: {}: {}", f.origin, f.reason),
        }
    }
    for w in &summary.warnings {
        eprintln!("sitrep: {}: warning: {}", w.origin, w.message);
    }
    eprintln!(
        "sitrep: {} documents: {} stored ({} new documents, {} new revisions), {} already stored, {} failed, {} skipped; {} entries added to {}",
        summary.documents,
        summary.revisions_added,
        summary.documents_added,
        summary.revisions_added - summary.documents_added,
        summary.duplicates,
        summary.failed,
        skipped,
        summary.entries_added,
        sitrep_store::shown(&db_path(db))
    );
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn run_reextract(db: Option<&Path>, args: &ReextractArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let bar = progress_bar();
    let run = RunInfo::current();
    let summary = reextract(&mut *store, &run, args.batch, &mut |p: Progress| bar.set_position(p.done))?;
    bar.finish_and_clear();
    eprintln!(
        "sitrep: run {} ({} {}, vocabulary {}, gazetteer {}): {} documents extracted, {} entries",
        summary.run_id,
        run.extractor,
        run.extractor_version,
        run.vocabulary,
        run.gazetteer,
        summary.documents,
        summary.entries
    );
    Ok(ExitCode::SUCCESS)
}

fn entries_table(entries: &[StoredEntry]) -> String {
    let mut rows = vec![[
        "entry",
        "doc",
        "id",
        "kind",
        "date",
        "claimant",
        "perpetrator",
        "target",
        "type",
        "province",
        "district",
        "killed",
        "wounded",
        "evidence",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect::<Vec<_>>()];
    for e in entries {
        let x = &e.entry;
        rows.push(vec![
            e.entry_id.to_string(),
            e.document_id.to_string(),
            x.id.clone(),
            x.kind.as_str().into(),
            match (x.date, &e.date_basis) {
                (Some(d), Some(basis)) => format!("week to {} ({basis})", d.end),
                (Some(d), None) => d.start.to_string(),
                (None, _) => String::new(),
            },
            x.claimant.clone().unwrap_or_default(),
            x.perpetrator.clone().unwrap_or_default(),
            x.target.clone().unwrap_or_default(),
            x.sub_event_type.clone().unwrap_or_default(),
            x.location.province.clone().unwrap_or_default(),
            x.location.district.clone().unwrap_or_default(),
            count_cell(x.killed.as_ref()),
            count_cell(x.wounded.as_ref()),
            e.evidence_text.chars().take(60).collect(),
        ]);
    }
    columns(&rows)
}

pub fn run_events(db: Option<&Path>, args: &EventsArgs) -> anyhow::Result<ExitCode> {
    for (name, day) in [("--since", &args.since), ("--until", &args.until)] {
        if let Some(d) = day {
            if d.parse::<sitrep_extract::Date>().is_err() {
                bail!("{name} {d:?}: expected YYYY-MM-DD");
            }
        }
    }
    if let Some(k) = &args.kind {
        if !matches!(k.as_str(), "event" | "summary" | "aggregate") {
            bail!("--kind {k:?}: expected event, summary or aggregate");
        }
    }
    let query = EventQuery {
        since: args.since.clone(),
        until: args.until.clone(),
        province: args.province.clone(),
        district: args.district.clone(),
        actor: args.actor.clone(),
        claimant: args.claimant.clone(),
        event_type: args.event_type.clone(),
        kind: args.kind.clone(),
        document_id: None,
        limit: args.limit,
        offset: args.offset,
        after: None,
    };
    let mut store = open_existing(db)?;
    let entries = store.events(&query)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        EventsFormat::Table => write!(out, "{}", entries_table(&entries))?,
        EventsFormat::Jsonl => {
            for e in &entries {
                writeln!(out, "{}", stored_entry_json(e))?;
            }
        }
        EventsFormat::Csv => {
            let mut csv = CsvExport::new(&mut out)?;
            for e in &entries {
                csv.write(e)?;
            }
            csv.finish()?;
        }
        EventsFormat::Geojson => {
            let features = entries.iter().map(|e| geojson_feature(e, stored_entry_json(e))).collect();
            writeln!(out, "{}", geojson_collection(features))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_documents(db: Option<&Path>, args: &DocumentsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let docs =
        store.documents(&DocumentQuery { source: args.source.clone(), limit: args.limit, offset: args.offset })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ListFormat::Jsonl => {
            for d in &docs {
                let value = json!({
                    "document_id": d.id, "hash": d.hash, "url": d.url, "origin": d.origin, "source": d.source,
                    "title": d.title, "published": d.published, "revisions": d.revisions, "entries": d.entries,
                });
                writeln!(out, "{value}")?;
            }
        }
        ListFormat::Table => {
            let mut rows = vec![["id", "hash", "revisions", "entries", "published", "source", "title", "document"]
                .iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()];
            for d in &docs {
                rows.push(vec![
                    d.id.to_string(),
                    d.hash.clone(),
                    d.revisions.to_string(),
                    d.entries.to_string(),
                    d.published.clone().unwrap_or_default(),
                    d.source.clone().unwrap_or_default(),
                    d.title.clone().unwrap_or_default(),
                    d.url.clone().unwrap_or_else(|| d.origin.clone()),
                ]);
            }
            write!(out, "{}", columns(&rows))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_show(db: Option<&Path>, args: &ShowArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let Some(doc) = store.document(args.id)? else {
        eprintln!("sitrep: no document {}", args.id);
        return Ok(ExitCode::from(1));
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let s = &doc.summary;
    match args.format {
        ShowFormat::Json => {
            let value = json!({
                "document_id": s.id, "hash": s.hash, "url": s.url, "origin": s.origin, "source": s.source,
                "title": s.title, "published": s.published, "language": doc.language,
                "revisions": doc.revisions.iter().map(|r| json!({
                    "number": r.number, "hash": r.hash, "origin": r.origin, "media_type": r.media_type,
                    "ingested_at": r.ingested_at,
                    "runs": r.runs.iter().map(|(id, version, n)| json!({"run": id, "version": version, "entries": n})).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "text": doc.text,
                "entries": doc.entries.iter().map(stored_entry_json).collect::<Vec<_>>(),
            });
            writeln!(out, "{value}")?;
        }
        ShowFormat::Table => {
            writeln!(out, "document {} ({})  {}", s.id, s.hash, s.url.as_deref().unwrap_or(&s.origin))?;
            for (label, value) in [("title", &s.title), ("source", &s.source), ("published", &s.published)] {
                if let Some(v) = value {
                    writeln!(out, "{label}: {v}")?;
                }
            }
            for r in &doc.revisions {
                let runs: Vec<String> =
                    r.runs.iter().map(|(id, version, n)| format!("run {id} ({version}): {n} entries")).collect();
                writeln!(
                    out,
                    "revision {} ({}, {}) {}: {}",
                    r.number,
                    r.hash,
                    r.media_type,
                    r.origin,
                    runs.join("; ")
                )?;
            }
            writeln!(out)?;
            write!(out, "{}", entries_table(&doc.entries))?;
            writeln!(out)?;
            for e in &doc.entries {
                writeln!(
                    out,
                    "{} [{}..{}] {}",
                    e.entry.id, e.entry.evidence.start, e.entry.evidence.end, e.evidence_text
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// For `demo`: ingests `samples` (name, publication day, text) into a database in memory and prints the event
/// tallies by claimant and by province.
pub fn demo_store(samples: &[(&str, &str, &str)]) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open_in_memory()?;
    let documents = samples.iter().map(|(name, published, text)| {
        let mut i = Incoming::text(*name, *text);
        i.published = Some(published.to_string());
        i
    });
    let summary = ingest(&mut store, documents, &IngestConfig::default(), &mut |_| {})?;
    println!(
        "{} documents stored, {} entries (extraction run {}).",
        summary.revisions_added, summary.entries_added, summary.run_id
    );
    // Incidents, not entries: a claim and the ministry's account of one attack count once.
    for by in [TallyDimension::Claimant, TallyDimension::Province] {
        let query =
            TallyQuery { by, basis: sitrep_reconcile::Basis::Claimed, since: None, until: None, province: None };
        println!();
        print!("{}", crate::reconcile_commands::tally_table(by.as_str(), &store.tally_incidents(&query)?));
    }
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
