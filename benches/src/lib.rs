//! Inputs shared by the criterion benches and the comparison harness: a signer with its
//! certificate from a throwaway local CA, a small letter, and a large incompressible PDF.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf;
use tte_core::pki::{CaConfig, Certificate, Csr, Kdf, KeyAlgorithm, LocalCa, PrivateKey, SubjectInfo};
use tte_core::secret::Secret;

/// A key with its certificate and the chain to embed.
pub struct Signer {
    /// The private key.
    pub key: PrivateKey,
    /// Its certificate.
    pub certificate: Certificate,
    /// Issuing CA and root.
    pub chain: Vec<Certificate>,
}

/// A folder for one bench run, removed when dropped.
pub struct Workdir(pub PathBuf);

impl Workdir {
    /// A new empty folder under the system's temporary directory.
    pub fn new(name: &str) -> Workdir {
        let dir = std::env::temp_dir().join(format!("tte-bench-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench folder");
        Workdir(dir)
    }

    /// A path inside.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A local CA in `dir` (P-256, fast to make) and a signer with a key of `algorithm`.
pub fn signer(dir: &Path, algorithm: KeyAlgorithm) -> Signer {
    let config =
        CaConfig { key_algorithm: KeyAlgorithm::P256, kdf: Kdf::Scrypt { log_n: 8 }, ..CaConfig::new("Bench") };
    let now = SystemClock.now();
    let mut ca =
        LocalCa::init(&dir.join(format!("ca-{}", algorithm.name())), config, &Secret::new("Kunci#Bench2026"), now)
            .expect("CA");
    let key = PrivateKey::generate(algorithm).expect("key");
    let subject = SubjectInfo {
        common_name: "Rina Sintetis".into(),
        organization: "Bench".into(),
        serial_number: None,
        email: None,
    };
    let csr = Csr::build(&key, &subject).expect("CSR");
    let certificate = ca.issue_from_csr(&csr, &subject, now).expect("certificate");
    Signer { key, certificate, chain: vec![ca.issuing().clone(), ca.root().clone()] }
}

/// A one-page letter (about 1.5 KB): what e-office systems sign all day.
pub fn small_letter() -> Vec<u8> {
    pdf::letter::letter(&["NOTA DINAS", "Nomor: 000.1/0001/Bench", "Perihal: uji kecepatan"])
}

/// A PDF of about `megabytes` MB (a letter with an incompressible attachment) at `path`.
pub fn large_pdf(path: &Path, megabytes: usize) {
    let bytes = pdf::letter::letter_with_attachment(&["LAMPIRAN BESAR"], megabytes * 1024 * 1024).expect("large PDF");
    std::fs::write(path, bytes).expect("write large PDF");
}
