//! The bad-input corpus: named hostile inputs for every parser (PDF, DER of certificates,
//! CSRs, CRLs, CMS, PKCS#8, PKCS#12, lifecycle JSON). Each gets a typed error, never a
//! panic; file signing leaves no output; each case finishes (a hang fails the test after
//! a generous guard, which is not a speed assertion).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::Signing;
use std::sync::mpsc;
use std::time::Duration;
use tte_core::lifecycle::{AuditLog, Clock, SystemClock, replay};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::*;
use tte_core::secret::Secret;

/// Runs `case` on its own thread; fails if it panics or does not finish.
fn guarded<T: Send + 'static>(name: &str, case: impl FnOnce() -> T + Send + 'static) -> T {
    let (sender, receiver) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = sender.send(case());
    });
    match receiver.recv_timeout(Duration::from_secs(60)) {
        Ok(value) => value,
        Err(_) => {
            let panicked = worker.join().is_err();
            panic!("{name}: {}", if panicked { "panicked" } else { "did not finish" })
        }
    }
}

/// The letter with the first `from` replaced by `to`.
fn edited(from: &str, to: &str) -> Vec<u8> {
    patched(&pdf::letter::letter(&["SURAT", "uji"]), from.as_bytes(), to.as_bytes())
}

/// Hostile PDFs; `true` marks those that cannot be read at all (the others are damage a
/// reader repairs or tolerates, and may sign).
fn hostile_pdfs() -> Vec<(&'static str, Vec<u8>, bool)> {
    let letter = pdf::letter::letter(&["SURAT", "uji"]);
    let with_pages_cycle = edited("/Kids [3 0 R]", "/Kids [2 0 R]");
    // An update whose xref section names itself as the previous one.
    let mut self_prev = letter.clone();
    let at = letter.len();
    self_prev.extend_from_slice(
        format!(
            "xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 6 /Root 1 0 R /Prev {at} >>\nstartxref\n{at}\n%%EOF\n"
        )
        .as_bytes(),
    );
    vec![
        ("zero bytes", Vec::new(), true),
        ("garbage", b"\x00\xffnot a pdf at all\x7f".repeat(100), true),
        ("header only", b"%PDF-1.7\n".to_vec(), true),
        ("truncated in the middle", letter[..letter.len() / 2].to_vec(), true),
        ("truncated before %%EOF", letter[..letter.len() - 6].to_vec(), false),
        ("huge /Size", edited("/Size 6", "/Size 9999999999999999999"), false),
        ("huge /Length", edited("/Length ", "/Length 99999999999999 "), false),
        ("huge generation", edited("1 0 obj", "1 99999999999999999999 obj"), true),
        ("startxref past the end", edited("startxref\n", "startxref\n9"), false),
        ("xref offsets shifted", edited("0000000015 00000 n", "0000000025 00000 n"), false),
        ("catalog mistyped", edited("/Type /Catalog", "/Type /Katalog"), false),
        ("page tree cycle", with_pages_cycle, true),
        ("xref /Prev pointing at itself", self_prev, false),
        (
            "deep nesting",
            {
                let mut deep = b"%PDF-1.7\n1 0 obj\n".to_vec();
                deep.extend(std::iter::repeat_n(b'[', 100_000));
                deep.extend_from_slice(b"\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
                deep
            },
            true,
        ),
    ]
}

#[test]
fn hostile_pdfs_get_typed_errors_and_leave_no_output() {
    let mut s = Signing::new("bad-pdfs");
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    let signer = std::sync::Arc::new(signer);
    let chain = vec![s.ca.issuing().clone()];
    for (name, bytes, unreadable) in hostile_pdfs() {
        let file: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let input = s.dir.path(&format!("{file}.pdf"));
        let output = s.dir.path("out.pdf");
        std::fs::write(&input, &bytes).unwrap();
        let (signer, cert, validator, chain) = (signer.clone(), cert.clone(), validator.clone(), chain.clone());
        let (in_memory, from_file, verified, signed_verifies) = guarded(name, move || {
            let options = PdfSignOptions::default();
            let in_memory = pdf::sign(&bytes, &cert, &chain, signer.as_ref(), &options);
            let from_file = pdf::sign_file(&input, &output, &cert, &chain, signer.as_ref(), &options);
            let verified = pdf::verify(&bytes, &validator, SystemClock.now());
            // What signs anyway must verify: repaired, not half-understood.
            let signed_verifies = match &in_memory {
                Ok(signed) => {
                    Some(pdf::verify(signed, &validator, SystemClock.now()).map(|r| r.iter().all(|r| r.valid)))
                }
                Err(_) => None,
            };
            (in_memory.map(|_| ()), from_file, verified.map(|_| ()), signed_verifies)
        });
        assert!(!unreadable || in_memory.is_err() && from_file.is_err(), "{name}: an unreadable PDF was signed");
        assert!(
            matches!(signed_verifies, None | Some(Ok(true))),
            "{name}: signed but does not verify: {signed_verifies:?}"
        );
        for (what, result) in [("sign", &in_memory), ("sign_file", &from_file), ("verify", &verified)] {
            if let Err(err) = result {
                assert!((5001..=5004).contains(&err.code()) || err.code() == 4011, "{name} {what}: {err:?}");
            }
        }
        match from_file {
            Err(_) => {
                assert!(!s.dir.path("out.pdf").exists(), "{name}: a failed signing left an output file");
            }
            Ok(()) => std::fs::remove_file(s.dir.path("out.pdf")).unwrap(),
        }
    }
    let leftovers: Vec<_> =
        std::fs::read_dir(&s.dir.0).unwrap().filter_map(|e| e.ok()).map(|e| e.file_name()).collect();
    assert!(!leftovers.iter().any(|n| n.to_string_lossy().contains(".tmp")), "temporary files left: {leftovers:?}");
}

/// Malformed DER in every shape a parser meets it.
fn hostile_der(valid: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("empty", Vec::new()),
        ("one byte", vec![0x30]),
        ("truncated", valid[..valid.len() / 2].to_vec()),
        ("length past the end", [&[0x30, 0x84, 0x7f, 0xff, 0xff, 0xff][..], &valid[2..]].concat()),
        ("indefinite length", [&[0x30, 0x80][..], &valid[2..], &[0, 0]].concat()),
        ("wrong outer tag", [&[0x31][..], &valid[1..]].concat()),
        ("trailing garbage", [valid, b"garbage"].concat()),
        ("every byte flipped", valid.iter().map(|b| !b).collect()),
        ("deep nesting", [0x30, 0x80].repeat(50_000)),
    ]
}

/// A plain PKCS#8 P-256 key made by OpenSSL.
fn plain_pkcs8(s: &Signing) -> Vec<u8> {
    let generate = ["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"];
    assert!(signing::run(&s.dir.0, "openssl", &generate).0);
    let pkcs8 = ["pkcs8", "-topk8", "-nocrypt", "-in", "ec.pem", "-outform", "DER", "-out", "plain.der"];
    assert!(signing::run(&s.dir.0, "openssl", &pkcs8).0);
    s.dir.read("plain.der")
}

#[test]
fn malformed_der_gets_typed_errors_in_every_parser() {
    let mut s = Signing::new("bad-der");
    let subject =
        SubjectInfo { common_name: "Siti".into(), organization: "Dinas".into(), serial_number: None, email: None };
    let (key, cert) = s.ca.issue_with_new_key(KeyAlgorithm::P256, &subject, SystemClock.now().plus(-60)).unwrap();
    let csr = Csr::build(&key, &subject).unwrap();
    let crl = s.ca.publish_crl(SystemClock.now()).unwrap();
    let passphrase = Secret::new("Kunci#Rahasia2024x");
    let pkcs8 =
        key.to_encrypted_der(&passphrase, Kdf::Scrypt { log_n: 8 }, &Default::default(), &Default::default()).unwrap();
    let p12 = Pkcs12 { key: key.clone(), certificate: cert.clone(), chain: vec![], friendly_name: None }
        .to_der(&passphrase)
        .unwrap();
    let digest = [7u8; 32];
    let signer = tte_core::signer::KeySigner::new(key.clone());
    let cms = tte_core::cms::sign_detached(&digest, &cert, &[], &signer, None).unwrap();

    type Parser = Box<dyn Fn(&[u8]) -> Option<u32> + Send + Sync>;
    let code = |r: tte_core::Result<()>| r.err().map(|e| e.code());
    let parsers: Vec<(&str, Vec<u8>, Parser)> = vec![
        ("certificate", cert.to_der().to_vec(), Box::new(move |d| code(Certificate::from_der(d).map(|_| ())))),
        ("CSR", csr.to_der().to_vec(), Box::new(move |d| code(Csr::from_der(d).map(|_| ())))),
        ("CRL", crl.to_der().to_vec(), Box::new(move |d| code(Crl::from_der(d).map(|_| ())))),
        ("PKCS#8", plain_pkcs8(&s), Box::new(move |d| code(PrivateKey::from_pkcs8_der(d).map(|_| ())))),
        (
            "encrypted PKCS#8",
            pkcs8.to_vec(),
            Box::new(move |d| code(PrivateKey::from_encrypted_der(d, &Secret::new("Kunci#Rahasia2024x")).map(|_| ()))),
        ),
        ("PKCS#12", p12, Box::new(move |d| code(Pkcs12::from_der(d, &Secret::new("Kunci#Rahasia2024x")).map(|_| ())))),
        ("CMS", cms, Box::new(move |d| code(tte_core::cms::verify_detached(d, &digest).map(|_| ())))),
    ];
    for (parser, valid, parse) in parsers {
        assert_eq!(parse(&valid), None, "{parser}: the valid input must parse");
        let parse = std::sync::Arc::new(parse);
        for (case, bytes) in hostile_der(&valid) {
            let parse = parse.clone();
            let code = guarded(case, move || parse(&bytes));
            let code = code.unwrap_or_else(|| panic!("{parser} / {case}: accepted"));
            assert!((2031..=4011).contains(&code), "{parser} / {case}: code {code}");
        }
    }
}

#[test]
fn hostile_lifecycle_json_gets_typed_errors() {
    let cases: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("not JSON", "KASUS-000001".into()),
        ("an object, not a log", "{}".into()),
        ("deep nesting", "[".repeat(100_000)),
        ("huge numbers", r#"[{"seq": 1e999999}]"#.into()),
        ("an event with fields missing", r#"[{"seq": 1}]"#.into()),
    ];
    for (name, json) in cases {
        let err = guarded(name, move || AuditLog::from_json(&json).map(|log| replay(&log).map(|_| ())))
            .err()
            .unwrap_or_else(|| panic!("{name}: accepted"));
        assert!(matches!(err.code(), 3001 | 3002), "{name}: {err:?}");
    }
}

/// `bytes` with the first `from` replaced by `to`.
fn patched(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let at = bytes.windows(from.len()).position(|w| w == from).unwrap_or_else(|| panic!("{from:?} not found"));
    [&bytes[..at], to, &bytes[at + from.len()..]].concat()
}

#[test]
fn key_files_asking_for_ruinous_key_derivations_are_refused_before_any_work() {
    let key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let passphrase = Secret::new("Kunci#Rahasia2024x");
    let seal = |kdf| key.to_encrypted_der(&passphrase, kdf, &Default::default(), &Default::default()).unwrap().to_vec();
    // PBKDF2 100,000 rounds (INTEGER 0x0186a0) made 8,388,607; scrypt N=256, r=8, p=1 made
    // r=p=127 (528 MB of memory).
    let pbkdf2 =
        patched(&seal(Kdf::Pbkdf2 { iterations: 100_000 }), &[2, 3, 0x01, 0x86, 0xa0], &[2, 3, 0x7f, 0xff, 0xff]);
    let scrypt =
        patched(&seal(Kdf::Scrypt { log_n: 8 }), &[2, 2, 1, 0, 2, 1, 8, 2, 1, 1], &[2, 2, 1, 0, 2, 1, 127, 2, 1, 127]);
    for (name, der) in [("PBKDF2", pbkdf2), ("scrypt", scrypt)] {
        let passphrase = passphrase.clone();
        let err = guarded(name, move || PrivateKey::from_encrypted_der(&der, &passphrase).unwrap_err());
        assert_eq!(err.code(), 4003, "{name}: {err:?}");
        assert!(err.message_en().contains(if name == "PBKDF2" { "8388607 iterations" } else { "bytes" }), "{err:?}");
    }
}
