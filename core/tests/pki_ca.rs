//! The local CA and path validation against openssl: `openssl verify -crl_check` agrees
//! with our validator on valid, expired and revoked certificates; the profile shows in
//! `openssl x509 -text`; the national chain validates at the right times.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl, openssl_ok};
use tte_core::Error;
use tte_core::date::{DAY, Date, Timestamp};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::*;
use tte_core::secret::Secret;

const PASS: &str = "Kunci#CaLokal7";
const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";

fn config() -> CaConfig {
    CaConfig { key_algorithm: KeyAlgorithm::Rsa2048, ..CaConfig::new(ORG) }
}

fn subject(name: &str) -> SubjectInfo {
    SubjectInfo {
        common_name: name.into(),
        organization: ORG.into(),
        serial_number: None,
        email: Some("siti.contoh@kaltimprov.go.id".into()),
    }
}

fn verify_text(dir: &std::path::Path, leaf: &str) -> String {
    let out = openssl(
        dir,
        &["verify", "-CAfile", "root.pem", "-untrusted", "ca.pem", "-crl_check", "-CRLfile", "crl.pem", leaf],
    );
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn openssl_verify_agrees_with_our_path_validation() {
    let dir = Scratch::new("ca");
    let now = SystemClock.now();
    let mut ca = LocalCa::init(&dir.path("ca"), config(), &Secret::new(PASS), now.plus(-2 * DAY)).unwrap();

    // LOCK: a CSR made by openssl on the applicant's side.
    let subj = format!("/C=ID/O={ORG}/CN=Siti Contoh");
    openssl_ok(
        &dir.0,
        &["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-subj", &subj, "-out", "req.pem"],
    );
    let csr = Csr::from_bytes(&dir.read("req.pem")).unwrap();
    let valid = ca.issue_from_csr(&csr, &subject("Siti Contoh"), now).unwrap();
    assert_eq!(ca.issue_from_csr(&csr, &subject("Orang Lain"), now).unwrap_err(), Error::SubjectMismatch);
    // ESIGN: a server-held key, later revoked for key compromise.
    let (_key, revoked) = ca.issue_with_new_key(KeyAlgorithm::P256, &subject("Budi Sampel"), now.plus(-DAY)).unwrap();
    // Issued three years ago for two years: expired.
    let old_key = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let expired = ca
        .issue_for_public_key(old_key.public_key().unwrap(), &subject("Citra Uji"), now.plus(-3 * 365 * DAY))
        .unwrap();
    for unknown_reason in [7, 11] {
        let refused = ca.revoke(&revoked.serial_hex(), unknown_reason, now).unwrap_err();
        assert_eq!(refused.code(), 4003, "reason {unknown_reason}");
    }
    let crl = ca.revoke(&revoked.serial_hex(), 1, now).unwrap();
    assert_eq!(crl.find(&revoked.serial_hex()).unwrap().reason, Some(1));
    assert_eq!(ca.current_crl().unwrap(), crl);

    dir.write("root.pem", ca.root().to_pem());
    dir.write("ca.pem", ca.issuing().to_pem());
    dir.write("crl.pem", crl.to_pem());
    dir.write("valid.pem", valid.to_pem());
    dir.write("revoked.pem", revoked.to_pem());
    dir.write("expired.pem", expired.to_pem());

    let validator = PathValidator::new(vec![ca.root().clone()])
        .with_intermediates(vec![ca.issuing().clone()])
        .with_crls(vec![crl.clone()])
        .with_revocation(RevocationCheck::EndEntity);
    assert!(verify_text(&dir.0, "valid.pem").contains("valid.pem: OK"));
    assert_eq!(validator.validate(&valid, now).unwrap().len(), 3);
    assert!(verify_text(&dir.0, "revoked.pem").contains("certificate revoked"));
    assert_eq!(validator.validate(&revoked, now).unwrap_err(), Error::CertificateRevoked { reason: Some(1) });
    assert!(verify_text(&dir.0, "expired.pem").contains("certificate has expired"));
    assert_eq!(validator.validate(&expired, now).unwrap_err(), Error::CertificateOutsideValidity);
    // Validation at a past time: the revoked certificate was fine before its revocation.
    assert!(validator.validate(&revoked, now.plus(-60)).is_ok());
    // Without a CRL the end-entity check cannot be satisfied.
    let no_crl = PathValidator::new(vec![ca.root().clone()])
        .with_intermediates(vec![ca.issuing().clone()])
        .with_revocation(RevocationCheck::EndEntity);
    assert!(matches!(no_crl.validate(&valid, now), Err(Error::CertificateRevoked { reason: None })));
    // A CA certificate does not sign documents.
    let as_document = PathValidator::new(vec![ca.root().clone()]);
    assert!(matches!(as_document.validate(ca.issuing(), now), Err(Error::UsageNotPermitted { .. })));
    assert!(as_document.with_purpose(Purpose::Any).validate(ca.issuing(), now).is_ok());
    // Another root is not trusted.
    let other = LocalCa::init(&dir.path("other"), config(), &Secret::new(PASS), now).unwrap();
    let stranger = PathValidator::new(vec![other.root().clone()]).with_intermediates(vec![ca.issuing().clone()]);
    assert_eq!(stranger.validate(&valid, now).unwrap_err(), Error::UntrustedChain);
}

#[test]
fn issued_certificates_carry_the_document_signing_profile() {
    let dir = Scratch::new("profile");
    let now = SystemClock.now();
    let mut ca = LocalCa::init(&dir.path("ca"), config(), &Secret::new(PASS), now).unwrap();
    let (_key, cert) = ca.issue_with_new_key(KeyAlgorithm::Rsa2048, &subject("Siti Contoh"), now).unwrap();
    dir.write("leaf.pem", cert.to_pem());
    dir.write("root.pem", ca.root().to_pem());
    dir.write("ca.pem", ca.issuing().to_pem());
    let text = openssl_ok(&dir.0, &["x509", "-in", "leaf.pem", "-noout", "-text"]);
    for expected in [
        "X509v3 Key Usage: critical",
        "Digital Signature, Non Repudiation",
        "1.2.840.113583.1.1.5",
        "E-mail Protection",
        "email:siti.contoh@kaltimprov.go.id",
        "CA:FALSE",
        "Subject: C = ID, O = Pemerintah Provinsi Kalimantan Timur, CN = Siti Contoh",
    ] {
        assert!(text.contains(expected), "missing {expected:?}:\n{text}");
    }
    let days = (cert.not_after().0 - cert.not_before().0) / DAY;
    assert!((730..=731).contains(&days), "{days}");
    let ca_text = openssl_ok(&dir.0, &["x509", "-in", "ca.pem", "-noout", "-text"]);
    assert!(ca_text.contains("CA:TRUE, pathlen:0") && ca_text.contains("Certificate Sign, CRL Sign"), "{ca_text}");
    // Serial numbers are unique and random.
    let (_, second) = ca.issue_with_new_key(KeyAlgorithm::P256, &subject("Siti Contoh"), now).unwrap();
    assert_ne!(cert.serial_hex(), second.serial_hex());
    assert!(cert.serial_hex().len() >= 30);
    let crl_text = {
        dir.write("crl.pem", ca.current_crl().unwrap().to_pem());
        openssl_ok(&dir.0, &["crl", "-in", "crl.pem", "-noout", "-text", "-CAfile", "ca.pem"])
    };
    assert!(crl_text.contains("verify OK") && crl_text.contains("X509v3 CRL Number"), "{crl_text}");
}

#[test]
fn the_ca_reopens_with_its_passphrase_only() {
    let dir = Scratch::new("reopen");
    let now = SystemClock.now();
    let path = dir.path("ca");
    let first = LocalCa::init(&path, config(), &Secret::new(PASS), now).unwrap();
    assert!(matches!(LocalCa::init(&path, config(), &Secret::new(PASS), now), Err(Error::Io { .. })));
    assert!(matches!(LocalCa::open(&path, &Secret::new("Salah#Sandi9")), Err(Error::WrongPassphrase { .. })));
    let mut again = LocalCa::open(&path, &Secret::new(PASS)).unwrap();
    assert_eq!(again.root(), first.root());
    let (_k, cert) = again.issue_with_new_key(KeyAlgorithm::P256, &subject("Dimas Teladan"), now).unwrap();
    let reopened = LocalCa::open(&path, &Secret::new(PASS)).unwrap();
    assert_eq!(reopened.issued().len(), 1);
    assert_eq!(reopened.issued()[0].serial, cert.serial_hex());
    assert!(matches!(LocalCa::open(&dir.path("nowhere"), &Secret::new(PASS)), Err(Error::Io { .. })));
    let weak = LocalCa::init(&dir.path("weak"), config(), &Secret::new("lemah"), now).unwrap_err();
    assert_eq!(weak.code(), 1200);
}

fn fixture(name: &str) -> Certificate {
    let path = format!("{}/tests/fixtures/indonesia/{name}", env!("CARGO_MANIFEST_DIR"));
    Certificate::from_pem(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn at(year: i32, month: u8, day: u8) -> Timestamp {
    Timestamp::at_midnight_utc(Date::new(year, month, day).unwrap())
}

#[test]
fn the_national_chain_validates_at_the_right_times() {
    let root = fixture("root-ca-indonesia-ds-g1.pem");
    let bsre = fixture("bsre-ca-ds-g1.pem");
    let validator = PathValidator::new(vec![root.clone()]).with_purpose(Purpose::Any);
    let chain = validator.validate(&bsre, at(2026, 1, 1)).unwrap();
    assert_eq!(chain.len(), 2);
    assert!(bsre.subject().contains("CN=BSRE CA DS G1"));
    assert_eq!(validator.validate(&bsre, at(2040, 1, 1)).unwrap_err(), Error::CertificateOutsideValidity);
    // The legacy hierarchy is not under Root DS G1; its TSA validates under its own root, at its time.
    let legacy_root = fixture("osd-lu-kelas-2.pem");
    let tsa = fixture("tsa-bssn-15e04a00d8f4.pem");
    assert_eq!(validator.validate(&tsa, at(2023, 1, 1)).unwrap_err(), Error::UntrustedChain);
    let legacy = PathValidator::new(vec![legacy_root]).with_purpose(Purpose::Any);
    assert!(legacy.validate(&tsa, at(2023, 1, 1)).is_ok());
    assert_eq!(legacy.validate(&tsa, at(2026, 11, 30)).unwrap_err(), Error::CertificateOutsideValidity);
    // openssl agrees on the national link (checked at a fixed time).
    let dir = Scratch::new("national");
    dir.write("root.pem", root.to_pem());
    dir.write("bsre.pem", bsre.to_pem());
    let out = openssl_ok(&dir.0, &["verify", "-attime", "1767225600", "-CAfile", "root.pem", "bsre.pem"]);
    assert!(out.contains("bsre.pem: OK"), "{out}");
    // One flipped bit in the signature: neither accepts it.
    let mut der = bsre.to_der().to_vec();
    let last = der.len() - 1;
    der[last] ^= 0x01;
    let tampered = Certificate::from_der(&der).unwrap();
    assert_eq!(validator.validate(&tampered, at(2026, 1, 1)).unwrap_err(), Error::UntrustedChain);
    dir.write("tampered.der", &der);
    openssl_ok(&dir.0, &["x509", "-inform", "DER", "-in", "tampered.der", "-out", "tampered.pem"]);
    assert!(
        !openssl(&dir.0, &["verify", "-attime", "1767225600", "-CAfile", "root.pem", "tampered.pem"]).status.success()
    );
}

#[test]
fn bad_certificate_input_gets_typed_errors() {
    let root = fixture("root-ca-indonesia-ds-g1.pem");
    assert_eq!(Certificate::from_der(&root.to_der()[..100]).unwrap_err().code(), 4001);
    assert_eq!(Certificate::from_der(b"\x30\x03\x02\x01").unwrap_err().code(), 4001);
    assert!(matches!(
        Certificate::from_pem("-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n"),
        Err(Error::WrongPemLabel { .. })
    ));
    let bundle = format!("{}{}", root.to_pem(), fixture("bsre-ca-ds-g1.pem").to_pem());
    assert_eq!(Certificate::parse_all(bundle.as_bytes()).unwrap().len(), 2);
    assert_eq!(Certificate::parse_all(root.to_der()).unwrap().len(), 1);
    assert_eq!(Crl::from_der(b"garbage").unwrap_err().code(), 4001);
}
