//! Running the outside validator `openssl` on files in a scratch folder.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../scratch/mod.rs"]
mod scratch;

pub use scratch::Scratch;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `openssl` with `args` in `dir`.
pub fn openssl(dir: &Path, args: &[&str]) -> Output {
    Command::new("openssl").args(args).current_dir(dir).output().expect("openssl is installed by `make setup`")
}

/// Runs `openssl` and insists on success; returns stdout+stderr as text.
pub fn openssl_ok(dir: &Path, args: &[&str]) -> String {
    let out = openssl(dir, args);
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "openssl {args:?} failed:\n{text}");
    text
}
