//! The local CA and the ESIGN key store.

use crate::certificates::PyCertificate;
use crate::errors::OrRaise;
use crate::keys::{PyCsr, PyPrivateKey};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::passphrase::Holder;
use tte_core::pki::{CaConfig, HolderStatus, KeyAlgorithm, Keystore, LocalCa, SubjectInfo};
use tte_core::secret::Secret;

/// A local CA (root and issuing CA) kept in a folder, its keys sealed under a passphrase.
/// Calls from several threads are serialized.
#[pyclass(frozen, name = "LocalCa", module = "tte._native")]
pub(crate) struct PyLocalCa {
    ca: Mutex<LocalCa>,
}

impl PyLocalCa {
    fn lock(&self) -> MutexGuard<'_, LocalCa> {
        self.ca.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[pymethods]
impl PyLocalCa {
    /// Creates a CA for `organization` in `directory` (which must not hold one).
    #[staticmethod]
    #[pyo3(signature = (directory, organization, passphrase, key_algorithm = "rsa4096"))]
    fn create(
        py: Python<'_>,
        directory: PathBuf,
        organization: &str,
        passphrase: String,
        key_algorithm: &str,
    ) -> PyResult<PyLocalCa> {
        let mut config = CaConfig::new(organization);
        config.key_algorithm = KeyAlgorithm::from_name(key_algorithm).or_raise()?;
        let passphrase = Secret::new(passphrase);
        let ca = py.detach(|| LocalCa::init(&directory, config, &passphrase, SystemClock.now())).or_raise()?;
        Ok(PyLocalCa { ca: Mutex::new(ca) })
    }

    /// Opens the CA in `directory`.
    #[staticmethod]
    fn open(py: Python<'_>, directory: PathBuf, passphrase: String) -> PyResult<PyLocalCa> {
        let passphrase = Secret::new(passphrase);
        let ca = py.detach(|| LocalCa::open(&directory, &passphrase)).or_raise()?;
        Ok(PyLocalCa { ca: Mutex::new(ca) })
    }

    /// The root certificate.
    #[getter]
    fn root(&self) -> PyCertificate {
        PyCertificate::new(self.lock().root().clone())
    }

    /// The issuing CA's certificate.
    #[getter]
    fn issuing(&self) -> PyCertificate {
        PyCertificate::new(self.lock().issuing().clone())
    }

    /// LOCK: a document-signing certificate for the key of `csr`, for the subject given
    /// (C=ID; the e-mail goes into subjectAltName).
    #[pyo3(signature = (csr, common_name, organization, serial_number = None, email = None))]
    fn issue(
        &self,
        py: Python<'_>,
        csr: &PyCsr,
        common_name: String,
        organization: String,
        serial_number: Option<String>,
        email: Option<String>,
    ) -> PyResult<PyCertificate> {
        let subject = SubjectInfo { common_name, organization, serial_number, email };
        let cert = py.detach(|| self.lock().issue_from_csr(&csr.csr, &subject, SystemClock.now())).or_raise()?;
        Ok(PyCertificate::new(cert))
    }

    /// ESIGN: a new key of `key_algorithm` and its certificate for the subject given.
    #[pyo3(signature = (common_name, organization, serial_number = None, email = None, key_algorithm = "rsa2048"))]
    fn issue_with_new_key(
        &self,
        py: Python<'_>,
        common_name: String,
        organization: String,
        serial_number: Option<String>,
        email: Option<String>,
        key_algorithm: &str,
    ) -> PyResult<(PyPrivateKey, PyCertificate)> {
        let subject = SubjectInfo { common_name, organization, serial_number, email };
        let algorithm = KeyAlgorithm::from_name(key_algorithm).or_raise()?;
        let (key, cert) =
            py.detach(|| self.lock().issue_with_new_key(algorithm, &subject, SystemClock.now())).or_raise()?;
        Ok((PyPrivateKey { key }, PyCertificate::new(cert)))
    }

    /// Revokes `serial` (hex) with RFC 5280 reason code `reason`; the new CRL as PEM.
    fn revoke(&self, py: Python<'_>, serial: &str, reason: u8) -> PyResult<String> {
        let serial = serial.to_ascii_lowercase();
        let crl = py.detach(|| self.lock().revoke(&serial, reason, SystemClock.now())).or_raise()?;
        Ok(crl.to_pem())
    }

    /// Publishes a fresh CRL; PEM.
    fn publish_crl(&self, py: Python<'_>) -> PyResult<String> {
        let crl = py.detach(|| self.lock().publish_crl(SystemClock.now())).or_raise()?;
        Ok(crl.to_pem())
    }
}

/// The ESIGN key store: one sealed key per holder, counted unlock attempts.
#[pyclass(frozen, name = "Keystore", module = "tte._native")]
pub(crate) struct PyKeystore {
    store: Keystore,
}

#[pymethods]
impl PyKeystore {
    /// Opens the key store in `directory`.
    #[staticmethod]
    fn open(directory: PathBuf) -> PyResult<PyKeystore> {
        Ok(PyKeystore { store: Keystore::open(&directory).or_raise()? })
    }

    /// The holder's key status.
    fn status(&self, holder: &str) -> PyResult<PyHolderStatus> {
        Ok(PyHolderStatus(self.store.status(holder).or_raise()?))
    }

    /// The holder's public key, SubjectPublicKeyInfo DER.
    fn public_key_der<'py>(&self, py: Python<'py>, holder: &str) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.store.public_key(holder).or_raise()?))
    }

    /// Unlocks the holder's key; a wrong passphrase is counted.
    fn unlock(&self, py: Python<'_>, holder: &str, passphrase: String) -> PyResult<PyPrivateKey> {
        let passphrase = Secret::new(passphrase);
        let key = py.detach(|| self.store.unlock(holder, &passphrase)).or_raise()?;
        Ok(PyPrivateKey { key })
    }

    /// Changes the holder's passphrase (the old one is required; the new one must pass
    /// the policy).
    fn change_passphrase(&self, py: Python<'_>, holder: &str, old: String, new: String) -> PyResult<()> {
        let (old, new) = (Secret::new(old), Secret::new(new));
        py.detach(|| self.store.change(holder, &old, &new, &Holder::default())).or_raise()
    }
}

/// The status of one holder's key in the key store.
#[pyclass(frozen, name = "HolderStatus", module = "tte._native")]
pub(crate) struct PyHolderStatus(HolderStatus);

#[pymethods]
impl PyHolderStatus {
    /// Who holds the key.
    #[getter]
    fn holder(&self) -> &str {
        &self.0.holder
    }

    /// The key's algorithm ("rsa2048", …, "p256").
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.0.algorithm.name()
    }

    /// Wrong passphrases since the last success.
    #[getter]
    fn failed_attempts(&self) -> u32 {
        self.0.failed_attempts
    }

    /// Whether unlocking is suspended until a reset.
    #[getter]
    fn suspended(&self) -> bool {
        self.0.suspended
    }

    /// The fields as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let fields = PyDict::new(py);
        fields.set_item("holder", &self.0.holder)?;
        fields.set_item("algorithm", self.0.algorithm.name())?;
        fields.set_item("failed_attempts", self.0.failed_attempts)?;
        fields.set_item("suspended", self.0.suspended)?;
        Ok(fields)
    }

    fn __repr__(&self) -> String {
        format!(
            "HolderStatus(holder={:?}, algorithm={:?}, failed_attempts={}, suspended={})",
            self.0.holder,
            self.0.algorithm.name(),
            self.0.failed_attempts,
            self.0.suspended
        )
    }
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyHolderStatus>()?;
    m.add_class::<PyLocalCa>()?;
    m.add_class::<PyKeystore>()
}
