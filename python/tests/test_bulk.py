"""Bulk signing on all cores, progress, failures, and several Python threads at once."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import Signer, assert_valid_pdf, letter
from tqdm import tqdm

import tte

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "python" / "bulk_sign.py"


def inbox(folder: Path, count: int, broken: int = 0) -> list[Path]:
    folder.mkdir()
    paths = []
    for n in range(count):
        path = folder / f"surat-{n:03}.pdf"
        path.write_bytes(letter(f"Surat {n}") if n != broken or n == 0 else b"%PDF-1.7\nrusak\n")
        paths.append(path)
    return paths


def test_sign_many_reports_each_document_in_order_with_progress(signer: Signer, tmp_path: Path) -> None:
    sources = inbox(tmp_path / "in", 12, broken=5)
    out = tmp_path / "out"
    out.mkdir()
    calls: list[tuple[int, int, int]] = []
    threads: set[int] = set()

    def progress(done: int, total: int, failed: int) -> None:
        calls.append((done, total, failed))
        threads.add(threading.get_ident())

    results = tte.sign_many([(s, out / s.name) for s in sources], signer.key, signer.certificate,
                            chain=signer.chain, threads=2, progress=progress)  # fmt: skip
    assert [r.source for r in results] == sources
    assert [r.signed for r in results] == [n != 5 for n in range(12)]
    failure = results[5]
    assert isinstance(failure.error, tte.PdfError) and failure.error.code == 5001
    assert failure.to_dict()["code"] == 5001 and not failure.destination.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(s.name for n, s in enumerate(sources) if n != 5)
    # The callback ran on the library's worker threads while the caller waited with the
    # GIL released (holding it would have deadlocked here).
    assert sorted(c[0] for c in calls) == list(range(1, 13)) and all(c[1] == 12 for c in calls)
    assert max(c[2] for c in calls) == 1 and threading.get_ident() not in threads
    for result in results[:2]:
        assert_valid_pdf(result.destination, signer.ca.root)


def test_two_documents_to_one_output_are_refused_before_any_work(signer: Signer, tmp_path: Path) -> None:
    first, second = inbox(tmp_path / "a", 1)[0], inbox(tmp_path / "b", 1)[0]
    out = tmp_path / "out"
    with pytest.raises(tte.TteError) as raised:
        tte.sign_many([(first, out / "surat.pdf"), (second, out / "surat.pdf")], signer.key, signer.certificate)
    assert raised.value.code == 4012 and str(second) in raised.value.message_en
    assert not out.exists()


def test_progress_works_with_tqdm_and_its_exceptions_surface(signer: Signer, tmp_path: Path) -> None:
    sources = inbox(tmp_path / "in", 4)
    jobs = [(s, tmp_path / f"{s.stem}.signed.pdf") for s in sources]
    drawn = io.StringIO()
    with tqdm(total=len(jobs), file=drawn, mininterval=0) as bar:
        tte.sign_many(jobs, signer.key, signer.certificate, progress=lambda done, total, failed: bar.update(1))
    assert bar.n == 4 and "4/4" in drawn.getvalue()

    def broken(done: int, total: int, failed: int) -> None:
        raise RuntimeError("progress bar rusak")

    with pytest.raises(RuntimeError, match="progress bar rusak"):
        tte.sign_many(jobs, signer.key, signer.certificate, progress=broken)


def test_several_python_threads_sign_at_once(signer: Signer, tmp_path: Path) -> None:
    document = letter()

    def sign(n: int) -> bytes:
        options = tte.SignOptions(reason=f"Paralel {n}")
        return tte.sign_pdf(document, signer.key, signer.certificate, chain=signer.chain, options=options)

    with ThreadPoolExecutor(max_workers=4) as pool:
        signed = list(pool.map(sign, range(8)))
    for n, pdf in enumerate(signed):
        assert f"Paralel {n})".encode() in pdf, "each thread got its own document back"
        (report,) = tte.verify_pdf(pdf, [signer.ca.root])
        assert report.valid, (n, report.problems)


def test_bulk_example_signs_a_folder(signer: Signer, tmp_path: Path) -> None:
    inbox(tmp_path / "masuk", 6, broken=3)
    p12 = tmp_path / "rina.p12"
    p12.write_bytes(tte.export_pkcs12(signer.key, signer.certificate, signer.chain, "Kunci#Rahasia2024x"))
    env = {**os.environ, "TTE_PASSPHRASE": "Kunci#Rahasia2024x"}
    run = subprocess.run(
        [sys.executable, str(EXAMPLE), str(tmp_path / "masuk"), str(tmp_path / "keluar"), "--p12", str(p12)],
        capture_output=True, text=True, env=env,
    )  # fmt: skip
    assert run.returncode == 1, run.stderr
    assert "5 of 6 signed" in run.stdout and "not signed: surat-003.pdf: [5001]" in run.stdout
    assert "Menandatangani" in run.stderr, "the progress bar is drawn"
    signed = sorted((tmp_path / "keluar").iterdir())
    assert [p.name for p in signed] == ["surat-000.pdf", "surat-001.pdf", "surat-002.pdf", "surat-004.pdf",
                                        "surat-005.pdf"]  # fmt: skip
    assert_valid_pdf(signed[-1], signer.ca.root)
