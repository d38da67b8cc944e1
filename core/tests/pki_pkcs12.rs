//! PKCS#12 against openssl: ours open in `openssl pkcs12`, theirs import, legacy and
//! tampered files are refused with typed errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl, openssl_ok};
use tte_core::Error;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::*;
use tte_core::secret::Secret;

const PASS: &str = "Kunci#Rahasia7";
const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";

fn issued(dir: &Scratch) -> (LocalCa, PrivateKey, Certificate) {
    let config = CaConfig { key_algorithm: KeyAlgorithm::P256, kdf: Kdf::Scrypt { log_n: 8 }, ..CaConfig::new(ORG) };
    let mut ca = LocalCa::init(&dir.path("ca"), config, &Secret::new("Kunci#CaLokal7"), SystemClock.now()).unwrap();
    let subject =
        SubjectInfo { common_name: "Siti Contoh".into(), organization: ORG.into(), serial_number: None, email: None };
    let (key, cert) = ca.issue_with_new_key(KeyAlgorithm::Rsa2048, &subject, SystemClock.now()).unwrap();
    (ca, key, cert)
}

#[test]
fn our_pkcs12_opens_in_openssl_and_round_trips() {
    let dir = Scratch::new("p12");
    let (ca, key, cert) = issued(&dir);
    let bundle = Pkcs12 {
        key,
        certificate: cert.clone(),
        chain: vec![ca.issuing().clone(), ca.root().clone()],
        friendly_name: Some("Siti Contoh (TTE)".into()),
    };
    let der = bundle.to_der(&Secret::new(PASS)).unwrap();
    dir.write("ours.p12", &der);
    let pass = format!("pass:{PASS}");
    let info =
        openssl_ok(&dir.0, &["pkcs12", "-in", "ours.p12", "-passin", &pass, "-nodes", "-info", "-out", "all.pem"]);
    assert!(info.contains("MAC: sha256"), "{info}");
    let all = String::from_utf8(dir.read("all.pem")).unwrap();
    assert_eq!(all.matches("BEGIN CERTIFICATE").count(), 3);
    assert!(all.contains("BEGIN PRIVATE KEY"));
    assert!(all.contains("friendlyName: Siti Contoh (TTE)"), "{all}");
    let wrong = openssl(&dir.0, &["pkcs12", "-in", "ours.p12", "-passin", "pass:Salah#Sandi9", "-nodes", "-noout"]);
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("Mac verify error"));

    let back = Pkcs12::from_der(&der, &Secret::new(PASS)).unwrap();
    assert_eq!(back.certificate, cert);
    assert_eq!(back.chain.len(), 2);
    assert_eq!(back.key.public_key_der().unwrap(), bundle.key.public_key_der().unwrap());
    assert_eq!(back.friendly_name.as_deref(), Some("Siti Contoh (TTE)"));
    assert!(matches!(Pkcs12::from_der(&der, &Secret::new("Salah#Sandi9")), Err(Error::WrongPassphrase { .. })));
    assert_eq!(bundle.to_der(&Secret::new("lemah")).unwrap_err().code(), 1200);
}

#[test]
fn openssl_pkcs12_files_import_and_legacy_or_broken_ones_are_refused() {
    let dir = Scratch::new("p12-openssl");
    let (ca, key, cert) = issued(&dir);
    let key_pem =
        key.to_encrypted_pem(&Secret::new(PASS), Kdf::SCRYPT, &Default::default(), &Default::default()).unwrap();
    dir.write("k.pem", key_pem.as_bytes());
    dir.write("cert.pem", cert.to_pem());
    dir.write("chain.pem", format!("{}{}", ca.issuing().to_pem(), ca.root().to_pem()));
    let pass = format!("pass:{PASS}");
    openssl_ok(
        &dir.0,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "k.pem",
            "-passin",
            &pass,
            "-in",
            "cert.pem",
            "-certfile",
            "chain.pem",
            "-name",
            "Siti",
            "-passout",
            &pass,
            "-out",
            "theirs.p12",
        ],
    );
    let theirs = Pkcs12::from_der(&dir.read("theirs.p12"), &Secret::new(PASS)).unwrap();
    assert_eq!(theirs.certificate, cert);
    assert_eq!(theirs.chain.len(), 2);
    assert_eq!(theirs.friendly_name.as_deref(), Some("Siti"));

    openssl_ok(
        &dir.0,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            "k.pem",
            "-passin",
            &pass,
            "-in",
            "cert.pem",
            "-keypbe",
            "PBE-SHA1-3DES",
            "-certpbe",
            "PBE-SHA1-3DES",
            "-macalg",
            "sha1",
            "-passout",
            &pass,
            "-out",
            "legacy.p12",
        ],
    );
    let legacy = Pkcs12::from_der(&dir.read("legacy.p12"), &Secret::new(PASS)).unwrap_err();
    assert!(matches!(legacy, Error::UnsupportedAlgorithm { .. }), "{legacy:?}");

    let mut tampered = dir.read("theirs.p12");
    let middle = tampered.len() / 2;
    tampered[middle] ^= 0x01;
    assert!(Pkcs12::from_der(&tampered, &Secret::new(PASS)).is_err());
    assert_eq!(Pkcs12::from_der(&dir.read("theirs.p12")[..100], &Secret::new(PASS)).unwrap_err().code(), 4001);
    assert_eq!(Pkcs12::from_der(b"garbage", &Secret::new(PASS)).unwrap_err().code(), 4001);
}
