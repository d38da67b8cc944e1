//! Keys against openssl: encrypted PKCS#8 both ways, signatures, and bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl, openssl_ok};
use tte_core::Error;
use tte_core::passphrase::{Holder, PassphrasePolicy};
use tte_core::pki::{Kdf, KeyAlgorithm, PrivateKey};
use tte_core::secret::Secret;

const PASS: &str = "Kunci#Rahasia7";

fn policy() -> PassphrasePolicy {
    PassphrasePolicy::default()
}

#[test]
fn our_encrypted_keys_open_in_openssl_with_the_same_public_key() {
    let dir = Scratch::new("keys");
    for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::Rsa3072, KeyAlgorithm::P256] {
        let key = PrivateKey::generate(algorithm).unwrap();
        assert_eq!(key.algorithm(), algorithm);
        for kdf in [Kdf::SCRYPT, Kdf::PBKDF2] {
            let pem = key.to_encrypted_pem(&Secret::new(PASS), kdf, &policy(), &Holder::default()).unwrap();
            assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
            dir.write("k.pem", pem.as_bytes());
            let pass = format!("pass:{PASS}");
            openssl_ok(
                &dir.0,
                &["pkey", "-in", "k.pem", "-passin", &pass, "-pubout", "-outform", "DER", "-out", "pub.der"],
            );
            assert_eq!(dir.read("pub.der"), key.public_key_der().unwrap(), "{algorithm:?} {kdf:?}");
            let wrong = openssl(&dir.0, &["pkey", "-in", "k.pem", "-passin", "pass:Salah#Sandi9", "-noout"]);
            assert!(!wrong.status.success());
            // And back: we read our own file.
            let again = PrivateKey::from_pem(&pem, Some(&Secret::new(PASS))).unwrap();
            assert_eq!(again.public_key_der().unwrap(), key.public_key_der().unwrap());
            assert!(matches!(
                PrivateKey::from_pem(&pem, Some(&Secret::new("Salah#Sandi9"))),
                Err(Error::WrongPassphrase { .. })
            ));
        }
    }
}

#[test]
fn a_key_is_encrypted_only_under_a_passphrase_that_passes_the_policy() {
    let key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let err = key.to_encrypted_pem(&Secret::new("password"), Kdf::SCRYPT, &policy(), &Holder::default()).unwrap_err();
    assert_eq!(err.code(), 1200);
    let holder = Holder { name: Some("Siti Contoh"), ..Holder::default() };
    assert!(key.to_encrypted_der(&Secret::new("Contoh#Kunci9"), Kdf::SCRYPT, &policy(), &holder).is_err());
}

#[test]
fn openssl_keys_are_read_and_weak_or_foreign_ones_refused() {
    let dir = Scratch::new("genpkey");
    let pass = format!("pass:{PASS}");
    openssl_ok(
        &dir.0,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-aes-256-cbc",
            "-pass",
            &pass,
            "-out",
            "rsa.pem",
        ],
    );
    let rsa = PrivateKey::from_pem(&String::from_utf8(dir.read("rsa.pem")).unwrap(), Some(&Secret::new(PASS))).unwrap();
    assert_eq!(rsa.algorithm(), KeyAlgorithm::Rsa2048);
    openssl_ok(&dir.0, &["pkey", "-in", "rsa.pem", "-passin", &pass, "-pubout", "-outform", "DER", "-out", "rsa.pub"]);
    assert_eq!(dir.read("rsa.pub"), rsa.public_key_der().unwrap());

    openssl_ok(&dir.0, &["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ec.pem"]);
    let ec = PrivateKey::from_pem(&String::from_utf8(dir.read("ec.pem")).unwrap(), None).unwrap();
    assert_eq!(ec.algorithm(), KeyAlgorithm::P256);

    openssl_ok(&dir.0, &["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024", "-out", "weak.pem"]);
    let weak = PrivateKey::from_pem(&String::from_utf8(dir.read("weak.pem")).unwrap(), None).unwrap_err();
    assert_eq!(weak, Error::WeakKey { bits: 1024 });
    assert_eq!(weak.code(), 4004);

    openssl_ok(&dir.0, &["genpkey", "-algorithm", "ED25519", "-out", "ed.pem"]);
    let ed = PrivateKey::from_pem(&String::from_utf8(dir.read("ed.pem")).unwrap(), None).unwrap_err();
    assert!(matches!(ed, Error::UnsupportedAlgorithm { .. }), "{ed:?}");
}

#[test]
fn our_signatures_verify_in_openssl() {
    let dir = Scratch::new("sign");
    let message = b"Surat Keputusan Nomor 800/1/2026";
    dir.write("msg.txt", message);
    for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
        let key = PrivateKey::generate(algorithm).unwrap();
        dir.write("pub.der", key.public_key_der().unwrap());
        dir.write("sig.bin", key.sign(message).unwrap());
        let out = openssl_ok(
            &dir.0,
            &["dgst", "-sha256", "-verify", "pub.der", "-keyform", "DER", "-signature", "sig.bin", "msg.txt"],
        );
        assert!(out.contains("Verified OK"), "{out}");
        dir.write("msg.txt", b"Surat Keputusan Nomor 800/2/2026");
        assert!(
            !openssl(
                &dir.0,
                &["dgst", "-sha256", "-verify", "pub.der", "-keyform", "DER", "-signature", "sig.bin", "msg.txt"]
            )
            .status
            .success()
        );
        dir.write("msg.txt", message);
    }
}

#[test]
fn bad_key_input_gets_the_right_typed_error() {
    let key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let der = key.to_encrypted_der(&Secret::new(PASS), Kdf::PBKDF2, &policy(), &Holder::default()).unwrap();
    let truncated = PrivateKey::from_encrypted_der(&der[..der.len() / 2], &Secret::new(PASS)).unwrap_err();
    assert_eq!(truncated, Error::Malformed { what: "encrypted private key" });
    assert_eq!(PrivateKey::from_pkcs8_der(b"garbage").unwrap_err().code(), 4001);
    let cert_label = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    assert!(matches!(PrivateKey::from_pem(cert_label, None), Err(Error::WrongPemLabel { .. })));
    assert_eq!(PrivateKey::from_pem("not pem at all", None).unwrap_err().code(), 4001);
    let pem = key.to_encrypted_pem(&Secret::new(PASS), Kdf::SCRYPT, &policy(), &Holder::default()).unwrap();
    assert!(matches!(PrivateKey::from_pem(&pem, None), Err(Error::WrongPassphrase { .. })));
    assert_eq!(format!("{key:?}"), "PrivateKey(P256)");
}

#[test]
fn a_wrong_passphrase_that_passes_the_padding_check_is_still_a_wrong_passphrase() {
    // About one wrong passphrase in 256 decrypts to a plaintext whose CBC padding looks
    // right; it must be refused as a wrong passphrase (2031), not as a damaged key (4001).
    // Cheap PBKDF2 makes the search for such a passphrase quick.
    let key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let kdf = Kdf::Pbkdf2 { iterations: 1000 };
    let sealed = key
        .to_encrypted_der(&Secret::new("Kunci#Benar2026"), kdf, &PassphrasePolicy::default(), &Holder::default())
        .unwrap();
    let mut codes = std::collections::BTreeMap::new();
    for n in 0..4000 {
        let err = PrivateKey::from_encrypted_der(&sealed, &Secret::new(format!("Salah#{n:05}"))).unwrap_err();
        *codes.entry(err.code()).or_insert(0) += 1;
    }
    assert_eq!(codes.keys().copied().collect::<Vec<_>>(), [2031], "{codes:?}");
}
