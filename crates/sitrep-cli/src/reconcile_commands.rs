//! Incidents, tallies and reports: `incidents` (list, `show --explain`, `split`, `merge`), `relink`, `tally`,
//! `report`.
//! Linking is `sitrep-reconcile`; SQL is `sitrep-store`; the newsroom report is `sitrep-report`; formatting is here.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::bail;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Subcommand, ValueEnum};
use serde_json::{json, Value};
use sitrep_extract::Date;
use sitrep_reconcile::{Basis, Config};
use sitrep_report::{aggregate_claims, Report, ReportQuery};
use sitrep_store::{
    tally_figures, tally_row_json, EventQuery, FigureSum, IncidentTally, Storage, StoredIncident, TallyDimension,
    TallyQuery, FIGURE_COLUMNS,
};

use crate::store_commands::open_existing;

#[derive(Clone, Copy, ValueEnum)]
pub enum IncidentsFormat {
    Table,
    Jsonl,
}

#[derive(clap::Args)]
pub struct IncidentsArgs {
    #[command(subcommand)]
    command: Option<IncidentsCommand>,
    /// table: for reading; jsonl: one incident a line with its entries.
    #[arg(long, value_enum, default_value = "table", global = true)]
    format: IncidentsFormat,
}

#[derive(Subcommand)]
enum IncidentsCommand {
    /// One incident with every source's claim side by side.
    Show {
        /// The incident id (or the id of any of its entries).
        id: i64,
        /// Print the features and score behind every link.
        #[arg(long)]
        explain: bool,
    },
    /// Make an entry an incident of its own (kept across re-extraction).
    Split {
        /// The entry (as `events` lists it).
        entry_id: i64,
    },
    /// Make two incidents one (kept across re-extraction).
    Merge {
        /// An incident id, or the id of any of its entries.
        a: i64,
        /// The other incident, likewise.
        b: i64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TallyFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct TallyArgs {
    /// What to group the incidents by (week: the Monday it starts on; month: YYYY-MM).
    #[arg(long, value_parser = named(&TallyDimension::ALL, TallyDimension::as_str))]
    by: TallyDimension,
    /// Incidents on or after this day (YYYY-MM-DD); undated incidents are then left out.
    #[arg(long)]
    since: Option<String>,
    /// Incidents on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// claimed: every incident once, with the claimant's (else the first source's) figures; corroborated:
    /// incidents told by two sources or by a non-party, with the lowest figure any source gives.
    #[arg(long, value_parser = named(&Basis::ALL, Basis::as_str), default_value = "claimed")]
    basis: Basis,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: TallyFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// Incidents on or after this day (YYYY-MM-DD); undated incidents are then left out.
    #[arg(long)]
    since: Option<String>,
    /// Incidents on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// md: Markdown with an inline SVG chart; html: a standalone page.
    #[arg(long, value_enum, default_value = "md")]
    format: ReportFormat,
}

fn check_day(name: &str, day: &Option<String>) -> anyhow::Result<()> {
    if let Some(d) = day {
        if d.parse::<Date>().is_err() {
            bail!("{name} {d:?}: expected YYYY-MM-DD");
        }
    }
    Ok(())
}

fn incident_json(i: &StoredIncident) -> Value {
    json!({
        "id": i.id,
        "entries": i.entries.iter().map(|e| json!({
            "document": e.document,
            "entry_id": e.entry_id,
            "claimant": e.entry.claimant,
            "evidence": {"start": e.entry.evidence.start, "end": e.entry.evidence.end},
        })).collect::<Vec<_>>(),
        "disagreements": i.disagreements,
    })
}

fn figure_text(c: &Option<sitrep_extract::Count>) -> String {
    match c {
        None => String::new(),
        Some(c) => match (c.low, c.best) {
            (_, Some(b)) => b.to_string(),
            (Some(l), None) => format!(">={l}"),
            _ => "?".into(),
        },
    }
}

fn incident_rows(incidents: &[StoredIncident]) -> String {
    let mut out = String::new();
    for i in incidents {
        let _ = writeln!(out, "incident {} ({} entries)", i.id, i.entries.len());
        for e in &i.entries {
            let x = &e.entry;
            let _ = writeln!(
                out,
                "  {:>6}  {:<28}  {:<12}  {:<14}  killed {:<5} wounded {:<5} {}  [{}]",
                e.entry_id,
                x.claimant.as_deref().unwrap_or("(not stated)"),
                x.date.map(|d| d.start.to_string()).unwrap_or_default(),
                [x.location.province.as_deref(), x.location.district.as_deref()]
                    .iter()
                    .flatten()
                    .copied()
                    .collect::<Vec<_>>()
                    .join("/"),
                figure_text(&x.killed),
                figure_text(&x.wounded),
                e.document,
                e.evidence_text.chars().take(60).collect::<String>().replace('\n', " "),
            );
        }
        if let Some(list) = i.disagreements.as_array() {
            for d in list {
                let field = d.get("field").and_then(Value::as_str).unwrap_or("");
                let values: Vec<String> = d
                    .get("values")
                    .and_then(Value::as_array)
                    .map(|v| {
                        v.iter()
                            .map(|x| {
                                format!(
                                    "{} ({})",
                                    x.get("value").and_then(Value::as_str).unwrap_or(""),
                                    x.get("claimant").and_then(Value::as_str).unwrap_or("not stated")
                                )
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let _ = writeln!(out, "  disagree on {field}: {}", values.join(" vs "));
            }
        }
    }
    out
}

/// Aggregate claims ("seven attacks ... 34 killed over three weeks") stay claims: each is compared with the
/// incidents found for the same claimant in its period and provinces (`sitrep_report::AggregateClaim`).
fn aggregate_lines(store: &mut dyn Storage, incidents: &[StoredIncident]) -> anyhow::Result<Vec<String>> {
    let entries = store.events(&EventQuery::default())?;
    Ok(aggregate_claims(&entries, incidents).iter().map(|c| c.text()).collect())
}

pub fn run_incidents(db: Option<&Path>, args: &IncidentsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match &args.command {
        None => {
            let incidents = store.incidents(None)?;
            match args.format {
                IncidentsFormat::Jsonl => {
                    for i in &incidents {
                        writeln!(out, "{}", incident_json(i))?;
                    }
                }
                IncidentsFormat::Table => {
                    write!(out, "{}", incident_rows(&incidents))?;
                    let checks = aggregate_lines(&mut *store, &incidents)?;
                    if !checks.is_empty() {
                        writeln!(out, "\nAggregate claims against the incidents found:")?;
                        for line in checks {
                            writeln!(out, "  {line}")?;
                        }
                    }
                }
            }
        }
        Some(IncidentsCommand::Show { id, explain }) => {
            let id = match store.incident_of(*id)? {
                Some(i) => i,
                None => {
                    eprintln!("sitrep: no incident or event entry {id}");
                    return Ok(ExitCode::from(1));
                }
            };
            let incidents = store.incidents(Some(id))?;
            match args.format {
                IncidentsFormat::Jsonl => {
                    for i in &incidents {
                        let mut v = incident_json(i);
                        if *explain {
                            let links = store.incident_links(id)?;
                            if let Some(o) = v.as_object_mut() {
                                o.insert(
                                    "links".into(),
                                    links
                                        .iter()
                                        .map(|l| {
                                            json!({"a": l.a, "b": l.b, "kind": l.kind, "score": l.score,
                                            "reason": l.reason, "features": l.features})
                                        })
                                        .collect(),
                                );
                            }
                        }
                        writeln!(out, "{v}")?;
                    }
                }
                IncidentsFormat::Table => {
                    write!(out, "{}", incident_rows(&incidents))?;
                    if *explain {
                        let links = store.incident_links(id)?;
                        if links.is_empty() {
                            writeln!(out, "  no links: told by one entry")?;
                        }
                        for l in links {
                            let score = l.score.map(|s| format!(" score {s:.2}")).unwrap_or_default();
                            let reason = l.reason.map(|r| format!(" ({r})")).unwrap_or_default();
                            writeln!(out, "  link {} - {} [{}]{score}{reason}", l.a, l.b, l.kind)?;
                            if let Some(Value::Object(f)) = l.features {
                                let parts: Vec<String> = f.iter().map(|(k, v)| format!("{k}={v}")).collect();
                                writeln!(out, "    {}", parts.join(" "))?;
                            }
                        }
                    }
                }
            }
        }
        Some(IncidentsCommand::Split { entry_id }) => {
            if !store.split(*entry_id)? {
                eprintln!("sitrep: no current entry {entry_id}");
                return Ok(ExitCode::from(1));
            }
            writeln!(out, "entry {entry_id} is an incident of its own")?;
        }
        Some(IncidentsCommand::Merge { a, b }) => {
            // An incident's id is the id of its first entry: one look-up finds either.
            let mut missing = false;
            for id in [*a, *b] {
                if store.incident_of(id)?.is_none() {
                    eprintln!("sitrep: no incident or event entry {id}");
                    missing = true;
                }
            }
            if missing {
                return Ok(ExitCode::from(1));
            }
            if !store.merge(*a, *b)? {
                eprintln!("sitrep: incidents {a} and {b} have no current entry to merge");
                return Ok(ExitCode::from(1));
            }
            let id = store.incident_of(*a)?.unwrap_or(*a);
            writeln!(out, "incidents {a} and {b} merged into incident {id}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// An argument that is one of `all`, by its name (`name`): the names are listed in `--help` and in errors, as
/// clap lists an enum's.
fn named<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    name: fn(T) -> &'static str,
) -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(all.iter().map(|v| name(*v)))
        .try_map(move |s| all.iter().copied().find(|v| name(*v) == s).ok_or("not one of the values"))
}

/// `low/best/high`, `?` for an unknown high.
fn figure_cell(f: FigureSum) -> String {
    format!("{}/{}/{}", f.low, f.best, f.high.map_or("?".to_string(), |h| h.to_string()))
}

/// A CSV cell, quoted when needed and [`sitrep_store::spreadsheet_safe`].
fn csv_cell(s: &str) -> String {
    let s = sitrep_store::spreadsheet_safe(s.to_string());
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

pub(crate) fn tally_table(name: &str, rows: &[IncidentTally]) -> String {
    let mut out =
        format!("{name:<32}  incidents  killed (low/best/high)  wounded (low/best/high)  captured  provinces\n");
    for t in rows {
        let _ = writeln!(
            out,
            "{:<32}  {:>9}  {:>21}  {:>23}  {:>8}  {:>9}",
            t.key.as_deref().unwrap_or("(not stated)"),
            t.incidents,
            figure_cell(t.killed),
            figure_cell(t.wounded),
            t.captured.best,
            t.provinces
        );
    }
    out
}

pub fn run_tally(db: Option<&Path>, args: &TallyArgs) -> anyhow::Result<ExitCode> {
    check_day("--since", &args.since)?;
    check_day("--until", &args.until)?;
    let (by, basis) = (args.by, args.basis);
    let mut store = open_existing(db)?;
    store.ensure_linked()?;
    let rows = store.tally_incidents(&TallyQuery {
        by,
        basis,
        since: args.since.clone(),
        until: args.until.clone(),
        province: None,
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        TallyFormat::Table => write!(out, "{}", tally_table(by.as_str(), &rows))?,
        TallyFormat::Csv => {
            writeln!(out, "{},incidents,{},provinces", by.as_str(), FIGURE_COLUMNS.join(","))?;
            for t in &rows {
                let figures: Vec<String> =
                    tally_figures(t).iter().map(|f| f.map(|v| v.to_string()).unwrap_or_default()).collect();
                writeln!(
                    out,
                    "{},{},{},{}",
                    csv_cell(t.key.as_deref().unwrap_or("")),
                    t.incidents,
                    figures.join(","),
                    t.provinces
                )?;
            }
        }
        TallyFormat::Json => {
            let rows: Vec<Value> = rows.iter().map(|t| tally_row_json(by, t)).collect();
            writeln!(out, "{}", json!({"by": by.as_str(), "basis": basis.as_str(), "rows": rows}))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn run_report(db: Option<&Path>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    check_day("--since", &args.since)?;
    check_day("--until", &args.until)?;
    let mut store = open_existing(db)?;
    store.ensure_linked()?;
    let q = ReportQuery { since: args.since.clone(), until: args.until.clone(), ..ReportQuery::default() };
    let report = Report::build(&store.linked_incidents(None)?, &q);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Md => write!(out, "{}", report.markdown())?,
        ReportFormat::Html => write!(out, "{}", report.html())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[derive(clap::Args)]
pub struct RelinkArgs {}

/// Links every current entry again and rewrites incidents, links and tallies: what a changed linker needs
/// (an ingest links only the blocks its new entries reach).
pub fn run_relink(db: Option<&Path>, _args: &RelinkArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let start = std::time::Instant::now();
    let s = store.relink(&Config::default())?;
    eprintln!(
        "relinked {} entries into {} incidents ({} links, {} pairs compared) in {:.1} s",
        s.entries,
        s.incidents,
        s.links,
        s.compared,
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
