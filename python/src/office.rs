//! A verifier office: the lifecycle ledger on the embedded authority (local CA and ESIGN
//! key store). Requests, actions and records cross as JSON in the library's serde shapes.

use crate::certificates::PyCertificate;
use crate::errors::{OrRaise, from_json, to_json};
use crate::pdf::{sign_bytes, sign_options};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use tte_core::Error;
use tte_core::lifecycle::{
    Action, ActionKind, Actor, AuditLog, Clock, EmbeddedAuthority, EmbeddedOptions, Ledger, LifecycleConfig, Process,
    Request, Role, SystemClock,
};
use tte_core::pki::Certificate;
use tte_core::secret::Secret;

/// One office; calls from several threads are serialized.
#[pyclass(frozen, name = "Office", module = "tte._native")]
pub(crate) struct PyOffice {
    ledger: Mutex<Ledger>,
    issuing_ca: Certificate,
    root_ca: Certificate,
}

impl PyOffice {
    /// An office over `authority`, with a ledger made from it by `ledger`.
    fn new(
        authority: EmbeddedAuthority,
        ledger: impl FnOnce(EmbeddedAuthority) -> tte_core::Result<Ledger>,
    ) -> tte_core::Result<PyOffice> {
        let (issuing_ca, root_ca) = (authority.ca().issuing().clone(), authority.ca().root().clone());
        Ok(PyOffice { ledger: Mutex::new(ledger(authority)?), issuing_ca, root_ca })
    }

    fn lock(&self) -> MutexGuard<'_, Ledger> {
        self.ledger.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn config(config_json: Option<&str>) -> PyResult<LifecycleConfig> {
    config_json.map_or_else(|| Ok(LifecycleConfig::default()), |json| from_json(json, "lifecycle config"))
}

#[pymethods]
impl PyOffice {
    /// A new office with a new authority (RSA-4096 CA, key store, recovery key) in
    /// `directory`, sealed with `ca_passphrase`.
    #[staticmethod]
    #[pyo3(signature = (directory, organization, ca_passphrase, config_json))]
    fn create(
        py: Python<'_>,
        directory: PathBuf,
        organization: &str,
        ca_passphrase: String,
        config_json: Option<&str>,
    ) -> PyResult<PyOffice> {
        let config = config(config_json)?;
        let passphrase = Secret::new(ca_passphrase);
        let options = EmbeddedOptions::new(organization);
        let authority =
            py.detach(|| EmbeddedAuthority::init(&directory, options, &passphrase, SystemClock.now())).or_raise()?;
        PyOffice::new(authority, |authority| Ok(Ledger::new(config, authority))).or_raise()
    }

    /// Opens the authority in `directory`; with `log_json` the records are rebuilt by
    /// replaying the audit log (its hash chain is checked first).
    #[staticmethod]
    #[pyo3(signature = (directory, ca_passphrase, config_json, log_json))]
    fn open(
        py: Python<'_>,
        directory: PathBuf,
        ca_passphrase: String,
        config_json: Option<&str>,
        log_json: Option<&str>,
    ) -> PyResult<PyOffice> {
        let config = config(config_json)?;
        let passphrase = Secret::new(ca_passphrase);
        let log = log_json.map(AuditLog::from_json).transpose().or_raise()?;
        py.detach(|| {
            let authority = EmbeddedAuthority::open(&directory, &passphrase)?;
            PyOffice::new(authority, |authority| match log {
                Some(log) => Ledger::from_log(config, log, authority),
                None => Ok(Ledger::new(config, authority)),
            })
        })
        .or_raise()
    }

    /// The issuing CA's certificate.
    #[getter]
    fn issuing_ca(&self) -> PyCertificate {
        PyCertificate::new(self.issuing_ca.clone())
    }

    /// The root certificate of the office's CA: the trust anchor for its signatures.
    #[getter]
    fn root_ca(&self) -> PyCertificate {
        PyCertificate::new(self.root_ca.clone())
    }

    /// Opens a case; the outcome (with its one-time secrets) as JSON.
    fn request(&self, py: Python<'_>, actor_json: &str, request_json: &str) -> PyResult<String> {
        let actor: Actor = from_json(actor_json, "actor")?;
        let request: Request = from_json(request_json, "request")?;
        let outcome = py.detach(|| self.lock().open(&actor, &request)).or_raise()?;
        to_json(&outcome.handout())
    }

    /// Takes an action on a case; the outcome as JSON.
    fn act(&self, py: Python<'_>, actor_json: &str, case_id: &str, action_json: &str) -> PyResult<String> {
        let actor: Actor = from_json(actor_json, "actor")?;
        let action: Action = from_json(action_json, "action")?;
        let outcome = py.detach(|| self.lock().act(&actor, case_id, &action)).or_raise()?;
        to_json(&outcome.handout())
    }

    /// A case as JSON.
    fn case(&self, case_id: &str) -> PyResult<String> {
        to_json(self.lock().case(case_id).or_raise()?)
    }

    /// An account as JSON.
    fn account(&self, account_id: &str) -> PyResult<String> {
        let ledger = self.lock();
        to_json(ledger.records().accounts.get(account_id).ok_or(Error::UnknownAccount).or_raise()?)
    }

    /// A certificate record (with its PEM) as JSON.
    fn certificate(&self, serial: &str) -> PyResult<String> {
        let ledger = self.lock();
        to_json(ledger.records().certificates.get(serial).ok_or(Error::UnknownCertificate).or_raise()?)
    }

    /// The certificate records of an account, oldest first, as a JSON array.
    fn certificates(&self, account_id: &str) -> PyResult<String> {
        to_json(&self.lock().records().certificates_of(account_id).collect::<Vec<_>>())
    }

    /// The BSrE user status of the person with `nik`, as a JSON string.
    fn user_status(&self, nik: &str) -> PyResult<String> {
        to_json(&self.lock().user_status(nik))
    }

    /// A case's steps measured against the SOP's standard times, as JSON.
    fn sla_report(&self, case_id: &str) -> PyResult<String> {
        to_json(&self.lock().sla_report(case_id).or_raise()?)
    }

    /// The audit log (hash-chained events) as JSON.
    fn log(&self) -> PyResult<String> {
        self.lock().log().to_json().or_raise()
    }

    /// Signs a PDF with the ESIGN key the office holds for certificate `serial`, unlocked
    /// by its holder with `passphrase` under the SOP's signing guard.
    #[pyo3(signature = (actor_json, serial, passphrase, pdf, options_json, image))]
    #[allow(clippy::too_many_arguments)]
    fn sign_pdf<'py>(
        &self,
        py: Python<'py>,
        actor_json: &str,
        serial: &str,
        passphrase: String,
        pdf: Vec<u8>,
        options_json: Option<&str>,
        image: Option<Vec<u8>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let actor: Actor = from_json(actor_json, "actor")?;
        let options = sign_options(options_json, image)?;
        let passphrase = Secret::new(passphrase);
        let (key, certificate) =
            py.detach(|| self.lock().unlock_for_signing(&actor, serial, &passphrase)).or_raise()?;
        let signer = tte_core::signer::KeySigner::new(key);
        sign_bytes(py, &pdf, &certificate, std::slice::from_ref(&self.issuing_ca), &signer, &options)
    }
}

/// The names of the lifecycle's roles, processes and action kinds, as JSON
/// (`{"Role": [...], "Process": [...], "ActionKind": [...]}`), for the package's enums.
#[pyfunction]
fn vocabulary() -> PyResult<String> {
    to_json(&serde_json::json!({ "Role": Role::ALL, "Process": Process::ALL, "ActionKind": ActionKind::ALL.to_vec() }))
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(vocabulary, m)?)?;
    m.add_class::<PyOffice>()
}
