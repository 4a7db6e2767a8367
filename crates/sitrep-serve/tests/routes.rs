//! The routes, called without a socket (`oneshot`), over a store holding a small corpus of the project's
//! own documents (`tests/browser/corpus`), and once over a real socket.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use sitrep_serve::{app, AppState, Config, ROUTES};
use sitrep_store::{
    ingest, DocumentQuery, FetchRecord, FetchStatus, Incoming, IngestConfig, SqliteStore, Storage, Validators,
};
use tower::ServiceExt as _;

const CORPUS: &[(&str, &str)] = &[
    ("01_kandahar_en.txt", include_str!("../../../tests/browser/corpus/01_kandahar_en.txt")),
    ("02_helmand_ar.txt", include_str!("../../../tests/browser/corpus/02_helmand_ar.txt")),
    ("03_script_en.txt", include_str!("../../../tests/browser/corpus/03_script_en.txt")),
    ("04_nangarhar_en.txt", include_str!("../../../tests/browser/corpus/04_nangarhar_en.txt")),
];
const TOKEN: &str = "test-token";

struct Fixture {
    dir: tempfile::TempDir,
    app: Router,
    state: AppState,
}

fn fixture(token: Option<&str>) -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("t.db");
    let mut store = SqliteStore::open(&db).expect("open");
    let docs = CORPUS.iter().map(|(name, text)| {
        let mut i = Incoming::text(*name, *text);
        i.published = Some("2019-03-10".into());
        i.source = Some("test".into());
        i
    });
    ingest(&mut store, docs, &IngestConfig::default(), &mut |_| {}).expect("ingest");
    let mut config = Config::new(&db);
    config.token = token.map(str::to_string);
    let state = AppState::new(&config).expect("state");
    Fixture { dir, app: app(state.clone()), state }
}

async fn call(app: &Router, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = app.clone().oneshot(request).await.expect("response");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.expect("body");
    (status, headers, body.to_vec())
}

async fn get(app: &Router, uri: &str) -> (StatusCode, Value) {
    let (status, headers, body) = call(app, Request::get(uri).body(Body::empty()).expect("request")).await;
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(ct.starts_with("application/json"), "{uri}: content-type {ct}");
    (status, serde_json::from_slice(&body).expect("JSON body"))
}

fn assert_error(status: StatusCode, body: &Value, expected: StatusCode) {
    assert_eq!(status, expected, "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "an error has a message: {body}");
}

#[tokio::test]
async fn health() {
    let f = fixture(None);
    let (status, body) = get(&f.app, "/api/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn incidents_and_incident_tallies() {
    let f = fixture(None);
    let (status, list) = get(&f.app, "/api/incidents").await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let incidents = list["incidents"].as_array().expect("incidents");
    // Four reports of four different attacks: four incidents, each with its source's entry.
    assert_eq!(list["total"], 4, "{list}");
    let first = incidents[0]["id"].as_i64().expect("id");
    let (status, one) = get(&f.app, &format!("/api/incidents/{first}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["entries"].as_array().map(Vec::len), Some(1), "{one}");
    let (_, helmand) = get(&f.app, "/api/incidents?province=Helmand").await;
    assert_eq!(helmand["total"], 1, "{helmand}");

    // Tallies count incidents; the entry basis stays available.
    let (status, tally) = get(&f.app, "/api/tally?by=province").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tally["basis"], "claimed");
    let incidents: i64 = tally["rows"].as_array().expect("rows").iter().filter_map(|r| r["incidents"].as_i64()).sum();
    assert_eq!(incidents, 4, "{tally}");
    let (_, entries) = get(&f.app, "/api/tally?by=province&basis=entries").await;
    assert_eq!(entries["basis"], "entries");
    // One province's incidents by claimant; filters the incident buckets do not hold are said to be left out.
    let (_, helmand) = get(&f.app, "/api/tally?by=claimant&province=Helmand").await;
    assert_eq!(helmand["rows"].as_array().map(Vec::len), Some(1), "{helmand}");
    assert_eq!(
        (helmand["rows"][0]["key"].as_str(), helmand["rows"][0]["incidents"].as_i64()),
        (Some("Taliban"), Some(1))
    );
    assert_eq!(helmand["rows"][0]["killed"], 7, "{helmand}");
    assert_eq!(helmand["filters_ignored"], serde_json::json!([]));
    let (_, by_actor) = get(&f.app, "/api/tally?by=claimant&actor=Taliban&type=Explosions").await;
    assert_eq!(by_actor["filters_ignored"], serde_json::json!(["actor", "type"]), "{by_actor}");
}

#[tokio::test]
async fn events_filters_and_pages() {
    let f = fixture(None);
    let (status, all) = get(&f.app, "/api/events").await;
    assert_eq!(status, StatusCode::OK);
    let total = all["total"].as_i64().expect("total");
    assert!(total >= 4, "{all}");
    assert_eq!(all["events"].as_array().map(Vec::len), Some(total as usize));
    assert!(all["next"].is_null());

    // Pages of one: follow `next` to the end, every entry once.
    let mut seen = Vec::new();
    let mut uri = "/api/events?limit=1".to_string();
    loop {
        let (status, page) = get(&f.app, &uri).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(page["total"].as_i64(), Some(total));
        seen.extend(page["events"].as_array().expect("events").iter().map(|e| e["entry_id"].clone()));
        match page["next"].as_str() {
            Some(next) => uri = format!("/api/events?limit=1&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len() as i64, total);

    let (_, helmand) = get(&f.app, "/api/events?province=Helmand").await;
    let events = helmand["events"].as_array().expect("events");
    assert!(!events.is_empty());
    assert!(events.iter().all(|e| e["province"] == "Helmand"), "{helmand}");
    assert_eq!(helmand["total"].as_i64(), Some(events.len() as i64));

    // Values are bound parameters, not SQL.
    let (status, injected) = get(&f.app, "/api/events?province=x%27%20OR%201%3D1%20--").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(injected["total"], 0);
}

#[tokio::test]
async fn bad_requests_are_json_errors() {
    let f = fixture(None);
    for uri in [
        "/api/events?limit=0",
        "/api/events?limit=100000",
        "/api/events?limit=abc",
        "/api/events?since=yesterday",
        "/api/events?kind=rumour",
        "/api/events?cursor=-1",
        "/api/events?nonsense=1",
        "/api/tally?by=weather",
        "/api/events/abc",
        "/api/documents/0",
    ] {
        let (status, body) = get(&f.app, uri).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST);
    }
    let long = "x".repeat(500);
    let (status, body) = get(&f.app, &format!("/api/events?actor={long}")).await;
    assert_error(status, &body, StatusCode::BAD_REQUEST);
    let (status, body) = get(&f.app, "/api/documents/999999").await;
    assert_error(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = get(&f.app, "/api/events/999999").await;
    assert_error(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = get(&f.app, "/api/nothing").await;
    assert_error(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = get(&f.app, "/api/incidents/999999").await;
    assert_error(status, &body, StatusCode::NOT_FOUND);
    let (status, body) = get(&f.app, "/api/incidents?limit=0").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST);
    let (status, body) = get(&f.app, "/api/tally?basis=guess").await;
    assert_error(status, &body, StatusCode::BAD_REQUEST);
    for bad in [
        "/api/report?limit=5",
        "/api/report?by=province",
        "/api/report?basis=entries",
        "/api/report?since=soon",
        "/api/report?district=Nad%20Ali",
        "/api/report?actor=Taliban&claimant=Taliban",
    ] {
        let (status, body) = get(&f.app, bad).await;
        assert_error(status, &body, StatusCode::BAD_REQUEST);
    }
}

#[tokio::test]
async fn report_in_prose_and_figures() {
    let f = fixture(None);
    let (status, report) = get(&f.app, "/api/report").await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["basis"], "claimed");
    assert_eq!((report["stale"].as_bool(), report["unlinked_entries"].as_i64()), (Some(false), Some(0)), "{report}");
    let text = report["text"].as_str().expect("text");
    assert!(text.starts_with("Claims and reports, the first report to the last\n\n"), "{text}");
    // The corpus's Helmand report: the Taliban's claim, with its figures.
    let taliban =
        "The Taliban claimed one attack in Helmand, saying seven Afghan National Army were killed and four wounded";
    assert!(text.contains(taliban), "{text}");
    let paragraphs = report["paragraphs"].as_array().expect("paragraphs");
    let p = paragraphs.iter().find(|p| p["actor"] == "Taliban").expect("the Taliban's paragraph");
    assert_eq!((p["incidents"].as_i64(), p["killed"].as_i64(), p["wounded"].as_i64()), (Some(1), Some(7), Some(4)));
    assert_eq!(p["provinces"], serde_json::json!(["Helmand"]));
    assert!(p["text"].as_str().is_some_and(|t| t.starts_with(taliban)));
    // The table counts every incident of the tally once.
    let (_, tally) = get(&f.app, "/api/tally?by=claimant").await;
    assert_eq!(report["rows"], tally["rows"], "{report}");
    assert_eq!(report["incidents"], 4);

    // One province: its claimants only, and the title names it.
    let (status, kandahar) = get(&f.app, "/api/report?province=kandahar").await;
    assert_eq!(status, StatusCode::OK);
    let text = kandahar["text"].as_str().expect("text");
    assert!(text.starts_with("Claims and reports, the first report to the last, kandahar\n"), "{text}");
    assert!(
        text.contains(
            "The Afghan National Police reported one attack in Kandahar, saying three Afghan National Army were killed"
        ),
        "{text}"
    );
    assert!(!text.contains("Helmand") && !text.contains("Taliban claimed"), "{text}");
    assert_eq!(kandahar["incidents"], 1);
    // An actor: incidents it claimed, carried out or suffered; a period with nothing in it.
    let (_, taliban_only) = get(&f.app, "/api/report?actor=Taliban").await;
    assert!(taliban_only["text"].as_str().is_some_and(|t| t.contains("The Taliban claimed")), "{taliban_only}");
    let (_, empty) = get(&f.app, "/api/report?since=2030-01-01").await;
    assert_eq!(empty["incidents"], 0);
    assert!(empty["text"].as_str().is_some_and(|t| t.contains("No claimed incidents")), "{empty}");
}

#[tokio::test]
async fn a_stale_store_answers_at_once_and_relinks_in_the_background() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("stale.db");
    let mut store = SqliteStore::open(&db).expect("open");
    let docs = CORPUS.iter().map(|(name, text)| Incoming::text(*name, *text));
    let config = IngestConfig { relink: false, ..IngestConfig::default() };
    let summary = ingest(&mut store, docs, &config, &mut |_| {}).expect("ingest");
    let state = AppState::new(&Config::new(&db)).expect("state");
    let app = app(state.clone());
    // Not linked yet: the tally says so instead of linking inside the request.
    let (status, tally) = get(&app, "/api/tally?by=province").await;
    assert_eq!(status, StatusCode::OK, "{tally}");
    assert_eq!(tally["stale"], true, "{tally}");
    assert_eq!(tally["unlinked_entries"].as_u64(), Some(summary.entries_added), "{tally}");
    assert_eq!(tally["rows"], serde_json::json!([]));
    // The stale read started a relink beside the request; once done, the incidents are counted.
    state.wait_for_relink();
    assert!(!store.link_state().expect("state").stale);
    let (_, tally) = get(&app, "/api/tally?by=province").await;
    assert_eq!((tally["stale"].as_bool(), tally["unlinked_entries"].as_i64()), (Some(false), Some(0)), "{tally}");
    let incidents: i64 = tally["rows"].as_array().expect("rows").iter().filter_map(|r| r["incidents"].as_i64()).sum();
    assert_eq!(incidents, 4, "{tally}");
    assert!(!state.relink_if_stale().expect("state"), "linked: nothing to start");
}

/// Every span, in UTF-16 code units, cuts the same text out of the document as in bytes.
fn check_spans(doc: &Value) {
    let text = doc["text"].as_str().expect("text");
    let units: Vec<u16> = text.encode_utf16().collect();
    for e in doc["entries"].as_array().expect("entries") {
        let bytes = e["spans"].as_object().expect("spans");
        let utf16 = e["spans_utf16"].as_object().expect("spans_utf16");
        assert!(!bytes.is_empty(), "{e}");
        for (field, ranges) in bytes {
            for (b, u) in ranges.as_array().expect("ranges").iter().zip(utf16[field].as_array().expect("ranges")) {
                let (bs, be) = (b[0].as_u64().expect("start") as usize, b[1].as_u64().expect("end") as usize);
                let (us, ue) = (u[0].as_u64().expect("start") as usize, u[1].as_u64().expect("end") as usize);
                let from_bytes = &text[bs..be];
                let from_units = String::from_utf16(&units[us..ue]).expect("utf16");
                assert_eq!(from_bytes, from_units, "{field}");
            }
        }
        let ev = &e["evidence"];
        let (us, ue) = (ev["start_utf16"].as_u64().expect("s") as usize, ev["end_utf16"].as_u64().expect("e") as usize);
        assert_eq!(String::from_utf16(&units[us..ue]).expect("utf16"), ev["text"].as_str().expect("text"));
    }
}

#[tokio::test]
async fn documents_with_utf16_spans_and_direction() {
    let f = fixture(None);
    let (_, events) = get(&f.app, "/api/events").await;
    let mut arabic = false;
    for e in events["events"].as_array().expect("events") {
        let id = e["document_id"].as_i64().expect("document id");
        let (status, doc) = get(&f.app, &format!("/api/documents/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        check_spans(&doc);
        if doc["language"] == "ar" {
            arabic = true;
            assert_eq!(doc["direction"], "rtl");
        }
        let (status, one) = get(&f.app, &format!("/api/events/{}", e["entry_id"])).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(one["entry_id"], e["entry_id"]);
        assert!(one["spans_utf16"].is_object());
    }
    assert!(arabic, "the corpus has an Arabic document");
}

#[tokio::test]
async fn script_text_is_data_not_markup() {
    let f = fixture(None);
    let (_, events) = get(&f.app, "/api/events?province=Ghazni").await;
    let id = events["events"][0]["document_id"].as_i64().expect("the Ghazni document");
    let (status, headers, body) =
        call(&f.app, Request::get(format!("/api/documents/{id}")).body(Body::empty()).expect("request")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(headers[header::CONTENT_TYPE].to_str().is_ok_and(|v| v.starts_with("application/json")));
    assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    let doc: Value = serde_json::from_slice(&body).expect("JSON");
    assert!(doc["text"].as_str().is_some_and(|t| t.contains("<script>alert(1)</script>")));
    // The dashboard: no inline script, a CSP that forbids one, and no innerHTML anywhere.
    let (status, headers, page) = call(&f.app, Request::get("/").body(Body::empty()).expect("request")).await;
    assert_eq!(status, StatusCode::OK);
    let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().expect("csp");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
    let page = String::from_utf8(page).expect("utf8");
    assert!(page.contains("<script src=\"/app.js\" defer></script>"));
    let (_, _, js) = call(&f.app, Request::get("/app.js").body(Body::empty()).expect("request")).await;
    let js = String::from_utf8(js).expect("utf8");
    assert!(!js.contains(".innerHTML") && !js.contains("insertAdjacentHTML") && !js.contains("document.write"));
}

fn post(body: &str, token: Option<&str>) -> Request<Body> {
    let mut r = Request::post("/api/documents").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    r.body(Body::from(body.to_string())).expect("request")
}

#[tokio::test]
async fn ingest_needs_the_token() {
    let doc = r#"{"text": "KABUL, March 9, 2019 - Two soldiers were killed in Surobi district of Kabul province, officials said.", "published": "2019-03-09"}"#;
    let read_only = fixture(None);
    let (status, _, body) = call(&read_only.app, post(doc, Some(TOKEN))).await;
    assert_error(status, &serde_json::from_slice(&body).expect("JSON"), StatusCode::FORBIDDEN);

    let f = fixture(Some(TOKEN));
    let (_, before) = get(&f.app, "/api/events").await;
    for token in [None, Some("wrong"), Some("test-token-but-longer")] {
        let (status, _, body) = call(&f.app, post(doc, token)).await;
        assert_error(status, &serde_json::from_slice(&body).expect("JSON"), StatusCode::UNAUTHORIZED);
    }
    let (status, _, body) = call(&f.app, post(doc, Some(TOKEN))).await;
    let added: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(status, StatusCode::CREATED, "{added}");
    assert!(added["document_id"].as_i64().is_some());
    let (_, after) = get(&f.app, "/api/events").await;
    assert!(after["total"].as_i64() > before["total"].as_i64(), "the total is not cached past an ingest");
    // The same text again: stored once.
    let (status, _, _) = call(&f.app, post(doc, Some(TOKEN))).await;
    assert_eq!(status, StatusCode::OK);
    // Linked after the answer, in the background: then the new incident is counted.
    f.state.wait_for_relink();
    let (_, tally) = get(&f.app, "/api/tally?by=province").await;
    assert_eq!(tally["stale"], false, "{tally}");
    let kabul = tally["rows"].as_array().expect("rows").iter().find(|r| r["key"] == "Kabul").cloned();
    assert_eq!(kabul.and_then(|r| r["incidents"].as_i64()), Some(1), "{tally}");

    for bad in [r#"{"text": ""}"#, r#"{"txt": "x"}"#, "not json", r#"{"text": "x", "published": "soon"}"#] {
        let (status, _, body) = call(&f.app, post(bad, Some(TOKEN))).await;
        let body: Value = serde_json::from_slice(&body).expect("JSON");
        assert!(status.is_client_error(), "{bad}: {status}");
        assert!(body["message"].is_string());
    }
    let huge = format!(r#"{{"text": "{}"}}"#, "a".repeat(sitrep_serve::MAX_BODY_BYTES + 10));
    let (status, _, body) = call(&f.app, post(&huge, Some(TOKEN))).await;
    assert_error(status, &serde_json::from_slice(&body).expect("JSON"), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn openapi_lists_every_route() {
    let f = fixture(None);
    let (status, spec) = get(&f.app, "/api/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    let paths = spec["paths"].as_object().expect("paths");
    let mut documented: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| ops.as_object().expect("ops").keys().map(move |m| (m.clone(), p.clone())))
        .collect();
    documented.sort();
    let mut routes: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    routes.sort();
    assert_eq!(documented, routes);
    // And each documented route is served (not the fallback's "no such route").
    for (method, path) in routes {
        if path == "/api/stream" {
            // Endless; `stream_tells_of_each_change_of_the_stored_entries` reads it.
            continue;
        }
        let uri = path.replace("{id}", "1");
        let request = Request::builder().method(method.to_uppercase().as_str()).uri(&uri);
        let (_, _, body) = call(&f.app, request.body(Body::from("{}")).expect("request")).await;
        let body: Value = serde_json::from_slice(&body).expect("JSON");
        assert_ne!(body["message"], "no such route", "{method} {uri}");
    }
}

#[test]
fn real_socket() {
    use std::io::{Read as _, Write as _};
    let f = fixture(None);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = std_listener.local_addr().expect("addr");
    std_listener.set_nonblocking(true).expect("nonblocking");
    let router = f.app.clone();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(std_listener).expect("listener");
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
    });
    let mut stream = std::net::TcpStream::connect(addr).expect("connect");
    stream.set_read_timeout(Some(std::time::Duration::from_secs(10))).expect("timeout");
    write!(stream, "GET /api/events?province=Kandahar HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n")
        .expect("write");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read");
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let body = response.split("\r\n\r\n").nth(1).expect("body");
    let value: Value = serde_json::from_str(body).expect("JSON");
    assert!(value["total"].as_i64() >= Some(1), "{value}");
    let _ = stop.send(());
    runtime.block_on(server).expect("join").expect("serve");
}

/// A command-line ingest writing the same database while the server takes documents: both wait their
/// turn, every document is stored.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_while_another_process_ingests_are_all_stored() {
    let f = fixture(Some(TOKEN));
    let db = f.dir.path().join("t.db");
    let writer = std::thread::spawn(move || {
        let mut store = SqliteStore::open(&db).expect("open");
        let docs = (0..150).map(|i| {
            Incoming::text(
                format!("batch-{i}.txt"),
                format!("Item {i}: a mortar round wounded {} farmers in Zabul.", i % 5 + 2),
            )
        });
        let config = IngestConfig { batch: 25, ..IngestConfig::default() };
        ingest(&mut store, docs, &config, &mut |_| {}).map(|s| s.revisions_added).map_err(|e| e.to_string())
    });
    for i in 0..40 {
        let doc = serde_json::json!({"text": format!("Note {i}: a patrol was ambushed in Khost province, three soldiers died.")});
        let (status, _, body) = call(&f.app, post(&doc.to_string(), Some(TOKEN))).await;
        assert_eq!(status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&body));
    }
    assert_eq!(writer.join().expect("writer"), Ok(150));
    f.state.wait_for_relink();
    let (_, health) = get(&f.app, "/api/health").await;
    assert_eq!(health["status"], "ok");
    let mut store = SqliteStore::open(&f.dir.path().join("t.db")).expect("open");
    let documents = store.documents(&DocumentQuery::default()).expect("documents");
    let revisions: i64 = documents.iter().map(|d| d.revisions).sum();
    assert_eq!(revisions, CORPUS.len() as i64 + 150 + 40);
}

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let f = fixture(Some(TOKEN));
    let doc = r#"{"text": "Two guards were shot dead at a school gate in Logar province on Friday."}"#;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let request = Request::post("/api/documents")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::AUTHORIZATION, format!("{scheme} {TOKEN}"))
            .body(Body::from(doc))
            .expect("request");
        let (status, _, body) = call(&f.app, request).await;
        assert!(status.is_success(), "{scheme}: {status} {}", String::from_utf8_lossy(&body));
    }
    let request = Request::post("/api/documents")
        .header(header::AUTHORIZATION, format!("Basic {TOKEN}"))
        .body(Body::from(doc))
        .expect("request");
    assert_eq!(call(&f.app, request).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sources_lists_what_the_watcher_recorded() {
    let f = fixture(None);
    let (status, empty) = get(&f.app, "/api/sources").await;
    assert_eq!((status, empty["sources"].as_array().map(Vec::len)), (StatusCode::OK, Some(0)), "{empty}");
    {
        let mut store = SqliteStore::open(&f.dir.path().join("t.db")).expect("open");
        let feed = store.watch_source("http://127.0.0.1:9/feed.xml", "feed").expect("source");
        let failed = FetchRecord {
            item: "http://127.0.0.1:9/a".into(),
            hash: [7; 32],
            at: 1_700_000_000,
            status: FetchStatus::Failed,
            http_status: Some(404),
            bytes: None,
            error: Some("HTTP 404 Not Found".into()),
            validators: Validators::default(),
        };
        store.record_fetches(feed.id, &[failed]).expect("record");
    }
    let (status, body) = get(&f.app, "/api/sources").await;
    assert_eq!(status, StatusCode::OK);
    let source = &body["sources"][0];
    assert_eq!(
        (source["location"].as_str(), source["kind"].as_str()),
        (Some("http://127.0.0.1:9/feed.xml"), Some("feed"))
    );
    assert_eq!((source["items"].as_i64(), source["failed_fetches"].as_i64()), (Some(1), Some(1)));
    assert_eq!(source["last_error"]["error"], "HTTP 404 Not Found");
    assert!(source["last_success"].is_null());
}

/// The next server-sent event of a stream, as text.
async fn next_event(
    stream: &mut (impl futures_util::Stream<Item = Result<axum::body::Bytes, axum::Error>> + Unpin),
) -> String {
    use futures_util::StreamExt as _;
    // Bounded, so that a stream that never speaks fails the test rather than hanging it.
    let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), stream.next()).await;
    let chunk = chunk.expect("an event within 30 s").expect("the stream goes on").expect("a chunk");
    String::from_utf8_lossy(&chunk).into_owned()
}

#[tokio::test]
async fn stream_tells_of_each_change_of_the_stored_entries() {
    let f = fixture(None);
    let response = f
        .app
        .clone()
        .oneshot(Request::get("/api/stream").body(Body::empty()).expect("request"))
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let ct = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
    assert!(ct.starts_with("text/event-stream"), "{ct}");
    let mut events = response.into_body().into_data_stream();
    let first = next_event(&mut events).await;
    assert!(first.starts_with("event: update\ndata: {\"generation\":"), "{first}");
    // Another writer (a watcher) stores a document: the stream says so with the new generation.
    let db = f.dir.path().join("t.db");
    tokio::task::spawn_blocking(move || {
        let mut store = SqliteStore::open(&db).expect("open");
        let text = "A roadside bomb wounded four civilians in Kunduz province on Tuesday, a spokesman said.";
        let doc = Incoming { published: Some("2019-03-11".into()), ..Incoming::text("watched.txt", text) };
        ingest(&mut store, [doc], &IngestConfig::default(), &mut |_| {}).expect("ingest");
    })
    .await
    .expect("ingest");
    let next = next_event(&mut events).await;
    assert!(next.starts_with("event: update"), "{next}");
    assert_ne!(next, first, "another generation");
}
