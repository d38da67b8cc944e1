//! Times: the library's seconds since 1970 as timezone-aware `datetime` objects.

use pyo3::prelude::*;
use tte_core::date::Timestamp;

/// `datetime.datetime.fromtimestamp(at, tz=timezone.utc)`.
pub(crate) fn to_datetime(py: Python<'_>, at: Timestamp) -> PyResult<Bound<'_, PyAny>> {
    let datetime = py.import("datetime")?;
    let utc = datetime.getattr("timezone")?.getattr("utc")?;
    datetime.getattr("datetime")?.call_method1("fromtimestamp", (at.0, utc))
}

/// Seconds since 1970 of an aware `datetime` (a naive one is refused: its zone is unknown).
pub(crate) fn from_datetime(value: &Bound<'_, PyAny>) -> PyResult<Timestamp> {
    if value.getattr("tzinfo")?.is_none() {
        return Err(pyo3::exceptions::PyValueError::new_err("a datetime with a time zone is required"));
    }
    let seconds: f64 = value.call_method0("timestamp")?.extract()?;
    Ok(Timestamp(seconds.floor() as i64))
}
