//! `sitrep watch` (issue 17): the watcher of `sitrep-watch` over the store until Ctrl-C or SIGTERM; and
//! `sitrep sources`, what it recorded of each source.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use sitrep_serve::{entry_json, source_json};
use sitrep_store::PollStatus;
use sitrep_watch::{Alert, HttpConfig, PollReport, Source, WatchConfig, Watcher, Webhook};

use crate::output::columns;
use crate::store_commands::{create, db_path, open_existing, watched_file_reader, ListFormat};

#[derive(clap::Args)]
pub struct WatchArgs {
    /// Feed URLs (RSS, Atom, JSON Feed), OPML files listing feeds, folders, Telegram exports (result.json).
    #[arg(required = true)]
    sources: Vec<String>,
    /// Poll each source once and exit (for cron): status 1 when a source or an item failed.
    #[arg(long)]
    once: bool,
    #[command(flatten)]
    options: WatchOptions,
}

/// How to watch: `watch`'s options, and `serve --watch`'s.
#[derive(clap::Args)]
pub struct WatchOptions {
    /// Seconds between two polls of a source (doubled after each failure, up to eight times).
    #[arg(long, default_value_t = 300)]
    interval: u64,
    /// Largest page or file read, in bytes; a larger one is refused without reading further.
    #[arg(long, default_value_t = 10 * 1024 * 1024)]
    max_bytes: u64,
    /// Seconds a request may take, from connecting to the body's last byte.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Milliseconds between the starts of two requests to one host.
    #[arg(long, default_value_t = 1000)]
    host_interval: u64,
    /// Pages fetched at once, over all hosts.
    #[arg(long, default_value_t = 4)]
    concurrency: usize,
    /// Print a JSON line for each incident that a new entry matching RULE creates or joins. A rule is
    /// conditions joined by commas, all of which must hold: `province=Kandahar`, `killed>=10`,
    /// `perpetrator~Islamic State` (see the README). Each --alert is a rule of its own.
    #[arg(long = "alert", value_name = "RULE")]
    alerts: Vec<String>,
    /// POST each alert's JSON to this URL too (retried; never holding the watcher up).
    #[arg(long, value_name = "URL", requires = "alerts")]
    webhook: Option<String>,
}

impl WatchOptions {
    fn config(&self) -> anyhow::Result<WatchConfig> {
        let max_bytes = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut alerts = Vec::new();
        for rule in &self.alerts {
            alerts.push(Alert::parse(rule).map_err(|e| anyhow::anyhow!("--alert {rule:?}: {e}"))?);
        }
        Ok(WatchConfig {
            interval: Duration::from_secs(self.interval.max(1)),
            http: HttpConfig {
                timeout: Duration::from_secs(self.timeout.max(1)),
                host_interval: Duration::from_millis(self.host_interval),
                max_bytes: self.max_bytes,
                ..HttpConfig::default()
            },
            concurrency: self.concurrency.max(1),
            alerts,
            ..WatchConfig::new(Arc::new(watched_file_reader(max_bytes)))
        })
    }

    /// What says each poll, and each alert (on stdout, and to the webhook).
    fn announcer(&self) -> Announcer {
        let report_failure = Box::new(|why: String| eprintln!("sitrep watch: webhook: {why}"));
        let http = HttpConfig { host_interval: Duration::ZERO, ..HttpConfig::default() };
        Announcer { webhook: self.webhook.clone().map(|url| Webhook::start(url, http, report_failure)) }
    }
}

/// The sources the arguments name; each one that cannot be used is said, and counted.
fn sources(args: &[String]) -> anyhow::Result<(Vec<Source>, usize)> {
    let mut sources = Vec::new();
    let mut unusable = 0;
    for arg in args {
        match Source::parse(arg) {
            Ok(found) => sources.extend(found),
            Err(e) => {
                eprintln!("sitrep watch: {e}");
                unusable += 1;
            }
        }
    }
    if sources.is_empty() {
        anyhow::bail!("no source to watch");
    }
    Ok((sources, unusable))
}

/// Watches until Ctrl-C or SIGTERM, which let the document in hand be stored and recorded first (a second
/// Ctrl-C ends at once).
pub fn run_watch(db: Option<&Path>, args: &WatchArgs) -> anyhow::Result<ExitCode> {
    let (sources, unusable) = sources(&args.sources)?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in signal_hook::consts::TERM_SIGNALS {
        signal_hook::flag::register_conditional_shutdown(*signal, 130, stop.clone())?;
        signal_hook::flag::register(*signal, stop.clone())?;
    }
    let mut store = create(db)?;
    eprintln!(
        "sitrep watch: {} sources into {}{}",
        sources.len(),
        sitrep_store::shown(&db_path(db)),
        if args.once { ", each polled once" } else { " (Ctrl-C to stop)" }
    );
    let mut failed = unusable > 0;
    let announcer = args.options.announcer();
    Watcher::new(sources, args.options.config()?).run(&mut *store, args.once, &stop, &mut |r| {
        failed |= r.poll.status == PollStatus::Failed || !r.failures.is_empty();
        announcer.say(r);
    })?;
    // The webhook's queue is delivered before the end.
    drop(announcer);
    Ok(if args.once && failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// A watcher on a thread of its own, beside the server (`serve --watch`).
pub struct BackgroundWatcher {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<()>,
}

impl BackgroundWatcher {
    /// Starts watching `args` into the store (created if need be).
    pub fn start(db: Option<&Path>, args: &[String], options: &WatchOptions) -> anyhow::Result<BackgroundWatcher> {
        let (sources, _) = sources(args)?;
        let mut store = create(db)?;
        let stop = Arc::new(AtomicBool::new(false));
        let watcher = Watcher::new(sources, options.config()?);
        let announcer = options.announcer();
        let flag = stop.clone();
        let thread = std::thread::Builder::new().name("sitrep-watch".into()).spawn(move || {
            if let Err(e) = watcher.run(&mut *store, false, &flag, &mut |r| announcer.say(r)) {
                eprintln!("sitrep watch: stopped: {e}");
            }
        })?;
        Ok(BackgroundWatcher { stop, thread })
    }

    /// Stops once the document in hand is stored and recorded.
    pub fn stop(self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let _ = self.thread.join();
    }
}

/// Says what each poll did: a line per poll and per item that failed on stderr; a JSON line per alert on
/// stdout, also posted to the webhook.
struct Announcer {
    webhook: Option<Webhook>,
}

impl Announcer {
    fn say(&self, r: &PollReport) {
        let p = &r.poll;
        match p.status {
            PollStatus::Failed => {
                eprintln!("sitrep watch: {}: failed: {}", r.location, p.error.as_deref().unwrap_or(""))
            }
            PollStatus::Unchanged => eprintln!("sitrep watch: {}: unchanged", r.location),
            PollStatus::Polled => eprintln!(
                "sitrep watch: {}: {} items, {} new or changed, {} stored, {} failed{}",
                r.location,
                p.items,
                p.fetched,
                p.stored,
                r.failures.len(),
                if r.interrupted { " (stopped: the rest at the next poll)" } else { "" }
            ),
        }
        for (item, why) in &r.failures {
            eprintln!("sitrep watch: {}: {item}: {why}", r.location);
        }
        for hit in &r.alerts {
            let line = json!({
                "alert": hit.rule,
                "action": if hit.created { "created" } else { "joined" },
                "incident": hit.incident,
                "incident_entries": hit.incident_entries,
                "source": r.location,
                "entry": entry_json(&hit.entry, None),
            })
            .to_string();
            println!("{line}");
            if let Some(webhook) = &self.webhook {
                webhook.send(line);
            }
        }
    }
}

#[derive(clap::Args)]
pub struct SourcesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    format: ListFormat,
}

/// Unix seconds as `YYYY-MM-DD HH:MM:SS` (UTC).
fn utc(seconds: i64) -> String {
    let day = sitrep_extract::Date::from_days(seconds.div_euclid(86_400)).map_or_else(String::new, |d| d.to_string());
    let s = seconds.rem_euclid(86_400);
    format!("{day} {:02}:{:02}:{:02}", s / 3600, s % 3600 / 60, s % 60)
}

pub fn run_sources(db: Option<&Path>, args: &SourcesArgs) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(db)?;
    let reports = store.source_reports()?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        ListFormat::Jsonl => {
            for r in &reports {
                writeln!(out, "{}", source_json(r))?;
            }
        }
        ListFormat::Table => {
            let head = ["source", "kind", "polls", "last success", "items", "stored", "failed", "last error"];
            let mut rows = vec![head.map(str::to_string).to_vec()];
            for r in &reports {
                rows.push(vec![
                    r.location.clone(),
                    r.kind.clone(),
                    r.polls.to_string(),
                    r.last_success.map(utc).unwrap_or_default(),
                    r.items.to_string(),
                    r.stored.to_string(),
                    r.failed_fetches.to_string(),
                    r.last_error.as_ref().map(|(at, e)| format!("{} {e}", utc(*at))).unwrap_or_default(),
                ]);
            }
            write!(out, "{}", columns(&rows))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
