//! What a vocabulary entry means, one variant per file.

use crate::tsv::Row;

/// The meaning of a matched term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sense {
    /// A name or designation of an actor (`actors.tsv`), normalised to its neutral canonical name.
    Actor { actor: String, role: ActorRole },
    /// A spokesperson (`spokespersons.tsv`), index into [`crate::Lexicon::spokesperson`].
    Spokesperson { person: usize },
    /// A word that signals an event, its type, or its weapon (`events.tsv`).
    Event(EventSense),
    /// A word that reports casualties of one kind (`casualties.tsv`).
    Casualty { field: CasualtyField },
    /// A word that attributes what follows to a source (`attribution.tsv`).
    Attribution { kind: AttributionKind },
    /// A discourse cue (`cues.tsv`).
    Cue(Cue),
    /// Destroyed materiel (`materiel.tsv`).
    Materiel { item: String },
}

/// How an actor term names its actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorRole {
    /// The organisation itself ("Taliban", "Ministry of Defence"): may claim, attack or be attacked.
    Organisation,
    /// Its fighters or members ("mujahideen", "soldiers", "policemen"): the people who act or fall.
    Members,
    /// An unqualified noun ("soldiers", "جنود") that names this actor only when no other force is named.
    Generic,
    /// A source of reports that is not a party ("local sources", a news agency).
    Source,
}

/// Event type, sub-type and weapon in ACLED's vocabulary; any may be absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSense {
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    pub weapon: Option<String>,
    /// A strong trigger names an event by itself ("ambush", "عبوة ناسفة"); a weak one only with casualties
    /// or actors around it ("attack", "operation").
    pub strong: bool,
}

/// Which casualty count a word reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CasualtyField {
    Killed,
    Wounded,
    Captured,
}

/// How a source is introduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributionKind {
    /// "said", "told", "قال": the source speaks.
    Say,
    /// "claimed responsibility", "تبنت": the source claims the act as its own.
    ClaimResponsibility,
    /// "according to", "حسب": the source is cited.
    According,
    /// "د X په وینا" (Pashto "according to", a postposition): the source is cited before it.
    AccordingAfterSource,
    /// "in a statement", "بيان": a statement is the source.
    Statement,
    /// "has not commented", "لم تعلق": the source says nothing.
    NoComment,
    /// "denied", "نفت": the source denies.
    Deny,
}

/// Discourse cues that shape segmentation and reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// Opens the account of another incident ("In another incident", "وفي ولاية", "وحسب بيان آخر").
    NewReport,
    /// Continues the same statement ("وأكد نفس البيان", "the statement added").
    SameStatement,
    /// Refers back to the previous place ("في نفس المنطقة", "in the same district").
    SamePlace,
    /// Refers back to the previous district ("بالمديرية نفسها", "in the same district").
    SameDistrict,
    /// Refers back to the previous province ("وفي الولاية نفسها", "in the same province").
    SameProvince,
    /// Negates what follows ("no", "not", "لم").
    Negation,
    /// A habitual or general statement, not one incident ("frequently", "in recent months").
    Habitual,
    /// A lead that rolls up the reports after it ("the following", "فيما يلي", "حصيلة").
    Rollup,
    /// Adds to figures already given ("also", "أيضا").
    Also,
    /// Marks the agent that follows ("by", "من قبل").
    AgentBy,
    /// Marks the target that follows ("on", "against", "ضد").
    TargetMarker,
    /// Counts incidents ("attacks", "هجمات"): with a number, an aggregate.
    IncidentNoun,
    /// A background clause, not a report ("last year", "earlier", "قبل أشهر").
    Background,
    /// The person an operation sought ("leader", "facilitator"): a sentence about "the leader" that counts no
    /// one tells what the person did before, not what happened.
    SoughtPerson,
    /// A running total over a period ("since May 1", "so far this year", "in the last month"): with a
    /// perfect tense ("have captured 17 leaders"), an aggregate, not one incident.
    Cumulative,
    /// Speech of an analyst or commentator, not a report of an incident.
    Commentary,
    /// A place or post taken, not people ("city", "district center", "checkpoint", "police command"): the
    /// object of "captured" that makes it a capture of territory.
    Territory,
    /// Companions counted with a named person ("and four others", "ومعه").
    Companions,
    /// "all on board", "جميع من كان على متنها": at least one, no number.
    AllOnBoard,
    /// A weapon that went off early or was defused ("prematurely", "defused"): Disrupted weapons use.
    Disrupted,
    /// The figure that follows is part of the one before ("including", "بينهم").
    Subset,
    /// "others", "آخرين": at least one more, with or without a number.
    Others,
    /// A word inside a verb group ("were", "had been"): passive or perfect.
    Auxiliary,
    /// A noun for persons: one person alone ("شرطي", "طفل"), or what a figure counts ("شش نفر", "اووه کسان").
    OnePerson,
    /// Marks the agent that stands before it: Pashto "د X له خوا" ("by X").
    AgentAfter,
    /// Names the source already speaking ("he", "the group", "این جبهه", "دغې ډلې").
    SourceAnaphor,
    /// Opens a reported clause after a verb of saying ("که", "چې"): the speaker is before it.
    Complementizer,
}

impl Sense {
    /// A short label, for tests and `--explain`.
    pub fn label(&self) -> String {
        match self {
            Sense::Actor { actor, .. } => format!("actor:{actor}"),
            Sense::Spokesperson { person } => {
                format!("spokesperson:{}", crate::Lexicon::embedded().spokesperson(*person).name)
            }
            Sense::Event(e) => {
                let parts: Vec<&str> =
                    [&e.event_type, &e.sub_event_type, &e.weapon].into_iter().filter_map(|p| p.as_deref()).collect();
                format!("event:{}", parts.join("/"))
            }
            Sense::Casualty { field } => format!("casualty:{field:?}"),
            Sense::Attribution { kind } => format!("attribution:{kind:?}"),
            Sense::Cue(c) => format!("cue:{c:?}"),
            Sense::Materiel { item } => format!("materiel:{item}"),
        }
    }
}

/// Parses one row of vocabulary file `file`. Unknown values are build defects: they panic naming the row.
pub(crate) fn parse_row(file: &str, row: &Row<'_, '_>) -> Sense {
    let bad = |what: &str, value: &str| -> ! { panic!("{}: unknown {what} {value:?}", row.origin()) };
    match file {
        "actors.tsv" => Sense::Actor {
            actor: row.get("actor").to_string(),
            role: match row.get("role") {
                "org" => ActorRole::Organisation,
                "members" => ActorRole::Members,
                "source" => ActorRole::Source,
                "generic" => ActorRole::Generic,
                other => bad("role", other),
            },
        },
        "events.tsv" => Sense::Event(EventSense {
            event_type: row.opt("event_type").map(str::to_string),
            sub_event_type: row.opt("sub_event_type").map(str::to_string),
            weapon: row.opt("weapon").map(str::to_string),
            strong: match row.get("strength") {
                "strong" => true,
                "weak" => false,
                other => bad("strength", other),
            },
        }),
        "casualties.tsv" => Sense::Casualty {
            field: match row.get("field") {
                "killed" => CasualtyField::Killed,
                "wounded" => CasualtyField::Wounded,
                "captured" => CasualtyField::Captured,
                other => bad("field", other),
            },
        },
        "attribution.tsv" => Sense::Attribution {
            kind: match row.get("kind") {
                "say" => AttributionKind::Say,
                "claim" => AttributionKind::ClaimResponsibility,
                "according" => AttributionKind::According,
                "according_after_source" => AttributionKind::AccordingAfterSource,
                "statement" => AttributionKind::Statement,
                "no_comment" => AttributionKind::NoComment,
                "deny" => AttributionKind::Deny,
                other => bad("kind", other),
            },
        },
        "cues.tsv" => Sense::Cue(match row.get("cue") {
            "new_report" => Cue::NewReport,
            "same_statement" => Cue::SameStatement,
            "same_place" => Cue::SamePlace,
            "same_district" => Cue::SameDistrict,
            "same_province" => Cue::SameProvince,
            "negation" => Cue::Negation,
            "habitual" => Cue::Habitual,
            "rollup" => Cue::Rollup,
            "also" => Cue::Also,
            "agent_by" => Cue::AgentBy,
            "target_marker" => Cue::TargetMarker,
            "incident_noun" => Cue::IncidentNoun,
            "background" => Cue::Background,
            "sought_person" => Cue::SoughtPerson,
            "cumulative" => Cue::Cumulative,
            "commentary" => Cue::Commentary,
            "companions" => Cue::Companions,
            "territory" => Cue::Territory,
            "all_on_board" => Cue::AllOnBoard,
            "disrupted" => Cue::Disrupted,
            "subset" => Cue::Subset,
            "others" => Cue::Others,
            "auxiliary" => Cue::Auxiliary,
            "one_person" => Cue::OnePerson,
            "agent_after" => Cue::AgentAfter,
            "source_anaphor" => Cue::SourceAnaphor,
            "complementizer" => Cue::Complementizer,
            other => bad("cue", other),
        }),
        "materiel.tsv" => Sense::Materiel { item: row.get("item").to_string() },
        other => panic!("no reader for vocabulary file {other}"),
    }
}
