//! Reading Dari and Pashto, which put the verb last (subject – complements – verb).
//!
//! - The source of a verb of saying or claiming is the subject that opens its clause ("جبهه مقاومت ملی ...
//!   مدعی شد", "داعش د ... مسوولیت په غاړه واخیست"), however long the complements between; in a Pashto
//!   genitive chain ("د طالبانو د دفاع وزارت") the last noun is the head.
//! - Roles: an actor inside the phrase a target marker opens before the act ("بر ... حمله کردند", "پر ... برید
//!   وکړ"), a Pashto possessor right before the marker ("د طالبانو پر پوسته"), the object marked by "را", and
//!   the people a figure or a casualty word counts are targets; an agent marked after it ("د ... له خوا") is
//!   the perpetrator; the subject that opens the clause its act closes is the perpetrator otherwise.
//! - Figures: the word for one before a thing is the indefinite article ("در انفجار یک ماین", "په یوه برید
//!   کې"), not a count; a figure shared by two casualty words ("چهار طالب را کشته و زخمی ساختند") counts both
//!   together, so neither alone; the negation follows the participle ("کشته نشدند").

use std::ops::Range;

use sitrep_lexicon::{ActorRole, Cue, FunctionWord, Hit, Lexicon, Sense, WordClass};

use crate::reading::Mention;
use crate::words::Words;

fn is_cue(h: &Hit<'_>, cue: Cue) -> bool {
    matches!(h.sense, Sense::Cue(c) if *c == cue)
}

/// The complementizers that open what a verb of saying reports ("گفت که", "ویلي چې"), as word spans; "که"
/// after a noun opens a relative clause instead ("در پیامی که نشر کرد").
fn reporting_complementizers(hits: &[&Hit<'_>], words: &Words) -> Vec<Range<usize>> {
    let said: Vec<usize> = hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Attribution { .. }))
        .map(|h| words.span(&h.range).end)
        .collect();
    // "گفته‌اند که", "ویلي دي چې": the verb's auxiliary, written apart, may stand between.
    let bare = |from: usize, to: usize| !hits.iter().any(|h| (from..to).contains(&words.span(&h.range).start));
    hits.iter()
        .filter(|h| is_cue(h, Cue::Complementizer))
        .map(|h| words.span(&h.range))
        .filter(|w| said.iter().any(|&end| w.start >= end && w.start - end <= 2 && bare(end, w.start)))
        .collect()
}

/// The first word of the clause that ends at word `at`: after the last reporting complementizer or clause
/// punctuation before it (commas only with `commas`), within the unit starting at word `first`.
fn clause_start(folded: &str, hits: &[&Hit<'_>], words: &Words, first: usize, at: usize, commas: bool) -> usize {
    let mut start = first;
    for i in first + 1..=at {
        let gap = &folded[words.range(i - 1..i).end..words.range(i..i + 1).start.max(words.range(i - 1..i).end)];
        if gap.contains([';', ':', '.', '!', '?']) || commas && gap.contains(',') {
            start = i;
        }
    }
    for w in reporting_complementizers(hits, words) {
        if w.end <= at && w.end > start {
            start = w.end;
        }
    }
    start
}

/// The subject of the verb of saying at word span `verb`: the first organisation or source named in its
/// clause (commas set off appositions and relative clauses there, not another clause), or the possessor
/// that speaks for it: the Dari possessor follows ("فرماندهی پلیس طالبان"), the Pashto one comes first ("د
/// طالبانو د پولیسو ویاند").
pub(crate) fn clause_subject<'m>(
    folded: &str,
    hits: &[&Hit<'_>],
    words: &Words,
    actors: &'m [Mention],
    first_word: usize,
    verb: &Range<usize>,
) -> Option<&'m Mention> {
    let start = clause_start(folded, hits, words, first_word, verb.start, false);
    let speaks = |m: &&Mention| !matches!(m.role, ActorRole::Members | ActorRole::Generic);
    let mut in_clause = actors.iter().filter(|m| m.words.start >= start && m.words.end <= verb.start).filter(speaks);
    let mut subject = in_clause.next()?;
    for next in in_clause {
        let ezafe = next.words.start == subject.words.end && !words.is(folded, next.words.start, WordClass::Genitive);
        if !ezafe {
            break;
        }
        subject = next;
    }
    Some(subject)
}

/// The words a role is read from: the unit's hits, its actors, the word it starts at; the acts (event and killing
/// words), every casualty word and the figures bound to casualty words, as word spans.
pub(crate) struct RoleContext<'a, 'h> {
    pub hits: &'a [&'a Hit<'h>],
    pub actors: &'a [Mention],
    pub first_word: usize,
    pub triggers: &'a [Range<usize>],
    pub casualty_words: &'a [Range<usize>],
    pub counted: &'a [Range<usize>],
    /// Pashto, whose past transitive verbs put their agent in the oblique (Dari has no such case).
    pub pashto: bool,
    pub language: sitrep_text::Language,
}

/// What the words around actor mention `m` say of its role in a verb-final clause: (perpetrator, target)
/// scores, added to those every language shares.
pub(crate) fn role_scores(folded: &str, words: &Words, cx: &RoleContext<'_, '_>, m: &Mention) -> (i32, i32) {
    let RoleContext { hits, triggers, casualty_words, counted, .. } = *cx;
    let (mut p, mut t) = (0, 0);
    // The article or the indefinite suffix ("یک", "یو", "ای" written apart).
    let indefinite =
        |i: usize| Lexicon::embedded().function_word(words.text(folded, i)) == Some(FunctionWord::Indefinite);
    let markers =
        |cue: Cue| hits.iter().filter(move |h| is_cue(h, cue)).map(|h| (words.span(&h.range), h.range.clone()));
    // "سه سرباز را کشتند", "طالبانو ته کمین ونیو": the one the act is done to.
    let object = words.is(folded, m.words.end, WordClass::ObjectMarker);
    // "بر پوسته نیروهای امنیتی ... حمله کردند", "حمله بر پوسته طالبان": inside the phrase a target
    // marker opens before the act, or right after an attack noun.
    let in_target_phrase = markers(Cue::TargetMarker).any(|(w, bytes)| {
        let act_after = triggers.iter().any(|tr| {
            tr.start >= m.words.end
                && tr.start - m.words.end <= 8
                && !crate::clause_break(folded, bytes.end, words.range(tr.clone()).start)
        });
        // "در حمله‌ای بر مواضع طالبان": the indefinite suffix written apart may stand between.
        let act_before = triggers.iter().any(|tr| tr.end == w.start || tr.end + 1 == w.start && indefinite(tr.end));
        w.end <= m.words.start
            && m.words.start - w.end <= 6
            && !crate::clause_break(folded, bytes.end, m.range.start)
            && (act_after || act_before)
    });
    // "د طالبانو پر یوه پوسته برید": a possessor right before the marker owns what was hit.
    let possessor_hit = m.words.start.checked_sub(1).is_some_and(|i| words.is(folded, i, WordClass::Genitive))
        || words.is(folded, m.words.start, WordClass::Genitive);
    let owner_of_target = possessor_hit && markers(Cue::TargetMarker).any(|(w, _)| w.start == m.words.end);
    // "توسط طالبان", "د طالبانو له خوا": the agent, of an act its clause goes on to tell ("توسط طالبان بررسی
    // می‌شود که ... هدف حمله قرار گرفت" names who inspects, not who attacked).
    let marked_agent = markers(Cue::AgentBy).any(|(w, _)| w.end <= m.words.start && m.words.start - w.end <= 2)
        || markers(Cue::AgentAfter).any(|(w, _)| w.start >= m.words.end && w.start - m.words.end <= 1);
    let agent = marked_agent && act_in_clause(folded, hits, words, m, triggers.iter().chain(casualty_words));
    // Pashto puts the agent of a past transitive verb in the oblique ("طالبانو یو پولیس وژلی دی"): a name in
    // -و, no possessor, before an active casualty verb (no passive auxiliary after it) did the killing.
    // Not the owner of a thing named right after it ("په یوه طالبانو پوسته", on a Taliban post).
    // Dari names the owner after the thing (ezafe): a name before a thing there is the clause's subject
    // ("طالبان مرکز ولسوالی را فتح کردند").
    let owns_thing_after = cx.pashto
        && hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && words.span(&h.range).start == m.words.end);
    let oblique = cx.pashto && folded[m.range.clone()].ends_with('و') && !possessor_hit && !owns_thing_after;
    // A casualty verb with a passive auxiliary after it or as its last word ("وژل شول", "کشته شدند").
    let passive = |c: &Range<usize>| {
        words.is(folded, c.end, WordClass::PassiveAuxiliary)
            || words.is(folded, c.end.saturating_sub(1), WordClass::PassiveAuxiliary)
    };
    let active_after =
        casualty_words.iter().any(|c| c.start >= m.words.end && c.start - m.words.end <= 6 && !passive(c));
    // "... پر یوه پوسته وسله والو برید کړی": an oblique name right before the act's noun and its light verb did it.
    let act_right_after = triggers.iter().any(|tr| tr.start == m.words.end);
    // "طالبانو د ... ولسوالۍ کې ... په نښته کې دوه کسان وژلي": the oblique that opens the clause is the agent of
    // the active verb that closes it, however long the complements between.
    let closes_its_clause = || {
        casualty_words.iter().any(|c| {
            c.start > m.words.end
                && !passive(c)
                && !reported_between(hits, words, m, c)
                && !crate::clause_break(folded, m.range.end, words.range(c.clone()).start)
        }) && opens_clause(folded, words, cx, m)
    };
    let ergative = oblique && (active_after || act_right_after || closes_its_clause());
    // "یو قاضي د وسله والو له خوا ترور شو": the subject of a passive casualty verb that closes its clause, however
    // long the agent phrase between, is its victim.
    // Only an agent phrase stands between: no figure, no other party but the act's agent ("د X له خوا", "توسط
    // X", or joined to the act's noun: "در یک عملیات نیروهای امنیتی"), no act but the one the agent is joined to.
    // Acts named by a noun: an act's word, or a plural of attacks ("عملیاتو", "حملات").
    let events = || {
        hits.iter()
            .filter(|h| matches!(h.sense, Sense::Event(_) | Sense::Cue(Cue::IncidentNoun)))
            .map(|h| words.span(&h.range))
    };
    // A party joined to an act's noun (ezafe), the plural suffix perhaps apart between ("عملیات‌های نیروهای").
    let joined_to_act_at = |start: usize| {
        events().any(|e| e.end == start || e.end + 1 == start && words.is(folded, e.end, WordClass::PluralSuffix))
    };
    let agent_phrase = |a: &Mention| {
        markers(Cue::AgentBy).any(|(w, _)| w.end <= a.words.start && a.words.start - w.end <= 2)
            || markers(Cue::AgentAfter).any(|(w, _)| w.start >= a.words.end && w.start - a.words.end <= 1)
            || joined_to_act_at(a.words.start)
    };
    // "یک فرمانده طالبان همراه با دو تن از محافظانش": the figure of the mention's companions is of its phrase.
    // Read only when a figure stands between the mention and a casualty word.
    let companions = std::cell::OnceCell::new();
    let of_companions = |q: &Range<usize>| {
        let span = companions.get_or_init(|| {
            sitrep_count::companions_after(folded, m.range.end, cx.language).map(|c| words.span(&c.range))
        });
        span.as_ref().is_some_and(|c| c.start <= q.start && q.end <= c.end)
    };
    // "در حمله هوایی کشته شد": an act in a prepositional phrase is a circumstance of the clause.
    let circumstance = |t: &Range<usize>| {
        let at = |i: usize| t.start.checked_sub(i).is_some_and(|w| words.is(folded, w, WordClass::ActPreposition));
        // "در یک حمله هوایی": the indefinite article may stand between.
        at(1) || at(2) && indefinite(t.start - 1)
    };
    let only_agent_between = |c: &Range<usize>| {
        let between = m.words.end..c.start;
        let agents: Vec<&Mention> = cx.actors.iter().filter(|a| between.contains(&a.words.start)).collect();
        let acts_of_agents = |t: &Range<usize>| agents.iter().any(|a| t.end == a.words.start);
        !triggers.iter().any(|t| between.contains(&t.start) && !acts_of_agents(t) && !circumstance(t))
            && !counted.iter().any(|q| between.contains(&q.start) && !of_companions(q))
            && agents.iter().all(|a| agent_phrase(a))
    };
    let subject_of_passive = !marked_agent
        && casualty_words
            .iter()
            .any(|c| c.start >= m.words.end && c.start - m.words.end <= 12 && passive(c) && only_agent_between(c))
        && act_in_clause(folded, hits, words, m, casualty_words.iter().filter(|c| passive(c)));
    // "پنځه طالبان ... ووژل شول", "۲ طالب ... کشته": the people a casualty word or a figure counts.
    let victims = !object
        && !ergative
        && (subject_of_passive
            // Not past an object marker: "افراد مسلح ناشناس سه تن را کشتند", the object is another phrase.
            || casualty_words.iter().any(|c| {
                c.start >= m.words.end
                    && c.start - m.words.end <= 3
                    && !(m.words.end..c.start).any(|i| words.is(folded, i, WordClass::ObjectMarker))
            })
            || counted.iter().any(|q| {
                q.end <= m.words.start
                    && m.words.start - q.end <= 3
                    && !crate::clause_break(folded, words.range(q.clone()).end, m.range.start)
            }));
    if agent {
        p += 4;
    }
    // "مورد حمله طالبان قرار گرفت", "در کمین نیروهای مقاومت قرار گرفت", "د مقاومت ځواکونو په کمین کې ونښت": a verb of
    // undergoing closes the clause; the party named with the act (after it in Dari, in the genitive before it in
    // Pashto) carried it out, and the clause's subject is what it reached.
    let came_under = markers(Cue::CameUnder).any(|(w, bytes)| {
        w.start >= m.words.end && w.start - m.words.end <= 24 && !crate::clause_break(folded, m.range.end, bytes.start)
    });
    // "در یک عملیات نیروهای امنیتی", "حمله طالبان": in Dari the party joined to an act's noun (ezafe) carried it
    // out; "حمله بر X" marks the one it reached instead.
    let joined_to_act = joined_to_act_at(m.words.start);
    // Pashto puts the act's owner in the genitive before it: "د امنیتي ځواکونو په یوه عملیات کې" (not "د X پر ...",
    // on X's post, nor "د X یو موټر په نښه کړ", X's vehicle targeted).
    let thing_between = |e: &Range<usize>| {
        hits.iter().filter(|h| matches!(h.sense, Sense::Materiel { .. })).any(|h| {
            let w = words.span(&h.range);
            w.start >= m.words.end && w.start < e.start
        })
    };
    // "د امنیتي ځواکونو په هوايي او ځمکني عملیاتو کې": after "په", the act's noun may follow its modifiers, with no
    // other party named between.
    let reach = |e: &Range<usize>| {
        let by_preposition = words.is(folded, m.words.end, WordClass::ActPreposition)
            && !cx.actors.iter().any(|a| a.words.start >= m.words.end && a.words.start < e.start)
            && !crate::clause_break(folded, m.range.end, words.range(e.clone()).start);
        if by_preposition {
            5
        } else {
            2
        }
    };
    let genitive_of_act = possessor_hit
        && events().any(|e| e.start > m.words.end && e.start - m.words.end <= reach(&e) && !thing_between(&e))
        && !markers(Cue::TargetMarker).any(|(w, _)| w.start == m.words.end);
    // "پر پټنځای د امنیتي ځواکونو په عملیاتو کې": a genitive owner of the act after the target's noun opens its own
    // phrase.
    let owns_act_after_target = cx.pashto && genitive_of_act && in_target_phrase;
    if (joined_to_act || genitive_of_act) && (!in_target_phrase || owns_act_after_target) && !object {
        p += 4;
    }
    if came_under {
        let named_with_act = joined_to_act || genitive_of_act;
        if named_with_act {
            p += 1;
        } else if opens_clause(folded, words, cx, m) {
            t += 3;
        }
    }
    // The act within twelve words, or the verb that closes the clause however many adjuncts of time and place
    // stand before it ("افراد مسلح ناشناس شب گذشته ... در ولسوالی خان‌آباد ولایت کندز کشتند.").
    // The act's noun and at most its light verb and auxiliary ("برید کړی دی", "حمله کردند") end the clause.
    let closes_clause = |tr: &Range<usize>| {
        let end = words.range(tr.clone()).end;
        let after = &folded[end..];
        let rest = after.split(['.', '،', ',', '؛', '\n']).next().unwrap_or("");
        let light_verb = rest.split_whitespace().count() <= 2
            && !hits.iter().any(|h| h.range.start >= end && h.range.start < end + rest.len());
        light_verb && !crate::clause_break(folded, m.range.end, words.range(tr.clone()).start)
    };
    let act_after = triggers.iter().chain(casualty_words).any(|tr| {
        tr.start >= m.words.end
            && (tr.start - m.words.end <= 12 || (tr.start - m.words.end <= 24 && closes_clause(tr)))
            && !reported_between(hits, words, m, tr)
    });
    // "د طالبانو یو موټر په نښه کړ": a name in the genitive owns a noun of the clause, it is no subject; the
    // forces of a group ("د جبهې ځواکونو") are.
    // Not a name whose genitive may be its own, headed by its noun for the group ("د ازادۍ جبهې برید وکړ": the
    // Freedom Front attacked); a thing named right after it is still its own (`owns_thing_after`).
    let own_genitive = m.words.len() >= 3 && words.is(folded, m.words.end - 1, WordClass::GroupNoun);
    let possessor = possessor_hit && !own_genitive && matches!(m.role, ActorRole::Organisation | ActorRole::Source);
    let after_thing =
        hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && words.span(&h.range).end == m.words.start);
    // Pashto puts a possessor before its noun: a name after the noun the marker governs ("پر یوه پوسته وسله والو
    // برید کړی") is outside the target's phrase.
    let after_target_noun = cx.pashto && after_thing;
    // "یک موتر رینجر پولیس ... تخریب شد": Dari names a thing's owner right after it (ezafe), the side whose thing
    // was hit.
    let owner_after_thing = !cx.pashto && after_thing;
    if object
        || (in_target_phrase && !(ergative && after_target_noun) && !owns_act_after_target)
        || owner_of_target
        || owner_after_thing
    {
        t += 3;
    } else if victims {
        t += 2;
    } else if ergative {
        p += 2;
    } else if possessor || owns_thing_after {
        t += i32::from(act_after);
    } else if act_after && !marked_agent && !came_under && opens_clause(folded, words, cx, m) {
        // The subject opens the clause its act closes: "خارجي ځواکونو ... هوايي برید کړی".
        p += 2;
    }
    (p, t)
}

/// Whether one of `acts` follows actor `m` in its clause: no complementizer or clause punctuation between.
fn act_in_clause<'r>(
    folded: &str,
    hits: &[&Hit<'_>],
    words: &Words,
    m: &Mention,
    mut acts: impl Iterator<Item = &'r Range<usize>>,
) -> bool {
    acts.any(|act| {
        act.start >= m.words.end
            && !crate::clause_break(folded, m.range.end, words.range(act.clone()).start)
            && !hits.iter().filter(|h| is_cue(h, Cue::Complementizer)).any(|h| {
                let w = words.span(&h.range);
                w.start >= m.words.end && w.end <= act.start
            })
    })
}

/// Whether a complementizer stands between actor `m` and the act at word span `act`: "د ... ویاند ویلي چې ...
/// بریدګر انفجار وکړ" tells what the speaker said, not what the speaker did.
fn reported_between(hits: &[&Hit<'_>], words: &Words, m: &Mention, act: &Range<usize>) -> bool {
    reporting_complementizers(hits, words).iter().any(|w| w.start >= m.words.end && w.end <= act.start)
}

/// Whether `m` is the first actor named in its clause, or follows that one at once as its possessor or head
/// ("وزارت داخله طالبان", "د طالبانو د ... وزارت"); a name coordinated with it ("د X او Y") is not.
fn opens_clause(folded: &str, words: &Words, cx: &RoleContext<'_, '_>, m: &Mention) -> bool {
    let start = clause_start(folded, cx.hits, words, cx.first_word, m.words.start, true);
    // A source before its verb of saying ("ځايي سرچینې وايي د ...") stands outside the clause it reports.
    let mut before = cx
        .actors
        .iter()
        .filter(|a| a.words.start >= start && a.words.end <= m.words.start && a.role != ActorRole::Source);
    before.all(|a| {
        m.words.start == a.words.end
            || m.words.start == a.words.end + 1 && words.is(folded, a.words.end, WordClass::Genitive)
    })
}

/// Whether the word after a figure names the people it counts: an actor ("سه سرباز") or a noun for persons
/// ("شش نفر", "اووه کسان").
pub(crate) fn before_person(hits: &[&Hit<'_>], words: &Words, figure: &Range<usize>) -> bool {
    person_at(hits, words, words.span(figure).end)
}

/// Whether an actor or a noun for persons starts at word `at`.
fn person_at(hits: &[&Hit<'_>], words: &Words, at: usize) -> bool {
    hits.iter().any(|h| {
        words.span(&h.range).start == at && matches!(h.sense, Sense::Actor { .. } | Sense::Cue(Cue::OnePerson))
    })
}

/// Whether a figure may count people: not one that counts materiel ("دو تانک", "دوه رینجرونه"); a figure in
/// digits or above one may; the word for one only before a person ("یک نفر", "یو سرتیری") or a casualty word
/// ("یو ټپي شوی": one was wounded), elsewhere it is the indefinite article ("یک ماین", "یوه برید").
pub(crate) fn counts_people(folded: &str, hits: &[&Hit<'_>], words: &Words, figure: &Range<usize>, one: bool) -> bool {
    let next = words.span(figure).end;
    let at_next = |h: &Hit<'_>| words.span(&h.range).start == next;
    let materiel = hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && at_next(h));
    let casualty = hits.iter().any(|h| matches!(h.sense, Sense::Casualty { .. }) && at_next(h));
    // "یو پخوانی پولیس": one word may qualify the person counted; not an act's noun ("یک عملیات نیروهای امنیتی":
    // one operation of the forces).
    let act_next = hits.iter().any(|h| matches!(h.sense, Sense::Event(_)) && at_next(h));
    // "یو پخوانی پوځي افسر": or two such words.
    let qualified = |k: usize| {
        person_at(hits, words, next + k)
            && !(next + 1..next + k).any(|i| hits.iter().any(|h| words.span(&h.range).start == i))
            && !crate::clause_break(folded, figure.end, words.range(next + k..next + k + 1).start)
    };
    let next_but_one = !act_next && (qualified(1) || qualified(2));
    !materiel
        && (!one
            || folded[figure.clone()].bytes().any(|b| b.is_ascii_digit())
            || person_at(hits, words, next)
            || casualty
            || next_but_one)
}

/// Whether casualty word `at` is joined by "و"/"او" to a casualty word of another count right after it ("کشته
/// و زخمی", "وژلي او ټپیان"): a figure before them counts both together.
pub(crate) fn joined_to_other_count(folded: &str, words: &Words, at: &Range<usize>, others: &[Range<usize>]) -> bool {
    others.iter().any(|o| o.start == at.end + 1 && words.is(folded, at.end, WordClass::Conjunction))
}

/// A negation right after the casualty word ("کشته نشدند", "وژل شوي نه دي").
pub(crate) fn negated_after(hits: &[&Hit<'_>], words: &Words, at: &Range<usize>) -> bool {
    hits.iter().filter(|h| is_cue(h, Cue::Negation)).any(|h| {
        let w = words.span(&h.range);
        w.start >= at.end && w.start - at.end <= 1
    })
}

/// A relative clause in commas that counts a part of the people before it: "څلور ملکي وګړي چې دوه یې ماشومان وو،
/// ووژل شول" (four civilians, two of whom were children, were killed): an opener, then "of them" within three
/// words, up to the comma that closes it.
fn part_relative(folded: &str, hits: &[&Hit<'_>], words: &Words, between: &Range<usize>) -> Option<Range<usize>> {
    let opener = hits
        .iter()
        .map(|h| words.span(&h.range))
        .zip(hits.iter())
        .filter(|(w, h)| is_cue(h, Cue::Complementizer) && w.start >= between.start && w.end < between.end)
        .map(|(w, _)| w)
        .next_back()?;
    let part = (opener.end..(opener.end + 3).min(between.end)).any(|i| words.is(folded, i, WordClass::PartPronoun));
    let close = (opener.end..between.end)
        .find(|&i| crate::clause_break(folded, words.range(i..i + 1).end, words.range(i + 1..i + 2).start))?;
    part.then_some(opener.start..close + 1)
}

/// The subset apposition between a figure and its casualty word ("پنج نفر، از جمله دو کودک، کشته"): the word
/// range from the subset word to the comma that closes it, the last such in `between`.
pub(crate) fn subset_apposition(
    folded: &str,
    hits: &[&Hit<'_>],
    words: &Words,
    between: &Range<usize>,
) -> Option<Range<usize>> {
    let Some(subset) = hits
        .iter()
        .map(|h| (h, words.span(&h.range)))
        .rfind(|(h, w)| is_cue(h, Cue::Subset) && w.start >= between.start && w.end <= between.end)
    else {
        return part_relative(folded, hits, words, between);
    };
    let close = (subset.1.end..between.end)
        .find(|&i| crate::clause_break(folded, words.range(i..i + 1).end, words.range(i + 1..i + 2).start));
    if let Some(close) = close {
        return Some(subset.1.start..close + 1);
    }
    // Unmarked, a short subset runs up to the verb or to the adjunct before it: "چهار غیرنظامی از جمله دو کودک
    // (در انفجار ماین) جان باختند". Not a postposition that closes the part before it ("د دوو ماشومانو په ګډون
    // پنځه کسان"): the part, and its figure, stand before the subset word.
    let part_before =
        (subset.1.start.saturating_sub(3)..subset.1.start).any(|i| words.is(folded, i, WordClass::Genitive));
    if part_before {
        return None;
    }
    let adjunct = |i: usize| {
        words.is(folded, i, WordClass::SceneMarker)
            || hits.iter().any(|h| matches!(h.sense, Sense::Event(_)) && words.span(&h.range).start == i)
    };
    let end = (subset.1.end..between.end).find(|&i| adjunct(i)).unwrap_or(between.end);
    (end - subset.1.end <= 3).then_some(subset.1.start..end)
}
