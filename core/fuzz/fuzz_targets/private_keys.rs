//! PKCS#8 (plain, encrypted, PEM) and PKCS#12 parsing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tte_core::pki::{Pkcs12, PrivateKey};
use tte_core::secret::Secret;

fuzz_target!(|data: &[u8]| {
    // A low-cost passphrase guess: the KDF parameters come from the input, and the
    // library bounds them before deriving anything.
    let passphrase = Secret::new("Kunci#Rahasia2024x");
    let _ = PrivateKey::from_pkcs8_der(data);
    let _ = PrivateKey::from_encrypted_der(data, &passphrase);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrivateKey::from_pem(text, Some(&passphrase));
    }
    let _ = Pkcs12::from_der(data, &passphrase);
});
