"""A verifier office: every SOP of the certificate lifecycle on the embedded authority
(a local CA and the ESIGN key store), with a hash-chained audit log.

A refused request or action raises (usually :class:`tte.LifecycleError`) and changes
nothing. Keep the log (:meth:`Office.log_json`) to reopen the office later.
"""

from __future__ import annotations

import json
import os
from typing import Any, Mapping, Optional, Union

from . import _native
from ._enums import UserStatus
from ._native import Certificate
from .pdf import SignOptions, Source, _read
from .records import Account, Case, CertificateRecord, Event, Outcome, SlaReport
from .requests import Action, Actor, Request

_Path = Union[str, "os.PathLike[str]"]


def _config(config: Optional[Mapping[str, Any]]) -> Optional[str]:
    return None if config is None else json.dumps(dict(config))


class Office:
    """One verifier office. Thread-safe: calls from several threads are serialized.

    ``config`` holds lifecycle settings by the library's names, e.g.
    ``{"first_signature_wait_seconds": 0, "max_passphrase_attempts": 3}``; unset ones
    keep their defaults.
    """

    def __init__(self, native: _native.Office) -> None:
        self._native = native

    @classmethod
    def create(
        cls,
        directory: _Path,
        organization: str,
        ca_passphrase: str,
        *,
        config: Optional[Mapping[str, Any]] = None,
    ) -> Office:
        """A new office whose authority (RSA-4096 CA, key store, recovery key) is created
        in ``directory`` and sealed with ``ca_passphrase``."""
        return cls(_native.Office.create(os.fspath(directory), organization, ca_passphrase, _config(config)))

    @classmethod
    def open(
        cls,
        directory: _Path,
        ca_passphrase: str,
        *,
        config: Optional[Mapping[str, Any]] = None,
        log_json: Optional[str] = None,
    ) -> Office:
        """Opens the authority in ``directory``; with ``log_json`` (from
        :meth:`log_json`) the records are rebuilt by replaying the log, whose hash chain
        is checked first."""
        native = _native.Office.open(os.fspath(directory), ca_passphrase, _config(config), log_json)
        return cls(native)

    @property
    def issuing_ca(self) -> Certificate:
        """The certificate of the CA that issues the office's certificates."""
        return self._native.issuing_ca

    @property
    def root_ca(self) -> Certificate:
        """The root certificate of the office's CA: the trust anchor for its signatures."""
        return self._native.root_ca

    def request(self, actor: Actor, request: Request) -> Outcome:
        """``actor`` opens a case with ``request``."""
        raw = self._native.request(json.dumps(actor.to_dict()), json.dumps(request.to_dict()))
        return Outcome.from_dict(json.loads(raw))

    def act(self, actor: Actor, case: str, action: Action) -> Outcome:
        """``actor`` takes ``action`` on ``case``."""
        raw = self._native.act(json.dumps(actor.to_dict()), case, json.dumps(action.to_dict()))
        return Outcome.from_dict(json.loads(raw))

    def case(self, case: str) -> Case:
        """A case by id."""
        return Case.from_dict(json.loads(self._native.case(case)))

    def account(self, account: str) -> Account:
        """An account by id."""
        return Account.from_dict(json.loads(self._native.account(account)))

    def certificate(self, serial: str) -> CertificateRecord:
        """A certificate record by serial (hex)."""
        return CertificateRecord.from_dict(json.loads(self._native.certificate(serial)))

    def certificates(self, account: str) -> list[CertificateRecord]:
        """The certificates of an account, oldest first."""
        return [CertificateRecord.from_dict(c) for c in json.loads(self._native.certificates(account))]

    def user_status(self, nik: str) -> UserStatus:
        """The BSrE user status of the person with ``nik``."""
        return UserStatus(json.loads(self._native.user_status(nik)))

    def sla_report(self, case: str) -> SlaReport:
        """A case measured against its SOP's standard times."""
        return SlaReport.from_dict(json.loads(self._native.sla_report(case)))

    def log_json(self) -> str:
        """The audit log as JSON: store it, and pass it to :meth:`open` to continue."""
        return self._native.log()

    def events(self) -> list[Event]:
        """The audit log's events, oldest first."""
        return [Event.from_dict(e) for e in json.loads(self._native.log())]

    def sign_pdf(
        self,
        actor: Actor,
        serial: str,
        passphrase: str,
        document: Source,
        *,
        options: SignOptions = SignOptions(),
    ) -> bytes:
        """Signs a PDF with the ESIGN key the office holds for certificate ``serial``,
        unlocked by its holder ``actor`` with ``passphrase``. The SOP's guard applies
        (active certificate, waiting time over, account not suspended); a wrong
        passphrase raises KeyPassphraseError and is counted in the log."""
        return self._native.sign_pdf(
            json.dumps(actor.to_dict()),
            serial,
            passphrase,
            _read(document),
            options.to_json(),
            options.image,
        )
