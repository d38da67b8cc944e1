//! Bulk signing: all documents on several threads, a result per document, progress,
//! and no output for a document that failed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod signing;

use signing::Signing;
use std::sync::Mutex;
use tte_core::bulk::{Job, Progress, sign_many};
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::*;

#[test]
fn many_documents_on_two_threads_with_progress_and_no_output_for_failures() {
    let mut s = Signing::new("bulk");
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let mut jobs = Vec::new();
    for n in 0..20 {
        let name = format!("surat-{n:02}.pdf");
        s.dir.write(&name, pdf::letter::letter(&["SURAT EDARAN", &format!("Nomor: {n}/2026 (uji)")]));
        jobs.push(Job { input: s.dir.path(&name), output: s.dir.path(&format!("signed-{name}")) });
    }
    s.dir.write("rusak.pdf", b"%PDF-1.7\nrusak");
    jobs.insert(5, Job { input: s.dir.path("rusak.pdf"), output: s.dir.path("signed-rusak.pdf") });
    jobs.push(Job { input: s.dir.path("tidak-ada.pdf"), output: s.dir.path("signed-tidak-ada.pdf") });
    let seen = Mutex::new(Vec::new());
    let record = |p: Progress| seen.lock().unwrap().push(p);
    let results =
        sign_many(&jobs, &cert, &[s.ca.issuing().clone()], &signer, &PdfSignOptions::default(), Some(2), &record)
            .unwrap();

    assert_eq!(results.len(), 22);
    assert_eq!(results.iter().map(|r| r.job.clone()).collect::<Vec<_>>(), jobs, "results keep the order of the jobs");
    assert_eq!(results[5].result.as_ref().unwrap_err().code(), 5001);
    assert_eq!(results[21].result.as_ref().unwrap_err().code(), 4011);
    assert!(!s.dir.path("signed-rusak.pdf").exists() && !s.dir.path("signed-tidak-ada.pdf").exists());
    let seen = seen.into_inner().unwrap();
    assert_eq!(seen.len(), 22);
    assert_eq!(seen.iter().map(|p| p.done).max(), Some(22));
    assert_eq!(seen.iter().find(|p| p.done == 22).unwrap().failed, 2);
    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    for result in results.iter().filter(|r| r.result.is_ok()) {
        let signed = std::fs::read(&result.job.output).unwrap();
        let reports = pdf::verify(&signed, &validator, SystemClock.now()).unwrap();
        assert!(reports.len() == 1 && reports[0].valid, "{:?}", result.job.output);
    }
    let text = s.pdfsig("signed-surat-07.pdf");
    assert!(text.contains("Signature is Valid"), "{text}");
    let leftovers: Vec<_> = std::fs::read_dir(&s.dir.0)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}
