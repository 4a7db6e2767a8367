//! `sitrep.Store`: a SQLite file or PostgreSQL database, as `--db` names it, through `sitrep_store::Storage`.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use serde_json::{json, Map, Value};
use sitrep_extract::Date;
use sitrep_input::{InputConfig, Reader};
use sitrep_store::{
    ingest, stored_entry_json, tally_row_json, Basis, DateBasis, DateFallback, EventQuery, Incoming, IngestConfig,
    IngestSummary, Storage, TallyDimension, TallyQuery,
};

use crate::errors::{guarded, InputError, StoreError};
use crate::python_list;

/// A store and the name it is shown by (a URL without its password).
#[pyclass(module = "sitrep._sitrep")]
pub struct Store {
    storage: Mutex<Box<dyn Storage + Send>>,
    shown: String,
}

/// `day` when it is `YYYY-MM-DD`, for the filter `name`.
fn checked_day(name: &str, day: Option<String>) -> PyResult<Option<String>> {
    match day {
        Some(d) if d.parse::<Date>().is_err() => Err(InputError::new_err(format!("{name} {d:?}: expected YYYY-MM-DD"))),
        day => Ok(day),
    }
}

impl Store {
    /// Runs `f` on the store without the GIL; its errors and panics become `StoreError`s naming the store.
    fn with<T: Send>(
        &self,
        py: Python<'_>,
        what: &str,
        f: impl FnOnce(&mut (dyn Storage + Send)) -> Result<T, sitrep_store::Error> + Send,
    ) -> PyResult<T> {
        let context = format!("{what} {}", self.shown);
        py.detach(|| {
            guarded(&context, StoreError::new_err, || {
                // A panic in an earlier call left no transaction open: each rolls back when dropped.
                let mut storage = self.storage.lock().unwrap_or_else(PoisonError::into_inner);
                f(&mut **storage).map_err(|e| StoreError::new_err(format!("{context}: {e}")))
            })
        })
    }
}

#[pymethods]
impl Store {
    #[new]
    #[pyo3(signature = (path_or_url, *, create=true))]
    fn new(py: Python<'_>, path_or_url: PathBuf, create: bool) -> PyResult<Store> {
        let shown = sitrep_store::shown(&path_or_url);
        let storage = py.detach(|| {
            guarded(&shown, StoreError::new_err, || {
                sitrep_store::open(&path_or_url, !create)
                    .map_err(|e| StoreError::new_err(format!("opening the store {shown}: {e}")))
            })
        })?;
        Ok(Store { storage: Mutex::new(storage), shown })
    }

    /// The store, as it is shown (a URL without its password).
    #[getter]
    fn name(&self) -> &str {
        &self.shown
    }

    /// Stores documents: `str` items are texts, path items files or folders (as `sitrep ingest` reads them).
    /// Returns the summary; raises `InputError` naming each document that could not be read, after storing
    /// the others.
    #[pyo3(signature = (items, *, source=None, published=None))]
    fn ingest<'py>(
        &self,
        py: Python<'py>,
        items: Vec<Bound<'py, PyAny>>,
        source: Option<String>,
        published: Option<String>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let published = checked_day("published", published)?;
        let received = DateFallback::at(std::time::SystemTime::now(), DateBasis::Received);
        let mut texts = Vec::new();
        let mut paths = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if item.is_instance_of::<PyString>() {
                let mut incoming = Incoming::text(format!("texts[{i}]"), item.extract::<String>()?);
                incoming.source.clone_from(&source);
                incoming.published.clone_from(&published);
                incoming.date_fallback = received;
                texts.push(incoming);
            } else {
                let path: PathBuf = item.extract().map_err(|_| {
                    InputError::new_err(format!(
                        "items[{i}]: expected a str (a text) or a path, not {}",
                        item.get_type()
                    ))
                })?;
                paths.push(path.to_string_lossy().into_owned());
            }
        }
        let reader = Reader { config: InputConfig { max_bytes: 10 * 1024 * 1024, encoding: None }, source, published };
        let (summary, failures) = self.with(py, "ingesting into", |storage| {
            let found = sitrep_input::find(&paths);
            let documents = texts.into_iter().chain(reader.documents(&found));
            let summary = ingest(storage, documents, &IngestConfig::default(), &mut |_| {})?;
            let failures = storage.ingest_failures(Some(summary.ingest_id))?;
            Ok((summary, failures))
        })?;
        let result = summary_dict(py, &summary)?;
        if failures.is_empty() {
            return Ok(result);
        }
        let lines: Vec<String> = failures
            .iter()
            .map(|f| match f.line {
                Some(line) => format!("{}:{line}: {}", f.origin, f.reason),
                None => format!("{}: {}", f.origin, f.reason),
            })
            .collect();
        let error = InputError::new_err(format!(
            "{} of {} documents could not be read (the others are stored):\n{}",
            failures.len(),
            summary.documents,
            lines.join("\n")
        ));
        error.value(py).setattr("summary", result)?;
        Err(error)
    }

    /// Current entries (the dicts of `sitrep events --format jsonl`), filtered as `sitrep events` filters them.
    #[pyo3(signature = (**filters))]
    fn event_rows<'py>(&self, py: Python<'py>, filters: Option<Bound<'py, PyDict>>) -> PyResult<Bound<'py, PyList>> {
        let query = event_query(filters.as_ref())?;
        let rows = self.with(py, "reading", |storage| {
            Ok(storage.events(&query)?.iter().map(stored_entry_json).collect::<Vec<_>>())
        })?;
        python_list(py, &rows)
    }

    /// One dict per entry of each incident (linking what is new first): `incident_id`, then the entry's.
    fn incident_rows<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let rows = self.with(py, "reading", |storage| {
            let mut rows = Vec::new();
            for incident in storage.incidents(None)? {
                for entry in &incident.entries {
                    let mut row = Map::new();
                    row.insert("incident_id".into(), json!(incident.id));
                    if let Value::Object(fields) = stored_entry_json(entry) {
                        row.extend(fields);
                    }
                    rows.push(Value::Object(row));
                }
            }
            Ok(rows)
        })?;
        python_list(py, &rows)
    }

    /// The rows of `sitrep tally --format json`: incidents counted once each, grouped `by`.
    #[pyo3(signature = (*, by, basis="claimed", since=None, until=None))]
    fn tally_rows<'py>(
        &self,
        py: Python<'py>,
        by: &str,
        basis: &str,
        since: Option<String>,
        until: Option<String>,
    ) -> PyResult<Bound<'py, PyList>> {
        let names = |all: &mut dyn Iterator<Item = &'static str>| all.collect::<Vec<_>>().join(", ");
        let by = TallyDimension::parse(by).ok_or_else(|| {
            InputError::new_err(format!(
                "by {by:?}: expected one of {}",
                names(&mut TallyDimension::ALL.iter().map(|d| d.as_str()))
            ))
        })?;
        let basis = Basis::parse(basis).ok_or_else(|| {
            InputError::new_err(format!(
                "basis {basis:?}: expected one of {}",
                names(&mut Basis::ALL.iter().map(|b| b.as_str()))
            ))
        })?;
        let query = TallyQuery {
            by,
            basis,
            since: checked_day("since", since)?,
            until: checked_day("until", until)?,
            province: None,
        };
        let rows = self.with(py, "reading", |storage| {
            storage.ensure_linked()?;
            Ok(storage.tally_incidents(&query)?.iter().map(|t| tally_row_json(by, t)).collect::<Vec<_>>())
        })?;
        python_list(py, &rows)
    }

    fn __repr__(&self) -> String {
        format!("Store({:?})", self.shown)
    }
}

/// The filters of `Store.events`: the names of `sitrep events`' options (`event_type` for `--type`).
const FILTERS: [&str; 10] =
    ["since", "until", "province", "district", "actor", "claimant", "event_type", "kind", "limit", "offset"];

fn event_query(filters: Option<&Bound<'_, PyDict>>) -> PyResult<EventQuery> {
    let mut query = EventQuery::default();
    let Some(filters) = filters else { return Ok(query) };
    for (name, value) in filters.iter() {
        let name: String = name.extract()?;
        if value.is_none() {
            continue;
        }
        let text = || value.extract::<String>().map(Some);
        match name.as_str() {
            "since" => query.since = checked_day("since", text()?)?,
            "until" => query.until = checked_day("until", text()?)?,
            "province" => query.province = text()?,
            "district" => query.district = text()?,
            "actor" => query.actor = text()?,
            "claimant" => query.claimant = text()?,
            "event_type" => query.event_type = text()?,
            "kind" => query.kind = text()?,
            "limit" => query.limit = Some(value.extract()?),
            "offset" => query.offset = value.extract()?,
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "events() got an unexpected filter {name:?}; the filters: {}",
                    FILTERS.join(", ")
                )))
            }
        }
    }
    if let Some(k) = query.kind.as_deref().filter(|k| !matches!(*k, "event" | "summary" | "aggregate")) {
        return Err(InputError::new_err(format!("kind {k:?}: expected event, summary or aggregate")));
    }
    Ok(query)
}

fn summary_dict<'py>(py: Python<'py>, s: &IngestSummary) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("documents", s.documents)?;
    d.set_item("documents_added", s.documents_added)?;
    d.set_item("revisions_added", s.revisions_added)?;
    d.set_item("duplicates", s.duplicates)?;
    d.set_item("failed", s.failed)?;
    d.set_item("entries_added", s.entries_added)?;
    d.set_item("warnings", s.warnings.iter().map(|w| format!("{}: {}", w.origin, w.message)).collect::<Vec<_>>())?;
    Ok(d)
}
