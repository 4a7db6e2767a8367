//! `sitrep watch` and `sitrep sources` as a user runs them: a folder and a Telegram export polled once (the
//! feeds' HTTP is tested on loopback in `sitrep-watch`), a source that cannot be used beside them, and a
//! watcher stopped by SIGTERM.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn sitrep(db: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_sitrep"));
    c.arg("--db").arg(db);
    c
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("sitrep runs")
}

fn sample(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/samples").join(name);
    std::fs::read_to_string(path).expect("sample")
}

fn jsonl(o: &Output) -> Vec<Value> {
    String::from_utf8_lossy(&o.stdout).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect()
}

#[test]
fn watch_once_stores_a_folders_files_and_an_exports_messages_and_sources_lists_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(inbox.join("report_en.txt"), sample("report_en.txt")).expect("write");
    let export = dir.path().join("result.json");
    let messages = serde_json::json!({"name": "Channel", "id": 42, "messages": [
        {"id": 1, "type": "message", "date": "2019-08-08T10:00:00", "text": sample("bulletin_ar.txt")}
    ]});
    std::fs::write(&export, messages.to_string()).expect("write");
    let missing = dir.path().join("missing.json");

    let o = run(sitrep(&db).arg("watch").arg(&inbox).arg(&export).arg(&missing).arg("--once"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "a source that cannot be used fails --once: {err}");
    assert!(err.contains("missing.json: no such file or folder"), "{err}");
    assert!(err.contains("1 items, 1 new or changed, 1 stored"), "{err}");

    let docs = jsonl(&run(sitrep(&db).args(["documents", "--format", "jsonl"])));
    let urls: Vec<_> = docs.iter().map(|d| d["url"].as_str().unwrap_or("").to_string()).collect();
    assert_eq!(urls, ["", "https://t.me/c/42/1"]);
    assert!(docs.iter().all(|d| d["entries"].as_i64().unwrap_or(0) > 0), "{docs:?}");

    let sources = jsonl(&run(sitrep(&db).args(["sources", "--format", "jsonl"])));
    let counts: Vec<_> =
        sources.iter().map(|s| (s["kind"].as_str().unwrap_or(""), s["polls"].clone(), s["stored"].clone())).collect();
    assert_eq!(counts, [("folder", 1.into(), 1.into()), ("telegram", 1.into(), 1.into())]);
    assert!(sources.iter().all(|s| s["last_success"].is_i64() && s["last_error"].is_null()), "{sources:?}");

    // Again: nothing new, nothing stored twice; a clean run exits 0.
    let o = run(sitrep(&db).arg("watch").arg(&inbox).arg(&export).arg("--once"));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(jsonl(&run(sitrep(&db).args(["documents", "--format", "jsonl"]))).len(), 2);
    let table = String::from_utf8_lossy(&run(sitrep(&db).arg("sources")).stdout).into_owned();
    assert!(table.starts_with("source") && table.contains("telegram"), "{table}");
}

#[cfg(unix)]
#[test]
fn sigterm_ends_a_watcher_after_it_records_what_it_did() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(inbox.join("compilation_en.txt"), sample("compilation_en.txt")).expect("write");
    let mut child = sitrep(&db)
        .arg("watch")
        .arg(&inbox)
        .args(["--interval", "3600"])
        .stderr(Stdio::piped())
        .spawn()
        .expect("sitrep watch runs");
    // Waits for the first poll's line, then asks it to stop.
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let polled = lines.by_ref().map_while(Result::ok).find(|l| l.contains("stored"));
    assert!(polled.is_some_and(|l| l.contains("1 stored")));
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = child.wait().expect("wait");
    assert!(status.success(), "{status:?}");
    let sources = jsonl(&run(sitrep(&db).args(["sources", "--format", "jsonl"])));
    assert_eq!((sources[0]["polls"].as_i64(), sources[0]["stored"].as_i64()), (Some(1), Some(1)));
}

/// Receives one HTTP request on loopback and answers 200; gives its body.
fn one_post() -> (String, std::thread::JoinHandle<String>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let url = format!("http://{}/hook", listener.local_addr().expect("address"));
    let thread = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a request");
        let mut reader = BufReader::new(stream.try_clone().expect("stream"));
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).expect("a header line");
            if line.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse().expect("a length");
                }
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).expect("the body");
        stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").expect("answer");
        String::from_utf8(body).expect("UTF-8")
    });
    (url, thread)
}

#[test]
fn an_alert_prints_a_json_line_per_incident_and_posts_it_to_the_webhook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("w.db");
    let inbox = dir.path().join("inbox");
    std::fs::create_dir(&inbox).expect("mkdir");
    std::fs::write(inbox.join("report_en.txt"), sample("report_en.txt")).expect("write");
    let (hook, received) = one_post();
    let o = run(sitrep(&db).arg("watch").arg(&inbox).arg("--once").args([
        "--alert",
        "province=Kunduz, killed>=5",
        "--alert",
        "province=Kandahar",
        "--webhook",
        &hook,
    ]));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let alerts = jsonl(&o);
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let alert = &alerts[0];
    assert_eq!(
        (alert["alert"].as_str(), alert["action"].as_str()),
        (Some("province=Kunduz, killed>=5"), Some("created"))
    );
    assert_eq!(alert["entry"]["province"], "Kunduz");
    assert!(alert["incident"].is_i64());
    let posted: Value = serde_json::from_str(&received.join().expect("the webhook's request")).expect("JSON");
    assert_eq!(&posted, alert);

    let bad = run(sitrep(&db).arg("watch").arg(&inbox).arg("--once").args(["--alert", "killed>=ten"]));
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a whole number"));
}
