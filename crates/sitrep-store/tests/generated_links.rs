//! Linking a generated store of bulletins and reports whose true incidents are known (`bulletins`): pairwise
//! precision and recall, the monthly tally against the truth, and the same incidents whatever the order the
//! documents were stored in. `cargo run --release -p sitrep-store --example generated_links` runs the same
//! at 100,000 entries.

mod bulletins;

use sitrep_reconcile::Config;
use sitrep_store::{SqliteStore, Storage};

fn linked(documents: &[sitrep_store::Prepared]) -> SqliteStore {
    let mut store = bulletins::stored(documents);
    store.relink(&Config::default()).expect("linked");
    store
}

#[test]
fn generated_bulletins_link_as_generated() {
    let generated = bulletins::generate(6_000, 7);
    let mut store = linked(&generated.documents);
    let score = bulletins::score(&mut store, &generated);
    eprintln!("{}", score.summary());
    assert!(score.precision() >= 0.95, "precision {:.3}", score.precision());
    assert!(score.recall() >= 0.95, "recall {:.3}", score.recall());
    // Every month is there, with its incidents to within 0.5%: what is left are accounts too vague to place
    // (a ministry's line naming only the province, beside a bulletin item without a date).
    for (month, found, truth) in &score.months {
        assert!((found - truth).abs() * 200 <= *truth, "incidents in {month}: {found}, truly {truth}");
    }
    // Stored in another order (documents reversed, then every third moved to the front): the same incidents.
    let reordered: Vec<_> = {
        let reversed = generated.documents.iter().rev().cloned().enumerate();
        let (front, back): (Vec<_>, Vec<_>) = reversed.partition(|(n, _)| n % 3 == 0);
        front.into_iter().chain(back).map(|(_, d)| d).collect()
    };
    let mut other = linked(&reordered);
    assert!(bulletins::score(&mut other, &generated).incidents == score.incidents, "another order, other incidents");
    // Read from another folder: the same incidents (nothing in linking depends on where a file sits).
    let moved = moved(&generated, "elsewhere");
    let mut elsewhere = linked(&moved.documents);
    let back: std::collections::BTreeSet<_> = bulletins::score(&mut elsewhere, &moved)
        .incidents
        .into_iter()
        .map(|i| i.into_iter().map(|(o, id)| (o.trim_start_matches("elsewhere/").to_string(), id)).collect())
        .collect();
    assert!(back == score.incidents, "another folder, other incidents");
}

/// The same documents read from another folder: every origin under `folder`.
fn moved(generated: &bulletins::Generated, folder: &str) -> bulletins::Generated {
    let documents = generated
        .documents
        .iter()
        .cloned()
        .map(|mut d| {
            d.origin = format!("{folder}/{}", d.origin);
            d
        })
        .collect();
    let truth = generated.truth.iter().map(|((o, id), &t)| ((format!("{folder}/{o}"), id.clone()), t)).collect();
    bulletins::Generated { documents, truth, days: generated.days.clone() }
}
