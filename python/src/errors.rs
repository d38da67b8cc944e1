//! Library errors as the `tte` package's exceptions, and JSON at the boundary.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The `tte.TteError` subclass for `err`, made by `tte._errors.error_from_native`, with
/// the stable code and both messages.
pub(crate) fn raise(err: &tte_core::Error) -> PyErr {
    Python::attach(|py| {
        let made = py
            .import("tte._errors")
            .and_then(|module| module.getattr("error_from_native"))
            .and_then(|make| make.call1((err.code(), err.message_id(), err.message_en())));
        match made {
            Ok(exception) => PyErr::from_value(exception),
            Err(import_failure) => import_failure,
        }
    })
}

/// Turns a library result into a Python one.
pub(crate) trait OrRaise<T> {
    /// The value, or the library error raised as its `tte` exception.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for tte_core::Result<T> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|err| raise(&err))
    }
}

/// A JSON argument (built by the `tte` package) read into `T`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(json: &str, what: &str) -> PyResult<T> {
    serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("invalid {what}: {e}")))
}

/// A value as JSON text for the `tte` package.
pub(crate) fn to_json(value: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))
}
