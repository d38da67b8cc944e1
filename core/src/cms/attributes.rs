//! The signed attributes: contentType, messageDigest, ESS signing-certificate-v2
//! (RFC 5035) and, for CAdES, signing-time.

use crate::Result;
use crate::date::Timestamp;
use crate::pki::{Certificate, DerResultExt};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use x509_cert::attr::Attribute;
use x509_cert::ext::pkix::name::GeneralName;

/// id-contentType.
pub const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
/// id-messageDigest.
pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
/// id-signingTime.
pub const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
/// id-aa-signingCertificateV2.
pub const SIGNING_CERTIFICATE_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
/// id-aa-signatureTimeStampToken.
pub const SIGNATURE_TIME_STAMP: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.14");

/// SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies … OPTIONAL }
#[derive(Clone, Debug, Sequence)]
pub struct SigningCertificateV2 {
    /// The certificates; the first is the signer's.
    pub certs: Vec<EssCertIdV2>,
}

/// ESSCertIDv2 with the default hash algorithm (SHA-256) left out.
#[derive(Clone, Debug, Sequence)]
pub struct EssCertIdV2 {
    /// SHA-256 of the certificate.
    pub cert_hash: OctetString,
    /// Issuer and serial of the certificate.
    pub issuer_serial: Option<IssuerSerial>,
}

/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
#[derive(Clone, Debug, Sequence)]
pub struct IssuerSerial {
    /// The issuer as a directory name.
    pub issuer: Vec<GeneralName>,
    /// The serial number.
    pub serial_number: x509_cert::serial_number::SerialNumber,
}

fn attribute(oid: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value]).or_malformed("attribute")? })
}

/// The signed attributes for content with SHA-256 `digest` signed by `certificate`.
pub fn signed(
    digest: &[u8; 32],
    certificate: &Certificate,
    signing_time: Option<Timestamp>,
) -> Result<SetOfVec<Attribute>> {
    let x509 = x509_cert::Certificate::from_der(certificate.to_der()).or_malformed("certificate")?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(certificate.to_der()).to_vec()).or_malformed("ESS")?,
            issuer_serial: Some(IssuerSerial {
                issuer: vec![GeneralName::DirectoryName(x509.tbs_certificate().issuer().clone())],
                serial_number: x509.tbs_certificate().serial_number().clone(),
            }),
        }],
    };
    let mut attributes = vec![
        attribute(CONTENT_TYPE, Any::encode_from(&super::ID_DATA).or_malformed("attribute")?)?,
        attribute(
            MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(digest.to_vec()).or_malformed("attribute")?)
                .or_malformed("attribute")?,
        )?,
        attribute(SIGNING_CERTIFICATE_V2, Any::encode_from(&ess).or_malformed("attribute")?)?,
    ];
    if let Some(at) = signing_time {
        let time = crate::pki::x509_time(at)?;
        attributes.push(attribute(SIGNING_TIME, Any::encode_from(&time).or_malformed("attribute")?)?);
    }
    SetOfVec::try_from(attributes).or_malformed("signed attributes")
}

/// The hash of a certificate as ESS signing-certificate-v2 carries it.
pub fn ess_hash(der: &[u8]) -> Vec<u8> {
    Sha256::digest(der).to_vec()
}

/// Decodes an ESS signing-certificate-v2 attribute value.
pub fn decode_ess(value: &Any) -> Result<SigningCertificateV2> {
    let der = value.to_der().or_malformed("ESS")?;
    SigningCertificateV2::from_der(&der).or_malformed("ESS signing-certificate-v2")
}
