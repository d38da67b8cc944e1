//! Finding the changes between the signed revision and the current document, part by
//! part of what a reader sees: the trailer (which catalog, the Info dictionary), freed
//! objects, the catalog's entries, the form (fields, their values, widgets and new
//! signatures) and every page (its content, resources and boxes, its annotations).

use super::equal::Equality;
use super::{ChangeClass, Found};
use crate::Result;
use crate::pdf::document::Document;
use crate::pdf::form::{Field, Form, annotation_visible};
use crate::pdf::object::{Dict, ObjRef, Object};
use std::collections::HashSet;

/// Keys of a field or widget that filling in a form changes (value, appearance, flags).
const FILLING_KEYS: &[&[u8]] = &[b"V", b"AP", b"AS", b"F", b"Ff", b"DA", b"Q", b"Type", b"MK"];

/// Page attributes inherited from the page tree (ISO 32000-1 §7.7.3.4).
const INHERITED: &[&[u8]] = &[b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Catalog entries that are document metadata: no page shows them.
const METADATA_KEYS: &[&[u8]] = &[b"Metadata", b"Version", b"Extensions", b"MarkInfo", b"OutputIntents", b"Lang"];

/// Catalog entries whose change alters no page or action (structure and navigation aids).
const INVISIBLE_CATALOG_KEYS: &[&[u8]] = &[b"StructTreeRoot", b"Outlines", b"PieceInfo", b"Threads", b"Perms"];

/// Every change from `old` (the signed revision) to `new` (the current document).
pub(crate) fn changes(old: &Document<'_>, new: &Document<'_>) -> Result<Vec<Found>> {
    let mut found = Vec::new();
    let mut equal = Equality::new(old, new);
    let (old_pages, new_pages) = (old.pages()?, new.pages()?);
    equal.by_identity(old_pages.iter().chain(&new_pages).map(|(r, _)| *r));
    trailer(old, new, &mut equal, &mut found)?;
    freed(old, new, &mut found);
    let (old_catalog, new_catalog) = (old.catalog()?, new.catalog()?);
    catalog(&old_catalog, &new_catalog, &mut equal, &mut found)?;
    let old_form = Form::read(old, &old_catalog)?;
    let new_form = Form::read(new, &new_catalog)?;
    form(old, new, &old_form, &new_form, &mut equal, &mut found)?;
    let widgets: HashSet<ObjRef> = old_form.widget_refs().chain(new_form.widget_refs()).collect();
    pages(old, new, (&old_pages, &new_pages), &widgets, &mut equal, &mut found)?;
    Ok(found)
}

fn trailer(old: &Document<'_>, new: &Document<'_>, equal: &mut Equality<'_, '_>, found: &mut Vec<Found>) -> Result<()> {
    let (old_root, new_root) = (old.root()?, new.root()?);
    if old_root != new_root {
        found.push(
            Found::new(
                ChangeClass::Other,
                true,
                format!("the trailer points at another catalog (object {} instead of {})", new_root.num, old_root.num),
            )
            .object(new_root.num),
        );
    }
    let info = |doc: &Document<'_>| doc.trailer().get(b"Info").cloned().unwrap_or(Object::Null);
    if !equal.same(&info(old), &info(new))? {
        found.push(Found::new(ChangeClass::Metadata, false, "the document information (Info) changed"));
    }
    if new.trailer().get(b"Encrypt").is_some() && old.trailer().get(b"Encrypt").is_none() {
        found.push(Found::new(ChangeClass::Other, true, "the document was encrypted after signing"));
    }
    Ok(())
}

/// Objects in use when signed that a later cross-reference section frees.
fn freed(old: &Document<'_>, new: &Document<'_>, found: &mut Vec<Found>) {
    for num in old.object_numbers() {
        if !new.in_use(num) {
            found.push(
                Found::new(ChangeClass::Other, false, format!("object {num} was freed after signing")).object(num),
            );
        }
    }
}

fn catalog(old: &Dict, new: &Dict, equal: &mut Equality<'_, '_>, found: &mut Vec<Found>) -> Result<()> {
    for key in equal.differing_keys(old, new, &[b"Pages", b"AcroForm", b"Type"])? {
        let name = String::from_utf8_lossy(&key).into_owned();
        let change = if key == b"DSS" {
            Found::new(ChangeClass::Ltv, false, "validation data (/DSS) added or updated")
        } else if METADATA_KEYS.contains(&key.as_slice()) {
            Found::new(ChangeClass::Metadata, false, format!("document metadata (catalog /{name}) changed"))
        } else {
            let visible = !INVISIBLE_CATALOG_KEYS.contains(&key.as_slice());
            Found::new(ChangeClass::Other, visible, format!("the catalog's /{name} changed"))
        };
        found.push(change);
    }
    Ok(())
}

fn form(
    old_doc: &Document<'_>,
    new_doc: &Document<'_>,
    old: &Form,
    new: &Form,
    equal: &mut Equality<'_, '_>,
    found: &mut Vec<Found>,
) -> Result<()> {
    for key in equal.differing_keys(&old.acroform, &new.acroform, &[b"Fields", b"DR", b"DA", b"Q", b"SigFlags"])? {
        let change = if key == b"NeedAppearances" {
            Found::new(ChangeClass::FormFilling, true, "viewers are asked to redraw every field (/NeedAppearances)")
        } else {
            let name = String::from_utf8_lossy(&key).into_owned();
            Found::new(ChangeClass::Other, true, format!("the form's /{name} changed"))
        };
        found.push(change);
    }
    for field in &old.fields {
        if new.field(&field.name).is_none() {
            let name = &field.name;
            found.push(
                Found::new(ChangeClass::Other, field.visible(), format!("form field {name} was removed")).field(name),
            );
        }
    }
    for field in &new.fields {
        match old.field(&field.name) {
            None => new_field((old_doc, new_doc), &field.name, field, found)?,
            Some(before) => changed_field((old_doc, new_doc), &field.name, before, field, equal, found)?,
        }
    }
    Ok(())
}

/// A field that did not exist when the document was signed.
fn new_field(
    (old_doc, new_doc): (&Document<'_>, &Document<'_>),
    name: &str,
    field: &Field,
    found: &mut Vec<Found>,
) -> Result<()> {
    let visible = field.visible();
    let mut change = if !field.is_signature() {
        Found::new(ChangeClass::Other, visible, format!("a new form field {name} was added"))
    } else {
        match field.dict.get(b"V") {
            None if visible => Found::new(ChangeClass::Signing, true, format!("a new empty signature field {name}")),
            None => Found::new(ChangeClass::Ltv, false, format!("a new empty invisible signature field {name}")),
            Some(value) => new_signature(old_doc, new_doc, name, value, visible)?,
        }
    };
    change.new_visible_field = field.is_signature() && visible;
    if let Some(r) = field.reference {
        change = change.object(r.num);
    }
    found.push(change.field(name));
    Ok(())
}

/// The value of a signature field that was empty or did not exist when signed.
fn new_signature(
    old_doc: &Document<'_>,
    new_doc: &Document<'_>,
    name: &str,
    value: &Object,
    visible: bool,
) -> Result<Found> {
    if let Object::Ref(r) = value
        && old_doc.in_use(r.num)
    {
        return Ok(Found::new(
            ChangeClass::Other,
            visible,
            format!("signature field {name} now points at object {} of the signed revision", r.num),
        ));
    }
    let timestamp = new_doc.resolve(value)?.as_dict().and_then(|d| d.name(b"Type").map(|t| t == b"DocTimeStamp"));
    Ok(if timestamp == Some(true) && !visible {
        Found::new(ChangeClass::Ltv, false, format!("a document timestamp in field {name}"))
    } else {
        Found::new(ChangeClass::Signing, visible, format!("a new signature in field {name}"))
    })
}

/// A field that existed when the document was signed and may have changed.
fn changed_field(
    (old_doc, new_doc): (&Document<'_>, &Document<'_>),
    name: &str,
    before: &Field,
    after: &Field,
    equal: &mut Equality<'_, '_>,
    found: &mut Vec<Found>,
) -> Result<()> {
    let object = after.reference.map(|r| r.num);
    let mut keys = equal.differing_keys(&before.dict, &after.dict, &[b"Kids", b"Parent"])?;
    for (widget_ref, widget) in &after.widgets {
        let old_widget = before.widgets.iter().find(|(r, w)| match (r, widget_ref) {
            (Some(a), Some(b)) => a == b,
            _ => w == widget,
        });
        match old_widget {
            None => keys.push(b"Kids".to_vec()),
            Some((_, old)) => {
                keys.extend(equal.differing_keys(old, widget, &[b"Parent"])?);
            }
        }
    }
    if before.widgets.len() != after.widgets.len() {
        keys.push(b"Kids".to_vec());
    }
    if keys.is_empty() {
        return Ok(());
    }
    keys.sort();
    keys.dedup();
    let listed = keys.iter().map(|k| format!("/{}", String::from_utf8_lossy(k))).collect::<Vec<_>>().join(", ");
    let filling_only = keys.iter().all(|k| FILLING_KEYS.contains(&k.as_slice()));
    let signed_now = before.dict.get(b"V").is_none() && after.dict.get(b"V").is_some();
    let visible = after.visible() || before.visible();
    let mut change = match after.dict.get(b"V") {
        Some(value) if after.is_signature() && signed_now && filling_only => {
            new_signature(old_doc, new_doc, name, value, visible)?
        }
        _ if after.is_signature() || !filling_only => {
            Found::new(ChangeClass::Other, visible, format!("field {name} changed ({listed})"))
        }
        _ => {
            let what = if keys.iter().any(|k| k == b"V") { "value" } else { "appearance" };
            Found::new(ChangeClass::FormFilling, true, format!("the {what} of field {name} changed ({listed})"))
        }
    };
    if let Some(num) = object {
        change = change.object(num);
    }
    found.push(change.field(name));
    Ok(())
}

/// A page dictionary with the attributes it inherits from the page tree.
fn effective_page(doc: &Document<'_>, page: &Dict) -> Result<Dict> {
    let mut effective = page.clone();
    let mut parent = page.reference(b"Parent");
    for _ in 0..64 {
        let Some(node_ref) = parent else { break };
        let Some(node) = doc.get(node_ref)?.as_dict().cloned() else { break };
        for key in INHERITED {
            if effective.get(key).is_none()
                && let Some(value) = node.get(key)
            {
                effective.set(key, value.clone());
            }
        }
        parent = node.reference(b"Parent");
    }
    Ok(effective)
}

/// A document's pages with their references.
type Pages = [(ObjRef, Dict)];

fn pages(
    old: &Document<'_>,
    new: &Document<'_>,
    (old_pages, new_pages): (&Pages, &Pages),
    widgets: &HashSet<ObjRef>,
    equal: &mut Equality<'_, '_>,
    found: &mut Vec<Found>,
) -> Result<()> {
    if old_pages.len() != new_pages.len() {
        found.push(Found::new(
            ChangeClass::Other,
            true,
            format!("the document had {} pages when signed and has {} now", old_pages.len(), new_pages.len()),
        ));
    }
    for (index, ((_, old_page), (new_ref, new_page))) in old_pages.iter().zip(new_pages).enumerate() {
        let number = index + 1;
        let (before, after) = (effective_page(old, old_page)?, effective_page(new, new_page)?);
        let keys = equal.differing_keys(&before, &after, &[b"Annots", b"Parent"])?;
        if !keys.is_empty() {
            let listed = keys.iter().map(|k| format!("/{}", String::from_utf8_lossy(k))).collect::<Vec<_>>().join(", ");
            found.push(
                Found::new(ChangeClass::Other, true, format!("page {number} changed ({listed})")).object(new_ref.num),
            );
        }
        annotations(old, new, number, &before, &after, widgets, equal, found)?;
    }
    Ok(())
}

/// The annotations of a page, each with its reference when indirect.
fn page_annotations(doc: &Document<'_>, page: &Dict) -> Result<Vec<(Option<ObjRef>, Dict)>> {
    let list = match page.get(b"Annots") {
        Some(obj) => doc.resolve(obj)?.as_array().map(<[Object]>::to_vec).unwrap_or_default(),
        None => Vec::new(),
    };
    let mut annotations = Vec::with_capacity(list.len());
    for item in list {
        let reference = if let Object::Ref(r) = item { Some(r) } else { None };
        if let Some(dict) = doc.resolve(&item)?.as_dict().cloned() {
            annotations.push((reference, dict));
        }
    }
    Ok(annotations)
}

#[allow(clippy::too_many_arguments)]
fn annotations(
    old: &Document<'_>,
    new: &Document<'_>,
    page: usize,
    old_page: &Dict,
    new_page: &Dict,
    widgets: &HashSet<ObjRef>,
    equal: &mut Equality<'_, '_>,
    found: &mut Vec<Found>,
) -> Result<()> {
    let (before, after) = (page_annotations(old, old_page)?, page_annotations(new, new_page)?);
    let is_form_widget = |r: &Option<ObjRef>| r.is_some_and(|r| widgets.contains(&r));
    let mut matched = vec![false; after.len()];
    let mut last_position = None;
    let mut reordered = false;
    for (old_ref, old_dict) in &before {
        let position = match old_ref {
            Some(r) => after.iter().position(|(new_ref, _)| new_ref == &Some(*r)),
            None => {
                after.iter().enumerate().position(|(i, (new_ref, d))| new_ref.is_none() && !matched[i] && d == old_dict)
            }
        };
        let Some(position) = position else {
            if !is_form_widget(old_ref) {
                let subtype = subtype(old_dict);
                let mut change = Found::new(
                    ChangeClass::Annotations,
                    annotation_visible(old_dict),
                    format!("a /{subtype} annotation was removed from page {page}"),
                );
                if let Some(r) = old_ref {
                    change = change.object(r.num);
                }
                found.push(change);
            }
            continue;
        };
        matched[position] = true;
        if last_position.is_some_and(|last| position < last) && !is_form_widget(old_ref) {
            reordered = true;
        }
        last_position = Some(position);
        if is_form_widget(old_ref) {
            continue;
        }
        let (new_ref, new_dict) = &after[position];
        let same = match (old_ref, new_ref) {
            (Some(a), Some(b)) => equal.same(&Object::Ref(*a), &Object::Ref(*b))?,
            _ => equal.same(&Object::Dict(old_dict.clone()), &Object::Dict(new_dict.clone()))?,
        };
        if !same {
            let class = if subtype(new_dict) == "Widget" { ChangeClass::Other } else { ChangeClass::Annotations };
            let mut change = Found::new(
                class,
                annotation_visible(old_dict) || annotation_visible(new_dict),
                format!("a /{} annotation on page {page} changed", subtype(new_dict)),
            );
            if let Some(r) = new_ref {
                change = change.object(r.num);
            }
            found.push(change);
        }
    }
    if reordered {
        found.push(Found::new(
            ChangeClass::Annotations,
            true,
            format!("the annotations of page {page} were reordered (what covers what changed)"),
        ));
    }
    for ((new_ref, dict), seen) in after.iter().zip(matched) {
        if seen || is_form_widget(new_ref) {
            continue;
        }
        let subtype = subtype(dict);
        let (class, what) = if subtype == "Widget" {
            (ChangeClass::Other, format!("a widget outside the form was added to page {page}"))
        } else {
            (ChangeClass::Annotations, format!("a /{subtype} annotation was added to page {page}"))
        };
        let mut change = Found::new(class, annotation_visible(dict), what);
        if let Some(r) = new_ref {
            change = change.object(r.num);
        }
        found.push(change);
    }
    Ok(())
}

fn subtype(annotation: &Dict) -> String {
    annotation.name(b"Subtype").map_or_else(|| "?".into(), |s| String::from_utf8_lossy(s).into_owned())
}
