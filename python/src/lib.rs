//! `tte._native`: the compiled half of the `tte` Python package. It only translates: the
//! public, typed API is the `tte` package (python/tte), which calls these functions and
//! classes. Structured values cross as JSON (the library's serde shapes), times as seconds
//! since 1970 or `datetime`, documents as `bytes`; every crypto and PDF call runs with the
//! GIL released.

mod ca;
mod certificates;
mod checks;
mod errors;
mod keys;
mod office;
mod pdf;
mod time;

use pyo3::prelude::*;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("BSRE_FOOTER", tte_core::pdf::appearance::BSRE_FOOTER)?;
    checks::register(m)?;
    keys::register(m)?;
    certificates::register(m)?;
    ca::register(m)?;
    office::register(m)?;
    pdf::register(m)?;
    Ok(())
}
