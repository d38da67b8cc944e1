//! The PDF reader: parse (with repair), then walk the catalog, the page tree and every
//! object the cross-reference names. Any input may be refused; none may panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tte_core::pdf::{Document, ObjRef};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = Document::parse(data) else { return };
    let _ = doc.catalog();
    let _ = doc.pages();
    for num in doc.object_numbers().into_iter().take(10_000) {
        let _ = doc.get(ObjRef { num, generation: 0 });
    }
});
