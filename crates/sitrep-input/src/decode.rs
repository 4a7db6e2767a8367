//! A document's bytes, from a file or stdin, checked and decoded to text.

use std::fmt;
use std::io::Read;
use std::path::Path;

/// Why a document could not be read. Each names the document and the problem.
#[derive(Debug)]
pub enum InputError {
    Unreadable {
        document: String,
        reason: String,
    },
    TooLarge {
        document: String,
        limit: usize,
    },
    Empty {
        document: String,
    },
    Binary {
        document: String,
        offset: usize,
    },
    NotUtf8 {
        document: String,
        offset: usize,
    },
    /// Not valid in the encoding its byte-order mark names.
    Malformed {
        document: String,
        encoding: &'static str,
    },
    UnknownEncoding {
        name: String,
    },
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
            InputError::Malformed { document, encoding } => {
                write!(f, "{document}: not valid {encoding}, though its byte-order mark says it is")
            }
            InputError::UnknownEncoding { name } => write!(f, "unknown encoding {name:?}"),
        }
    }
}

impl std::error::Error for InputError {}

/// How to read documents.
#[derive(Debug, Clone)]
pub struct InputConfig {
    pub max_bytes: usize,
    /// A WHATWG encoding label ("windows-1256") for documents that are not valid UTF-8 and have no
    /// byte-order mark; `None`: such documents are refused.
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
        let file = std::fs::File::open(p).map_err(unreadable)?;
        // Sized once: a large document grown by doubling would pass through twice its size.
        let size = file.metadata().map_or(0, |m| m.len()).min(cap);
        bytes.reserve_exact(usize::try_from(size).unwrap_or(0));
        file.take(cap).read_to_end(&mut bytes).map_err(unreadable)?;
    }
    // Valid UTF-8 without a byte-order mark, the usual document, is the text itself: no copy.
    if bytes.len() <= limit && encoding_rs::Encoding::for_bom(&bytes).is_none() && !bytes.contains(&0) {
        match String::from_utf8(bytes) {
            Ok(text) if !text.trim().is_empty() => return Ok(text),
            Ok(text) => bytes = text.into_bytes(),
            Err(e) => bytes = e.into_bytes(),
        }
    }
    decode(path, &bytes, config)
}

/// Checks and decodes a document's bytes. A byte-order mark names the encoding (UTF-8, UTF-16LE or
/// UTF-16BE) whatever `--encoding` says, and is looked for first: UTF-16 text is full of NUL bytes. Without
/// one, valid UTF-8 stays UTF-8 and `--encoding` applies to the other documents only.
pub fn decode(document: &str, bytes: &[u8], config: &InputConfig) -> Result<String, InputError> {
    if bytes.len() > config.max_bytes {
        return Err(InputError::TooLarge { document: document.to_string(), limit: config.max_bytes });
    }
    let binary = |offset| InputError::Binary { document: document.to_string(), offset };
    let text = match encoding_rs::Encoding::for_bom(bytes) {
        Some((encoding, bom)) => {
            let text = encoding
                .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
                .ok_or_else(|| InputError::Malformed { document: document.to_string(), encoding: encoding.name() })?;
            if let Some(at) = text.find('\0') {
                let units = if encoding == encoding_rs::UTF_8 { at } else { 2 * text[..at].encode_utf16().count() };
                return Err(binary(bom + units));
            }
            text.into_owned()
        }
        None => {
            if let Some(offset) = bytes.iter().position(|&b| b == 0) {
                return Err(binary(offset));
            }
            match (std::str::from_utf8(bytes), &config.encoding) {
                (Ok(text), _) => text.to_string(),
                (Err(e), None) => {
                    return Err(InputError::NotUtf8 { document: document.to_string(), offset: e.valid_up_to() })
                }
                (Err(_), Some(name)) => {
                    let encoding = encoding_rs::Encoding::for_label(name.as_bytes())
                        .ok_or_else(|| InputError::UnknownEncoding { name: name.clone() })?;
                    encoding.decode_without_bom_handling(bytes).0.into_owned()
                }
            }
        }
    };
    if text.trim().is_empty() {
        return Err(InputError::Empty { document: document.to_string() });
    }
    Ok(text)
}

/// A file of lines (JSONL) as UTF-8 bytes, to be split into lines: UTF-16 with a byte-order mark is decoded
/// whole (its line ends are two bytes); anything else is left as it is, each line decoded by [`decode`].
pub fn utf8_lines(document: &str, bytes: Vec<u8>) -> Result<Vec<u8>, InputError> {
    match encoding_rs::Encoding::for_bom(&bytes) {
        Some((encoding, bom)) if encoding != encoding_rs::UTF_8 => encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|text| text.into_owned().into_bytes())
            .ok_or_else(|| InputError::Malformed { document: document.to_string(), encoding: encoding.name() }),
        _ => Ok(bytes),
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

    /// `text` in UTF-16 with its byte-order mark.
    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        let mut bytes = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
        for unit in text.encode_utf16() {
            bytes.extend(if big_endian { unit.to_be_bytes() } else { unit.to_le_bytes() });
        }
        bytes
    }

    #[test]
    fn utf16_with_a_bom_is_read_before_the_binary_check() {
        let text = "قصف مدفعي على قرية في بدخشان";
        let config = InputConfig { max_bytes: 1024, encoding: None };
        assert_eq!(decode("le", &utf16(text, false), &config).unwrap(), text);
        assert_eq!(decode("be", &utf16(text, true), &config).unwrap(), text);
        // The byte-order mark wins over --encoding; a NUL character is still binary, at its byte offset.
        let named = InputConfig { encoding: Some("windows-1256".into()), ..config.clone() };
        assert_eq!(decode("le", &utf16(text, false), &named).unwrap(), text);
        assert!(matches!(decode("nul", &utf16("ab\0c", false), &config), Err(InputError::Binary { offset: 6, .. })));
        // An unpaired surrogate is no UTF-16 text.
        let bad = [0xFF, 0xFE, 0x00, 0xD8, b'a', 0x00];
        assert_eq!(
            decode("bad.txt", &bad, &config).unwrap_err().to_string(),
            "bad.txt: not valid UTF-16LE, though its byte-order mark says it is"
        );
        assert_eq!(utf8_lines("f", utf16("{}\n{}", true)).unwrap(), b"{}\n{}");
    }

    #[test]
    fn valid_utf8_stays_utf8_whatever_encoding_is_named() {
        let text = "انفجار في سوق مزدحم";
        let named = InputConfig { max_bytes: 1024, encoding: Some("windows-1256".into()) };
        assert_eq!(decode("d", text.as_bytes(), &named).unwrap(), text);
        // Not UTF-8: then the encoding named applies.
        assert_eq!(decode("d", &[0xDE, 0xCA, 0xE1], &named).unwrap(), "قتل");
    }

    #[test]
    fn empty_binary_and_large_documents_are_refused() {
        assert!(matches!(decode("d", b"  \n", &config()), Err(InputError::Empty { .. })));
        assert!(matches!(decode("d", b"ab\0c", &config()), Err(InputError::Binary { offset: 2, .. })));
        assert!(matches!(decode("d", &[b'a'; 65], &config()), Err(InputError::TooLarge { limit: 64, .. })));
    }
}
