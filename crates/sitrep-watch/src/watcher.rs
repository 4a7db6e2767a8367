//! The watcher: polls each source, fetches what is new or changed, hands it to ingest in batches, records every
//! poll and fetch, and links what was stored.

use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use sitrep_store::{
    ingest, Body, ContentHash, Error, EventQuery, FetchRecord, FetchStatus, Incoming, IngestConfig, PollRecord,
    PollStatus, RunInfo, SeenItem, Storage, StoredEntry, Validators,
};

use crate::alert::Alert;

use crate::http::{Answer, FetchError, Fetcher, HttpConfig, Page};
use crate::item::{feed_listing, file_stamp, folder_listing, hash_fields, telegram_listing, Content, Item, Listing};
use crate::source::{language_code, Source};

/// Reads a file of a watched folder into its documents (none: not a document), as `sitrep ingest` reads it.
pub type FileReader = Arc<dyn Fn(&Path) -> Vec<Incoming> + Send + Sync>;

/// How to watch.
#[derive(Clone)]
pub struct WatchConfig {
    /// Between two polls of one source (longer after failures: doubled for each, up to eight times).
    pub interval: Duration,
    pub http: HttpConfig,
    /// Pages fetched at once, over all hosts.
    pub concurrency: usize,
    /// Documents per ingest transaction; a stop loses none of them, a kill at most one batch's fetches.
    pub batch: usize,
    /// Failed fetches of one version of an item before it is left until it changes.
    pub item_attempts: i64,
    /// Rules a new entry is matched against ([`Alert`]).
    pub alerts: Vec<Alert>,
    pub run: RunInfo,
    pub read_file: FileReader,
}

impl WatchConfig {
    /// The defaults, reading a folder's files with `read_file`.
    pub fn new(read_file: FileReader) -> WatchConfig {
        WatchConfig {
            interval: Duration::from_secs(300),
            http: HttpConfig::default(),
            concurrency: 4,
            batch: 64,
            item_attempts: 3,
            alerts: Vec::new(),
            run: RunInfo::current(),
            read_file,
        }
    }
}

/// What one poll of a source did.
#[derive(Debug, Clone)]
pub struct PollReport {
    pub location: String,
    /// As recorded.
    pub poll: PollRecord,
    /// Items that could not be fetched or read: the item and why.
    pub failures: Vec<(String, String)>,
    /// Stopped before every new item was fetched: the rest waits for the next poll.
    pub interrupted: bool,
    /// The documents whose texts this poll stored (new, or new revisions), in the order stored.
    pub documents: Vec<i64>,
    /// The incidents that new entries matching an alert created or joined.
    pub alerts: Vec<AlertHit>,
}

/// A new entry that matches an alert, and the incident it created or joined.
#[derive(Debug, Clone)]
pub struct AlertHit {
    pub rule: String,
    pub incident: i64,
    /// The incident is made of this poll's entries only.
    pub created: bool,
    /// Its entries, this one included.
    pub incident_entries: usize,
    pub entry: StoredEntry,
}

/// Polls sources and hands what is new to ingest.
pub struct Watcher {
    sources: Vec<Source>,
    fetcher: Fetcher,
    config: WatchConfig,
}

fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// A listing with its validators, or why there is none (`Ok(None)`: unchanged since the last poll).
type Listed = Result<Option<(Listing, Validators)>, String>;

/// An item listed, or one the listing holds but that cannot be handed on: its key and why.
type ListedItem = Result<Item, (String, String)>;

fn key_of(item: &ListedItem) -> &str {
    match item {
        Ok(item) => &item.key,
        Err((key, _)) => key,
    }
}

impl Watcher {
    pub fn new(sources: Vec<Source>, config: WatchConfig) -> Watcher {
        Watcher { sources, fetcher: Fetcher::new(config.http.clone()), config }
    }

    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// Polls every source until `stop` is set, each every `interval` (longer after failures); `once`: each
    /// source once. Only the store's own errors end it: a source that fails is recorded and polled again later.
    pub fn run(
        &self,
        store: &mut (dyn Storage + Send),
        once: bool,
        stop: &AtomicBool,
        report: &mut dyn FnMut(&PollReport),
    ) -> Result<(), Error> {
        let start = Instant::now();
        let mut due = vec![start; self.sources.len()];
        let mut failures = vec![0u32; self.sources.len()];
        loop {
            for (i, source) in self.sources.iter().enumerate() {
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                if due[i] > Instant::now() {
                    continue;
                }
                let r = self.poll(store, source, stop)?;
                failures[i] = if r.poll.status == PollStatus::Failed { failures[i] + 1 } else { 0 };
                due[i] = Instant::now() + self.config.interval * (1 << failures[i].min(3));
                report(&r);
            }
            if once {
                return Ok(());
            }
            let next = due.iter().min().copied().unwrap_or(start);
            while Instant::now() < next {
                if stop.load(Ordering::Relaxed) {
                    return Ok(());
                }
                std::thread::sleep(next.saturating_duration_since(Instant::now()).min(Duration::from_millis(100)));
            }
        }
    }

    /// Polls one source: lists it (conditionally), fetches its new and changed items, stores them, links them,
    /// and records the poll and each fetch.
    pub fn poll(
        &self,
        store: &mut (dyn Storage + Send),
        source: &Source,
        stop: &AtomicBool,
    ) -> Result<PollReport, Error> {
        let started_at = now();
        let location = source.location();
        let watched = store.watch_source(&location, source.kind())?;
        let mut report = PollReport {
            location,
            poll: PollRecord {
                started_at,
                finished_at: started_at,
                status: PollStatus::Polled,
                items: 0,
                fetched: 0,
                stored: 0,
                error: None,
                validators: Validators::default(),
            },
            failures: Vec::new(),
            interrupted: false,
            documents: Vec::new(),
            alerts: Vec::new(),
        };
        let record = |store: &mut (dyn Storage + Send), report: &mut PollReport, validators: Validators| {
            report.poll.finished_at = now();
            report.poll.validators = validators;
            store.record_poll(watched.id, &report.poll)
        };
        let (listing, validators) = match self.list(source, &watched.validators) {
            Ok(Some(listed)) => listed,
            Ok(None) => {
                report.poll.status = PollStatus::Unchanged;
                record(store, &mut report, watched.validators.clone())?;
                return Ok(report);
            }
            Err(message) => {
                report.poll.status = PollStatus::Failed;
                report.poll.error = Some(message);
                record(store, &mut report, Validators::default())?;
                return Ok(report);
            }
        };
        let publisher = match source {
            Source::Feed { publisher: Some(p), .. } => Some(p.clone()),
            _ => listing.title.clone(),
        };
        let language = match source {
            Source::Feed { language: Some(l), .. } => language_code(l).map(str::to_string),
            _ => None,
        }
        .or(listing.language.clone());
        report.poll.items = (listing.items.len() + listing.bad.len()) as u64;

        // The items new or changed since last handed on (or failed fewer times than allowed), each once.
        let mut keys = std::collections::HashSet::new();
        let mut work: Vec<(ListedItem, Validators)> = Vec::new();
        let listed: Vec<ListedItem> = listing
            .items
            .into_iter()
            .map(Ok)
            .chain(listing.bad.into_iter().map(Err))
            .filter(|i| keys.insert(key_of(i).to_string()))
            .collect();
        let item_keys: Vec<String> = listed.iter().map(|i| key_of(i).to_string()).collect();
        let seen = store.seen_items(watched.id, &item_keys)?;
        for (item, seen) in listed.into_iter().zip(seen) {
            let hash = match &item {
                Ok(item) => item.hash,
                Err((_, reason)) => hash_fields([reason.as_str()]),
            };
            if let Some(SeenItem { hash: h, failures, .. }) = &seen {
                if *h == hash && (*failures == 0 || *failures >= self.config.item_attempts) {
                    continue;
                }
            }
            // The page's validators only for the version they were taken from.
            let validators =
                seen.filter(|s| s.hash == hash || s.failures > 0).map(|s| s.validators).unwrap_or_default();
            work.push((item, validators));
        }
        report.poll.fetched = work.len() as u64;

        let meta = Meta { publisher, language };
        let complete = self.fetch_and_store(store, watched.id, &work, &meta, stop, &mut report)?;
        report.interrupted = !complete;
        if report.poll.stored > 0 {
            store.ensure_linked()?;
        }
        report.alerts = self.alerts(store, &report.documents)?;
        // An interrupted poll is not conditional next time: the items left are listed again.
        record(store, &mut report, if complete { validators } else { Validators::default() })?;
        Ok(report)
    }

    /// The incidents that the event entries of `documents` (stored in this poll) created or joined, for each
    /// alert one of them matches; once per incident and alert.
    fn alerts(&self, store: &mut (dyn Storage + Send), documents: &[i64]) -> Result<Vec<AlertHit>, Error> {
        let mut entries = Vec::new();
        for &document in documents {
            let query = EventQuery { document_id: Some(document), kind: Some("event".into()), ..EventQuery::default() };
            entries.extend(store.events(&query)?);
        }
        let new: std::collections::HashSet<i64> = entries.iter().map(|e| e.entry_id).collect();
        let mut hits: Vec<AlertHit> = Vec::new();
        for entry in entries {
            for alert in self.config.alerts.iter().filter(|a| a.matches(&entry)) {
                let Some(incident) = store.incident_of(entry.entry_id)? else { continue };
                if hits.iter().any(|h| h.incident == incident && h.rule == alert.rule) {
                    continue;
                }
                let members = store.linked_incidents(Some(incident))?.into_iter().next().map(|i| i.entries);
                let members = members.unwrap_or_default();
                hits.push(AlertHit {
                    rule: alert.rule.clone(),
                    incident,
                    created: members.iter().all(|m| new.contains(&m.entry_id)),
                    incident_entries: members.len(),
                    entry: entry.clone(),
                });
            }
        }
        Ok(hits)
    }

    /// A source's listing, unless unchanged since `validators` were taken.
    fn list(&self, source: &Source, validators: &Validators) -> Listed {
        match source {
            Source::Feed { url, .. } => match self.fetcher.get(url, validators) {
                Ok(Answer::NotModified) => Ok(None),
                Ok(Answer::Body(page)) => {
                    let listing = feed_listing(&page.url, &page.bytes)?;
                    Ok(Some((listing, page.validators)))
                }
                Err(FetchError { message, .. }) => Err(message),
            },
            Source::Folder(dir) => {
                if !dir.is_dir() {
                    return Err("not a folder (any more)".into());
                }
                Ok(Some((folder_listing(dir), Validators::default())))
            }
            Source::Telegram(path) => {
                let stamp = std::fs::metadata(path).map(|m| file_stamp(&m)).map_err(|e| format!("cannot read: {e}"))?;
                if validators.last_modified.as_deref() == Some(stamp.as_str()) {
                    return Ok(None);
                }
                let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
                let listing = telegram_listing(&bytes)?;
                Ok(Some((listing, Validators { etag: None, last_modified: Some(stamp) })))
            }
        }
    }

    /// Fetches the items of `work` on `concurrency` threads and stores them in batches as they come, each
    /// batch's fetches recorded after its documents are stored. `false` when `stop` cut it short.
    fn fetch_and_store(
        &self,
        store: &mut (dyn Storage + Send),
        source: i64,
        work: &[(ListedItem, Validators)],
        meta: &Meta,
        stop: &AtomicBool,
        report: &mut PollReport,
    ) -> Result<bool, Error> {
        let next = AtomicUsize::new(0);
        let config = IngestConfig { batch: self.config.batch, run: self.config.run.clone(), relink: false };
        std::thread::scope(|scope| {
            let (sender, received) = mpsc::channel::<(usize, Fetched)>();
            for _ in 0..self.config.concurrency.max(1).min(work.len()) {
                let sender = sender.clone();
                let next = &next;
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some((item, validators)) = work.get(i) else { break };
                        if sender.send((i, self.fetch(item, validators, meta))).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(sender);
            let mut batch: Vec<(usize, Fetched)> = Vec::new();
            let mut done = 0usize;
            let mut store_batch = |batch: &mut Vec<(usize, Fetched)>, report: &mut PollReport| -> Result<(), Error> {
                // In the listing's order, whichever page came first.
                batch.sort_unstable_by_key(|(i, _)| *i);
                let (records, documents): (Vec<FetchRecord>, Vec<Vec<Incoming>>) =
                    batch.drain(..).map(|(_, f)| (f.record, f.documents)).unzip();
                let documents: Vec<Incoming> = documents.into_iter().flatten().collect();
                if !documents.is_empty() {
                    // The texts not stored yet: their entries are new (what alerts look at).
                    let hashes: Vec<ContentHash> =
                        documents.iter().filter_map(|d| d.body.as_ref().ok()).map(Body::content_hash).collect();
                    let known = store.known(&hashes)?;
                    report.poll.stored += ingest(store, documents, &config, &mut |_| {})?.revisions_added;
                    for (hash, known) in hashes.iter().zip(known) {
                        if let (false, Some(document)) = (known, store.document_of_hash(hash)?) {
                            report.documents.push(document);
                        }
                    }
                }
                for r in records.iter().filter(|r| r.status == FetchStatus::Failed) {
                    report.failures.push((r.item.clone(), r.error.clone().unwrap_or_default()));
                }
                store.record_fetches(source, &records)
            };
            for fetched in received {
                done += 1;
                batch.push(fetched);
                if batch.len() >= self.config.batch.max(1) {
                    store_batch(&mut batch, report)?;
                }
            }
            store_batch(&mut batch, report)?;
            Ok(done == work.len())
        })
    }

    /// Fetches or reads one item into its documents, with the record of the fetch.
    fn fetch(&self, item: &ListedItem, validators: &Validators, meta: &Meta) -> Fetched {
        let item = match item {
            Ok(item) => item,
            Err((key, reason)) => {
                let record = failed_fetch(key, hash_fields([reason.as_str()]), None, reason.clone());
                return Fetched { record, documents: Vec::new() };
            }
        };
        let mut record = FetchRecord {
            item: item.key.clone(),
            hash: item.hash,
            at: now(),
            status: FetchStatus::Fetched,
            http_status: None,
            bytes: None,
            error: None,
            validators: Validators::default(),
        };
        let documents = match &item.content {
            Content::Inline(body) => vec![meta.incoming(item, item.key.clone(), body.clone())],
            Content::File(path) => (self.config.read_file)(path),
            Content::Page(url) => match self.fetcher.get(url, validators) {
                Ok(Answer::NotModified) => {
                    record.status = FetchStatus::Unchanged;
                    record.http_status = Some(304);
                    record.validators = validators.clone();
                    Vec::new()
                }
                Ok(Answer::Body(page)) => {
                    record.http_status = Some(page.status);
                    record.bytes = Some(page.bytes.len() as u64);
                    record.validators = page.validators.clone();
                    match page_body(page) {
                        Ok(body) => vec![meta.incoming(item, url.clone(), body)],
                        Err(reason) => {
                            record.status = FetchStatus::Failed;
                            record.error = Some(reason);
                            Vec::new()
                        }
                    }
                }
                Err(e) => {
                    record = failed_fetch(&item.key, item.hash, e.status, format!("{url}: {}", e.message));
                    Vec::new()
                }
            },
        };
        Fetched { record, documents }
    }
}

/// One item fetched: the record of the fetch and the documents it gave.
struct Fetched {
    record: FetchRecord,
    documents: Vec<Incoming>,
}

/// What a source says of all its items.
struct Meta {
    publisher: Option<String>,
    language: Option<String>,
}

impl Meta {
    fn incoming(&self, item: &Item, origin: String, body: Body) -> Incoming {
        Incoming {
            source: self.publisher.clone(),
            url: item.url.clone(),
            title: item.title.clone(),
            published: item.published.clone(),
            language: self.language.clone(),
            body: Ok(body),
            ..Incoming::text(origin, "")
        }
    }
}

fn failed_fetch(item: &str, hash: [u8; 32], http_status: Option<u16>, error: String) -> FetchRecord {
    FetchRecord {
        item: item.to_string(),
        hash,
        at: now(),
        status: FetchStatus::Failed,
        http_status,
        bytes: None,
        error: Some(error),
        validators: Validators::default(),
    }
}

/// A page's body as ingest takes it: HTML (its main text read) or plain text, decoded by the charset its answer
/// names (a byte-order mark first), else UTF-8.
pub fn page_body(page: Page) -> Result<Body, String> {
    let html = page.media_type.contains("html") || page.media_type.is_empty();
    if !html && !page.media_type.starts_with("text/") {
        return Err(format!("{}: not a page of text ({})", page.url, page.media_type));
    }
    let encoding = encoding_rs::Encoding::for_label(page.charset.as_bytes()).unwrap_or(encoding_rs::UTF_8);
    let (text, _, _) = encoding.decode(&page.bytes);
    let text = text.into_owned();
    let raw = (text.as_bytes() != page.bytes.as_slice()).then_some(page.bytes);
    Ok(if html { Body::Html { html: text, raw, read: sitrep_html::main_text } } else { Body::Text { text, raw } })
}
