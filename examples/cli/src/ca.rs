//! `tte ca …`: the local CA on disk.

use crate::secrets;
use clap::Subcommand;
use serde_json::{Value, json};
use std::path::PathBuf;
use tte_core::fsio::{read, write_atomically};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::passphrase::Holder;
use tte_core::pki::{CaConfig, Csr, KeyAlgorithm, Keystore, LocalCa, SubjectInfo, parse_public_key};
use tte_core::{Error, Result};

/// CA commands. The CA passphrase comes from `--ca-passphrase-file`, `--ca-passphrase-env` or a prompt.
#[derive(Subcommand)]
pub enum CaCommand {
    /// Create a root and an issuing CA in a folder.
    Init {
        /// Organization of the CA.
        #[arg(long)]
        org: String,
        /// Key algorithm of the CA keys.
        #[arg(long, default_value = "rsa4096")]
        key_algorithm: String,
    },
    /// LOCK: issue a certificate from a CSR after the verifier's check.
    Issue {
        /// The CSR (PEM or DER).
        #[arg(long)]
        csr: PathBuf,
        #[command(flatten)]
        subject: SubjectArgs,
        /// Where to write the certificate (PEM).
        #[arg(long)]
        out: PathBuf,
    },
    /// ESIGN: create the holder's key in a key store and issue a certificate for it.
    IssueEsign {
        /// The key store folder.
        #[arg(long)]
        keystore: PathBuf,
        /// Holder id in the key store (e.g. the account id).
        #[arg(long)]
        holder: String,
        /// Key algorithm of the held key.
        #[arg(long, default_value = "rsa2048")]
        algorithm: String,
        #[command(flatten)]
        subject: SubjectArgs,
        /// File holding the holder's new passphrase.
        #[arg(long)]
        holder_passphrase_file: Option<PathBuf>,
        /// Environment variable holding the holder's new passphrase.
        #[arg(long)]
        holder_passphrase_env: Option<String>,
        /// Where to write the certificate (PEM).
        #[arg(long)]
        out: PathBuf,
    },
    /// Revoke a certificate and publish a new CRL.
    Revoke {
        /// Serial number (hex).
        #[arg(long)]
        serial: String,
        /// unspecified, key-compromise, affiliation-changed, superseded, cessation-of-operation.
        #[arg(long, default_value = "unspecified")]
        reason: String,
    },
    /// Publish a fresh CRL and write it.
    Crl {
        /// Where to write the CRL (PEM).
        #[arg(long)]
        out: PathBuf,
    },
}

/// The certificate's subject.
#[derive(clap::Args)]
pub struct SubjectArgs {
    /// Common Name: the holder's name.
    #[arg(long)]
    cn: String,
    /// Organization: the institution.
    #[arg(long)]
    org: String,
    /// E-mail for subjectAltName.
    #[arg(long)]
    email: Option<String>,
}

impl SubjectArgs {
    /// The subject without a serialNumber.
    pub fn info(&self) -> SubjectInfo {
        SubjectInfo {
            common_name: self.cn.clone(),
            organization: self.org.clone(),
            serial_number: None,
            email: self.email.clone(),
        }
    }
}

/// Where the CA lives and how it is unlocked.
#[derive(clap::Args)]
pub struct CaAccess {
    /// The CA folder.
    #[arg(long)]
    pub dir: PathBuf,
    /// File holding the CA passphrase.
    #[arg(long)]
    pub ca_passphrase_file: Option<PathBuf>,
    /// Environment variable holding the CA passphrase.
    #[arg(long)]
    pub ca_passphrase_env: Option<String>,
}

fn reason_code(name: &str) -> Result<u8> {
    match name {
        "unspecified" => Ok(0),
        "key-compromise" => Ok(1),
        "affiliation-changed" => Ok(3),
        "superseded" => Ok(4),
        "cessation-of-operation" => Ok(5),
        other => Err(Error::UnsupportedAlgorithm { algorithm: format!("revocation reason {other}") }),
    }
}

/// Runs a CA command.
pub fn run(access: &CaAccess, command: &CaCommand) -> Result<Value> {
    let passphrase =
        secrets::read(access.ca_passphrase_file.as_ref(), access.ca_passphrase_env.as_deref(), "Passphrase CA")?;
    let now = SystemClock.now();
    if let CaCommand::Init { org, key_algorithm } = command {
        let config = CaConfig { key_algorithm: KeyAlgorithm::from_name(key_algorithm)?, ..CaConfig::new(org) };
        let ca = LocalCa::init(&access.dir, config, &passphrase, now)?;
        return Ok(
            json!({ "root": ca.root().subject(), "issuing_ca": ca.issuing().subject(), "dir": access.dir.display().to_string() }),
        );
    }
    let mut ca = LocalCa::open(&access.dir, &passphrase)?;
    match command {
        CaCommand::Init { .. } => Err(Error::WrongSubject),
        CaCommand::Issue { csr, subject, out } => {
            let csr = Csr::from_bytes(&read(csr)?)?;
            let cert = ca.issue_from_csr(&csr, &subject.info(), now)?;
            write_atomically(out, cert.to_pem().as_bytes())?;
            Ok(issued(&cert, out))
        }
        CaCommand::IssueEsign {
            keystore,
            holder,
            algorithm,
            subject,
            holder_passphrase_file,
            holder_passphrase_env,
            out,
        } => {
            let store = Keystore::open(keystore)?;
            let holder_pass =
                secrets::read(holder_passphrase_file.as_ref(), holder_passphrase_env.as_deref(), "Passphrase pemilik")?;
            let about = Holder { name: Some(&subject.cn), email: subject.email.as_deref(), ..Holder::default() };
            let public = store.create(holder, KeyAlgorithm::from_name(algorithm)?, &holder_pass, &about)?;
            let cert = ca.issue_for_public_key(parse_public_key(&public)?, &subject.info(), now)?;
            write_atomically(out, cert.to_pem().as_bytes())?;
            Ok(issued(&cert, out))
        }
        CaCommand::Revoke { serial, reason } => {
            let crl = ca.revoke(&serial.to_ascii_lowercase(), reason_code(reason)?, now)?;
            Ok(json!({ "revoked": serial, "reason": reason, "crl_entries": crl.entries().len() }))
        }
        CaCommand::Crl { out } => {
            let crl = ca.publish_crl(now)?;
            write_atomically(out, crl.to_pem().as_bytes())?;
            Ok(json!({ "crl": out.display().to_string(), "entries": crl.entries().len() }))
        }
    }
}

fn issued(cert: &tte_core::pki::Certificate, out: &std::path::Path) -> Value {
    json!({
        "certificate": out.display().to_string(),
        "serial": cert.serial_hex(),
        "subject": cert.subject(),
        "not_after": cert.not_after().to_wib_string(),
    })
}
