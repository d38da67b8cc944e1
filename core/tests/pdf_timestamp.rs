//! PAdES B-T: RFC 3161 timestamps from `openssl ts -reply` acting as the TSA, checked by
//! `openssl ts -verify`, pdfsig, pyHanko and our verifier.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::{Signing, run};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use tte_core::Result;
use tte_core::cms::timestamp::{self, TimestampAuthority};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::*;
use tte_core::secret::Secret;

/// `openssl ts -reply` as the TSA: the transport is a trait, this one runs a process.
struct OpensslTsa {
    dir: PathBuf,
    calls: AtomicU32,
}

const TSA_CONFIG: &str = "[ tsa ]\ndefault_tsa = tsa_config1\n[ tsa_config1 ]\ndir = .\nserial = ./tsaserial\ncrypto_device = builtin\nsigner_digest = sha256\ndefault_policy = 1.2.3.4.1\nother_policies = 1.2.3.4.5.6\ndigests = sha256\naccuracy = secs:1\nordering = yes\ntsa_name = no\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n";

impl OpensslTsa {
    fn new(s: &mut Signing) -> OpensslTsa {
        let (key, cert) =
            s.ca.issue_timestamping(KeyAlgorithm::Rsa2048, "TSA Uji", SystemClock.now().plus(-60)).unwrap();
        let pem = key
            .to_encrypted_pem(&Secret::new("Kunci#TsaUji77"), Kdf::SCRYPT, &Default::default(), &Default::default())
            .unwrap();
        s.dir.write("tsa-key.pem", pem.as_bytes());
        s.dir.write("tsa.pem", cert.to_pem());
        s.dir.write("ca.pem", s.ca.issuing().to_pem());
        s.dir.write("tsa.cnf", TSA_CONFIG);
        s.dir.write("tsaserial", "01\n");
        OpensslTsa { dir: s.dir.0.clone(), calls: AtomicU32::new(0) }
    }
}

impl TimestampAuthority for OpensslTsa {
    fn request(&self, request: &[u8]) -> Result<Vec<u8>> {
        let n = self.calls.fetch_add(1, Ordering::SeqCst);
        let (query, reply) = (format!("q{n}.tsq"), format!("r{n}.tsr"));
        std::fs::write(self.dir.join(&query), request).unwrap();
        let (ok, text) = run(
            &self.dir,
            "openssl",
            &[
                "ts",
                "-reply",
                "-config",
                "tsa.cnf",
                "-queryfile",
                &query,
                "-inkey",
                "tsa-key.pem",
                "-passin",
                "pass:Kunci#TsaUji77",
                "-signer",
                "tsa.pem",
                "-chain",
                "ca.pem",
                "-out",
                &reply,
            ],
        );
        assert!(ok, "{text}");
        Ok(std::fs::read(self.dir.join(reply)).unwrap())
    }
}

#[test]
fn tokens_are_checked_and_accepted_by_openssl() {
    let mut s = Signing::new("tsa-token");
    let tsa = OpensslTsa::new(&mut s);
    let data = b"nilai tanda tangan";
    let token = timestamp::fetch(&tsa, data).unwrap();
    assert!((token.time.0 - SystemClock.now().0).abs() < 120);
    assert!(token.signer.signer.subject().contains("CN=TSA Uji"));
    assert!(timestamp::verify(&token.der, b"data lain").is_err());
    // openssl agrees on the token our request produced.
    s.dir.write("data.bin", data);
    s.dir.write("token.der", &token.der);
    let (ok, text) = run(
        &s.dir.0,
        "openssl",
        &[
            "ts",
            "-verify",
            "-data",
            "data.bin",
            "-in",
            "token.der",
            "-token_in",
            "-CAfile",
            "root.pem",
            "-untrusted",
            "ca.pem",
        ],
    );
    assert!(ok && text.contains("Verification: OK"), "{text}");
}

#[test]
fn pades_b_t_is_valid_everywhere_and_validated_at_the_timestamp_time() {
    let mut s = Signing::new("tsa-pdf");
    let tsa = OpensslTsa::new(&mut s);
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::Rsa2048);
    let letter = pdf::letter::letter(&["SURAT", "bercap waktu"]);
    let signed =
        pdf::sign_timestamped(&letter, &cert, &[s.ca.issuing().clone()], &signer, &PdfSignOptions::default(), &tsa)
            .unwrap();
    s.dir.write("b-t.pdf", &signed);
    s.qpdf_ok("b-t.pdf");
    let text = s.pdfsig("b-t.pdf");
    assert!(text.contains("Signature is Valid"), "{text}");
    let (ok, text) = s.pyhanko_validate("b-t.pdf");
    assert!(ok && text.contains("judged VALID") && text.to_lowercase().contains("timestamp"), "{text}");
    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    let reports = pdf::verify(&signed, &validator, SystemClock.now()).unwrap();
    assert!(reports[0].valid && reports[0].timestamp.is_some(), "{reports:#?}");
    // Years later, after the signer's certificate expired, the timestamp still proves
    // it was valid when signed.
    let later = SystemClock.now().plus(5 * 365 * 86_400);
    let reports = pdf::verify(&signed, &validator, later).unwrap();
    assert!(reports[0].valid, "{reports:#?}");
    // Without a timestamp the same check at that time fails.
    let plain = pdf::sign(&letter, &cert, &[s.ca.issuing().clone()], &signer, &PdfSignOptions::default()).unwrap();
    assert!(!pdf::verify(&plain, &validator, later).unwrap()[0].valid);
}
