//! Criterion benches: the raw private-key operation of each algorithm beside what is
//! built on it (CMS, a small PDF, a 50 MB PDF from its file, verification, bulk), so the
//! overhead shows as a ratio. `make bench` runs them with the comparison harness.
#![allow(missing_docs, clippy::expect_used)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::io::Read;
use tte_benches::{Workdir, large_pdf, signer, small_letter};
use tte_core::bulk::{self, Job};
use tte_core::cms;
use tte_core::lifecycle::{Clock, SystemClock};
use tte_core::pdf::{self, PdfSignOptions};
use tte_core::pki::{KeyAlgorithm, PathValidator};
use tte_core::signer::KeySigner;

const ALGORITHMS: [KeyAlgorithm; 2] = [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256];

fn options() -> PdfSignOptions {
    PdfSignOptions { signing_time: Some(SystemClock.now()), ..PdfSignOptions::default() }
}

fn small_documents(c: &mut Criterion) {
    let dir = Workdir::new("small");
    let letter = small_letter();
    let mut group = c.benchmark_group("small");
    group.throughput(Throughput::Elements(1));
    for algorithm in ALGORITHMS {
        let s = signer(&dir.0, algorithm);
        let key = KeySigner::new(s.key.clone());
        let name = algorithm.name();
        // The bare private-key operation (no self-check): the ceiling of everything else.
        group.bench_function(BenchmarkId::new("raw_signature", name), |b| {
            b.iter(|| s.key.sign(black_box(&[7u8; 150])).expect("sign"))
        });
        let digest: [u8; 32] = Sha256::digest(&letter).into();
        group.bench_function(BenchmarkId::new("cms", name), |b| {
            b.iter(|| cms::sign_detached(black_box(&digest), &s.certificate, &s.chain, &key, None).expect("cms"))
        });
        let options = options();
        group.bench_function(BenchmarkId::new("pdf_sign", name), |b| {
            b.iter(|| pdf::sign(black_box(&letter), &s.certificate, &s.chain, &key, &options).expect("pdf"))
        });
        let signed = pdf::sign(&letter, &s.certificate, &s.chain, &key, &options).expect("pdf");
        let validator = PathValidator::new(vec![s.chain[1].clone()]);
        let now = SystemClock.now();
        group.bench_function(BenchmarkId::new("pdf_verify", name), |b| {
            b.iter(|| pdf::verify(black_box(&signed), &validator, now).expect("verify"))
        });
    }
    group.finish();
}

fn bulk_documents(c: &mut Criterion) {
    const DOCUMENTS: usize = 64;
    let dir = Workdir::new("bulk");
    let s = signer(&dir.0, KeyAlgorithm::Rsa2048);
    let key = KeySigner::new(s.key.clone());
    std::fs::create_dir_all(dir.path("out")).expect("out");
    let jobs: Vec<Job> = (0..DOCUMENTS)
        .map(|n| {
            let input = dir.path(&format!("in-{n}.pdf"));
            std::fs::write(&input, small_letter()).expect("input");
            Job { input, output: dir.path(&format!("out/{n}.pdf")) }
        })
        .collect();
    let options = options();
    let mut group = c.benchmark_group("bulk_rsa2048");
    group.throughput(Throughput::Elements(DOCUMENTS as u64));
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(BenchmarkId::new("threads", threads), |b| {
            b.iter(|| {
                bulk::sign_many(&jobs, &s.certificate, &s.chain, &key, &options, Some(threads), &|_| {}).expect("bulk")
            })
        });
    }
    group.finish();
}

fn large_document(c: &mut Criterion) {
    const MEGABYTES: usize = 50;
    let dir = Workdir::new("large");
    let s = signer(&dir.0, KeyAlgorithm::Rsa2048);
    let key = KeySigner::new(s.key.clone());
    let (input, output) = (dir.path("large.pdf"), dir.path("signed.pdf"));
    large_pdf(&input, MEGABYTES);
    let options = options();
    let mut group = c.benchmark_group("large_50mb");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(std::fs::metadata(&input).expect("size").len()));
    group.bench_function("sha256_of_the_file", |b| {
        b.iter(|| {
            let mut file = std::fs::File::open(&input).expect("open");
            let mut hasher = Sha256::new();
            let mut buffer = vec![0u8; 1 << 20];
            loop {
                let n = file.read(&mut buffer).expect("read");
                if n == 0 {
                    break hasher.finalize();
                }
                hasher.update(&buffer[..n]);
            }
        })
    });
    group.bench_function("pdf_sign_file", |b| {
        b.iter(|| pdf::sign_file(&input, &output, &s.certificate, &s.chain, &key, &options).expect("sign"))
    });
    group.finish();
}

criterion_group!(benches, small_documents, bulk_documents, large_document);
criterion_main!(benches);
