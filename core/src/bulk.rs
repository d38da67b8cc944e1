//! Signing many PDFs on all cores with one signer: a result (or typed error) per
//! document, a progress callback, and outputs written to a temporary file, synced and
//! renamed, so a failed document leaves no output and an interrupted run leaves only
//! complete files. Each document is signed from its file ([`pdf::sign_file`]), so memory
//! does not grow with file size. The sync and rename of each output run on one more
//! thread, beside the signing threads, so the signers never wait for the disk.

use crate::fsio::Unsynced;
use crate::pdf::{self, PdfSignOptions};
use crate::pki::Certificate;
use crate::signer::Signer;
use crate::{Error, Result};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One document to sign (in JSON: `{"input": "…", "output": "…"}`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Deserialize)]
pub struct Job {
    /// The PDF to sign.
    pub input: PathBuf,
    /// Where the signed PDF goes (never the input itself).
    pub output: PathBuf,
}

/// What happened to one document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JobResult {
    /// The job.
    pub job: Job,
    /// Ok, or why the document was not signed (no output was written then).
    pub result: std::result::Result<(), Error>,
}

impl JobResult {
    /// The result as a binding reports it: paths, whether signed, and the error's code
    /// and messages (`{"input", "output", "signed", "code", "message_id", "message_en"}`).
    pub fn report(&self) -> JobReport {
        let err = self.result.as_ref().err();
        JobReport {
            input: self.job.input.display().to_string(),
            output: self.job.output.display().to_string(),
            signed: err.is_none(),
            code: err.map_or(0, Error::code),
            message_id: err.map(Error::message_id),
            message_en: err.map(Error::message_en),
        }
    }
}

/// One document's outcome, serializable; see [`JobResult::report`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct JobReport {
    /// The PDF to sign.
    pub input: String,
    /// Where the signed PDF went (nothing is there when not signed).
    pub output: String,
    /// Whether it was signed.
    pub signed: bool,
    /// The error code (0 when signed).
    pub code: u32,
    /// The error in Indonesian.
    pub message_id: Option<String>,
    /// The error in English.
    pub message_en: Option<String>,
}

/// Progress after each document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Documents finished so far (signed or failed).
    pub done: usize,
    /// Documents in the run.
    pub total: usize,
    /// Of them, failed.
    pub failed: usize,
}

/// Signs every job on `threads` threads (all cores when `None`), calling `progress` after
/// each document is on disk (from the committing thread, one call at a time); results
/// come back in the order of `jobs`.
pub fn sign_many(
    jobs: &[Job],
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
    threads: Option<usize>,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Vec<JobResult>> {
    refuse_colliding_outputs(jobs)?;
    let total = jobs.len();
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n.max(1));
    }
    let pool = builder.build().map_err(|e| Error::Io { path: "thread pool".into(), detail: e.to_string() })?;
    let workers = pool.current_num_threads();
    // Signed but not yet on disk, at most a few per worker (each holds an open file).
    let (written, to_commit) = std::sync::mpsc::sync_channel::<(usize, Result<Unsynced>)>(2 * workers);
    std::thread::scope(|scope| {
        let committer = scope.spawn(move || {
            let mut results: Vec<Option<Result<()>>> = vec![None; total];
            let (mut done, mut failed) = (0, 0);
            for (index, signed) in to_commit {
                let result = signed.and_then(Unsynced::commit);
                failed += usize::from(result.is_err());
                done += 1;
                results[index] = Some(result);
                progress(Progress { done, total, failed });
            }
            results
        });
        pool.install(|| {
            jobs.par_iter().enumerate().for_each_with(written, |written, (index, job)| {
                let signed = sign_one(job, certificate, chain, signer, options);
                // The committer only stops when every sender is gone.
                let _ = written.send((index, signed));
            })
        });
        let results = committer.join().map_err(|_| Error::Io { path: "bulk".into(), detail: "committer".into() })?;
        Ok(jobs
            .iter()
            .zip(results)
            .map(|(job, result)| JobResult {
                job: job.clone(),
                result: result.unwrap_or_else(|| {
                    Err(Error::Io { path: job.output.display().to_string(), detail: "not run".into() })
                }),
            })
            .collect())
    })
}

/// Refuses, before any work, a run in which two jobs write one output or an output is an
/// input of the run (its own or another job's): two workers on one file lose a document,
/// and an input overwritten mid-run is signed from half a file.
pub fn refuse_colliding_outputs(jobs: &[Job]) -> Result<()> {
    let inputs: HashMap<PathBuf, &Job> = jobs.iter().map(|job| (file_identity(&job.input), job)).collect();
    let mut outputs: HashMap<PathBuf, &Job> = HashMap::with_capacity(jobs.len());
    let conflict = |output: &Path, input: &Path, other: &Path, overwrites_input| Error::OutputConflict {
        output: output.display().to_string(),
        input: input.display().to_string(),
        other: other.display().to_string(),
        overwrites_input,
    };
    for job in jobs {
        let output = file_identity(&job.output);
        if let Some(overwritten) = inputs.get(&output) {
            return Err(conflict(&overwritten.input, &job.input, &overwritten.input, true));
        }
        if let Some(first) = outputs.insert(output, job) {
            return Err(conflict(&job.output, &first.input, &job.input, false));
        }
    }
    Ok(())
}

/// A path that names the same file as every other spelling of it: its longest existing
/// ancestor resolved by the file system (links, `..`), the rest (not yet created) lexically.
fn file_identity(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<Component<'_>> = absolute.components().collect();
    for existing in (1..=parts.len()).rev() {
        let Ok(mut identity) = parts[..existing].iter().collect::<PathBuf>().canonicalize() else { continue };
        for part in &parts[existing..] {
            match part {
                Component::ParentDir => {
                    identity.pop();
                }
                Component::Normal(name) => identity.push(name),
                _ => {}
            }
        }
        return identity;
    }
    absolute
}

fn sign_one(
    job: &Job,
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    options: &PdfSignOptions,
) -> Result<Unsynced> {
    pdf::sign::sign_file_unsynced(&job.input, &job.output, certificate, chain, signer, options)
}
