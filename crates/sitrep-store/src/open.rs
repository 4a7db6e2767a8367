//! Opening a store by what the user names: a PostgreSQL URL or a SQLite file.

use std::path::Path;

use crate::{Error, PgStore, SqliteStore, Storage};

/// Whether `target` names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a SQLite file.
pub fn is_server_url(target: &Path) -> bool {
    target.to_str().is_some_and(|t| t.starts_with("postgres://") || t.starts_with("postgresql://"))
}

/// The store `target` names, to show the user: a URL without its password.
pub fn shown(target: &Path) -> String {
    match target.to_str().filter(|_| is_server_url(target)) {
        Some(url) => crate::pg::redacted(url),
        None => target.display().to_string(),
    }
}

/// Opens the store `target` names: a `postgres://` or `postgresql://` URL opens [`PgStore`], anything else is
/// the path of a [`SqliteStore`]. With `existing_only`, a store that does not exist yet (no file; no sitrep
/// schema in the database) is an error, not a new empty one: what reading commands want.
pub fn open(target: &Path, existing_only: bool) -> Result<Box<dyn Storage + Send>, Error> {
    if let Some(url) = target.to_str().filter(|_| is_server_url(target)) {
        let store = if existing_only { PgStore::open_existing(url)? } else { PgStore::open(url)? };
        return Ok(Box::new(store));
    }
    let store = if existing_only { SqliteStore::open_existing(target)? } else { SqliteStore::open(target)? };
    Ok(Box::new(store))
}
