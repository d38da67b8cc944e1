//! Incremental updates (ISO 32000-1 §7.5.6): new and changed objects appended after the
//! original bytes, which are never touched, with a cross-reference section of the same
//! kind as the newest one (table or stream) chained to it by `/Prev`.

use super::document::Document;
use super::object::{Dict, ObjRef, Object};
use super::parse::malformed;
use crate::Result;

/// Where each written object's body starts in the new file.
pub type BodyOffsets = Vec<(ObjRef, usize)>;

/// An incremental update being assembled.
pub struct IncrementalUpdate<'d, 'a> {
    doc: &'d Document<'a>,
    objects: Vec<(ObjRef, Vec<u8>)>,
    next: u32,
}

impl<'d, 'a> IncrementalUpdate<'d, 'a> {
    /// An empty update of `doc`.
    pub fn new(doc: &'d Document<'a>) -> IncrementalUpdate<'d, 'a> {
        IncrementalUpdate { doc, objects: Vec::new(), next: doc.next_object_number() }
    }

    /// A fresh object number.
    pub fn allocate(&mut self) -> ObjRef {
        let r = ObjRef { num: self.next, generation: 0 };
        self.next += 1;
        r
    }

    /// Writes `object` as `r` (new, or replacing the old version).
    pub fn put(&mut self, r: ObjRef, object: &Object) {
        let mut body = Vec::new();
        object.write_to(&mut body);
        self.put_raw(r, body);
    }

    /// Writes an object whose body is already serialized.
    pub fn put_raw(&mut self, r: ObjRef, body: Vec<u8>) {
        self.objects.retain(|(id, _)| *id != r);
        self.objects.push((r, body));
    }

    /// The whole new file: the original bytes followed by the update (for a document in
    /// memory). Returns the file and the offset at which each object's body starts.
    pub fn finish(self) -> Result<(Vec<u8>, BodyOffsets)> {
        let original = self.doc.bytes().map(<[u8]>::to_vec).ok_or(malformed("document not in memory"))?;
        let (tail, bodies) = self.finish_tail()?;
        let mut out = original;
        out.extend_from_slice(&tail);
        Ok((out, bodies))
    }

    /// Only the bytes to append to the original file, and the offset (in the whole new
    /// file) at which each object's body starts.
    pub fn finish_tail(mut self) -> Result<(Vec<u8>, BodyOffsets)> {
        let base = self.doc.len();
        let mut out = Vec::with_capacity(64 * 1024);
        if self.doc.last_byte()? != Some(b'\n') {
            out.push(b'\n');
        }
        // Offsets below are positions in `out`; the file's are `base` more.
        let mut offsets = Vec::new();
        let mut bodies = Vec::new();
        for (r, body) in &self.objects {
            let header = format!("{} {} obj\n", r.num, r.generation);
            offsets.push((*r, base + out.len()));
            bodies.push((*r, base + out.len() + header.len()));
            out.extend_from_slice(header.as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        }
        let mut trailer = Dict::default();
        for key in [&b"Root"[..], b"Info", b"ID"] {
            if let Some(value) = self.doc.trailer().get(key) {
                trailer.set(key, value.clone());
            }
        }
        if self.doc.is_repaired() {
            // The file's own cross-reference is broken: this section lists every object
            // (as found by the repair) and chains to nothing.
            for (r, offset) in self.doc.objects_in_file() {
                if !offsets.iter().any(|(new, _)| new.num == r.num) {
                    offsets.push((r, offset));
                }
            }
        } else {
            trailer.set(b"Prev", Object::Integer(self.doc.startxref() as i64));
        }
        let xref_at = if self.doc.uses_xref_stream() {
            let stream_ref = self.allocate();
            offsets.push((stream_ref, base + out.len()));
            trailer.set(b"Size", Object::Integer(i64::from(self.next)));
            write_xref_stream(&mut out, stream_ref, &offsets, trailer)
        } else {
            trailer.set(b"Size", Object::Integer(i64::from(self.next)));
            write_xref_table(&mut out, &offsets, trailer)
        };
        out.extend_from_slice(format!("startxref\n{}\n%%EOF\n", base + xref_at).as_bytes());
        Ok((out, bodies))
    }
}

/// Consecutive runs of object numbers, for `/Index` and table subsections.
fn runs(offsets: &[(ObjRef, usize)]) -> Vec<Vec<(ObjRef, usize)>> {
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(r, _)| r.num);
    let mut runs: Vec<Vec<(ObjRef, usize)>> = Vec::new();
    for entry in sorted {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(r, _)| r.num + 1 == entry.0.num) => run.push(entry),
            _ => runs.push(vec![entry]),
        }
    }
    runs
}

fn write_xref_table(out: &mut Vec<u8>, offsets: &[(ObjRef, usize)], trailer: Dict) -> usize {
    let at = out.len();
    out.extend_from_slice(b"xref\n");
    for run in runs(offsets) {
        out.extend_from_slice(format!("{} {}\n", run[0].0.num, run.len()).as_bytes());
        for (r, offset) in run {
            out.extend_from_slice(format!("{offset:010} {:05} n \n", r.generation).as_bytes());
        }
    }
    out.extend_from_slice(b"trailer\n");
    Object::Dict(trailer).write_to(out);
    out.push(b'\n');
    at
}

fn write_xref_stream(out: &mut Vec<u8>, stream_ref: ObjRef, offsets: &[(ObjRef, usize)], mut dict: Dict) -> usize {
    let at = out.len();
    let mut index = Vec::new();
    let mut data = Vec::new();
    for run in runs(offsets) {
        index.push(Object::Integer(i64::from(run[0].0.num)));
        index.push(Object::Integer(run.len() as i64));
        for (r, offset) in run {
            data.push(1u8);
            data.extend_from_slice(&(offset as u64).to_be_bytes()[3..]);
            data.extend_from_slice(&r.generation.to_be_bytes());
        }
    }
    dict.set(b"Type", Object::name("XRef"));
    dict.set(b"W", Object::Array(vec![Object::Integer(1), Object::Integer(5), Object::Integer(2)]));
    dict.set(b"Index", Object::Array(index));
    let stream = Object::Stream(super::object::Stream { dict, data });
    out.extend_from_slice(format!("{} {} obj\n", stream_ref.num, stream_ref.generation).as_bytes());
    stream.write_to(out);
    out.extend_from_slice(b"\nendobj\n");
    at
}
