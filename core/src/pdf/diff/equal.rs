//! Equality of PDF values across two revisions, by meaning rather than by bytes: numbers
//! by numeric value (`595.280` equals `595.28`), a direct object equal to an indirect one,
//! references followed in each revision, streams by their decoded content, dictionaries
//! regardless of key order (a `null` value is an absent key). Cycles (a page's `/Parent`
//! leads back to the page) are cut by assuming a pair under comparison is equal, and the
//! work is bounded, so a hostile file cannot make the comparison run forever.

use super::super::document::Document;
use super::super::filter;
use super::super::object::{Dict, ObjRef, Object, Stream};
use super::super::parse::malformed;
use crate::Result;
use std::collections::HashSet;

/// Most values compared for one signature before the analysis gives up (an error).
const BUDGET: usize = 2_000_000;

/// Compares values of the signed revision (`old`) with the current one (`new`).
pub(crate) struct Equality<'d, 'a> {
    old: &'d Document<'a>,
    new: &'d Document<'a>,
    assumed: HashSet<(ObjRef, ObjRef)>,
    different: HashSet<(ObjRef, ObjRef)>,
    /// Objects compared by identity, not by value (pages: a widget's `/P` names its page,
    /// whose own changes are judged page by page).
    identities: HashSet<ObjRef>,
    spent: usize,
}

impl<'d, 'a> Equality<'d, 'a> {
    pub(crate) fn new(old: &'d Document<'a>, new: &'d Document<'a>) -> Equality<'d, 'a> {
        Equality { old, new, assumed: HashSet::new(), different: HashSet::new(), identities: HashSet::new(), spent: 0 }
    }

    /// Compares references to `objects` by identity: the same object number is the same
    /// object, another one is another.
    pub(crate) fn by_identity(&mut self, objects: impl IntoIterator<Item = ObjRef>) {
        self.identities.extend(objects);
    }

    /// Whether `a` (in the old revision) means the same as `b` (in the new one).
    pub(crate) fn same(&mut self, a: &Object, b: &Object) -> Result<bool> {
        self.spent += 1;
        if self.spent > BUDGET {
            return Err(malformed("too many objects to compare"));
        }
        match (a, b) {
            (Object::Ref(ra), Object::Ref(rb)) => {
                if ra == rb && self.new.same_entry(ra.num, self.old) {
                    // Stored at the same place: the very same bytes.
                    return Ok(true);
                }
                if self.identities.contains(ra) || self.identities.contains(rb) {
                    return Ok(ra == rb);
                }
                if self.different.contains(&(*ra, *rb)) {
                    return Ok(false);
                }
                // A pair already under comparison (a cycle) is assumed equal; a pair found
                // different is remembered as such.
                if !self.assumed.insert((*ra, *rb)) {
                    return Ok(true);
                }
                let (va, vb) = (self.old.get(*ra)?, self.new.get(*rb)?);
                let same = self.same(&va, &vb)?;
                if !same {
                    self.different.insert((*ra, *rb));
                }
                Ok(same)
            }
            (Object::Ref(ra), direct) => {
                let va = self.old.get(*ra)?;
                self.same(&va, direct)
            }
            (direct, Object::Ref(rb)) => {
                let vb = self.new.get(*rb)?;
                self.same(direct, &vb)
            }
            (Object::Integer(_) | Object::Real(_), Object::Integer(_) | Object::Real(_)) => {
                Ok(a.as_number() == b.as_number())
            }
            (Object::Array(xs), Object::Array(ys)) => {
                if xs.len() != ys.len() {
                    return Ok(false);
                }
                for (x, y) in xs.iter().zip(ys) {
                    if !self.same(x, y)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            (Object::Dict(da), Object::Dict(db)) => self.same_dicts(da, db, &[]),
            (Object::Stream(sa), Object::Stream(sb)) => self.same_streams(sa, sb),
            _ => Ok(a == b),
        }
    }

    /// Whether two dictionaries agree on every key but `ignored`.
    pub(crate) fn same_dicts(&mut self, a: &Dict, b: &Dict, ignored: &[&[u8]]) -> Result<bool> {
        Ok(self.differing_keys(a, b, ignored)?.is_empty())
    }

    /// The keys (but `ignored`) on which two dictionaries differ, sorted.
    pub(crate) fn differing_keys(&mut self, a: &Dict, b: &Dict, ignored: &[&[u8]]) -> Result<Vec<Vec<u8>>> {
        let mut keys: Vec<&Vec<u8>> = a.0.iter().chain(&b.0).map(|(k, _)| k).collect();
        keys.sort();
        keys.dedup();
        let mut differing = Vec::new();
        for key in keys {
            if ignored.contains(&key.as_slice()) {
                continue;
            }
            let (x, y) = (a.get(key).unwrap_or(&Object::Null), b.get(key).unwrap_or(&Object::Null));
            if !self.same(x, y)? {
                differing.push(key.clone());
            }
        }
        Ok(differing)
    }

    fn same_streams(&mut self, a: &Stream, b: &Stream) -> Result<bool> {
        // How the data is encoded is not what it means.
        if !self.same_dicts(&a.dict, &b.dict, &[b"Length", b"Filter", b"DecodeParms", b"DL"])? {
            return Ok(false);
        }
        if a.data == b.data && a.dict.get(b"Filter") == b.dict.get(b"Filter") {
            return Ok(true);
        }
        match (filter::decode(a), filter::decode(b)) {
            (Ok(x), Ok(y)) => Ok(x == y),
            // Undecodable on either side: only identical bytes are the same.
            _ => Ok(false),
        }
    }
}
