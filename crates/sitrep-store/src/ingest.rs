//! Ingest: documents in, extracted on all cores, stored in batches (one transaction each). Re-extraction of
//! stored documents by a newer extractor.

use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use rayon::prelude::*;
use sitrep_extract::{extract, Date, Extraction, Language, Metadata};

use crate::storage::{ContentHash, IngestFailure, Prepared, RunInfo, Storage, StoredRevision};
use crate::{DateFallback, Error, RunId};

/// A document's content as received.
#[derive(Debug, Clone)]
pub enum Body {
    /// Plain text (or Markdown). `raw`: the bytes as received when they differ from `text`.
    Text { text: String, raw: Option<Vec<u8>> },
    /// An HTML page, decoded; `read` finds its title and main text, which is extracted and stored beside it.
    Html { html: String, raw: Option<Vec<u8>>, read: PageReader },
}

impl Body {
    /// The content hash the document is stored under: of its bytes as received.
    pub fn content_hash(&self) -> ContentHash {
        match self {
            Body::Text { text, raw } => ContentHash::of(raw.as_deref().unwrap_or(text.as_bytes())),
            Body::Html { html, raw, .. } => ContentHash::of(raw.as_deref().unwrap_or(html.as_bytes())),
        }
    }
}

/// What reads an HTML page: its title, if it has one, and its main text (evidence offsets refer to it). The
/// side that reads input gives it (`sitrep_html::main_text`); ingest calls it as it stages documents, on all
/// cores.
pub type PageReader = fn(&str) -> (Option<String>, String);

/// One document to ingest, or why it could not be read.
#[derive(Debug, Clone)]
pub struct Incoming {
    /// A path, `-` for stdin.
    pub origin: String,
    /// The line of a JSONL file, 1-based.
    pub line: Option<u64>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    /// `YYYY-MM-DD` (a longer ISO timestamp is cut to its date).
    pub published: Option<String>,
    /// `ar`, `en`, `fa`, `ps`; detected when `None`.
    pub language: Option<String>,
    /// The day the event entries fall back on when neither their text nor `published` dates them.
    pub date_fallback: Option<DateFallback>,
    pub body: Result<Body, String>,
}

impl Incoming {
    /// A plain text document.
    pub fn text(origin: impl Into<String>, text: impl Into<String>) -> Incoming {
        Incoming {
            origin: origin.into(),
            line: None,
            source: None,
            url: None,
            title: None,
            published: None,
            language: None,
            date_fallback: None,
            body: Ok(Body::Text { text: text.into(), raw: None }),
        }
    }

    /// A document that could not be read.
    pub fn failed(origin: impl Into<String>, line: Option<u64>, reason: impl Into<String>) -> Incoming {
        Incoming { line, body: Err(reason.into()), ..Incoming::text(origin, "") }
    }
}

/// How to ingest.
#[derive(Debug, Clone)]
pub struct IngestConfig {
    /// Documents per transaction.
    pub batch: usize,
    pub run: RunInfo,
    /// Link incidents at the end of the ingest. Off, they are linked before the next incident query
    /// (`incidents`, `tally`, `report`, the API), so results are correct either way.
    pub relink: bool,
}

impl Default for IngestConfig {
    fn default() -> IngestConfig {
        IngestConfig { batch: 2000, run: RunInfo::current(), relink: true }
    }
}

/// A document stored whose result deserves a look: where it came from and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestWarning {
    /// A path, `path:line` for JSONL, `-` for stdin.
    pub origin: String,
    pub message: String,
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IngestSummary {
    pub ingest_id: i64,
    pub run_id: i64,
    /// Documents seen, failed ones included.
    pub documents: u64,
    pub documents_added: u64,
    /// New texts: new documents and new revisions of known URLs.
    pub revisions_added: u64,
    /// Already stored (same content hash).
    pub duplicates: u64,
    pub failed: u64,
    pub entries_added: u64,
    /// Documents stored without entries whose text looks wrongly decoded ([`undecoded_warning`]).
    pub warnings: Vec<IngestWarning>,
}

/// The warning a document deserves when it gave no entries and its text [`looks_undecoded`].
pub fn undecoded_warning(extraction: &Extraction, text: &str) -> Option<String> {
    if !extraction.entries.is_empty() {
        return None;
    }
    let why = looks_undecoded(text)?;
    Some(format!("no entries, and the text looks wrongly decoded ({why}): check the encoding it was read with"))
}

/// Why `text` looks like bytes decoded with the wrong encoding, if it does: letters of the Latin-1 block,
/// C1 controls or replacement characters where the letters should be (Arabic-script bytes read as a Latin
/// code page, or UTF-8 read as one), or Arabic text that is mostly ط and ظ (UTF-8 read as Windows-1256:
/// every Arabic letter's lead byte becomes one of them).
pub fn looks_undecoded(text: &str) -> Option<String> {
    // Fewer letters than this say too little.
    const ENOUGH: usize = 20;
    let (mut letters, mut latin1, mut arabic, mut lead_bytes) = (0usize, 0usize, 0usize, 0usize);
    for c in text.chars() {
        let foreign = matches!(c, '\u{80}'..='\u{ff}' | '\u{fffd}') && c != '\u{a0}';
        if !(c.is_alphabetic() || foreign) {
            continue;
        }
        letters += 1;
        latin1 += usize::from(foreign);
        if ('\u{600}'..='\u{6ff}').contains(&c) {
            arabic += 1;
            lead_bytes += usize::from(matches!(c, 'ط' | 'ظ'));
        }
    }
    if letters >= ENOUGH && latin1 * 10 >= letters * 3 {
        return Some(format!(
            "{latin1} of its {letters} letters are Latin-1 accents, C1 controls or replacement characters"
        ));
    }
    if arabic >= ENOUGH && lead_bytes * 3 >= arabic {
        return Some(format!(
            "{lead_bytes} of its {arabic} Arabic letters are ط or ظ, as in UTF-8 read as Windows-1256"
        ));
    }
    None
}

/// Ingest progress, reported after each committed batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// Documents committed or settled (duplicates, failures) so far.
    pub done: u64,
    pub failed: u64,
}

/// A document decoded and hashed, not yet extracted.
struct Staged {
    hash: ContentHash,
    incoming: Incoming,
    text: String,
    raw: Option<Vec<u8>>,
    media_type: &'static str,
    meta: Metadata,
}

fn published_date(p: &str) -> Option<(String, Date)> {
    let day = p.trim().get(..10)?;
    Some((day.to_string(), day.parse().ok()?))
}

fn stage(mut incoming: Incoming) -> Result<Staged, IngestFailure> {
    let fail = |incoming: &Incoming, reason: String| IngestFailure {
        origin: incoming.origin.clone(),
        line: incoming.line,
        reason,
    };
    let body = match std::mem::replace(&mut incoming.body, Err(String::new())) {
        Ok(body) => body,
        Err(reason) => return Err(fail(&incoming, reason)),
    };
    let hash = body.content_hash();
    let (text, raw, media_type) = match body {
        Body::Text { text, raw } => (text, raw, "text/plain"),
        Body::Html { html, raw, read } => {
            let (title, text) = read(&html);
            if incoming.title.is_none() {
                incoming.title = title;
            }
            (text, Some(raw.unwrap_or_else(|| html.into_bytes())), "text/html")
        }
    };
    if text.trim().is_empty() {
        return Err(fail(&incoming, "no text".into()));
    }
    let published = match incoming.published.as_deref() {
        None => None,
        Some(p) => match published_date(p) {
            Some((day, date)) => {
                incoming.published = Some(day);
                Some(date)
            }
            None => return Err(fail(&incoming, format!("published {p:?}: expected YYYY-MM-DD"))),
        },
    };
    let language = match incoming.language.as_deref() {
        None => None,
        Some(code) => match Language::from_code(code) {
            Some(l) => Some(l),
            None => return Err(fail(&incoming, format!("language {code:?}: expected ar, en, fa or ps"))),
        },
    };
    // An undated document's weekday-named days take the latest fitting year up to its fallback day.
    let received = incoming.date_fallback.as_ref().map(|f| f.day).filter(|_| published.is_none());
    Ok(Staged { hash, incoming, text, raw, media_type, meta: Metadata { published, language, received } })
}

/// Extracts, turning a panic of the extractor into a failure of that document alone.
fn guarded_extract(text: &str, meta: &Metadata) -> Result<Extraction, String> {
    catch_unwind(AssertUnwindSafe(|| extract(text, meta))).map_err(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        format!("extractor failed: {message}")
    })
}

fn finish(s: Staged) -> Result<Prepared, IngestFailure> {
    let mut extraction = guarded_extract(&s.text, &s.meta).map_err(|reason| IngestFailure {
        origin: s.incoming.origin.clone(),
        line: s.incoming.line,
        reason,
    })?;
    let i = s.incoming;
    // A publication date dates the entries already; the fallback is for documents without one.
    let date_fallback = i.date_fallback.filter(|_| i.published.is_none());
    if let Some(f) = &date_fallback {
        f.apply(&mut extraction);
    }
    Ok(Prepared {
        hash: s.hash,
        origin: match i.line {
            Some(line) => format!("{}:{line}", i.origin),
            None => i.origin,
        },
        source: i.source,
        url: i.url,
        title: i.title,
        published: i.published,
        date_fallback,
        declared_language: i.language,
        media_type: s.media_type,
        raw: s.raw,
        text: s.text,
        extraction,
    })
}

type Batch = (Vec<Prepared>, Vec<IngestFailure>);

/// Ingests `documents`: skips texts already stored (by content hash), extracts the others on
/// all cores and stores them in batches of `config.batch`, each one transaction, while the next batch is
/// extracted. A document that cannot be read is recorded with its reason and the others go on.
pub fn ingest<S: Storage + Send + ?Sized>(
    store: &mut S,
    documents: impl IntoIterator<Item = Incoming>,
    config: &IngestConfig,
    progress: &mut dyn FnMut(Progress),
) -> Result<IngestSummary, Error> {
    let run = store.run(&config.run)?;
    let ingest_id = store.begin_ingest()?;
    let mut summary = IngestSummary { ingest_id, run_id: run.0, ..IngestSummary::default() };
    let mut documents = documents.into_iter();
    let mut pending: Option<Batch> = None;
    let batch = config.batch.max(1);
    loop {
        let chunk: Vec<Incoming> = documents.by_ref().take(batch).collect();
        let more = !chunk.is_empty();
        summary.documents += chunk.len() as u64;
        let staged: Vec<Result<Staged, IngestFailure>> = chunk.into_par_iter().map(stage).collect();
        let mut failures = Vec::new();
        let mut fresh = Vec::new();
        for s in staged {
            match s {
                Ok(s) => fresh.push(s),
                Err(f) => failures.push(f),
            }
        }
        // Skip what is stored, in the batch being written, or earlier in this chunk.
        let mut seen: HashSet<ContentHash> =
            pending.as_ref().map(|(docs, _)| docs.iter().map(|d| d.hash).collect()).unwrap_or_default();
        let known = store.known(&fresh.iter().map(|s| s.hash).collect::<Vec<_>>())?;
        let before = fresh.len();
        let mut known = known.into_iter();
        fresh.retain(|s| !known.next().unwrap_or(false) && seen.insert(s.hash));
        let duplicates = (before - fresh.len()) as u64;
        let to_write = pending.take();
        let (written, extracted) = rayon::join(
            || match to_write {
                Some((docs, fails)) => {
                    store.store_batch(run, ingest_id, &docs, &fails).map(|o| Some((o, docs.len(), fails.len())))
                }
                None => Ok(None),
            },
            || fresh.into_par_iter().map(finish).collect::<Vec<_>>(),
        );
        if let Some((outcome, docs, fails)) = written? {
            summary.documents_added += outcome.documents_added;
            summary.revisions_added += outcome.revisions_added;
            summary.duplicates += outcome.duplicates;
            summary.entries_added += outcome.entries_added;
            summary.failed += fails as u64;
            let done = summary.revisions_added + summary.duplicates + summary.failed;
            let _ = docs;
            progress(Progress { done, failed: summary.failed });
        }
        summary.duplicates += duplicates;
        let mut prepared = Vec::with_capacity(extracted.len());
        for p in extracted {
            match p {
                Ok(p) => {
                    if let Some(message) = undecoded_warning(&p.extraction, &p.text) {
                        summary.warnings.push(IngestWarning { origin: p.origin.clone(), message });
                    }
                    prepared.push(p)
                }
                Err(f) => failures.push(f),
            }
        }
        if !more {
            break;
        }
        pending = Some((prepared, failures));
    }
    store.finish_ingest(ingest_id, &summary)?;
    // Incidents right after ingest: the new entries linked with the stored ones.
    if config.relink {
        store.reconcile()?;
    }
    Ok(summary)
}

/// What a re-extraction did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReextractSummary {
    pub run_id: i64,
    pub documents: u64,
    pub entries: u64,
}

/// Extracts again, with the extractor of `run`, the latest revision of every stored document that this run
/// has not read. The new entries become the current ones; earlier runs' entries are kept.
pub fn reextract<S: Storage + Send + ?Sized>(
    store: &mut S,
    run: &RunInfo,
    batch: usize,
    progress: &mut dyn FnMut(Progress),
) -> Result<ReextractSummary, Error> {
    let run_id: RunId = store.run(run)?;
    let mut summary = ReextractSummary { run_id: run_id.0, ..ReextractSummary::default() };
    loop {
        let revisions: Vec<StoredRevision> = store.pending(run_id, batch.max(1))?;
        if revisions.is_empty() {
            break;
        }
        let extracted: Vec<(StoredRevision, Extraction)> = revisions
            .into_par_iter()
            .map(|rev| {
                let meta = Metadata {
                    published: rev.published.as_deref().and_then(published_date).map(|(_, d)| d),
                    language: rev.declared_language.as_deref().and_then(Language::from_code),
                    received: rev.date_fallback.as_ref().map(|f| f.day),
                };
                // A panicking extractor leaves the document with no entries under this run.
                let mut extraction = guarded_extract(&rev.text, &meta).unwrap_or_else(|reason| Extraction {
                    language: meta.language.unwrap_or(Language::English),
                    entries: Vec::new(),
                    diagnostics: vec![sitrep_extract::Diagnostic { span: None, message: reason }],
                });
                if let Some(f) = &rev.date_fallback {
                    f.apply(&mut extraction);
                }
                (rev, extraction)
            })
            .collect();
        summary.documents += extracted.len() as u64;
        summary.entries += store.store_extractions(run_id, &extracted)?;
        progress(Progress { done: summary.documents, failed: 0 });
    }
    store.reconcile()?;
    Ok(summary)
}
