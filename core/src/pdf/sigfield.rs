//! Which signature field a new signature goes into, as pyHanko and Acrobat choose it: the
//! field named in the options (filled when it is an empty signature field, created when
//! there is none of that name), else the first empty signature field that no earlier
//! signature locks, else a new field with a name no field has. What the document's
//! certification forbids (any signature under DocMDP P=1, a new visible field under P=2
//! and P=3), a field an earlier signature locks (FieldMDP) and seed values the signature
//! cannot meet are refused with a typed error before anything is written.

use super::diff::Permissions;
use super::document::Document;
use super::form::{Field, Form};
use super::object::{Dict, Object, decode_text};
use super::sign::PdfSignOptions;
use crate::{Error, Result};

/// Where the signature goes.
pub(crate) enum Target<'f> {
    /// Into this existing empty signature field.
    Fill(&'f Field),
    /// Into a new field of this name.
    Create(String),
}

/// The DocMDP level of the document's certification, if it is certified.
pub(crate) fn certification_level(doc: &Document<'_>) -> Result<Option<u8>> {
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
