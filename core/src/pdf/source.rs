//! Where a document's bytes come from: memory, or a file read in windows so that
//! signing a large file needs memory for the objects it reads, not for the whole file.

use super::parse::{Parser, malformed};
use crate::{Error, Result};
use std::fs::File;
use std::os::unix::fs::FileExt;

/// First window read from a file, in bytes; windows grow fourfold until a parse fits.
const WINDOW: usize = 64 * 1024;
/// A parse must end this far before a window's end (or at the file's end) to count:
/// a number or keyword cut by the window would otherwise read as a shorter one.
const MARGIN: usize = 64;

/// The bytes of a document.
pub(crate) enum Source<'a> {
    /// In memory (borrowed).
    Memory(&'a [u8]),
    /// In memory (owned: a file whose cross-reference had to be rebuilt).
    Owned(Vec<u8>),
    /// A file, read on demand.
    File { file: &'a File, len: usize },
}

impl Source<'_> {
    /// Total length.
    pub fn len(&self) -> usize {
        match self {
            Source::Memory(bytes) => bytes.len(),
            Source::Owned(bytes) => bytes.len(),
            Source::File { len, .. } => *len,
        }
    }

    /// All the bytes, when they are in memory.
    pub fn in_memory(&self) -> Option<&[u8]> {
        match self {
            Source::Memory(bytes) => Some(bytes),
            Source::Owned(bytes) => Some(bytes),
            Source::File { .. } => None,
        }
    }

    /// Up to `len` bytes from `offset`.
    pub fn read(&self, offset: usize, len: usize) -> Result<Vec<u8>> {
        let end = offset.saturating_add(len).min(self.len());
        let start = offset.min(end);
        match self {
            Source::Memory(bytes) => Ok(bytes[start..end].to_vec()),
            Source::Owned(bytes) => Ok(bytes[start..end].to_vec()),
            Source::File { file, .. } => {
                let mut buffer = vec![0; end - start];
                file.read_exact_at(&mut buffer, start as u64)
                    .map_err(|e| Error::Io { path: "PDF".into(), detail: e.to_string() })?;
                Ok(buffer)
            }
        }
    }

    /// Runs `parse` on the bytes from `offset` (the parser's positions are relative to
    /// `offset`). A file is read in growing windows until the parse ends clear of the
    /// window's end or the window reaches the end of the file.
    pub fn parse_at<T>(&self, offset: usize, parse: impl Fn(&mut Parser<'_>) -> Result<T>) -> Result<T> {
        if offset >= self.len() {
            return Err(malformed("offset beyond the end of the file"));
        }
        if let Some(bytes) = self.in_memory() {
            return parse(&mut Parser::new(&bytes[offset..], 0));
        }
        let mut size = WINDOW;
        loop {
            let window = self.read(offset, size)?;
            let at_end = offset + window.len() >= self.len();
            let mut parser = Parser::new(&window, 0);
            let result = parse(&mut parser);
            let clear = parser.pos + MARGIN <= window.len();
            if at_end || (result.is_ok() && clear) {
                return result;
            }
            size = size.saturating_mul(4);
        }
    }
}
