//! Bulk signing: many PDF files with one key on all cores.

use crate::args::{from_json, out, put, text, to_json};
use crate::bytes::tte_bytes;
use crate::error::{guard, tte_result};
use crate::pdf::signing_material;
use std::ffi::{c_char, c_void};
use tte_core::bulk::{self, Job, JobReport, Progress};

/// Called after each document is on disk with the documents done, in the run, and failed
/// so far, and the caller's `user_data`. It runs on a library thread (not the caller's),
/// one call at a time: it must be thread-safe and must not call back into a running tte
/// function.
#[allow(non_camel_case_types)]
pub type tte_progress_fn =
    Option<unsafe extern "C" fn(done: usize, total: usize, failed: usize, user_data: *mut c_void)>;

/// The caller's callback and data, called from the library's committing thread.
struct ProgressSink {
    callback: tte_progress_fn,
    user_data: *mut c_void,
}

// SAFETY: the contract of `tte_sign_pdf_files` makes the callback and its data thread-safe.
unsafe impl Sync for ProgressSink {}

impl ProgressSink {
    fn report(&self, progress: Progress) {
        if let Some(callback) = self.callback {
            // SAFETY: a function pointer the caller gave, with the caller's data.
            unsafe { callback(progress.done, progress.total, progress.failed, self.user_data) };
        }
    }
}

/// Signs the PDF files of `jobs_json` (`[{"input": path, "output": path}, …]`) with one
/// encrypted PKCS#8 key and its certificate, on `threads` threads (0: all cores), each
/// from its file with memory that does not grow with its size. Each output is written
/// to a temporary file and renamed: a document that fails leaves no output. `progress`
/// (may be NULL) is called after each document. The call succeeds when the run took
/// place; `*out_json` then holds one report per job, in order:
/// `{"input", "output", "signed", "code", "message_id", "message_en"}`.
///
/// # Safety
/// The strings are NUL-terminated (`chain_pem`, `options_json` may be NULL); `progress`
/// is NULL or a thread-safe function that, with `user_data`, stays valid for the call;
/// `out_json` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_sign_pdf_files(
    jobs_json: *const c_char,
    key_pem: *const c_char,
    passphrase: *const c_char,
    cert_pem: *const c_char,
    chain_pem: *const c_char,
    options_json: *const c_char,
    threads: usize,
    progress: tte_progress_fn,
    user_data: *mut c_void,
    out_json: *mut *mut tte_bytes,
) -> tte_result {
    let sink = ProgressSink { callback: progress, user_data };
    let sink = std::panic::AssertUnwindSafe(sink);
    guard(move || {
        out(out_json)?;
        // SAFETY: per the function's contract.
        let (jobs, m) = unsafe {
            (
                from_json::<Vec<Job>>(text(jobs_json)?)?,
                signing_material(key_pem, passphrase, cert_pem, chain_pem, options_json)?,
            )
        };
        let threads = (threads > 0).then_some(threads);
        let report = |p| sink.report(p);
        let results = bulk::sign_many(&jobs, &m.certificate, &m.chain, &m.signer, &m.options, threads, &report)?;
        let reports: Vec<JobReport> = results.iter().map(bulk::JobResult::report).collect();
        // SAFETY: `out_json` passed `out`.
        unsafe { put(out_json, to_json(&reports)) };
        Ok(())
    })
}
