//! Shared by the PDF tests: a local CA, signers, and the outside validators.
#![allow(dead_code, missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../openssl/mod.rs"]
mod openssl;

pub use openssl::Scratch;
use std::path::Path;
use std::process::Command;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::*;
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

pub const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";

/// The project's venv (made by `make setup`) holds pyHanko.
pub fn pyhanko() -> String {
    format!("{}/../.venv/bin/pyhanko", env!("CARGO_MANIFEST_DIR"))
}

pub fn run(dir: &Path, program: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(program).args(args).current_dir(dir).output().unwrap_or_else(|e| panic!("{program}: {e}"));
    (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
}

pub struct Signing {
    pub dir: Scratch,
    pub ca: LocalCa,
}

impl Signing {
    pub fn new(name: &str) -> Signing {
        let dir = Scratch::new(name);
        let config =
            CaConfig { key_algorithm: KeyAlgorithm::P256, kdf: Kdf::Scrypt { log_n: 8 }, ..CaConfig::new(ORG) };
        let ca = LocalCa::init(&dir.path("ca"), config, &Secret::new("Kunci#CaLokal7"), SystemClock.now().plus(-3600))
            .unwrap();
        dir.write("root.pem", ca.root().to_pem());
        Signing { dir, ca }
    }

    pub fn holder(&mut self, name: &str, algorithm: KeyAlgorithm) -> (KeySigner, Certificate) {
        let subject =
            SubjectInfo { common_name: name.into(), organization: ORG.into(), serial_number: None, email: None };
        let (key, cert) = self.ca.issue_with_new_key(algorithm, &subject, SystemClock.now().plus(-60)).unwrap();
        (KeySigner::new(key), cert)
    }

    pub fn qpdf_ok(&self, file: &str) {
        let (ok, text) = run(&self.dir.0, "qpdf", &["--check", file]);
        assert!(ok && text.contains("No syntax or stream encoding errors"), "qpdf --check {file}:\n{text}");
    }

    pub fn pdfsig(&self, file: &str) -> String {
        run(&self.dir.0, "pdfsig", &["-nocert", file]).1
    }

    pub fn pyhanko_validate(&self, file: &str) -> (bool, String) {
        run(
            &self.dir.0,
            &pyhanko(),
            &[
                "sign",
                "validate",
                "--pretty-print",
                "--no-revocation-check",
                "--trust-replace",
                "--trust",
                "root.pem",
                file,
            ],
        )
    }

    /// pyHanko's verdict on each signature of `file`, by field name (none when pyHanko
    /// cannot read the file at all).
    pub fn pyhanko_verdicts(&self, file: &str) -> std::collections::BTreeMap<String, bool> {
        let (_, text) = self.pyhanko_validate(file);
        let mut verdicts = std::collections::BTreeMap::new();
        let mut field = None;
        for line in text.lines() {
            if let Some((_, name)) = line.strip_prefix("Field ").and_then(|rest| rest.split_once(": ")) {
                field = Some(name.trim().to_string());
            } else if let Some(name) = field.as_ref().filter(|_| line.contains("The signature is judged ")) {
                verdicts.insert(name.clone(), line.contains("judged VALID"));
            }
        }
        verdicts
    }

    /// A letter signed first by pyHanko (field "PyHanko", with a key it reads from a file).
    pub fn pyhanko_signed(&mut self, lines: &[&str]) -> Vec<u8> {
        self.pyhanko_sign(&tte_core::pdf::letter::letter(lines))
    }

    /// `pdf` signed by pyHanko (field "PyHanko", with a key it reads from a file).
    pub fn pyhanko_sign(&mut self, pdf: &[u8]) -> Vec<u8> {
        self.pyhanko_sign_field(pdf, "PyHanko")
    }

    /// `pdf` signed by pyHanko in the field `field` (filled when it exists and is empty).
    pub fn pyhanko_sign_field(&mut self, pdf: &[u8], field: &str) -> Vec<u8> {
        self.dir.write("letter.pdf", pdf);
        let key = PrivateKey::generate(KeyAlgorithm::Rsa2048).unwrap();
        let subject = SubjectInfo {
            common_name: "Pejabat Pertama".into(),
            organization: ORG.into(),
            serial_number: None,
            email: None,
        };
        let cert =
            self.ca.issue_for_public_key(key.public_key().unwrap(), &subject, SystemClock.now().plus(-60)).unwrap();
        let pem = key
            .to_encrypted_pem(&Secret::new("Kunci#Rahasia7"), Kdf::SCRYPT, &Default::default(), &Default::default())
            .unwrap();
        self.dir.write("key.pem", pem.as_bytes());
        self.dir.write("cert.pem", cert.to_pem());
        self.dir.write("chain.pem", self.ca.issuing().to_pem());
        self.dir.write("pass.txt", "Kunci#Rahasia7");
        let args = [
            "sign",
            "addsig",
            "--field",
            field,
            "pemder",
            "--key",
            "key.pem",
            "--cert",
            "cert.pem",
            "--chain",
            "chain.pem",
            "--passfile",
            "pass.txt",
            "letter.pdf",
            "theirs.pdf",
        ];
        let (ok, text) = run(&self.dir.0, &pyhanko(), &args);
        assert!(ok, "{text}");
        self.dir.read("theirs.pdf")
    }
}
