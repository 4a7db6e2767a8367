//! `sitrep`: the command line. Thin glue over the library crates.

mod eval_command;
mod output;
mod reconcile_commands;
mod serve_commands;
mod store_commands;
mod watch_commands;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::bail;
use clap::{Parser, Subcommand, ValueEnum};
use rayon::prelude::*;
use sitrep_extract::{extract, Date, Extraction, Language, Metadata};
use sitrep_gazetteer::Gazetteer;

use sitrep_input::{read_document, InputConfig};

/// The allocator of `sitrep` (and of the extraction benchmark, which measures what this binary does).
#[global_allocator]
static ALLOCATOR: sitrep_alloc::Allocator = sitrep_alloc::Allocator;

#[derive(Parser)]
#[command(
    name = "sitrep",
    version,
    about = "Conflict claims and reports in Arabic, English, Dari and Pashto, read into evidence-backed events"
)]
struct Cli {
    /// The store's database, for the commands that use one (they also take it after their name).
    #[arg(long)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

/// The arguments of a command over the store, with its database.
#[derive(clap::Args)]
struct OnStore<T: clap::Args> {
    /// The store's database (default: $SITREP_DB, else sitrep.db in the current directory).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(flatten)]
    args: T,
}

#[derive(Subcommand)]
enum Command {
    /// Store documents (files, folders, JSONL, HTML, `-`) and their extracted entries in the database.
    Ingest(OnStore<store_commands::IngestArgs>),
    /// Extract the stored documents again with this extractor, as a new extraction run.
    Reextract(OnStore<store_commands::ReextractArgs>),
    /// Stored entries, filtered, as a table, JSONL, CSV (ACLED columns first) or GeoJSON.
    Events(OnStore<store_commands::EventsArgs>),
    /// Stored documents.
    Documents(OnStore<store_commands::DocumentsArgs>),
    /// A stored document with its entries and evidence.
    Show(OnStore<store_commands::ShowArgs>),
    /// Serve the JSON API and the dashboard (map, timeline, tallies, evidence) over the database.
    Serve(OnStore<serve_commands::ServeArgs>),
    /// Incidents: entries of several sources linked as one happening (`show --explain`, `split`, `merge`).
    Incidents(OnStore<reconcile_commands::IncidentsArgs>),
    /// Link every stored entry again (after a change of the linker; ingest links only what is new).
    Relink(OnStore<reconcile_commands::RelinkArgs>),
    /// Incidents counted once each, grouped by claimant, actor, place, week or month.
    Tally(OnStore<reconcile_commands::TallyArgs>),
    /// Poll feeds, OPML lists, folders and Telegram exports; store and link what is new, until Ctrl-C (or --once).
    Watch(OnStore<watch_commands::WatchArgs>),
    /// The watched sources: last success, last error, items and documents stored, failed fetches.
    Sources(OnStore<watch_commands::SourcesArgs>),
    /// Copy a SQLite store whole into an empty PostgreSQL one (documents, revisions, runs, entries, decisions).
    Migrate(store_commands::MigrateArgs),
    /// A newsroom compilation per actor, with its table and a chart of incidents per week.
    Report(OnStore<reconcile_commands::ReportArgs>),
    /// Extract every event, summary and aggregate claim of each document.
    Extract(ExtractArgs),
    /// The Afghanistan gazetteer.
    Places {
        #[command(subcommand)]
        command: PlacesCommand,
    },
    /// Extract the bundled sample documents and print the table.
    Demo,
    /// Score extraction on hand-checked gold files, with the figures of `../shared/tools/score.py`.
    Eval(eval_command::EvalArgs),
}

#[derive(Subcommand)]
enum PlacesCommand {
    /// Candidates for a name in any script, best first: name, level, hierarchy, code.
    Search {
        /// The name, in any script or spelling (several words make one name).
        name: Vec<String>,
        /// Most candidates printed.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Jsonl,
    Json,
    Table,
}

#[derive(Clone, Copy, ValueEnum)]
enum LanguageArg {
    Auto,
    Ar,
    En,
    Fa,
    Ps,
}

#[derive(clap::Args)]
struct ExtractArgs {
    /// Files to read; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// Publication date (YYYY-MM-DD): the anchor of "yesterday" and weekdays when there is no dateline.
    #[arg(long)]
    published: Option<String>,
    /// Language of the documents; `auto` tells it from their letters.
    #[arg(long, value_enum, default_value = "auto")]
    lang: LanguageArg,
    /// Encoding of the documents that are not UTF-8 and have no byte-order mark (e.g. windows-1256).
    #[arg(long)]
    encoding: Option<String>,
    /// jsonl: one entry a line (the output contract); json: one object per document; table: for reading.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: Format,
    /// Largest document accepted, in bytes.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_bytes: usize,
}

fn main() -> ExitCode {
    restore_sigpipe();
    let cli = Cli::parse();
    let result = run(cli);
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("sitrep: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let top = cli.db;
    // The database named after the command, else before it.
    let db = |own: Option<PathBuf>| own.or_else(|| top.clone());
    let no_db = |command: &str| match &top {
        Some(_) => Err(anyhow::anyhow!("--db: `sitrep {command}` does not use a database")),
        None => Ok(()),
    };
    match cli.command {
        Command::Ingest(c) => store_commands::run_ingest(db(c.db).as_deref(), &c.args),
        Command::Reextract(c) => store_commands::run_reextract(db(c.db).as_deref(), &c.args),
        Command::Events(c) => store_commands::run_events(db(c.db).as_deref(), &c.args),
        Command::Documents(c) => store_commands::run_documents(db(c.db).as_deref(), &c.args),
        Command::Show(c) => store_commands::run_show(db(c.db).as_deref(), &c.args),
        Command::Serve(c) => serve_commands::run_serve(db(c.db).as_deref(), &c.args),
        Command::Incidents(c) => reconcile_commands::run_incidents(db(c.db).as_deref(), &c.args),
        Command::Relink(c) => reconcile_commands::run_relink(db(c.db).as_deref(), &c.args),
        Command::Tally(c) => reconcile_commands::run_tally(db(c.db).as_deref(), &c.args),
        Command::Report(c) => reconcile_commands::run_report(db(c.db).as_deref(), &c.args),
        Command::Watch(c) => watch_commands::run_watch(db(c.db).as_deref(), &c.args),
        Command::Sources(c) => watch_commands::run_sources(db(c.db).as_deref(), &c.args),
        Command::Extract(args) => no_db("extract").and_then(|()| run_extract(&args)),
        Command::Places { command: PlacesCommand::Search { name, limit } } => {
            no_db("places").and_then(|()| places_search(&name.join(" "), limit))
        }
        Command::Migrate(args) => no_db("migrate").and_then(|()| store_commands::run_migrate(&args)),
        Command::Demo => no_db("demo").and_then(|()| demo()),
        Command::Eval(args) => no_db("eval").and_then(|()| eval_command::run_eval(&args)),
    }
}

/// A document's text and extraction, or why it could not be read.
type DocumentResult = Result<(String, Extraction), sitrep_input::InputError>;

fn run_extract(args: &ExtractArgs) -> anyhow::Result<ExitCode> {
    let published = match &args.published {
        Some(p) => Some(p.parse::<Date>().map_err(|_| anyhow::anyhow!("--published {p:?}: expected YYYY-MM-DD"))?),
        None => None,
    };
    if let Some(name) = &args.encoding {
        if encoding_rs::Encoding::for_label(name.as_bytes()).is_none() {
            bail!("--encoding {name:?}: unknown encoding");
        }
    }
    let language = match args.lang {
        LanguageArg::Auto => None,
        LanguageArg::Ar => Some(Language::Arabic),
        LanguageArg::En => Some(Language::English),
        LanguageArg::Fa => Some(Language::Dari),
        LanguageArg::Ps => Some(Language::Pashto),
    };
    let config = InputConfig { max_bytes: args.max_bytes, encoding: args.encoding.clone() };
    let meta = Metadata { published, language, received: None };
    // Documents are independent: read and extract them on all cores, print in the order given.
    let results: Vec<(String, DocumentResult)> = args
        .files
        .par_iter()
        .map(|path| {
            // An undated document's weekday-named days take the latest fitting year up to the file's day.
            let received = sitrep_input::date_fallback(path).map(|f| f.day);
            let result = read_document(path, &config).map(|text| {
                let extraction = extract(&text, &Metadata { received, ..meta.clone() });
                (text, extraction)
            });
            (path.clone(), result)
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0;
    let mut table_rows = Vec::new();
    for (path, result) in &results {
        match result {
            Err(e) => {
                failed += 1;
                eprintln!("sitrep: {e}");
            }
            Ok((text, extraction)) => {
                if let Some(warning) = sitrep_store::undecoded_warning(extraction, text) {
                    eprintln!("sitrep: {path}: warning: {warning}");
                }
                match args.format {
                    Format::Jsonl => {
                        for entry in &extraction.entries {
                            let value = sitrep_store::entry_json(entry, text, path, extraction.language.code());
                            writeln!(out, "{value}")?;
                        }
                    }
                    Format::Json => writeln!(out, "{}", output::document_json(extraction, text, path))?,
                    Format::Table => table_rows.push((path.clone(), extraction, text.as_str())),
                }
            }
        }
    }
    if matches!(args.format, Format::Table) {
        write!(out, "{}", output::table(&table_rows))?;
    }
    out.flush()?;
    if failed > 0 {
        eprintln!("sitrep: {failed} of {} documents failed", results.len());
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn places_search(name: &str, limit: usize) -> anyhow::Result<ExitCode> {
    let candidates = Gazetteer::embedded().search(name, limit);
    if candidates.is_empty() {
        eprintln!("sitrep: no place matches {name:?}");
        return Ok(ExitCode::from(1));
    }
    for c in candidates {
        println!("{c}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The bundled sample documents, written by the project in the genre of real bulletins and reports.
/// The bundled sample documents (name, publication day, text): the project's own writing in the genre of real
/// bulletins and reports, each dated in its era (the Taliban's bulletins against the "puppet army" before August
/// 2021, the resistance fronts' claims after it).
const SAMPLES: &[(&str, &str, &str)] = &[
    ("samples/bulletin_ar.txt", "2019-08-08", include_str!("../../../data/samples/bulletin_ar.txt")),
    ("samples/report_en.txt", "2019-08-08", include_str!("../../../data/samples/report_en.txt")),
    ("samples/compilation_en.txt", "2024-08-08", include_str!("../../../data/samples/compilation_en.txt")),
];

fn demo() -> anyhow::Result<ExitCode> {
    let mut extractions: Vec<(String, Extraction, &str)> = Vec::new();
    for (name, published, text) in SAMPLES {
        let published: Date = published.parse().map_err(|_| anyhow::anyhow!("bad demo date {published}"))?;
        let meta = Metadata { published: Some(published), ..Metadata::default() };
        extractions.push((name.to_string(), extract(text, &meta), *text));
    }
    let rows: Vec<(String, &Extraction, &str)> = extractions.iter().map(|(n, e, t)| (n.clone(), e, *t)).collect();
    print!("{}", output::table(&rows));
    let total: usize = extractions.iter().map(|(_, e, _)| e.entries.len()).sum();
    println!("\n{total} entries from {} sample documents.\n", SAMPLES.len());
    // Then the main job: ingest into a temporary database, tally, and serve the dashboard.
    let code = store_commands::demo_store(SAMPLES)?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    serve_commands::serve_demo(SAMPLES)
}

/// `sitrep ... | head` ends quietly, as command-line tools do, instead of failing on a closed pipe: Rust
/// ignores SIGPIPE by default, which turns every later write into an error (and `println!` into a panic).
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in `main`, before any thread starts; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::Cli;

    /// Every option and argument of every command says what it is; `--db` is offered by the commands that
    /// use the store and by no other.
    #[test]
    fn every_option_has_help_and_db_only_where_used() {
        fn undocumented(command: &clap::Command, path: &str, out: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let id = arg.get_id().as_str();
                if id != "help" && id != "version" && arg.get_help().is_none() {
                    out.push(format!("{path}: {id}"));
                }
            }
            for sub in command.get_subcommands() {
                undocumented(sub, &format!("{path} {}", sub.get_name()), out);
            }
        }
        let mut cli = Cli::command();
        cli.build();
        let mut missing = Vec::new();
        undocumented(&cli, "sitrep", &mut missing);
        assert!(missing.is_empty(), "without help: {missing:#?}");
        let has_db = |path: &[&str]| {
            let command = path.iter().fold(&cli, |c, name| c.find_subcommand(name).expect("command"));
            command.get_arguments().any(|a| a.get_id() == "db")
        };
        for path in [&["extract"][..], &["places"], &["places", "search"], &["demo"], &["eval"]] {
            assert!(!has_db(path), "{path:?} lists --db");
        }
        for path in [&["ingest"][..], &["events"], &["tally"], &["incidents", "merge"], &["report"], &["serve"]] {
            assert!(has_db(path), "{path:?} lacks --db");
        }
    }
}
