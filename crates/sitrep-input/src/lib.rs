//! Documents as sitrep reads them from outside: files, folders (recursively, links followed once), JSONL feeds
//! and standard input, checked (size, binary, empty) and decoded (UTF-8, UTF-16 by its byte-order mark, or a
//! named legacy encoding) into the store's [`sitrep_store::Incoming`] or plain text. The one place that knows
//! files, for the `sitrep` binary and the Python binding alike.

pub use decode::{decode, read_document, utf8_lines, InputConfig, InputError};
pub use found::{find, kind_of, FileKind, Found};
pub use reader::{date_fallback, Reader};

mod decode;
mod found;
mod reader;
