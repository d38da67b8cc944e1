//! Passphrase custody: the seam through which the lifecycle checks an ESIGN holder's
//! passphrase. The embedded default keeps salted PBKDF2-HMAC-SHA256 verifiers, never the
//! passphrases; the server-side key store plugs in here too.

use crate::secret::{Secret, fill_random};
use crate::{Error, Result, hex};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::collections::BTreeMap;

/// Holds what is needed to check each account's passphrase.
pub trait KeyCustody: Send {
    /// Sets (or replaces) the passphrase of `account`.
    fn enroll(&mut self, account: &str, passphrase: &Secret) -> Result<()>;
    /// Whether `passphrase` is the one of `account` (false when none is enrolled).
    fn verify(&self, account: &str, passphrase: &Secret) -> Result<bool>;
}

/// A salted PBKDF2-HMAC-SHA256 verifier of one passphrase.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Verifier {
    salt: String,
    iterations: u32,
    digest: String,
}

/// The embedded custody: PBKDF2-HMAC-SHA256 verifiers per account, serializable to JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphraseVerifiers {
    iterations: u32,
    entries: BTreeMap<String, Verifier>,
}

/// OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256.
pub const DEFAULT_PBKDF2_ITERATIONS: u32 = 600_000;

impl PassphraseVerifiers {
    /// Custody deriving with `iterations` rounds (at least 1,000).
    pub fn new(iterations: u32) -> PassphraseVerifiers {
        PassphraseVerifiers { iterations: iterations.max(1_000), entries: BTreeMap::new() }
    }

    fn derive(passphrase: &Secret, salt: &[u8], iterations: u32) -> [u8; 32] {
        let mut out = [0u8; 32];
        pbkdf2::pbkdf2_hmac::<Sha256>(passphrase.expose().as_bytes(), salt, iterations, &mut out);
        out
    }
}

impl Default for PassphraseVerifiers {
    fn default() -> PassphraseVerifiers {
        PassphraseVerifiers::new(DEFAULT_PBKDF2_ITERATIONS)
    }
}

impl KeyCustody for PassphraseVerifiers {
    fn enroll(&mut self, account: &str, passphrase: &Secret) -> Result<()> {
        let mut salt = [0u8; 16];
        fill_random(&mut salt)?;
        let digest = Self::derive(passphrase, &salt, self.iterations);
        let verifier = Verifier { salt: hex(&salt), iterations: self.iterations, digest: hex(&digest) };
        self.entries.insert(account.to_string(), verifier);
        Ok(())
    }

    fn verify(&self, account: &str, passphrase: &Secret) -> Result<bool> {
        let Some(verifier) = self.entries.get(account) else { return Ok(false) };
        let salt = crate::unhex(&verifier.salt).map_err(|_| Error::Serialization { detail: "salt".into() })?;
        let digest = hex(&Self::derive(passphrase, &salt, verifier.iterations));
        // Constant-time comparison of equal-length hex strings.
        let diff = digest.bytes().zip(verifier.digest.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b));
        Ok(diff == 0 && digest.len() == verifier.digest.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verifies_only_the_enrolled_passphrase_and_stores_no_passphrase() {
        let mut custody = PassphraseVerifiers::new(1_000);
        let right = Secret::new("Kopi#Tubruk8");
        custody.enroll("AKUN-000001", &right).unwrap();
        assert!(custody.verify("AKUN-000001", &right).unwrap());
        assert!(!custody.verify("AKUN-000001", &Secret::new("Kopi#Tubruk9")).unwrap());
        assert!(!custody.verify("AKUN-000002", &right).unwrap());
        let json = serde_json::to_string(&custody).unwrap();
        assert!(!json.contains("Kopi"));
        custody.enroll("AKUN-000001", &Secret::new("Teh#Manis77")).unwrap();
        assert!(!custody.verify("AKUN-000001", &right).unwrap());
    }

    #[test]
    fn pbkdf2_matches_the_rfc_7914_vector() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256("passwd", "salt", 1, 64), first 32 bytes.
        let out = PassphraseVerifiers::derive(&Secret::new("passwd"), b"salt", 1);
        assert_eq!(hex(&out), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc");
    }
}
