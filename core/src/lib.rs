#![forbid(unsafe_code)]
#![doc = include_str!("../../README.md")]

pub mod bulk;
pub mod cms;
pub mod date;
pub mod error;
pub mod fsio;
pub mod identity;
pub mod lifecycle;
pub mod passphrase;
pub mod pdf;
pub mod pki;
pub mod secret;
pub mod signer;

pub use error::{Error, Result};

/// Lower-case hexadecimal of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of `bytes`, lower-case hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Bytes of a lower-case or upper-case hex string.
pub(crate) fn unhex(text: &str) -> std::result::Result<Vec<u8>, ()> {
    if !text.len().is_multiple_of(2) {
        return Err(());
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).map_err(|_| ())).collect()
}
