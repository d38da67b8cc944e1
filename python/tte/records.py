"""What an :class:`tte.Office` reports: outcomes, events, notifications, cases, accounts,
certificate records and SLA reports. Each is a frozen dataclass read from the library's
JSON; ``to_dict()`` returns that JSON as plain values (times as seconds since 1970)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from ._enums import ActionKind, Echelon, Method, NotificationKind, Process, RevocationReason, Role, State
from .requests import Actor


def _time(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, tz=timezone.utc)


def _optional_time(seconds: Optional[int]) -> Optional[datetime]:
    return None if seconds is None else _time(seconds)


def _optional_state(name: Optional[str]) -> Optional[State]:
    return None if name is None else State(name)


def _actor(value: dict[str, Any]) -> Actor:
    return Actor(value["id"], Role(value["role"]))


@dataclass(frozen=True)
class _FromJson:
    """Keeps the library's JSON behind the typed fields."""

    raw: dict[str, Any] = field(repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The library's JSON as plain values."""
        return dict(self.raw)


@dataclass(frozen=True)
class Event(_FromJson):
    """One entry of the hash-chained audit log. ``changes`` lists what the event changed
    in the library's JSON shape."""

    seq: int
    at: datetime
    actor: Actor
    action: ActionKind
    case: Optional[str]
    account: Optional[str]
    from_state: Optional[State]
    to_state: Optional[State]
    reason: Optional[str]
    changes: list[dict[str, Any]]
    prev_hash: str
    hash: str

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Event:
        """Reads the library's JSON."""
        return cls(
            raw,
            raw["seq"],
            _time(raw["at"]),
            _actor(raw["actor"]),
            ActionKind(raw["action"]),
            raw["case"],
            raw["account"],
            _optional_state(raw["from"]),
            _optional_state(raw["to"]),
            raw["reason"],
            list(raw["changes"]),
            raw["prev_hash"],
            raw["hash"],
        )


@dataclass(frozen=True)
class Notification(_FromJson):
    """An e-mail to send, in Indonesian and English. It never holds a secret: a link's
    token comes separately, in :attr:`Outcome.secrets`."""

    kind: NotificationKind
    to: list[str]
    subject_id: str
    subject_en: str
    body_id: str
    body_en: str
    link: Optional[str]

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Notification:
        """Reads the library's JSON."""
        return cls(
            raw,
            NotificationKind(raw["kind"]),
            list(raw["to"]),
            raw["subject_id"],
            raw["subject_en"],
            raw["body_id"],
            raw["body_en"],
            raw["link"],
        )


@dataclass(frozen=True)
class HandedSecret:
    """A secret for one recipient, handed out once: a link token (``kind`` "Link", with
    the link's kind), a default password, a passphrase or an API client secret."""

    kind: str
    link: Optional[str]
    recipient: str
    value: str = field(repr=False)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> HandedSecret:
        """Reads the library's JSON (``{"Link": "SetPassphrase"}`` or ``"Passphrase"``)."""
        kind = raw["kind"]
        if isinstance(kind, dict):
            (name, link), = kind.items()
            return cls(name, link, raw["recipient"], raw["value"])
        return cls(kind, None, raw["recipient"], raw["value"])


@dataclass(frozen=True)
class Outcome:
    """What an accepted request or action produced."""

    case: Optional[str]
    event: Event
    notifications: list[Notification]
    secrets: list[HandedSecret] = field(repr=False)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Outcome:
        """Reads the library's JSON."""
        return cls(
            raw["case"],
            Event.from_dict(raw["event"]),
            [Notification.from_dict(n) for n in raw["notifications"]],
            [HandedSecret.from_dict(s) for s in raw["secrets"]],
        )

    def secret(self, kind: str) -> str:
        """The value of the secret of ``kind`` ("Link", "DefaultPassword", "Passphrase",
        "ApiClientSecret"); KeyError when there is none."""
        for secret in self.secrets:
            if secret.kind == kind:
                return secret.value
        raise KeyError(kind)

    def to_dict(self) -> dict[str, Any]:
        """Plain values, secrets left out."""
        return {
            "case": self.case,
            "event": self.event.to_dict(),
            "notifications": [n.to_dict() for n in self.notifications],
        }


@dataclass(frozen=True)
class Case(_FromJson):
    """A case: one run of a process. The other fields (documents, links, notes, …) are
    in ``to_dict()``."""

    id: str
    process: Process
    state: State
    applicant: str
    opened_by: Actor
    opened_at: datetime
    account: Optional[str]
    certificate: Optional[str]
    application: Optional[str]
    method: Optional[Method]
    revocation_reasons: list[RevocationReason]
    trials: int

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Case:
        """Reads the library's JSON."""
        return cls(
            raw,
            raw["id"],
            Process(raw["process"]),
            State(raw["state"]),
            raw["applicant"],
            _actor(raw["opened_by"]),
            _time(raw["opened_at"]),
            raw["account"],
            raw["certificate"],
            raw["application"],
            None if raw["method"] is None else Method(raw["method"]),
            [RevocationReason(r) for r in raw["revocation_reasons"]],
            raw["trials"],
        )


@dataclass(frozen=True)
class Account(_FromJson):
    """A holder's account."""

    id: str
    name: str
    email: str
    institution: str
    echelon: Echelon
    nik: Optional[str]
    nip: Optional[str]
    phone: Optional[str]
    username: Optional[str]
    passphrase_set: bool
    failed_attempts: int
    suspended: bool

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Account:
        """Reads the library's JSON."""
        return cls(
            raw,
            raw["id"],
            raw["name"],
            raw["email"],
            raw["institution"],
            Echelon(raw["echelon"]),
            raw["nik"],
            raw["nip"],
            raw["phone"],
            raw["username"],
            raw["passphrase_set"],
            raw["failed_attempts"],
            raw["suspended"],
        )


@dataclass(frozen=True)
class CertificateRecord(_FromJson):
    """A certificate the office issued, with its revocation if any."""

    serial: str
    account: str
    method: Method
    subject_dn: str
    username: str
    not_before: datetime
    not_after: datetime
    replaces: Optional[str]
    revoked_at: Optional[datetime]
    revocation_reasons: list[RevocationReason]
    pem: str = field(repr=False)

    @property
    def revoked(self) -> bool:
        """Whether it has been revoked."""
        return self.revoked_at is not None

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CertificateRecord:
        """Reads the library's JSON."""
        revocation = raw["revocation"] or {}
        return cls(
            raw,
            raw["serial"],
            raw["account"],
            Method(raw["method"]),
            raw["subject_dn"],
            raw["username"],
            _time(raw["not_before"]),
            _time(raw["not_after"]),
            raw["replaces"],
            _optional_time(revocation.get("at")),
            [RevocationReason(r) for r in revocation.get("reasons", [])],
            raw["pem"],
        )


@dataclass(frozen=True)
class SlaStep(_FromJson):
    """One step of a case against the SOP's standard time."""

    action: ActionKind
    role: Role
    actual: timedelta
    standard: Optional[timedelta]

    @property
    def overdue(self) -> bool:
        """Whether the step took longer than the standard."""
        return self.standard is not None and self.actual > self.standard

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SlaStep:
        """Reads the library's JSON."""
        standard = raw["standard_seconds"]
        return cls(
            raw,
            ActionKind(raw["action"]),
            Role(raw["role"]),
            timedelta(seconds=raw["actual_seconds"]),
            None if standard is None else timedelta(seconds=standard),
        )


@dataclass(frozen=True)
class SlaReport(_FromJson):
    """A case measured against its SOP: each step and the total."""

    case: str
    process: Process
    steps: list[SlaStep]
    actual_total: timedelta
    sop_total: Optional[timedelta]

    @property
    def within_sop_total(self) -> Optional[bool]:
        """Whether the case stayed within the SOP's total (None when the SOP has none)."""
        return None if self.sop_total is None else self.actual_total <= self.sop_total

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> SlaReport:
        """Reads the library's JSON."""
        total = raw["sop_total_seconds"]
        return cls(
            raw,
            raw["case"],
            Process(raw["process"]),
            [SlaStep.from_dict(s) for s in raw["steps"]],
            timedelta(seconds=raw["actual_total_seconds"]),
            None if total is None else timedelta(seconds=total),
        )
