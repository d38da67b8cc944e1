//! Lifecycle JSON: audit logs (with hash-chain check and replay), requests and actions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tte_core::lifecycle::{Action, AuditLog, Request, replay};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(log) = AuditLog::from_json(text) {
        let _ = replay(&log);
    }
    let _ = serde_json::from_str::<Request>(text);
    let _ = serde_json::from_str::<Action>(text);
});
