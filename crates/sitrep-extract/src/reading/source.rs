//! Who a unit's account comes from: the source named beside a verb of saying, a spokesperson, a pronoun or a
//! quotation that keeps the last speaker.

use std::ops::Range;

use sitrep_lexicon::{ActorRole, AttributionKind, Cue, Hit, Lexicon, Sense, WordClass};

use super::{Mention, Read, Reading, Unit};
use crate::words::Words;

/// The canonical actor of sources on the spot (`actors.tsv`): residents, witnesses, villagers who speak.
const LOCAL_SOURCES: &str = "Local sources";

/// Who the unit's account comes from. `verb_final`: the unit's first word, for Dari and Pashto.
pub(super) fn read_source(u: &Unit<'_, '_>, r: &mut Reading) {
    let (folded, hits, words, verb_first) = (u.folded, &u.hits[..], u.words, u.verb_first);
    // Dari and Pashto: the unit's first word opens the clause whose subject speaks.
    let verb_final = u.verb_final.then_some(u.first_word);
    let lexicon = Lexicon::embedded();
    for h in hits {
        if let Sense::Spokesperson { person } = h.sense {
            let p = lexicon.spokesperson(*person);
            r.spokesperson = Some(Read::new(p.name.clone(), h.range.clone()));
            r.claimant = Some(Read::new(p.organisation.clone(), h.range.clone()));
            break;
        }
    }
    // "وزارت دفاع ملی: ...", "Ministry of Interior: ...": an organisation heading its account speaks it.
    if r.claimant.is_none() {
        let headed = r.actors.iter().find(|m| {
            m.role != ActorRole::Members
                && m.role != ActorRole::Generic
                && folded[u.range.start..m.range.start].trim().is_empty()
                && folded[m.range.end..u.range.end].trim_start().starts_with(':')
        });
        if let Some(m) = headed {
            r.claimant = Some(Read::new(m.actor.clone(), m.range.clone()));
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
            AttributionKind::Condemn => r.condemnation = true,
            // "No group has claimed responsibility": the words of a claim that no one made.
            AttributionKind::ClaimResponsibility if r.has(Cue::NoClaim) => continue,
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
        // Not when the source stands right before the verb ("وزارة الدفاع قالت إن").
        let subject_before = r
            .actors
            .iter()
            .any(|m| m.words.end == at.start && !matches!(m.role, ActorRole::Members | ActorRole::Generic));
        let clause_follows = words.is(folded, at.end, WordClass::Complementizer);
        if clause_follows && ((verb_first && !subject_before) || !named_before) {
            r.continues_source = true;
            r.group_anaphor = pronoun_source(hits, words, &at) == Some(true);
            continue;
        }
        // Fighters and victims ("soldiers") are not sources; organisations and reporters are, and fighters called
        // by their group's own name for them ("أعلن المجاهدون") speak for it.
        let speaks = |m: &&Mention| !matches!(m.role, ActorRole::Members | ActorRole::Generic) || m.self_designating;
        // "“... with 32 invaders dead ...,” he wrote": a name inside a quotation closed before the verb is what
        // was said (a name in quotation marks of its own, "«طالبان» قالت", still speaks).
        let quoted_before = |m: &&Mention| {
            let between = folded[m.range.end..h.range.start].trim_start_matches(['”', '»', '"', '’', ' ']);
            between.contains(['”', '»', '"'])
        };
        let before = r
            .actors
            .iter()
            .filter(|m| m.words.end <= at.start && at.start - m.words.end <= 6 && !quoted_before(m))
            .rfind(speaks);
        // "The Front, a group opposed to the Taliban, said": the apposition describes the source named before it.
        // Not "... in a Taliban ambush near Qalat, the defence ministry said": the apposition closes with a comma
        // before the verb.
        let before = before.map(|m| {
            let closed = folded[m.range.end..h.range.start].contains([',', '،']);
            r.actors
                .iter()
                .filter(|p| speaks(p) && p.range.end <= m.range.start && m.words.start - p.words.end <= 4 && closed)
                .rfind(|p| folded[p.range.end..m.range.start].contains([',', '،']))
                .unwrap_or(m)
        });
        // "MSF, which runs a hospital in the city, said", "a Taliban official in Baghlan, who spoke on condition of
        // anonymity, confirmed": a relative clause in commas between the subject (perhaps placed by a short
        // phrase) and its verb.
        let before = before.or_else(|| {
            let closed = folded[..h.range.start].trim_end().ends_with(',');
            // A person the clause describes ("who") speaks, a group's member too ("a Taliban commander").
            let person = |m: &&Mention| speaks(m) || m.role == ActorRole::Members;
            r.actors.iter().filter(person).rfind(|m| {
                let opens = (m.words.end..(m.words.end + 5).min(at.start)).any(|w| {
                    words.is(folded, w, WordClass::RelativePronoun)
                        && folded[..words.range(w..w + 1).start].trim_end().ends_with(',')
                        && !crate::clause_break(folded, m.range.end, words.range(w - 1..w).end)
                });
                closed && m.words.end < at.start && opens && at.start - m.words.end <= 16
            })
        });
        // "said Esmatullah Muradi, a spokesman for the Kunduz police": past the speaker's name, the body a person's
        // title names speaks.
        let title_after = hits.iter().map(|t| (t, words.span(&t.range))).find(|(t, w)| {
            matches!(t.sense, Sense::Cue(Cue::PersonTitle))
                && w.start >= at.end
                && w.start - at.end <= 5
                && !folded[h.range.end..t.range.start].contains(['.', ';', ':'])
        });
        let after =
            r.actors.iter().filter(speaks).find(|m| m.words.start >= at.end && m.words.start - at.end <= 4).or_else(
                || {
                    let (title, w) = title_after.clone()?;
                    r.actors.iter().filter(speaks).find(|m| {
                        m.words.start >= w.end
                            && m.words.start - w.end <= 4
                            && !folded[title.range.end..m.range.start].contains(['.', ';', ','])
                    })
                },
            );
        let (before, after) =
            (before.map(|m| whose(folded, words, &r.actors, m)), after.map(|m| whose(folded, words, &r.actors, m)));
        let source = match verb_final {
            // The subject of a verb-final clause stands before its verb, however far: what follows is what it said.
            // A statement names its source right after it ("اعلامیه وزارت داخله"), or is its subject's
            // ("وزارت داخله در اعلامیه‌ای گفت که طالبان ...").
            Some(first) if !after_first || *kind == AttributionKind::Statement => after
                .filter(|m| *kind == AttributionKind::Statement && m.words.start == at.end)
                .or_else(|| {
                    let subject = crate::verb_final::clause_subject(folded, hits, words, &r.actors, first, &at);
                    subject.map(|m| whose(folded, words, &r.actors, m))
                })
                .or(before),
            // "according to X", "حسب X": the source follows, or is not named ("حسب المصادر"); the phrase closes at
            // a comma ("به گفته او، سه سرباز ارتش ...": the army is in what was said).
            _ if *kind == AttributionKind::According => {
                after.filter(|m| !crate::clause_break(folded, h.range.end, m.range.start))
            }
            _ if after_first => after.or(before),
            // "The group said two other Taliban were wounded": a word for the source already speaking stands
            // before the verb, and a name after it is in what was said.
            // "..., killing nine Taliban, the front said": a name before the comma that opens the verb's subject is
            // in what was said (not "The Front (AFF), an armed group, claims": the apposition closes before the verb).
            _ if anaphor_before(hits, words, &at).is_some_and(|a| {
                let subject = words.range(a.clone()).start..h.range.start;
                before.is_none_or(|m| {
                    m.words.end <= a.start
                        && folded[m.range.end..subject.start].contains([',', '،'])
                        && !folded[subject].contains([',', '،'])
                })
            }) =>
            {
                None
            }
            // "..., said Jawad Hejri, a spokesman for the provincial governor": a verb of saying right after a comma,
            // a person's title after it, has its subject after it (not "X, the head of the council, confirmed that
            // ...": what follows is said).
            _ if after.is_some()
                && !u.arabic
                && *kind == AttributionKind::Say
                && !clause_follows
                && title_after.is_some()
                && folded[..h.range.start].trim_end().ends_with(',') =>
            {
                after
            }
            _ => before.or(after),
        };
        // "villagers said", "relatives told": civilians who speak, right before their verb, are local sources.
        let civilians_speak = || {
            let civilian = |m: &&Mention| lexicon.actor_type(&m.actor).is_some_and(|t| t.acled_type == "Civilians");
            (!verb_first && !u.verb_final)
                .then(|| r.actors.iter().filter(civilian).find(|m| m.words.end == at.start))
                .flatten()
        };
        if let Some(m) = source {
            r.claimant = Some(Read::new(m.actor.clone(), m.range.clone()));
        } else if let Some(m) = civilians_speak() {
            r.claimant = Some(Read::new(LOCAL_SOURCES.to_string(), m.range.clone()));
        } else if let Some(group) = pronoun_source(hits, words, &at) {
            r.continues_source = true;
            r.group_anaphor = group;
        } else if *kind == AttributionKind::According && according_to_someone_met(folded, words, &at) {
            r.continues_source = true;
        } else if !u.arabic && at.start > 0 && !verb_first {
            r.speaker_surname = Some(words.text(folded, at.start - 1).to_string());
        }
    }
}

/// Whether a unit that claims responsibility tells the act's toll in a relative clause of the act ("claimed the
/// attack, which killed five", "تبنى الهجوم الذي ... أسفر عن مقتل خمسة", "د هغه برید مسئولیت واخیست، چې ... د
/// شپږو کسانو د مړينې سبب شو", "مسئولیت حمله‌ای را که ... کشته شدند به عهده گرفت"): an act's word, then a relative
/// word, then the first casualty word, and no verb of saying of the group's between the claim and the toll
/// ("claimed the attack, saying it killed 20": its own figure). Sets the source of the toll when one is named
/// after it ("according to police", "police said").
pub(super) fn toll_of_claimed_act(u: &Unit<'_, '_>, r: &mut Reading) {
    if !r.claims_responsibility {
        return;
    }
    let (folded, words) = (u.folded, u.words);
    let Some(toll) = [&r.killed, &r.wounded, &r.captured]
        .into_iter()
        .flatten()
        .map(|c| words.span(&c.spans[0]))
        .min_by_key(|w| w.start)
    else {
        return;
    };
    let spans_of =
        |pick: fn(&Sense) -> bool| u.hits.iter().filter(move |h| pick(h.sense)).map(|h| words.span(&h.range));
    let claim = spans_of(|s| matches!(s, Sense::Attribution { kind: AttributionKind::ClaimResponsibility }))
        .min_by_key(|w| w.start);
    let Some(claim) = claim else {
        return;
    };
    let relative = |i: usize| {
        words.is(folded, i, WordClass::RelativePronoun)
            || (words.is(folded, i, WordClass::Complementizer) && !u.arabic)
            || u.hits
                .iter()
                .any(|h| matches!(h.sense, Sense::Cue(Cue::Complementizer)) && words.span(&h.range).start == i)
    };
    let first_act = spans_of(|s| matches!(s, Sense::Event(_))).min_by_key(|w| w.start);
    let relative_before_toll = first_act.as_ref().is_some_and(|act| (act.end..toll.start).any(relative));
    // "ادعا کړې چې ... برید یې کړی چې ... وژل شوي": a claim that reports a clause (the act told after the word
    // opening it) says the toll in the group's words.
    let reports_clause =
        first_act.is_some_and(|act| (claim.end..(claim.end + 2).min(act.start)).any(relative) && act.start > claim.end);
    // Any other verb of saying between the claim and the toll makes the toll what the group said.
    let said_between =
        spans_of(|s| matches!(s, Sense::Attribution { kind } if *kind != AttributionKind::ClaimResponsibility))
            .any(|w| w.start > claim.start.min(toll.start) && w.start < toll.start);
    if !relative_before_toll || said_between || reports_clause {
        return;
    }
    // "..., according to police", "وفق ما أعلنت الشرطة", ", police said", "said a spokesman for the police": a
    // source named with a verb of saying after the toll. A verb of saying there with no one named ("..., the
    // group stated") is the group's: the toll is its own.
    let speaks = |m: &&Mention| !matches!(m.role, ActorRole::Members | ActorRole::Generic);
    let lexicon = Lexicon::embedded();
    let told_after = u.hits.iter().filter(|h| words.span(&h.range).start > toll.start).find_map(|h| match h.sense {
        Sense::Spokesperson { person } => {
            Some(Some(Read::new(lexicon.spokesperson(*person).organisation.clone(), h.range.clone())))
        }
        Sense::Attribution { kind } if *kind != AttributionKind::ClaimResponsibility => {
            let at = words.span(&h.range);
            // Right before the verb ("police said", "a police spokesman said") or just after it ("according to
            // police", "said a spokesman for the police"), in the same phrase.
            let apart = |a: usize, b: usize| folded[a.min(b)..a.max(b)].contains([',', '،', ';']);
            let near = |m: &&Mention| {
                (m.words.start >= at.end && m.words.start - at.end <= 3 && !apart(h.range.end, m.range.start))
                    || (m.words.end <= at.start && at.start - m.words.end <= 1 && !apart(m.range.end, h.range.start))
            };
            Some(r.actors.iter().filter(speaks).find(near).map(|m| Read::new(m.actor.clone(), m.range.clone())))
        }
        _ => None,
    });
    match told_after {
        Some(None) => {}
        Some(named) => {
            r.toll_of_claimed_act = true;
            r.toll_source = named;
        }
        None => r.toll_of_claimed_act = true,
    }
}

/// "a Taliban official", "ISKP officials": a word for a speaker right after an organisation's name is one of
/// its people, speaking for it; so is "a source in the police command", "منبع در فرماندهی پولیس", "مصدر في
/// الشرطة": the body named right after a word for "in" (perhaps after a noun for its office) speaks.
fn whose<'m>(folded: &str, words: &Words, actors: &'m [Mention], m: &'m Mention) -> &'m Mention {
    if m.role != ActorRole::Source {
        return m;
    }
    let named_before = actors.iter().find(|p| {
        p.role == ActorRole::Organisation
            && p.words.end == m.words.start
            && !folded[p.range.end..m.range.start].contains([',', '،', ';'])
    });
    let named_within = || {
        words.is(folded, m.words.end, WordClass::SourceWithin).then(|| {
            actors.iter().find(|p| {
                matches!(p.role, ActorRole::Organisation | ActorRole::Source)
                    && p.words.start > m.words.end
                    && p.words.start - m.words.end <= 2
                    && !folded[m.range.end..p.range.start].contains([',', '،', ';'])
            })
        })?
    };
    named_before.or_else(named_within).unwrap_or(m)
}

/// Whether a hit is a word for the source already speaking, a pronoun or a group's.
fn is_anaphor(h: &Hit<'_>) -> bool {
    matches!(h.sense, Sense::Cue(Cue::SourceAnaphor | Cue::GroupAnaphor))
}

/// The words of a word for the source already speaking, among the three words right before the verb ("the group
/// said").
fn anaphor_before(hits: &[&Hit<'_>], words: &Words, verb: &Range<usize>) -> Option<Range<usize>> {
    hits.iter()
        .filter(|h| is_anaphor(h))
        .map(|h| words.span(&h.range))
        .find(|w| w.end <= verb.start && verb.start - w.end <= 2)
}

/// "به گفته او، ...", "according to him, ...": an according phrase of one or two words that names no source and
/// closes at a comma names someone already speaking.
fn according_to_someone_met(folded: &str, words: &Words, verb: &Range<usize>) -> bool {
    (verb.end..(verb.end + 2).min(words.len())).any(|i| folded[words.range(i..i + 1).end..].starts_with(','))
}

/// "He said", "the group's statement", "its statement", "این جبهه افزود": the word for the source already
/// speaking (`source_anaphor` and `group_anaphor` cues) among the four words before the verb or the three after it.
/// Whether there is one, and whether it is a word for a group.
fn pronoun_source(hits: &[&Hit<'_>], words: &Words, verb: &Range<usize>) -> Option<bool> {
    let lo = verb.start.saturating_sub(4);
    let hi = verb.end + 3;
    let mut near = hits
        .iter()
        .filter(|h| is_anaphor(h))
        .filter(|h| {
            let w = words.span(&h.range);
            w.start >= lo && w.end <= hi
        })
        .peekable();
    near.peek()?;
    // "killed four of its guards, the group said": a word for a group names the speaker over a pronoun beside it.
    Some(near.any(|h| matches!(h.sense, Sense::Cue(Cue::GroupAnaphor))))
}
