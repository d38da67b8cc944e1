//! CMS against openssl: our detached SignedData verifies in `openssl cms -verify`,
//! OpenSSL's verifies in ours, and the two-phase path works with an outside signer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl, openssl_ok};
use sha2::{Digest, Sha256};
use tte_core::Error;
use tte_core::cms::{PreparedSignature, sign_detached, verify_detached};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::*;
use tte_core::secret::Secret;
use tte_core::signer::{KeySigner, SignatureScheme, Signer};

const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";
const CONTENT: &[u8] = b"%PDF-1.7 isi surat yang ditandatangani";

struct Fixture {
    dir: Scratch,
    ca: LocalCa,
}

impl Fixture {
    fn new(name: &str) -> Fixture {
        let dir = Scratch::new(name);
        let config =
            CaConfig { key_algorithm: KeyAlgorithm::P256, kdf: Kdf::Scrypt { log_n: 8 }, ..CaConfig::new(ORG) };
        let ca = LocalCa::init(&dir.path("ca"), config, &Secret::new("Kunci#CaLokal7"), SystemClock.now()).unwrap();
        dir.write("root.pem", ca.root().to_pem());
        dir.write("ca.pem", ca.issuing().to_pem());
        dir.write("data.bin", CONTENT);
        Fixture { dir, ca }
    }

    fn holder(&mut self, algorithm: KeyAlgorithm) -> (PrivateKey, Certificate) {
        let subject = SubjectInfo {
            common_name: "Siti Contoh".into(),
            organization: ORG.into(),
            serial_number: None,
            email: Some("siti.contoh@kaltimprov.go.id".into()),
        };
        self.ca.issue_with_new_key(algorithm, &subject, SystemClock.now()).unwrap()
    }

    fn openssl_verifies(&self, file: &str) -> String {
        let out = openssl(
            &self.dir.0,
            &[
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                file,
                "-content",
                "data.bin",
                "-CAfile",
                "root.pem",
                "-certfile",
                "ca.pem",
                "-purpose",
                "any",
                "-out",
                "/dev/null",
            ],
        );
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    }
}

fn digest(content: &[u8]) -> [u8; 32] {
    Sha256::digest(content).into()
}

#[test]
fn our_signatures_verify_in_openssl_and_in_ours() {
    let mut fx = Fixture::new("cms-ours");
    for (algorithm, pss) in [(KeyAlgorithm::Rsa2048, false), (KeyAlgorithm::Rsa2048, true), (KeyAlgorithm::P256, false)]
    {
        let (key, cert) = fx.holder(algorithm);
        let signer = if pss { KeySigner::new(key).with_pss() } else { KeySigner::new(key) };
        let der = sign_detached(&digest(CONTENT), &cert, &[fx.ca.issuing().clone()], &signer, None).unwrap();
        fx.dir.write("sig.der", &der);
        let verdict = fx.openssl_verifies("sig.der");
        assert!(verdict.contains("Verification successful"), "{algorithm:?} pss={pss}: {verdict}");
        let printed = openssl_ok(&fx.dir.0, &["cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der"]);
        assert!(printed.contains("id-smime-aa-signingCertificateV2"), "{printed}");
        assert!(!printed.contains("signingTime"), "PAdES mode has no signing-time: {printed}");
        let ours = verify_detached(&der, &digest(CONTENT)).unwrap();
        assert_eq!(ours.signer, cert);
        assert!(ours.ess_signing_certificate_v2);
        assert_eq!(ours.certificates.len(), 2);
        assert_eq!(verify_detached(&der, &digest(b"isi lain")).unwrap_err(), Error::BadSignature);
    }
}

#[test]
fn signing_time_is_added_only_when_asked() {
    let mut fx = Fixture::new("cms-time");
    let (key, cert) = fx.holder(KeyAlgorithm::P256);
    let at = SystemClock.now();
    let der = sign_detached(&digest(CONTENT), &cert, &[], &KeySigner::new(key), Some(at)).unwrap();
    assert_eq!(verify_detached(&der, &digest(CONTENT)).unwrap().signing_time, Some(at));
    fx.dir.write("sig.der", &der);
    assert!(
        openssl_ok(&fx.dir.0, &["cms", "-cmsout", "-print", "-inform", "DER", "-in", "sig.der"])
            .contains("signingTime")
    );
}

#[test]
fn openssl_signatures_verify_in_ours() {
    let mut fx = Fixture::new("cms-theirs");
    for (algorithm, options) in [
        (KeyAlgorithm::Rsa2048, vec![]),
        (KeyAlgorithm::Rsa2048, vec!["-keyopt", "rsa_padding_mode:pss"]),
        (KeyAlgorithm::P256, vec![]),
    ] {
        let (key, cert) = fx.holder(algorithm);
        let pem = key
            .to_encrypted_pem(&Secret::new("Kunci#Rahasia7"), Kdf::SCRYPT, &Default::default(), &Default::default())
            .unwrap();
        fx.dir.write("key.pem", pem.as_bytes());
        fx.dir.write("cert.pem", cert.to_pem());
        let mut args = vec![
            "cms",
            "-sign",
            "-binary",
            "-in",
            "data.bin",
            "-signer",
            "cert.pem",
            "-inkey",
            "key.pem",
            "-passin",
            "pass:Kunci#Rahasia7",
            "-outform",
            "DER",
            "-out",
            "theirs.der",
            "-md",
            "sha256",
        ];
        args.extend(options.iter());
        openssl_ok(&fx.dir.0, &args);
        let ours = verify_detached(&fx.dir.read("theirs.der"), &digest(CONTENT)).unwrap();
        assert_eq!(ours.signer, cert, "{algorithm:?} {options:?}");
        assert!(verify_detached(&fx.dir.read("theirs.der"), &digest(b"lain")).is_err());
    }
}

#[test]
fn two_phase_signing_with_an_outside_signer() {
    let mut fx = Fixture::new("cms-two-phase");
    let (key, cert) = fx.holder(KeyAlgorithm::Rsa2048);
    let prepared = PreparedSignature::new(
        &digest(CONTENT),
        &cert,
        &[fx.ca.issuing().clone()],
        SignatureScheme::RsaPkcs1Sha256,
        None,
    )
    .unwrap();
    // The state travels as JSON to wherever the key is.
    let json = serde_json::to_string(&prepared).unwrap();
    let travelled: PreparedSignature = serde_json::from_str(&json).unwrap();
    fx.dir.write("tbs.bin", travelled.to_be_signed().unwrap());
    let pem = key
        .to_encrypted_pem(&Secret::new("Kunci#Rahasia7"), Kdf::SCRYPT, &Default::default(), &Default::default())
        .unwrap();
    fx.dir.write("key.pem", pem.as_bytes());
    openssl_ok(
        &fx.dir.0,
        &["dgst", "-sha256", "-sign", "key.pem", "-passin", "pass:Kunci#Rahasia7", "-out", "sig.bin", "tbs.bin"],
    );
    let der = travelled.finish(&fx.dir.read("sig.bin")).unwrap();
    fx.dir.write("sig.der", &der);
    assert!(fx.openssl_verifies("sig.der").contains("Verification successful"));
    // A signature by another key is refused before anything is assembled.
    let (other, _) = fx.holder(KeyAlgorithm::Rsa2048);
    let wrong = KeySigner::new(other).sign(&travelled.to_be_signed().unwrap()).unwrap();
    assert_eq!(travelled.finish(&wrong).unwrap_err(), Error::BadSignature);
    assert_eq!(verify_detached(b"garbage", &digest(CONTENT)).unwrap_err().code(), 4001);
}
