//! Crafting PDF revisions for the tests: incremental updates that add annotations, form
//! fields and signature fields, or patch a trailer, as an editor or an attacker would.
#![allow(dead_code, missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tte_core::pdf::writer::IncrementalUpdate;
use tte_core::pdf::{Dict, Document, ObjRef, Object, Real, Stream};

pub fn name(text: &str) -> Object {
    Object::name(text)
}

pub fn rect(values: [f64; 4]) -> Object {
    Object::Array(values.iter().map(|v| Object::Real(Real::new(*v))).collect())
}

pub fn dict(entries: Vec<(&str, Object)>) -> Dict {
    let mut dict = Dict::default();
    for (key, value) in entries {
        dict.set(key.as_bytes(), value);
    }
    dict
}

pub fn text(value: &str) -> Object {
    Object::String(value.as_bytes().to_vec())
}

/// A form XObject that draws `words` in the letter's font (object 4).
pub fn appearance(words: &str) -> Object {
    let mut stream = Stream {
        dict: dict(vec![
            ("Type", name("XObject")),
            ("Subtype", name("Form")),
            ("BBox", rect([0.0, 0.0, 200.0, 40.0])),
            (
                "Resources",
                Object::Dict(dict(vec![(
                    "Font",
                    Object::Dict(dict(vec![("F1", Object::Ref(ObjRef { num: 4, generation: 0 }))])),
                )])),
            ),
        ]),
        data: Vec::new(),
    };
    stream.data = format!("BT /F1 24 Tf 10 10 Td ({words}) Tj ET").into_bytes();
    Object::Stream(stream)
}

/// `pdf` with one incremental update made by `change`.
pub fn updated(pdf: &[u8], change: impl FnOnce(&Document<'_>, &mut IncrementalUpdate<'_, '_>)) -> Vec<u8> {
    let doc = Document::parse(pdf).unwrap();
    let mut update = IncrementalUpdate::new(&doc);
    change(&doc, &mut update);
    update.finish().unwrap().0
}

/// The first page's reference and dictionary.
pub fn page(doc: &Document<'_>) -> (ObjRef, Dict) {
    doc.pages().unwrap().remove(0)
}

/// The page's annotations, as references.
pub fn annots(doc: &Document<'_>, page: &Dict) -> Vec<Object> {
    page.get(b"Annots").map(|a| doc.resolve(a).unwrap().as_array().unwrap().to_vec()).unwrap_or_default()
}

/// Adds an annotation of `subtype` showing `words` at `at` to the first page.
pub fn add_annotation(
    doc: &Document<'_>,
    update: &mut IncrementalUpdate<'_, '_>,
    subtype: &str,
    words: &str,
    at: f64,
) -> ObjRef {
    let ap = update.allocate();
    update.put(ap, &appearance(words));
    let annotation = update.allocate();
    let entries = vec![
        ("Type", name("Annot")),
        ("Subtype", name(subtype)),
        ("Rect", rect([72.0, at, 272.0, at + 40.0])),
        ("Contents", text(words)),
        ("F", Object::Integer(4)),
        ("AP", Object::Dict(dict(vec![("N", Object::Ref(ap))]))),
    ];
    put_on_first_page(doc, update, annotation, dict(entries));
    annotation
}

/// Writes `annotation` as `reference` and lists it in the first page's annotations.
fn put_on_first_page(doc: &Document<'_>, update: &mut IncrementalUpdate<'_, '_>, reference: ObjRef, annotation: Dict) {
    let (page_ref, mut page_dict) = page(doc);
    update.put(reference, &Object::Dict(annotation));
    let mut list = annots(doc, &page_dict);
    list.push(Object::Ref(reference));
    page_dict.set(b"Annots", Object::Array(list));
    update.put(page_ref, &Object::Dict(page_dict));
}

/// Sets the value (and a matching appearance) of the form's field named `name`.
pub fn refill_field(doc: &Document<'_>, update: &mut IncrementalUpdate<'_, '_>, name: &str, value: &str) {
    let form = doc.resolve(doc.catalog().unwrap().get(b"AcroForm").unwrap()).unwrap();
    let fields = form.as_dict().unwrap().get(b"Fields").unwrap().as_array().unwrap().to_vec();
    let field_ref = fields
        .iter()
        .filter_map(|f| if let Object::Ref(r) = f { Some(*r) } else { None })
        .find(|r| doc.get(*r).unwrap().as_dict().unwrap().get(b"T") == Some(&text(name)))
        .unwrap_or_else(|| panic!("no field {name}"));
    let mut field = doc.get(field_ref).unwrap().as_dict().unwrap().clone();
    let ap = update.allocate();
    update.put(ap, &appearance(value));
    field.set(b"V", text(value));
    field.set(b"AP", Object::Dict(dict(vec![("N", Object::Ref(ap))])));
    update.put(field_ref, &Object::Dict(field));
}

/// Adds a text field `field` with value `value` (and its appearance) on the first page.
pub fn add_text_field(doc: &Document<'_>, update: &mut IncrementalUpdate<'_, '_>, field: &str, value: &str) -> ObjRef {
    let (page_ref, _) = page(doc);
    let ap = update.allocate();
    update.put(ap, &appearance(value));
    let widget = update.allocate();
    let entries = vec![
        ("FT", name("Tx")),
        ("T", text(field)),
        ("V", text(value)),
        ("DA", text("/Helv 12 Tf 0 g")),
        ("Type", name("Annot")),
        ("Subtype", name("Widget")),
        ("Rect", rect([300.0, 600.0, 500.0, 640.0])),
        ("P", Object::Ref(page_ref)),
        ("F", Object::Integer(4)),
        ("AP", Object::Dict(dict(vec![("N", Object::Ref(ap))]))),
    ];
    put_on_first_page(doc, update, widget, dict(entries));
    add_to_form(doc, update, widget);
    widget
}

/// Adds an empty signature field `field` (merged with its widget at `at`, with `extra`
/// entries such as `/Lock` or `/SV`) to the first page and the form.
pub fn add_signature_field(
    doc: &Document<'_>,
    update: &mut IncrementalUpdate<'_, '_>,
    field: &str,
    at: [f64; 4],
    extra: Vec<(&str, Object)>,
) -> ObjRef {
    let (page_ref, _) = page(doc);
    let widget = update.allocate();
    let mut entries = vec![
        ("FT", name("Sig")),
        ("T", text(field)),
        ("Type", name("Annot")),
        ("Subtype", name("Widget")),
        ("Rect", rect(at)),
        ("P", Object::Ref(page_ref)),
        ("F", Object::Integer(4)),
    ];
    entries.extend(extra);
    put_on_first_page(doc, update, widget, dict(entries));
    add_to_form(doc, update, widget);
    widget
}

/// Adds `field` to the document's form (made when there is none).
pub fn add_to_form(doc: &Document<'_>, update: &mut IncrementalUpdate<'_, '_>, field: ObjRef) {
    let mut catalog = doc.catalog().unwrap();
    let mut form = match catalog.get(b"AcroForm") {
        Some(form) => doc.resolve(form).unwrap().as_dict().unwrap().clone(),
        None => Dict::default(),
    };
    let mut fields =
        form.get(b"Fields").map(|f| doc.resolve(f).unwrap().as_array().unwrap().to_vec()).unwrap_or_default();
    fields.push(Object::Ref(field));
    form.set(b"Fields", Object::Array(fields));
    match catalog.get(b"AcroForm") {
        Some(Object::Ref(form_ref)) => update.put(*form_ref, &Object::Dict(form)),
        _ => {
            catalog.set(b"AcroForm", Object::Dict(form));
            update.put(doc.root().unwrap(), &Object::Dict(catalog));
        }
    }
}

/// `pdf` whose last trailer has `from` replaced by `to` (what an update writer cannot say).
pub fn patch_last_trailer(pdf: &[u8], from: &str, to: &str) -> Vec<u8> {
    // The newest trailer (or cross-reference stream dictionary) is the file's last
    // occurrence of `from`; its length may change, as nothing after it has an offset.
    let at = pdf.windows(from.len()).rposition(|w| w == from.as_bytes()).unwrap();
    [&pdf[..at], to.as_bytes(), &pdf[at + from.len()..]].concat()
}
