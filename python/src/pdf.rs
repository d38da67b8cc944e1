//! PDF signing (one, from files, two-phase, bulk) and verification.

use crate::certificates::{PyCertificate, certificates, validation_time, validator};
use crate::errors::{OrRaise, from_json, to_json};
use crate::keys::PyPrivateKey;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;
use std::sync::Mutex;
use tte_core::bulk::{self, Job, JobResult, Progress};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions, PreparedPdf, PreparedState};
use tte_core::pki::Certificate;
use tte_core::signer::{SignatureScheme, Signer};

/// Signing options from JSON (defaults when `None`) with the stamp's image, if any; the
/// signing time is now unless set.
pub(crate) fn sign_options(options_json: Option<&str>, image: Option<Vec<u8>>) -> PyResult<PdfSignOptions> {
    let mut options: PdfSignOptions =
        options_json.map_or_else(|| Ok(PdfSignOptions::default()), |json| from_json(json, "signing options"))?;
    if let Some(image) = image {
        let visible =
            options.visible.as_mut().ok_or_else(|| PyValueError::new_err("an image needs a visible stamp"))?;
        visible.stamp.image = Some(image);
    }
    options.signing_time.get_or_insert_with(|| SystemClock.now());
    Ok(options)
}

/// Signs `input` in memory with the GIL released.
pub(crate) fn sign_bytes<'py>(
    py: Python<'py>,
    input: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
) -> PyResult<Bound<'py, PyBytes>> {
    let signed = py.detach(|| pdf::sign(input, certificate, chain, signer, options)).or_raise()?;
    Ok(PyBytes::new(py, &signed))
}

/// Signs a PDF held in memory.
#[pyfunction]
#[pyo3(signature = (pdf, key, certificate, chain, options_json, image, pss))]
#[allow(clippy::too_many_arguments)]
fn sign_pdf<'py>(
    py: Python<'py>,
    pdf: Vec<u8>,
    key: &PyPrivateKey,
    certificate: &PyCertificate,
    chain: Vec<PyRef<'py, PyCertificate>>,
    options_json: Option<&str>,
    image: Option<Vec<u8>>,
    pss: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    let options = sign_options(options_json, image)?;
    sign_bytes(py, &pdf, &certificate.cert, &certificates(&chain), &key.signer(pss), &options)
}

/// Signs the file `input` into `output` (temporary file renamed; nothing on failure),
/// with memory that does not grow with the file.
#[pyfunction]
#[pyo3(signature = (input, output, key, certificate, chain, options_json, image, pss))]
#[allow(clippy::too_many_arguments)]
fn sign_pdf_file<'py>(
    py: Python<'py>,
    input: PathBuf,
    output: PathBuf,
    key: &PyPrivateKey,
    certificate: &PyCertificate,
    chain: Vec<PyRef<'py, PyCertificate>>,
    options_json: Option<&str>,
    image: Option<Vec<u8>>,
    pss: bool,
) -> PyResult<()> {
    let options = sign_options(options_json, image)?;
    let (chain, signer) = (certificates(&chain), key.signer(pss));
    py.detach(|| pdf::sign_file(&input, &output, &certificate.cert, &chain, &signer, &options)).or_raise()
}

/// Verifies every signature of a PDF; the reports as a JSON array.
#[pyfunction]
#[pyo3(signature = (pdf, trust, intermediates, crls, at))]
fn verify_pdf<'py>(
    py: Python<'py>,
    pdf: Vec<u8>,
    trust: Vec<PyRef<'py, PyCertificate>>,
    intermediates: Vec<PyRef<'py, PyCertificate>>,
    crls: Vec<Vec<u8>>,
    at: Option<Bound<'py, PyAny>>,
) -> PyResult<String> {
    let validator = validator(&trust, &intermediates, &crls)?;
    let at = validation_time(at.as_ref())?;
    let reports = py.detach(|| pdf::verify(&pdf, &validator, at)).or_raise()?;
    to_json(&reports)
}

/// A PDF prepared for two-phase signing: the bytes to sign go to the key holder, the
/// signature comes back to `finish`. Between the phases the caller keeps the small state
/// (`state_json`) and the prepared PDF (`prepared`), and joins them with `resume`. It
/// holds no secret.
#[pyclass(frozen, name = "PreparedPdf", module = "tte._native")]
pub(crate) struct PyPreparedPdf {
    prepared: PreparedPdf,
}

#[pymethods]
impl PyPreparedPdf {
    /// What the key holder signs (the CMS signed attributes, DER).
    fn to_be_signed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.prepared.to_be_signed().or_raise()?))
    }

    /// SHA-256 over the signed byte ranges: what a remote CMS must sign.
    #[getter]
    fn document_digest<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.prepared.document_digest())
    }

    /// The state as JSON (small, no secret), to keep with `prepared` between the phases.
    fn state_json(&self) -> PyResult<String> {
        to_json(&self.prepared.state())
    }

    /// The prepared PDF, to keep with the state between the phases.
    #[getter]
    fn prepared<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.prepared.prepared())
    }

    /// Joins a state from `state_json` and its prepared PDF again; a state that does not
    /// match the prepared PDF raises (5013).
    #[staticmethod]
    fn resume(py: Python<'_>, state_json: &str, prepared: Vec<u8>) -> PyResult<PyPreparedPdf> {
        let state: PreparedState = from_json(state_json, "prepared state")?;
        let prepared = py.detach(|| PreparedPdf::resume(state, prepared)).or_raise()?;
        Ok(PyPreparedPdf { prepared })
    }

    /// The signed PDF from the key holder's raw signature (checked against the certificate).
    fn finish<'py>(&self, py: Python<'py>, signature: Vec<u8>) -> PyResult<Bound<'py, PyBytes>> {
        let prepared = self.prepared.clone();
        let signed = py.detach(|| prepared.finish(&signature)).or_raise()?;
        Ok(PyBytes::new(py, &signed))
    }

    /// The signed PDF from a whole CMS SignedData (DER) made by a remote hash-signing
    /// service, after checking that it signs this document's digest.
    fn finish_with_cms<'py>(&self, py: Python<'py>, cms: Vec<u8>) -> PyResult<Bound<'py, PyBytes>> {
        let prepared = self.prepared.clone();
        let signed = py.detach(|| prepared.finish_with_cms(&cms)).or_raise()?;
        Ok(PyBytes::new(py, &signed))
    }
}

/// Prepares the signature of `pdf` for `certificate` without any key.
#[pyfunction]
#[pyo3(signature = (pdf, certificate, chain, options_json, image, pss))]
fn prepare_pdf<'py>(
    py: Python<'py>,
    pdf: Vec<u8>,
    certificate: &PyCertificate,
    chain: Vec<PyRef<'py, PyCertificate>>,
    options_json: Option<&str>,
    image: Option<Vec<u8>>,
    pss: bool,
) -> PyResult<PyPreparedPdf> {
    let options = sign_options(options_json, image)?;
    let chain = certificates(&chain);
    let scheme = SignatureScheme::for_certificate(&certificate.cert, pss);
    let prepared = py.detach(|| pdf::prepare(&pdf, &certificate.cert, &chain, scheme, &options)).or_raise()?;
    Ok(PyPreparedPdf { prepared })
}

/// Calls the Python progress callback from the library's thread; keeps its first error.
struct ProgressCallback {
    callback: Option<Py<PyAny>>,
    error: Mutex<Option<PyErr>>,
}

impl ProgressCallback {
    fn report(&self, progress: Progress) {
        let Some(callback) = &self.callback else { return };
        Python::attach(|py| {
            if let Err(err) = callback.call1(py, (progress.done, progress.total, progress.failed)) {
                let mut first = self.error.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                first.get_or_insert(err);
            }
        });
    }
}

/// Signs many PDF files with one key on `threads` threads (all cores when `None`); the
/// per-document reports as a JSON array, in job order. `progress(done, total, failed)`
/// is called after each document; if it raises, the run completes and the first
/// exception is raised then.
#[pyfunction]
#[pyo3(signature = (jobs, key, certificate, chain, options_json, image, pss, threads, progress))]
#[allow(clippy::too_many_arguments)]
fn sign_many<'py>(
    py: Python<'py>,
    jobs: Vec<(PathBuf, PathBuf)>,
    key: &PyPrivateKey,
    certificate: &PyCertificate,
    chain: Vec<PyRef<'py, PyCertificate>>,
    options_json: Option<&str>,
    image: Option<Vec<u8>>,
    pss: bool,
    threads: Option<usize>,
    progress: Option<Py<PyAny>>,
) -> PyResult<String> {
    let options = sign_options(options_json, image)?;
    let jobs: Vec<Job> = jobs.into_iter().map(|(input, output)| Job { input, output }).collect();
    let (chain, signer) = (certificates(&chain), key.signer(pss));
    let sink = ProgressCallback { callback: progress, error: Mutex::new(None) };
    let report = |p| sink.report(p);
    let results = py
        .detach(|| bulk::sign_many(&jobs, &certificate.cert, &chain, &signer, &options, threads, &report))
        .or_raise()?;
    if let Some(err) = sink.error.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner) {
        return Err(err);
    }
    to_json(&results.iter().map(JobResult::report).collect::<Vec<_>>())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(sign_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(sign_pdf_file, m)?)?;
    m.add_function(wrap_pyfunction!(verify_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(prepare_pdf, m)?)?;
    m.add_function(wrap_pyfunction!(sign_many, m)?)?;
    m.add_class::<PyPreparedPdf>()
}
