//! Opaque handles: boxed when made, borrowed by each call, dropped by their `_free`.

use crate::error::Failure;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Writes a new handle owning `value` to a checked output pointer.
///
/// # Safety
/// `out_handle` passed [`crate::args::out`].
pub(crate) unsafe fn put_handle<T>(out_handle: *mut *mut T, value: T) {
    // SAFETY: checked non-NULL by `out`; the caller owns the pointee.
    unsafe { *out_handle = Box::into_raw(Box::new(value)) };
}

/// A handle passed to a call; NULL is an error.
///
/// # Safety
/// `handle` is NULL or a live pointer made by [`put_handle`].
pub(crate) unsafe fn handle_ref<'a, T>(handle: *const T) -> Result<&'a T, Failure> {
    // SAFETY: per the caller's contract; NULL becomes an error.
    unsafe { handle.as_ref() }.ok_or_else(crate::args::null)
}

/// Drops a handle; NULL is ignored, and a panic in the drop does not cross the ABI.
///
/// # Safety
/// `handle` is NULL or a pointer made by [`put_handle`], not yet freed and not in use.
pub(crate) unsafe fn free_handle<T>(handle: *mut T) {
    if handle.is_null() {
        return;
    }
    // Nothing sees the value after a panicking drop, so unwind safety is not at stake.
    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // SAFETY: the caller passes a pointer made by `put_handle` exactly once.
        drop(unsafe { Box::from_raw(handle) });
    }));
}

/// Locks a handle's state; a lock poisoned by an earlier panic still yields it (every
/// change is made through the library, which leaves no half-applied state).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
