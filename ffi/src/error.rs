//! Result codes and the per-thread last error.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

/// A result code: `TTE_OK` or a stable error code.
#[allow(non_camel_case_types)]
pub type tte_result = u32;

/// Success.
pub const TTE_OK: tte_result = 0;
/// A required pointer argument was NULL.
pub const TTE_NULL_POINTER: tte_result = 9101;
/// A string argument was not valid UTF-8.
pub const TTE_INVALID_UTF8: tte_result = 9102;
/// The library panicked; nothing was changed or written.
pub const TTE_PANIC: tte_result = 9103;
/// An argument is not one the function accepts (an unknown name, bad JSON).
pub const TTE_INVALID_ARGUMENT: tte_result = 9104;

/// The last error of a thread.
struct LastError {
    code: tte_result,
    id: CString,
    en: CString,
}

thread_local! {
    static LAST: RefCell<LastError> = RefCell::new(LastError { code: TTE_OK, id: CString::default(), en: CString::default() });
}

/// A failure of an FFI call: a library error, or one of the FFI's own.
pub(crate) enum Failure {
    /// The library refused.
    Library(tte_core::Error),
    /// An FFI-level problem with its code and messages.
    Ffi(tte_result, &'static str, &'static str),
}

impl From<tte_core::Error> for Failure {
    fn from(err: tte_core::Error) -> Failure {
        Failure::Library(err)
    }
}

fn c_string(text: String) -> CString {
    CString::new(text.replace('\0', " ")).unwrap_or_default()
}

/// Records `failure` as the thread's last error and returns its code.
pub(crate) fn record(failure: Failure) -> tte_result {
    let (code, id, en) = match failure {
        Failure::Library(err) => (err.code(), err.message_id(), err.message_en()),
        Failure::Ffi(code, id, en) => (code, id.to_string(), en.to_string()),
    };
    LAST.with(|last| *last.borrow_mut() = LastError { code, id: c_string(id), en: c_string(en) });
    code
}

/// Clears the thread's last error.
pub(crate) fn clear() {
    LAST.with(|last| *last.borrow_mut() = LastError { code: TTE_OK, id: CString::default(), en: CString::default() });
}

/// Runs `body` inside `catch_unwind`; records and returns its failure code.
pub(crate) fn guard(body: impl FnOnce() -> Result<(), Failure> + std::panic::UnwindSafe) -> tte_result {
    match std::panic::catch_unwind(body) {
        Ok(Ok(())) => {
            clear();
            TTE_OK
        }
        Ok(Err(failure)) => record(failure),
        Err(_) => record(Failure::Ffi(TTE_PANIC, "Terjadi kesalahan internal", "Internal error (panic)")),
    }
}

/// The code of the calling thread's last error (`TTE_OK` after a success).
#[unsafe(no_mangle)]
pub extern "C" fn tte_last_error_code() -> tte_result {
    LAST.with(|last| last.borrow().code)
}

/// The Indonesian message of the calling thread's last error ("" after a success). The
/// string belongs to the library and stays valid until the thread's next tte call.
#[unsafe(no_mangle)]
pub extern "C" fn tte_last_error_id() -> *const c_char {
    LAST.with(|last| last.borrow().id.as_ptr())
}

/// The English message of the calling thread's last error ("" after a success), valid
/// until the thread's next tte call.
#[unsafe(no_mangle)]
pub extern "C" fn tte_last_error_en() -> *const c_char {
    LAST.with(|last| last.borrow().en.as_ptr())
}
