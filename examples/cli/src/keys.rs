//! `tte key …` and `tte csr …`: what a LOCK applicant does on their own machine, and the
//! verifier's check of an uploaded CSR.

use crate::secrets;
use clap::Subcommand;
use serde_json::{Value, json};
use std::path::PathBuf;
use tte_core::Result;
use tte_core::fsio::{read, read_text, write_atomically};
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{Csr, Kdf, KeyAlgorithm, PrivateKey, SubjectInfo};

/// Where the key's passphrase comes from (never an argument).
#[derive(clap::Args)]
pub struct KeyPassphrase {
    /// File holding the passphrase.
    #[arg(long)]
    passphrase_file: Option<PathBuf>,
    /// Environment variable holding the passphrase.
    #[arg(long)]
    passphrase_env: Option<String>,
}

impl KeyPassphrase {
    /// Reads the passphrase.
    pub fn read(&self) -> Result<tte_core::secret::Secret> {
        secrets::read(self.passphrase_file.as_ref(), self.passphrase_env.as_deref(), "Passphrase kunci")
    }
}

/// Key commands.
#[derive(Subcommand)]
pub enum KeyCommand {
    /// Generate a key, written as encrypted PKCS#8 PEM.
    Generate {
        /// rsa2048, rsa3072, rsa4096 or p256.
        #[arg(long, default_value = "rsa2048")]
        algorithm: String,
        /// scrypt or pbkdf2.
        #[arg(long, default_value = "scrypt")]
        kdf: String,
        /// Where to write the key.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        passphrase: KeyPassphrase,
    },
    /// Write the public key of a key (SubjectPublicKeyInfo PEM).
    Public {
        /// The private key.
        #[arg(long = "in")]
        input: PathBuf,
        /// Where to write the public key.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        passphrase: KeyPassphrase,
    },
}

/// CSR commands.
#[derive(Subcommand)]
pub enum CsrCommand {
    /// Make a CSR for the document-signing profile.
    Create {
        /// The private key (encrypted PKCS#8 PEM).
        #[arg(long)]
        key: PathBuf,
        #[command(flatten)]
        subject: crate::ca::SubjectArgs,
        /// Subject serialNumber.
        #[arg(long)]
        serial_number: Option<String>,
        /// Where to write the CSR (PEM).
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        passphrase: KeyPassphrase,
    },
    /// Check a CSR: its signature and, if given, that CN and O match the record.
    Verify {
        /// The CSR (PEM or DER).
        #[arg(long = "in")]
        input: PathBuf,
        /// Expected Common Name.
        #[arg(long)]
        cn: Option<String>,
        /// Expected Organization.
        #[arg(long)]
        org: Option<String>,
    },
}

fn kdf(name: &str) -> Result<Kdf> {
    match name {
        "scrypt" => Ok(Kdf::SCRYPT),
        "pbkdf2" => Ok(Kdf::PBKDF2),
        other => Err(tte_core::Error::UnsupportedAlgorithm { algorithm: other.to_string() }),
    }
}

/// Runs a key command.
pub fn run_key(command: &KeyCommand) -> Result<Value> {
    match command {
        KeyCommand::Generate { algorithm, kdf: kdf_name, out, passphrase } => {
            let algorithm = KeyAlgorithm::from_name(algorithm)?;
            let kdf = kdf(kdf_name)?;
            let passphrase = passphrase.read()?;
            let key = PrivateKey::generate(algorithm)?;
            let pem = key.to_encrypted_pem(&passphrase, kdf, &PassphrasePolicy::default(), &Holder::default())?;
            write_atomically(out, pem.as_bytes())?;
            Ok(json!({ "key": out.display().to_string(), "algorithm": algorithm.name() }))
        }
        KeyCommand::Public { input, out, passphrase } => {
            let passphrase = passphrase.read()?;
            let key = PrivateKey::from_pem(&read_text(input)?, Some(&passphrase))?;
            let pem = tte_core::pki::pem::encode("PUBLIC KEY", &key.public_key_der()?);
            write_atomically(out, pem.as_bytes())?;
            Ok(json!({ "public_key": out.display().to_string(), "algorithm": key.algorithm().name() }))
        }
    }
}

/// Runs a CSR command.
pub fn run_csr(command: &CsrCommand) -> Result<Value> {
    match command {
        CsrCommand::Create { key, subject, serial_number, out, passphrase } => {
            let key = PrivateKey::from_pem(&read_text(key)?, Some(&passphrase.read()?))?;
            let subject = SubjectInfo { serial_number: serial_number.clone(), ..subject.info() };
            let csr = Csr::build(&key, &subject)?;
            write_atomically(out, csr.to_pem().as_bytes())?;
            Ok(json!({ "csr": out.display().to_string(), "subject": csr.subject() }))
        }
        CsrCommand::Verify { input, cn, org } => {
            let csr = Csr::from_bytes(&read(input)?)?;
            match (cn, org) {
                (Some(cn), Some(org)) => csr.check(cn, org)?,
                _ => csr.verify_signature()?,
            }
            Ok(json!({ "subject": csr.subject(), "signature": "valid" }))
        }
    }
}
