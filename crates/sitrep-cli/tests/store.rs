//! The store as a user runs it: ingest of files, folders, JSONL, HTML and bad documents; idempotence and
//! revisions; queries and exports; a real `kill -9` in the middle of an ingest.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db);
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("sitrep runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples").join(name);
    std::fs::read_to_string(path).expect("sample")
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(sql, [], |r| r.get(0)).expect("query")
}

/// A folder with every kind of input, good and bad.
fn corpus(dir: &Path) -> PathBuf {
    let root = dir.join("in");
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::fs::write(root.join("bulletin_ar.txt"), sample("bulletin_ar.txt")).expect("write");
    std::fs::write(root.join("sub/report_en.md"), sample("report_en.txt")).expect("write");
    let html = format!(
        "<html><head><title>Compilation</title><script>var a=1;</script></head><body><nav>Home | World</nav>\
         <article><p>{}</p></article><footer>Copyright</footer></body></html>",
        sample("compilation_en.txt").replace('&', "&amp;").replace('<', "&lt;").replace("\n\n", "</p><p>")
    );
    std::fs::write(root.join("sub/page.html"), html).expect("write");
    let lines = [
        serde_json::json!({"text": "Two soldiers were killed in Nad Ali district of Helmand province on Monday.", "url": "https://example.org/a", "publisher": "Example", "published": "2024-08-05"}).to_string(),
        "{not json".to_string(),
        serde_json::json!({"title": "no text"}).to_string(),
    ];
    std::fs::write(root.join("feed.jsonl"), lines.join("\n") + "\n").expect("write");
    std::fs::write(root.join("latin1.txt"), b"caf\xe9 \xff\xfe").expect("write");
    std::fs::write(root.join("binary.txt"), b"abc\0\x01\x02").expect("write");
    std::fs::write(root.join("notes.pdf"), b"%PDF-1.4").expect("write");
    root
}

#[test]
fn ingest_query_and_export() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let root = corpus(dir.path());
    let o = run(sitrep(&db).arg("ingest").arg(&root).args(["--published", "2024-08-08"]));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("skipped") && err.contains("notes.pdf"), "{err}");
    assert!(err.contains("feed.jsonl:2: not JSON"), "{err}");
    assert!(err.contains("feed.jsonl:3: no \"text\""), "{err}");
    assert!(err.contains("latin1.txt: not valid UTF-8 at byte offset 3"), "{err}");
    assert!(err.contains("binary.txt: looks binary"), "{err}");
    assert!(err.contains("4 failed"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 4);
    assert_eq!(count(&db, "SELECT count(*) FROM ingest_errors"), 4);
    assert_eq!(count(&db, "SELECT count(*) FROM revisions WHERE media_type = 'text/html' AND raw IS NOT NULL"), 1);

    // The same input again adds nothing; --db after the subcommand and $SITREP_DB work too.
    let before = count(&db, "SELECT count(*) FROM entries");
    let o = run(Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("ingest").arg(&root).arg("--db").arg(&db));
    assert!(stderr(&o).contains("0 stored"), "{}", stderr(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM entries"), before);
    let o = run(Command::new(env!("CARGO_BIN_EXE_sitrep")).arg("documents").env("SITREP_DB", &db));
    assert_eq!(stdout(&o).lines().count(), 5, "{}", stdout(&o));

    // JSONL: the contract plus document_id and entry_id; evidence text is the text at its offsets.
    let o = run(sitrep(&db).args(["events", "--format", "jsonl"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let lines: Vec<serde_json::Value> =
        stdout(&o).lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len() as i64, before);
    for v in &lines {
        for key in ["id", "kind", "claimant", "province", "killed", "evidence", "spans", "document", "language"] {
            assert!(v.get(key).is_some(), "{key} missing in {v}");
        }
        let doc = v["document_id"].as_i64().expect("document_id");
        assert!(v["entry_id"].as_i64().is_some());
        let text: String = rusqlite::Connection::open(&db)
            .expect("open")
            .query_row("SELECT text FROM revisions WHERE document_id = ?1", [doc], |r| r.get(0))
            .expect("text");
        let (s, e) =
            (v["evidence"]["start"].as_u64().unwrap() as usize, v["evidence"]["end"].as_u64().unwrap() as usize);
        assert_eq!(&text[s..e], v["evidence"]["text"].as_str().unwrap());
    }
    // Filters.
    let helmand = lines.iter().filter(|v| v["province"] == "Helmand").count();
    let o = run(sitrep(&db).args(["events", "--province", "helmand", "--format", "jsonl"]));
    assert_eq!(stdout(&o).lines().count(), helmand);
    let o = run(sitrep(&db).args(["events", "--kind", "event", "--limit", "2", "--format", "jsonl"]));
    assert!(stdout(&o).lines().count() <= 2);

    // GeoJSON.
    let o = run(sitrep(&db).args(["events", "--format", "geojson"]));
    let g: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("geojson");
    assert_eq!(g["type"], "FeatureCollection");
    let features = g["features"].as_array().expect("features");
    assert_eq!(features.len(), lines.len());
    for f in features {
        assert_eq!(f["type"], "Feature");
        match f["geometry"].as_object() {
            Some(p) => {
                assert_eq!(p["type"], "Point");
                assert_eq!(p["coordinates"][0], f["properties"]["lon"]);
            }
            None => assert!(f["properties"]["lon"].is_null() || f["properties"]["lat"].is_null()),
        }
    }

    // CSV, read back by Python's csv module.
    let o = run(sitrep(&db).args(["events", "--format", "csv"]));
    let csv_path = dir.path().join("events.csv");
    std::fs::write(&csv_path, &o.stdout).expect("write");
    let script = r#"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8')))
acled = "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 location latitude longitude geo_precision source source_scale notes fatalities tags timestamp".split()
assert rows[0][:31] == acled, rows[0]
assert "killed_best" in rows[0] and "claimant" in rows[0] and "evidence" in rows[0] and "document_id" in rows[0]
assert all(len(r) == len(rows[0]) for r in rows)
f = rows[0].index("fatalities")
assert all(r[f].isdigit() for r in rows[1:])
print(len(rows) - 1)
"#;
    match Command::new("python3").arg("-c").arg(script).arg(&csv_path).output() {
        Ok(p) => {
            assert!(p.status.success(), "{}", String::from_utf8_lossy(&p.stderr));
            assert_eq!(String::from_utf8_lossy(&p.stdout).trim(), lines.len().to_string());
        }
        Err(_) => eprintln!("skipped: python3 is not available to read the CSV back"),
    }

    // show.
    let o = run(sitrep(&db).args(["show", "1"]));
    assert!(o.status.success());
    assert!(stdout(&o).contains("revision 1"), "{}", stdout(&o));
    let o = run(sitrep(&db).args(["show", "999"]));
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_changed_text_under_the_same_url_is_a_revision() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let feed = |name: &str, text: &str| {
        let path = dir.path().join(name);
        let line = serde_json::json!({"text": text, "url": "https://example.org/story"}).to_string();
        std::fs::write(&path, line).expect("write");
        path
    };
    let a = feed("a.jsonl", "Three policemen were killed in Kandahar city on Sunday.");
    let b = feed("b.jsonl", "Four policemen were killed in Kandahar city on Sunday, officials said.");
    assert!(run(sitrep(&db).arg("ingest").arg(&a)).status.success());
    assert!(run(sitrep(&db).arg("ingest").arg(&b)).status.success());
    assert!(run(sitrep(&db).arg("ingest").arg(&a)).status.success());
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), 2);
    // Earlier results are kept, but only the latest revision's are current.
    assert_eq!(count(&db, "SELECT count(*) FROM extractions WHERE current = 1"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM extractions"), 2);
    // The same extractor has nothing to re-extract.
    let o = run(sitrep(&db).arg("reextract"));
    assert!(stderr(&o).contains(": 0 documents extracted"), "{}", stderr(&o));
}

#[test]
fn stdin_is_a_document() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let mut child = sitrep(&db)
        .args(["ingest", "-", "--source", "wire"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        stdin.write_all(sample("report_en.txt").as_bytes()).expect("write");
    }
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM sources WHERE name = 'wire'"), 1);
}

/// Kills an ingest of a few thousand documents with SIGKILL once it has committed some batches: the database
/// is consistent, and the same ingest completes it with no duplicates.
#[cfg(unix)]
#[test]
fn kill_9_in_the_middle_of_an_ingest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let root = dir.path().join("docs");
    std::fs::create_dir_all(&root).expect("mkdir");
    let texts = [sample("bulletin_ar.txt"), sample("report_en.txt"), sample("compilation_en.txt")];
    let n = 3000;
    for i in 0..n {
        let text = format!("Ref. {i}\n{}", texts[i % texts.len()]);
        std::fs::write(root.join(format!("{i:05}.txt")), text).expect("write");
    }
    let mut child = sitrep(&db)
        .arg("ingest")
        .arg(&root)
        .args(["--batch", "100"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    let mut committed = 0;
    while start.elapsed() < Duration::from_secs(120) {
        if db.exists() {
            if let Ok(conn) = rusqlite::Connection::open(&db) {
                committed = conn.query_row("SELECT count(*) FROM revisions", [], |r| r.get(0)).unwrap_or(0);
            }
        }
        if committed >= 200 || child.try_wait().ok().flatten().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = Command::new("kill").arg("-9").arg(child.id().to_string()).status().expect("kill");
    let status = child.wait().expect("wait");
    assert!(killed.success());
    assert!(committed > 0, "nothing committed before the kill");
    eprintln!("killed with {committed} documents committed ({status:?})");

    let conn = rusqlite::Connection::open(&db).expect("open");
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0)).expect("integrity");
    assert_eq!(integrity, "ok");
    let fk: i64 = conn.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| r.get(0)).expect("fk");
    assert_eq!(fk, 0);
    let revisions: i64 = conn.query_row("SELECT count(*) FROM revisions", [], |r| r.get(0)).expect("count");
    assert!(revisions < n as i64, "the ingest finished before the kill");
    // Each stored revision has its extraction: batches are all or nothing.
    let unextracted: i64 = conn
        .query_row(
            "SELECT count(*) FROM revisions r WHERE NOT EXISTS (SELECT 1 FROM extractions x WHERE x.revision_id = r.id)",
            [],
            |r| r.get(0),
        )
        .expect("count");
    assert_eq!(unextracted, 0);
    drop(conn);

    let o = run(sitrep(&db).arg("ingest").arg(&root));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), n as i64);
    assert_eq!(count(&db, "SELECT count(DISTINCT content_hash) FROM revisions"), n as i64);
    assert_eq!(count(&db, "SELECT count(*) FROM documents"), n as i64);
    assert_eq!(count(&db, "SELECT count(*) FROM extractions"), n as i64);
    assert_eq!(count(&db, "PRAGMA user_version"), 5);
}
