//! Reconciliation: which entries, in one document or several, tell the same incident; why (the features and
//! score behind every link); how an incident's figures count under each basis.
//!
//! Pure: no I/O, no SQL, no clock. `sitrep-store` loads the entries and stores what [`link`] returns.

pub use combine::{
    check_aggregate, corroborated, disagreements, facts, AggregateCheck, Basis, Disagreement, IncidentFacts,
};
pub use decisions::{resolve_decisions, Anchor, RecordedDecision};
pub use entry::{jaccard, shingles, DayRange, EntryKind, Figure, LinkEntry};
pub use features::{decide, features, norm, Agreement, Config, Decision, Features};
pub use linker::{
    block, could_link, link, link_within, reach, Incident, Link, LinkKind, Linking, ManualDecision, Reach,
    UNDATED_LIMITS,
};
pub use tally::TallyDimension;

mod combine;
mod decisions;
mod entry;
mod features;
mod linker;
mod tally;
