//! The `Signer` trait: who makes the raw signature. A local key, an ESIGN key unlocked
//! from the key store, or something external (a callback, a remote hash-signing service,
//! an HSM) all sign through it; CMS and PDF signing never see the key itself.

use crate::Result;
use crate::pki::{Certificate, OID_EC_PUBLIC_KEY, PrivateKey};

/// The signature schemes tte produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SignatureScheme {
    /// RSA PKCS#1 v1.5 with SHA-256.
    RsaPkcs1Sha256,
    /// RSA-PSS with SHA-256, MGF1-SHA-256, 32-byte salt.
    RsaPssSha256,
    /// ECDSA on P-256 with SHA-256, DER-encoded signature.
    EcdsaP256Sha256,
}

impl SignatureScheme {
    /// The scheme for `certificate`'s key: ECDSA for P-256; for RSA, PSS when `pss`, else
    /// PKCS#1 v1.5.
    pub fn for_certificate(certificate: &Certificate, pss: bool) -> SignatureScheme {
        match (certificate.public_key().algorithm.oid == OID_EC_PUBLIC_KEY, pss) {
            (true, _) => SignatureScheme::EcdsaP256Sha256,
            (false, true) => SignatureScheme::RsaPssSha256,
            (false, false) => SignatureScheme::RsaPkcs1Sha256,
        }
    }
}

/// Makes raw signatures over data (the DER of CMS signed attributes).
pub trait Signer: Send + Sync {
    /// The scheme of the signatures.
    fn scheme(&self) -> SignatureScheme;
    /// Signs `data` (hashing it as the scheme says).
    fn sign(&self, data: &[u8]) -> Result<Vec<u8>>;
    /// Whether [`Signer::sign`] only returns signatures that verify, so that CMS assembly
    /// may skip checking them. False unless the signer knows better (a remote service,
    /// an HSM or a callback is checked).
    fn checks_own_signatures(&self) -> bool {
        false
    }
}

/// A key in memory as a [`Signer`].
#[derive(Debug)]
pub struct KeySigner {
    key: PrivateKey,
    pss: bool,
    /// The public key, made once, for checking RSA signatures before they leave.
    public_key: std::sync::OnceLock<spki::SubjectPublicKeyInfoOwned>,
}

impl KeySigner {
    /// Signs with `key`: PKCS#1 v1.5 for RSA, ECDSA for P-256.
    pub fn new(key: PrivateKey) -> KeySigner {
        KeySigner { key, pss: false, public_key: std::sync::OnceLock::new() }
    }

    /// Signs with RSA-PSS instead of PKCS#1 v1.5 (RSA keys only).
    pub fn with_pss(mut self) -> KeySigner {
        self.pss = matches!(self.key, PrivateKey::Rsa(_));
        self
    }
}

impl Signer for KeySigner {
    fn scheme(&self) -> SignatureScheme {
        match (&self.key, self.pss) {
            (PrivateKey::Rsa(_), true) => SignatureScheme::RsaPssSha256,
            (PrivateKey::Rsa(_), false) => SignatureScheme::RsaPkcs1Sha256,
            (PrivateKey::P256(_), _) => SignatureScheme::EcdsaP256Sha256,
        }
    }

    fn sign(&self, data: &[u8]) -> Result<Vec<u8>> {
        let signature = if self.pss { self.key.sign_pss(data) } else { self.key.sign(data) }?;
        if let PrivateKey::Rsa(_) = self.key {
            // A fault in an RSA-CRT signature would leak the key: a wrong one never leaves.
            // (ECDSA signatures are not checked: no such leak, and a check costs 3 signatures.)
            let public_key = match self.public_key.get() {
                Some(known) => known,
                None => {
                    let made = self.key.public_key()?;
                    self.public_key.get_or_init(|| made)
                }
            };
            let algorithm = crate::cms::signature_algorithm(self.scheme())?;
            crate::pki::verify::verify_signature(public_key, &algorithm, data, &signature)?;
        }
        Ok(signature)
    }

    fn checks_own_signatures(&self) -> bool {
        true
    }
}
