//! Certificate revocation lists: parsing, signature check, lookup.

use super::cert::{Certificate, serial_hex};
use super::{DerResultExt, pem, verify::verify_signature};
use crate::date::Timestamp;
use crate::{Error, Result};
use der::{Decode, Encode};
use x509_cert::crl::CertificateList;
use x509_cert::ext::pkix::CrlReason;

/// PEM label of a CRL.
pub const CRL_LABEL: &str = "X509 CRL";

/// One revoked certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevokedEntry {
    /// Serial number, hex.
    pub serial: String,
    /// When it was revoked.
    pub at: Timestamp,
    /// RFC 5280 CRLReason code, if given.
    pub reason: Option<u8>,
}

/// A parsed CRL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crl {
    inner: CertificateList,
    der: Vec<u8>,
}

impl Crl {
    /// Reads DER.
    pub fn from_der(der: &[u8]) -> Result<Crl> {
        let inner = CertificateList::from_der(der).or_malformed("CRL")?;
        Ok(Crl { inner, der: der.to_vec() })
    }

    /// Reads PEM (`X509 CRL`).
    pub fn from_pem(text: &str) -> Result<Crl> {
        Crl::from_der(&pem::decode(text, CRL_LABEL)?)
    }

    /// Reads PEM or DER.
    pub fn from_bytes(bytes: &[u8]) -> Result<Crl> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => Crl::from_pem(text),
            _ => Crl::from_der(bytes),
        }
    }

    pub(crate) fn from_inner(inner: CertificateList) -> Result<Crl> {
        let der = inner.to_der().or_malformed("CRL")?;
        Ok(Crl { inner, der })
    }

    /// The DER encoding.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The PEM encoding.
    pub fn to_pem(&self) -> String {
        pem::encode(CRL_LABEL, &self.der)
    }

    /// DER of the issuer name.
    pub fn issuer_der(&self) -> Vec<u8> {
        self.inner.tbs_cert_list.issuer.to_der().unwrap_or_default()
    }

    /// thisUpdate.
    pub fn this_update(&self) -> Timestamp {
        Timestamp(self.inner.tbs_cert_list.this_update.to_unix_duration().as_secs() as i64)
    }

    /// nextUpdate, if any.
    pub fn next_update(&self) -> Option<Timestamp> {
        self.inner.tbs_cert_list.next_update.map(|t| Timestamp(t.to_unix_duration().as_secs() as i64))
    }

    /// Every revoked certificate.
    pub fn entries(&self) -> Vec<RevokedEntry> {
        let revoked = self.inner.tbs_cert_list.revoked_certificates.as_deref().unwrap_or_default();
        revoked
            .iter()
            .map(|entry| {
                let reason = entry.crl_entry_extensions.as_ref().and_then(|exts| {
                    exts.iter()
                        .find(|e| e.extn_id == const_oid::db::rfc5280::ID_CE_CRL_REASONS)
                        .and_then(|e| CrlReason::from_der(e.extn_value.as_bytes()).ok())
                        .map(|r| r as u8)
                });
                RevokedEntry {
                    serial: serial_hex(entry.serial_number.as_bytes()),
                    at: Timestamp(entry.revocation_date.to_unix_duration().as_secs() as i64),
                    reason,
                }
            })
            .collect()
    }

    /// The entry for `serial` (hex), if revoked.
    pub fn find(&self, serial: &str) -> Option<RevokedEntry> {
        self.entries().into_iter().find(|e| e.serial == serial)
    }

    /// Checks that `issuer` signed this CRL (and may sign CRLs).
    pub fn verify_issued_by(&self, issuer: &Certificate) -> Result<()> {
        if issuer.subject_der() != self.issuer_der() {
            return Err(Error::UntrustedChain);
        }
        if !issuer.allows(x509_cert::ext::pkix::KeyUsages::CRLSign) {
            return Err(Error::UsageNotPermitted { what: "cRLSign" });
        }
        let tbs = self.inner.tbs_cert_list.to_der().or_malformed("CRL")?;
        let signature = self.inner.signature.as_bytes().ok_or(Error::BadSignature)?;
        verify_signature(issuer.public_key(), &self.inner.signature_algorithm, &tbs, signature)
    }
}
