//! X.509 certificates: parsing (PEM, DER, bundles) and the facts path validation needs.

use super::{DerResultExt, name, pem, verify::verify_signature};
use crate::date::Timestamp;
use crate::{Error, Result};
use der::{Decode, Encode};
use x509_cert::ext::pkix::{BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectKeyIdentifier};

/// PEM label of a certificate.
pub const CERT_LABEL: &str = "CERTIFICATE";

/// A parsed certificate with its DER encoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    inner: x509_cert::Certificate,
    der: Vec<u8>,
}

impl Certificate {
    /// Reads DER.
    pub fn from_der(der: &[u8]) -> Result<Certificate> {
        let inner = x509_cert::Certificate::from_der(der).or_malformed("certificate")?;
        Ok(Certificate { inner, der: der.to_vec() })
    }

    /// The parsed structure.
    pub(crate) fn x509(&self) -> &x509_cert::Certificate {
        &self.inner
    }

    /// Reads the first PEM `CERTIFICATE` block.
    pub fn from_pem(text: &str) -> Result<Certificate> {
        Certificate::from_der(&pem::decode(text, CERT_LABEL)?)
    }

    /// Reads every certificate in `bytes`: a PEM bundle, or one DER certificate.
    pub fn parse_all(bytes: &[u8]) -> Result<Vec<Certificate>> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => {
                let blocks = pem::decode_all(text, CERT_LABEL)?;
                if blocks.is_empty() {
                    return Err(Error::Malformed { what: "certificate bundle" });
                }
                blocks.iter().map(|der| Certificate::from_der(der)).collect()
            }
            _ => Ok(vec![Certificate::from_der(bytes)?]),
        }
    }

    pub(crate) fn from_inner(inner: x509_cert::Certificate) -> Result<Certificate> {
        let der = inner.to_der().or_malformed("certificate")?;
        Ok(Certificate { inner, der })
    }

    /// The DER encoding.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The PEM encoding.
    pub fn to_pem(&self) -> String {
        pem::encode(CERT_LABEL, &self.der)
    }

    /// Subject as an RFC 4514 string.
    pub fn subject(&self) -> String {
        self.inner.tbs_certificate().subject().to_string()
    }

    /// Issuer as an RFC 4514 string.
    pub fn issuer(&self) -> String {
        self.inner.tbs_certificate().issuer().to_string()
    }

    /// The DER of the subject name (names are compared as DER RDN sequences).
    pub fn subject_der(&self) -> Vec<u8> {
        self.inner.tbs_certificate().subject().to_der().unwrap_or_default()
    }

    /// The DER of the issuer name.
    pub fn issuer_der(&self) -> Vec<u8> {
        self.inner.tbs_certificate().issuer().to_der().unwrap_or_default()
    }

    /// The first value of subject attribute `oid` (e.g. `const_oid::db::rfc4519::CN`).
    pub fn subject_attribute(&self, oid: const_oid::ObjectIdentifier) -> Option<String> {
        name::attribute(self.inner.tbs_certificate().subject(), oid)
    }

    /// Serial number as lower-case hex without leading zero bytes.
    pub fn serial_hex(&self) -> String {
        serial_hex(self.inner.tbs_certificate().serial_number().as_bytes())
    }

    /// Start of validity.
    pub fn not_before(&self) -> Timestamp {
        Timestamp(self.inner.tbs_certificate().validity().not_before.to_unix_duration().as_secs() as i64)
    }

    /// End of validity.
    pub fn not_after(&self) -> Timestamp {
        Timestamp(self.inner.tbs_certificate().validity().not_after.to_unix_duration().as_secs() as i64)
    }

    /// Whether `at` lies within the validity period.
    pub fn is_valid_at(&self, at: Timestamp) -> bool {
        self.not_before() <= at && at <= self.not_after()
    }

    /// The subject public key.
    pub fn public_key(&self) -> &spki::SubjectPublicKeyInfoOwned {
        self.inner.tbs_certificate().subject_public_key_info()
    }

    /// The subject public key as SubjectPublicKeyInfo DER.
    pub fn public_key_der(&self) -> Vec<u8> {
        self.public_key().to_der().unwrap_or_default()
    }

    /// basicConstraints: (cA, pathLenConstraint); `None` when absent.
    pub fn basic_constraints(&self) -> Option<(bool, Option<u8>)> {
        let found = self.inner.tbs_certificate().get_extension::<BasicConstraints>().ok().flatten();
        found.map(|(_, bc)| (bc.ca, bc.path_len_constraint))
    }

    /// Whether the certificate is a CA certificate.
    pub fn is_ca(&self) -> bool {
        self.basic_constraints().is_some_and(|(ca, _)| ca)
    }

    /// keyUsage flags; `None` when absent (any use).
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.inner.tbs_certificate().get_extension::<KeyUsage>().ok().flatten().map(|(_, ku)| ku)
    }

    /// Whether keyUsage allows `usage` (absent keyUsage allows everything).
    pub fn allows(&self, usage: KeyUsages) -> bool {
        self.key_usage().is_none_or(|ku| ku.0.contains(usage))
    }

    /// extendedKeyUsage purposes (empty when absent).
    pub fn extended_key_usage(&self) -> Vec<const_oid::ObjectIdentifier> {
        let found = self.inner.tbs_certificate().get_extension::<ExtendedKeyUsage>().ok().flatten();
        found.map(|(_, eku)| eku.0).unwrap_or_default()
    }

    /// subjectKeyIdentifier, if present.
    pub fn subject_key_id(&self) -> Option<Vec<u8>> {
        let found = self.inner.tbs_certificate().get_extension::<SubjectKeyIdentifier>().ok().flatten();
        found.map(|(_, ski)| ski.0.as_bytes().to_vec())
    }

    /// The OIDs of the extensions marked critical.
    pub fn critical_extensions(&self) -> Vec<const_oid::ObjectIdentifier> {
        let extensions = self.inner.tbs_certificate().extensions();
        extensions.map(|exts| exts.iter().filter(|e| e.critical).map(|e| e.extn_id).collect()).unwrap_or_default()
    }

    /// Checks that `issuer`'s key signed this certificate.
    pub fn verify_issued_by(&self, issuer: &Certificate) -> Result<()> {
        let tbs = self.inner.tbs_certificate().to_der().or_malformed("certificate")?;
        let signature = self.inner.signature().as_bytes().ok_or(Error::BadSignature)?;
        verify_signature(issuer.public_key(), self.inner.signature_algorithm(), &tbs, signature)
    }

    /// SHA-256 of the DER, hex.
    pub fn sha256_hex(&self) -> String {
        crate::sha256_hex(&self.der)
    }
}

/// Hex of a DER INTEGER's bytes without leading zero bytes.
pub(crate) fn serial_hex(bytes: &[u8]) -> String {
    let trimmed: &[u8] = match bytes.iter().position(|b| *b != 0) {
        Some(first) => &bytes[first..],
        None => &[0],
    };
    crate::hex(trimmed)
}
