# Stubs of the compiled module `tte._native` (python/src). The public API is the `tte`
# package; these types are what it calls.

from datetime import datetime
from typing import Callable, Optional, Union, final

__all__ = [
    "BSRE_FOOTER",
    "Certificate",
    "Csr",
    "HolderStatus",
    "Keystore",
    "LocalCa",
    "Office",
    "PreparedPdf",
    "PrivateKey",
    "__version__",
    "check_email",
    "check_nik",
    "check_nip",
    "check_passphrase",
    "check_phone",
    "export_pkcs12",
    "generate_passphrase",
    "load_pkcs12",
    "passphrase_violations",
    "prepare_pdf",
    "sign_many",
    "sign_pdf",
    "sign_pdf_file",
    "validate_certificate",
    "verify_pdf",
    "vocabulary",
]
__version__: str
BSRE_FOOTER: str

def check_nik(nik: str) -> str: ...
def check_nip(nip: str) -> str: ...
def check_email(address: str, domains: Optional[list[str]], allow_legacy: bool) -> str: ...
def check_phone(phone: str) -> str: ...
def passphrase_violations(
    passphrase: str, name: Optional[str], nik: Optional[str], nip: Optional[str], email: Optional[str]
) -> str: ...
def check_passphrase(
    passphrase: str, name: Optional[str], nik: Optional[str], nip: Optional[str], email: Optional[str]
) -> None: ...
def generate_passphrase(length: int) -> str: ...
@final
class PrivateKey:
    """A private key (RSA or ECDSA P-256). Its memory is wiped when it is freed."""

    @staticmethod
    def generate(algorithm_name: str = "rsa2048") -> PrivateKey: ...
    @staticmethod
    def from_pem(pem: Union[str, bytes], passphrase: Optional[str] = None) -> PrivateKey: ...
    @staticmethod
    def from_der(der: bytes, passphrase: Optional[str] = None) -> PrivateKey: ...
    @property
    def algorithm(self) -> str: ...
    def public_key_der(self) -> bytes: ...
    def to_pem(self, passphrase: str, kdf_name: str = "scrypt") -> str: ...
    def sign(self, data: bytes, pss: bool = False) -> bytes: ...
    def create_csr(
        self,
        common_name: str,
        organization: str,
        serial_number: Optional[str] = None,
        email: Optional[str] = None,
    ) -> Csr: ...

@final
class Csr:
    """A certificate signing request."""

    @staticmethod
    def load(data: bytes) -> Csr: ...
    @property
    def subject(self) -> str: ...
    def to_pem(self) -> str: ...
    def to_der(self) -> bytes: ...
    def check(self, common_name: str, organization: str) -> None: ...

@final
class Certificate:
    """An X.509 certificate."""

    @staticmethod
    def load(data: bytes) -> Certificate: ...
    @staticmethod
    def load_all(data: bytes) -> list[Certificate]: ...
    @property
    def serial(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def issuer(self) -> str: ...
    @property
    def not_before(self) -> datetime: ...
    @property
    def not_after(self) -> datetime: ...
    @property
    def is_ca(self) -> bool: ...
    @property
    def sha256(self) -> str: ...
    def is_valid_at(self, at: datetime) -> bool: ...
    def public_key_der(self) -> bytes: ...
    def to_pem(self) -> str: ...
    def to_der(self) -> bytes: ...
    def __eq__(self, value: object, /) -> bool: ...
    def __hash__(self) -> int: ...

def validate_certificate(
    certificate: Certificate,
    trust: list[Certificate],
    intermediates: list[Certificate],
    crls: list[bytes],
    at: Optional[datetime],
) -> list[Certificate]: ...
def load_pkcs12(data: bytes, passphrase: str) -> tuple[PrivateKey, Certificate, list[Certificate]]: ...
def export_pkcs12(
    key: PrivateKey,
    certificate: Certificate,
    chain: list[Certificate],
    passphrase: str,
    friendly_name: Optional[str] = None,
) -> bytes: ...
@final
class LocalCa:
    """A local CA (root and issuing CA) in a folder, its keys sealed under a passphrase."""

    @staticmethod
    def create(directory: str, organization: str, passphrase: str, key_algorithm: str = "rsa4096") -> LocalCa: ...
    @staticmethod
    def open(directory: str, passphrase: str) -> LocalCa: ...
    @property
    def root(self) -> Certificate: ...
    @property
    def issuing(self) -> Certificate: ...
    def issue(
        self,
        csr: Csr,
        common_name: str,
        organization: str,
        serial_number: Optional[str] = None,
        email: Optional[str] = None,
    ) -> Certificate: ...
    def issue_with_new_key(
        self,
        common_name: str,
        organization: str,
        serial_number: Optional[str] = None,
        email: Optional[str] = None,
        key_algorithm: str = "rsa2048",
    ) -> tuple[PrivateKey, Certificate]: ...
    def revoke(self, serial: str, reason: int) -> str: ...
    def publish_crl(self) -> str: ...

@final
class HolderStatus:
    """The status of one holder's key in the key store."""

    @property
    def holder(self) -> str: ...
    @property
    def algorithm(self) -> str: ...
    @property
    def failed_attempts(self) -> int: ...
    @property
    def suspended(self) -> bool: ...
    def to_dict(self) -> dict[str, object]: ...

@final
class Keystore:
    """The ESIGN key store: one sealed key per holder, counted unlock attempts."""

    @staticmethod
    def open(directory: str) -> Keystore: ...
    def status(self, holder: str) -> HolderStatus: ...
    def public_key_der(self, holder: str) -> bytes: ...
    def unlock(self, holder: str, passphrase: str) -> PrivateKey: ...
    def change_passphrase(self, holder: str, old: str, new: str) -> None: ...

def vocabulary() -> str: ...
@final
class Office:
    """One verifier office on the embedded authority."""

    @staticmethod
    def create(directory: str, organization: str, ca_passphrase: str, config_json: Optional[str]) -> Office: ...
    @staticmethod
    def open(directory: str, ca_passphrase: str, config_json: Optional[str], log_json: Optional[str]) -> Office: ...
    @property
    def issuing_ca(self) -> Certificate: ...
    def request(self, actor_json: str, request_json: str) -> str: ...
    def act(self, actor_json: str, case_id: str, action_json: str) -> str: ...
    def case(self, case_id: str) -> str: ...
    def account(self, account_id: str) -> str: ...
    def certificate(self, serial: str) -> str: ...
    def certificates(self, account_id: str) -> str: ...
    def user_status(self, nik: str) -> str: ...
    def sla_report(self, case_id: str) -> str: ...
    def log(self) -> str: ...
    def sign_pdf(
        self,
        actor_json: str,
        serial: str,
        passphrase: str,
        pdf: bytes,
        options_json: Optional[str],
        image: Optional[bytes],
    ) -> bytes: ...

def sign_pdf(
    pdf: bytes,
    key: PrivateKey,
    certificate: Certificate,
    chain: list[Certificate],
    options_json: Optional[str],
    image: Optional[bytes],
    pss: bool,
) -> bytes: ...
def sign_pdf_file(
    input: str,
    output: str,
    key: PrivateKey,
    certificate: Certificate,
    chain: list[Certificate],
    options_json: Optional[str],
    image: Optional[bytes],
    pss: bool,
) -> None: ...
def verify_pdf(
    pdf: bytes,
    trust: list[Certificate],
    intermediates: list[Certificate],
    crls: list[bytes],
    at: Optional[datetime],
) -> str: ...
@final
class PreparedPdf:
    """A PDF prepared for two-phase signing; it holds no secret."""

    def to_be_signed(self) -> bytes: ...
    @property
    def document_digest(self) -> bytes: ...
    def to_json(self) -> str: ...
    @staticmethod
    def from_json(json: str) -> PreparedPdf: ...
    def finish(self, signature: bytes) -> bytes: ...
    def finish_with_cms(self, cms: bytes) -> bytes: ...

def prepare_pdf(
    pdf: bytes,
    certificate: Certificate,
    chain: list[Certificate],
    options_json: Optional[str],
    image: Optional[bytes],
    pss: bool,
) -> PreparedPdf: ...
def sign_many(
    jobs: list[tuple[str, str]],
    key: PrivateKey,
    certificate: Certificate,
    chain: list[Certificate],
    options_json: Optional[str],
    image: Optional[bytes],
    pss: bool,
    threads: Optional[int],
    progress: Optional[Callable[[int, int, int], object]],
) -> str: ...
