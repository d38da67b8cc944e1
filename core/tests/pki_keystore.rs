//! ESIGN key custody: unlock, counting and suspension, change, custodian reset, files
//! that hold no passphrase and open in openssl, and concurrent unlocks.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod openssl;

use openssl::{Scratch, openssl_ok};
use std::sync::OnceLock;
use tte_core::Error;
use tte_core::passphrase::Holder;
use tte_core::pki::*;
use tte_core::secret::Secret;

const PASS: &str = "Kopi#Tubruk8";

fn recovery() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(|| PrivateKey::generate(KeyAlgorithm::Rsa3072).unwrap())
}

fn store(dir: &Scratch, max_attempts: u32) -> Keystore {
    let config = KeystoreConfig { max_attempts, ..KeystoreConfig::default() };
    Keystore::init(&dir.path("ks"), &recovery().public_key_der().unwrap(), config).unwrap()
}

fn about() -> Holder<'static> {
    Holder { name: Some("Siti Contoh"), ..Holder::default() }
}

#[test]
fn unlock_counts_wrong_passphrases_and_suspends_until_the_custodian_resets() {
    let dir = Scratch::new("ks");
    let ks = store(&dir, 3);
    let public = ks.create("AKUN-000001", KeyAlgorithm::P256, &Secret::new(PASS), &about()).unwrap();
    assert_eq!(ks.unlock("AKUN-000001", &Secret::new(PASS)).unwrap().public_key_der().unwrap(), public);
    let wrong = Secret::new("Salah#Sandi9");
    let remaining: Vec<_> = (0..3)
        .map(|_| match ks.unlock("AKUN-000001", &wrong).unwrap_err() {
            Error::WrongPassphrase { remaining_attempts } => remaining_attempts,
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(remaining, vec![2, 1, 0]);
    assert!(ks.status("AKUN-000001").unwrap().suspended);
    assert_eq!(ks.unlock("AKUN-000001", &Secret::new(PASS)).unwrap_err(), Error::AccountSuspended);
    // Only the custodian's recovery key resets; another key is refused.
    let impostor = PrivateKey::generate(KeyAlgorithm::Rsa3072).unwrap();
    assert!(ks.reset("AKUN-000001", &impostor, &about()).is_err());
    let fresh = ks.reset("AKUN-000001", recovery(), &about()).unwrap();
    assert_eq!(KeystoreConfig::default().policy.check(fresh.expose(), &about()), Ok(()));
    let status = ks.status("AKUN-000001").unwrap();
    assert!(!status.suspended && status.failed_attempts == 0);
    assert_eq!(ks.unlock("AKUN-000001", &fresh).unwrap().public_key_der().unwrap(), public);
    assert!(matches!(ks.unlock("AKUN-000001", &Secret::new(PASS)), Err(Error::WrongPassphrase { .. })));
    // A right passphrase clears the count.
    ks.unlock("AKUN-000001", &fresh).unwrap();
    assert_eq!(ks.status("AKUN-000001").unwrap().failed_attempts, 0);
}

#[test]
fn change_needs_the_old_passphrase_and_a_strong_new_one() {
    let dir = Scratch::new("ks-change");
    let ks = store(&dir, 5);
    ks.create("AKUN-000002", KeyAlgorithm::Rsa2048, &Secret::new(PASS), &about()).unwrap();
    let new = Secret::new("Teh#Manis77x");
    assert!(matches!(
        ks.change("AKUN-000002", &Secret::new("Salah#Sandi9"), &new, &about()),
        Err(Error::WrongPassphrase { .. })
    ));
    assert_eq!(ks.change("AKUN-000002", &Secret::new(PASS), &Secret::new("abc"), &about()).unwrap_err().code(), 1200);
    ks.change("AKUN-000002", &Secret::new(PASS), &new, &about()).unwrap();
    assert!(ks.unlock("AKUN-000002", &new).is_ok());
    assert!(ks.unlock("AKUN-000002", &Secret::new(PASS)).is_err());
    assert_eq!(ks.create("AKUN-000003", KeyAlgorithm::P256, &Secret::new("lemah"), &about()).unwrap_err().code(), 1200);
    assert_eq!(ks.unlock("AKUN-404", &new).unwrap_err(), Error::UnknownAccount);
    assert_eq!(ks.unlock("../etc/passwd", &new).unwrap_err().code(), 4001);
}

#[test]
fn records_hold_no_passphrase_and_the_sealed_key_opens_in_openssl() {
    let dir = Scratch::new("ks-files");
    let ks = store(&dir, 3);
    let public = ks.create("AKUN-000004", KeyAlgorithm::P256, &Secret::new(PASS), &about()).unwrap();
    let fresh = ks.reset("AKUN-000004", recovery(), &about()).unwrap();
    let text = std::fs::read_to_string(dir.path("ks/AKUN-000004.json")).unwrap();
    assert!(!text.contains(PASS) && !text.contains(fresh.expose()));
    let record: serde_json::Value = serde_json::from_str(&text).unwrap();
    let sealed = record["sealed_key"].as_str().unwrap();
    let der: Vec<u8> =
        (0..sealed.len()).step_by(2).map(|i| u8::from_str_radix(&sealed[i..i + 2], 16).unwrap()).collect();
    dir.write("k.der", der);
    let pass = format!("pass:{}", fresh.expose());
    openssl_ok(
        &dir.0,
        &["pkey", "-inform", "DER", "-in", "k.der", "-passin", &pass, "-pubout", "-outform", "DER", "-out", "pub.der"],
    );
    assert_eq!(dir.read("pub.der"), public);
}

#[test]
fn weak_or_foreign_recovery_keys_are_refused() {
    let dir = Scratch::new("ks-weak");
    let rsa2048 = PrivateKey::generate(KeyAlgorithm::Rsa2048).unwrap();
    let err =
        Keystore::init(&dir.path("a"), &rsa2048.public_key_der().unwrap(), KeystoreConfig::default()).unwrap_err();
    assert_eq!(err, Error::WeakKey { bits: 2048 });
    let ec = PrivateKey::generate(KeyAlgorithm::P256).unwrap();
    let err = Keystore::init(&dir.path("b"), &ec.public_key_der().unwrap(), KeystoreConfig::default()).unwrap_err();
    assert!(matches!(err, Error::UnsupportedAlgorithm { .. }));
    store(&dir, 3);
    assert!(matches!(
        Keystore::init(&dir.path("ks"), &recovery().public_key_der().unwrap(), KeystoreConfig::default()),
        Err(Error::Io { .. })
    ));
    assert!(Keystore::open(&dir.path("ks")).is_ok());
}

#[test]
fn concurrent_unlocks_never_lose_a_counted_attempt() {
    let dir = Scratch::new("ks-threads");
    let ks = store(&dir, 100);
    ks.create("AKUN-000005", KeyAlgorithm::P256, &Secret::new(PASS), &about()).unwrap();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let ks = ks.clone();
            scope.spawn(move || {
                for _ in 0..5 {
                    assert!(ks.unlock("AKUN-000005", &Secret::new("Salah#Sandi9")).is_err());
                }
            });
        }
    });
    assert_eq!(ks.status("AKUN-000005").unwrap().failed_attempts, 20);
    assert!(ks.unlock("AKUN-000005", &Secret::new(PASS)).is_ok());
}

/// Set in the child processes of the test below: the key store folder and what to do.
const WORKER_DIR: &str = "TTE_KEYSTORE_WORKER_DIR";
const WORKER_ROLE: &str = "TTE_KEYSTORE_WORKER_ROLE";

/// A worker in its own process (a no-op when run as a plain test): five wrong unlocks,
/// or twenty status reads that must all parse.
#[test]
fn keystore_worker_process() {
    let (Ok(dir), Ok(role)) = (std::env::var(WORKER_DIR), std::env::var(WORKER_ROLE)) else { return };
    let ks = Keystore::open(std::path::Path::new(&dir)).unwrap();
    for _ in 0..if role == "unlock" { 5 } else { 20 } {
        if role == "unlock" {
            assert_eq!(ks.unlock("AKUN-000006", &Secret::new("Salah#Sandi9")).unwrap_err().code(), 2031);
        } else {
            ks.status("AKUN-000006").unwrap();
        }
    }
}

#[test]
fn concurrent_processes_on_one_keystore_never_corrupt_it_or_lose_an_attempt() {
    let dir = Scratch::new("ks-processes");
    let ks = store(&dir, 100);
    ks.create("AKUN-000006", KeyAlgorithm::P256, &Secret::new(PASS), &about()).unwrap();
    let spawn = |role: &str| {
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "keystore_worker_process", "--test-threads", "1"])
            .env(WORKER_DIR, dir.path("ks"))
            .env(WORKER_ROLE, role)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let children: Vec<_> =
        ["unlock", "unlock", "status", "unlock", "unlock", "status"].map(spawn).into_iter().collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a worker failed");
    }
    assert_eq!(ks.status("AKUN-000006").unwrap().failed_attempts, 20);
    assert!(ks.unlock("AKUN-000006", &Secret::new(PASS)).is_ok());
    assert_eq!(ks.status("AKUN-000006").unwrap().failed_attempts, 0);
}
