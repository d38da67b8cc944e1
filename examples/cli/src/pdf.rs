//! `tte sign` and `tte verify`: PDF signatures from the command line.

use crate::keys::KeyPassphrase;
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;
use tte_core::bulk::{Job, Progress, sign_many};
use tte_core::fsio::{read, read_text};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::{Certificate, Crl, Keystore, PathValidator, Pkcs12, PrivateKey};
use tte_core::signer::KeySigner;
use tte_core::{Error, Result};

/// `tte sign`.
#[derive(Args)]
pub struct SignArgs {
    /// The PDFs to sign.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file (one input) …
    #[arg(long, conflicts_with = "out_dir")]
    out: Option<PathBuf>,
    /// … or output folder (any number of inputs; same file names).
    #[arg(long)]
    out_dir: Option<PathBuf>,
    /// A PKCS#12 file with key, certificate and chain.
    #[arg(long, conflicts_with_all = ["key", "keystore"])]
    p12: Option<PathBuf>,
    /// The private key (encrypted PKCS#8 PEM); needs --cert.
    #[arg(long, requires = "cert")]
    key: Option<PathBuf>,
    /// An ESIGN key store folder; needs --holder and --cert.
    #[arg(long, requires_all = ["holder", "cert"])]
    keystore: Option<PathBuf>,
    /// Holder id in the key store.
    #[arg(long)]
    holder: Option<String>,
    /// The signer's certificate (PEM).
    #[arg(long)]
    cert: Option<PathBuf>,
    /// Certificates to embed (PEM bundle: issuing CA, root).
    #[arg(long)]
    chain: Option<PathBuf>,
    #[command(flatten)]
    passphrase: KeyPassphrase,
    /// `/Reason`.
    #[arg(long)]
    reason: Option<String>,
    /// `/Location`.
    #[arg(long)]
    location: Option<String>,
    /// Signature field name.
    #[arg(long)]
    field: Option<String>,
    /// Threads for many files (all cores by default).
    #[arg(long)]
    threads: Option<usize>,
}

/// `tte verify`.
#[derive(Args)]
pub struct VerifyArgs {
    /// The PDFs to verify.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Trust anchors (PEM bundle).
    #[arg(long, required = true)]
    trust: PathBuf,
    /// Extra intermediate certificates (PEM bundle).
    #[arg(long)]
    intermediate: Option<PathBuf>,
    /// CRLs (PEM or DER), repeatable.
    #[arg(long)]
    crl: Vec<PathBuf>,
}

/// Signs the inputs; returns a summary and whether every document was signed.
pub fn sign(args: &SignArgs, json_output: bool) -> Result<(Value, bool)> {
    let (signer, certificate, chain) = signer(args)?;
    let jobs = jobs(args)?;
    let options = PdfSignOptions {
        field_name: args.field.clone(),
        reason: args.reason.clone(),
        location: args.location.clone(),
        signing_time: Some(SystemClock.now()),
        ..PdfSignOptions::default()
    };
    let progress = |p: Progress| {
        if !json_output {
            eprint!("\r[{}/{}] {} gagal/failed", p.done, p.total, p.failed);
            if p.done == p.total {
                eprintln!();
            }
        }
    };
    let results = sign_many(&jobs, &certificate, &chain, &signer, &options, args.threads, &progress)?;
    let all_ok = results.iter().all(|r| r.result.is_ok());
    let files: Vec<Value> = results
        .iter()
        .map(|r| match &r.result {
            Ok(()) => json!({ "input": r.job.input, "output": r.job.output, "signed": true }),
            Err(e) => json!({ "input": r.job.input, "signed": false, "code": e.code(), "error_id": e.message_id(), "error_en": e.message_en() }),
        })
        .collect();
    let signed = results.iter().filter(|r| r.result.is_ok()).count();
    Ok((json!({ "signed": signed, "failed": results.len() - signed, "files": files }), all_ok))
}

fn signer(args: &SignArgs) -> Result<(KeySigner, Certificate, Vec<Certificate>)> {
    let mut chain = match &args.chain {
        Some(path) => Certificate::parse_all(&read(path)?)?,
        None => Vec::new(),
    };
    if let Some(p12) = &args.p12 {
        let bundle = Pkcs12::from_der(&read(p12)?, &args.passphrase.read()?)?;
        chain.extend(bundle.chain);
        return Ok((KeySigner::new(bundle.key), bundle.certificate, chain));
    }
    let cert_path = args.cert.as_ref().ok_or(Error::Io { path: "--cert".into(), detail: "required".into() })?;
    let certificate = Certificate::from_pem(&read_text(cert_path)?)?;
    let key = match (&args.key, &args.keystore, &args.holder) {
        (Some(key), _, _) => PrivateKey::from_pem(&read_text(key)?, Some(&args.passphrase.read()?))?,
        (None, Some(store), Some(holder)) => Keystore::open(store)?.unlock(holder, &args.passphrase.read()?)?,
        _ => return Err(Error::Io { path: "--key / --p12 / --keystore".into(), detail: "give one key source".into() }),
    };
    if key.public_key_der()? != certificate.public_key_der() {
        return Err(Error::Malformed { what: "key does not match the certificate" });
    }
    Ok((KeySigner::new(key), certificate, chain))
}

fn jobs(args: &SignArgs) -> Result<Vec<Job>> {
    match (&args.out, &args.out_dir) {
        (Some(out), None) if args.inputs.len() == 1 => {
            Ok(vec![Job { input: args.inputs[0].clone(), output: out.clone() }])
        }
        (None, Some(dir)) => Ok(args
            .inputs
            .iter()
            .map(|input| Job { input: input.clone(), output: dir.join(input.file_name().unwrap_or_default()) })
            .collect()),
        _ => Err(Error::Io {
            path: "--out / --out-dir".into(),
            detail: "--out for one file, --out-dir for several".into(),
        }),
    }
}

/// Verifies the inputs; returns the reports and whether every signature is valid.
pub fn verify(args: &VerifyArgs) -> Result<(Value, bool)> {
    let anchors = Certificate::parse_all(&read(&args.trust)?)?;
    let intermediates = match &args.intermediate {
        Some(path) => Certificate::parse_all(&read(path)?)?,
        None => Vec::new(),
    };
    let crls = args.crl.iter().map(|p| Crl::from_bytes(&read(p)?)).collect::<Result<Vec<_>>>()?;
    let validator = PathValidator::new(anchors).with_intermediates(intermediates).with_crls(crls);
    let mut all_valid = true;
    let mut files = Vec::new();
    for input in &args.inputs {
        let reports = pdf::verify(&read(input)?, &validator, SystemClock.now())?;
        all_valid &= !reports.is_empty() && reports.iter().all(|r| r.valid);
        files.push(json!({ "file": input, "signatures": reports }));
    }
    Ok((json!({ "valid": all_valid, "files": files }), all_valid))
}
