//! What a watcher polls: a feed URL, the feeds of an OPML file, a folder, a Telegram Desktop export.

use std::path::PathBuf;

/// One source to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An RSS, Atom or JSON Feed URL; its publisher and language when a list (OPML) names them.
    Feed { url: String, publisher: Option<String>, language: Option<String> },
    /// A folder: each new or changed file is a document.
    Folder(PathBuf),
    /// A Telegram Desktop channel export (`result.json`): each message is a document.
    Telegram(PathBuf),
}

impl Source {
    /// Where the source is: its URL or path, its key in the store's record.
    pub fn location(&self) -> String {
        match self {
            Source::Feed { url, .. } => url.clone(),
            Source::Folder(path) | Source::Telegram(path) => path.display().to_string(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Source::Feed { .. } => "feed",
            Source::Folder(_) => "folder",
            Source::Telegram(_) => "telegram",
        }
    }

    /// The sources an argument names: a feed URL; an OPML file (`.opml`, or XML whose root is `<opml>`), every
    /// feed it lists; a folder; a Telegram export (`.json`).
    pub fn parse(arg: &str) -> Result<Vec<Source>, String> {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            return Ok(vec![Source::Feed { url: arg.to_string(), publisher: None, language: None }]);
        }
        // The same folder or export wherever the watcher is started from: one record of it.
        let path = &std::fs::canonicalize(arg).unwrap_or_else(|_| PathBuf::from(arg));
        if path.is_dir() {
            return Ok(vec![Source::Folder(path.to_path_buf())]);
        }
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("json") if path.is_file() => Ok(vec![Source::Telegram(path.to_path_buf())]),
            Some("opml" | "xml") => {
                let text = std::fs::read_to_string(path).map_err(|e| format!("{arg}: cannot read: {e}"))?;
                feeds_of_opml(&text).map_err(|e| format!("{arg}: {e}"))
            }
            _ if !path.exists() => Err(format!("{arg}: no such file or folder, nor an http(s) URL")),
            _ => {
                Err(format!("{arg}: not a feed URL, an OPML file (.opml), a folder or a Telegram export (result.json)"))
            }
        }
    }
}

/// The feeds an OPML list names, each with its title and language when the outline gives them; outlines
/// within outlines (folders of feeds) included.
pub fn feeds_of_opml(text: &str) -> Result<Vec<Source>, String> {
    let list = opml::OPML::from_str(text).map_err(|e| format!("not a valid OPML list: {e}"))?;
    let mut feeds = Vec::new();
    let mut pending: Vec<&opml::Outline> = list.body.outlines.iter().rev().collect();
    while let Some(outline) = pending.pop() {
        if let Some(url) = outline.xml_url.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            let publisher = outline.title.clone().or_else(|| Some(outline.text.clone())).filter(|t| !t.is_empty());
            feeds.push(Source::Feed { url: url.to_string(), publisher, language: outline.language.clone() });
        }
        pending.extend(outline.outlines.iter().rev());
    }
    if feeds.is_empty() {
        return Err("the OPML list names no feed (no outline with an xmlUrl)".into());
    }
    Ok(feeds)
}

/// A language as ingest takes it (`ar`, `en`, `fa`, `ps`) from a tag a feed or list gives (`en-US`, `fa-AF`,
/// `prs`, `pus`); `None` for another language, which extraction then detects.
pub fn language_code(tag: &str) -> Option<&'static str> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    match primary.as_str() {
        "ar" | "ara" => Some("ar"),
        "en" | "eng" => Some("en"),
        "fa" | "fas" | "per" | "prs" => Some("fa"),
        "ps" | "pus" | "pbt" | "pbu" => Some("ps"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_opml_list_gives_its_feeds_with_their_titles_and_languages() {
        let text = r#"<?xml version="1.0"?>
<opml version="2.0"><head><title>Desk</title></head><body>
  <outline text="Afghanistan">
    <outline text="Agency" title="Pajhwok" type="rss" xmlUrl="http://127.0.0.1:1/p.xml" language="ps-AF"/>
    <outline text="Tolo" type="rss" xmlUrl="http://127.0.0.1:1/t.xml"/>
  </outline>
  <outline text="Wire" type="rss" xmlUrl=" http://127.0.0.1:1/w.json " language="en"/>
</body></opml>"#;
        let feed = |url: &str, publisher: &str, language: Option<&str>| Source::Feed {
            url: url.into(),
            publisher: Some(publisher.into()),
            language: language.map(str::to_string),
        };
        assert_eq!(
            feeds_of_opml(text).expect("opml"),
            vec![
                feed("http://127.0.0.1:1/p.xml", "Pajhwok", Some("ps-AF")),
                feed("http://127.0.0.1:1/t.xml", "Tolo", None),
                feed("http://127.0.0.1:1/w.json", "Wire", Some("en")),
            ]
        );
        let folder_only = "<opml version=\"2.0\"><body><outline text=\"Empty folder\"/></body></opml>";
        assert!(feeds_of_opml(folder_only).unwrap_err().contains("no feed"));
        assert!(feeds_of_opml("<rss>").unwrap_err().starts_with("not a valid OPML list"));
    }

    #[test]
    fn language_tags_become_the_codes_ingest_takes() {
        let codes: Vec<_> = ["en-US", "fa_AF", "prs", "PS", "ar", "ur", ""].into_iter().map(language_code).collect();
        assert_eq!(codes, [Some("en"), Some("fa"), Some("fa"), Some("ps"), Some("ar"), None, None]);
    }
}
