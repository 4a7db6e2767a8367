//! Finishing: drafts become entries with ids, event types, defaults and spans in original bytes.

use std::collections::BTreeMap;
use std::ops::Range;

use sitrep_date::{DateRange, Precision};
use sitrep_lexicon::{EventSense, Lexicon};
use sitrep_text::Folded;

use crate::assemble::Drafts;
use crate::entry::{Destroyed, Entry, Kind, Location};
use crate::reading::Read;

type Spans = BTreeMap<&'static str, Vec<Range<usize>>>;

/// The state's forces as one actor (`actors.tsv`), for an act its bodies tell of by "its forces".
const STATE_FORCES: &str = "Afghan National Security Forces";

/// The dates an entry takes when its own words give none.
pub(crate) struct DocumentDates {
    /// The day the report dates its incident to, else the report's own.
    pub incident: Option<DateRange>,
    /// The report's own: the dateline's (with its precision), else the publication day.
    pub report: Option<DateRange>,
}

/// Turns drafts into entries. `dates`: the date an entry takes when its own words give none (the report's own
/// for an entry told before the incident the report dates). `heading`: the author a statement
/// names in its heading, the voice of every entry that names no source of its own. `earliest`: the first day
/// the text's words allow (ISO), on which its actors are named when no date is known.
pub(crate) fn finish(
    mut drafts: Drafts,
    folded: &Folded,
    text: &str,
    dates: DocumentDates,
    heading: Option<Read<String>>,
    earliest: Option<String>,
) -> Vec<Entry> {
    let lexicon = Lexicon::embedded();
    // One entry per draft: sized once, a long document's entries are not grown by doubling.
    let mut entries: Vec<Entry> = Vec::with_capacity(drafts.len());
    let (mut events, mut summaries, mut aggregates) = (0, 0, 0);
    // Whose voice the document speaks in: the author its heading names, else the group whose own name for its
    // fighters it uses.
    let voice = heading.or_else(|| {
        drafts.iter().find_map(|d| d.self_designation.clone()).map(|v| Read { value: v, spans: Vec::new() })
    });
    let mut previous: Option<Location> = None;
    // The incidents each lead summary rolls up, kept apart: each draft is let go once its entry is made, so that a
    // long document's drafts and entries are not all held at once.
    let rolled_up: Vec<(usize, Vec<usize>)> = drafts
        .iter_mut()
        .enumerate()
        .filter(|(_, d)| !d.summarizes.is_empty())
        .map(|(i, d)| (i, std::mem::take(&mut d.summarizes)))
        .collect();
    for d in drafts {
        let d = &d;
        let document_date = if d.before_dated_incident { dates.report } else { dates.incident };
        let id = match d.kind {
            Kind::Event => {
                events += 1;
                format!("e{events}")
            }
            Kind::Summary => {
                summaries += 1;
                format!("s{summaries}")
            }
            Kind::Aggregate => {
                aggregates += 1;
                format!("a{aggregates}")
            }
        };
        let mut spans: Spans = BTreeMap::new();
        // A read without spans (a voice known from the fighters' name) adds no evidence entry.
        let take = |spans: &mut Spans, field: &'static str, read: &Option<Read<String>>| -> Option<String> {
            read.as_ref().map(|r| {
                if !r.spans.is_empty() {
                    spans.entry(field).or_default().extend(r.spans.iter().map(|s| folded.original_range(s.clone())));
                }
                r.value.clone()
            })
        };
        let date = d
            .date
            .as_ref()
            .map(|r| {
                spans.entry("date").or_default().push(folded.original_range(r.spans[0].clone()));
                r.value
            })
            // The report's day of the incident, unless a source of the account spoke of it earlier ("said on
            // Monday that its fighters attacked"): then that day, the latest the act can be.
            .or_else(|| {
                document_date.filter(|_| d.kind == Kind::Event).map(|day| match d.reported_on {
                    Some(said) if said < day.start => DateRange::day(said),
                    _ => day,
                })
            })
            .map(|r| if d.kind == Kind::Aggregate { widen(r) } else { r });
        // The day the entry's actors are named on: its own, else the document's, else the first its words allow.
        let day = date.or(document_date).map(|r| r.start.to_string()).or_else(|| earliest.clone());
        let mut claimant = take(&mut spans, "claimant", &d.claimant);
        let spokesperson = take(&mut spans, "spokesperson", &d.spokesperson);
        let mut perpetrator = take(&mut spans, "perpetrator", &d.perpetrator);
        let mut target = take(&mut spans, "target", &d.target);
        if claimant.is_none() && d.kind != Kind::Aggregate && !d.unclaimed {
            claimant = take(&mut spans, "claimant", &voice);
        }
        // "No group has claimed the attack": an armed group carried over from an account before is not its source.
        if d.unclaimed
            && claimant.as_deref().is_some_and(|c| lexicon.actor_type(c).is_some_and(|t| t.rebel_on(day.as_deref())))
        {
            claimant = None;
            spans.remove("claimant");
        }
        // "زموږ مجاهدینو" in a Front's statement: fighters called by a name another group uses for its own are
        // the fighters of the armed group whose statement it is.
        let own_name_of_other = d.self_designation.is_some() && d.self_designation == perpetrator;
        if let Some(c) = claimant.as_ref().filter(|c| own_name_of_other && Some(*c) != perpetrator.as_ref()) {
            if lexicon.actor_type(c).is_some_and(|t| t.rebel_on(day.as_deref())) {
                // The group whose name it is was the one fought (its name for the enemy took the target's place).
                let displaced = perpetrator.replace(c.clone());
                spans.remove("perpetrator");
                if target.is_none() {
                    target = displaced;
                }
            }
        }
        // A source that denies the act is never its author in its own version.
        if d.denial && perpetrator == claimant {
            perpetrator = None;
        }
        // An armed group that reports an attack without naming who carried it out claims its own act; not when
        // it tells of civilians hit or of an air strike: that is its account of the other side's act.
        let civilians_hit =
            target.as_deref().is_some_and(|t| lexicon.actor_type(t).is_some_and(|t| t.acled_type == "Civilians"));
        let from_the_air = d.events.iter().any(|e| e.value.sub_event_type.as_deref() == Some("Air/drone strike"));
        if perpetrator.is_none() && !d.denial && !civilians_hit && !from_the_air {
            if let Some(c) = &claimant {
                if lexicon.actor_type(c).is_some_and(|t| t.rebel_on(day.as_deref())) {
                    perpetrator = Some(c.clone());
                }
            }
        }
        // "The defence ministry said its forces killed 11 rebels": a state body's own forces are the state's (the
        // Taliban's from 2021-08-15, by the successors below).
        let state_speaks =
            || claimant.as_deref().is_some_and(|c| lexicon.actor_type(c).is_some_and(|t| t.state_on(day.as_deref())));
        // "3 Khawarij were killed and two captured", the state's spokesman says naming no one who did it: the
        // state's forces fought the armed group it tells of.
        let rebels_hit =
            target.as_deref().is_some_and(|t| lexicon.actor_type(t).is_some_and(|a| a.rebel_on(day.as_deref())));
        if perpetrator.is_none() && !d.denial && (d.own_forces || rebels_hit) && state_speaks() {
            perpetrator = Some(STATE_FORCES.to_string());
        }
        // "ISAF said two of its soldiers were killed": the speaking body's own people were hit (a state body's are
        // the state's forces), whatever their noun alone would name.
        if d.own_victims && !d.own_forces {
            let own = if state_speaks() {
                Some(STATE_FORCES.to_string())
            } else {
                claimant.clone().filter(|c| lexicon.actor_type(c).is_some_and(|t| t.armed))
            };
            if let Some(own) = own.filter(|o| perpetrator.as_ref() != Some(o)) {
                target = Some(own);
            }
        }
        if d.kind == Kind::Aggregate && d.mixed_sources {
            claimant = None;
            perpetrator = None;
        }
        if d.kind == Kind::Aggregate && claimant.is_none() && !d.mixed_sources {
            claimant = perpetrator.clone().filter(|p| lexicon.actor_type(p).is_some_and(|t| t.armed));
        }
        // Civilians and sources carry out no attack: a name of theirs read as the author is a victim or a speaker.
        if perpetrator.as_deref().is_some_and(|p| !crate::assemble::can_act(p)) {
            let victims =
                perpetrator.take().filter(|p| lexicon.actor_type(p).is_some_and(|t| t.acled_type == "Civilians"));
            let read_at = spans.remove("perpetrator");
            if target.is_none() && victims.is_some() {
                target = victims;
                spans.extend(read_at.map(|s| ("target", s)));
            }
        }
        if target == perpetrator {
            target = None;
        }
        // "56 NRF attacks", "the Front's forces attacked": a front that fights one party by its name attacked it.
        if target.is_none() {
            target = perpetrator.as_deref().and_then(|p| lexicon.actor_type(p)?.fights.clone());
        }
        // The state's, on the day: the Taliban's forces after they took power too.
        let of_state = |a: &str| lexicon.actor_type(a).is_some_and(|t| t.state_on(day.as_deref()));
        let state_perpetrator = perpetrator.as_deref().is_some_and(of_state);
        // Detentions by the state (or that the state reports, naming no one who made them) are arrests; a group's
        // captives are taken in some act.
        let state_reports = perpetrator.is_none() && claimant.as_deref().is_some_and(of_state);
        let arrested = d.captured.is_some() && (state_perpetrator || state_reports);
        // People an armed group took, none of them an armed party's, with no fight told, were abducted (ACLED).
        let non_state_group = perpetrator.as_deref().is_some_and(|p| {
            lexicon.actor_type(p).is_some_and(|t| {
                matches!(t.acled_type.as_str(), "Political militia" | "Identity militia") || t.rebel_on(day.as_deref())
            })
        });
        let armed_taken = target.as_deref().is_some_and(|t| lexicon.actor_type(t).is_some_and(|a| a.armed));
        let abducted = d.captured.is_some() && !arrested && non_state_group && !armed_taken;
        let (mut event_type, mut sub_event_type, weapon) =
            event_type(&d.events, d.disrupted, (d.killed.is_some(), arrested, abducted), d.kind);
        // The state's forces taking a place back: ACLED's "Government regains territory".
        if state_perpetrator && sub_event_type.as_deref() == Some("Non-state actor overtakes territory") {
            sub_event_type = Some("Government regains territory".to_string());
        }
        // An armed party killing or wounding with no word for how: ACLED's armed clash.
        let armed_perpetrator = perpetrator.as_deref().is_some_and(|p| lexicon.actor_type(p).is_some_and(|t| t.armed));
        if event_type.is_none()
            && d.kind == Kind::Event
            && armed_perpetrator
            && (d.killed.is_some() || d.wounded.is_some())
        {
            event_type = Some("Battles".to_string());
            sub_event_type = Some("Armed clash".to_string());
        }
        // An armed party's attack on civilians with no fight named ("gunmen shot dead two vaccinators"): ACLED's
        // violence against civilians; a clash that kills civilians between the sides stays a battle.
        let fight_named = d.events.iter().any(|e| e.value.event_type.as_deref() == Some("Battles") && e.value.strong);
        let civilians_hit =
            target.as_deref().is_some_and(|t| lexicon.actor_type(t).is_some_and(|a| a.acled_type == "Civilians"));
        if sub_event_type.as_deref() == Some("Armed clash") && civilians_hit && !fight_named {
            event_type = Some("Violence against civilians".to_string());
            sub_event_type = Some("Attack".to_string());
        }
        for (field, present) in [("event_type", event_type.is_some()), ("weapon", weapon.is_some())] {
            if present {
                spans
                    .entry(field)
                    .or_default()
                    .extend(d.events.iter().map(|e| folded.original_range(e.spans[0].clone())));
            }
        }
        if sub_event_type.is_some() {
            spans.insert("sub_event_type", spans.get("event_type").cloned().unwrap_or_default());
        }
        // A report that names no place of its own happened where the report before it did.
        let mut location = Location {
            province: take(&mut spans, "province", &d.places.province),
            district: take(&mut spans, "district", &d.places.district),
            place: take(&mut spans, "place", &d.places.place),
            lat: d.places.lat,
            lon: d.places.lon,
            geo_precision: d.places.geo_precision,
        };
        // Province and district come from the report before; a place named here stays ("في منطقة سربند
        // بالمديرية نفسها").
        if location.province.is_none() && d.kind == Kind::Event {
            if let Some(prev) = &previous {
                let own_place = location.place.take();
                let own_point = (location.lat, location.lon, location.geo_precision);
                location = Location { place: own_place.or(prev.place.clone()), ..prev.clone() };
                if location.place != prev.place && own_point.2.is_some() {
                    (location.lat, location.lon, location.geo_precision) = own_point;
                }
            }
        }
        if d.kind == Kind::Event && location.province.is_some() {
            previous = Some(location.clone());
        }
        let count = |spans: &mut Spans, field: &'static str, read: &Option<Read<sitrep_count::Count>>| {
            read.as_ref().map(|r| {
                spans.entry(field).or_default().extend(r.spans.iter().map(|s| folded.original_range(s.clone())));
                r.value
            })
        };
        let killed = count(&mut spans, "killed", &d.killed);
        let wounded = count(&mut spans, "wounded", &d.wounded);
        let captured = count(&mut spans, "captured", &d.captured);
        let destroyed: Vec<Destroyed> = d
            .destroyed
            .iter()
            .map(|r| {
                spans.entry("destroyed").or_default().push(folded.original_range(r.spans[0].clone()));
                Destroyed { item: r.value.0.clone(), count: r.value.1 }
            })
            .collect();
        let attacks = d.attacks.as_ref().map(|a| {
            spans.entry("attacks").or_default().push(folded.original_range(a.spans[0].clone()));
            a.value
        });
        let provinces: Vec<String> = if d.kind == Kind::Aggregate {
            d.provinces
                .iter()
                .map(|p| {
                    spans.entry("provinces").or_default().push(folded.original_range(p.spans[0].clone()));
                    p.value.clone()
                })
                .collect()
        } else {
            Vec::new()
        };
        let period = d.period.as_ref().filter(|_| d.kind == Kind::Aggregate).map(|p| {
            spans.entry("period").or_default().push(folded.original_range(p.spans[0].clone()));
            p.value.clone()
        });
        // The state's forces and offices named after they changed hands are their new holder's.
        if let Some(day) = &day {
            for actor in [&mut claimant, &mut perpetrator, &mut target].into_iter().flatten() {
                *actor = lexicon.actor_on(actor, day).to_string();
            }
            if target == perpetrator {
                target = None;
            }
        }
        // A field emptied above keeps no evidence.
        for (field, empty) in
            [("claimant", claimant.is_none()), ("perpetrator", perpetrator.is_none()), ("target", target.is_none())]
        {
            if empty {
                spans.remove(field);
            }
        }
        let evidence = trim(text, folded.original_range(d.evidence.clone()));
        spans.entry("evidence").or_default().push(evidence.clone());
        entries.push(Entry {
            id,
            kind: d.kind,
            summarizes: Vec::new(),
            derived_from: Vec::new(),
            claimant,
            spokesperson,
            perpetrator,
            target,
            event_type,
            sub_event_type,
            weapon,
            location,
            killed,
            wounded,
            captured,
            destroyed,
            attacks,
            provinces,
            period,
            date,
            evidence,
            spans,
        });
    }
    // A lead summary knows the incidents it rolls up; another summary links them by place or item.
    for (i, summarizes) in rolled_up {
        entries[i].summarizes = summarizes.iter().map(|&j| entries[j].id.clone()).collect();
    }
    link_summaries(&mut entries);
    link_aggregates(&mut entries);
    entries
}

fn widen(r: DateRange) -> DateRange {
    if r.precision == Precision::Day && r.start != r.end {
        DateRange { precision: Precision::Week, ..r }
    } else {
        r
    }
}

/// Trims whitespace and trailing punctuation off an evidence span.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = &text[range.clone()];
    let start = range.start + (s.len() - s.trim_start().len());
    let trimmed = s.trim();
    let core = trimmed.trim_end_matches(['.', ',', '،', ';', '؛', ' ']);
    start..start + core.len()
}

/// Event type from the triggers of an entry: a suicide attack over an explosive over an air strike over
/// shelling; a battle absorbs an air strike or shelling in the same fight (ACLED); a weapon defused or gone
/// off early is Disrupted weapons use; an attack with no more specific word is an armed clash.
fn event_type(
    events: &[Read<&EventSense>],
    disrupted: bool,
    (killed, arrested, abducted): (bool, bool, bool),
    kind: Kind,
) -> (Option<String>, Option<String>, Option<String>) {
    let has = |sub: &str| events.iter().any(|e| e.value.sub_event_type.as_deref() == Some(sub) && e.value.strong);
    let weapon_of = |sub: &str| {
        events
            .iter()
            .filter(|e| e.value.sub_event_type.as_deref() == Some(sub))
            .find_map(|e| e.value.weapon.clone())
            .or_else(|| events.iter().find(|e| e.value.event_type.is_none()).and_then(|e| e.value.weapon.clone()))
    };
    let pick = |t: &str, sub: &str| (Some(t.to_string()), Some(sub.to_string()), weapon_of(sub));
    if kind == Kind::Aggregate {
        return (None, None, None);
    }
    let explosive = has("Remote explosive/landmine/IED") || has("Suicide bomb");
    if disrupted && explosive {
        let weapon = events
            .iter()
            .filter(|e| e.value.event_type.as_deref() == Some("Explosions/Remote violence"))
            .find_map(|e| e.value.weapon.clone());
        return (Some("Strategic developments".into()), Some("Disrupted weapons use".into()), weapon);
    }
    // "discovered a weapons cache ... 40 mortar rounds": with no one killed and no fight, the weapons named are
    // what was seized, not an attack (ACLED: seizure of weapons caches).
    let seized = events.iter().any(|e| e.value.sub_event_type.as_deref() == Some("Disrupted weapons use"));
    let fight = events.iter().any(|e| e.value.event_type.as_deref() == Some("Battles") && e.value.strong);
    if seized && !killed && !fight && !has("Suicide bomb") && !has("Air/drone strike") {
        return (Some("Strategic developments".into()), Some("Disrupted weapons use".into()), None);
    }
    if has("Suicide bomb") {
        // A suicide attacker with a car bomb drove it: the weapon is the car bomb, not a vest.
        let (t, s, w) = pick("Explosions/Remote violence", "Suicide bomb");
        let car = events.iter().find_map(|e| e.value.weapon.clone().filter(|w| w == "car bomb"));
        return (t, s, car.or(w));
    }
    let battle = events.iter().any(|e| e.value.event_type.as_deref() == Some("Battles") && e.value.strong);
    if has("Remote explosive/landmine/IED") && !battle {
        return pick("Explosions/Remote violence", "Remote explosive/landmine/IED");
    }
    // A weapon named on its own ("an RPG round", "آر بي جي") says more than one an attack word implies ("armed
    // attack": small arms).
    let named_weapon = |keep: &dyn Fn(&str) -> bool| {
        let weapon = |e: &&Read<&EventSense>| e.value.weapon.clone().filter(|w| keep(w));
        events
            .iter()
            .filter(|e| e.value.event_type.is_none())
            .find_map(|e| weapon(&e))
            .or_else(|| events.iter().find_map(|e| weapon(&e)))
    };
    // A post, a district centre or a town taken by force (ACLED): the territory outranks the fight for it.
    if has("Non-state actor overtakes territory") {
        let (t, s, _) = pick("Battles", "Non-state actor overtakes territory");
        return (t, s, named_weapon(&|w| w != "airstrike"));
    }
    if battle {
        let (t, s, _) = pick("Battles", "Armed clash");
        return (t, s, named_weapon(&|w| w != "airstrike"));
    }
    for sub in ["Air/drone strike", "Shelling/artillery/missile attack", "Grenade"] {
        if has(sub) {
            return pick("Explosions/Remote violence", sub);
        }
    }
    if has("Disrupted weapons use") {
        return (Some("Strategic developments".into()), Some("Disrupted weapons use".into()), None);
    }
    // Arrests with no one killed; an operation that kills is a fight. People the state detained with no act of
    // another kind told ("چهار عضو این گروه را بازداشت کرده‌اند") were arrested.
    let no_other_act = events.iter().all(|e| e.value.event_type.is_none());
    if (has("Arrests") || arrested && no_other_act) && !killed {
        return (Some("Strategic developments".into()), Some("Arrests".into()), None);
    }
    if abducted && no_other_act && !killed {
        return (Some("Violence against civilians".into()), Some("Abduction/forced disappearance".into()), None);
    }
    // "اعدام کردند", "أعدمت": a captive put to death, with no fight named.
    if has("Attack") && !battle {
        return pick("Violence against civilians", "Attack");
    }
    // "قصفت طائرات ...", "drones struck": a word for the means of a remote strike beside a verb of striking that
    // names no kind, and no word of a fight.
    let fought = events.iter().any(|e| e.value.event_type.as_deref() == Some("Battles"));
    for sub in ["Air/drone strike", "Shelling/artillery/missile attack"] {
        if !fought && events.iter().any(|e| e.value.sub_event_type.as_deref() == Some(sub)) {
            return pick("Explosions/Remote violence", sub);
        }
    }
    if fought || events.iter().any(|e| e.value.event_type.is_none() && e.value.weapon.is_none()) {
        return (Some("Battles".into()), Some("Armed clash".into()), named_weapon(&|_| true));
    }
    let weapon = events.iter().find_map(|e| e.value.weapon.clone());
    // "a bomb at a ministry killed five": a bomb that is the only word of the act went off.
    if weapon.as_deref() == Some("IED") {
        return (Some("Explosions/Remote violence".into()), Some("Remote explosive/landmine/IED".into()), weapon);
    }
    (None, None, weapon)
}

/// A summary rolls up the later entries that share its district, place or a counted item.
fn link_summaries(entries: &mut [Entry]) {
    for i in 0..entries.len() {
        if entries[i].kind != Kind::Summary || !entries[i].summarizes.is_empty() {
            continue;
        }
        let s = entries[i].clone();
        let linked: Vec<String> = entries[i + 1..]
            .iter()
            .filter(|e| e.kind == Kind::Event)
            .filter(|e| {
                let same_district = s.location.district.is_some() && e.location.district == s.location.district;
                let same_item =
                    s.destroyed.iter().any(|d| d.count.is_some() && e.destroyed.iter().any(|x| x.item == d.item));
                same_district || same_item
            })
            .map(|e| e.id.clone())
            .collect();
        entries[i].summarizes = linked;
    }
}

/// An aggregate whose count of incidents is the sum of other aggregates' is derived from them.
fn link_aggregates(entries: &mut [Entry]) {
    let aggregates: Vec<(String, u32)> =
        entries.iter().filter(|e| e.kind == Kind::Aggregate).filter_map(|e| Some((e.id.clone(), e.attacks?))).collect();
    for e in entries.iter_mut().filter(|e| e.kind == Kind::Aggregate) {
        let Some(total) = e.attacks else { continue };
        let others: Vec<&(String, u32)> = aggregates.iter().filter(|(id, _)| *id != e.id).collect();
        if others.len() >= 2 && others.iter().map(|(_, n)| n).sum::<u32>() == total {
            e.derived_from = others.iter().map(|(id, _)| id.clone()).collect();
        }
    }
}
