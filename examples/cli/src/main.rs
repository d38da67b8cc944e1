//! `tte`: the command-line face of tte-core.
//!
//! * `tte demo [--out DIR]`: a synthetic verifier office's day, printed, with its audit log written;
//! * `tte check nik|nip|email|phone|passphrase VALUE`: one identity or passphrase rule;
//! * `tte key generate|public`, `tte csr create|verify`: the LOCK applicant's side;
//! * `tte ca init|issue|issue-esign|revoke|crl`: the local CA;
//! * `tte keystore init|status|change|reset`: the ESIGN key store.
//!
//! Passphrases come from `--*-passphrase-file`, `--*-passphrase-env` or a prompt, never
//! from an argument. `--json` prints one JSON object. Exit codes: 0 success, 1 refused
//! (the typed error is printed), 2 usage.

mod ca;
mod check;
mod demo;
mod keys;
mod keystore;
mod output;
mod pdf;
mod secrets;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "tte", version, about = "Tanda Tangan Elektronik: lifecycle, identity and passphrase rules")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Walk synthetic applicants through the SOPs and print log, notifications and SLA.
    Demo {
        /// Where to write the audit log and records (JSON).
        #[arg(long, default_value = "target/tte-demo")]
        out: PathBuf,
    },
    /// Check one value against a rule.
    Check {
        #[command(subcommand)]
        what: check::What,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Generate keys and read public keys.
    Key {
        #[command(subcommand)]
        command: keys::KeyCommand,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Create and verify CSRs.
    Csr {
        #[command(subcommand)]
        command: keys::CsrCommand,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// The local CA.
    Ca {
        #[command(flatten)]
        access: ca::CaAccess,
        #[command(subcommand)]
        command: ca::CaCommand,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Sign PDFs (PAdES, incremental, on all cores for many files).
    Sign {
        #[command(flatten)]
        args: Box<pdf::SignArgs>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Two-phase signing, phase one: the state and the bytes for the key holder to sign.
    Prepare {
        #[command(flatten)]
        args: Box<pdf::PrepareArgs>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Two-phase signing, phase two: the signature (or a whole CMS) into the PDF.
    Finish {
        #[command(flatten)]
        args: pdf::FinishArgs,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Verify every signature of PDFs; exit 0 only if all are valid.
    Verify {
        #[command(flatten)]
        args: pdf::VerifyArgs,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The ESIGN key store.
    Keystore {
        /// The key store folder.
        #[arg(long)]
        dir: PathBuf,
        #[command(subcommand)]
        command: keystore::KeystoreCommand,
        /// Print the result as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Demo { out } => demo::run(&out),
        Command::Check { what, json } => check::run(&what).map(|r| output::print(&r, json)).map_err(Failure::from),
        Command::Key { command, json } => {
            keys::run_key(&command).map(|r| output::print(&r, json)).map_err(Failure::from)
        }
        Command::Csr { command, json } => {
            keys::run_csr(&command).map(|r| output::print(&r, json)).map_err(Failure::from)
        }
        Command::Ca { access, command, json } => {
            ca::run(&access, &command).map(|r| output::print(&r, json)).map_err(Failure::from)
        }
        Command::Sign { args, json } => pdf::sign(&args, json)
            .map_err(Failure::from)
            .and_then(|(r, ok)| print_partial(&r, json, ok, "not every document was signed (each failure is above)")),
        Command::Prepare { args, json } => pdf::prepare(&args).map(|r| output::print(&r, json)).map_err(Failure::from),
        Command::Finish { args, json } => pdf::finish(&args).map(|r| output::print(&r, json)).map_err(Failure::from),
        Command::Verify { args, json } => pdf::verify(&args)
            .map_err(Failure::from)
            .and_then(|(r, ok)| print_partial(&r, json, ok, "not every signature is valid")),
        Command::Keystore { dir, command, json } => {
            keystore::run(&dir, &command).map(|r| output::print(&r, json)).map_err(Failure::from)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(err)) => {
            eprintln!("tte: [{}] {}\n     {}", err.code(), err.message_id(), err.message_en());
            ExitCode::from(1)
        }
        Err(Failure::Partial(summary)) => {
            eprintln!("tte: {summary}");
            ExitCode::from(1)
        }
        Err(Failure::Unexpected(what)) => {
            eprintln!("tte: unexpected: {what}");
            ExitCode::from(1)
        }
    }
}

/// Prints a result; a run where some document failed ends with `summary` (exit 1).
fn print_partial(
    report: &serde_json::Value,
    json: bool,
    all_ok: bool,
    summary: &'static str,
) -> std::result::Result<(), Failure> {
    if json {
        println!("{report}");
    } else {
        println!("{}", serde_json::to_string_pretty(report).unwrap_or_default());
    }
    if all_ok { Ok(()) } else { Err(Failure::Partial(summary)) }
}

/// Why a command failed.
#[derive(Debug)]
pub enum Failure {
    /// The library refused (typed error with code and messages).
    Refused(tte_core::Error),
    /// Some documents of a run failed; each was reported on its own.
    Partial(&'static str),
    /// The demo saw something other than what the SOPs say must happen.
    Unexpected(String),
}

impl From<tte_core::Error> for Failure {
    fn from(err: tte_core::Error) -> Failure {
        Failure::Refused(err)
    }
}
