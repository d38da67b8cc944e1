//! Modification analysis: what changed in the document after a signature, and whether
//! the signature permits it.
//!
//! The document a reader sees in the signed revision (the catalog, page tree, pages with
//! their content, resources and boxes, annotations, the form, names and actions, the
//! document information) is compared *by value* with the one reachable from the newest
//! trailer ([`equal`]), so re-serialized but equal objects are no change and a change
//! hidden behind a new catalog, a reordered annotation list or a freed cross-reference
//! entry is still one. Every change is classified ([`ChangeClass`]) and said to be visible
//! or not, then judged against what the signature permits ([`Permissions`]): the DocMDP
//! level of a certification (P=1: validation material only; P=2: also form filling and
//! signing, but no new visible signature field; P=3: also annotations), the FieldMDP lock
//! of its field, and for an approval signature the defaults of pyHanko's diff policy —
//! signing, validation material and document metadata — except that a change of a form
//! field's value or appearance is *not* permitted after an approval signature (pyHanko
//! counts it as form filling and lets it pass; tte reports it as the visible change it is).
//!
//! Written for tte after the rules of pyHanko's difference analysis and EU DSS's object
//! modification detection; no PDF library offers such an analysis in Rust.

mod equal;
mod structure;

use super::document::Document;
use super::object::{Dict, Object, decode_text};
use crate::Result;
use serde::Serialize;

/// How far later changes go, in the order of the DocMDP levels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ModificationLevel {
    /// Nothing changed.
    None,
    /// Validation material and document metadata only.
    Ltv,
    /// Form filling and signing.
    FormFilling,
    /// Annotations.
    Annotations,
    /// Anything else.
    Other,
}

/// What kind of change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeClass {
    /// Validation material: `/DSS`, its `/VRI`, document timestamps and their fields.
    Ltv,
    /// Document metadata: the Info dictionary, XMP metadata, the catalog's `/Version`,
    /// `/Extensions`, `/MarkInfo` and `/OutputIntents`.
    Metadata,
    /// A new signature, in a new field or in an empty one.
    Signing,
    /// A form field's value or appearance.
    FormFilling,
    /// Annotations added, changed, removed or reordered.
    Annotations,
    /// Anything else: page content, resources, the page tree, actions, the catalog.
    Other,
}

impl ChangeClass {
    /// The modification level of this class.
    pub fn level(self) -> ModificationLevel {
        match self {
            ChangeClass::Ltv | ChangeClass::Metadata => ModificationLevel::Ltv,
            ChangeClass::Signing | ChangeClass::FormFilling => ModificationLevel::FormFilling,
            ChangeClass::Annotations => ModificationLevel::Annotations,
            ChangeClass::Other => ModificationLevel::Other,
        }
    }
}

/// One change after a signature, judged.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The object changed, when one object is the change.
    pub object: Option<u32>,
    /// The form field concerned, if any.
    pub field: Option<String>,
    /// What kind of change.
    pub class: ChangeClass,
    /// Whether it alters what a page shows (content, resources, appearances, the page
    /// tree, page boxes) or a form value.
    pub visible: bool,
    /// Whether the signature permits it.
    pub permitted: bool,
    /// What changed, in words.
    pub what: String,
}

/// A change found, before it is judged (`permitted` is still false).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Found {
    pub change: Change,
    /// A signature field that did not exist when the document was signed, with a widget
    /// of non-zero area (not permitted after a certification).
    pub new_visible_field: bool,
}

impl Found {
    pub(crate) fn new(class: ChangeClass, visible: bool, what: impl Into<String>) -> Found {
        let change = Change { object: None, field: None, class, visible, permitted: false, what: what.into() };
        Found { change, new_visible_field: false }
    }

    pub(crate) fn object(mut self, num: u32) -> Found {
        self.change.object = Some(num);
        self
    }

    pub(crate) fn field(mut self, name: &str) -> Found {
        self.change.field = Some(name.to_string());
        self
    }
}

/// What a signature permits after it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Permissions {
    /// The DocMDP level (1, 2 or 3) of a certification signature, or of its field's
    /// `/Lock`; `None` for an approval signature.
    pub docmdp: Option<u8>,
    /// The fields its FieldMDP locks.
    pub lock: FieldLock,
}

/// Which form fields a signature locks (FieldMDP, ISO 32000-1 §12.8.2.4).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FieldLock {
    /// None.
    #[default]
    Nothing,
    /// Every field.
    All,
    /// The fields named.
    Include(Vec<String>),
    /// Every field but those named.
    Exclude(Vec<String>),
}

impl FieldLock {
    /// Whether the field named `field` is locked.
    pub fn locks(&self, field: &str) -> bool {
        match self {
            FieldLock::Nothing => false,
            FieldLock::All => true,
            FieldLock::Include(names) => names.iter().any(|n| n == field),
            FieldLock::Exclude(names) => !names.iter().any(|n| n == field),
        }
    }
}

impl Permissions {
    /// What the signature `sig` in the field `field` permits: the DocMDP and FieldMDP
    /// transforms of its `/Reference`, else its field's `/Lock`.
    pub fn of(doc: &Document<'_>, sig: &Dict, field: &Dict) -> Permissions {
        let mut permissions = Permissions::default();
        let resolve_dict = |object: Option<&Object>| object.and_then(|o| doc.resolve(o).ok()?.as_dict().cloned());
        let references = sig.get(b"Reference").and_then(|r| doc.resolve(r).ok());
        for reference in references.as_ref().and_then(Object::as_array).unwrap_or_default() {
            let Some(reference) = resolve_dict(Some(reference)) else { continue };
            let params = resolve_dict(reference.get(b"TransformParams")).unwrap_or_default();
            match reference.name(b"TransformMethod") {
                Some(b"DocMDP") => permissions.docmdp = Some(docmdp_level(&params)),
                Some(b"FieldMDP") => permissions.lock = field_lock(doc, &params),
                _ => {}
            }
        }
        if let Some(lock) = resolve_dict(field.get(b"Lock")) {
            if permissions.lock == FieldLock::Nothing {
                permissions.lock = field_lock(doc, &lock);
            }
            if permissions.docmdp.is_none() && lock.get(b"P").is_some() {
                permissions.docmdp = Some(docmdp_level(&lock));
            }
        }
        permissions
    }

    /// Whether this signature permits `found`.
    fn permit(&self, found: &Found) -> bool {
        let change = &found.change;
        let locked = change.field.as_deref().is_some_and(|name| self.lock.locks(name));
        match change.class {
            ChangeClass::Ltv | ChangeClass::Metadata => true,
            ChangeClass::Signing if locked && change.visible => false,
            ChangeClass::Signing => match self.docmdp {
                Some(1) => false,
                Some(_) => !found.new_visible_field,
                None => true,
            },
            ChangeClass::FormFilling => !locked && matches!(self.docmdp, Some(2 | 3)),
            ChangeClass::Annotations => self.docmdp == Some(3),
            ChangeClass::Other => false,
        }
    }
}

/// `/P` of DocMDP transform parameters (2 when absent or out of range, as the standard says).
fn docmdp_level(params: &Dict) -> u8 {
    match params.int(b"P") {
        Some(p @ 1..=3) => p as u8,
        _ => 2,
    }
}

fn field_lock(doc: &Document<'_>, params: &Dict) -> FieldLock {
    let names = || -> Vec<String> {
        let fields = params.get(b"Fields").and_then(|f| doc.resolve(f).ok());
        fields
            .as_ref()
            .and_then(Object::as_array)
            .unwrap_or_default()
            .iter()
            .filter_map(|n| match doc.resolve(n).ok()? {
                Object::String(text) => Some(decode_text(&text)),
                _ => None,
            })
            .collect()
    };
    match params.name(b"Action") {
        Some(b"All") => FieldLock::All,
        Some(b"Include") => FieldLock::Include(names()),
        Some(b"Exclude") => FieldLock::Exclude(names()),
        _ => FieldLock::Nothing,
    }
}

/// Every change from the signed revision `signed` to the current document `current`,
/// judged against `permissions`.
pub fn analyse(signed: &Document<'_>, current: &Document<'_>, permissions: &Permissions) -> Result<Vec<Change>> {
    let found = structure::changes(signed, current)?;
    Ok(found.into_iter().map(|f| Change { permitted: permissions.permit(&f), ..f.change }).collect())
}

/// The highest level among `changes`.
pub fn level(changes: &[Change]) -> ModificationLevel {
    changes.iter().map(|c| c.class.level()).max().unwrap_or(ModificationLevel::None)
}
