//! PKCS#10 certificate signing requests for the document-signing profile: what a LOCK
//! applicant makes offline, and the verifier's check of an uploaded one.

use super::key::{MIN_RSA_BITS, PrivateKey, rsa_bits};
use super::{DerResultExt, name, pem, verify::verify_signature};
use crate::{Error, Result};
use const_oid::db::rfc5912::RSA_ENCRYPTION;
use der::{Decode, Encode};
use x509_cert::builder::RequestBuilder;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::request::CertReq;

/// PEM label of a CSR.
pub const CSR_LABEL: &str = "CERTIFICATE REQUEST";

/// Who the certificate is for. In JSON, `serial_number` and `email` may be absent.
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct SubjectInfo {
    /// Common Name: the holder's name.
    pub common_name: String,
    /// Organization: the institution.
    pub organization: String,
    /// Optional subject serialNumber (e.g. a NIK or an internal id).
    #[serde(default)]
    pub serial_number: Option<String>,
    /// Optional e-mail, put into subjectAltName.
    #[serde(default)]
    pub email: Option<String>,
}

impl SubjectInfo {
    /// The RFC 4514 string, `CN=…,O=…,C=ID` (with `SERIALNUMBER=` first when present).
    pub fn distinguished_name(&self) -> String {
        let mut dn = String::new();
        if let Some(serial) = &self.serial_number {
            dn.push_str(&format!("serialNumber={},", name::escape(serial)));
        }
        dn.push_str(&format!("CN={},O={},C=ID", name::escape(&self.common_name), name::escape(&self.organization)));
        dn
    }
}

/// A parsed CSR.
#[derive(Clone, Debug)]
pub struct Csr {
    request: CertReq,
    der: Vec<u8>,
}

impl Csr {
    /// Builds a CSR for `subject`, self-signed with `key`.
    pub fn build(key: &PrivateKey, subject: &SubjectInfo) -> Result<Csr> {
        let name = name::parse(&subject.distinguished_name())?;
        let mut builder = RequestBuilder::new(name).or_malformed("subject")?;
        if let Some(email) = &subject.email {
            let ia5 = der::asn1::Ia5String::new(email).or_malformed("e-mail")?;
            builder.add_extension(&SubjectAltName(vec![GeneralName::Rfc822Name(ia5)])).or_malformed("e-mail")?;
        }
        let request = key.build(builder)?;
        let der = request.to_der().or_malformed("CSR")?;
        Ok(Csr { request, der })
    }

    /// Reads DER.
    pub fn from_der(der: &[u8]) -> Result<Csr> {
        let request = CertReq::from_der(der).or_malformed("CSR")?;
        Ok(Csr { request, der: der.to_vec() })
    }

    /// Reads PEM (`CERTIFICATE REQUEST`).
    pub fn from_pem(text: &str) -> Result<Csr> {
        Csr::from_der(&pem::decode(text, CSR_LABEL)?)
    }

    /// Reads PEM or DER, whichever `bytes` is.
    pub fn from_bytes(bytes: &[u8]) -> Result<Csr> {
        match std::str::from_utf8(bytes) {
            Ok(text) if text.contains("-----BEGIN") => Csr::from_pem(text),
            _ => Csr::from_der(bytes),
        }
    }

    /// The DER encoding.
    pub fn to_der(&self) -> &[u8] {
        &self.der
    }

    /// The PEM encoding.
    pub fn to_pem(&self) -> String {
        pem::encode(CSR_LABEL, &self.der)
    }

    /// The subject as an RFC 4514 string.
    pub fn subject(&self) -> String {
        self.request.info.subject.to_string()
    }

    /// The first value of the subject attribute `oid`.
    pub fn subject_attribute(&self, oid: const_oid::ObjectIdentifier) -> Option<String> {
        name::attribute(&self.request.info.subject, oid)
    }

    /// The public key.
    pub fn public_key(&self) -> &spki::SubjectPublicKeyInfoOwned {
        &self.request.info.public_key
    }

    /// Checks the self-signature (proof of possession of the key).
    pub fn verify_signature(&self) -> Result<()> {
        let info = self.request.info.to_der().or_malformed("CSR")?;
        let signature = self.request.signature.as_bytes().ok_or(Error::BadSignature)?;
        verify_signature(&self.request.info.public_key, &self.request.algorithm, &info, signature)
    }

    /// The verifier's check of an uploaded CSR: the signature verifies; the key is RSA of
    /// at least 2048 bits or P-256; CN and O equal the applicant's record.
    pub fn check(&self, common_name: &str, organization: &str) -> Result<()> {
        self.verify_signature()?;
        let key = &self.request.info.public_key;
        if key.algorithm.oid == RSA_ENCRYPTION {
            let bits = rsa_bits(key).ok_or(Error::Malformed { what: "RSA public key" })?;
            if bits < MIN_RSA_BITS {
                return Err(Error::WeakKey { bits });
            }
        } else if !(super::is_p256(key)) {
            return Err(Error::UnsupportedAlgorithm { algorithm: key.algorithm.oid.to_string() });
        }
        let cn = self.subject_attribute(const_oid::db::rfc4519::CN);
        let o = self.subject_attribute(const_oid::db::rfc4519::O);
        if cn.as_deref() != Some(common_name) || o.as_deref() != Some(organization) {
            return Err(Error::SubjectMismatch);
        }
        Ok(())
    }
}
