//! Certificate profiles for x509-cert's builder: the local CA's root and issuing CA, and
//! the document-signing profile of personal certificates (as BSrE issues them: key usage
//! digitalSignature + nonRepudiation, critical; EKU Adobe Authentic Documents and
//! e-mail protection; the holder's e-mail in subjectAltName).

use const_oid::ObjectIdentifier;
use der::asn1::{Ia5String, OctetString};
use spki::SubjectPublicKeyInfoRef;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::certificate::TbsCertificate;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{
    AuthorityKeyIdentifier, BasicConstraints, ExtendedKeyUsage, KeyUsage, KeyUsages, SubjectAltName,
    SubjectKeyIdentifier,
};
use x509_cert::ext::{Extension, ToExtension};
use x509_cert::name::Name;

/// Adobe Authentic Documents Trust (id-kp of Adobe), used by BSrE personal certificates.
pub const EKU_ADOBE_AUTHENTIC_DOCUMENTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113583.1.1.5");

/// What kind of certificate a profile builds.
pub(crate) enum Profile {
    /// Self-signed root CA.
    Root { subject: Name },
    /// Issuing CA under the root; it issues end entities only (pathLen 0).
    IssuingCa { subject: Name, issuer: Name, issuer_key_id: Vec<u8> },
    /// A person's document-signing certificate.
    DocumentSigning { subject: Name, issuer: Name, issuer_key_id: Vec<u8>, email: Option<String> },
    /// A timestamp authority's certificate (RFC 3161: EKU timeStamping, critical).
    TimeStamping { subject: Name, issuer: Name, issuer_key_id: Vec<u8> },
}

impl BuilderProfile for Profile {
    fn get_issuer(&self, subject: &Name) -> Name {
        match self {
            Profile::Root { .. } => subject.clone(),
            Profile::IssuingCa { issuer, .. }
            | Profile::DocumentSigning { issuer, .. }
            | Profile::TimeStamping { issuer, .. } => issuer.clone(),
        }
    }

    fn get_subject(&self) -> Name {
        match self {
            Profile::Root { subject }
            | Profile::IssuingCa { subject, .. }
            | Profile::DocumentSigning { subject, .. }
            | Profile::TimeStamping { subject, .. } => subject.clone(),
        }
    }

    fn build_extensions(
        &self,
        spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        let mut exts: Vec<Extension> = Vec::new();
        let ski = SubjectKeyIdentifier::try_from(spk)?;
        let aki = |key_id: &[u8]| -> x509_cert::builder::Result<AuthorityKeyIdentifier> {
            Ok(AuthorityKeyIdentifier { key_identifier: Some(OctetString::new(key_id)?), ..Default::default() })
        };
        let subject = tbs.subject();
        match self {
            Profile::Root { .. } => {
                let bc = BasicConstraints { ca: true, path_len_constraint: None };
                exts.push(bc.to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
                exts.push(ku.to_extension(subject, &exts)?);
                exts.push(ski.to_extension(subject, &exts)?);
            }
            Profile::IssuingCa { issuer_key_id, .. } => {
                let bc = BasicConstraints { ca: true, path_len_constraint: Some(0) };
                exts.push(bc.to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
                exts.push(ku.to_extension(subject, &exts)?);
                exts.push(ski.to_extension(subject, &exts)?);
                exts.push(aki(issuer_key_id)?.to_extension(subject, &exts)?);
            }
            Profile::DocumentSigning { issuer_key_id, email, .. } => {
                let bc = BasicConstraints { ca: false, path_len_constraint: None };
                exts.push(bc.to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::DigitalSignature | KeyUsages::NonRepudiation);
                exts.push(ku.to_extension(subject, &exts)?);
                let eku = ExtendedKeyUsage(vec![
                    EKU_ADOBE_AUTHENTIC_DOCUMENTS,
                    const_oid::db::rfc5280::ID_KP_EMAIL_PROTECTION,
                ]);
                exts.push(eku.to_extension(subject, &exts)?);
                if let Some(email) = email {
                    let san = SubjectAltName(vec![GeneralName::Rfc822Name(Ia5String::new(email)?)]);
                    exts.push(san.to_extension(subject, &exts)?);
                }
                exts.push(ski.to_extension(subject, &exts)?);
                exts.push(aki(issuer_key_id)?.to_extension(subject, &exts)?);
            }
            Profile::TimeStamping { issuer_key_id, .. } => {
                let bc = BasicConstraints { ca: false, path_len_constraint: None };
                exts.push(bc.to_extension(subject, &exts)?);
                let ku = KeyUsage(KeyUsages::DigitalSignature.into());
                exts.push(ku.to_extension(subject, &exts)?);
                let eku = ExtendedKeyUsage(vec![const_oid::db::rfc5280::ID_KP_TIME_STAMPING]);
                let mut eku_ext = eku.to_extension(subject, &exts)?;
                eku_ext.critical = true;
                exts.push(eku_ext);
                exts.push(ski.to_extension(subject, &exts)?);
                exts.push(aki(issuer_key_id)?.to_extension(subject, &exts)?);
            }
        }
        Ok(exts)
    }
}
