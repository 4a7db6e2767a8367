//! `sitrep.places.search`: the gazetteer's candidates for a name, as `sitrep places search` lists them.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use sitrep_gazetteer::Gazetteer;

use crate::errors::{guarded, InputError};

/// Candidates for `name` in any script or spelling, best first, at most `limit`.
#[pyfunction]
#[pyo3(signature = (name, *, limit=10))]
pub fn search_places<'py>(py: Python<'py>, name: &str, limit: usize) -> PyResult<Bound<'py, PyList>> {
    let candidates = guarded(name, InputError::new_err, || Ok(Gazetteer::embedded().search(name, limit)))?;
    let gazetteer = Gazetteer::embedded();
    let rows = candidates
        .iter()
        .map(|c| {
            let unit = gazetteer.unit(c.unit);
            let row = PyDict::new(py);
            row.set_item("name", &c.name)?;
            row.set_item("level", c.level.to_string())?;
            row.set_item("district", &c.district)?;
            row.set_item("province", &c.province)?;
            row.set_item("pcode", &c.pcode)?;
            row.set_item("lat", unit.lat)?;
            row.set_item("lon", unit.lon)?;
            row.set_item("matched", &c.matched)?;
            row.set_item("score", c.score)?;
            Ok(row)
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, rows)
}
