//! PEM armour: one block, any block, or all blocks of a bundle.

use crate::{Error, Result};

/// Encodes `der` as a PEM block with `label` (LF line endings, 64 columns).
pub fn encode(label: &str, der: &[u8]) -> String {
    der::pem::encode_string(label, der::pem::LineEnding::LF, der).unwrap_or_default()
}

/// Decodes the first PEM block, whatever its label.
pub fn decode_any(text: &str) -> Result<(String, Vec<u8>)> {
    let (label, der) =
        der::pem::decode_vec(text.trim_start().as_bytes()).map_err(|_| Error::Malformed { what: "PEM" })?;
    Ok((label.to_string(), der))
}

/// Decodes the first PEM block, which must carry `label`.
pub fn decode(text: &str, label: &'static str) -> Result<Vec<u8>> {
    let (found, der) = decode_any(text)?;
    if found != label {
        return Err(Error::WrongPemLabel { expected: label, found });
    }
    Ok(der)
}

/// Every block with `label` in a bundle (other blocks are skipped).
pub fn decode_all(text: &str, label: &'static str) -> Result<Vec<Vec<u8>>> {
    let end = format!("-----END {label}-----");
    let begin = format!("-----BEGIN {label}-----");
    let mut blocks = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&begin) {
        let after = &rest[start..];
        let stop = after.find(&end).ok_or(Error::Malformed { what: "PEM" })? + end.len();
        blocks.push(decode(&after[..stop], label)?);
        rest = &after[stop..];
    }
    Ok(blocks)
}
