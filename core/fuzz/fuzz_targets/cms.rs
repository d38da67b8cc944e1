//! Detached CMS SignedData verification (ours, OpenSSL's, anyone's) against a digest.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = tte_core::cms::verify_detached(data, &[0u8; 32]);
});
