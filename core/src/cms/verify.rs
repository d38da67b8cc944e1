//! Verification of a detached CMS SignedData: the messageDigest against the content's
//! digest, the signature over the signed attributes with the signer's key, and the ESS
//! signing-certificate-v2 binding when present. Chain validation is the caller's (with
//! [`PathValidator`](crate::pki::PathValidator), at the signing or timestamp time).

use super::attributes::{
    self, CONTENT_TYPE, MESSAGE_DIGEST, SIGNATURE_TIME_STAMP, SIGNING_CERTIFICATE_V2, SIGNING_TIME,
};
use super::{ID_SIGNED_DATA, malformed};
use crate::date::Timestamp;
use crate::pki::verify::verify_signature;
use crate::pki::{Certificate, DerResultExt};
use crate::{Error, Result};
use cms::cert::CertificateChoices;
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::asn1::OctetString;
use der::{Decode, Encode};
use x509_cert::attr::Attribute;

/// What a verified CMS signature says.
#[derive(Clone, Debug)]
pub struct CmsSignature {
    /// The signer's certificate.
    pub signer: Certificate,
    /// Every certificate embedded in the SignedData.
    pub certificates: Vec<Certificate>,
    /// The signing-time attribute, if present (the signer's claim, not trusted).
    pub signing_time: Option<Timestamp>,
    /// Whether ESS signing-certificate-v2 is present (and matched the signer).
    pub ess_signing_certificate_v2: bool,
    /// The RFC 3161 signature timestamp token (unsigned attribute), DER, if present.
    pub timestamp_token: Option<Vec<u8>>,
    /// The signature value.
    pub signature: Vec<u8>,
    /// The signature algorithm's OID.
    pub signature_algorithm: String,
}

/// Verifies CMS `der` over content whose SHA-256 is `digest`.
pub fn verify_detached(der: &[u8], digest: &[u8]) -> Result<CmsSignature> {
    verify_signer(&signed_data(der)?, digest, super::ID_DATA)
}

/// The SignedData inside a ContentInfo.
pub(crate) fn signed_data(der: &[u8]) -> Result<SignedData> {
    let info = ContentInfo::from_der(der).map_err(|_| malformed())?;
    if info.content_type != ID_SIGNED_DATA {
        return Err(malformed());
    }
    info.content.decode_as().map_err(|_| malformed())
}

/// Verifies the (first) signer of `signed_data` over content of `content_type` whose
/// SHA-256 is `digest`.
pub(crate) fn verify_signer(
    signed_data: &SignedData,
    digest: &[u8],
    content_type: const_oid::ObjectIdentifier,
) -> Result<CmsSignature> {
    let certificates: Vec<Certificate> = signed_data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|choice| match choice {
            CertificateChoices::Certificate(cert) => cert.to_der().ok(),
            CertificateChoices::Other(_) => None,
        })
        .map(|der| Certificate::from_der(&der))
        .collect::<Result<_>>()?;
    let signer_info = signed_data.signer_infos.0.iter().next().ok_or_else(malformed)?;
    if signer_info.digest_alg.oid != const_oid::db::rfc5912::ID_SHA_256 {
        return Err(Error::UnsupportedAlgorithm { algorithm: format!("digest {}", signer_info.digest_alg.oid) });
    }
    let signer = find_signer(&signer_info.sid, &certificates)?;
    let attrs = signer_info
        .signed_attrs
        .as_ref()
        .ok_or(Error::UnsupportedAlgorithm { algorithm: "CMS without signed attributes".into() })?;
    let value = |oid| attrs.iter().find(|a: &&Attribute| a.oid == oid).and_then(|a| a.values.iter().next());
    let content_type_value = value(CONTENT_TYPE).ok_or_else(malformed)?;
    if content_type_value.decode_as::<const_oid::ObjectIdentifier>().ok() != Some(content_type) {
        return Err(malformed());
    }
    let message_digest: OctetString =
        value(MESSAGE_DIGEST).ok_or_else(malformed)?.decode_as().map_err(|_| malformed())?;
    if message_digest.as_bytes() != digest {
        return Err(Error::BadSignature);
    }
    let signed = attrs.to_der().or_malformed("signed attributes")?;
    verify_signature(signer.public_key(), &signer_info.signature_algorithm, &signed, signer_info.signature.as_bytes())?;
    let ess = value(SIGNING_CERTIFICATE_V2).map(attributes::decode_ess).transpose()?;
    if let Some(ess) = &ess {
        let first = ess.certs.first().ok_or_else(malformed)?;
        if first.cert_hash.as_bytes() != attributes::ess_hash(signer.to_der()) {
            return Err(Error::BadSignature);
        }
    }
    let signing_time = value(SIGNING_TIME)
        .and_then(|v| v.decode_as::<x509_cert::time::Time>().ok())
        .map(|t| Timestamp(t.to_unix_duration().as_secs() as i64));
    let timestamp_token = signer_info
        .unsigned_attrs
        .as_ref()
        .and_then(|u| u.iter().find(|a| a.oid == SIGNATURE_TIME_STAMP))
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.to_der().ok());
    Ok(CmsSignature {
        signer,
        certificates,
        signing_time,
        ess_signing_certificate_v2: ess.is_some(),
        timestamp_token,
        signature: signer_info.signature.as_bytes().to_vec(),
        signature_algorithm: signer_info.signature_algorithm.oid.to_string(),
    })
}

fn find_signer(sid: &SignerIdentifier, certificates: &[Certificate]) -> Result<Certificate> {
    let found = certificates.iter().find(|cert| {
        let Ok(x509) = x509_cert::Certificate::from_der(cert.to_der()) else { return false };
        let tbs = x509.tbs_certificate();
        match sid {
            SignerIdentifier::IssuerAndSerialNumber(isn) => {
                isn.issuer == *tbs.issuer() && isn.serial_number == *tbs.serial_number()
            }
            SignerIdentifier::SubjectKeyIdentifier(ski) => cert.subject_key_id().as_deref() == Some(ski.0.as_bytes()),
        }
    });
    found.cloned().ok_or(Error::Malformed { what: "CMS without the signer's certificate" })
}
