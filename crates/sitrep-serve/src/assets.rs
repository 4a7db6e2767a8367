//! The dashboard's files, embedded at build time: no CDN, no network.

use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::AppState;

pub const OPENAPI: &str = include_str!("../openapi.json");
const INDEX: &str = include_str!("../assets/index.html");
const SCRIPT: &str = include_str!("../assets/app.js");
const STYLE: &str = include_str!("../assets/style.css");
/// AGCHO/OCHA 2018 province polygons, simplified: see `data/geo/README.md`.
const PROVINCES: &str = include_str!("../../../data/geo/afg_adm1_agcho_2018_simplified.geojson");

fn file(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body)
}

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(|| async { file("text/html; charset=utf-8", INDEX) }))
        .route("/app.js", get(|| async { file("text/javascript; charset=utf-8", SCRIPT) }))
        .route("/style.css", get(|| async { file("text/css; charset=utf-8", STYLE) }))
        .route("/geo/provinces.geojson", get(|| async { file("application/geo+json", PROVINCES) }))
}
