//! Files read into the store's documents: text, HTML pages (with the reader of their main text) and JSONL
//! feeds (a document a line).

use std::io::Read as _;

use serde_json::Value;
use sitrep_store::{Body, DateBasis, DateFallback, Incoming};

use crate::decode::{decode, utf8_lines, InputConfig};
use crate::found::{FileKind, Found};

/// Reads the documents of files as the store's [`Incoming`], each with what is known of it from outside its text.
pub struct Reader {
    pub config: InputConfig,
    /// The publisher of the documents (a JSONL line's `publisher` takes precedence).
    pub source: Option<String>,
    /// The publication day (`YYYY-MM-DD`) of the documents that do not give theirs.
    pub published: Option<String>,
}

impl Reader {
    /// Every document of `found`, the paths that could not be listed first (each as a failed document).
    pub fn documents<'a>(&'a self, found: &'a Found) -> impl Iterator<Item = Incoming> + 'a {
        let unreadable = found
            .unreadable
            .iter()
            .map(|(path, reason)| Incoming::failed(path.clone(), None, format!("cannot read: {reason}")));
        unreadable.chain(found.files.iter().flat_map(|(path, kind)| self.read(path, *kind)))
    }

    fn base(&self, origin: String, date_fallback: Option<DateFallback>) -> Incoming {
        let mut i = Incoming::text(origin, "");
        i.source = self.source.clone();
        i.published = self.published.clone();
        i.date_fallback = date_fallback;
        i
    }

    /// A reason without the document name that `InputError` puts first.
    fn reason(origin: &str, e: impl ToString) -> String {
        let s = e.to_string();
        s.strip_prefix(&format!("{origin}: ")).map_or(s.clone(), str::to_string)
    }

    fn body(&self, origin: &str, bytes: &[u8], kind: FileKind) -> Result<Body, String> {
        let text = decode(origin, bytes, &self.config).map_err(|e| Reader::reason(origin, e))?;
        let raw = (text.as_bytes() != bytes).then(|| bytes.to_vec());
        Ok(match kind {
            FileKind::Html => Body::Html { html: text, raw, read: sitrep_html::main_text },
            _ => Body::Text { text, raw },
        })
    }

    fn read_bytes(&self, path: &str) -> Result<Vec<u8>, String> {
        let cap = u64::try_from(self.config.max_bytes).unwrap_or(u64::MAX).saturating_add(1);
        let mut bytes = Vec::new();
        let result = if path == "-" {
            std::io::stdin().lock().take(cap).read_to_end(&mut bytes)
        } else {
            std::fs::File::open(path).and_then(|f| f.take(cap).read_to_end(&mut bytes))
        };
        result.map_err(|e| format!("cannot read: {e}"))?;
        Ok(bytes)
    }

    /// The documents of one file: one, or a JSONL file's lines.
    pub fn read(&self, path: &str, kind: FileKind) -> Vec<Incoming> {
        let origin = path.to_string();
        if kind == FileKind::Jsonl {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read: {e}"))
                .and_then(|bytes| utf8_lines(&origin, bytes).map_err(|e| Reader::reason(&origin, e)));
            return match bytes {
                Ok(bytes) => self.jsonl(&origin, &bytes, date_fallback(path)),
                Err(reason) => vec![Incoming::failed(origin, None, reason)],
            };
        }
        let mut incoming = self.base(origin.clone(), date_fallback(path));
        incoming.body = self.read_bytes(path).and_then(|bytes| self.body(&origin, &bytes, kind));
        vec![incoming]
    }

    fn jsonl(&self, origin: &str, bytes: &[u8], date_fallback: Option<DateFallback>) -> Vec<Incoming> {
        let mut out = Vec::new();
        for (i, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let n = i as u64 + 1;
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let mut incoming = self.base(origin.to_string(), date_fallback);
            incoming.line = Some(n);
            let where_ = format!("{origin}:{n}");
            let parsed = decode(&where_, line, &self.config)
                .map_err(|e| Reader::reason(&where_, e))
                .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| format!("not JSON: {e}")));
            incoming.body = parsed.and_then(|value| {
                let field = |k: &str| value.get(k).and_then(Value::as_str).map(str::to_string);
                let Some(text) = field("text") else { return Err("no \"text\" string".to_string()) };
                if let Some(p) = field("publisher") {
                    incoming.source = Some(p);
                }
                if let Some(p) = field("published") {
                    incoming.published = Some(p);
                }
                incoming.url = field("url");
                incoming.title = field("title");
                incoming.language = field("language");
                Ok(Body::Text { text, raw: None })
            });
            out.push(incoming);
        }
        out
    }
}

/// The day undated documents of `path` fall back on (used only without a publication date): the day the file
/// was last written, or read from stdin.
pub fn date_fallback(path: &str) -> Option<DateFallback> {
    if path == "-" {
        return DateFallback::at(std::time::SystemTime::now(), DateBasis::Received);
    }
    let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok()?;
    DateFallback::at(modified, DateBasis::FileDate)
}
