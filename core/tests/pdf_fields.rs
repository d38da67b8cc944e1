//! Signature fields: tte fills an existing empty field (named, or the first empty one
//! that no earlier signature locks), never makes a second field of a name, carries a
//! field's /Lock into its signature, meets its seed values, and refuses what the
//! certification forbids; every output passes tte's verifier and pyHanko.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crafting;
mod signing;

use crafting::*;
use signing::Signing;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::appearance::Stamp;
use tte_core::pdf::{self, Document, Object, PageChoice, PdfSignOptions, Placement, Verdict, Visible};
use tte_core::pki::*;
use tte_core::signer::KeySigner;

struct Fields {
    s: Signing,
    signer: KeySigner,
    cert: Certificate,
}

impl Fields {
    fn new(name: &str) -> Fields {
        let mut s = Signing::new(name);
        let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
        Fields { s, signer, cert }
    }

    fn sign(&self, pdf: &[u8], options: &PdfSignOptions) -> tte_core::Result<Vec<u8>> {
        pdf::sign(pdf, &self.cert, &[self.s.ca.issuing().clone()], &self.signer, options)
    }

    /// Every signature valid for tte and pyHanko; returns the field names, in order.
    fn all_valid(&self, file: &str, pdf: &[u8]) -> Vec<String> {
        self.s.dir.write(file, pdf);
        let validator = PathValidator::new(vec![self.s.ca.root().clone()]);
        let reports = pdf::verify(pdf, &validator, SystemClock.now()).unwrap();
        assert!(reports.iter().all(|r| r.valid), "{file}: {reports:#?}");
        let pyhanko = self.s.pyhanko_verdicts(file);
        assert!(pyhanko.len() == reports.len() && pyhanko.values().all(|v| *v), "{file}: pyHanko {pyhanko:?}");
        self.s.qpdf_ok(file);
        reports.into_iter().map(|r| r.field).collect()
    }
}

/// Every field name of the document's form, in order (signed or not).
fn field_names(pdf: &[u8]) -> Vec<String> {
    let doc = Document::parse(pdf).unwrap();
    let catalog = doc.catalog().unwrap();
    let Some(form) = catalog.get(b"AcroForm") else { return Vec::new() };
    let form = doc.resolve(form).unwrap();
    let fields = doc.resolve(form.as_dict().unwrap().get(b"Fields").unwrap()).unwrap();
    fields
        .as_array()
        .unwrap()
        .iter()
        .map(|f| match doc.resolve(f).unwrap().as_dict().unwrap().get(b"T") {
            Some(Object::String(t)) => String::from_utf8_lossy(t).into_owned(),
            other => panic!("{other:?}"),
        })
        .collect()
}

fn stamped(field: Option<&str>) -> PdfSignOptions {
    PdfSignOptions {
        field_name: field.map(str::to_string),
        visible: Some(Visible {
            stamp: Stamp {
                lines: vec!["Ditandatangani".into(), "Siti Contoh".into()],
                qr_url: None,
                image: None,
                footer: None,
            },
            placement: Placement::Rect { page: PageChoice::First, rect: [72.0, 400.0, 272.0, 460.0] },
        }),
        ..PdfSignOptions::default()
    }
}

fn letter() -> Vec<u8> {
    pdf::letter::letter(&["NOTA DINAS", "Nomor: 800/021/UJI"])
}

#[test]
fn empty_fields_are_filled_and_names_never_repeat() {
    let f = Fields::new("fields-fill");
    // A template with two empty fields, as a form designer leaves them.
    let template = updated(&letter(), |doc, u| {
        add_signature_field(doc, u, "TandaTangan", [72.0, 100.0, 272.0, 160.0], vec![]);
    });
    let template = updated(&template, |doc, u| {
        add_signature_field(doc, u, "Signature2", [300.0, 100.0, 500.0, 160.0], vec![]);
    });

    // Named: the existing TandaTangan is filled (its widget gets the stamp), not doubled.
    let named = f.sign(&template, &stamped(Some("TandaTangan"))).unwrap();
    assert_eq!(field_names(&named), ["TandaTangan", "Signature2"]);
    assert_eq!(f.all_valid("named.pdf", &named), ["TandaTangan"]);
    let widget = String::from_utf8_lossy(&named[template.len()..]).into_owned();
    assert!(widget.contains("/T (TandaTangan)") && widget.contains("/AP <</N"), "{widget}");

    // Default: the first empty field left (Signature2) is filled, not a second Signature2.
    let second = f.sign(&named, &PdfSignOptions::default()).unwrap();
    assert_eq!(field_names(&second), ["TandaTangan", "Signature2"]);
    assert_eq!(f.all_valid("second.pdf", &second), ["TandaTangan", "Signature2"]);

    // No empty field left: a new one with a name no field has.
    let third = f.sign(&second, &PdfSignOptions::default()).unwrap();
    assert_eq!(field_names(&third), ["TandaTangan", "Signature2", "Signature1"]);
    let fourth = f.sign(&third, &PdfSignOptions::default()).unwrap();
    assert_eq!(field_names(&fourth), ["TandaTangan", "Signature2", "Signature1", "Signature3"]);
    assert_eq!(f.all_valid("fourth.pdf", &fourth).len(), 4);

    // A signed field, or a field that is no signature field, is refused by name.
    let signed_again = f.sign(&fourth, &PdfSignOptions { field_name: Some("Signature2".into()), ..Default::default() });
    assert_eq!(signed_again.unwrap_err().code(), 5009);
    let with_text = updated(&letter(), |doc, u| {
        add_text_field(doc, u, "Nama", "Siti Contoh");
    });
    let not_signature = f.sign(&with_text, &PdfSignOptions { field_name: Some("Nama".into()), ..Default::default() });
    assert_eq!(not_signature.unwrap_err().code(), 5008);
}

#[test]
fn locks_and_seed_values_are_respected() {
    let f = Fields::new("fields-lock");
    // Kepala's /Lock: signing Kepala locks Sekretaris.
    let lock = Object::Dict(dict(vec![
        ("Type", name("SigFieldLock")),
        ("Action", name("Include")),
        ("Fields", Object::Array(vec![text("Sekretaris")])),
    ]));
    let template = updated(&letter(), |doc, u| {
        add_signature_field(doc, u, "Kepala", [72.0, 100.0, 272.0, 160.0], vec![("Lock", lock)]);
    });
    let template = updated(&template, |doc, u| {
        add_signature_field(doc, u, "Sekretaris", [300.0, 100.0, 500.0, 160.0], vec![]);
    });
    let kepala =
        f.sign(&template, &PdfSignOptions { field_name: Some("Kepala".into()), ..Default::default() }).unwrap();
    let update = String::from_utf8_lossy(&kepala[template.len()..]).into_owned();
    assert!(update.contains("/TransformMethod /FieldMDP") && update.contains("/Action /Include"), "{update}");
    assert_eq!(f.all_valid("kepala.pdf", &kepala), ["Kepala"]);
    let locked = f.sign(&kepala, &PdfSignOptions { field_name: Some("Sekretaris".into()), ..Default::default() });
    assert_eq!(locked.unwrap_err().code(), 5010);
    // By default the locked empty field is passed over: a new field is made.
    let other = f.sign(&kepala, &PdfSignOptions::default()).unwrap();
    assert_eq!(field_names(&other), ["Kepala", "Sekretaris", "Signature1"]);
    assert_eq!(f.all_valid("other.pdf", &other), ["Kepala", "Signature1"]);

    // Seed values that ask for another SubFilter, or one of a list of reasons.
    let seed = |entries| Object::Dict(dict(entries));
    let subfilter =
        seed(vec![("SubFilter", Object::Array(vec![name("adbe.pkcs7.detached")])), ("Ff", Object::Integer(2))]);
    let reasons = seed(vec![("Reasons", Object::Array(vec![text("Menyetujui")])), ("Ff", Object::Integer(8))]);
    for (what, sv, code) in [("subfilter", subfilter, 5012), ("reasons", reasons, 5012)] {
        let template = updated(&letter(), |doc, u| {
            add_signature_field(doc, u, "Pejabat", [72.0, 100.0, 272.0, 160.0], vec![("SV", sv)]);
        });
        let refused = f.sign(&template, &PdfSignOptions::default()).unwrap_err();
        assert_eq!(refused.code(), code, "{what}: {refused:?}");
        if what == "reasons" {
            let agreed = PdfSignOptions { reason: Some("Menyetujui".into()), ..Default::default() };
            assert_eq!(f.all_valid("reasons.pdf", &f.sign(&template, &agreed).unwrap()), ["Pejabat"]);
        }
    }
}

#[test]
fn certification_decides_what_may_follow() {
    let f = Fields::new("fields-certify");
    let certify = |p| PdfSignOptions { certify: Some(p), ..PdfSignOptions::default() };
    let locked_down = f.sign(&letter(), &certify(1)).unwrap();
    assert_eq!(f.sign(&locked_down, &PdfSignOptions::default()).unwrap_err().code(), 5003);

    let template = updated(&letter(), |doc, u| {
        add_signature_field(doc, u, "Paraf", [300.0, 100.0, 500.0, 160.0], vec![]);
    });
    let certified = f.sign(&template, &PdfSignOptions { field_name: Some("Kepala".into()), ..certify(2) }).unwrap();
    // A new visible field is refused; an invisible signature and the existing empty
    // (visible) field are what P=2 permits.
    assert_eq!(f.sign(&certified, &stamped(Some("Baru"))).unwrap_err().code(), 5011);
    let invisible =
        f.sign(&certified, &PdfSignOptions { field_name: Some("Tak Tampak".into()), ..Default::default() }).unwrap();
    assert_eq!(f.all_valid("invisible.pdf", &invisible), ["Kepala", "Tak Tampak"]);
    let filled = f.sign(&certified, &stamped(Some("Paraf"))).unwrap();
    assert_eq!(f.all_valid("filled.pdf", &filled), ["Paraf", "Kepala"]);
    let validator = PathValidator::new(vec![f.s.ca.root().clone()]);
    let reports = pdf::verify(&filled, &validator, SystemClock.now()).unwrap();
    let kepala = reports.iter().find(|r| r.field == "Kepala").unwrap();
    assert_eq!(kepala.verdict, Verdict::ValidWithPermittedChanges, "{kepala:#?}");
}
