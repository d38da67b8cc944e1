//! A lazy PDF reader: the cross-reference chain (classic tables, cross-reference
//! streams, hybrid files, `/Prev` revisions) and on-demand objects, including objects
//! inside object streams. It reads only what signing and verification need, so its cost
//! stays close to one pass over the trailer area, not over the whole file. A file with
//! a broken cross-reference is rebuilt by scanning for objects, as viewers do.

use super::filter;
use super::object::{Dict, ObjRef, Object};
use super::parse::{Parser, find, malformed, rfind};
use super::source::Source;
use crate::{Error, Result};
use std::collections::BTreeMap;

/// Where an object lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// Deleted.
    Free,
    /// At a byte offset in the file.
    InFile { offset: usize, generation: u16 },
    /// Inside an object stream.
    InStream { stream: u32, index: u32 },
}

/// Most revisions followed through `/Prev` (a cycle guard).
const MAX_REVISIONS: usize = 512;

/// An opened PDF.
pub struct Document<'a> {
    source: Source<'a>,
    entries: BTreeMap<u32, Entry>,
    trailer: Dict,
    startxref: usize,
    xref_stream: bool,
    repaired: bool,
}

impl<'a> Document<'a> {
    /// Opens `bytes`; encrypted files are refused.
    pub fn parse(bytes: &'a [u8]) -> Result<Document<'a>> {
        Document::open(Source::Memory(bytes))
    }

    /// Opens a file without reading it whole: only the cross-reference sections and the
    /// objects asked for are read. (A file whose cross-reference is broken is read whole
    /// to rebuild it.)
    pub fn open_file(file: &'a std::fs::File) -> Result<Document<'a>> {
        let len = file.metadata().map_err(|e| Error::Io { path: "PDF".into(), detail: e.to_string() })?.len();
        Document::open(Source::File { file, len: usize::try_from(len).map_err(|_| malformed("file too large"))? })
    }

    fn open(source: Source<'a>) -> Result<Document<'a>> {
        let head = source.read(0, 1024)?;
        if find(&head, b"%PDF-").is_none() {
            return Err(malformed("not a PDF (no %PDF header)"));
        }
        let doc = match Document::from_xref(source) {
            Ok(doc) => doc,
            Err((_, source)) => {
                let bytes = match source {
                    Source::File { .. } => Source::Owned(source.read(0, source.len())?),
                    other => other,
                };
                Document::reconstruct(bytes)?
            }
        };
        if doc.trailer.get(b"Encrypt").is_some() {
            return Err(Error::PdfEncrypted);
        }
        Ok(doc)
    }

    /// Reads the cross-reference chain; on failure gives the source back for a repair.
    fn from_xref(source: Source<'a>) -> std::result::Result<Document<'a>, (Error, Source<'a>)> {
        let tail_start = source.len().saturating_sub(2048);
        let tail = match source.read(tail_start, 2048) {
            Ok(tail) => tail,
            Err(err) => return Err((err, source)),
        };
        let startxref = rfind(&tail, b"startxref")
            .ok_or(malformed("no startxref"))
            .and_then(|at| Parser::new(&tail, at + b"startxref".len()).read_uint());
        let startxref = match startxref {
            Ok(offset) => offset as usize,
            Err(err) => return Err((err, source)),
        };
        let mut doc = Document {
            source,
            entries: BTreeMap::new(),
            trailer: Dict::default(),
            startxref,
            xref_stream: false,
            repaired: false,
        };
        match doc.read_chain(startxref) {
            Ok(()) => Ok(doc),
            Err(err) => Err((err, doc.source)),
        }
    }

    fn read_chain(&mut self, startxref: usize) -> Result<()> {
        let mut next = Some(startxref);
        let mut seen = Vec::new();
        while let Some(offset) = next {
            if seen.contains(&offset) || seen.len() >= MAX_REVISIONS {
                return Err(malformed("cross-reference loop"));
            }
            seen.push(offset);
            let (trailer, is_stream) = self.read_section(offset)?;
            if seen.len() == 1 {
                self.trailer = trailer.clone();
                self.xref_stream = is_stream;
            }
            if let Some(hybrid) = trailer.int(b"XRefStm") {
                self.read_section(usize::try_from(hybrid).map_err(|_| malformed("XRefStm"))?)?;
            }
            next = trailer.int(b"Prev").and_then(|p| usize::try_from(p).ok());
        }
        self.root()?;
        Ok(())
    }

    /// Reads one cross-reference section at `offset`; entries already known (from newer
    /// sections) win. Returns its trailer and whether it was a stream.
    fn read_section(&mut self, offset: usize) -> Result<(Dict, bool)> {
        let table = self.source.parse_at(offset, |parser| {
            if !parser.at_keyword(b"xref") {
                return Ok(None);
            }
            parser.expect_keyword(b"xref")?;
            let mut rows = Vec::new();
            while !parser.at_keyword(b"trailer") {
                let first = parser.read_uint()? as u32;
                let count = parser.read_uint()?;
                for i in 0..count {
                    let field = parser.read_uint()?;
                    let generation = parser.read_uint()?;
                    parser.skip_space();
                    let kind = parser.bytes.get(parser.pos).copied();
                    parser.pos += 1;
                    let num = first.checked_add(i as u32).ok_or(malformed("xref entry"))?;
                    let entry = match kind {
                        Some(b'n') => Entry::InFile { offset: field as usize, generation: generation as u16 },
                        Some(b'f') => Entry::Free,
                        _ => return Err(malformed("xref entry")),
                    };
                    rows.push((num, entry));
                }
            }
            parser.expect_keyword(b"trailer")?;
            let trailer = parser.object()?.as_dict().cloned().ok_or(malformed("trailer"))?;
            Ok(Some((rows, trailer)))
        })?;
        if let Some((rows, trailer)) = table {
            for (num, entry) in rows {
                self.entries.entry(num).or_insert(entry);
            }
            return Ok((trailer, false));
        }
        let (_, object) = self.source.parse_at(offset, |parser| parser.indirect_object(&|r| self.length_of(r)))?;
        let Object::Stream(stream) = object else { return Err(malformed("cross-reference stream")) };
        if stream.dict.name(b"Type") != Some(b"XRef") {
            return Err(malformed("cross-reference stream"));
        }
        let data = filter::decode(&stream)?;
        let widths: Vec<usize> = stream
            .dict
            .get(b"W")
            .and_then(Object::as_array)
            .ok_or(malformed("xref /W"))?
            .iter()
            .map(|w| w.as_number().map(|n| n as usize).filter(|n| *n <= 8).ok_or(malformed("xref /W")))
            .collect::<Result<_>>()?;
        if widths.len() != 3 {
            return Err(malformed("xref /W"));
        }
        let size = stream.dict.int(b"Size").unwrap_or(0);
        let index: Vec<i64> = match stream.dict.get(b"Index").and_then(Object::as_array) {
            Some(items) => items.iter().filter_map(|i| i.as_number().map(|n| n as i64)).collect(),
            None => vec![0, size],
        };
        let row = widths.iter().sum::<usize>();
        // A short last row (truncated data) is ignored.
        let mut rows = data.chunks_exact(row.max(1));
        for pair in index.chunks(2) {
            let [first, count] = pair else { return Err(malformed("xref /Index")) };
            for i in 0..*count {
                let Some(fields) = rows.next() else { break };
                let field = |n: usize| -> u64 {
                    let start: usize = widths[..n].iter().sum();
                    fields[start..start + widths[n]].iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b))
                };
                let kind = if widths[0] == 0 { 1 } else { field(0) };
                let entry = match kind {
                    0 => Entry::Free,
                    1 => Entry::InFile { offset: field(1) as usize, generation: field(2) as u16 },
                    2 => Entry::InStream { stream: field(1) as u32, index: field(2) as u32 },
                    _ => continue,
                };
                let num = first.checked_add(i).and_then(|n| u32::try_from(n).ok()).ok_or(malformed("xref /Index"))?;
                self.entries.entry(num).or_insert(entry);
            }
        }
        Ok((stream.dict, true))
    }

    /// Rebuilds the object table by scanning for `n g obj` (a damaged cross-reference).
    fn reconstruct(source: Source<'a>) -> Result<Document<'a>> {
        let (entries, trailer) = scan_objects(source.in_memory().ok_or(malformed("repair needs the bytes"))?);
        let mut doc = Document { source, entries, trailer, startxref: 0, xref_stream: false, repaired: true };
        if doc.trailer.get(b"Root").is_none() {
            // The newest cross-reference stream carries the trailer keys.
            let streams: Vec<u32> = doc.entries.keys().copied().collect();
            for num in streams.into_iter().rev() {
                if let Ok(Object::Stream(s)) = doc.get(ObjRef { num, generation: 0 })
                    && s.dict.name(b"Type") == Some(b"XRef")
                    && s.dict.get(b"Root").is_some()
                {
                    doc.trailer = s.dict;
                    break;
                }
            }
        }
        doc.root()?;
        Ok(doc)
    }

    fn length_of(&self, r: ObjRef) -> Option<i64> {
        match self.entries.get(&r.num)? {
            Entry::InFile { offset, .. } => self
                .source
                .parse_at(*offset, |parser| {
                    parser.read_uint()?;
                    parser.read_uint()?;
                    parser.expect_keyword(b"obj")?;
                    match parser.object()? {
                        Object::Integer(n) => Ok(n),
                        _ => Err(malformed("stream length")),
                    }
                })
                .ok(),
            _ => None,
        }
    }

    /// The whole file, when it is in memory (not for [`Document::open_file`]).
    pub fn bytes(&self) -> Option<&[u8]> {
        self.source.in_memory()
    }

    /// Length of the file.
    pub fn len(&self) -> usize {
        self.source.len()
    }

    /// Whether the file is empty (never, for an opened document).
    pub fn is_empty(&self) -> bool {
        self.source.len() == 0
    }

    /// The last byte of the file.
    pub fn last_byte(&self) -> Result<Option<u8>> {
        Ok(self.source.read(self.len().saturating_sub(1), 1)?.first().copied())
    }

    /// The newest trailer (or cross-reference stream dictionary).
    pub fn trailer(&self) -> &Dict {
        &self.trailer
    }

    /// Offset of the newest cross-reference section.
    pub fn startxref(&self) -> usize {
        self.startxref
    }

    /// Whether the newest section is a cross-reference stream.
    pub fn uses_xref_stream(&self) -> bool {
        self.xref_stream
    }

    /// The first unused object number.
    pub fn next_object_number(&self) -> u32 {
        let size = self.trailer.int(b"Size").and_then(|s| u32::try_from(s).ok()).unwrap_or(0);
        let highest = self.entries.keys().next_back().map_or(0, |n| n + 1);
        size.max(highest).max(1)
    }

    /// Whether the cross-reference was rebuilt by scanning (the file's own was broken).
    pub fn is_repaired(&self) -> bool {
        self.repaired
    }

    /// Every object stored directly in the file, with its offset.
    pub fn objects_in_file(&self) -> Vec<(ObjRef, usize)> {
        self.entries
            .iter()
            .filter_map(|(num, entry)| match entry {
                Entry::InFile { offset, generation } => Some((ObjRef { num: *num, generation: *generation }, *offset)),
                _ => None,
            })
            .collect()
    }

    /// Every object number with an entry (free ones excluded).
    pub fn object_numbers(&self) -> Vec<u32> {
        self.entries.iter().filter(|(_, e)| **e != Entry::Free).map(|(n, _)| *n).collect()
    }

    /// Whether object `num` is in use (has a cross-reference entry that is not free).
    pub fn in_use(&self, num: u32) -> bool {
        self.entries.get(&num).is_some_and(|entry| *entry != Entry::Free)
    }

    /// Whether object `num` is stored the same way (same place) in `other`.
    pub fn same_entry(&self, num: u32, other: &Document<'_>) -> bool {
        self.entries.get(&num) == other.entries.get(&num)
    }

    /// Object `r`.
    pub fn get(&self, r: ObjRef) -> Result<Object> {
        match self.entries.get(&r.num) {
            None | Some(Entry::Free) => Ok(Object::Null),
            Some(Entry::InFile { offset, .. }) => {
                let (id, object) =
                    self.source.parse_at(*offset, |parser| parser.indirect_object(&|len| self.length_of(len)))?;
                if id.num != r.num {
                    return Err(malformed("cross-reference points at another object"));
                }
                Ok(object)
            }
            Some(Entry::InStream { stream, index }) => self.object_in_stream(*stream, *index, r.num),
        }
    }

    fn object_in_stream(&self, stream: u32, index: u32, num: u32) -> Result<Object> {
        // An object stream lies in the file itself, never in another object stream.
        if !matches!(self.entries.get(&stream), Some(Entry::InFile { .. })) {
            return Err(malformed("object stream"));
        }
        let Object::Stream(objstm) = self.get(ObjRef { num: stream, generation: 0 })? else {
            return Err(malformed("object stream"));
        };
        let data = filter::decode(&objstm)?;
        let first =
            objstm.dict.int(b"First").and_then(|f| usize::try_from(f).ok()).ok_or(malformed("object stream"))?;
        let count = objstm.dict.int(b"N").unwrap_or(0).max(0) as u64;
        let mut header = Parser::new(&data, 0);
        for i in 0..count {
            let n = header.read_uint()?;
            let offset = header.read_uint()? as usize;
            if n == u64::from(num) || (i == u64::from(index) && n == u64::from(num)) {
                let at = first.checked_add(offset).filter(|a| *a < data.len()).ok_or(malformed("object stream"))?;
                return Parser::new(&data, at).object();
            }
        }
        Err(malformed("object not in its object stream"))
    }

    /// Resolves a reference (other objects are returned as they are).
    pub fn resolve(&self, object: &Object) -> Result<Object> {
        let mut current = object.clone();
        for _ in 0..16 {
            match current {
                Object::Ref(r) => current = self.get(r)?,
                other => return Ok(other),
            }
        }
        Err(malformed("reference chain"))
    }

    /// The catalog's reference.
    pub fn root(&self) -> Result<ObjRef> {
        self.trailer.reference(b"Root").ok_or(malformed("trailer without /Root"))
    }

    /// The catalog dictionary.
    pub fn catalog(&self) -> Result<Dict> {
        self.get(self.root()?)?.as_dict().cloned().ok_or(malformed("catalog"))
    }

    /// Every page, in order, with its reference.
    pub fn pages(&self) -> Result<Vec<(ObjRef, Dict)>> {
        let root = self.catalog()?.reference(b"Pages").ok_or(malformed("catalog without /Pages"))?;
        let mut pages = Vec::new();
        let mut stack = vec![root];
        let mut visited = 0usize;
        while let Some(node_ref) = stack.pop() {
            visited += 1;
            if visited > 1_000_000 {
                return Err(malformed("page tree"));
            }
            let node = self.get(node_ref)?.as_dict().cloned().ok_or(malformed("page tree node"))?;
            match node.name(b"Type") {
                Some(b"Pages") => {
                    let kids = self.resolve(node.get(b"Kids").unwrap_or(&Object::Null))?;
                    let kids = kids.as_array().ok_or(malformed("page tree /Kids"))?;
                    for kid in kids.iter().rev() {
                        if let Object::Ref(r) = kid
                            && r != &node_ref
                            && !stack.contains(r)
                        {
                            stack.push(*r);
                        }
                    }
                }
                // A leaf must be a page (some producers omit /Type on pages); anything else
                // in /Kids (the catalog, a font, …) is a damaged tree and skipped.
                Some(b"Page") => pages.push((node_ref, node)),
                None if node.get(b"MediaBox").is_some() || node.get(b"Contents").is_some() => {
                    pages.push((node_ref, node))
                }
                _ => {}
            }
        }
        if pages.is_empty() {
            return Err(malformed("no pages"));
        }
        Ok(pages)
    }
}

/// Every `n g obj` in `bytes` (later ones win) and the last `trailer` dictionary.
fn scan_objects(bytes: &[u8]) -> (BTreeMap<u32, Entry>, Dict) {
    {
        let mut entries = BTreeMap::new();
        let mut trailer = Dict::default();
        let mut pos = 0;
        while let Some(found) = find(&bytes[pos..], b" obj") {
            let at = pos + found;
            pos = at + 4;
            // Walk back over "n g".
            let mut start = at;
            let mut fields = 0;
            while start > 0 && fields < 2 {
                let mut end = start;
                while end > 0 && bytes[end - 1] == b' ' {
                    end -= 1;
                }
                let mut begin = end;
                while begin > 0 && bytes[begin - 1].is_ascii_digit() {
                    begin -= 1;
                }
                if begin == end {
                    break;
                }
                start = begin;
                fields += 1;
            }
            if fields == 2 {
                let mut parser = Parser::new(bytes, start);
                if let (Ok(num), Ok(generation)) = (parser.read_uint(), parser.read_uint())
                    && let Ok(num) = u32::try_from(num)
                {
                    entries.insert(num, Entry::InFile { offset: start, generation: generation as u16 });
                }
            }
        }
        if let Some(at) = rfind(bytes, b"trailer")
            && let Ok(Object::Dict(dict)) = Parser::new(bytes, at + 7).object()
        {
            trailer = dict;
        }
        (entries, trailer)
    }
}
