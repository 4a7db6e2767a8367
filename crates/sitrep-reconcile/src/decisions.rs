//! The user's split and merge decisions, kept across re-extraction: each is recorded against a document and
//! the evidence span of the entry it was made on (an [`Anchor`]), never an entry id, and resolved before each
//! link to the current entry of that document whose evidence overlaps the span most.

use crate::ManualDecision;

/// Where a decision points: a document and an evidence span in it (byte offsets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Anchor {
    pub document: i64,
    pub start: i64,
    pub end: i64,
}

/// A decision as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordedDecision {
    Split(Anchor),
    Merge(Anchor, Anchor),
}

/// How much of the longer of two spans they share, for an anchor to move to a re-extracted entry.
const MIN_OVERLAP: f64 = 0.2;

/// `recorded` (in the order made) as current entry ids. `current` holds each current entry of the anchored
/// documents as (entry id, its evidence); an anchor resolves to the one overlapping it most (the first of
/// equals), sharing at least a fifth of the longer span. A decision with an anchor that resolves to no entry
/// is dropped.
pub fn resolve_decisions(recorded: &[RecordedDecision], current: &[(i64, Anchor)]) -> Vec<ManualDecision> {
    let resolve = |at: Anchor| -> Option<i64> {
        let mut best: Option<(f64, i64)> = None;
        for (id, e) in current.iter().filter(|(_, e)| e.document == at.document) {
            let overlap = (e.end.min(at.end) - e.start.max(at.start)).max(0) as f64
                / (e.end - e.start).max(at.end - at.start).max(1) as f64;
            if overlap >= MIN_OVERLAP && !matches!(best, Some((o, _)) if o >= overlap) {
                best = Some((overlap, *id));
            }
        }
        best.map(|(_, id)| id)
    };
    recorded
        .iter()
        .filter_map(|d| match *d {
            RecordedDecision::Split(a) => Some(ManualDecision::Split(resolve(a)?)),
            RecordedDecision::Merge(a, b) => Some(ManualDecision::Merge(resolve(a)?, resolve(b)?)),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const fn at(document: i64, start: i64, end: i64) -> Anchor {
        Anchor { document, start, end }
    }

    #[test]
    fn an_anchor_moves_to_the_entry_overlapping_it_most() {
        // Re-extraction moved the evidence of the split entry a little; another document has the same span.
        let current = [(10, at(1, 0, 40)), (11, at(1, 45, 100)), (12, at(2, 50, 100)), (13, at(1, 50, 98))];
        let recorded = [RecordedDecision::Split(at(1, 50, 100)), RecordedDecision::Merge(at(1, 0, 30), at(2, 60, 100))];
        assert_eq!(resolve_decisions(&recorded, &current), [ManualDecision::Split(13), ManualDecision::Merge(10, 12)]);
    }

    #[test]
    fn a_decision_whose_entry_is_gone_is_dropped() {
        let current = [(10, at(1, 0, 40)), (11, at(2, 0, 40))];
        // Less than a fifth of the longer span shared; a document with no current entry.
        let recorded = [
            RecordedDecision::Split(at(1, 35, 100)),
            RecordedDecision::Merge(at(1, 0, 40), at(3, 0, 40)),
            RecordedDecision::Merge(at(1, 0, 40), at(2, 0, 40)),
        ];
        assert_eq!(resolve_decisions(&recorded, &current), [ManualDecision::Merge(10, 11)]);
    }
}
