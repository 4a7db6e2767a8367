//! The newsroom report of linked incidents: one paragraph per claimant, the claimant table and a chart of
//! incidents per week (SVG), as text, Markdown or HTML; and aggregate claims set against the incidents found.
//!
//! It reads plain values the store gives (incidents with their entries) and runs no query: any backend's
//! incidents make the same report.

pub use report::{aggregate_claims, escape_html, ActorParagraph, AggregateClaim, Report, ReportQuery};

mod report;
