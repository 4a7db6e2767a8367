//! `sitrep serve`: a JSON API over the store and the dashboard that draws it (a map of Afghanistan's
//! provinces, a timeline by actor, the tallies, each entry's statement with its evidence highlighted).
//!
//! [`app`] builds the whole [`axum::Router`] from an [`AppState`], so tests call routes without a socket.
//! The store (a SQLite file or a PostgreSQL server, as `--db` names it) is reached through a small pool of
//! connections ([`Pool`]), always on tokio's blocking threads.
//! Static assets (HTML, JS, CSS, the province polygons) are embedded in the binary: no CDN, no network.

pub use app::{app, serve, AppState, Config, MAX_BODY_BYTES, MAX_PAGE, ROUTES};
pub use error::ApiError;
pub use json::{entry_json, source_json, Utf16Map};
pub use pool::Pool;

mod app;
mod assets;
mod error;
mod json;
mod pool;
mod relink;
