//! The local CA over the C ABI: create or open it in a folder, issue from CSRs, revoke,
//! publish CRLs. (The lifecycle issues through `tte_office`; this is the CA on its own.)

use crate::args::{from_json, optional_text, out, put, text};
use crate::bytes::tte_bytes;
use crate::error::{Failure, guard, tte_result};
use crate::handle::{free_handle, handle_ref, lock, put_handle};
use std::ffi::c_char;
use std::path::Path;
use std::sync::Mutex;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::{CaConfig, Csr, KeyAlgorithm, LocalCa, SubjectInfo};
use tte_core::secret::Secret;

/// A local CA (root and issuing CA) in its folder. Thread-safe: calls on one CA from
/// several threads are serialized.
#[allow(non_camel_case_types)]
pub struct tte_ca {
    ca: Mutex<LocalCa>,
}

/// Runs `body` on the CA of a non-NULL handle.
///
/// # Safety
/// `ca` is NULL or a live pointer from `tte_ca_create`/`tte_ca_open`.
unsafe fn with_ca<T>(ca: *const tte_ca, body: impl FnOnce(&mut LocalCa) -> Result<T, Failure>) -> Result<T, Failure> {
    // SAFETY: per the caller's contract.
    let handle = unsafe { handle_ref(ca) }?;
    body(&mut lock(&handle.ca))
}

/// Creates a local CA for `organization` in `dir` (which must not hold one): a root (10
/// years) and an issuing CA (5 years) with `key_algorithm` keys ("rsa4096" when NULL;
/// "rsa3072", "rsa2048", "p256"), sealed under `passphrase`. On success `*out_ca` holds
/// it; free it with `tte_ca_free`.
///
/// # Safety
/// The strings are NUL-terminated (`key_algorithm` may be NULL); `out_ca` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_create(
    dir: *const c_char,
    organization: *const c_char,
    key_algorithm: *const c_char,
    passphrase: *const c_char,
    out_ca: *mut *mut tte_ca,
) -> tte_result {
    guard(|| {
        out(out_ca)?;
        // SAFETY: per the function's contract.
        let (dir, organization, algorithm, passphrase) =
            unsafe { (text(dir)?, text(organization)?, optional_text(key_algorithm)?, Secret::new(text(passphrase)?)) };
        let mut config = CaConfig::new(organization);
        if let Some(name) = algorithm {
            config.key_algorithm = KeyAlgorithm::from_name(name)
                .map_err(|_| crate::args::invalid("Algoritma kunci tidak dikenal", "Unknown key algorithm"))?;
        }
        let ca = LocalCa::init(Path::new(dir), config, &passphrase, SystemClock.now())?;
        // SAFETY: `out_ca` passed `out`.
        unsafe { put_handle(out_ca, tte_ca { ca: Mutex::new(ca) }) };
        Ok(())
    })
}

/// Opens the CA in `dir` with its passphrase.
///
/// # Safety
/// The strings are NUL-terminated; `out_ca` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_open(
    dir: *const c_char,
    passphrase: *const c_char,
    out_ca: *mut *mut tte_ca,
) -> tte_result {
    guard(|| {
        out(out_ca)?;
        // SAFETY: per the function's contract.
        let (dir, passphrase) = unsafe { (text(dir)?, Secret::new(text(passphrase)?)) };
        let ca = LocalCa::open(Path::new(dir), &passphrase)?;
        // SAFETY: `out_ca` passed `out`.
        unsafe { put_handle(out_ca, tte_ca { ca: Mutex::new(ca) }) };
        Ok(())
    })
}

/// Releases a CA handle; NULL is accepted and ignored.
///
/// # Safety
/// `ca` is NULL or a pointer from `tte_ca_create`/`tte_ca_open`, not yet freed and not
/// in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_free(ca: *mut tte_ca) {
    // SAFETY: per the function's contract.
    unsafe { free_handle(ca) };
}

/// The issuing CA's and the root's certificates, as one PEM bundle (issuing CA first).
///
/// # Safety
/// `ca` is a live CA; `out_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_chain(ca: *const tte_ca, out_pem: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_pem)?;
        // SAFETY: per the function's contract.
        let pem = unsafe { with_ca(ca, |ca| Ok(ca.issuing().to_pem() + &ca.root().to_pem())) }?;
        // SAFETY: `out_pem` passed `out`.
        unsafe { put(out_pem, pem.into_bytes()) };
        Ok(())
    })
}

/// Issues a document-signing certificate (2 years) for `csr_pem` after checking the
/// CSR (signature, key strength, CN and O equal to `subject_json`:
/// `{"common_name", "organization", "serial_number"?, "email"?}`). On success
/// `*out_pem` holds the certificate.
///
/// # Safety
/// `ca` is a live CA; the strings are NUL-terminated; `out_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_issue(
    ca: *const tte_ca,
    csr_pem: *const c_char,
    subject_json: *const c_char,
    out_pem: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_pem)?;
        // SAFETY: per the function's contract.
        let (csr, subject) = unsafe { (text(csr_pem)?, from_json::<SubjectInfo>(text(subject_json)?)?) };
        let csr = Csr::from_bytes(csr.as_bytes())?;
        // SAFETY: per the function's contract.
        let cert = unsafe { with_ca(ca, |ca| Ok(ca.issue_from_csr(&csr, &subject, SystemClock.now())?)) }?;
        // SAFETY: `out_pem` passed `out`.
        unsafe { put(out_pem, cert.to_pem().into_bytes()) };
        Ok(())
    })
}

/// Revokes certificate `serial` (hex) with RFC 5280 reason `reason` (0 unspecified,
/// 1 keyCompromise, 3 affiliationChanged, 4 superseded, 5 cessationOfOperation, …) and
/// publishes a new CRL, which `*out_crl_pem` holds on success.
///
/// # Safety
/// `ca` is a live CA; `serial` is NUL-terminated; `out_crl_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_revoke(
    ca: *const tte_ca,
    serial: *const c_char,
    reason: u8,
    out_crl_pem: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_crl_pem)?;
        // SAFETY: per the function's contract.
        let serial = unsafe { text(serial) }?.to_ascii_lowercase();
        // SAFETY: per the function's contract.
        let crl = unsafe { with_ca(ca, |ca| Ok(ca.revoke(&serial, reason, SystemClock.now())?)) }?;
        // SAFETY: `out_crl_pem` passed `out`.
        unsafe { put(out_crl_pem, crl.to_pem().into_bytes()) };
        Ok(())
    })
}

/// Publishes a fresh CRL (valid from now); on success `*out_crl_pem` holds it.
///
/// # Safety
/// `ca` is a live CA; `out_crl_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_ca_crl(ca: *const tte_ca, out_crl_pem: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_crl_pem)?;
        // SAFETY: per the function's contract.
        let crl = unsafe { with_ca(ca, |ca| Ok(ca.publish_crl(SystemClock.now())?)) }?;
        // SAFETY: `out_crl_pem` passed `out`.
        unsafe { put(out_crl_pem, crl.to_pem().into_bytes()) };
        Ok(())
    })
}
