//! The features of a pair of entries and the decision whether they tell the same incident.
//!
//! Conflicts first: two accounts that cannot be of one incident never link, whatever else they share (another
//! province or district; dates that cannot meet; another perpetrator; other armed parties attacked; another
//! event type, unless two sources of one document tell it; one source's two entries in one document, which
//! extraction keeps apart on purpose; one group's two claims with other figures). Figures of two sources never
//! conflict: they disagree by design. Then a score of agreeing evidence: a pair links when it reaches
//! [`Config::threshold`] and something beyond the province ties the two accounts (a date, the district or
//! place, a copied text, or two sources of one document told side by side).
//!
//! Each entry is read once into a [`Profile`] (names normalised; actors with their umbrella and whether they
//! are armed, from `data/lexicon/actor_types.tsv`), so that comparing a pair allocates nothing.

use std::collections::HashMap;
use std::sync::OnceLock;

use sitrep_lexicon::Lexicon;

use crate::entry::{jaccard, DayRange, Figure, LinkEntry};

/// How two values of one field compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Agreement {
    /// Both stated and equal.
    Same,
    /// Both stated and compatible: overlapping actor lists, an actor and its umbrella, a village and its
    /// district, the same event type with another sub-type, dates that overlap without pinning one day.
    Compatible,
    /// Both stated, different, and yet accounts of one incident may differ so: the civilians one source says
    /// were hit and the fighters another says were.
    Disputed,
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
            Agreement::Disputed => "disputed",
            Agreement::Missing => "missing",
            Agreement::Conflict => "conflict",
        }
    }
}

/// Thresholds of the decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Days before its report an entry's incident may lie when the entry states no date of its own.
    pub published_window: i64,
    /// Evidence similarity (Jaccard of word pairs) at which an entry is a copy of the other.
    pub copy: f32,
    /// Score at which a pair links.
    pub threshold: f32,
    /// Most entries apart two sources of one document may be told and be one incident: a report tells the
    /// ministry's and the group's versions of an attack side by side.
    pub passage: u32,
}

impl Default for Config {
    fn default() -> Config {
        Config { published_window: 3, copy: 0.5, threshold: 4.0, passage: 4 }
    }
}

/// Everything the decision looks at, kept to explain a link.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features {
    pub same_document: bool,
    /// For two entries of one document, how many entries apart it tells them (1: one after the other).
    pub apart_in_document: u32,
    pub claimant: Agreement,
    pub date: Agreement,
    pub province: Agreement,
    pub district: Agreement,
    pub place: Agreement,
    pub event_type: Agreement,
    pub perpetrator: Agreement,
    pub target: Agreement,
    pub killed: Agreement,
    /// Both killed figures are figures, not bounds ("at least one"): then they can differ.
    pub killed_exact: bool,
    /// Both entries are claims of responsibility by one group.
    pub one_group_claims: bool,
    /// Both tell an act of a rare kind (a suicide bombing, an air strike) by the same hands: in one province
    /// that ties two undated accounts as a place or a day would.
    pub rare_act: bool,
    /// Both are one group's claim with the same exact figures of killed and wounded: its one statement, told
    /// again.
    pub same_claim: bool,
    /// Jaccard similarity of the evidence texts' word pairs.
    pub text: f32,
}

/// The outcome for one pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    pub link: bool,
    /// The two accounts cannot be of one incident: no incident holds both (a link elsewhere cannot chain
    /// them together).
    pub conflict: bool,
    pub score: f32,
    /// Why: the conflict, or the rule that linked.
    pub reason: &'static str,
}

/// Kinds of act rare enough that two accounts of one by the same hands in one province, neither dated, tell
/// one incident (normalised sub-event types).
const RARE_ACTS: [&str; 2] = ["suicidebomb", "airdronestrike"];

/// Lower-cased letters and digits only: "Nahr-e Saraj" and "nahr e saraj" compare equal.
pub fn norm(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

fn normalised(s: &Option<String>) -> Option<Box<str>> {
    s.as_deref().map(norm).filter(|n| !n.is_empty()).map(String::into_boxed_str)
}

/// An actor an entry names, with what the actor data says of it.
#[derive(Debug, Clone)]
struct Actor {
    name: Box<str>,
    /// Its umbrella (normalised), if any.
    within: Option<Box<str>>,
    armed: bool,
}

/// What the actor data says of an actor: its umbrella (normalised), if any, and whether it is armed.
#[derive(Debug, Clone, Default)]
struct ActorFacts {
    within: Option<Box<str>>,
    armed: bool,
    identified: bool,
}

/// The actor data by normalised actor name.
fn actor_data() -> &'static HashMap<String, ActorFacts> {
    static DATA: OnceLock<HashMap<String, ActorFacts>> = OnceLock::new();
    DATA.get_or_init(|| {
        Lexicon::embedded()
            .actor_types()
            .iter()
            .map(|t| {
                let within = t.within.as_deref().map(|w| norm(w).into_boxed_str());
                (norm(&t.actor), ActorFacts { within, armed: t.armed, identified: t.identified })
            })
            .collect()
    })
}

/// The actors of a list ("A; B"), sorted and deduplicated. A name that says the author is unknown ("unknown
/// gunmen") names no one: the group that claims the act may be those gunmen.
fn actors(list: &Option<String>) -> Vec<Actor> {
    let Some(list) = list else { return Vec::new() };
    let data = actor_data();
    let mut out: Vec<Actor> = list
        .split(';')
        .map(norm)
        .filter(|n| !n.is_empty() && data.get(n).is_none_or(|f| f.identified))
        .map(|name| {
            let ActorFacts { within, armed, .. } = data.get(&name).cloned().unwrap_or_default();
            Actor { name: name.into_boxed_str(), within, armed }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out.dedup_by(|a, b| a.name == b.name);
    out
}

/// What the decision reads of one entry, normalised once.
#[derive(Debug, Clone)]
pub struct Profile<'e> {
    pub entry: &'e LinkEntry,
    claimant: Option<Box<str>>,
    perpetrators: Vec<Actor>,
    targets: Vec<Actor>,
    event_type: Option<Box<str>>,
    sub_event_type: Option<Box<str>>,
    province: Option<Box<str>>,
    district: Option<Box<str>>,
    place: Option<Box<str>>,
    killed: Option<Figure>,
    battle: bool,
    /// A claim of responsibility: the claimant is among the perpetrators.
    claims_act: bool,
    /// For an act of a rare kind, the kind and its authors: accounts without a day meet by it.
    rare_act: Option<Box<str>>,
    /// For a claim of responsibility with exact figures of killed and wounded, the group and the figures: its
    /// statement wherever it is republished or quoted, which accounts without a day meet by (one figure alone
    /// is too common: a group claims "three killed" week after week).
    claim: Option<Box<str>>,
    /// Its place among its document's entries (0 for an entry compared alone).
    pub(crate) rank: u32,
}

impl<'e> Profile<'e> {
    pub fn new(entry: &'e LinkEntry) -> Profile<'e> {
        let event_type = normalised(&entry.event_type);
        let claimant = normalised(&entry.claimant);
        let perpetrators = actors(&entry.perpetrator);
        let sub_event_type = normalised(&entry.sub_event_type);
        let claims_act = perpetrators.iter().any(|p| Some(&p.name) == claimant.as_ref());
        let killed = entry.killed.filter(|f| f.value().is_some());
        let authors = || perpetrators.iter().map(|p| &*p.name).collect::<Vec<_>>().join(";");
        let rare_act = sub_event_type
            .as_deref()
            .filter(|s| RARE_ACTS.contains(s) && !perpetrators.is_empty())
            .map(|s| format!("{s}\0{}", authors()).into_boxed_str());
        let claim = match (&claimant, killed.and_then(|k| k.best), entry.wounded.and_then(|w| w.best)) {
            (Some(c), Some(killed), Some(wounded)) if claims_act => {
                Some(format!("{c}\0{killed}\0{wounded}").into_boxed_str())
            }
            _ => None,
        };
        Profile {
            entry,
            claims_act,
            rare_act,
            claim,
            claimant,
            perpetrators,
            targets: actors(&entry.target),
            battle: event_type.as_deref() == Some("battles"),
            event_type,
            sub_event_type,
            province: normalised(&entry.province),
            district: normalised(&entry.district),
            place: normalised(&entry.place),
            killed,
            rank: 0,
        }
    }

    /// The normalised province: the linker's block.
    pub fn province(&self) -> Option<&str> {
        self.province.as_deref()
    }

    pub fn district(&self) -> Option<&str> {
        self.district.as_deref()
    }

    pub fn place(&self) -> Option<&str> {
        self.place.as_deref()
    }

    /// The normalised claimant.
    pub fn claimant(&self) -> Option<&str> {
        self.claimant.as_deref()
    }

    /// An act of a rare kind by named hands: its kind and authors.
    pub fn rare_act(&self) -> Option<&str> {
        self.rare_act.as_deref()
    }

    /// A claim of responsibility with exact figures of killed and wounded: the group and the figures.
    pub fn claim(&self) -> Option<&str> {
        self.claim.as_deref()
    }

    /// The days the entry's incident lies in: its own date, else the days before its report.
    pub fn window(&self, config: &Config) -> Option<DayRange> {
        let e = self.entry;
        e.date.or_else(|| e.published.map(|p| DayRange { start: p - config.published_window, end: p }))
    }
}

fn text_agreement(a: &Option<Box<str>>, b: &Option<Box<str>>) -> Agreement {
    match (a, b) {
        (Some(a), Some(b)) if a == b => Agreement::Same,
        (Some(_), Some(_)) => Agreement::Conflict,
        _ => Agreement::Missing,
    }
}

/// Actor lists: the same set; overlapping sets, or an actor and its umbrella; different sets of which one
/// names no armed party (disputed); or different armed parties (a conflict).
fn sides(a: &[Actor], b: &[Actor]) -> Agreement {
    if a.is_empty() || b.is_empty() {
        return Agreement::Missing;
    }
    if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.name == y.name) {
        return Agreement::Same;
    }
    let nested = |x: &Actor, y: &Actor| x.name == y.name || x.within.as_deref() == Some(&*y.name);
    if a.iter().any(|x| b.iter().any(|y| nested(x, y) || nested(y, x))) {
        Agreement::Compatible
    } else if a.iter().any(|x| x.armed) && b.iter().any(|y| y.armed) {
        Agreement::Conflict
    } else {
        Agreement::Disputed
    }
}

fn overlap(a: DayRange, b: DayRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Dates as stated compare exactly: two single days are the same day or a conflict. An entry that states
/// no date of its own lies in the days before its report; two such entries give no evidence of one day.
fn dates(a: &Profile<'_>, b: &Profile<'_>, config: &Config) -> Agreement {
    let (wa, wb) = (a.window(config), b.window(config));
    let (Some(wa), Some(wb)) = (wa, wb) else { return Agreement::Missing };
    if !overlap(wa, wb) {
        return Agreement::Conflict;
    }
    match (a.entry.date, b.entry.date) {
        (Some(x), Some(y)) if x.start == x.end && x == y => Agreement::Same,
        (None, None) => Agreement::Missing,
        _ => Agreement::Compatible,
    }
}

/// Event types: the same sub-type, the same type, or other types. An armed clash is what extraction calls an
/// attack told without its means ("fighters attacked a checkpoint"): another source may name the bomb it was
/// (not an air strike: the attackers have no aircraft).
fn event_types(a: &Profile<'_>, b: &Profile<'_>) -> Agreement {
    let generic = |p: &Profile<'_>| p.sub_event_type.as_deref() == Some("armedclash");
    let explosion = |p: &Profile<'_>| {
        p.event_type.as_deref() == Some("explosionsremoteviolence")
            && p.sub_event_type.as_deref() != Some("airdronestrike")
    };
    if (generic(a) && explosion(b)) || (generic(b) && explosion(a)) {
        return Agreement::Compatible;
    }
    let types = text_agreement(&a.event_type, &b.event_type);
    match text_agreement(&a.sub_event_type, &b.sub_event_type) {
        Agreement::Same => Agreement::Same,
        _ if types == Agreement::Conflict => Agreement::Conflict,
        _ if types == Agreement::Same => Agreement::Compatible,
        other => other,
    }
}

/// Figures of killed: equal, within a factor of two (sources differ), or far apart. A figure with no best
/// ("at least one", "casualties") is a bound: any figure within it is compatible, never the same.
fn killed(a: &Profile<'_>, b: &Profile<'_>) -> Agreement {
    let (Some(x), Some(y)) = (a.killed, b.killed) else { return Agreement::Missing };
    let within = |bound: Figure, v: u32| bound.low.is_none_or(|l| v >= l) && bound.high.is_none_or(|h| v <= h);
    match (x.best, y.best) {
        (Some(x), Some(y)) if x == y => Agreement::Same,
        (Some(x), Some(y)) if x.max(y) <= 2 * x.min(y) + 2 => Agreement::Compatible,
        (Some(_), Some(_)) => Agreement::Conflict,
        (Some(v), None) if within(y, v) => Agreement::Compatible,
        (None, Some(v)) if within(x, v) => Agreement::Compatible,
        (None, None) => Agreement::Compatible,
        _ => Agreement::Conflict,
    }
}

/// Places: the same; a place in one and, in the other, the district it lies in (one account names the
/// village, the other its district); or two other places.
fn places(a: &Profile<'_>, b: &Profile<'_>) -> Agreement {
    match text_agreement(&a.place, &b.place) {
        Agreement::Conflict if a.place == b.district || b.place == a.district => Agreement::Compatible,
        other => other,
    }
}

/// How the perpetrators and the targets of a pair compare. A battle has two sides and no direction: when
/// both entries are battles and one source names as attacker the side the other names as attacked ("Taliban
/// fighters attacked Daesh" beside "Daesh attacked the Taliban"), the sides are compared crosswise. Not when
/// a group claims the act: another perpetrator is then another author, never the same incident.
fn roles(a: &Profile<'_>, b: &Profile<'_>) -> (Agreement, Agreement) {
    let straight = (sides(&a.perpetrators, &b.perpetrators), sides(&a.targets, &b.targets));
    if !(a.battle && b.battle) || a.claims_act || b.claims_act {
        return straight;
    }
    let crossed = (sides(&a.perpetrators, &b.targets), sides(&a.targets, &b.perpetrators));
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

/// The features of a pair of profiles.
pub fn compare(a: &Profile<'_>, b: &Profile<'_>, config: &Config) -> Features {
    let (perpetrator, target) = roles(a, b);
    Features {
        same_document: a.entry.document == b.entry.document,
        apart_in_document: if a.entry.document == b.entry.document { a.rank.abs_diff(b.rank) } else { 0 },
        claimant: text_agreement(&a.claimant, &b.claimant),
        date: dates(a, b, config),
        province: text_agreement(&a.province, &b.province),
        district: text_agreement(&a.district, &b.district),
        place: places(a, b),
        event_type: event_types(a, b),
        perpetrator,
        target,
        killed: killed(a, b),
        killed_exact: [a.killed, b.killed].iter().all(|k| k.is_some_and(|f| f.best.is_some())),
        one_group_claims: a.claims_act && b.claims_act && a.claimant == b.claimant,
        rare_act: a.rare_act.is_some() && a.rare_act == b.rare_act,
        same_claim: a.claim.is_some() && a.claim == b.claim,
        text: jaccard(&a.entry.shingles, &b.entry.shingles),
    }
}

/// The features of a pair of entries (each read into its profile: the linker keeps profiles instead).
pub fn features(a: &LinkEntry, b: &LinkEntry, config: &Config) -> Features {
    compare(&Profile::new(a), &Profile::new(b), config)
}

/// One source's two tolls of one rare act, told one right after the other in one document: "the governor said
/// the strike killed 100; an earlier official toll put the dead at 25". Not a group's claims of its own acts:
/// a bulletin's items are its several attacks.
fn one_source_retold(f: &Features) -> bool {
    f.rare_act && f.apart_in_document <= 1 && !f.one_group_claims && f.district != Agreement::Conflict
}

/// Whether a pair tells the same incident, with its score.
pub fn decide(f: &Features, config: &Config) -> Decision {
    use Agreement::{Compatible, Conflict, Same};
    let conflict = |reason| Decision { link: false, conflict: true, score: 0.0, reason };
    if f.same_document && f.claimant != Conflict && !one_source_retold(f) {
        // One document gives one entry per source's version: the same source twice (or an unnamed one) is
        // another incident.
        return conflict("same document, not two named sources");
    }
    if f.province != Same {
        return conflict("province not the same");
    }
    if f.district == Conflict {
        return conflict("another district");
    }
    if f.date == Conflict {
        return conflict("dates cannot meet");
    }
    if f.perpetrator == Conflict {
        return conflict("another perpetrator");
    }
    if f.target == Conflict {
        return conflict("other armed parties attacked");
    }
    // A group's claim is one statement, and its figures go wherever it is republished or quoted: the same
    // group claiming other figures claims another attack.
    if f.one_group_claims && (f.killed == Conflict || f.killed == Compatible && f.killed_exact) {
        return conflict("one group's two claims with other figures");
    }
    // Two sources of one document may call one attack a clash and a mine blast.
    if f.event_type == Conflict && !f.same_document {
        return conflict("another event type");
    }
    let points = |a: Agreement, same: f32, compatible: f32| match a {
        Same => same,
        Compatible => compatible,
        Conflict => -same,
        Agreement::Disputed | Agreement::Missing => 0.0,
    };
    // A copy tells the same figures and places: texts of one template that differ in them (a bulletin's
    // items, a ministry's daily lines) are not copies, and their shared words count for nothing.
    let copy = f.text >= config.copy && matches!(f.killed, Same | Agreement::Missing) && f.place != Conflict;
    let mut score = 1.0 // the province
        + points(f.district, 2.0, 0.0)
        + points(f.place, 1.0, 0.0)
        + points(f.date, 2.0, 1.0)
        + points(f.event_type, 1.0, 0.5)
        + points(f.perpetrator, 1.0, 0.5)
        + points(f.target, 1.0, 0.5)
        + points(f.killed, 0.5, 0.25).max(0.0)
        + if copy { 4.0 * f.text } else { 0.0 };
    if f.same_document {
        // Two named sources of one document in one province: the ministry's and the group's versions of
        // one attack, which extraction keeps as two entries.
        score += 3.0;
    }
    if f.same_document && f.apart_in_document > config.passage {
        return Decision { link: false, conflict: false, score, reason: "told far apart in one document" };
    }
    let tied = matches!(f.date, Same | Compatible)
        || f.district == Same
        || f.place == Same
        || copy
        || f.same_document
        || f.rare_act
        || f.same_claim;
    if !tied {
        return Decision { link: false, conflict: false, score, reason: "neither date, place nor text ties them" };
    }
    if score < config.threshold {
        return Decision { link: false, conflict: false, score, reason: "score below threshold" };
    }
    let reason = if f.same_document && f.claimant != Conflict {
        "one source's two tolls of one rare act"
    } else if f.same_document {
        "two sources in one document"
    } else if copy {
        "copied text"
    } else {
        "same place, time and actors"
    };
    Decision { link: true, conflict: false, score, reason }
}
