//! Data-driven cases, one file per language (`tests/cases/*.tsv`): texts written for these tests and the
//! fields extraction must read from them.

use sitrep_extract::{extract, Count, Entry, Metadata};

fn count(c: &Option<Count>, part: &str) -> String {
    let v = c.and_then(|c| match part {
        "low" => c.low,
        "high" => c.high,
        _ => c.best,
    });
    v.map(|v| v.to_string()).unwrap_or_default()
}

fn field(e: &Entry, name: &str) -> String {
    let s = |o: &Option<String>| o.clone().unwrap_or_default();
    match name {
        "kind" => e.kind.as_str().to_string(),
        "claimant" => s(&e.claimant),
        "spokesperson" => s(&e.spokesperson),
        "event_type" => s(&e.event_type),
        "summarizes" => e.summarizes.join(","),
        "destroyed" => e
            .destroyed
            .iter()
            .map(|d| format!("{}:{}", d.item, d.count.map(|c| c.to_string()).unwrap_or_default()))
            .collect::<Vec<_>>()
            .join(","),
        "perpetrator" => s(&e.perpetrator),
        "target" => s(&e.target),
        "sub_event_type" => s(&e.sub_event_type),
        "weapon" => s(&e.weapon),
        "province" => s(&e.location.province),
        "district" => s(&e.location.district),
        "place" => s(&e.location.place),
        "geo_precision" => e.location.geo_precision.map(|g| g.to_string()).unwrap_or_default(),
        "killed_best" => count(&e.killed, "best"),
        "killed_low" => count(&e.killed, "low"),
        "killed_high" => count(&e.killed, "high"),
        "wounded_best" => count(&e.wounded, "best"),
        "wounded_low" => count(&e.wounded, "low"),
        "captured_low" => count(&e.captured, "low"),
        "attacks" => e.attacks.map(|a| a.to_string()).unwrap_or_default(),
        "provinces" => e.provinces.join(","),
        "date" => e.date.map(|d| d.start.to_string()).unwrap_or_default(),
        other => panic!("unknown field {other} in a case file"),
    }
}

fn run(file: &str, cases: &str) {
    let mut failures = Vec::new();
    let mut lines = cases.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    lines.next(); // header
    for line in lines {
        let cells: Vec<&str> = line.split('\t').collect();
        // An optional fourth column gives the publication date, the anchor of relative dates.
        let (name, text, expect, published) = match cells[..] {
            [name, text, expect] => (name, text, expect, None),
            [name, text, expect, published] => (name, text, expect, Some(published)),
            _ => panic!("{file}: malformed line {line:?}"),
        };
        // "received=YYYY-MM-DD": an undated document's day of receipt instead.
        let (received, published) = match published.map(|p| p.strip_prefix("received=").ok_or(p)) {
            Some(Ok(r)) => (Some(r), None),
            Some(Err(p)) => (None, Some(p)),
            None => (None, None),
        };
        let date = |p: &str| p.parse().unwrap_or_else(|_| panic!("{file}:{name}: bad date {p}"));
        let (published, received) = (published.map(date), received.map(date));
        // "\\n" in a cell stands for a line break: a page's title, stamp and paragraphs.
        let text = text.replace("\\n", "\n");
        let got = extract(&text, &Metadata { published, language: None, received });
        for check in expect.split(" | ") {
            let (key, want) = check.split_once('=').unwrap_or_else(|| panic!("{file}:{name}: bad check {check}"));
            let actual = if key == "n" {
                got.entries.len().to_string()
            } else {
                let (i, f) = key.split_once('.').unwrap_or_else(|| panic!("{file}:{name}: bad key {key}"));
                let i: usize = i.parse().unwrap_or_else(|_| panic!("{file}:{name}: bad index {i}"));
                got.entries.get(i).map_or_else(|| "<no entry>".to_string(), |e| field(e, f))
            };
            if actual != want {
                failures.push(format!("{file}:{name}: {key} expected {want:?}, got {actual:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn english_cases() {
    run("en.tsv", include_str!("cases/en.tsv"));
}

#[test]
fn arabic_cases() {
    run("ar.tsv", include_str!("cases/ar.tsv"));
}

#[test]
fn dari_cases() {
    run("fa.tsv", include_str!("cases/fa.tsv"));
}

#[test]
fn pashto_cases() {
    run("ps.tsv", include_str!("cases/ps.tsv"));
}

/// Regression: a figure before a singular casualty noun once sliced the text backwards (found by fuzzing).
#[test]
fn figure_before_a_person_does_not_panic() {
    let text = "قُتل 23 شخص، بينهم 18 جندياً، قتل قائد في ولاية هلمند";
    let got = extract(text, &Metadata::default());
    for e in &got.entries {
        assert!(text.get(e.evidence.clone()).is_some());
    }
}

/// Regression: two figures inside one word ("3ا0") once put the second before the first's end (found by
/// fuzzing).
#[test]
fn figures_sharing_a_word_do_not_panic() {
    for text in ["the Taliban killed 3ا0 soldiers and 5 policemen", "قتل 3ا0 جنود و5 من الشرطة"] {
        let got = extract(text, &Metadata::default());
        for e in &got.entries {
            assert!(text.get(e.evidence.clone()).is_some());
        }
    }
}
