//! The watcher against a site on loopback: feeds and pages changed between polls, sources and pages that fail,
//! a folder, a Telegram export, and what the store records of it all.

mod site;

use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use site::{article, atom, feed, html, rss, Entry, Resource, Server, SAMPLES};
use sitrep_store::{
    DocumentQuery, DocumentSummary, EventQuery, Incoming, PollStatus, SourceReport, SqliteStore, Storage,
};
use sitrep_watch::{HttpConfig, PollReport, Source, WatchConfig, Watcher};

type Store = dyn Storage + Send;

/// A folder's `.txt` files as plain text (the CLI reads them as `sitrep ingest` does).
fn read_text(path: &Path) -> Vec<Incoming> {
    if path.extension().is_none_or(|e| e != "txt") {
        return Vec::new();
    }
    let origin = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => vec![Incoming::text(origin, text)],
        Err(e) => vec![Incoming::failed(origin, None, e.to_string())],
    }
}

/// Quick on loopback: no interval between requests, short timeouts and backoff, a 1 MB limit.
fn config() -> WatchConfig {
    WatchConfig {
        http: HttpConfig {
            timeout: Duration::from_millis(700),
            retries: 1,
            backoff: Duration::from_millis(10),
            host_interval: Duration::ZERO,
            max_bytes: 1024 * 1024,
            max_redirects: 4,
        },
        concurrency: 4,
        ..WatchConfig::new(Arc::new(read_text))
    }
}

fn feed_of(url: String) -> Source {
    Source::Feed { url, publisher: None, language: None }
}

/// Polls every source once, the reports in their order.
fn poll_once(store: &mut Store, sources: Vec<Source>) -> Vec<PollReport> {
    let mut reports = Vec::new();
    Watcher::new(sources, config())
        .run(store, true, &AtomicBool::new(false), &mut |r| reports.push(r.clone()))
        .expect("watch");
    reports
}

fn documents(store: &mut Store) -> Vec<DocumentSummary> {
    store.documents(&DocumentQuery::default()).expect("documents")
}

fn report_of(store: &mut Store, location: &str) -> SourceReport {
    let reports = store.source_reports().expect("reports");
    reports.into_iter().find(|r| r.location == location).expect("the source is recorded")
}

#[test]
fn new_items_are_fetched_once_and_an_edited_article_is_a_new_revision() {
    let server = Server::start();
    let (a1, a2, a3) = (server.url("/a/1"), server.url("/a/2"), server.url("/a/3"));
    server.set("/a/1", html(article(SAMPLES[0])));
    server.set("/a/2", html(article(SAMPLES[1])));
    let entry = |id, link: &String, updated| Entry { id, link: link.clone(), title: id, updated };
    let first = [entry("one", &a1, "2019-08-08T10:00:00Z"), entry("two", &a2, "2019-08-08T11:00:00Z")];
    server.set("/feed", feed(atom("Wire", &first), Some("\"v1\"")));
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;
    let url = server.url("/feed");

    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!(
        (r[0].poll.status, r[0].poll.items, r[0].poll.fetched, r[0].poll.stored),
        (PollStatus::Polled, 2, 2, 2),
        "{r:?}"
    );
    let docs = documents(store);
    let urls: Vec<_> = docs.iter().map(|d| d.url.clone()).collect();
    assert_eq!(urls, [Some(a1.clone()), Some(a2.clone())]);
    // The feed's metadata: its title the publisher, the entry's day the publication day, the page's title.
    assert_eq!(docs[0].source.as_deref(), Some("Wire"));
    assert_eq!(docs[0].published.as_deref(), Some("2019-08-08"));
    assert_eq!(docs[0].title.as_deref(), Some("one"));
    assert!(docs.iter().all(|d| d.entries > 0), "{docs:?}");
    let kunduz = EventQuery { province: Some("Kunduz".into()), ..EventQuery::default() };
    assert!(!store.events(&kunduz).expect("events").is_empty(), "the report's Kunduz attack is stored");
    assert!(!store.link_state().expect("link state").stale, "linked after the poll");

    // Unchanged: the feed answers 304 to its ETag, and no page is asked for again.
    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!((r[0].poll.status, r[0].poll.fetched), (PollStatus::Unchanged, 0));
    assert_eq!((server.hits("/feed"), server.hits("/a/1"), server.hits("/a/2")), (2, 1, 1));

    // A new item, and the first article edited (its entry updated): one new document, one new revision; the
    // second page is not asked for again.
    let edited = format!("{}\n\nUpdate: the death toll rose to nine, the official said.", SAMPLES[0]);
    server.set("/a/1", html(article(&edited)));
    server.set("/a/3", html(article(SAMPLES[2])));
    let second = [
        entry("one", &a1, "2019-08-09T08:00:00Z"),
        entry("two", &a2, "2019-08-08T11:00:00Z"),
        entry("three", &a3, "2024-08-08T09:00:00Z"),
    ];
    server.set("/feed", feed(atom("Wire", &second), Some("\"v2\"")));
    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!((r[0].poll.items, r[0].poll.fetched, r[0].poll.stored), (3, 2, 2), "{r:?}");
    let revised = documents(store).iter().find(|d| d.url.as_deref() == Some(a1.as_str())).map(|d| d.id);
    assert_eq!(r[0].documents.first().copied(), revised, "the revised document, then the new one");
    assert_eq!(r[0].documents.len(), 2);
    assert_eq!((server.hits("/a/1"), server.hits("/a/2"), server.hits("/a/3")), (2, 1, 1));
    let docs = documents(store);
    assert_eq!(docs.len(), 3);
    let first_article = docs.iter().find(|d| d.url.as_deref() == Some(a1.as_str())).expect("first article");
    assert_eq!(first_article.revisions, 2, "the edit is a new revision of the same URL");

    // A restart (a new watcher, the feed's validators lost to a change of its ETag): nothing fetched twice.
    server.set("/feed", feed(atom("Wire", &second), Some("\"v3\"")));
    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!((r[0].poll.status, r[0].poll.items, r[0].poll.fetched, r[0].poll.stored), (PollStatus::Polled, 3, 0, 0));
    assert_eq!((server.hits("/a/1"), server.hits("/a/2"), server.hits("/a/3")), (2, 1, 1));

    let report = report_of(store, &url);
    assert_eq!((report.kind.as_str(), report.polls, report.items, report.stored), ("feed", 4, 3, 4));
    assert_eq!((report.last_error, report.failed_fetches), (None, 0));
    assert!(report.last_success.is_some());
}

#[test]
fn failing_feeds_and_pages_are_recorded_retried_and_never_stop_the_others() {
    let server = Server::start();
    server.set("/good", html(article(SAMPLES[0])));
    server.set("/slow", Resource::Slow(Duration::from_secs(5)));
    server.set("/loop", Resource::RedirectTo("/loop".into()));
    server.set("/huge", Resource::Endless(20 * 1024 * 1024));
    server.set("/sized", html("a".repeat(20 * 1024 * 1024)));
    let pages = ["/good", "/slow", "/loop", "/huge", "/sized"].map(|p| (server.url(p), p));
    server.set(
        "/pages.xml",
        Resource::Page { content_type: "application/rss+xml", body: rss("Pages", &pages), etag: None },
    );
    server.set("/down.xml", Resource::Status(500));
    server.set("/broken.xml", feed("<rss version=\"2.0\"><channel><title>Broken</title><item>".into(), None));
    server.set(
        "/ok.xml",
        feed(
            atom(
                "Ok",
                &[Entry { id: "b", link: server.url("/bulletin"), title: "b", updated: "2019-08-08T10:00:00Z" }],
            ),
            None,
        ),
    );
    server.set("/bulletin", html(article(SAMPLES[1])));
    let sources: Vec<Source> =
        ["/down.xml", "/broken.xml", "/pages.xml", "/ok.xml"].map(|p| feed_of(server.url(p))).into();
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;

    let r = poll_once(store, sources.clone());
    let statuses: Vec<_> = r.iter().map(|r| r.poll.status).collect();
    assert_eq!(statuses, [PollStatus::Failed, PollStatus::Failed, PollStatus::Polled, PollStatus::Polled]);
    assert!(r[0].poll.error.as_deref().is_some_and(|e| e.contains("HTTP 500")), "{r:?}");
    assert!(r[1].poll.error.as_deref().is_some_and(|e| e.starts_with("not a valid feed")), "{r:?}");
    // Of the pages, the good one is stored and each other failure is named.
    assert_eq!((r[2].poll.fetched, r[2].poll.stored), (5, 1));
    let why = |page: &str| {
        let url = server.url(page);
        r[2].failures.iter().find(|(item, _)| *item == url).map(|(_, why)| why.clone()).unwrap_or_default()
    };
    assert!(why("/slow").contains("timed out") || why("/slow").contains("timeout"), "{}", why("/slow"));
    assert!(why("/loop").contains("Redirect"), "{}", why("/loop"));
    assert!(why("/huge").contains("larger than the limit of 1048576 bytes"), "{}", why("/huge"));
    assert!(why("/sized").contains("larger than the limit of 1048576 bytes"), "{}", why("/sized"));
    // Refused without reading on: of 20 MB, no more than the socket's buffers took was sent.
    assert!(server.streamed() < 10 * 1024 * 1024, "{} bytes streamed", server.streamed());
    assert_eq!(r[3].poll.stored, 1, "the feed after the failing ones is read");
    let stored: Vec<_> = documents(store).into_iter().filter_map(|d| d.url).collect();
    assert_eq!(stored, [server.url("/good"), server.url("/bulletin")]);

    // Recorded: each source's last error, and the fetches that failed.
    let down = report_of(store, &server.url("/down.xml"));
    assert_eq!((down.polls, down.last_success), (1, None));
    assert!(down.last_error.as_ref().is_some_and(|(_, e)| e.contains("HTTP 500")), "{down:?}");
    let pages_report = report_of(store, &server.url("/pages.xml"));
    assert_eq!((pages_report.items, pages_report.stored, pages_report.failed_fetches), (5, 1, 4));

    // The next poll tries the failed pages again (the timed-out one answers now), not the stored one; the
    // feed that failed is asked again.
    server.set("/slow", html(article(SAMPLES[2])));
    let (good, huge, down_hits) = (server.hits("/good"), server.hits("/huge"), server.hits("/down.xml"));
    let r = poll_once(store, sources);
    assert_eq!((r[2].poll.fetched, r[2].poll.stored), (4, 1), "{r:?}");
    assert_eq!((server.hits("/good"), server.hits("/huge")), (good, huge + 1));
    assert!(server.hits("/down.xml") > down_hits);
}

#[test]
fn a_feed_of_ten_thousand_items_is_stored_whole_and_polled_again_for_nothing() {
    const N: usize = 10_000;
    let server = Server::start();
    let mut items = Vec::with_capacity(N);
    for i in 0..N {
        let path = format!("/n/{i}");
        let text = format!("<p>Notice {i}: the district office in Kunduz reopened on Monday.</p>");
        server.set(&path, html(text));
        items.push(serde_json::json!({"id": i.to_string(), "url": server.url(&path), "date_published": "2024-08-08T10:00:00Z"}));
    }
    let json = serde_json::json!({"version": "https://jsonfeed.org/version/1.1", "title": "Notices", "items": items});
    server.set(
        "/feed.json",
        Resource::Page { content_type: "application/feed+json", body: json.to_string(), etag: None },
    );
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;
    let url = server.url("/feed.json");

    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!(
        (r[0].poll.items, r[0].poll.fetched, r[0].poll.stored),
        (N as u64, N as u64, N as u64),
        "{:?}",
        r[0].failures.first()
    );
    let r = poll_once(store, vec![feed_of(url.clone())]);
    assert_eq!((r[0].poll.items, r[0].poll.fetched, r[0].poll.stored), (N as u64, 0, 0));
    assert_eq!(server.hits("/n/9999"), 1);
    let report = report_of(store, &url);
    assert_eq!((report.items, report.stored), (N as i64, N as i64));
}

#[test]
fn a_stopped_poll_keeps_what_it_stored_and_the_next_one_fetches_the_rest() {
    let server = Server::start();
    let links: Vec<(String, &str)> = (0..3).map(|i| (server.url(&format!("/s/{i}")), "item")).collect();
    for (i, text) in SAMPLES.iter().enumerate() {
        server.set(&format!("/s/{i}"), html(article(text)));
    }
    server.set(
        "/feed.xml",
        Resource::Page {
            content_type: "application/rss+xml",
            body: rss("Stops", &links),
            etag: Some("\"same\"".into()),
        },
    );
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;
    let source = feed_of(server.url("/feed.xml"));
    let watcher = Watcher::new(vec![source.clone()], config());

    // Stopped before any page: nothing fetched, and the feed's ETag not kept, so the next poll lists it again.
    let r = watcher.poll(store, &source, &AtomicBool::new(true)).expect("poll");
    assert!(r.interrupted);
    assert_eq!((r.poll.items, r.poll.stored), (3, 0));
    let r = watcher.poll(store, &source, &AtomicBool::new(false)).expect("poll");
    assert_eq!((r.poll.status, r.poll.stored, r.interrupted), (PollStatus::Polled, 3, false));
    assert_eq!(documents(store).len(), 3);
    let r = watcher.poll(store, &source, &AtomicBool::new(false)).expect("poll");
    assert_eq!(r.poll.status, PollStatus::Unchanged);
}

#[test]
fn a_folder_and_a_telegram_export_hand_on_their_new_files_and_messages() {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("inbox");
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("report.txt"), SAMPLES[0]).expect("write");
    std::fs::write(folder.join("picture.png"), [0u8, 1, 2]).expect("write");
    let export = dir.path().join("result.json");
    let message = |id: i64, date: &str, text: serde_json::Value| serde_json::json!({"id": id, "type": "message", "date": date, "text": text});
    let mut messages = vec![
        message(10, "2019-08-08T09:00:00", SAMPLES[1].into()),
        message(11, "2024-08-08T09:30:00", serde_json::json!([{"type": "bold", "text": "Statement: "}, SAMPLES[2]])),
    ];
    let write_export = |messages: &[serde_json::Value]| {
        let json = serde_json::json!({"name": "Channel", "type": "public_channel", "id": 777, "messages": messages});
        std::fs::write(&export, json.to_string()).expect("export");
    };
    write_export(&messages);
    let sources = vec![Source::Folder(folder.clone()), Source::Telegram(export.clone())];
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;

    let r = poll_once(store, sources.clone());
    assert_eq!((r[0].poll.items, r[0].poll.stored), (2, 1), "the picture is listed and read as no document");
    assert_eq!((r[1].poll.items, r[1].poll.stored), (2, 2));
    let docs = documents(store);
    let telegram: Vec<_> = docs
        .iter()
        .filter(|d| d.source.as_deref() == Some("Channel"))
        .map(|d| (d.url.clone(), d.published.clone()))
        .collect();
    assert_eq!(
        telegram,
        [
            (Some("https://t.me/c/777/10".to_string()), Some("2019-08-08".to_string())),
            (Some("https://t.me/c/777/11".to_string()), Some("2024-08-08".to_string())),
        ]
    );

    // A new file and an edited message: only they are read and stored; the edit is a revision.
    std::fs::write(folder.join("second.txt"), SAMPLES[2]).expect("write");
    messages[0] = serde_json::json!({"id": 10, "type": "message", "date": "2019-08-08T09:00:00",
        "edited": "2019-08-08T12:00:00", "text": format!("{}\nتحديث.", SAMPLES[1])});
    write_export(&messages);
    let r = poll_once(store, sources.clone());
    assert_eq!((r[0].poll.fetched, r[0].poll.stored), (1, 1), "{r:?}");
    assert_eq!((r[1].poll.fetched, r[1].poll.stored), (1, 1), "{r:?}");
    let edited = documents(store).into_iter().find(|d| d.url.as_deref() == Some("https://t.me/c/777/10"));
    assert_eq!(edited.map(|d| d.revisions), Some(2));

    // Nothing new: the export is unchanged (its size and time), the folder's files are known.
    let r = poll_once(store, sources);
    assert_eq!((r[0].poll.fetched, r[1].poll.status), (0, PollStatus::Unchanged));
}

#[test]
fn an_opml_list_gives_each_feed_its_title_and_language() {
    let server = Server::start();
    server.set("/a", html(article(SAMPLES[0])));
    server.set(
        "/f.xml",
        feed(
            atom(
                "Feed title",
                &[Entry { id: "a", link: server.url("/a"), title: "a", updated: "2019-08-08T10:00:00Z" }],
            ),
            None,
        ),
    );
    let opml = format!(
        "<?xml version=\"1.0\"?><opml version=\"2.0\"><head><title>Desk</title></head><body>\
         <outline text=\"Desk wire\" type=\"rss\" xmlUrl=\"{}\" language=\"en-GB\"/></body></opml>",
        server.url("/f.xml")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("feeds.opml");
    std::fs::write(&path, opml).expect("write");
    let sources = Source::parse(&path.display().to_string()).expect("opml");
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;
    poll_once(store, sources);
    let docs = documents(store);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].source.as_deref(), Some("Desk wire"));
    let detail = store.document(docs[0].id).expect("document").expect("stored");
    assert_eq!(detail.language.as_deref(), Some("en"));
}

#[test]
fn an_alert_names_the_incident_a_matching_new_entry_creates_then_the_one_it_joins() {
    let server = Server::start();
    let reports = [
        "Gunmen shot dead three guards at a checkpoint in Ghazni province on Monday, police said.",
        "Three guards were killed by gunmen at a checkpoint in Ghazni province on Monday, officials said.",
    ];
    for (i, text) in reports.iter().enumerate() {
        server.set(&format!("/r/{i}"), html(article(&format!("Guards killed\n\n{text}"))));
    }
    let entry = |i: usize| Entry {
        id: ["r0", "r1"][i],
        link: server.url(&format!("/r/{i}")),
        title: "Guards killed",
        updated: "2021-03-10T09:00:00Z",
    };
    server.set("/feed", feed(atom("Wire", &[entry(0)]), None));
    let alerts =
        ["province=Ghazni, killed>=3", "province=Kandahar"].map(|r| sitrep_watch::Alert::parse(r).expect("rule"));
    let watcher = Watcher::new(vec![feed_of(server.url("/feed"))], WatchConfig { alerts: alerts.to_vec(), ..config() });
    let mut store = SqliteStore::open_in_memory().expect("store");
    let store: &mut Store = &mut store;
    let stop = AtomicBool::new(false);
    let source = &watcher.sources()[0];

    let r = watcher.poll(store, source, &stop).expect("poll");
    let hits: Vec<_> = r.alerts.iter().map(|h| (h.rule.as_str(), h.created, h.incident_entries)).collect();
    assert_eq!(hits, [("province=Ghazni, killed>=3", true, 1)]);
    let first = r.alerts[0].incident;
    assert_eq!(r.alerts[0].entry.entry.location.province.as_deref(), Some("Ghazni"));

    // The second source's account of the same attack joins the incident; nothing else is said again.
    server.set("/feed", feed(atom("Wire", &[entry(0), entry(1)]), None));
    let r = watcher.poll(store, source, &stop).expect("poll");
    let hits: Vec<_> = r.alerts.iter().map(|h| (h.incident, h.created, h.incident_entries)).collect();
    assert_eq!(hits, [(first, false, 2)]);
    let r = watcher.poll(store, source, &stop).expect("poll");
    assert!(r.alerts.is_empty());
}
