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

#[test]
fn outputs_that_collide_are_refused_before_any_work() {
    let mut s = Signing::new("bulk-collide");
    let (signer, cert) = s.holder("Siti Contoh", KeyAlgorithm::P256);
    let chain = [s.ca.issuing().clone()];
    let letter = pdf::letter::letter(&["SURAT EDARAN", "Nomor: 1/2026 (uji)"]);
    let mut jobs = Vec::new();
    // The same 30 file names in two folders, all signed into one output folder.
    for folder in ["a", "b"] {
        std::fs::create_dir_all(s.dir.path(folder)).unwrap();
    }
    for n in 0..30 {
        for folder in ["a", "b"] {
            let name = format!("{folder}/surat-{n:02}.pdf");
            s.dir.write(&name, &letter);
            jobs.push(Job { input: s.dir.path(&name), output: s.dir.path(&format!("out/surat-{n:02}.pdf")) });
        }
    }
    let run = |jobs: &[Job]| {
        let progress = |_: Progress| panic!("no document may be started");
        sign_many(jobs, &cert, &chain, &signer, &PdfSignOptions::default(), Some(8), &progress).unwrap_err()
    };
    let err = run(&jobs);
    assert_eq!(err.code(), 4012);
    assert_eq!(
        err.message_en(),
        format!(
            "Two documents would be written to the same file {}: {} and {}",
            s.dir.path("out/surat-00.pdf").display(),
            s.dir.path("a/surat-00.pdf").display(),
            s.dir.path("b/surat-00.pdf").display()
        )
    );
    assert!(!s.dir.path("out").exists(), "nothing was written");

    // Another spelling of the same output, an output that is its own input, and an output
    // that is another job's input.
    let unique: Vec<Job> = jobs.iter().step_by(2).cloned().collect();
    let mut respelled = unique.clone();
    respelled.push(Job { input: s.dir.path("b/surat-00.pdf"), output: s.dir.path("a/../out/./surat-00.pdf") });
    let mut onto_itself = unique.clone();
    onto_itself.push(Job { input: s.dir.path("b/surat-01.pdf"), output: s.dir.path("b/../b/surat-01.pdf") });
    let mut onto_another = unique.clone();
    onto_another.push(Job { input: s.dir.path("b/surat-02.pdf"), output: s.dir.path("a/surat-03.pdf") });
    for (what, jobs) in [("respelled", respelled), ("onto itself", onto_itself), ("onto another", onto_another)] {
        assert_eq!(run(&jobs).code(), 4012, "{what}");
        assert!(!s.dir.path("out").exists(), "{what}: nothing was written");
    }
    let overwrite = run(&[Job { input: s.dir.path("a/surat-04.pdf"), output: s.dir.path("a/surat-04.pdf") }]);
    assert!(overwrite.message_id().contains("akan menimpa dokumen masukan"), "{}", overwrite.message_id());

    // Without the collisions, all 30 are signed on 8 threads, each output whole.
    let results = sign_many(&unique, &cert, &chain, &signer, &PdfSignOptions::default(), Some(8), &|_| {}).unwrap();
    assert!(results.iter().all(|r| r.result.is_ok()));
    let validator = PathValidator::new(vec![s.ca.root().clone()]);
    for job in &unique {
        let reports = pdf::verify(&std::fs::read(&job.output).unwrap(), &validator, SystemClock.now()).unwrap();
        assert!(reports.len() == 1 && reports[0].valid, "{:?}", job.output);
    }
    assert_eq!(std::fs::read_dir(s.dir.path("out")).unwrap().count(), 30, "no temporaries left");
}
