//! The signature field a new signature goes into, chosen as pyHanko and Acrobat choose it,
//! and written. The field named in the options is filled when it is an empty signature
//! field and created when there is none of that name; without a name, the first empty
//! signature field that no earlier signature locks is filled, else a new field gets a name
//! no field has. What the document's certification forbids (any signature under DocMDP
//! P=1, a new visible field under P=2 and P=3), a field an earlier signature locks
//! (FieldMDP) and seed values the signature cannot meet are refused with a typed error
//! before anything is written. A new field is placed by page and rectangle or at an anchor
//! character; a filled one keeps its widget, page and rectangle, and a visible widget gets
//! the stamp drawn to its size.

use super::appearance::{Stamp, form_xobject};
use super::diff::Permissions;
use super::document::Document;
use super::form::{Field, Form, annotation_visible};
use super::object::{Dict, ObjRef, Object, Real, decode_text, text_string};
use super::parse::malformed;
use super::sign::{PageChoice, PdfSignOptions, Placement};
use super::writer::IncrementalUpdate;
use crate::pki::Certificate;
use crate::{Error, Result};

/// Where the signature goes.
pub(crate) enum Target<'f> {
    /// Into this existing empty signature field.
    Fill(&'f Field),
    /// Into a new field of this name.
    Create(String),
}

/// The DocMDP level of the document's certification, if it is certified.
fn certification_level(doc: &Document<'_>) -> Result<Option<u8>> {
    let catalog = doc.catalog()?;
    let Some(perms) = catalog.get(b"Perms") else { return Ok(None) };
    let perms = doc.resolve(perms)?;
    let Some(docmdp) = perms.as_dict().and_then(|p| p.get(b"DocMDP")) else { return Ok(None) };
    let sig = doc.resolve(docmdp)?.as_dict().cloned().unwrap_or_default();
    Ok(Permissions::of(doc, &sig, &Dict::default()).docmdp)
}

/// Chooses the field for a signature with `options` in `doc` (whose form is `form`).
pub(crate) fn choose<'f>(doc: &Document<'_>, form: &'f Form, options: &PdfSignOptions) -> Result<Target<'f>> {
    let certification = certification_level(doc)?;
    if certification == Some(1) {
        return Err(Error::PdfCertifiedNoChanges);
    }
    if options.certify.is_some() && form.fields.iter().any(is_signed) {
        return Err(Error::PdfCertificationNotFirst);
    }
    let locks = earlier_locks(doc, form)?;
    let locked = |name: &str| locks.iter().any(|lock| lock.lock.locks(name));
    let target = match &options.field_name {
        Some(name) => match form.field(name) {
            Some(field) if !field.is_signature() => return Err(Error::PdfFieldNotSignature { field: name.clone() }),
            Some(field) if is_signed(field) => return Err(Error::PdfFieldSigned { field: name.clone() }),
            Some(_) if locked(name) => return Err(Error::PdfFieldLocked { field: name.clone() }),
            Some(field) => Target::Fill(field),
            None => Target::Create(name.clone()),
        },
        None => {
            // An invisible empty field does not take a stamp the caller placed.
            let fits = |field: &&Field| options.visible.is_none() || field.visible();
            let empty = form.fields.iter().filter(|f| f.is_signature() && !is_signed(f) && !locked(&f.name)).find(fits);
            match empty {
                Some(field) => Target::Fill(field),
                None => Target::Create(unused_name(form)),
            }
        }
    };
    match &target {
        Target::Fill(field) => check_seed_values(doc, field, options)?,
        Target::Create(_) => {
            if let Some(level) = certification.filter(|_| options.visible.is_some()) {
                return Err(Error::PdfNewVisibleFieldForbidden { level });
            }
        }
    }
    Ok(target)
}

fn is_signed(field: &Field) -> bool {
    field.is_signature() && field.dict.get(b"V").is_some()
}

/// What the signatures already in the document lock.
fn earlier_locks(doc: &Document<'_>, form: &Form) -> Result<Vec<Permissions>> {
    let mut locks = Vec::new();
    for field in form.fields.iter().filter(|f| is_signed(f)) {
        let Some(value) = field.dict.get(b"V") else { continue };
        if let Some(sig) = doc.resolve(value)?.as_dict() {
            locks.push(Permissions::of(doc, sig, &field.dict));
        }
    }
    Ok(locks)
}

/// `Signature<n>` with the smallest `n` no field of the form has.
fn unused_name(form: &Form) -> String {
    (1..).map(|n| format!("Signature{n}")).find(|name| form.field(name).is_none()).unwrap_or_default()
}

/// Seed value flags (ISO 32000-1 Table 234): which constraints are required.
const SV_SUBFILTER: i64 = 1 << 1;
const SV_REASONS: i64 = 1 << 3;
const SV_DIGEST_METHOD: i64 = 1 << 6;

/// The constraints of the field's seed value dictionary (`/SV`) that are required.
fn check_seed_values(doc: &Document<'_>, field: &Field, options: &PdfSignOptions) -> Result<()> {
    let Some(seed) = field.dict.get(b"SV") else { return Ok(()) };
    let seed = doc.resolve(seed)?.as_dict().cloned().unwrap_or_default();
    let required = seed.int(b"Ff").unwrap_or(0);
    let list = |key: &[u8]| -> Result<Option<Vec<Object>>> {
        match seed.get(key) {
            Some(obj) => Ok(doc.resolve(obj)?.as_array().map(<[Object]>::to_vec)),
            None => Ok(None),
        }
    };
    if required & SV_SUBFILTER != 0
        && let Some(filters) = list(b"SubFilter")?
        && !filters.iter().any(|f| f == &Object::name("ETSI.CAdES.detached"))
    {
        return Err(Error::PdfSeedValue { what: "SubFilter (tte signs ETSI.CAdES.detached)" });
    }
    if required & SV_DIGEST_METHOD != 0
        && let Some(methods) = list(b"DigestMethod")?
        && !methods.iter().any(|m| m == &Object::name("SHA256"))
    {
        return Err(Error::PdfSeedValue { what: "DigestMethod (tte signs with SHA256)" });
    }
    if required & SV_REASONS != 0
        && let Some(reasons) = list(b"Reasons")?
    {
        let reasons: Vec<String> = reasons
            .iter()
            .filter_map(|r| if let Object::String(t) = r { Some(decode_text(t)) } else { None })
            .collect();
        let given = options.reason.clone().unwrap_or_default();
        let allowed = reasons.iter().any(|r| r == &given) || (reasons == [String::new()] && options.reason.is_none());
        if !allowed {
            return Err(Error::PdfSeedValue { what: "Reasons (the reason is not one the field allows)" });
        }
    }
    Ok(())
}

/// The AcroForm (with `new_field` added, SigFlags set) and the catalog (with `/Perms`
/// when certifying), each written in place.
pub(crate) fn register_in_form(
    doc: &Document<'_>,
    catalog: &Dict,
    new_field: Option<ObjRef>,
    certify: bool,
    sig_ref: ObjRef,
    update: &mut IncrementalUpdate<'_, '_>,
) -> Result<()> {
    let acroform_entry = catalog.get(b"AcroForm").cloned();
    let mut acroform = match &acroform_entry {
        Some(obj) => doc.resolve(obj)?.as_dict().cloned().unwrap_or_default(),
        None => Dict::default(),
    };
    let before = acroform.clone();
    if let Some(field_ref) = new_field {
        let mut fields = match acroform.get(b"Fields") {
            Some(obj) => doc.resolve(obj)?.as_array().map(<[Object]>::to_vec).unwrap_or_default(),
            None => Vec::new(),
        };
        fields.push(Object::Ref(field_ref));
        acroform.set(b"Fields", Object::Array(fields));
    }
    acroform.set(b"SigFlags", Object::Integer(3));
    let mut new_catalog = catalog.clone();
    match acroform_entry {
        Some(Object::Ref(r)) if acroform != before => update.put(r, &Object::Dict(acroform)),
        Some(Object::Ref(_)) => {}
        _ => new_catalog.set(b"AcroForm", Object::Dict(acroform)),
    }
    if certify {
        let mut perms = Dict::default();
        perms.set(b"DocMDP", Object::Ref(sig_ref));
        new_catalog.set(b"Perms", Object::Dict(perms));
    }
    if &new_catalog != catalog {
        update.put(doc.root()?, &Object::Dict(new_catalog));
    }
    Ok(())
}

/// A new signature field (merged with its widget) named `name`, placed as the options
/// say, added to its page's annotations. Returns its reference.
pub(crate) fn create_field(
    doc: &Document<'_>,
    pages: &[(ObjRef, Dict)],
    name: &str,
    options: &PdfSignOptions,
    sig_ref: ObjRef,
    update: &mut IncrementalUpdate<'_, '_>,
) -> Result<ObjRef> {
    let (page_index, rect) = match &options.visible {
        None => (0, [0.0; 4]),
        Some(visible) => place(doc, pages, &visible.placement)?,
    };
    let (page_ref, page) =
        pages.get(page_index).cloned().ok_or(Error::PdfNoSuchPage { page: page_index + 1, pages: pages.len() })?;
    let field_ref = update.allocate();
    // The widget joins the page's annotations.
    match page.get(b"Annots") {
        Some(Object::Ref(annots_ref)) => {
            let mut annots = doc.get(*annots_ref)?.as_array().map(<[Object]>::to_vec).unwrap_or_default();
            annots.push(Object::Ref(field_ref));
            update.put(*annots_ref, &Object::Array(annots));
        }
        existing => {
            let mut annots = existing.and_then(Object::as_array).map(<[Object]>::to_vec).unwrap_or_default();
            annots.push(Object::Ref(field_ref));
            let mut new_page = page.clone();
            new_page.set(b"Annots", Object::Array(annots));
            update.put(page_ref, &Object::Dict(new_page));
        }
    }
    let mut field = Dict::default();
    field.set(b"FT", Object::name("Sig"));
    field.set(b"T", text_string(name));
    field.set(b"V", Object::Ref(sig_ref));
    field.set(b"Type", Object::name("Annot"));
    field.set(b"Subtype", Object::name("Widget"));
    field.set(b"Rect", Object::Array(rect.iter().map(|v| Object::Real(Real::new(*v))).collect()));
    field.set(b"P", Object::Ref(page_ref));
    // Print, locked.
    field.set(b"F", Object::Integer(132));
    if let Some(visible) = &options.visible {
        set_appearance(&mut field, &visible.stamp, rect, update)?;
    }
    update.put(field_ref, &Object::Dict(field));
    Ok(field_ref)
}

/// Fills the existing empty signature field `field`: its value, and in a widget with an
/// area, the stamp of the options (or one naming the signer) drawn to the widget's size.
pub(crate) fn fill_field(
    doc: &Document<'_>,
    pages: &[(ObjRef, Dict)],
    field: &Field,
    certificate: &Certificate,
    options: &PdfSignOptions,
    sig_ref: ObjRef,
    update: &mut IncrementalUpdate<'_, '_>,
) -> Result<()> {
    let field_ref = field.reference.ok_or(malformed("signature field is not an indirect object"))?;
    let (widget_ref, widget) = field.widget();
    let mut widget = widget.clone();
    let rect = match widget.get(b"Rect").and_then(Object::as_array) {
        Some([x1, y1, x2, y2]) => {
            let [x1, y1, x2, y2] = [x1, y1, x2, y2].map(|v| v.as_number().unwrap_or(0.0));
            [x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2)]
        }
        _ => [0.0; 4],
    };
    if annotation_visible(&widget) {
        let stamp = match &options.visible {
            Some(visible) => visible.stamp.clone(),
            None => default_stamp(certificate, options),
        };
        set_appearance(&mut widget, &stamp, rect, update)?;
    }
    // The widget must be on a page: its /P, or the page whose annotations list it.
    let on_page = widget.reference(b"P").is_some_and(|p| pages.iter().any(|(r, _)| *r == p))
        || pages.iter().any(|(_, page)| lists_annotation(doc, page, widget_ref));
    if !on_page {
        return Err(malformed("the signature field's widget is on no page"));
    }
    match widget_ref {
        Some(widget_ref) if widget_ref != field_ref => {
            update.put(widget_ref, &Object::Dict(widget));
            let mut dict = field.dict.clone();
            dict.set(b"V", Object::Ref(sig_ref));
            update.put(field_ref, &Object::Dict(dict));
        }
        _ => {
            widget.set(b"V", Object::Ref(sig_ref));
            update.put(field_ref, &Object::Dict(widget));
        }
    }
    Ok(())
}

/// Whether `page`'s annotations list `annotation`.
fn lists_annotation(doc: &Document<'_>, page: &Dict, annotation: Option<ObjRef>) -> bool {
    let Some(annotation) = annotation else { return false };
    let annots = page.get(b"Annots").and_then(|a| doc.resolve(a).ok());
    annots.as_ref().and_then(Object::as_array).unwrap_or_default().contains(&Object::Ref(annotation))
}

/// The stamp of a visible field filled without one: who signed.
fn default_stamp(certificate: &Certificate, options: &PdfSignOptions) -> Stamp {
    let name = options.name.clone().or_else(|| certificate.subject_attribute(const_oid::db::rfc4519::CN));
    let mut lines = vec!["Ditandatangani secara elektronik oleh:".to_string()];
    lines.extend(name);
    Stamp { lines, qr_url: None, image: None, footer: None }
}

/// Draws `stamp` into `widget` (of `rect`) as its normal appearance.
fn set_appearance(
    widget: &mut Dict,
    stamp: &Stamp,
    rect: [f64; 4],
    update: &mut IncrementalUpdate<'_, '_>,
) -> Result<()> {
    let form = form_xobject(stamp, rect[2] - rect[0], rect[3] - rect[1], update)?;
    let mut appearance = Dict::default();
    appearance.set(b"N", Object::Ref(form));
    widget.set(b"AP", Object::Dict(appearance));
    Ok(())
}

/// The page index and rectangle of a placement.
fn place(
    doc: &Document<'_>,
    pages: &[(super::object::ObjRef, Dict)],
    placement: &Placement,
) -> Result<(usize, [f64; 4])> {
    let count = pages.len();
    match placement {
        Placement::Rect { page, rect } => {
            let index = match page {
                PageChoice::First => 0,
                PageChoice::Last => count - 1,
                PageChoice::Number(n) if (1..=count).contains(n) => n - 1,
                PageChoice::Number(n) => return Err(Error::PdfNoSuchPage { page: *n, pages: count }),
            };
            let [x1, y1, x2, y2] = *rect;
            Ok((index, [x1.min(x2), y1.min(y2), x1.max(x2), y1.max(y2)]))
        }
        Placement::Anchor { character, size, offset } => {
            let (index, x, y) = super::anchor::find(doc, pages, *character)?;
            let (x, y) = (x + offset[0], y + offset[1]);
            Ok((index, [x, y, x + size[0], y + size[1]]))
        }
    }
}
