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
    if key_oid == RSA_ENCRYPTION && sig_oid == ID_RSASSA_PSS {
        let salt_len = pss_sha256_salt_len(algorithm)?;
        let key = rsa::RsaPublicKey::from_public_key_der(&key_der).or_malformed("RSA public key")?;
        let sig = rsa::pss::Signature::try_from(signature).map_err(|_| Error::BadSignature)?;
        let verifier = rsa::pss::VerifyingKey::<sha2::Sha256>::new_with_salt_len(key, salt_len);
        return verifier.verify(message, &sig).map_err(|_| Error::BadSignature);
    }
    if key_oid == RSA_ENCRYPTION {
        let key = rsa::RsaPublicKey::from_public_key_der(&key_der).or_malformed("RSA public key")?;
        let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|_| Error::BadSignature)?;
        let ok = match sig_oid {
            SHA_256_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig),
            SHA_384_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha384>::new(key).verify(message, &sig),
            SHA_512_WITH_RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha512>::new(key).verify(message, &sig),
            // CMS signers (OpenSSL among them) may name the key algorithm; the digest is then SHA-256.
            RSA_ENCRYPTION => rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key).verify(message, &sig),
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

/// id-RSASSA-PSS.
pub const ID_RSASSA_PSS: const_oid::ObjectIdentifier = const_oid::db::rfc5912::ID_RSASSA_PSS;

/// DER of RSASSA-PSS-params: SHA-256, MGF1 with SHA-256, 32-byte salt, trailer 1.
const PSS_SHA256_PARAMS: [u8; 54] = [
    0x30, 0x34, 0xa0, 0x0f, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
    0xa1, 0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06, 0x09,
    0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, 0x20,
];

/// The signature algorithm identifier of RSA-PSS with SHA-256 (as [`PrivateKey::sign_pss`](super::PrivateKey::sign_pss) signs).
pub fn pss_sha256_algorithm() -> Result<AlgorithmIdentifierOwned> {
    let params = <der::Any as der::Decode>::from_der(&PSS_SHA256_PARAMS).or_malformed("PSS parameters")?;
    Ok(AlgorithmIdentifierOwned { oid: ID_RSASSA_PSS, parameters: Some(params) })
}

/// RSASSA-PSS-params (RFC 4055); absent fields take their defaults.
#[derive(der::Sequence)]
struct PssParams {
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    hash: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "1", tag_mode = "EXPLICIT", optional = "true")]
    mask_gen: Option<AlgorithmIdentifierOwned>,
    #[asn1(context_specific = "2", tag_mode = "EXPLICIT", optional = "true")]
    salt_len: Option<u32>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    trailer: Option<u32>,
}

/// The salt length of PSS parameters that use SHA-256 for the hash and for MGF1.
fn pss_sha256_salt_len(algorithm: &AlgorithmIdentifierOwned) -> Result<usize> {
    let unsupported = || Error::UnsupportedAlgorithm { algorithm: "RSA-PSS other than SHA-256 / MGF1-SHA-256".into() };
    let der = algorithm.parameters.as_ref().ok_or_else(unsupported)?.to_der().or_malformed("PSS parameters")?;
    let params = <PssParams as der::Decode>::from_der(&der).or_malformed("PSS parameters")?;
    let sha256 = const_oid::db::rfc5912::ID_SHA_256;
    let hash_ok = params.hash.as_ref().is_some_and(|h| h.oid == sha256);
    let mgf_hash = params
        .mask_gen
        .as_ref()
        .filter(|m| m.oid == const_oid::db::rfc5912::ID_MGF_1)
        .and_then(|m| m.parameters.as_ref())
        .and_then(|p| p.decode_as::<AlgorithmIdentifierOwned>().ok());
    if !hash_ok || mgf_hash.map(|h| h.oid) != Some(sha256) || params.trailer.unwrap_or(1) != 1 {
        return Err(unsupported());
    }
    Ok(params.salt_len.unwrap_or(20) as usize)
}
