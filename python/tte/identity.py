"""Identity and passphrase rules: NIK, NIP, official e-mail, phone numbers, passphrases.

Every check raises :class:`tte.IdentityError` (or :class:`tte.PassphraseError`) with the
library's code and messages when the value is refused.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, Iterable, Optional

from . import _native
from ._enums import PassphraseViolation, Sex


def _date(value: dict[str, int]) -> date:
    return date(value["year"], value["month"], value["day"])


@dataclass(frozen=True)
class Nik:
    """A checked Nomor Induk Kependudukan."""

    digits: str
    birth_date: date
    sex: Sex

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain values."""
        return {"digits": self.digits, "birth_date": self.birth_date.isoformat(), "sex": self.sex.value}


@dataclass(frozen=True)
class Nip:
    """A checked Nomor Induk Pegawai (civil servant number)."""

    digits: str
    birth_date: date
    appointment_year: int
    appointment_month: int
    sex: Sex

    def to_dict(self) -> dict[str, Any]:
        """The fields as plain values."""
        fields = asdict(self)
        fields.update(birth_date=self.birth_date.isoformat(), sex=self.sex.value)
        return fields


def _nik(value: dict[str, Any]) -> Nik:
    return Nik(value["digits"], _date(value["birth_date"]), Sex(value["sex"]))


def _nip(value: dict[str, Any]) -> Nip:
    year, month = value["appointment"]
    return Nip(value["digits"], _date(value["birth_date"]), year, month, Sex(value["sex"]))


def check_nik(nik: str) -> Nik:
    """Checks a NIK (province, regency, district, birth date, serial) and decodes it."""
    return _nik(json.loads(_native.check_nik(nik)))


def check_nip(nip: str) -> Nip:
    """Checks a NIP (birth date, appointment, sex digit, serial) and decodes it."""
    return _nip(json.loads(_native.check_nip(nip)))


def check_nik_nip(nik: str, nip: str) -> tuple[Nik, Nip]:
    """Checks a NIK and a NIP and that they are one person's (birth date and sex agree),
    as a host system does at registration; raises IdentityError naming the NIP otherwise."""
    value = json.loads(_native.check_nik_nip(nik, nip))
    return _nik(value["nik"]), _nip(value["nip"])


def check_email(address: str, domains: Optional[Iterable[str]] = None, *, allow_legacy: bool = False) -> str:
    """Checks an official e-mail against the institution's ``domains`` (Kaltim's when
    None); ``allow_legacy`` also accepts kemdikbud.go.id. Returns the normalized address."""
    domain_list = None if domains is None else list(domains)
    result: str = json.loads(_native.check_email(address, domain_list, allow_legacy))
    return result


def check_phone(phone: str) -> str:
    """Checks an Indonesian mobile number (08…, +628…, 628…); returns it in E.164."""
    result: str = json.loads(_native.check_phone(phone))
    return result


def check_passphrase(
    passphrase: str,
    *,
    name: Optional[str] = None,
    nik: Optional[str] = None,
    nip: Optional[str] = None,
    email: Optional[str] = None,
) -> None:
    """Checks a passphrase against the default policy, which also refuses the holder's
    name, NIK, NIP, birth date and e-mail inside it. Raises PassphraseError."""
    _native.check_passphrase(passphrase, name, nik, nip, email)


def passphrase_violations(
    passphrase: str,
    *,
    name: Optional[str] = None,
    nik: Optional[str] = None,
    nip: Optional[str] = None,
    email: Optional[str] = None,
) -> list[PassphraseViolation]:
    """Every rule of the default policy the passphrase breaks (empty when it passes)."""
    names = json.loads(_native.passphrase_violations(passphrase, name, nik, nip, email))
    return [PassphraseViolation(n) for n in names]


def generate_passphrase(length: int = 16) -> str:
    """A random passphrase that passes the default policy (at least 12 characters)."""
    return _native.generate_passphrase(length)
