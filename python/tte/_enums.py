"""The vocabulary of tte as enums. Their values are the library's names, so a member
goes to the library as it is and comes back from it by value."""

from __future__ import annotations

from enum import Enum, IntEnum


class Role(str, Enum):
    """Who acts in a process."""

    APPLICANT = "Applicant"
    AGENCY_HEAD = "AgencyHead"
    KADIS_KOMINFO = "KadisKominfo"
    VERIFIER = "Verifier"
    BSRE = "Bsre"
    TECHNICAL_TEAM = "TechnicalTeam"


class Process(str, Enum):
    """The SOPs."""

    PORTAL_REGISTRATION = "PortalRegistration"
    AMS_REGISTRATION_ESELON12 = "AmsRegistrationEselon12"
    AMS_REGISTRATION_ESELON3 = "AmsRegistrationEselon3"
    ISSUANCE_LOCK = "IssuanceLock"
    ISSUANCE_ESIGN = "IssuanceEsign"
    REVOCATION = "Revocation"
    DATA_CHANGE = "DataChange"
    LOST_CERTIFICATE = "LostCertificate"
    FORGOTTEN_PASSPHRASE_LOCK = "ForgottenPassphraseLock"
    FORGOTTEN_PASSPHRASE_ESIGN = "ForgottenPassphraseEsign"
    RENEWAL = "Renewal"
    DATA_UPDATE = "DataUpdate"
    EXPIRED_ACCOUNT_CHANGE = "ExpiredAccountChange"
    API_APPLICATION = "ApiApplication"


class State(str, Enum):
    """Where a case is in its process."""

    NEW = "New"
    AWAITING_PORTAL_ACTIVATION = "AwaitingPortalActivation"
    AWAITING_KADIS_REVIEW = "AwaitingKadisReview"
    RETURNED_BY_KADIS = "ReturnedByKadis"
    AWAITING_IDENTITY_REGISTRATION = "AwaitingIdentityRegistration"
    AWAITING_AMS_ACTIVATION = "AwaitingAmsActivation"
    AWAITING_VERIFICATION = "AwaitingVerification"
    RETURNED_BY_VERIFIER = "ReturnedByVerifier"
    AWAITING_PASSPHRASE = "AwaitingPassphrase"
    AWAITING_CA_APPROVAL = "AwaitingCaApproval"
    RETURNED_BY_CA = "ReturnedByCa"
    AWAITING_ACKNOWLEDGEMENT = "AwaitingAcknowledgement"
    AWAITING_PASSWORD_CHANGE = "AwaitingPasswordChange"
    AWAITING_CSR = "AwaitingCsr"
    AWAITING_DOCUMENTS = "AwaitingDocuments"
    AWAITING_AGREEMENT = "AwaitingAgreement"
    AWAITING_ISSUANCE = "AwaitingIssuance"
    AWAITING_DOWNLOAD = "AwaitingDownload"
    AWAITING_REVOCATION = "AwaitingRevocation"
    AWAITING_DATA_UPDATE = "AwaitingDataUpdate"
    AWAITING_REISSUE = "AwaitingReissue"
    AWAITING_PASSPHRASE_CHOICE = "AwaitingPassphraseChoice"
    AWAITING_IDENTITY_FORM = "AwaitingIdentityForm"
    AWAITING_OLD_EMAIL_APPROVAL = "AwaitingOldEmailApproval"
    AWAITING_OVERVIEW = "AwaitingOverview"
    AWAITING_TECHNICAL_MEETING = "AwaitingTechnicalMeeting"
    AWAITING_TRIAL_PREPARATION = "AwaitingTrialPreparation"
    AWAITING_TRIAL = "AwaitingTrial"
    TRIAL_FAILED = "TrialFailed"
    AWAITING_UAT = "AwaitingUat"
    AWAITING_API_ACCESS = "AwaitingApiAccess"
    AWAITING_CONFIGURATION = "AwaitingConfiguration"
    AWAITING_INTEGRATION = "AwaitingIntegration"
    COMPLETED = "Completed"
    WITHDRAWN = "Withdrawn"

    @property
    def is_terminal(self) -> bool:
        """Completed and withdrawn cases take no further action."""
        return self in (State.COMPLETED, State.WITHDRAWN)


class ActionKind(str, Enum):
    """What an event records (the action taken, the opening of a case, a sign attempt)."""

    OPEN = "Open"
    ACTIVATE_PORTAL = "ActivatePortal"
    ISSUE_RECOMMENDATION = "IssueRecommendation"
    REGISTER_IDENTITY = "RegisterIdentity"
    ACTIVATE_AMS = "ActivateAms"
    APPROVE = "Approve"
    RETURN = "Return"
    RESUBMIT = "Resubmit"
    SET_PASSPHRASE = "SetPassphrase"
    ACKNOWLEDGE = "Acknowledge"
    CHANGE_DEFAULT_PASSWORD = "ChangeDefaultPassword"
    UPLOAD_CSR = "UploadCsr"
    UPLOAD_DOCUMENTS = "UploadDocuments"
    ACCEPT_AGREEMENT = "AcceptAgreement"
    ISSUE = "Issue"
    DOWNLOAD = "Download"
    REVOKE = "Revoke"
    APPLY_CHANGE = "ApplyChange"
    REISSUE = "Reissue"
    CHANGE_PASSPHRASE = "ChangePassphrase"
    RESET_PASSPHRASE = "ResetPassphrase"
    SUBMIT_IDENTITY = "SubmitIdentity"
    APPROVE_FROM_OLD_EMAIL = "ApproveFromOldEmail"
    PRESENT_OVERVIEW = "PresentOverview"
    HOLD_MEETING = "HoldMeeting"
    PREPARE_TRIAL = "PrepareTrial"
    ISSUE_UAT = "IssueUat"
    ISSUE_API_ACCESS = "IssueApiAccess"
    CONFIGURE = "Configure"
    CONFIRM_INTEGRATION = "ConfirmIntegration"
    RESEND_LINK = "ResendLink"
    ESCALATE_IDENTITY = "EscalateIdentity"
    RESOLVE_IDENTITY = "ResolveIdentity"
    WITHDRAW = "Withdraw"
    SIGN_ATTEMPT = "SignAttempt"


class DocumentKind(str, Enum):
    """The documents the SOPs ask for."""

    COVER_LETTER = "CoverLetter"
    RECOMMENDATION_DRAFT = "RecommendationDraft"
    RECOMMENDATION = "Recommendation"
    KTP = "Ktp"
    SELFIE = "Selfie"
    CSR = "Csr"
    REVOCATION_STATEMENT = "RevocationStatement"
    LOSS_STATEMENT = "LossStatement"
    FORGOTTEN_PASSPHRASE_STATEMENT = "ForgottenPassphraseStatement"
    DATA_CHANGE_FORM = "DataChangeForm"
    SUPPORTING_DATA = "SupportingData"
    EXPIRED_ACCOUNT_FORM = "ExpiredAccountForm"
    API_REQUEST_FORM = "ApiRequestForm"
    MEETING_NOTES = "MeetingNotes"
    UAT_LETTER = "UatLetter"


class NotificationKind(str, Enum):
    """The e-mails the processes send."""

    PORTAL_ACTIVATION = "PortalActivation"
    ACCOUNT_ACTIVATION = "AccountActivation"
    ACCOUNT_INFORMATION = "AccountInformation"
    SET_PASSPHRASE = "SetPassphrase"
    CERTIFICATE_ISSUED = "CertificateIssued"
    RETURNED = "Returned"
    REVOKED = "Revoked"
    DATA_CHANGED = "DataChanged"
    EXTENDED = "Extended"
    UPDATED = "Updated"
    SUSPENDED = "Suspended"
    PASSPHRASE_CHANGED = "PassphraseChanged"
    IDENTITY_FORM = "IdentityForm"
    OLD_EMAIL_APPROVAL = "OldEmailApproval"
    EMAIL_CHANGED = "EmailChanged"
    API_ACCESS_ISSUED = "ApiAccessIssued"


class Method(str, Enum):
    """How a certificate is issued: LOCK (the applicant's own key and CSR) or ESIGN (a key
    the office holds)."""

    LOCK = "Lock"
    ESIGN = "Esign"


class Echelon(str, Enum):
    """The applicant's echelon; it picks the registration process."""

    I = "I"  # noqa: E741
    II = "II"
    III = "III"
    IV = "IV"
    NONE = "None"


class RevocationReason(str, Enum):
    """Why a certificate is revoked (the SOP's reasons)."""

    FORGOTTEN_PASSPHRASE = "ForgottenPassphrase"
    DATA_CHANGE = "DataChange"
    LOST_CERTIFICATE = "LostCertificate"


class UserStatus(str, Enum):
    """A person's status in the BSrE service."""

    ISSUE = "ISSUE"
    EXPIRED = "EXPIRED"
    RENEW = "RENEW"
    WAITING_FOR_VERIFICATION = "WAITING_FOR_VERIFICATION"
    NEW = "NEW"
    NO_CERTIFICATE = "NO_CERTIFICATE"
    NOT_REGISTERED = "NOT_REGISTERED"
    SUSPEND = "SUSPEND"
    REVOKE = "REVOKE"


class KeyAlgorithm(str, Enum):
    """Key algorithms for keys, CAs and ESIGN keys."""

    RSA2048 = "rsa2048"
    RSA3072 = "rsa3072"
    RSA4096 = "rsa4096"
    P256 = "p256"


class CrlReason(IntEnum):
    """RFC 5280 revocation reason codes, as a CA writes them into its CRL."""

    UNSPECIFIED = 0
    KEY_COMPROMISE = 1
    CA_COMPROMISE = 2
    AFFILIATION_CHANGED = 3
    SUPERSEDED = 4
    CESSATION_OF_OPERATION = 5
    CERTIFICATE_HOLD = 6
    REMOVE_FROM_CRL = 8
    PRIVILEGE_WITHDRAWN = 9
    AA_COMPROMISE = 10


class Certification(IntEnum):
    """DocMDP permissions of a certifying (first) signature."""

    NO_CHANGES = 1
    FORM_FILLING = 2
    ANNOTATIONS = 3


class Verdict(str, Enum):
    """What a signature's report concludes."""

    VALID_UNTOUCHED = "valid_untouched"
    VALID_WITH_PERMITTED_CHANGES = "valid_with_permitted_changes"
    INVALID = "invalid"


class ModificationLevel(str, Enum):
    """How far the changes after a signature go, in the order of the DocMDP levels."""

    NONE = "none"
    LTV = "ltv"
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    OTHER = "other"


class ChangeClass(str, Enum):
    """What kind of change a later revision made."""

    LTV = "ltv"
    METADATA = "metadata"
    SIGNING = "signing"
    FORM_FILLING = "form_filling"
    ANNOTATIONS = "annotations"
    OTHER = "other"


class Sex(str, Enum):
    """As encoded in a NIK or NIP."""

    MALE = "Male"
    FEMALE = "Female"


class PassphraseViolation(str, Enum):
    """One rule of the passphrase policy that a passphrase breaks."""

    TOO_SHORT = "TooShort"
    TOO_LONG = "TooLong"
    NO_UPPERCASE = "NoUppercase"
    NO_LOWERCASE = "NoLowercase"
    NO_DIGIT = "NoDigit"
    NO_SPECIAL = "NoSpecial"
    CONTAINS_PERSONAL_DATA = "ContainsPersonalData"
    COMMON_PASSWORD = "CommonPassword"
    REPEATED_CHARACTERS = "RepeatedCharacters"
    SEQUENCE = "Sequence"
