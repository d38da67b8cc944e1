//! Signing and verifying hostile PDFs: in memory, and from a file (a failure must leave
//! no output). What signs must verify, and every earlier signature that was intact (its
//! digest, its signature, no change it does not permit) stays so after tte signs.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::{CaConfig, Certificate, Kdf, KeyAlgorithm, LocalCa, PathValidator, SubjectInfo};
use tte_core::secret::Secret;
use tte_core::signer::KeySigner;

struct Material {
    signer: KeySigner,
    certificate: Certificate,
    chain: Vec<Certificate>,
    validator: PathValidator,
}

fn material() -> &'static Material {
    static MATERIAL: OnceLock<Material> = OnceLock::new();
    MATERIAL.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tte-fuzz-ca-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let config = CaConfig { key_algorithm: KeyAlgorithm::P256, kdf: Kdf::Scrypt { log_n: 8 }, ..CaConfig::new("Fuzz") };
        let now = SystemClock.now().plus(-60);
        let mut ca = LocalCa::init(&dir, config, &Secret::new("Kunci#Fuzz2026x"), now).expect("CA");
        let subject =
            SubjectInfo { common_name: "Fuzz".into(), organization: "Fuzz".into(), serial_number: None, email: None };
        let (key, certificate) = ca.issue_with_new_key(KeyAlgorithm::P256, &subject, now).expect("key");
        let chain = vec![ca.issuing().clone()];
        let validator = PathValidator::new(vec![ca.root().clone()]);
        Material { signer: KeySigner::new(key), certificate, chain, validator }
    })
}

fuzz_target!(|data: &[u8]| {
    let m = material();
    let now = SystemClock.now();
    let before = pdf::verify(data, &m.validator, now).unwrap_or_default();
    let options = PdfSignOptions::default();
    if let Ok(signed) = pdf::sign(data, &m.certificate, &m.chain, &m.signer, &options) {
        let reports = pdf::verify(&signed, &m.validator, now).expect("what we signed reads back");
        assert!(reports.last().is_some_and(|r| r.digest_ok && r.signature_ok), "our signature does not verify");
        // Our update never changes what an earlier intact signature covers, nor anything
        // it does not permit.
        for earlier in before.iter().filter(|r| r.digest_ok && r.signature_ok && r.disallowed_changes.is_empty()) {
            let after = reports.iter().find(|r| r.field == earlier.field && r.byte_range == earlier.byte_range);
            assert!(
                after.is_some_and(|r| r.digest_ok && r.signature_ok && r.disallowed_changes.is_empty()),
                "signing changed what {} covers: {after:?}",
                earlier.field
            );
        }
    }
    let dir = std::env::temp_dir().join(format!("tte-fuzz-files-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let (input, output) = (dir.join("in.pdf"), dir.join("out.pdf"));
    let _ = std::fs::remove_file(&output);
    if std::fs::write(&input, data).is_ok()
        && pdf::sign_file(&input, &output, &m.certificate, &m.chain, &m.signer, &options).is_err()
    {
        assert!(!output.exists(), "a failed signing left an output file");
    }
});
