//! Incidents, tallies and reports as a user runs them, on the development documents of `../shared` (skipped
//! with a message when it is absent).

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db);
    c
}

fn run(cmd: &mut Command) -> Output {
    let o = cmd.output().expect("sitrep runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.join("gold").is_dir() {
        Some(p)
    } else {
        eprintln!("skipped: ../shared (gold and development documents) is not beside the checkout");
        None
    }
}

/// Gold event entries: (file name, id) -> (evidence byte ranges, incident).
type Gold = HashMap<(String, String), (Vec<(usize, usize)>, Option<String>)>;

fn gold(root: &Path) -> (Gold, Vec<PathBuf>) {
    let mut out = HashMap::new();
    let mut docs = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(root.join("gold"))
        .expect("gold")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    for path in names {
        let g: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let doc = g["document"].as_str().expect("document");
        let text = std::fs::read_to_string(root.join(doc)).expect("document text");
        docs.push(root.join(doc));
        let base = Path::new(doc).file_name().expect("name").to_string_lossy().into_owned();
        for e in g["events"].as_array().expect("events") {
            if e.get("kind").and_then(Value::as_str).unwrap_or("event") != "event" {
                continue;
            }
            let ev = e["evidence"].as_str().expect("evidence");
            let occ: Vec<(usize, usize)> = text.match_indices(ev).map(|(i, m)| (i, i + m.len())).collect();
            let id = e["id"].as_str().expect("id").to_string();
            out.insert((base.clone(), id), (occ, e.get("incident").and_then(Value::as_str).map(str::to_string)));
        }
    }
    (out, docs)
}

fn pairs(keys: &BTreeSet<(String, String)>) -> BTreeSet<((String, String), (String, String))> {
    let v: Vec<_> = keys.iter().cloned().collect();
    let mut out = BTreeSet::new();
    for i in 0..v.len() {
        for j in i + 1..v.len() {
            out.insert((v[i].clone(), v[j].clone()));
        }
    }
    out
}

/// `score_links.py` reimplemented: (precision, recall, recall over gold pairs whose entries were both found).
fn score(gold: &Gold, incidents: &str) -> (f64, f64, f64) {
    let mut truth = BTreeSet::new();
    let mut groups: HashMap<&str, BTreeSet<(String, String)>> = HashMap::new();
    for (k, (_, inc)) in gold {
        if let Some(i) = inc {
            groups.entry(i).or_default().insert(k.clone());
        }
    }
    for g in groups.values() {
        truth.extend(pairs(g));
    }
    let mut found = BTreeSet::new();
    let mut matched = BTreeSet::new();
    for line in incidents.lines() {
        let inc: Value = serde_json::from_str(line).expect("jsonl");
        let mut keys = BTreeSet::new();
        for m in inc["entries"].as_array().expect("entries") {
            let base = Path::new(m["document"].as_str().expect("document"))
                .file_name()
                .expect("name")
                .to_string_lossy()
                .into_owned();
            let (s, e) = (
                m["evidence"]["start"].as_u64().expect("start") as usize,
                m["evidence"]["end"].as_u64().expect("end") as usize,
            );
            let mut best: Option<((String, String), f64)> = None;
            for (k, (occ, _)) in gold {
                if k.0 != base {
                    continue;
                }
                for &(gs, ge) in occ {
                    let ov = e.min(ge).saturating_sub(s.max(gs)) as f64 / (e - s).max(ge - gs).max(1) as f64;
                    if ov >= best.as_ref().map_or(0.2, |b| b.1) {
                        best = Some((k.clone(), ov));
                    }
                }
            }
            if let Some((k, _)) = best {
                keys.insert(k.clone());
                matched.insert(k);
            }
        }
        found.extend(pairs(&keys));
    }
    let tp = truth.intersection(&found).count() as f64;
    let reachable = truth.iter().filter(|(a, b)| matched.contains(a) && matched.contains(b)).count() as f64;
    let p = if found.is_empty() { 0.0 } else { tp / found.len() as f64 };
    let r = if truth.is_empty() { 0.0 } else { tp / truth.len() as f64 };
    let linking_r = if reachable == 0.0 { 0.0 } else { tp / reachable };
    (p, r, linking_r)
}

fn ingest(db: &Path, docs: &[PathBuf]) {
    run(sitrep(db).arg("ingest").args(docs));
}

#[test]
fn dev_documents_link_as_the_gold_says() {
    let Some(root) = shared() else { return };
    let (gold, docs) = gold(&root);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("links.db");
    ingest(&db, &docs);
    let out = stdout(&run(sitrep(&db).args(["incidents", "--format", "jsonl"])));
    let (p, r, linking_r) = score(&gold, &out);
    eprintln!(
        "incident linking precision {p:.3} recall {r:.3} (recall over entries the extractor found: {linking_r:.3})"
    );
    // Floors just under what this version measures on the 39 development documents (0.989 / 0.841 / 0.957),
    // with a margin for rounding so a floor never sits on the measured value (a ratchet: raised as linking and
    // extraction improve, never lowered). Recall is bounded by extraction: an entry whose evidence does not
    // overlap the gold's cannot be scored, so linking recall counts only pairs whose entries were both found.
    assert!(p >= 0.98, "precision {p:.3}");
    assert!(linking_r >= 0.95, "linking recall {linking_r:.3}");
    assert!(r >= 0.83, "recall {r:.3}");
    // Every line has the contract's keys; only events are listed.
    for line in out.lines() {
        let v: Value = serde_json::from_str(line).expect("json");
        for key in ["id", "entries", "disagreements"] {
            assert!(v.get(key).is_some(), "{key} in {line}");
        }
    }
    let explain = stdout(&run(sitrep(&db)
        .args(["incidents", "show"])
        .arg(
            out.lines()
                .map(|l| serde_json::from_str::<Value>(l).expect("json"))
                .find(|v| v["entries"].as_array().is_some_and(|e| e.len() > 1))
                .map(|v| v["id"].to_string())
                .expect("a linked incident"),
        )
        .arg("--explain")));
    assert!(explain.contains("score") && explain.contains("province="), "{explain}");
}

fn incident_groups(db: &Path) -> Vec<Vec<(String, u64)>> {
    let out = stdout(&run(sitrep(db).args(["incidents", "--format", "jsonl"])));
    out.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("json");
            v["entries"]
                .as_array()
                .expect("entries")
                .iter()
                .map(|e| {
                    (e["document"].as_str().unwrap_or("").to_string(), e["evidence"]["start"].as_u64().unwrap_or(0))
                })
                .collect()
        })
        .collect()
}

#[test]
fn split_and_merge_survive_reextraction() {
    let Some(root) = shared() else { return };
    let docs = [root.join("dev/x3_en_ariana_shortepa.txt"), root.join("dev/x4_en_tamilguardian_shortepa.txt")];
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("s.db");
    ingest(&db, &docs);
    let jsonl = stdout(&run(sitrep(&db).args(["incidents", "--format", "jsonl"])));
    let big: Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json"))
        .max_by_key(|v| v["entries"].as_array().map_or(0, Vec::len))
        .expect("incidents");
    let members = big["entries"].as_array().expect("entries");
    assert!(members.len() >= 3, "{jsonl}");
    let last = members.last().expect("entry");
    let (split_doc, split_start) =
        (last["document"].as_str().expect("doc").to_string(), last["evidence"]["start"].as_u64().expect("start"));
    run(sitrep(&db).args(["incidents", "split"]).arg(last["entry_id"].to_string()));
    let alone =
        |groups: &[Vec<(String, u64)>]| groups.iter().any(|g| g.len() == 1 && g[0] == (split_doc.clone(), split_start));
    assert!(alone(&incident_groups(&db)));
    // Re-extraction by "another" extractor: every entry gets a new id; the decision holds.
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.execute("UPDATE extraction_runs SET extractor_version = 'old-' || id", []).expect("update");
    drop(conn);
    run(sitrep(&db).arg("reextract"));
    let groups = incident_groups(&db);
    assert!(alone(&groups), "{groups:?}");
    // Merge it back with the d4-like lone incident of x4 (another province): a user's decision wins.
    let ids: Vec<i64> = stdout(&run(sitrep(&db).args(["incidents", "--format", "jsonl"])))
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("json")["id"].as_i64().expect("id"))
        .collect();
    let before = ids.len();
    run(sitrep(&db).args(["incidents", "merge"]).arg(ids[0].to_string()).arg(ids[ids.len() - 1].to_string()));
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.execute("UPDATE extraction_runs SET extractor_version = 'old-' || id", []).expect("update");
    drop(conn);
    run(sitrep(&db).arg("reextract"));
    assert_eq!(incident_groups(&db).len(), before - 1);
}

fn tally_csv(db: &Path, args: &[&str]) -> Vec<HashMap<String, String>> {
    let out = stdout(&run(sitrep(db).arg("tally").args(args).args(["--format", "csv"])));
    let mut lines = out.lines();
    let header: Vec<String> = lines.next().expect("header").split(',').map(str::to_string).collect();
    lines.map(|l| header.iter().cloned().zip(l.split(',').map(str::to_string)).collect()).collect()
}

#[test]
fn tallies_count_each_incident_once_and_never_a_summary() {
    let Some(root) = shared() else { return };
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    ingest(
        &db,
        &[
            root.join("dev/x1_en_ians_balkh_checkpoint.txt"),
            root.join("dev/x2_en_daijiworld_balkh_checkpoint.txt"),
            root.join("dev/x3_en_ariana_shortepa.txt"),
            root.join("dev/x4_en_tamilguardian_shortepa.txt"),
            root.join("seeds/000_c1312da17cb5605f.txt"),
        ],
    );
    let rows = tally_csv(&db, &["--by", "province"]);
    assert!(rows.iter().all(|r| r.len() == 12), "{rows:?}");
    let row = |p: &str| rows.iter().find(|r| r["province"] == p).cloned().expect("row");
    // Balkh: two incidents, each told by four entries (two sources, two outlets).
    assert_eq!(row("Balkh")["incidents"], "2");
    // Kunar: the lead summary rolls up the two events told after it; it adds nothing.
    assert_eq!(row("Kunar")["incidents"], "2");
    let events = stdout(&run(sitrep(&db).args(["events", "--format", "jsonl"])));
    assert!(events.lines().any(|l| l.contains("\"kind\":\"summary\"") && l.contains("Kunar")));
    // Shortepa: the claimed basis takes the Taliban's claim (30), the corroborated the lowest (11).
    let claimed = tally_csv(&db, &["--by", "district"]);
    let corroborated = tally_csv(&db, &["--by", "district", "--basis", "corroborated"]);
    let shortepa = |rows: &[HashMap<String, String>]| {
        rows.iter().find(|r| r["district"] == "Shortepa").map(|r| r["killed_best"].clone())
    };
    assert_eq!(shortepa(&claimed).as_deref(), Some("30"));
    assert_eq!(shortepa(&corroborated).as_deref(), Some("11"));
    // A bulletin's own claims alone are not corroborated.
    assert!(corroborated.iter().all(|r| r["district"] != "Musa Qala"));
    let report = stdout(&run(sitrep(&db).args(["report", "--format", "html"])));
    assert!(report.contains("<svg") && report.contains("claimed") && !report.contains("<script"));
}

/// Ingested a few documents at a time, in another order, the development documents make the incidents of
/// one ingest (each ingest links only what is new); `sitrep relink` links all again to the same.
#[test]
fn ingests_in_parts_link_as_one_and_relink_keeps_them() {
    let Some(root) = shared() else { return };
    let (_, docs) = gold(&root);
    let dir = tempfile::tempdir().expect("tempdir");
    let whole = dir.path().join("whole.db");
    ingest(&whole, &docs);
    let sorted = |mut groups: Vec<Vec<(String, u64)>>| {
        groups.iter_mut().for_each(|g| g.sort());
        groups.sort();
        groups
    };
    let expected = sorted(incident_groups(&whole));
    assert!(expected.iter().any(|g| g.len() > 1), "no linked incident");
    let parts = dir.path().join("parts.db");
    let reversed: Vec<PathBuf> = docs.iter().rev().cloned().collect();
    for chunk in reversed.chunks(7) {
        ingest(&parts, chunk);
    }
    assert_eq!(sorted(incident_groups(&parts)), expected, "ingested in parts, other incidents");
    let o = run(sitrep(&parts).arg("relink"));
    assert!(String::from_utf8_lossy(&o.stderr).contains("relinked"), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(sorted(incident_groups(&parts)), expected, "relinked, other incidents");
}
