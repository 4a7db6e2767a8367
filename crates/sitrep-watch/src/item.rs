//! The items a source lists: a feed's entries, a folder's files, an export's messages; each with a key (its
//! URL, path or message id) and a hash of what the source says of it, whose change makes it new again.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};
use sitrep_store::Body;

use crate::source::language_code;

/// One thing a source lists.
#[derive(Debug, Clone)]
pub struct Item {
    /// Its key within the source: its URL, path or message id.
    pub key: String,
    /// What the source says of it (a feed entry's fields, a file's size and time, a message's text).
    pub hash: [u8; 32],
    pub content: Content,
    pub url: Option<String>,
    pub title: Option<String>,
    /// As the source gives it (ingest takes its first ten characters, `YYYY-MM-DD`).
    pub published: Option<String>,
}

/// Where an item's document is.
#[derive(Debug, Clone)]
pub enum Content {
    /// A page to fetch.
    Page(String),
    /// In the listing itself: an entry without a link, a message.
    Inline(Body),
    /// A file to read.
    File(PathBuf),
}

/// An item the listing holds but that cannot be handed on: its key and why.
pub type BadItem = (String, String);

/// What a feed says of itself and its entries.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    pub title: Option<String>,
    /// `ar`, `en`, `fa` or `ps`, when the listing names one of them.
    pub language: Option<String>,
    pub items: Vec<Item>,
    pub bad: Vec<BadItem>,
}

/// SHA-256 of fields, each ended by a NUL byte (so that moving text from one to the next changes it).
pub fn hash_fields<'a>(fields: impl IntoIterator<Item = &'a str>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for field in fields {
        hasher.update(field.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().into()
}

/// The entries of an RSS, Atom or JSON Feed document fetched from `url` (relative links resolved against it).
pub fn feed_listing(url: &str, bytes: &[u8]) -> Result<Listing, String> {
    let parser = feed_rs::parser::Builder::new().base_uri(Some(url)).build();
    let feed = parser.parse(bytes).map_err(|e| format!("not a valid feed: {e}"))?;
    let mut listing = Listing {
        title: feed.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty()),
        language: feed.language.as_deref().and_then(language_code).map(str::to_string),
        ..Listing::default()
    };
    for entry in feed.entries {
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
            .or(entry.links.first())
            .map(|l| l.href.trim().to_string())
            .filter(|l| !l.is_empty());
        let [published, updated] =
            [entry.published, entry.updated].map(|d| d.map(|d| d.format("%Y-%m-%d").to_string()));
        let title = entry.title.map(|t| t.content.trim().to_string()).filter(|t| !t.is_empty());
        let summary = entry.summary.map(|t| t.content);
        let content = entry.content.and_then(|c| {
            let html = c.content_type.essence().to_string().contains("html");
            c.body.map(|body| (body, html))
        });
        let hash = hash_fields([
            entry.id.as_str(),
            link.as_deref().unwrap_or(""),
            title.as_deref().unwrap_or(""),
            published.as_deref().unwrap_or(""),
            // The full timestamp: an edit on the day of publication is an edit too.
            &entry.updated.map(|d| d.to_rfc3339()).unwrap_or_default(),
            summary.as_deref().unwrap_or(""),
            content.as_ref().map_or("", |(body, _)| body.as_str()),
        ]);
        let (key, content) = match (link, content, summary) {
            (Some(link), _, _) => (link.clone(), Content::Page(link)),
            (None, Some((html, true)), _) => (entry.id.clone(), Content::Inline(html_body(html))),
            (None, Some((text, false)), _) => (entry.id.clone(), Content::Inline(Body::Text { text, raw: None })),
            // An RSS description is HTML.
            (None, None, Some(html)) => (entry.id.clone(), Content::Inline(html_body(html))),
            (None, None, None) => {
                listing.bad.push((entry.id.clone(), "an entry with neither a link nor a text".into()));
                continue;
            }
        };
        let url = match &content {
            Content::Page(link) => Some(link.clone()),
            _ => None,
        };
        listing.items.push(Item { key, hash, content, url, title, published: published.or(updated) });
    }
    Ok(listing)
}

/// A text that a feed gives as HTML (an RSS description, an Atom `html` content): its main text is read.
fn html_body(html: String) -> Body {
    Body::Html { html, raw: None, read: sitrep_html::main_text }
}

/// The files of a folder and its subfolders, in name order, each keyed by its path and hashed by its size and
/// modification time; what cannot be listed is named with why.
pub fn folder_listing(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) if e.file_type().is_file() => e,
            Ok(_) => continue,
            Err(e) => {
                let at = e.path().unwrap_or(dir).display().to_string();
                listing.bad.push((at, e.to_string()));
                continue;
            }
        };
        let key = entry.path().display().to_string();
        let stamp = match entry.metadata() {
            Ok(m) => file_stamp(&m),
            Err(e) => {
                listing.bad.push((key, format!("cannot read its size and time: {e}")));
                continue;
            }
        };
        let hash = hash_fields([stamp.as_str()]);
        let content = Content::File(entry.into_path());
        listing.items.push(Item { key, hash, content, url: None, title: None, published: None });
    }
    listing
}

/// A file's size and modification time, which change when it is written.
pub fn file_stamp(m: &std::fs::Metadata) -> String {
    let modified = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
    format!("{} {}", m.len(), modified.map_or(0, |d| d.as_nanos()))
}

/// A Telegram Desktop export (`result.json`).
#[derive(Deserialize)]
struct Export {
    name: Option<String>,
    id: Option<i64>,
    #[serde(default)]
    messages: Vec<serde_json::Value>,
}

/// A message of an export; service messages and messages without text (a photo alone) are no documents.
#[derive(Deserialize)]
struct Message {
    id: i64,
    #[serde(rename = "type", default)]
    kind: Option<String>,
    date: Option<String>,
    edited: Option<String>,
    #[serde(default)]
    text: MessageText,
}

/// A message's text: a string, or an array of strings and of entities (`{"type": "bold", "text": ...}`).
#[derive(Deserialize)]
#[serde(untagged)]
enum MessageText {
    Plain(String),
    Parts(Vec<TextPart>),
}

impl Default for MessageText {
    fn default() -> MessageText {
        MessageText::Plain(String::new())
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum TextPart {
    Plain(String),
    Entity { text: String },
}

impl MessageText {
    fn joined(self) -> String {
        match self {
            MessageText::Plain(text) => text,
            MessageText::Parts(parts) => parts
                .into_iter()
                .map(|p| match p {
                    TextPart::Plain(t) | TextPart::Entity { text: t } => t,
                })
                .collect(),
        }
    }
}

/// The messages of a Telegram Desktop channel export, each a document dated by its message; its key the
/// message id, its URL the channel's link to it (`https://t.me/c/CHANNEL/MESSAGE`) when the export gives the
/// channel's id. A message that cannot be read is named and the others go on.
pub fn telegram_listing(bytes: &[u8]) -> Result<Listing, String> {
    let export: Export =
        serde_json::from_slice(bytes).map_err(|e| format!("not a Telegram Desktop export (result.json): {e}"))?;
    let mut listing = Listing { title: export.name.filter(|n| !n.trim().is_empty()), ..Listing::default() };
    for (i, value) in export.messages.into_iter().enumerate() {
        let message: Message = match serde_json::from_value(value) {
            Ok(m) => m,
            Err(e) => {
                listing.bad.push((format!("message {}", i + 1), format!("cannot be read: {e}")));
                continue;
            }
        };
        if message.kind.as_deref().is_some_and(|k| k != "message") {
            continue;
        }
        let text = message.text.joined();
        if text.trim().is_empty() {
            continue;
        }
        let key = message.id.to_string();
        let hash = hash_fields([key.as_str(), message.edited.as_deref().unwrap_or(""), text.as_str()]);
        listing.items.push(Item {
            url: export.id.map(|channel| format!("https://t.me/c/{channel}/{}", message.id)),
            key,
            hash,
            content: Content::Inline(Body::Text { text, raw: None }),
            title: None,
            published: message.date,
        });
    }
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_telegram_message_is_a_document_whatever_form_its_text_takes() {
        let export = r#"{"name": "Channel", "type": "public_channel", "id": 1234, "messages": [
            {"id": 1, "type": "service", "date": "2024-08-01T09:00:00", "action": "create_channel", "text": ""},
            {"id": 2, "type": "message", "date": "2024-08-02T10:15:00", "text": "Plain text of the second."},
            {"id": 3, "type": "message", "date": "2024-08-03T11:00:00",
             "text": ["Parts: ", {"type": "bold", "text": "bold"}, " and ", {"type": "link", "text": "a link"}]},
            {"id": 4, "type": "message", "date": "2024-08-04T12:00:00", "photo": "photos/1.jpg", "text": ""},
            {"id": "five", "type": "message", "text": "an id that is no number"}
        ]}"#;
        let listing = telegram_listing(export.as_bytes()).expect("export");
        assert_eq!(listing.title.as_deref(), Some("Channel"));
        let texts: Vec<_> = listing
            .items
            .iter()
            .map(|i| match &i.content {
                Content::Inline(Body::Text { text, .. }) => {
                    (i.key.as_str(), i.url.as_deref(), i.published.as_deref(), text.as_str())
                }
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("2", Some("https://t.me/c/1234/2"), Some("2024-08-02T10:15:00"), "Plain text of the second."),
                ("3", Some("https://t.me/c/1234/3"), Some("2024-08-03T11:00:00"), "Parts: bold and a link"),
            ]
        );
        assert_eq!(listing.bad.len(), 1);
        assert_eq!(listing.bad[0].0, "message 5");
        assert!(telegram_listing(b"[1, 2]").unwrap_err().starts_with("not a Telegram Desktop export"));
    }
}
