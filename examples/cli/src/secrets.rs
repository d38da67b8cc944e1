//! Passphrases for the command line: from a file, an environment variable or a prompt,
//! never from an argument (arguments are visible to every user of the machine).

use std::io::IsTerminal;
use std::path::PathBuf;
use tte_core::secret::Secret;
use tte_core::{Error, Result};

/// Reads a passphrase from `file`, `env` or, on a terminal, a prompt.
pub fn read(file: Option<&PathBuf>, env: Option<&str>, prompt: &str) -> Result<Secret> {
    if let Some(path) = file {
        let text = tte_core::fsio::read_text(path)?;
        return Ok(Secret::new(text.lines().next().unwrap_or_default().to_string()));
    }
    if let Some(name) = env {
        return std::env::var(name)
            .map(Secret::new)
            .map_err(|_| Error::Io { path: format!("${name}"), detail: "environment variable not set".into() });
    }
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(format!("{prompt}: "))
            .map(Secret::new)
            .map_err(|e| Error::Io { path: "terminal".into(), detail: e.to_string() });
    }
    Err(Error::Io {
        path: "passphrase".into(),
        detail: format!("{prompt}: give --*-passphrase-file or --*-passphrase-env"),
    })
}
