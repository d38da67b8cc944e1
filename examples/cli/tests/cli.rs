//! The `tte` program as a user runs it: the demo and the checks, exit codes and output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use serde_json::json;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use tte_core::lifecycle::{AuditLog, Records, replay};

fn tte(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tte"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tte-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn demo_walks_the_office_day_and_writes_a_log_that_replays() {
    let out = scratch("demo");
    let run = tte(&["demo", "--out", out.to_str().unwrap()], None);
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(run.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&run.stderr));
    for expected in [
        "[BSrE] Aktivasi Akun",
        "[BSrE] Informasi Akun",
        "[BSrE] Set Passphrase",
        "[BSrE] Sertifikat Elektronik Terbit",
        "[BSrE] Sertifikat Elektronik Dicabut",
        "AwaitingVerification -> ReturnedByVerifier (Foto selfie buram)",
        "AwaitingKadisReview -> ReturnedByKadis",
        "[2121]",
        "code 2031, 2 attempts left",
        "total actual 33.0 min / SOP 24.0 min",
        "SOP 29.0 min",
        "SOP 488.0 min",
        "OVERDUE",
        "ISSUE      code 1111",
        "replay equals live records: true",
    ] {
        assert!(stdout.contains(expected), "missing {expected:?} in:\n{stdout}");
    }
    // No secret reaches the output: passphrases and the demo's default password never appear.
    for secret in ["Kopi#Tubruk8", "Teh#Manis77x", "Sandi#Baru9x", "Kunci#KantorDemo7"] {
        assert!(!stdout.contains(secret));
    }
    let log = AuditLog::from_json(&std::fs::read_to_string(out.join("audit-log.json")).unwrap()).unwrap();
    let records: Records = serde_json::from_str(&std::fs::read_to_string(out.join("records.json")).unwrap()).unwrap();
    assert_eq!(replay(&log).unwrap(), records);
    assert_eq!(log.events().len(), 38);
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");

    // Outside checks of what the demo's local CA produced, at the demo's own time (its
    // office runs on a pinned clock; its CRL lasts a week): never at today's date.
    let demo_time = log.events().last().unwrap().at;
    let ca = out.join("authority").join("ca");
    let verify = |leaf: &str| {
        let run = Command::new("openssl")
            .args(["verify", "-attime", &demo_time.0.to_string(), "-CAfile"])
            .arg(ca.join("root.pem"))
            .arg("-untrusted")
            .arg(ca.join("ca.pem"))
            .args(["-crl_check", "-CRLfile"])
            .arg(ca.join("crl.pem"))
            .arg(out.join(leaf))
            .output()
            .unwrap();
        format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr))
    };
    assert!(verify("certificate-1.pem").contains(": OK"), "{}", verify("certificate-1.pem"));
    assert!(verify("certificate-2.pem").contains("certificate revoked"));
    assert!(verify("certificate-3.pem").contains(": OK"));
    assert!(stdout.contains("valid, chain of 3") && stdout.contains("[4009]"));
    let csr =
        Command::new("openssl").args(["req", "-verify", "-noout", "-in"]).arg(out.join("budi.csr")).output().unwrap();
    assert!(csr.status.success());
    let key = Command::new("openssl")
        .args(["pkey", "-noout", "-passin", "pass:Teh#Manis77x", "-in"])
        .arg(out.join("budi-key.pem"))
        .output()
        .unwrap();
    assert!(key.status.success(), "{}", String::from_utf8_lossy(&key.stderr));

    // The signed letter passes the outside validators.
    assert!(stdout.contains("Signature1  CN=Siti Contoh") && stdout.matches("-> VALID").count() == 2, "{stdout}");
    let pdfsig = Command::new("pdfsig").arg(out.join("nota-dinas-signed.pdf")).output().unwrap();
    let pdfsig = String::from_utf8_lossy(&pdfsig.stdout).to_string();
    assert_eq!(pdfsig.matches("Signature is Valid").count(), 2, "{pdfsig}");
    let pyhanko = format!("{}/../../.venv/bin/pyhanko", env!("CARGO_MANIFEST_DIR"));
    let validated = Command::new(pyhanko)
        .args(["sign", "validate", "--pretty-print", "--no-revocation-check", "--validation-time"])
        .arg(demo_time.to_rfc3339())
        .args(["--trust-replace", "--trust"])
        .arg(ca.join("root.pem"))
        .arg(out.join("nota-dinas-signed.pdf"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&validated.stdout).to_string();
    assert_eq!(text.matches("judged VALID").count(), 2, "{text}");
    let qpdf = Command::new("qpdf").arg("--check").arg(out.join("nota-dinas-signed.pdf")).output().unwrap();
    assert!(qpdf.status.success());
}

#[test]
fn checks_print_what_they_decoded_and_refuse_with_the_code() {
    let nik = tte(&["check", "nik", "6472054508880001", "--json"], None);
    assert!(nik.status.success());
    let json: serde_json::Value = serde_json::from_slice(&nik.stdout).unwrap();
    assert_eq!(json["birth_date"], "1988-08-05");
    assert_eq!(json["sex"], "Female");

    let nip = tte(&["check", "nip", "197503122000031002"], None);
    assert_eq!(
        String::from_utf8(nip.stdout).unwrap().lines().find(|l| l.starts_with("nip:")),
        Some("nip: 19750312 200003 1 002")
    );

    let pair = tte(&["check", "nik-nip", "6472054508880001", "19880805 201212 2 001", "--json"], None);
    assert!(pair.status.success());
    let json: serde_json::Value = serde_json::from_slice(&pair.stdout).unwrap();
    assert_eq!((&json["nik"]["birth_date"], &json["nip"]["birth_date"]), (&json!("1988-08-05"), &json!("1988-08-05")));
    let mismatch = tte(&["check", "nik-nip", "6472051203750002", "198808052012122001"], None);
    assert_eq!(mismatch.status.code(), Some(1));
    let stderr = String::from_utf8(mismatch.stderr).unwrap();
    assert!(stderr.contains("[1011]") && stderr.contains("NIK and NIP disagree on the birth date"), "{stderr}");

    let bad = tte(&["check", "nik", "6472053208880001"], None);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8(bad.stderr).unwrap();
    assert!(stderr.contains("[1005]") && stderr.contains("tanggal lahir tidak valid") && stderr.contains("birth date"));

    let email = tte(&["check", "email", "guru@kemdikbud.go.id"], None);
    assert_eq!(email.status.code(), Some(1));
    assert!(tte(&["check", "email", "guru@kemdikbud.go.id", "--legacy"], None).status.success());
    let phone = tte(&["check", "phone", "0812 3456 7890", "--json"], None);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&phone.stdout).unwrap()["phone"], "+6281234567890");
}

#[test]
fn passphrases_are_read_from_stdin_and_every_violation_is_reported() {
    let weak = tte(&["check", "passphrase"], Some("password\n"));
    assert_eq!(weak.status.code(), Some(1));
    let stderr = String::from_utf8(weak.stderr).unwrap();
    assert!(stderr.contains("[1200]") && stderr.contains("huruf kapital") && stderr.contains("too common"));
    assert!(tte(&["check", "passphrase"], Some("Kopi#Tubruk8\n")).status.success());
    let named = tte(&["check", "passphrase", "--name", "Siti Contoh"], Some("Contoh#2026x\n"));
    assert_eq!(named.status.code(), Some(1));
    assert!(tte(&["check", "passphrase", "--seed-rule"], Some("Abcdef1!\n")).status.success());
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tte(&["check"], None).status.code(), Some(2));
    assert_eq!(tte(&["nonsense"], None).status.code(), Some(2));
}
