"""The lifecycle through tte.Office: SOP walks, refusals that change nothing, records,
SLA reports, the key store, signing with a held key, log replay."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from conftest import assert_valid_pdf, letter

import tte
from tte import _native

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples" / "python"))
import lifecycle  # noqa: E402  (the example's SOP walks, tested here)

APPLICANT = tte.Applicant("Rina Sintetis", "rina.sintetis@kaltimprov.go.id", "Dinas Kominfo", tte.Echelon.III)
IDENTITY = tte.IdentityForm("6472054508880001", "198808052010012001", "081234567890")
PERSON = tte.Actor(APPLICANT.email, tte.Role.APPLICANT)
PASSPHRASE = "Kopi#Pagi2026x"


@pytest.fixture
def office(tmp_path: Path) -> tte.Office:
    return tte.Office.create(tmp_path / "kantor", lifecycle.ORGANIZATION, lifecycle.CA_PASSPHRASE,
                             config=lifecycle.CONFIG)  # fmt: skip


def test_enums_name_what_the_library_names() -> None:
    vocabulary = json.loads(_native.vocabulary())
    assert [r.value for r in tte.Role] == vocabulary["Role"]
    assert [p.value for p in tte.Process] == vocabulary["Process"]
    assert [a.value for a in tte.ActionKind] == vocabulary["ActionKind"]


def test_registration_walks_sop_1_to_an_esign_certificate(office: tte.Office) -> None:
    other = tte.Applicant("Budi Sintetis", "budi.sintetis@kaltimprov.go.id", "Dinas Kominfo", tte.Echelon.IV)
    opened = office.request(tte.Actor(other.email, tte.Role.APPLICANT), tte.requests.PortalRegistration(other))
    assert opened.case is not None and opened.event.action is tte.ActionKind.OPEN
    assert opened.event.to_state is tte.State.AWAITING_PORTAL_ACTIVATION
    (notice,) = opened.notifications
    assert notice.kind is tte.NotificationKind.PORTAL_ACTIVATION and notice.to == [other.email]
    token = opened.secret("Link")
    assert token not in notice.body_id + notice.body_en, "a secret never goes into a notification body"
    assert token not in office.log_json() and "secrets" not in opened.to_dict()
    assert "value" not in repr(opened.secrets[0]) and token not in repr(opened)

    case = lifecycle.register(office, APPLICANT, IDENTITY, PASSPHRASE)
    record = office.case(case)
    assert record.process is tte.Process.PORTAL_REGISTRATION and record.state is tte.State.COMPLETED
    assert record.state.is_terminal and record.to_dict()["id"] == case
    assert record.account is not None
    account = office.account(record.account)
    assert (account.nik, account.passphrase_set, account.suspended) == (IDENTITY.nik, True, False)
    (certificate,) = office.certificates(record.account)
    assert certificate.method is tte.Method.ESIGN and not certificate.revoked
    assert office.user_status(IDENTITY.nik) is tte.UserStatus.ISSUE
    assert office.user_status("6472051203750002") is tte.UserStatus.NOT_REGISTERED

    report = office.sla_report(case)
    assert report.process is tte.Process.PORTAL_REGISTRATION and report.steps
    assert report.sop_total is not None and report.sop_total.total_seconds() == 35 * 60
    assert report.within_sop_total is True and not any(step.overdue for step in report.steps)


def test_refused_requests_and_actions_change_nothing(office: tte.Office) -> None:
    case = office.request(PERSON, tte.requests.PortalRegistration(APPLICANT)).case
    assert case is not None
    before = office.log_json()
    with pytest.raises(tte.LifecycleError) as illegal:
        office.act(lifecycle.VERIFIER, case, tte.requests.Issue())
    assert illegal.value.code == 2101 and "Issue" in illegal.value.message_en
    with pytest.raises(tte.LifecycleError) as role:
        office.act(lifecycle.BSRE, case, tte.requests.ResendLink())
    assert role.value.code in (2101, 2102)
    with pytest.raises(tte.LifecycleError):
        office.act(PERSON, case, tte.requests.ActivatePortal("bukan-token", IDENTITY, lifecycle.scanned(
            tte.DocumentKind.RECOMMENDATION, "r", signed_by=tte.Role.AGENCY_HEAD)))  # fmt: skip
    with pytest.raises(tte.IdentityError):
        private = tte.Applicant("Rina", "rina@gmail.com", "Dinas", tte.Echelon.III)
        office.request(tte.Actor(private.email, tte.Role.APPLICANT), tte.requests.PortalRegistration(private))
    with pytest.raises(tte.LifecycleError) as unknown:
        office.case("KASUS-999999")
    assert unknown.value.code == 2113
    assert office.log_json() == before and office.case(case).state is tte.State.AWAITING_PORTAL_ACTIVATION


def test_held_key_signs_and_wrong_passphrases_are_counted(office: tte.Office, tmp_path: Path) -> None:
    case = lifecycle.register(office, APPLICANT, IDENTITY, PASSPHRASE)
    account = office.case(case).account
    assert account is not None
    (record,) = office.certificates(account)
    signed = office.sign_pdf(PERSON, record.serial, PASSPHRASE, letter(), options=tte.SignOptions(reason="Setuju"))
    (path := tmp_path / "signed.pdf").write_bytes(signed)
    assert office.issuing_ca.issuer == office.root_ca.subject
    assert_valid_pdf(path, office.root_ca)
    events = len(office.events())
    with pytest.raises(tte.KeyPassphraseError) as wrong:
        office.sign_pdf(PERSON, record.serial, "Salah#Kunci2024x", letter())
    assert wrong.value.code == 2031
    assert len(office.events()) == events + 1 and office.account(account).failed_attempts == 1

    store = tte.Keystore.open(tmp_path / "kantor" / "keystore")
    status = store.status(account)
    assert status.holder == account and status.failed_attempts == 1 and not status.suspended
    assert status.to_dict()["algorithm"] == status.algorithm
    assert store.public_key_der(account) == tte.Certificate.load(record.pem.encode()).public_key_der()
    with pytest.raises(tte.KeyPassphraseError):
        store.unlock(account, "Salah#Kunci2024x")
    assert store.status(account).failed_attempts == 2
    store.change_passphrase(account, PASSPHRASE, "Teh#Sore2027y")
    assert store.unlock(account, "Teh#Sore2027y").public_key_der() == store.public_key_der(account)


def test_revocation_and_log_replay(office: tte.Office, tmp_path: Path) -> None:
    case = lifecycle.register(office, APPLICANT, IDENTITY, PASSPHRASE)
    account = office.case(case).account
    assert account is not None
    (record,) = office.certificates(account)
    revocation = lifecycle.revoke(office, record.serial, tte.RevocationReason.LOST_CERTIFICATE)
    assert office.case(revocation).process is tte.Process.REVOCATION
    revoked = office.certificate(record.serial)
    assert revoked.revoked and revoked.revocation_reasons == [tte.RevocationReason.LOST_CERTIFICATE]
    assert office.user_status(IDENTITY.nik) is tte.UserStatus.REVOKE

    log = office.log_json()
    events = office.events()
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert all(e.prev_hash == p.hash for p, e in zip(events, events[1:]))
    reopened = tte.Office.open(tmp_path / "kantor", lifecycle.CA_PASSPHRASE, config=lifecycle.CONFIG, log_json=log)
    assert reopened.certificate(record.serial) == revoked and reopened.log_json() == log
    tampered = log.replace(lifecycle.VERIFIER.id, "penyusup@kaltimprov.go.id", 1)
    with pytest.raises(tte.LifecycleError) as broken:
        tte.Office.open(tmp_path / "kantor", lifecycle.CA_PASSPHRASE, log_json=tampered)
    assert broken.value.code == 3001


def test_lifecycle_example_runs(tmp_path: Path) -> None:
    (source := tmp_path / "nota.pdf").write_bytes(letter())
    assert lifecycle.main(tmp_path / "kantor", source) == 0
    assert (tmp_path / "kantor" / "nota.signed.pdf").exists()
