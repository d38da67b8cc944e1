//! Identity and passphrase checks. Decoded identities cross as JSON.

use crate::errors::{OrRaise, to_json};
use pyo3::prelude::*;
use tte_core::identity::{DomainPolicy, Nik, Nip, PhoneNumber, check_same_person};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::passphrase::{Holder, PassphrasePolicy};

/// A NIK, decoded, as JSON.
#[pyfunction]
fn check_nik(nik: &str) -> PyResult<String> {
    to_json(&Nik::parse(nik, SystemClock.now().date_utc()).or_raise()?)
}

/// A NIP, decoded, as JSON.
#[pyfunction]
fn check_nip(nip: &str) -> PyResult<String> {
    to_json(&Nip::parse(nip, SystemClock.now().date_utc()).or_raise()?)
}

/// A NIK and a NIP checked to be one person's, as JSON `{"nik": …, "nip": …}`.
#[pyfunction]
fn check_nik_nip(nik: &str, nip: &str) -> PyResult<String> {
    let (nik, nip) = check_same_person(nik, nip, SystemClock.now().date_utc()).or_raise()?;
    to_json(&serde_json::json!({ "nik": nik, "nip": nip }))
}

/// An official e-mail checked against `domains` (Kaltim's when `None`), as JSON.
#[pyfunction]
#[pyo3(signature = (address, domains, allow_legacy))]
fn check_email(address: &str, domains: Option<Vec<String>>, allow_legacy: bool) -> PyResult<String> {
    let policy = match domains {
        Some(list) => DomainPolicy::new("", list.iter().map(|d| d.trim()).filter(|d| !d.is_empty()))
            .with_legacy_domains(["kemdikbud.go.id"]),
        None => DomainPolicy::kaltim(),
    };
    to_json(&policy.with_legacy_allowed(allow_legacy).check(address).or_raise()?)
}

/// A mobile number, decoded, as JSON.
#[pyfunction]
fn check_phone(phone: &str) -> PyResult<String> {
    to_json(&PhoneNumber::parse(phone).or_raise()?)
}

/// What the default policy knows about the holder.
fn holder<'a>(name: Option<&'a str>, nik: Option<&'a str>, nip: Option<&'a str>, email: Option<&'a str>) -> Holder<'a> {
    Holder { name, nik, nip, email }
}

/// The default policy's violations (their names, JSON array); empty when it passes.
#[pyfunction]
#[pyo3(signature = (passphrase, name, nik, nip, email))]
fn passphrase_violations(
    passphrase: &str,
    name: Option<&str>,
    nik: Option<&str>,
    nip: Option<&str>,
    email: Option<&str>,
) -> PyResult<String> {
    to_json(&PassphrasePolicy::default().violations(passphrase, &holder(name, nik, nip, email)))
}

/// Checks a passphrase against the default policy; raises with every violation.
#[pyfunction]
#[pyo3(signature = (passphrase, name, nik, nip, email))]
fn check_passphrase(
    passphrase: &str,
    name: Option<&str>,
    nik: Option<&str>,
    nip: Option<&str>,
    email: Option<&str>,
) -> PyResult<()> {
    PassphrasePolicy::default().check(passphrase, &holder(name, nik, nip, email)).or_raise()
}

/// A random passphrase of `length` characters that passes the default policy.
#[pyfunction]
fn generate_passphrase(length: usize) -> PyResult<String> {
    let secret = PassphrasePolicy::default().generate(length, &Holder::default()).or_raise()?;
    Ok(secret.expose().to_owned())
}

pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_nik, m)?)?;
    m.add_function(wrap_pyfunction!(check_nip, m)?)?;
    m.add_function(wrap_pyfunction!(check_nik_nip, m)?)?;
    m.add_function(wrap_pyfunction!(check_email, m)?)?;
    m.add_function(wrap_pyfunction!(check_phone, m)?)?;
    m.add_function(wrap_pyfunction!(passphrase_violations, m)?)?;
    m.add_function(wrap_pyfunction!(check_passphrase, m)?)?;
    m.add_function(wrap_pyfunction!(generate_passphrase, m)?)?;
    Ok(())
}
