//! Signing PDFs from other producers (qpdf object streams and linearization, reportlab,
//! ghostscript, a file already signed by pyHanko), each checked by qpdf, pdfsig and
//! pyHanko; encrypted and broken PDFs get a typed error and no output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::{Signing, run};
use tte_core::Error;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::*;

fn produce(s: &Signing) -> Vec<(&'static str, String)> {
    let dir = &s.dir.0;
    s.dir.write("letter.pdf", pdf::letter::letter(&["SURAT UJI", "Nomor: 001/UJI/2026"]));
    let ok = |program: &str, args: &[&str]| {
        let (ok, text) = run(dir, program, args);
        assert!(ok, "{program} {args:?}: {text}");
    };
    ok("qpdf", &["--object-streams=generate", "letter.pdf", "objstm.pdf"]);
    ok("qpdf", &["--linearize", "letter.pdf", "linearized.pdf"]);
    ok("gs", &["-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", "-o", "ghostscript.pdf", "letter.pdf"]);
    let python = format!("{}/../.venv/bin/python", env!("CARGO_MANIFEST_DIR"));
    let script = format!("{}/tests/producers/reportlab_letter.py", env!("CARGO_MANIFEST_DIR"));
    ok(&python, &[&script, "reportlab.pdf"]);
    ["letter.pdf", "objstm.pdf", "linearized.pdf", "ghostscript.pdf", "reportlab.pdf"]
        .iter()
        .map(|f| (*f, f.to_string()))
        .collect()
}

#[test]
fn pdfs_from_other_producers_sign_twice_and_stay_valid() {
    let mut s = Signing::new("producers");
    let (first, first_cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let (second, second_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let chain = vec![s.ca.issuing().clone()];
    for (name, file) in produce(&s) {
        let input = s.dir.read(&file);
        let once = pdf::sign(&input, &first_cert, &chain, &first, &PdfSignOptions::default()).unwrap();
        let twice = pdf::sign(&once, &second_cert, &chain, &second, &PdfSignOptions::default()).unwrap();
        let out = format!("signed-{name}");
        s.dir.write(&out, &twice);
        s.qpdf_ok(&out);
        let text = s.pdfsig(&out);
        assert_eq!(text.matches("Signature is Valid").count(), 2, "{name}: {text}");
        assert!(text.contains("Total document signed"), "{name}: {text}");
        let (ok, text) = s.pyhanko_validate(&out);
        assert!(ok && text.matches("judged VALID").count() == 2, "{name}: {text}");
    }
}

#[test]
fn a_pyhanko_signature_stays_valid_after_ours() {
    let mut s = Signing::new("after-pyhanko");
    let theirs = s.pyhanko_signed(&["SURAT UJI", "ditandatangani pyHanko lebih dulu"]);
    let (ours, our_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let both = pdf::sign(&theirs, &our_cert, &[s.ca.issuing().clone()], &ours, &PdfSignOptions::default()).unwrap();
    s.dir.write("both.pdf", &both);
    s.qpdf_ok("both.pdf");
    let text = s.pdfsig("both.pdf");
    assert_eq!(text.matches("Signature is Valid").count(), 2, "{text}");
    let (ok, text) = s.pyhanko_validate("both.pdf");
    assert!(ok && text.matches("judged VALID").count() == 2, "{text}");
}

/// Number tokens as real files write them in page dictionaries (BSrE's page boxes among
/// them), each to be copied into tte's update exactly as written.
const PAGE_NUMBERS: [&str; 9] =
    ["595.303937007874", "1048.96062992126", "0.000", "595.280", ".5", "-.002", "5.", "+3.25", "12345.678901234567"];

/// `letter` with its page dictionary rewritten (by an incremental update) to hold every
/// form of [`PAGE_NUMBERS`].
fn with_page_numbers(letter: &[u8]) -> Vec<u8> {
    let doc = pdf::Document::parse(letter).unwrap();
    let (page_ref, _) = doc.pages().unwrap()[0];
    let [w, h, zero, w2, half, small, five, signed, huge] = PAGE_NUMBERS;
    let page = format!(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w} {h}] /CropBox [0 {zero} {w2} {h}] \
         /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /PieceInfo << /Tte << /Angka [{half} {small} {five} {signed} {huge}] >> >> >>"
    );
    let mut update = pdf::writer::IncrementalUpdate::new(&doc);
    update.put_raw(page_ref, page.into_bytes());
    update.finish().unwrap().0
}

/// Whether `text` holds `token` as a whole PDF token.
fn holds_token(text: &str, token: &str) -> bool {
    let bytes = text.as_bytes();
    let delimiter = |b: Option<&u8>| b.is_none_or(|b| b" []<>/\n".contains(b));
    text.match_indices(token).any(|(at, _)| {
        delimiter(at.checked_sub(1).and_then(|i| bytes.get(i))) && delimiter(bytes.get(at + token.len()))
    })
}

#[test]
fn countersigning_keeps_every_number_an_earlier_signature_covers() {
    let mut s = Signing::new("lossless");
    let letter = with_page_numbers(&pdf::letter::letter(&["SURAT UJI", "angka halaman apa adanya"]));
    let (ours, our_cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let chain = [s.ca.issuing().clone()];
    let sign = |input: &[u8]| pdf::sign(input, &our_cert, &chain, &ours, &PdfSignOptions::default()).unwrap();
    // Each signature adds its widget to the page's /Annots, so tte copies the page each
    // time: every token stays as written.
    let once = sign(&letter);
    let twice = sign(&once);
    for update in [&once[letter.len()..], &twice[once.len()..]] {
        let update = String::from_utf8_lossy(update);
        assert!(update.contains("/Type /Page"), "the page is in tte's update");
        for token in PAGE_NUMBERS {
            assert!(holds_token(&update, token), "{token} not kept in:\n{update}");
        }
    }
    // After pyHanko's signature (pyHanko re-serializes the page itself, keeping the long
    // fractions), tte's countersignature keeps pyHanko's verdict.
    let theirs = s.pyhanko_sign(&letter);
    let after_theirs = sign(&theirs);
    assert!(
        String::from_utf8_lossy(&after_theirs[theirs.len()..])
            .contains("/MediaBox [0 0 595.303937007874 1048.96062992126]")
    );
    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    for (name, signed) in [("ours-twice.pdf", &twice), ("theirs-then-ours.pdf", &after_theirs)] {
        s.dir.write(name, signed);
        s.qpdf_ok(name);
        let text = s.pdfsig(name);
        assert_eq!(text.matches("Signature is Valid").count(), 2, "{name}: {text}");
        let (ok, text) = s.pyhanko_validate(name);
        assert!(ok && text.matches("judged VALID").count() == 2, "{name}: pyHanko keeps both verdicts:\n{text}");
        let reports = pdf::verify(signed, &validator, Clock::now(&SystemClock)).unwrap();
        assert!(reports.len() == 2 && reports.iter().all(|r| r.valid), "{name}: tte keeps both verdicts: {reports:?}");
    }
}

#[test]
fn encrypted_and_broken_pdfs_get_typed_errors() {
    let mut s = Signing::new("broken");
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    s.dir.write("letter.pdf", pdf::letter::letter(&["RAHASIA"]));
    let (ok, text) =
        run(&s.dir.0, "qpdf", &["--encrypt", "baca", "pemilik", "256", "--", "letter.pdf", "encrypted.pdf"]);
    assert!(ok, "{text}");
    let sign = |bytes: &[u8]| pdf::sign(bytes, &cert, &[], &signer, &PdfSignOptions::default());
    assert_eq!(sign(&s.dir.read("encrypted.pdf")).unwrap_err(), Error::PdfEncrypted);
    let letter = s.dir.read("letter.pdf");
    for broken in [&b""[..], b"garbage", b"%PDF-1.7\n", &letter[..letter.len() / 3]] {
        let err = sign(broken).unwrap_err();
        assert_eq!(err.code(), 5001, "{err:?}");
        assert!(err.message_id().contains("PDF"));
    }
    // A damaged cross-reference offset is repaired by scanning, as viewers do, and the
    // update then carries a complete cross-reference of its own.
    let mut damaged = letter.clone();
    let at = damaged.windows(9).rposition(|w| w == b"startxref").unwrap() + 10;
    damaged[at] = b'9';
    s.dir.write("repaired.pdf", sign(&damaged).unwrap());
    s.qpdf_ok("repaired.pdf");
    assert!(s.pdfsig("repaired.pdf").contains("Signature is Valid"));
}
