//! Our verifier on our signatures, on pyHanko's, on tampered files and on content
//! changed after signing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::Signing;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::writer::IncrementalUpdate;
use tte_core::pdf::{self, Document, Object, PdfSignOptions};
use tte_core::pki::*;

fn signed_twice(s: &mut Signing) -> Vec<u8> {
    let letter = pdf::letter::letter(&["NOTA DINAS", "Nomor: 800/7/2026 (uji)"]);
    let (a, a_cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let (b, b_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    let once = pdf::sign(&letter, &a_cert, &chain, &a, &PdfSignOptions::default()).unwrap();
    pdf::sign(&once, &b_cert, &chain, &b, &PdfSignOptions { field_name: Some("Paraf".into()), ..Default::default() })
        .unwrap()
}

fn validator(s: &Signing) -> PathValidator {
    PathValidator::new(vec![s.ca.root().clone()])
}

#[test]
fn our_two_signatures_verify_and_the_report_serializes() {
    let mut s = Signing::new("verify-ours");
    let twice = signed_twice(&mut s);
    let reports = pdf::verify(&twice, &validator(&s), SystemClock.now()).unwrap();
    assert_eq!(reports.len(), 2);
    assert!(reports.iter().all(|r| r.valid), "{reports:#?}");
    assert_eq!((reports[0].field.as_str(), reports[1].field.as_str()), ("Signature1", "Paraf"));
    assert!(!reports[0].covers_whole_file && reports[1].covers_whole_file);
    assert_eq!(reports[0].sub_filter, "ETSI.CAdES.detached");
    assert!(reports[0].signer.as_deref().unwrap().contains("CN=Siti Contoh"));
    let json = serde_json::to_value(&reports).unwrap();
    assert_eq!(json[1]["valid"], true);
    // With another trust anchor the signatures are intact but not trusted.
    let other = Signing::new("verify-other");
    let untrusted = pdf::verify(&twice, &validator(&other), SystemClock.now()).unwrap();
    assert!(untrusted.iter().all(|r| r.signature_ok && !r.chain_ok && !r.valid));
}

#[test]
fn tampering_and_content_changes_after_signing_are_caught() {
    let mut s = Signing::new("verify-tamper");
    let twice = signed_twice(&mut s);
    let mut flipped = twice.clone();
    let at = flipped.windows(10).position(|w| w == b"NOTA DINAS").unwrap();
    flipped[at] ^= 0x01;
    let reports = pdf::verify(&flipped, &validator(&s), SystemClock.now()).unwrap();
    assert!(reports.iter().all(|r| !r.valid && !r.digest_ok), "{reports:#?}");

    // A later revision that replaces the page content: the signatures stay intact but
    // the change is reported.
    let doc = Document::parse(&twice).unwrap();
    let (_, page) = doc.pages().unwrap().remove(0);
    let content_ref = page.reference(b"Contents").unwrap();
    let mut update = IncrementalUpdate::new(&doc);
    let forged = b"BT /F1 11 Tf 72 770 Td (NOTA DINAS PALSU) Tj ET".to_vec();
    update.put(content_ref, &Object::Stream(pdf::Stream { dict: Default::default(), data: forged }));
    let (changed, _) = update.finish().unwrap();
    let reports = pdf::verify(&changed, &validator(&s), SystemClock.now()).unwrap();
    assert!(reports.iter().all(|r| r.signature_ok && !r.valid), "{reports:#?}");
    assert!(reports.iter().all(|r| r.disallowed_changes == ["page 1 changed (/Contents)"]), "{reports:#?}");
    s.dir.write("changed.pdf", &changed);
    let (ok, text) = s.pyhanko_validate("changed.pdf");
    assert!(!ok || !text.contains("judged VALID"), "pyHanko agrees the change is not allowed: {text}");
}

#[test]
fn we_agree_with_pyhanko_on_what_pyhanko_signed() {
    let mut s = Signing::new("verify-pyhanko");
    let theirs = s.pyhanko_signed(&["SURAT UJI", "ditandatangani pyHanko"]);

    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    let reports = pdf::verify(&theirs, &validator, SystemClock.now()).unwrap();
    assert_eq!(reports.len(), 1);
    assert!(reports[0].valid, "{reports:#?}");
    assert_eq!(reports[0].field, "PyHanko");
    let mut tampered = theirs.clone();
    let at = tampered.windows(9).position(|w| w == b"SURAT UJI").unwrap();
    tampered[at] ^= 0x01;
    assert!(!pdf::verify(&tampered, &validator, SystemClock.now()).unwrap()[0].valid);
    s.dir.write("tampered.pdf", &tampered);
    let (ok, text) = s.pyhanko_validate("tampered.pdf");
    assert!(!ok || !text.contains("judged VALID"), "{text}");
}
