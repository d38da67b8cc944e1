//! PDF signing and verification.

use crate::args::{bytes, from_json, optional_text, out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{Failure, guard, tte_result};
use std::ffi::c_char;
use tte_core::date::Timestamp;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::{Certificate, PathValidator, PrivateKey};
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

/// Signing options from JSON (NULL: defaults); the signing time is now unless set.
pub(crate) fn sign_options(options_json: Option<&str>) -> Result<PdfSignOptions, Failure> {
    let mut options: PdfSignOptions = options_json.map_or_else(|| Ok(PdfSignOptions::default()), from_json)?;
    options.signing_time.get_or_insert_with(|| SystemClock.now());
    Ok(options)
}

/// Signs a PDF (PAdES, incremental) with an encrypted PKCS#8 key and its certificate.
/// `chain_pem` (NULL: none) holds certificates to embed; `options_json` (NULL: defaults)
/// holds the signing options as JSON (reason, location, field_name, visible, certify, …,
/// as in the library's `PdfSignOptions`); the signing time is now unless the options set
/// `signing_time`. On success `*out_pdf` holds the signed PDF.
///
/// # Safety
/// `pdf` points to `pdf_len` readable bytes; the strings are NUL-terminated (or NULL
/// where allowed); `out_pdf` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_sign_pdf(
    pdf: *const u8,
    pdf_len: usize,
    key_pem: *const c_char,
    passphrase: *const c_char,
    cert_pem: *const c_char,
    chain_pem: *const c_char,
    options_json: *const c_char,
    out_pdf: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_pdf)?;
        // SAFETY: per the function's contract.
        let (input, key_pem, passphrase, cert_pem, chain_pem, options_json) = unsafe {
            (
                bytes(pdf, pdf_len)?,
                text(key_pem)?,
                Secret::new(text(passphrase)?),
                text(cert_pem)?,
                optional_text(chain_pem)?,
                optional_text(options_json)?,
            )
        };
        let options = sign_options(options_json)?;
        let key = PrivateKey::from_pem(key_pem, Some(&passphrase))?;
        let certificate = Certificate::from_pem(cert_pem)?;
        let chain = match chain_pem {
            Some(pem) => Certificate::parse_all(pem.as_bytes())?,
            None => Vec::new(),
        };
        let signed = pdf::sign(input, &certificate, &chain, &KeySigner::new(key), &options)?;
        // SAFETY: `out_pdf` passed `out`.
        unsafe { put(out_pdf, signed) };
        Ok(())
    })
}

/// Verifies every signature of a PDF against the trust anchors in `trust_pem` at
/// `at_unix` (seconds since 1970; 0 for now). On success `*out_json` holds the reports
/// (an array, one object per signature with `valid` and `problems`).
///
/// # Safety
/// `pdf` points to `pdf_len` readable bytes; `trust_pem` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_verify_pdf(
    pdf: *const u8,
    pdf_len: usize,
    trust_pem: *const c_char,
    at_unix: i64,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (input, trust_pem) = unsafe { (bytes(pdf, pdf_len)?, text(trust_pem)?) };
        let anchors = Certificate::parse_all(trust_pem.as_bytes())?;
        let at = if at_unix == 0 { SystemClock.now() } else { Timestamp(at_unix) };
        let reports = pdf::verify(input, &PathValidator::new(anchors), at)?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&reports)) };
        Ok(())
    })
}
