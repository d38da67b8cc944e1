//! Certificates (DER and PEM bundles), CSRs and CRLs, with the checks that read inside
//! them (the verifier's CSR check, a CRL's issuer check, path validation).
#![no_main]

use libfuzzer_sys::fuzz_target;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pki::{Certificate, Crl, Csr, PathValidator};

fuzz_target!(|data: &[u8]| {
    if let Ok(certificates) = Certificate::parse_all(data) {
        for cert in &certificates {
            let _ = (cert.subject(), cert.issuer(), cert.serial_hex(), cert.key_usage(), cert.extended_key_usage());
            let _ = cert.verify_issued_by(cert);
        }
        if let Some(leaf) = certificates.first() {
            let _ = PathValidator::new(certificates.clone()).validate(leaf, SystemClock.now());
        }
    }
    if let Ok(csr) = Csr::from_bytes(data) {
        let _ = csr.check("Siti Contoh", "Pemerintah Provinsi Kalimantan Timur");
    }
    let _ = Crl::from_bytes(data);
});
