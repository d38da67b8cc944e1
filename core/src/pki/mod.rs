//! Keys, CSRs, certificates, CRLs, path validation, the local CA and the ESIGN key store.

pub mod ca;
pub mod cert;
pub mod crl;
pub mod csr;
pub mod key;
pub mod keystore;
pub mod name;
pub mod path;
pub mod pem;
pub mod pkcs12;
pub mod profile;
pub mod verify;

pub use ca::{CaConfig, IssuedEntry, LocalCa};
pub use cert::Certificate;
pub use crl::{Crl, RevokedEntry};
pub use csr::{Csr, SubjectInfo};
pub use key::{Kdf, KeyAlgorithm, MAX_PBKDF2_ITERATIONS, MAX_SCRYPT_MEMORY, PrivateKey};
pub use keystore::{HolderStatus, Keystore, KeystoreConfig};
pub use path::{PathValidator, Purpose, RevocationCheck};
pub use pkcs12::Pkcs12;

use crate::{Error, Result};

/// An object identifier.
pub type Oid = const_oid::ObjectIdentifier;
/// id-ecPublicKey (1.2.840.10045.2.1).
pub const OID_EC_PUBLIC_KEY: Oid = const_oid::db::rfc5912::ID_EC_PUBLIC_KEY;
/// The commonName attribute (2.5.4.3).
pub const OID_COMMON_NAME: Oid = const_oid::db::rfc4519::CN;

/// The operating system's random source as a `CryptoRng`.
pub(crate) fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

/// Maps DER/PKCS errors to [`Error::Malformed`] naming what was being read.
pub(crate) trait DerResultExt<T> {
    /// The value, or [`Error::Malformed`] naming `what`.
    fn or_malformed(self, what: &'static str) -> Result<T>;
}

impl<T, E> DerResultExt<T> for std::result::Result<T, E> {
    fn or_malformed(self, what: &'static str) -> Result<T> {
        self.map_err(|_| Error::Malformed { what })
    }
}

/// Whether `spki` is an ECDSA key on P-256.
pub(crate) fn is_p256(spki: &spki::SubjectPublicKeyInfoOwned) -> bool {
    use const_oid::db::rfc5912::{ID_EC_PUBLIC_KEY, SECP_256_R_1};
    let curve = spki.algorithm.parameters.as_ref().and_then(|p| p.decode_as::<const_oid::ObjectIdentifier>().ok());
    spki.algorithm.oid == ID_EC_PUBLIC_KEY && curve == Some(SECP_256_R_1)
}

/// Reads a SubjectPublicKeyInfo from DER.
pub fn parse_public_key(der: &[u8]) -> Result<spki::SubjectPublicKeyInfoOwned> {
    <spki::SubjectPublicKeyInfoOwned as der::Decode>::from_der(der).or_malformed("public key")
}

/// An X.509 time: UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §4.1.2.5).
pub(crate) fn x509_time(at: crate::date::Timestamp) -> Result<x509_cert::time::Time> {
    use der::asn1::{GeneralizedTime, UtcTime};
    let duration = std::time::Duration::from_secs(at.0.max(0) as u64);
    if at.date_utc().year() < 2050 {
        Ok(x509_cert::time::Time::UtcTime(UtcTime::from_unix_duration(duration).or_malformed("time")?))
    } else {
        Ok(x509_cert::time::Time::GeneralTime(GeneralizedTime::from_unix_duration(duration).or_malformed("time")?))
    }
}
