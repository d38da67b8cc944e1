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
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        text.push(char::from(DIGITS[usize::from(b >> 4)]));
        text.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    text
}

/// Serde as hex strings: bytes, and certificates as the hex of their DER.
pub(crate) mod hex_serde {
    /// `Vec<u8>` as a hex string.
    pub(crate) mod bytes {
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
            s.serialize_str(&crate::hex(bytes))
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
            let text = String::deserialize(d)?;
            crate::unhex(&text).map_err(|_| serde::de::Error::custom("hex"))
        }
    }

    /// A certificate as the hex of its DER.
    pub(crate) mod certificate {
        use crate::pki::Certificate;
        use serde::{Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(cert: &Certificate, s: S) -> Result<S::Ok, S::Error> {
            super::bytes::serialize(cert.to_der(), s)
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Certificate, D::Error> {
            let der = super::bytes::deserialize(d)?;
            Certificate::from_der(&der).map_err(|_| serde::de::Error::custom("certificate"))
        }
    }

    /// Certificates as a list of the hex of their DER.
    pub(crate) mod certificates {
        use crate::pki::Certificate;
        use serde::{Deserialize, Deserializer, Serializer};

        pub(crate) fn serialize<S: Serializer>(certs: &[Certificate], s: S) -> Result<S::Ok, S::Error> {
            s.collect_seq(certs.iter().map(|c| crate::hex(c.to_der())))
        }

        pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Certificate>, D::Error> {
            let texts = Vec::<String>::deserialize(d)?;
            texts
                .iter()
                .map(|text| {
                    let der = crate::unhex(text).map_err(|_| serde::de::Error::custom("hex"))?;
                    Certificate::from_der(&der).map_err(|_| serde::de::Error::custom("certificate"))
                })
                .collect()
        }
    }
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
    let nibble = |c: u8| char::from(c).to_digit(16).map(|d| d as u8).ok_or(());
    text.as_bytes().chunks_exact(2).map(|pair| Ok(nibble(pair[0])? << 4 | nibble(pair[1])?)).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_round_trips_and_refuses_what_is_not_hex() {
        let all: Vec<u8> = (0..=255).collect();
        let text = super::hex(&all);
        assert!(text.starts_with("000102") && text.ends_with("fdfeff") && text.len() == 512);
        assert_eq!(super::unhex(&text), Ok(all.clone()));
        assert_eq!(super::unhex(&text.to_uppercase()), Ok(all));
        assert_eq!(super::unhex("abc"), Err(()));
        assert_eq!(super::unhex("0g"), Err(()));
        assert_eq!(super::unhex("+1"), Err(()));
    }
}
