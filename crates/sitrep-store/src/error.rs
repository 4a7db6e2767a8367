//! The store's error type.

use std::fmt;

/// An error of the store: the database, or writing an export.
#[derive(Debug)]
pub struct Error {
    kind: ErrorKind,
}

/// What went wrong.
#[derive(Debug)]
pub enum ErrorKind {
    Sqlite(rusqlite::Error),
    Postgres(postgres::Error),
    /// A PostgreSQL server that could not be reached: its URL (password hidden) and why.
    Connect(String, postgres::Error),
    Io(std::io::Error),
    Csv(csv::Error),
    /// The database was written by a newer sitrep, or is not a sitrep database.
    Schema(String),
    /// Another writer stored some of a batch's documents meanwhile: the batch is stored again, a document
    /// at a time (never seen outside the store).
    Conflict,
    /// No database at this path, or no sitrep store in this PostgreSQL database (opened to read, never created).
    Missing(std::path::PathBuf),
}

impl Error {
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    pub(crate) fn schema(message: String) -> Error {
        Error { kind: ErrorKind::Schema(message) }
    }

    pub(crate) fn connect(target: &str, e: postgres::Error) -> Error {
        Error { kind: ErrorKind::Connect(target.to_string(), e) }
    }

    pub(crate) fn conflict() -> Error {
        Error { kind: ErrorKind::Conflict }
    }

    pub(crate) fn missing(path: &std::path::Path) -> Error {
        Error { kind: ErrorKind::Missing(path.to_path_buf()) }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ErrorKind::Sqlite(e) => write!(f, "database: {e}"),
            ErrorKind::Postgres(e) => write!(f, "database: {}", pg_message(e)),
            ErrorKind::Connect(target, e) => write!(f, "cannot connect to {target}: {}", pg_message(e)),
            ErrorKind::Io(e) => write!(f, "{e}"),
            ErrorKind::Csv(e) => write!(f, "csv: {e}"),
            ErrorKind::Schema(m) => write!(f, "database schema: {m}"),
            ErrorKind::Conflict => write!(f, "another writer stored some of these documents at the same time"),
            ErrorKind::Missing(path) => write!(f, "no database at {}", path.display()),
        }
    }
}

/// A PostgreSQL error whole: the client's own display says only "db error" or "error connecting to server",
/// and leaves the server's message (or the socket's) to its sources.
fn pg_message(e: &postgres::Error) -> String {
    if let Some(db) = e.as_db_error() {
        return db.to_string();
    }
    let mut out = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        out.push_str(&format!(": {s}"));
        source = s.source();
    }
    out
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Sqlite(e) => Some(e),
            // Their display already says the server's message: a source would repeat it in a chain.
            ErrorKind::Postgres(_) | ErrorKind::Connect(..) => None,
            ErrorKind::Io(e) => Some(e),
            ErrorKind::Csv(e) => Some(e),
            ErrorKind::Schema(_) | ErrorKind::Missing(_) | ErrorKind::Conflict => None,
        }
    }
}

impl From<rusqlite::Error> for Error {
    fn from(e: rusqlite::Error) -> Error {
        Error { kind: ErrorKind::Sqlite(e) }
    }
}

impl From<postgres::Error> for Error {
    fn from(e: postgres::Error) -> Error {
        Error { kind: ErrorKind::Postgres(e) }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error { kind: ErrorKind::Io(e) }
    }
}

impl From<csv::Error> for Error {
    fn from(e: csv::Error) -> Error {
        Error { kind: ErrorKind::Csv(e) }
    }
}
