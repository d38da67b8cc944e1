//! The two-phase signing state loader: any state JSON with any prepared file gives a
//! resumed document or a typed error, never a panic; a resumed one finishes or refuses.
//! Input: the state JSON, a NUL byte, then the prepared file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tte_core::pdf::{PreparedPdf, PreparedState};

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == 0).unwrap_or(data.len());
    let (json, prepared) = (&data[..split], data.get(split + 1..).unwrap_or_default());
    let Ok(state) = serde_json::from_slice::<PreparedState>(json) else { return };
    if let Ok(resumed) = PreparedPdf::resume(state, prepared.to_vec()) {
        let _ = resumed.to_be_signed();
        let _ = resumed.finish_with_cms(prepared);
    }
});
