//! HTTP as a good citizen: conditional requests, one request at a time per host interval, timeouts, retries with
//! backoff, a size limit that stops reading, and a `User-Agent` naming sitrep.

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sitrep_store::Validators;

/// How to fetch.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// The longest a request may take, from connecting to the last byte of the body.
    pub timeout: Duration,
    /// Attempts after the first for an answer that may come right later: a connection error, a timeout, 429, 5xx.
    pub retries: u32,
    /// The wait before the first retry, doubled before each next one.
    pub backoff: Duration,
    /// The least time between the starts of two requests to one host.
    pub host_interval: Duration,
    /// The largest body read; a larger one is refused without reading further.
    pub max_bytes: u64,
    pub max_redirects: u32,
}

impl Default for HttpConfig {
    fn default() -> HttpConfig {
        HttpConfig {
            timeout: Duration::from_secs(30),
            retries: 2,
            backoff: Duration::from_secs(2),
            host_interval: Duration::from_secs(1),
            max_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
        }
    }
}

/// What a fetch brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// HTTP 304: as it was when its validators were given.
    NotModified,
    Body(Page),
}

/// A body read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub status: u16,
    /// The URL the body came from, after redirects.
    pub url: String,
    /// `text/html`, lower case, without parameters.
    pub media_type: String,
    /// The `charset` parameter of `Content-Type` (`utf-8` when not given).
    pub charset: String,
    pub bytes: Vec<u8>,
    pub validators: Validators,
}

/// Why a fetch failed: the problem, and the HTTP status when there was one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub status: Option<u16>,
    pub message: String,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

/// A client shared by the watcher's threads.
pub struct Fetcher {
    agent: ureq::Agent,
    config: HttpConfig,
    /// When each host may next be asked.
    next_turn: Mutex<HashMap<String, Instant>>,
}

impl Fetcher {
    pub fn new(config: HttpConfig) -> Fetcher {
        let agent = ureq::AgentBuilder::new()
            .timeout(config.timeout)
            .redirects(config.max_redirects)
            .user_agent(&format!("sitrep/{}", env!("CARGO_PKG_VERSION")))
            .build();
        Fetcher { agent, config, next_turn: Mutex::new(HashMap::new()) }
    }

    /// GETs `url`, conditionally on `validators`, retrying what may pass with time.
    pub fn get(&self, url: &str, validators: &Validators) -> Result<Answer, FetchError> {
        self.retrying(|| self.get_once(url, validators))
    }

    /// POSTs `body` as JSON, retrying as a GET is; the answer's status.
    pub fn post_json(&self, url: &str, body: &str) -> Result<u16, FetchError> {
        self.retrying(|| {
            self.wait_turn(url);
            match self.agent.post(url).set("Content-Type", "application/json").send_string(body) {
                Ok(r) => Ok(r.status()),
                Err(e) => Err(failure(e)),
            }
        })
    }

    /// Runs `once` again, after a doubling wait, while it fails in a way that may pass, up to `retries` times.
    fn retrying<T>(&self, mut once: impl FnMut() -> Result<T, (FetchError, bool)>) -> Result<T, FetchError> {
        let mut attempt = 0;
        loop {
            match once() {
                Err((_, true)) if attempt < self.config.retries => {
                    std::thread::sleep(self.config.backoff.saturating_mul(1 << attempt.min(16)));
                    attempt += 1;
                }
                Err((e, _)) if attempt > 0 => {
                    return Err(FetchError { message: format!("{} (after {} attempts)", e.message, attempt + 1), ..e })
                }
                result => return result.map_err(|(e, _)| e),
            }
        }
    }

    /// One request; a failure says whether it is worth trying again.
    fn get_once(&self, url: &str, validators: &Validators) -> Result<Answer, (FetchError, bool)> {
        self.wait_turn(url);
        let mut request = self.agent.get(url);
        if let Some(etag) = &validators.etag {
            request = request.set("If-None-Match", etag);
        }
        if let Some(modified) = &validators.last_modified {
            request = request.set("If-Modified-Since", modified);
        }
        let response = request.call().map_err(failure)?;
        let status = response.status();
        if status == 304 {
            return Ok(Answer::NotModified);
        }
        let refuse = |message: String| (FetchError { status: Some(status), message }, false);
        if !(200..300).contains(&status) {
            return Err(refuse(format!("HTTP {status} {}", response.status_text())));
        }
        let limit = self.config.max_bytes;
        let too_large = || refuse(format!("larger than the limit of {limit} bytes (raise it with --max-bytes)"));
        if response.header("Content-Length").and_then(|n| n.trim().parse::<u64>().ok()).is_some_and(|n| n > limit) {
            return Err(too_large());
        }
        let header = |name| response.header(name).map(str::to_string);
        let validators = Validators { etag: header("ETag"), last_modified: header("Last-Modified") };
        let media_type = response.content_type().to_ascii_lowercase();
        let charset = response.charset().to_string();
        let final_url = response.get_url().to_string();
        let mut bytes = Vec::new();
        // One byte past the limit tells a body over it, without reading the rest.
        let read = response.into_reader().take(limit.saturating_add(1)).read_to_end(&mut bytes);
        if let Err(e) = read {
            return Err((FetchError { status: Some(status), message: format!("reading the body: {e}") }, true));
        }
        if bytes.len() as u64 > limit {
            return Err(too_large());
        }
        Ok(Answer::Body(Page { status, url: final_url, media_type, charset, bytes, validators }))
    }

    /// Waits until `url`'s host may be asked again, and books the next turn.
    fn wait_turn(&self, url: &str) {
        if self.config.host_interval.is_zero() {
            return;
        }
        let host = host_of(url).to_string();
        let now = Instant::now();
        let turn = {
            let mut next = self.next_turn.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            let turn = next.get(&host).copied().filter(|t| *t > now).unwrap_or(now);
            next.insert(host, turn + self.config.host_interval);
            turn
        };
        std::thread::sleep(turn.saturating_duration_since(now));
    }
}

/// POSTs JSON bodies to a URL on a thread of its own, each tried again with backoff, so that a slow or failing
/// receiver never holds the watcher up.
pub struct Webhook {
    sender: Option<std::sync::mpsc::Sender<String>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Webhook {
    /// Starts posting to `url`; `failed` is told of each body that could not be delivered, and why.
    pub fn start(url: String, config: HttpConfig, failed: Box<dyn Fn(String) + Send>) -> Webhook {
        let (sender, bodies) = std::sync::mpsc::channel::<String>();
        let thread = std::thread::spawn(move || {
            let fetcher = Fetcher::new(config);
            for body in bodies {
                if let Err(e) = fetcher.post_json(&url, &body) {
                    failed(format!("{url}: {}", e.message));
                }
            }
        });
        Webhook { sender: Some(sender), thread: Some(thread) }
    }

    /// Queues a body; never waits.
    pub fn send(&self, body: String) {
        if let Some(sender) = &self.sender {
            let _ = sender.send(body);
        }
    }
}

impl Drop for Webhook {
    /// Delivers what is queued, then ends.
    fn drop(&mut self) {
        self.sender.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A failed request, and whether it may pass with time: a connection error, a timeout, 429, 5xx.
fn failure(e: ureq::Error) -> (FetchError, bool) {
    match e {
        ureq::Error::Status(status, r) => {
            let message = format!("HTTP {status} {}", r.status_text());
            (FetchError { status: Some(status), message }, status == 429 || status >= 500)
        }
        ureq::Error::Transport(t) => {
            let transient =
                matches!(t.kind(), ureq::ErrorKind::Io | ureq::ErrorKind::ConnectionFailed | ureq::ErrorKind::Dns);
            (FetchError { status: None, message: t.to_string() }, transient)
        }
    }
}

/// The authority of a URL (`host:port`), the unit the interval between requests applies to.
fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

#[cfg(test)]
mod tests {
    use super::host_of;

    #[test]
    fn the_host_is_the_authority_of_the_url() {
        assert_eq!(host_of("https://example.org:8443/feed?x=1"), "example.org:8443");
        assert_eq!(host_of("http://127.0.0.1:9/"), "127.0.0.1:9");
        assert_eq!(host_of("http://h"), "h");
    }
}
