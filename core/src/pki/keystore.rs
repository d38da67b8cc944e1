//! ESIGN key custody: server-held private keys, each sealed under its holder's passphrase
//! (encrypted PKCS#8, scrypt + AES-256-CBC). A second copy is sealed under a random
//! recovery secret, itself wrapped with RSA-OAEP-SHA256 to the custodian's recovery key:
//! only the custodian can *Reset Passphrase*, and no passphrase is ever stored. Wrong
//! passphrases are counted per holder and suspend at the limit. One JSON file per holder,
//! written atomically under an exclusive file lock, so concurrent unlocks never lose a
//! counted attempt.

use super::key::{Kdf, KeyAlgorithm, PrivateKey};
use super::{DerResultExt, rng};
use crate::fsio::{read_text, write_atomically};
use crate::passphrase::{Holder, PassphrasePolicy};
use crate::secret::{Secret, fill_random};
use crate::{Error, Result, hex};
use rsa::traits::PublicKeyParts;
use serde::{Deserialize, Serialize};
use spki::DecodePublicKey;
use std::fs::File;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// Smallest recovery key accepted (RSA bits).
pub const MIN_RECOVERY_BITS: usize = 3072;

/// Settings of a key store.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeystoreConfig {
    /// Passphrase rule for holders.
    pub policy: PassphrasePolicy,
    /// Wrong passphrases in a row before suspension.
    pub max_attempts: u32,
    /// How sealed keys derive their encryption key.
    pub kdf: Kdf,
}

impl Default for KeystoreConfig {
    /// The default passphrase policy, suspension after 3 wrong passphrases, scrypt (N = 2¹⁴).
    fn default() -> KeystoreConfig {
        KeystoreConfig { policy: PassphrasePolicy::default(), max_attempts: 3, kdf: Kdf::SCRYPT }
    }
}

/// The store's own settings file, `keystore.json`.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct StoreFile {
    config: KeystoreConfig,
    /// SubjectPublicKeyInfo DER of the recovery key, hex.
    recovery_public_key: String,
}

/// One holder's record.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct HolderRecord {
    holder: String,
    algorithm: KeyAlgorithm,
    /// SubjectPublicKeyInfo DER, hex.
    public_key: String,
    /// Encrypted PKCS#8 DER under the holder's passphrase, hex.
    sealed_key: String,
    /// The recovery secret wrapped with RSA-OAEP-SHA256 to the recovery key, hex.
    wrapped_recovery_secret: String,
    /// Encrypted PKCS#8 DER under the recovery secret, hex.
    recovery_sealed_key: String,
    failed_attempts: u32,
    suspended: bool,
}

/// The status of one holder's key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolderStatus {
    /// Who.
    pub holder: String,
    /// Key algorithm.
    pub algorithm: KeyAlgorithm,
    /// Wrong passphrases since the last success.
    pub failed_attempts: u32,
    /// Whether suspended.
    pub suspended: bool,
}

/// A key store folder.
#[derive(Clone, Debug)]
pub struct Keystore {
    dir: PathBuf,
    config: KeystoreConfig,
    recovery: rsa::RsaPublicKey,
}

const STORE: &str = "keystore.json";

impl Keystore {
    /// Creates a store in `dir` whose resets need the private half of `recovery_public_key`
    /// (RSA of at least 3072 bits, SubjectPublicKeyInfo DER).
    pub fn init(dir: &Path, recovery_public_key: &[u8], config: KeystoreConfig) -> Result<Keystore> {
        if dir.join(STORE).exists() {
            return Err(Error::Io {
                path: dir.display().to_string(),
                detail: "a key store already exists here".into(),
            });
        }
        let recovery = recovery_key(recovery_public_key)?;
        let file = StoreFile { config: config.clone(), recovery_public_key: hex(recovery_public_key) };
        write_atomically(&dir.join(STORE), serde_json::to_string_pretty(&file)?.as_bytes())?;
        Ok(Keystore { dir: dir.to_path_buf(), config, recovery })
    }

    /// Opens the store in `dir`.
    pub fn open(dir: &Path) -> Result<Keystore> {
        let file: StoreFile = serde_json::from_str(&read_text(&dir.join(STORE))?)?;
        let recovery = recovery_key(&unhex(&file.recovery_public_key)?)?;
        Ok(Keystore { dir: dir.to_path_buf(), config: file.config, recovery })
    }

    /// The settings.
    pub fn config(&self) -> &KeystoreConfig {
        &self.config
    }

    /// Generates and seals a key for `holder` under `passphrase`; returns its public key
    /// (SubjectPublicKeyInfo DER) for the CA. Replaces any earlier key of the holder.
    pub fn create(
        &self,
        holder: &str,
        algorithm: KeyAlgorithm,
        passphrase: &Secret,
        about: &Holder<'_>,
    ) -> Result<Vec<u8>> {
        self.config.policy.check(passphrase.expose(), about)?;
        let key = PrivateKey::generate(algorithm)?;
        self.with_lock(holder, |_| self.seal(holder, &key, passphrase, about).map(Some))?;
        key.public_key_der()
    }

    /// Unlocks `holder`'s key. A wrong passphrase is counted (and suspends at the limit)
    /// and answered with [`Error::WrongPassphrase`]; a suspended key stays locked.
    pub fn unlock(&self, holder: &str, passphrase: &Secret) -> Result<PrivateKey> {
        let mut unlocked = None;
        let mut refusal = None;
        self.with_lock(holder, |record| {
            let mut record = record.ok_or(Error::UnknownAccount)?;
            if record.suspended {
                return Err(Error::AccountSuspended);
            }
            match PrivateKey::from_encrypted_der(&unhex(&record.sealed_key)?, passphrase) {
                Ok(key) => {
                    let changed = record.failed_attempts > 0;
                    record.failed_attempts = 0;
                    unlocked = Some(key);
                    Ok(changed.then_some(record))
                }
                Err(Error::WrongPassphrase { .. }) => {
                    record.failed_attempts += 1;
                    record.suspended = record.failed_attempts >= self.config.max_attempts;
                    let remaining = self.config.max_attempts.saturating_sub(record.failed_attempts);
                    refusal = Some(Error::WrongPassphrase { remaining_attempts: remaining });
                    Ok(Some(record))
                }
                Err(other) => Err(other),
            }
        })?;
        match (unlocked, refusal) {
            (Some(key), _) => Ok(key),
            (None, Some(err)) => Err(err),
            (None, None) => Err(Error::UnknownAccount),
        }
    }

    /// *Change Passphrase*: needs the current passphrase (a wrong one is counted like an
    /// unlock); the new one must pass the policy.
    pub fn change(&self, holder: &str, old: &Secret, new: &Secret, about: &Holder<'_>) -> Result<()> {
        self.config.policy.check(new.expose(), about)?;
        let key = self.unlock(holder, old)?;
        self.with_lock(holder, |_| self.seal(holder, &key, new, about).map(Some))
    }

    /// *Reset Passphrase*: with the custodian's recovery private key, reseals the key under
    /// a random passphrase that passes the policy, lifts a suspension, and returns the new
    /// passphrase (to hand to the holder once).
    pub fn reset(&self, holder: &str, recovery_private_key: &PrivateKey, about: &Holder<'_>) -> Result<Secret> {
        let PrivateKey::Rsa(recovery) = recovery_private_key else {
            return Err(Error::UnsupportedAlgorithm { algorithm: "recovery key must be RSA".into() });
        };
        if recovery.to_public_key() != self.recovery {
            return Err(Error::WrongPassphrase { remaining_attempts: 0 });
        }
        let fresh = self.config.policy.generate(20, about)?;
        self.with_lock(holder, |record| {
            let record = record.ok_or(Error::UnknownAccount)?;
            let wrapped = unhex(&record.wrapped_recovery_secret)?;
            let secret = recovery
                .decrypt_blinded(&mut rng(), rsa::Oaep::<sha2::Sha256>::new(), &wrapped)
                .map_err(|_| Error::Malformed { what: "recovery secret" })?;
            let secret = Secret::new(hex(&Zeroizing::new(secret)));
            let key = PrivateKey::from_encrypted_der(&unhex(&record.recovery_sealed_key)?, &secret)?;
            self.seal(holder, &key, &fresh, about).map(Some)
        })?;
        Ok(fresh)
    }

    /// The status of `holder`'s key.
    pub fn status(&self, holder: &str) -> Result<HolderStatus> {
        let record = self.load(holder)?.ok_or(Error::UnknownAccount)?;
        Ok(HolderStatus {
            holder: record.holder,
            algorithm: record.algorithm,
            failed_attempts: record.failed_attempts,
            suspended: record.suspended,
        })
    }

    /// The public key of `holder` (SubjectPublicKeyInfo DER).
    pub fn public_key(&self, holder: &str) -> Result<Vec<u8>> {
        let record = self.load(holder)?.ok_or(Error::UnknownAccount)?;
        unhex(&record.public_key)
    }

    /// A fresh record sealing `key` under `passphrase`, with a new recovery copy.
    fn seal(&self, holder: &str, key: &PrivateKey, passphrase: &Secret, about: &Holder<'_>) -> Result<HolderRecord> {
        let sealed = key.to_encrypted_der(passphrase, self.config.kdf, &self.config.policy, about)?;
        let mut secret = Zeroizing::new([0u8; 32]);
        fill_random(secret.as_mut())?;
        let recovery_pass = Secret::new(hex(secret.as_ref()));
        let wrapped = self
            .recovery
            .encrypt(&mut rng(), rsa::Oaep::<sha2::Sha256>::new(), secret.as_ref())
            .map_err(|_| Error::Random)?;
        let recovery_sealed = key.seal(&recovery_pass, self.config.kdf)?;
        Ok(HolderRecord {
            holder: holder.to_string(),
            algorithm: key.algorithm(),
            public_key: hex(&key.public_key_der()?),
            sealed_key: hex(&sealed),
            wrapped_recovery_secret: hex(&wrapped),
            recovery_sealed_key: hex(&recovery_sealed),
            failed_attempts: 0,
            suspended: false,
        })
    }

    fn record_path(&self, holder: &str) -> Result<PathBuf> {
        let safe = !holder.is_empty()
            && holder.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'))
            && !holder.starts_with('.');
        if !safe {
            return Err(Error::Malformed { what: "holder id" });
        }
        Ok(self.dir.join(format!("{holder}.json")))
    }

    fn load(&self, holder: &str) -> Result<Option<HolderRecord>> {
        let path = self.record_path(holder)?;
        if !path.exists() {
            return Ok(None);
        }
        Ok(Some(serde_json::from_str(&read_text(&path)?)?))
    }

    /// Reads the record under an exclusive lock, lets `update` decide, writes its result.
    fn with_lock(
        &self,
        holder: &str,
        update: impl FnOnce(Option<HolderRecord>) -> Result<Option<HolderRecord>>,
    ) -> Result<()> {
        let path = self.record_path(holder)?;
        let lock_path = path.with_extension("lock");
        let io = |e: std::io::Error| Error::Io { path: lock_path.display().to_string(), detail: e.to_string() };
        let lock = File::create(&lock_path).map_err(io)?;
        lock.lock().map_err(io)?;
        let result = self.load(holder).and_then(update).and_then(|changed| match changed {
            Some(record) => write_atomically(&path, serde_json::to_string_pretty(&record)?.as_bytes()),
            None => Ok(()),
        });
        let _ = lock.unlock();
        result
    }
}

fn recovery_key(spki_der: &[u8]) -> Result<rsa::RsaPublicKey> {
    let key = rsa::RsaPublicKey::from_public_key_der(spki_der)
        .map_err(|_| Error::UnsupportedAlgorithm { algorithm: "recovery key must be RSA".into() })?;
    let bits = key.size() * 8;
    if bits < MIN_RECOVERY_BITS {
        return Err(Error::WeakKey { bits });
    }
    Ok(key)
}

fn unhex(text: &str) -> Result<Vec<u8>> {
    crate::unhex(text).or_malformed("key store record")
}
