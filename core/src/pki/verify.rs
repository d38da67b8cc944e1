//! Signature verification for certificates, CRLs and CSRs: RSA PKCS#1 v1.5 with
//! SHA-256/384/512 and ECDSA P-256 with SHA-256.

use super::DerResultExt;
use crate::{Error, Result};
use const_oid::db::rfc5912::{
    ECDSA_WITH_SHA_256, RSA_ENCRYPTION, SHA_256_WITH_RSA_ENCRYPTION, SHA_384_WITH_RSA_ENCRYPTION,
    SHA_512_WITH_RSA_ENCRYPTION,
};
use der::Encode;
use signature::Verifier;
use spki::{AlgorithmIdentifierOwned, DecodePublicKey, SubjectPublicKeyInfoOwned};

/// Checks `signature` over `message` by the key `spki` under `algorithm`.
pub fn verify_signature(
    spki: &SubjectPublicKeyInfoOwned,
    algorithm: &AlgorithmIdentifierOwned,
    message: &[u8],
    signature: &[u8],
) -> Result<()> {
    let key_der = spki.to_der().or_malformed("public key")?;
    let key_oid = spki.algorithm.oid;
    let sig_oid = algorithm.oid;
    let unsupported = || Error::UnsupportedAlgorithm { algorithm: format!("{sig_oid} with key {key_oid}") };
    if key_oid == RSA_ENCRYPTION {
        let key = rsa::RsaPublicKey::from_public_key_der(&key_der).or_malformed("RSA public key")?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| Error::BadSignature)?;
        let ok = match sig_oid {
            SHA_256_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig),
            SHA_384_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig),
            SHA_512_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig),
            _ => return Err(unsupported()),
        };
        return ok.map_err(|_| Error::BadSignature);
    }
    if super::is_p256(spki) {
        if sig_oid != ECDSA_WITH_SHA_256 {
            return Err(unsupported());
        }
        let key = p256::ecdsa::VerifyingKey::from_public_key_der(&key_der).or_malformed("P-256 public key")?;
        let sig = p256::ecdsa::DerSignature::try_from(signature).map_err(|_| Error::BadSignature)?;
        return key.verify(message, &sig).map_err(|_| Error::BadSignature);
    }
    Err(unsupported())
}
