//! `tte key|csr|ca|keystore` as an operator runs them, checked with openssl.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const ORG: &str = "Pemerintah Provinsi Kalimantan Timur";

struct Run {
    dir: PathBuf,
}

impl Run {
    fn new(name: &str) -> Run {
        let dir = std::env::temp_dir().join(format!("tte-cli-pki-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Run { dir }
    }

    fn tte(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_tte"))
            .args(args)
            .current_dir(&self.dir)
            .env("KEY_PASS", "Kunci#Rahasia7")
            .env("CA_PASS", "Kunci#CaLokal7")
            .env("REC_PASS", "Kunci#Pulih77x")
            .env("HOLDER_PASS", "Kopi#Tubruk8")
            .env("HOLDER_NEW", "Teh#Manis77x")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    fn ok(&self, args: &[&str]) -> serde_json::Value {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let out = self.tte(&with_json);
        assert!(out.status.success(), "tte {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn openssl(&self, args: &[&str]) -> String {
        let out = Command::new("openssl").args(args).current_dir(&self.dir).output().unwrap();
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.join(file)
    }

    /// A P-256 key (`k.pem`, under KEY_PASS) with its certificate (`cert.pem`) from a local
    /// CA in `ca/`.
    fn signer(&self) {
        self.ok(&["key", "generate", "--algorithm", "p256", "--out", "k.pem", "--passphrase-env", "KEY_PASS"]);
        self.ok(&[
            "csr",
            "create",
            "--key",
            "k.pem",
            "--cn",
            "Siti Contoh",
            "--org",
            ORG,
            "--out",
            "req.pem",
            "--passphrase-env",
            "KEY_PASS",
        ]);
        self.ok(&[
            "ca",
            "--dir",
            "ca",
            "--ca-passphrase-env",
            "CA_PASS",
            "init",
            "--org",
            ORG,
            "--key-algorithm",
            "p256",
        ]);
        self.ok(&[
            "ca",
            "--dir",
            "ca",
            "--ca-passphrase-env",
            "CA_PASS",
            "issue",
            "--csr",
            "req.pem",
            "--cn",
            "Siti Contoh",
            "--org",
            ORG,
            "--out",
            "cert.pem",
        ]);
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn lock_applicant_key_and_csr_then_the_ca_issues_revokes_and_publishes() {
    let run = Run::new("lock");
    let key = run.ok(&["key", "generate", "--algorithm", "rsa2048", "--out", "k.pem", "--passphrase-env", "KEY_PASS"]);
    assert_eq!(key["algorithm"], "rsa2048");
    assert!(run.openssl(&["pkey", "-in", "k.pem", "-passin", "pass:Kunci#Rahasia7", "-noout"]).is_empty());
    run.ok(&["key", "public", "--in", "k.pem", "--out", "pub.pem", "--passphrase-env", "KEY_PASS"]);
    assert!(run.openssl(&["pkey", "-pubin", "-in", "pub.pem", "-noout", "-text"]).contains("2048 bit"));

    let csr = run.ok(&[
        "csr",
        "create",
        "--key",
        "k.pem",
        "--cn",
        "Siti Contoh",
        "--org",
        ORG,
        "--email",
        "siti.contoh@kaltimprov.go.id",
        "--out",
        "req.pem",
        "--passphrase-env",
        "KEY_PASS",
    ]);
    assert_eq!(csr["subject"], format!("CN=Siti Contoh,O={ORG},C=ID"));
    assert!(run.openssl(&["req", "-in", "req.pem", "-verify", "-noout"]).contains("verify OK"));
    run.ok(&["csr", "verify", "--in", "req.pem", "--cn", "Siti Contoh", "--org", ORG]);
    let mismatch = run.tte(&["csr", "verify", "--in", "req.pem", "--cn", "Orang Lain", "--org", ORG]);
    assert_eq!(mismatch.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&mismatch.stderr).contains("[2118]"));

    let ca = ["ca", "--dir", "ca", "--ca-passphrase-env", "CA_PASS"];
    fn with<'a>(prefix: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
        [prefix, rest].concat()
    }
    let with = |rest: &[&'static str]| with(&ca, rest);
    let init = run.ok(&with(&["init", "--org", ORG, "--key-algorithm", "p256"]));
    assert!(init["root"].as_str().unwrap().contains("Root CA"));
    let cert = run.ok(&with(&["issue", "--csr", "req.pem", "--cn", "Siti Contoh", "--org", ORG, "--out", "cert.pem"]));
    run.ok(&with(&["crl", "--out", "crl.pem"]));
    let verify = |leaf: &str| {
        run.openssl(&[
            "verify",
            "-CAfile",
            "ca/root.pem",
            "-untrusted",
            "ca/ca.pem",
            "-crl_check",
            "-CRLfile",
            "crl.pem",
            leaf,
        ])
    };
    assert!(verify("cert.pem").contains("cert.pem: OK"), "{}", verify("cert.pem"));
    let serial = cert["serial"].as_str().unwrap().to_string();
    run.ok(&[ca.as_slice(), &["revoke", "--serial", &serial, "--reason", "key-compromise"]].concat());
    run.ok(&with(&["crl", "--out", "crl.pem"]));
    assert!(verify("cert.pem").contains("certificate revoked"));
    assert!(run.openssl(&["crl", "-in", "crl.pem", "-noout", "-text"]).contains("Key Compromise"));

    let wrong = run.tte(&["ca", "--dir", "ca", "--ca-passphrase-env", "KEY_PASS", "crl", "--out", "x.pem"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("[2031]"));
    assert!(!run.path("x.pem").exists(), "a refused command writes nothing");
}

#[test]
fn esign_keys_in_the_keystore_change_and_reset() {
    let run = Run::new("esign");
    run.ok(&["ca", "--dir", "ca", "--ca-passphrase-env", "CA_PASS", "init", "--org", ORG, "--key-algorithm", "p256"]);
    run.ok(&[
        "keystore",
        "--dir",
        "ks",
        "init",
        "--recovery-key-out",
        "recovery.pem",
        "--recovery-passphrase-env",
        "REC_PASS",
    ]);
    assert!(
        run.openssl(&["pkey", "-in", "recovery.pem", "-passin", "pass:Kunci#Pulih77x", "-noout", "-text"])
            .contains("3072 bit")
    );
    let cert = run.ok(&[
        "ca",
        "--dir",
        "ca",
        "--ca-passphrase-env",
        "CA_PASS",
        "issue-esign",
        "--keystore",
        "ks",
        "--holder",
        "AKUN-000001",
        "--algorithm",
        "p256",
        "--cn",
        "Budi Sampel",
        "--org",
        ORG,
        "--holder-passphrase-env",
        "HOLDER_PASS",
        "--out",
        "esign.pem",
    ]);
    assert!(cert["subject"].as_str().unwrap().starts_with("CN=Budi Sampel"));
    assert!(
        run.openssl(&["verify", "-CAfile", "ca/root.pem", "-untrusted", "ca/ca.pem", "esign.pem"]).contains(": OK")
    );

    let ks = ["keystore", "--dir", "ks"];
    fn with<'a>(prefix: &[&'a str], rest: &[&'a str]) -> Vec<&'a str> {
        [prefix, rest].concat()
    }
    let with = |rest: &[&'static str]| with(&ks, rest);
    let wrong = run.tte(&with(&[
        "change",
        "--holder",
        "AKUN-000001",
        "--old-passphrase-env",
        "KEY_PASS",
        "--new-passphrase-env",
        "HOLDER_NEW",
    ]));
    assert_eq!(wrong.status.code(), Some(1));
    assert_eq!(run.ok(&with(&["status", "--holder", "AKUN-000001"]))["failed_attempts"], 1);
    run.ok(&with(&[
        "change",
        "--holder",
        "AKUN-000001",
        "--old-passphrase-env",
        "HOLDER_PASS",
        "--new-passphrase-env",
        "HOLDER_NEW",
    ]));
    run.ok(&with(&[
        "reset",
        "--holder",
        "AKUN-000001",
        "--recovery-key",
        "recovery.pem",
        "--recovery-passphrase-env",
        "REC_PASS",
        "--passphrase-out",
        "new.txt",
    ]));
    assert_eq!(mode(&run.path("new.txt")), 0o600);
    // The reset passphrase opens the key: changing with it as the old one works.
    run.ok(&with(&[
        "change",
        "--holder",
        "AKUN-000001",
        "--old-passphrase-file",
        "new.txt",
        "--new-passphrase-env",
        "HOLDER_PASS",
    ]));
    let status = run.ok(&with(&["status", "--holder", "AKUN-000001"]));
    assert_eq!((status["failed_attempts"].as_u64(), status["suspended"].as_bool()), (Some(0), Some(false)));
}

#[test]
fn passphrases_never_come_from_arguments() {
    let run = Run::new("args");
    assert_eq!(
        run.tte(&["key", "generate", "--out", "k.pem", "--passphrase", "Kunci#Rahasia7"]).status.code(),
        Some(2)
    );
    let no_source = run.tte(&["key", "generate", "--out", "k.pem"]);
    assert_eq!(no_source.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&no_source.stderr).contains("passphrase"));
    let weak = run.tte(&["key", "generate", "--out", "k.pem", "--passphrase-env", "NOPE"]);
    assert_eq!(weak.status.code(), Some(1));
    assert!(!run.path("k.pem").exists());
}

/// `tte sign` with the test signer's key and certificate.
fn signer_args() -> Vec<&'static str> {
    vec!["sign", "--key", "k.pem", "--cert", "cert.pem", "--passphrase-env", "KEY_PASS"]
}

#[test]
fn sign_and_verify_pdfs_from_the_command_line() {
    let run = Run::new("sign");
    run.signer();
    for n in 1..=3 {
        std::fs::write(
            run.path(&format!("surat-{n}.pdf")),
            tte_core::pdf::letter::letter(&["SURAT", &format!("Nomor {n}")]),
        )
        .unwrap();
    }
    std::fs::write(run.path("rusak.pdf"), b"%PDF-1.7 rusak").unwrap();

    let one = run.ok(&[
        "sign",
        "--key",
        "k.pem",
        "--cert",
        "cert.pem",
        "--chain",
        "ca/ca.pem",
        "--passphrase-env",
        "KEY_PASS",
        "--reason",
        "Menyetujui",
        "--out",
        "signed.pdf",
        "surat-1.pdf",
    ]);
    assert_eq!(one["signed"], 1);
    let pdfsig = Command::new("pdfsig").arg(run.path("signed.pdf")).output().unwrap();
    assert!(String::from_utf8_lossy(&pdfsig.stdout).contains("Signature is Valid"));
    let verified = run.ok(&["verify", "--trust", "ca/root.pem", "signed.pdf"]);
    assert_eq!(verified["valid"], true);
    assert_eq!(verified["files"][0]["signatures"][0]["signer"], format!("CN=Siti Contoh,O={ORG},C=ID"));

    std::fs::create_dir_all(run.path("out")).unwrap();
    let many = run.tte(&[
        "sign",
        "--key",
        "k.pem",
        "--cert",
        "cert.pem",
        "--passphrase-env",
        "KEY_PASS",
        "--out-dir",
        "out",
        "--json",
        "surat-2.pdf",
        "rusak.pdf",
        "surat-3.pdf",
    ]);
    assert_eq!(many.status.code(), Some(1), "one document failed");
    let report: serde_json::Value = serde_json::from_slice(&many.stdout).unwrap();
    assert_eq!((report["signed"].as_u64(), report["failed"].as_u64()), (Some(2), Some(1)));
    assert_eq!(report["files"][1]["code"], 5001);
    assert!(run.path("out/surat-3.pdf").exists() && !run.path("out/rusak.pdf").exists());
    // Each failed document is named on stderr with its code and both messages.
    let stderr = String::from_utf8_lossy(&many.stderr);
    assert!(
        stderr.contains("tte: rusak.pdf: [5001] Berkas PDF rusak") && stderr.contains("The PDF is malformed"),
        "{stderr}"
    );
    assert!(stderr.contains("tte: not every document was signed"), "{stderr}");

    // Certified with DocMDP P=1 from the command line: a later signature is refused.
    let certified = run.tte(
        &[&signer_args(), &["--chain", "ca/ca.pem", "--certify", "1", "--out", "certified.pdf", "surat-3.pdf"][..]]
            .concat(),
    );
    assert!(certified.status.success(), "{}", String::from_utf8_lossy(&certified.stderr));
    let report = run.ok(&["verify", "--trust", "ca/root.pem", "certified.pdf"]);
    assert_eq!(report["files"][0]["signatures"][0]["verdict"], "valid_untouched");
    let after = run.tte(&[&signer_args(), &["--out", "after.pdf", "certified.pdf"][..]].concat());
    assert_eq!(after.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&after.stderr).contains("[5003]"));
    assert_eq!(
        run.tte(&[&signer_args(), &["--certify", "4", "--out", "x.pdf", "surat-3.pdf"][..]].concat()).status.code(),
        Some(2)
    );

    // Two inputs of the same name into one folder: refused before any work.
    std::fs::create_dir_all(run.path("lain")).unwrap();
    std::fs::copy(run.path("surat-1.pdf"), run.path("lain/surat-2.pdf")).unwrap();
    let signer_args = signer_args();
    let colliding = run.tte(&[&signer_args[..], &["--out-dir", "out-dua", "surat-2.pdf", "lain/surat-2.pdf"]].concat());
    assert_eq!(colliding.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&colliding.stderr);
    assert!(stderr.contains("[4012] Dua dokumen akan ditulis ke berkas yang sama"), "{stderr}");
    assert!(stderr.contains("surat-2.pdf and lain/surat-2.pdf"), "{stderr}");
    assert!(!run.path("out-dua").exists());

    // Two phases: the key holder signs the bytes with openssl.
    run.ok(&[
        "prepare",
        "surat-2.pdf",
        "--cert",
        "cert.pem",
        "--chain",
        "ca/ca.pem",
        "--state",
        "state.json",
        "--prepared",
        "prepared.pdf",
        "--to-be-signed",
        "tbs.bin",
        "--anchor",
        "N",
        "--size",
        "200,60",
    ]);
    assert!(
        run.openssl(&[
            "dgst",
            "-sha256",
            "-sign",
            "k.pem",
            "-passin",
            "pass:Kunci#Rahasia7",
            "-out",
            "sig.bin",
            "tbs.bin"
        ])
        .is_empty()
    );
    let finish = ["finish", "--state", "state.json", "--prepared", "prepared.pdf"];
    run.ok(&[&finish[..], &["--signature", "sig.bin", "--out", "two-phase.pdf"]].concat());
    assert_eq!(run.ok(&["verify", "--trust", "ca/root.pem", "two-phase.pdf"])["valid"], true);
    let bad = run.tte(&[&finish[..], &["--signature", "tbs.bin", "--out", "bad.pdf"]].concat());
    assert_eq!(bad.status.code(), Some(1));
    assert!(!run.path("bad.pdf").exists());
    // The state names where /Contents is; one that does not fit the prepared file is a
    // typed error, and nothing is written.
    let state = std::fs::read_to_string(run.path("state.json")).unwrap();
    assert!(state.len() < 8192, "the state is small: {} bytes", state.len());
    let mut moved: serde_json::Value = serde_json::from_str(&state).unwrap();
    moved["contents_at"] = serde_json::json!(moved["contents_at"].as_u64().unwrap() + 1_000_000);
    std::fs::write(run.path("moved.json"), moved.to_string()).unwrap();
    let finish_moved = ["finish", "--state", "moved.json", "--prepared", "prepared.pdf"];
    let bad = run.tte(&[&finish_moved[..], &["--signature", "sig.bin", "--out", "bad.pdf"]].concat());
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("[5013]"), "{}", String::from_utf8_lossy(&bad.stderr));
    assert!(!run.path("bad.pdf").exists());

    let mut tampered = std::fs::read(run.path("signed.pdf")).unwrap();
    let at = tampered.windows(5).position(|w| w == b"SURAT").unwrap();
    tampered[at] ^= 0x01;
    std::fs::write(run.path("tampered.pdf"), tampered).unwrap();
    let bad = run.tte(&["verify", "--trust", "ca/root.pem", "--json", "tampered.pdf"]);
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&bad.stdout).unwrap()["valid"], false);
}

#[test]
fn a_bulk_run_killed_midway_leaves_only_whole_signed_files() {
    const FILES: usize = 150;
    let run = Run::new("killed");
    run.signer();
    std::fs::create_dir_all(run.path("in")).unwrap();
    let letter = tte_core::pdf::letter::letter_with_attachment(&["LAMPIRAN"], 1024 * 1024).unwrap();
    let inputs: Vec<String> = (0..FILES)
        .map(|n| {
            let name = format!("in/surat-{n:03}.pdf");
            std::fs::write(run.path(&name), &letter).unwrap();
            name
        })
        .collect();
    let mut args = vec!["sign", "--key", "k.pem", "--cert", "cert.pem", "--chain", "ca/ca.pem"];
    args.extend(["--passphrase-env", "KEY_PASS", "--out-dir", "out", "--threads", "2"]);
    args.extend(inputs.iter().map(String::as_str));
    let mut child = Command::new(env!("CARGO_BIN_EXE_tte"))
        .args(&args)
        .current_dir(&run.dir)
        .env("KEY_PASS", "Kunci#Rahasia7")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let signed = |run: &Run| -> Vec<PathBuf> {
        let entries =
            std::fs::read_dir(run.path("out")).map(|d| d.filter_map(|e| e.ok()).collect()).unwrap_or_else(|_| vec![]);
        entries.iter().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "pdf")).collect()
    };
    while signed(&run).len() < 5 {
        assert!(child.try_wait().unwrap().is_none(), "the run ended before it could be killed");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap(); // SIGKILL: no cleanup runs
    child.wait().unwrap();

    let outputs = signed(&run);
    assert!(outputs.len() >= 5 && outputs.len() < FILES, "killed midway: {} outputs", outputs.len());
    let root =
        tte_core::pki::Certificate::from_pem(&std::fs::read_to_string(run.path("ca/root.pem")).unwrap()).unwrap();
    let validator = tte_core::pki::PathValidator::new(vec![root]);
    let now = tte_core::lifecycle::Clock::now(&tte_core::lifecycle::SystemClock);
    for output in &outputs {
        let bytes = std::fs::read(output).unwrap();
        assert!(bytes.starts_with(&letter), "{}: not the input plus an update", output.display());
        let reports = tte_core::pdf::verify(&bytes, &validator, now).unwrap();
        assert!(reports.len() == 1 && reports[0].valid, "{}: {reports:?}", output.display());
    }
    // What else is there: only the temporaries of files being written at the kill.
    for entry in std::fs::read_dir(run.path("out")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(name.ends_with(".pdf") || name.ends_with(".tmp"), "unexpected file {name}");
    }
}
