"""The exceptions of ``tte``: one base class, one subclass per family of error codes.

Every exception carries the library's stable ``code`` and its message in Indonesian
(``message_id``) and English (``message_en``); ``str()`` gives ``"[code] English"``.
"""

from __future__ import annotations

from typing import ClassVar


class TteError(Exception):
    """Any refusal of the tte library (codes outside the families below land here:
    3002 serialization, 4011 I/O, 4012 colliding outputs, 9001 random source)."""

    #: The codes of the family, inclusive ranges.
    CODES: ClassVar[tuple[tuple[int, int], ...]] = ()

    def __init__(self, code: int, message_id: str, message_en: str) -> None:
        super().__init__(f"[{code}] {message_en}")
        #: The stable numeric code.
        self.code = code
        #: The message in Indonesian.
        self.message_id = message_id
        #: The message in English.
        self.message_en = message_en

    def __reduce__(self) -> tuple[type[TteError], tuple[int, str, str]]:
        return (type(self), (self.code, self.message_id, self.message_en))


class IdentityError(TteError):
    """A NIK, NIP, e-mail or phone number that is not valid (1001–1016)."""

    CODES = ((1001, 1016),)


class PassphraseError(TteError):
    """A passphrase the policy refuses (1200); the messages list every violation."""

    CODES = ((1200, 1200),)


class LifecycleError(TteError):
    """A request or action the SOPs refuse, nothing changed (2011, 2021, 2101–2130), or an
    audit log whose hash chain is broken (3001)."""

    CODES = ((2011, 2011), (2021, 2021), (2101, 2130), (3001, 3001))


class KeyPassphraseError(TteError):
    """A wrong passphrase (2031, counted), or a key that cannot be used: not a key,
    unsupported or too weak (4002–4004)."""

    CODES = ((2031, 2031), (4002, 4004))


class FormatError(TteError):
    """Malformed DER, PEM or JSON input (4001)."""

    CODES = ((4001, 4001),)


class SignatureError(TteError):
    """A signature that does not verify (4005)."""

    CODES = ((4005, 4005),)


class CertificateError(TteError):
    """A certificate outside its validity, untrusted, revoked or not for this use
    (4006–4010)."""

    CODES = ((4006, 4010),)


class PdfError(TteError):
    """A PDF that cannot be read or signed as asked (5001–5013)."""

    CODES = ((5001, 5013),)


FAMILIES: tuple[type[TteError], ...] = (
    IdentityError,
    PassphraseError,
    LifecycleError,
    KeyPassphraseError,
    FormatError,
    SignatureError,
    CertificateError,
    PdfError,
)


def error_class(code: int) -> type[TteError]:
    """The exception class of ``code``."""
    for family in FAMILIES:
        if any(low <= code <= high for low, high in family.CODES):
            return family
    return TteError


def error_from_native(code: int, message_id: str, message_en: str) -> TteError:
    """The exception for a library error (called by ``tte._native``)."""
    return error_class(code)(code, message_id, message_en)
