"""PAdES signing of PDF files (one, from files, bulk, two-phase) and verification.

Signing is incremental: the original bytes stay as they are and one revision is added.
Every call releases the GIL, so several Python threads sign at once; :func:`sign_many`
signs a whole batch on all cores inside the library.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Optional, Sequence, Union

from . import _native
from ._enums import Certification, ChangeClass, ModificationLevel, Verdict
from ._errors import TteError, error_class
from ._native import Certificate, PreparedPdf, PrivateKey
from .pki import CrlData, crl_bytes

#: A document: its bytes, or the path of its file.
Source = Union[bytes, str, "os.PathLike[str]"]

#: The footer BSrE asks for under a visible electronic signature.
BSRE_FOOTER: str = _native.BSRE_FOOTER


def _read(document: Source) -> bytes:
    if isinstance(document, bytes):
        return document
    return Path(document).read_bytes()


@dataclass(frozen=True)
class Rect:
    """Place the stamp in rectangle ``(x1, y1, x2, y2)`` (points from the bottom-left
    corner) on ``page``: a number from 1, "first" or "last"."""

    rect: tuple[float, float, float, float]
    page: Union[int, str] = "first"

    def to_dict(self) -> dict[str, Any]:
        """The library's JSON shape."""
        if self.page in ("first", "last"):
            page: Any = str(self.page).capitalize()
        elif isinstance(self.page, int) and self.page >= 1:
            page = {"Number": self.page}
        else:
            raise ValueError(f"page must be a number from 1, 'first' or 'last', not {self.page!r}")
        return {"Rect": {"page": page, "rect": list(self.rect)}}


@dataclass(frozen=True)
class Anchor:
    """Place the stamp at the first ``character`` of the page text (as e-office templates
    mark the spot, e.g. "#"): its lower-left corner at the character plus ``offset``."""

    character: str = "#"
    size: tuple[float, float] = (200.0, 80.0)
    offset: tuple[float, float] = (0.0, 0.0)

    def to_dict(self) -> dict[str, Any]:
        """The library's JSON shape."""
        if len(self.character) != 1:
            raise ValueError("the anchor is one character")
        return {"Anchor": {"character": self.character, "size": list(self.size), "offset": list(self.offset)}}


@dataclass(frozen=True)
class Visible:
    """A visible stamp: text lines, an optional QR code of ``qr_url``, an optional JPEG
    or PNG ``image`` and a small-print ``footer``, at ``placement``."""

    placement: Union[Rect, Anchor]
    lines: Sequence[str] = ()
    qr_url: Optional[str] = None
    image: Optional[bytes] = field(default=None, repr=False)
    footer: Optional[str] = BSRE_FOOTER


@dataclass(frozen=True)
class SignOptions:
    """What a signature says about itself and how it looks. ``signing_time`` (the
    signer's claim, /M) is now unless given; ``certify`` makes the first signature a
    certification with those DocMDP permissions; ``pss`` uses RSA-PSS."""

    reason: Optional[str] = None
    location: Optional[str] = None
    contact_info: Optional[str] = None
    name: Optional[str] = None
    field_name: Optional[str] = None
    signing_time: Optional[datetime] = None
    visible: Optional[Visible] = None
    certify: Optional[Certification] = None
    pss: bool = False

    def to_json(self) -> str:
        """The library's JSON (the image goes separately)."""
        visible = None
        if self.visible is not None:
            stamp = {"lines": list(self.visible.lines), "qr_url": self.visible.qr_url, "footer": self.visible.footer}
            visible = {"stamp": stamp, "placement": self.visible.placement.to_dict()}
        signing_time = None if self.signing_time is None else int(self.signing_time.timestamp())
        return json.dumps(
            {
                "field_name": self.field_name,
                "reason": self.reason,
                "location": self.location,
                "contact_info": self.contact_info,
                "name": self.name,
                "signing_time": signing_time,
                "visible": visible,
                "certify": None if self.certify is None else int(self.certify),
            }
        )

    @property
    def image(self) -> Optional[bytes]:
        """The stamp's image, if any."""
        return None if self.visible is None else self.visible.image


_DEFAULT = SignOptions()


def sign_pdf(
    document: Source,
    key: PrivateKey,
    certificate: Certificate,
    *,
    chain: Sequence[Certificate] = (),
    options: SignOptions = _DEFAULT,
) -> bytes:
    """Signs a PDF (bytes, or the path of a file) and returns the signed PDF. ``chain``
    holds the certificates to embed beside the signer's (issuing CA, root)."""
    return _native.sign_pdf(
        _read(document), key, certificate, list(chain), options.to_json(), options.image, options.pss
    )


def sign_pdf_file(
    source: Union[str, "os.PathLike[str]"],
    destination: Union[str, "os.PathLike[str]"],
    key: PrivateKey,
    certificate: Certificate,
    *,
    chain: Sequence[Certificate] = (),
    options: SignOptions = _DEFAULT,
) -> None:
    """Signs the file ``source`` into ``destination`` with memory that does not grow with
    the file. The output appears complete or not at all."""
    _native.sign_pdf_file(
        os.fspath(source),
        os.fspath(destination),
        key,
        certificate,
        list(chain),
        options.to_json(),
        options.image,
        options.pss,
    )


def prepare_pdf(
    document: Source,
    certificate: Certificate,
    *,
    chain: Sequence[Certificate] = (),
    options: SignOptions = _DEFAULT,
) -> PreparedPdf:
    """Two-phase signing without the key: ``prepared.to_be_signed()`` goes to the key
    holder, whose raw signature completes it with ``prepared.finish(signature)`` (or a
    remote service's whole CMS with ``finish_with_cms``)."""
    return _native.prepare_pdf(_read(document), certificate, list(chain), options.to_json(), options.image, options.pss)


@dataclass(frozen=True)
class Change:
    """One change a later revision made after a signature, judged."""

    object: Optional[int]
    field: Optional[str]
    kind: ChangeClass
    visible: bool
    permitted: bool
    what: str

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> Change:
        """A change as the library reports it (its ``class`` is ``kind`` here)."""
        return cls(value["object"], value["field"], ChangeClass(value["class"]), value["visible"],
                   value["permitted"], value["what"])  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """Plain values, as the library writes them."""
        return {"object": self.object, "field": self.field, "class": self.kind.value, "visible": self.visible,
                "permitted": self.permitted, "what": self.what}  # fmt: skip


@dataclass(frozen=True)
class SignatureReport:
    """The verdict on one signature of a PDF: ``verdict`` tells valid and untouched,
    valid with permitted later changes (``changes``), or invalid (``problems``)."""

    field: str
    sub_filter: str
    signer: Optional[str]
    signer_serial: Optional[str]
    claimed_time: Optional[str]
    byte_range: list[int]
    byte_range_ok: bool
    covers_whole_file: bool
    digest_ok: bool
    signature_ok: bool
    chain_ok: bool
    timestamp: Optional[str]
    modification_level: ModificationLevel
    changes: list[Change]
    disallowed_changes: list[str]
    problems: list[str]
    verdict: Verdict
    valid: bool

    @classmethod
    def from_dict(cls, value: dict[str, Any]) -> SignatureReport:
        """A report as the library writes it."""
        fields = dict(value)
        fields.update(
            modification_level=ModificationLevel(value["modification_level"]),
            changes=[Change.from_dict(change) for change in value["changes"]],
            verdict=Verdict(value["verdict"]),
        )
        return cls(**fields)

    def to_dict(self) -> dict[str, Any]:
        """The report as plain values, as the library writes it."""
        fields = dict(self.__dict__)
        fields.update(
            modification_level=self.modification_level.value,
            changes=[change.to_dict() for change in self.changes],
            verdict=self.verdict.value,
        )
        return fields


def verify_pdf(
    document: Source,
    trust: Sequence[Certificate],
    *,
    intermediates: Sequence[Certificate] = (),
    crls: Iterable[CrlData] = (),
    at: Optional[datetime] = None,
) -> list[SignatureReport]:
    """Verifies every signature of a PDF against the ``trust`` anchors at ``at`` (now by
    default; a signature timestamp's time when there is one), with the CRLs given."""
    reports = json.loads(_native.verify_pdf(_read(document), list(trust), list(intermediates), crl_bytes(crls), at))
    return [SignatureReport.from_dict(report) for report in reports]


@dataclass(frozen=True)
class BulkResult:
    """One document of a :func:`sign_many` run."""

    source: Path
    destination: Path
    error: Optional[TteError]

    @property
    def signed(self) -> bool:
        """Whether the document was signed (its output exists)."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """Plain values."""
        error = self.error
        return {
            "source": str(self.source),
            "destination": str(self.destination),
            "signed": self.signed,
            "code": 0 if error is None else error.code,
            "message_id": None if error is None else error.message_id,
            "message_en": None if error is None else error.message_en,
        }


#: ``progress(done, total, failed)``, called after each document.
ProgressCallback = Callable[[int, int, int], object]


def sign_many(
    jobs: Iterable[tuple[Union[str, "os.PathLike[str]"], Union[str, "os.PathLike[str]"]]],
    key: PrivateKey,
    certificate: Certificate,
    *,
    chain: Sequence[Certificate] = (),
    options: SignOptions = _DEFAULT,
    threads: Optional[int] = None,
    progress: Optional[ProgressCallback] = None,
) -> list[BulkResult]:
    """Signs many files, ``(source, destination)`` pairs, on ``threads`` threads (all
    cores by default), each from its file. A document that fails leaves no output and is
    reported; the run goes on. ``progress`` is called after each document is on disk,
    from a library thread, one call at a time (e.g. ``lambda done, total, failed:
    bar.update(1)`` for tqdm)."""
    pairs = [(os.fspath(source), os.fspath(destination)) for source, destination in jobs]
    reports = json.loads(
        _native.sign_many(
            pairs,
            key,
            certificate,
            list(chain),
            options.to_json(),
            options.image,
            options.pss,
            threads,
            progress,
        )
    )
    results = []
    for report in reports:
        error = None
        if not report["signed"]:
            error = error_class(report["code"])(report["code"], report["message_id"], report["message_en"])
        results.append(BulkResult(Path(report["input"]), Path(report["output"]), error))
    return results
