//! A small pool of store connections, SQLite or PostgreSQL (`sitrep_store::open`). SQLite's WAL and
//! PostgreSQL's MVCC let the readers run side by side; each request borrows one connection on a blocking
//! thread and gives it back.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sitrep_store::Storage;

use crate::ApiError;

/// A store of either backend.
pub type Store = Box<dyn Storage + Send>;

/// Connections to one database (a file or a server's URL), opened on demand, at most `max_idle` kept between requests.
pub struct Pool {
    path: PathBuf,
    idle: Mutex<Vec<Store>>,
    max_idle: usize,
}

impl Pool {
    /// Opens the database once (creating it and migrating its schema) and keeps that connection.
    pub fn open(path: &Path, max_idle: usize) -> Result<Pool, sitrep_store::Error> {
        let first = sitrep_store::open(path, false)?;
        Ok(Pool { path: path.to_path_buf(), idle: Mutex::new(vec![first]), max_idle: max_idle.max(1) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` with a connection. Blocking: call it from `spawn_blocking`.
    pub fn with<T>(&self, f: impl FnOnce(&mut (dyn Storage + Send)) -> Result<T, ApiError>) -> Result<T, ApiError> {
        let taken = self.idle.lock().map_err(|_| ApiError::internal("pool lock poisoned"))?.pop();
        let mut store = match taken {
            Some(s) => s,
            None => sitrep_store::open(&self.path, false)?,
        };
        let result = f(&mut *store);
        if let Ok(mut idle) = self.idle.lock() {
            if idle.len() < self.max_idle {
                idle.push(store);
            }
        }
        result
    }
}

impl Drop for Pool {
    /// The idle connections are closed on a thread of their own: a PostgreSQL connection holds the client's
    /// runtime, which may not be dropped where the server's async tasks run.
    fn drop(&mut self) {
        let idle = match self.idle.get_mut() {
            Ok(idle) => std::mem::take(idle),
            Err(poisoned) => std::mem::take(poisoned.into_inner()),
        };
        if !idle.is_empty() {
            let _ = std::thread::Builder::new().name("sitrep-pool-close".into()).spawn(move || drop(idle));
        }
    }
}
