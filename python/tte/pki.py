"""Certificate path validation."""

from __future__ import annotations

from datetime import datetime
from typing import Iterable, Optional, Sequence, Union

from . import _native
from ._native import Certificate

#: A CRL as PEM text or PEM/DER bytes.
CrlData = Union[bytes, str]


def crl_bytes(crls: Iterable[CrlData]) -> list[bytes]:
    """The CRLs as bytes for the library."""
    return [crl.encode() if isinstance(crl, str) else crl for crl in crls]


def validate_certificate(
    certificate: Certificate,
    trust: Sequence[Certificate],
    *,
    intermediates: Sequence[Certificate] = (),
    crls: Iterable[CrlData] = (),
    at: Optional[datetime] = None,
) -> list[Certificate]:
    """Validates ``certificate`` for document signing at ``at`` (now by default): a chain
    to one of the ``trust`` anchors through ``intermediates``, every certificate valid at
    that time and not revoked by the CRLs given. Returns the chain, leaf first; raises
    CertificateError (expired, untrusted, revoked, not for this use)."""
    return _native.validate_certificate(certificate, list(trust), list(intermediates), crl_bytes(crls), at)
