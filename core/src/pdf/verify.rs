//! Verification of every signature in a PDF: the ByteRange covers the file but exactly
//! the `/Contents` hex string; the digest over it matches the CMS messageDigest; the CMS
//! signature verifies; the signer's chain validates to the given trust anchors (with the
//! given CRLs) at validation time; and what later revisions changed, each change
//! classified and judged against what the signature permits ([`super::diff`]). A report
//! per signature, serializable as JSON, with a verdict: valid and untouched, valid with
//! permitted later changes (listed), or invalid.

use super::diff::{self, Change, ChangeClass, ModificationLevel, Permissions};
use super::document::Document;
use super::form::{Field, Form};
use super::object::{Dict, Object, decode_text};
use crate::cms::verify_detached;
use crate::date::Timestamp;
use crate::pki::PathValidator;
use crate::{Error, Result};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The verdict on one signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SignatureReport {
    /// The field's name.
    pub field: String,
    /// `/SubFilter` (ETSI.CAdES.detached, adbe.pkcs7.detached, …).
    pub sub_filter: String,
    /// The signer's subject, if the CMS could be read.
    pub signer: Option<String>,
    /// The signer certificate's serial, hex.
    pub signer_serial: Option<String>,
    /// `/M` as written by the signer (a claim, not a proof of time).
    pub claimed_time: Option<String>,
    /// `/ByteRange`.
    pub byte_range: Vec<i64>,
    /// The ByteRange starts at 0 and leaves out exactly the `/Contents` hex string.
    pub byte_range_ok: bool,
    /// The signature covers the file up to its end (no later revision).
    pub covers_whole_file: bool,
    /// The digest over the ByteRange matches the signed messageDigest.
    pub digest_ok: bool,
    /// The CMS signature verifies with the signer's key.
    pub signature_ok: bool,
    /// The signer's certificate chains to a trust anchor and is valid and unrevoked at
    /// the validation time (the timestamp's time when there is one).
    pub chain_ok: bool,
    /// The RFC 3161 signature timestamp's time, if the signature carries a valid one.
    pub timestamp: Option<String>,
    /// How far the changes after this signature go.
    pub modification_level: ModificationLevel,
    /// Every change after this signature, judged.
    pub changes: Vec<Change>,
    /// The changes this signature does not permit, in words.
    pub disallowed_changes: Vec<String>,
    /// Why the signature is not valid (empty when it is).
    pub problems: Vec<String>,
    /// The verdict.
    pub verdict: Verdict,
    /// The signature is valid (the verdict is not [`Verdict::Invalid`]).
    pub valid: bool,
}

/// What a signature's report concludes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Valid, and nothing was added after it.
    ValidUntouched,
    /// Valid; later revisions made changes the signature permits (listed in the report).
    ValidWithPermittedChanges,
    /// Not valid: the cryptography, the certificate or a later change fails.
    Invalid,
}

/// Verifies every signature of `bytes` with `validator` at time `at`.
pub fn verify(bytes: &[u8], validator: &PathValidator, at: Timestamp) -> Result<Vec<SignatureReport>> {
    let doc = Document::parse(bytes)?;
    let mut reports = Vec::new();
    for (name, field, sig) in signature_fields(&doc)? {
        match sig {
            Ok(sig) => reports.push(check(&doc, bytes, name, &field, &sig, validator, at)),
            Err(err) => reports.push(unreadable(name, &err)),
        }
    }
    Ok(reports)
}

impl SignatureReport {
    /// A report for `field` with nothing checked yet.
    fn new(field: String) -> SignatureReport {
        SignatureReport {
            field,
            sub_filter: String::new(),
            signer: None,
            signer_serial: None,
            claimed_time: None,
            byte_range: Vec::new(),
            byte_range_ok: false,
            covers_whole_file: false,
            digest_ok: false,
            signature_ok: false,
            chain_ok: false,
            timestamp: None,
            modification_level: ModificationLevel::None,
            changes: Vec::new(),
            disallowed_changes: Vec::new(),
            problems: Vec::new(),
            verdict: Verdict::Invalid,
            valid: false,
        }
    }
}

/// The report of a signature whose dictionary cannot be read.
fn unreadable(field: String, err: &Error) -> SignatureReport {
    let mut report = SignatureReport::new(field);
    report.problems.push(format!("signature dictionary unreadable: {}", err.message_en()));
    report
}

/// A signed field: its name, its dictionary, and its signature dictionary or why that
/// cannot be read.
type SignedField = (String, Dict, Result<Dict>);

/// The signed fields, in document order.
fn signature_fields(doc: &Document<'_>) -> Result<Vec<SignedField>> {
    let form = Form::read(doc, &doc.catalog()?)?;
    let mut found = Vec::new();
    for field in form.fields.into_iter().filter(Field::is_signature) {
        let Some(value) = field.dict.get(b"V") else { continue };
        match doc.resolve(value) {
            Ok(Object::Dict(sig)) => found.push((field.name, field.dict, Ok(sig))),
            Ok(_) => {}
            Err(err) => found.push((field.name, field.dict, Err(err))),
        }
    }
    Ok(found)
}

fn check(
    doc: &Document<'_>,
    bytes: &[u8],
    field: String,
    field_dict: &Dict,
    sig: &Dict,
    validator: &PathValidator,
    at: Timestamp,
) -> SignatureReport {
    let mut report = SignatureReport::new(field);
    report.sub_filter = sig.name(b"SubFilter").map(|n| String::from_utf8_lossy(n).into_owned()).unwrap_or_default();
    if let Some(Object::String(m)) = sig.get(b"M") {
        report.claimed_time = Some(decode_text(m));
    }
    let range = sig.get(b"ByteRange").and_then(Object::as_array).unwrap_or_default();
    report.byte_range = range.iter().filter_map(|o| if let Object::Integer(i) = o { Some(*i) } else { None }).collect();
    let Some((signed_end, gap, digest)) = byte_range(bytes, &report.byte_range) else {
        report.problems.push("ByteRange does not leave out exactly /Contents".into());
        return report;
    };
    report.byte_range_ok = true;
    report.covers_whole_file = bytes[signed_end..].iter().all(|b| super::parse::is_whitespace(*b));
    let contents = match sig.get(b"Contents") {
        Some(Object::String(c)) => c.clone(),
        _ => Vec::new(),
    };
    if crate::unhex(std::str::from_utf8(gap).unwrap_or("")).ok().as_deref() != Some(&contents[..]) {
        report.byte_range_ok = false;
        report.problems.push("the ByteRange gap is not the /Contents of this signature".into());
        return report;
    }
    let cms = der_prefix(&contents);
    match verify_detached(cms, &digest) {
        Ok(signature) => {
            report.digest_ok = true;
            report.signature_ok = true;
            report.signer = Some(signature.signer.subject());
            report.signer_serial = Some(signature.signer.serial_hex());
            let validator = validator.clone().with_intermediates(signature.certificates.clone());
            let mut when = at;
            if let Some(token) = &signature.timestamp_token {
                match crate::cms::timestamp::verify(token, &signature.signature) {
                    Ok(stamp) => {
                        let tsa = validator.clone().with_intermediates(stamp.signer.certificates.clone());
                        match tsa.validate(&stamp.signer.signer, stamp.time) {
                            Ok(_) => {
                                when = stamp.time;
                                report.timestamp = Some(crate::pdf::sign::pdf_date(stamp.time));
                            }
                            Err(err) => report.problems.push(format!("timestamp authority: {}", err.message_en())),
                        }
                    }
                    Err(err) => report.problems.push(format!("timestamp: {}", err.message_en())),
                }
            }
            match validator.validate(&signature.signer, when) {
                Ok(_) => report.chain_ok = true,
                Err(err) => report.problems.push(format!("certificate: {}", err.message_en())),
            }
        }
        Err(Error::BadSignature) => {
            report.problems.push("the document was changed after signing, or the signature is broken".into());
        }
        Err(err) => report.problems.push(format!("CMS: {}", err.message_en())),
    }
    if !report.covers_whole_file {
        report.changes = later_changes(doc, bytes, signed_end, &Permissions::of(doc, sig, field_dict));
        report.modification_level = diff::level(&report.changes);
        report.disallowed_changes = report.changes.iter().filter(|c| !c.permitted).map(|c| c.what.clone()).collect();
    }
    report.problems.extend(report.disallowed_changes.iter().map(|c| format!("changed after signing: {c}")));
    report.valid = report.byte_range_ok
        && report.digest_ok
        && report.signature_ok
        && report.chain_ok
        && report.disallowed_changes.is_empty();
    report.verdict = match (report.valid, report.covers_whole_file) {
        (false, _) => Verdict::Invalid,
        (true, true) => Verdict::ValidUntouched,
        (true, false) => Verdict::ValidWithPermittedChanges,
    };
    report
}

/// The changes after the revision that ends at `signed_end`, judged; a later revision
/// that cannot be analysed is itself a change no signature permits.
fn later_changes(doc: &Document<'_>, bytes: &[u8], signed_end: usize, permissions: &Permissions) -> Vec<Change> {
    let analysed = Document::parse(&bytes[..signed_end]).and_then(|signed| diff::analyse(&signed, doc, permissions));
    analysed.unwrap_or_else(|err| {
        vec![Change {
            object: None,
            field: None,
            class: ChangeClass::Other,
            visible: true,
            permitted: false,
            what: format!("the later revisions cannot be analysed: {}", err.message_en()),
        }]
    })
}

/// Checks the ByteRange shape; returns the end of the signed revision, the gap's hex
/// digits and the SHA-256 over the two ranges.
fn byte_range<'a>(bytes: &'a [u8], range: &[i64]) -> Option<(usize, &'a [u8], Vec<u8>)> {
    let [a, b, c, d] = <[i64; 4]>::try_from(range).ok()?;
    let (b, c, d) = (usize::try_from(b).ok()?, usize::try_from(c).ok()?, usize::try_from(d).ok()?);
    let end = c.checked_add(d)?;
    if a != 0 || b == 0 || c <= b + 1 || end > bytes.len() || bytes[b] != b'<' || bytes[c - 1] != b'>' {
        return None;
    }
    let gap = &bytes[b + 1..c - 1];
    if !gap.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..b]);
    hasher.update(&bytes[c..end]);
    Some((end, gap, hasher.finalize().to_vec()))
}

/// The DER value at the start of `bytes` (`/Contents` is padded with zeros).
fn der_prefix(bytes: &[u8]) -> &[u8] {
    let total = match bytes.get(1) {
        Some(&len) if len < 0x80 => 2 + usize::from(len),
        Some(&len) => {
            let n = usize::from(len & 0x7f);
            let value = bytes.get(2..2 + n).map(|l| l.iter().fold(0usize, |acc, b| (acc << 8) | usize::from(*b)));
            value.map_or(bytes.len(), |v| 2 + n + v)
        }
        None => bytes.len(),
    };
    &bytes[..total.min(bytes.len())]
}
