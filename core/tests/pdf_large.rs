//! A 50 MB PDF signed from its file: the output passes qpdf, pdfsig and our verifier.
//! (Peak memory is measured in the benchmarks, not asserted here.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::Signing;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::writer::IncrementalUpdate;
use tte_core::pdf::{self, Document, Object, PdfSignOptions};
use tte_core::pki::*;
use tte_core::signer::KeySigner;

#[test]
fn a_fifty_megabyte_file_is_signed_from_disk() {
    let mut s = Signing::new("large");
    let large = pdf::letter::letter_with_attachment(&["LAMPIRAN BESAR", "berkas 50 MB"], 50 * 1024 * 1024).unwrap();
    assert!(large.len() > 50 * 1024 * 1024);
    s.dir.write("large.pdf", &large);
    drop(large);

    let (signer, cert, chain) = sign_from_disk(&mut s, "large.pdf");
    let text = s.pdfsig("signed.pdf");
    assert!(text.contains("Signature is Valid") && text.contains("Total document signed"), "{text}");
    let signed = s.dir.read("signed.pdf");
    let reports = pdf::verify(&signed, &PathValidator::new(vec![s.ca.root().clone()]), SystemClock.now()).unwrap();
    assert!(reports.len() == 1 && reports[0].valid, "{reports:#?}");
    // A failure leaves no output.
    s.dir.write("broken.pdf", b"%PDF-1.7\nrusak");
    assert!(
        pdf::sign_file(
            &s.dir.path("broken.pdf"),
            &s.dir.path("none.pdf"),
            &cert,
            &chain,
            &signer,
            &PdfSignOptions::default()
        )
        .is_err()
    );
    assert!(!s.dir.path("none.pdf").exists());
}

#[test]
fn cross_references_larger_than_a_read_window_are_read_whole() {
    let mut s = Signing::new("large-xref");
    let letter = pdf::letter::letter(&["BANYAK OBJEK"]);
    let doc = Document::parse(&letter).unwrap();
    let mut update = IncrementalUpdate::new(&doc);
    // 8,000 objects: a cross-reference table of 160 KB, beyond the first 64 KB window.
    for n in 0..8_000 {
        let r = update.allocate();
        update.put(r, &Object::Integer(n));
    }
    let (many, _) = update.finish().unwrap();
    s.dir.write("many.pdf", &many);
    sign_from_disk(&mut s, "many.pdf");
    let signed = s.dir.read("signed.pdf");
    let file = std::fs::File::open(s.dir.path("signed.pdf")).unwrap();
    let from_file = Document::open_file(&file).unwrap();
    let in_memory = Document::parse(&signed).unwrap();
    assert_eq!(from_file.object_numbers(), in_memory.object_numbers());
    assert_eq!(from_file.get(tte_core::pdf::ObjRef { num: 4000, generation: 0 }).unwrap(), Object::Integer(3994));
    assert!(pdf::verify(&signed, &PathValidator::new(vec![s.ca.root().clone()]), SystemClock.now()).unwrap()[0].valid);
}

/// Signs `input` from its file into `signed.pdf` (a new P-256 holder, default options);
/// qpdf checks it. Returns the holder's signer, certificate and chain.
fn sign_from_disk(s: &mut Signing, input: &str) -> (KeySigner, Certificate, Vec<Certificate>) {
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    let options = PdfSignOptions::default();
    pdf::sign_file(&s.dir.path(input), &s.dir.path("signed.pdf"), &cert, &chain, &signer, &options).unwrap();
    s.qpdf_ok("signed.pdf");
    (signer, cert, chain)
}
