//! `tte keystore …`: the ESIGN key store (custodian side).

use crate::secrets;
use clap::Subcommand;
use serde_json::{Value, json};
use std::path::PathBuf;
use tte_core::fsio::{read_text, write_atomically};
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{KeyAlgorithm, Keystore, KeystoreConfig, PrivateKey};
use tte_core::{Error, Result};

/// Key store commands.
#[derive(Subcommand)]
pub enum KeystoreCommand {
    /// Create a key store and the custodian's recovery key (RSA-3072, encrypted PKCS#8).
    Init {
        /// Where to write the recovery key; keep it offline.
        #[arg(long)]
        recovery_key_out: PathBuf,
        /// File holding the recovery key's passphrase.
        #[arg(long)]
        recovery_passphrase_file: Option<PathBuf>,
        /// Environment variable holding the recovery key's passphrase.
        #[arg(long)]
        recovery_passphrase_env: Option<String>,
    },
    /// Show a holder's key status (attempts, suspension).
    Status {
        /// Holder id.
        #[arg(long)]
        holder: String,
    },
    /// Change Passphrase: old → new.
    Change {
        /// Holder id.
        #[arg(long)]
        holder: String,
        /// File holding the current passphrase.
        #[arg(long)]
        old_passphrase_file: Option<PathBuf>,
        /// Environment variable holding the current passphrase.
        #[arg(long)]
        old_passphrase_env: Option<String>,
        /// File holding the new passphrase.
        #[arg(long)]
        new_passphrase_file: Option<PathBuf>,
        /// Environment variable holding the new passphrase.
        #[arg(long)]
        new_passphrase_env: Option<String>,
    },
    /// Reset Passphrase with the recovery key; the random new passphrase goes to a 0600 file.
    Reset {
        /// Holder id.
        #[arg(long)]
        holder: String,
        /// The recovery key (encrypted PKCS#8 PEM).
        #[arg(long)]
        recovery_key: PathBuf,
        /// File holding the recovery key's passphrase.
        #[arg(long)]
        recovery_passphrase_file: Option<PathBuf>,
        /// Environment variable holding the recovery key's passphrase.
        #[arg(long)]
        recovery_passphrase_env: Option<String>,
        /// Where to write the new passphrase (created with mode 0600).
        #[arg(long)]
        passphrase_out: PathBuf,
    },
}

/// Runs a key store command on the store in `dir`.
pub fn run(dir: &std::path::Path, command: &KeystoreCommand) -> Result<Value> {
    match command {
        KeystoreCommand::Init { recovery_key_out, recovery_passphrase_file, recovery_passphrase_env } => {
            let pass = secrets::read(
                recovery_passphrase_file.as_ref(),
                recovery_passphrase_env.as_deref(),
                "Passphrase kunci pemulihan",
            )?;
            let recovery = PrivateKey::generate(KeyAlgorithm::Rsa3072)?;
            let pem = recovery.to_encrypted_pem(
                &pass,
                tte_core::pki::Kdf::SCRYPT,
                &PassphrasePolicy::default(),
                &Holder::default(),
            )?;
            Keystore::init(dir, &recovery.public_key_der()?, KeystoreConfig::default())?;
            write_atomically(recovery_key_out, pem.as_bytes())?;
            Ok(json!({ "keystore": dir.display().to_string(), "recovery_key": recovery_key_out.display().to_string() }))
        }
        KeystoreCommand::Status { holder } => {
            let status = Keystore::open(dir)?.status(holder)?;
            Ok(serde_json::to_value(status)?)
        }
        KeystoreCommand::Change {
            holder,
            old_passphrase_file,
            old_passphrase_env,
            new_passphrase_file,
            new_passphrase_env,
        } => {
            let store = Keystore::open(dir)?;
            let old = secrets::read(old_passphrase_file.as_ref(), old_passphrase_env.as_deref(), "Passphrase lama")?;
            let new = secrets::read(new_passphrase_file.as_ref(), new_passphrase_env.as_deref(), "Passphrase baru")?;
            store.change(holder, &old, &new, &Holder::default())?;
            Ok(json!({ "holder": holder, "passphrase": "changed" }))
        }
        KeystoreCommand::Reset {
            holder,
            recovery_key,
            recovery_passphrase_file,
            recovery_passphrase_env,
            passphrase_out,
        } => {
            let store = Keystore::open(dir)?;
            let pass = secrets::read(
                recovery_passphrase_file.as_ref(),
                recovery_passphrase_env.as_deref(),
                "Passphrase kunci pemulihan",
            )?;
            let recovery = PrivateKey::from_pem(&read_text(recovery_key)?, Some(&pass))?;
            let fresh = store.reset(holder, &recovery, &Holder::default())?;
            write_private(passphrase_out, fresh.expose())?;
            Ok(json!({ "holder": holder, "passphrase": "reset", "written_to": passphrase_out.display().to_string() }))
        }
    }
}

/// Writes a secret to a new file readable by its owner only.
fn write_private(path: &std::path::Path, text: &str) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let io = |e: std::io::Error| Error::Io { path: path.display().to_string(), detail: e.to_string() };
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).mode(0o600).open(path).map_err(io)?;
    writeln!(file, "{text}").map_err(io)
}
