//! Buffers the library allocates for the caller.

/// Bytes allocated by the library: `data[0..len]`. Release with `tte_bytes_free`.
#[repr(C)]
#[allow(non_camel_case_types)]
pub struct tte_bytes {
    /// The bytes (a NUL follows them, so text can be read as a C string).
    pub data: *mut u8,
    /// How many bytes, without the trailing NUL.
    pub len: usize,
}

/// A buffer holding `content` (and a trailing NUL), owned by the caller until freed.
pub(crate) fn into_raw(mut content: Vec<u8>) -> *mut tte_bytes {
    let len = content.len();
    content.push(0);
    let data = Box::into_raw(content.into_boxed_slice()).cast::<u8>();
    Box::into_raw(Box::new(tte_bytes { data, len }))
}

/// Releases a buffer from the library, wiping its bytes first; NULL is accepted and ignored.
///
/// # Safety
/// `bytes` is NULL or a pointer the library returned and not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn tte_bytes_free(bytes: *mut tte_bytes) {
    if bytes.is_null() {
        return;
    }
    let _ = std::panic::catch_unwind(|| {
        // SAFETY: the caller passes a pointer made by `into_raw` exactly once.
        let outer = unsafe { Box::from_raw(bytes) };
        let slice = std::ptr::slice_from_raw_parts_mut(outer.data, outer.len + 1);
        // SAFETY: `data` and `len + 1` are those of the boxed slice made by `into_raw`.
        let mut content = unsafe { Box::from_raw(slice) };
        // Buffers may hold secrets (handed-out tokens, key PEM): wiped before release.
        zeroize::Zeroize::zeroize(&mut content[..]);
    });
}
