//! Modification analysis, judged by tte and by pyHanko side by side: every attack an
//! incremental update can make after a signature (new text drawn over a signed letter, the
//! published shadow attacks, a shadow catalog, a freed cross-reference entry, a new page,
//! JavaScript), certified documents followed by each kind of change, and the benign
//! updates (a second signature, a field filled, `/DSS`, metadata, a re-serialized object).
//! The two must agree; where they cannot, the case says why. Run with `--nocapture` to see
//! the table of verdicts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod crafting;
mod signing;

use crafting::*;
use signing::Signing;
use std::collections::BTreeMap;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::appearance::Stamp;
use tte_core::pdf::{
    self, Dict, Document, ObjRef, Object, PageChoice, PdfSignOptions, Placement, Stream, Verdict, Visible,
};
use tte_core::pki::*;
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

struct Bench {
    s: Signing,
    signer: KeySigner,
    cert: Certificate,
    second: KeySigner,
    second_cert: Certificate,
    rows: Vec<String>,
}

impl Bench {
    fn new() -> Bench {
        let mut s = Signing::new("modifications");
        let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
        let (second, second_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
        Bench { s, signer, cert, second, second_cert, rows: Vec::new() }
    }

    fn sign_with(&self, pdf: &[u8], second: bool, options: &PdfSignOptions) -> Vec<u8> {
        let (signer, cert) = if second { (&self.second, &self.second_cert) } else { (&self.signer, &self.cert) };
        pdf::sign(pdf, cert, &[self.s.ca.issuing().clone()], signer, options).unwrap()
    }

    /// `pdf` with a visible approval signature (field Signature1, or `field`).
    fn approved(&self, pdf: &[u8]) -> Vec<u8> {
        self.sign_with(pdf, false, &visible(Some("Signature1"), [72.0, 100.0, 292.0, 180.0]))
    }

    /// `pdf` certified with DocMDP `p` (an invisible signature).
    fn certified(&self, pdf: &[u8], p: u8) -> Vec<u8> {
        self.sign_with(
            pdf,
            false,
            &PdfSignOptions { certify: Some(p), field_name: Some("Signature1".into()), ..PdfSignOptions::default() },
        )
    }

    /// Judges `pdf` with tte and pyHanko; `expected` is the validity of each signature by
    /// field; `disagreement`, when pyHanko judges a field otherwise, says why.
    fn case(&mut self, case: &str, pdf: &[u8], expected: &[(&str, bool)], disagreement: Option<(&str, &str)>) {
        let file = format!("{case}.pdf");
        self.s.dir.write(&file, pdf);
        let validator = PathValidator::new(vec![self.s.ca.root().clone()]);
        let reports = pdf::verify(pdf, &validator, SystemClock.now()).unwrap();
        let tte: BTreeMap<String, (bool, Verdict)> =
            reports.iter().map(|r| (r.field.clone(), (r.valid, r.verdict))).collect();
        let pyhanko = self.s.pyhanko_verdicts(&file);
        for (field, valid) in expected {
            let (tte_valid, verdict) =
                tte.get(*field).copied().unwrap_or_else(|| panic!("{case}: no {field} in {reports:#?}"));
            assert_eq!(tte_valid, *valid, "{case}: tte on {field}: {reports:#?}");
            assert!(crypto_intact(&reports, field), "{case}: the cryptography of {field} holds: {reports:#?}");
            let theirs = pyhanko.get(*field).copied().unwrap_or(false);
            match disagreement {
                Some((on, why)) if on == *field => {
                    assert_eq!(theirs, !valid, "{case}: pyHanko was expected to disagree on {field} ({why})")
                }
                _ => assert_eq!(
                    theirs,
                    *valid,
                    "{case}: pyHanko on {field}: {}\ntte: {reports:#?}",
                    self.s.pyhanko_validate(&file).1
                ),
            }
            let changes: Vec<String> = reports
                .iter()
                .find(|r| r.field == *field)
                .map(|r| {
                    r.changes
                        .iter()
                        .map(|c| {
                            format!(
                                "{:?}{}{}",
                                c.class,
                                if c.visible { "/visible" } else { "" },
                                if c.permitted { "" } else { "/not permitted" }
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            self.rows.push(format!(
                "{case:<34} {field:<11} tte {:<28} pyHanko {:<8} {}",
                format!("{verdict:?}"),
                if theirs { "VALID" } else { "INVALID" },
                changes.join(", ")
            ));
        }
    }
}

fn crypto_intact(reports: &[pdf::SignatureReport], field: &str) -> bool {
    reports.iter().any(|r| r.field == field && r.byte_range_ok && r.digest_ok && r.signature_ok && r.chain_ok)
}

fn visible(field: Option<&str>, at: [f64; 4]) -> PdfSignOptions {
    PdfSignOptions {
        field_name: field.map(str::to_string),
        visible: Some(Visible {
            stamp: Stamp {
                lines: vec!["Ditandatangani secara elektronik".into()],
                qr_url: None,
                image: None,
                footer: None,
            },
            placement: Placement::Rect { page: PageChoice::First, rect: at },
        }),
        ..PdfSignOptions::default()
    }
}

fn letter() -> Vec<u8> {
    pdf::letter::letter(&["NOTA DINAS", "Nomor: 800/017/UJI", "Perihal: anggaran Rp 1.000.000"])
}

#[test]
fn attacks_after_an_approval_signature_are_caught_as_pyhanko_catches_them() {
    let mut b = Bench::new();
    let signed = b.approved(&letter());

    let freetext = updated(&signed, |doc, u| {
        add_annotation(doc, u, "FreeText", "PALSU", 700.0);
    });
    b.case("freetext-annotation", &freetext, &[("Signature1", false)], None);

    // The page's /Contents is an indirect array (made so before signing); the attack
    // appends a stream to the array object, leaving the page dictionary as it was.
    let arrayed = updated(&letter(), |doc, u| {
        let (page_ref, mut page_dict) = page(doc);
        let array = u.allocate();
        u.put(array, &Object::Array(vec![page_dict.get(b"Contents").unwrap().clone()]));
        page_dict.set(b"Contents", Object::Ref(array));
        u.put(page_ref, &Object::Dict(page_dict));
    });
    let signed_arrayed = b.approved(&arrayed);
    let appended = updated(&signed_arrayed, |doc, u| {
        let (_, page_dict) = page(doc);
        let array = page_dict.reference(b"Contents").unwrap();
        let mut items = doc.get(array).unwrap().as_array().unwrap().to_vec();
        let forged = u.allocate();
        let data = b"BT /F1 30 Tf 72 600 Td (PALSU) Tj ET".to_vec();
        u.put(forged, &Object::Stream(Stream { dict: Dict::default(), data }));
        items.push(Object::Ref(forged));
        u.put(array, &Object::Array(items));
    });
    b.case("content-appended-to-indirect-array", &appended, &[("Signature1", false)], None);

    let text_field = updated(&signed, |doc, u| {
        add_text_field(doc, u, "Catatan", "PALSU");
    });
    b.case("new-visible-text-field", &text_field, &[("Signature1", false)], None);

    // An annotation that covered part of the letter when it was signed, removed after.
    let covered = updated(&letter(), |doc, u| {
        add_annotation(doc, u, "Square", "TUTUP", 720.0);
    });
    let covered = b.approved(&covered);
    let uncovered = updated(&covered, |doc, u| {
        let (page_ref, mut page_dict) = page(doc);
        let kept: Vec<Object> = annots(doc, &page_dict).into_iter().skip(1).collect();
        page_dict.set(b"Annots", Object::Array(kept));
        u.put(page_ref, &Object::Dict(page_dict));
    });
    b.case("annotation-removed", &uncovered, &[("Signature1", false)], None);

    // Two overlapping annotations; swapping them changes which one shows on top.
    let stacked = updated(&letter(), |doc, u| {
        add_annotation(doc, u, "Square", "BAWAH", 700.0);
    });
    let stacked = updated(&stacked, |doc, u| {
        add_annotation(doc, u, "Square", "ATAS", 710.0);
    });
    let stacked = b.approved(&stacked);
    let swapped = updated(&stacked, |doc, u| {
        let (page_ref, mut page_dict) = page(doc);
        let mut list = annots(doc, &page_dict);
        list.swap(0, 1);
        page_dict.set(b"Annots", Object::Array(list));
        u.put(page_ref, &Object::Dict(page_dict));
    });
    b.case("annotations-reordered", &swapped, &[("Signature1", false)], None);

    // A shadow catalog: the update changes no signed object, but the trailer now points
    // at a new catalog whose page tree shows another page.
    let shadow = updated(&signed, |doc, u| {
        let (_, page_dict) = page(doc);
        let content = u.allocate();
        let data = b"BT /F1 30 Tf 72 600 Td (DOKUMEN PALSU) Tj ET".to_vec();
        u.put(content, &Object::Stream(Stream { dict: Dict::default(), data }));
        let (pages, new_page, catalog) = (u.allocate(), u.allocate(), u.allocate());
        let mut forged_page = page_dict.clone();
        forged_page.set(b"Contents", Object::Ref(content));
        forged_page.set(b"Parent", Object::Ref(pages));
        u.put(new_page, &Object::Dict(forged_page));
        let kids = dict(vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(vec![Object::Ref(new_page)])),
            ("Count", Object::Integer(1)),
        ]);
        u.put(pages, &Object::Dict(kids));
        let mut shadow_catalog = doc.catalog().unwrap();
        shadow_catalog.set(b"Pages", Object::Ref(pages));
        u.put(catalog, &Object::Dict(shadow_catalog));
    });
    let shadow_root = Document::parse(&shadow).unwrap().next_object_number() - 1;
    let shadow = patch_last_trailer(&shadow, "/Root 1 0 R", &format!("/Root {shadow_root} 0 R"));
    b.case("shadow-catalog", &shadow, &[("Signature1", false)], None);

    // The same through a cross-reference stream (a file qpdf wrote with object streams).
    b.s.dir.write("plain.pdf", letter());
    let (ok, qpdf_said) = signing::run(&b.s.dir.0, "qpdf", &["--object-streams=generate", "plain.pdf", "objstm.pdf"]);
    assert!(ok, "{qpdf_said}");
    let streamed = b.approved(&b.s.dir.read("objstm.pdf"));
    let root = Document::parse(&streamed).unwrap().root().unwrap().num;
    let shadow = updated(&streamed, |doc, u| {
        let mut shadow_catalog = doc.catalog().unwrap();
        let forged = u.allocate();
        let data = b"BT /F1 30 Tf 72 600 Td (DOKUMEN PALSU) Tj ET".to_vec();
        u.put(forged, &Object::Stream(Stream { dict: Dict::default(), data }));
        let (page_ref, mut page_dict) = page(doc);
        let (pages, new_page, catalog) = (u.allocate(), u.allocate(), u.allocate());
        page_dict.set(b"Contents", Object::Ref(forged));
        page_dict.set(b"Parent", Object::Ref(pages));
        let _ = page_ref;
        u.put(new_page, &Object::Dict(page_dict));
        let tree = vec![
            ("Type", name("Pages")),
            ("Kids", Object::Array(vec![Object::Ref(new_page)])),
            ("Count", Object::Integer(1)),
        ];
        u.put(pages, &Object::Dict(dict(tree)));
        shadow_catalog.set(b"Pages", Object::Ref(pages));
        u.put(catalog, &Object::Dict(shadow_catalog));
    });
    assert!(Document::parse(&shadow).unwrap().uses_xref_stream());
    let shadow_root = Document::parse(&shadow).unwrap().next_object_number() - 2;
    let shadow = patch_last_trailer(&shadow, &format!("/Root {root} 0 R"), &format!("/Root {shadow_root} 0 R"));
    b.case("shadow-catalog-in-xref-stream", &shadow, &[("Signature1", false)], None);

    // An update whose only content is a cross-reference entry that frees the font.
    let doc = Document::parse(&signed).unwrap();
    let mut freed = signed.clone();
    let xref_at = freed.len();
    freed.extend_from_slice(
        format!(
            "xref\n4 1\n0000000000 00001 f \ntrailer\n<</Size {}/Root 1 0 R/Prev {}>>\nstartxref\n{xref_at}\n%%EOF\n",
            doc.next_object_number(),
            doc.startxref()
        )
        .as_bytes(),
    );
    b.case("xref-entry-freed", &freed, &[("Signature1", false)], None);

    let new_page = updated(&signed, |doc, u| {
        let (page_ref, page_dict) = page(doc);
        let pages_ref = page_dict.reference(b"Parent").unwrap();
        let added = u.allocate();
        u.put(added, &Object::Dict(page_dict.clone()));
        let mut tree = doc.get(pages_ref).unwrap().as_dict().unwrap().clone();
        tree.set(b"Kids", Object::Array(vec![Object::Ref(page_ref), Object::Ref(added)]));
        tree.set(b"Count", Object::Integer(2));
        u.put(pages_ref, &Object::Dict(tree));
    });
    b.case("new-page", &new_page, &[("Signature1", false)], None);

    let javascript = updated(&signed, |doc, u| {
        let mut catalog = doc.catalog().unwrap();
        let action = dict(vec![("S", name("JavaScript")), ("JS", text("app.alert('PALSU')"))]);
        catalog.set(b"OpenAction", Object::Dict(action));
        u.put(doc.root().unwrap(), &Object::Dict(catalog));
    });
    b.case("javascript-open-action", &javascript, &[("Signature1", false)], None);
    print_rows(&b.rows);
}

#[test]
fn shadow_attacks_hide_replace_and_hide_and_replace() {
    let mut b = Bench::new();
    // Hide: the signed page draws a white box over words the attacker later uncovers by
    // rewriting the box's stream object.
    let (mut overlay_ref, mut hidden_ref) = (None, None);
    let prepared = updated(&letter(), |doc, u| {
        let (page_ref, mut page_dict) = page(doc);
        let (hidden, overlay) = (u.allocate(), u.allocate());
        let words = b"BT /F1 30 Tf 72 600 Td (PALSU) Tj ET".to_vec();
        u.put(hidden, &Object::Stream(Stream { dict: Dict::default(), data: words }));
        let white = b"1 g 60 590 300 50 re f".to_vec();
        u.put(overlay, &Object::Stream(Stream { dict: Dict::default(), data: white }));
        let original = page_dict.get(b"Contents").unwrap().clone();
        page_dict.set(b"Contents", Object::Array(vec![original, Object::Ref(hidden), Object::Ref(overlay)]));
        u.put(page_ref, &Object::Dict(page_dict));
        (overlay_ref, hidden_ref) = (Some(overlay), Some(hidden));
    });
    let signed = b.approved(&prepared);
    let uncovered = updated(&signed, |_, u| {
        u.put(overlay_ref.unwrap(), &Object::Stream(Stream { dict: Dict::default(), data: Vec::new() }));
    });
    b.case("shadow-hide", &uncovered, &[("Signature1", false)], None);

    // Replace: the font is swapped after signing, so the same codes draw other glyphs.
    let plain = b.approved(&letter());
    let refonted = updated(&plain, |doc, u| {
        let font = ObjRef { num: 4, generation: 0 };
        let mut font_dict = doc.get(font).unwrap().as_dict().unwrap().clone();
        font_dict.set(b"BaseFont", name("Courier"));
        font_dict.set(b"Widths", Object::Array(vec![Object::Integer(0); 224]));
        font_dict.set(b"FirstChar", Object::Integer(32));
        font_dict.set(b"LastChar", Object::Integer(255));
        u.put(font, &Object::Dict(font_dict));
    });
    b.case("shadow-replace-font-widths", &refonted, &[("Signature1", false)], None);

    // Hide-and-replace: the signed revision carries an unused stream; the update points
    // the page's /Contents at it.
    let with_spare = updated(&letter(), |_, u| {
        let spare = u.allocate();
        let words = b"BT /F1 11 Tf 72 770 Td (NOTA DINAS PALSU) Tj ET".to_vec();
        u.put(spare, &Object::Stream(Stream { dict: Dict::default(), data: words }));
        hidden_ref = Some(spare);
    });
    let signed = b.approved(&with_spare);
    let replaced = updated(&signed, |doc, u| {
        let (page_ref, mut page_dict) = page(doc);
        page_dict.set(b"Contents", Object::Ref(hidden_ref.unwrap()));
        u.put(page_ref, &Object::Dict(page_dict));
    });
    b.case("shadow-hide-and-replace", &replaced, &[("Signature1", false)], None);

    // Replace a form value: a field's value and appearance rewritten after an approval
    // signature.
    let with_field = updated(&letter(), |doc, u| {
        add_text_field(doc, u, "Nominal", "Rp 1.000.000");
    });
    let signed = b.approved(&with_field);
    let refilled = updated(&signed, |doc, u| refill_field(doc, u, "Nominal", "Rp 9.000.000"));
    b.case(
        "shadow-replace-form-value",
        &refilled,
        &[("Signature1", false)],
        Some((
            "Signature1",
            "pyHanko counts a changed field value and appearance after an approval signature as form filling and \
             lets it pass; tte reports the visible change as not permitted (issue 13)",
        )),
    );
    // A /NeedAppearances flip: viewers redraw every field from its value, so what the
    // fields show may change without any appearance being touched.
    let redraw = updated(&signed, |doc, u| {
        let mut catalog = doc.catalog().unwrap();
        let mut form = doc.resolve(catalog.get(b"AcroForm").unwrap()).unwrap().as_dict().unwrap().clone();
        form.set(b"NeedAppearances", Object::Bool(true));
        match catalog.get(b"AcroForm") {
            Some(Object::Ref(form_ref)) => u.put(*form_ref, &Object::Dict(form)),
            _ => {
                catalog.set(b"AcroForm", Object::Dict(form));
                u.put(doc.root().unwrap(), &Object::Dict(catalog));
            }
        }
    });
    b.case(
        "need-appearances-flip",
        &redraw,
        &[("Signature1", false)],
        Some((
            "Signature1",
            "pyHanko exempts /NeedAppearances from its comparison of the form as maintenance; it makes viewers \
             redraw every field, which can change what they show, so tte reports it as a visible form change",
        )),
    );
    print_rows(&b.rows);
}

#[test]
fn certified_documents_permit_what_their_level_says() {
    let mut b = Bench::new();
    let with_field = updated(&letter(), |doc, u| {
        add_text_field(doc, u, "Nominal", "Rp 1.000.000");
    });
    for p in [1u8, 2, 3] {
        let certified = b.certified(&with_field, p);
        let annotated = updated(&certified, |doc, u| {
            add_annotation(doc, u, "FreeText", "CATATAN", 700.0);
        });
        let disagreement = (p == 3).then_some((
            "Signature1",
            "DocMDP P=3 permits annotations; pyHanko's default diff policy has no rule for them (it warns that it \
             was not designed for P=3) and rejects every new annotation",
        ));
        b.case(&format!("certified-p{p}-annotation"), &annotated, &[("Signature1", p == 3)], disagreement);

        let dated = updated(&certified, |_, u| {
            let info = u.allocate();
            u.put(info, &Object::Dict(dict(vec![("ModDate", text("D:20261208090000+07'00'"))])));
        });
        let info_ref = Document::parse(&dated).unwrap().next_object_number() - 1;
        let dated = patch_last_trailer(&dated, "/Root 1 0 R", &format!("/Root 1 0 R/Info {info_ref} 0 R"));
        b.case(&format!("certified-p{p}-info-moddate"), &dated, &[("Signature1", true)], None);

        if p > 1 {
            let second = PdfSignOptions { field_name: Some("Signature2".into()), ..PdfSignOptions::default() };
            let invisible = b.sign_with(&certified, true, &second);
            b.case(
                &format!("certified-p{p}-invisible-signature"),
                &invisible,
                &[("Signature1", true), ("Signature2", true)],
                None,
            );
            // tte refuses to add a new visible field here; the attack adds the empty field in
            // one update and signs into it in the next.
            let direct = visible(Some("Paraf"), [300.0, 100.0, 500.0, 160.0]);
            let refused = pdf::sign(&certified, &b.second_cert, &[], &b.second, &direct).unwrap_err();
            assert_eq!(refused.code(), 5011, "{refused:?}");
            let with_field = updated(&certified, |doc, u| {
                add_signature_field(doc, u, "Paraf", [300.0, 100.0, 500.0, 160.0], vec![]);
            });
            let visible_sig = b.sign_with(&with_field, true, &direct);
            b.case(
                &format!("certified-p{p}-new-visible-signature"),
                &visible_sig,
                &[("Signature1", false), ("Paraf", true)],
                None,
            );
            let filled = updated(&certified, |doc, u| refill_field(doc, u, "Nominal", "Rp 2.500.000"));
            b.case(&format!("certified-p{p}-form-filled"), &filled, &[("Signature1", true)], None);
        }
    }

    // A certification (P=2) that locks one field (its field's /Lock): filling that field
    // breaks it, filling another one does not.
    let template = updated(&with_field, |doc, u| {
        add_text_field(doc, u, "Catatan", "-");
    });
    let lock = dict(vec![
        ("Type", name("SigFieldLock")),
        ("Action", name("Include")),
        ("Fields", Object::Array(vec![text("Nominal")])),
    ]);
    let template = updated(&template, |doc, u| {
        add_signature_field(doc, u, "Signature1", [0.0, 0.0, 0.0, 0.0], vec![("Lock", Object::Dict(lock))]);
    });
    let certified = b.certified(&template, 2);
    let locked = updated(&certified, |doc, u| refill_field(doc, u, "Nominal", "Rp 7.000.000"));
    b.case("certified-p2-locked-field-filled", &locked, &[("Signature1", false)], None);
    let free = updated(&certified, |doc, u| refill_field(doc, u, "Catatan", "disetujui"));
    b.case(
        "certified-p2-unlocked-field-filled",
        &free,
        &[("Signature1", true)],
        Some((
            "Signature1",
            "a pyHanko bug: its GenericFieldModificationRule reports the appearance stream of every existing field \
             as updated, the locked Nominal's too although the revision does not write it, and StandardDiffPolicy \
             refuses that update because Nominal is locked (\"Update of Reference(idnum=6) is not allowed because \
             the form field Nominal is locked\"); only Catatan changed, which the lock does not cover",
        )),
    );
    print_rows(&b.rows);
}

#[test]
fn benign_updates_keep_a_signature_valid() {
    let mut b = Bench::new();
    let signed = b.approved(&letter());
    let twice = b.sign_with(&signed, true, &visible(Some("Paraf"), [300.0, 100.0, 500.0, 160.0]));
    b.case("second-signature-new-field", &twice, &[("Signature1", true), ("Paraf", true)], None);

    // BSrE's B-LT update: /DSS with the certificates, /OutputIntents beside it.
    let ltv = updated(&signed, |doc, u| {
        let mut catalog = doc.catalog().unwrap();
        let mut certs = Vec::new();
        for cert in [&b.cert, b.s.ca.issuing()] {
            let stream = u.allocate();
            u.put(stream, &Object::Stream(Stream { dict: Dict::default(), data: cert.to_der().to_vec() }));
            certs.push(Object::Ref(stream));
        }
        let dss = u.allocate();
        u.put(dss, &Object::Dict(dict(vec![("Certs", Object::Array(certs))])));
        catalog.set(b"DSS", Object::Ref(dss));
        let intent = dict(vec![
            ("Type", name("OutputIntent")),
            ("S", name("GTS_PDFA1")),
            ("OutputConditionIdentifier", text("sRGB IEC61966-2.1")),
        ]);
        catalog.set(b"OutputIntents", Object::Array(vec![Object::Dict(intent)]));
        u.put(doc.root().unwrap(), &Object::Dict(catalog));
    });
    b.case(
        "dss-with-output-intents",
        &ltv,
        &[("Signature1", true)],
        Some((
            "Signature1",
            "pyHanko compares every catalog entry but /AcroForm, /DSS, /Extensions, /Metadata, /MarkInfo and \
             /Version strictly, so /OutputIntents added beside /DSS (as BSrE writes B-LT documents) is an \
             unexplained change to it; an output intent changes no page content, and tte counts it as metadata",
        )),
    );

    let dss_only = updated(&signed, |doc, u| {
        let mut catalog = doc.catalog().unwrap();
        let stream = u.allocate();
        u.put(stream, &Object::Stream(Stream { dict: Dict::default(), data: b.s.ca.issuing().to_der().to_vec() }));
        let dss = u.allocate();
        u.put(dss, &Object::Dict(dict(vec![("Certs", Object::Array(vec![Object::Ref(stream)]))])));
        catalog.set(b"DSS", Object::Ref(dss));
        catalog.set(b"Version", name("2.0"));
        u.put(doc.root().unwrap(), &Object::Dict(catalog));
    });
    b.case("dss-and-catalog-version", &dss_only, &[("Signature1", true)], None);

    let dated = updated(&signed, |_, u| {
        let info = u.allocate();
        u.put(
            info,
            &Object::Dict(dict(vec![("Producer", text("e-office")), ("ModDate", text("D:20261208090000+07'00'"))])),
        );
    });
    let info_ref = Document::parse(&dated).unwrap().next_object_number() - 1;
    let dated = patch_last_trailer(&dated, "/Root 1 0 R", &format!("/Root 1 0 R/Info {info_ref} 0 R"));
    b.case("info-moddate", &dated, &[("Signature1", true)], None);

    // A document timestamp (pyHanko acting as its own TSA, with a TSA certificate of the CA).
    let (tsa_key, tsa_cert) =
        b.s.ca.issue_timestamping(KeyAlgorithm::Rsa2048, "TSA Uji", SystemClock.now().plus(-60)).unwrap();
    let pem =
        tsa_key.to_encrypted_pem(&Secret::new("Kunci#TsaUji77"), Kdf::PBKDF2, &Default::default(), &Default::default());
    b.s.dir.write("tsa-key.pem", pem.unwrap().as_bytes());
    b.s.dir.write("tsa.pem", tsa_cert.to_pem());
    b.s.dir.write("to-stamp.pdf", &signed);
    let script = format!("{}/tests/producers/doc_timestamp.py", env!("CARGO_MANIFEST_DIR"));
    let python = format!("{}/../.venv/bin/python", env!("CARGO_MANIFEST_DIR"));
    let args = [script.as_str(), "to-stamp.pdf", "stamped.pdf", "tsa.pem", "tsa-key.pem", "Kunci#TsaUji77"];
    let (ok, text) = signing::run(&b.s.dir.0, &python, &args);
    assert!(ok, "{text}");
    let stamped = b.s.dir.read("stamped.pdf");
    b.case("document-timestamp", &stamped, &[("Signature1", true)], None);

    // A page whose boxes are written as reals and whose resources are an indirect
    // object, as many producers write them; after signing, the page is written again
    // with its keys in another order and its reals spelled otherwise: equal by value.
    let spelled = updated(&letter(), |doc, u| {
        let (page_ref, page_dict) = page(doc);
        let resources = u.allocate();
        u.put(resources, page_dict.get(b"Resources").unwrap());
        let raw = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.280 841.890] /Resources {} 0 R /Contents 5 0 R >>",
            resources.num
        );
        u.put_raw(page_ref, raw.into_bytes());
    });
    let signed_spelled = b.approved(&spelled);
    let resources_ref = page(&Document::parse(&signed_spelled).unwrap()).1.get(b"Resources").cloned().unwrap();
    let rewrite = |inline: bool| {
        updated(&signed_spelled, |doc, u| {
            let (page_ref, page_dict) = page(doc);
            let mut reordered = Dict::default();
            for (key, value) in page_dict.0.iter().rev() {
                let value = match key.as_slice() {
                    b"MediaBox" => rect([0.0, 0.0, 595.28, 841.89]),
                    b"Resources" if inline => doc.resolve(&resources_ref).unwrap(),
                    _ => value.clone(),
                };
                reordered.set(key, value);
            }
            u.put(page_ref, &Object::Dict(reordered));
        })
    };
    b.case("reserialized-page", &rewrite(false), &[("Signature1", true)], None);
    b.case(
        "resources-inlined",
        &rewrite(true),
        &[("Signature1", true)],
        Some((
            "Signature1",
            "pyHanko compares objects without following references, so an indirect /Resources written again \
             inline with the same content is an unexplained change to it; tte compares the resources by value (as \
             BSrE's updates need)",
        )),
    );
    print_rows(&b.rows);
}

#[test]
fn a_signature_in_an_empty_field_made_by_pyhanko_is_signing() {
    let mut b = Bench::new();
    let signed = b.approved(&letter());
    b.s.dir.write("signed.pdf", &signed);
    let (ok, text) = signing::run(
        &b.s.dir.0,
        &signing::pyhanko(),
        &["sign", "addfields", "--field", "1/300,100,500,160/Kosong", "signed.pdf", "with-field.pdf"],
    );
    assert!(ok, "{text}");
    let with_field = b.s.dir.read("with-field.pdf");
    b.case("new-empty-signature-field", &with_field, &[("Signature1", true)], None);
    // pyHanko fills the empty field with its own signature.
    let filled = b.s.pyhanko_sign_field(&with_field, "Kosong");
    b.case("signature-in-empty-field", &filled, &[("Signature1", true), ("Kosong", true)], None);
    print_rows(&b.rows);
}

fn print_rows(rows: &[String]) {
    for row in rows {
        eprintln!("{row}");
    }
}
