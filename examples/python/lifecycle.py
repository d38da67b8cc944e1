"""A verifier's day at a synthetic regional office, through the `tte` package.

An applicant registers through the DS Kaltim portal (SOP 1: activation, AMS, the
verifier's check, the passphrase, BSrE's approval) and receives an ESIGN certificate
from the office's local CA; she signs a letter with the key the office holds for her;
then her data changes and she files a revocation (SOP 6), which the verifier checks and
BSrE carries out. The audit log is replayed at the end.

Run: python examples/python/lifecycle.py [DIRECTORY [LETTER.pdf]]
(DIRECTORY: a new folder for the office; LETTER.pdf: a letter for the applicant to sign.)
All people and numbers are synthetic.
"""

from __future__ import annotations

import hashlib
import sys
import tempfile
from pathlib import Path
from typing import Optional

import tte

ORGANIZATION = "Pemerintah Provinsi Kalimantan Timur"
CA_PASSPHRASE = "Kunci#KantorDemo7"
VERIFIER = tte.Actor("verifikator@kaltimprov.go.id", tte.Role.VERIFIER)
BSRE = tte.Actor("operator@bsre.go.id", tte.Role.BSRE)
# No waiting hour before the first signature, so the day fits in a script.
CONFIG = {"first_signature_wait_seconds": 0}


def scanned(
    kind: tte.DocumentKind,
    content: str,
    signed_by: Optional[tte.Role] = None,
    superior_approved: bool = False,
) -> tte.Document:
    """A document the applicant hands in (the host keeps the file, the log its digest)."""
    digest = hashlib.sha256(content.encode()).hexdigest()
    return tte.Document(kind, digest, signed_by=signed_by, superior_approved=superior_approved)


def register(office: tte.Office, applicant: tte.Applicant, identity: tte.IdentityForm, passphrase: str) -> str:
    """SOP 1 from the request to the ESIGN certificate; returns the case id."""
    person = tte.Actor(applicant.email, tte.Role.APPLICANT)
    opened = office.request(person, tte.requests.PortalRegistration(applicant))
    case = opened.case
    assert case is not None
    recommendation = scanned(tte.DocumentKind.RECOMMENDATION, "rekomendasi", signed_by=tte.Role.AGENCY_HEAD)
    activated = office.act(
        person, case, tte.requests.ActivatePortal(opened.secret("Link"), identity, recommendation)
    )
    ktp, selfie = scanned(tte.DocumentKind.KTP, "ktp"), scanned(tte.DocumentKind.SELFIE, "selfie")
    office.act(person, case, tte.requests.ActivateAms(activated.secret("Link"), ktp, selfie))
    verified = office.act(VERIFIER, case, tte.requests.Approve())
    office.act(person, case, tte.requests.SetPassphrase(verified.secret("Link"), passphrase, True))
    office.act(BSRE, case, tte.requests.Approve())
    office.act(person, case, tte.requests.Acknowledge())
    office.act(person, case, tte.requests.ChangeDefaultPassword("Sandi#Baru9x"))
    return case


def revoke(office: tte.Office, serial: str, reason: tte.RevocationReason) -> str:
    """SOP 6: the holder files, the verifier checks, BSrE revokes; returns the case id."""
    record = office.certificate(serial)
    account = office.account(record.account)
    person = tte.Actor(account.email, tte.Role.APPLICANT)
    statement = scanned(
        tte.DocumentKind.REVOCATION_STATEMENT, "surat keterangan", signed_by=tte.Role.APPLICANT, superior_approved=True
    )
    request = tte.requests.Revocation(serial, [reason], record.username, record.subject_dn, statement)
    case = office.request(person, request).case
    assert case is not None
    office.act(VERIFIER, case, tte.requests.Approve())
    office.act(BSRE, case, tte.requests.Revoke())
    office.act(person, case, tte.requests.Acknowledge())
    return case


def main(directory: Path, letter: Optional[Path] = None) -> int:
    office = tte.Office.create(directory, ORGANIZATION, CA_PASSPHRASE, config=CONFIG)
    applicant = tte.Applicant("Rina Sintetis", "rina.sintetis@kaltimprov.go.id", "Dinas Kominfo", tte.Echelon.III)
    identity = tte.IdentityForm("6472054508880001", "198808052010012001", "081234567890")
    passphrase = "Kopi#Pagi2026x"

    case = register(office, applicant, identity, passphrase)
    account = office.case(case).account
    assert account is not None
    (record,) = office.certificates(account)
    print(f"registered: {case} {office.case(case).state.value}, {record.method.value} certificate {record.serial}")
    print(f"  BSrE status of {identity.nik}: {office.user_status(identity.nik).value}")
    report = office.sla_report(case)
    print(f"  SOP time: {report.actual_total} of {report.sop_total} (within: {report.within_sop_total})")

    if letter is not None:
        person = tte.Actor(applicant.email, tte.Role.APPLICANT)
        signed = office.sign_pdf(person, record.serial, passphrase, letter, options=tte.SignOptions(reason="Setuju"))
        signed_path = directory / f"{letter.stem}.signed.pdf"
        signed_path.write_bytes(signed)
        (verdict,) = tte.verify_pdf(signed, [office.issuing_ca])
        print(f"signed: {signed_path}, valid={verdict.valid}")
        if not verdict.valid:
            return 1

    revocation = revoke(office, record.serial, tte.RevocationReason.DATA_CHANGE)
    revoked = office.certificate(record.serial)
    print(f"revoked: {revocation} {office.case(revocation).state.value}, reasons {[r.value for r in revoked.revocation_reasons]}")
    print(f"  BSrE status of {identity.nik}: {office.user_status(identity.nik).value}")

    log = office.log_json()
    replayed = tte.Office.open(directory, CA_PASSPHRASE, config=CONFIG, log_json=log)
    same = replayed.certificate(record.serial) == revoked
    print(f"audit log: {len(office.events())} events, replayed: {same}")
    return 0 if revoked.revoked and same else 1


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp()) / "kantor"
    sys.exit(main(target, Path(sys.argv[2]) if len(sys.argv) > 2 else None))
