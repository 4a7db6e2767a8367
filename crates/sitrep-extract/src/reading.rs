//! Reading one unit: who says it, who did what to whom, with what, how many fell, what was destroyed.
//!
//! Roles come from the words around each actor mention, scored, not from a parse: an agent marker ("by",
//! "من قبل"), a subject before an English attack verb or right after an Arabic one, the group's own
//! designation of its fighters ("مجاهدو الحركة", "mujahideen") make a perpetrator; a target marker ("on",
//! "against", "ضد"), the Arabic possessive ل after the act ("لقوات الاحتلال"), or being the victims of a
//! counted casualty make a target.

use std::ops::Range;

use sitrep_count::{Count, Quantity};
use sitrep_lexicon::{ActorRole, AttributionKind, CasualtyField, Cue, EventSense, FunctionWord, Hit, Lexicon, Sense};

use crate::words::Words;

/// A value read from the text, with the folded range it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Read<T> {
    pub value: T,
    pub spans: Vec<Range<usize>>,
}

impl<T> Read<T> {
    pub fn new(value: T, span: Range<usize>) -> Read<T> {
        Read { value, spans: vec![span] }
    }
}

/// An actor named in the unit.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub actor: String,
    pub role: ActorRole,
    pub range: Range<usize>,
    pub words: Range<usize>,
}

/// Everything one unit says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reading {
    pub claimant: Option<Read<String>>,
    pub spokesperson: Option<Read<String>>,
    /// The unit speaks through a pronoun or "the group": the source stays the one already speaking.
    pub continues_source: bool,
    pub claims_responsibility: bool,
    pub no_comment: Option<String>,
    /// The source denies ("rejected the claim", "نفت"): an entry only if it gives figures of its own.
    pub denial: bool,
    pub perpetrator: Option<Read<String>>,
    pub target: Option<Read<String>>,
    /// The group's own name for its fighters was used: the text speaks with that group's voice.
    pub self_designation: Option<String>,
    pub events: Vec<Read<EventSense>>,
    pub strong_trigger: bool,
    pub weak_trigger: bool,
    pub disrupted: bool,
    pub killed: Option<Read<Count>>,
    pub wounded: Option<Read<Count>>,
    pub captured: Option<Read<Count>>,
    /// The figures add to ones already given ("also", "أيضا").
    pub also: bool,
    /// The unit tells the outcome of the act told before it ("as a result", "در نتیجه").
    pub result_of: bool,
    pub destroyed: Vec<Read<(String, Option<u32>)>>,
    /// With a number ≥ 2, the unit counts incidents: an aggregate.
    pub incident_count: Option<Read<u32>>,
    /// The unit speaks of attacks in the plural ("attacks", "غارات"), with or without their number.
    pub plural_acts: bool,
    pub habitual: bool,
    pub commentary: bool,
    pub background: bool,
    /// A running total: a perfect tense with a period ("have detained 25 leaders since December 1").
    pub cumulative: bool,
    pub rollup: bool,
    pub same_place: bool,
    pub same_district: bool,
    pub same_province: bool,
    pub same_statement: bool,
    pub new_report: bool,
    pub actors: Vec<Mention>,
    /// For each English casualty figure: its field, the head nouns of the people counted, and whether all
    /// of them were told of before ("the leader").
    pub heads: Vec<(CasualtyField, Vec<String>, bool)>,
    /// Fields whose figure here counts people said to be more than those told of ("two additional suspects").
    pub additional: Vec<CasualtyField>,
    /// Fields whose figure counts people told of before together with others ("the leader and two others").
    pub some_told: Vec<CasualtyField>,
}

impl Reading {
    /// Whether the unit tells of an incident by itself.
    pub fn tells_event(&self) -> bool {
        let casualties = self.killed.is_some() || self.wounded.is_some() || self.captured.is_some();
        let destroyed = !self.destroyed.is_empty();
        (self.strong_trigger || casualties || destroyed || self.weak_trigger && !self.actors.is_empty())
            && self.no_comment.is_none()
    }

    pub fn has_casualties(&self) -> bool {
        self.killed.is_some() || self.wounded.is_some() || self.captured.is_some()
    }
}

/// Reads the unit `unit` of folded text `folded`, given the document's lexicon hits and quantities.
pub(crate) fn read(
    text: &str,
    doc: &sitrep_text::Folded,
    unit: Range<usize>,
    hits: &[Hit<'_>],
    quantities: &[Quantity],
    words: &Words,
    language: sitrep_text::Language,
) -> Reading {
    // Arabic puts the verb before its subject ("قال مسؤولون"); English, Dari and Pashto put the subject first.
    let verb_first = language == sitrep_text::Language::Arabic;
    let folded = doc.as_str();
    let hits: Vec<&Hit<'_>> = hits.iter().filter(|h| h.range.start >= unit.start && h.range.end <= unit.end).collect();
    let quantities: Vec<&Quantity> =
        quantities.iter().filter(|q| q.range.start >= unit.start && q.range.end <= unit.end).collect();
    let arabic = sitrep_text::has_arabic_block(&folded.as_bytes()[unit.clone()]);
    let mut r = Reading::default();

    let first_word = words.span(&unit).start;
    for h in &hits {
        let w = words.span(&h.range);
        let opens = w.start <= first_word + 1;
        match h.sense {
            Sense::Actor { actor, role } => {
                if self_designating(&hits, &h.range) {
                    r.self_designation = Some(actor.clone());
                }
                r.actors.push(Mention { actor: actor.clone(), role: *role, range: h.range.clone(), words: w })
            }
            Sense::Event(e) => {
                if e.strong {
                    r.strong_trigger = true;
                } else {
                    r.weak_trigger = true;
                }
                r.events.push(Read::new(e.clone(), h.range.clone()));
            }
            Sense::Cue(cue) => match cue {
                Cue::Also => r.also = true,
                Cue::ResultOf => r.result_of |= opens,
                Cue::Habitual => r.habitual = true,
                Cue::Commentary => r.commentary = true,
                Cue::Background => r.background |= !in_relative_clause_after_act(folded, &hits, words, h),
                Cue::Rollup => r.rollup = true,
                Cue::SamePlace => r.same_place = true,
                Cue::SameDistrict => r.same_district = true,
                // Cues that open another report count only where the unit opens.
                Cue::SameProvince => r.same_province |= opens,
                Cue::SameStatement => r.same_statement |= opens,
                Cue::NewReport => r.new_report |= opens,
                Cue::Disrupted => r.disrupted = true,
                Cue::IncidentNoun => r.plural_acts = true,
                _ => {}
            },
            Sense::Materiel { item } => {
                let count = quantities
                    .iter()
                    .filter(|q| q.range.end <= h.range.start && words.gap(&q.range, &h.range) <= 1)
                    .map(|q| q.count.best)
                    .next_back()
                    .flatten()
                    .or_else(|| dual_or_singular(&folded[h.range.clone()]));
                r.destroyed.push(Read::new((item.clone(), count), h.range.clone()))
            }
            _ => {}
        }
    }
    // Materiel counts only when the unit says it was destroyed (asked only when it names materiel).
    if !r.destroyed.is_empty()
        && !hits.iter().any(|h| is_destruction(&folded[h.range.clone()]))
        && !destroy_verb(folded, unit.clone())
    {
        r.destroyed.clear();
    }

    // "captured the district centre": a capture of a place or post is the territory taken (ACLED), not a detention.
    if !arabic {
        for h in hits.iter().filter(|h| matches!(h.sense, Sense::Casualty { field: CasualtyField::Captured })) {
            if takes_territory(&hits, &quantities, words, h) {
                let taken = EventSense {
                    event_type: Some("Battles".to_string()),
                    sub_event_type: Some("Non-state actor overtakes territory".to_string()),
                    weapon: None,
                    strong: true,
                };
                r.strong_trigger = true;
                r.events.push(Read::new(taken, h.range.clone()));
            }
        }
    }
    // Dari and Pashto: subject first, verb last (`verb_final.rs`).
    let verb_final = arabic && !verb_first;
    read_source(folded, &hits, words, verb_first, verb_final.then_some(first_word), &mut r);
    if r.spokesperson.is_none() {
        r.spokesperson = crate::persons::named_speaker(text, doc, words, &unit, &hits);
    }
    read_casualties(folded, &hits, &quantities, words, arabic, verb_first, &mut r);
    read_roles(folded, &hits, words, arabic, verb_first, first_word, &mut r);
    // A group that claims responsibility claims the act as its own.
    if r.claims_responsibility && r.perpetrator.is_none() {
        if let Some(c) = &r.claimant {
            if Lexicon::embedded().actor_type(&c.value).is_some_and(|t| t.armed) {
                r.perpetrator = Some(c.clone());
            }
        }
    }
    read_incident_count(folded, &hits, &quantities, words, &mut r);
    // "detained several insurgents including the commander": people told of before are among those counted.
    if !arabic && r.captured.is_some() && includes_someone_told(folded, &hits, words) {
        r.some_told.push(CasualtyField::Captured);
    }
    // "detained two suspects during a search for a leader responsible for attacks": the habit belongs to a
    // clause after the report, which stands.
    if r.habitual && !arabic {
        let first = |pick: &dyn Fn(&Sense) -> bool| hits.iter().filter(|h| pick(h.sense)).map(|h| h.range.start).min();
        // "targeting a leader in charge of a bomb cell, detained three": a habit told of a person, right after
        // the noun and without a verb of its own, describes that person.
        let describes_person = |h: &&Hit<'_>| {
            let at = words.span(&h.range).start;
            at > 0
                && !matches!(words.text(folded, at - 1), "is" | "was" | "are" | "were" | "has" | "have" | "had")
                && hits.iter().any(|p| {
                    matches!(p.sense, Sense::Cue(Cue::SoughtPerson)) && {
                        let w = words.span(&p.range);
                        w.end <= at && at - w.end <= 1
                    }
                })
        };
        let habit = hits
            .iter()
            .filter(|h| matches!(h.sense, Sense::Cue(Cue::Habitual)) && !describes_person(h))
            .map(|h| h.range.start)
            .min();
        let report = first(&|s| matches!(s, Sense::Casualty { .. } | Sense::Event(_)));
        match (habit, report) {
            (None, _) => r.habitual = false,
            (Some(habit), Some(report)) => r.habitual = habit < report,
            (Some(_), None) => {}
        }
    }
    // "The arrested leader coordinated attacks in Logar province": what the person sought did before.
    if !arabic && !r.has_casualties() && about_sought_person(folded, &hits, words, first_word) {
        r.background = true;
    }
    // "The group has waged attacks on the capital since 2021", "it has claimed several attacks in Kabul": a perfect
    // tense over a plural of attacks, with no figure, tells a record, not an incident.
    if !arabic
        && !r.has_casualties()
        && r.incident_count.is_none()
        && hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::IncidentNoun)) && perfect(folded, words, &h.range))
    {
        r.background = true;
    }
    // A running total: a perfect tense with a period ("have detained 25 leaders since December 1"), a period right
    // after the casualty word ("one of 50 insurgents killed since the beginning of the year"), or in Dari and
    // Pashto, which inflect the perfect in the verb itself ("کشته‌اند"), the period alone.
    let periods: Vec<Range<usize>> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Cumulative))).map(|h| words.span(&h.range)).collect();
    r.cumulative = (!arabic || verb_final)
        && r.has_casualties()
        && !periods.is_empty()
        && (verb_final
            || hits.iter().filter(|h| matches!(h.sense, Sense::Casualty { .. })).any(|h| {
                let w = words.span(&h.range);
                perfect(folded, words, &h.range) || periods.iter().any(|p| p.start >= w.end && p.start - w.end <= 1)
            }));
    r
}

/// Whether the words `range` call fighters by their group's own name for them (`own_fighters` cues: "مجاهدو
/// الحركة", "mujahideen"): whoever uses it speaks with the group's voice.
fn self_designating(hits: &[&Hit<'_>], range: &Range<usize>) -> bool {
    hits.iter().any(|h| {
        matches!(h.sense, Sense::Cue(Cue::OwnFighters)) && h.range.start < range.end && range.start < h.range.end
    })
}

/// A cue inside a relative clause that follows the act the unit tells: "an attack occurred in Nad Ali, which
/// the army retook months ago", "هجوماً وقع في مديرية X التي استعادها الجيش قبل أشهر". The clause describes
/// a noun; the report stands.
fn in_relative_clause_after_act(folded: &str, hits: &[&Hit<'_>], words: &Words, cue: &Hit<'_>) -> bool {
    let at = words.span(&cue.range).start;
    let act = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Event(_) | Sense::Casualty { .. }) && h.range.end <= cue.range.start)
        .map(|h| words.span(&h.range).end)
        .min();
    act.is_some_and(|act| {
        (act..at).any(|i| matches!(words.text(folded, i), "الذي" | "التي" | "الذين" | "which" | "who" | "whom"))
    })
}

/// A sentence whose subject is the person an operation sought: "The leader ...", "The detained facilitator ...".
fn about_sought_person(folded: &str, hits: &[&Hit<'_>], words: &Words, first_word: usize) -> bool {
    matches!(words.text(folded, first_word), "the" | "this" | "that")
        && hits.iter().any(|h| {
            let w = words.span(&h.range);
            matches!(h.sense, Sense::Cue(Cue::SoughtPerson)) && w.start > first_word && w.start - first_word <= 4
        })
}

/// A subset word followed by a definite phrase: "including the commander", "among them the leader".
fn includes_someone_told(folded: &str, hits: &[&Hit<'_>], words: &Words) -> bool {
    hits.iter().any(|h| {
        let w = words.span(&h.range);
        matches!(h.sense, Sense::Cue(Cue::Subset))
            && w.end < words.len()
            && matches!(words.text(folded, w.end), "the" | "him" | "his" | "their")
    })
}

/// "have captured", "has killed", "have conducted operations ... and killed": an English perfect tense on
/// this word or on the clause it ends.
fn perfect(folded: &str, words: &Words, range: &Range<usize>) -> bool {
    let at = words.span(range).start;
    (at.saturating_sub(12)..at).any(|i| matches!(words.text(folded, i), "have" | "has"))
}

/// Arabic duals and bare singulars of materiel ("سيارتين" = 2, "دبابة" = 1); plurals stay uncounted.
fn dual_or_singular(surface: &str) -> Option<u32> {
    if surface.ends_with("تين") || surface.ends_with("ين") && surface.chars().count() > 5 {
        return Some(2);
    }
    let plural =
        surface.ends_with("ات") || surface.ends_with('s') || surface.contains("صهاريج") || surface.ends_with("اج");
    (!plural).then_some(1)
}

fn is_destruction(surface: &str) -> bool {
    ["destroy", "تدمير", "دمر", "بتدمير", "burn", "set fire", "اشتعال", "struck"].iter().any(|d| surface.contains(d))
}

fn destroy_verb(folded: &str, unit: Range<usize>) -> bool {
    let text = &folded[unit];
    ["destroy", "تدمير", "دمر", "burning", "burned", "set fire", "struck", "احراق", "اضرار"]
        .iter()
        .any(|d| text.contains(d))
}

/// Who the unit's account comes from. `verb_final`: the unit's first word, for Dari and Pashto.
fn read_source(
    folded: &str,
    hits: &[&Hit<'_>],
    words: &Words,
    verb_first: bool,
    verb_final: Option<usize>,
    r: &mut Reading,
) {
    let lexicon = Lexicon::embedded();
    for h in hits {
        if let Sense::Spokesperson { person } = h.sense {
            let p = lexicon.spokesperson(*person);
            r.spokesperson = Some(Read::new(p.name.clone(), h.range.clone()));
            r.claimant = Some(Read::new(p.organisation.clone(), h.range.clone()));
            break;
        }
    }
    // "claimed the lives of": a verb of saying inside a casualty phrase says nothing.
    let in_casualty_phrase = |h: &Hit<'_>| {
        hits.iter().any(|c| {
            matches!(c.sense, Sense::Casualty { .. })
                && c.range.start <= h.range.start
                && h.range.end <= c.range.end
                && c.range != h.range
        })
    };
    for h in hits {
        let Sense::Attribution { kind } = h.sense else {
            continue;
        };
        if in_casualty_phrase(h) {
            continue;
        }
        let at = words.span(&h.range);
        match kind {
            AttributionKind::NoComment => {
                let subject = verb_final
                    .and_then(|first| crate::verb_final::clause_subject(folded, hits, words, &r.actors, first, &at));
                let speaker = subject
                    .or_else(|| r.actors.iter().rfind(|m| m.words.end <= at.start && at.start - m.words.end <= 4))
                    .map(|m| m.actor.clone());
                r.no_comment = Some(speaker.unwrap_or_default());
                continue;
            }
            // A denial is its source's version: with figures of its own it is a counter-claim.
            AttributionKind::Deny => r.denial = true,
            AttributionKind::ClaimResponsibility => r.claims_responsibility = true,
            _ => {}
        }
        if r.claimant.is_some() {
            continue;
        }
        // "وأضاف: «...»", "he added: \"...\"": a quotation right after a verb with no one named before it is
        // the speech of the source already speaking.
        // A name may stand in quotation marks too ("أعلنت «طالبان» أن"): then it is the source.
        let after = folded[h.range.end..].trim_start();
        let named_right_after = r.actors.iter().any(|m| m.words.start >= at.end && m.words.start - at.end <= 1);
        let quoted = after.starts_with(':') || (after.starts_with(['«', '"', '“']) && !named_right_after);
        let named_right_before = r.actors.iter().any(|m| m.words.end <= at.start && at.start - m.words.end <= 2);
        if quoted && !named_right_before {
            r.continues_source = true;
            continue;
        }
        // Where the source stands relative to the verb: "X said", "according to X", "قال X", "بيان لـX".
        let after_first = (verb_first || matches!(kind, AttributionKind::According | AttributionKind::Statement))
            && *kind != AttributionKind::AccordingAfterSource;
        // "قال X إن", "said that": when a clause follows the verb at once, the source is the one already
        // speaking.
        let named_before = r.actors.iter().any(|m| {
            m.words.end <= at.start
                && at.start - m.words.end <= 6
                && !matches!(m.role, ActorRole::Members | ActorRole::Generic)
        });
        if matches!(words.text(folded, at.end), "ان" | "انه" | "بان" | "that") && (verb_first || !named_before)
        {
            r.continues_source = true;
            continue;
        }
        // Fighters and victims ("soldiers") are not sources; organisations and reporters are, and fighters called
        // by their group's own name for them ("أعلن المجاهدون") speak for it.
        let speaks = |m: &&Mention| {
            !matches!(m.role, ActorRole::Members | ActorRole::Generic) || self_designating(hits, &m.range)
        };
        let before = r.actors.iter().filter(|m| m.words.end <= at.start && at.start - m.words.end <= 6).rfind(speaks);
        // "The Front, a group opposed to the Taliban, said": the apposition describes the source named before it.
        let before = before.map(|m| {
            r.actors
                .iter()
                .filter(|p| speaks(p) && p.range.end <= m.range.start && m.words.start - p.words.end <= 4)
                .rfind(|p| folded[p.range.end..m.range.start].contains([',', '،']))
                .unwrap_or(m)
        });
        let after = r.actors.iter().filter(speaks).find(|m| m.words.start >= at.end && m.words.start - at.end <= 4);
        let source = match verb_final {
            // The subject of a verb-final clause stands before its verb, however far: what follows is what it said.
            // A statement names its source right after it ("اعلامیه وزارت داخله"), or is its subject's
            // ("وزارت داخله در اعلامیه‌ای گفت که طالبان ...").
            Some(first) if !after_first || *kind == AttributionKind::Statement => after
                .filter(|m| *kind == AttributionKind::Statement && m.words.start == at.end)
                .or_else(|| crate::verb_final::clause_subject(folded, hits, words, &r.actors, first, &at))
                .or(before),
            _ if after_first => after.or(before),
            _ => before.or(after),
        };
        if let Some(m) = source {
            r.claimant = Some(Read::new(m.actor.clone(), m.range.clone()));
        } else if pronoun_source(hits, words, &at) {
            r.continues_source = true;
        }
    }
}

/// An English participle used as an adjective right after a determiner: "the detained man", "an arrested leader".
fn attributive(folded: &str, words: &Words, quantities: &[&Quantity], range: &Range<usize>) -> bool {
    let at = words.span(range);
    // "a bombing that killed 40 worshippers": a figure after the participle makes it a verb with its object.
    let object_counted = at.end < words.len() && {
        let next = words.range(at.end..at.end + 1);
        quantities.iter().any(|q| q.range.start == next.start)
    };
    let determiner = |w: &str| {
        matches!(Lexicon::embedded().function_word(w), Some(FunctionWord::Definite | FunctionWord::Indefinite))
    };
    // "the now-detained leader": an adverb may stand between.
    let before =
        if at.start > 1 && matches!(words.text(folded, at.start - 1), "now" | "newly" | "recently" | "previously") {
            at.start - 1
        } else {
            at.start
        };
    before > 0
        && at.len() == 1
        && !object_counted
        && words.text(folded, at.start).ends_with("ed")
        && determiner(words.text(folded, before - 1))
        && at.end < words.len()
        && folded[words.range(at.start..at.end + 1)]
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '-')
}

/// An English gerund after a preposition of aim or charge: "focused their efforts on capturing and killing
/// leaders", "accused of killing", "responsible for kidnapping". The act is a goal or an accusation, not a report.
fn aim_or_charge(folded: &str, words: &Words, range: &Range<usize>) -> bool {
    let at = words.span(range);
    if at.len() != 1 || !words.text(folded, at.start).ends_with("ing") {
        return false;
    }
    // Back over gerunds coordinated with this one ("capturing and killing").
    let mut before = at.start;
    while before >= 2
        && matches!(words.text(folded, before - 1), "and" | "or")
        && words.text(folded, before - 2).ends_with("ing")
    {
        before -= 2;
    }
    before > 0 && matches!(words.text(folded, before - 1), "on" | "at" | "of" | "for" | "toward" | "towards")
}

/// "captured Kunduz city", "seized the district police headquarters": a place or a post right after the
/// verb, with no figure before it, is what was taken; no one was detained.
fn takes_territory(hits: &[&Hit<'_>], quantities: &[&Quantity], words: &Words, capture: &Hit<'_>) -> bool {
    let after = words.span(&capture.range).end;
    hits.iter().any(|h| {
        let w = words.span(&h.range);
        matches!(h.sense, Sense::Cue(Cue::Territory))
            && w.start >= after
            && w.start - after <= 3
            && !quantities.iter().any(|q| q.range.start >= capture.range.end && q.range.end <= h.range.start)
    })
}

/// "He said", "the group's statement", "its statement", "این جبهه افزود": a word for the source already
/// speaking (`source_anaphor` cues) among the four words before the verb or the three after it.
fn pronoun_source(hits: &[&Hit<'_>], words: &Words, verb: &Range<usize>) -> bool {
    let lo = verb.start.saturating_sub(4);
    let hi = verb.end + 3;
    hits.iter().any(|h| {
        let w = words.span(&h.range);
        matches!(h.sense, Sense::Cue(Cue::SourceAnaphor)) && w.start >= lo && w.end <= hi
    })
}

/// Casualty figures: each casualty word takes the quantity that stands closest to it across only filler
/// words (victim nouns, auxiliaries, "of", "at least"), before it for English passives and after it first
/// for Arabic verbs and nouns (Dari and Pashto, verb-final, look before first); quantities joined by "and"/"و" after it add up, as do "X and four others";
/// a figure after "including"/"بينهم" is part of the one before and adds nothing.
fn read_casualties(
    folded: &str,
    hits: &[&Hit<'_>],
    quantities: &[&Quantity],
    words: &Words,
    arabic: bool,
    verb_first: bool,
    r: &mut Reading,
) {
    // No casualty word: no figure to bind.
    if !hits.iter().any(|h| matches!(h.sense, Sense::Casualty { .. })) {
        return;
    }
    let verb_final = arabic && !verb_first;
    let mut used: Vec<Range<usize>> = Vec::new();
    // Quantities right before a casualty word bind to it first ("and three injured").
    let casualties: Vec<(&Hit<'_>, CasualtyField)> = hits
        .iter()
        .filter_map(|h| match h.sense {
            Sense::Casualty { field } => Some((*h, *field)),
            _ => None,
        })
        .filter(|(h, _)| !negated(hits, words, &h.range))
        .filter(|(h, _)| !verb_final || !crate::verb_final::negated_after(hits, words, &words.span(&h.range)))
        // "the arrested leader coordinated attacks": a participle after a determiner describes, it tells nothing.
        .filter(|(h, _)| arabic || !attributive(folded, words, quantities, &h.range))
        .filter(|(h, _)| arabic || !aim_or_charge(folded, words, &h.range))
        .filter(|(h, field)| {
            arabic || *field != CasualtyField::Captured || !takes_territory(hits, quantities, words, h)
        })
        .collect();
    let filler = |range: Range<usize>| -> bool { words_are_filler(folded, hits, words, range) };
    let subsets: Vec<Range<usize>> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Subset))).map(|h| words.span(&h.range)).collect();
    let stops: Vec<usize> = hits
        .iter()
        .filter(|h| match h.sense {
            // "confirmed several insurgents had been killed": a reporting verb ends the phrase too.
            Sense::Casualty { .. } | Sense::Cue(Cue::Subset) | Sense::Attribution { .. } => true,
            Sense::Event(e) => e.strong,
            _ => false,
        })
        .flat_map(|h| words.span(&h.range))
        .collect();
    for (hit, field) in &casualties {
        let at = words.span(&hit.range);
        let free = |q: &&&Quantity, used: &Vec<Range<usize>>| !used.contains(&q.range);
        // English: the people an active verb takes as object, or the subject of a passive one.
        if !arabic {
            // "and three injured", "14 insurgents killed": a figure just before the participle is its own.
            let adjacent = quantities.iter().filter(|q| free(q, &used)).any(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 2
                    && !folded[q.range.end..hit.range.start].contains([',', ';', ':', '.'])
                    && (w.end..at.start).all(|i| {
                        let t = words.text(folded, i);
                        !t.ends_with("ed") && !PREPOSITIONS.contains(&t) && !matches!(t, "were" | "was" | "are" | "is")
                    })
            });
            let victims = if adjacent { None } else { english_victims(folded, words, quantities, &at, &stops) };
            if let Some(v) = victims {
                used.extend(
                    quantities
                        .iter()
                        .filter(|q| v.spans.iter().any(|s| s.start <= q.range.start && q.range.end <= s.end))
                        .map(|q| q.range.clone()),
                );
                let mut spans = vec![hit.range.clone()];
                spans.extend(v.spans.iter().cloned());
                // "arrested a leader and detained three suspected insurgents": other people, added.
                let others = !v.definite
                    && !v.heads.is_empty()
                    && r.heads.iter().any(|(f, _, _)| f == field)
                    && !r.heads.iter().any(|(f, h, _)| f == field && h.iter().any(|x| v.heads.contains(x)));
                r.heads.push((*field, v.heads.clone(), v.definite));
                if v.additional {
                    r.additional.push(*field);
                }
                if v.some_told {
                    r.some_told.push(*field);
                }
                let read = Read { value: v.count, spans };
                match slot_of(r, *field) {
                    Some(existing) if others => {
                        existing.value = existing.value.plus(read.value);
                        existing.spans.extend(read.spans);
                    }
                    _ => set_count(r, *field, read),
                }
                continue;
            }
        }
        // Dari and Pashto: a subset in commas may stand between the figure and its verb ("پنج نفر، از جمله دو
        // کودک، کشته"); the word for one before a thing is an article, not a count.
        let apposition = verb_final
            .then(|| {
                let from = at.start.saturating_sub(12);
                crate::verb_final::subset_apposition(folded, hits, words, &(from..at.start))
            })
            .flatten()
            .filter(|a| filler(a.end..at.start));
        let one = |q: &Quantity| (q.count.low, q.count.best, q.count.high) == (Some(1), Some(1), Some(1));
        let before = quantities.iter().filter(|q| free(q, &used)).rfind(|q| {
            let w = words.span(&q.range);
            if verb_final {
                if !crate::verb_final::counts_people(folded, hits, words, &q.range, one(q)) {
                    return false;
                }
                // Adjuncts of place, time and agent stand between the subject and its verb: a figure that names
                // its people may stand further off ("اووه کسان د غزني په ښار کې په یوه برید کې ووژل شول").
                let reach = if crate::verb_final::before_person(hits, words, &q.range) { 12 } else { 6 };
                return match &apposition {
                    Some(a) if w.end > a.start => false,
                    Some(a) => a.start - w.end <= reach && filler(w.end..a.start),
                    None => w.end <= at.start && at.start - w.end <= reach && filler(w.end..at.start),
                };
            }
            w.end <= at.start && at.start - w.end <= 6 && filler(w.end..at.start)
        });
        let after = quantities.iter().filter(|q| free(q, &used)).find(|q| {
            let w = words.span(&q.range);
            w.start >= at.end && w.start - at.end <= 4 && filler(at.end..w.start)
        });
        // "قتل قائد ومعه أربعة جنود": a singular person right after the casualty word comes first ("مقتل 100 شخص"
        // counts the figure before the noun instead).
        let one_first =
            hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::OnePerson)) && words.span(&h.range).start == at.end);
        // Dari marks the counted object with "را", adjuncts may stand between it and the verb: "سه تن را به
        // اتهام همکاری با داعش دستگیر کردند".
        let before = before.or_else(|| {
            if !arabic || verb_first {
                return None;
            }
            quantities.iter().filter(|q| free(q, &used)).rfind(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 10
                    && (w.end..(w.end + 3).min(at.start)).any(|i| words.text(folded, i) == "را")
            })
        });
        let chosen = if one_first {
            None
        } else if arabic && verb_first {
            after.or(before)
        } else {
            // English, Dari and Pashto put the figure before the verb: "درې ملکي وګړي ووژل شول".
            before.or(after)
        };
        let mut count: Option<Count> = None;
        let mut spans = vec![hit.range.clone()];
        // "چهار طالب را کشته و زخمی ساختند": one figure for the killed and the wounded together, neither alone.
        let shared = chosen.filter(|_| {
            let other_counts: Vec<Range<usize>> =
                casualties.iter().filter(|(_, f)| f != field).map(|(h, _)| words.span(&h.range)).collect();
            verb_final && crate::verb_final::joined_to_other_count(folded, words, &at, &other_counts)
        });
        if let Some(q) = shared {
            used.push(q.range.clone());
            spans.push(q.range.clone());
            count = Some(Count::unspecified());
        } else if let Some(q) = chosen {
            used.push(q.range.clone());
            spans.push(q.range.clone());
            count = Some(q.count);
            // Coordinated figures after the first: "9 من طالبان و4 من داعش", "a commander and four
            // others" — unless they belong to another casualty word or are a subset.
            let mut last = words.span(&q.range);
            for next in quantities.iter().filter(|n| n.range.start > q.range.end) {
                let w = words.span(&next.range);
                // Figures may share a word ("3ا0"): no gap then.
                if w.start.saturating_sub(last.end) > 5
                    || subsets.iter().any(|s| s.start >= last.end && s.end <= w.start)
                {
                    break;
                }
                let bridge = &folded[words.range(last.end..w.start)];
                let joined = bridge.contains(" and ")
                    || bridge.split_whitespace().any(|t| t.starts_with('و'))
                    || folded[next.range.clone()].starts_with('و')
                    || folded[sitrep_text::token_start(folded, next.range.start)..next.range.start] == *"و"
                    || bridge.contains("ومعه");
                let owned_by_other =
                    casualties.iter().any(|(c, _)| {
                        c.range.start > next.range.end && words.span(&c.range).start.saturating_sub(w.end) <= 1
                    }) || casualties.iter().any(|(c, _)| c.range.start > q.range.end && c.range.end < next.range.start);
                if !joined || owned_by_other {
                    break;
                }
                used.push(next.range.clone());
                spans.push(next.range.clone());
                count = count.map(|c| add(&c, &next.count));
                last = w;
            }
            // Dari and Pashto coordinate before the verb: "سه سرباز و دو پولیس ... کشته شدند".
            if verb_final {
                let mut first = words.span(&q.range);
                let earlier: Vec<&&Quantity> = quantities
                    .iter()
                    .rev()
                    .filter(|p| p.range.end < q.range.start && free(p, &used))
                    .filter(|p| crate::verb_final::counts_people(folded, hits, words, &p.range, one(p)))
                    .collect();
                for prev in earlier {
                    let w = words.span(&prev.range);
                    let bridge = words.range(w.end..first.start);
                    let joined = folded[bridge.clone()].split_whitespace().any(|t| t == "و" || t == "او")
                        || folded[q.range.clone()].starts_with('و');
                    let apart = first.start.saturating_sub(w.end) > 5
                        || folded[bridge.clone()].contains([',', ';', '.', ':'])
                        || hits.iter().any(|h| {
                            h.range.start >= bridge.start
                                && h.range.end <= bridge.end
                                && matches!(
                                    h.sense,
                                    Sense::Casualty { .. } | Sense::Attribution { .. } | Sense::Cue(Cue::Subset)
                                )
                        });
                    if !joined || apart {
                        break;
                    }
                    used.push(prev.range.clone());
                    spans.push(prev.range.clone());
                    count = count.map(|c| add(&c, &prev.count));
                    first = w;
                }
            }
        } else if let Some(one) = hits.iter().find(|h| {
            matches!(h.sense, Sense::Cue(Cue::OnePerson))
                && words.span(&h.range).start >= at.end
                && words.span(&h.range).start - at.end <= 1
        }) {
            spans.push(one.range.clone());
            count = Some(Count::article());
            // "قتل قائد ... ومعه أربعة جنود آخرين", "مقتل قائد محلي و6 من مرافقيه": companions add to the one.
            if let Some(q) = quantities.iter().filter(|q| q.range.start > one.range.end).find(|q| {
                let bridge = &folded[one.range.end..q.range.start];
                let token = &folded[sitrep_text::token_start(folded, q.range.start)..q.range.start];
                words.gap(&one.range, &q.range) <= 4
                    && !bridge.contains([',', '.', ';'])
                    && (bridge.contains("ومعه") || bridge.contains(" و ") || token == "و")
            }) {
                used.push(q.range.clone());
                spans.push(q.range.clone());
                count = count.map(|c| add(&c, &q.count));
            }
        }
        let count = count.unwrap_or_else(|| implied(folded, hits, words, &at, arabic));
        set_count(r, *field, Read { value: count, spans });
    }
}

fn slot_of(r: &mut Reading, field: CasualtyField) -> &mut Option<Read<Count>> {
    match field {
        CasualtyField::Killed => &mut r.killed,
        CasualtyField::Wounded => &mut r.wounded,
        CasualtyField::Captured => &mut r.captured,
    }
}

/// Keeps the first figure a unit gives for a field, unless a later one is exact where it was vague.
fn set_count(r: &mut Reading, field: CasualtyField, read: Read<Count>) {
    let slot = slot_of(r, field);
    match slot {
        None => *slot = Some(read),
        Some(existing) if existing.value.best.is_none() && read.value.best.is_some() => *slot = Some(read),
        Some(_) => {}
    }
}

/// The people an English casualty word counts: the subject of a passive ("a leader was captured"), the
/// object of an active verb ("detained a leader and two others"), or what follows "of" ("the deaths of").
fn english_victims(
    folded: &str,
    words: &Words,
    quantities: &[&Quantity],
    at: &Range<usize>,
    stops: &[usize],
) -> Option<crate::victims::Victims> {
    let verb = words.text(folded, at.end.saturating_sub(1));
    let aux = (at.start.saturating_sub(2)..at.start)
        .rev()
        .find(|&i| matches!(words.text(folded, i), "was" | "were" | "been" | "is" | "are" | "be"));
    if let Some(mut aux) = aux {
        // "several insurgents had been killed": the subject stands before the whole verb group.
        while aux > 0
            && matches!(words.text(folded, aux - 1), "had" | "have" | "has" | "will" | "would" | "may" | "might")
        {
            aux -= 1;
        }
        return crate::victims::passive_subject(folded, words, quantities, aux, stops);
    }
    // "killed X", "killing X", "the deaths of X", "the capture of X".
    let takes_object =
        verb.ends_with("ed") || verb.ends_with("ing") || verb == "of" || words.text(folded, at.end) == "of";
    takes_object.then(|| crate::victims::object_list(folded, words, quantities, at.end, stops)).flatten()
}

/// A casualty word with no figure: "others" or a vague plural imply at least one (three for an Arabic
/// plural, as the convention in gold/README.md says); "all on board" at least one.
fn implied(folded: &str, hits: &[&Hit<'_>], words: &Words, at: &Range<usize>, arabic: bool) -> Count {
    let near = |h: &&&Hit<'_>| {
        let w = words.span(&h.range);
        (w.start >= at.end && w.start - at.end <= 3) || (w.end <= at.start && at.start - w.end <= 3)
    };
    let others = hits.iter().filter(near).any(|h| matches!(h.sense, Sense::Cue(Cue::Others | Cue::AllOnBoard)));
    let plural_members = hits.iter().filter(near).any(|h| match h.sense {
        Sense::Actor { role: ActorRole::Members | ActorRole::Generic, .. } => {
            let s = &folded[h.range.clone()];
            s.ends_with("ين") || s.ends_with("ون") || s.ends_with("ود") || s.starts_with("جنود")
        }
        _ => false,
    });
    // An Arabic dual names two: "مقتل جنديين".
    let dual = arabic
        && (at.end..(at.end + 2).min(words.len())).any(|i| sitrep_count::known_arabic_dual(words.text(folded, i)));
    if dual {
        Count::dual()
    } else if arabic && plural_members && !others {
        Count::implied_plural()
    } else {
        Count::unspecified()
    }
}

fn add(a: &Count, b: &Count) -> Count {
    let sum = |x: Option<u32>, y: Option<u32>| Some(x?.saturating_add(y?));
    Count {
        low: sum(a.low.or(a.best), b.low.or(b.best)),
        best: sum(a.best, b.best),
        high: sum(a.high, b.high),
        rule: a.rule,
    }
}

/// A negation within three words before the casualty word ("no civilians were injured", "لم يصب").
fn negated(hits: &[&Hit<'_>], words: &Words, casualty: &Range<usize>) -> bool {
    let at = words.span(casualty);
    hits.iter().any(|h| {
        matches!(h.sense, Sense::Cue(Cue::Negation)) && {
            let w = words.span(&h.range);
            w.end <= at.start && at.start - w.end <= 3
        }
    })
}

/// Whether words `range` (word indices) only qualify a figure's noun: no clause punctuation, no other
/// casualty word, no verb of saying, no preposition opening a place or time between figure and casualty word.
fn words_are_filler(folded: &str, hits: &[&Hit<'_>], words: &Words, range: Range<usize>) -> bool {
    if range.is_empty() {
        return true;
    }
    let bytes = words.range(range.clone());
    if folded[bytes.clone()].contains([',', '.', ';', ':', '?', '!']) {
        return false;
    }
    let blocked = hits.iter().any(|h| {
        h.range.start >= bytes.start
            && h.range.end <= bytes.end
            && matches!(h.sense, Sense::Casualty { .. } | Sense::Attribution { .. } | Sense::Cue(Cue::Subset))
    });
    let clause_word = range
        .clone()
        .any(|i| matches!(words.text(folded, i), "in" | "on" | "at" | "after" | "when" | "في" | "فى" | "بعد" | "حين"));
    !blocked && !clause_word
}

/// Words that put an actor outside the object of the act before it: prepositions ("killed in a Taliban
/// attack") and words opening another clause ("killed when Taliban fighters attacked").
const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "by", "during", "from", "with", "near", "after", "for", "when", "while", "as", "because",
    "since", "before", "that", "who", "which", "and", "but",
];

/// Perpetrator and target from the words around each actor mention.
fn read_roles(
    folded: &str,
    hits: &[&Hit<'_>],
    words: &Words,
    arabic: bool,
    verb_first: bool,
    first_word: usize,
    r: &mut Reading,
) {
    // No actor: no role to give (perpetrator and target stay unread).
    if r.actors.is_empty() {
        return;
    }
    let verb_final = arabic && !verb_first;
    // The figures bound to casualty words, as word spans: the people they count are victims.
    let counted: Vec<Range<usize>> = [&r.killed, &r.wounded, &r.captured]
        .into_iter()
        .flatten()
        .flat_map(|c| c.spans.iter().skip(1))
        .map(|s| words.span(s))
        .collect();
    let claimant_span = r.claimant.as_ref().map(|c| c.spans[0].clone());
    let triggers: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Event(_) | Sense::Casualty { field: CasualtyField::Killed }))
        .map(|h| words.span(&h.range))
        .collect();
    // Materiel right before an actor belongs to it ("دبابة لقوات الاحتلال"): that actor was hit.
    let owned: Vec<usize> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Materiel { .. })).map(|h| words.span(&h.range).end).collect();
    let verbs: Vec<Range<usize>> = hits
        .iter()
        .filter(|h| match h.sense {
            Sense::Event(_) | Sense::Cue(Cue::AgentVerb) => true,
            Sense::Casualty { field: CasualtyField::Killed } => folded[h.range.clone()].ends_with("لت"),
            _ => false,
        })
        .map(|h| words.span(&h.range))
        .collect();
    let markers = |cue: Cue| -> Vec<Range<usize>> {
        hits.iter().filter(|h| matches!(h.sense, Sense::Cue(c) if *c == cue)).map(|h| words.span(&h.range)).collect()
    };
    let agent_markers = markers(Cue::AgentBy);
    let target_markers = markers(Cue::TargetMarker);
    let casualty_words: Vec<Range<usize>> =
        hits.iter().filter(|h| matches!(h.sense, Sense::Casualty { .. })).map(|h| words.span(&h.range)).collect();
    let passive = |w: &Range<usize>| -> bool {
        (w.end..(w.end + 3).min(words.len()))
            .any(|i| matches!(words.text(folded, i), "were" | "was" | "been" | "are" | "is"))
    };
    let mut perp: Vec<(i32, &Mention)> = Vec::new();
    let mut targ: Vec<(i32, &Mention)> = Vec::new();
    let claimant_words = claimant_span.as_ref().map(|s| words.span(s));
    for m in &r.actors {
        if m.role == ActorRole::Source || Some(&m.range) == claimant_span.as_ref() && !r.claims_responsibility {
            continue;
        }
        // "وزارت داخله طالبان", "د طالبانو د دفاع وزارت": a name joined to the source's is part of it.
        let joined_to_source = claimant_words.as_ref().is_some_and(|c| {
            c.end == m.words.start
                || m.words.end == c.start
                || m.words.end + 1 == c.start && words.text(folded, m.words.end) == "د"
        });
        if verb_final && joined_to_source && !r.claims_responsibility {
            continue;
        }
        let (mut p, mut t) = (0i32, 0i32);
        if self_designating(hits, &m.range) {
            p += 4;
        }
        if !verb_final && agent_markers.iter().any(|a| a.end <= m.words.start && m.words.start - a.end <= 2) {
            p += 4;
        }
        if !verb_final && target_markers.iter().any(|a| a.end <= m.words.start && m.words.start - a.end <= 3) {
            t += 3;
        }
        if verb_final {
            let cx = crate::verb_final::RoleContext {
                hits,
                actors: &r.actors,
                first_word,
                triggers: &triggers,
                casualty_words: &casualty_words,
                counted: &counted,
            };
            let (vp, vt) = crate::verb_final::role_scores(folded, words, &cx, m);
            p += vp;
            t += vt;
        } else if arabic {
            // VSO: the subject follows its verb; ل after the act marks whose forces were hit.
            if verbs.iter().any(|tr| tr.end == m.words.start) {
                p += 5;
            }
            // After "إن"/"أن" the subject comes first: "قال الجيش إن القوات قتلت 6 مسلحين".
            let after_inna = m.words.start > 0 && matches!(words.text(folded, m.words.start - 1), "ان" | "بان" | "وان");
            if after_inna && verbs.iter().any(|tr| tr.start == m.words.end) {
                p += 5;
            }
            let token_start = sitrep_text::token_start(folded, m.range.start);
            let prefix = &folded[token_start..m.range.start];
            if prefix.ends_with('ل')
                && (triggers.iter().any(|tr| tr.end <= m.words.start) || owned.contains(&m.words.start))
            {
                t += 4;
            }
        } else {
            // SVO: "the Taliban stormed", "Taliban have killed"; "during an attack by the Taliban".
            // An actor right after an act is its object ("overran the army's post"), not its agent.
            let object = triggers.iter().any(|tr| {
                tr.end <= m.words.start
                    && m.words.start - tr.end <= 3
                    && !(tr.end..m.words.start).any(|i| PREPOSITIONS.contains(&words.text(folded, i)))
            });
            if triggers.iter().any(|tr| tr.start >= m.words.end && tr.start - m.words.end <= 2)
                && !passive(&m.words)
                && !object
            {
                p += 2;
            }
        }
        // "clashes between X and Y", "اشتباك بين X و Y": X the first party, Y the second.
        let before_words: Vec<&str> =
            (m.words.start.saturating_sub(3)..m.words.start).map(|i| words.text(folded, i)).collect();
        if before_words.last().is_some_and(|w| matches!(*w, "between" | "بين"))
            || before_words.iter().rev().take(2).any(|w| *w == "between" || *w == "بين")
        {
            p += 3;
        } else if (before_words.contains(&"and") && before_words.contains(&"between"))
            || (folded[sitrep_text::token_start(folded, m.range.start)..m.range.start].starts_with('و')
                && (m.words.start.saturating_sub(8)..m.words.start).any(|i| words.text(folded, i) == "بين"))
        {
            t += 3;
        }
        if matches!(m.role, ActorRole::Members | ActorRole::Generic)
            && casualty_words.iter().any(|c| {
                (c.start >= m.words.end && c.start - m.words.end <= 3)
                    || (c.end <= m.words.start && m.words.start - c.end <= 3)
            })
        {
            t += 2;
        }
        if triggers.iter().any(|tr| tr.end <= m.words.start) {
            t += 1;
        } else if triggers.iter().any(|tr| tr.start >= m.words.end) {
            p += 1;
        }
        perp.push((p, m));
        targ.push((t, m));
    }
    let best = |list: &[(i32, &Mention)], exclude: Option<&str>| -> Option<Read<String>> {
        list.iter()
            .filter(|(s, m)| *s > 0 && Some(m.actor.as_str()) != exclude)
            .max_by_key(|(s, m)| (*s, std::cmp::Reverse(m.range.start)))
            .map(|(_, m)| Read::new(m.actor.clone(), m.range.clone()))
    };
    let p = best(&perp, None).filter(|p| perp.iter().any(|(s, m)| m.actor == p.value && *s >= 2));
    // Unqualified "soldiers" yield to any force named beside them ("جنود ... لقوات الاحتلال").
    let perp_name = p.as_ref().map(|p| p.value.clone());
    let named: Vec<(i32, &Mention)> = targ
        .iter()
        .filter(|(s, m)| *s > 0 && m.role != ActorRole::Generic && Some(&m.actor) != perp_name.as_ref())
        .copied()
        .collect();
    let t = if named.is_empty() { best(&targ, perp_name.as_deref()) } else { best(&named, perp_name.as_deref()) };
    r.perpetrator = p;
    r.target = t;
}

/// "five attacks", "12 offensives", "بأربع هجمات": a figure of two or more on an incident noun.
fn read_incident_count(folded: &str, hits: &[&Hit<'_>], quantities: &[&Quantity], words: &Words, r: &mut Reading) {
    for h in hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::IncidentNoun))) {
        let at = words.span(&h.range);
        // The figure right before the noun ("five attacks", "بأربع هجمات"), else one word before.
        let q = quantities
            .iter()
            .filter(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 1
                    && (w.end..at.start).all(|i| !PREPOSITIONS.contains(&words.text(folded, i)))
            })
            .max_by_key(|q| q.range.end);
        if let Some(q) = q {
            if let Some(n) = q.count.best.filter(|n| *n >= 2) {
                let span = q.range.start.min(h.range.start)..q.range.end.max(h.range.end);
                r.incident_count = Some(Read::new(n, span));
                return;
            }
        }
    }
}
