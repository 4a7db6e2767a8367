//! `extract` and `extract_many`: a text's entries as the CLI's JSONL lines, one dict each.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;
use rayon::prelude::*;
use serde_json::Value;
use sitrep_extract::{extract as extract_text, Date, Language, Metadata};
use sitrep_input::InputConfig;
use sitrep_store::{entry_json, DateBasis, DateFallback};

use crate::errors::{guarded, InputError};
use crate::python_list;

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

/// One text's entries in the contract's view; `document` names it in an error.
fn entries(document: &str, text: &str, meta: &Metadata) -> Result<Vec<Value>, String> {
    // The checks of a document read from a file (empty, binary); a Python string is text already, of any size.
    let config = InputConfig { max_bytes: usize::MAX, encoding: None };
    let text = sitrep_input::decode(document, text.as_bytes(), &config).map_err(|e| e.to_string())?;
    let extraction = extract_text(&text, meta);
    let language = extraction.language.code();
    Ok(extraction.entries.iter().map(|e| entry_json(e, &text, DOCUMENT, language)).collect())
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
    let entries = py.detach(|| {
        guarded(DOCUMENT, InputError::new_err, || entries(DOCUMENT, &text, &meta).map_err(InputError::new_err))
    })?;
    python_list(py, &entries)
}

/// The entries of each text, in their order, extracted on `threads` cores (all when `None`) without the GIL.
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
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads: expected a positive number, or None for every core"));
    }
    let all = py.detach(|| {
        let run = || {
            texts
                .par_iter()
                .enumerate()
                .map(|(i, text)| {
                    let document = format!("texts[{i}]");
                    guarded(&document, InputError::new_err, || {
                        entries(&document, text, &meta).map_err(InputError::new_err)
                    })
                })
                .collect::<PyResult<Vec<Vec<Value>>>>()
        };
        match threads {
            None => run(),
            Some(n) => rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| PyValueError::new_err(format!("threads {n}: {e}")))?
                .install(run),
        }
    })?;
    let lists = all.iter().map(|entries| python_list(py, entries)).collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, lists)
}
