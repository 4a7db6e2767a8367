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
    assert_eq!(count(&db, "PRAGMA user_version"), 8);
}

/// Two ingests into one database at once (two processes): the second waits for the first's transactions
/// instead of failing with "database is locked"; both succeed and everything is stored.
#[test]
fn two_ingests_at_once_both_succeed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let folders: Vec<PathBuf> = ["east", "west"]
        .iter()
        .map(|side| {
            let folder = dir.path().join(side);
            std::fs::create_dir_all(&folder).expect("mkdir");
            for i in 0..150 {
                let text = format!(
                    "{side} desk, note {i}: a grenade attack on a market in Kunar province wounded {} people.",
                    i % 6 + 2
                );
                std::fs::write(folder.join(format!("{i:03}.txt")), text).expect("write");
            }
            folder
        })
        .collect();
    let children: Vec<_> = folders
        .iter()
        .map(|f| {
            sitrep(&db)
                .arg("ingest")
                .arg(f)
                .args(["--batch", "10"])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn")
        })
        .collect();
    for child in children {
        let o = child.wait_with_output().expect("wait");
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("150 stored"), "{}", stderr(&o));
    }
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), 300);
}

/// Runs `cmd`, killing it after `limit`: `None` when it had to be killed.
fn run_within(cmd: &mut Command, limit: Duration) -> Option<Output> {
    let mut child = cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("spawn");
    let start = Instant::now();
    while start.elapsed() < limit {
        if child.try_wait().expect("wait").is_some() {
            return Some(child.wait_with_output().expect("output"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Links back up the tree (two per folder: the walk through them doubles at each level) and a second link to
/// a folder read already: each real folder is read once, the ingest ends and says what it did not follow.
#[cfg(unix)]
#[test]
fn a_symlink_loop_is_followed_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join("a/b")).expect("mkdir");
    std::fs::write(root.join("a/one.txt"), "A rocket hit a fuel depot in Herat city on Sunday.").expect("write");
    std::fs::write(root.join("a/b/two.txt"), "Police arrested four men in Jalalabad, Nangarhar, on Monday.")
        .expect("write");
    std::os::unix::fs::symlink("..", root.join("a/b/up")).expect("link");
    std::os::unix::fs::symlink("../..", root.join("a/b/top")).expect("link");
    std::os::unix::fs::symlink("..", root.join("a/up")).expect("link");
    std::os::unix::fs::symlink("a/b", root.join("b_again")).expect("link");
    let o = run_within(sitrep(&db).arg("ingest").arg(&root), Duration::from_secs(60)).expect("the ingest ends");
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("2 documents: 2 stored"), "{err}");
    assert!(err.contains("b_again") && err.contains("read once already"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), 2);
}

/// A subfolder that cannot be read is named (not the folder given) and the others are ingested. Root reads
/// any folder, so as root the ingest runs as `nobody` through `setpriv`.
#[cfg(unix)]
#[test]
fn an_unreadable_subfolder_is_named_and_the_rest_ingested() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let set = |p: &Path, mode: u32| std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).expect("chmod");
    set(dir.path(), 0o777);
    let db = dir.path().join("s.db");
    let root = dir.path().join("in");
    std::fs::create_dir_all(root.join("locked")).expect("mkdir");
    std::fs::create_dir_all(root.join("open")).expect("mkdir");
    std::fs::write(root.join("open/a.txt"), "Gunmen killed a district judge in Paktia province on Tuesday.")
        .expect("write");
    std::fs::write(root.join("locked/b.txt"), "Three shops burned after a blast in Kunduz city.").expect("write");
    for p in [&root, &root.join("open")] {
        set(p, 0o755);
    }
    set(&root.join("open/a.txt"), 0o644);
    set(&root.join("locked"), 0o000);
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_sitrep")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_sitrep"))
    };
    let o = run(cmd.arg("--db").arg(&db).arg("ingest").arg(&root));
    set(&root.join("locked"), 0o755);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let locked = root.join("locked").display().to_string();
    assert!(err.lines().any(|l| l.contains(&locked) && l.contains("cannot read")), "{err}");
    assert!(err.contains("1 stored") && err.contains("1 failed"), "{err}");
    assert_eq!(count(&db, "SELECT count(*) FROM revisions"), 1);
}

/// Whether this process runs as root (who reads folders whatever their mode).
fn is_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
}

const ARABIC_REPORT: &str =
    "أعلنت الشرطة مقتل ثلاثة من عناصرها في انفجار عبوة ناسفة استهدف دوريتهم في ولاية قندهار يوم الأحد.";
const ENGLISH_REPORT: &str =
    "A roadside mine killed three police officers on patrol in Kandahar province on Sunday, a police spokesman said.";

/// `text` as UTF-16 (little- or big-endian) with its byte-order mark.
fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for unit in text.encode_utf16() {
        bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
    }
    bytes
}

/// Current entries of the document whose origin ends with `name`.
fn entries_of(db: &Path, name: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.query_row(
        "SELECT count(*) FROM entries e JOIN revisions r ON r.id = e.revision_id WHERE e.current = 1 AND r.origin LIKE ?1",
        [format!("%{name}")],
        |r| r.get(0),
    )
    .expect("count")
}

#[test]
fn utf16_files_with_a_bom_are_ingested() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let root = dir.path().join("in");
    std::fs::create_dir_all(&root).expect("mkdir");
    std::fs::write(root.join("le.txt"), utf16(ENGLISH_REPORT, false)).expect("write");
    std::fs::write(root.join("be.txt"), utf16(ARABIC_REPORT, true)).expect("write");
    let line = serde_json::json!({"text": ARABIC_REPORT.replace("الأحد", "الاثنين"), "url": "https://example.org/16"});
    std::fs::write(root.join("feed.jsonl"), utf16(&format!("{line}\r\n"), false)).expect("write");
    let o = run(sitrep(&db).arg("ingest").arg(&root));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 stored"), "{}", stderr(&o));
    for name in ["le.txt", "be.txt", "feed.jsonl:1"] {
        assert_eq!(entries_of(&db, name), 1, "{name}");
    }
    let o =
        run(Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["extract", "--format", "jsonl"]).arg(root.join("be.txt")));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"Kandahar\""), "{}", stdout(&o));
}

/// `--encoding` names the encoding of the documents that are not UTF-8: a UTF-8 document beside them stays
/// UTF-8 (it used to become mojibake with no entries, and exit 0).
#[test]
fn encoding_applies_only_to_documents_that_are_not_utf8() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let root = dir.path().join("in");
    std::fs::create_dir_all(&root).expect("mkdir");
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC_REPORT);
    std::fs::write(root.join("legacy.txt"), &legacy).expect("write");
    let utf8 = ARABIC_REPORT.replace("الأحد", "السبت");
    std::fs::write(root.join("utf8.txt"), &utf8).expect("write");
    let o = run(sitrep(&db).arg("ingest").arg(&root).args(["--encoding", "windows-1256"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    assert_eq!(entries_of(&db, "legacy.txt"), 1);
    assert_eq!(entries_of(&db, "utf8.txt"), 1);
    let conn = rusqlite::Connection::open(&db).expect("open");
    let stored: String =
        conn.query_row("SELECT text FROM revisions WHERE origin LIKE '%utf8.txt'", [], |r| r.get(0)).expect("text");
    assert_eq!(stored, utf8);
}

/// A document read with the wrong encoding gives no entries: the user is told, by name, for ingest and
/// extract alike.
#[test]
fn a_wrongly_decoded_document_without_entries_is_warned() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let doc = dir.path().join("bulletin.txt");
    let (legacy, _, _) = encoding_rs::WINDOWS_1256.encode(ARABIC_REPORT);
    std::fs::write(&doc, &legacy).expect("write");
    let english = dir.path().join("english.txt");
    std::fs::write(&english, ENGLISH_REPORT).expect("write");
    let o = run(sitrep(&db).arg("ingest").arg(&doc).arg(&english).args(["--encoding", "windows-1252"]));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let warnings: Vec<&str> = err.lines().filter(|l| l.contains("warning")).collect();
    assert_eq!(warnings.len(), 1, "{err}");
    assert!(warnings[0].contains("bulletin.txt") && warnings[0].contains("wrongly decoded"), "{}", warnings[0]);
    let o = run(Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["extract", "--encoding", "windows-1252"]).arg(&doc));
    assert!(stderr(&o).contains("bulletin.txt: warning: no entries"), "{}", stderr(&o));
}

/// Commands that read the store never create one: a mistyped `--db` (before or after the command) is an
/// error that names the path, and no file appears.
#[test]
fn read_commands_never_create_a_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("typo.db");
    let commands: [&[&str]; 9] = [
        &["events"],
        &["tally", "--by", "claimant"],
        &["documents"],
        &["show", "1"],
        &["incidents"],
        &["incidents", "show", "1"],
        &["report"],
        &["reextract"],
        &["serve", "--addr", "127.0.0.1:0"],
    ];
    for args in commands {
        for db_first in [true, false] {
            let mut cmd = Command::new(env!("CARGO_BIN_EXE_sitrep"));
            cmd.env_remove("SITREP_TOKEN");
            if db_first {
                cmd.arg("--db").arg(&db).args(args);
            } else {
                cmd.args(args).arg("--db").arg(&db);
            }
            let o = run_within(&mut cmd, Duration::from_secs(20)).expect("ends at once");
            assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
            assert!(stderr(&o).contains(&format!("no database at {}", db.display())), "{args:?}: {}", stderr(&o));
            assert!(!db.exists(), "{args:?} created {}", db.display());
        }
    }
}

/// Merging with an id that names nothing says which one.
#[test]
fn merge_names_the_missing_incident() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let doc = dir.path().join("one.txt");
    std::fs::write(&doc, ENGLISH_REPORT).expect("write");
    assert!(run(sitrep(&db).arg("ingest").arg(&doc)).status.success());
    let o = run(sitrep(&db).args(["incidents", "--format", "jsonl"]));
    let first: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().expect("an incident")).expect("json");
    let id = first["id"].as_i64().expect("id");
    let o = run(sitrep(&db).args(["incidents", "merge"]).arg(id.to_string()).arg("9999"));
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stderr(&o).trim(), "sitrep: no incident or event entry 9999");
}

/// The server's token can come from `$SITREP_TOKEN`, out of sight of `ps`.
#[test]
fn the_server_token_comes_from_the_environment() {
    use std::io::BufRead as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let mut child = sitrep(&db)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .env("SITREP_TOKEN", "from-the-environment")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut line = String::new();
    let read = std::io::BufReader::new(child.stderr.take().expect("stderr")).read_line(&mut line);
    let _ = child.kill();
    let _ = child.wait();
    read.expect("read");
    assert!(line.contains("accepting documents with the token"), "{line}");
    let help = run(Command::new(env!("CARGO_BIN_EXE_sitrep")).args(["serve", "--help"]).env("SITREP_TOKEN", "secret"));
    assert!(stdout(&help).contains("SITREP_TOKEN") && !stdout(&help).contains("secret"), "{}", stdout(&help));
}

/// A file without a publication date whose text gives none: its events take the week that ends on the
/// file's date, and the JSONL, the CSV and the table say the date is the file's.
#[test]
fn an_undated_file_falls_back_on_its_file_date_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("s.db");
    let doc = dir.path().join("undated.txt");
    std::fs::write(&doc, "Unknown gunmen killed a shopkeeper and his son in Pul-e Khumri, Baghlan province.")
        .expect("write");
    // 2024-05-08 12:00 UTC.
    let written = std::time::UNIX_EPOCH + Duration::from_secs(1_715_169_600);
    std::fs::File::options().write(true).open(&doc).and_then(|f| f.set_modified(written)).expect("mtime");
    assert!(run(sitrep(&db).arg("ingest").arg(&doc)).status.success());
    let o = run(sitrep(&db).args(["events", "--format", "jsonl"]));
    let entry: serde_json::Value = serde_json::from_str(stdout(&o).lines().next().expect("an entry")).expect("json");
    assert_eq!(
        entry["date"],
        serde_json::json!({"start": "2024-05-02", "end": "2024-05-08", "precision": "week", "basis": "file date"})
    );
    let o = run(sitrep(&db).args(["events", "--format", "csv"]));
    let csv = stdout(&o);
    let (header, row) = (csv.lines().next().expect("header"), csv.lines().nth(1).expect("row"));
    let basis = header.split(',').position(|c| c == "date_basis").expect("date_basis column");
    assert_eq!(row.rsplit(',').next(), Some("file date"), "{header}\n{row}");
    assert_eq!(basis, header.split(',').count() - 1);
    let o = run(sitrep(&db).arg("events"));
    assert!(stdout(&o).contains("week to 2024-05-08 (file date)"), "{}", stdout(&o));
}
