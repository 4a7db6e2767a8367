//! The package's exceptions, and the guard that turns a panic into one of them instead of letting it reach
//! Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::PyErr;

create_exception!(_sitrep, Error, PyException, "Any error of sitrep.");
create_exception!(_sitrep, InputError, Error, "A document or an argument that cannot be read: names which, and why.");
create_exception!(_sitrep, StoreError, Error, "The store could not be opened, read or written: names it, and why.");

/// Runs `f`, a panic (a bug of sitrep's, never expected) becoming `error(what: the panic's message)`.
pub fn guarded<T>(what: &str, error: fn(String) -> PyErr, f: impl FnOnce() -> Result<T, PyErr>) -> Result<T, PyErr> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        Err(error(format!("{what}: internal error of sitrep ({message}); please report it")))
    })
}
