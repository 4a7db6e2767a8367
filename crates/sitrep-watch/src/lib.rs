//! Live monitoring (issue 17): polls RSS, Atom and JSON feeds (one URL, or every feed of an OPML list), folders
//! and Telegram Desktop exports; fetches each new or changed item's page as a good citizen of the web (conditional
//! requests, an interval per host, a limit on pages fetched at once, timeouts, retries with backoff, a size
//! limit); hands the documents to ingest with the source's metadata and links them; records every poll and
//! fetch through [`sitrep_store::Storage`], so that nothing is fetched twice, across restarts too.

pub use alert::Alert;
pub use http::{Answer, FetchError, Fetcher, HttpConfig, Page, Webhook};
pub use item::{feed_listing, folder_listing, telegram_listing, Content, Item, Listing};
pub use source::{feeds_of_opml, language_code, Source};
pub use watcher::{page_body, AlertHit, FileReader, PollReport, WatchConfig, Watcher};

mod alert;
mod http;
mod item;
mod source;
mod watcher;
