"""The comparison harness: the same small PDFs signed with the same RSA-2048 key by
pyHanko (default: the signer loaded per document and the signature size estimated by a
dry run; tuned: the signer loaded once and the space reserved up front), `openssl cms`
(one process per file), the `tte` CLI, the `tte` Python package and the Rust API, in one
run on this machine; plus verification against pyHanko's, and a 50 MB file against one
SHA-256 pass plus one signature. Prints a Markdown report (docs/s, ms/doc, peak memory,
our ratios) and writes it to the file given.

Run by `make bench` (benches/compare/run.sh), which builds what it measures first.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "target" / "release" / "tte"
PASSPHRASE = "Kunci#Bench2026x"
SMALL_DOCS = int(os.environ.get("TTE_BENCH_DOCS", "200"))
PYHANKO_DEFAULT_DOCS = min(SMALL_DOCS, 40)


@dataclass
class Result:
    """One tool on one task."""

    tool: str
    docs: int
    seconds: float
    peak_kb: Optional[int]

    @property
    def rate(self) -> float:
        return self.docs / self.seconds

    @property
    def ms(self) -> float:
        return 1000 * self.seconds / self.docs


def timed_process(args: list[str], env: Optional[dict[str, str]] = None) -> tuple[float, int]:
    """Wall time and peak RSS (KB) of one process, from GNU time."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *args], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, int(done.stderr.strip().splitlines()[-1])


def in_subprocess(task: str, *arguments: str) -> tuple[float, int]:
    """Runs `task` of this file in a fresh interpreter: (seconds it reports, peak RSS KB)."""
    done = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, __file__, "--task", task, *arguments],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"task {task} failed:\n{done.stdout}\n{done.stderr}")
    return float(done.stdout.strip().splitlines()[-1]), int(done.stderr.strip().splitlines()[-1])


# Tasks run in their own interpreter, so that each one's peak memory is its own.


def task_pyhanko(work: Path, count: str, tuned: str) -> float:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    def load() -> signers.SimpleSigner:
        signer = signers.SimpleSigner.load(
            str(work / "plain-key.pem"), str(work / "cert.pem"), ca_chain_files=(str(work / "chain.pem"),)
        )
        assert signer is not None
        return signer

    out = work / ("pyhanko-tuned" if tuned == "1" else "pyhanko-default")
    out.mkdir(exist_ok=True)
    signer = load() if tuned == "1" else None
    reserved = 8192 if tuned == "1" else None
    started = time.perf_counter()
    for n in range(int(count)):
        current = signer or load()
        with open(work / "in" / f"{n:04}.pdf", "rb") as source, open(out / f"{n:04}.pdf", "wb") as target:
            meta = signers.PdfSignatureMetadata(field_name="Signature1")
            writer = IncrementalPdfFileWriter(source)
            signers.sign_pdf(writer, meta, signer=current, output=target, bytes_reserved=reserved)
    return time.perf_counter() - started


def task_wheel(work: Path, count: str, threads: str) -> float:
    import tte

    key = tte.PrivateKey.from_pem((work / "key.pem").read_bytes(), PASSPHRASE)
    cert = tte.Certificate.load((work / "cert.pem").read_bytes())
    chain = tte.Certificate.load_all((work / "chain.pem").read_bytes())
    out = work / f"wheel-{threads}"
    out.mkdir(exist_ok=True)
    jobs = [(work / "in" / f"{n:04}.pdf", out / f"{n:04}.pdf") for n in range(int(count))]
    started = time.perf_counter()
    results = tte.sign_many(jobs, key, cert, chain=chain, threads=int(threads))
    elapsed = time.perf_counter() - started
    assert all(r.signed for r in results)
    return elapsed


def task_verify_pyhanko(work: Path, count: str) -> float:
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[load_cert_from_pemder(str(work / "root.pem"))])
    started = time.perf_counter()
    for n in range(int(count)):
        with open(work / "wheel-1" / f"{n:04}.pdf", "rb") as f:
            status = validate_pdf_signature(PdfFileReader(f).embedded_signatures[0], context)
            assert status.bottom_line, status
    return time.perf_counter() - started


def task_verify_wheel(work: Path, count: str) -> float:
    import tte

    root = tte.Certificate.load((work / "root.pem").read_bytes())
    documents = [(work / "wheel-1" / f"{n:04}.pdf").read_bytes() for n in range(int(count))]
    started = time.perf_counter()
    for document in documents:
        (report,) = tte.verify_pdf(document, [root])
        assert report.valid, report.problems
    return time.perf_counter() - started


TASKS: dict[str, Callable[..., float]] = {
    "pyhanko": task_pyhanko,
    "wheel": task_wheel,
    "verify-pyhanko": task_verify_pyhanko,
    "verify-wheel": task_verify_wheel,
}

# The run.


def prepare(work: Path) -> None:
    """The inputs: small letters (ReportLab) and a signer from a local CA."""
    import tte
    from reportlab.pdfgen import canvas

    (work / "in").mkdir()
    for n in range(SMALL_DOCS):
        page = canvas.Canvas(str(work / "in" / f"{n:04}.pdf"))
        page.drawString(72, 770, f"Nota Dinas nomor {n} (sintetis)")
        page.drawString(72, 750, "Perihal: uji kecepatan tanda tangan elektronik")
        page.save()
    ca = tte.LocalCa.create(work / "ca", "Bench", PASSPHRASE, key_algorithm=tte.KeyAlgorithm.P256)
    key, cert = ca.issue_with_new_key("Rina Sintetis", "Bench", key_algorithm=tte.KeyAlgorithm.RSA2048)
    (work / "key.pem").write_text(key.to_pem(PASSPHRASE, kdf_name="pbkdf2"))
    # The outside tools get the same key unencrypted: a per-process key decryption
    # (PBKDF2, 600,000 rounds) is not the work being compared.
    plain = ["openssl", "pkey", "-in", str(work / "key.pem"), "-passin", f"pass:{PASSPHRASE}"]
    subprocess.run([*plain, "-out", str(work / "plain-key.pem")], check=True)
    (work / "cert.pem").write_text(cert.to_pem())
    (work / "chain.pem").write_text(ca.issuing.to_pem() + ca.root.to_pem())
    (work / "root.pem").write_text(ca.root.to_pem())


def openssl_cms(work: Path, count: int) -> Result:
    """`openssl cms -sign` once per file: the CMS of each file, the baseline of the field."""
    out = work / "openssl"
    out.mkdir()
    started, peak = time.perf_counter(), 0
    for n in range(count):
        args = ["openssl", "cms", "-sign", "-binary", "-outform", "DER", "-md", "sha256", "-nosmimecap",
                "-in", str(work / "in" / f"{n:04}.pdf"), "-signer", str(work / "cert.pem"),
                "-inkey", str(work / "plain-key.pem"),
                "-certfile", str(work / "chain.pem"), "-out", str(out / f"{n:04}.p7s")]  # fmt: skip
        peak = max(peak, timed_process(args)[1])
    return Result("openssl cms -sign (a process per file)", count, time.perf_counter() - started, peak)


def cli(work: Path, count: int, threads: int) -> Result:
    out = work / f"cli-{threads}"
    out.mkdir()
    inputs = [str(work / "in" / f"{n:04}.pdf") for n in range(count)]
    args = [str(CLI), "sign", *inputs, "--out-dir", str(out), "--key", str(work / "key.pem"),
            "--cert", str(work / "cert.pem"), "--chain", str(work / "chain.pem"),
            "--passphrase-env", "TTE_BENCH_PASSPHRASE", "--threads", str(threads)]  # fmt: skip
    seconds, peak = timed_process(args, env={**os.environ, "TTE_BENCH_PASSPHRASE": PASSPHRASE})
    return Result(f"tte CLI, one process, {threads} thread(s)", count, seconds, peak)


def criterion(name: str) -> float:
    """Mean seconds per iteration of a criterion bench of this run."""
    estimates = ROOT / "target" / "criterion" / name / "new" / "estimates.json"
    return float(json.loads(estimates.read_text())["mean"]["point_estimate"]) / 1e9


def openssl_raw_rsa2048() -> float:
    """OpenSSL's RSA-2048 private-key operations per second on one core."""
    done = subprocess.run(["openssl", "speed", "-seconds", "3", "rsa2048"], capture_output=True, text=True)
    for line in done.stdout.splitlines():
        if line.startswith("rsa 2048") or line.startswith("rsa  2048"):
            return float(line.split()[-2])
    raise SystemExit(f"openssl speed: no rsa2048 line in\n{done.stdout}")


def large_file(work: Path) -> dict[str, float]:
    """A 50 MB and a 200 MB file signed by the CLI: time and peak memory, against one
    `sha256sum` pass over the file plus one signature."""
    figures: dict[str, float] = {}
    for megabytes in (50, 200):
        source = work / f"large-{megabytes}.pdf"
        subprocess.run([str(ROOT / "target" / "release" / "tte-bench-inputs"), "large", str(source), str(megabytes)],
                       check=True)  # fmt: skip
        sha_seconds, _ = timed_process(["sha256sum", str(source)])
        args = [str(CLI), "sign", str(source), "--out", str(work / f"large-{megabytes}.signed.pdf"),
                "--key", str(work / "key.pem"), "--cert", str(work / "cert.pem"),
                "--passphrase-env", "TTE_BENCH_PASSPHRASE"]  # fmt: skip
        seconds, peak = timed_process(args, env={**os.environ, "TTE_BENCH_PASSPHRASE": PASSPHRASE})
        figures[f"{megabytes}_sign_s"], figures[f"{megabytes}_peak_kb"] = seconds, peak
        figures[f"{megabytes}_sha256_s"] = sha_seconds
        source.unlink()
    return figures


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    memory = int(Path("/proc/meminfo").read_text().split()[1]) // (1024 * 1024)
    return f"{model}, {os.cpu_count()} cores, {memory} GiB, {platform.system()} {platform.release()}"


def report(work: Path) -> str:
    prepare(work)
    rust_raw = 1 / criterion("small/raw_signature/rsa2048")
    openssl_raw = openssl_raw_rsa2048()
    results: list[Result] = []
    seconds, peak = in_subprocess("pyhanko", str(work), str(PYHANKO_DEFAULT_DOCS), "0")
    pyhanko_default = Result("pyHanko 0.38, default (signer per document)", PYHANKO_DEFAULT_DOCS, seconds, peak)
    seconds, peak = in_subprocess("pyhanko", str(work), str(SMALL_DOCS), "1")
    pyhanko_tuned = Result("pyHanko 0.38, tuned (signer cached, space reserved)", SMALL_DOCS, seconds, peak)
    results += [pyhanko_default, pyhanko_tuned, openssl_cms(work, SMALL_DOCS)]
    results += [cli(work, SMALL_DOCS, 1), cli(work, SMALL_DOCS, 2)]
    for threads in (1, 2):
        seconds, peak = in_subprocess("wheel", str(work), str(SMALL_DOCS), str(threads))
        results.append(Result(f"tte Python sign_many, {threads} thread(s)", SMALL_DOCS, seconds, peak))
    for threads in (1, 2):
        per_batch = criterion(f"bulk_rsa2048/threads/{threads}")
        results.append(Result(f"tte Rust bulk::sign_many, {threads} thread(s) (criterion)", 64, per_batch, None))
    in_memory = criterion("small/pdf_sign/rsa2048")
    results.append(Result("tte Rust pdf::sign in memory, 1 thread (criterion)", 1, in_memory, None))

    verify_docs = min(SMALL_DOCS, 100)
    pyhanko_verify = in_subprocess("verify-pyhanko", str(work), str(verify_docs))[0]
    wheel_verify = in_subprocess("verify-wheel", str(work), str(verify_docs))[0]
    rust_verify = criterion("small/pdf_verify/rsa2048")
    large = large_file(work)

    lines = [f"Machine: {machine()}. Inputs: {SMALL_DOCS} one-page letters (ReportLab, ~1.5 KB), one "
             "RSA-2048 key (PKCS#1 v1.5, SHA-256) with a two-certificate chain.", "",
             "| signer | docs | docs/s | ms/doc | peak memory | tte Python 1 thread is × faster |",
             "|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    ours = next(r for r in results if r.tool == "tte Python sign_many, 1 thread(s)")
    for r in results:
        peak = "" if r.peak_kb is None else f"{r.peak_kb / 1024:.0f} MB"
        lines.append(f"| {r.tool} | {r.docs} | {r.rate:.0f} | {r.ms:.2f} | {peak} | {ours.rate / r.rate:.2f} |")
    lines += ["", "Targets:", ""]
    small_ratio = (1 / in_memory) / rust_raw
    two = criterion("bulk_rsa2048/threads/1") / criterion("bulk_rsa2048/threads/2")
    verify_ratio = (pyhanko_verify / verify_docs) / rust_verify
    wheel_verify_ratio = pyhanko_verify / wheel_verify
    budget = large["50_sha256_s"] + 1 / rust_raw
    large_ratio = large["50_sign_s"] / budget

    def verdict(ok: bool) -> str:
        return "met" if ok else "NOT met"

    lines += [
        f"- Small PDF on one core vs the raw signing rate of the same key: {1 / in_memory:.0f}/s vs "
        f"{rust_raw:.0f}/s = {small_ratio:.2f}× (target ≥ 0.90×): {verdict(small_ratio >= 0.9)}.",
        f"- Two threads vs one (bulk, 64 files): {two:.2f}× (target ≥ 1.8×): {verdict(two >= 1.8)}.",
        f"- 50 MB file: {large['50_sign_s']:.2f} s (whole CLI process) vs one sha256sum pass "
        f"{large['50_sha256_s']:.2f} s + one signature {1000 / rust_raw:.1f} ms = {large_ratio:.2f}× "
        f"(target ≤ 1.5×): {verdict(large_ratio <= 1.5)}. Peak memory {large['50_peak_kb'] / 1024:.0f} MB at 50 MB, "
        f"{large['200_peak_kb'] / 1024:.0f} MB at 200 MB ({large['200_sign_s']:.2f} s): "
        f"{verdict(large['200_peak_kb'] < 1.5 * large['50_peak_kb'])} (does not grow with the file).",
        f"- Verification vs pyHanko's `validate_pdf_signature` ({verify_docs} documents, no revocation "
        f"check): pyHanko {verify_docs / pyhanko_verify:.0f}/s, tte Rust {1 / rust_verify:.0f}/s = "
        f"{verify_ratio:.0f}×, tte Python {verify_docs / wheel_verify:.0f}/s = {wheel_verify_ratio:.0f}× "
        f"(target ≥ 20×): {verdict(verify_ratio >= 20)}.",
        f"- Raw RSA-2048 private-key operation, one core: OpenSSL {openssl_raw:.0f}/s, rsa crate "
        f"(tte's default) {rust_raw:.0f}/s = {rust_raw / openssl_raw:.2f}× OpenSSL.",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--task":
        print(TASKS[sys.argv[2]](Path(sys.argv[3]), *sys.argv[4:]))
        return
    with tempfile.TemporaryDirectory(prefix="tte-compare-") as work:
        text = report(Path(work))
    print(text)
    if len(sys.argv) > 1:
        Path(sys.argv[1]).write_text(text)


if __name__ == "__main__":
    main()
