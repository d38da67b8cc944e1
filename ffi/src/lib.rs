//! The C ABI of `tte` (libtte.so, libtte.a), in the conventions of rustls-ffi:
//!
//! * every function returns a `tte_result`: `TTE_OK` (0) or a stable error code (the
//!   library's codes, 1000–9001, and `TTE_NULL_POINTER`, `TTE_INVALID_UTF8`,
//!   `TTE_PANIC`, `TTE_INVALID_ARGUMENT`);
//! * outputs are written only on success; every pointer is checked; NULL and invalid
//!   UTF-8 are errors, never crashes; every body runs inside `catch_unwind`;
//! * the last error of the calling thread (code, Indonesian and English message) is
//!   readable with `tte_last_error_code`, `tte_last_error_id`, `tte_last_error_en`;
//! * buffers the library allocates (`tte_bytes`) are released with `tte_bytes_free`,
//!   which accepts NULL.
//!
//! No business rule lives here: the functions translate arguments and errors only.

mod args;
mod bulk;
mod bytes;
mod ca;
mod certificates;
mod checks;
mod error;
mod handle;
mod keys;
mod keystore;
mod office;
mod pdf;

pub use bulk::{tte_progress_fn, tte_sign_pdf_files};
pub use bytes::{tte_bytes, tte_bytes_free};
pub use ca::{tte_ca, tte_ca_chain, tte_ca_create, tte_ca_crl, tte_ca_free, tte_ca_issue, tte_ca_open, tte_ca_revoke};
pub use certificates::tte_certificate_info;
pub use checks::{tte_check_email, tte_check_nik, tte_check_nip, tte_check_passphrase, tte_check_phone};
pub use error::{
    TTE_INVALID_ARGUMENT, TTE_INVALID_UTF8, TTE_NULL_POINTER, TTE_OK, TTE_PANIC, tte_last_error_code,
    tte_last_error_en, tte_last_error_id, tte_result,
};
pub use keys::{tte_csr_create, tte_key_generate, tte_key_sign};
pub use keystore::{
    tte_keystore, tte_keystore_change_passphrase, tte_keystore_free, tte_keystore_open, tte_keystore_public_key,
    tte_keystore_status,
};
pub use office::{
    tte_office, tte_office_act, tte_office_case, tte_office_certificate, tte_office_certificates, tte_office_create,
    tte_office_free, tte_office_log, tte_office_open, tte_office_request, tte_office_sign_pdf, tte_office_user_status,
};
pub use pdf::{tte_pdf_finish, tte_pdf_finish_with_cms, tte_pdf_prepare, tte_sign_pdf, tte_verify_pdf};

/// The library version, e.g. "0.1.0"; a static string, never freed.
#[unsafe(no_mangle)]
pub extern "C" fn tte_version() -> *const std::ffi::c_char {
    concat!(env!("CARGO_PKG_VERSION"), "\0").as_ptr().cast()
}
