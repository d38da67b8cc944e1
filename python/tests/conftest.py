"""Fixtures: a local CA with a LOCK signer, synthetic letters, and the outside validators
(pdfsig, qpdf, pyHanko, openssl) that check what the package produces."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import tte

ORGANIZATION = "Pemerintah Provinsi Kalimantan Timur"
CA_PASSPHRASE = "Kunci#UjiPython7"
# Synthetic people only.
SIGNER_NAME = "Rina Sintetis"
SIGNER_EMAIL = "rina.sintetis@kaltimprov.go.id"


@dataclass(frozen=True)
class Signer:
    """A LOCK signer: key, certificate and the CA chain, with the CA's folder."""

    key: tte.PrivateKey
    certificate: tte.Certificate
    ca: tte.LocalCa
    ca_dir: Path

    @property
    def chain(self) -> list[tte.Certificate]:
        return [self.ca.issuing, self.ca.root]


@pytest.fixture(scope="session")
def signer(tmp_path_factory: pytest.TempPathFactory) -> Signer:
    ca_dir = tmp_path_factory.mktemp("ca") / "ca"
    ca = tte.LocalCa.create(ca_dir, ORGANIZATION, CA_PASSPHRASE, key_algorithm=tte.KeyAlgorithm.P256)
    key = tte.PrivateKey.generate(tte.KeyAlgorithm.RSA2048)
    csr = key.create_csr(SIGNER_NAME, ORGANIZATION, email=SIGNER_EMAIL)
    certificate = ca.issue(csr, SIGNER_NAME, ORGANIZATION, email=SIGNER_EMAIL)
    return Signer(key, certificate, ca, ca_dir)


def letter(title: str = "Nota Dinas", pages: int = 1) -> bytes:
    """A synthetic letter; the last page carries the '#' anchor where the stamp goes."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 12)
        pdf.drawString(72, 770, f"{title} - halaman {page}")
        pdf.drawString(72, 740, "Perihal: Uji tanda tangan elektronik (data sintetis)")
        if page == pages:
            pdf.drawString(330, 260, "Kepala Dinas,")
            pdf.drawString(330, 240, "#")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def letter_pdf() -> bytes:
    return letter()


def png(width: int = 24, height: int = 12) -> bytes:
    """A small RGB PNG (a red-to-blue gradient) for stamp images."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((255 * x // width, 64, 255 - 255 * x // width)) for x in range(width))
        for _ in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def tool(name: str) -> str:
    """An outside tool: beside this interpreter (the venv's pyhanko) or on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    assert found, f"{name} is not installed (make setup installs it)"
    return found


def run(*args: str) -> str:
    """Runs a tool; its stdout (stderr folded in) when it succeeds."""
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    return done.stdout + done.stderr


def assert_valid_pdf(path: Path, root: tte.Certificate, signatures: int = 1) -> None:
    """pdfsig, qpdf --check and pyHanko all accept every signature of ``path``."""
    report = run(tool("pdfsig"), str(path))
    assert report.count("Signature Validation: Signature is Valid.") == signatures, report
    run(tool("qpdf"), "--check", str(path))
    root_pem = path.with_suffix(".root.pem")
    root_pem.write_text(root.to_pem())
    validated = run(
        tool("pyhanko"),
        "sign",
        "validate",
        "--pretty-print",
        "--no-revocation-check",
        "--trust-replace",
        "--trust",
        str(root_pem),
        str(path),
    )
    assert validated.count("judged VALID") == signatures, validated
