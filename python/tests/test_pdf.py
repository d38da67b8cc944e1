"""PDF signing and verification, checked by pdfsig, qpdf and pyHanko."""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import Signer, assert_valid_pdf, letter, png, run, tool

import tte

QR_URL = "https://tte.contoh.go.id/verifikasi/SINTETIS-0001"


def test_invisible_signature_from_bytes_is_valid_everywhere(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    options = tte.SignOptions(reason="Menyetujui", location="Samarinda", certify=tte.Certification.FORM_FILLING)
    signed = tte.sign_pdf(letter_pdf, signer.key, signer.certificate, chain=signer.chain, options=options)
    assert signed.startswith(letter_pdf), "signing is incremental"
    (reports,) = tte.verify_pdf(signed, [signer.ca.root])
    assert reports.valid and reports.signer == signer.certificate.subject and reports.problems == []
    assert reports.signer_serial == signer.certificate.serial
    assert reports.to_dict()["valid"] is True
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    assert_valid_pdf(path, signer.ca.root)


def test_visible_stamp_with_qr_and_image_at_the_anchor_reads_back(signer: Signer, tmp_path: Path) -> None:
    source = tmp_path / "letter.pdf"
    source.write_bytes(letter(pages=2))
    visible = tte.Visible(
        tte.Anchor("#", size=(260, 90), offset=(0, -80)),
        lines=["Ditandatangani secara elektronik oleh:", "Rina Sintetis"],
        qr_url=QR_URL,
        image=png(),
    )
    signed = tte.sign_pdf(source, signer.key, signer.certificate, chain=signer.chain,
                          options=tte.SignOptions(visible=visible, pss=True))  # fmt: skip
    path = tmp_path / "visible.pdf"
    path.write_bytes(signed)
    assert_valid_pdf(path, signer.ca.root)
    run(tool("pdftoppm"), "-r", "200", "-f", "2", "-l", "2", "-png", str(path), str(tmp_path / "page"))
    (page,) = tmp_path.glob("page*.png")
    assert QR_URL in run(tool("zbarimg"), "--quiet", "--raw", str(page))


def test_rect_placement_and_a_second_signature(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    first = tte.sign_pdf(letter_pdf, signer.key, signer.certificate, chain=signer.chain,
                         options=tte.SignOptions(visible=tte.Visible(tte.Rect((72, 72, 272, 142), page="last"),
                                                                     lines=["Paraf"], footer=None)))  # fmt: skip
    second = tte.sign_pdf(first, signer.key, signer.certificate, chain=signer.chain,
                          options=tte.SignOptions(field_name="Kepala", visible=tte.Visible(tte.Rect((300, 72, 500, 142), page=1))))  # fmt: skip
    reports = tte.verify_pdf(second, [signer.ca.root])
    assert [r.valid for r in reports] == [True, True] and reports[1].field == "Kepala"
    # The first signature permits the second; the second covers the whole file.
    assert [r.verdict for r in reports] == [tte.Verdict.VALID_WITH_PERMITTED_CHANGES, tte.Verdict.VALID_UNTOUCHED]
    assert reports[0].modification_level is tte.ModificationLevel.FORM_FILLING
    (change,) = reports[0].changes
    assert (change.kind, change.visible, change.permitted, change.field) == (tte.ChangeClass.SIGNING, True, True, "Kepala")
    assert reports[0].to_dict()["changes"][0]["class"] == "signing" and reports[1].changes == []
    path = tmp_path / "two.pdf"
    path.write_bytes(second)
    assert_valid_pdf(path, signer.ca.root, signatures=2)
    with pytest.raises(ValueError):
        tte.Rect((0, 0, 1, 1), page=0).to_dict()


def test_file_signing_leaves_complete_output_or_none(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    source, destination = tmp_path / "in.pdf", tmp_path / "out.pdf"
    source.write_bytes(letter_pdf)
    tte.sign_pdf_file(source, destination, signer.key, signer.certificate, chain=signer.chain)
    assert_valid_pdf(destination, signer.ca.root)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nbukan PDF\n")
    with pytest.raises(tte.PdfError) as raised:
        tte.sign_pdf_file(broken, tmp_path / "never.pdf", signer.key, signer.certificate)
    assert raised.value.code == 5001
    assert not (tmp_path / "never.pdf").exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.suffix == ".pem") == ["broken.pdf", "in.pdf", "out.pdf"]


def test_two_phase_signing_with_the_key_elsewhere(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    prepared = tte.prepare_pdf(letter_pdf, signer.certificate, chain=signer.chain,
                               options=tte.SignOptions(reason="Disetujui dari jarak jauh"))  # fmt: skip
    state, kept = prepared.state_json(), prepared.prepared
    assert "PRIVATE" not in state and len(state) < 8192 and len(kept) > len(letter_pdf)
    damaged = bytearray(kept)
    damaged[30] ^= 1
    with pytest.raises(tte.PdfError) as mismatch:
        tte.PreparedPdf.resume(state, bytes(damaged))
    assert mismatch.value.code == 5013
    resumed = tte.PreparedPdf.resume(state, kept)
    assert resumed.document_digest == prepared.document_digest and len(prepared.document_digest) == 32
    with pytest.raises(tte.SignatureError) as bad:
        resumed.finish(b"\x00" * 256)
    assert bad.value.code == 4005
    signed = resumed.finish(signer.key.sign(resumed.to_be_signed()))
    path = tmp_path / "two-phase.pdf"
    path.write_bytes(signed)
    assert_valid_pdf(path, signer.ca.root)


def test_verification_reports_tampering_and_time(signer: Signer, letter_pdf: bytes) -> None:
    signed = bytearray(tte.sign_pdf(letter_pdf, signer.key, signer.certificate, chain=signer.chain))
    at = signed.index(b"ReportLab Generated")
    signed[at : at + 9] = b"REPORTLAB"
    (tampered,) = tte.verify_pdf(bytes(signed), [signer.ca.root])
    assert not tampered.valid and not tampered.digest_ok and tampered.problems
    (later,) = tte.verify_pdf(
        tte.sign_pdf(letter_pdf, signer.key, signer.certificate, chain=signer.chain),
        [signer.ca.root],
        at=datetime.now(timezone.utc) + timedelta(days=5 * 365),
    )
    assert not later.valid and not later.chain_ok and later.digest_ok and later.signature_ok
    with pytest.raises(ValueError):
        tte.verify_pdf(letter_pdf, [signer.ca.root], at=datetime(2026, 1, 1))


@pytest.mark.parametrize(
    "document",
    [b"", b"sampah", b"%PDF-1.7\n", letter()[:200]],
    ids=["empty", "garbage", "header-only", "truncated"],
)
def test_unreadable_pdfs_raise_pdf_errors(signer: Signer, document: bytes) -> None:
    with pytest.raises(tte.PdfError) as raised:
        tte.sign_pdf(document, signer.key, signer.certificate)
    assert raised.value.code == 5001


def test_encrypted_pdf_is_refused(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    plain, encrypted = tmp_path / "plain.pdf", tmp_path / "encrypted.pdf"
    plain.write_bytes(letter_pdf)
    subprocess.run([tool("qpdf"), "--encrypt", "u", "o", "256", "--", str(plain), str(encrypted)], check=True)
    with pytest.raises(tte.PdfError) as raised:
        tte.sign_pdf(encrypted, signer.key, signer.certificate)
    assert raised.value.code == 5002


def test_options_serialize_to_the_library_shape() -> None:
    options = tte.SignOptions(
        reason="R",
        signing_time=datetime(2026, 11, 30, 8, 0, tzinfo=timezone.utc),
        visible=tte.Visible(tte.Anchor(), lines=["a"], qr_url="https://x.go.id"),
        certify=tte.Certification.NO_CHANGES,
    )
    shape = json.loads(options.to_json())
    assert shape["signing_time"] == 1796025600 and shape["certify"] == 1
    assert shape["visible"]["placement"] == {"Anchor": {"character": "#", "size": [200.0, 80.0], "offset": [0.0, 0.0]}}
    assert shape["visible"]["stamp"]["footer"] == tte.BSRE_FOOTER


def test_remote_cms_from_openssl_completes_a_prepared_pdf(signer: Signer, letter_pdf: bytes, tmp_path: Path) -> None:
    """A hash-signing service returns a whole CMS; here `openssl cms -sign` plays it."""
    prepared = tte.prepare_pdf(letter_pdf, signer.certificate, chain=signer.chain)
    state = json.loads(prepared.state_json())
    data, at, length = prepared.prepared, state["contents_at"], state["contents_len"]
    signed_ranges = data[: at - 1] + data[at + length + 1 :]
    assert hashlib.sha256(signed_ranges).digest() == prepared.document_digest
    (tmp_path / "content").write_bytes(signed_ranges)
    (tmp_path / "key.pem").write_text(signer.key.to_pem("Kunci#Rahasia2024x"))
    (tmp_path / "cert.pem").write_text(signer.certificate.to_pem())
    (tmp_path / "chain.pem").write_text(signer.ca.issuing.to_pem())
    run(tool("openssl"), "cms", "-sign", "-binary", "-md", "sha256", "-outform", "DER", "-nosmimecap",
        "-certfile", str(tmp_path / "chain.pem"),
        "-in", str(tmp_path / "content"), "-signer", str(tmp_path / "cert.pem"), "-inkey", str(tmp_path / "key.pem"),
        "-passin", "pass:Kunci#Rahasia2024x", "-out", str(tmp_path / "cms.der"))  # fmt: skip
    cms = (tmp_path / "cms.der").read_bytes()
    other = tte.prepare_pdf(letter(title="Surat lain"), signer.certificate)
    with pytest.raises(tte.TteError):
        other.finish_with_cms(cms)
    path = tmp_path / "remote.pdf"
    path.write_bytes(prepared.finish_with_cms(cms))
    assert_valid_pdf(path, signer.ca.root)
