//! A verifier office over the C ABI: the lifecycle ledger of `tte-core` on the embedded
//! authority (local CA and ESIGN key store), with requests, actions and reports as JSON.
//!
//! The JSON shapes are those of the library's types with serde's default (external)
//! tagging: an actor is `{"id": "siti@kaltimprov.go.id", "role": "Applicant"}`; a request
//! is e.g. `{"PortalRegistration": {"applicant": {...}}}`; an action is `"Approve"` or
//! e.g. `{"Return": {"reason": "..."}}`; CSRs are PEM text.

use crate::args::{bytes, from_json, optional_text, out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{Failure, guard, tte_result};
use crate::handle::{free_handle, handle_ref, lock, put_handle};
use crate::pdf::sign_options;
use std::ffi::c_char;
use std::path::Path;
use std::sync::Mutex;
use tte_core::Error;
use tte_core::lifecycle::{
    Action, Actor, AuditLog, Clock, EmbeddedAuthority, EmbeddedOptions, Ledger, LifecycleConfig, Request, SystemClock,
};
use tte_core::pdf;
use tte_core::pki::Certificate;
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

/// One verifier office: its ledger (records and audit log) and its authority. Thread-safe:
/// calls on one office from several threads are serialized.
#[allow(non_camel_case_types)]
pub struct tte_office {
    ledger: Mutex<Ledger>,
    /// The issuing CA's certificate, embedded in signatures beside the signer's.
    issuing_ca: Certificate,
}

fn config(config_json: Option<&str>) -> Result<LifecycleConfig, Failure> {
    config_json.map_or_else(|| Ok(LifecycleConfig::default()), from_json)
}

/// Writes a new office to a checked output pointer.
///
/// # Safety
/// `out_office` passed [`out`].
unsafe fn put_office(out_office: *mut *mut tte_office, ledger: Ledger, issuing_ca: Certificate) {
    // SAFETY: per the caller's contract.
    unsafe { put_handle(out_office, tte_office { ledger: Mutex::new(ledger), issuing_ca }) };
}

/// Runs `body` on the ledger of a non-NULL office.
///
/// # Safety
/// `office` is NULL or a live pointer from `tte_office_create`/`tte_office_open`.
unsafe fn with_ledger<T>(
    office: *const tte_office,
    body: impl FnOnce(&mut Ledger) -> Result<T, Failure>,
) -> Result<T, Failure> {
    // SAFETY: per the caller's contract.
    let office = unsafe { handle_ref(office) }?;
    body(&mut lock(&office.ledger))
}

/// Creates a new office: a local CA for `organization` (RSA-4096), a key store and a
/// recovery key under `authority_dir` (which must not hold one yet), all sealed with
/// `ca_passphrase`. `config_json` (NULL: defaults) holds the lifecycle settings. On
/// success `*out_office` holds the office; free it with `tte_office_free`.
///
/// # Safety
/// The strings are NUL-terminated (`config_json` may be NULL); `out_office` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_create(
    authority_dir: *const c_char,
    organization: *const c_char,
    ca_passphrase: *const c_char,
    config_json: *const c_char,
    out_office: *mut *mut tte_office,
) -> tte_result {
    guard(|| {
        out(out_office)?;
        // SAFETY: per the function's contract.
        let (dir, organization, passphrase, config_json) = unsafe {
            (text(authority_dir)?, text(organization)?, Secret::new(text(ca_passphrase)?), optional_text(config_json)?)
        };
        let config = config(config_json)?;
        let options = EmbeddedOptions::new(organization);
        let authority = EmbeddedAuthority::init(Path::new(dir), options, &passphrase, SystemClock.now())?;
        let issuing_ca = authority.ca().issuing().clone();
        // SAFETY: `out_office` passed `out`.
        unsafe { put_office(out_office, Ledger::new(config, authority), issuing_ca) };
        Ok(())
    })
}

/// Opens an office on the authority `tte_office_create` made in `authority_dir`. With
/// `log_json` (the output of `tte_office_log`; NULL: a new ledger) the records are
/// rebuilt by replaying the audit log, whose hash chain is checked first.
///
/// # Safety
/// The strings are NUL-terminated (`config_json` and `log_json` may be NULL);
/// `out_office` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_open(
    authority_dir: *const c_char,
    ca_passphrase: *const c_char,
    config_json: *const c_char,
    log_json: *const c_char,
    out_office: *mut *mut tte_office,
) -> tte_result {
    guard(|| {
        out(out_office)?;
        // SAFETY: per the function's contract.
        let (dir, passphrase, config_json, log_json) = unsafe {
            (
                text(authority_dir)?,
                Secret::new(text(ca_passphrase)?),
                optional_text(config_json)?,
                optional_text(log_json)?,
            )
        };
        let config = config(config_json)?;
        let log = log_json.map(AuditLog::from_json).transpose()?;
        let authority = EmbeddedAuthority::open(Path::new(dir), &passphrase)?;
        let issuing_ca = authority.ca().issuing().clone();
        let ledger = match log {
            Some(log) => Ledger::from_log(config, log, authority)?,
            None => Ledger::new(config, authority),
        };
        // SAFETY: `out_office` passed `out`.
        unsafe { put_office(out_office, ledger, issuing_ca) };
        Ok(())
    })
}

/// Releases an office; NULL is accepted and ignored.
///
/// # Safety
/// `office` is NULL or a pointer from `tte_office_create`/`tte_office_open`, not yet freed
/// and not in use by another thread.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_free(office: *mut tte_office) {
    // SAFETY: per the function's contract.
    unsafe { free_handle(office) };
}

/// Opens a case: `actor_json` submits `request_json`. On success `*out_json` holds the
/// outcome `{"case", "event", "notifications", "secrets"}`; `secrets` (link tokens,
/// default passwords) are handed out here once and are in no log. A refused request
/// changes nothing.
///
/// # Safety
/// `office` is a live office; the strings are NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_request(
    office: *const tte_office,
    actor_json: *const c_char,
    request_json: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (actor, request) =
            unsafe { (from_json::<Actor>(text(actor_json)?)?, from_json::<Request>(text(request_json)?)?) };
        // SAFETY: per the function's contract.
        let outcome = unsafe { with_ledger(office, |ledger| Ok(ledger.open(&actor, &request)?)) }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&outcome.handout())) };
        Ok(())
    })
}

/// Takes `action_json` on case `case_id` as `actor_json`. On success `*out_json` holds
/// the outcome as for `tte_office_request`. A refused action changes nothing.
///
/// # Safety
/// As for `tte_office_request`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_act(
    office: *const tte_office,
    actor_json: *const c_char,
    case_id: *const c_char,
    action_json: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (actor, case_id, action) = unsafe {
            (from_json::<Actor>(text(actor_json)?)?, text(case_id)?, from_json::<Action>(text(action_json)?)?)
        };
        // SAFETY: per the function's contract.
        let outcome = unsafe { with_ledger(office, |ledger| Ok(ledger.act(&actor, case_id, &action)?)) }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&outcome.handout())) };
        Ok(())
    })
}

/// Reads case `case_id`: on success `*out_json` holds it (process, state, actor, times, …).
///
/// # Safety
/// `office` is a live office; `case_id` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_case(
    office: *const tte_office,
    case_id: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let case_id = unsafe { text(case_id) }?;
        // SAFETY: per the function's contract.
        let case = unsafe { with_ledger(office, |ledger| Ok(to_json(ledger.case(case_id)?))) }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, case) };
        Ok(())
    })
}

/// The BSrE user status of the person with `nik` (e.g. `"ISSUE"`, `"NOT_REGISTERED"`), as
/// a JSON string in `*out_json`.
///
/// # Safety
/// As for `tte_office_case`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_user_status(
    office: *const tte_office,
    nik: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let nik = unsafe { text(nik) }?;
        // SAFETY: per the function's contract.
        let status = unsafe { with_ledger(office, |ledger| Ok(to_json(&ledger.user_status(nik)))) }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, status) };
        Ok(())
    })
}

/// The audit log (hash-chained events) as JSON in `*out_json`: store it, and pass it to
/// `tte_office_open` to continue.
///
/// # Safety
/// `office` is a live office; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_log(office: *const tte_office, out_json: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let log = unsafe { with_ledger(office, |ledger| Ok(ledger.log().to_json()?)) }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, log.into_bytes()) };
        Ok(())
    })
}

/// Reads certificate `serial` (hex): on success `*out_json` holds its record (account,
/// method, subject, validity, revocation) with the certificate as `pem`.
///
/// # Safety
/// `office` is a live office; `serial` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_certificate(
    office: *const tte_office,
    serial: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let serial = unsafe { text(serial) }?;
        // SAFETY: per the function's contract.
        let record = unsafe {
            with_ledger(office, |ledger| {
                Ok(to_json(ledger.records().certificates.get(serial).ok_or(Error::UnknownCertificate)?))
            })
        }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, record) };
        Ok(())
    })
}

/// Signs a PDF with the ESIGN key the office holds for certificate `serial`, unlocked by
/// its holder `actor_json` with `passphrase` (the SOP's signing guard: active certificate,
/// waiting time over, account not suspended). A wrong passphrase returns 2031 and is
/// counted in the log (at the limit the account is suspended); nothing is written.
/// `options_json` as for `tte_sign_pdf`. On success `*out_pdf` holds the signed PDF, with
/// the issuing CA's certificate embedded.
///
/// # Safety
/// `office` is a live office; `pdf` points to `pdf_len` readable bytes; the strings are
/// NUL-terminated (`options_json` may be NULL); `out_pdf` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_sign_pdf(
    office: *const tte_office,
    actor_json: *const c_char,
    serial: *const c_char,
    passphrase: *const c_char,
    pdf: *const u8,
    pdf_len: usize,
    options_json: *const c_char,
    out_pdf: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_pdf)?;
        // SAFETY: per the function's contract.
        let (office, actor, serial, passphrase, input, options_json) = unsafe {
            (
                handle_ref(office)?,
                from_json::<Actor>(text(actor_json)?)?,
                text(serial)?,
                Secret::new(text(passphrase)?),
                bytes(pdf, pdf_len)?,
                optional_text(options_json)?,
            )
        };
        let options = sign_options(options_json)?;
        let (key, certificate) = lock(&office.ledger).unlock_for_signing(&actor, serial, &passphrase)?;
        let chain = [office.issuing_ca.clone()];
        let signed = pdf::sign(input, &certificate, &chain, &KeySigner::new(key), &options)?;
        // SAFETY: `out_pdf` passed `out`.
        unsafe { put(out_pdf, signed) };
        Ok(())
    })
}

/// The certificates of account `account` (e.g. "AKUN-000001"), oldest first, as a JSON
/// array of records in `*out_json` (empty when it holds none).
///
/// # Safety
/// `office` is a live office; `account` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_office_certificates(
    office: *const tte_office,
    account: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let account = unsafe { text(account) }?;
        // SAFETY: per the function's contract.
        let list = unsafe {
            with_ledger(office, |ledger| Ok(to_json(&ledger.records().certificates_of(account).collect::<Vec<_>>())))
        }?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, list) };
        Ok(())
    })
}
