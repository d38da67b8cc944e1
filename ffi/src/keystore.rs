//! The ESIGN key store on its own: status, public keys and passphrase changes of the
//! holders. (Keys are created, unlocked and reset through the office's SOP steps.)

use crate::args::{out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{Failure, guard, tte_result};
use crate::handle::{free_handle, handle_ref, put_handle};
use std::ffi::c_char;
use std::path::Path;
use tte_core::passphrase::Holder;
use tte_core::pki::Keystore;
use tte_core::secret::Secret;

/// A key store folder. Thread-safe: every change is made under the store's file lock.
#[allow(non_camel_case_types)]
pub struct tte_keystore {
    store: Keystore,
}

/// A non-NULL key store.
///
/// # Safety
/// `keystore` is NULL or a live pointer from `tte_keystore_open`.
unsafe fn store<'a>(keystore: *const tte_keystore) -> Result<&'a Keystore, Failure> {
    // SAFETY: per the caller's contract.
    Ok(&unsafe { handle_ref(keystore) }?.store)
}

/// Opens the key store in `dir` (e.g. an office's `AUTHORITY_DIR/keystore`).
///
/// # Safety
/// `dir` is NUL-terminated; `out_keystore` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_keystore_open(dir: *const c_char, out_keystore: *mut *mut tte_keystore) -> tte_result {
    guard(|| {
        out(out_keystore)?;
        // SAFETY: per the function's contract.
        let store = Keystore::open(Path::new(unsafe { text(dir) }?))?;
        // SAFETY: `out_keystore` passed `out`.
        unsafe { put_handle(out_keystore, tte_keystore { store }) };
        Ok(())
    })
}

/// Releases a key store handle; NULL is accepted and ignored.
///
/// # Safety
/// `keystore` is NULL or a pointer from `tte_keystore_open`, not yet freed and not in use.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_keystore_free(keystore: *mut tte_keystore) {
    // SAFETY: per the function's contract.
    unsafe { free_handle(keystore) };
}

/// The status of `holder`'s key (algorithm, wrong attempts, suspension) as JSON.
///
/// # Safety
/// `keystore` is a live key store; `holder` is NUL-terminated; `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_keystore_status(
    keystore: *const tte_keystore,
    holder: *const c_char,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (store, holder) = unsafe { (store(keystore)?, text(holder)?) };
        let status = store.status(holder)?;
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&status)) };
        Ok(())
    })
}

/// The public key of `holder` (SubjectPublicKeyInfo, DER).
///
/// # Safety
/// `keystore` is a live key store; `holder` is NUL-terminated; `out_der` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_keystore_public_key(
    keystore: *const tte_keystore,
    holder: *const c_char,
    out_der: *mut *mut tte_bytes,
) -> tte_result {
    guard(|| {
        out(out_der)?;
        // SAFETY: per the function's contract.
        let (store, holder) = unsafe { (store(keystore)?, text(holder)?) };
        let der = store.public_key(holder)?;
        // SAFETY: `out_der` passed `out`.
        unsafe { put(out_der, der) };
        Ok(())
    })
}

/// Changes `holder`'s passphrase: `old` must unlock the key (a wrong one is counted, as
/// for signing) and `new` must pass the passphrase policy.
///
/// # Safety
/// `keystore` is a live key store; the strings are NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_keystore_change_passphrase(
    keystore: *const tte_keystore,
    holder: *const c_char,
    old: *const c_char,
    new: *const c_char,
) -> tte_result {
    guard(|| {
        // SAFETY: per the function's contract.
        let (store, holder, old, new) =
            unsafe { (store(keystore)?, text(holder)?, Secret::new(text(old)?), Secret::new(text(new)?)) };
        store.change(holder, &old, &new, &Holder::default())?;
        Ok(())
    })
}
