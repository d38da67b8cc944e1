"""The exception families: every code lands in its family, with both messages."""

from __future__ import annotations

import pickle

import pytest

import tte
from tte._errors import FAMILIES, error_class, error_from_native


@pytest.mark.parametrize(
    ("code", "family"),
    [
        (1001, tte.IdentityError),
        (1016, tte.IdentityError),
        (1200, tte.PassphraseError),
        (2011, tte.LifecycleError),
        (2021, tte.LifecycleError),
        (2031, tte.KeyPassphraseError),
        (2101, tte.LifecycleError),
        (2130, tte.LifecycleError),
        (3001, tte.LifecycleError),
        (3002, tte.TteError),
        (4001, tte.FormatError),
        (4002, tte.KeyPassphraseError),
        (4004, tte.KeyPassphraseError),
        (4005, tte.SignatureError),
        (4006, tte.CertificateError),
        (4010, tte.CertificateError),
        (4011, tte.TteError),
        (5001, tte.PdfError),
        (5004, tte.PdfError),
        (4012, tte.TteError),
        (5005, tte.PdfError),
        (5007, tte.PdfError),
        (9001, tte.TteError),
    ],
)
def test_codes_map_to_their_family(code: int, family: type[tte.TteError]) -> None:
    assert error_class(code) is family
    error = error_from_native(code, "pesan", "message")
    assert type(error) is family and isinstance(error, tte.TteError)
    assert (error.code, error.message_id, error.message_en, str(error)) == (code, "pesan", "message", f"[{code}] message")


def test_families_do_not_overlap_and_errors_pickle() -> None:
    for family in FAMILIES:
        for other in FAMILIES:
            if family is not other:
                assert not any(
                    low <= o_low <= high or low <= o_high <= high
                    for low, high in family.CODES
                    for o_low, o_high in other.CODES
                ), (family, other)
    error = error_from_native(5002, "PDF terenkripsi", "The PDF is encrypted")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is tte.PdfError and (copy.code, copy.message_id) == (5002, "PDF terenkripsi")


def test_a_library_error_carries_the_library_messages() -> None:
    with pytest.raises(tte.IdentityError) as raised:
        tte.check_nik("64720512037500")
    assert raised.value.message_id.startswith("NIK") and raised.value.message_en.startswith("NIK")
