//! Reading C arguments: every pointer checked, strings must be UTF-8.

use crate::bytes::{into_raw, tte_bytes};
use crate::error::{Failure, TTE_INVALID_ARGUMENT, TTE_INVALID_UTF8, TTE_NULL_POINTER};
use std::ffi::{CStr, c_char};

pub(crate) fn null() -> Failure {
    Failure::Ffi(TTE_NULL_POINTER, "Argumen wajib bernilai NULL", "A required argument is NULL")
}

/// A required C string.
///
/// # Safety
/// `ptr` is NULL or points to a NUL-terminated string valid for the call.
pub(crate) unsafe fn text<'a>(ptr: *const c_char) -> Result<&'a str, Failure> {
    if ptr.is_null() {
        return Err(null());
    }
    // SAFETY: checked for NULL; the caller guarantees termination.
    let c = unsafe { CStr::from_ptr(ptr) };
    c.to_str().map_err(|_| Failure::Ffi(TTE_INVALID_UTF8, "Teks bukan UTF-8 yang valid", "Text is not valid UTF-8"))
}

/// An optional C string (NULL = absent).
///
/// # Safety
/// As for [`text`].
pub(crate) unsafe fn optional_text<'a>(ptr: *const c_char) -> Result<Option<&'a str>, Failure> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: as for `text`.
    unsafe { text(ptr) }.map(Some)
}

/// A required byte buffer.
///
/// # Safety
/// `ptr` is NULL or points to `len` readable bytes valid for the call.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize) -> Result<&'a [u8], Failure> {
    if ptr.is_null() {
        return Err(null());
    }
    // SAFETY: checked for NULL; the caller guarantees `len` readable bytes.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// Checks an output pointer before any work is done.
pub(crate) fn out<T>(ptr: *mut *mut T) -> Result<(), Failure> {
    if ptr.is_null() { Err(null()) } else { Ok(()) }
}

/// Writes a new buffer to a checked output pointer.
///
/// # Safety
/// `ptr` passed [`out`].
pub(crate) unsafe fn put(ptr: *mut *mut tte_bytes, content: Vec<u8>) {
    // SAFETY: checked non-NULL by `out`; the caller owns the pointee.
    unsafe { *ptr = into_raw(content) };
}

/// An argument the function does not accept.
pub(crate) fn invalid(id: &'static str, en: &'static str) -> Failure {
    Failure::Ffi(TTE_INVALID_ARGUMENT, id, en)
}

/// A JSON argument parsed into `T`.
pub(crate) fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|_| invalid("Argumen JSON tidak valid", "Invalid JSON argument"))
}

/// A value as JSON for an output buffer.
pub(crate) fn to_json(value: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_default()
}
