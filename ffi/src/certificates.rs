//! Reading certificates.

use crate::args::{out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{guard, tte_result};
use serde::Serialize;
use std::ffi::c_char;
use tte_core::pki::Certificate;

/// What `tte_certificate_info` reports.
#[derive(Serialize)]
struct CertificateInfo {
    serial: String,
    subject: String,
    issuer: String,
    not_before: i64,
    not_after: i64,
    is_ca: bool,
    sha256: String,
}

/// Reads a PEM certificate; on success `*out_json` holds `{"serial" (hex), "subject",
/// "issuer", "not_before", "not_after" (seconds since 1970), "is_ca", "sha256"}`.
///
/// # Safety
/// `cert_pem` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_certificate_info(cert_pem: *const c_char, out_json: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let cert = Certificate::from_pem(unsafe { text(cert_pem) }?)?;
        let info = CertificateInfo {
            serial: cert.serial_hex(),
            subject: cert.subject(),
            issuer: cert.issuer(),
            not_before: cert.not_before().0,
            not_after: cert.not_after().0,
            is_ca: cert.is_ca(),
            sha256: cert.sha256_hex(),
        };
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&info)) };
        Ok(())
    })
}
