//! A small pool of SQLite connections. WAL lets the readers run side by side; each request borrows one
//! connection on a blocking thread and gives it back.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sitrep_store::SqliteStore;

use crate::ApiError;

/// Connections to one database file, opened on demand, at most `max_idle` kept between requests.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<SqliteStore>>,
    max_idle: usize,
}

impl Pool {
    /// Opens the database once (creating it and migrating its schema) and keeps that connection.
    pub fn open(path: &Path, max_idle: usize) -> Result<Pool, sitrep_store::Error> {
        let first = SqliteStore::open(path)?;
        Ok(Pool { path: path.to_path_buf(), idle: Mutex::new(vec![first]), max_idle: max_idle.max(1) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection. Blocking: call it from `spawn_blocking`.
    pub fn with<T>(&self, f: impl FnOnce(&mut SqliteStore) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let taken = self.idle.lock().map_err(|_| ApiError::internal("pool lock poisoned"))?.pop();
        let mut store = match taken {
            Some(s) => s,
            None => SqliteStore::open(&self.path)?,
        };
        let result = f(&mut store);
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.max_idle {
                idle.push(store);
            }
        }
        result
    }
}
