//! Incidents, tallies and reports: `incidents` (list, `show --explain`, `split`, `merge`), `tally`, `report`.
//! Linking is `sitrep-reconcile`; SQL is `sitrep-store`; formatting is here.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context as _};
use clap::{Subcommand, ValueEnum};
use serde_json::{json, Value};
use sitrep_extract::Date;
use sitrep_reconcile::{facts, Basis, IncidentFacts, LinkEntry};
use sitrep_store::{link_entry, IncidentTally, SqliteStore, StoredIncident, TallyDimension, TallyQuery};

use crate::store_commands::db_path;

fn open(db: Option<&Path>) -> anyhow::Result<SqliteStore> {
    let path = db_path(db);
    SqliteStore::open(&path).with_context(|| format!("opening the database {}", path.display()))
}

#[derive(Clone, Copy, ValueEnum)]
pub enum IncidentsFormat {
    Table,
    Jsonl,
}

#[derive(clap::Args)]
pub struct IncidentsArgs {
    #[command(subcommand)]
    command: Option<IncidentsCommand>,
    #[arg(long, value_enum, default_value = "table")]
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
    Split { entry_id: i64 },
    /// Make two incidents one (kept across re-extraction).
    Merge { a: i64, b: i64 },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ByArg {
    Claimant,
    Perpetrator,
    Target,
    Province,
    District,
    Week,
    Month,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum BasisArg {
    Claimed,
    Corroborated,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum TallyFormat {
    Table,
    Json,
    Csv,
}

#[derive(clap::Args)]
pub struct TallyArgs {
    #[arg(long, value_enum)]
    by: ByArg,
    /// Incidents on or after this day (YYYY-MM-DD); undated incidents are then left out.
    #[arg(long)]
    since: Option<String>,
    /// Incidents on or before this day (YYYY-MM-DD).
    #[arg(long)]
    until: Option<String>,
    /// claimed: every incident once, with the claimant's (else the first source's) figures; corroborated:
    /// incidents told by two sources or by a non-party, with the lowest figure any source gives.
    #[arg(long, value_enum, default_value = "claimed")]
    basis: BasisArg,
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
    #[arg(long)]
    since: Option<String>,
    #[arg(long)]
    until: Option<String>,
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
/// incidents found for the same claimant in its period (its own date, else the 30 days before it was
/// published) and provinces: "National Resistance Front claims 7 attacks (34 killed); 6 found (21 killed)".
fn aggregate_lines(store: &mut SqliteStore, incidents: &[StoredIncident]) -> anyhow::Result<Vec<String>> {
    let (stored, links) = store.link_entries()?;
    let by_id: BTreeMap<i64, &LinkEntry> = links.iter().map(|l| (l.id, l)).collect();
    let groups: Vec<Vec<&LinkEntry>> =
        incidents.iter().map(|i| i.entries.iter().filter_map(|e| by_id.get(&e.entry_id).copied()).collect()).collect();
    let mut lines = Vec::new();
    for (s, l) in stored.iter().zip(&links).filter(|(_, l)| l.kind == sitrep_reconcile::EntryKind::Aggregate) {
        let fallback = l.published.map(|p| sitrep_reconcile::DayRange { start: p - 30, end: p });
        let check = sitrep_reconcile::check_aggregate(l, &s.entry.provinces, fallback, &groups);
        let who = check.claimant.clone().unwrap_or_else(|| "No single claimant".to_string());
        let claimed = match (check.claimed_attacks, check.claimed_killed) {
            (Some(a), Some(k)) => format!("claims {a} attacks ({k} killed)"),
            (Some(a), None) => format!("claims {a} attacks"),
            (None, Some(k)) => format!("claims {k} killed"),
            (None, None) => "makes an aggregate claim".to_string(),
        };
        let found = match check.found {
            1 => format!("1 individual report found ({} killed)", check.found_killed),
            n => format!("{n} individual reports found ({} killed)", check.found_killed),
        };
        lines.push(format!("{who} {claimed}; {found} [entry {}: {}]", s.entry_id, s.document));
    }
    Ok(lines)
}

pub fn run_incidents(db: Option<&Path>, args: &IncidentsArgs) -> anyhow::Result<ExitCode> {
    let mut store = open(db)?;
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
                    let checks = aggregate_lines(&mut store, &incidents)?;
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
            if !store.merge(*a, *b)? {
                eprintln!("sitrep: no incident {a} or {b}");
                return Ok(ExitCode::from(1));
            }
            let id = store.incident_of(*a)?.unwrap_or(*a);
            writeln!(out, "incidents {a} and {b} merged into incident {id}")?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn dimension(by: ByArg) -> TallyDimension {
    match by {
        ByArg::Claimant => TallyDimension::Claimant,
        ByArg::Perpetrator => TallyDimension::Perpetrator,
        ByArg::Target => TallyDimension::Target,
        ByArg::Province => TallyDimension::Province,
        ByArg::District => TallyDimension::District,
        ByArg::Week => TallyDimension::Week,
        ByArg::Month => TallyDimension::Month,
    }
}

const FIGURE_COLUMNS: [&str; 9] = [
    "killed_low",
    "killed_best",
    "killed_high",
    "wounded_low",
    "wounded_best",
    "wounded_high",
    "captured_low",
    "captured_best",
    "captured_high",
];

fn figures(t: &IncidentTally) -> [i64; 9] {
    let (k, w, c) = (t.killed, t.wounded, t.captured);
    [k[0], k[1], k[2], w[0], w[1], w[2], c[0], c[1], c[2]]
}

fn csv_cell(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
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
            format!("{}/{}/{}", t.killed[0], t.killed[1], t.killed[2]),
            format!("{}/{}/{}", t.wounded[0], t.wounded[1], t.wounded[2]),
            t.captured[1],
            t.provinces
        );
    }
    out
}

pub fn run_tally(db: Option<&Path>, args: &TallyArgs) -> anyhow::Result<ExitCode> {
    check_day("--since", &args.since)?;
    check_day("--until", &args.until)?;
    let by = dimension(args.by);
    let basis = match args.basis {
        BasisArg::Claimed => Basis::Claimed,
        BasisArg::Corroborated => Basis::Corroborated,
    };
    let mut store = open(db)?;
    let rows =
        store.tally_incidents(&TallyQuery { by, basis, since: args.since.clone(), until: args.until.clone() })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        TallyFormat::Table => write!(out, "{}", tally_table(by.as_str(), &rows))?,
        TallyFormat::Csv => {
            writeln!(out, "{},incidents,{},provinces", by.as_str(), FIGURE_COLUMNS.join(","))?;
            for t in &rows {
                let figures: Vec<String> = figures(t).iter().map(i64::to_string).collect();
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
            let rows: Vec<Value> = rows
                .iter()
                .map(|t| {
                    let mut o = serde_json::Map::new();
                    o.insert(by.as_str().into(), json!(t.key));
                    o.insert("incidents".into(), json!(t.incidents));
                    for (name, v) in FIGURE_COLUMNS.iter().zip(figures(t)) {
                        o.insert((*name).into(), json!(v));
                    }
                    o.insert("provinces".into(), json!(t.provinces));
                    Value::Object(o)
                })
                .collect();
            writeln!(out, "{}", json!({"by": by.as_str(), "basis": basis.as_str(), "rows": rows}))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const NUMBER_WORDS: [&str; 11] = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

fn number(n: usize) -> String {
    NUMBER_WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_string())
}

fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// One actor's incidents in the period, as a report paragraph sees them.
struct ActorReport {
    actor: String,
    incidents: usize,
    provinces: Vec<String>,
    killed: u32,
    wounded: u32,
    /// Targets named, and whether each spoke about any of these incidents.
    targets: BTreeMap<String, bool>,
    weeks: BTreeMap<String, usize>,
}

fn week_of(day: i64) -> Option<String> {
    let d = Date::from_days(day)?;
    d.add_days(-i64::from(d.weekday())).map(|m| m.to_string())
}

fn actor_reports(incidents: &[StoredIncident], since: Option<i64>, until: Option<i64>) -> Vec<ActorReport> {
    let mut reports: BTreeMap<String, ActorReport> = BTreeMap::new();
    for i in incidents {
        let entries: Vec<LinkEntry> = i.entries.iter().map(|e| link_entry(e, None)).collect();
        let members: Vec<&LinkEntry> = entries.iter().collect();
        let Some(f): Option<IncidentFacts> = facts(i.id, &members, Basis::Claimed) else { continue };
        if since.is_some() || until.is_some() {
            let Some(day) = f.day else { continue };
            if since.is_some_and(|s| day < s) || until.is_some_and(|u| day > u) {
                continue;
            }
        }
        let Some(actor) = f.claimant.clone() else { continue };
        let r = reports.entry(actor.clone()).or_insert_with(|| ActorReport {
            actor,
            incidents: 0,
            provinces: Vec::new(),
            killed: 0,
            wounded: 0,
            targets: BTreeMap::new(),
            weeks: BTreeMap::new(),
        });
        r.incidents += 1;
        if let Some(p) = &f.province {
            if !r.provinces.contains(p) {
                r.provinces.push(p.clone());
            }
        }
        r.killed += f.killed.and_then(|k| k.value()).unwrap_or(0);
        r.wounded += f.wounded.and_then(|k| k.value()).unwrap_or(0);
        if let Some(t) = &f.target {
            for name in t.split(';').map(str::trim).filter(|n| !n.is_empty()) {
                let spoke = members.iter().any(|e| e.claimant.as_deref() == Some(name));
                let seen = r.targets.entry(name.to_string()).or_insert(false);
                *seen |= spoke;
            }
        }
        let week = f.day.and_then(week_of).unwrap_or_else(|| "undated".into());
        *r.weeks.entry(week).or_insert(0) += 1;
    }
    let mut out: Vec<ActorReport> = reports.into_values().collect();
    out.sort_by(|a, b| b.incidents.cmp(&a.incidents).then_with(|| a.actor.cmp(&b.actor)));
    out
}

fn paragraph(r: &ActorReport) -> String {
    let attacks = if r.incidents == 1 { "attack".to_string() } else { format!("{} attacks", number(r.incidents)) };
    let attacks = if r.incidents == 1 { format!("one {attacks}") } else { attacks };
    let mut s = format!("The {} claimed {attacks}", r.actor);
    if !r.provinces.is_empty() {
        let _ = write!(s, " in {}", list(&r.provinces));
    }
    let targets: Vec<String> = r.targets.keys().cloned().collect();
    let victims = if targets.is_empty() { "people".to_string() } else { list(&targets) };
    match (r.killed, r.wounded) {
        (0, 0) => {}
        (k, 0) => {
            let _ = write!(s, ", saying at least {k} {victims} were killed");
        }
        (0, w) => {
            let _ = write!(s, ", saying at least {w} {victims} were wounded");
        }
        (k, w) => {
            let _ = write!(s, ", saying at least {k} {victims} were killed and {w} wounded");
        }
    }
    let silent: Vec<String> = r.targets.iter().filter(|(_, spoke)| !**spoke).map(|(t, _)| format!("the {t}")).collect();
    let spoke: Vec<String> = r.targets.iter().filter(|(_, spoke)| **spoke).map(|(t, _)| format!("the {t}")).collect();
    if !spoke.is_empty() {
        let _ = write!(s, "; {} gave {} own account", list(&spoke), if spoke.len() == 1 { "its" } else { "their" });
    }
    if !silent.is_empty() {
        let _ = write!(s, "; {} did not comment", list(&silent));
    }
    s.push('.');
    s
}

/// Incidents per week by actor, as hand-written SVG bars (no script).
fn chart(reports: &[ActorReport]) -> String {
    const COLOURS: [&str; 6] = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"];
    let mut weeks: Vec<String> = reports.iter().flat_map(|r| r.weeks.keys().cloned()).collect();
    weeks.sort();
    weeks.dedup();
    let max = reports.iter().flat_map(|r| r.weeks.values().copied()).max().unwrap_or(1).max(1);
    let actors = reports.len().max(1);
    let bar = 12usize;
    let group = bar * actors + 10;
    let (width, height, base) = (60 + group * weeks.len().max(1) + 180, 220usize, 180usize);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" role=\"img\" \
         aria-label=\"Incidents per week by actor\">\n<line x1=\"50\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"#333\"/>\n",
        width - 170
    );
    for (w, week) in weeks.iter().enumerate() {
        let x0 = 55 + w * group;
        for (a, r) in reports.iter().enumerate() {
            let n = r.weeks.get(week).copied().unwrap_or(0);
            let h = n * 150 / max;
            let _ = writeln!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"{}\"><title>{}: {n} ({})</title></rect>",
                x0 + a * bar,
                base - h,
                bar - 2,
                COLOURS[a % COLOURS.len()],
                escape_html(&r.actor),
                escape_html(week)
            );
        }
        let _ = writeln!(
            s,
            "<text x=\"{x0}\" y=\"{}\" font-size=\"9\" transform=\"rotate(30 {x0} {})\">{}</text>",
            base + 12,
            base + 12,
            escape_html(week)
        );
    }
    let _ = writeln!(s, "<text x=\"5\" y=\"{}\" font-size=\"10\">{max}</text>", base - 150);
    for (a, r) in reports.iter().enumerate() {
        let (x, y) = (width - 165, 20 + a * 16);
        let _ = writeln!(
            s,
            "<rect x=\"{x}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            y - 9,
            COLOURS[a % COLOURS.len()],
            x + 14,
            y,
            escape_html(&r.actor)
        );
    }
    s.push_str("</svg>\n");
    s
}

pub fn run_report(db: Option<&Path>, args: &ReportArgs) -> anyhow::Result<ExitCode> {
    check_day("--since", &args.since)?;
    check_day("--until", &args.until)?;
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.parse::<Date>().ok()).map(Date::days);
    let mut store = open(db)?;
    let incidents = store.incidents(None)?;
    let reports = actor_reports(&incidents, day(&args.since), day(&args.until));
    let rows = store.tally_incidents(&TallyQuery {
        by: TallyDimension::Claimant,
        basis: Basis::Claimed,
        since: args.since.clone(),
        until: args.until.clone(),
    })?;
    let period = format!(
        "{} to {}",
        args.since.as_deref().unwrap_or("the first report"),
        args.until.as_deref().unwrap_or("the last")
    );
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        ReportFormat::Md => {
            writeln!(out, "# Claims and reports, {period}\n")?;
            for r in &reports {
                writeln!(out, "{}\n", paragraph(r))?;
            }
            writeln!(out, "| claimant | incidents | killed | wounded | captured | provinces |")?;
            writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
            for t in &rows {
                let key = t.key.as_deref().unwrap_or("(not stated)").replace('|', "\\|");
                writeln!(
                    out,
                    "| {key} | {} | {} | {} | {} | {} |",
                    t.incidents, t.killed[1], t.wounded[1], t.captured[1], t.provinces
                )?;
            }
            writeln!(out, "\n{}", chart(&reports))?;
        }
        ReportFormat::Html => {
            writeln!(
                out,
                "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Claims and reports, {}</title></head><body>",
                escape_html(&period)
            )?;
            writeln!(out, "<h1>Claims and reports, {}</h1>", escape_html(&period))?;
            for r in &reports {
                writeln!(out, "<p>{}</p>", escape_html(&paragraph(r)))?;
            }
            writeln!(out, "<table>\n<tr><th>claimant</th><th>incidents</th><th>killed</th><th>wounded</th><th>captured</th><th>provinces</th></tr>")?;
            for t in &rows {
                writeln!(
                    out,
                    "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    escape_html(t.key.as_deref().unwrap_or("(not stated)")),
                    t.incidents,
                    t.killed[1],
                    t.wounded[1],
                    t.captured[1],
                    t.provinces
                )?;
            }
            writeln!(out, "</table>\n{}</body></html>", chart(&reports))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(actor: &str, target: &str) -> ActorReport {
        ActorReport {
            actor: actor.into(),
            incidents: 5,
            provinces: vec!["Parwan".into(), "Kabul".into(), "Baghlan".into(), "Badakhshan".into()],
            killed: 25,
            wounded: 18,
            targets: [(target.to_string(), false)].into_iter().collect(),
            weeks: [("2024-08-05".to_string(), 5)].into_iter().collect(),
        }
    }

    #[test]
    fn paragraph_reads_like_a_compilation() {
        assert_eq!(
            paragraph(&report("Afghanistan Freedom Front", "Taliban")),
            "The Afghanistan Freedom Front claimed five attacks in Parwan, Kabul, Baghlan and Badakhshan, saying at \
             least 25 Taliban were killed and 18 wounded; the Taliban did not comment."
        );
    }

    #[test]
    fn html_escapes_all_text() {
        assert_eq!(escape_html("<b>\"A&B\"</b> 'x'"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
        let svg = chart(&[report("<script>alert(1)</script>", "T&T")]);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"), "{svg}");
        let html = escape_html(&paragraph(&report("<i>Front</i>", "T&T")));
        assert!(!html.contains("<i>") && html.contains("T&amp;T"), "{html}");
    }
}
