"""Keys, CSRs, PKCS#12, certificates and the local CA, cross-checked with openssl."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import CA_PASSPHRASE, ORGANIZATION, SIGNER_NAME, Signer, run, tool

import tte

KEY_PASSPHRASE = "Kunci#Rahasia2024x"


@pytest.mark.parametrize("algorithm", [tte.KeyAlgorithm.RSA2048, tte.KeyAlgorithm.P256])
def test_keys_round_trip_encrypted_and_sign_what_openssl_verifies(algorithm: tte.KeyAlgorithm, tmp_path: Path) -> None:
    key = tte.PrivateKey.generate(algorithm)
    assert key.algorithm == algorithm.value
    pem = key.to_pem(KEY_PASSPHRASE)
    assert "ENCRYPTED PRIVATE KEY" in pem
    assert tte.PrivateKey.from_pem(pem, KEY_PASSPHRASE).public_key_der() == key.public_key_der()
    assert tte.PrivateKey.from_pem(pem.encode(), KEY_PASSPHRASE).public_key_der() == key.public_key_der()

    (tmp_path / "key.pem").write_text(pem)
    spki = run(
        tool("openssl"), "pkey", "-in", str(tmp_path / "key.pem"), "-passin", f"pass:{KEY_PASSPHRASE}", "-pubout"
    )
    (tmp_path / "pub.pem").write_text(spki)
    message = b"Surat Keputusan (sintetis)"
    (tmp_path / "message").write_bytes(message)
    (tmp_path / "signature").write_bytes(key.sign(message))
    verified = run(
        tool("openssl"), "dgst", "-sha256", "-verify", str(tmp_path / "pub.pem"), "-signature",
        str(tmp_path / "signature"), str(tmp_path / "message"),
    )  # fmt: skip
    assert "Verified OK" in verified


def test_key_errors_are_typed() -> None:
    key = tte.PrivateKey.generate(tte.KeyAlgorithm.P256)
    pem = key.to_pem(KEY_PASSPHRASE, kdf_name="pbkdf2")
    with pytest.raises(tte.KeyPassphraseError) as wrong:
        tte.PrivateKey.from_pem(pem, "Salah#Kunci2024x")
    assert wrong.value.code == 2031
    with pytest.raises(tte.PassphraseError):
        key.to_pem("lemah")
    with pytest.raises(tte.FormatError) as garbage:
        tte.PrivateKey.from_der(b"\x30\x03\x02\x01\x00")
    assert garbage.value.code == 4001
    with pytest.raises(ValueError):
        tte.PrivateKey.generate("dsa1024")


def test_csr_is_accepted_by_openssl_and_checked_against_the_record(tmp_path: Path) -> None:
    key = tte.PrivateKey.generate(tte.KeyAlgorithm.RSA2048)
    csr = key.create_csr(SIGNER_NAME, ORGANIZATION, serial_number="PNS-0001", email="rina@kaltimprov.go.id")
    (tmp_path / "req.pem").write_text(csr.to_pem())
    text = run(tool("openssl"), "req", "-in", str(tmp_path / "req.pem"), "-verify", "-noout", "-text")
    assert "verify OK" in text.replace("Certificate request self-signature verify OK", "verify OK")
    assert "rina@kaltimprov.go.id" in text
    assert tte.Csr.load(csr.to_der()).subject == csr.subject
    csr.check(SIGNER_NAME, ORGANIZATION)
    with pytest.raises(tte.LifecycleError) as mismatch:
        csr.check("Orang Lain", ORGANIZATION)
    assert mismatch.value.code == 2118


def test_local_ca_issues_revokes_and_openssl_agrees(signer: Signer, tmp_path: Path) -> None:
    cert = signer.certificate
    assert cert.issuer == signer.ca.issuing.subject and not cert.is_ca and signer.ca.root.is_ca
    assert cert.not_before.tzinfo is not None
    assert timedelta(days=729) < cert.not_after - cert.not_before < timedelta(days=732)
    assert cert.is_valid_at(datetime.now(timezone.utc))
    assert cert == tte.Certificate.load(cert.to_pem().encode()) and len({cert, tte.Certificate.load(cert.to_der())}) == 1
    assert tte.validate_certificate(cert, [signer.ca.root], intermediates=[signer.ca.issuing]) == [
        cert,
        signer.ca.issuing,
        signer.ca.root,
    ]

    ca = tte.LocalCa.open(signer.ca_dir, CA_PASSPHRASE)
    key, victim = ca.issue_with_new_key("Budi Sintetis", ORGANIZATION, key_algorithm=tte.KeyAlgorithm.P256)
    assert victim.public_key_der() == key.public_key_der()
    crl = ca.revoke(victim.serial, tte.CrlReason.KEY_COMPROMISE)
    for name, pem in {"root": ca.root.to_pem(), "ca": ca.issuing.to_pem(), "crl": crl, "leaf": victim.to_pem()}.items():
        (tmp_path / f"{name}.pem").write_text(pem)
    verify = [tool("openssl"), "verify", "-CAfile", str(tmp_path / "root.pem"), "-untrusted", str(tmp_path / "ca.pem")]
    openssl = subprocess.run(
        [*verify, "-crl_check", "-CRLfile", str(tmp_path / "crl.pem"), str(tmp_path / "leaf.pem")],
        capture_output=True,
        text=True,
    )
    assert openssl.returncode != 0 and "certificate revoked" in openssl.stdout + openssl.stderr
    with pytest.raises(tte.CertificateError) as revoked:
        tte.validate_certificate(victim, [ca.root], intermediates=[ca.issuing], crls=[crl])
    assert revoked.value.code == 4009
    with pytest.raises(tte.CertificateError) as expired:
        tte.validate_certificate(
            cert, [ca.root], intermediates=[ca.issuing], at=datetime.now(timezone.utc) + timedelta(days=3 * 365)
        )
    assert expired.value.code == 4006
    with pytest.raises(tte.CertificateError) as untrusted:
        tte.validate_certificate(cert, [ca.root])
    assert untrusted.value.code == 4008


def test_ca_refuses_without_changing_anything(signer: Signer) -> None:
    with pytest.raises(tte.KeyPassphraseError):
        tte.LocalCa.open(signer.ca_dir, "Salah#Kunci2024x")
    with pytest.raises(tte.TteError) as missing:
        tte.LocalCa.open(signer.ca_dir.parent / "tidak-ada", CA_PASSPHRASE)
    assert type(missing.value) is tte.TteError and missing.value.code == 4011
    with pytest.raises(tte.TteError):
        signer.ca.revoke(signer.certificate.serial, 7)
    tte.validate_certificate(
        signer.certificate, [signer.ca.root], intermediates=[signer.ca.issuing], crls=[signer.ca.publish_crl()]
    )


def test_pkcs12_export_reads_in_openssl_and_back(signer: Signer, tmp_path: Path) -> None:
    p12 = tte.export_pkcs12(signer.key, signer.certificate, signer.chain, KEY_PASSPHRASE, friendly_name="Rina")
    (tmp_path / "id.p12").write_bytes(p12)
    info = run(tool("openssl"), "pkcs12", "-info", "-nodes", "-in", str(tmp_path / "id.p12"), "-passin",
               f"pass:{KEY_PASSPHRASE}")  # fmt: skip
    assert info.count("BEGIN CERTIFICATE") == 3 and "friendlyName: Rina" in info
    key, certificate, chain = tte.load_pkcs12(p12, KEY_PASSPHRASE)
    assert key.public_key_der() == signer.key.public_key_der()
    assert certificate == signer.certificate and set(chain) == set(signer.chain)
    with pytest.raises(tte.KeyPassphraseError):
        tte.load_pkcs12(p12, "Salah#Kunci2024x")
