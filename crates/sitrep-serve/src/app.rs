//! The router: JSON API under `/api`, the dashboard at `/`.

use std::collections::HashMap;
use std::future::Future;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sitrep_report::{Report, ReportQuery};
use sitrep_store::{
    Body, ContentHash, DateBasis, DateFallback, EventKey, EventQuery, Incoming, IngestConfig, LinkState, Storage,
    TallyBy, TallyDimension,
};

use crate::json::{entry_json, offsets, EntryOut, Utf16Map};
use crate::relink::Relinker;
use crate::{assets, ApiError, Pool};

/// Largest request body accepted (`POST /api/documents`).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Largest page of `/api/events`.
pub const MAX_PAGE: u64 = 1000;
const DEFAULT_PAGE: u64 = 100;
/// Longest filter value accepted.
const MAX_FILTER_CHARS: usize = 200;
/// Answers kept in the cache of totals and tallies.
const CACHE_ENTRIES: usize = 1024;

/// Every route: (method, path as in `openapi.json`). Checked against the spec in the tests.
pub const ROUTES: &[(&str, &str)] = &[
    ("get", "/api/health"),
    ("get", "/api/events"),
    ("get", "/api/events/{id}"),
    ("get", "/api/incidents"),
    ("get", "/api/incidents/{id}"),
    ("get", "/api/documents/{id}"),
    ("post", "/api/documents"),
    ("get", "/api/tally"),
    ("get", "/api/report"),
    ("get", "/api/sources"),
    ("get", "/api/stream"),
    ("get", "/api/openapi.json"),
];

/// How to serve.
#[derive(Debug, Clone)]
pub struct Config {
    pub db: PathBuf,
    /// `POST /api/documents` needs `Authorization: Bearer <token>`; without a token the server is read-only.
    pub token: Option<String>,
    /// Connections to the database, and so requests reading it at once (the others wait their turn
    /// without holding a thread). The queries are CPU-bound: a few more than the cores.
    pub connections: usize,
}

impl Config {
    pub fn new(db: impl Into<PathBuf>) -> Config {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Config { db: db.into(), token: None, connections: (cores + 2).clamp(4, 16) }
    }
}

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pool: Arc<Pool>,
    /// One permit per pooled connection: at most that many requests on blocking threads, so connections
    /// are never opened and closed per request.
    permits: Arc<tokio::sync::Semaphore>,
    token: Option<Arc<str>>,
    /// Totals and tallies by request, valid while the store's generation is the same.
    cache: Arc<Mutex<HashMap<String, (i64, Value)>>>,
    /// Whole answers (tallies, reports) by request and what they were built from.
    bodies: Arc<Mutex<HashMap<String, Bytes>>>,
    /// Incidents are linked again off the request path, one relink at a time.
    relinker: Arc<Relinker>,
}

impl AppState {
    /// Opens the database (creating and migrating it if needed).
    pub fn new(config: &Config) -> Result<AppState, sitrep_store::Error> {
        let connections = config.connections.max(1);
        Ok(AppState {
            pool: Arc::new(Pool::open(&config.db, connections)?),
            permits: Arc::new(tokio::sync::Semaphore::new(connections)),
            bodies: Arc::new(Mutex::new(HashMap::new())),
            token: config.token.as_deref().filter(|t| !t.is_empty()).map(Arc::from),
            cache: Arc::new(Mutex::new(HashMap::new())),
            relinker: Arc::new(Relinker::new(config.db.clone())),
        })
    }

    /// Starts relinking the incidents on a background thread unless one runs (then it passes once more).
    /// Requests go on meanwhile, answered from what is linked.
    pub fn relink_in_background(&self) {
        self.relinker.request();
    }

    /// Starts a background relink when entries or decisions changed since the last one (`sitrep serve` at
    /// startup); `true` when it did.
    pub fn relink_if_stale(&self) -> Result<bool, ApiError> {
        let stale = self.pool.with(|s| Ok(s.link_state()?.stale))?;
        if stale {
            self.relink_in_background();
        }
        Ok(stale)
    }

    /// Whether a background relink runs.
    pub fn relinking(&self) -> bool {
        self.relinker.running()
    }

    /// Blocks until no background relink runs (tests).
    pub fn wait_for_relink(&self) {
        self.relinker.wait();
    }

    /// An answer built from the incidents, cached whole (bytes) by `key` and the link state, with how
    /// current the incidents are. Runs on a blocking thread; a stale store is relinked in the background.
    fn incident_answer(
        &self,
        s: &mut (dyn Storage + Send),
        key: &str,
        build: impl FnOnce(&mut (dyn Storage + Send)) -> Result<Value, ApiError>,
    ) -> Result<Bytes, ApiError> {
        let link = s.link_state()?;
        let key = format!("{key}:{link:?}:{}", link.stale && self.relinking());
        let body = match self.body(&key) {
            Some(b) => b,
            None => {
                let value = self.with_link_state(build(s)?, &link);
                let body = Bytes::from(serde_json::to_vec(&value).map_err(ApiError::internal)?);
                self.remember_body(key, &body);
                body
            }
        };
        if link.stale {
            self.relink_in_background();
        }
        Ok(body)
    }

    /// Adds how current the incidents are to an answer built from them, and starts a relink when they
    /// are stale (never in the request itself).
    fn with_link_state(&self, mut value: Value, link: &LinkState) -> Value {
        if link.stale {
            self.relink_in_background();
        }
        if let Some(o) = value.as_object_mut() {
            o.insert("stale".into(), json!(link.stale));
            o.insert("unlinked_entries".into(), json!(link.unlinked_entries));
            o.insert("relinking".into(), json!(link.stale && self.relinking()));
        }
        value
    }

    /// Runs `f` on a pooled connection on a blocking thread.
    async fn blocking<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut (dyn Storage + Send)) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let pool = self.pool.clone();
        let permit = self.permits.clone().acquire_owned().await.map_err(ApiError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            pool.with(f)
        })
        .await
        .map_err(ApiError::internal)?
    }

    fn body(&self, key: &str) -> Option<Bytes> {
        self.bodies.lock().ok()?.get(key).cloned()
    }

    fn remember_body(&self, key: String, body: &Bytes) {
        if let Ok(mut bodies) = self.bodies.lock() {
            if bodies.len() >= CACHE_ENTRIES {
                bodies.clear();
            }
            bodies.insert(key, body.clone());
        }
    }

    fn cached(&self, key: &str, generation: i64) -> Option<Value> {
        let cache = self.cache.lock().ok()?;
        cache.get(key).filter(|(g, _)| *g == generation).map(|(_, v)| v.clone())
    }

    fn remember(&self, key: String, generation: i64, value: &Value) {
        if let Ok(mut cache) = self.cache.lock() {
            if cache.len() >= CACHE_ENTRIES {
                cache.clear();
            }
            cache.insert(key, (generation, value.clone()));
        }
    }
}

/// The whole application.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .route("/api/health", get(health))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/incidents", get(incidents))
        .route("/api/incidents/{id}", get(incident))
        .route("/api/documents", axum::routing::post(post_document))
        .route("/api/documents/{id}", get(document))
        .route("/api/tally", get(tally))
        .route("/api/report", get(report))
        .route("/api/sources", get(sources))
        .route("/api/stream", get(stream))
        .route("/api/openapi.json", get(openapi))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(no_store));
    Router::new()
        .merge(api)
        .merge(assets::routes())
        .fallback(no_route)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(state)
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state)).with_graceful_shutdown(shutdown).await
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        ),
    );
    response
}

async fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

async fn no_route() -> ApiError {
    ApiError::not_found("no such route")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed on this route")
}

fn query_error(e: QueryRejection) -> ApiError {
    ApiError::bad_request(e.body_text())
}

fn path_id(p: Result<Path<i64>, PathRejection>) -> Result<i64, ApiError> {
    match p {
        Ok(Path(id)) if id > 0 => Ok(id),
        _ => Err(ApiError::bad_request("the id must be a positive integer")),
    }
}

async fn health(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let (schema, generation, link) =
        state.blocking(|s| Ok((s.schema_version()?, s.generation()?, s.link_state()?))).await?;
    let value = json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "schema_version": schema,
        "generation": generation,
        "writable": state.token.is_some(),
    });
    Ok(Json(state.with_link_state(value, &link)))
}

/// The filters of `sitrep events`, and paging.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Filters {
    since: Option<String>,
    until: Option<String>,
    province: Option<String>,
    district: Option<String>,
    actor: Option<String>,
    claimant: Option<String>,
    #[serde(rename = "type")]
    event_type: Option<String>,
    kind: Option<String>,
    /// Tally only: `province`, `claimant` or `perpetrator`.
    by: Option<String>,
    /// Tally only: `claimed` (default) or `corroborated` count each incident once; `entries` counts entries.
    basis: Option<String>,
    limit: Option<u64>,
    /// Opaque: the `next` of the previous page.
    cursor: Option<String>,
}

impl Filters {
    /// The store's query, validated; empty values are no filter.
    fn query(&self) -> Result<EventQuery, ApiError> {
        let clean = |name: &str, v: &Option<String>| -> Result<Option<String>, ApiError> {
            match v.as_deref().map(str::trim) {
                None | Some("") => Ok(None),
                Some(v) if v.chars().count() > MAX_FILTER_CHARS => {
                    Err(ApiError::bad_request(format!("{name}: at most {MAX_FILTER_CHARS} characters")))
                }
                Some(v) => Ok(Some(v.to_string())),
            }
        };
        let day = |name: &str, v: &Option<String>| -> Result<Option<String>, ApiError> {
            let v = clean(name, v)?;
            if let Some(d) = &v {
                if d.parse::<sitrep_extract::Date>().is_err() {
                    return Err(ApiError::bad_request(format!("{name}: expected YYYY-MM-DD")));
                }
            }
            Ok(v)
        };
        let kind = clean("kind", &self.kind)?;
        if let Some(k) = &kind {
            if !matches!(k.as_str(), "event" | "summary" | "aggregate") {
                return Err(ApiError::bad_request("kind: expected event, summary or aggregate"));
            }
        }
        let limit = self.limit.unwrap_or(DEFAULT_PAGE);
        if limit == 0 || limit > MAX_PAGE {
            return Err(ApiError::bad_request(format!("limit: from 1 to {MAX_PAGE}")));
        }
        let after = match clean("cursor", &self.cursor)? {
            None => None,
            Some(c) => {
                Some(parse_cursor(&c).ok_or_else(|| ApiError::bad_request("cursor: not a cursor this server gave"))?)
            }
        };
        Ok(EventQuery {
            since: day("since", &self.since)?,
            until: day("until", &self.until)?,
            province: clean("province", &self.province)?,
            district: clean("district", &self.district)?,
            actor: clean("actor", &self.actor)?,
            claimant: clean("claimant", &self.claimant)?,
            event_type: clean("type", &self.event_type)?,
            kind,
            document_id: None,
            limit: Some(limit),
            offset: 0,
            after,
        })
    }
}

/// The opaque cursor of the page after the entry with `key`: a keyset position (first day, then id), so a
/// deep page costs what the first does.
fn cursor(key: &EventKey) -> String {
    format!("{}_{}", key.date_start.as_deref().unwrap_or(""), key.entry_id)
}

/// The position a [`cursor`] names; `None` for anything this server did not give.
fn parse_cursor(c: &str) -> Option<EventKey> {
    let (day, id) = c.rsplit_once('_')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let entry_id: i64 = id.parse().ok().filter(|&id| id > 0)?;
    let date_start = match day {
        "" => None,
        d if d.len() == 10 && d.parse::<sitrep_extract::Date>().is_ok() => Some(d.to_string()),
        _ => return None,
    };
    Some(EventKey { date_start, entry_id })
}

/// A cache key of the filters of `q` (not its paging).
fn filter_key(route: &str, q: &EventQuery) -> String {
    let v = json!([q.since, q.until, q.province, q.district, q.actor, q.claimant, q.event_type, q.kind]);
    format!("{route}{v}")
}

async fn events(
    State(state): State<AppState>,
    params: Result<Query<Filters>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(filters) = params.map_err(query_error)?;
    if filters.by.is_some() {
        return Err(ApiError::bad_request("by: only for /api/tally"));
    }
    let q = filters.query()?;
    let key = filter_key("events", &q);
    let st = state.clone();
    let body = state
        .blocking(move |s| {
            let generation = s.generation()?;
            let total = match st.cached(&key, generation).and_then(|v| v.as_i64()) {
                Some(t) => t,
                None => {
                    let t = s.count_events(&q)?;
                    st.remember(key, generation, &json!(t));
                    t
                }
            };
            // One entry more than the page tells whether there is a next page.
            let limit = q.limit.unwrap_or(DEFAULT_PAGE) as usize;
            let mut entries = s.events(&EventQuery { limit: Some(limit as u64 + 1), ..q })?;
            let more = entries.len() > limit;
            entries.truncate(limit);
            let next = entries.last().filter(|_| more).map(|e| cursor(&EventKey::of(e)));
            // Straight from the entries to the bytes of the answer: no JSON tree per entry.
            let page = EventsPage { events: entries.iter().map(|e| EntryOut::new(e, None)).collect(), total, next };
            Ok(Bytes::from(serde_json::to_vec(&page).map_err(ApiError::internal)?))
        })
        .await?;
    Ok(json_body(body))
}

/// A page of `/api/events`.
#[derive(serde::Serialize)]
struct EventsPage<'a> {
    events: Vec<EntryOut<'a>>,
    total: i64,
    next: Option<String>,
}

/// An answer already serialised.
fn json_body(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response()
}

async fn event(State(state): State<AppState>, id: Result<Path<i64>, PathRejection>) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let found = state
        .blocking(move |s| {
            let Some(doc) = s.entry_document(id)? else { return Ok(None) };
            let Some(detail) = s.document(doc)? else { return Ok(None) };
            let Some(e) = detail.entries.iter().find(|e| e.entry_id == id) else {
                // An entry of an earlier extraction: still served, with byte offsets only.
                return Ok(None);
            };
            let map = Utf16Map::new(&detail.text, offsets(e));
            let mut value = entry_json(e, Some(&map));
            if let Some(o) = value.as_object_mut() {
                o.insert("document_direction".into(), json!(direction(detail.language.as_deref())));
            }
            Ok(Some(value))
        })
        .await?;
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("no current entry {id}")))
}

fn direction(language: Option<&str>) -> &'static str {
    match language {
        Some("ar" | "fa" | "ps") => "rtl",
        _ => "ltr",
    }
}

async fn document(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let found = state
        .blocking(move |s| {
            let Some(d) = s.document(id)? else { return Ok(None) };
            let map = Utf16Map::new(&d.text, d.entries.iter().flat_map(offsets));
            let entries: Vec<Value> = d.entries.iter().map(|e| entry_json(e, Some(&map))).collect();
            let revisions: Vec<Value> = d
                .revisions
                .iter()
                .map(|r| {
                    json!({"id": r.id, "number": r.number, "hash": r.hash, "origin": r.origin,
                           "media_type": r.media_type, "ingested_at": r.ingested_at})
                })
                .collect();
            let s = &d.summary;
            Ok(Some(json!({
                "id": s.id,
                "hash": s.hash,
                "url": s.url,
                "origin": s.origin,
                "source": s.source,
                "title": s.title,
                "published": s.published,
                "language": d.language,
                "direction": direction(d.language.as_deref()),
                "text": d.text,
                "revisions": revisions,
                "entries": entries,
            })))
        })
        .await?;
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("no document {id}")))
}

async fn tally(
    State(state): State<AppState>,
    params: Result<Query<Filters>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(filters) = params.map_err(query_error)?;
    if filters.cursor.is_some() || filters.limit.is_some() {
        return Err(ApiError::bad_request("a tally is not paginated"));
    }
    let by_name = filters.by.as_deref().unwrap_or("province");
    // The API tallies by the dimensions both incidents and entries are tallied by.
    let (by, entry_column) = TallyDimension::parse(by_name)
        .and_then(|by| Some((by, TallyBy::of(by)?)))
        .ok_or_else(|| ApiError::bad_request("by: expected province, claimant or perpetrator"))?;
    let q = filters.query()?;
    let basis = match filters.basis.as_deref().unwrap_or("claimed") {
        "entries" => None,
        name => Some(
            sitrep_reconcile::Basis::parse(name)
                .ok_or_else(|| ApiError::bad_request("basis: expected claimed, corroborated or entries"))?,
        ),
    };
    if let Some(basis) = basis {
        // Incidents, each counted once (issue 5), from the tally buckets as last linked: a request never
        // relinks; a stale store says so and is relinked in the background.
        let query = sitrep_store::TallyQuery {
            by,
            basis,
            since: q.since.clone(),
            until: q.until.clone(),
            province: q.province.clone(),
        };
        // The incident buckets know day and province; the entry filters beyond them are said to be left out.
        let ignored: Vec<&str> = [
            ("district", &q.district),
            ("actor", &q.actor),
            ("claimant", &q.claimant),
            ("type", &q.event_type),
            ("kind", &q.kind),
        ]
        .iter()
        .filter(|(_, v)| v.is_some())
        .map(|(name, _)| *name)
        .collect();
        let st = state.clone();
        let body = state
            .blocking(move |s| {
                let key = format!("incidents:{}:{}:{query:?}:{ignored:?}", by.as_str(), basis.as_str());
                st.incident_answer(s, &key, |s| {
                    let rows = s.tally_incidents(&query)?;
                    Ok(json!({
                        "by": by.as_str(),
                        "basis": basis.as_str(),
                        "note": "incidents, each counted once however many sources tell it; figures are best estimates",
                        "filters_ignored": ignored,
                        "rows": rows.iter().map(|r| json!({
                            "key": r.key, "incidents": r.incidents, "killed": r.killed.best, "wounded": r.wounded.best,
                            "captured": r.captured.best, "provinces": r.provinces,
                        })).collect::<Vec<_>>(),
                    }))
                })
            })
            .await?;
        return Ok(json_body(body));
    }
    let key = format!("tally:{}:{}", by.as_str(), filter_key("", &q));
    let st = state.clone();
    let body = state
        .blocking(move |s| {
            let key = format!("{key}:{}", s.generation()?);
            if let Some(b) = st.body(&key) {
                return Ok(b);
            }
            let rows = s.tally_events(entry_column, &q)?;
            let value = json!({
                "by": by.as_str(),
                "basis": "entries",
                "note": "event entries of the current extractions; a summary never adds, an aggregate restates \
                         events; killed = best, else low, else 0",
                "rows": rows.iter().map(|r| json!({
                    "key": r.key, "entries": r.entries, "killed": r.killed, "wounded": r.wounded,
                })).collect::<Vec<_>>(),
            });
            let body = Bytes::from(serde_json::to_vec(&value).map_err(ApiError::internal)?);
            st.remember_body(key, &body);
            Ok(body)
        })
        .await?;
    Ok(json_body(body))
}

/// One incident: every source's entry side by side, and where they disagree.
fn incident_value(i: &sitrep_store::StoredIncident) -> Value {
    let first = i.entries.first().map(|e| &e.entry);
    json!({
        "id": i.id,
        "province": first.and_then(|e| e.location.province.clone()),
        "date": first.and_then(|e| e.date).map(|d| json!({"start": d.start.to_string(), "end": d.end.to_string()})),
        "claimants": i.entries.iter().map(|e| e.entry.claimant.clone()).collect::<Vec<_>>(),
        "entries": i.entries.iter().map(|e| entry_json(e, None)).collect::<Vec<_>>(),
        "disagreements": i.disagreements,
    })
}

async fn incidents(
    State(state): State<AppState>,
    params: Result<Query<Filters>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(filters) = params.map_err(query_error)?;
    let limit = filters.limit.unwrap_or(100);
    if limit == 0 || limit > MAX_PAGE {
        return Err(ApiError::bad_request(format!("limit: expected 1 to {MAX_PAGE}")));
    }
    let province = filters.province.clone().filter(|p| !p.trim().is_empty());
    let st = state.clone();
    let value = state
        .blocking(move |s| {
            let link = s.link_state()?;
            let all = s.linked_incidents(None)?;
            let chosen: Vec<&sitrep_store::StoredIncident> = all
                .iter()
                .filter(|i| {
                    province.as_deref().is_none_or(|p| {
                        i.entries
                            .iter()
                            .any(|e| e.entry.location.province.as_deref().is_some_and(|x| x.eq_ignore_ascii_case(p)))
                    })
                })
                .collect();
            let total = chosen.len();
            let page: Vec<Value> = chosen.into_iter().take(limit as usize).map(incident_value).collect();
            Ok(st.with_link_state(json!({"incidents": page, "total": total}), &link))
        })
        .await?;
    Ok(Json(value))
}

async fn incident(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let id = path_id(id)?;
    let found = state.blocking(move |s| Ok(s.linked_incidents(Some(id))?.first().map(incident_value))).await?;
    found.map(Json).ok_or_else(|| ApiError::not_found(format!("no incident {id}")))
}

/// `GET /api/report`: the newsroom report of `sitrep report` (claimed basis), over the incidents as last
/// linked, for a period, a province and an actor (claimant, perpetrator or target).
async fn report(
    State(state): State<AppState>,
    params: Result<Query<Filters>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(filters) = params.map_err(query_error)?;
    if filters.cursor.is_some() || filters.limit.is_some() {
        return Err(ApiError::bad_request("a report is not paginated"));
    }
    if filters.by.is_some() {
        return Err(ApiError::bad_request("by: only for /api/tally; the report's table is by claimant"));
    }
    if !matches!(filters.basis.as_deref(), None | Some("claimed")) {
        return Err(ApiError::bad_request("basis: a report counts every incident once, as claimed"));
    }
    for (name, v) in [("district", &filters.district), ("type", &filters.event_type), ("kind", &filters.kind)] {
        if v.as_deref().is_some_and(|v| !v.trim().is_empty()) {
            return Err(ApiError::bad_request(format!("{name}: not a filter of the report")));
        }
    }
    let q = filters.query()?;
    if q.actor.is_some() && q.claimant.is_some() {
        return Err(ApiError::bad_request("actor or claimant, not both"));
    }
    let rq = ReportQuery { since: q.since, until: q.until, province: q.province, actor: q.actor.or(q.claimant) };
    let st = state.clone();
    let body = state
        .blocking(move |s| {
            st.incident_answer(s, &format!("report:{rq:?}"), |s| {
                let r = Report::build(&s.linked_incidents(None)?, &rq);
                Ok(json!({
                    "title": r.title(),
                    "period": {"since": rq.since, "until": rq.until},
                    "province": rq.province,
                    "actor": rq.actor,
                    "basis": "claimed",
                    "note": "incidents, each counted once however many sources tell it, with the claimant's figures \
                             (else the first source's); killed and wounded are the sums of best estimates",
                    "incidents": r.incidents,
                    "text": r.text(),
                    "paragraphs": r.actors.iter().map(|a| json!({
                        "actor": a.actor, "incidents": a.incidents, "provinces": a.provinces, "killed": a.killed,
                        "wounded": a.wounded, "text": a.text(),
                    })).collect::<Vec<_>>(),
                    "rows": r.rows.iter().map(|t| json!({
                        "key": t.key, "incidents": t.incidents, "killed": t.killed.best, "wounded": t.wounded.best,
                        "captured": t.captured.best, "provinces": t.provinces,
                    })).collect::<Vec<_>>(),
                }))
            })
        })
        .await?;
    Ok(json_body(body))
}

/// The sources `sitrep watch` polls, with their last success, last error and counts.
async fn sources(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let reports = state.blocking(|s| Ok(s.source_reports()?)).await?;
    Ok(Json(json!({ "sources": reports.iter().map(crate::json::source_json).collect::<Vec<_>>() })))
}

/// How often a stream looks at the store: a change reaches the dashboard within this.
const STREAM_LOOKS_EVERY: std::time::Duration = std::time::Duration::from_millis(500);

/// Server-sent events: an `update` at once, then one whenever the stored entries change (whoever stored
/// them: `serve --watch`, a POST, another process) or the incidents are linked, with the store's generation.
async fn stream(
    State(state): State<AppState>,
) -> Sse<impl futures_util::Stream<Item = Result<SseEvent, std::convert::Infallible>>> {
    let updates = futures_util::stream::unfold((state, None), |(state, last)| async move {
        let mut first = last.is_none();
        loop {
            if !first {
                tokio::time::sleep(STREAM_LOOKS_EVERY).await;
            }
            first = false;
            // A store that cannot be read just now is looked at again.
            let Ok((generation, link)) = state.blocking(|s| Ok((s.generation()?, s.link_state()?))).await else {
                continue;
            };
            let now = Some((generation, link.stale));
            if now != last {
                let data = json!({
                    "generation": generation, "stale": link.stale, "unlinked_entries": link.unlinked_entries,
                });
                let update = SseEvent::default().event("update").data(data.to_string());
                return Some((Ok(update), (state, now)));
            }
        }
    });
    Sse::new(updates).keep_alive(KeepAlive::default())
}

async fn openapi() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/json")], assets::OPENAPI)
}

/// `POST /api/documents`: one document to ingest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDocument {
    text: String,
    source: Option<String>,
    url: Option<String>,
    title: Option<String>,
    /// `YYYY-MM-DD`.
    published: Option<String>,
    /// `ar`, `en`, `fa`, `ps`; detected when absent.
    language: Option<String>,
    /// `text/plain` (default) or `text/html`.
    media_type: Option<String>,
}

/// Constant-time comparison of the bearer token. The scheme's name is case-insensitive (RFC 9110 11.1).
fn authorised(headers: &HeaderMap, token: &str) -> bool {
    let Some(given) = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()) else { return false };
    let Some((scheme, given)) = given.trim().split_once(' ') else { return false };
    if !scheme.eq_ignore_ascii_case("bearer") {
        return false;
    }
    let given = given.trim_start();
    let (a, b) = (given.as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

async fn post_document(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let Some(token) = state.token.clone() else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "read-only server: start it with --token to accept documents",
        ));
    };
    if !authorised(&headers, &token) {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "Authorization: Bearer <token> required"));
    }
    let body = body.map_err(|e| ApiError::new(e.status(), e.body_text()))?;
    let doc: NewDocument = serde_json::from_slice(&body).map_err(|e| ApiError::bad_request(format!("body: {e}")))?;
    for (name, value) in [("source", &doc.source), ("url", &doc.url), ("title", &doc.title)] {
        if value.as_ref().is_some_and(|v| v.len() > 2000) {
            return Err(ApiError::bad_request(format!("{name}: too long")));
        }
    }
    let html = match doc.media_type.as_deref() {
        None | Some("text/plain") => false,
        Some("text/html") => true,
        Some(_) => return Err(ApiError::bad_request("media_type: text/plain or text/html")),
    };
    if doc.text.trim().is_empty() {
        return Err(ApiError::bad_request("text: empty"));
    }
    let hash = ContentHash::of(doc.text.as_bytes());
    let incoming = Incoming {
        origin: doc.url.clone().unwrap_or_else(|| "api".into()),
        line: None,
        source: doc.source,
        url: doc.url,
        title: doc.title,
        // Undated by the client: its undated entries take the week before today, marked as such.
        date_fallback: DateFallback::at(std::time::SystemTime::now(), DateBasis::Received),
        published: doc.published,
        language: doc.language,
        body: Ok(if html {
            Body::Html { html: doc.text, raw: None, read: sitrep_html::main_text }
        } else {
            Body::Text { text: doc.text, raw: None }
        }),
    };
    let (summary, failures, document_id) = state
        .blocking(move |s| {
            // Stored now, linked after the answer: a relink of a large store is not the client's wait.
            let config = IngestConfig { relink: false, ..IngestConfig::default() };
            let summary = sitrep_store::ingest(s, [incoming], &config, &mut |_| {})?;
            let failures = s.ingest_failures(Some(summary.ingest_id))?;
            let id = s.document_of_hash(&hash)?;
            Ok((summary, failures, id))
        })
        .await?;
    if let Some(f) = failures.first() {
        // The extractor's panic message is an internal detail; the input errors are the client's to fix.
        if f.reason.starts_with("extractor failed") {
            return Err(ApiError::internal(&f.reason));
        }
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, f.reason.clone()));
    }
    if summary.entries_added > 0 {
        state.relink_in_background();
    }
    let status = if summary.revisions_added > 0 { StatusCode::CREATED } else { StatusCode::OK };
    let body = json!({
        "document_id": document_id,
        "documents_added": summary.documents_added,
        "revisions_added": summary.revisions_added,
        "duplicates": summary.duplicates,
        "entries_added": summary.entries_added,
        "warnings": summary.warnings.iter().map(|w| w.message.as_str()).collect::<Vec<_>>(),
    });
    Ok((status, Json(body)).into_response())
}
