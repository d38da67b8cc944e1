//! The interactive form (AcroForm, ISO 32000-1 §12.7): its terminal fields in document
//! order with their full names, inherited types and widgets. Signing (which field to
//! fill), verification (which fields are signed) and the modification analysis (what
//! changed in the form) read the form through this one walker.

use super::document::Document;
use super::object::{Dict, ObjRef, Object, decode_text};
use super::parse::malformed;
use crate::Result;

/// Most field nodes walked (a cycle guard).
const MAX_FIELD_NODES: usize = 100_000;

/// One terminal form field.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    /// The full name (`parent.child`).
    pub name: String,
    /// The field's dictionary (a merged field and widget when it has no widget kids).
    pub dict: Dict,
    /// Its reference, when indirect.
    pub reference: Option<ObjRef>,
    /// The field type, inherited from its ancestors when not its own.
    pub kind: Option<Vec<u8>>,
    /// Its widget kids (not counting a merged widget, which is the field itself).
    pub widgets: Vec<(Option<ObjRef>, Dict)>,
}

impl Field {
    /// Whether this is a signature field.
    pub fn is_signature(&self) -> bool {
        self.kind.as_deref() == Some(b"Sig")
    }

    /// Whether any widget of the field has an area and is not hidden.
    pub fn visible(&self) -> bool {
        annotation_visible(&self.dict) || self.widgets.iter().any(|(_, w)| annotation_visible(w))
    }

    /// The field's (first) widget: a widget kid, or the field itself when merged.
    pub fn widget(&self) -> (Option<ObjRef>, &Dict) {
        match self.widgets.first() {
            Some((reference, dict)) => (*reference, dict),
            None => (self.reference, &self.dict),
        }
    }

    /// Every widget annotation of the field that is an indirect object.
    pub fn widget_refs(&self) -> impl Iterator<Item = ObjRef> + '_ {
        self.reference.into_iter().chain(self.widgets.iter().filter_map(|(r, _)| *r))
    }
}

/// The form of a document.
#[derive(Clone, Debug, Default)]
pub(crate) struct Form {
    /// The AcroForm dictionary (empty when the document has no form).
    pub acroform: Dict,
    /// Terminal fields in document order.
    pub fields: Vec<Field>,
}

impl Form {
    /// The form of `doc`, whose catalog is `catalog`.
    pub fn read(doc: &Document<'_>, catalog: &Dict) -> Result<Form> {
        let acroform = match catalog.get(b"AcroForm") {
            Some(obj) => doc.resolve(obj)?.as_dict().cloned().unwrap_or_default(),
            None => Dict::default(),
        };
        let roots = array(doc, acroform.get(b"Fields"))?;
        let mut fields = Vec::new();
        let mut stack: Vec<(Object, String, Option<Vec<u8>>)> =
            roots.into_iter().rev().map(|f| (f, String::new(), None)).collect();
        let mut walked = 0;
        while let Some((node, parent, inherited_kind)) = stack.pop() {
            walked += 1;
            if walked > MAX_FIELD_NODES {
                return Err(malformed("field tree"));
            }
            let reference = if let Object::Ref(r) = node { Some(r) } else { None };
            let Ok(resolved) = doc.resolve(&node) else { continue };
            let Some(dict) = resolved.as_dict().cloned() else { continue };
            let name = match dict.get(b"T") {
                Some(Object::String(t)) if parent.is_empty() => decode_text(t),
                Some(Object::String(t)) => format!("{parent}.{}", decode_text(t)),
                _ => parent.clone(),
            };
            let kind = dict.name(b"FT").map(<[u8]>::to_vec).or(inherited_kind);
            let mut widgets = Vec::new();
            let mut child_fields = Vec::new();
            for kid in array(doc, dict.get(b"Kids")).unwrap_or_default() {
                let kid_ref = if let Object::Ref(r) = kid { Some(r) } else { None };
                let Some(kid_dict) = doc.resolve(&kid).ok().and_then(|k| k.as_dict().cloned()) else { continue };
                if kid_dict.get(b"T").is_some() {
                    child_fields.push(kid);
                } else {
                    widgets.push((kid_ref, kid_dict));
                }
            }
            if child_fields.is_empty() {
                fields.push(Field { name, dict, reference, kind, widgets });
            } else {
                for kid in child_fields.into_iter().rev() {
                    stack.push((kid, name.clone(), kind.clone()));
                }
            }
        }
        Ok(Form { acroform, fields })
    }

    /// The field named `name`.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// Every widget annotation of the form that is an indirect object.
    pub fn widget_refs(&self) -> impl Iterator<Item = ObjRef> + '_ {
        self.fields.iter().flat_map(Field::widget_refs)
    }
}

/// The array `object` resolves to (empty when absent or not an array).
fn array(doc: &Document<'_>, object: Option<&Object>) -> Result<Vec<Object>> {
    match object {
        Some(obj) => Ok(doc.resolve(obj)?.as_array().map(<[Object]>::to_vec).unwrap_or_default()),
        None => Ok(Vec::new()),
    }
}

/// An annotation shows on the page: it has an area and is neither hidden nor NoView.
pub(crate) fn annotation_visible(annotation: &Dict) -> bool {
    let area = match annotation.get(b"Rect").and_then(Object::as_array) {
        Some([x1, y1, x2, y2]) => match (x1.as_number(), y1.as_number(), x2.as_number(), y2.as_number()) {
            (Some(x1), Some(y1), Some(x2), Some(y2)) => ((x2 - x1) * (y2 - y1)).abs(),
            _ => 0.0,
        },
        _ => 0.0,
    };
    let flags = annotation.int(b"F").unwrap_or(0);
    area > 0.0 && flags & (2 | 32) == 0
}
