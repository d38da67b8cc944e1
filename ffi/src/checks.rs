//! Identity and passphrase checks. Each writes, on success, the decoded value as JSON.

use crate::args::{optional_text, out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{guard, tte_result};
use std::ffi::c_char;
use tte_core::identity::{DomainPolicy, Nik, Nip, PhoneNumber, check_same_person};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::passphrase::{Holder, PassphrasePolicy};

/// Checks a NIK; on success `*out_json` holds `{"digits", "birth_date", "sex"}`.
///
/// # Safety
/// `nik` is a NUL-terminated string; `out_json` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_nik(nik: *const c_char, out_json: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let parsed = Nik::parse(unsafe { text(nik) }?, SystemClock.now().date_utc())?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&parsed)) };
        Ok(())
    })
}

/// Checks a NIP; on success `*out_json` holds its digits, birth date, appointment and sex.
///
/// # Safety
/// As for `tte_check_nik`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_nip(nip: *const c_char, out_json: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let parsed = Nip::parse(unsafe { text(nip) }?, SystemClock.now().date_utc())?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&parsed)) };
        Ok(())
    })
}

/// Checks a NIK and a NIP and that they are one person's (birth date and sex agree), as a
/// host system does at registration; on success `*out_json` holds `{"nik": …, "nip": …}`
/// as `tte_check_nik` and `tte_check_nip` write them.
///
/// # Safety
/// `nik` and `nip` are NUL-terminated strings; `out_json` points to writable storage.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_nik_nip(
    nik: *const c_char,
    nip: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (nik, nip) = unsafe { (text(nik)?, text(nip)?) };
        let (nik, nip) = check_same_person(nik, nip, SystemClock.now().date_utc())?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&serde_json::json!({ "nik": nik, "nip": nip }))) };
        Ok(())
    })
}

/// Checks an official e-mail against `domains` (comma-separated; NULL for Kaltim's),
/// accepting the legacy kemdikbud.go.id when `allow_legacy` is true.
///
/// # Safety
/// `address` is a NUL-terminated string, `domains` NULL or one; `out_json` writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_email(
    address: *const c_char,
    domains: *const c_char,
    allow_legacy: bool,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (address, domains) = unsafe { (text(address)?, optional_text(domains)?) };
        let policy = match domains {
            Some(list) => DomainPolicy::new("", list.split(',').map(str::trim).filter(|d| !d.is_empty()))
                .with_legacy_domains(["kemdikbud.go.id"]),
            None => DomainPolicy::kaltim(),
        };
        let email = policy.with_legacy_allowed(allow_legacy).check(address)?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&email)) };
        Ok(())
    })
}

/// Checks an Indonesian mobile number; on success `*out_json` holds its E.164 form.
///
/// # Safety
/// As for `tte_check_nik`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_phone(phone: *const c_char, out_json: *mut *mut tte_bytes) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let parsed = PhoneNumber::parse(unsafe { text(phone) }?)?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&parsed)) };
        Ok(())
    })
}

/// Checks a passphrase against the default policy (the holder's name, if given, is
/// refused inside it). `TTE_OK`, or 1200 with every violation in the messages.
///
/// # Safety
/// `passphrase` is a NUL-terminated string, `holder_name` NULL or one.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_check_passphrase(passphrase: *const c_char, holder_name: *const c_char) -> tte_result {
    guard(|| {
        // SAFETY: per the function's contract.
        let (passphrase, name) = unsafe { (text(passphrase)?, optional_text(holder_name)?) };
        PassphrasePolicy::default().check(passphrase, &Holder { name, ..Holder::default() })?;
        Ok(())
    })
}
