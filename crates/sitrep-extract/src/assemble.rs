//! Assembly: units become entries.
//!
//! A source's version of an incident is one entry however many sentences tell it, so a unit joins the
//! entry being built unless something says it is another account:
//!
//! - a chaining cue ("وفي ولاية", "In another incident"), a roll-up lead, or a count of incidents;
//! - another province or another date than the entry's;
//! - another source on another side: a group's claim against a government's or an independent report
//!   (sides come from `actor_types.tsv`); two government bodies are one side unless both give figures;
//! - another source that reports an attack in the indefinite ("an attack", "هجوماً") somewhere of its own.
//!
//! A unit whose source already has an entry in the document goes back to that entry (a statement quoted
//! again after another source spoke).

use std::collections::BTreeSet;
use std::ops::Range;

use sitrep_count::Count;
use sitrep_date::DateRange;
use sitrep_lexicon::{CasualtyField, Cue, EventSense, Lexicon, Sense};

use crate::chunked::Chunked;
use crate::entry::Kind;
use crate::places::PlaceReading;
use crate::reading::{Read, Reading};
use crate::told_words::{self, ToldWords};
use crate::versions::Versions;

/// A document's drafts, in text order of their first unit (a summary's `summarizes` are indices into them).
pub(crate) type Drafts = Chunked<Draft>;

/// An entry under construction.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub kind: Kind,
    pub units: Vec<Range<usize>>,
    pub evidence: Range<usize>,
    evidence_score: i32,
    pub claimant: Option<Read<String>>,
    pub spokesperson: Option<Read<String>>,
    pub perpetrator: Option<Read<String>>,
    /// The perpetrator is an armed group its words do not name ("the militants"): the one the report names.
    pub unnamed_perpetrator: bool,
    /// The target is another source's, taken for a group's claim of the act it told: the group's own words
    /// naming whom it hit replace it.
    pub borrowed_target: bool,
    pub target: Option<Read<String>>,
    pub events: Vec<Read<&'static EventSense>>,
    pub disrupted: bool,
    /// The source denies the act ("the Taliban denied any part in the blast"): its version, not its claim.
    pub denial: bool,
    /// Some unit of it claims responsibility.
    pub claims_responsibility: bool,
    /// Some unit of it says no one claimed the act: it is no armed group's claim.
    pub unclaimed: bool,
    /// Its toll was told apart from a group's claim ([`Reading::toll_of_claimed_act`]): the claim follows it.
    toll_apart: bool,
    /// It opens with an earlier act told as context ("the attacks came a day after a car bomb killed 12"): no
    /// part of a lead's acts.
    background: bool,
    pub killed: Option<Read<Count>>,
    pub wounded: Option<Read<Count>>,
    pub captured: Option<Read<Count>>,
    pub destroyed: Vec<Read<(String, Option<u32>)>>,
    pub attacks: Option<Read<u32>>,
    pub places: PlaceReading,
    pub provinces: Vec<Read<String>>,
    pub date: Option<Read<DateRange>>,
    /// The earliest day a source of the account is reported to have spoken ("said on Monday"): its act was no
    /// later.
    pub reported_on: Option<sitrep_date::Date>,
    /// Told before the incident the report dates to a day, naming no day of its own: that day is not its.
    pub before_dated_incident: bool,
    pub period: Option<Read<String>>,
    pub self_designation: Option<String>,
    /// "its forces" acted: the speaking body's own.
    pub own_forces: bool,
    /// "three of its troops" were hit: the speaking body's own.
    pub own_victims: bool,
    /// Several armed parties are named as the source of an aggregate: no one claimant.
    pub mixed_sources: bool,
    /// For a lead summary: the drafts (indices) of the incidents it rolls up.
    pub summarizes: Vec<usize>,
    /// It speaks of several acts or places at once: attacks in the plural, or two or more districts.
    several: bool,
    /// Head nouns of the people counted so far, per field.
    heads: Vec<(CasualtyField, String)>,
}

/// Adds `items` to a list of a draft. A draft's lists mostly hold an item or two, and a vector's first growth makes
/// room for four (a read event takes 104 bytes): the first items take only their own room, so that a long
/// document's thousands of drafts do not hold it empty; later growth doubles as usual.
fn extend_tight<T>(list: &mut Vec<T>, items: impl ExactSizeIterator<Item = T>) {
    if list.capacity() == 0 {
        list.reserve_exact(items.len());
    }
    list.extend(items);
}

/// [`extend_tight`] with one item.
fn push_tight<T>(list: &mut Vec<T>, item: T) {
    extend_tight(list, std::iter::once(item));
}

/// One unit, read, ready for assembly.
#[derive(Clone)]
pub(crate) struct ReadUnit {
    pub range: Range<usize>,
    pub reading: Reading,
    pub places: PlaceReading,
    pub date: Option<Read<DateRange>>,
    /// The day a reporting expression of the unit names ("said on Monday").
    pub reported_on: Option<sitrep_date::Date>,
    pub period: Option<Read<String>>,
    pub after_rollup: bool,
    /// Its attack word is definite ("the attack", "الاشتباك"): it refers back to an incident told already.
    pub definite_trigger: bool,
    /// Its attack word is indefinite ("an explosion", "یک انفجار"): it brings an attack not told yet.
    pub indefinite_trigger: bool,
    /// Its attack word follows a demonstrative ("this ambush", "این کمین"): it points back to the act told.
    pub demonstrative_trigger: bool,
    /// A figure of it follows a demonstrative ("these two", "این دو تن"): it counts people told already.
    pub demonstrative_figure: bool,
    /// It opens a paragraph or a bullet.
    pub opens_line: bool,
    /// Cut from the front of a sentence of two reports: the speaker named at the sentence's end speaks for it.
    pub speaker_follows: bool,
    /// Opens a later report of such a sentence: with no act of its own, it tells the first one's.
    pub joined_report: bool,
    /// The claim of a unit whose toll was told apart from it ([`Reading::toll_of_claimed_act`]): the group's
    /// version of the act just told, without that toll.
    pub claim_apart: bool,
}

/// A claim of responsibility for an act whose toll a source it names gives apart ("ISKP claimed the attack, which
/// killed five, police said"): the unit becomes the toll's account (its teller's; the group its author), and the
/// group's claim without it is returned, to follow it. Other units stay as they are.
fn toll_apart_from_claim(unit: &mut ReadUnit) -> Option<ReadUnit> {
    let r = &unit.reading;
    if !r.toll_of_claimed_act {
        return None;
    }
    // Only a toll its teller names: an unnamed one (the outlet's) would stand beside the claim in one document as
    // a version of no named source, which links to no other version there.
    let group = r
        .claimant
        .clone()
        .filter(|g| is_armed_group(&g.value) && r.toll_source.as_ref().is_some_and(|s| s.value != g.value))?;
    let mut claim = unit.clone();
    claim.claim_apart = true;
    let c = &mut claim.reading;
    (c.killed, c.wounded, c.captured) = (None, None, None);
    c.destroyed.clear();
    c.toll_of_claimed_act = false;
    let t = &mut unit.reading;
    t.claimant = t.toll_source.clone();
    t.spokesperson = None;
    t.claims_responsibility = false;
    t.continues_source = false;
    t.group_anaphor = false;
    if t.perpetrator.is_none() {
        t.perpetrator = Some(group);
    }
    Some(claim)
}

/// The side a source speaks for on `day` (the report's, if known): a group speaks for itself; state bodies for
/// the state (the Taliban's from the day they took power); others apart.
fn side(actor: &str, day: Option<&str>) -> String {
    let lexicon = Lexicon::embedded();
    let actor = day.map_or(actor, |d| lexicon.actor_on(actor, d));
    if lexicon.actor_type(actor).is_some_and(|t| t.state_on(day)) {
        return "state".to_string();
    }
    match lexicon.actor_type(actor).map(|t| t.acled_type.as_str()) {
        Some("Rebel group" | "Political militia" | "External/Other forces") => actor.to_string(),
        _ => format!("independent:{actor}"),
    }
}

/// Civilians and sources carry out no attack: a name of theirs read as the author is a victim or a speaker.
pub(crate) fn can_act(actor: &str) -> bool {
    Lexicon::embedded().actor_type(actor).is_none_or(|t| !matches!(t.acled_type.as_str(), "Civilians" | "Source"))
}

fn is_armed_group(actor: &str) -> bool {
    Lexicon::embedded()
        .actor_type(actor)
        .is_some_and(|t| t.armed && matches!(t.acled_type.as_str(), "Rebel group" | "Political militia"))
}

/// An armed group known by name, not "unknown gunmen".
fn is_named_armed_group(actor: &str) -> bool {
    is_armed_group(actor) && Lexicon::embedded().actor_type(actor).is_some_and(|t| t.identified)
}

impl Draft {
    fn new(kind: Kind, unit: &ReadUnit) -> Draft {
        let mut d = Draft {
            kind,
            units: Vec::new(),
            evidence: unit.range.clone(),
            evidence_score: -1,
            claimant: None,
            spokesperson: None,
            perpetrator: None,
            unnamed_perpetrator: false,
            borrowed_target: false,
            target: None,
            events: Vec::new(),
            disrupted: false,
            denial: false,
            claims_responsibility: false,
            unclaimed: false,
            toll_apart: false,
            background: unit.reading.background,
            killed: None,
            wounded: None,
            captured: None,
            destroyed: Vec::new(),
            attacks: None,
            places: PlaceReading::default(),
            provinces: Vec::new(),
            date: None,
            reported_on: None,
            before_dated_incident: false,
            period: None,
            self_designation: None,
            own_forces: false,
            own_victims: false,
            mixed_sources: false,
            summarizes: Vec::new(),
            several: false,
            heads: Vec::new(),
        };
        d.absorb(unit);
        d
    }

    /// Takes who spoke and who acted from a unit that tells nothing new of the incident.
    fn fill_from(&mut self, unit: &ReadUnit) {
        let r = &unit.reading;
        fill(&mut self.spokesperson, &r.spokesperson);
        self.take_blamed(r);
        fill(&mut self.perpetrator, &r.perpetrator);
        self.take_target(r);
        self.fill_places(&unit.places);
    }

    /// The target the unit names, where none is read yet or where it was another source's.
    fn take_target(&mut self, r: &Reading) {
        if self.borrowed_target && r.target.is_some() {
            self.target.clone_from(&r.target);
            self.borrowed_target = false;
        }
        fill(&mut self.target, &r.target);
    }

    /// "He blamed the Taliban": the party a source holds responsible is the author where none is read yet, or
    /// where victims were misread as one (they become the target, if none is named).
    fn take_blamed(&mut self, r: &Reading) {
        if !r.has(Cue::Blame) || r.perpetrator.is_none() || self.perpetrator.as_ref().is_some_and(|p| can_act(&p.value))
        {
            return;
        }
        let victims = std::mem::replace(&mut self.perpetrator, r.perpetrator.clone());
        fill(&mut self.target, &victims);
    }

    /// "said the attack took place in Chahar Dara district": the district and place a unit names in the
    /// account's province (or naming none) are the account's, where it named none.
    fn fill_places(&mut self, places: &PlaceReading) {
        let same_province = places.province_name() == self.places.province_name();
        if same_province || places.province.is_none() {
            let had = (self.places.district.is_some(), self.places.place.is_some());
            fill(&mut self.places.district, &places.district);
            fill(&mut self.places.place, &places.place);
            // The point goes with the most precise name: a district found later moves it off the province.
            let filled = had != (self.places.district.is_some(), self.places.place.is_some());
            if filled && places.geo_precision.is_some_and(|p| p < self.places.geo_precision.unwrap_or(u8::MAX)) {
                (self.places.lat, self.places.lon, self.places.geo_precision) =
                    (places.lat, places.lon, places.geo_precision);
            }
        }
    }

    /// "كما تمت تصفية ... بغارات جوية" after "غارات جوية للقوات الحكومية": an act of the kind just told, with no one
    /// named to carry it out, was carried out by the same hands.
    fn inherit_agent(&mut self, before: &Draft) {
        let kinds =
            |d: &Draft| -> Vec<String> { d.events.iter().filter_map(|e| e.value.sub_event_type.clone()).collect() };
        let theirs = kinds(before);
        if self.perpetrator.is_none() && kinds(self).iter().any(|k| theirs.contains(k)) {
            fill(&mut self.perpetrator, &before.perpetrator);
        }
    }

    /// Takes the place of the context, keeping the provinces the draft itself names.
    fn take_context(&mut self, place: &PlaceReading) {
        let provinces = std::mem::take(&mut self.places.provinces);
        self.places = place.clone();
        self.places.provinces = provinces;
    }

    /// Whether the draft tells an act: an act's word, or casualties ("a commander was killed by unknown gunmen").
    fn tells_act(&self) -> bool {
        self.kind == Kind::Event && (!self.events.is_empty() || self.killed.is_some() || self.wounded.is_some())
    }

    fn has_figures(&self) -> bool {
        self.killed.is_some() || self.wounded.is_some() || self.captured.is_some()
    }

    /// Whether the unit counts the other side of the act told, after it: "returned fire and killed eight of the
    /// attackers", "صدت الهجوم وقتلت 20 من عناصر الحركة" (its victims are the act's author).
    fn other_side_in(&self, unit: &ReadUnit) -> bool {
        let r = &unit.reading;
        let same = |a: &Option<Read<String>>, b: &Option<Read<String>>| {
            a.as_ref().zip(b.as_ref()).is_some_and(|(a, b)| a.value == b.value)
        };
        // The account counted other victims so far ("four insurgents were also killed ... killing four insurgents"
        // tells the same dead again).
        let author_hit = (same(&r.target, &self.perpetrator) || (self.perpetrator.is_none() && self.target.is_some()))
            && r.target.is_some()
            && !same(&r.target, &self.target);
        // "The force killed several insurgents without harming the family": the dead the account counted, told
        // again beside another noun, are not the other side.
        let heads: Vec<&String> = r.heads.iter().flat_map(|(_, h, _)| h).collect();
        let same_dead = !heads.is_empty() && heads.iter().all(|h| self.heads.iter().any(|(_, k)| k == *h));
        (r.counts_attackers || (author_hit && r.has_casualties() && !same_dead))
            && (unit.definite_trigger || !r.strong_trigger)
    }

    /// Whether the unit counts the people of `field` this account counted, and others with them, to more: "nine
    /// policemen died" then "nine policemen and two civilians died".
    fn counted_more_fully(&self, unit: &ReadUnit, field: CasualtyField) -> bool {
        let r = &unit.reading;
        let known: Vec<&String> = self.heads.iter().filter(|(f, _)| *f == field).map(|(_, h)| h).collect();
        let new: Vec<&String> = r.heads.iter().filter(|(f, _, _)| *f == field).flat_map(|(_, h, _)| h).collect();
        let (was, now) = match field {
            CasualtyField::Killed => (&self.killed, &r.killed),
            CasualtyField::Wounded => (&self.wounded, &r.wounded),
            CasualtyField::Captured => (&self.captured, &r.captured),
        };
        let more = was.as_ref().zip(now.as_ref()).is_some_and(|(was, now)| now.value.low > was.value.low);
        more && !known.is_empty() && known.iter().all(|k| new.contains(k)) && new.iter().any(|n| !known.contains(n))
    }

    /// Takes what the unit adds: fields still empty are filled, figures marked "also" add up.
    fn absorb(&mut self, unit: &ReadUnit) {
        let r = &unit.reading;
        push_tight(&mut self.units, unit.range.clone());
        self.several |= r.has(Cue::IncidentNoun) || unit.places.district_count >= 2;
        self.own_forces |= r.own_forces;
        self.own_victims |= r.own_victims;
        // The sentence of a claim whose toll was told apart is the toll's evidence first: the claim's is a later
        // sentence of its own, if it has one.
        let score = if unit.claim_apart { -1 } else { unit_score(unit) };
        if score > self.evidence_score {
            self.evidence_score = score;
            self.evidence = unit.range.clone();
        }
        fill(&mut self.claimant, &r.claimant);
        fill(&mut self.spokesperson, &r.spokesperson);
        if self.perpetrator.is_none() {
            self.unnamed_perpetrator = r.unnamed_perpetrator;
        }
        fill(&mut self.perpetrator, &r.perpetrator);
        self.take_target(r);
        extend_tight(&mut self.events, r.events.iter().cloned());
        self.disrupted |= r.has(Cue::Disrupted);
        self.denial |= r.denial;
        self.claims_responsibility |= r.claims_responsibility;
        self.toll_apart |= r.toll_of_claimed_act;
        self.unclaimed |= r.has(Cue::NoClaim);
        let other_side = self.other_side_in(unit);
        // "eleven soldiers and two civilians died" after "eleven soldiers were killed": the same people and others
        // with them, the fuller count.
        // Said so by a source ("He said ..."), not guessed ("no word on whether he is among those killed").
        let said = r.continues_source || r.claimant.is_some();
        let both = |f: CasualtyField| match f {
            CasualtyField::Killed => r.killed.is_some() && self.killed.is_some(),
            _ => r.wounded.is_some() && self.wounded.is_some(),
        };
        let fuller = [CasualtyField::Killed, CasualtyField::Wounded]
            .map(|f| said && both(f) && self.counted_more_fully(unit, f));
        for (field, slot, new) in [
            (CasualtyField::Killed, &mut self.killed, &r.killed),
            (CasualtyField::Wounded, &mut self.wounded, &r.wounded),
            (CasualtyField::Captured, &mut self.captured, &r.captured),
        ] {
            let Some(n) = new else { continue };
            let Some(old) = slot.as_mut() else {
                *slot = Some(n.clone());
                continue;
            };
            if r.among_told.contains(&field) {
                continue;
            }
            let (was, now) = (old.value, n.value);
            // Other people than those counted so far ("a leader" then "two suspected insurgents") add up; the
            // same people told again ("the leader and his associates") do not.
            let new_heads: Vec<&String> =
                r.heads.iter().filter(|(f, _, definite)| *f == field && !definite).flat_map(|(_, h, _)| h).collect();
            let known = |h: &&String| self.heads.iter().any(|(f, k)| *f == field && k == *h);
            let any_known = new_heads.iter().any(known);
            let all_known = !new_heads.is_empty() && new_heads.iter().all(known);
            let any_new = new_heads.iter().any(|h| !known(h));
            // Detention reports list their detainees sentence by sentence; killings are retold instead.
            let told_before = r.heads.iter().any(|(f, _, definite)| *f == field && *definite);
            // The text says these are more people ("two additional"), or counts people told of among them.
            let more = r.additional.contains(&field);
            let some_told = r.some_told.contains(&field);
            // "detained two suspected insurgents ... the force detained two individuals": the same figure again
            // is the same people told again.
            let repeated = !more
                && (was.low, was.best, was.high) == (now.low, now.best, now.high)
                && was.best.is_none_or(|b| b >= 2);
            // "They also detained several suspected insurgents" after the lead counted them: told again.
            let retold = !more && all_known && now.low <= was.low;
            let captured = field == CasualtyField::Captured;
            let others = captured && !repeated && !some_told && !new_heads.is_empty() && !any_known;
            // The attackers' dead are counted with their victims (everyone the version reports).
            // "killing 5 more soldiers": more dead or wounded than those counted so far (detention reports say
            // "additional" of the detainees their lead counted).
            let more_casualties = more && field != CasualtyField::Captured;
            if ((r.has(Cue::Also) || more_casualties) && !retold) || others || other_side {
                old.value = was.plus(now);
                old.spans.extend(n.spans.iter().cloned());
            } else if captured && (some_told || any_known) && any_new && now.low > was.low {
                // "captured a facilitator ... detained the facilitator along with two of his associates": a
                // figure that counts people told of together with others is the fuller count.
                *old = n.clone();
            } else if !captured && fuller[usize::from(field == CasualtyField::Wounded)] {
                *old = n.clone();
            } else if field == CasualtyField::Killed && r.toll_rose && now.low > was.low {
                // "The death toll rose to 62": the new toll replaces the one told.
                *old = n.clone();
            } else if was.best.is_none() && now.best.is_some() && !told_before && !retold {
                // A vague figure gives way to an exact one from the same source, unless the exact one counts
                // people already told of ("killing them").
                *old = n.clone();
            }
        }
        for (field, heads, _) in &r.heads {
            extend_tight(&mut self.heads, heads.iter().map(|h| (*field, h.clone())));
        }
        for d in &r.destroyed {
            if !self.destroyed.iter().any(|e| e.value.0 == d.value.0) {
                push_tight(&mut self.destroyed, d.clone());
            }
        }
        if self.attacks.is_none() {
            self.attacks = r.incident_count.clone();
        }
        if self.places.province.is_none() && self.places.district.is_none() && self.places.place.is_none() {
            let provinces = std::mem::take(&mut self.places.provinces);
            self.places = unit.places.clone();
            self.places.provinces = provinces;
        } else {
            self.fill_places(&unit.places);
        }
        for p in &unit.places.provinces {
            if !self.provinces.iter().any(|q| q.value == p.value) {
                push_tight(&mut self.provinces, p.clone());
            }
        }
        // A day before the account's, told with no figures of its own (the night an attack reported the next day
        // began): the account spans both days.
        if let (Some(told), Some(new)) = (self.date.as_mut(), &unit.date) {
            let day_before = told.value.start.days() - new.value.end.days() == 1;
            if day_before && !r.has_casualties() && told.value.precision == new.value.precision {
                told.value.start = new.value.start;
                told.spans.extend(new.spans.iter().cloned());
            }
        }
        fill(&mut self.date, &unit.date);
        self.reported_on = self.reported_on.into_iter().chain(unit.reported_on).min();
        fill(&mut self.period, &unit.period);
        if self.self_designation.is_none() {
            self.self_designation = r.self_designation.clone();
        }
    }
}

fn fill<T: Clone>(slot: &mut Option<T>, new: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(new);
    }
}

/// How much of an entry a unit states: the best-scoring unit is the entry's evidence.
fn unit_score(unit: &ReadUnit) -> i32 {
    let r = &unit.reading;
    let mut s = 0;
    s += 2 * i32::from(r.has_casualties());
    s += 2 * i32::from(!unit.places.is_empty());
    s += i32::from(unit.places.district.is_some() || unit.places.place.is_some());
    s += i32::from(r.strong_trigger) + i32::from(r.weak_trigger);
    s += i32::from(r.perpetrator.is_some()) + i32::from(r.target.is_some());
    s += i32::from(r.claimant.is_some()) + i32::from(r.spokesperson.is_some());
    s += i32::from(r.incident_count.is_some()) * 3;
    s
}

/// Assembles read units into drafts.
pub(crate) fn assemble(folded: &str, units: impl IntoIterator<Item = ReadUnit>, day: Option<&str>) -> Drafts {
    let mut units = units.into_iter();
    // The claim split from the unit before it, read next.
    let mut claim_next: Option<ReadUnit> = None;
    let mut drafts = Drafts::default();
    let mut current: Option<usize> = None;
    // The last place the text put its reader in ("targeted a leader in Sabari district, Khost province"),
    // where a report that names no place of its own happened.
    let mut context: Option<PlaceReading> = None;
    // The date of a sentence that sets the scene without telling an incident ("In Kandahar last night, a joint
    // force searched a compound."): the date of the report that follows it, unless that one gives its own.
    let mut scene_date: Option<Read<DateRange>> = None;
    // The last source named: a unit that speaks through a pronoun, "added" or a quotation is still its voice.
    let mut speaker: Option<Read<String>> = None;
    // The person who speaks for it, when named: "Mujahid claimed" after "Zabihullah Mujahid said" is still him.
    let mut speaker_name: Option<String> = None;
    // Its named person with the span naming them: a continued voice ("مؤكدا أن ...") is still theirs.
    let mut speaker_person: Option<Read<String>> = None;
    let mut told = ToldWords::new(folded);
    let mut versions = Versions::default();
    while let Some(mut unit) = claim_next.take().or_else(|| units.next()) {
        if !unit.claim_apart {
            claim_next = toll_apart_from_claim(&mut unit);
        }
        let unit = &unit;
        told.note(current, |c| drafts[c].units.last().cloned());
        versions.note_new(drafts.len(), current, |a| drafts[a].claimant.as_ref().map(|c| c.value.as_str()));
        let r = &unit.reading;
        // "The brave Mujahid then joined his Mujahideen brothers": a group's own name for its fighters says whose
        // statement it is, also in a unit that tells nothing of its own.
        if let Some(c) = current.filter(|&c| drafts[c].self_designation.is_none()) {
            drafts[c].self_designation.clone_from(&r.self_designation);
        }
        let surname_of_speaker = r.speaker_surname.as_deref().is_some_and(|w| {
            speaker_name
                .as_deref()
                .is_some_and(|n| n.rsplit(' ').next().is_some_and(|last| last.eq_ignore_ascii_case(w)))
        });
        let source = match &r.claimant {
            // "The army did not immediately comment on it": a party that says nothing does not take the word.
            Some(named) if r.no_comment.is_some() => Some(named.clone()),
            Some(named) => {
                speaker = Some(named.clone());
                speaker_name = r.spokesperson.as_ref().map(|p| p.value.clone());
                speaker_person.clone_from(&r.spokesperson);
                Some(named.clone())
            }
            None if (r.continues_source || surname_of_speaker) && !r.has(Cue::NoClaim) => {
                // "The ministry said its forces killed nine Front members. The Front dismissed the claim": a word
                // for a group, while a body that is no armed group speaks, names the one armed group the account
                // tells of.
                let group_told = current
                    .filter(|_| r.group_anaphor && !r.has(Cue::Negation))
                    .filter(|_| speaker.as_ref().is_some_and(|s| !is_armed_group(&s.value)))
                    .and_then(|c| {
                        let d = &drafts[c];
                        let mut named = [&d.perpetrator, &d.target]
                            .into_iter()
                            .flatten()
                            .filter(|a| is_named_armed_group(&a.value));
                        named.next().filter(|_| named.next().is_none()).cloned()
                    });
                if let Some(group) = &group_told {
                    speaker = Some(group.clone());
                    speaker_name = None;
                    speaker_person = None;
                }
                group_told.or_else(|| speaker.clone()).or_else(|| {
                    // "..., killing seven Taliban fighters, the group said": no one has spoken yet, so the group is
                    // the armed group that the account names as acting.
                    let acting =
                        r.perpetrator.as_ref().or_else(|| current.and_then(|c| drafts[c].perpetrator.as_ref()));
                    let group = acting.filter(|p| r.group_anaphor && is_named_armed_group(&p.value)).cloned();
                    speaker.clone_from(&group);
                    group
                })
            }
            None => None,
        };
        let continued_person = if r.claimant.is_none() && source.is_some() { speaker_person.clone() } else { None };
        // The group's claim of the act whose toll was just told apart: its version, without that toll.
        if unit.claim_apart {
            let mut claim = Draft::new(Kind::Event, unit);
            fill(&mut claim.claimant, &source);
            drafts.push(claim);
            current = Some(drafts.len() - 1);
            continue;
        }
        if r.has(Cue::Commentary) || r.silent() || ((r.denial || r.condemnation) && !r.has_casualties()) {
            // "He blamed the Taliban, who have not commented": the party held responsible is still named.
            if let (Some(c), Some(_)) = (current, &r.no_comment) {
                drafts[c].take_blamed(r);
            }
            continue;
        }
        // What a target used to do, or what goes on in general, is no incident of its own.
        if (r.habitual || (r.background && !r.has_casualties())) && r.incident_count.is_none() {
            continue;
        }
        // The context before this unit, kept only when the unit changes it.
        let mut saved: Option<Option<PlaceReading>> = None;
        if unit.places.province.is_some() && unit.places.provinces.len() <= 1 {
            saved = Some(context.replace(unit.places.clone()));
        } else if let Some(ctx) = context.as_mut() {
            // "في قرية X في نفس المديرية": a place in the district already in view.
            if unit.places.district.is_some() {
                saved = Some(Some(ctx.clone()));
                ctx.district.clone_from(&unit.places.district);
                ctx.place.clone_from(&unit.places.place);
            } else if unit.places.place.is_some() {
                saved = Some(Some(ctx.clone()));
                ctx.place.clone_from(&unit.places.place);
            }
        }
        let previous_context: &Option<PlaceReading> = saved.as_ref().unwrap_or(&context);
        // A list of provinces for an aggregate already read: "attacks ... in Parwan, Kabul, Baghlan".
        if unit.places.provinces.len() >= 2 && !r.has_casualties() && unit.places.district.is_none() {
            if let Some(a) = aggregate_for(&drafts, unit) {
                for p in &unit.places.provinces {
                    if !drafts[a].provinces.iter().any(|q| q.value == p.value) {
                        drafts[a].provinces.push(p.clone());
                    }
                }
                continue;
            }
        }
        // "The operations were conducted in Andar, Deh Yak and Qarabagh districts": the districts of the aggregate
        // just read, telling nothing of their own.
        let districts_of_aggregate = current.is_some_and(|c| drafts[c].kind == Kind::Aggregate)
            && unit.places.district_count >= 2
            && r.has(Cue::IncidentNoun)
            && !r.has_casualties();
        if districts_of_aggregate {
            continue;
        }
        // A weak attack word ("attacked") needs something concrete beside it: a figure, a place, destroyed
        // materiel, or a date while an account is open.
        let tells = r.tells_event()
            && (r.strong_trigger
                || r.has_casualties()
                || !unit.places.is_empty()
                || !r.destroyed.is_empty()
                || (unit.date.is_some() && current.is_some()));
        // Attacks in the plural over several provinces, with a toll but no exact one: a statement about many
        // incidents.
        let spread = r.has(Cue::IncidentNoun)
            && unit.places.province_count >= 2
            && r.has_casualties()
            && [&r.killed, &r.wounded, &r.captured].iter().all(|c| c.as_ref().is_none_or(|c| c.value.best.is_none()));
        // A toll over provinces named as a list ("in Panjshir, Baghlan and Takhar, killing 14"): several acts.
        let listed = r.has_casualties() && unit.places.district.is_none() && unit.places.provinces_listed;
        // "killed 35 fighters in operations across four provinces": a toll over provinces counted, not named.
        let across = r.has_casualties() && r.has(Cue::SeveralProvinces) && unit.places.district.is_none();
        if claims_of_counted_acts(&mut drafts, unit, source.as_ref(), &mut versions) {
            current = Some(drafts.len() - 1);
            continue;
        }
        if r.incident_count.is_some() || r.cumulative || spread || listed || across {
            // "The operations were in Kandahar, Helmand and Zabul, adding that 12 were also wounded": the same
            // source telling more of the aggregate just read, no count of its own and no figure it gave already.
            let more_of = current.filter(|&c| {
                let d = &drafts[c];
                let fresh = |mine: &Option<Read<Count>>, its: &Option<Read<Count>>| mine.is_none() || its.is_none();
                d.kind == Kind::Aggregate
                    && r.incident_count.is_none()
                    && (source.is_none() || d.claimant.as_ref().map(|c| &c.value) == source.as_ref().map(|s| &s.value))
                    && (r.has(Cue::Also)
                        || (fresh(&r.killed, &d.killed)
                            && fresh(&r.wounded, &d.wounded)
                            && fresh(&r.captured, &d.captured)))
            });
            if let Some(c) = more_of {
                drafts[c].absorb(unit);
                // Acts in several provinces lie in no one of them.
                if drafts[c].provinces.len() >= 2 {
                    drafts[c].places = PlaceReading::default();
                }
                continue;
            }
            let mut draft = Draft::new(Kind::Aggregate, unit);
            // Acts in several provinces lie in no one of them.
            if unit.places.provinces.len() >= 2 {
                draft.places = PlaceReading::default();
            }
            fill(&mut draft.claimant, &source);
            if source.is_none() {
                fill(&mut draft.claimant, &carried_voice(current.map(|c| &drafts[c]), &speaker));
            }
            if let Some(c) = current {
                draft.inherit_agent(&drafts[c]);
            }
            // Several groups named on the acting side (not the one attacked): the count is no one group's claim.
            let target = r.target.as_ref().map(|t| t.value.as_str());
            // The authors of the count's parts are counted by those parts, not as authors of the whole.
            let part_of = |m: &crate::reading::Mention| r.count_parts.iter().any(|(_, a)| a.spans[0] == m.range);
            let mut armed: Vec<&str> = r
                .actors
                .iter()
                .filter(|m| !part_of(m))
                .map(|m| m.actor.as_str())
                .filter(|a| is_armed_group(a) && Some(*a) != target)
                .collect();
            armed.sort();
            armed.dedup();
            // "The Front, a group fighting the Taliban": an umbrella named beside one of its groups is that group.
            let lexicon = Lexicon::embedded();
            let umbrellas: Vec<&str> =
                armed.iter().filter_map(|a| lexicon.actor_type(a).and_then(|t| t.within.as_deref())).collect();
            armed.retain(|a| !umbrellas.contains(a));
            draft.mixed_sources = armed.len() >= 2;
            // An author of a part is no target of the whole.
            if draft.target.as_ref().is_some_and(|t| r.count_parts.iter().any(|(_, a)| a.value == t.value)) {
                draft.target = None;
            }
            // Each part of the count by its author: the same source's aggregate, with its own figure.
            let parts: Vec<Draft> = r
                .count_parts
                .iter()
                .map(|(count, author)| {
                    let mut part = draft.clone();
                    part.units = Vec::new();
                    part.evidence = count.spans[0].clone();
                    part.attacks = Some(count.clone());
                    part.perpetrator = Some(author.clone());
                    (part.killed, part.wounded, part.captured) = (None, None, None);
                    part.destroyed.clear();
                    part.mixed_sources = false;
                    part
                })
                .collect();
            drafts.push(draft);
            current = Some(drafts.len() - 1);
            drafts.extend(parts);
            continue;
        }
        if !tells && current.is_none() && unit.date.is_some() {
            scene_date.clone_from(&unit.date);
        }
        // "وأعلن التنظيم مسؤوليته عن الهجوم", "the group claimed the attack": an armed group claiming the act just
        // told by another source gives that act in its own version, without figures of its own.
        // An account no source was named for is the claiming group's own.
        // Of several acts told, with their figures or without: each keeps its own toll.
        if claim_of_acts_told(&mut drafts, unit, source.as_ref(), &mut versions) {
            continue;
        }
        if !r.has_casualties() && (!tells || unit.places.is_empty()) {
            let named = current.map(|c| act_named_by_claim(folded, &drafts, c, unit, &mut told));
            match claim_of_act_told(&drafts, named, unit, source.as_ref()) {
                Some(Claim::Own(c, group)) => {
                    versions.note(c, Some(&group.value));
                    drafts[c].claimant = Some(group.clone());
                    drafts[c].perpetrator = Some(group);
                    continue;
                }
                Some(Claim::Version(claim)) => {
                    drafts.push(*claim);
                    current = Some(drafts.len() - 1);
                    continue;
                }
                None => {}
            }
        }
        if !tells {
            // "ولاية بادغيس:": a line that only names the province of the items under it closes the item open.
            if unit.places.province.is_some() && folded[unit.range.clone()].trim_end().ends_with(':') {
                current = None;
                continue;
            }
            // The same source saying more about the account open ("blamed the Taliban for planting it").
            if let Some(c) = current {
                drafts[c].unclaimed |= r.has(Cue::NoClaim);
                let same_source = r.continues_source
                    || r.claimant.is_none()
                    || r.claimant
                        .as_ref()
                        .is_some_and(|s| drafts[c].claimant.as_ref().is_some_and(|d| d.value == s.value));
                // "No one claimed it, but the Taliban and ISKP are active there": the groups named are suspects,
                // neither the author nor the target.
                // "The governor's spokesman told Radio Azadi that the incident took place on Friday in Behsud": a
                // source that places or dates an account told without one speaks for it.
                let places_or_dates = !unit.places.is_empty() || unit.date.is_some();
                // "Local officials confirmed the incident", "ځايي چارواکو ویلي چې دا پېښه ...": a source speaking
                // of the act told by its generic name speaks for it too.
                let of_the_act = places_or_dates || r.has(Cue::IncidentAnaphor);
                let speaks_for_unsourced = drafts[c].claimant.is_none() && r.claimant.is_some() && of_the_act;
                // "an official said ... The governor's spokesman told Pajhwok the incident took place in Sra Kala": a
                // named speaker of the same side placing or dating the account speaks for it.
                let same_side = || {
                    let sides = drafts[c].claimant.as_ref().zip(r.claimant.as_ref());
                    sides.is_some_and(|(d, u)| side(&d.value, day) == side(&u.value, day))
                };
                let names_its_speaker =
                    drafts[c].spokesperson.is_none() && r.spokesperson.is_some() && places_or_dates && same_side();
                if r.has(Cue::NoClaim) {
                    // "Officials said no group has claimed the attack": the officials still speak for it.
                    if speaks_for_unsourced
                        && !r.denial
                        && r.claimant.as_ref().is_some_and(|s| !is_armed_group(&s.value))
                    {
                        fill(&mut drafts[c].claimant, &r.claimant);
                        fill(&mut drafts[c].spokesperson, &r.spokesperson);
                    }
                    drafts[c].fill_places(&unit.places);
                } else if same_source || (speaks_for_unsourced || names_its_speaker) && !r.denial {
                    fill(&mut drafts[c].claimant, &r.claimant);
                    fill(&mut drafts[c].spokesperson, &r.spokesperson);
                    drafts[c].fill_from(unit);
                }
            }
            continue;
        }
        let Some(c) = current else {
            let kind = if unit.after_rollup || r.has(Cue::Rollup) { Kind::Summary } else { Kind::Event };
            let mut draft = Draft::new(kind, unit);
            fill(&mut draft.claimant, &source);
            fill(&mut draft.spokesperson, &continued_person);
            if kind == Kind::Event && draft.places.is_empty() {
                if let Some(place) = previous_context {
                    draft.take_context(place);
                }
            }
            if kind == Kind::Event {
                fill(&mut draft.date, &scene_date.take());
            }
            drafts.push(draft);
            current = Some(drafts.len() - 1);
            continue;
        };
        match placement(&drafts, c, unit, source.as_ref().map(|s| s.value.as_str()), day, &versions) {
            Placement::Join(i) => {
                drafts[i].absorb(unit);
                fill(&mut drafts[i].claimant, &source);
                if drafts[i].claimant.as_ref().map(|c| &c.value) == source.as_ref().map(|s| &s.value) {
                    fill(&mut drafts[i].spokesperson, &continued_person);
                }
                current = Some(i);
            }
            Placement::New(kind) => {
                let mut draft = Draft::new(kind, unit);
                fill(&mut draft.claimant, &source);
                fill(&mut draft.spokesperson, &continued_person);
                let open = &drafts[c];
                if unit.joined_report && draft.events.is_empty() {
                    draft.events.clone_from(&open.events);
                    fill(&mut draft.perpetrator, &open.perpetrator);
                }
                // A new paragraph that names no source and does not say it goes on ("in another attack") is the
                // outlet's own reporting, not the last speaker's.
                let own_paragraph = unit.opens_line && !r.opens_with(Cue::NewReport) && !r.has(Cue::Also);
                if source.is_none() && !r.has(Cue::NoClaim) && !own_paragraph {
                    fill(&mut draft.claimant, &carried_voice(Some(open), &speaker));
                }
                // "وأكد نفس البيان": the same statement, so the same speaker.
                if unit.reading.opens_with(Cue::SameStatement) {
                    fill(&mut draft.claimant, &open.claimant);
                    fill(&mut draft.spokesperson, &open.spokesperson);
                }
                // "the strike", "الغارة", or casualties with no act of their own ("the commander was among the
                // dead"): the act last told, by whoever carried it out, against whomever it was aimed.
                let no_act = !unit.reading.strong_trigger && !unit.reading.weak_trigger;
                // Not across provinces: "ولاية لوجر: ..." opens another item, whatever act it names.
                let other = |here: Option<&Read<String>>, there: Option<&Read<String>>| {
                    here.zip(there).is_some_and(|(p, q)| p.value != q.value)
                };
                let elsewhere = |told: &Draft| other(unit.places.province.as_ref(), told.places.province.as_ref());
                if kind == Kind::Event && (unit.definite_trigger || no_act) {
                    if let Some(told) = drafts.iter().rev().find(|d| !d.events.is_empty()).filter(|d| !elsewhere(d)) {
                        // Its victims are the side that carried out the act told ("21 Taliban killed" after a
                        // clash of the Taliban with Daesh): the other side did.
                        let victims_acted = draft
                            .target
                            .as_ref()
                            .zip(told.perpetrator.as_ref())
                            .is_some_and(|(t, p)| t.value == p.value);
                        // Only an armed side carried it out: victims named as civilians acted in nothing.
                        let by = if victims_acted {
                            told.target
                                .clone()
                                .filter(|t| Lexicon::embedded().actor_type(&t.value).is_some_and(|a| a.armed))
                        } else {
                            told.perpetrator.clone()
                        };
                        fill(&mut draft.perpetrator, &by);
                        fill(&mut draft.target, &told.target);
                        // "در این حمله", "in the attack": the kind of act and its day are the act's told; "the
                        // blast" after a suicide bombing told is that bombing.
                        if !draft.events.iter().any(|e| e.value.sub_event_type.is_some())
                            || (only_generic_blasts(&draft) && told.events.iter().any(is_weapon_blast))
                        {
                            // A post overrun in one district is no post taken in the next ("Similarly, two
                            // soldiers were killed in Chora district"): the attack carries over, the taking not.
                            let other_district = other(unit.places.district.as_ref(), told.places.district.as_ref());
                            let carries = |e: &&Read<&EventSense>| {
                                e.value.sub_event_type.is_some() && !(other_district && is_taking(e))
                            };
                            draft.events.extend(told.events.iter().filter(carries).cloned());
                        }
                        fill(&mut draft.date, &told.date);
                        // "فرماندهی پولیس هرات گفته است که این حمله دفع شده": the act named again happened where it
                        // was told (not an act told over several districts).
                        if unit.definite_trigger && !told.several && !places_itself(folded, unit) {
                            draft.fill_places(&told.places);
                        }
                    }
                }
                // Not where its victims are the side that acted in the account open ("five Taliban were killed in
                // this fight", said against the Taliban's claim).
                let victims_acted_there =
                    draft.target.as_ref().zip(open.perpetrator.as_ref()).is_some_and(|(t, p)| t.value == p.value);
                if kind == Kind::Event && unit.definite_trigger && !elsewhere(open) && !victims_acted_there {
                    fill(&mut draft.perpetrator, &open.perpetrator);
                }
                draft.inherit_agent(open);
                // A report that names no place happened where the one before it did; knowing that now lets a
                // later sentence naming another province open an account of its own.
                if kind == Kind::Event && draft.places.is_empty() {
                    if let Some(place) = previous_context {
                        draft.take_context(place);
                    }
                }
                drafts.push(draft);
                current = Some(drafts.len() - 1);
            }
        }
    }
    name_unnamed_perpetrators(&mut drafts);
    mark_lead_summary(&mut drafts, day);
    drafts
}

/// A place taken: by an armed group, or back by the state.
fn is_taking(e: &Read<&EventSense>) -> bool {
    matches!(
        e.value.sub_event_type.as_deref(),
        Some("Non-state actor overtakes territory" | "Government regains territory")
    )
}

/// An explosion named by the weapon that caused it ("suicide bomber", "IED"), not a bare "blast".
fn is_weapon_blast(e: &Read<&EventSense>) -> bool {
    e.value.event_type.as_deref() == Some("Explosions/Remote violence") && e.value.weapon.is_some()
}

/// Every act word of the draft with a kind is a bare explosion ("blast", "انفجار"): it says no more than that.
fn only_generic_blasts(d: &Draft) -> bool {
    let mut kinds = d.events.iter().filter(|e| e.value.sub_event_type.is_some()).peekable();
    kinds.peek().is_some()
        && kinds
            .all(|e| e.value.event_type.as_deref() == Some("Explosions/Remote violence") && e.value.weapon.is_none())
}

/// "Taliban raid leaves 14 dead ... the militants stormed the police chief's home": an armed group left unnamed
/// is the one armed group the report names as the author of its acts, when it names exactly one.
fn name_unnamed_perpetrators(drafts: &mut Drafts) {
    let mut named: Vec<&Read<String>> = drafts
        .iter()
        .filter(|d| !d.unnamed_perpetrator)
        .filter_map(|d| d.perpetrator.as_ref())
        .filter(|p| is_armed_group(&p.value))
        .collect();
    named.sort_by(|a, b| a.value.cmp(&b.value));
    named.dedup_by(|a, b| a.value == b.value);
    let [group] = named.as_slice() else { return };
    let group = group.value.clone();
    for d in drafts.iter_mut().filter(|d| d.unnamed_perpetrator) {
        if let Some(p) = d.perpetrator.as_mut() {
            p.value.clone_from(&group);
        }
        d.unnamed_perpetrator = false;
    }
}

/// "ISKP claimed the killing of the Balkh governor and of a director in Herat in separate statements": a claim
/// that names the provinces of two or more acts told before, each with no source of its own, makes each of them
/// the group's own. Whether it did.
fn claim_of_acts_told(
    drafts: &mut Drafts,
    unit: &ReadUnit,
    source: Option<&Read<String>>,
    versions: &mut Versions,
) -> bool {
    let Some(group) = source.filter(|g| unit.reading.claims_responsibility && is_armed_group(&g.value)) else {
        return false;
    };
    let named = &unit.places.provinces;
    if named.len() < 2 {
        return false;
    }
    let claimed: Vec<usize> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.tells_act()
                && d.claimant.is_none()
                && d.places.province_name().is_some_and(|p| named.iter().any(|n| n.value == p))
        })
        .map(|(i, _)| i)
        .collect();
    // Every province the claim names is one of the acts'.
    let covered = named.iter().all(|n| claimed.iter().any(|&i| drafts[i].places.province_name() == Some(&n.value)));
    if claimed.len() < 2 || !covered {
        return false;
    }
    // "Gunmen shot dead a district chief": unknown gunmen were the group's.
    let unknown = |p: &Read<String>| {
        !is_armed_group(&p.value) || Lexicon::embedded().actor_type(&p.value).is_some_and(|t| !t.identified)
    };
    for i in claimed {
        versions.note(i, Some(&group.value));
        drafts[i].claimant = Some(group.clone());
        if drafts[i].unnamed_perpetrator || drafts[i].perpetrator.as_ref().is_none_or(unknown) {
            drafts[i].perpetrator = Some(group.clone());
            drafts[i].unnamed_perpetrator = false;
        }
    }
    true
}

/// The act a claim names by a word of its own ("claimed the minibus attack" after a minibus bombing and then a
/// roadside bomb): the latest account before the open one whose text holds a word of the claim's, not a particle
/// nor a place, that the open account's text lacks; else the open one.
fn act_named_by_claim(
    folded: &str,
    drafts: &Drafts,
    current: usize,
    unit: &ReadUnit,
    told: &mut ToldWords<'_>,
) -> usize {
    if !unit.reading.claims_responsibility {
        return current;
    }
    let places: Vec<&Range<usize>> = [&unit.places.province, &unit.places.district, &unit.places.place]
        .into_iter()
        .flatten()
        .chain(&unit.places.provinces)
        .flat_map(|r| &r.spans)
        .collect();
    // Words split where `is_word_char` (alphanumeric, from a table) says.
    let not_word = |c: char| !sitrep_text::is_word_char(c);
    // Not the group's name, the words of claiming or of the discourse ("Islamic State claimed ..."): those name no
    // act. (A claim's unit is rare: scanned again here, its offsets from the unit's start.)
    let claim = &folded[unit.range.clone()];
    let told_by_vocabulary: Vec<Range<usize>> = Lexicon::embedded()
        .scan(claim)
        .into_iter()
        .filter(|h| {
            matches!(
                h.sense,
                Sense::Actor { .. } | Sense::Attribution { .. } | Sense::Spokesperson { .. } | Sense::Cue(_)
            )
        })
        .map(|h| h.range)
        .collect();
    let mut offset = 0;
    let own_words: Vec<&str> = claim
        .split_inclusive(not_word)
        .filter_map(|piece| {
            let at = offset;
            offset += piece.len();
            let word = piece.trim_end_matches(not_word);
            let in_place = places.iter().any(|p| p.contains(&(unit.range.start + at)));
            let named = told_by_vocabulary.iter().any(|r| r.contains(&at));
            let content = word.chars().count() >= told_words::MIN_CHARS && !Lexicon::embedded().is_function_word(word);
            (content && !in_place && !named).then_some(word)
        })
        .filter(|w| !told.holds(current, w))
        .collect();
    if own_words.is_empty() {
        return current;
    }
    told.latest(current, &own_words, |i| drafts[i].tells_act()).unwrap_or(current)
}

/// What a group's claim of responsibility for the act just told makes of it.
enum Claim {
    /// The open account (by index) names no source: it is the group's, who carried the act out.
    Own(usize, Read<String>),
    /// The open account is another source's: the act in the group's version.
    Version(Box<Draft>),
}

/// A group's claim of responsibility for the act the open account tells: the account's own source when it
/// names none, else the act in the group's version (its kind, place and day as told; the group its author).
fn claim_of_act_told(
    drafts: &Drafts,
    current: Option<usize>,
    unit: &ReadUnit,
    source: Option<&Read<String>>,
) -> Option<Claim> {
    let r = &unit.reading;
    let (c, group) = (current?, source?);
    let open = &drafts[c];
    if !r.claims_responsibility || !is_armed_group(&group.value) || !open.tells_act() {
        return None;
    }
    match &open.claimant {
        None => return Some(Claim::Own(c, group.clone())),
        Some(named) if named.value == group.value => return None,
        Some(_) => {}
    }
    // A claim naming another province claims another act.
    if unit.places.province_name().is_some_and(|p| Some(p) != open.places.province_name()) {
        return None;
    }
    Some(Claim::Version(Box::new(version_of(open, unit, group))))
}

/// The act `open` tells in the version of the group claiming it: its kind, place and day as told; the group its
/// author.
fn version_of(open: &Draft, unit: &ReadUnit, group: &Read<String>) -> Draft {
    let mut claim = Draft::new(Kind::Event, unit);
    claim.claimant = Some(group.clone());
    claim.perpetrator = Some(group.clone());
    claim.borrowed_target = claim.target.is_none() && open.target.is_some();
    fill(&mut claim.target, &open.target);
    claim.events.extend(open.events.iter().filter(|e| e.value.sub_event_type.is_some()).cloned());
    fill(&mut claim.date, &open.date);
    if claim.places.is_empty() {
        claim.places = open.places.clone();
    }
    claim
}

/// "The Taliban claimed responsibility for both attacks": a group's claim that counts the acts just told, with
/// no place or toll of its own, claims each of them: an act told without a source becomes the group's own, one
/// told by another source gets the group's version. Whether it did.
fn claims_of_counted_acts(
    drafts: &mut Drafts,
    unit: &ReadUnit,
    source: Option<&Read<String>>,
    versions: &mut Versions,
) -> bool {
    let r = &unit.reading;
    let Some(group) = source.filter(|g| r.claims_responsibility && is_armed_group(&g.value)) else {
        return false;
    };
    let Some(count) = &r.incident_count else { return false };
    if r.has_casualties() || !unit.places.is_empty() {
        return false;
    }
    let acts: Vec<usize> =
        (0..drafts.len()).filter(|&i| drafts[i].kind == Kind::Event && drafts[i].tells_act()).collect();
    let Some(first) = acts.len().checked_sub(count.value as usize) else { return false };
    let claimed = &acts[first..];
    if claimed.iter().any(|&i| drafts[i].claimant.as_ref().is_some_and(|c| c.value == group.value)) {
        return false;
    }
    for &i in claimed {
        if drafts[i].claimant.is_none() {
            versions.note(i, Some(&group.value));
            drafts[i].claimant = Some(group.clone());
            drafts[i].perpetrator = Some(group.clone());
        } else {
            let claim = version_of(&drafts[i], unit, group);
            drafts.push(claim);
        }
    }
    true
}

/// The voice of the open account when it is the last one speaking: a report told on after it ("In a separate
/// attack, two were injured" after "the group stated that its fighters ...") is that source's too.
fn carried_voice(open: Option<&Draft>, speaker: &Option<Read<String>>) -> Option<Read<String>> {
    open.and_then(|o| o.claimant.clone()).filter(|c| speaker.as_ref().is_some_and(|s| s.value == c.value))
}

/// The lead of a report is a summary when the incidents it speaks of are told after it, in the same voice: it
/// counts as many attacks as follow, its toll is theirs added up, or it speaks of attacks or places in the plural
/// ("attacked several districts", "غارات ... في مناطق متفرقة") before telling them one by one.
fn mark_lead_summary(drafts: &mut Drafts, day: Option<&str>) {
    let Some(lead) = drafts.iter().position(|d| d.kind != Kind::Summary) else { return };
    if drafts.iter().take(lead).any(|d| d.kind == Kind::Summary) {
        return;
    }
    let l = &drafts[lead];
    // The lead's side: its followers speak for it (a ministry's lead, another ministry's details).
    let voice = l.claimant.as_ref().map(|c| side(&c.value, day));
    let province = l.places.province.as_ref().map(|p| p.value.clone());
    let followers: Vec<usize> = (lead + 1..drafts.len())
        .filter(|&i| {
            let d = &drafts[i];
            let claimant = d.claimant.as_ref().map(|c| side(&c.value, day));
            // Another party's act, in its own voice ("the Taliban said that in response they attacked ..."), is no
            // part of the lead's.
            let armed = |c: &Read<String>| Lexicon::embedded().actor_type(&c.value).is_some_and(|t| t.armed);
            // Not a force telling its own losses ("insurgents overran two checkpoints, killing nine policemen, a
            // police spokesman said"): the act is on it, by whoever the lead names.
            let own_losses =
                |c: &Read<String>| d.target.as_ref().is_some_and(|t| side(&t.value, day) == side(&c.value, day));
            let own_voice = d
                .claimant
                .as_ref()
                .filter(|c| armed(c))
                .filter(|c| d.perpetrator.as_ref().is_none_or(|p| p.value == c.value))
                .filter(|c| d.perpetrator.is_some() || !own_losses(c));
            let other_author = l.perpetrator.as_ref().zip(own_voice).is_some_and(|(a, b)| a.value != b.value);
            // "in the past day ... Late last month, militants stormed": an act days outside the lead's is not in it
            // (a day apart may be the day the lead was said on: "today confirmed the capture of two leaders").
            let outside = l.date.as_ref().zip(d.date.as_ref()).is_some_and(|(a, b)| {
                a.value.start.days() - b.value.end.days() > 1 || b.value.start.days() - a.value.end.days() > 1
            });
            d.kind == Kind::Event
                && !d.background
                && !outside
                && (voice.is_none() || claimant.is_none() || claimant == voice)
                && (province.is_none() || d.places.province.as_ref().map(|p| &p.value) == province.as_ref())
                && !other_author
        })
        .collect();
    // "30 insurgents were killed in operations in the past day", and no act of that period told after it: a
    // statement about many incidents.
    let over_period = |l: &Draft| {
        l.kind == Kind::Event && l.several && l.period.is_some() && l.has_figures() && l.places.district.is_none()
    };
    if followers.is_empty() {
        if over_period(&drafts[lead]) {
            drafts[lead].kind = Kind::Aggregate;
        }
        return;
    }
    let total = |field: fn(&Draft) -> &Option<Read<Count>>| -> Option<u32> {
        followers.iter().map(|&i| field(&drafts[i]).as_ref()?.value.best).sum()
    };
    let lead_toll = l.killed.as_ref().and_then(|k| k.value.best.or(k.value.low));
    let counted = l.attacks.as_ref().is_some_and(|a| a.value as usize == followers.len() && followers.len() >= 2);
    let adds_up = followers.len() >= 2 && lead_toll.is_some() && lead_toll == total(|d| &d.killed);
    // "coordinated attacks on the posts in X district" then "in a separate incident, ... in Y district": a lead
    // whose district no follower shares tells its own report.
    let district = |d: &Draft| d.places.district.as_ref().map(|p| p.value.clone());
    let own_district = district(l).is_some() && followers.iter().all(|&i| district(&drafts[i]) != district(l));
    let plural = l.several && l.kind == Kind::Event && !own_district;
    // "حصيلة عمليات ...: مقتل 31 من جنود العدو في 5 ولايات", then the items province by province: a toll over
    // provinces that the accounts below tell one by one.
    let provinces_told: BTreeSet<&str> =
        followers.iter().filter_map(|&i| drafts[i].places.province.as_ref()).map(|p| p.value.as_str()).collect();
    let itemised =
        l.kind == Kind::Aggregate && l.attacks.is_none() && followers.len() >= 2 && provinces_told.len() >= 2;
    // One claim told again below with the lead's toll and day: in one account, or as a toll told apart and the
    // claim after it.
    let toll = |d: &Draft| d.killed.as_ref().and_then(|k| k.value.best);
    let day = |d: &Draft| d.date.as_ref().map(|r| r.value);
    let retells = |f: &Draft| toll(l).is_some() && toll(l) == toll(f) && day(l).is_some() && day(l) == day(f);
    let retold = l.claims_responsibility
        && match &followers[..] {
            [one] => drafts[*one].claims_responsibility && retells(&drafts[*one]),
            [told, claim] => {
                let (t, c) = (&drafts[*told], &drafts[*claim]);
                t.toll_apart && c.claims_responsibility && !c.has_figures() && retells(t)
            }
            _ => false,
        };
    if counted || adds_up || plural || retold || itemised {
        // "a string of Taliban attacks ... In Kunduz, insurgents attacked": an act the lead sums up whose author
        // goes unnamed is by the lead's.
        // Not an act on the lead's author itself, or from the air.
        let author = drafts[lead].perpetrator.clone();
        for &i in &followers {
            let d = &drafts[i];
            let on_author = d.target.as_ref().zip(author.as_ref()).is_some_and(|(t, a)| t.value == a.value);
            let from_the_air = d.events.iter().any(|e| e.value.sub_event_type.as_deref() == Some("Air/drone strike"));
            // "gunmen stormed": an author the words do not name is the lead's.
            let unnamed = d
                .perpetrator
                .as_ref()
                .is_some_and(|p| Lexicon::embedded().actor_type(&p.value).is_some_and(|t| !t.identified));
            if !on_author && !from_the_air && (d.perpetrator.is_none() || unnamed) && author.is_some() {
                drafts[i].perpetrator.clone_from(&author);
            }
        }
        let l = &mut drafts[lead];
        l.kind = Kind::Summary;
        l.summarizes = followers;
    } else if over_period(l) {
        drafts[lead].kind = Kind::Aggregate;
    }
}

enum Placement {
    Join(usize),
    New(Kind),
}

/// Where a unit that tells an event goes: into the open account, into an earlier one of the same source, or into
/// a new entry. `source` is who speaks in the unit (named there, or the speaker it continues).
fn placement(
    drafts: &Drafts,
    current: usize,
    unit: &ReadUnit,
    source: Option<&str>,
    day: Option<&str>,
    versions: &Versions,
) -> Placement {
    let r = &unit.reading;
    let d = &drafts[current];
    let new_event = Placement::New(Kind::Event);
    // Cues that open another account.
    if unit.after_rollup || r.has(Cue::Rollup) {
        return Placement::New(Kind::Summary);
    }
    // "كما تم تدمير عربتين": materiel destroyed, with no place, toll or act of its own, is the same item's.
    let only_materiel = r.opens_with(Cue::NewReport)
        && !r.destroyed.is_empty()
        && unit.places.is_empty()
        && !r.has_casualties()
        && !r.strong_trigger;
    if only_materiel && d.kind == Kind::Event {
        return Placement::Join(current);
    }
    if r.opens_with(Cue::NewReport) || r.opens_with(Cue::SameProvince) || r.opens_with(Cue::SameStatement) {
        return new_event;
    }
    if d.kind == Kind::Summary || (d.kind == Kind::Aggregate && !unit.places.is_empty()) {
        return new_event;
    }
    let own = d.claimant.as_ref().map(|c| c.value.as_str());
    // A toll told apart from a claim is no version of a named source's but its teller's.
    if r.toll_of_claimed_act && own.is_some() && own != source {
        return new_event;
    }
    let same_voice = source.is_none() || source == own;
    // Units that point back to the account, in its province, with no figure of their own beside its.
    if d.kind == Kind::Event && !differ(&unit.places.province, &d.places.province) {
        // A first source named for an account told without one, speaking of its dead with no figure of its own,
        // speaks for it ("قتل 4 أشخاص ... وقال المتحدث باسم الشرطة إن القتلى من المدنيين").
        let first_source_of_its_dead = r.speaks_of_told_casualties && own.is_none();
        // "این جبهه گفت که این کمین در منطقه X انجام شده است": the act a demonstrative points back to, placed more
        // closely by the same voice.
        let act_pointed_back = unit.demonstrative_trigger && same_voice && !r.has_casualties();
        // "این دو تن از خانه‌هایشان در ولسوالی X بازداشت شده‌اند": the people counted before, placed more closely,
        // by the account's source or a first one for it.
        let same_figures = |a: &Option<Read<Count>>, b: &Option<Read<Count>>| match (a, b) {
            (Some(a), Some(b)) => a.value.best == b.value.best,
            (Some(_), None) => false,
            _ => true,
        };
        let people_counted_again = unit.demonstrative_figure
            && (same_voice || own.is_none())
            && same_figures(&r.killed, &d.killed)
            && same_figures(&r.wounded, &d.wounded)
            && same_figures(&r.captured, &d.captured);
        // "The death toll rose to 62 on Saturday": the account's dead counted anew, whenever they are told.
        let toll_of_account = r.toll_rose && d.killed.is_some();
        if first_source_of_its_dead || act_pointed_back || people_counted_again || toll_of_account {
            return Placement::Join(current);
        }
    }
    // "په بېلابېلو پېښو کې اووه کسان وژل شوي" then "in Herat, gunmen killed three": a lead of several acts that
    // names no place does not take the first act told after it with its place and toll.
    if d.several && d.places.is_empty() && unit.places.province.is_some() && r.has_casualties() {
        return new_event;
    }
    // Another place or another time is another incident. A unit naming several districts speaks of them all.
    if differ(&unit.places.province, &d.places.province)
        || (unit.places.district_count <= 1 && differ(&unit.places.district, &d.places.district))
    {
        return new_event;
    }
    if let (Some(a), Some(b)) = (&unit.date, &d.date) {
        // "Fourteen were killed ... on Monday" then "the police spokesman said the militants stormed the post late
        // on Sunday night": a first source dating an account told without one to the day before, with no figures
        // of its own, tells the same night.
        let day_before = b.value.start.days() - a.value.end.days() == 1;
        let dates_it = day_before && d.claimant.is_none() && source.is_some() && !r.has_casualties() && d.has_figures();
        if (a.value.start > b.value.end || a.value.end < b.value.start) && !dates_it {
            return new_event;
        }
    }
    // The same voice telling another act: its own casualties, other than the account's.
    if same_voice && another_act(d, unit) {
        return new_event;
    }
    let Some(source) = source else {
        return Placement::Join(current);
    };
    // The same source giving another death toll tells of another incident, or is another speaker of its side
    // with figures of their own ("local officials said 21 ... the governor's spokesman said 20").
    let other_toll = |e: &Draft| match (&r.killed, &e.killed) {
        (Some(a), Some(b)) => {
            !r.has(Cue::Also)
                && a.value.is_exact()
                && b.value.is_exact()
                && a.value.best != b.value.best
                && !e.counted_more_fully(unit, CasualtyField::Killed)
        }
        _ => false,
    };
    // The lead's claim of responsibility made again, dated ("... claimed Monday's attack." then "On Tuesday the
    // group claimed the attack that on Monday ..."): the body tells the account, the lead sums it up.
    if own == Some(source) && current == 0 && d.claims_responsibility && r.claims_responsibility && unit.date.is_some()
    {
        return new_event;
    }
    // "Among the dead was a commander": people of the account's toll, told by its source.
    let among_its_dead = r.among_told.contains(&CasualtyField::Killed) && d.killed.is_some();
    if own == Some(source) {
        return if other_toll(d) && !among_its_dead && !d.other_side_in(unit) {
            new_event
        } else {
            Placement::Join(current)
        };
    }
    // The source already told its version earlier: the unit continues that one.
    if let Some(i) = versions.latest(source, |i| {
        let e = &drafts[i];
        e.kind == Kind::Event
            && e.claimant.as_ref().is_some_and(|c| c.value == source)
            && (!other_toll(e) || e.other_side_in(unit))
            && !another_act(e, unit)
            && (unit.places.province.is_none()
                || e.places.province.as_ref().map(|p| &p.value) == unit.places.province.as_ref().map(|p| &p.value))
    }) {
        return Placement::Join(i);
    }
    let Some(own) = own else {
        // The entry has no source yet: this one names it, unless it gives other figures (its own version of what
        // the report told) or tells another attack of its own.
        let other = |a: &Option<Read<Count>>, b: &Option<Read<Count>>| match (a, b) {
            (Some(a), Some(b)) => a.value.best.is_some() && (a.value.low, a.value.best) != (b.value.low, b.value.best),
            _ => false,
        };
        let other_killed = other(&r.killed, &d.killed) && !d.counted_more_fully(unit, CasualtyField::Killed);
        let other_wounded = other(&r.wounded, &d.wounded) && !d.counted_more_fully(unit, CasualtyField::Wounded);
        if !r.has(Cue::Also) && (other_killed || other_wounded) {
            return new_event;
        }
        // "قتل 9 عناصر من الشرطة ... وقال المتحدث باسم شرطة الولاية إن مسلحي الحركة هاجموا الحاجز في منطقة X، ما
        // أسفر عن مقتل 9 شرطيين": the lead's dead, counted again by its first source, placed more closely.
        let same_dead = r.killed.as_ref().zip(d.killed.as_ref()).is_some_and(|(a, b)| {
            a.value.best.is_some() && a.value.is_exact() && b.value.is_exact() && a.value.best == b.value.best
        });
        if same_dead {
            return Placement::Join(current);
        }
        if !unit.definite_trigger && r.strong_trigger == r.weak_trigger && !unit.places.is_empty() && d.has_figures() {
            return new_event;
        }
        // A first source placing an attack in a district is another attack, unless it tells no figures of its own
        // while the account it would name a source for has them ("قتل 9 ... بولاية بادغيس. وقال المتحدث باسم حاكم
        // الولاية إن مسلحي طالبان هاجموا نقطة تفتيش في مديرية مقر"): then it places that account more closely.
        let places_told = !r.has_casualties() && d.has_figures() && d.places.district.is_none();
        if !unit.definite_trigger
            && r.weak_trigger
            && !r.strong_trigger
            && unit.places.district.is_some()
            && !places_told
        {
            return new_event;
        }
        return Placement::Join(current);
    };
    if side(source, day) != side(own, day) && (is_armed_group(source) || is_armed_group(own) || r.has_casualties()) {
        return new_event;
    }
    if side(source, day) != side(own, day) && !r.has_casualties() && source_only(source) {
        return Placement::Join(current);
    }
    // "killing six, a provincial spokesman said. The governor's spokesman said nine more were hurt by the
    // blast": another speaker of the side giving only what the account lacks, of the act told, completes it.
    let fills_gaps = [(&r.killed, &d.killed), (&r.wounded, &d.wounded), (&r.captured, &d.captured)]
        .iter()
        .all(|(new, told)| new.is_none() || told.is_none());
    // "در این درگیری شش طالب نیز کشته شدند": another speaker of the side counting the attackers' dead adds them.
    let completes =
        fills_gaps && (unit.definite_trigger || r.has(Cue::Others)) || unit.definite_trigger && d.other_side_in(unit);
    if completes && side(source, day) == side(own, day) {
        return Placement::Join(current);
    }
    // Another speaker of the side with figures of its own tells its version; "also" adds to the account's.
    if r.has_casualties() && d.has_figures() && !r.has(Cue::Also) {
        return new_event;
    }
    if !unit.definite_trigger
        && !unit.places.is_empty()
        && (r.strong_trigger || r.weak_trigger)
        && side(source, day) != side(own, day)
    {
        return new_event;
    }
    Placement::Join(current)
}

/// Both name a value, and not the same one.
/// Whether a unit names where its act happened: a district, or a province other than one beside a speaker's title
/// ("فرماندهی پولیس هرات", "قول اردوی ظفر هرات", "the Kandahar police": at most one word between).
fn places_itself(folded: &str, unit: &ReadUnit) -> bool {
    let beside = |gap: &str| gap.split_whitespace().count() <= 1 && !gap.contains([',', '.', ':']);
    let in_a_name = |p: &Read<String>| {
        unit.reading.actors.iter().any(|m| {
            p.spans.iter().all(|s| {
                (m.range.start <= s.start && s.end <= m.range.end)
                    || (m.range.end <= s.start && beside(&folded[m.range.end..s.start]))
                    || (s.end <= m.range.start && beside(&folded[s.end..m.range.start]))
            })
        })
    };
    unit.places.district.is_some() || unit.places.province.as_ref().is_some_and(|p| !in_a_name(p))
}

/// "... said on Saturday it had attacked in Kabul ... In a separate statement, the group claimed ... in Kandahar on
/// Friday night": the day the report dates one incident to (`incident_day`) is not the day of an incident
/// elsewhere told before it that names none.
pub(crate) fn mark_told_before_dated_incident(drafts: &mut Drafts, incident_day: DateRange) {
    let Some(first) = drafts.iter().position(|d| d.date.as_ref().is_some_and(|r| r.value == incident_day)) else {
        return;
    };
    let there = drafts[first].places.clone();
    for d in drafts.iter_mut().take(first).filter(|d| d.date.is_none()) {
        d.before_dated_incident =
            differ(&d.places.province, &there.province) || differ(&d.places.district, &there.district);
    }
}

fn differ(a: &Option<Read<String>>, b: &Option<Read<String>>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.value != b.value)
}

/// Whether a unit in the same voice tells another act than the account `d`: other killed or wounded than it
/// counts, neither added to it ("also"), nor of the act or the people already told ("the attack", "the commander"),
/// with an attack word of its own or a place the account did not name ("the five who died in X district"),
/// or both an attack word and a place of its own. Smaller figures with neither are the parts of the account's
/// operation told in detail.
fn another_act(d: &Draft, unit: &ReadUnit) -> bool {
    let r = &unit.reading;
    let refers_back = r.has(Cue::Also)
        || r.opens_with(Cue::ResultOf)
        || unit.definite_trigger
        || r.heads.iter().any(|(_, _, definite)| *definite)
        || !r.some_told.is_empty();
    let other = |a: &Option<Read<Count>>, b: &Option<Read<Count>>| match (a, b) {
        (Some(a), Some(b)) => a.value.best.is_some() && b.value.best.is_some() && a.value.best != b.value.best,
        _ => false,
    };
    let own_place = (unit.places.district_count <= 1 && unit.places.district.is_some() && d.places.district.is_none())
        || unit.places.place.as_ref().is_some_and(|p| d.places.place.as_ref().is_none_or(|q| q.value != p.value));
    let other_figures = other(&r.killed, &d.killed) && !d.counted_more_fully(unit, CasualtyField::Killed)
        || other(&r.wounded, &d.wounded) && !d.counted_more_fully(unit, CasualtyField::Wounded);
    // "Earlier, a bomb went off in X area": an attack in the indefinite at a place of its own.
    let new_attack = r.strong_trigger && unit.indefinite_trigger && own_place;
    !refers_back && ((other_figures && (r.strong_trigger || own_place)) || new_attack)
}

fn source_only(actor: &str) -> bool {
    Lexicon::embedded().actor_type(actor).is_some_and(|t| t.acled_type == "Source")
}

/// The aggregate a list of provinces belongs to: the one whose source or perpetrator the unit names.
fn aggregate_for(drafts: &Drafts, unit: &ReadUnit) -> Option<usize> {
    let r = &unit.reading;
    let names: Vec<&str> = r
        .claimant
        .iter()
        .chain(r.perpetrator.iter())
        .map(|c| c.value.as_str())
        .chain(r.actors.iter().map(|m| m.actor.as_str()))
        .collect();
    drafts
        .rposition(|d| {
            d.kind == Kind::Aggregate
                && (d.claimant.iter().chain(d.perpetrator.iter()).any(|c| names.contains(&c.value.as_str())))
        })
        .or_else(|| drafts.rposition(|d| d.kind == Kind::Aggregate && d.provinces.is_empty()))
}
