//! `sitrep._sitrep`, the native half of the `sitrep` Python package: extraction, the store and the gazetteer
//! over the library crates. Values reach Python in the views the CLI prints (`sitrep_store::entry_json`,
//! `stored_entry_json`, `tally_row_json`) turned into dicts; the pandas frames are made in `sitrep/__init__.py`.

use pyo3::prelude::*;
use pyo3::types::PyList;
use serde_json::Value;

mod errors;
mod extraction;
mod places;
mod store;

/// The allocator of the `sitrep` binary: extraction makes many small short-lived allocations.
#[global_allocator]
static ALLOCATOR: sitrep_alloc::Allocator = sitrep_alloc::Allocator;

/// JSON values as a Python list of dicts (and lists, str, int, float, None).
fn python_list<'py>(py: Python<'py>, values: &[Value]) -> PyResult<Bound<'py, PyList>> {
    let _paused = GcPaused::new(py)?;
    let items = values.iter().map(|v| pythonize::pythonize(py, v)).collect::<Result<Vec<_>, _>>()?;
    PyList::new(py, items)
}

/// Python's cyclic garbage collector paused while many dicts are made (each few hundred would start a
/// collection that walks the objects made so far again), resumed when dropped if it ran before. No Python code
/// runs meanwhile.
struct GcPaused<'py> {
    gc: Bound<'py, PyModule>,
    was_enabled: bool,
}

impl<'py> GcPaused<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPaused<'py>> {
        let gc = py.import("gc")?;
        let was_enabled = gc.call_method0("isenabled")?.is_truthy()?;
        if was_enabled {
            gc.call_method0("disable")?;
        }
        Ok(GcPaused { gc, was_enabled })
    }
}

impl Drop for GcPaused<'_> {
    fn drop(&mut self) {
        // `gc.enable()` does not fail; a drop has no caller to report to anyway.
        if self.was_enabled {
            let _ = self.gc.call_method0("enable");
        }
    }
}

#[pymodule]
fn _sitrep(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<errors::Error>())?;
    m.add("InputError", py.get_type::<errors::InputError>())?;
    m.add("StoreError", py.get_type::<errors::StoreError>())?;
    m.add_function(wrap_pyfunction!(extraction::extract, m)?)?;
    m.add_function(wrap_pyfunction!(extraction::extract_many, m)?)?;
    m.add_function(wrap_pyfunction!(places::search_places, m)?)?;
    m.add_class::<store::Store>()?;
    m.add("FIGURE_COLUMNS", sitrep_store::FIGURE_COLUMNS.to_vec())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
