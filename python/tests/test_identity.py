"""Identity and passphrase rules through the package."""

from __future__ import annotations

from datetime import date

import pytest

import tte

NIK_MAN = "6472051203750002"
NIK_WOMAN = "6472054508880001"
NIP = "198808052010012001"


def test_nik_is_decoded_with_birth_date_and_sex() -> None:
    man, woman = tte.check_nik(NIK_MAN), tte.check_nik(NIK_WOMAN)
    assert (man.birth_date, man.sex) == (date(1975, 3, 12), tte.Sex.MALE)
    assert (woman.birth_date, woman.sex) == (date(1988, 8, 5), tte.Sex.FEMALE)
    assert woman.to_dict() == {"digits": NIK_WOMAN, "birth_date": "1988-08-05", "sex": "Female"}


def test_nip_is_decoded_with_appointment() -> None:
    nip = tte.check_nip(NIP)
    assert (nip.birth_date, nip.appointment_year, nip.appointment_month, nip.sex) == (
        date(1988, 8, 5),
        2010,
        1,
        tte.Sex.FEMALE,
    )


def test_nik_and_nip_are_checked_to_be_one_person() -> None:
    nik, nip = tte.check_nik_nip(NIK_WOMAN, NIP)
    assert (nik.birth_date, nip.birth_date, nik.sex, nip.sex) == (date(1988, 8, 5),) * 2 + (tte.Sex.FEMALE,) * 2
    with pytest.raises(tte.IdentityError) as other_birthday:
        tte.check_nik_nip(NIK_MAN, NIP)
    assert other_birthday.value.code == 1011 and "tanggal lahir NIK dan NIP" in other_birthday.value.message_id
    with pytest.raises(tte.IdentityError) as other_sex:
        tte.check_nik_nip("6472050508880001", NIP)
    assert other_sex.value.code == 1012


@pytest.mark.parametrize(
    ("check", "value", "code"),
    [
        (tte.check_nik, "12345", 1001),
        (tte.check_nik, "9972051203750002", None),
        (tte.check_nip, "19880805201001200", 1001),
        (tte.check_phone, "12345", None),
    ],
)
def test_bad_identities_raise_identity_errors_with_both_messages(check, value, code) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(tte.IdentityError) as raised:
        check(value)
    error = raised.value
    assert 1001 <= error.code <= 1016
    if code is not None:
        assert error.code == code
    assert error.message_id and error.message_en and error.message_id != error.message_en
    assert str(error) == f"[{error.code}] {error.message_en}"
    assert isinstance(error, tte.TteError)


def test_official_email_domains() -> None:
    assert tte.check_email("Rina@KaltimProv.go.id") == "rina@kaltimprov.go.id"
    assert tte.check_email("a@contoh.go.id", ["contoh.go.id"]) == "a@contoh.go.id"
    with pytest.raises(tte.IdentityError):
        tte.check_email("rina@gmail.com")
    with pytest.raises(tte.IdentityError):
        tte.check_email("guru@kemdikbud.go.id", ["contoh.go.id"])
    assert tte.check_email("guru@kemdikbud.go.id", ["contoh.go.id"], allow_legacy=True) == "guru@kemdikbud.go.id"


def test_phone_numbers_become_e164() -> None:
    assert tte.check_phone("0812-3456-7890") == "+6281234567890"
    assert tte.check_phone("6281234567890") == "+6281234567890"


def test_passphrase_policy_lists_every_violation_and_raises() -> None:
    violations = tte.passphrase_violations("abc")
    assert set(violations) >= {
        tte.PassphraseViolation.TOO_SHORT,
        tte.PassphraseViolation.NO_UPPERCASE,
        tte.PassphraseViolation.NO_DIGIT,
        tte.PassphraseViolation.NO_SPECIAL,
    }
    assert tte.passphrase_violations("Rina#Sintetis42x", name="Rina Sintetis") == [
        tte.PassphraseViolation.CONTAINS_PERSONAL_DATA
    ]
    with pytest.raises(tte.PassphraseError) as raised:
        tte.check_passphrase("Password123!")
    assert raised.value.code == 1200
    tte.check_passphrase("Sungai#Mahakam82")


def test_generated_passphrases_pass_the_policy() -> None:
    for length in (12, 16, 40):
        passphrase = tte.generate_passphrase(length)
        assert len(passphrase) == length
        assert tte.passphrase_violations(passphrase) == []
