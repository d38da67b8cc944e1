//! Keys.

use crate::args::{invalid, out, put, text};
use crate::bytes::tte_bytes;
use crate::error::{guard, tte_result};
use std::ffi::c_char;
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{Kdf, KeyAlgorithm, PrivateKey};
use tte_core::secret::Secret;

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
