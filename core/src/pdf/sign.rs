//! PAdES signing (ETSI EN 319 142-1, B-B) by incremental update: a signature field with
//! an invisible widget on the first page or a visible stamp placed by page and rectangle
//! or at an anchor character, a signature dictionary with SubFilter
//! `ETSI.CAdES.detached`, a `/Contents` sized exactly once before signing (from the
//! largest CMS the signer's key can produce), and a ByteRange covering everything but
//! `/Contents`. Signing is one call, or two phases with a serializable middle.

use super::appearance::Stamp;
use super::document::Document;
use super::form::Form;
use super::object::{Dict, Object, text_string};
use super::parse::malformed;
use super::sigfield::{self, Target, create_field, fill_field, register_in_form};
use super::writer::IncrementalUpdate;
use crate::cms::PreparedSignature;
use crate::cms::timestamp::{self, TimestampAuthority};
use crate::date::Timestamp;
use crate::pki::Certificate;
use crate::signer::{SignatureScheme, Signer};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// What a signature says about itself.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PdfSignOptions {
    /// Name of the signature field (default `Signature<n>`).
    pub field_name: Option<String>,
    /// `/Reason`.
    pub reason: Option<String>,
    /// `/Location`.
    pub location: Option<String>,
    /// `/ContactInfo`.
    pub contact_info: Option<String>,
    /// `/Name` (default: the certificate's Common Name).
    pub name: Option<String>,
    /// `/M`, the claimed signing time (the signer's claim; a timestamp proves time).
    pub signing_time: Option<Timestamp>,
    /// A visible stamp and where it goes; invisible when `None`.
    pub visible: Option<Visible>,
    /// Certify the document (DocMDP) with permissions P: 1 no changes, 2 form filling and
    /// signing, 3 also annotations. Only the first signature can certify.
    pub certify: Option<u8>,
}

/// A visible signature: what it shows and where.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Visible {
    /// The stamp's content.
    pub stamp: Stamp,
    /// Where it goes.
    pub placement: Placement,
}

/// Which page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageChoice {
    /// The first page (`pertama`).
    First,
    /// The last page (`terakhir`).
    Last,
    /// Page number N, from 1.
    Number(usize),
}

/// Where a stamp goes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Placement {
    /// A rectangle `[x1, y1, x2, y2]` in points from the page's bottom-left corner.
    Rect {
        /// The page.
        page: PageChoice,
        /// The rectangle.
        rect: [f64; 4],
    },
    /// At an anchor character in the page text (as e-office templates mark the spot,
    /// e.g. `#`): the stamp's lower-left corner at the character plus `offset`.
    Anchor {
        /// The anchor character.
        character: char,
        /// Width and height of the stamp.
        size: [f64; 2],
        /// Offset from the anchor's position.
        offset: [f64; 2],
    },
}

/// A PDF prepared up to the bytes to sign: the prepared file (the new revision with
/// `/Contents` still zero) and what signing it needs. For two-phase signing the caller
/// keeps the prepared file ([`PreparedPdf::prepared`]) and the small serializable state
/// ([`PreparedPdf::state`]) and later joins them again with [`PreparedPdf::resume`].
#[derive(Clone, Debug)]
pub struct PreparedPdf {
    signature: PreparedSignaturePart,
    bytes: Vec<u8>,
}

/// What a prepared signature needs besides the prepared file: the digest, where
/// `/Contents` lies, and the CMS part.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct PreparedSignaturePart {
    /// SHA-256 over the ByteRange: what a CMS for this document signs.
    #[serde(with = "crate::hex_serde::bytes")]
    digest: Vec<u8>,
    /// Offset of the first hex digit of `/Contents`.
    contents_at: usize,
    /// Number of hex digits reserved.
    contents_len: usize,
    /// The CMS part.
    cms: PreparedSignature,
}

/// The serializable state of a prepared signature: its [`PreparedSignaturePart`] and
/// what binds it to the prepared file (length and SHA-256). It holds no secret and stays
/// small whatever the size of the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedState {
    #[serde(flatten)]
    signature: PreparedSignaturePart,
    /// SHA-256 of the whole prepared file.
    #[serde(with = "crate::hex_serde::bytes")]
    prepared_sha256: Vec<u8>,
    /// Length of the prepared file.
    prepared_len: usize,
}

const BYTE_RANGE_WIDTH: usize = 10;

impl PreparedPdf {
    /// The prepared file, to keep beside the state for [`PreparedPdf::resume`].
    pub fn prepared(&self) -> &[u8] {
        &self.bytes
    }

    /// The state to keep (serializable) for [`PreparedPdf::resume`]. Binding it to the
    /// prepared file costs one SHA-256 pass, paid only here, not by one-call signing.
    pub fn state(&self) -> PreparedState {
        PreparedState {
            signature: self.signature.clone(),
            prepared_sha256: Sha256::digest(&self.bytes).to_vec(),
            prepared_len: self.bytes.len(),
        }
    }

    /// Joins a state and the prepared file it was made with again. Every value of the
    /// state is checked against the file (length, SHA-256, `/Contents` in range and still
    /// zero, the digest over the ByteRange, the digest the CMS part signs); a mismatch is
    /// a typed error (5013).
    pub fn resume(state: PreparedState, prepared: Vec<u8>) -> Result<PreparedPdf> {
        let mismatch = |what| Error::PdfPreparedMismatch { what };
        if prepared.len() != state.prepared_len {
            return Err(mismatch("the prepared file has another length"));
        }
        if Sha256::digest(&prepared).as_slice() != state.prepared_sha256.as_slice() {
            return Err(mismatch("the prepared file has another SHA-256"));
        }
        let part = &state.signature;
        let end = part.contents_at.checked_add(part.contents_len).filter(|end| *end < prepared.len());
        let Some(end) = end.filter(|_| part.contents_at > 0 && part.contents_len > 0) else {
            return Err(mismatch("/Contents lies outside the file"));
        };
        let placeholder = &prepared[part.contents_at..end];
        if prepared[part.contents_at - 1] != b'<' || prepared[end] != b'>' || placeholder.iter().any(|b| *b != b'0') {
            return Err(mismatch("/Contents is not an empty placeholder there"));
        }
        let mut hasher = Sha256::new();
        hasher.update(&prepared[..part.contents_at - 1]);
        hasher.update(&prepared[end + 1..]);
        if hasher.finalize().as_slice() != part.digest.as_slice() {
            return Err(mismatch("the digest over the ByteRange"));
        }
        if part.cms.message_digest()? != part.digest {
            return Err(mismatch("the CMS part signs another digest"));
        }
        Ok(PreparedPdf { signature: state.signature, bytes: prepared })
    }

    /// The bytes the signer signs.
    pub fn to_be_signed(&self) -> Result<Vec<u8>> {
        self.signature.cms.to_be_signed()
    }

    /// The scheme the signature must use.
    pub fn scheme(&self) -> SignatureScheme {
        self.signature.cms.scheme()
    }

    /// SHA-256 over the ByteRange, for a remote service that returns a whole CMS.
    pub fn document_digest(&self) -> &[u8] {
        &self.signature.digest
    }

    /// The signed PDF, with `signature` (over [`PreparedPdf::to_be_signed`]) in place.
    pub fn finish(self, signature: &[u8]) -> Result<Vec<u8>> {
        let cms = self.signature.cms.finish(signature)?;
        self.embed(&cms)
    }

    /// The signed PDF with `signature` in place and an RFC 3161 timestamp from `tsa` over
    /// it (PAdES B-T). Prepare with [`prepare_reserving`] and room for the token.
    pub fn finish_timestamped(self, signature: &[u8], tsa: &dyn TimestampAuthority) -> Result<Vec<u8>> {
        let cms = self.signature.cms.finish(signature)?;
        self.timestamp_and_embed(&cms, tsa)
    }

    /// Adds a timestamp from `tsa` over the signature of `cms`, then embeds it.
    fn timestamp_and_embed(self, cms: &[u8], tsa: &dyn TimestampAuthority) -> Result<Vec<u8>> {
        let token = timestamp::fetch(tsa, &timestamp::signature_value(cms)?)?;
        let stamped = timestamp::embed(cms, &token)?;
        self.embed(&stamped)
    }

    /// The signed PDF with a complete CMS made elsewhere (a remote hash-signing service),
    /// after checking that it signs this document's digest.
    pub fn finish_with_cms(self, cms: &[u8]) -> Result<Vec<u8>> {
        crate::cms::verify_detached(cms, &self.signature.digest)?;
        self.embed(cms)
    }

    fn embed(mut self, cms: &[u8]) -> Result<Vec<u8>> {
        let hex = crate::hex(cms);
        fits_reserved(hex.len(), self.signature.contents_len)?;
        let at = self.signature.contents_at;
        self.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// Signs `input` in one call.
pub fn sign(
    input: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
) -> Result<Vec<u8>> {
    let prepared = prepare(input, certificate, chain, signer.scheme(), options)?;
    let cms = prepared.signature.cms.sign_with(signer)?;
    prepared.embed(&cms)
}

/// Signs `input` and timestamps the signature with `tsa` (PAdES B-T). The space for the
/// token is measured once with a token over a dummy value, so `/Contents` is still sized
/// before signing.
pub fn sign_timestamped(
    input: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
    tsa: &dyn TimestampAuthority,
) -> Result<Vec<u8>> {
    let probe = timestamp::fetch(tsa, &[0u8; 64])?;
    let prepared = prepare_reserving(input, certificate, chain, signer.scheme(), options, probe.der.len() + 512)?;
    let cms = prepared.signature.cms.sign_with(signer)?;
    prepared.timestamp_and_embed(&cms, tsa)
}

/// Prepares the incremental update and the CMS up to the bytes to sign.
pub fn prepare(
    input: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    scheme: SignatureScheme,
    options: &PdfSignOptions,
) -> Result<PreparedPdf> {
    prepare_reserving(input, certificate, chain, scheme, options, 0)
}

/// [`prepare`], with `extra` bytes of `/Contents` for unsigned attributes (a timestamp).
pub fn prepare_reserving(
    input: &[u8],
    certificate: &Certificate,
    chain: &[Certificate],
    scheme: SignatureScheme,
    options: &PdfSignOptions,
    extra: usize,
) -> Result<PreparedPdf> {
    let doc = Document::parse(input)?;
    let update = signature_update(&doc, certificate, options, contents_size(certificate, chain, scheme, extra)?)?;
    let mut bytes = input.to_vec();
    bytes.extend_from_slice(&update.tail);
    let (open, close) = (update.contents_open, update.contents_open + update.contents_len + 2);
    let mut hasher = Sha256::new();
    hasher.update(&bytes[..open]);
    hasher.update(&bytes[close..]);
    let digest: [u8; 32] = hasher.finalize().into();
    let cms = PreparedSignature::new(&digest, certificate, chain, scheme, None)?;
    let signature = PreparedSignaturePart {
        digest: digest.to_vec(),
        contents_at: open + 1,
        contents_len: update.contents_len,
        cms,
    };
    Ok(PreparedPdf { signature, bytes })
}

/// Signs the file `input` into `output` (written to a temporary file and renamed) with
/// memory that does not grow with the file: only the objects signing needs are read,
/// the digest streams over the file, and the output is the input copied in chunks plus
/// the update.
pub fn sign_file(
    input: &Path,
    output: &Path,
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
) -> Result<()> {
    sign_file_unsynced(input, output, certificate, chain, signer, options)?.commit()
}

/// [`sign_file`] up to a temporary file beside `output`: [`crate::fsio::Unsynced::commit`]
/// syncs and renames it (bulk signing overlaps that with the next document).
pub(crate) fn sign_file_unsynced(
    input: &Path,
    output: &Path,
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
) -> Result<crate::fsio::Unsynced> {
    let io = |e: std::io::Error| Error::Io { path: input.display().to_string(), detail: e.to_string() };
    let file = std::fs::File::open(input).map_err(io)?;
    let doc = Document::open_file(&file)?;
    let scheme = signer.scheme();
    let mut update = signature_update(&doc, certificate, options, contents_size(certificate, chain, scheme, 0)?)?;
    let base = doc.len();
    let open = update.contents_open - base;
    let close = open + update.contents_len + 2;
    let mut hasher = Sha256::new();
    let mut reader = std::io::BufReader::with_capacity(1 << 20, &file);
    std::io::copy(&mut std::io::Read::by_ref(&mut reader), &mut HashWriter(&mut hasher)).map_err(io)?;
    hasher.update(&update.tail[..open]);
    hasher.update(&update.tail[close..]);
    let digest: [u8; 32] = hasher.finalize().into();
    let prepared = PreparedSignature::new(&digest, certificate, chain, scheme, None)?;
    let cms = prepared.sign_with(signer)?;
    let hex = crate::hex(&cms);
    fits_reserved(hex.len(), update.contents_len)?;
    update.tail[open + 1..open + 1 + hex.len()].copy_from_slice(hex.as_bytes());
    crate::fsio::write_unsynced_with(output, |out| {
        let mut source = std::fs::File::open(input)?;
        std::io::copy(&mut source, out)?;
        std::io::Write::write_all(out, &update.tail)
    })
}

/// Refuses a signature of `needed` hex digits in `reserved` ones.
fn fits_reserved(needed: usize, reserved: usize) -> Result<()> {
    if needed > reserved { Err(Error::PdfSignatureTooLarge { needed, reserved }) } else { Ok(()) }
}

/// Feeds written bytes to a hash.
struct HashWriter<'h>(&'h mut Sha256);

impl std::io::Write for HashWriter<'_> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0.update(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Hex digits reserved for `/Contents`: the largest CMS the key can produce, plus `extra`.
fn contents_size(
    certificate: &Certificate,
    chain: &[Certificate],
    scheme: SignatureScheme,
    extra: usize,
) -> Result<usize> {
    Ok((PreparedSignature::new(&[0; 32], certificate, chain, scheme, None)?.max_size()? + 64 + extra) * 2)
}

/// The bytes a signature appends: ByteRange set, `/Contents` zero.
struct SignatureUpdate {
    /// The bytes to append to the file.
    tail: Vec<u8>,
    /// Offset (in the whole new file) of the `<` that opens `/Contents`.
    contents_open: usize,
    /// Hex digits reserved in `/Contents`.
    contents_len: usize,
}

/// Builds the incremental update of a signature over `doc`.
fn signature_update(
    doc: &Document<'_>,
    certificate: &Certificate,
    options: &PdfSignOptions,
    contents_len: usize,
) -> Result<SignatureUpdate> {
    let catalog = doc.catalog()?;
    let form = Form::read(doc, &catalog)?;
    let target = sigfield::choose(doc, &form, options)?;
    let pages = doc.pages()?;
    let mut update = IncrementalUpdate::new(doc);
    let sig_ref = update.allocate();
    let (new_field, lock) = match target {
        Target::Fill(field) => {
            fill_field(doc, &pages, field, certificate, options, sig_ref, &mut update)?;
            (None, field.dict.get(b"Lock").map(|l| doc.resolve(l)).transpose()?.and_then(|l| l.as_dict().cloned()))
        }
        Target::Create(name) => (Some(create_field(doc, &pages, &name, options, sig_ref, &mut update)?), None),
    };
    register_in_form(doc, &catalog, new_field, options.certify.is_some(), sig_ref, &mut update)?;
    update.put_raw(sig_ref, signature_dictionary(certificate, options, lock.as_ref(), contents_len));

    let base = doc.len();
    let (mut tail, bodies) = update.finish_tail()?;
    let body_at =
        bodies.iter().find(|(r, _)| *r == sig_ref).map(|(_, at)| *at - base).ok_or(malformed("signature object"))?;
    let open = body_at + locate(&tail[body_at..], b"/Contents <")? + b"/Contents ".len();
    let close = open + 1 + contents_len + 1;
    let total = base + tail.len();
    let byte_range = [0, base + open, base + close, total - (base + close)];
    let range_at = body_at + locate(&tail[body_at..], b"/ByteRange [0 ")? + b"/ByteRange [0 ".len();
    for (i, value) in byte_range[1..].iter().enumerate() {
        let field = format!("{value:<width$}", width = BYTE_RANGE_WIDTH);
        let at = range_at + i * (BYTE_RANGE_WIDTH + 1);
        tail[at..at + BYTE_RANGE_WIDTH].copy_from_slice(field.as_bytes());
    }
    Ok(SignatureUpdate { tail, contents_open: base + open, contents_len })
}

fn locate(haystack: &[u8], needle: &[u8]) -> Result<usize> {
    super::parse::find(haystack, needle).ok_or(malformed("signature dictionary"))
}

/// The signature dictionary with fixed-width ByteRange and zero `/Contents` placeholders.
fn signature_dictionary(
    certificate: &Certificate,
    options: &PdfSignOptions,
    lock: Option<&Dict>,
    contents_len: usize,
) -> Vec<u8> {
    let mut out = b"<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 ".to_vec();
    let placeholder = "0".repeat(BYTE_RANGE_WIDTH);
    out.extend_from_slice(format!("{placeholder} {placeholder} {placeholder}] /Contents <").as_bytes());
    out.resize(out.len() + contents_len, b'0');
    out.push(b'>');
    let mut rest = Dict::default();
    let name = options.name.clone().or_else(|| certificate.subject_attribute(const_oid::db::rfc4519::CN));
    let entries = [
        (&b"Name"[..], name),
        (b"Reason", options.reason.clone()),
        (b"Location", options.location.clone()),
        (b"ContactInfo", options.contact_info.clone()),
    ];
    for (key, value) in entries {
        if let Some(text) = value {
            rest.set(key, text_string(&text));
        }
    }
    if let Some(at) = options.signing_time {
        rest.set(b"M", Object::String(pdf_date(at).into_bytes()));
    }
    let mut references = Vec::new();
    if let Some(permissions) = options.certify {
        let mut params = Dict::default();
        params.set(b"P", Object::Integer(i64::from(permissions.clamp(1, 3))));
        references.push(signature_reference("DocMDP", params));
    }
    // The field's /Lock: this signature locks those fields (FieldMDP).
    if let Some(lock) = lock.filter(|l| l.get(b"Action").is_some()) {
        let mut params = Dict::default();
        for key in [&b"Action"[..], b"Fields"] {
            if let Some(value) = lock.get(key) {
                params.set(key, value.clone());
            }
        }
        references.push(signature_reference("FieldMDP", params));
    }
    if !references.is_empty() {
        rest.set(b"Reference", Object::Array(references));
    }
    for (key, value) in &rest.0 {
        out.push(b' ');
        Object::Name(key.clone()).write_to(&mut out);
        out.push(b' ');
        value.write_to(&mut out);
    }
    out.extend_from_slice(b">>");
    out
}

/// A signature reference dictionary of `method` with its transform parameters.
fn signature_reference(method: &str, mut params: Dict) -> Object {
    params.set(b"Type", Object::name("TransformParams"));
    params.set(b"V", Object::name("1.2"));
    let mut reference = Dict::default();
    reference.set(b"Type", Object::name("SigRef"));
    reference.set(b"TransformMethod", Object::name(method));
    reference.set(b"TransformParams", Object::Dict(params));
    Object::Dict(reference)
}

/// `D:YYYYMMDDHHmmSS+00'00'`.
pub fn pdf_date(at: Timestamp) -> String {
    let date = at.date_utc();
    let secs = at.0.rem_euclid(86_400);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}+00'00'",
        date.year(),
        date.month(),
        date.day(),
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}
