//! Hostile input never panics: random flips, truncations, insertions and planted tokens
//! in PDFs (classic, with object streams, signed) go through reading, signing and
//! verifying, and come out as a result or a typed error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use proptest::prelude::*;
use signing::{Signing, run};
use std::sync::OnceLock;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, Document, PdfSignOptions};
use tte_core::pki::*;
use tte_core::signer::KeySigner;

struct Seeds {
    pdfs: Vec<Vec<u8>>,
    signer: KeySigner,
    cert: Certificate,
    validator: PathValidator,
    _s: Signing,
}

fn seeds() -> &'static Seeds {
    static SEEDS: OnceLock<Seeds> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut s = Signing::new("robustness");
        let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
        let letter = pdf::letter::letter(&["SURAT", "uji ketahanan", "#"]);
        s.dir.write("letter.pdf", &letter);
        assert!(run(&s.dir.0, "qpdf", &["--object-streams=generate", "letter.pdf", "objstm.pdf"]).0);
        let objstm = s.dir.read("objstm.pdf");
        let signed = pdf::sign(&letter, &cert, &[], &signer, &PdfSignOptions::default()).unwrap();
        let signed_objstm = pdf::sign(&objstm, &cert, &[], &signer, &PdfSignOptions::default()).unwrap();
        let validator = PathValidator::new(vec![s.ca.root().clone()]);
        let (signer, cert) = s.holder("Budi Sampel", KeyAlgorithm::P256);
        Seeds { pdfs: vec![letter, objstm, signed, signed_objstm], signer, cert, validator, _s: s }
    })
}

static CASE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[derive(Clone, Debug)]
enum Mutation {
    Flip { at: usize, bit: u8 },
    Truncate { at: usize },
    Insert { at: usize, bytes: Vec<u8> },
    Plant { at: usize, token: &'static str },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let tokens = prop::sample::select(vec![
        " 0 R",
        "<<",
        ">>",
        "[",
        "]",
        "(",
        ")",
        "stream\n",
        "endstream",
        "obj",
        "endobj",
        "xref\n0 1\n",
        "trailer",
        "startxref\n1\n%%EOF",
        "/Length 999999999",
        "/Prev 0",
        "/Kids [1 0 R]",
        "/W [9 9 9]",
        "/Type /XRef",
        "/Filter /FlateDecode",
        "99999999999999999999",
        "-1",
        "/Encrypt 1 0 R",
    ]);
    prop_oneof![
        (any::<usize>(), 0u8..8).prop_map(|(at, bit)| Mutation::Flip { at, bit }),
        any::<usize>().prop_map(|at| Mutation::Truncate { at }),
        (any::<usize>(), prop::collection::vec(any::<u8>(), 1..16))
            .prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (any::<usize>(), tokens).prop_map(|(at, token)| Mutation::Plant { at, token }),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let len = bytes.len().max(1);
        match m {
            Mutation::Flip { at, bit } => {
                if !bytes.is_empty() {
                    let i = at % len;
                    bytes[i] ^= 1 << bit;
                }
            }
            Mutation::Truncate { at } => bytes.truncate(at % len),
            Mutation::Insert { at, bytes: extra } => {
                let i = at % len.min(bytes.len() + 1).max(1);
                bytes.splice(i..i, extra.iter().copied());
            }
            Mutation::Plant { at, token } => {
                let i = (at % len).min(bytes.len());
                bytes.splice(i..i, token.bytes());
            }
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn reading_signing_and_verifying_never_panic(seed in 0usize..4, mutations in prop::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let bytes = apply(seeds.pdfs[seed].clone(), &mutations);
        if let Ok(doc) = Document::parse(&bytes) {
            let _ = doc.pages();
            let _ = doc.catalog();
        }
        let _ = pdf::verify(&bytes, &seeds.validator, SystemClock.now());
        let visible = pdf::Visible {
            stamp: Default::default(),
            placement: pdf::Placement::Anchor { character: '#', size: [100.0, 40.0], offset: [0.0, 0.0] },
        };
        // The same through a file, read in windows.
        let n = CASE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let (input, output) = (seeds._s.dir.path(&format!("in-{n}.pdf")), seeds._s.dir.path(&format!("out-{n}.pdf")));
        std::fs::write(&input, &bytes).unwrap();
        if pdf::sign_file(&input, &output, &seeds.cert, &[], &seeds.signer, &PdfSignOptions::default()).is_ok() {
            let signed = std::fs::read(&output).unwrap();
            let reports = pdf::verify(&signed, &seeds.validator, SystemClock.now()).unwrap();
            prop_assert!(reports.last().is_some_and(|r| r.signature_ok));
            std::fs::remove_file(&output).unwrap();
        } else {
            prop_assert!(!output.exists(), "a failed signing leaves no output");
        }
        std::fs::remove_file(&input).unwrap();
        for options in [PdfSignOptions::default(), PdfSignOptions { visible: Some(visible), ..Default::default() }] {
            if let Ok(signed) = pdf::sign(&bytes, &seeds.cert, &[], &seeds.signer, &options) {
                // Whatever we could sign, we can read back and verify our own signature.
                let reports = pdf::verify(&signed, &seeds.validator, SystemClock.now()).unwrap();
                prop_assert!(reports.last().is_some_and(|r| r.signature_ok), "{:?}", reports.last());
            }
        }
    }
}
