//! A small HTTP server on loopback for the watcher's tests: feeds and article pages made from the project's
//! sample documents, changed between polls, and the ways a site fails (an error status, a page that does not
//! answer in time, a redirect loop, a body larger than any limit).

use std::collections::HashMap;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What a path serves.
#[derive(Clone)]
pub enum Resource {
    /// A body with its media type, and an ETag that makes a conditional request answer 304.
    Page {
        content_type: &'static str,
        body: String,
        etag: Option<String>,
    },
    Status(u16),
    /// A page that answers after this long.
    Slow(Duration),
    /// A redirect to this path.
    RedirectTo(String),
    /// A body of this many bytes, streamed without a length.
    Endless(u64),
}

#[derive(Default)]
struct Site {
    resources: HashMap<String, Resource>,
    hits: HashMap<String, usize>,
}

#[derive(Clone, Default)]
struct Shared {
    site: Arc<Mutex<Site>>,
    /// Bytes of `Endless` bodies sent so far.
    streamed: Arc<AtomicU64>,
}

pub struct Server {
    addr: SocketAddr,
    shared: Shared,
    _runtime: tokio::runtime::Runtime,
}

impl Server {
    pub fn start() -> Server {
        let runtime =
            tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
        let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let shared = Shared::default();
        let app = Router::new().fallback(serve).with_state(shared.clone());
        runtime.spawn(async move { axum::serve(listener, app).await });
        Server { addr, shared, _runtime: runtime }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn set(&self, path: &str, resource: Resource) {
        self.site().resources.insert(path.to_string(), resource);
    }

    /// Requests of `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.site().hits.get(path).copied().unwrap_or(0)
    }

    pub fn streamed(&self) -> u64 {
        self.shared.streamed.load(Ordering::Relaxed)
    }

    fn site(&self) -> std::sync::MutexGuard<'_, Site> {
        self.shared.site.lock().expect("site")
    }
}

async fn serve(State(shared): State<Shared>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    let resource = {
        let mut site = shared.site.lock().expect("site");
        *site.hits.entry(path.clone()).or_default() += 1;
        site.resources.get(&path).cloned()
    };
    match resource {
        None => StatusCode::NOT_FOUND.into_response(),
        Some(Resource::Page { content_type, body, etag }) => {
            let asked = headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
            match etag {
                Some(etag) if asked == Some(etag.as_str()) => {
                    (StatusCode::NOT_MODIFIED, [(header::ETAG, etag)]).into_response()
                }
                Some(etag) => {
                    ([(header::CONTENT_TYPE, content_type.to_string()), (header::ETAG, etag)], body).into_response()
                }
                None => ([(header::CONTENT_TYPE, content_type)], body).into_response(),
            }
        }
        Some(Resource::Status(code)) => StatusCode::from_u16(code).unwrap_or(StatusCode::IM_A_TEAPOT).into_response(),
        Some(Resource::Slow(wait)) => {
            tokio::time::sleep(wait).await;
            ([(header::CONTENT_TYPE, "text/html")], "<p>late</p>").into_response()
        }
        Some(Resource::RedirectTo(to)) => (StatusCode::FOUND, [(header::LOCATION, to)]).into_response(),
        Some(Resource::Endless(size)) => {
            const CHUNK: u64 = 64 * 1024;
            let streamed = shared.streamed.clone();
            let chunks = futures_util::stream::iter((0..size.div_ceil(CHUNK)).map(move |_| {
                streamed.fetch_add(CHUNK, Ordering::Relaxed);
                Ok::<_, Infallible>(Bytes::from(vec![b'a'; CHUNK as usize]))
            }));
            ([(header::CONTENT_TYPE, "text/html")], Body::from_stream(chunks)).into_response()
        }
    }
}

/// The project's sample documents (`data/samples`, what `sitrep demo` ingests).
pub const SAMPLES: [&str; 3] = [
    include_str!("../../../../data/samples/report_en.txt"),
    include_str!("../../../../data/samples/bulletin_ar.txt"),
    include_str!("../../../../data/samples/compilation_en.txt"),
];

/// An article page of a text: its first line the title, each paragraph a `<p>`, between a navigation bar and a
/// footer that the main text leaves out.
pub fn article(text: &str) -> String {
    let escape = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut paragraphs = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let title = escape(paragraphs.next().unwrap_or(""));
    let body: String = paragraphs.map(|p| format!("<p>{}</p>\n", escape(p))).collect();
    format!(
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>{title}</h1>\n{body}</article><footer>All rights reserved</footer></body></html>"
    )
}

pub fn html(body: String) -> Resource {
    Resource::Page { content_type: "text/html; charset=utf-8", body, etag: None }
}

/// One entry of a test feed.
pub struct Entry<'a> {
    pub id: &'a str,
    pub link: String,
    pub title: &'a str,
    /// RFC 3339.
    pub updated: &'a str,
}

/// An Atom feed of `entries`.
pub fn atom(title: &str, entries: &[Entry<'_>]) -> String {
    let entries: String = entries
        .iter()
        .map(|e| {
            format!(
                "<entry><id>{}</id><title>{}</title><link href=\"{}\"/><published>{}</published><updated>{}</updated></entry>\n",
                e.id, e.title, e.link, e.updated, e.updated
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{title}</title><id>urn:test:{title}</id><updated>2024-08-08T00:00:00Z</updated>\n{entries}</feed>"
    )
}

/// An RSS 2 feed of `(link, title)` items.
pub fn rss(title: &str, items: &[(String, &str)]) -> String {
    let items: String = items
        .iter()
        .map(|(link, t)| format!("<item><title>{t}</title><link>{link}</link><guid>{link}</guid><pubDate>Thu, 08 Aug 2019 10:00:00 GMT</pubDate></item>\n"))
        .collect();
    format!("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://127.0.0.1/</link><description>test</description>\n{items}</channel></rss>")
}

pub fn feed(body: String, etag: Option<&str>) -> Resource {
    Resource::Page { content_type: "application/atom+xml", body, etag: etag.map(str::to_string) }
}
