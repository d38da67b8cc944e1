//! `tte sign` and `tte verify`: PDF signatures from the command line.

use crate::keys::KeyPassphrase;
use clap::Args;
use serde_json::{Value, json};
use std::path::PathBuf;
use tte_core::bulk::{Job, Progress, sign_many};
use tte_core::fsio::{read, read_text, write_atomically};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::appearance::{BSRE_FOOTER, Stamp};
use tte_core::pdf::{self, PageChoice, PdfSignOptions, Placement, Visible};
use tte_core::pki::{Certificate, Crl, Keystore, PathValidator, Pkcs12, PrivateKey};
use tte_core::signer::{KeySigner, SignatureScheme};
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
    /// Signature field name: an empty signature field of that name is filled, else a new
    /// field is made (by default the first empty field no signature locks is filled).
    #[arg(long)]
    field: Option<String>,
    /// Certify the document (DocMDP): 1 no changes, 2 form filling and signing, 3 also
    /// annotations. Only the first signature of a document can certify it.
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    certify: Option<u8>,
    /// Threads for many files (all cores by default).
    #[arg(long)]
    threads: Option<usize>,
    #[command(flatten)]
    visible: VisibleArgs,
}

/// A visible stamp (any of these options makes the signature visible).
#[derive(Args)]
pub struct VisibleArgs {
    /// Page of the stamp: first, last or a number (with --rect).
    #[arg(long, default_value = "first")]
    page: String,
    /// Stamp rectangle x1,y1,x2,y2 in points from the bottom-left corner.
    #[arg(long, value_delimiter = ',')]
    rect: Option<Vec<f64>>,
    /// Put the stamp at this anchor character in the page text (e.g. '#').
    #[arg(long)]
    anchor: Option<char>,
    /// Stamp size w,h for --anchor.
    #[arg(long, value_delimiter = ',', default_values_t = [220.0, 80.0])]
    size: Vec<f64>,
    /// Offset dx,dy from the anchor.
    #[arg(long, value_delimiter = ',', allow_negative_numbers = true, default_values_t = [0.0, 0.0])]
    offset: Vec<f64>,
    /// A text line of the stamp (repeatable; default: the signer's name and the date).
    #[arg(long = "line")]
    lines: Vec<String>,
    /// URL shown as a QR code.
    #[arg(long)]
    qr_url: Option<String>,
    /// JPEG or PNG image in the stamp.
    #[arg(long)]
    image: Option<PathBuf>,
    /// Leave out the BSrE footer.
    #[arg(long)]
    no_footer: bool,
}

impl VisibleArgs {
    fn visible(&self, certificate: &Certificate) -> Result<Option<Visible>> {
        let sizes_ok =
            self.rect.as_ref().is_none_or(|r| r.len() == 4) && self.size.len() == 2 && self.offset.len() == 2;
        if !sizes_ok {
            return Err(Error::PdfMalformed { what: "--rect takes x1,y1,x2,y2; --size w,h; --offset dx,dy" });
        }
        let placement = match (&self.rect, self.anchor) {
            (Some(rect), None) => {
                let page = match self.page.as_str() {
                    "first" | "pertama" => PageChoice::First,
                    "last" | "terakhir" => PageChoice::Last,
                    number => PageChoice::Number(number.parse().map_err(|_| Error::PdfMalformed { what: "--page" })?),
                };
                Placement::Rect { page, rect: [rect[0], rect[1], rect[2], rect[3]] }
            }
            (None, Some(character)) => Placement::Anchor {
                character,
                size: [self.size[0], self.size[1]],
                offset: [self.offset[0], self.offset[1]],
            },
            (None, None) => return Ok(None),
            (Some(_), Some(_)) => return Err(Error::PdfMalformed { what: "--rect and --anchor together" }),
        };
        let lines = if self.lines.is_empty() {
            let name = certificate.subject_attribute(tte_core::pki::OID_COMMON_NAME).unwrap_or_default();
            vec!["Ditandatangani secara elektronik oleh:".to_string(), name, SystemClock.now().to_wib_string()]
        } else {
            self.lines.clone()
        };
        let stamp = Stamp {
            lines,
            qr_url: self.qr_url.clone(),
            image: self.image.as_ref().map(|p| read(p)).transpose()?,
            footer: (!self.no_footer).then(|| BSRE_FOOTER.to_string()),
        };
        Ok(Some(Visible { stamp, placement }))
    }
}

/// `tte prepare`: phase one of two-phase signing.
#[derive(Args)]
pub struct PrepareArgs {
    /// The PDF to sign.
    input: PathBuf,
    /// The signer's certificate (PEM).
    #[arg(long)]
    cert: PathBuf,
    /// Certificates to embed (PEM bundle).
    #[arg(long)]
    chain: Option<PathBuf>,
    /// Sign with RSA-PSS instead of PKCS#1 v1.5 (RSA keys).
    #[arg(long)]
    pss: bool,
    /// Where to write the state (small JSON, no secret) for `tte finish`.
    #[arg(long)]
    state: PathBuf,
    /// Where to write the prepared PDF, kept for `tte finish`.
    #[arg(long)]
    prepared: PathBuf,
    /// Where to write the bytes the key holder signs.
    #[arg(long)]
    to_be_signed: PathBuf,
    /// `/Reason`.
    #[arg(long)]
    reason: Option<String>,
    #[command(flatten)]
    visible: VisibleArgs,
}

/// `tte finish`: phase two.
#[derive(Args)]
pub struct FinishArgs {
    /// The state written by `tte prepare`.
    #[arg(long)]
    state: PathBuf,
    /// The prepared PDF written by `tte prepare` with that state.
    #[arg(long)]
    prepared: PathBuf,
    /// The raw signature over the to-be-signed bytes …
    #[arg(long, conflicts_with = "cms")]
    signature: Option<PathBuf>,
    /// … or a complete CMS (DER) over the document digest.
    #[arg(long)]
    cms: Option<PathBuf>,
    /// Where to write the signed PDF.
    #[arg(long)]
    out: PathBuf,
}

/// Phase one: writes the state and the bytes to sign.
pub fn prepare(args: &PrepareArgs) -> Result<Value> {
    let certificate = Certificate::from_pem(&read_text(&args.cert)?)?;
    let chain = match &args.chain {
        Some(path) => Certificate::parse_all(&read(path)?)?,
        None => Vec::new(),
    };
    let scheme = SignatureScheme::for_certificate(&certificate, args.pss);
    let options = PdfSignOptions {
        visible: args.visible.visible(&certificate)?,
        reason: args.reason.clone(),
        signing_time: Some(SystemClock.now()),
        ..PdfSignOptions::default()
    };
    let prepared = pdf::prepare(&read(&args.input)?, &certificate, &chain, scheme, &options)?;
    write_atomically(&args.prepared, prepared.prepared())?;
    write_atomically(&args.to_be_signed, &prepared.to_be_signed()?)?;
    write_atomically(&args.state, serde_json::to_string(&prepared.state())?.as_bytes())?;
    Ok(json!({
        "state": args.state,
        "prepared": args.prepared,
        "to_be_signed": args.to_be_signed,
        "scheme": format!("{scheme:?}"),
        "document_sha256": tte_core::pdf::hex(prepared.document_digest()),
    }))
}

/// Phase two: writes the signed PDF.
pub fn finish(args: &FinishArgs) -> Result<Value> {
    let state: pdf::PreparedState = serde_json::from_str(&read_text(&args.state)?)?;
    let prepared = pdf::PreparedPdf::resume(state, read(&args.prepared)?)?;
    let signed = match (&args.signature, &args.cms) {
        (Some(sig), None) => prepared.finish(&read(sig)?)?,
        (None, Some(cms)) => prepared.finish_with_cms(&read(cms)?)?,
        _ => return Err(Error::Io { path: "--signature / --cms".into(), detail: "give one".into() }),
    };
    write_atomically(&args.out, &signed)?;
    Ok(json!({ "signed": args.out }))
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
        visible: args.visible.visible(&certificate)?,
        field_name: args.field.clone(),
        certify: args.certify,
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
    for failed in results.iter().filter_map(|r| r.result.as_ref().err().map(|e| (&r.job.input, e))) {
        let (input, err) = failed;
        eprintln!("tte: {}: [{}] {}\n     {}", input.display(), err.code(), err.message_id(), err.message_en());
    }
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
