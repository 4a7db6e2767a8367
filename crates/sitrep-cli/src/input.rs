//! Reading documents: bytes from a file or stdin, checked and decoded to text.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a document could not be read. Each names the document and the problem.
#[derive(Debug)]
pub enum InputError {
    Unreadable { document: String, reason: String },
    TooLarge { document: String, limit: usize },
    Empty { document: String },
    Binary { document: String, offset: usize },
    NotUtf8 { document: String, offset: usize },
    UnknownEncoding { name: String },
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Unreadable { document, reason } => write!(f, "{document}: cannot read: {reason}"),
            InputError::TooLarge { document, limit } => {
                write!(f, "{document}: larger than the limit of {limit} bytes (raise it with --max-bytes)")
            }
            InputError::Empty { document } => write!(f, "{document}: empty document"),
            InputError::Binary { document, offset } => {
                write!(f, "{document}: looks binary (NUL byte at offset {offset}), not a text document")
            }
            InputError::NotUtf8 { document, offset } => write!(
                f,
                "{document}: not valid UTF-8 at byte offset {offset} (name its encoding with --encoding, e.g. windows-1256)"
            ),
            InputError::UnknownEncoding { name } => write!(f, "unknown encoding {name:?}"),
        }
    }
}

impl std::error::Error for InputError {}

/// How to read documents.
#[derive(Debug, Clone)]
pub struct InputConfig {
    pub max_bytes: usize,
    /// A WHATWG encoding label ("windows-1256"); `None` means UTF-8, strictly.
    pub encoding: Option<String>,
}

/// Reads the document at `path` (`-` for stdin) into text.
pub fn read_document(path: &str, config: &InputConfig) -> Result<String, InputError> {
    let limit = config.max_bytes;
    let mut bytes = Vec::new();
    let unreadable = |e: std::io::Error| InputError::Unreadable { document: path.to_string(), reason: e.to_string() };
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    if path == "-" {
        std::io::stdin().lock().take(cap).read_to_end(&mut bytes).map_err(unreadable)?;
    } else {
        let p = Path::new(path);
        if p.is_dir() {
            return Err(InputError::Unreadable { document: path.to_string(), reason: "is a directory".into() });
        }
        std::fs::File::open(p).and_then(|f| f.take(cap).read_to_end(&mut bytes)).map_err(unreadable)?;
    }
    decode(path, &bytes, config)
}

/// Checks and decodes a document's bytes.
pub fn decode(document: &str, bytes: &[u8], config: &InputConfig) -> Result<String, InputError> {
    if bytes.len() > config.max_bytes {
        return Err(InputError::TooLarge { document: document.to_string(), limit: config.max_bytes });
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(InputError::Empty { document: document.to_string() });
    }
    if let Some(offset) = body.iter().position(|&b| b == 0) {
        return Err(InputError::Binary { document: document.to_string(), offset });
    }
    match &config.encoding {
        None => String::from_utf8(body.to_vec())
            .map_err(|e| InputError::NotUtf8 { document: document.to_string(), offset: e.utf8_error().valid_up_to() }),
        Some(name) => {
            let encoding = encoding_rs::Encoding::for_label(name.as_bytes())
                .ok_or_else(|| InputError::UnknownEncoding { name: name.clone() })?;
            let (text, _, _) = encoding.decode(body);
            Ok(text.into_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> InputConfig {
        InputConfig { max_bytes: 64, encoding: None }
    }

    #[test]
    fn utf8_with_bom_is_read() {
        assert_eq!(decode("d", b"\xEF\xBB\xBFhello", &config()).unwrap(), "hello");
    }

    #[test]
    fn bad_utf8_names_the_offset() {
        let err = decode("doc.txt", b"abc\xFFdef", &config()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "doc.txt: not valid UTF-8 at byte offset 3 (name its encoding with --encoding, e.g. windows-1256)"
        );
    }

    #[test]
    fn windows_1256_decodes_arabic() {
        // "قتل" in Windows-1256.
        let config = InputConfig { encoding: Some("windows-1256".into()), ..config() };
        assert_eq!(decode("d", &[0xDE, 0xCA, 0xE1], &config).unwrap(), "قتل");
    }

    #[test]
    fn empty_binary_and_large_documents_are_refused() {
        assert!(matches!(decode("d", b"  \n", &config()), Err(InputError::Empty { .. })));
        assert!(matches!(decode("d", b"ab\0c", &config()), Err(InputError::Binary { offset: 2, .. })));
        assert!(matches!(decode("d", &[b'a'; 65], &config()), Err(InputError::TooLarge { limit: 64, .. })));
    }
}
