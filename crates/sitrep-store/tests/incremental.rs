//! Incremental linking (issue 15): documents stored in random orders and batches of random sizes, each batch
//! linked incrementally (`ensure_linked`), give exactly what a full relink gives — the same incidents (ids
//! too), links and tally buckets — and the same incidents whatever the order; with the user's splits and
//! merges, and with documents extracted again (entries retired). On generated stores and on the development
//! documents of `../shared` (skipped with a message when absent).

#[allow(dead_code)]
mod bulletins;

use std::collections::BTreeSet;

use sitrep_extract::{extract, Metadata};
use sitrep_reconcile::Config;
use sitrep_store::{ContentHash, Prepared, RunInfo, SqliteStore, Storage};

/// A deterministic stream of pseudo-random numbers (SplitMix64).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % n.max(1) as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// Everything a link writes, as text: incidents, members, links and tally buckets, in a fixed order.
#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    incidents: Vec<String>,
    members: Vec<String>,
    links: Vec<String>,
    buckets: Vec<String>,
}

fn rows(store: &SqliteStore, sql: &str) -> Vec<String> {
    let conn = store.connection();
    let mut stmt = conn.prepare(sql).expect("query");
    let n = stmt.column_count();
    let mut out: Vec<String> = stmt
        .query_map([], |r| {
            let values: Vec<String> = (0..n)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                .collect::<Result<_, _>>()?;
            Ok(values.join("|"))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("row");
    out.sort();
    out
}

fn snapshot(store: &SqliteStore) -> Snapshot {
    Snapshot {
        incidents: rows(store, "SELECT id, entries, disagreements FROM incidents"),
        members: rows(store, "SELECT entry_id, incident_id FROM incident_entries"),
        links: rows(store, "SELECT a, b, kind, score, reason, features FROM links"),
        buckets: rows(store, "SELECT * FROM tally_buckets"),
    }
}

/// The incidents as sets of (document, local id): comparable between stores of other entry ids.
fn partition(store: &SqliteStore) -> BTreeSet<BTreeSet<(Vec<u8>, String)>> {
    let mut stmt = store
        .connection()
        .prepare(
            "SELECT ie.incident_id, d.first_hash, e.local_id FROM incident_entries ie
             JOIN entries e ON e.id = ie.entry_id JOIN documents d ON d.id = e.document_id",
        )
        .expect("query");
    let mut incidents: std::collections::BTreeMap<i64, BTreeSet<(Vec<u8>, String)>> = Default::default();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?))).expect("rows");
    for row in rows {
        let (incident, hash, local) = row.expect("row");
        incidents.entry(incident).or_default().insert((hash, local));
    }
    incidents.into_values().collect()
}

/// Asserts that what the incremental links wrote is what a full relink writes (and leaves the full one).
fn assert_as_full(store: &mut SqliteStore, what: &str) {
    let incremental = snapshot(store);
    store.relink(&Config::default()).expect("relink");
    let full = snapshot(store);
    assert!(!full.incidents.is_empty(), "{what}: no incidents");
    for (name, a, b) in [
        ("incidents", &incremental.incidents, &full.incidents),
        ("members", &incremental.members, &full.members),
        ("links", &incremental.links, &full.links),
        ("buckets", &incremental.buckets, &full.buckets),
    ] {
        let only_a: Vec<_> = a.iter().filter(|x| !b.contains(x)).take(3).collect();
        let only_b: Vec<_> = b.iter().filter(|x| !a.contains(x)).take(3).collect();
        assert!(a == b, "{what}: {name} differ; incremental only {only_a:?}; full only {only_b:?}");
    }
}

/// Stores `documents` in batches of random sizes (at most `largest`), linking incrementally after each;
/// `after_batch` runs after each link. Sets `relinked_part` when a link after the first relinked fewer
/// events than stored (the incremental path was taken, not a full relink).
fn store_in_batches(
    documents: &[Prepared],
    rng: &mut Rng,
    largest: usize,
    relinked_part: &mut bool,
    mut after_batch: impl FnMut(&mut SqliteStore, usize),
) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().expect("store");
    let run = store.run(&RunInfo::current()).expect("run");
    let ingest = store.begin_ingest().expect("ingest");
    let mut rest = documents;
    let mut batch = 0;
    while !rest.is_empty() {
        let n = 1 + rng.below(largest.min(rest.len()));
        store.store_batch(run, ingest, &rest[..n], &[]).expect("stored");
        rest = &rest[n..];
        let linked = store.ensure_linked().expect("linked").map_or(0, |s| s.entries);
        let events: u64 = store
            .connection()
            .query_row("SELECT count(*) FROM entries WHERE current = 1 AND kind = 'event'", [], |r| r.get(0))
            .expect("count");
        if batch > 0 && linked < events {
            *relinked_part = true;
        }
        after_batch(&mut store, batch);
        batch += 1;
    }
    store
}

#[test]
fn generated_stores_link_incrementally_as_in_full_in_any_order() {
    let generated = bulletins::generate(600, 15);
    let mut partitions = Vec::new();
    for seed in 1..=3u64 {
        let mut rng = Rng(seed);
        let mut documents = generated.documents.clone();
        rng.shuffle(&mut documents);
        let mut part = false;
        let mut store = store_in_batches(&documents, &mut rng, 60, &mut part, |_, _| {});
        assert!(part, "order {seed}: every link relinked the whole store");
        assert_as_full(&mut store, &format!("order {seed}"));
        partitions.push(partition(&store));
    }
    assert!(partitions.iter().all(|p| *p == partitions[0]), "another order, other incidents");
}

/// The first entry of the first incident of at least two entries, and one of another province.
fn decision_targets(store: &SqliteStore) -> Option<(i64, i64, i64)> {
    let pick = |sql: &str| -> Option<(i64, String)> {
        store.connection().query_row(sql, [], |r| Ok((r.get(0)?, r.get(1)?))).ok()
    };
    let (split, province) = pick(
        "SELECT ie.entry_id, e.province FROM incident_entries ie JOIN entries e ON e.id = ie.entry_id
         JOIN incidents i ON i.id = ie.incident_id WHERE i.entries >= 2 AND e.province IS NOT NULL
         ORDER BY ie.incident_id, ie.entry_id LIMIT 1",
    )?;
    let (other, _) = pick(&format!(
        "SELECT ie.entry_id, e.province FROM incident_entries ie JOIN entries e ON e.id = ie.entry_id
         WHERE e.province IS NOT NULL AND e.province <> '{}' ORDER BY ie.entry_id LIMIT 1",
        province.replace('\'', "''")
    ))?;
    let merged: i64 = store
        .connection()
        .query_row(
            "SELECT entry_id FROM incident_entries WHERE incident_id = (SELECT incident_id FROM incident_entries
             WHERE entry_id = ?1) AND entry_id <> ?1 ORDER BY entry_id LIMIT 1",
            [split],
            |r| r.get(0),
        )
        .ok()?;
    Some((split, merged, other))
}

#[test]
fn decisions_and_reextraction_hold_in_incremental_links() {
    let generated = bulletins::generate(400, 21);
    let mut rng = Rng(5);
    let mut documents = generated.documents.clone();
    rng.shuffle(&mut documents);
    let mut decided = false;
    let mut part = false;
    let mut store = store_in_batches(&documents, &mut rng, 60, &mut part, |store, batch| {
        if batch >= 1 && !decided {
            if let Some((split, merged, other)) = decision_targets(store) {
                // A split entry, and its former incident merged with one of another province: the merge
                // joins two blocks, which an incremental link must relink together.
                assert!(store.split(split).expect("split"));
                assert!(store.merge(merged, other).expect("merge"));
                decided = true;
            }
        }
        assert_as_full(store, &format!("batch {batch}"));
    });
    assert!(decided, "no incident to split");
    assert!(part, "every link relinked the whole store");
    // Some documents extracted again by another run: their entries retired, one dropped, one moved to
    // another province.
    let run = store.run(&RunInfo { extractor_version: "incremental-test".into(), ..RunInfo::current() }).expect("run");
    let revisions = store.pending(run, 12).expect("pending");
    let again: Vec<_> = revisions
        .into_iter()
        .filter_map(|rev| {
            let doc = documents.iter().find(|d| d.text == rev.text)?;
            let mut x = doc.extraction.clone();
            if x.entries.len() > 1 {
                x.entries.pop();
            }
            if let Some(first) = x.entries.first_mut() {
                first.location.province = Some("Kabul".into());
                first.location.district = None;
            }
            Some((rev, x))
        })
        .collect();
    assert!(!again.is_empty(), "no revision to extract again");
    store.store_extractions(run, &again).expect("stored");
    store.ensure_linked().expect("linked");
    assert_as_full(&mut store, "after re-extraction");
}

#[test]
fn development_documents_link_incrementally_as_in_full_in_any_order() {
    let Some(shared) = sitrep_eval::shared_dir() else {
        eprintln!("skipped: ../shared (the development documents) is not beside the checkout");
        return;
    };
    let mut texts = Vec::new();
    for folder in ["seeds", "dev"] {
        let Ok(dir) = std::fs::read_dir(shared.join(folder)) else { continue };
        let mut paths: Vec<_> = dir
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        paths.sort();
        for p in paths {
            if let Ok(text) = std::fs::read_to_string(&p) {
                texts.push((p.display().to_string(), text));
            }
        }
    }
    if texts.is_empty() {
        eprintln!("skipped: no development documents in ../shared");
        return;
    }
    let documents: Vec<Prepared> = texts
        .into_iter()
        .map(|(origin, text)| {
            let extraction = extract(&text, &Metadata::default());
            plain_text(origin, text, extraction)
        })
        .collect();
    let mut partitions = Vec::new();
    for seed in 1..=4u64 {
        let mut rng = Rng(seed);
        let mut order = documents.clone();
        rng.shuffle(&mut order);
        let mut part = false;
        let mut store = store_in_batches(&order, &mut rng, 8, &mut part, |_, _| {});
        assert_as_full(&mut store, &format!("development documents, order {seed}"));
        partitions.push(partition(&store));
    }
    assert!(partitions.iter().all(|p| *p == partitions[0]), "another order, other incidents");
}

/// A one-entry report without any date (no date in its words, no publication day): what meets others only
/// by its district, place, document or sketch. Phrase 0: one text told by many, with no district, by one of
/// two armed groups (which never link): copies to be found by their sketch alone, too common to be.
fn undated_report(n: usize, phrase: usize, rng: &mut Rng) -> Prepared {
    use sitrep_extract::{Count, Entry, Extraction, Kind, Language, Location};
    let (district, killed, claimant, perpetrator) = match phrase {
        0 => (None, 3, format!("Reporter {n}"), ["Taliban", "Islamic State Khorasan"][n % 2]),
        _ => (
            Some(["Nad Ali", "Marjah", "Garmsir"][rng.below(3)]),
            1 + rng.below(3) as u32,
            ["Taliban", "Ministry of Defence"][rng.below(2)].to_string(),
            "Taliban",
        ),
    };
    let text = match district {
        None => format!("Report {n}. Fighters attacked a checkpoint near the river, killing {killed} soldiers."),
        Some(d) => format!("Note {n}: {killed} people died when a roadside mine exploded in {d} (phrase {phrase})."),
    };
    let evidence = text.find(['.', ':']).map_or(0, |i| i + 2).min(text.len());
    let mut spans = std::collections::BTreeMap::new();
    spans.insert("evidence", std::iter::once(evidence..text.len()).collect());
    let entry = Entry {
        id: "e1".into(),
        kind: Kind::Event,
        summarizes: Vec::new(),
        derived_from: Vec::new(),
        claimant: Some(claimant),
        spokesperson: None,
        perpetrator: Some(perpetrator.into()),
        target: Some("Afghan National Army".into()),
        event_type: Some("Battles".into()),
        sub_event_type: Some("Armed clash".into()),
        weapon: None,
        location: Location {
            province: Some("Helmand".into()),
            district: district.map(str::to_string),
            place: None,
            lat: None,
            lon: None,
            geo_precision: None,
        },
        killed: Some(Count::exact(killed)),
        wounded: None,
        captured: None,
        destroyed: Vec::new(),
        attacks: None,
        provinces: Vec::new(),
        period: None,
        date: None,
        evidence: evidence..text.len(),
        spans,
    };
    let extraction = Extraction { language: Language::English, entries: vec![entry], diagnostics: Vec::new() };
    plain_text(format!("undated/{n}.txt"), text, extraction)
}

/// A plain-text document with nothing known of it but its text and what was read from it.
fn plain_text(origin: String, text: String, extraction: sitrep_extract::Extraction) -> Prepared {
    Prepared {
        hash: ContentHash::of(text.as_bytes()),
        origin,
        source: None,
        url: None,
        title: None,
        published: None,
        date_fallback: None,
        declared_language: None,
        media_type: "text/plain",
        raw: None,
        extraction,
        text,
    }
}

/// Entries without any day beside generated ones in one province: few of one phrase (met pairwise by name and
/// sketch), then more than the linker compares by one sketch hash (the whole block relinked).
#[test]
fn undated_entries_link_incrementally_as_in_full() {
    let generated = bulletins::generate(300, 8);
    let mut rng = Rng(13);
    let mut documents = generated.documents.clone();
    documents.extend((0..30).map(|n| undated_report(n, 1 + n % 10, &mut rng)));
    rng.shuffle(&mut documents);
    // One phrase told 70 times, by one group's side first, then the other's: once more entries share its
    // sketch hashes than find copies, the first side's copies no longer link, though nothing of the second
    // side can link with them.
    documents.extend(
        (30..100)
            .filter(|n| n % 2 == 1)
            .chain((30..100).filter(|n| n % 2 == 0))
            .map(|n| undated_report(n, 0, &mut rng)),
    );
    let mut part = false;
    let mut store = store_in_batches(&documents, &mut rng, 40, &mut part, |store, batch| {
        if batch % 2 == 1 {
            assert_as_full(store, &format!("undated, batch {batch}"));
        }
    });
    assert!(part, "every link relinked the whole store");
    assert_as_full(&mut store, "undated, at the end");
    let count = |sql: &str| -> i64 { store.connection().query_row(sql, [], |r| r.get(0)).expect("count") };
    assert_eq!(
        count("SELECT count(*) FROM link_reach WHERE start IS NULL"),
        100,
        "undated entries indexed without days"
    );
    // Some of them linked: the pairs found by name or sketch are there to find.
    let linked = count(
        "SELECT count(*) FROM incidents i WHERE i.entries > 1 AND EXISTS (SELECT 1 FROM incident_entries ie
         JOIN entries e ON e.id = ie.entry_id JOIN documents d ON d.id = e.document_id
         JOIN revisions r ON r.document_id = d.id WHERE ie.incident_id = i.id AND r.origin LIKE 'undated/%')",
    );
    assert!(linked > 0, "no undated entry linked");
}
