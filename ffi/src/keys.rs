//! Keys and CSRs.

use crate::args::{bytes, from_json, invalid, out, put, text};
use crate::bytes::tte_bytes;
use crate::error::{guard, tte_result};
use std::ffi::c_char;
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{Csr, Kdf, KeyAlgorithm, PrivateKey, SubjectInfo};
use tte_core::secret::Secret;
use tte_core::signer::{KeySigner, Signer};

/// Generates a key ("rsa2048", "rsa3072", "rsa4096", "p256"); on success `*out_pem`
/// holds it as encrypted PKCS#8 PEM under `passphrase` (which must pass the policy).
///
/// # Safety
/// `algorithm` and `passphrase` are NUL-terminated strings; `out_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_key_generate(
    algorithm: *const c_char,
    passphrase: *const c_char,
    out_pem: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_pem)?;
        // SAFETY: per the function's contract.
        let (algorithm, passphrase) = unsafe { (text(algorithm)?, Secret::new(text(passphrase)?)) };
        let algorithm = KeyAlgorithm::from_name(algorithm)
            .map_err(|_| invalid("Algoritma kunci tidak dikenal", "Unknown key algorithm"))?;
        let key = PrivateKey::generate(algorithm)?;
        let pem = key.to_encrypted_pem(&passphrase, Kdf::SCRYPT, &PassphrasePolicy::default(), &Holder::default())?;
        // SAFETY: `out_pem` passed `out`.
        unsafe { put(out_pem, pem.as_bytes().to_vec()) };
        Ok(())
    })
}

/// Signs `data` with an encrypted PKCS#8 key: RSA PKCS#1 v1.5 (or RSA-PSS when `pss` is
/// true) or ECDSA P-256, all over SHA-256. On success `*out_signature` holds the raw
/// signature (DER for ECDSA): what `tte_pdf_finish` takes for `tte_pdf_prepare`'s bytes.
///
/// # Safety
/// `key_pem` and `passphrase` are NUL-terminated; `data` points to `data_len` readable
/// bytes; `out_signature` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_key_sign(
    key_pem: *const c_char,
    passphrase: *const c_char,
    pss: bool,
    data: *const u8,
    data_len: usize,
    out_signature: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_signature)?;
        // SAFETY: per the function's contract.
        let (key_pem, passphrase, data) =
            unsafe { (text(key_pem)?, Secret::new(text(passphrase)?), bytes(data, data_len)?) };
        let signer = KeySigner::new(PrivateKey::from_pem(key_pem, Some(&passphrase))?);
        let signature = if pss { signer.with_pss() } else { signer }.sign(data)?;
        // SAFETY: `out_signature` passed `out`.
        unsafe { put(out_signature, signature) };
        Ok(())
    })
}

/// Builds a CSR signed with an encrypted PKCS#8 key for `subject_json`
/// (`{"common_name", "organization", "serial_number"?, "email"?}`; C=ID). On success
/// `*out_pem` holds the CSR as PEM.
///
/// # Safety
/// The strings are NUL-terminated; `out_pem` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_csr_create(
    key_pem: *const c_char,
    passphrase: *const c_char,
    subject_json: *const c_char,
    out_pem: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_pem)?;
        // SAFETY: per the function's contract.
        let (key_pem, passphrase, subject) =
            unsafe { (text(key_pem)?, Secret::new(text(passphrase)?), from_json::<SubjectInfo>(text(subject_json)?)?) };
        let key = PrivateKey::from_pem(key_pem, Some(&passphrase))?;
        let csr = Csr::build(&key, &subject)?;
        // SAFETY: `out_pem` passed `out`.
        unsafe { put(out_pem, csr.to_pem().into_bytes()) };
        Ok(())
    })
}
