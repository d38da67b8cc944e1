//! CSRs against openssl: ours verify in `openssl req -verify`, theirs pass our check,
//! tampered or weak ones are refused.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl_ok};
use tte_core::Error;
use tte_core::pki::{Csr, KeyAlgorithm, PrivateKey, SubjectInfo};

const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";

fn subject(name: &str) -> SubjectInfo {
    SubjectInfo {
        common_name: name.into(),
        organization: ORG.into(),
        serial_number: Some("PEGAWAI-0001".into()),
        email: Some("siti.contoh@kaltimprov.go.id".into()),
    }
}

#[test]
fn our_csrs_verify_in_openssl_with_the_subject_we_asked_for() {
    let dir = Scratch::new("csr");
    for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
        let key = PrivateKey::generate(algorithm).unwrap();
        let csr = Csr::build(&key, &subject("Siti Contoh, S.Kom")).unwrap();
        csr.check("Siti Contoh, S.Kom", ORG).unwrap();
        dir.write("req.pem", csr.to_pem());
        let out = openssl_ok(&dir.0, &["req", "-in", "req.pem", "-verify", "-noout", "-text", "-nameopt", "RFC2253"]);
        assert!(out.contains("verify OK"), "{out}");
        assert!(out.contains("CN=Siti Contoh\\, S.Kom,O=Pemerintah Provinsi Kalimantan Timur,C=ID"), "{out}");
        assert!(out.contains("serialNumber=PEGAWAI-0001") || out.contains("SERIALNUMBER=PEGAWAI-0001"), "{out}");
        assert!(out.contains("email:siti.contoh@kaltimprov.go.id"), "{out}");
        assert_eq!(Csr::from_der(csr.to_der()).unwrap().public_key(), csr.public_key());
    }
}

#[test]
fn openssl_csrs_pass_our_check_and_bad_ones_fail() {
    let dir = Scratch::new("csr-openssl");
    let subj = format!("/C=ID/O={ORG}/CN=Budi Sampel");
    openssl_ok(
        &dir.0,
        &["req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-subj", &subj, "-out", "rsa.csr"],
    );
    let rsa = Csr::from_bytes(&dir.read("rsa.csr")).unwrap();
    rsa.check("Budi Sampel", ORG).unwrap();
    assert_eq!(rsa.check("Budi Lain", ORG).unwrap_err(), Error::SubjectMismatch);

    openssl_ok(
        &dir.0,
        &[
            "req",
            "-new",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
            "-nodes",
            "-keyout",
            "e.pem",
            "-subj",
            &subj,
            "-outform",
            "DER",
            "-out",
            "ec.der",
        ],
    );
    Csr::from_bytes(&dir.read("ec.der")).unwrap().check("Budi Sampel", ORG).unwrap();

    openssl_ok(
        &dir.0,
        &[
            "req", "-new", "-newkey", "rsa:1024", "-nodes", "-keyout", "w.pem", "-subj", &subj, "-outform", "DER",
            "-out", "weak.der",
        ],
    );
    assert_eq!(
        Csr::from_der(&dir.read("weak.der")).unwrap().check("Budi Sampel", ORG).unwrap_err(),
        Error::WeakKey { bits: 1024 }
    );

    // One flipped byte inside the signed part.
    let mut der = rsa.to_der().to_vec();
    let at = der.windows(5).position(|w| w == b"Sampe").unwrap();
    der[at] ^= 0x01;
    assert_eq!(Csr::from_der(&der).unwrap().verify_signature().unwrap_err(), Error::BadSignature);
    // Truncated and mislabelled input.
    assert_eq!(Csr::from_der(&rsa.to_der()[..40]).unwrap_err().code(), 4001);
    let key_pem = String::from_utf8(dir.read("k.pem")).unwrap();
    assert!(matches!(Csr::from_pem(&key_pem), Err(Error::WrongPemLabel { .. })));
}
