//! Perpetrator and target of a unit, scored from the words around each actor mention.

use std::ops::Range;

use sitrep_lexicon::{ActorRole, CasualtyField, Cue, Sense};

use super::{self_designating, Mention, Read, Reading, Unit, PREPOSITIONS};

/// Perpetrator and target from the words around each actor mention.
pub(super) fn read_roles(u: &Unit<'_, '_>, r: &mut Reading) {
    let (folded, hits, words) = (u.folded, &u.hits[..], u.words);
    let (arabic, verb_first, first_word) = (u.arabic, u.verb_first, u.first_word);
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
