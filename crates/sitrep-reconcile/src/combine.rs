//! An incident's figures under each counting basis, its disagreements, and aggregate claims compared with
//! the entries found.
//!
//! - `claimed`: every incident counts once; its figures are those of the claim of responsibility (the entry
//!   whose claimant is its perpetrator), else of the first report (earliest publication, then key) that gives
//!   the figure.
//! - `corroborated`: only incidents told by at least two sources (distinct claimants) or by a source that is
//!   no party to it (claimant neither perpetrator nor target); each figure is the lowest any source gives.

use crate::entry::{DayRange, Figure, LinkEntry};
use crate::features::norm;

/// The counting basis of a tally.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Basis {
    Claimed,
    Corroborated,
}

impl Basis {
    pub const ALL: [Basis; 2] = [Basis::Claimed, Basis::Corroborated];

    /// The basis named `name` ([`Basis::as_str`]).
    pub fn parse(name: &str) -> Option<Basis> {
        Basis::ALL.into_iter().find(|b| b.as_str() == name)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Claimed => "claimed",
            Basis::Corroborated => "corroborated",
        }
    }
}

/// One incident as a tally counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentFacts {
    pub incident: i64,
    pub claimant: Option<String>,
    pub perpetrator: Option<String>,
    pub target: Option<String>,
    pub province: Option<String>,
    pub district: Option<String>,
    /// The incident's day: a day a member states, else the first day a member stating no date was
    /// reported, else the start of the narrowest period stated.
    pub day: Option<i64>,
    pub killed: Option<Figure>,
    pub wounded: Option<Figure>,
    pub captured: Option<Figure>,
}

fn is_party(e: &LinkEntry) -> bool {
    let Some(c) = e.claimant.as_deref().map(norm) else { return false };
    [&e.perpetrator, &e.target].iter().any(|side| side.as_deref().is_some_and(|s| s.split(';').any(|n| norm(n) == c)))
}

/// Whether the incident's entries make it corroborated.
pub fn corroborated(members: &[&LinkEntry]) -> bool {
    let mut claimants: Vec<String> = members.iter().filter_map(|e| e.claimant.as_deref().map(norm)).collect();
    claimants.sort();
    claimants.dedup();
    claimants.len() >= 2 || members.iter().any(|e| e.claimant.is_some() && !is_party(e))
}

fn first<T: Clone>(face: &LinkEntry, members: &[&LinkEntry], get: impl Fn(&LinkEntry) -> Option<T>) -> Option<T> {
    get(face).or_else(|| members.iter().find_map(|e| get(e)))
}

/// The incident's day: a day a member states, else the first day a member stating no date was reported,
/// else the start of the narrowest period stated ("last week").
fn day(members: &[&LinkEntry]) -> Option<i64> {
    let stated = |one_day: bool| members.iter().filter_map(|e| e.date).filter(move |d| (d.start == d.end) == one_day);
    stated(true)
        .map(|d| d.start)
        .min()
        .or_else(|| members.iter().filter(|e| e.date.is_none()).filter_map(|e| e.published).min())
        .or_else(|| stated(false).min_by_key(|d| (d.end - d.start, d.start)).map(|d| d.start))
}

/// The incident as `basis` counts it, or `None` when that basis leaves it out. `members`: its event
/// entries, in any order (they are taken in the order of their reports: earliest publication, then key).
pub fn facts(incident: i64, members: &[&LinkEntry], basis: Basis) -> Option<IncidentFacts> {
    let mut members = members.to_vec();
    members.sort_by_key(|e| (e.published.unwrap_or(i64::MAX), e.key, e.id));
    let members = &members[..];
    let face = match basis {
        Basis::Claimed => members
            .iter()
            .find(|e| {
                let (Some(c), Some(p)) = (&e.claimant, &e.perpetrator) else { return false };
                p.split(';').any(|n| norm(n) == norm(c))
            })
            .or(members.first())?,
        Basis::Corroborated => {
            if !corroborated(members) {
                return None;
            }
            members.iter().find(|e| e.claimant.is_some() && !is_party(e)).or(members.first())?
        }
    };
    let figure = |get: fn(&LinkEntry) -> Option<Figure>| -> Option<Figure> {
        match basis {
            Basis::Claimed => first(face, members, get),
            Basis::Corroborated => {
                let stated: Vec<Figure> = members.iter().filter_map(|e| get(e)).collect();
                let low = |f: &Figure| f.value().unwrap_or(0);
                stated.iter().copied().min_by_key(low)
            }
        }
    };
    Some(IncidentFacts {
        incident,
        claimant: first(face, members, |e| e.claimant.clone()),
        perpetrator: first(face, members, |e| e.perpetrator.clone()),
        target: first(face, members, |e| e.target.clone()),
        province: first(face, members, |e| e.province.clone()),
        district: first(face, members, |e| e.district.clone()),
        day: day(members),
        killed: figure(|e| e.killed),
        wounded: figure(|e| e.wounded),
        captured: figure(|e| e.captured),
    })
}

/// Reads one figure of an entry.
type FigureOf = fn(&LinkEntry) -> Option<Figure>;

/// A field on which an incident's sources disagree, with each source's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    /// `killed`, `wounded`, `captured`, `perpetrator`, `denial`.
    pub field: &'static str,
    /// (entry id, claimant, value as text).
    pub values: Vec<(i64, Option<String>, String)>,
}

/// The fields on which `members` disagree: figures (best, else low) and perpetrators; a denial when one
/// source names a perpetrator whose own statement claims nothing of the kind (no figures, no event type).
pub fn disagreements(members: &[&LinkEntry]) -> Vec<Disagreement> {
    let mut out = Vec::new();
    let figures: [(&'static str, FigureOf); 3] =
        [("killed", |e| e.killed), ("wounded", |e| e.wounded), ("captured", |e| e.captured)];
    for (field, get) in figures {
        let values: Vec<(i64, Option<String>, String)> = members
            .iter()
            .filter_map(|e| get(e).and_then(|f| f.value()).map(|v| (e.id, e.claimant.clone(), v.to_string())))
            .collect();
        if values.iter().any(|v| v.2 != values[0].2) {
            out.push(Disagreement { field, values });
        }
    }
    let perpetrators: Vec<(i64, Option<String>, String)> =
        members.iter().filter_map(|e| e.perpetrator.clone().map(|p| (e.id, e.claimant.clone(), p))).collect();
    if perpetrators.iter().any(|v| norm(&v.2) != norm(&perpetrators[0].2)) {
        out.push(Disagreement { field: "perpetrator", values: perpetrators });
    }
    // Denial: the alleged perpetrator speaks, and its own entry states no act of its own.
    let denials: Vec<(i64, Option<String>, String)> = members
        .iter()
        .filter(|e| {
            let Some(c) = e.claimant.as_deref().map(norm) else { return false };
            let named = members
                .iter()
                .any(|o| o.id != e.id && o.perpetrator.as_deref().is_some_and(|p| p.split(';').any(|n| norm(n) == c)));
            let own_act = e.perpetrator.as_deref().is_some_and(|p| p.split(';').any(|n| norm(n) == c));
            named && !own_act && e.killed.is_none() && e.wounded.is_none()
        })
        .map(|e| (e.id, e.claimant.clone(), "denies or does not confirm".to_string()))
        .collect();
    if !denials.is_empty() {
        out.push(Disagreement { field: "denial", values: denials });
    }
    out
}

/// An aggregate claim beside what was found for its claimant and period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AggregateCheck {
    pub aggregate: i64,
    pub claimant: Option<String>,
    pub claimed_attacks: Option<u32>,
    pub claimed_killed: Option<u32>,
    /// Incidents with an entry by the same claimant in the aggregate's period (and provinces, when named).
    pub found: usize,
    /// Their killed, as claimed.
    pub found_killed: u32,
}

/// Compares an aggregate with the incidents found for the same claimant and period. `incidents`: each
/// incident's event entries; `period`: the aggregate's date, else the days before its publication
/// (`fallback`).
pub fn check_aggregate(
    aggregate: &LinkEntry,
    provinces: &[String],
    fallback: Option<DayRange>,
    incidents: &[Vec<&LinkEntry>],
) -> AggregateCheck {
    let period = aggregate.date.or(fallback);
    let claimant = aggregate.claimant.as_deref().map(norm);
    let provinces: Vec<String> = provinces.iter().map(|p| norm(p)).collect();
    let mut found = 0;
    let mut found_killed = 0u32;
    for members in incidents {
        let Some(entry) = members.iter().find(|e| {
            e.claimant.as_deref().map(norm) == claimant
                && claimant.is_some()
                && match (period, e.date) {
                    (Some(p), Some(d)) => d.start <= p.end && d.end >= p.start,
                    (Some(_), None) => e.document == aggregate.document,
                    (None, _) => e.document == aggregate.document,
                }
                && (provinces.is_empty() || e.province.as_deref().is_some_and(|p| provinces.contains(&norm(p))))
        }) else {
            continue;
        };
        found += 1;
        found_killed += entry.killed.and_then(|f| f.value()).unwrap_or(0);
    }
    AggregateCheck {
        aggregate: aggregate.id,
        claimant: aggregate.claimant.clone(),
        claimed_attacks: aggregate.attacks,
        claimed_killed: aggregate.killed.and_then(|f| f.value()),
        found,
        found_killed,
    }
}
