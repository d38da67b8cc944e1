//! The seam between the lifecycle and whoever issues certificates and holds ESIGN keys.
//! [`EmbeddedAuthority`] is the embedded default (the local CA plus the key store); an
//! institution can plug in a remote CA or an HSM by implementing [`CertificateAuthority`].
//! The ledger calls the authority only after every guard of a step has passed, so a
//! refused step never reaches it.

use crate::date::Timestamp;
use crate::fsio::{read_text, write_atomically};
use crate::passphrase::{Holder, PassphrasePolicy};
use crate::pki::{
    CaConfig, Certificate, Csr, KeyAlgorithm, Keystore, KeystoreConfig, LocalCa, PrivateKey, SubjectInfo,
};
use crate::secret::Secret;
use crate::{Error, Result};
use std::path::Path;

/// Where the certified key comes from.
#[derive(Clone, Copy, Debug)]
pub enum KeySource<'a> {
    /// LOCK: the applicant's own key, proven by the CSR.
    Csr(&'a Csr),
    /// ESIGN: the key held server-side for the account.
    HeldKey,
}

/// A certificate as the authority issued it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedCertificate {
    /// Serial number, hex.
    pub serial: String,
    /// The certificate, PEM.
    pub pem: String,
    /// Subject, RFC 4514.
    pub subject_dn: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
}

impl IssuedCertificate {
    /// The facts of a parsed certificate.
    pub fn from_certificate(cert: &Certificate) -> IssuedCertificate {
        IssuedCertificate {
            serial: cert.serial_hex(),
            pem: cert.to_pem(),
            subject_dn: cert.subject(),
            not_before: cert.not_before(),
            not_after: cert.not_after(),
        }
    }
}

/// What the lifecycle needs from a CA and a key custodian.
pub trait CertificateAuthority: Send {
    /// Issues a document-signing certificate for `account` valid from `now`.
    fn issue(
        &mut self,
        account: &str,
        subject: &SubjectInfo,
        key: KeySource<'_>,
        now: Timestamp,
    ) -> Result<IssuedCertificate>;
    /// Revokes `serial` at `at` with RFC 5280 reason `reason`.
    fn revoke(&mut self, serial: &str, reason: u8, at: Timestamp) -> Result<()>;
    /// Creates (or replaces) the ESIGN key of `account`, sealed under `passphrase`.
    fn create_held_key(&mut self, account: &str, passphrase: &Secret, holder: &Holder<'_>) -> Result<()>;
    /// Replaces a compromised ESIGN key with a new one under a random passphrase, returned once.
    fn replace_held_key(&mut self, account: &str, holder: &Holder<'_>) -> Result<Secret>;
    /// Unlocks and returns the ESIGN key of `account` ([`Error::WrongPassphrase`] or
    /// [`Error::AccountSuspended`] if not).
    fn unlock(&self, account: &str, passphrase: &Secret) -> Result<PrivateKey>;
    /// ESIGN *Change Passphrase*.
    fn change_passphrase(&mut self, account: &str, old: &Secret, new: &Secret, holder: &Holder<'_>) -> Result<()>;
    /// ESIGN *Reset Passphrase*: a random passphrase, returned once.
    fn reset_passphrase(&mut self, account: &str, holder: &Holder<'_>) -> Result<Secret>;
}

/// How to set up the embedded authority.
#[derive(Clone, Debug)]
pub struct EmbeddedOptions {
    /// The local CA's settings.
    pub ca: CaConfig,
    /// The key store's settings.
    pub keystore: KeystoreConfig,
    /// Algorithm of ESIGN keys (BSrE: RSA-2048).
    pub held_key_algorithm: KeyAlgorithm,
    /// Algorithm of the custodian's recovery key (RSA, at least 3072 bits).
    pub recovery_key_algorithm: KeyAlgorithm,
}

impl EmbeddedOptions {
    /// RSA-4096 CA keys, RSA-2048 ESIGN keys, RSA-3072 recovery key, default key store.
    pub fn new(organization: &str) -> EmbeddedOptions {
        EmbeddedOptions {
            ca: CaConfig::new(organization),
            keystore: KeystoreConfig::default(),
            held_key_algorithm: KeyAlgorithm::Rsa2048,
            recovery_key_algorithm: KeyAlgorithm::Rsa3072,
        }
    }
}

/// The local CA (in `dir/ca`) and the key store (in `dir/keystore`), with the
/// custodian's recovery key sealed under the CA passphrase (`dir/recovery-key.pem`).
pub struct EmbeddedAuthority {
    ca: LocalCa,
    keystore: Keystore,
    recovery: PrivateKey,
    held_key_algorithm: KeyAlgorithm,
}

const RECOVERY_KEY: &str = "recovery-key.pem";
const HELD_ALGORITHM: &str = "held-key-algorithm";

impl EmbeddedAuthority {
    /// Creates the CA, the key store and the recovery key under `dir`.
    pub fn init(
        dir: &Path,
        options: EmbeddedOptions,
        passphrase: &Secret,
        now: Timestamp,
    ) -> Result<EmbeddedAuthority> {
        if dir.join(RECOVERY_KEY).exists() {
            return Err(Error::Io {
                path: dir.display().to_string(),
                detail: "an authority already exists here".into(),
            });
        }
        let recovery = match options.recovery_key_algorithm {
            KeyAlgorithm::P256 => {
                return Err(Error::UnsupportedAlgorithm { algorithm: "recovery key must be RSA".into() });
            }
            rsa => PrivateKey::generate(rsa)?,
        };
        let kdf = options.ca.kdf;
        let ca = LocalCa::init(&dir.join("ca"), options.ca, passphrase, now)?;
        let keystore = Keystore::init(&dir.join("keystore"), &recovery.public_key_der()?, options.keystore)?;
        let sealed = recovery.to_encrypted_pem(passphrase, kdf, &PassphrasePolicy::default(), &Holder::default())?;
        write_atomically(&dir.join(RECOVERY_KEY), sealed.as_bytes())?;
        write_atomically(&dir.join(HELD_ALGORITHM), options.held_key_algorithm.name().as_bytes())?;
        Ok(EmbeddedAuthority::new(ca, keystore, recovery, options.held_key_algorithm))
    }

    /// Opens what [`EmbeddedAuthority::init`] created.
    pub fn open(dir: &Path, passphrase: &Secret) -> Result<EmbeddedAuthority> {
        let ca = LocalCa::open(&dir.join("ca"), passphrase)?;
        let keystore = Keystore::open(&dir.join("keystore"))?;
        let recovery = PrivateKey::from_pem(&read_text(&dir.join(RECOVERY_KEY))?, Some(passphrase))?;
        let algorithm = KeyAlgorithm::from_name(read_text(&dir.join(HELD_ALGORITHM))?.trim())?;
        Ok(EmbeddedAuthority::new(ca, keystore, recovery, algorithm))
    }

    /// An authority from its parts.
    pub fn new(
        ca: LocalCa,
        keystore: Keystore,
        recovery: PrivateKey,
        held_key_algorithm: KeyAlgorithm,
    ) -> EmbeddedAuthority {
        EmbeddedAuthority { ca, keystore, recovery, held_key_algorithm }
    }

    /// The local CA.
    pub fn ca(&self) -> &LocalCa {
        &self.ca
    }

    /// The key store.
    pub fn keystore(&self) -> &Keystore {
        &self.keystore
    }

    /// Unlocks and returns the ESIGN key of `account` (for signing).
    pub fn unlock_key(&self, account: &str, passphrase: &Secret) -> Result<PrivateKey> {
        self.keystore.unlock(account, passphrase)
    }
}

impl CertificateAuthority for EmbeddedAuthority {
    fn issue(
        &mut self,
        account: &str,
        subject: &SubjectInfo,
        key: KeySource<'_>,
        now: Timestamp,
    ) -> Result<IssuedCertificate> {
        let cert = match key {
            KeySource::Csr(csr) => self.ca.issue_from_csr(csr, subject, now)?,
            KeySource::HeldKey => {
                let spki = crate::pki::parse_public_key(&self.keystore.public_key(account)?)?;
                self.ca.issue_for_public_key(spki, subject, now)?
            }
        };
        Ok(IssuedCertificate::from_certificate(&cert))
    }

    fn revoke(&mut self, serial: &str, reason: u8, at: Timestamp) -> Result<()> {
        self.ca.revoke(serial, reason, at).map(|_| ())
    }

    fn create_held_key(&mut self, account: &str, passphrase: &Secret, holder: &Holder<'_>) -> Result<()> {
        self.keystore.create(account, self.held_key_algorithm, passphrase, holder).map(|_| ())
    }

    fn replace_held_key(&mut self, account: &str, holder: &Holder<'_>) -> Result<Secret> {
        let passphrase = self.keystore.config().policy.generate(20, holder)?;
        self.keystore.create(account, self.held_key_algorithm, &passphrase, holder)?;
        Ok(passphrase)
    }

    fn unlock(&self, account: &str, passphrase: &Secret) -> Result<PrivateKey> {
        self.keystore.unlock(account, passphrase)
    }

    fn change_passphrase(&mut self, account: &str, old: &Secret, new: &Secret, holder: &Holder<'_>) -> Result<()> {
        self.keystore.change(account, old, new, holder)
    }

    fn reset_passphrase(&mut self, account: &str, holder: &Holder<'_>) -> Result<Secret> {
        self.keystore.reset(account, &self.recovery, holder)
    }
}
