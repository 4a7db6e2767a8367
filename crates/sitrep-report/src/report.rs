//! The newsroom report: one paragraph per claimant ("The X claimed five attacks in A and B, saying at least
//! 25 Taliban were killed; the Taliban did not comment."), the incident tally by claimant, a chart of
//! incidents per week, and aggregate claims set against the incidents found.
//!
//! [`Report::build`] is pure: linked incidents in (as the store last linked them), report out. `sitrep report`
//! prints it as Markdown or HTML, `/api/report` serves it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use sitrep_extract::Date;
use sitrep_lexicon::Lexicon;
use sitrep_reconcile::{check_aggregate, facts, norm, Basis, DayRange, EntryKind, Figure, IncidentFacts, LinkEntry};

use sitrep_store::{link_entry, IncidentTally, StoredEntry, StoredIncident};

/// What a report covers. Days are `YYYY-MM-DD` (checked by the caller; a day that does not parse is no
/// bound); `province` and `actor` compare letters and digits only, ignoring case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReportQuery {
    pub since: Option<String>,
    pub until: Option<String>,
    pub province: Option<String>,
    /// An incident's claimant, perpetrator or target.
    pub actor: Option<String>,
}

/// One claimant's incidents in the period: what its paragraph says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorParagraph {
    pub actor: String,
    pub incidents: usize,
    /// Of those, the incidents it names itself the perpetrator of: claimed; the others it reported.
    pub own_acts: usize,
    /// In the order first met.
    pub provinces: Vec<String>,
    /// Sums of the claimed figures (best, else low).
    pub killed: u32,
    pub wounded: u32,
    /// Whether every figure in `killed` (`wounded`) was exact (low = best = high): the paragraph then says
    /// the number, else "at least" it.
    pub killed_exact: bool,
    pub wounded_exact: bool,
    /// Targets named, and whether each gave its own account of any of these incidents.
    pub targets: BTreeMap<String, bool>,
    /// Incidents per week (the Monday, or `undated`).
    pub weeks: BTreeMap<String, usize>,
}

/// The report over the linked incidents (claimed basis: every incident once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub query: ReportQuery,
    /// Incidents in the report's scope.
    pub incidents: usize,
    /// Claimants, most incidents first.
    pub actors: Vec<ActorParagraph>,
    /// The incident tally by claimant, figures as claimed; most incidents first.
    pub rows: Vec<IncidentTally>,
}

/// An aggregate claim ("seven attacks ... 34 killed over three weeks") beside the incidents found for the
/// same claimant in its period (its own date, else the 30 days before it was published) and provinces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateClaim {
    pub entry_id: i64,
    pub document: String,
    pub claimant: Option<String>,
    pub claimed_attacks: Option<u32>,
    pub claimed_killed: Option<u32>,
    pub found: usize,
    pub found_killed: u32,
}

impl AggregateClaim {
    /// "National Resistance Front claims 7 attacks (34 killed); 6 individual reports found (21 killed)
    /// [entry 12: path]".
    pub fn text(&self) -> String {
        let who = self.claimant.clone().unwrap_or_else(|| "No single claimant".to_string());
        let claimed = match (self.claimed_attacks, self.claimed_killed) {
            (Some(a), Some(k)) => format!("claims {a} attacks ({k} killed)"),
            (Some(a), None) => format!("claims {a} attacks"),
            (None, Some(k)) => format!("claims {k} killed"),
            (None, None) => "makes an aggregate claim".to_string(),
        };
        let found = match self.found {
            1 => format!("1 individual report found ({} killed)", self.found_killed),
            n => format!("{n} individual reports found ({} killed)", self.found_killed),
        };
        format!("{who} {claimed}; {found} [entry {}: {}]", self.entry_id, self.document)
    }
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

/// Whether a figure is a number told as it is ("two"), not a bound or an estimate.
fn exact(f: Figure) -> bool {
    f.best.is_some() && f.low == f.best && f.high == f.best
}

fn week_of(day: i64) -> Option<String> {
    let d = Date::from_days(day)?;
    d.add_days(-i64::from(d.weekday())).map(|m| m.to_string())
}

fn day(d: &Option<String>) -> Option<i64> {
    d.as_deref().and_then(|d| d.parse::<Date>().ok()).map(Date::days)
}

/// Whether `list` ("A; B") names `wanted` (already [`norm`]ed).
fn names(list: &Option<String>, wanted: &str) -> bool {
    list.as_deref().is_some_and(|l| l.split(';').any(|n| norm(n) == wanted))
}

impl ActorParagraph {
    /// The paragraph, as a compilation of claims reads.
    pub fn text(&self) -> String {
        let r = self;
        let attacks = |n: usize| if n == 1 { "one attack".to_string() } else { format!("{} attacks", number(n)) };
        // A group claims its own attacks; a ministry or a hospital reports other people's.
        let reported = r.incidents - r.own_acts.min(r.incidents);
        let mut s = match (r.own_acts, reported) {
            (_, 0) => format!("The {} claimed {}", r.actor, attacks(r.incidents)),
            (0, _) => format!("The {} reported {}", r.actor, attacks(r.incidents)),
            (own, more) => format!("The {} claimed {} and reported {} more", r.actor, attacks(own), number(more)),
        };
        if !r.provinces.is_empty() {
            let _ = write!(s, " in {}", list(&r.provinces));
        }
        let targets: Vec<String> = r.targets.keys().cloned().collect();
        let victims = if targets.is_empty() { "people".to_string() } else { list(&targets) };
        let figure = |n: u32, exact: bool| {
            let n = number(n as usize);
            if exact {
                n
            } else {
                format!("at least {n}")
            }
        };
        let (killed, wounded) = (figure(r.killed, r.killed_exact), figure(r.wounded, r.wounded_exact));
        match (r.killed, r.wounded) {
            (0, 0) => {}
            (_, 0) => {
                let _ = write!(s, ", saying {killed} {victims} were killed");
            }
            (0, _) => {
                let _ = write!(s, ", saying {wounded} {victims} were wounded");
            }
            (_, _) => {
                let _ = write!(s, ", saying {killed} {victims} were killed and {wounded} wounded");
            }
        }
        // Who could answer: an organisation other than the claimant itself (civilians issue no statements,
        // and a claimant that names itself as the target gave the account being told).
        let answerable = |t: &String| {
            norm(t) != norm(&r.actor) && Lexicon::embedded().actor_type(t).is_none_or(|a| a.acled_type != "Civilians")
        };
        let silent: Vec<String> =
            r.targets.iter().filter(|(t, spoke)| !**spoke && answerable(t)).map(|(t, _)| format!("the {t}")).collect();
        let spoke: Vec<String> =
            r.targets.iter().filter(|(t, spoke)| **spoke && answerable(t)).map(|(t, _)| format!("the {t}")).collect();
        if !spoke.is_empty() {
            let _ = write!(s, "; {} gave {} own account", list(&spoke), if spoke.len() == 1 { "its" } else { "their" });
        }
        if !silent.is_empty() {
            let _ = write!(s, "; {} did not comment", list(&silent));
        }
        s.push('.');
        s
    }
}

impl Report {
    /// The report of `incidents` (each with its event entries sorted by id, as the store's incidents come)
    /// under `q`. Pure. The table equals the store's claimant tally on the claimed basis (its incident tally)
    /// when no province or actor is asked for.
    pub fn build(incidents: &[StoredIncident], q: &ReportQuery) -> Report {
        let (since, until) = (day(&q.since), day(&q.until));
        let province = q.province.as_deref().map(norm).filter(|p| !p.is_empty());
        let actor = q.actor.as_deref().map(norm).filter(|a| !a.is_empty());
        let mut actors: BTreeMap<String, ActorParagraph> = BTreeMap::new();
        // Per claimant: the row and the provinces seen.
        let mut rows: BTreeMap<Option<String>, (IncidentTally, Vec<String>)> = BTreeMap::new();
        let mut count = 0;
        for i in incidents {
            let entries: Vec<LinkEntry> = i.entries.iter().map(link_entry).collect();
            let members: Vec<&LinkEntry> = entries.iter().collect();
            let Some(f): Option<IncidentFacts> = facts(i.id, &members, Basis::Claimed) else { continue };
            if since.is_some() || until.is_some() {
                let Some(day) = f.day else { continue };
                if since.is_some_and(|s| day < s) || until.is_some_and(|u| day > u) {
                    continue;
                }
            }
            if province.as_deref().is_some_and(|p| f.province.as_deref().map(norm).as_deref() != Some(p)) {
                continue;
            }
            if let Some(a) = actor.as_deref() {
                if ![&f.claimant, &f.perpetrator, &f.target].iter().any(|side| names(side, a)) {
                    continue;
                }
            }
            count += 1;
            let (row, provinces) = rows
                .entry(f.claimant.clone())
                .or_insert_with(|| (IncidentTally { key: f.claimant.clone(), ..IncidentTally::default() }, Vec::new()));
            row.incidents += 1;
            row.killed.add(f.killed);
            row.wounded.add(f.wounded);
            row.captured.add(f.captured);
            if let Some(p) = &f.province {
                if !provinces.contains(p) {
                    provinces.push(p.clone());
                }
            }
            let Some(claimant) = f.claimant.clone() else { continue };
            let r = actors.entry(claimant.clone()).or_insert_with(|| ActorParagraph {
                actor: claimant,
                incidents: 0,
                own_acts: 0,
                provinces: Vec::new(),
                killed: 0,
                wounded: 0,
                killed_exact: true,
                wounded_exact: true,
                targets: BTreeMap::new(),
                weeks: BTreeMap::new(),
            });
            r.incidents += 1;
            if names(&f.perpetrator, &norm(&r.actor)) {
                r.own_acts += 1;
            }
            if let Some(p) = &f.province {
                if !r.provinces.contains(p) {
                    r.provinces.push(p.clone());
                }
            }
            r.killed += f.killed.and_then(|k| k.value()).unwrap_or(0);
            r.wounded += f.wounded.and_then(|k| k.value()).unwrap_or(0);
            r.killed_exact &= f.killed.is_none_or(exact);
            r.wounded_exact &= f.wounded.is_none_or(exact);
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
        let mut actors: Vec<ActorParagraph> = actors.into_values().collect();
        actors.sort_by(|a, b| b.incidents.cmp(&a.incidents).then_with(|| a.actor.cmp(&b.actor)));
        let mut rows: Vec<IncidentTally> = rows
            .into_values()
            .map(|(mut t, provinces)| {
                t.provinces = provinces.len() as i64;
                t
            })
            .collect();
        rows.sort_by(|a, b| b.incidents.cmp(&a.incidents).then_with(|| a.key.cmp(&b.key)));
        Report { query: q.clone(), incidents: count, actors, rows }
    }

    /// "2024-08-01 to 2024-08-31", "the first report to the last"; with the province and actor asked for.
    pub fn period(&self) -> String {
        let q = &self.query;
        let mut s = format!(
            "{} to {}",
            q.since.as_deref().unwrap_or("the first report"),
            q.until.as_deref().unwrap_or("the last")
        );
        if let Some(p) = q.province.as_deref().filter(|p| !p.trim().is_empty()) {
            let _ = write!(s, ", {}", p.trim());
        }
        if let Some(a) = q.actor.as_deref().filter(|a| !a.trim().is_empty()) {
            let _ = write!(s, ", {}", a.trim());
        }
        s
    }

    pub fn title(&self) -> String {
        format!("Claims and reports, {}", self.period())
    }

    /// One paragraph per claimant, most incidents first.
    pub fn paragraphs(&self) -> Vec<String> {
        self.actors.iter().map(ActorParagraph::text).collect()
    }

    /// Plain text: the title, then the paragraphs, separated by blank lines.
    pub fn text(&self) -> String {
        let mut s = self.title();
        for p in self.paragraphs() {
            s.push_str("\n\n");
            s.push_str(&p);
        }
        if self.actors.is_empty() {
            s.push_str("\n\nNo claimed incidents in this period.");
        }
        s.push('\n');
        s
    }

    /// Markdown: title, paragraphs, the claimant table and the chart (inline SVG).
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title());
        for p in self.paragraphs() {
            let _ = writeln!(out, "{p}\n");
        }
        out.push_str("| claimant | incidents | killed | wounded | captured | provinces |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|\n");
        for t in &self.rows {
            let key = t.key.as_deref().unwrap_or("(not stated)").replace('|', "\\|");
            let _ = writeln!(
                out,
                "| {key} | {} | {} | {} | {} | {} |",
                t.incidents, t.killed.best, t.wounded.best, t.captured.best, t.provinces
            );
        }
        let _ = writeln!(out, "\n{}", self.chart());
        out
    }

    /// A standalone HTML page; every text escaped.
    pub fn html(&self) -> String {
        let title = escape_html(&self.title());
        let mut out = format!(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n<h1>{title}</h1>\n"
        );
        for p in self.paragraphs() {
            let _ = writeln!(out, "<p>{}</p>", escape_html(&p));
        }
        out.push_str(
            "<table>\n<tr><th>claimant</th><th>incidents</th><th>killed</th><th>wounded</th><th>captured</th>\
             <th>provinces</th></tr>\n",
        );
        for t in &self.rows {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape_html(t.key.as_deref().unwrap_or("(not stated)")),
                t.incidents,
                t.killed.best,
                t.wounded.best,
                t.captured.best,
                t.provinces
            );
        }
        let _ = writeln!(out, "</table>\n{}</body></html>", self.chart());
        out
    }

    /// Incidents per week by claimant, as hand-written SVG bars (no script).
    pub fn chart(&self) -> String {
        chart(&self.actors)
    }
}

fn chart(reports: &[ActorParagraph]) -> String {
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

/// Every aggregate among `entries` (the current entries of every kind, in the store's listing order) compared
/// with `incidents` (as the store gives them). Pure.
pub fn aggregate_claims(entries: &[StoredEntry], incidents: &[StoredIncident]) -> Vec<AggregateClaim> {
    let links: Vec<LinkEntry> = entries.iter().map(link_entry).collect();
    let by_id: BTreeMap<i64, &LinkEntry> = links.iter().map(|l| (l.id, l)).collect();
    let groups: Vec<Vec<&LinkEntry>> =
        incidents.iter().map(|i| i.entries.iter().filter_map(|e| by_id.get(&e.entry_id).copied()).collect()).collect();
    let mut out = Vec::new();
    for (s, l) in entries.iter().zip(&links).filter(|(_, l)| l.kind == EntryKind::Aggregate) {
        let fallback = l.published.map(|p| DayRange { start: p - 30, end: p });
        let check = check_aggregate(l, &s.entry.provinces, fallback, &groups);
        out.push(AggregateClaim {
            entry_id: s.entry_id,
            document: s.document.clone(),
            claimant: check.claimant,
            claimed_attacks: check.claimed_attacks,
            claimed_killed: check.claimed_killed,
            found: check.found,
            found_killed: check.found_killed,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paragraph(actor: &str, target: &str) -> ActorParagraph {
        ActorParagraph {
            actor: actor.into(),
            incidents: 5,
            own_acts: 5,
            provinces: vec!["Kapisa".into(), "Parwan".into(), "Takhar".into(), "Badakhshan".into()],
            killed: 25,
            wounded: 18,
            killed_exact: false,
            wounded_exact: false,
            targets: [(target.to_string(), false)].into_iter().collect(),
            weeks: [("2024-08-05".to_string(), 5)].into_iter().collect(),
        }
    }

    #[test]
    fn paragraph_reads_like_a_compilation() {
        assert_eq!(
            paragraph("Afghanistan Freedom Front", "Taliban").text(),
            "The Afghanistan Freedom Front claimed five attacks in Kapisa, Parwan, Takhar and Badakhshan, saying at \
             least 25 Taliban were killed and at least 18 wounded; the Taliban did not comment."
        );
    }

    #[test]
    fn a_source_reports_what_others_did() {
        let ministry = ActorParagraph { own_acts: 0, ..paragraph("Ministry of Interior", "Afghan National Police") };
        assert!(
            ministry.text().starts_with("The Ministry of Interior reported five attacks in Kapisa"),
            "{}",
            ministry.text()
        );
        let mixed = ActorParagraph { own_acts: 3, ..paragraph("Taliban", "Afghan National Army") };
        assert!(
            mixed.text().starts_with("The Taliban claimed three attacks and reported two more"),
            "{}",
            mixed.text()
        );
    }

    #[test]
    fn exact_figures_are_told_as_they_were_given() {
        let exact =
            ActorParagraph { killed: 2, wounded: 0, killed_exact: true, ..paragraph("Taliban", "Afghan Local Police") };
        assert!(exact.text().contains(", saying two Afghan Local Police were killed;"), "{}", exact.text());
        let bound = ActorParagraph { killed_exact: false, ..exact.clone() };
        assert!(bound.text().contains(", saying at least two Afghan Local Police were killed;"), "{}", bound.text());
        let both = ActorParagraph { wounded: 12, wounded_exact: true, ..exact };
        assert!(both.text().contains("two Afghan Local Police were killed and 12 wounded"), "{}", both.text());
    }

    #[test]
    fn only_organisations_other_than_the_claimant_are_said_to_comment() {
        let targets = |spoke: &[(&str, bool)]| spoke.iter().map(|(t, s)| (t.to_string(), *s)).collect();
        let police = ActorParagraph {
            targets: targets(&[("Afghan National Police", true), ("Civilians", false), ("Taliban", false)]),
            ..paragraph("Afghan National Police", "Taliban")
        };
        let text = police.text();
        assert!(text.ends_with("; the Taliban did not comment."), "{text}");
        assert!(!text.contains("gave its own account") && !text.contains("Civilians did not"), "{text}");
        let front = ActorParagraph {
            targets: targets(&[("Afghan National Police", true), ("Civilians", true)]),
            ..paragraph("National Resistance Front", "Taliban")
        };
        assert!(front.text().ends_with("; the Afghan National Police gave its own account."), "{}", front.text());
    }

    #[test]
    fn html_escapes_all_text() {
        assert_eq!(escape_html("<b>\"A&B\"</b> 'x'"), "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;");
        let svg = chart(&[paragraph("<script>alert(1)</script>", "T&T")]);
        assert!(!svg.contains("<script>") && svg.contains("&lt;script&gt;"), "{svg}");
        let html = escape_html(&paragraph("<i>Front</i>", "T&T").text());
        assert!(!html.contains("<i>") && html.contains("T&amp;T"), "{html}");
        let report = Report {
            query: ReportQuery { province: Some("<b>Kabul</b>".into()), ..ReportQuery::default() },
            incidents: 5,
            actors: vec![paragraph("<i>Front</i>", "T&T")],
            rows: vec![IncidentTally { key: Some("<i>Front</i>".into()), incidents: 5, ..IncidentTally::default() }],
        };
        let html = report.html();
        assert!(!html.contains("<i>") && !html.contains("<b>") && html.contains("&lt;b&gt;Kabul"), "{html}");
    }

    #[test]
    fn text_names_period_scope_and_claimants() {
        let report = Report {
            query: ReportQuery {
                since: Some("2024-08-01".into()),
                province: Some("Parwan".into()),
                ..ReportQuery::default()
            },
            incidents: 5,
            actors: vec![paragraph("Afghanistan Freedom Front", "Taliban")],
            rows: Vec::new(),
        };
        let text = report.text();
        assert!(text.starts_with("Claims and reports, 2024-08-01 to the last, Parwan\n\nThe Afghanistan Freedom Front"));
        assert!(text.ends_with("did not comment.\n"), "{text}");
    }
}
