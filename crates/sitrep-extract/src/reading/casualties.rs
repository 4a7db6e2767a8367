//! Casualty figures of a unit: each casualty word bound to the figure that counts its people.

use std::ops::Range;

use sitrep_count::{Count, Quantity};
use sitrep_lexicon::{ActorRole, AttributionKind, CasualtyField, Cue, FunctionWord, Hit, Lexicon, Sense, WordClass};

use super::{ArabicObject, Read, Reading, Unit};
use crate::words::Words;

/// An article or a demonstrative ("the", "an", "this").
fn is_determiner(folded_word: &str) -> bool {
    matches!(Lexicon::embedded().function_word(folded_word), Some(FunctionWord::Definite | FunctionWord::Indefinite))
}

/// An English participle used as an adjective right after a determiner: "the detained man", "an arrested leader".
pub(super) fn attributive(folded: &str, words: &Words, quantities: &[&Quantity], range: &Range<usize>) -> bool {
    let at = words.span(range);
    let object_counted = object_follows(folded, words, quantities, &at);
    // "the now-detained leader": an adverb may stand between.
    let before = if at.start > 1 && words.is(folded, at.start - 1, WordClass::ParticipleAdverb) {
        at.start - 1
    } else {
        at.start
    };
    before > 0
        && at.len() == 1
        && !object_counted
        && super::past_participle(words.text(folded, at.start))
        && is_determiner(words.text(folded, before - 1))
        && at.end < words.len()
        && folded[words.range(at.start..at.end + 1)]
            .chars()
            .all(|c| c.is_alphanumeric() || c.is_whitespace() || c == '-')
}

/// "a bombing that killed 40 worshippers", "a blast that killed a police officer": a figure or a determiner
/// after the participle makes it a verb with its object ("that" is then a relative pronoun, not a determiner).
fn object_follows(folded: &str, words: &Words, quantities: &[&Quantity], at: &Range<usize>) -> bool {
    at.end < words.len() && {
        let next = words.range(at.end..at.end + 1);
        let adjacent = folded[words.range(at.start..at.end).end..next.start].trim().is_empty();
        quantities.iter().any(|q| q.range.start == next.start) || adjacent && is_determiner(words.text(folded, at.end))
    }
}

/// An English gerund after a preposition of aim or charge: "focused their efforts on capturing and killing
/// leaders", "accused of killing", "responsible for kidnapping". The act is a goal or an accusation, not a report;
/// but a claim's own act is reported ("claimed responsibility for killing two soldiers").
fn aim_or_charge(folded: &str, hits: &[&Hit<'_>], words: &Words, range: &Range<usize>) -> bool {
    let at = words.span(range);
    if at.len() != 1 || !words.text(folded, at.start).ends_with("ing") {
        return false;
    }
    // Back over gerunds coordinated with this one ("capturing and killing").
    let mut before = at.start;
    while before >= 2
        && words.is(folded, before - 1, WordClass::Conjunction)
        && words.text(folded, before - 2).ends_with("ing")
    {
        before -= 2;
    }
    let claimed = |marker: usize| {
        hits.iter().any(|h| {
            matches!(h.sense, Sense::Attribution { kind: AttributionKind::ClaimResponsibility })
                && words.span(&h.range).end == marker
        })
    };
    before > 0 && words.is(folded, before - 1, WordClass::AimMarker) && !claimed(before - 1)
}

/// "captured Kunduz city", "seized the district police headquarters", "the district headquarters was captured":
/// a place or a post right after the verb, or its subject before a passive, with no figure counted, is what was
/// taken; no one was detained.
pub(super) fn takes_territory(u: &Unit<'_, '_>, capture: &Hit<'_>) -> bool {
    let (hits, quantities, words) = (&u.hits, &u.quantities, u.words);
    let after = words.span(&capture.range).end;
    let before = words.span(&capture.range).start;
    let auxiliary = |w: usize| {
        hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::Auxiliary)) && words.span(&h.range).contains(&w))
    };
    hits.iter().any(|h| {
        if !matches!(h.sense, Sense::Cue(Cue::Territory)) {
            return false;
        }
        let w = words.span(&h.range);
        // "captured the district headquarters", "captured three checkpoints" (a figure counting the posts), not
        // "were captured in the district" nor "captured two soldiers at the post".
        let taken_after = w.start >= after
            && w.start - after <= 3
            && !quantities.iter().any(|q| {
                q.range.start >= capture.range.end
                    && q.range.end <= h.range.start
                    && words.span(&q.range).end != w.start
            })
            && !(after..w.start).any(|i| words.is(u.folded, i, WordClass::SceneMarker));
        // "the district headquarters was captured": the place, then only auxiliaries, with no people counted
        // before it ("ten soldiers at the checkpoint were captured" takes people).
        let taken_before = w.end <= before
            && (w.end..before).all(auxiliary)
            && !quantities.iter().any(|q| q.range.end <= h.range.start && words.span(&q.range).end + 6 >= w.start);
        taken_after || taken_before
    })
}

/// Casualty figures: each casualty word takes the quantity that stands closest to it across only filler
/// words (victim nouns, auxiliaries, "of", "at least"), before it for English passives and after it first
/// for Arabic verbs and nouns (Dari and Pashto, verb-final, look before first); quantities joined by "and"/"و"
/// after it add up, as do "X and four others"; a figure after "including"/"بينهم" is part of the one before and
/// adds nothing.
pub(super) fn read_casualties(u: &Unit<'_, '_>, r: &mut Reading) {
    let casualties = casualty_words(u);
    if casualties.is_empty() {
        return;
    }
    let words = u.words;
    let mut b = Binder {
        u,
        subsets: u
            .hits
            .iter()
            .filter(|h| matches!(h.sense, Sense::Cue(Cue::Subset)))
            .map(|h| words.span(&h.range))
            .collect(),
        stops: u
            .hits
            .iter()
            .filter(|h| match h.sense {
                // "confirmed several insurgents had been killed": a reporting verb ends the phrase too.
                Sense::Casualty { .. } | Sense::Cue(Cue::Subset) | Sense::Attribution { .. } => true,
                Sense::Event(e) => e.strong,
                _ => false,
            })
            .flat_map(|h| words.span(&h.range))
            .collect(),
        casualties,
        used: Vec::new(),
        active_objects: r.active_objects.clone(),
    };
    // Where the last read of the author's own fighters ends, in words.
    let mut own_read_end: Option<usize> = None;
    for i in 0..b.casualties.len() {
        let (hit, field) = b.casualties[i];
        // English: the people an active verb takes as object, or the subject of a passive one.
        if !u.arabic && b.english_victims(hit, field, r) {
            continue;
        }
        let mut read = b.figure_for(hit, field);
        // "أن القتلى من المدنيين وعناصر الأمن": the dead with the article and no figure are those told already, of
        // a number this unit does not give; one counted among them is ("كان القائد من بين القتلى").
        let at = words.span(&hit.range).start;
        let among = at > 0 && words.is(u.folded, at - 1, WordClass::SubsetWord);
        if among && read.value.best.is_some() {
            r.among_told.push(field);
        }
        // Dari and Pashto say it with a plural noun and no figure ("کشته‌شدگان", "وژل شوي کسان"), not one person.
        let plural_people = |mut w: Range<usize>| w.any(|i| words.is(u.folded, i, WordClass::PluralPeople));
        // "کشته‌شدگان همه ...": "all" of them counts no one new either; nor "این افراد ... بازداشت شده‌اند" (these
        // individuals), pointed back to before the verb.
        let pointed_back = || {
            (at.saturating_sub(12)..at).any(|i| {
                words.is(u.folded, i, WordClass::Demonstrative)
                    && words.is(u.folded, i + 1, WordClass::PluralPeople)
                    && !crate::clause_break(u.folded, words.range(i..i + 1).end, hit.range.start)
            })
        };
        let told_in_plural = u.verb_final
            && match read.value.rule {
                sitrep_count::Rule::Article => read.spans.iter().skip(1).all(|s| plural_people(words.span(s))),
                _ => read.value.best.is_none() && (plural_people(words.span(&hit.range)) || pointed_back()),
            };
        let definite_arabic = u.arabic && read.spans.len() == 1 && u.folded[hit.range.clone()].starts_with("ال");
        if (definite_arabic || told_in_plural) && !among {
            r.speaks_of_told_casualties = true;
            read.value = Count::unspecified();
        }
        // "confirmed the death", "the dead were handed to their families": in English too, the dead with the
        // article and no figure are those told already, and count no one new.
        let definite = || {
            at > 0 && Lexicon::embedded().function_word(words.text(u.folded, at - 1)) == Some(FunctionWord::Definite)
        };
        if !u.arabic && read.spans.len() == 1 && !among && definite() {
            continue;
        }
        // "استشهد مجاهد واحد وأصيب اثنان": a casualty verb joined right after the loss of the author's own
        // fighters counts them too.
        let joined_to_own = own_read_end.is_some_and(|end| {
            at >= end
                && at - end <= 2
                && u.folded[sitrep_text::token_start(u.folded, hit.range.start)..hit.range.start] == *"و"
        });
        let own = counts_own_fighters(u, r, &read) || joined_to_own;
        if own {
            own_read_end = read.spans.iter().map(|s| words.span(s).end).max();
        }
        // "مقتل 6 من الخوارج ... فيما استشهد أحد المجاهدين": the author's own fighters lost, after the enemy's
        // dead, add to the toll (it counts everyone the version reports).
        let own_loss = own && {
            let existing = slot_of(r, field).clone();
            existing.is_some_and(|e| e.value.best.is_some() && !counts_own_fighters(u, r, &e))
        };
        // "خمسة جنود قتلوا ... وقتلت 12 من المهاجمين": the attackers' dead after the defenders' add to the toll.
        let attackers_after = counts_attackers_in(u, &read)
            && slot_of(r, field).as_ref().is_some_and(|e| e.value.best.is_some() && !counts_attackers_in(u, e));
        // "هلاك 4 جنود ... فقتلوا 3 آخرين", "killing four ... and three others died": others, by a verb of their
        // own, add to those its field counted already.
        let others = counts_others(u, &read);
        let others_after =
            slot_of(r, field).as_ref().is_some_and(|e| e.value.best.is_some() && (others || also_after(u, e, &read)));
        // "ثم هاجم المجاهدون القوات التي جاءت لمساعدتهم، فقتلوا 2 آخرين": others than those the account counted
        // before this unit (not "وأصيب 3 آخرون" after its dead: others than those).
        let other_field_told = [CasualtyField::Killed, CasualtyField::Wounded, CasualtyField::Captured]
            .into_iter()
            .any(|f| f != field && slot_of(r, f).is_some());
        if slot_of(r, field).is_none() && !other_field_told && read.value.best.is_some() && others {
            r.additional.push(field);
        }
        match slot_of(r, field) {
            Some(existing) if (own_loss || attackers_after || others_after) && read.value.best.is_some() => {
                existing.value = existing.value.plus(read.value);
                existing.spans.extend(read.spans);
            }
            _ => set_count(r, field, read),
        }
    }
    share_joined_figure(u, &b.casualties, r);
    r.counts_attackers = counts_attackers(u, r);
    r.toll_rose = r.killed.as_ref().is_some_and(|k| k.spans.iter().skip(1).any(|s| after_toll_verb(u, &words.span(s))));
}

/// Whether a read's figure counts others ("3 آخرين", "three others", "سه سرباز دیگر"): the word for others right
/// after it or its noun, before the casualty word.
fn counts_others(u: &Unit<'_, '_>, read: &Read<Count>) -> bool {
    let words = u.words;
    let casualty = words.span(&read.spans[0]);
    read.spans.iter().skip(1).any(|s| {
        let end = words.span(s).end;
        u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Others))).any(|h| {
            let w = words.span(&h.range);
            (end..end + 2).contains(&w.start) && (w.end <= casualty.start || w.start >= casualty.end)
        })
    })
}

/// Whether "also" stands between a count already read and a later one of its field, near the later one: "۲۵
/// طالبان وژل شوي ... خو امنیتي ځواکونو ته هم درې تنه مړي", "five soldiers were killed; three civilians also
/// died". The later count is of other people.
fn also_after(u: &Unit<'_, '_>, existing: &Read<Count>, read: &Read<Count>) -> bool {
    let words = u.words;
    let Some(before) = existing.spans.iter().map(|s| words.span(s).end).max() else { return false };
    let Some(from) = read.spans.iter().map(|s| words.span(s).start).min() else { return false };
    let to = read.spans.iter().map(|s| words.span(s).end).max().unwrap_or(from);
    u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::Also))).any(|h| {
        let w = words.span(&h.range);
        w.start >= before && w.end <= to && from.saturating_sub(w.end) <= 4
    })
}

/// Whether words `w` stand right after a verb of a rising toll ("rose to 62", "has climbed to 18").
fn after_toll_verb(u: &Unit<'_, '_>, w: &Range<usize>) -> bool {
    (w.start.saturating_sub(2)..w.start).any(|i| u.words.is(u.folded, i, WordClass::TollVerb))
}

/// Whether a read counts the author's own fighters ("أحد المجاهدين", "one mujahid"): the group's own name for
/// them stands within three words after the casualty word or a figure of the read.
fn counts_own_fighters(u: &Unit<'_, '_>, r: &Reading, read: &Read<Count>) -> bool {
    let words = u.words;
    // The name as an actor ("المجاهدين") or the word alone ("مجاهد واحد").
    let own_words = r
        .actors
        .iter()
        .filter(|m| m.self_designating)
        .map(|m| (m.words.start, m.range.start))
        .chain(super::own_fighters_words(u).map(|h| (words.span(&h.range).start, h.range.start)));
    own_words.into_iter().any(|(start, byte)| {
        read.spans.iter().any(|s| {
            let w = words.span(s);
            start >= w.end && start - w.end <= 3 && !crate::clause_break(u.folded, s.end, byte)
        })
    })
}

/// Whether a figure read counts attackers: a word for them in its phrase or within three words after the figure,
/// or the group's own name for its fighters there ("One mujahid was martyred": the side that attacked).
fn counts_attackers(u: &Unit<'_, '_>, r: &Reading) -> bool {
    let by_head = r.heads.iter().flat_map(|(_, h, _)| h).any(|h| crate::is_word(WordClass::Attacker, h));
    by_head || [&r.killed, &r.wounded, &r.captured].into_iter().flatten().any(|c| counts_attackers_in(u, c))
}

/// Whether a figure of `read` counts attackers: a word for them, or the group's own name for its fighters, in the
/// figure's phrase or within three words after it.
fn counts_attackers_in(u: &Unit<'_, '_>, read: &Read<Count>) -> bool {
    let (folded, words) = (u.folded, u.words);
    let own_fighters: Vec<usize> = u
        .hits
        .iter()
        .filter(|h| matches!(h.sense, Sense::Cue(Cue::OwnFighters)))
        .map(|h| words.span(&h.range).start)
        .collect();
    let attacker = |i: usize| words.is(folded, i, WordClass::Attacker) || own_fighters.contains(&i);
    read.spans.iter().any(|s| {
        let figure = u.quantities.iter().any(|q| s.start <= q.range.start && q.range.end <= s.end);
        let phrase = words.span(s);
        // In the figure's phrase ("One mujahid"), or within three words after it.
        figure && (phrase.start..(phrase.end + 3).min(words.len())).any(attacker)
    })
}

/// "killed and wounded dozens", "مقتل وإصابة العشرات", "Dozens were killed and wounded": the people of two counts
/// joined by "and" are counted together and neither alone, so each is a claim with no figure of its own.
fn share_joined_figure(u: &Unit<'_, '_>, casualties: &[(&Hit<'_>, CasualtyField)], r: &mut Reading) {
    let (folded, words) = (u.folded, u.words);
    for pair in casualties.windows(2) {
        let [(a, first), (b, second)] = pair else { continue };
        if first == second {
            continue;
        }
        let (wa, wb) = (words.span(&a.range), words.span(&b.range));
        let joined = if u.verb_first {
            wa.end == wb.start && folded[sitrep_text::token_start(folded, b.range.start)..b.range.start] == *"و"
        } else {
            wa.end + 1 == wb.start && words.is(folded, wa.end, WordClass::Conjunction)
        };
        if !joined || crate::clause_break(folded, a.range.end, b.range.start) || people_after_met(u, &wa).is_some() {
            continue;
        }
        let own = |read: &Option<Read<Count>>, h: &Hit<'_>| read.as_ref().is_some_and(|c| c.spans.contains(&h.range));
        // "18 قتلوا وأصيب 24 آخرون": each its own figure, not one for both.
        let figure = |read: &Option<Read<Count>>| {
            let holds =
                |s: &Range<usize>| u.quantities.iter().any(|q| s.start <= q.range.start && q.range.end <= s.end);
            read.as_ref().is_some_and(|c| c.spans.iter().any(holds))
        };
        let (ra, rb) = (slot_of(r, *first).clone(), slot_of(r, *second).clone());
        if own(&ra, a) && own(&rb, b) && figure(&ra) != figure(&rb) {
            for field in [*first, *second] {
                if let Some(c) = slot_of(r, field) {
                    c.value = Count::unspecified();
                }
            }
        }
    }
}

/// "لقي جندي حتفه", "لقي 3 جنود مصرعهم": the people of the casualty word at word span `at`, named right before it
/// after "met" (so a figure after the next casualty word joined to it is that one's alone).
fn people_after_met<'h, 'l>(u: &Unit<'h, 'l>, at: &Range<usize>) -> Option<&'h Hit<'l>> {
    u.hits.iter().copied().find(|h| {
        let w = u.words.span(&h.range);
        matches!(h.sense, Sense::Cue(Cue::OnePerson) | Sense::Actor { .. })
            && w.end == at.start
            && (w.start.saturating_sub(2)..w.start).any(|i| u.words.is(u.folded, i, WordClass::MetVerb))
    })
}

/// "قائد ... وسائقه", "همراه با برادرش": one companion named by a noun of kin or service after byte `after`.
fn kin_after(u: &Unit<'_, '_>, after: usize) -> Option<Quantity> {
    sitrep_count::companions_after(u.folded, after, u.language).filter(|c| c.count.rule == sitrep_count::Rule::Article)
}

/// The casualty words that count someone: not negated, not a participle describing a noun ("the arrested
/// leader coordinated attacks"), not an aim or a charge ("accused of killing"), not a place taken ("captured the
/// district centre").
fn casualty_words<'a, 'l>(u: &Unit<'a, 'l>) -> Vec<(&'a Hit<'l>, CasualtyField)> {
    let (folded, hits, quantities, words) = (u.folded, &u.hits[..], &u.quantities[..], u.words);
    hits.iter()
        .filter_map(|h| match h.sense {
            Sense::Casualty { field } => Some((*h, *field)),
            _ => None,
        })
        .filter(|(h, _)| !negated(folded, hits, words, &h.range) && !joined_to_negated(folded, hits, words, &h.range))
        // "نفى سقوط قتلى", "denied deaths": the casualties a denial names are none.
        .filter(|(h, _)| !denied(folded, hits, words, &h.range))
        // "أصابت منازل": a verb of wounding that takes a thing hit it.
        .filter(|(h, _)| !u.verb_first || !thing_right_after(hits, words, &h.range))
        .filter(|(h, _)| !u.verb_final || !crate::verb_final::negated_after(hits, words, &words.span(&h.range)))
        .filter(|(h, _)| u.arabic || !attributive(folded, words, quantities, &h.range))
        .filter(|(h, _)| u.arabic || !aim_or_charge(folded, hits, words, &h.range))
        // "planned and executed IED attacks": an English verb whose object is an act counts no one.
        .filter(|(h, _)| u.arabic || u.verb_final || !super::act_right_after(hits, words, &h.range))
        .filter(|(h, field)| u.arabic || *field != CasualtyField::Captured || !takes_territory(u, h))
        .filter(|(h, _)| !u.verb_final || !destroys_thing(u, h))
        .filter(|(h, _)| !u.verb_final || !took_no_life(u, h))
        .filter(|(h, _)| u.arabic || u.verb_final || figure_right_after(u, h))
        .collect()
}

/// "lost 15 men": a verb that counts only a figure right after it (word class `figure_after`) has one there.
fn figure_right_after(u: &Unit<'_, '_>, casualty: &Hit<'_>) -> bool {
    let at = u.words.span(&casualty.range);
    if !(at.len() == 1 && u.words.is(u.folded, at.start, WordClass::FigureAfter)) {
        return true;
    }
    u.quantities.iter().any(|q| u.words.span(&q.range).start == at.end)
}

/// Dari "را گرفت" (took) kills only with "جان" (life) as its object: "جان چهار غیرنظامی را گرفت", not "کنترل
/// سه پاسگاه را گرفت" (took control of three posts).
fn took_no_life(u: &Unit<'_, '_>, casualty: &Hit<'_>) -> bool {
    let (folded, words) = (u.folded, u.words);
    let at = words.span(&casualty.range);
    if !words.is(folded, at.start, WordClass::ObjectMarker) {
        return false;
    }
    !(at.start.saturating_sub(6)..at.start).rev().any(|i| {
        words.is(folded, i, WordClass::Life)
            && !crate::clause_break(folded, words.range(i..i + 1).end, casualty.range.start)
    })
}

/// Dari "دو موتر را از بین بردند": a verb that also says things were destroyed, with a thing as its object just
/// before it, killed no one.
fn destroys_thing(u: &Unit<'_, '_>, casualty: &Hit<'_>) -> bool {
    let words = u.words;
    let at = words.span(&casualty.range).start;
    let destruction =
        u.hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::Destruction)) && h.range == casualty.range);
    destruction
        && u.hits.iter().any(|h| {
            let w = words.span(&h.range);
            matches!(h.sense, Sense::Materiel { .. }) && w.end <= at && at - w.end <= 3
        })
}

/// "none of them were killed or captured": a casualty word joined by a conjunction to a negated one shares its
/// negation.
fn joined_to_negated(folded: &str, hits: &[&Hit<'_>], words: &Words, casualty: &Range<usize>) -> bool {
    let at = words.span(casualty);
    at.start >= 2
        && words.is(folded, at.start - 1, WordClass::Conjunction)
        && hits.iter().any(|h| {
            matches!(h.sense, Sense::Casualty { .. })
                && words.span(&h.range).end == at.start - 1
                && negated(folded, hits, words, &h.range)
        })
}

/// Whether a verb of denying takes the casualty word as its object ("نفى المتحدث سقوط قتلى"): it stands at most five
/// words before, with no act, relative pronoun or clause punctuation between (not "لا علاقة لها بالانفجار الذي
/// أودى", where the casualties belong to the act the denial is about).
fn denied(folded: &str, hits: &[&Hit<'_>], words: &Words, casualty: &Range<usize>) -> bool {
    let at = words.span(casualty);
    let deny = |h: &&&Hit<'_>| matches!(h.sense, Sense::Attribution { kind: AttributionKind::Deny });
    hits.iter().filter(deny).any(|h| {
        let w = words.span(&h.range);
        w.end <= at.start
            && at.start - w.end <= 5
            && !crate::clause_break(folded, h.range.end, casualty.start)
            && !(w.end..at.start).any(|i| words.is(folded, i, WordClass::RelativePronoun))
            && !hits.iter().any(|e| {
                matches!(e.sense, Sense::Event(_)) && e.range.start >= h.range.end && e.range.end <= casualty.start
            })
    })
}

/// Whether materiel or a building is named right after the casualty word: its object is a thing.
fn thing_right_after(hits: &[&Hit<'_>], words: &Words, casualty: &Range<usize>) -> bool {
    let next = words.span(casualty).end;
    hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && words.span(&h.range).start == next)
}

/// Binds figures to casualty words, each figure once.
struct Binder<'u, 'a, 'l> {
    u: &'u Unit<'a, 'l>,
    casualties: Vec<(&'a Hit<'l>, CasualtyField)>,
    /// Word spans of subset words ("including", "بينهم").
    subsets: Vec<Range<usize>>,
    /// Words that end an English phrase of people: another casualty, event or reporting word.
    stops: Vec<usize>,
    /// Figures already bound.
    used: Vec<Range<usize>>,
    /// The unit's Arabic killing verbs read as active, with their objects.
    active_objects: Vec<ArabicObject>,
}

impl<'a> Binder<'_, 'a, '_> {
    fn free(&self, q: &Quantity) -> bool {
        !self.used.contains(&q.range)
    }

    fn filler(&self, range: Range<usize>) -> bool {
        words_are_filler(self.u.folded, &self.u.hits, self.u.words, range)
    }

    /// Arabic "وقتل في الهجوم 7 جنود": the two words between a verb and its subject are "in" and the act itself.
    fn in_the_act(&self, range: Range<usize>) -> bool {
        let (folded, words) = (self.u.folded, self.u.words);
        let act = range.start + 1;
        range.len() == 2
            && words.is(folded, range.start, WordClass::SceneMarker)
            && self.u.hits.iter().any(|h| {
                matches!(h.sense, Sense::Event(_) | Sense::Cue(Cue::IncidentNoun))
                    && words.span(&h.range) == (act..act + 1)
            })
    }

    fn bind(&mut self, q: &Quantity, spans: &mut Vec<Range<usize>>) {
        self.used.push(q.range.clone());
        spans.push(q.range.clone());
    }

    /// English: the people the casualty word counts, read as a phrase (`victims.rs`). False when a figure stands
    /// right before the participle ("and three injured", "14 insurgents killed"): that one is its own.
    fn english_victims(&mut self, hit: &Hit<'_>, field: CasualtyField, r: &mut Reading) -> bool {
        let (folded, quantities, words) = (self.u.folded, &self.u.quantities, self.u.words);
        let at = words.span(&hit.range);
        // "nine policemen and two civilians died": a verb of dying reads its whole subject.
        let died = at.len() == 1 && words.is(folded, at.start, WordClass::DiedVerb);
        let adjacent = !died
            && quantities.iter().filter(|q| self.free(q)).any(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 2
                    && !folded[q.range.end..hit.range.start].contains([',', ';', ':', '.'])
                    && (w.end..at.start).all(|i| {
                        !words.text(folded, i).ends_with("ed")
                            && !words.is(folded, i, WordClass::ClauseBreak)
                            && !words.is(folded, i, WordClass::BeAuxiliary)
                    })
            });
        let Some(v) = (!adjacent).then(|| english_victims(folded, words, quantities, &at, &self.stops)).flatten()
        else {
            return false;
        };
        self.used.extend(
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
            && r.heads.iter().any(|(f, _, _)| *f == field)
            && !r.heads.iter().any(|(f, h, _)| *f == field && h.iter().any(|x| v.heads.contains(x)));
        r.heads.push((field, v.heads.clone(), v.definite));
        // "nine died, and six other soldiers were hurt": others than the people of another count just told, not
        // more of this one.
        let other_count_told = [(CasualtyField::Killed, &r.killed), (CasualtyField::Wounded, &r.wounded)]
            .iter()
            .any(|(f, c)| *f != field && c.is_some());
        if v.additional && !other_count_told {
            r.additional.push(field);
        }
        if v.some_told {
            r.some_told.push(field);
        }
        // "a commander was killed along with two of his guards": companions named right after a passive verb,
        // with the subject before it, add to it.
        // Named "with" them, not joined by "and": "and two others were hurt" has a verb of its own.
        let joined_by_and =
            |c: &sitrep_count::Quantity| words.is(folded, words.span(&c.range).start, WordClass::Conjunction);
        let mut count = v.count;
        let passive_subject = v.spans.iter().all(|s| s.end <= hit.range.start);
        if let Some(c) = sitrep_count::companions_after(folded, hit.range.end, self.u.language)
            .filter(|c| passive_subject && folded[hit.range.end..c.range.start].trim().is_empty())
            .filter(|c| !self.used.contains(&c.range) && !joined_by_and(c))
        {
            count = count.plus(c.count);
            spans.push(c.range.clone());
            self.used.push(c.range);
        }
        let read = Read { value: count, spans };
        match slot_of(r, field) {
            Some(existing) if others => {
                existing.value = existing.value.plus(read.value);
                existing.spans.extend(read.spans);
            }
            _ => set_count(r, field, read),
        }
        true
    }

    /// The figure a casualty word counts, with the figures coordinated with it; else a person named alone
    /// with their companions; else what the words imply.
    fn figure_for(&mut self, hit: &Hit<'_>, field: CasualtyField) -> Read<Count> {
        let u = self.u;
        let at = u.words.span(&hit.range);
        let mut spans = vec![hit.range.clone()];
        // "لقي جندي حتفه", "لقي 3 جنود مصرعهم": the people stand between the verb and its noun; their figure, or one
        // person named alone, is the count.
        if u.verb_first {
            if let Some(count) = self.people_before(&at, &mut spans) {
                return Read { value: count, spans };
            }
        }
        let chosen = self.nearest_figure(&at);
        let joined = if u.arabic { self.figure_after_joined_verb(hit, field) } else { None };
        let count = if let Some(q) = joined {
            self.bind(q, &mut spans);
            Some(Count::unspecified())
        } else if let Some(q) = chosen.filter(|_| self.shared_with_other_field(&at, field)) {
            // "چهار طالب را کشته و زخمی ساختند": one figure for the killed and the wounded together, neither alone.
            self.bind(q, &mut spans);
            Some(Count::unspecified())
        } else if let Some(q) = chosen {
            self.bind(q, &mut spans);
            let after = self.coordinated_after(q, &mut spans);
            let before = if u.verb_final { self.coordinated_before(q, &mut spans) } else { Vec::new() };
            let count = after.iter().chain(&before).fold(q.count, |sum, c| add(&sum, c));
            // "یک فرمانده را همراه با دو محافظش": the figure counts the companions of one person named before it.
            Some(match self.companions_of_one(q) {
                Some(one) => {
                    spans.push(one);
                    add(&Count::article(), &count)
                }
                None => match self.kin_of_one(q) {
                    Some(kin) => {
                        spans.push(kin);
                        add(&Count::article(), &count)
                    }
                    None => count,
                },
            })
        } else {
            self.one_person_with_companions(&at, &mut spans)
        };
        // "اغتال مسلحون قاضيا": an active verb counts its object, one when it is one person.
        let one_object = || self.active_objects.iter().any(|o| o.verb == hit.range && o.one);
        // "two were killed and another wounded", "او بل ټپي شو": an article standing alone for the people right before the
        // participle counts one.
        let article_before = || {
            ((!u.arabic || u.verb_final) && at.start > 0)
                .then(|| sitrep_count::quantity_before(u.folded, hit.range.start, u.language))
                .flatten()
                .filter(|q| q.count.rule == sitrep_count::Rule::Article && u.words.span(&q.range).end == at.start)
        };
        let count = count.unwrap_or_else(|| {
            if one_object() {
                return Count::article();
            }
            match article_before() {
                Some(q) => {
                    spans.push(q.range.clone());
                    q.count
                }
                None => implied(u.folded, &u.hits, u.words, &at, u.arabic),
            }
        });
        Read { value: count, spans }
    }

    /// The free figure nearest the casualty word across filler words: after it first for Arabic, before it first
    /// for English, Dari and Pashto ("درې ملکي وګړي ووژل شول"); none when a person named alone comes first ("قتل
    /// قائد ومعه أربعة جنود"; "مقتل 100 شخص" counts the figure before the noun instead).
    fn nearest_figure(&self, at: &Range<usize>) -> Option<&'a Quantity> {
        let u = self.u;
        let (folded, hits, quantities, words) = (u.folded, &u.hits[..], &u.quantities[..], u.words);
        // Dari and Pashto: a subset in commas may stand between the figure and its verb ("پنج نفر، از جمله دو
        // کودک، کشته"), and in English ("46 civilians, mostly women and children, were killed"); the word for one
        // before a thing is an article, not a count.
        let apposition = (u.verb_final || !u.arabic)
            .then(|| {
                let from = at.start.saturating_sub(12);
                crate::verb_final::subset_apposition(folded, hits, words, &(from..at.start))
            })
            .flatten()
            .filter(|a| self.filler(a.end..at.start));
        let one = |q: &Quantity| (q.count.low, q.count.best, q.count.high) == (Some(1), Some(1), Some(1));
        let before = quantities.iter().copied().filter(|q| self.free(q)).rfind(|q| {
            let w = words.span(&q.range);
            if u.verb_final {
                if !crate::verb_final::counts_people(folded, hits, words, &q.range, one(q)) {
                    return false;
                }
                // Adjuncts of place, time and agent stand between the subject and its verb: a figure that names
                // its people may stand further off ("اووه کسان د غزني په ښار کې په یوه برید کې ووژل شول").
                let reach = if crate::verb_final::before_person(hits, words, &q.range) { 12 } else { 6 };
                return match &apposition {
                    Some(a) if w.end > a.start => false,
                    Some(a) => a.start - w.end <= reach && self.filler(w.end..a.start),
                    None => w.end <= at.start && at.start - w.end <= reach && self.filler(w.end..at.start),
                };
            }
            // "destroying one armored vehicle and killing ...": a figure of a thing counts no one.
            let counts_a_thing = hits.iter().any(|h| {
                let m = words.span(&h.range);
                matches!(h.sense, Sense::Materiel { .. }) && (w.end..=w.end + 1).contains(&m.start) && m.end <= at.start
            });
            if counts_a_thing {
                return false;
            }
            match &apposition {
                Some(a) if w.end <= a.start => a.start - w.end <= 3 && self.filler(w.end..a.start),
                _ => w.end <= at.start && at.start - w.end <= 6 && self.filler(w.end..at.start),
            }
        });
        // A part named after "including" or "among them" just before the verb leaves the verb counting the whole
        // before that word ("45 soldiers including 3 commanders were killed", "ثلاثة مدنيين بينهم طفلان قتلوا");
        // a part with a verb of its own ("including two who had been wounded") is counted by it.
        let whole_before = |subset: &Range<usize>| {
            quantities.iter().copied().filter(|q| self.free(q)).rfind(|q| {
                let w = words.span(&q.range);
                w.end <= subset.start && subset.start - w.end <= 3 && self.filler(w.end..subset.start)
            })
        };
        let own_verb = |range: Range<usize>| range.into_iter().any(|i| words.is(folded, i, WordClass::RelativePronoun));
        let before = match before {
            _ if u.verb_final => before,
            Some(q) => {
                let w = words.span(&q.range);
                let part_of = self.subsets.iter().rfind(|s| s.end <= w.start && w.start - s.end <= 1);
                match part_of {
                    Some(subset) if !own_verb(w.end..at.start) => whole_before(subset).or(Some(q)),
                    _ => Some(q),
                }
            }
            // An Arabic dual names the part ("طفلان"): no figure stands between the word and the verb.
            None if u.arabic => self
                .subsets
                .iter()
                .rfind(|s| s.end <= at.start && at.start - s.end <= 3)
                .filter(|s| self.filler(s.end..at.start))
                .and_then(whole_before),
            None => None,
        };
        // "were killed and wounded, and several vehicles were destroyed": a figure past a comma is the next clause's.
        let at_end = words.range(at.clone()).end;
        let after = quantities.iter().copied().filter(|q| self.free(q)).find(|q| {
            let w = words.span(&q.range);
            w.start >= at.end
                && w.start - at.end <= 4
                && !folded.get(at_end..q.range.start).is_some_and(|gap| gap.contains([',', '،', ';', '.']))
                && (self.filler(at.end..w.start) || u.verb_first && self.in_the_act(at.end..w.start))
        });
        // "The death toll from Friday's bombing rose to 62": a toll takes the figure its verb of rising reaches, in
        // its clause.
        let after = after.or_else(|| {
            quantities.iter().copied().filter(|q| self.free(q)).find(|q| {
                let w = words.span(&q.range);
                w.start >= at.end
                    && w.start - at.end <= 12
                    && after_toll_verb(u, &w)
                    && !folded.get(at_end..q.range.start).is_some_and(|gap| gap.contains([',', '،', ';', '.']))
            })
        });
        let one_first =
            hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::OnePerson)) && words.span(&h.range).start == at.end);
        // Dari marks the counted object with "را", adjuncts may stand between it and the verb: "سه تن را به
        // اتهام همکاری با داعش دستگیر کردند".
        let before = before.or_else(|| {
            if !u.arabic || u.verb_first {
                return None;
            }
            quantities.iter().copied().filter(|q| self.free(q)).rfind(|q| {
                let w = words.span(&q.range);
                w.end <= at.start
                    && at.start - w.end <= 16
                    && (w.end..(w.end + 3).min(at.start)).any(|i| words.is(folded, i, WordClass::ObjectMarker))
                    && !crate::clause_break(folded, q.range.end, words.range(at.clone()).start)
                    // "دو موتر را از بین بردند": things destroyed count no one.
                    && !hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && words.span(&h.range).start == w.end)
            })
        });
        // "دو عضو گروه داعش شب گذشته در یک عملیات ... کشته شدند": in Dari and Pashto the figure of the subject
        // that opens the clause its casualty verb closes counts it, however many adjuncts stand between (none of
        // them another figure of people or another casualty word).
        let before = before.or_else(|| {
            if !u.verb_final {
                return None;
            }
            let after_verb = folded[words.range(at.clone()).end..].trim_start();
            let closes = after_verb.is_empty() || after_verb.starts_with(['.', '،', ',', '؛', '\n']);
            let counts = |q: &Quantity| crate::verb_final::counts_people(folded, hits, words, &q.range, one(q));
            let subject = quantities.iter().copied().filter(|q| self.free(q) && counts(q)).rfind(|q| {
                let w = words.span(&q.range);
                w.end <= at.start && at.start - w.end <= 24
            })?;
            let w = words.span(&subject.range);
            let other_casualty = hits.iter().any(|h| {
                let c = words.span(&h.range);
                matches!(h.sense, Sense::Casualty { .. }) && c.start >= w.end && c.start < at.start
            });
            (closes
                && crate::verb_final::before_person(hits, words, &subject.range)
                && !crate::clause_break(folded, subject.range.end, words.range(at.clone()).start)
                && !other_casualty)
                .then_some(subject)
        });
        // "7 قتلى و12 جريحا": a figure right before the casualty word is its count, in Arabic too.
        let adjacent_before = before.filter(|q| words.span(&q.range).end == at.start);
        if one_first {
            None
        } else if u.arabic && u.verb_first {
            adjacent_before.or(after).or(before)
        } else {
            before.or(after)
        }
    }

    /// The count of the people named right before the casualty word at word span `at` ("جندي حتفه", "3 جنود
    /// مصرعهم"): the free figure of their phrase, or one person named alone.
    fn people_before(&mut self, at: &Range<usize>, spans: &mut Vec<Range<usize>>) -> Option<Count> {
        let u = self.u;
        // Only after "met": elsewhere a person before a verb is the last clause's ("قتل شرطي وأصيب اثنان").
        let people = people_after_met(u, at)?;
        let first = u.words.span(&people.range).start;
        let figure = u.quantities.iter().copied().find(|q| self.free(q) && u.words.span(&q.range).end == first);
        if let Some(q) = figure {
            self.bind(q, spans);
            return Some(q.count);
        }
        let alone = u.hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::OnePerson)) && h.range == people.range);
        alone.then(|| {
            spans.push(people.range.clone());
            Count::article()
        })
    }

    /// The person named alone just before figure `q` whose companions it counts: "a commander along with
    /// two guards", "یک فرمانده همراه با دو محافظش", "قائد ومعه أربعة جنود".
    fn companions_of_one(&self, q: &Quantity) -> Option<Range<usize>> {
        let u = self.u;
        let one = u.hits.iter().filter(|h| matches!(h.sense, Sense::Cue(Cue::OnePerson))).find(|one| {
            one.range.end <= q.range.start
                && u.words.gap(&one.range, &q.range) <= 6
                // One phrase: no casualty word between the person and the figure ("a woman among six killed and
                // 13 others wounded").
                && !self.casualties.iter().any(|(c, _)| c.range.start >= one.range.end && c.range.end <= q.range.start)
                // The connector may follow the person's name or its object marker ("یک فرمانده طالبان را همراه با").
                && (u.words.span(&one.range).end..u.words.span(&q.range).start).any(|w| {
                    sitrep_count::companions_after(u.folded, u.words.range(w - 1..w).end, u.language)
                        .is_some_and(|c| c.range.start <= q.range.start && q.range.end <= c.range.end)
                })
        });
        one.map(|h| h.range.clone())
    }

    /// "یک عضو پیشین ارتش را همراه با برادرش": one person counted by the figure, and one companion named by a noun
    /// of kin or service within the phrase, before any casualty word.
    fn kin_of_one(&self, q: &Quantity) -> Option<Range<usize>> {
        let u = self.u;
        // English names such a companion in its object lists ("a judge and his guard", `victims.rs`).
        if !u.arabic || !q.count.is_exact() || q.count.best != Some(1) {
            return None;
        }
        let from = u.words.span(&q.range).end;
        let next_casualty = self.casualties.iter().map(|(c, _)| c.range.start).filter(|&c| c > q.range.end).min();
        (from..(from + 6).min(u.words.len())).find_map(|w| {
            let kin = kin_after(u, u.words.range(w..w + 1).end)?;
            (next_casualty.is_none_or(|c| kin.range.end <= c)
                && !u.folded[q.range.end..kin.range.start].contains(['.', '،', ',']))
            .then_some(kin.range)
        })
    }

    /// Whether, in Dari and Pashto, the figure counts this field and another one together ("کشته و زخمی").
    fn shared_with_other_field(&self, at: &Range<usize>, field: CasualtyField) -> bool {
        let words = self.u.words;
        let other_counts: Vec<Range<usize>> =
            self.casualties.iter().filter(|(_, f)| *f != field).map(|(h, _)| words.span(&h.range)).collect();
        self.u.verb_final && crate::verb_final::joined_to_other_count(self.u.folded, words, at, &other_counts)
    }

    /// Arabic "قتل وأصاب أكثر من 40": a verb joined by "و" to a casualty verb of another count right after it,
    /// and a free figure after both within three words: one figure for both counts together.
    fn figure_after_joined_verb(&self, hit: &Hit<'_>, field: CasualtyField) -> Option<&'a Quantity> {
        let (folded, words) = (self.u.folded, self.u.words);
        let at = words.span(&hit.range);
        // "ستة جنود قتلوا وأصيب ثلاثة": a figure before the first verb, in its clause, is its own.
        let clause = folded[..hit.range.start].rfind([',', '،', '.', ';', ':']).map_or(0, |i| i + 1);
        // Not a figure of things ("تدمير 4 مدرعات وهلاك وإصابة العشرات").
        let counts_things = |q: &Quantity| {
            let next = words.span(&q.range).end;
            self.u.hits.iter().any(|h| matches!(h.sense, Sense::Materiel { .. }) && words.span(&h.range).start == next)
        };
        if self
            .u
            .quantities
            .iter()
            .any(|q| q.range.start >= clause && q.range.end <= hit.range.start && !counts_things(q))
        {
            return None;
        }
        if people_after_met(self.u, &at).is_some() {
            return None;
        }
        let next = self.casualties.iter().filter(|(_, f)| *f != field).map(|(h, _)| h).find(|h| {
            words.span(&h.range).start == at.end
                && folded[sitrep_text::token_start(folded, h.range.start)..h.range.start] == *"و"
                && !crate::clause_break(folded, hit.range.end, h.range.start)
        })?;
        let after = words.span(&next.range).end;
        self.u.quantities.iter().copied().filter(|q| self.free(q)).find(|q| {
            let w = words.span(&q.range);
            w.start >= after && w.start - after <= 3 && self.filler(after..w.start)
        })
    }

    /// Coordinated figures after the first: "9 من طالبان و4 من داعش", "a commander and four others" — unless they
    /// belong to another casualty word or are a subset.
    fn coordinated_after(&mut self, q: &Quantity, spans: &mut Vec<Range<usize>>) -> Vec<Count> {
        let u = self.u;
        let (folded, words) = (u.folded, u.words);
        let mut counts = Vec::new();
        let mut last = words.span(&q.range);
        for next in u.quantities.iter().filter(|n| n.range.start > q.range.end) {
            let w = words.span(&next.range);
            // Figures may share a word ("3ا0"): no gap then.
            if w.start.saturating_sub(last.end) > 5
                || self.subsets.iter().any(|s| s.start >= last.end && s.end <= w.start)
            {
                break;
            }
            let bridge = &folded[words.range(last.end..w.start)];
            // "و" joins the figure it stands before, not one a new clause counts ("وجرح 4 آخرون، واغتنم المجاهدون
            // 5 بنادق": the rifles are no one wounded).
            let joined = bridge.contains(" and ")
                || bridge.split_whitespace().last().is_some_and(|t| t.starts_with('و'))
                || folded[next.range.clone()].starts_with('و')
                || folded[sitrep_text::token_start(folded, next.range.start)..next.range.start] == *"و"
                || bridge.contains("ومعه");
            let owned_by_other = self
                .casualties
                .iter()
                .any(|(c, _)| c.range.start > next.range.end && words.span(&c.range).start.saturating_sub(w.end) <= 1)
                || self.casualties.iter().any(|(c, _)| c.range.start > q.range.end && c.range.end < next.range.start);
            // "هلاك 12 جنديا وتدمير 3 ناقلات": a figure of things destroyed counts no one.
            let counts_things = u.hits.iter().any(|h| {
                let at = words.span(&h.range).start;
                (matches!(h.sense, Sense::Materiel { .. }) && at == w.end)
                    || (matches!(h.sense, Sense::Cue(Cue::Destruction)) && at >= last.end && at < w.start)
            });
            if !joined || owned_by_other || counts_things {
                break;
            }
            self.bind(next, spans);
            counts.push(next.count);
            last = w;
        }
        // "ثلاثة من رجال الشرطة ومدني": an Arabic noun for one person glued to "و" right after the figure's
        // phrase is one more.
        if u.arabic && !u.verb_final {
            let one_joined = u.hits.iter().find(|h| {
                let at = words.span(&h.range).start;
                matches!(h.sense, Sense::Cue(Cue::OnePerson))
                    && at >= last.end
                    && at - last.end <= 3
                    && folded[sitrep_text::token_start(folded, h.range.start)..h.range.start] == *"و"
                    && !crate::clause_break(folded, words.range(last.clone()).end, h.range.start)
                    && !self.casualties.iter().any(|(c, _)| c.range.start > q.range.end && c.range.end <= h.range.start)
            });
            if let Some(one) = one_joined {
                spans.push(one.range.clone());
                counts.push(Count::article());
            }
        }
        counts
    }

    /// Dari and Pashto coordinate before the verb: "سه سرباز و دو پولیس ... کشته شدند".
    fn coordinated_before(&mut self, q: &Quantity, spans: &mut Vec<Range<usize>>) -> Vec<Count> {
        let u = self.u;
        let (folded, hits, words) = (u.folded, &u.hits[..], u.words);
        let one = |q: &Quantity| (q.count.low, q.count.best, q.count.high) == (Some(1), Some(1), Some(1));
        let earlier: Vec<&Quantity> = u
            .quantities
            .iter()
            .rev()
            .copied()
            .filter(|p| p.range.end < q.range.start && self.free(p))
            .filter(|p| crate::verb_final::counts_people(folded, hits, words, &p.range, one(p)))
            .collect();
        let mut counts = Vec::new();
        let mut first = words.span(&q.range);
        for prev in earlier {
            let w = words.span(&prev.range);
            let bridge = words.range(w.end..first.start);
            let joined = folded[bridge.clone()].split_whitespace().any(|t| crate::is_word(WordClass::Conjunction, t))
                || folded[q.range.clone()].starts_with('و');
            let apart = first.start.saturating_sub(w.end) > 5
                || folded[bridge.clone()].contains([',', ';', '.', ':'])
                || hits.iter().any(|h| {
                    h.range.start >= bridge.start
                        && h.range.end <= bridge.end
                        // An act's word between: the figure before it counts what the act reached ("پر یوه
                        // پوسته برید کړی او پنځه طالبان یې وژلي": one post attacked, five killed).
                        && matches!(
                            h.sense,
                            Sense::Casualty { .. } | Sense::Attribution { .. } | Sense::Cue(Cue::Subset) | Sense::Event(_)
                        )
                });
            if !joined || apart {
                break;
            }
            self.bind(prev, spans);
            counts.push(prev.count);
            first = w;
        }
        counts
    }

    /// A person named alone right after the casualty word counts one, with the companions joined to them: "قتل
    /// قائد ... ومعه أربعة جنود آخرين", "مقتل قائد محلي و6 من مرافقيه".
    fn one_person_with_companions(&mut self, at: &Range<usize>, spans: &mut Vec<Range<usize>>) -> Option<Count> {
        let u = self.u;
        let (folded, words) = (u.folded, u.words);
        // "وقتل في العملية قائد": "in the act" may stand between.
        let one = u.hits.iter().find(|h| {
            let w = words.span(&h.range).start;
            matches!(h.sense, Sense::Cue(Cue::OnePerson))
                && w >= at.end
                && (w - at.end <= 1 || self.in_the_act(at.end..w))
        })?;
        spans.push(one.range.clone());
        // "قائد ومعه أربعة جنود", "قائد المقر مع 5 من جنوده", "a commander and four others".
        let named = sitrep_count::companions_after(folded, one.range.end, u.language).and_then(|c| {
            u.quantities.iter().copied().find(|q| c.range.start <= q.range.start && q.range.end <= c.range.end)
        });
        // "قائد و3 من مرافقيه": a figure joined by "و" close after the person.
        let joined = || {
            u.quantities.iter().copied().filter(|q| q.range.start > one.range.end).find(|q| {
                let bridge = &folded[one.range.end..q.range.start];
                let token = &folded[sitrep_text::token_start(folded, q.range.start)..q.range.start];
                words.gap(&one.range, &q.range) <= 4
                    && !bridge.contains([',', '.', ';'])
                    && (bridge.contains(" و ") || token == "و")
            })
        };
        let companions = named.or_else(joined);
        Some(match companions {
            Some(q) => {
                self.bind(q, spans);
                add(&Count::article(), &q.count)
            }
            // "قائد عسكري للعدو وسائقه": one companion named by a noun of kin or service.
            None => match kin_after(u, one.range.end) {
                Some(c) => {
                    spans.push(c.range);
                    add(&Count::article(), &c.count)
                }
                None => Count::article(),
            },
        })
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
    let aux = (at.start.saturating_sub(2)..at.start).rev().find(|&i| words.is(folded, i, WordClass::BeAuxiliary));
    if let Some(mut aux) = aux {
        // "several insurgents had been killed": the subject stands before the whole verb group.
        while aux > 0 && words.is(folded, aux - 1, WordClass::PerfectOrModal) {
            aux -= 1;
        }
        return crate::victims::passive_subject(folded, words, quantities, aux, stops);
    }
    // "nine policemen and two civilians died": a verb of dying counts its subject, an adverb perhaps between
    // ("four civilians, including two children, also died").
    if at.len() == 1 && words.is(folded, at.start, WordClass::DiedVerb) {
        let adverb = at.start > 0 && words.is(folded, at.start - 1, WordClass::ParticipleAdverb);
        return crate::victims::passive_subject(folded, words, quantities, at.start - usize::from(adverb), stops);
    }
    // "to help the wounded, the fighters opened fire": after an article the participle is a noun for people, and
    // takes no object.
    let determiner = at.start > 0 && is_determiner(words.text(folded, at.start - 1));
    if determiner
        && at.len() == 1
        && (verb.ends_with("ed") || verb == "dead")
        && !object_follows(folded, words, quantities, at)
    {
        return None;
    }
    // "killed X", "killing X", "the deaths of X", "the capture of X"; "shot dead a commander" (a phrase of people
    // opens right after the words).
    let next = words.text(folded, at.end);
    let opens_people = crate::is_word(WordClass::IndefiniteHead, next)
        || crate::is_word(WordClass::DefiniteHead, next)
        || quantities.iter().any(|q| words.span(&q.range).start == at.end);
    let takes_object =
        verb.ends_with("ed") || verb.ends_with("ing") || verb == "of" || next == "of" || at.len() > 1 && opens_people;
    takes_object.then(|| crate::victims::object_list(folded, words, quantities, at.end, stops)).flatten()
}

/// A casualty word with no figure: "others" or a vague plural imply at least one (three for an Arabic
/// plural, as the convention in gold/README.md says); "all on board" at least one.
fn implied(folded: &str, hits: &[&Hit<'_>], words: &Words, at: &Range<usize>, arabic: bool) -> Count {
    let near = |h: &Hit<'_>| {
        let w = words.span(&h.range);
        (w.start >= at.end && w.start - at.end <= 3) || (w.end <= at.start && at.start - w.end <= 3)
    };
    let others = hits.iter().any(|h| matches!(h.sense, Sense::Cue(Cue::Others | Cue::AllOnBoard)) && near(h));
    let plural_members = hits.iter().any(|h| match h.sense {
        Sense::Actor { role: ActorRole::Members | ActorRole::Generic, .. } if near(h) => {
            let s = &folded[h.range.clone()];
            s.ends_with("ين") || s.ends_with("ون") || s.ends_with("ود") || s.starts_with("جنود")
        }
        _ => false,
    });
    // An Arabic dual names two: "مقتل جنديين", after the subject "قتل قناص المجاهدين جنديين", and before a verb,
    // "إن جنديين فقط قتلا", also with a phrase of whose they are between ("إن جنديين من قواته أصيبا").
    let dual_at = |i: usize| sitrep_count::known_arabic_dual(words.text(folded, i));
    let dual = arabic
        && ((at.end..(at.end + 3).min(words.len())).any(dual_at)
            || (at.start.saturating_sub(4)..at.start)
                .any(|i| dual_at(i) && (at.start - i <= 2 || words_are_filler(folded, hits, words, i + 1..at.start))));
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
pub(super) fn negated(folded: &str, hits: &[&Hit<'_>], words: &Words, casualty: &Range<usize>) -> bool {
    let at = words.span(casualty);
    hits.iter().any(|h| {
        matches!(h.sense, Sense::Cue(Cue::Negation)) && {
            let w = words.span(&h.range);
            // "No Afghan or coalition forces were killed": the negation opens the phrase of those not hit.
            let phrase = || {
                crate::is_word(WordClass::NegativeDeterminer, &folded[h.range.clone()])
                    && folded.get(h.range.end..casualty.start).is_some_and(|b| !b.contains([',', ';', ':', '.']))
                    && !hits.iter().any(|c| {
                        matches!(c.sense, Sense::Casualty { .. })
                            && c.range.start > h.range.end
                            && c.range.end <= casualty.start
                    })
            };
            w.end <= at.start && (at.start - w.end <= 3 || (at.start - w.end <= 6 && phrase()))
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
    let clause_word = range.clone().any(|i| words.is(folded, i, WordClass::SceneMarker));
    !blocked && !clause_word
}
