//! PAdES signing checked by outside validators: qpdf --check, poppler's pdfsig and
//! pyHanko (`pyhanko sign validate`), on PDFs from several producers.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::Signing;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::*;

#[test]
fn a_generated_letter_signed_by_rsa_and_p256_keys_is_valid_for_every_validator() {
    let mut s = Signing::new("pdf-letter");
    let letter = pdf::letter::letter(&["NOTA DINAS", "Nomor: 800/1/2026 (uji)", "Perihal: uji tanda tangan"]);
    s.dir.write("letter.pdf", &letter);
    let (rsa, rsa_cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let options = PdfSignOptions {
        reason: Some("Menyetujui".into()),
        location: Some("Samarinda".into()),
        signing_time: Some(SystemClock.now()),
        ..Default::default()
    };
    let once = pdf::sign(&letter, &rsa_cert, &[s.ca.issuing().clone()], &rsa, &options).unwrap();
    assert!(once.starts_with(&letter), "incremental: the original bytes are untouched");
    s.dir.write("once.pdf", &once);
    let (p256, p256_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let twice = pdf::sign(&once, &p256_cert, &[s.ca.issuing().clone()], &p256, &PdfSignOptions::default()).unwrap();
    s.dir.write("twice.pdf", &twice);

    for file in ["once.pdf", "twice.pdf"] {
        s.qpdf_ok(file);
        let (ok, text) = s.pyhanko_validate(file);
        assert!(ok && text.contains("judged VALID"), "pyhanko {file}:\n{text}");
    }
    let text = s.pdfsig("twice.pdf");
    assert_eq!(text.matches("Signature is Valid").count(), 2, "{text}");
    assert!(text.contains("Total document signed"), "{text}");
    assert!(text.contains("ETSI.CAdES.detached"), "{text}");
    assert!(text.contains("Signer Certificate Common Name: Siti Contoh"), "{text}");

    // One flipped bit in the signed content: INVALID for both.
    let mut tampered = twice.clone();
    let at = tampered.windows(10).position(|w| w == b"NOTA DINAS").unwrap();
    tampered[at] ^= 0x01;
    s.dir.write("tampered.pdf", &tampered);
    assert!(!s.pyhanko_validate("tampered.pdf").0);
    assert!(
        s.pdfsig("tampered.pdf").contains("Signature is Invalid")
            || s.pdfsig("tampered.pdf").contains("Digest Mismatch")
    );
}

#[test]
fn certification_is_respected() {
    let mut s = Signing::new("pdf-certify");
    let letter = pdf::letter::letter(&["SURAT KEPUTUSAN", "tersertifikasi"]);
    let (a, a_cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let (b, b_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    let certify = |p: u8| PdfSignOptions { certify: Some(p), ..Default::default() };
    // P=2: the certification allows a later approval signature.
    let certified = pdf::sign(&letter, &a_cert, &chain, &a, &certify(2)).unwrap();
    let approved = pdf::sign(&certified, &b_cert, &chain, &b, &PdfSignOptions::default()).unwrap();
    s.dir.write("certified-approved.pdf", &approved);
    s.qpdf_ok("certified-approved.pdf");
    let (ok, text) = s.pyhanko_validate("certified-approved.pdf");
    assert!(ok && text.matches("judged VALID").count() == 2, "{text}");
    assert!(text.contains("certification signature") || text.to_lowercase().contains("certif"), "{text}");
    assert_eq!(s.pdfsig("certified-approved.pdf").matches("Signature is Valid").count(), 2);
    // P=1: no further signature; certification only by the first signature.
    let locked = pdf::sign(&letter, &a_cert, &chain, &a, &certify(1)).unwrap();
    let refused = pdf::sign(&locked, &b_cert, &chain, &b, &PdfSignOptions::default()).unwrap_err();
    assert_eq!(refused, tte_core::Error::PdfCertifiedNoChanges);
    assert_eq!(refused.code(), 5003);
    let once = pdf::sign(&letter, &a_cert, &chain, &a, &PdfSignOptions::default()).unwrap();
    assert_eq!(
        pdf::sign(&once, &b_cert, &chain, &b, &certify(2)).unwrap_err(),
        tte_core::Error::PdfCertificationNotFirst
    );
}

#[test]
fn two_phase_signing_with_the_key_elsewhere() {
    let mut s = Signing::new("pdf-two-phase");
    let letter = pdf::letter::letter(&["SURAT", "dua tahap"]);
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    // Phase 1 on the e-office server: the prepared file stays there, a small state
    // travels as JSON.
    let prepared =
        pdf::prepare(&letter, &cert, &chain, tte_core::signer::Signer::scheme(&signer), &PdfSignOptions::default())
            .unwrap();
    let json = serde_json::to_string(&prepared.state()).unwrap();
    let kept = prepared.prepared().to_vec();
    let to_sign = prepared.to_be_signed().unwrap();
    let resume = || pdf::PreparedPdf::resume(serde_json::from_str(&json).unwrap(), kept.clone()).unwrap();
    // Phase 2 where the key is (the ESIGN custodian, an HSM).
    let signature = tte_core::signer::Signer::sign(&signer, &to_sign).unwrap();
    let signed = resume().finish(&signature).unwrap();
    s.dir.write("two-phase.pdf", &signed);
    assert!(s.pyhanko_validate("two-phase.pdf").1.contains("judged VALID"));
    // Or a remote hash-signing service returns a whole CMS over the document digest.
    let again = resume();
    let digest: [u8; 32] = again.document_digest().try_into().unwrap();
    let cms = tte_core::cms::sign_detached(&digest, &cert, &chain, &signer, None).unwrap();
    let remote = again.finish_with_cms(&cms).unwrap();
    s.dir.write("remote.pdf", &remote);
    assert!(s.pdfsig("remote.pdf").contains("Signature is Valid"));
    // A CMS over something else is refused.
    let wrong = tte_core::cms::sign_detached(&[7; 32], &cert, &chain, &signer, None).unwrap();
    let third = resume();
    assert!(third.finish_with_cms(&wrong).is_err());
}

/// An outside signer (a callback, a remote service) that returns the wrong signature.
struct WrongSigner(tte_core::signer::KeySigner);

impl tte_core::signer::Signer for WrongSigner {
    fn scheme(&self) -> tte_core::signer::SignatureScheme {
        self.0.scheme()
    }

    fn sign(&self, data: &[u8]) -> tte_core::Result<Vec<u8>> {
        self.0.sign(&[data, b"!"].concat())
    }
}

#[test]
fn a_signer_that_does_not_check_its_signatures_is_checked() {
    let mut s = Signing::new("pdf-wrong-signer");
    let letter = pdf::letter::letter(&["NOTA DINAS"]);
    for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
        let (signer, cert) = s.holder("Siti Contoh", algorithm);
        let wrong = WrongSigner(signer);
        let err = pdf::sign(&letter, &cert, &[], &wrong, &PdfSignOptions::default()).unwrap_err();
        assert_eq!(err.code(), 4005, "{algorithm:?}");
        let ok = pdf::sign(&letter, &cert, &[s.ca.issuing().clone()], &wrong.0, &PdfSignOptions::default()).unwrap();
        assert!(pdf::verify(&ok, &PathValidator::new(vec![s.ca.root().clone()]), SystemClock.now()).unwrap()[0].valid);
    }
}

#[test]
fn a_two_phase_state_is_small_and_checked_against_its_prepared_file() {
    let mut s = Signing::new("pdf-two-phase-state");
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    let scheme = tte_core::signer::Signer::scheme(&signer);
    let large = pdf::letter::letter_with_attachment(&["SURAT", "lampiran besar"], 4 << 20).unwrap();
    let prepared = pdf::prepare(&large, &cert, &chain, scheme, &PdfSignOptions::default()).unwrap();
    let state: serde_json::Value = serde_json::to_value(prepared.state()).unwrap();
    let json = state.to_string();
    assert!(json.len() < 8 * 1024, "the state does not grow with the document: {} bytes", json.len());
    let kept = prepared.prepared().to_vec();
    let other =
        pdf::prepare(&pdf::letter::letter(&["LAIN"]), &cert, &chain, scheme, &PdfSignOptions::default()).unwrap();
    let other_state = serde_json::to_value(other.state()).unwrap();

    let edited = |key: &str, value: serde_json::Value| {
        let mut changed = state.clone();
        changed[key] = value;
        changed
    };
    let contents_at = state["contents_at"].as_u64().unwrap();
    let mut flipped = kept.clone();
    flipped[100] ^= 1;
    let cases: Vec<(&str, serde_json::Value, Vec<u8>)> = vec![
        ("a byte of the prepared file changed", state.clone(), flipped),
        ("the prepared file truncated", state.clone(), kept[..kept.len() - 1].to_vec()),
        ("the prepared file of another document", state.clone(), other.prepared().to_vec()),
        ("contents_at moved by one", edited("contents_at", (contents_at + 1).into()), kept.clone()),
        ("contents_at at zero", edited("contents_at", 0.into()), kept.clone()),
        ("contents_at past the end", edited("contents_at", u64::MAX.into()), kept.clone()),
        ("contents_len past the end", edited("contents_len", (kept.len() as u64 * 2).into()), kept.clone()),
        ("contents_len zero", edited("contents_len", 0.into()), kept.clone()),
        ("another digest", edited("digest", other_state["digest"].clone()), kept.clone()),
        ("another CMS part", edited("cms", other_state["cms"].clone()), kept.clone()),
        ("another prepared_len", edited("prepared_len", 7.into()), kept.clone()),
    ];
    for (what, state, bytes) in cases {
        let state: pdf::PreparedState = serde_json::from_value(state).unwrap();
        let err = pdf::PreparedPdf::resume(state, bytes).unwrap_err();
        assert_eq!(err.code(), 5013, "{what}: {err:?}");
    }
    let resumed = pdf::PreparedPdf::resume(serde_json::from_str(&json).unwrap(), kept).unwrap();
    let signature = tte_core::signer::Signer::sign(&signer, &resumed.to_be_signed().unwrap()).unwrap();
    let signed = resumed.finish(&signature).unwrap();
    let reports = pdf::verify(&signed, &PathValidator::new(vec![s.ca.root().clone()]), SystemClock.now()).unwrap();
    assert!(reports.len() == 1 && reports[0].valid, "{reports:#?}");
}
