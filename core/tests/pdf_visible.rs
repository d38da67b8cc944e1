//! Visible signatures: a stamp with text, a QR code and an image, placed by rectangle or
//! at an anchor character; valid for every validator, and the QR code reads back from
//! the rendered page.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::{Signing, run};
use tte_core::pdf::appearance::{BSRE_FOOTER, Stamp};
use tte_core::pdf::{self, Document, Object, PageChoice, PdfSignOptions, Placement, Visible};
use tte_core::pki::*;

const URL: &str = "https://tte.kaltimprov.go.id/verifikasi/800-001-2026";

fn stamp(image: Option<Vec<u8>>) -> Stamp {
    Stamp {
        lines: vec![
            "Ditandatangani secara elektronik oleh:".into(),
            "Siti Contoh".into(),
            "NIP 19880805 201212 2 001".into(),
            "Pemerintah Provinsi Kalimantan Timur".into(),
            "30-11-2026, Samarinda".into(),
        ],
        qr_url: Some(URL.into()),
        image,
        footer: Some(BSRE_FOOTER.into()),
    }
}

fn widget_rect(pdf_bytes: &[u8]) -> (Vec<f64>, tte_core::pdf::ObjRef) {
    let doc = Document::parse(pdf_bytes).unwrap();
    let catalog = doc.catalog().unwrap();
    let acroform = doc.resolve(catalog.get(b"AcroForm").unwrap()).unwrap();
    let field = acroform.as_dict().unwrap().get(b"Fields").unwrap().as_array().unwrap().last().cloned().unwrap();
    let field = doc.resolve(&field).unwrap();
    let dict = field.as_dict().unwrap();
    let rect = dict.get(b"Rect").unwrap().as_array().unwrap().iter().map(|v| v.as_number().unwrap()).collect();
    (rect, dict.reference(b"P").unwrap())
}

#[test]
fn a_stamp_at_the_anchor_with_a_readable_qr_code() {
    let mut s = Signing::new("visible-anchor");
    let letter = pdf::letter::letter(&["NOTA DINAS", "Nomor: 800/001/2026 (uji)", "", "Kepala Dinas,", "#"]);
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let placement = Placement::Anchor { character: '#', size: [230.0, 80.0], offset: [0.0, -70.0] };
    let options = PdfSignOptions { visible: Some(Visible { stamp: stamp(None), placement }), ..Default::default() };
    let signed = pdf::sign(&letter, &cert, &[s.ca.issuing().clone()], &signer, &options).unwrap();
    s.dir.write("stamped.pdf", &signed);
    // The letter's fifth line starts at y = 770 - 4 × 14 = 714, x = 72.
    let (rect, _) = widget_rect(&signed);
    assert_eq!(rect, vec![72.0, 644.0, 302.0, 724.0]);
    s.qpdf_ok("stamped.pdf");
    assert!(s.pdfsig("stamped.pdf").contains("Signature is Valid"));
    let (ok, text) = s.pyhanko_validate("stamped.pdf");
    assert!(ok && text.contains("judged VALID"), "{text}");
    let (ok, text) = run(&s.dir.0, "pdftoppm", &["-r", "200", "-png", "-singlefile", "stamped.pdf", "page"]);
    assert!(ok, "{text}");
    let (ok, text) = run(&s.dir.0, "zbarimg", &["--quiet", "--raw", "page.png"]);
    assert!(ok && text.lines().any(|l| l.trim() == URL), "zbarimg: {text}");
}

#[test]
fn stamps_with_images_on_a_chosen_page() {
    let mut s = Signing::new("visible-image");
    let (ok, text) = run(
        &s.dir.0,
        "gs",
        &[
            "-q",
            "-dNOPAUSE",
            "-dBATCH",
            "-sDEVICE=jpeg",
            "-r20",
            "-o",
            "logo.jpg",
            "-c",
            "0 0 1 setrgbcolor 0 0 100 100 rectfill showpage",
        ],
    );
    assert!(ok, "{text}");
    let mut png_bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png_bytes, 8, 8);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().unwrap();
        let pixels: Vec<u8> = (0..64).flat_map(|i| [200, 0, 0, if i % 2 == 0 { 255 } else { 0 }]).collect();
        writer.write_image_data(&pixels).unwrap();
    }
    let python = format!("{}/../.venv/bin/python", env!("CARGO_MANIFEST_DIR"));
    let script = format!("{}/tests/producers/reportlab_letter.py", env!("CARGO_MANIFEST_DIR"));
    assert!(run(&s.dir.0, &python, &[&script, "two-pages.pdf"]).0);
    let input = s.dir.read("two-pages.pdf");
    let pages = Document::parse(&input).unwrap().pages().unwrap();
    let (signer, cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
    let mut current = input.clone();
    for (n, image) in [(1usize, s.dir.read("logo.jpg")), (2, png_bytes)] {
        let placement = Placement::Rect {
            page: PageChoice::Number(2),
            rect: [300.0, 100.0 * n as f64, 550.0, 100.0 * n as f64 + 90.0],
        };
        let options =
            PdfSignOptions { visible: Some(Visible { stamp: stamp(Some(image)), placement }), ..Default::default() };
        current = pdf::sign(&current, &cert, &[s.ca.issuing().clone()], &signer, &options).unwrap();
        let (_, page) = widget_rect(&current);
        assert_eq!(page, pages[1].0, "the stamp is on page 2");
    }
    s.dir.write("images.pdf", &current);
    s.qpdf_ok("images.pdf");
    assert_eq!(s.pdfsig("images.pdf").matches("Signature is Valid").count(), 2);
    let (ok, text) = s.pyhanko_validate("images.pdf");
    assert!(ok && text.matches("judged VALID").count() == 2, "{text}");
    // The image XObjects are there: a DCT JPEG, and a PNG with its soft mask.
    let doc = Document::parse(&current).unwrap();
    let streams: Vec<Object> = doc
        .object_numbers()
        .into_iter()
        .filter_map(|num| doc.get(tte_core::pdf::ObjRef { num, generation: 0 }).ok())
        .collect();
    let images: Vec<_> =
        streams.iter().filter_map(Object::as_dict).filter(|d| d.name(b"Subtype") == Some(b"Image")).collect();
    assert!(images.iter().any(|d| d.name(b"Filter") == Some(b"DCTDecode")));
    assert!(images.iter().any(|d| d.get(b"SMask").is_some()));
    // A missing anchor or page is a typed error.
    let options = PdfSignOptions {
        visible: Some(Visible {
            stamp: stamp(None),
            placement: Placement::Anchor { character: '#', size: [100.0, 50.0], offset: [0.0, 0.0] },
        }),
        ..Default::default()
    };
    let err = pdf::sign(&input, &cert, &[], &signer, &options).unwrap_err();
    assert_eq!((err.code(), err.message_en().as_str()), (5005, "The anchor character '#' is not in the page text"));
    let options = PdfSignOptions {
        visible: Some(Visible {
            stamp: stamp(None),
            placement: Placement::Rect { page: PageChoice::Number(9), rect: [0.0, 0.0, 100.0, 50.0] },
        }),
        ..Default::default()
    };
    let err = pdf::sign(&input, &cert, &[], &signer, &options).unwrap_err();
    assert_eq!((err.code(), err.message_id().as_str()), (5007, "Halaman 9 tidak ada (dokumen ini 2 halaman)"));
}
