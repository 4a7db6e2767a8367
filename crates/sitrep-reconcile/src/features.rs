//! The features of a pair of entries and the decision whether they tell the same incident.
//!
//! Vetoes first (another province, district, event type or target; dates that cannot meet; one source's two
//! entries in one document, which extraction keeps apart on purpose), then a score of agreeing evidence.
//! A pair links when the score reaches [`Config::threshold`] and, when no date brings them together, a stated
//! district or a copied text does.

use crate::entry::{jaccard, DayRange, LinkEntry};

/// How two values of one field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Both stated and equal.
    Same,
    /// Both stated and compatible: overlapping actor lists, nested places, same event type with another
    /// sub-type, date windows that overlap without pinning one day.
    Compatible,
    /// One or both not stated.
    Missing,
    /// Both stated and incompatible.
    Conflict,
}

impl Agreement {
    pub fn as_str(self) -> &'static str {
        match self {
            Agreement::Same => "same",
            Agreement::Compatible => "compatible",
            Agreement::Missing => "missing",
            Agreement::Conflict => "conflict",
        }
    }
}

/// Thresholds of the decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Days a date window is widened on each side (reports of night attacks, time zones).
    pub date_slack: i64,
    /// Days before publication an undated entry's incident may lie.
    pub published_window: i64,
    /// Evidence similarity (Jaccard of word pairs) at which an entry is a copy of the other.
    pub copy: f32,
    /// Score at which a pair of another document links.
    pub threshold: f32,
}

impl Default for Config {
    fn default() -> Config {
        Config { date_slack: 1, published_window: 7, copy: 0.5, threshold: 4.0 }
    }
}

/// Everything the decision looks at, kept to explain a link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    pub same_document: bool,
    pub claimant: Agreement,
    pub date: Agreement,
    pub province: Agreement,
    pub district: Agreement,
    pub place: Agreement,
    pub event_type: Agreement,
    pub perpetrator: Agreement,
    pub target: Agreement,
    pub killed: Agreement,
    /// Jaccard similarity of the evidence texts' word pairs.
    pub text: f32,
}

/// The outcome for one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub link: bool,
    pub score: f32,
    /// Why: the veto, or the rule that linked.
    pub reason: &'static str,
}

/// Lower-cased letters and digits only: "Nahr-e Saraj" and "nahr e saraj" compare equal.
pub fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn names(s: &str) -> Vec<String> {
    s.split(';').map(norm).filter(|n| !n.is_empty()).collect()
}

fn text_agreement(a: &Option<String>, b: &Option<String>) -> Agreement {
    match (a, b) {
        (Some(a), Some(b)) if norm(a) == norm(b) => Agreement::Same,
        (Some(a), Some(b)) if norm(a).is_empty() || norm(b).is_empty() => Agreement::Missing,
        (Some(_), Some(_)) => Agreement::Conflict,
        _ => Agreement::Missing,
    }
}

/// Actor lists ("A; B"): the same set, overlapping sets, or none in common.
fn actors(a: &Option<String>, b: &Option<String>) -> Agreement {
    match (a, b) {
        (Some(a), Some(b)) => {
            let (a, b) = (names(a), names(b));
            if a.is_empty() || b.is_empty() {
                Agreement::Missing
            } else if a.len() == b.len() && a.iter().all(|x| b.contains(x)) {
                Agreement::Same
            } else if a.iter().any(|x| b.contains(x)) || nested_forces(&a, &b) {
                Agreement::Compatible
            } else {
                Agreement::Conflict
            }
        }
        _ => Agreement::Missing,
    }
}

/// Government forces named at different levels ("Afghan National Security Forces" holds the army, police,
/// border police and air force) are compatible targets and perpetrators.
fn nested_forces(a: &[String], b: &[String]) -> bool {
    const UMBRELLA: &str = "afghannationalsecurityforces";
    const MEMBERS: &[&str] = &[
        "afghannationalarmy",
        "afghannationalpolice",
        "afghanborderpolice",
        "afghanairforce",
        "afghanlocalpolice",
        "nationaldirectorateofsecurity",
    ];
    let side = |x: &[String]| x.iter().any(|n| n == UMBRELLA || MEMBERS.contains(&n.as_str()));
    let has_umbrella = |x: &[String]| x.iter().any(|n| n == UMBRELLA);
    side(a) && side(b) && (has_umbrella(a) || has_umbrella(b))
}

/// The window of days an entry's incident lies in: its date widened by the slack, else the days before its
/// publication.
fn window(e: &LinkEntry, config: &Config) -> Option<(DayRange, bool)> {
    if let Some(d) = e.date {
        return Some((DayRange { start: d.start - config.date_slack, end: d.end + config.date_slack }, true));
    }
    e.published.map(|p| (DayRange { start: p - config.published_window, end: p + config.date_slack }, false))
}

fn dates(a: &LinkEntry, b: &LinkEntry, config: &Config) -> Agreement {
    match (window(a, config), window(b, config)) {
        (Some((wa, da)), Some((wb, db))) => {
            if wa.start > wb.end || wb.start > wa.end {
                Agreement::Conflict
            } else if da && db && a.date.is_some_and(|d| d.start == d.end) && b.date.is_some_and(|d| d.start == d.end) {
                Agreement::Same
            } else if da || db {
                Agreement::Compatible
            } else {
                // Two undated entries published within days of each other: no evidence either way.
                Agreement::Missing
            }
        }
        _ => Agreement::Missing,
    }
}

fn event_types(a: &LinkEntry, b: &LinkEntry) -> Agreement {
    match text_agreement(&a.sub_event_type, &b.sub_event_type) {
        Agreement::Same => Agreement::Same,
        Agreement::Conflict => match text_agreement(&a.event_type, &b.event_type) {
            Agreement::Same => Agreement::Compatible,
            _ => Agreement::Conflict,
        },
        _ => match text_agreement(&a.event_type, &b.event_type) {
            Agreement::Conflict => Agreement::Conflict,
            Agreement::Same => Agreement::Compatible,
            other => other,
        },
    }
}

/// Figures of killed: equal, within a factor of two (sources differ), or far apart.
fn killed(a: &LinkEntry, b: &LinkEntry) -> Agreement {
    match (a.killed.and_then(|f| f.value()), b.killed.and_then(|f| f.value())) {
        (Some(x), Some(y)) if x == y => Agreement::Same,
        (Some(x), Some(y)) if x.max(y) <= 2 * x.min(y) + 2 => Agreement::Compatible,
        (Some(_), Some(_)) => Agreement::Conflict,
        _ => Agreement::Missing,
    }
}

/// How the perpetrators and the targets of a pair compare. A battle has two sides and no direction: when
/// both entries are battles and one source names as attacker the side the other names as attacked ("Taliban
/// fighters attacked Daesh" beside "Daesh attacked the Taliban"), the sides are compared crosswise.
fn roles(a: &LinkEntry, b: &LinkEntry) -> (Agreement, Agreement) {
    let straight = (actors(&a.perpetrator, &b.perpetrator), actors(&a.target, &b.target));
    let battles = [a, b].iter().all(|e| e.event_type.as_deref().is_some_and(|t| norm(t) == "battles"));
    if !battles {
        return straight;
    }
    let crossed = (actors(&a.perpetrator, &b.target), actors(&a.target, &b.perpetrator));
    // The reading with fewer conflicts, then more agreements; the roles as told on a tie.
    let rank = |(p, t): (Agreement, Agreement)| {
        let count = |want: fn(&Agreement) -> bool| [p, t].iter().filter(|x| want(x)).count();
        let agrees = count(|x| matches!(x, Agreement::Same | Agreement::Compatible));
        (count(|x| *x == Agreement::Conflict), std::cmp::Reverse(agrees))
    };
    if rank(crossed) < rank(straight) {
        crossed
    } else {
        straight
    }
}

/// The features of a pair.
pub fn features(a: &LinkEntry, b: &LinkEntry, config: &Config) -> Features {
    let district = text_agreement(&a.district, &b.district);
    let (perpetrator, target) = roles(a, b);
    Features {
        same_document: a.document == b.document,
        claimant: text_agreement(&a.claimant, &b.claimant),
        date: dates(a, b, config),
        province: text_agreement(&a.province, &b.province),
        district,
        place: match text_agreement(&a.place, &b.place) {
            // A place inside one district is nested in the district named by the other.
            Agreement::Conflict if district != Agreement::Conflict => Agreement::Compatible,
            other => other,
        },
        event_type: event_types(a, b),
        perpetrator,
        target,
        killed: killed(a, b),
        text: jaccard(&a.shingles, &b.shingles),
    }
}

/// Whether a pair tells the same incident, with its score.
pub fn decide(f: &Features, config: &Config) -> Decision {
    let copy = f.text >= config.copy;
    let veto = |reason| Decision { link: false, score: 0.0, reason };
    if f.same_document && f.claimant != Agreement::Conflict {
        // One document gives one entry per source's version: the same source twice (or an unnamed one) is
        // another incident.
        return veto("same document, not two named sources");
    }
    if f.province != Agreement::Same && !copy {
        return veto("province not the same");
    }
    if f.province == Agreement::Conflict {
        return veto("another province");
    }
    if f.date == Agreement::Conflict {
        return veto("dates cannot meet");
    }
    if !copy {
        if f.district == Agreement::Conflict {
            return veto("another district");
        }
        // Two sources of one document on one district may call one attack a clash and a mine blast.
        let same_spot = f.same_document && f.district == Agreement::Same;
        if f.event_type == Agreement::Conflict && !same_spot {
            return veto("another event type");
        }
        if f.target == Agreement::Conflict {
            return veto("another target");
        }
    }
    let points = |a: Agreement, same: f32, compatible: f32| match a {
        Agreement::Same => same,
        Agreement::Compatible => compatible,
        Agreement::Missing => 0.0,
        Agreement::Conflict => -same,
    };
    let mut score = 1.0 // the province
        + points(f.district, 2.0, 0.0)
        + points(f.place, 1.0, 0.0)
        + points(f.date, 2.0, 1.0)
        + points(f.event_type, 1.0, 0.5)
        + points(f.perpetrator, 1.0, 0.5)
        + points(f.target, 1.0, 0.5)
        + points(f.killed, 0.5, 0.25).max(0.0)
        + 6.0 * f.text;
    if f.same_document {
        // Two named sources of one document on one province, type and target: the ministry's and the group's
        // versions of one attack.
        score += 1.0;
    }
    let anchored = f.date != Agreement::Missing || f.district == Agreement::Same || copy || f.same_document;
    if !anchored {
        return Decision { link: false, score, reason: "neither date nor district nor text ties them" };
    }
    if score >= config.threshold {
        let reason = if copy {
            "copied text"
        } else if f.same_document {
            "two sources in one document"
        } else {
            "same place, time and actors"
        };
        Decision { link: true, score, reason }
    } else {
        Decision { link: false, score, reason: "score below threshold" }
    }
}
