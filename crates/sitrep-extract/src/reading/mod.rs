//! Reading one unit: who says it, who did what to whom, with what, how many fell, what was destroyed.
//!
//! [`read`] takes its steps in order: what the words are (actors, acts, cues, materiel), who speaks
//! (`source.rs`, and `persons.rs` for a speaker the vocabularies lack), how many fell (`casualties.rs`), who did
//! what to whom (`roles.rs`; Dari and Pashto in `verb_final.rs`), how many attacks it counts, and whether it
//! tells an incident at all (a habit, a background, a running total).
//!
//! Roles come from the words around each actor mention, scored, not from a parse: an agent marker ("by",
//! "من قبل"), a subject before an English attack verb or right after an Arabic one, the group's own
//! designation of its fighters ("مجاهدو الحركة", "mujahideen") make a perpetrator; a target marker ("on",
//! "against", "ضد"), the Arabic possessive ل after the act ("لقوات الاحتلال"), or being the victims of a
//! counted casualty make a target.

mod casualties;
mod roles;
mod source;

use std::ops::Range;

use sitrep_count::{Count, Quantity};
use sitrep_lexicon::{
    ActorRole, AttributionKind, CasualtyField, Cue, CueSet, EventSense, FunctionWord, Hit, Lexicon, Sense, WordClass,
};

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
    /// The group's word for its own fighters ("our mujahideen"): the author names itself.
    pub self_designating: bool,
}

/// Everything one unit says.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reading {
    pub claimant: Option<Read<String>>,
    pub spokesperson: Option<Read<String>>,
    /// The unit speaks through a pronoun or "the group": the source stays the one already speaking.
    pub continues_source: bool,
    /// ... through a word for a group ("the group said"): with no one speaking yet, the armed group named acting.
    pub group_anaphor: bool,
    /// English: the one word that stands as the subject of a verb of saying, no actor ("Mujahid claimed"): the
    /// surname of a speaker named before in full, if it is one.
    pub speaker_surname: Option<String>,
    pub claims_responsibility: bool,
    /// "ISKP claimed the attack, which killed five people, police said": the toll stands in a relative clause of
    /// the act claimed, not in the group's words; the account with that toll is its teller's (`toll_source`, or
    /// the outlet's), the claim a version of its own.
    pub toll_of_claimed_act: bool,
    /// The source a toll told apart from the claim is attributed to ("according to police"), if named.
    pub toll_source: Option<Read<String>>,
    pub no_comment: Option<String>,
    /// The source denies ("rejected the claim", "نفت"): an entry only if it gives figures of its own.
    pub denial: bool,
    /// The source condemns an act ("condemned the bombing", "أدانت"): an entry only if it gives figures.
    pub condemnation: bool,
    pub perpetrator: Option<Read<String>>,
    /// The perpetrator is an armed group the unit does not name ("the militants", "insurgents").
    pub unnamed_perpetrator: bool,
    pub target: Option<Read<String>>,
    /// The group's own name for its fighters was used: the text speaks with that group's voice.
    pub self_designation: Option<String>,
    /// "its forces", "our forces", "نیروهایش" with no name of their own: the speaking body's forces acted.
    pub own_forces: bool,
    /// "three of its troops", "ثلاثة من قواتها": the speaking body's own people were counted among those hit.
    pub own_victims: bool,
    /// The lexicon's own senses: a long document's drafts hold thousands of them.
    pub events: Vec<Read<&'static EventSense>>,
    pub strong_trigger: bool,
    pub weak_trigger: bool,
    pub killed: Option<Read<Count>>,
    pub wounded: Option<Read<Count>>,
    pub captured: Option<Read<Count>>,
    /// Every kind of cue the unit holds ("also", "the following", "attacks", ...).
    pub cues: CueSet,
    /// The cues that open the unit (its first two words): only there do "وفي ولاية", "as a result", "وأكد نفس
    /// البيان" say another report or the outcome of the one before.
    pub opening: CueSet,
    pub destroyed: Vec<Read<(String, Option<u32>)>>,
    /// With a number ≥ 2, the unit counts incidents: an aggregate.
    pub incident_count: Option<Read<u32>>,
    /// The parts of that count told by their authors after it ("40 attacks, including 25 NRF attacks and 9 AFF
    /// attacks"): each figure and the actor named between it and its noun.
    pub count_parts: Vec<(Read<u32>, Read<String>)>,
    /// What goes on in general ("frequently", "in recent months"), not one incident.
    pub habitual: bool,
    /// What was before, or told of a person sought: not the incident reported.
    pub background: bool,
    /// A running total: a perfect tense with a period ("have detained 25 leaders since December 1").
    pub cumulative: bool,
    pub actors: Vec<Mention>,
    /// For each English casualty figure: its field, the head nouns of the people counted, and whether all
    /// of them were told of before ("the leader").
    pub heads: Vec<(CasualtyField, Vec<String>, bool)>,
    /// Fields whose figure here counts people said to be more than those told of ("two additional suspects").
    pub additional: Vec<CasualtyField>,
    /// Fields whose figure counts people told of before together with others ("the leader and two others").
    pub some_told: Vec<CasualtyField>,
    /// Speaks of the dead or wounded told before, without a figure ("أن القتلى من المدنيين"): of the act told.
    pub speaks_of_told_casualties: bool,
    /// Fields whose figure counts people among the dead or wounded told before ("من بين القتلى قائد", "among the
    /// dead was a commander"): part of the account's toll, no more.
    pub among_told: Vec<CasualtyField>,
    /// Its dead are a toll that rose to its figure ("the death toll rose to 62"): the act told, counted anew.
    pub toll_rose: bool,
    /// A figure counts those who attacked ("killing eight of the attackers", "وقتلت ثمانية من المهاجمين"): the
    /// other side of the act told, not another act.
    pub counts_attackers: bool,
    /// Arabic killing verbs read as active, with a subject and then an object after them ("اغتال مسلحون قاضيا").
    pub active_objects: Vec<ArabicObject>,
}

/// The object of an Arabic killing verb read as active: the verb's bytes, the object's words, and whether the object
/// is one person (a noun for one person, or a singular in the accusative: "قاضيا").
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ArabicObject {
    pub verb: Range<usize>,
    pub words: Range<usize>,
    pub one: bool,
}

impl Reading {
    /// Whether the unit tells of an incident by itself.
    pub fn tells_event(&self) -> bool {
        let destroyed = !self.destroyed.is_empty();
        (self.strong_trigger || self.has_casualties() || destroyed || self.weak_trigger && !self.actors.is_empty())
            && !self.silent()
    }

    /// Whether the unit only says that someone did not comment: not when another source gives figures in it
    /// ("local sources said 15 were killed, but officials have not commented").
    pub fn silent(&self) -> bool {
        let other_told = || {
            self.has_casualties() && self.claimant.as_ref().is_some_and(|c| Some(&c.value) != self.no_comment.as_ref())
        };
        self.no_comment.is_some() && !other_told()
    }

    pub fn has_casualties(&self) -> bool {
        self.killed.is_some() || self.wounded.is_some() || self.captured.is_some()
    }

    /// Whether the unit holds a cue of this kind anywhere.
    pub fn has(&self, cue: Cue) -> bool {
        self.cues.contains(cue)
    }

    /// Whether the unit opens with a cue of this kind.
    pub fn opens_with(&self, cue: Cue) -> bool {
        self.opening.contains(cue)
    }
}

/// The unit being read: its words and what the document's scans found inside it.
pub(crate) struct Unit<'a, 'l> {
    pub folded: &'a str,
    pub range: Range<usize>,
    pub hits: Vec<&'a Hit<'l>>,
    pub quantities: Vec<&'a Quantity>,
    pub words: &'a Words,
    /// The unit's first word.
    pub first_word: usize,
    /// The document's language.
    pub language: sitrep_text::Language,
    /// Written in Arabic script (Arabic, Dari, Pashto).
    pub arabic: bool,
    /// Arabic: the verb opens its clause ("قال مسؤولون").
    pub verb_first: bool,
    /// Dari and Pashto: subject first, verb last (`verb_final.rs`).
    pub verb_final: bool,
}

/// Reads the unit `unit` of the folded document `doc` (of original `text`), given the document's lexicon hits
/// and quantities.
pub(crate) fn read<'a>(
    text: &str,
    doc: &'a sitrep_text::Folded,
    cut: &crate::units::Unit,
    hits: &'a [Hit<'static>],
    quantities: &'a [Quantity],
    words: &'a Words,
    language: sitrep_text::Language,
) -> Reading {
    let folded = doc.as_str();
    let unit = cut.range.clone();
    let arabic = sitrep_text::has_arabic_block(&folded.as_bytes()[unit.clone()]);
    // Arabic puts the verb before its subject; English, Dari and Pashto put the subject first.
    let verb_first = language == sitrep_text::Language::Arabic;
    // Sized for all of them: a collected filter would grow step by step.
    let mut unit_hits: Vec<&Hit<'static>> = Vec::with_capacity(hits.len());
    unit_hits.extend(hits.iter().filter(|h| h.range.start >= unit.start && h.range.end <= unit.end));
    // A casualty word inside a longer name of an act is part of that name: Pashto "کمین ونیول" (laid an
    // ambush) captures no one.
    let in_named_act = |h: &Hit<'_>| {
        matches!(h.sense, Sense::Casualty { .. })
            && unit_hits.iter().any(|a| {
                matches!(a.sense, Sense::Event(_))
                    && a.range.start <= h.range.start
                    && h.range.end <= a.range.end
                    && a.range != h.range
            })
    };
    if unit_hits.iter().any(|h| in_named_act(h)) {
        let kept: Vec<&Hit<'static>> = unit_hits.iter().copied().filter(|h| !in_named_act(h)).collect();
        unit_hits = kept;
    }
    // "برای سه روز", "for three days": a number before a unit of time is a length of time, no count; before a
    // noun of places ("in two provinces") a number of places.
    let length_of_time = |q: &Quantity| {
        let next = words.span(&q.range).end;
        next < words.len()
            && (words.is(folded, next, WordClass::TimeLength) || words.is(folded, next, WordClass::PlaceCount))
    };
    let unit_quantities: Vec<&Quantity> = quantities
        .iter()
        .filter(|q| q.range.start >= unit.start && q.range.end <= unit.end && !length_of_time(q))
        .collect();
    // "The detained men were planning attacks": a participle used as an adjective names an act told before.
    let told_before = |h: &Hit<'_>| {
        !arabic
            && matches!(h.sense, Sense::Event(_))
            && casualties::attributive(folded, words, &unit_quantities, &h.range)
    };
    unit_hits.retain(|h| !planned(folded, words, h) && !told_before(h));
    let u = Unit {
        folded,
        hits: unit_hits,
        quantities: unit_quantities,
        first_word: words.span(&unit).start,
        range: unit,
        words,
        language,
        arabic,
        verb_first,
        verb_final: arabic && !verb_first,
    };
    let mut r = Reading::default();
    collect(&u, &mut r);
    r.active_objects = arabic_active_objects(&u);
    keep_destroyed_if_said(&u, &mut r);
    booty_is_no_territory(&u, &mut r);
    territory_taken(&u, &mut r);
    source::read_source(&u, &mut r);
    if r.spokesperson.is_none() {
        r.spokesperson = crate::persons::named_speaker(text, doc, words, &u.range, &u.hits);
    }
    casualties::read_casualties(&u, &mut r);
    if let Some(field) = cut.gapped {
        borrow_casualty(&u, &mut r, field);
    }
    source::toll_of_claimed_act(&u, &mut r);
    roles::read_roles(&u, &mut r);
    claims_own_act(&mut r);
    read_incident_count(&u, &mut r);
    // "detained several insurgents including the commander": people told of before are among those counted.
    if !arabic && r.captured.is_some() && includes_someone_told(&u) {
        r.some_told.push(CasualtyField::Captured);
    }
    judge_habit(&u, &mut r);
    judge_background(&u, &mut r);
    judge_running_total(&u, &mut r);
    r
}

/// "... and three in Zurmat", "در اندر پنج پولیس و ...": a report whose figure shares the casualty verb of the
/// other report of its sentence counts with it: its first figure is what that verb counts.
fn borrow_casualty(u: &Unit<'_, '_>, r: &mut Reading, field: CasualtyField) {
    if r.has_casualties() {
        return;
    }
    let Some(q) = u.quantities.first() else { return };
    let count = Some(Read { value: q.count, spans: vec![q.range.clone(), q.range.clone()] });
    match field {
        CasualtyField::Killed => r.killed = count,
        CasualtyField::Wounded => r.wounded = count,
        CasualtyField::Captured => r.captured = count,
    }
}

/// An act's word or a plural of attacks up to four words after a word of intent in the same clause: "were
/// planning suicide attacks", "يخططون لشن هجمات", "به قصد حمله". The act was not done; the unit does not tell it.
fn planned(folded: &str, words: &Words, h: &Hit<'_>) -> bool {
    if !matches!(h.sense, Sense::Event(_) | Sense::Cue(Cue::IncidentNoun)) {
        return false;
    }
    let at = words.span(&h.range).start;
    (at.saturating_sub(4)..at).any(|i| {
        let intent = words.is(folded, i, WordClass::Intent)
            || words.text(folded, i).strip_prefix('و').is_some_and(|w| crate::is_word(WordClass::Intent, w));
        intent && !folded[words.range(i..i + 1).end..h.range.start].contains([',', '،', '.', ';', '؛', ':'])
    })
}

/// Arabic "قتل مسلحون مجهولون قاضيا", "اغتال مسلحون شرطيا": a killing verb, a party right after it, then within two
/// words another party, a noun for one person or a figure, is active: the first is its subject, the second its
/// object. ("قتل مسلحون" alone may be the passive: gunmen were killed.)
fn arabic_active_objects(u: &Unit<'_, '_>) -> Vec<ArabicObject> {
    if !u.verb_first {
        return Vec::new();
    }
    u.hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Casualty { field: CasualtyField::Killed }))
        .filter_map(|h| arabic_object_after_subject(u, &h.range).or_else(|| arabic_object_after_inna(u, &h.range)))
        .collect()
}

/// "أفادت مصادر بأن مسلحين اغتالوا قائدا": after "إن"/"أن" the subject stands before its verb; a party, a noun
/// for one person or a figure right after the verb is its object.
fn arabic_object_after_inna(u: &Unit<'_, '_>, verb: &Range<usize>) -> Option<ArabicObject> {
    let (folded, words) = (u.folded, u.words);
    let at = words.span(verb);
    let subject =
        u.hits.iter().find(|h| matches!(h.sense, Sense::Actor { .. }) && words.span(&h.range).end == at.start)?;
    let s = words.span(&subject.range);
    if !(s.start.saturating_sub(2)..s.start).any(|i| words.is(folded, i, WordClass::Complementizer)) {
        return None;
    }
    arabic_object(u, verb, at, 1)
}

fn arabic_object_after_subject(u: &Unit<'_, '_>, verb: &Range<usize>) -> Option<ArabicObject> {
    let (folded, words) = (u.folded, u.words);
    let actor_at =
        |at: usize| u.hits.iter().find(|h| matches!(h.sense, Sense::Actor { .. }) && words.span(&h.range).start == at);
    let end = words.span(verb).end;
    let mut subject = words.span(&actor_at(end)?.range);
    // "قتل مسلحون من طالبان ثلاثة من رجال الشرطة": the group after a partitive is part of the subject.
    if words.is(folded, subject.end, WordClass::Partitive) {
        if let Some(group) = actor_at(subject.end + 1) {
            subject = subject.start..words.span(&group.range).end;
        }
    }
    arabic_object(u, verb, subject, 3)
}

/// The object of an active killing verb, within `ahead` words after the phrase at word span `before` (the verb
/// or its subject), plain words only between: a party, a noun for one person ("قائد شرطة"), or a figure that
/// counts one ("ثلاثة من عناصر الشرطة").
fn arabic_object(u: &Unit<'_, '_>, verb: &Range<usize>, before: Range<usize>, ahead: usize) -> Option<ArabicObject> {
    let (folded, words) = (u.folded, u.words);
    let actor_at =
        |at: usize| u.hits.iter().find(|h| matches!(h.sense, Sense::Actor { .. }) && words.span(&h.range).start == at);
    let figure_at = |at: usize| u.quantities.iter().find(|q| words.span(&q.range).start == at).map(|q| &q.range);
    let person_at = |at: usize| {
        u.hits
            .iter()
            .find(|h| matches!(h.sense, Sense::Cue(Cue::OnePerson)) && words.span(&h.range).start == at)
            .map(|h| &h.range)
    };
    (before.end..before.end + ahead).find_map(|at| {
        let person = person_at(at);
        let object = person.or_else(|| actor_at(at).map(|h| &h.range)).or_else(|| figure_at(at))?;
        let plain = (before.end..at).all(|i| !Lexicon::embedded().is_function_word(words.text(folded, i)))
            && !crate::clause_break(folded, words.range(before.clone()).end, object.start)
            && sitrep_text::token_start(folded, object.start) == object.start;
        let object_words = words.span(object);
        let one =
            object_words.len() == 1 && (person.is_some() || words.text(folded, object_words.start).ends_with('ا'));
        plain.then(|| ArabicObject { verb: verb.clone(), words: object_words, one })
    })
}

/// A group's own word for its fighters ("mujahideen", "مجاهد"), not inside a spokesperson's name ("Zabihullah
/// Mujahid").
fn own_fighters_words<'h, 'a, 'l>(u: &'h Unit<'a, 'l>) -> impl Iterator<Item = &'h &'a Hit<'l>> {
    let in_name = |h: &Hit<'_>| {
        u.hits.iter().any(|n| {
            matches!(n.sense, Sense::Spokesperson { .. })
                && n.range.start <= h.range.start
                && h.range.end <= n.range.end
        })
    };
    u.hits.iter().filter(move |h| matches!(h.sense, Sense::Cue(Cue::OwnFighters)) && !in_name(h))
}

/// What the words are: actors, acts, cues (anywhere and at the opening) and materiel.
fn collect(u: &Unit<'_, 'static>, r: &mut Reading) {
    let (folded, words) = (u.folded, u.words);
    let own_fighters: Vec<&Range<usize>> = own_fighters_words(u).map(|h| &h.range).collect();
    // Not a group's own name for its fighters ("mujahideen"); an unqualified noun ("its soldiers") names no one.
    let unnamed = |o: &Range<usize>| {
        !u.hits.iter().any(|h| {
            matches!(h.sense, Sense::Actor { role, .. } if *role != ActorRole::Generic)
                && o.start < h.range.end
                && h.range.start < o.end
        })
    };
    // "three of its troops", "جنديين من قواتها": the speaking body's own people counted (by a figure, or a dual
    // naming them), the side hit.
    let counted = |o: &Range<usize>| {
        let w = words.span(o);
        let counted_before = |end: usize| {
            u.quantities.iter().any(|q| words.span(&q.range).end == end)
                || u.hits.iter().any(|h| matches!(h.sense, Sense::Actor { .. }) && words.span(&h.range).end == end)
        };
        w.start >= 2 && words.is(folded, w.start - 1, WordClass::Partitive) && counted_before(w.start - 1)
    };
    r.own_victims = own_fighters.iter().any(|o| unnamed(o) && counted(o));
    r.own_forces = own_fighters.iter().any(|o| unnamed(o) && !counted(o));
    for h in &u.hits {
        match h.sense {
            Sense::Actor { actor, role } => {
                // "Kabul's Police District 5": a city district named by number is a place.
                let w = words.span(&h.range);
                let admin_word_at = |i: usize| {
                    u.hits
                        .iter()
                        .any(|a| matches!(a.sense, Sense::Cue(Cue::AdminWord)) && words.span(&a.range).start == i)
                };
                let numbered_district =
                    words.text(folded, w.end + 1).bytes().next().is_some_and(|b| b.is_ascii_digit())
                        && admin_word_at(w.end);
                // "told Pajhwok Afghan News", "به هشت صبح گفت", "ازادي راډیو ته ویلي": the outlet a speaker told is
                // the addressee, no party and no source.
                let addressee = *role == ActorRole::Source
                    && (w.start > 0 && matches!(words.text(folded, w.start - 1), "told" | "به")
                        || u.verb_final && words.text(folded, w.end) == "ته");
                if numbered_district || addressee {
                    continue;
                }
                let self_designating = own_fighters.iter().any(|o| o.start < h.range.end && h.range.start < o.end);
                if self_designating {
                    r.self_designation = Some(actor.clone());
                }
                r.actors.push(Mention {
                    actor: actor.clone(),
                    role: *role,
                    range: h.range.clone(),
                    words: words.span(&h.range),
                    self_designating,
                })
            }
            // "planned and executed IED attacks": an English verb whose object is an act only does that act.
            Sense::Event(_)
                if !u.arabic
                    && !u.verb_final
                    && past_participle(words.text(folded, words.span(&h.range).end - 1))
                    && act_right_after(&u.hits, words, &h.range) => {}
            Sense::Event(e) => {
                if e.strong {
                    r.strong_trigger = true;
                } else {
                    r.weak_trigger = true;
                }
                r.events.push(Read::new(e, h.range.clone()));
            }
            // "الولايات المتحدة": with the article the plural of province names the United States.
            Sense::Cue(Cue::SeveralProvinces)
                if folded[sitrep_text::token_start(folded, h.range.start)..h.range.start].ends_with("ال") => {}
            // "حتى الآن" (so far): "now" inside a running total's words says no operation goes on.
            Sense::Cue(Cue::Habitual)
                if u.hits.iter().any(|c| {
                    matches!(c.sense, Sense::Cue(Cue::Cumulative))
                        && c.range.start <= h.range.start
                        && h.range.end <= c.range.end
                }) => {}
            Sense::Cue(cue) => {
                r.cues.insert(*cue);
                if words.span(&h.range).start <= u.first_word + 1 {
                    r.opening.insert(*cue);
                }
                match cue {
                    Cue::Habitual => r.habitual = true,
                    Cue::Background => r.background |= !in_relative_clause_after_act(u, h),
                    _ => {}
                }
            }
            // "بسيارة مفخخة", "a car bomb": the vehicle that carries the bomb is the weapon, not a thing destroyed.
            Sense::Materiel { .. }
                if u.hits.iter().any(|e| {
                    matches!(e.sense, Sense::Event(ev) if ev.weapon.is_some())
                        && e.range.start <= h.range.start
                        && h.range.end <= e.range.end
                        && e.range != h.range
                }) => {}
            Sense::Materiel { item } => {
                let count = u
                    .quantities
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
}

/// Materiel counts only when the unit says it was destroyed (asked only when it names materiel).
fn keep_destroyed_if_said(u: &Unit<'_, '_>, r: &mut Reading) {
    if !r.destroyed.is_empty() && !r.has(Cue::Destruction) {
        r.destroyed.clear();
    }
    // "د ښار صفا ولسوالۍ په مرکز کې", "در مرکز ولسوالی", "مركز مديرية": a centre beside a word for a district or
    // province is the seat of its administration, a place, not a post destroyed.
    let (folded, words) = (u.folded, u.words);
    r.destroyed.retain(|d| {
        let w = words.span(&d.spans[0]);
        let admin = |i: usize| {
            u.hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::AdminWord)) && words.span(&h.range).contains(&i))
        };
        // Pashto puts the district's name first, a preposition perhaps between ("ولسوالۍ په مرکز").
        let before = |k: usize| w.start.checked_sub(k).is_some_and(admin);
        let preposition_between =
            || w.start >= 2 && Lexicon::embedded().is_function_word(words.text(folded, w.start - 1)) && before(2);
        let seat = admin(w.end) || before(1) || preposition_between();
        !(w.len() == 1 && seat && folded[d.spans[0].clone()].ends_with("مركز"))
    });
    // Dari and Pashto name what was destroyed before the word of destroying, in its clause ("یک تانک دشمن نیز
    // حریق شد"): a thing in an earlier clause ("بالای پوسته‌های دشمن حمله نمودند که ...، همچنان") was the target.
    if u.verb_final {
        let destructions: Vec<&Range<usize>> =
            u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Destruction))).map(|h| &h.range).collect();
        let folded = u.folded;
        r.destroyed.retain(|d| {
            let thing = &d.spans[0];
            destructions
                .iter()
                .any(|x| x.start >= thing.end && !folded[thing.end..x.start].contains([',', '،', ';', '؛', '.', '\n']))
        });
    }
    // Arabic names what was destroyed after the word of destroying ("فجر سيارته على مركز للعدو، مما أدى إلى تدمير
    // 3 دبابات"): a thing named before it was the target.
    // "ما أدى إلى تدميرها": a pronoun on the word points back to the thing named before.
    if u.verb_first {
        let first =
            u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Destruction))).min_by_key(|h| h.range.start);
        // (Not a bare "ه", which is also a folded ta marbuta.)
        let points_back = first.is_some_and(|h| {
            let word = u.words.text(u.folded, u.words.span(&h.range).end - 1);
            ["ها", "هم", "هما"].iter().any(|p| word.ends_with(p))
        });
        if let Some(first) = first.filter(|_| !points_back) {
            r.destroyed.retain(|d| d.spans[0].start >= first.range.start);
        }
    }
}

/// "استولوا على كميات من الأسلحة", "سلاح و مهمات را تصرف کردند": a taking whose object is arms, ammunition or
/// vehicles is booty of the fight, not territory taken. The object follows the verb, or in Dari and Pashto
/// stands before it.
fn booty_is_no_territory(u: &Unit<'_, '_>, r: &mut Reading) {
    let (folded, words) = (u.folded, u.words);
    let booty = |at: &Range<usize>| {
        let w = words.span(at);
        let mut object =
            if u.verb_final { w.start.saturating_sub(4)..w.start } else { w.end..(w.end + 4).min(words.len()) };
        object.any(|i| {
            let w = words.text(folded, i);
            words.is(folded, i, WordClass::Booty)
                || w.starts_with('و') && crate::is_word(WordClass::Booty, w.trim_start_matches('و'))
        })
    };
    let taken =
        |e: &Read<&EventSense>| e.value.sub_event_type.as_deref() == Some("Non-state actor overtakes territory");
    let before = r.events.len();
    r.events.retain(|e| !(taken(e) && booty(&e.spans[0])));
    if r.events.len() < before {
        r.strong_trigger = r.events.iter().any(|e| e.value.strong);
    }
}

/// "captured the district centre": a capture of a place or post is the territory taken (ACLED), not a detention.
fn territory_taken(u: &Unit<'_, '_>, r: &mut Reading) {
    if u.arabic {
        return;
    }
    for h in u.hits.iter().filter(|h| matches!(h.sense, Sense::Casualty { field: CasualtyField::Captured })) {
        if casualties::takes_territory(u, h) {
            static TAKEN: std::sync::LazyLock<EventSense> = std::sync::LazyLock::new(|| EventSense {
                event_type: Some("Battles".to_string()),
                sub_event_type: Some("Non-state actor overtakes territory".to_string()),
                weapon: None,
                strong: true,
            });
            r.strong_trigger = true;
            r.events.push(Read::new(&*TAKEN, h.range.clone()));
        }
    }
}

/// A group that claims responsibility claims the act as its own.
fn claims_own_act(r: &mut Reading) {
    if r.claims_responsibility && r.perpetrator.is_none() {
        if let Some(c) = &r.claimant {
            if Lexicon::embedded().actor_type(&c.value).is_some_and(|t| t.armed) {
                r.perpetrator = Some(c.clone());
            }
        }
    }
}

/// "detained two suspects during a search for a leader responsible for attacks": the habit belongs to a clause
/// after the report, which stands; only a habit told before the report makes the unit a habit.
fn judge_habit(u: &Unit<'_, '_>, r: &mut Reading) {
    if !r.habitual || u.arabic {
        return;
    }
    let (folded, words, hits) = (u.folded, u.words, &u.hits);
    // "targeting a leader in charge of a bomb cell, detained three": a habit told of a person, right after the
    // noun and without a verb of its own, describes that person.
    let describes_person = |h: &&&Hit<'_>| {
        let at = words.span(&h.range).start;
        at > 0
            && !crate::is_auxiliary(words, folded, at - 1)
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
    let report = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Casualty { .. } | Sense::Event(_)))
        .map(|h| h.range.start)
        .min();
    match (habit, report) {
        (None, _) => r.habitual = false,
        (Some(habit), Some(report)) => r.habitual = habit < report,
        (Some(_), None) => {}
    }
}

/// What the person sought did before, and a record of attacks in the perfect: background, not the incident.
fn judge_background(u: &Unit<'_, '_>, r: &mut Reading) {
    if u.arabic || r.has_casualties() {
        return;
    }
    // "The arrested leader coordinated attacks in Logar province": what the person sought did before.
    if about_sought_person(u) {
        r.background = true;
    }
    // "The group has waged attacks on the capital since 2021", "it has claimed several attacks in Kabul": a perfect
    // tense over a plural of attacks, with no figure, tells a record, not an incident.
    if r.incident_count.is_none()
        && u.hits
            .iter()
            .any(|h| matches!(h.sense, Sense::Cue(Cue::IncidentNoun)) && perfect(u.folded, u.words, &h.range))
    {
        r.background = true;
    }
}

/// A running total: a perfect tense with a period ("have detained 25 leaders since December 1"), a period right
/// after the casualty word ("one of 50 insurgents killed since the beginning of the year"), or in Dari and
/// Pashto, which inflect the perfect in the verb itself ("کشته‌اند"), and in Arabic, whose periods of a running
/// total say so alone ("منذ بداية العام"), the period alone.
fn judge_running_total(u: &Unit<'_, '_>, r: &mut Reading) {
    let (folded, words) = (u.folded, u.words);
    // "ولم تعلن أي جهة مسؤوليتها حتى الآن", "تاکنون هیچ گروهی ...", "officials have not commented so far": a period
    // in the clause saying no one claimed or spoke is about that silence, not the toll.
    let silences: Vec<&Hit<'_>> = u
        .hits
        .iter()
        .filter(|h| {
            matches!(h.sense, Sense::Cue(Cue::NoClaim) | Sense::Attribution { kind: AttributionKind::NoComment })
        })
        .copied()
        .collect();
    let of_silence = |p: &Hit<'_>| {
        silences.iter().any(|n| {
            let (nw, pw) = (words.span(&n.range), words.span(&p.range));
            (n.range.end <= p.range.start && !crate::clause_break(folded, n.range.end, p.range.start))
                || (pw.end <= nw.start && nw.start - pw.end <= 2)
        })
    };
    let periods: Vec<Range<usize>> = u
        .hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Cue(Cue::Cumulative)) && !of_silence(h))
        .map(|h| words.span(&h.range))
        .collect();
    r.cumulative = r.has_casualties()
        && !periods.is_empty()
        && (u.verb_final
            || u.arabic
            || u.hits.iter().filter(|h| matches!(h.sense, Sense::Casualty { .. })).any(|h| {
                let w = words.span(&h.range);
                perfect(folded, words, &h.range) || periods.iter().any(|p| p.start >= w.end && p.start - w.end <= 1)
            }));
}

/// A cue inside a relative clause that follows the act the unit tells: "an attack occurred in Nad Ali, which
/// the army retook months ago", "هجوماً وقع في مديرية X التي استعادها الجيش قبل أشهر". The clause describes
/// a noun; the report stands.
fn in_relative_clause_after_act(u: &Unit<'_, '_>, cue: &Hit<'_>) -> bool {
    let (folded, hits, words) = (u.folded, &u.hits, u.words);
    let at = words.span(&cue.range).start;
    let act = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Event(_) | Sense::Casualty { .. }) && h.range.end <= cue.range.start)
        .map(|h| words.span(&h.range).end)
        .min();
    act.is_some_and(|act| (act..at).any(|i| words.is(folded, i, WordClass::RelativePronoun)))
}

/// A sentence whose subject is the person an operation sought: "The leader ...", "The detained facilitator ...".
fn about_sought_person(u: &Unit<'_, '_>) -> bool {
    let (folded, hits, words, first_word) = (u.folded, &u.hits, u.words, u.first_word);
    Lexicon::embedded().function_word(words.text(folded, first_word)) == Some(FunctionWord::Definite)
        && hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::SoughtPerson))).any(|h| {
            let w = words.span(&h.range);
            w.start > first_word && w.start - first_word <= 4
        })
}

/// A subset word followed by a definite phrase: "including the commander", "among them the leader".
fn includes_someone_told(u: &Unit<'_, '_>) -> bool {
    let (folded, hits, words) = (u.folded, &u.hits, u.words);
    hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Subset))).any(|h| {
        let w = words.span(&h.range);
        w.end < words.len() && words.is(folded, w.end, WordClass::DefiniteHead)
    })
}

/// "have captured", "has killed", "have conducted operations ... and killed": an English perfect tense on
/// this word or on the clause it ends.
fn perfect(folded: &str, words: &Words, range: &Range<usize>) -> bool {
    let at = words.span(range).start;
    (at.saturating_sub(12)..at).any(|i| words.is(folded, i, WordClass::PresentPerfect))
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

/// "five attacks", "12 offensives", "بأربع هجمات": a figure of two or more on an incident noun.
fn read_incident_count(u: &Unit<'_, '_>, r: &mut Reading) {
    let (folded, hits, quantities, words) = (u.folded, &u.hits, &u.quantities, u.words);
    for h in hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::IncidentNoun))) {
        let at = words.span(&h.range);
        // The figure right before the noun ("five attacks", "بأربع هجمات"), else one word before.
        let q = quantities
            .iter()
            .filter(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 1
                    && (w.end..at.start).all(|i| !words.is(folded, i, WordClass::ClauseBreak))
            })
            .max_by_key(|q| q.range.end);
        if let Some(q) = q {
            if let Some(n) = q.count.best.filter(|n| *n >= 2) {
                let span = q.range.start.min(h.range.start)..q.range.end.max(h.range.end);
                r.incident_count = Some(Read::new(n, span));
                r.count_parts = count_parts(u, &r.actors, h.range.end);
                return;
            }
        }
    }
}

/// After a count of incidents that ends at `after`, its parts by author: a subset word, then figures each with
/// an actor and an incident noun ("including 25 NRF attacks and 9 AFF attacks").
fn count_parts(u: &Unit<'_, '_>, actors: &[Mention], after: usize) -> Vec<(Read<u32>, Read<String>)> {
    let (hits, quantities, words) = (&u.hits, &u.quantities, u.words);
    let Some(subset) = hits.iter().find(|h| h.range.start >= after && matches!(h.sense, Sense::Cue(Cue::Subset)))
    else {
        return Vec::new();
    };
    let subset_end = words.span(&subset.range).end;
    hits.iter()
        .filter(|h| h.range.start > subset.range.end && matches!(h.sense, Sense::Cue(Cue::IncidentNoun)))
        .filter_map(|noun| {
            let at = words.span(&noun.range).start;
            let m = actors.iter().find(|m| m.words.end == at)?;
            let q = quantities.iter().find(|q| {
                let w = words.span(&q.range);
                w.end == m.words.start && w.start >= subset_end
            })?;
            let n = q.count.best?;
            let span = q.range.start..noun.range.end;
            Some((Read::new(n, span), Read::new(m.actor.clone(), m.range.clone())))
        })
        .collect()
}

/// Whether an act's word ("attacks", "IED") begins right after these words.
fn act_right_after(hits: &[&Hit<'_>], words: &Words, range: &Range<usize>) -> bool {
    let next = words.span(range).end;
    hits.iter().any(|h| matches!(h.sense, Sense::Event(_)) && words.span(&h.range).start == next)
}

/// An English word that reads as a past participle ("executed"; not the abbreviation "IED").
pub(super) fn past_participle(folded_word: &str) -> bool {
    folded_word.len() > 3 && folded_word.ends_with("ed")
}
