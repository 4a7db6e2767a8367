//! What a vocabulary entry means, one variant per file.
//!
//! Depends only on std and `sitrep_text`: `build.rs` includes it with `tables.rs`.

use sitrep_text::tsv::{Error, Row};

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
    /// "condemned", "أدانت": the source judges an act another told; it tells nothing of its own.
    Condemn,
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
    /// "all on board", "جميع ركابها": at least one, no number.
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
    /// Opens the outcome of the act just told ("as a result", "در نتیجه"): its figures are that act's.
    ResultOf,
    /// A title or rank before or after a person's name ("spokesman", "provincial council member", "Maj.").
    PersonTitle,
    /// A word after which a place is named ("منطقة", "village of", "روستای"): a name the gazetteer lacks.
    PlaceWord,
    /// A post named after its place when the forces holding it follow ("مركز X لقوات ...").
    PostWord,
    /// An airfield named by the place it serves ("Bagram Airfield", "مطار قندهار"): the place of the unit.
    Airfield,
    /// A word after which a place is named before it ("X area", "X crossroads", Pashto "X سیمه").
    PlaceAfter,
    /// A verb of carrying out whose subject follows it in Arabic ("نفذها الطيران", "شنت القوات"): the agent.
    AgentVerb,
    /// A group's own name for its fighters ("مجاهدو", "mujahideen"): the text speaks with that group's voice.
    OwnFighters,
    /// An administrative unit noun ("مديرية", "district", "ولسوالی"): it ends a place name read after a place word.
    AdminWord,
    /// Marks the agent that stands before it: Pashto "د X له خوا" ("by X").
    AgentAfter,
    /// Names the source already speaking ("he", "the spokesman", "the statement").
    SourceAnaphor,
    /// Names a group already named, as the source already speaking ("the group", "این جبهه", "دغې ډلې"); with no
    /// one speaking yet, the armed group that the account names as acting ("..., the group said").
    GroupAnaphor,
    /// Opens a reported clause after a verb of saying ("که", "چې"): the speaker is before it.
    Complementizer,
    /// Says materiel was destroyed ("destroyed", "set fire", "دمر", "وسوځول"): without it, materiel named is
    /// not counted.
    Destruction,
    /// Speaks of the Taliban as the rulers of Afghanistan ("the Taliban-run ministry", "سلطات طالبان"): the text
    /// was written after they took power, whatever its date.
    TalibanRule,
    /// Says no one claimed the act ("no group has claimed responsibility", "لم تتبن أي جهة"): the report is no
    /// group's claim, whoever spoke before it.
    NoClaim,
    /// Speaks of several provinces at once ("across four provinces", "في أربع ولايات"): a toll over them is an
    /// aggregate.
    SeveralProvinces,
    /// Holds a party responsible ("blamed", "را مسئول ... دانست", "اتهم"): the party named beside it is the author
    /// in the speaker's version (before it in Dari and Pashto, after it elsewhere).
    Blame,
    /// The charge people were held on ("به اتهام همکاری با X", "بتهمة الانتماء إلى X", "on charges of links to X"):
    /// the party named in it neither acted nor was hit.
    Charge,
    /// Names the party that an act supported ("in support of X", "دعما لـX"): on the author's side, neither the
    /// author named nor the one hit.
    InSupport,
    /// Dari and Pashto: a verb of undergoing ("مورد حمله ... قرار گرفت", "په کمین کې ونښت"): the subject of its
    /// clause is what the act reached, and the party named with the act carried it out.
    CameUnder,
    /// The act already told, named by a generic noun with "the" or "this" ("the incident", "این رویداد", "دا
    /// پېښه", "الحادث"): a source speaking of it speaks for that account.
    IncidentAnaphor,
}

/// A set of cues: which kinds of cue a stretch of text holds, one bit each.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CueSet(u64);

// Every kind of cue has its bit (IncidentAnaphor is the last kind).
const _: () = assert!((Cue::IncidentAnaphor as u64) < 64);

impl CueSet {
    pub fn insert(&mut self, cue: Cue) {
        self.0 |= 1 << cue as u64;
    }

    pub fn contains(self, cue: Cue) -> bool {
        self.0 & (1 << cue as u64) != 0
    }
}

/// Which matches compete for the same words: a sense's kind, and for cues the cue's own kind ("spokesman" is both
/// a title beside a name and a word for the source already speaking).
pub(crate) type OverlapKey = (std::mem::Discriminant<Sense>, Option<std::mem::Discriminant<Cue>>);

impl Sense {
    pub(crate) fn overlap_key(&self) -> OverlapKey {
        let cue = match self {
            Sense::Cue(c) => Some(std::mem::discriminant(c)),
            _ => None,
        };
        (std::mem::discriminant(self), cue)
    }
}

/// Parses one row of vocabulary file `file`; an unknown value is an error naming the row and column.
pub(crate) fn parse_row(file: &str, row: &Row<'_, '_>) -> Result<Sense, Error> {
    let bad = |column: &str, value: &str| Err(row.invalid(column, format!("unknown value {value:?}")));
    Ok(match file {
        "actors.tsv" => Sense::Actor {
            actor: row.get("actor")?.to_string(),
            role: match row.get("role")? {
                "org" => ActorRole::Organisation,
                "members" => ActorRole::Members,
                "source" => ActorRole::Source,
                "generic" => ActorRole::Generic,
                other => return bad("role", other),
            },
        },
        "events.tsv" => Sense::Event(EventSense {
            event_type: row.opt("event_type")?.map(str::to_string),
            sub_event_type: row.opt("sub_event_type")?.map(str::to_string),
            weapon: row.opt("weapon")?.map(str::to_string),
            strong: match row.get("strength")? {
                "strong" => true,
                "weak" => false,
                other => return bad("strength", other),
            },
        }),
        "casualties.tsv" => Sense::Casualty {
            field: match row.get("field")? {
                "killed" => CasualtyField::Killed,
                "wounded" => CasualtyField::Wounded,
                "captured" => CasualtyField::Captured,
                other => return bad("field", other),
            },
        },
        "attribution.tsv" => Sense::Attribution {
            kind: match row.get("kind")? {
                "say" => AttributionKind::Say,
                "claim" => AttributionKind::ClaimResponsibility,
                "according" => AttributionKind::According,
                "according_after_source" => AttributionKind::AccordingAfterSource,
                "statement" => AttributionKind::Statement,
                "no_comment" => AttributionKind::NoComment,
                "deny" => AttributionKind::Deny,
                "condemn" => AttributionKind::Condemn,
                other => return bad("kind", other),
            },
        },
        "cues.tsv" => Sense::Cue(match row.get("cue")? {
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
            "result_of" => Cue::ResultOf,
            "person_title" => Cue::PersonTitle,
            "place_word" => Cue::PlaceWord,
            "post_word" => Cue::PostWord,
            "airfield" => Cue::Airfield,
            "place_after" => Cue::PlaceAfter,
            "agent_verb" => Cue::AgentVerb,
            "own_fighters" => Cue::OwnFighters,
            "admin_word" => Cue::AdminWord,
            "agent_after" => Cue::AgentAfter,
            "source_anaphor" => Cue::SourceAnaphor,
            "group_anaphor" => Cue::GroupAnaphor,
            "complementizer" => Cue::Complementizer,
            "taliban_rule" => Cue::TalibanRule,
            "destruction" => Cue::Destruction,
            "no_claim" => Cue::NoClaim,
            "several_provinces" => Cue::SeveralProvinces,
            "blame" => Cue::Blame,
            "charge" => Cue::Charge,
            "in_support" => Cue::InSupport,
            "came_under" => Cue::CameUnder,
            "incident_anaphor" => Cue::IncidentAnaphor,
            other => return bad("cue", other),
        }),
        "materiel.tsv" => Sense::Materiel { item: row.get("item")?.to_string() },
        other => panic!("no reader for vocabulary file {other}"),
    })
}
