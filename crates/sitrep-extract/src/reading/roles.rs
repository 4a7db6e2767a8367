//! Perpetrator and target of a unit, scored from the words around each actor mention.

use std::ops::Range;

use sitrep_lexicon::{ActorRole, AttributionKind, CasualtyField, Cue, Lexicon, Sense, WordClass};

use super::{Mention, Read, Reading, Unit};

/// Perpetrator and target from the words around each actor mention: each mention scored for each role, the
/// best scored taken.
pub(super) fn read_roles(u: &Unit<'_, '_>, r: &mut Reading) {
    // No actor: no role to give (perpetrator and target stay unread).
    if r.actors.is_empty() {
        return;
    }
    let around = Around::new(u, r);
    let claimant_span = r.claimant.as_ref().map(|c| c.spans[0].clone());
    let claimant_words = claimant_span.as_ref().map(|s| u.words.span(s));
    let mut scores: Vec<(i32, i32, &Mention)> = Vec::new();
    for m in &r.actors {
        if m.role == ActorRole::Source || Some(&m.range) == claimant_span.as_ref() && !r.claims_responsibility {
            continue;
        }
        // "وزارت داخله طالبان", "د طالبانو د دفاع وزارت": a name joined to the source's is part of it; not across
        // clause punctuation ("وزارت داخله: پولیس ..." heads the police's act).
        let joined_to_source = claimant_span.as_ref().zip(claimant_words.as_ref()).is_some_and(|(s, c)| {
            let gap = if s.end <= m.range.start { s.end..m.range.start } else { m.range.end..s.start };
            let joined = c.end == m.words.start
                || m.words.end == c.start
                || m.words.end + 1 == c.start && u.words.is(u.folded, m.words.end, WordClass::Genitive);
            joined && !crate::clause_break(u.folded, gap.start, gap.end)
        });
        if u.verb_final && joined_to_source && !r.claims_responsibility {
            continue;
        }
        // "المتحدث باسم شرطة كابل", "a spokesman for the police": whom a speaker speaks for plays no part; nor the
        // party named in a charge ("به اتهام همکاری با جبهه آزادی").
        if speaker_of(u, r, m)
            || named_after(u, m, Cue::Charge)
            || named_after(u, m, Cue::InSupport)
            || in_according_phrase(u, m)
        {
            continue;
        }
        // "no civilians were hurt": a party the sentence says nothing befell plays no part.
        if m.words.start > 0 && u.words.is(u.folded, m.words.start - 1, WordClass::NegativeDeterminer) {
            continue;
        }
        let (p, t) = [
            around.markers(m),
            around.clause_order(m, &r.actors),
            around.between(m),
            around.victims(m),
            around.side_of_act(m),
            around.claim_owner(m),
            around.attacker_of(m),
            around.blamed(m, &r.actors),
        ]
        .into_iter()
        .fold((0, 0), |(p, t), (dp, dt)| (p + dp, t + dt));
        // Civilians and places of civilians ("a blast at a mosque ... killed") carry out no act.
        let p = if crate::assemble::can_act(&m.actor) { p } else { 0 };
        scores.push((p, t, m));
    }
    hand_to_named_group(u, &mut scores);
    let (perpetrator, mut target) = choose(&scores);
    // "قال الجيش الباكستاني إن جنديين قتلا": unqualified soldiers in a foreign force's account are its own.
    let foreign_force = |c: &Read<String>| {
        Lexicon::embedded().actor_type(&c.value).is_some_and(|t| t.armed && t.acled_type == "External/Other forces")
    };
    if let (Some(t), Some(c)) = (target.as_mut(), r.claimant.as_ref().filter(|c| foreign_force(c))) {
        let generic = scores.iter().any(|(_, _, m)| m.range == t.spans[0] && m.role == ActorRole::Generic);
        if generic && perpetrator.as_ref().is_none_or(|p| p.value != c.value) {
            t.value.clone_from(&c.value);
        }
    }
    // "the militants stormed": an armed group the words do not name, whom the report may name elsewhere.
    r.unnamed_perpetrator = perpetrator.as_ref().is_some_and(|p| {
        scores.iter().any(|(_, _, m)| m.range == p.spans[0] && m.role == ActorRole::Generic && vague(m))
    });
    r.perpetrator = perpetrator;
    r.target = target;
}

/// Whether mention `m` names whom a speaker speaks for: it follows a word for a speaker ("spokesman",
/// "المتحدث", a source) with only function words between.
fn speaker_of(u: &Unit<'_, '_>, r: &Reading, m: &Mention) -> bool {
    let (folded, words) = (u.folded, u.words);
    let speaker_ends = u
        .hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Cue(Cue::SourceAnaphor | Cue::GroupAnaphor | Cue::PersonTitle)))
        .map(|h| words.span(&h.range).end)
        .chain(r.actors.iter().filter(|a| a.role == ActorRole::Source).map(|a| a.words.end));
    // "Taliban spokesman Zabihullah Mujahid", "a police statement": the body named right before a word for its
    // speaker.
    let speaker_after = u.language != sitrep_text::Language::Arabic
        && u.hits
            .iter()
            .any(|h| matches!(h.sense, Sense::Cue(Cue::SourceAnaphor)) && words.span(&h.range).start == m.words.end);
    speaker_after
        || speaker_ends.into_iter().any(|end| {
            end < m.words.start
            && m.words.start - end <= 2
            // Not past a complementizer: "مصادر محلية أن مسلحين ...": what the source said begins there.
            && (end..m.words.start).all(|i| {
                Lexicon::embedded().is_function_word(words.text(folded, i))
                    && !words.is(folded, i, WordClass::Complementizer)
            })
            && !crate::clause_break(folded, words.range(end - 1..end).end, m.range.start)
        })
}

/// Whether mention `m` stands in a source's phrase after "according to" that closes the clause ("وفق مسؤول في
/// حكومة طالبان", "according to an official of the Taliban government"): whose the source is plays no part. An act
/// or casualty word between makes the phrase end before it ("according to police the Taliban killed five").
fn in_according_phrase(u: &Unit<'_, '_>, m: &Mention) -> bool {
    let according =
        |h: &&sitrep_lexicon::Hit<'_>| matches!(h.sense, Sense::Attribution { kind: AttributionKind::According });
    u.hits.iter().copied().filter(according).any(|h| {
        h.range.end <= m.range.start
            && !crate::clause_break(u.folded, h.range.end, m.range.start)
            && !u.hits.iter().any(|o| {
                matches!(o.sense, Sense::Event(_) | Sense::Casualty { .. })
                    && o.range.start >= h.range.end
                    && o.range.end <= m.range.start
            })
    })
}

/// Whether mention `m` stands within four words after a `cue` word, in its clause: in the charge people were held
/// on ("به اتهام همکاری با جبهه آزادی", "on charges of links to ISKP"), or as the party an act supported ("غارات
/// جوية دعما للقوات الأفغانية", "in support of Afghan forces").
fn named_after(u: &Unit<'_, '_>, m: &Mention, cue: Cue) -> bool {
    // The sense first: a hit's word span is looked up only for the cue.
    // Pashto puts the charge after the party: "د ملي مقاومت جبهې سره د همکارۍ په تور".
    let before = cue == Cue::Charge && u.language == sitrep_text::Language::Pashto;
    // "په جرم ولسوالۍ کې": a word of the cue that names a place before an administrative word ("in Jurm
    // district") is no charge.
    let admin_word_at =
        |i: usize| u.hits.iter().any(|a| *a.sense == Sense::Cue(Cue::AdminWord) && u.words.span(&a.range).start == i);
    u.hits.iter().filter(|h| *h.sense == Sense::Cue(cue)).any(|h| {
        let w = u.words.span(&h.range);
        if admin_word_at(w.end) {
            return false;
        }
        (w.end <= m.words.start
            && m.words.start - w.end <= 4
            && !crate::clause_break(u.folded, h.range.end, m.range.start))
            || (before
                && m.words.end <= w.start
                && w.start - m.words.end <= 5
                && !crate::clause_break(u.folded, m.range.end, h.range.start))
    })
}

/// An armed group the words do not name ("gunmen", "افراد مسلح").
fn unnamed_group(m: &Mention) -> bool {
    Lexicon::embedded().actor_type(&m.actor).is_some_and(|t| !t.identified)
}

/// Unqualified or unknown ("soldiers", "gunmen").
fn vague(m: &Mention) -> bool {
    m.role == ActorRole::Generic || Lexicon::embedded().actor_type(&m.actor).is_some_and(|t| !t.identified)
}

/// "gunmen of the Taliban", "مسلحون من حركة طالبان", and in Arabic the construct "مسلحو حركة طالبان": a vague
/// mention and the organisation named right after it are one party, which the organisation names; it takes the
/// roles the words around the vague mention gave ("soldiers of the convoy's guards" names no organisation).
fn hand_to_named_group(u: &Unit<'_, '_>, scores: &mut [(i32, i32, &Mention)]) {
    for i in 0..scores.len() {
        let m = scores[i].2;
        if !vague(m) {
            continue;
        }
        let at = if u.words.is(u.folded, m.words.end, WordClass::Partitive) {
            m.words.end + 1
        } else if u.verb_first && in_construct(&u.folded[m.range.clone()]) || u.verb_final && unnamed_group(m) {
            // Dari and Pashto leave the ezafe unwritten: "افراد مسلح طالب" (armed men of the Taliban); "سرباز
            // اردوی ملی" (soldiers of the national army) already says whose soldiers they are.
            m.words.end
        } else {
            continue;
        };
        let named = |n: &Mention| n.role == ActorRole::Organisation || u.verb_final && n.role == ActorRole::Members;
        let group = |n: &Mention| named(n) && !vague(n);
        // 'مسلحو حركة «طالبان»': a noun for a group may stand before a name it quotes.
        let group_noun = u.words.is(u.folded, at, WordClass::GroupNoun);
        let starts_at = |n: &Mention| n.words.start == at || group_noun && n.words.start == at + 1;
        let Some(j) = scores.iter().position(|(_, _, n)| starts_at(n) && group(n)) else {
            continue;
        };
        let (p, t) = (scores[i].0, scores[i].1);
        scores[j].0 += p;
        scores[j].1 += t;
        scores[i].0 = 0;
        scores[i].1 = 0;
    }
}

/// Whether an Arabic noun may head a construct (إضافة), the noun before its owner: the sound plurals in ون and
/// ين drop their ن there (مسلحو، مسلحي), so with it the noun stands alone.
fn in_construct(noun: &str) -> bool {
    !(noun.ends_with("ون") || noun.ends_with("ين"))
}

/// The highest scored mention for the perpetrator (scored two or more), then for the target among the others:
/// unqualified "soldiers" and unknown "gunmen" yield to any force named beside them ("جنود ... لقوات الاحتلال").
fn choose(scores: &[(i32, i32, &Mention)]) -> (Option<Read<String>>, Option<Read<String>>) {
    let best = |list: &mut dyn Iterator<Item = (i32, &Mention)>, exclude: Option<&str>| -> Option<Read<String>> {
        list.filter(|(s, m)| *s > 0 && Some(m.actor.as_str()) != exclude)
            .max_by_key(|(s, m)| (*s, std::cmp::Reverse(m.range.start)))
            .map(|(_, m)| Read::new(m.actor.clone(), m.range.clone()))
    };
    let perpetrator = best(&mut scores.iter().map(|&(p, _, m)| (p, m)), None)
        .filter(|p| scores.iter().any(|(s, _, m)| m.actor == p.value && *s >= 2));
    let exclude = perpetrator.as_ref().map(|p| p.value.as_str());
    // Unqualified or unknown ("soldiers", "gunmen"): such a mention yields the target to a named force, not to
    // the unarmed named beside it ("five soldiers and a civilian were killed": the soldiers were hit).
    let force = |m: &Mention| Lexicon::embedded().actor_type(&m.actor).is_none_or(|t| t.armed);
    // Only a force with some sign of being hit ("lost their lives when the Taliban struck": standing after the act
    // alone is none).
    let named = scores.iter().any(|(_, t, m)| *t >= 2 && !vague(m) && force(m) && Some(m.actor.as_str()) != exclude);
    let target = best(&mut scores.iter().filter(|(_, _, m)| !named || !vague(m)).map(|&(_, t, m)| (t, m)), exclude);
    (perpetrator, target)
}

/// The words around actor mentions that say their role, as word spans.
struct Around<'u, 'a, 'l> {
    u: &'u Unit<'a, 'l>,
    /// Attack and killing words.
    triggers: Vec<Range<usize>>,
    /// Verbs whose Arabic subject follows them (attack words, "carried out", "قتلت").
    verbs: Vec<Range<usize>>,
    /// Ends of materiel words: "دبابة لقوات الاحتلال", the forces after the materiel were hit.
    owned: Vec<usize>,
    agent_markers: Vec<Range<usize>>,
    target_markers: Vec<Range<usize>>,
    casualty_words: Vec<Range<usize>>,
    /// The figures bound to casualty words: the people they count are victims.
    counted: Vec<Range<usize>>,
    /// Claims ("claimed", "claims"): the actor just before one is its author.
    claims: Vec<Range<usize>>,
    /// Objects of Arabic killing verbs read as active ("اغتال مسلحون قاضيا"): the side hit.
    objects: Vec<Range<usize>>,
}

impl<'u, 'a, 'l> Around<'u, 'a, 'l> {
    fn new(u: &'u Unit<'a, 'l>, r: &Reading) -> Self {
        let (folded, words) = (u.folded, u.words);
        // The lists of word spans of the unit's hits of each kind, in one pass over the hits: each hit's span is
        // found once, however many lists it belongs to.
        let (mut verbs, mut triggers, mut owned, mut agent_markers) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut target_markers, mut casualty_words, mut claims) = (Vec::new(), Vec::new(), Vec::new());
        for h in &u.hits {
            // An Arabic killing verb with a subject and an object after it is active: its subject follows it.
            // Only the verbs' test reads the hit's text.
            let verb = match h.sense {
                Sense::Event(_) | Sense::Cue(Cue::AgentVerb) => true,
                Sense::Casualty { field: CasualtyField::Killed } => folded[h.range.clone()].ends_with("لت"),
                _ => false,
            };
            // Acts, killings and takings ("assailants abducted four deminers").
            let trigger = matches!(
                h.sense,
                Sense::Event(_) | Sense::Casualty { field: CasualtyField::Killed | CasualtyField::Captured }
            );
            let (owns, agent, target, casualty, claim) = (
                matches!(h.sense, Sense::Materiel { .. }),
                matches!(h.sense, Sense::Cue(Cue::AgentBy)),
                matches!(h.sense, Sense::Cue(Cue::TargetMarker)),
                // "The woman was not detained", "no civilians were hurt": whom a negated word names was not hit.
                matches!(h.sense, Sense::Casualty { .. })
                    && !super::casualties::negated(folded, &u.hits, words, &h.range),
                matches!(h.sense, Sense::Attribution { kind: AttributionKind::ClaimResponsibility }),
            );
            if !(verb || trigger || owns || agent || target || casualty || claim) {
                continue;
            }
            let w = words.span(&h.range);
            for (kept, list) in [(verb, &mut verbs), (trigger, &mut triggers), (casualty, &mut casualty_words)] {
                if kept {
                    list.push(w.clone());
                }
            }
            // The other kinds exclude one another and the kinds above.
            if owns {
                owned.push(w.end);
            } else if agent {
                agent_markers.push(w);
            } else if target {
                target_markers.push(w);
            } else if claim {
                claims.push(w);
            }
        }
        verbs.extend(r.active_objects.iter().map(|o| words.span(&o.verb)));
        Around {
            u,
            verbs,
            objects: r.active_objects.iter().map(|o| o.words.clone()).collect(),
            triggers,
            owned,
            agent_markers,
            target_markers,
            casualty_words,
            counted: [&r.killed, &r.wounded, &r.captured]
                .into_iter()
                .flatten()
                .flat_map(|c| {
                    // "قيادي في تنظيم داعش وثلاثة من حراسه": a first victim and the figure of its companions
                    // make one phrase, with the group they belong to inside.
                    let figures: Vec<Range<usize>> = c.spans.iter().skip(1).map(|s| words.span(s)).collect();
                    let phrase = match (figures.iter().map(|f| f.start).min(), figures.iter().map(|f| f.end).max()) {
                        (Some(start), Some(end)) if figures.len() >= 2 && end - start <= 8 => Some(start..end),
                        _ => None,
                    };
                    figures.into_iter().chain(phrase)
                })
                .collect(),
            claims,
        }
    }

    /// The group's own name for its fighters ("مجاهدو الحركة") and, outside Dari and Pashto, an agent marker
    /// ("by", "من قبل") or a target marker ("on", "against", "ضد") just before the mention.
    fn markers(&self, m: &Mention) -> (i32, i32) {
        let (mut p, mut t) = (0, 0);
        if m.self_designating {
            p += 4;
        }
        if !self.u.verb_final {
            if self.agent_markers.iter().any(|a| a.end <= m.words.start && m.words.start - a.end <= 2) {
                p += 4;
            }
            if self.target_markers.iter().any(|a| a.end <= m.words.start && m.words.start - a.end <= 3) {
                t += 3;
            }
        }
        (p, t)
    }

    /// Where the mention stands against the act in the language's clause order.
    fn clause_order(&self, m: &Mention, actors: &[Mention]) -> (i32, i32) {
        let u = self.u;
        let (folded, words) = (u.folded, u.words);
        if u.verb_final {
            let cx = crate::verb_final::RoleContext {
                hits: &u.hits,
                actors,
                first_word: u.first_word,
                triggers: &self.triggers,
                casualty_words: &self.casualty_words,
                counted: &self.counted,
                pashto: u.language == sitrep_text::Language::Pashto,
                language: u.language,
            };
            return crate::verb_final::role_scores(folded, words, &cx, m);
        }
        let (mut p, mut t) = (0, 0);
        if u.arabic {
            // VSO: the subject follows its verb, perhaps after a noun for a group that quotes part from its name
            // ('شنته حركة "طالبان"'); ل after the act marks whose forces were hit.
            let group_noun_before = m.words.start > 0 && words.is(folded, m.words.start - 1, WordClass::GroupNoun);
            if self.verbs.iter().any(|tr| tr.end == m.words.start || group_noun_before && tr.end + 1 == m.words.start) {
                p += 5;
            }
            // "قصف باكستاني": an act named with its owner's adjective, the name holding the act's word.
            if self
                .triggers
                .iter()
                .any(|tr| m.words.start <= tr.start && tr.end <= m.words.end && tr.len() < m.words.len())
            {
                p += 3;
            }
            // After "إن"/"أن" the subject comes first: "قال الجيش إن القوات قتلت 6 مسلحين", "إن مقاتلة تابعة
            // للقوات الجوية قصفت": the complementizer opens the subject's phrase, the verb closes it.
            let after_inna = (m.words.start.saturating_sub(4)..m.words.start).any(|i| {
                words.is(folded, i, WordClass::Complementizer)
                    && !crate::clause_break(folded, words.range(i..i + 1).end, m.range.start)
                    // No verb in the phrase: "أن الغارات أصابت منازل مدنيين" has its subject before the verb.
                    && !self.casualty_words.iter().any(|c| c.start > i && c.start < m.words.start)
            });
            // "إن مسلحين مجهولين قتلوا ثلاثة من عناصر الحركة": a killing verb right after the subject, with the people
            // it counts right after it, is active (not "إن ثلاثة جنود قتلوا", who were killed).
            let kills_counted = || {
                let counted_before = self.counted.iter().any(|q| q.end <= m.words.start && m.words.start - q.end <= 3);
                !counted_before
                    && self
                        .casualty_words
                        .iter()
                        .any(|c| c.start == m.words.end && self.counted.iter().any(|q| q.start == c.end))
            };
            if after_inna && (self.verbs.iter().any(|tr| tr.start == m.words.end) || kills_counted()) {
                p += 5;
            }
            // "تابعة للقوات": ل after a word of belonging names an owner, not the side hit.
            let belonging = m.words.start > 0 && words.is(folded, m.words.start - 1, WordClass::Belonging);
            let prefix = &folded[sitrep_text::token_start(folded, m.range.start)..m.range.start];
            if prefix.ends_with('ل')
                && !belonging
                && (self.triggers.iter().any(|tr| tr.end <= m.words.start) || self.owned.contains(&m.words.start))
            {
                t += 4;
            }
            // "أصابت منازل مدنيين": the owner named after the thing hit, in a construct.
            if prefix.is_empty() && self.owned.contains(&m.words.start) {
                t += 3;
            }
            return (p, t);
        }
        // SVO: "the Taliban stormed", "Taliban have killed"; "during an attack by the Taliban". An actor right
        // after an act is its object ("overran the army's post"), not its agent.
        let passive =
            (m.words.end..(m.words.end + 3).min(words.len())).any(|i| words.is(folded, i, WordClass::BeAuxiliary));
        // "an attack on the Taliban": a target marker between the act and the name keeps it the object.
        let object = self.triggers.iter().any(|tr| {
            let marked = self.target_markers.iter().any(|a| a.start >= tr.end && a.end <= m.words.start);
            tr.end <= m.words.start
                && m.words.start - tr.end <= 3
                && (marked || !(tr.end..m.words.start).any(|i| words.is(folded, i, WordClass::ClauseBreak)))
        });
        // "Gunmen on a motorbike shot dead": a short phrase of place or manner may stand between the subject and
        // its verb, with no auxiliary (a passive), comma or other party in it.
        let modified_subject = |tr: &Range<usize>| {
            let between = m.words.end..tr.start;
            (3..=4).contains(&between.len())
                && !between.clone().any(|i| words.is(folded, i, WordClass::BeAuxiliary))
                && !crate::clause_break(folded, m.range.end, words.range(tr.clone()).start)
                && !actors.iter().any(|a| between.contains(&a.words.start))
        };
        // "came under Taliban fire": a name that opens the act's own words is its agent.
        let verb_after = self.triggers.iter().any(|tr| {
            tr.start >= m.words.end && (tr.start - m.words.end <= 2 || modified_subject(tr))
                || tr.start == m.words.start && tr.end > m.words.end
        });
        // "A convoy of the invaders came under an IED attack": the subject of "came under" is what the act reached.
        // The sense first: a hit's word span is looked up only for "came under".
        let came_under = u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::CameUnder))).any(|h| {
            let w = words.span(&h.range);
            w.start >= m.words.end
                && w.start - m.words.end <= 3
                && !crate::clause_break(folded, m.range.end, h.range.start)
        });
        // "a tank of the (American) invaders was destroyed": the owner named after the thing hit, at most two
        // words of no other sense ("the", an adjective) between "of" and the name.
        let owner_of_thing = self.owned.iter().any(|&end| {
            let bare = |i: usize| !u.hits.iter().any(|h| words.span(&h.range).contains(&i));
            (end + 1..=end + 3).contains(&m.words.start)
                && words.text(folded, end) == "of"
                && (end + 1..m.words.start).all(bare)
                && !crate::clause_break(folded, words.range(end..end + 1).end, m.range.start)
        });
        if owner_of_thing {
            t += 3;
        }
        // "Pakistani military aircraft struck", "a US drone fired": a name whose last words are the act's own (the
        // arm that struck) is its agent.
        let arm_that_struck = self.triggers.iter().any(|tr| tr.start > m.words.start && tr.end == m.words.end);
        if came_under {
            t += 3;
        } else if (verb_after || arm_that_struck) && !passive && !object {
            p += 2;
        }
        // The object of the act is what it reached ("attacked a hireling post").
        if object {
            t += 2;
        }
        (p, t)
    }

    /// "clashes between X and Y", "اشتباك بين X و Y": X the first party, Y the second.
    fn between(&self, m: &Mention) -> (i32, i32) {
        let (folded, words) = (self.u.folded, self.u.words);
        let before = m.words.start.saturating_sub(3)..m.words.start;
        let between = |i: usize| words.is(folded, i, WordClass::Between);
        // Pashto names both parties first: "د X ځواکونو او د Y ترمنځ نښته"; the one before "او" is the first.
        let between_after =
            (m.words.end..(m.words.end + 8).min(words.len())).find(|&i| words.is(folded, i, WordClass::BetweenAfter));
        if let Some(at) =
            between_after.filter(|&at| !crate::clause_break(folded, m.range.end, words.range(at..at + 1).start))
        {
            let and_between = (m.words.end..at).any(|i| words.is(folded, i, WordClass::Conjunction));
            return if and_between { (3, 0) } else { (0, 3) };
        }
        if before.clone().rev().take(2).any(between) {
            (3, 0)
        } else if (before.clone().any(|i| words.is(folded, i, WordClass::Conjunction)) && before.clone().any(between))
            || (folded[sitrep_text::token_start(folded, m.range.start)..m.range.start].starts_with('و')
                && (m.words.start.saturating_sub(8)..m.words.start).any(between))
        {
            (0, 3)
        } else {
            (0, 0)
        }
    }

    /// Fighters or soldiers beside a casualty word are its victims; so is the party a casualty figure counts
    /// ("17 alleged Resistance Front insurgents died"), named between the figure and its noun, and never the
    /// side that acted.
    fn victims(&self, m: &Mention) -> (i32, i32) {
        let (folded, words) = (self.u.folded, self.u.words);
        // "five soldiers and a civilian were killed": the first of two joined subjects is as near its verb as
        // the second.
        let joined = words.is(folded, m.words.end, WordClass::Conjunction);
        let beside = self.casualty_words.iter().any(|c| {
            (c.start >= m.words.end
                && (c.start - m.words.end <= 3
                    || joined
                        && c.start - m.words.end <= 5
                        && !crate::clause_break(folded, m.range.end, words.range(c.clone()).start)))
                // "killing two Taliban"; not "lost their lives when the Taliban struck", past a clause's opening.
                || (c.end <= m.words.start
                    && m.words.start - c.end <= 3
                    && !(c.end..m.words.start).any(|i| words.is(folded, i, WordClass::ClauseBreak)))
        });
        let counted = !self.u.verb_final
            && self.counted.iter().any(|f| {
                // Inside the phrase an English casualty word counts ("23 suspected ISKP militants were killed").
                if f.start <= m.words.start && m.words.end <= f.end {
                    return true;
                }
                let between = f.end..m.words.start;
                f.end <= m.words.start
                    && between.len() <= 2
                    && !self.casualty_words.iter().any(|c| between.contains(&c.start))
                    && !crate::clause_break(folded, words.range(f.clone()).end, m.range.start)
            });
        let members = matches!(m.role, ActorRole::Members | ActorRole::Generic) && beside;
        let object = self.objects.contains(&m.words);
        (-4 * i32::from(counted), 2 * i32::from(members) + 5 * i32::from(counted || object))
    }

    /// The author of a claim ("the Taliban's claims", "ISIS claimed") is never the side an act reached, even
    /// where a source disputes the claim after telling the act.
    fn claim_owner(&self, m: &Mention) -> (i32, i32) {
        let owns = self.claims.iter().any(|c| c.start == m.words.end);
        (0, if owns { -8 } else { 0 })
    }

    /// "a martyrdom-seeker of the Islamic Emirate", "انتحاري من داعش": the group of the one who attacked acted,
    /// though named after the act's word.
    fn attacker_of(&self, m: &Mention) -> (i32, i32) {
        let (folded, words) = (self.u.folded, self.u.words);
        // Word `back` words before the mention is of `class`.
        let is = |back: usize, class| m.words.start.checked_sub(back).is_some_and(|i| words.is(folded, i, class));
        let article = m.words.start.checked_sub(1).is_some_and(|i| {
            Lexicon::embedded().function_word(words.text(folded, i)) == Some(sitrep_lexicon::FunctionWord::Definite)
        });
        let back = 1 + usize::from(article);
        if is(back, WordClass::Partitive) && is(back + 1, WordClass::Attacker) {
            (5, -3)
        } else {
            (0, 0)
        }
    }

    /// "blamed the Taliban", "طالبان را مسئول این حمله دانست": the party a speaker holds responsible is the
    /// author in that speaker's version.
    fn blamed(&self, m: &Mention, actors: &[Mention]) -> (i32, i32) {
        let words = self.u.words;
        let held = self.u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Blame))).any(|h| {
            let w = words.span(&h.range);
            if self.u.verb_final {
                return w.start >= m.words.end && w.start - m.words.end <= 1;
            }
            if !self.u.verb_first {
                return w.end <= m.words.start && m.words.start - w.end <= 2;
            }
            // "اتهم المتحدث باسم الحاكم حركة طالبان": the verb, its subject, then the party accused.
            let mut after = actors.iter().filter(|a| a.words.start >= w.end && a.words.start - w.end <= 7);
            let (first, second) = (after.next(), after.next());
            second.or(first).is_some_and(|a| a.range == m.range)
        });
        if held {
            (5, -3)
        } else {
            (0, 0)
        }
    }

    /// After the act, the side it reached; before every act, the side that acted.
    fn side_of_act(&self, m: &Mention) -> (i32, i32) {
        if self.triggers.iter().any(|tr| tr.end <= m.words.start) {
            (0, 1)
        } else if self.triggers.iter().any(|tr| tr.start >= m.words.end) {
            (1, 0)
        } else {
            (0, 0)
        }
    }
}
