"""What users submit to an :class:`tte.Office`: a request opens a case (one class per
process), an action moves it on (one class per action). Each is a frozen dataclass whose
fields are the library's; ``to_dict()`` gives the library's JSON shape.

Secrets (link tokens, passphrases, passwords) go to the library and are never logged.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from typing import Any, Optional, Union

from ._enums import DocumentKind, Echelon, Method, RevocationReason, Role
from ._plain import plain


@dataclass(frozen=True)
class Actor:
    """Who acts: an e-mail or operator id and a role."""

    id: str
    role: Role

    def to_dict(self) -> dict[str, Any]:
        """The library's JSON shape."""
        return {"id": self.id, "role": self.role.value}


@dataclass(frozen=True)
class Document:
    """A document handed in, known by its SHA-256 (the file itself stays with the host)."""

    kind: DocumentKind
    sha256: str
    signed_by: Optional[Role] = None
    superior_approved: bool = False
    stamped: bool = False

    @classmethod
    def of(
        cls,
        kind: DocumentKind,
        content: bytes,
        *,
        signed_by: Optional[Role] = None,
        superior_approved: bool = False,
        stamped: bool = False,
    ) -> Document:
        """A document of ``kind`` with the SHA-256 of ``content``."""
        digest = hashlib.sha256(content).hexdigest()
        return cls(kind, digest, signed_by, superior_approved, stamped)


@dataclass(frozen=True)
class Applicant:
    """Who applies for an account."""

    name: str
    email: str
    institution: str
    echelon: Echelon


@dataclass(frozen=True)
class IdentityForm:
    """The identity an applicant types in."""

    nik: str
    nip: str
    phone: str


@dataclass(frozen=True)
class ChangeForm:
    """What a data change or data update changes (None: unchanged)."""

    name: Optional[str] = None
    institution: Optional[str] = None
    echelon: Optional[Echelon] = None
    phone: Optional[str] = None


class _Tagged:
    """A request or action: the library reads ``{"ClassName": {fields}}``, or
    ``"ClassName"`` for one without fields."""

    def to_dict(self) -> Union[dict[str, Any], str]:
        """The library's JSON shape."""
        name = type(self).__name__
        own = fields(self)  # type: ignore[arg-type]
        if not own:
            return name
        return {name: {f.name: plain(getattr(self, f.name)) for f in own}}


# Requests: one per process.


@dataclass(frozen=True)
class PortalRegistration(_Tagged):
    """1. Register on the DS Kaltim portal with the official e-mail."""

    applicant: Applicant


@dataclass(frozen=True)
class AmsRegistration(_Tagged):
    """2./3. AMS account; the echelon picks the process (I/II: draft to the Kadis
    Kominfo; III and below: the agency head's signed recommendation)."""

    applicant: Applicant
    documents: list[Document]


@dataclass(frozen=True)
class Issuance(_Tagged):
    """4./5. A certificate by LOCK or ESIGN for a verified account."""

    account: str
    method: Method


@dataclass(frozen=True)
class Revocation(_Tagged):
    """6. Revocation with a statement approved by a superior."""

    certificate: str
    reasons: list[RevocationReason]
    username: str
    subject_dn: str
    statement: Document


@dataclass(frozen=True)
class DataChange(_Tagged):
    """7. Change of data: the certificate is revoked and reissued."""

    certificate: str
    changes: ChangeForm
    documents: list[Document]


@dataclass(frozen=True)
class LostCertificate(_Tagged):
    """8. Lost certificate with a statement of loss."""

    certificate: str
    statement: Document


@dataclass(frozen=True)
class ForgottenPassphraseLock(_Tagged):
    """9. Forgotten LOCK passphrase with a statement and a new CSR (PEM)."""

    certificate: str
    statement: Document
    csr: str


@dataclass(frozen=True)
class ForgottenPassphraseEsign(_Tagged):
    """10. Forgotten ESIGN passphrase."""

    certificate: str


@dataclass(frozen=True)
class Renewal(_Tagged):
    """11. Renewal filed by the verifier with the recommendation."""

    account: str
    recommendation: Document


@dataclass(frozen=True)
class DataUpdate(_Tagged):
    """12. Update of data filed by the verifier."""

    account: str
    changes: ChangeForm
    documents: list[Document]


@dataclass(frozen=True)
class ExpiredAccountChange(_Tagged):
    """13. Change of an expired account's e-mail, approved from the old address."""

    account: str
    new_email: str
    form: Document


@dataclass(frozen=True)
class ApiApplication(_Tagged):
    """14. Registration of an e-office application for API access."""

    name: str
    institution: str
    form: Document


Request = Union[
    PortalRegistration,
    AmsRegistration,
    Issuance,
    Revocation,
    DataChange,
    LostCertificate,
    ForgottenPassphraseLock,
    ForgottenPassphraseEsign,
    Renewal,
    DataUpdate,
    ExpiredAccountChange,
    ApiApplication,
]

# Actions.


@dataclass(frozen=True)
class ActivatePortal(_Tagged):
    """The applicant activates the portal account with the link's token."""

    token: str = field(repr=False)
    identity: IdentityForm
    recommendation: Document


@dataclass(frozen=True)
class IssueRecommendation(_Tagged):
    """The Kadis Kominfo issues the recommendation (Eselon I/II)."""

    recommendation: Document


@dataclass(frozen=True)
class RegisterIdentity(_Tagged):
    """The applicant registers NIK, NIP and phone with the recommendation."""

    identity: IdentityForm
    recommendation: Document


@dataclass(frozen=True)
class ActivateAms(_Tagged):
    """The applicant activates the AMS account with KTP and selfie."""

    token: str = field(repr=False)
    ktp: Document
    selfie: Document


@dataclass(frozen=True)
class Approve(_Tagged):
    """Approve the step (verifier, BSrE, superior, as the process says)."""


@dataclass(frozen=True)
class Return(_Tagged):
    """Return the case to the applicant with a reason."""

    reason: str


@dataclass(frozen=True)
class Resubmit(_Tagged):
    """The applicant resubmits corrected documents."""

    documents: list[Document]


@dataclass(frozen=True)
class SetPassphrase(_Tagged):
    """The applicant sets the passphrase (and accepts the agreement)."""

    token: str = field(repr=False)
    passphrase: str = field(repr=False)
    accept_agreement: bool


@dataclass(frozen=True)
class Acknowledge(_Tagged):
    """The applicant acknowledges the account information."""


@dataclass(frozen=True)
class ChangeDefaultPassword(_Tagged):
    """The applicant replaces the default password."""

    new_password: str = field(repr=False)


@dataclass(frozen=True)
class UploadCsr(_Tagged):
    """LOCK: the applicant uploads the CSR (PEM)."""

    csr: str


@dataclass(frozen=True)
class UploadDocuments(_Tagged):
    """The applicant uploads recommendation, KTP and selfie."""

    recommendation: Document
    ktp: Document
    selfie: Document


@dataclass(frozen=True)
class AcceptAgreement(_Tagged):
    """The applicant accepts the subscriber agreement."""


@dataclass(frozen=True)
class Issue(_Tagged):
    """BSrE issues the certificate."""


@dataclass(frozen=True)
class Download(_Tagged):
    """The applicant downloads the certificate."""


@dataclass(frozen=True)
class Revoke(_Tagged):
    """BSrE revokes the certificate."""


@dataclass(frozen=True)
class ApplyChange(_Tagged):
    """BSrE applies the data change."""


@dataclass(frozen=True)
class Reissue(_Tagged):
    """BSrE reissues by LOCK (with the new CSR, PEM) or ESIGN."""

    method: Method
    csr: Optional[str] = None


@dataclass(frozen=True)
class ChangePassphrase(_Tagged):
    """The holder changes the ESIGN passphrase (the old one is required)."""

    old: str = field(repr=False)
    new: str = field(repr=False)


@dataclass(frozen=True)
class ResetPassphrase(_Tagged):
    """The holder has forgotten the ESIGN passphrase: a new one is issued."""


@dataclass(frozen=True)
class SubmitIdentity(_Tagged):
    """The applicant fills in the identity form from its link."""

    token: str = field(repr=False)
    identity: IdentityForm
    ktp: Document
    selfie: Document


@dataclass(frozen=True)
class ApproveFromOldEmail(_Tagged):
    """The holder approves the e-mail change from the old address."""

    token: str = field(repr=False)


@dataclass(frozen=True)
class PresentOverview(_Tagged):
    """API application: the applicant presents the application."""

    summary: str


@dataclass(frozen=True)
class HoldMeeting(_Tagged):
    """API application: the technical meeting, with its minutes."""

    minutes: Document


@dataclass(frozen=True)
class PrepareTrial(_Tagged):
    """API application: the trial is prepared."""


@dataclass(frozen=True)
class IssueUat(_Tagged):
    """API application: the UAT letter."""

    letter: Document


@dataclass(frozen=True)
class IssueApiAccess(_Tagged):
    """API application: BSrE issues the API access."""


@dataclass(frozen=True)
class Configure(_Tagged):
    """API application: the application is configured."""


@dataclass(frozen=True)
class ConfirmIntegration(_Tagged):
    """API application: the integration is confirmed."""


@dataclass(frozen=True)
class ResendLink(_Tagged):
    """Send the case's link again (the old one stops working)."""


@dataclass(frozen=True)
class EscalateIdentity(_Tagged):
    """The verifier escalates a NIK or NIP not found to BSrE."""

    nik: str
    nip: str


@dataclass(frozen=True)
class ResolveIdentity(_Tagged):
    """BSrE confirms the escalated identity."""


@dataclass(frozen=True)
class Withdraw(_Tagged):
    """Withdraw the case with a reason."""

    reason: str


Action = Union[
    ActivatePortal,
    IssueRecommendation,
    RegisterIdentity,
    ActivateAms,
    Approve,
    Return,
    Resubmit,
    SetPassphrase,
    Acknowledge,
    ChangeDefaultPassword,
    UploadCsr,
    UploadDocuments,
    AcceptAgreement,
    Issue,
    Download,
    Revoke,
    ApplyChange,
    Reissue,
    ChangePassphrase,
    ResetPassphrase,
    SubmitIdentity,
    ApproveFromOldEmail,
    PresentOverview,
    HoldMeeting,
    PrepareTrial,
    IssueUat,
    IssueApiAccess,
    Configure,
    ConfirmIntegration,
    ResendLink,
    EscalateIdentity,
    ResolveIdentity,
    Withdraw,
]
