//! PDF signing and verification.

use crate::args::{bytes, from_json, optional_text, out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{Failure, guard, tte_result};
use std::ffi::c_char;
use tte_core::date::Timestamp;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions, PreparedPdf, PreparedState};
use tte_core::pki::{Certificate, PathValidator, PrivateKey};
use tte_core::secret::Secret;
use tte_core::signer::{KeySigner, SignatureScheme};

/// Signing options from JSON (NULL: defaults); the signing time is now unless set.
pub(crate) fn sign_options(options_json: Option<&str>) -> Result<PdfSignOptions, Failure> {
    let mut options: PdfSignOptions = options_json.map_or_else(|| Ok(PdfSignOptions::default()), from_json)?;
    options.signing_time.get_or_insert_with(|| SystemClock.now());
    Ok(options)
}

/// A key, its certificate, the chain to embed and the options: what one signer needs.
pub(crate) struct SigningMaterial {
    pub(crate) signer: KeySigner,
    pub(crate) certificate: Certificate,
    pub(crate) chain: Vec<Certificate>,
    pub(crate) options: PdfSignOptions,
}

/// Reads the signing arguments shared by the signing calls: an encrypted PKCS#8 key and
/// its passphrase, the certificate, the chain (may be NULL) and the options JSON (may be
/// NULL).
///
/// # Safety
/// The pointers are NUL-terminated strings, or NULL where allowed.
pub(crate) unsafe fn signing_material(
    key_pem: *const c_char,
    passphrase: *const c_char,
    cert_pem: *const c_char,
    chain_pem: *const c_char,
    options_json: *const c_char,
) -> Result<SigningMaterial, Failure> {
    // SAFETY: per the caller's contract.
    let (key_pem, passphrase, cert_pem, chain_pem, options_json) = unsafe {
        (
            text(key_pem)?,
            Secret::new(text(passphrase)?),
            text(cert_pem)?,
            optional_text(chain_pem)?,
            optional_text(options_json)?,
        )
    };
    let options = sign_options(options_json)?;
    Ok(SigningMaterial {
        signer: KeySigner::new(PrivateKey::from_pem(key_pem, Some(&passphrase))?),
        certificate: Certificate::from_pem(cert_pem)?,
        chain: chain(chain_pem)?,
        options,
    })
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
        let (input, m) = unsafe {
            (bytes(pdf, pdf_len)?, signing_material(key_pem, passphrase, cert_pem, chain_pem, options_json)?)
        };
        let signed = pdf::sign(input, &m.certificate, &m.chain, &m.signer, &m.options)?;
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

/// Two-phase signing, first half: prepares the signature of `pdf` for `cert_pem` (RSA
/// PKCS#1 v1.5, RSA-PSS when `pss`, or ECDSA by the certificate's key) without any key.
/// On success `*out_state` holds the state as JSON (small, no secret), `*out_prepared`
/// the prepared PDF (keep both for `tte_pdf_finish`) and `*out_to_be_signed` the bytes
/// the key holder signs (e.g. `tte_key_sign`).
/// `chain_pem` and `options_json` as for `tte_sign_pdf`.
///
/// # Safety
/// `pdf` points to `pdf_len` readable bytes; the strings are NUL-terminated (`chain_pem`
/// and `options_json` may be NULL); `out_state`, `out_prepared` and `out_to_be_signed`
/// are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_pdf_prepare(
    pdf: *const u8,
    pdf_len: usize,
    cert_pem: *const c_char,
    chain_pem: *const c_char,
    pss: bool,
    options_json: *const c_char,
    out_state: *mut *mut tte_bytes,
    out_prepared: *mut *mut tte_bytes,
    out_to_be_signed: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_state)?;
        out(out_prepared)?;
        out(out_to_be_signed)?;
        // SAFETY: per the function's contract.
        let (input, cert_pem, chain_pem, options_json) =
            unsafe { (bytes(pdf, pdf_len)?, text(cert_pem)?, optional_text(chain_pem)?, optional_text(options_json)?) };
        let options = sign_options(options_json)?;
        let certificate = Certificate::from_pem(cert_pem)?;
        let chain = chain(chain_pem)?;
        let scheme = SignatureScheme::for_certificate(&certificate, pss);
        let prepared = pdf::prepare(input, &certificate, &chain, scheme, &options)?;
        let to_be_signed = prepared.to_be_signed()?;
        let state = to_json(&prepared.state());
        // SAFETY: all three passed `out`.
        unsafe {
            put(out_state, state);
            put(out_prepared, prepared.prepared().to_vec());
            put(out_to_be_signed, to_be_signed);
        }
        Ok(())
    })
}

/// Two-phase signing, second half: completes `state_json` and the `prepared` PDF (both
/// from `tte_pdf_prepare`) with the key holder's raw `signature` over the bytes to sign.
/// A state that does not match the prepared PDF is refused (5013), and the signature is
/// checked against the certificate first. On success `*out_pdf` holds the signed PDF.
///
/// # Safety
/// `state_json` is NUL-terminated; `prepared` points to `prepared_len` readable bytes and
/// `signature` to `signature_len`; `out_pdf` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_pdf_finish(
    state_json: *const c_char,
    prepared: *const u8,
    prepared_len: usize,
    signature: *const u8,
    signature_len: usize,
    out_pdf: *mut *mut tte_bytes,
) -> tte_result {
    // SAFETY: per the function's contract.
    unsafe {
        finish_with(state_json, (prepared, prepared_len), (signature, signature_len), out_pdf, PreparedPdf::finish)
    }
}

/// Two-phase signing with a remote hash-signing service that returns a whole CMS
/// SignedData (DER) for the document: completes `state_json` and the `prepared` PDF with
/// `cms`, after checking that it signs this document's digest. On success `*out_pdf`
/// holds the signed PDF.
///
/// # Safety
/// As for `tte_pdf_finish`, with `cms` pointing to `cms_len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_pdf_finish_with_cms(
    state_json: *const c_char,
    prepared: *const u8,
    prepared_len: usize,
    cms: *const u8,
    cms_len: usize,
    out_pdf: *mut *mut tte_bytes,
) -> tte_result {
    // SAFETY: per the function's contract.
    unsafe { finish_with(state_json, (prepared, prepared_len), (cms, cms_len), out_pdf, PreparedPdf::finish_with_cms) }
}

/// Reads the state, the prepared PDF and the bytes, and completes the document with
/// `complete`.
///
/// # Safety
/// As for `tte_pdf_finish`.
unsafe fn finish_with(
    state_json: *const c_char,
    (prepared, prepared_len): (*const u8, usize),
    (data, data_len): (*const u8, usize),
    out_pdf: *mut *mut tte_bytes,
    complete: impl FnOnce(PreparedPdf, &[u8]) -> tte_core::Result<Vec<u8>> + std::panic::UnwindSafe,
) -> tte_result {
    guard(|| {
        out(out_pdf)?;
        // SAFETY: per the caller's contract.
        let (state, prepared, data) = unsafe {
            (from_json::<PreparedState>(text(state_json)?)?, bytes(prepared, prepared_len)?, bytes(data, data_len)?)
        };
        let signed = complete(PreparedPdf::resume(state, prepared.to_vec())?, data)?;
        // SAFETY: `out_pdf` passed `out`.
        unsafe { put(out_pdf, signed) };
        Ok(())
    })
}

/// Certificates to embed beside the signer's (none for NULL).
pub(crate) fn chain(chain_pem: Option<&str>) -> Result<Vec<Certificate>, Failure> {
    Ok(match chain_pem {
        Some(pem) => Certificate::parse_all(pem.as_bytes())?,
        None => Vec::new(),
    })
}
