//! The local CA, the embedded default: a root and an issuing CA in a folder. It issues
//! document-signing certificates from a CSR (LOCK) or for a server-held key (ESIGN),
//! revokes with RFC 5280 reasons and publishes signed CRLs. Every file is written
//! atomically; the CA keys are stored as encrypted PKCS#8.

use super::cert::Certificate;
use super::crl::Crl;
use super::csr::{Csr, SubjectInfo};
use super::key::{Kdf, KeyAlgorithm, PrivateKey};
use super::profile::Profile;
use super::{DerResultExt, name, rng};
use crate::date::{DAY, Timestamp};
use crate::fsio::{read_text, write_atomically};
use crate::passphrase::{Holder, PassphrasePolicy};
use crate::secret::Secret;
use crate::{Error, Result};
use der::Encode;
use der::asn1::OctetString;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use x509_cert::builder::CertificateBuilder;
use x509_cert::crl::{CertificateList, RevokedCert, TbsCertList};
use x509_cert::ext::Extension;
use x509_cert::ext::pkix::{AuthorityKeyIdentifier, CrlNumber};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::Validity;

/// Settings of a new local CA.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaConfig {
    /// Organization of the CA certificates (and default of issued ones).
    pub organization: String,
    /// Common Name of the root.
    pub root_name: String,
    /// Common Name of the issuing CA.
    pub issuing_name: String,
    /// Key algorithm of both CA keys.
    pub key_algorithm: KeyAlgorithm,
    /// Validity of the root, in years.
    pub root_years: i32,
    /// Validity of the issuing CA, in years.
    pub issuing_years: i32,
    /// Validity of issued certificates, in years (BSrE: two).
    pub leaf_years: i32,
    /// Days from one CRL to the next.
    pub crl_days: i64,
    /// How the CA keys are sealed under the CA passphrase.
    pub kdf: Kdf,
}

impl CaConfig {
    /// A CA for `organization` with RSA-4096 keys, 10/5/2-year validity, weekly CRLs.
    pub fn new(organization: &str) -> CaConfig {
        CaConfig {
            organization: organization.to_string(),
            root_name: format!("{organization} Root CA (lokal)"),
            issuing_name: format!("{organization} Issuing CA (lokal)"),
            key_algorithm: KeyAlgorithm::Rsa4096,
            root_years: 10,
            issuing_years: 5,
            leaf_years: 2,
            crl_days: 7,
            kdf: Kdf::SCRYPT,
        }
    }
}

/// One issued certificate as the CA remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedEntry {
    /// Serial, hex.
    pub serial: String,
    /// Subject, RFC 4514.
    pub subject: String,
    /// End of validity.
    pub not_after: Timestamp,
    /// Revocation (time, RFC 5280 reason), if revoked.
    pub revoked: Option<(Timestamp, u8)>,
}

/// The CA's bookkeeping, `state.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct CaState {
    config: Option<CaConfig>,
    crl_number: u64,
    issued: Vec<IssuedEntry>,
}

/// File names in the CA folder.
const ROOT_CERT: &str = "root.pem";
const ROOT_KEY: &str = "root-key.pem";
const CA_CERT: &str = "ca.pem";
const CA_KEY: &str = "ca-key.pem";
const STATE: &str = "state.json";
const CRL: &str = "crl.pem";

/// A local CA opened from its folder.
pub struct LocalCa {
    dir: PathBuf,
    config: CaConfig,
    root: Certificate,
    issuing: Certificate,
    key: PrivateKey,
    state: CaState,
}

impl std::fmt::Debug for LocalCa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LocalCa({}, {})", self.dir.display(), self.issuing.subject())
    }
}

impl LocalCa {
    /// Creates a root and an issuing CA in `dir` (which must not hold a CA yet), valid from
    /// `now`; both keys are encrypted under `passphrase`, which must pass the default policy.
    pub fn init(dir: &Path, config: CaConfig, passphrase: &Secret, now: Timestamp) -> Result<LocalCa> {
        if dir.join(STATE).exists() {
            return Err(Error::Io { path: dir.display().to_string(), detail: "a CA already exists here".into() });
        }
        PassphrasePolicy::default().check(passphrase.expose(), &Holder::default())?;
        let root_key = PrivateKey::generate(config.key_algorithm)?;
        let issuing_key = PrivateKey::generate(config.key_algorithm)?;
        let root_subject = ca_name(&config.root_name, &config.organization)?;
        let issuing_subject = ca_name(&config.issuing_name, &config.organization)?;
        let root_profile = Profile::Root { subject: root_subject.clone() };
        let root = build(root_profile, &root_key, &root_key, now, config.root_years)?;
        let issuer_key_id = root.subject_key_id().ok_or(Error::Malformed { what: "root certificate" })?;
        let profile = Profile::IssuingCa { subject: issuing_subject, issuer: root_subject, issuer_key_id };
        let issuing = build(profile, &issuing_key, &root_key, now, config.issuing_years)?;
        let seal = |key: &PrivateKey| {
            key.to_encrypted_pem(passphrase, config.kdf, &PassphrasePolicy::default(), &Holder::default())
        };
        write_atomically(&dir.join(ROOT_KEY), seal(&root_key)?.as_bytes())?;
        write_atomically(&dir.join(CA_KEY), seal(&issuing_key)?.as_bytes())?;
        write_atomically(&dir.join(ROOT_CERT), root.to_pem().as_bytes())?;
        write_atomically(&dir.join(CA_CERT), issuing.to_pem().as_bytes())?;
        let state = CaState { config: Some(config.clone()), crl_number: 0, issued: Vec::new() };
        let mut ca = LocalCa { dir: dir.to_path_buf(), config, root, issuing, key: issuing_key, state };
        ca.publish_crl(now)?;
        Ok(ca)
    }

    /// Opens the CA in `dir`, unlocking the issuing key with `passphrase`.
    pub fn open(dir: &Path, passphrase: &Secret) -> Result<LocalCa> {
        let state: CaState = serde_json::from_str(&read_text(&dir.join(STATE))?)?;
        let config = state.config.clone().ok_or(Error::Malformed { what: "CA state" })?;
        let root = Certificate::from_pem(&read_text(&dir.join(ROOT_CERT))?)?;
        let issuing = Certificate::from_pem(&read_text(&dir.join(CA_CERT))?)?;
        let key = PrivateKey::from_pem(&read_text(&dir.join(CA_KEY))?, Some(passphrase))?;
        if key.public_key_der()? != issuing.public_key().to_der().or_malformed("CA certificate")? {
            return Err(Error::Malformed { what: "CA key does not match the CA certificate" });
        }
        Ok(LocalCa { dir: dir.to_path_buf(), config, root, issuing, key, state })
    }

    /// The root certificate (the trust anchor).
    pub fn root(&self) -> &Certificate {
        &self.root
    }

    /// The issuing CA certificate.
    pub fn issuing(&self) -> &Certificate {
        &self.issuing
    }

    /// The settings.
    pub fn config(&self) -> &CaConfig {
        &self.config
    }

    /// Every certificate issued, with revocations.
    pub fn issued(&self) -> &[IssuedEntry] {
        &self.state.issued
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// LOCK: issues from a CSR after the verifier's check (signature, key, CN and O).
    pub fn issue_from_csr(&mut self, csr: &Csr, subject: &SubjectInfo, now: Timestamp) -> Result<Certificate> {
        csr.check(&subject.common_name, &subject.organization)?;
        self.issue_for_public_key(csr.public_key().clone(), subject, now)
    }

    /// ESIGN: issues for a key held server-side.
    pub fn issue_for_public_key(
        &mut self,
        public_key: spki::SubjectPublicKeyInfoOwned,
        subject: &SubjectInfo,
        now: Timestamp,
    ) -> Result<Certificate> {
        let issuer_key_id = self.issuing.subject_key_id().ok_or(Error::Malformed { what: "CA certificate" })?;
        let profile = Profile::DocumentSigning {
            subject: name::parse(&subject.distinguished_name())?,
            issuer: name::parse(&self.issuing.subject())?,
            issuer_key_id,
            email: subject.email.clone(),
        };
        self.issue_leaf(profile, public_key, now)
    }

    /// Signs a leaf certificate of `profile` for `public_key` and records it.
    fn issue_leaf(
        &mut self,
        profile: Profile,
        public_key: spki::SubjectPublicKeyInfoOwned,
        now: Timestamp,
    ) -> Result<Certificate> {
        let serial = self.fresh_serial()?;
        let validity = validity(now, self.config.leaf_years)?;
        let builder = CertificateBuilder::new(profile, serial, validity, public_key).or_malformed("certificate")?;
        let cert = Certificate::from_inner(self.key.build(builder)?)?;
        self.state.issued.push(IssuedEntry {
            serial: cert.serial_hex(),
            subject: cert.subject(),
            not_after: cert.not_after(),
            revoked: None,
        });
        self.save()?;
        Ok(cert)
    }

    /// A timestamp authority's key and certificate (EKU timeStamping, critical).
    pub fn issue_timestamping(
        &mut self,
        algorithm: KeyAlgorithm,
        name: &str,
        now: Timestamp,
    ) -> Result<(PrivateKey, Certificate)> {
        let key = PrivateKey::generate(algorithm)?;
        let issuer_key_id = self.issuing.subject_key_id().ok_or(Error::Malformed { what: "CA certificate" })?;
        let subject =
            name::parse(&format!("CN={},O={},C=ID", name::escape(name), name::escape(&self.config.organization)))?;
        let profile = Profile::TimeStamping { subject, issuer: name::parse(&self.issuing.subject())?, issuer_key_id };
        let cert = self.issue_leaf(profile, key.public_key()?, now)?;
        Ok((key, cert))
    }

    /// ESIGN with a fresh key of `algorithm`: the key is returned for the key store.
    pub fn issue_with_new_key(
        &mut self,
        algorithm: KeyAlgorithm,
        subject: &SubjectInfo,
        now: Timestamp,
    ) -> Result<(PrivateKey, Certificate)> {
        let key = PrivateKey::generate(algorithm)?;
        let cert = self.issue_for_public_key(key.public_key()?, subject, now)?;
        Ok((key, cert))
    }

    /// Revokes `serial` at `at` with RFC 5280 reason `reason` (0–10 except 7), then
    /// publishes a new CRL.
    pub fn revoke(&mut self, serial: &str, reason: u8, at: Timestamp) -> Result<Crl> {
        if reason > 10 || reason == 7 {
            return Err(Error::UnsupportedAlgorithm { algorithm: format!("revocation reason {reason}") });
        }
        let entry = self.state.issued.iter_mut().find(|e| e.serial == serial).ok_or(Error::UnknownCertificate)?;
        if entry.revoked.is_some() {
            return Err(Error::CertificateNotActive);
        }
        entry.revoked = Some((at, reason));
        self.publish_crl(at)
    }

    /// Signs and writes a new CRL valid from `now` for the configured days.
    pub fn publish_crl(&mut self, now: Timestamp) -> Result<Crl> {
        self.state.crl_number += 1;
        let crl = self.sign_crl(now)?;
        self.save()?;
        write_atomically(&self.dir.join(CRL), crl.to_pem().as_bytes())?;
        Ok(crl)
    }

    /// The CRL last published.
    pub fn current_crl(&self) -> Result<Crl> {
        Crl::from_pem(&read_text(&self.dir.join(CRL))?)
    }

    /// Builds the CRL by hand: x509-cert's CrlBuilder copies the issuer's own AKI (the
    /// root's key id) into the CRL, which makes OpenSSL look for the wrong issuer.
    fn sign_crl(&self, now: Timestamp) -> Result<Crl> {
        let revoked: Vec<RevokedCert> = self
            .state
            .issued
            .iter()
            .filter_map(|e| e.revoked.map(|(at, reason)| (e, at, reason)))
            .map(|(e, at, reason)| -> Result<RevokedCert> {
                let reason_ext = Extension {
                    extn_id: const_oid::db::rfc5280::ID_CE_CRL_REASONS,
                    critical: false,
                    // ENUMERATED { reason }
                    extn_value: OctetString::new(vec![0x0a, 0x01, reason]).or_malformed("CRL")?,
                };
                Ok(RevokedCert {
                    serial_number: SerialNumber::new(&unhex(&e.serial)?).or_malformed("serial")?,
                    revocation_date: super::x509_time(at)?,
                    crl_entry_extensions: Some(vec![reason_ext]),
                })
            })
            .collect::<Result<_>>()?;
        let key_id = self.issuing.subject_key_id().ok_or(Error::Malformed { what: "CA certificate" })?;
        let aki = AuthorityKeyIdentifier {
            key_identifier: Some(OctetString::new(key_id).or_malformed("CRL")?),
            ..Default::default()
        };
        let number = CrlNumber(der::asn1::Uint::new(&self.state.crl_number.to_be_bytes()).or_malformed("CRL")?);
        let extension = |oid, value: Vec<u8>| -> Result<Extension> {
            Ok(Extension { extn_id: oid, critical: false, extn_value: OctetString::new(value).or_malformed("CRL")? })
        };
        let tbs = TbsCertList {
            version: x509_cert::Version::V2,
            signature: self.key.signature_algorithm(),
            issuer: name::parse(&self.issuing.subject())?,
            this_update: super::x509_time(now)?,
            next_update: Some(super::x509_time(now.plus(self.config.crl_days * DAY))?),
            revoked_certificates: (!revoked.is_empty()).then_some(revoked),
            crl_extensions: Some(vec![
                extension(const_oid::db::rfc5280::ID_CE_CRL_NUMBER, number.to_der().or_malformed("CRL")?)?,
                extension(const_oid::db::rfc5280::ID_CE_AUTHORITY_KEY_IDENTIFIER, aki.to_der().or_malformed("CRL")?)?,
            ]),
        };
        let signature = self.key.sign(&tbs.to_der().or_malformed("CRL")?)?;
        let list = CertificateList {
            signature_algorithm: tbs.signature.clone(),
            tbs_cert_list: tbs,
            signature: der::asn1::BitString::from_bytes(&signature).or_malformed("CRL")?,
        };
        Crl::from_inner(list)
    }

    fn fresh_serial(&self) -> Result<SerialNumber> {
        loop {
            let mut bytes = [0u8; 16];
            crate::secret::fill_random(&mut bytes)?;
            bytes[0] = (bytes[0] & 0x7f) | 0x01;
            let hex = crate::hex(&bytes);
            if !self.state.issued.iter().any(|e| e.serial == hex) {
                return SerialNumber::new(&bytes).or_malformed("serial");
            }
        }
    }

    fn save(&self) -> Result<()> {
        write_atomically(&self.dir.join(STATE), serde_json::to_string_pretty(&self.state)?.as_bytes())
    }
}

fn ca_name(common_name: &str, organization: &str) -> Result<x509_cert::name::Name> {
    name::parse(&format!("CN={},O={},C=ID", name::escape(common_name), name::escape(organization)))
}

/// A self-signed or CA-signed certificate from `profile`.
fn build(
    profile: Profile,
    subject_key: &PrivateKey,
    signer: &PrivateKey,
    now: Timestamp,
    years: i32,
) -> Result<Certificate> {
    let serial = SerialNumber::generate(&mut rng());
    let builder = CertificateBuilder::new(profile, serial, validity(now, years)?, subject_key.public_key()?)
        .or_malformed("certificate")?;
    Certificate::from_inner(signer.build(builder)?)
}

fn validity(now: Timestamp, years: i32) -> Result<Validity> {
    Ok(Validity::new(super::x509_time(now)?, super::x509_time(now.plus_years(years))?))
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    crate::unhex(text).or_malformed("serial")
}
