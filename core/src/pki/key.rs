//! Private keys: RSA 2048/3072/4096 and ECDSA P-256; plain and encrypted PKCS#8 (PBES2
//! with scrypt or PBKDF2-HMAC-SHA256, AES-256-CBC) in DER and PEM; signing.

use super::{DerResultExt, rng};
use crate::passphrase::{Holder, PassphrasePolicy};
use crate::secret::Secret;
use crate::{Error, Result};
use const_oid::db::rfc5912::{ID_EC_PUBLIC_KEY, RSA_ENCRYPTION, SECP_256_R_1};
use der::{Decode, Encode};
use pkcs8::{DecodePrivateKey, EncodePrivateKey, EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef, pkcs5::pbes2};
use rsa::RsaPrivateKey;
use rsa::traits::PublicKeyParts;
use sha2::Sha256;
use signature::{SignatureEncoding, Signer};
use spki::{EncodePublicKey, SubjectPublicKeyInfoOwned};
use zeroize::Zeroizing;

/// Key algorithms tte generates and accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum KeyAlgorithm {
    /// RSA, 2048-bit modulus (BSrE's personal certificates).
    Rsa2048,
    /// RSA, 3072-bit modulus.
    Rsa3072,
    /// RSA, 4096-bit modulus (CA keys).
    Rsa4096,
    /// ECDSA on NIST P-256.
    P256,
}

impl KeyAlgorithm {
    /// The name used on the command line: rsa2048, rsa3072, rsa4096, p256.
    pub fn name(self) -> &'static str {
        match self {
            KeyAlgorithm::Rsa2048 => "rsa2048",
            KeyAlgorithm::Rsa3072 => "rsa3072",
            KeyAlgorithm::Rsa4096 => "rsa4096",
            KeyAlgorithm::P256 => "p256",
        }
    }

    /// Parses [`KeyAlgorithm::name`].
    pub fn from_name(name: &str) -> Result<KeyAlgorithm> {
        [KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072, KeyAlgorithm::Rsa4096, KeyAlgorithm::P256]
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| Error::UnsupportedAlgorithm { algorithm: name.to_string() })
    }
}

/// How an encrypted PKCS#8 key derives its encryption key from the passphrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kdf {
    /// scrypt with cost log₂N (r = 8, p = 1); see [`Kdf::SCRYPT`].
    Scrypt {
        /// log₂ of the CPU/memory cost N.
        log_n: u8,
    },
    /// PBKDF2-HMAC-SHA256; see [`Kdf::PBKDF2`].
    Pbkdf2 {
        /// Iteration count.
        iterations: u32,
    },
}

impl Kdf {
    /// scrypt log₂N = 14, r = 8, p = 1: the strongest setting OpenSSL 3 opens with its default memory limit.
    pub const SCRYPT: Kdf = Kdf::Scrypt { log_n: 14 };
    /// PBKDF2-HMAC-SHA256 with 600,000 iterations (OWASP 2023).
    pub const PBKDF2: Kdf = Kdf::Pbkdf2 { iterations: 600_000 };

    fn parameters(self) -> Result<pbes2::Parameters> {
        let mut salt = [0u8; 16];
        let mut iv = [0u8; 16];
        crate::secret::fill_random(&mut salt)?;
        crate::secret::fill_random(&mut iv)?;
        let invalid = |_| Error::UnsupportedAlgorithm { algorithm: format!("{self:?}") };
        match self {
            Kdf::Scrypt { log_n } => {
                let params = pkcs8::pkcs5::scrypt::Params::new(log_n, 8, 1)
                    .map_err(|_| Error::UnsupportedAlgorithm { algorithm: format!("{self:?}") })?;
                pbes2::Parameters::generate_scrypt_aes256cbc(params, &salt, iv).map_err(invalid)
            }
            Kdf::Pbkdf2 { iterations } => {
                pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(iterations, &salt, iv).map_err(invalid)
            }
        }
    }
}

/// The most PBKDF2 rounds a file may ask for (8× OWASP's 600,000): a hostile key file
/// must not keep a signing server busy for minutes.
pub const MAX_PBKDF2_ITERATIONS: u32 = 5_000_000;

/// The most memory scrypt parameters in a file may ask for (128·N·r·p bytes).
pub const MAX_SCRYPT_MEMORY: u64 = 256 * 1024 * 1024;

/// Refuses a password-based encryption whose key derivation costs more than the limits.
pub(crate) fn check_kdf_cost(scheme: &pkcs8::pkcs5::EncryptionScheme) -> Result<()> {
    use pkcs8::pkcs5::pbes2::Kdf as FileKdf;
    let too_costly = |what: String| Err(Error::UnsupportedAlgorithm { algorithm: what });
    match scheme.pbes2().map(|params| &params.kdf) {
        Some(FileKdf::Pbkdf2(params)) if params.iteration_count > MAX_PBKDF2_ITERATIONS => {
            too_costly(format!("PBKDF2 with {} iterations", params.iteration_count))
        }
        Some(FileKdf::Scrypt(params)) => {
            let memory = 128u64
                .saturating_mul(params.cost_parameter)
                .saturating_mul(u64::from(params.block_size))
                .saturating_mul(u64::from(params.parallelization));
            if memory > MAX_SCRYPT_MEMORY { too_costly(format!("scrypt needing {memory} bytes")) } else { Ok(()) }
        }
        _ => Ok(()),
    }
}

/// Smallest RSA modulus accepted.
pub const MIN_RSA_BITS: usize = 2048;

/// A private key. Its memory is wiped when dropped; `Debug` shows only the algorithm.
#[derive(Clone)]
pub enum PrivateKey {
    /// An RSA key.
    Rsa(Box<RsaPrivateKey>),
    /// An ECDSA P-256 key.
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({:?})", self.algorithm())
    }
}

impl PrivateKey {
    /// Generates a new key from the operating system's random source.
    pub fn generate(algorithm: KeyAlgorithm) -> Result<PrivateKey> {
        let bits = match algorithm {
            KeyAlgorithm::Rsa2048 => 2048,
            KeyAlgorithm::Rsa3072 => 3072,
            KeyAlgorithm::Rsa4096 => 4096,
            KeyAlgorithm::P256 => {
                use p256::elliptic_curve::Generate;
                return Ok(PrivateKey::P256(p256::ecdsa::SigningKey::generate_from_rng(&mut rng())));
            }
        };
        let key = RsaPrivateKey::new(&mut rng(), bits).map_err(|_| Error::Random)?;
        Ok(PrivateKey::Rsa(Box::new(key)))
    }

    /// The algorithm (RSA by modulus size).
    pub fn algorithm(&self) -> KeyAlgorithm {
        match self {
            PrivateKey::Rsa(key) => match key.size() * 8 {
                bits if bits >= 4096 => KeyAlgorithm::Rsa4096,
                bits if bits >= 3072 => KeyAlgorithm::Rsa3072,
                _ => KeyAlgorithm::Rsa2048,
            },
            PrivateKey::P256(_) => KeyAlgorithm::P256,
        }
    }

    /// The public key as SubjectPublicKeyInfo.
    pub fn public_key(&self) -> Result<SubjectPublicKeyInfoOwned> {
        let der = self.public_key_der()?;
        SubjectPublicKeyInfoOwned::from_der(&der).or_malformed("public key")
    }

    /// The public key as SubjectPublicKeyInfo DER.
    pub fn public_key_der(&self) -> Result<Vec<u8>> {
        let doc = match self {
            PrivateKey::Rsa(key) => key.to_public_key().to_public_key_der(),
            PrivateKey::P256(key) => key.verifying_key().to_public_key_der(),
        };
        Ok(doc.or_malformed("public key")?.into_vec())
    }

    /// Unencrypted PKCS#8 DER (for sealing inside other containers; never written as is).
    pub(crate) fn to_pkcs8_der(&self) -> Result<Zeroizing<Vec<u8>>> {
        let doc = match self {
            PrivateKey::Rsa(key) => key.to_pkcs8_der(),
            PrivateKey::P256(key) => key.to_pkcs8_der(),
        };
        Ok(Zeroizing::new(doc.or_malformed("private key")?.as_bytes().to_vec()))
    }

    /// Reads unencrypted PKCS#8 DER (as `openssl genpkey` writes); RSA below 2048 bits is refused.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<PrivateKey> {
        let info = PrivateKeyInfoRef::from_der(der).or_malformed("PKCS#8 private key")?;
        let oid = info.algorithm.oid;
        if oid == RSA_ENCRYPTION {
            let key = RsaPrivateKey::from_pkcs8_der(der).or_malformed("RSA private key")?;
            let bits = key.size() * 8;
            if bits < MIN_RSA_BITS {
                return Err(Error::WeakKey { bits });
            }
            return Ok(PrivateKey::Rsa(Box::new(key)));
        }
        let curve = info.algorithm.parameters_oid().ok();
        if oid == ID_EC_PUBLIC_KEY && curve == Some(SECP_256_R_1) {
            let key = p256::ecdsa::SigningKey::from_pkcs8_der(der).or_malformed("P-256 private key")?;
            return Ok(PrivateKey::P256(key));
        }
        let name = curve.map_or_else(|| oid.to_string(), |c| format!("{oid} / {c}"));
        Err(Error::UnsupportedAlgorithm { algorithm: name })
    }

    /// Encrypted PKCS#8 DER under `passphrase`, which must pass `policy` for `holder`.
    pub fn to_encrypted_der(
        &self,
        passphrase: &Secret,
        kdf: Kdf,
        policy: &PassphrasePolicy,
        holder: &Holder<'_>,
    ) -> Result<Zeroizing<Vec<u8>>> {
        policy.check(passphrase.expose(), holder)?;
        self.seal(passphrase, kdf)
    }

    /// Encrypted PKCS#8 DER under a secret the caller vouches for (a random recovery secret).
    pub(crate) fn seal(&self, passphrase: &Secret, kdf: Kdf) -> Result<Zeroizing<Vec<u8>>> {
        let params = kdf.parameters()?;
        let plain = self.to_pkcs8_der()?;
        let info = PrivateKeyInfoRef::from_der(&plain).or_malformed("private key")?;
        let doc = info.encrypt_with_params(params, passphrase.expose().as_bytes()).or_malformed("private key")?;
        Ok(Zeroizing::new(doc.as_bytes().to_vec()))
    }

    /// Encrypted PKCS#8 PEM (`ENCRYPTED PRIVATE KEY`).
    pub fn to_encrypted_pem(
        &self,
        passphrase: &Secret,
        kdf: Kdf,
        policy: &PassphrasePolicy,
        holder: &Holder<'_>,
    ) -> Result<Zeroizing<String>> {
        let der = self.to_encrypted_der(passphrase, kdf, policy, holder)?;
        Ok(Zeroizing::new(super::pem::encode(ENCRYPTED_LABEL, &der)))
    }

    /// Decrypts encrypted PKCS#8 DER. A wrong passphrase is [`Error::WrongPassphrase`];
    /// a key derivation costlier than [`MAX_PBKDF2_ITERATIONS`] or [`MAX_SCRYPT_MEMORY`]
    /// is refused before any work ([`Error::UnsupportedAlgorithm`]).
    pub fn from_encrypted_der(der: &[u8], passphrase: &Secret) -> Result<PrivateKey> {
        let info = EncryptedPrivateKeyInfoRef::from_der(der).or_malformed("encrypted private key")?;
        check_kdf_cost(&info.encryption_algorithm)?;
        // A wrong passphrase passes the CBC padding check about once in 256 tries, and
        // what it decrypts to is then no DER (or no PKCS#8) at all: that is a wrong
        // passphrase too, not a damaged file.
        let plain = info.decrypt(passphrase.expose().as_bytes()).map_err(|err| match err {
            pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::DecryptFailed) | pkcs8::Error::Asn1(_) => {
                Error::WrongPassphrase { remaining_attempts: 0 }
            }
            pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::AlgorithmParametersInvalid { oid })
            | pkcs8::Error::EncryptedPrivateKey(pkcs8::pkcs5::Error::UnsupportedAlgorithm { oid }) => {
                Error::UnsupportedAlgorithm { algorithm: oid.to_string() }
            }
            _ => Error::Malformed { what: "encrypted private key" },
        })?;
        if pkcs8::PrivateKeyInfoRef::from_der(plain.as_bytes()).is_err() {
            return Err(Error::WrongPassphrase { remaining_attempts: 0 });
        }
        PrivateKey::from_pkcs8_der(plain.as_bytes())
    }

    /// Reads a PEM private key: `ENCRYPTED PRIVATE KEY` (needs the passphrase) or `PRIVATE KEY`.
    pub fn from_pem(pem: &str, passphrase: Option<&Secret>) -> Result<PrivateKey> {
        let (label, der) = super::pem::decode_any(pem)?;
        let der = Zeroizing::new(der);
        match (label.as_str(), passphrase) {
            (ENCRYPTED_LABEL, Some(pass)) => PrivateKey::from_encrypted_der(&der, pass),
            (ENCRYPTED_LABEL, None) => Err(Error::WrongPassphrase { remaining_attempts: 0 }),
            (PLAIN_LABEL, _) => PrivateKey::from_pkcs8_der(&der),
            (other, _) => Err(Error::WrongPemLabel { expected: ENCRYPTED_LABEL, found: other.to_string() }),
        }
    }

    /// The signature algorithm of [`PrivateKey::sign`]: sha256WithRSAEncryption or ecdsa-with-SHA256.
    pub fn signature_algorithm(&self) -> spki::AlgorithmIdentifierOwned {
        match self {
            PrivateKey::Rsa(_) => spki::AlgorithmIdentifierOwned {
                oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
                parameters: Some(der::asn1::Null.into()),
            },
            PrivateKey::P256(_) => {
                spki::AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256, parameters: None }
            }
        }
    }

    /// Signs an x509-cert builder (certificate or CSR) with this key.
    pub(crate) fn build<B: x509_cert::builder::Builder>(&self, builder: B) -> Result<B::Output> {
        let built = match self {
            PrivateKey::Rsa(key) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.as_ref().clone());
                builder.build::<_, rsa::pkcs1v15::Signature>(&signer)
            }
            PrivateKey::P256(key) => builder.build::<_, p256::ecdsa::DerSignature>(key),
        };
        built.map_err(|_| Error::BadSignature)
    }

    /// Signs `message` with RSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt); RSA keys only.
    pub fn sign_pss(&self, message: &[u8]) -> Result<Vec<u8>> {
        match self {
            PrivateKey::Rsa(key) => {
                use signature::RandomizedSigner;
                let signer = rsa::pss::SigningKey::<Sha256>::new(key.as_ref().clone());
                let sig: rsa::pss::Signature =
                    signer.try_sign_with_rng(&mut rng(), message).map_err(|_| Error::BadSignature)?;
                Ok(sig.to_vec())
            }
            PrivateKey::P256(_) => Err(Error::UnsupportedAlgorithm { algorithm: "RSA-PSS with an EC key".into() }),
        }
    }

    /// Signs `message`: RSA PKCS#1 v1.5 with SHA-256, or ECDSA P-256 with SHA-256 (DER signature).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>> {
        match self {
            PrivateKey::Rsa(key) => {
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.as_ref().clone());
                let sig: rsa::pkcs1v15::Signature = signer.try_sign(message).map_err(|_| Error::BadSignature)?;
                Ok(sig.to_vec())
            }
            PrivateKey::P256(key) => {
                let sig: p256::ecdsa::DerSignature = key.try_sign(message).map_err(|_| Error::BadSignature)?;
                Ok(sig.to_vec())
            }
        }
    }
}

/// PEM label of encrypted PKCS#8.
pub const ENCRYPTED_LABEL: &str = "ENCRYPTED PRIVATE KEY";
/// PEM label of unencrypted PKCS#8.
pub const PLAIN_LABEL: &str = "PRIVATE KEY";

/// Length in bits of the RSA modulus in an SPKI, for key-size policies.
pub(crate) fn rsa_bits(spki: &SubjectPublicKeyInfoOwned) -> Option<usize> {
    use spki::DecodePublicKey;
    let der = spki.to_der().ok()?;
    rsa::RsaPublicKey::from_public_key_der(&der).ok().map(|k| k.size() * 8)
}
