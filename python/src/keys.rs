//! Private keys and CSRs.

use crate::certificates::PyCertificate;
use crate::errors::OrRaise;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{Csr, Kdf, KeyAlgorithm, Pkcs12, PrivateKey, SubjectInfo};
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

/// PEM as the caller gave it: `str` or `bytes`.
#[derive(FromPyObject)]
pub(crate) enum Pem {
    /// Text.
    Text(String),
    /// Bytes (must be UTF-8).
    Bytes(Vec<u8>),
}

impl Pem {
    /// The PEM text.
    pub(crate) fn text(self) -> PyResult<String> {
        match self {
            Pem::Text(text) => Ok(text),
            Pem::Bytes(bytes) => String::from_utf8(bytes).map_err(|_| PyValueError::new_err("PEM must be ASCII text")),
        }
    }
}

/// A private key (RSA or ECDSA P-256). Its memory is wiped when it is freed.
#[pyclass(frozen, name = "PrivateKey", module = "tte._native")]
pub(crate) struct PyPrivateKey {
    pub(crate) key: PrivateKey,
}

impl PyPrivateKey {
    /// A signer over this key for the PDF and CMS calls.
    pub(crate) fn signer(&self, pss: bool) -> KeySigner {
        let signer = KeySigner::new(self.key.clone());
        if pss { signer.with_pss() } else { signer }
    }
}

fn algorithm(name: &str) -> PyResult<KeyAlgorithm> {
    KeyAlgorithm::from_name(name).map_err(|_| PyValueError::new_err(format!("unknown key algorithm {name:?}")))
}

fn kdf(name: &str) -> PyResult<Kdf> {
    match name {
        "scrypt" => Ok(Kdf::SCRYPT),
        "pbkdf2" => Ok(Kdf::PBKDF2),
        other => Err(PyValueError::new_err(format!("unknown key derivation {other:?}"))),
    }
}

#[pymethods]
impl PyPrivateKey {
    /// A new key: "rsa2048", "rsa3072", "rsa4096" or "p256".
    #[staticmethod]
    #[pyo3(signature = (algorithm_name = "rsa2048"))]
    fn generate(py: Python<'_>, algorithm_name: &str) -> PyResult<PyPrivateKey> {
        let algorithm = algorithm(algorithm_name)?;
        let key = py.detach(|| PrivateKey::generate(algorithm)).or_raise()?;
        Ok(PyPrivateKey { key })
    }

    /// Reads PKCS#8 PEM: encrypted (with `passphrase`) or plain.
    #[staticmethod]
    #[pyo3(signature = (pem, passphrase = None))]
    fn from_pem(py: Python<'_>, pem: Pem, passphrase: Option<String>) -> PyResult<PyPrivateKey> {
        let (pem, passphrase) = (pem.text()?, passphrase.map(Secret::new));
        let key = py.detach(|| PrivateKey::from_pem(&pem, passphrase.as_ref())).or_raise()?;
        Ok(PyPrivateKey { key })
    }

    /// Reads PKCS#8 DER: encrypted (with `passphrase`) or plain.
    #[staticmethod]
    #[pyo3(signature = (der, passphrase = None))]
    fn from_der(py: Python<'_>, der: Vec<u8>, passphrase: Option<String>) -> PyResult<PyPrivateKey> {
        let passphrase = passphrase.map(Secret::new);
        let key = py
            .detach(|| match &passphrase {
                Some(passphrase) => PrivateKey::from_encrypted_der(&der, passphrase),
                None => PrivateKey::from_pkcs8_der(&der),
            })
            .or_raise()?;
        Ok(PyPrivateKey { key })
    }

    /// The algorithm's name ("rsa2048", …, "p256").
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.key.algorithm().name()
    }

    /// The public key as SubjectPublicKeyInfo DER.
    fn public_key_der<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        Ok(PyBytes::new(py, &self.key.public_key_der().or_raise()?))
    }

    /// Encrypted PKCS#8 PEM under `passphrase`, which must pass the passphrase policy.
    #[pyo3(signature = (passphrase, kdf_name = "scrypt"))]
    fn to_pem(&self, py: Python<'_>, passphrase: String, kdf_name: &str) -> PyResult<String> {
        let (passphrase, kdf) = (Secret::new(passphrase), kdf(kdf_name)?);
        py.detach(|| self.key.to_encrypted_pem(&passphrase, kdf, &PassphrasePolicy::default(), &Holder::default()))
            .or_raise()
            .map(|pem| pem.as_str().to_owned())
    }

    /// A raw signature over `data` with SHA-256: RSA PKCS#1 v1.5 (RSA-PSS when `pss`) or
    /// ECDSA (DER).
    #[pyo3(signature = (data, pss = false))]
    fn sign<'py>(&self, py: Python<'py>, data: Vec<u8>, pss: bool) -> PyResult<Bound<'py, PyBytes>> {
        let signer = self.signer(pss);
        let signature = py.detach(|| tte_core::signer::Signer::sign(&signer, &data)).or_raise()?;
        Ok(PyBytes::new(py, &signature))
    }

    /// A CSR for CN=`common_name`, O=`organization`, C=ID (with `serial_number` and the
    /// e-mail in subjectAltName when given), signed with this key.
    #[pyo3(signature = (common_name, organization, serial_number = None, email = None))]
    fn create_csr(
        &self,
        py: Python<'_>,
        common_name: String,
        organization: String,
        serial_number: Option<String>,
        email: Option<String>,
    ) -> PyResult<PyCsr> {
        let subject = SubjectInfo { common_name, organization, serial_number, email };
        let csr = py.detach(|| Csr::build(&self.key, &subject)).or_raise()?;
        Ok(PyCsr { csr })
    }

    fn __repr__(&self) -> String {
        format!("PrivateKey({})", self.key.algorithm().name())
    }
}

/// A certificate signing request.
#[pyclass(frozen, name = "Csr", module = "tte._native")]
pub(crate) struct PyCsr {
    pub(crate) csr: Csr,
}

#[pymethods]
impl PyCsr {
    /// Reads a CSR from PEM or DER.
    #[staticmethod]
    fn load(data: Vec<u8>) -> PyResult<PyCsr> {
        Ok(PyCsr { csr: Csr::from_bytes(&data).or_raise()? })
    }

    /// The subject as an RFC 4514 string.
    #[getter]
    fn subject(&self) -> String {
        self.csr.subject()
    }

    /// PEM text.
    fn to_pem(&self) -> String {
        self.csr.to_pem()
    }

    /// DER bytes.
    fn to_der<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.csr.to_der())
    }

    /// The verifier's check: the signature, the key (RSA ≥ 2048 or P-256), and CN and O
    /// equal to the record.
    fn check(&self, py: Python<'_>, common_name: &str, organization: &str) -> PyResult<()> {
        py.detach(|| self.csr.check(common_name, organization)).or_raise()
    }

    fn __repr__(&self) -> String {
        format!("Csr({:?})", self.csr.subject())
    }
}

/// Reads a PKCS#12 file: the key, its certificate and the other certificates.
#[pyfunction]
fn load_pkcs12(
    py: Python<'_>,
    data: Vec<u8>,
    passphrase: String,
) -> PyResult<(PyPrivateKey, PyCertificate, Vec<PyCertificate>)> {
    let passphrase = Secret::new(passphrase);
    let p12 = py.detach(|| Pkcs12::from_der(&data, &passphrase)).or_raise()?;
    let chain = p12.chain.into_iter().map(PyCertificate::new).collect();
    Ok((PyPrivateKey { key: p12.key }, PyCertificate::new(p12.certificate), chain))
}

/// Writes a PKCS#12 file (AES-256 PBES2, HMAC-SHA-256 MAC) under `passphrase`.
#[pyfunction]
#[pyo3(signature = (key, certificate, chain, passphrase, friendly_name = None))]
fn export_pkcs12<'py>(
    py: Python<'py>,
    key: &PyPrivateKey,
    certificate: &PyCertificate,
    chain: Vec<PyRef<'py, PyCertificate>>,
    passphrase: String,
    friendly_name: Option<String>,
) -> PyResult<Bound<'py, PyBytes>> {
    let p12 = Pkcs12 {
        key: key.key.clone(),
        certificate: certificate.cert.clone(),
        chain: chain.iter().map(|c| c.cert.clone()).collect(),
        friendly_name,
    };
    let passphrase = Secret::new(passphrase);
    let der = py.detach(|| p12.to_der(&passphrase)).or_raise()?;
    Ok(PyBytes::new(py, &der))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPrivateKey>()?;
    m.add_class::<PyCsr>()?;
    m.add_function(wrap_pyfunction!(load_pkcs12, m)?)?;
    m.add_function(wrap_pyfunction!(export_pkcs12, m)?)?;
    Ok(())
}
