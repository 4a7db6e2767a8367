//! `extract` and `extract_many`: a text's entries as the CLI's JSONL lines, one dict each.

use std::sync::mpsc;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;
use sitrep_extract::{extract as extract_text, Date, Extraction, Language, Metadata};
use sitrep_input::InputConfig;
use sitrep_store::{entry_json, DateBasis, DateFallback};

use crate::errors::{guarded, InputError};
use crate::GcPaused;

/// What the CLI names a document read from standard input, the way `extract` and `extract_many` read a text.
const DOCUMENT: &str = "-";

/// The metadata of `published` and `lang`, as `sitrep extract --published --lang` reads them; the day received
/// (for a weekday named without a year) is today, as for standard input.
fn metadata(published: Option<&str>, lang: &str) -> PyResult<Metadata> {
    let published = match published {
        Some(p) => {
            Some(p.parse::<Date>().map_err(|_| InputError::new_err(format!("published {p:?}: expected YYYY-MM-DD")))?)
        }
        None => None,
    };
    let language = match lang {
        "auto" => None,
        code => Some(
            Language::from_code(code)
                .ok_or_else(|| InputError::new_err(format!("lang {code:?}: expected auto, ar, en, fa or ps")))?,
        ),
    };
    let received = DateFallback::at(std::time::SystemTime::now(), DateBasis::Received).map(|f| f.day);
    Ok(Metadata { published, language, received })
}

/// A text as extracted: the text as read (the evidence is cut from it) and its extraction.
struct Extracted {
    text: String,
    extraction: Extraction,
}

/// Reads and extracts one text; `document` names it in an error.
fn extracted(document: &str, text: String, meta: &Metadata) -> PyResult<Extracted> {
    guarded(document, InputError::new_err, || {
        // The checks of a document read from a file (empty, binary); a Python string is text already, of any size.
        let config = InputConfig { max_bytes: usize::MAX, encoding: None };
        let text =
            sitrep_input::decode(document, text.as_bytes(), &config).map_err(|e| InputError::new_err(e.to_string()))?;
        let extraction = extract_text(&text, meta);
        Ok(Extracted { text, extraction })
    })
}

/// The entries of an extraction as dicts, each made from its JSON view and let go before the next, as the CLI
/// writes its lines.
fn entry_dicts<'py>(py: Python<'py>, e: &Extracted) -> PyResult<Bound<'py, PyList>> {
    let language = e.extraction.language.code();
    let dicts = e
        .extraction
        .entries
        .iter()
        .map(|entry| pythonize::pythonize(py, &entry_json(entry, &e.text, DOCUMENT, language)))
        .collect::<Result<Vec<_>, _>>()?;
    PyList::new(py, dicts)
}

/// The entries of `text`: each the dict of a line of `sitrep extract --format jsonl -`.
#[pyfunction]
#[pyo3(signature = (text, *, published=None, lang="auto"))]
pub fn extract<'py>(
    py: Python<'py>,
    text: String,
    published: Option<&str>,
    lang: &str,
) -> PyResult<Bound<'py, PyList>> {
    let meta = metadata(published, lang)?;
    let extracted = py.detach(|| extracted(DOCUMENT, text, &meta))?;
    let _paused = GcPaused::new(py)?;
    guarded(DOCUMENT, InputError::new_err, || entry_dicts(py, &extracted))
}

/// The entries of each text, in their order, extracted on `threads` cores (all when `None`) without the GIL.
/// Each extraction is made into dicts as soon as it is done, while the others are extracted: the dicts need the
/// GIL, one thread at a time, and would otherwise be made on one core after all the rest.
#[pyfunction]
#[pyo3(signature = (texts, *, published=None, lang="auto", threads=None))]
pub fn extract_many<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    published: Option<&str>,
    lang: &str,
    threads: Option<usize>,
) -> PyResult<Bound<'py, PyList>> {
    let meta = metadata(published, lang)?;
    let pool = match threads {
        Some(0) => return Err(PyValueError::new_err("threads: expected a positive number, or None for every core")),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyValueError::new_err(format!("threads {n}: {e}")))?,
        ),
        None => None,
    };
    let mut lists: Vec<Option<Bound<'py, PyList>>> = texts.iter().map(|_| None).collect();
    // The failure of the first text that fails, whatever order the texts are done in.
    let mut failed: Option<(usize, PyErr)> = None;
    let (sender, mut receiver) = mpsc::channel::<(usize, PyResult<Extracted>)>();
    std::thread::scope(|scope| -> PyResult<()> {
        let meta = &meta;
        scope.spawn(move || {
            let run = move || {
                texts.into_par_iter().enumerate().for_each_with(sender, |sender, (i, text)| {
                    // Nothing is received any more only when Python's side failed, which says why.
                    let _ = sender.send((i, extracted(&format!("texts[{i}]"), text, meta)));
                });
            };
            match pool {
                Some(pool) => pool.install(run),
                None => run(),
            }
        });
        let _paused = GcPaused::new(py)?;
        loop {
            // Waiting, the GIL is released (the receiver goes along: it may not be shared between threads).
            let (next, back) = py.detach(move || (receiver.recv(), receiver));
            receiver = back;
            let Ok((i, result)) = next else { break };
            match result.and_then(|e| guarded(&format!("texts[{i}]"), InputError::new_err, || entry_dicts(py, &e))) {
                Ok(list) => lists[i] = Some(list),
                Err(e) if failed.as_ref().is_none_or(|(first, _)| i < *first) => failed = Some((i, e)),
                Err(_) => {}
            }
        }
        Ok(())
    })?;
    if let Some((_, e)) = failed {
        return Err(e);
    }
    let lists = lists.into_iter().map(|l| l.ok_or_else(|| InputError::new_err("a text was not extracted")));
    PyList::new(py, lists.collect::<PyResult<Vec<_>>>()?)
}
