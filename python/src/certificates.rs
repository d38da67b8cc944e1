//! Certificates.

use crate::errors::OrRaise;
use crate::time::{from_datetime, to_datetime};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tte_core::date::Timestamp;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::{Certificate, Crl, PathValidator};

/// An X.509 certificate.
#[pyclass(frozen, eq, name = "Certificate", module = "tte._native")]
#[derive(PartialEq)]
pub(crate) struct PyCertificate {
    pub(crate) cert: Certificate,
}

impl PyCertificate {
    pub(crate) fn new(cert: Certificate) -> PyCertificate {
        PyCertificate { cert }
    }
}

/// The library certificates of a list of Python ones.
pub(crate) fn certificates(list: &[PyRef<'_, PyCertificate>]) -> Vec<Certificate> {
    list.iter().map(|c| c.cert.clone()).collect()
}

#[pymethods]
impl PyCertificate {
    /// Reads one certificate from PEM or DER.
    #[staticmethod]
    fn load(data: Vec<u8>) -> PyResult<PyCertificate> {
        let mut all = Certificate::parse_all(&data).or_raise()?;
        match all.len() {
            1 => Ok(PyCertificate::new(all.remove(0))),
            n => Err(pyo3::exceptions::PyValueError::new_err(format!("expected one certificate, found {n}"))),
        }
    }

    /// Reads every certificate of a PEM bundle (or one DER certificate).
    #[staticmethod]
    fn load_all(data: Vec<u8>) -> PyResult<Vec<PyCertificate>> {
        Ok(Certificate::parse_all(&data).or_raise()?.into_iter().map(PyCertificate::new).collect())
    }

    /// The serial number, lowercase hex.
    #[getter]
    fn serial(&self) -> String {
        self.cert.serial_hex()
    }

    /// The subject, RFC 4514.
    #[getter]
    fn subject(&self) -> String {
        self.cert.subject()
    }

    /// The issuer, RFC 4514.
    #[getter]
    fn issuer(&self) -> String {
        self.cert.issuer()
    }

    /// Start of validity (UTC).
    #[getter]
    fn not_before<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.cert.not_before())
    }

    /// End of validity (UTC).
    #[getter]
    fn not_after<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_datetime(py, self.cert.not_after())
    }

    /// Whether it is a CA certificate.
    #[getter]
    fn is_ca(&self) -> bool {
        self.cert.is_ca()
    }

    /// SHA-256 of the DER, lowercase hex.
    #[getter]
    fn sha256(&self) -> String {
        self.cert.sha256_hex()
    }

    /// Whether `at` (an aware datetime) is inside the validity period.
    fn is_valid_at(&self, at: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.cert.is_valid_at(from_datetime(at)?))
    }

    /// The public key as SubjectPublicKeyInfo DER.
    fn public_key_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, &self.cert.public_key_der())
    }

    /// PEM text.
    fn to_pem(&self) -> String {
        self.cert.to_pem()
    }

    /// DER bytes.
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.cert.to_der())
    }

    fn __hash__(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        self.cert.to_der().hash(&mut hasher);
        hasher.finish()
    }

    fn __repr__(&self) -> String {
        format!("Certificate(serial={:?}, subject={:?})", self.cert.serial_hex(), self.cert.subject())
    }
}

/// A path validator over the given anchors, intermediates and CRLs (PEM or DER each).
pub(crate) fn validator(
    trust: &[PyRef<'_, PyCertificate>],
    intermediates: &[PyRef<'_, PyCertificate>],
    crls: &[Vec<u8>],
) -> PyResult<PathValidator> {
    let crls = crls.iter().map(|crl| Crl::from_bytes(crl)).collect::<Result<Vec<_>, _>>().or_raise()?;
    Ok(PathValidator::new(certificates(trust)).with_intermediates(certificates(intermediates)).with_crls(crls))
}

/// The validation time: an aware datetime, or now.
pub(crate) fn validation_time(at: Option<&Bound<'_, PyAny>>) -> PyResult<Timestamp> {
    at.map_or_else(|| Ok(SystemClock.now()), from_datetime)
}

/// Validates `certificate` for document signing at `at` (now when `None`): a chain to one
/// of `trust` by way of `intermediates`, each certificate valid then and, where a CRL of
/// its issuer is given, not revoked. Returns the chain, leaf first.
#[pyfunction]
#[pyo3(signature = (certificate, trust, intermediates, crls, at))]
fn validate_certificate<'py>(
    py: Python<'py>,
    certificate: &PyCertificate,
    trust: Vec<PyRef<'py, PyCertificate>>,
    intermediates: Vec<PyRef<'py, PyCertificate>>,
    crls: Vec<Vec<u8>>,
    at: Option<Bound<'py, PyAny>>,
) -> PyResult<Vec<PyCertificate>> {
    let validator = validator(&trust, &intermediates, &crls)?;
    let at = validation_time(at.as_ref())?;
    let chain = py.detach(|| validator.validate(&certificate.cert, at)).or_raise()?;
    Ok(chain.into_iter().map(PyCertificate::new).collect())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(validate_certificate, m)?)?;
    m.add_class::<PyCertificate>()
}
