//! PDF: a lazy reader, an incremental writer, PAdES signing and verification.

pub mod anchor;
pub mod appearance;
pub mod diff;
pub mod document;
pub mod filter;
pub(crate) mod form;
pub mod letter;
pub mod object;
pub(crate) mod parse;
pub(crate) mod sigfield;
pub mod sign;
pub(crate) mod source;
pub mod verify;
pub mod writer;

pub use document::Document;
pub use object::{Dict, ObjRef, Object, Real, Stream};
pub use sign::{
    PageChoice, PdfSignOptions, Placement, PreparedPdf, PreparedState, Visible, prepare, prepare_reserving, sign,
    sign_file, sign_timestamped,
};
pub use verify::{SignatureReport, Verdict, verify};

/// Lower-case hex of `bytes` (digests in reports and tools).
pub fn hex(bytes: &[u8]) -> String {
    crate::hex(bytes)
}
