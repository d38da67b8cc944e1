//! The vocabulary of the processes: roles and actors, processes, states, actions,
//! documents, links, issuance methods and revocation reasons.

use serde::{Deserialize, Serialize};

/// Who takes part in the processes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// Pemohon: the civil servant who wants a certificate (or the agency registering an application).
    Applicant,
    /// Kepala Perangkat Daerah: signs recommendations for Eselon III and below.
    AgencyHead,
    /// Kepala Dinas Kominfo: signs recommendations for Eselon I and II.
    KadisKominfo,
    /// Verifikator: the regional Registration Authority.
    Verifier,
    /// BSrE: the CA and its central RA.
    Bsre,
    /// Tim Teknis Diskominfo: registers applications that use the signing API.
    TechnicalTeam,
}

impl Role {
    /// Every role, in a fixed order.
    pub const ALL: [Role; 6] =
        [Role::Applicant, Role::AgencyHead, Role::KadisKominfo, Role::Verifier, Role::Bsre, Role::TechnicalTeam];

    pub(crate) fn name_id(self) -> &'static str {
        match self {
            Role::Applicant => "Pemohon",
            Role::AgencyHead => "Kepala Perangkat Daerah",
            Role::KadisKominfo => "Kepala Dinas Kominfo",
            Role::Verifier => "Verifikator",
            Role::Bsre => "BSrE",
            Role::TechnicalTeam => "Tim Teknis",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            Role::Applicant => "applicant",
            Role::AgencyHead => "head of the agency",
            Role::KadisKominfo => "head of the Communication and Informatics Office",
            Role::Verifier => "verifier",
            Role::Bsre => "BSrE",
            Role::TechnicalTeam => "technical team",
        }
    }
}

/// A person acting in a role, identified by their (official) e-mail login.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Actor {
    /// Login of the person (their e-mail address), lower-case.
    pub id: String,
    /// The role they act in.
    pub role: Role,
}

impl Actor {
    /// An actor with login `id` in `role`.
    pub fn new(id: &str, role: Role) -> Actor {
        Actor { id: id.trim().to_ascii_lowercase(), role }
    }
}

/// The processes (SOPs) of DOMAIN.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Process {
    /// 1. Registration through the DS Kaltim portal (35 min).
    PortalRegistration,
    /// 2. AMS account for Eselon I/II, recommended by the Kadis Kominfo (29 min).
    AmsRegistrationEselon12,
    /// 3. AMS account for Eselon III and below, recommended by the agency head (24 min).
    AmsRegistrationEselon3,
    /// 4. Issuance by LOCK: the applicant's own key and CSR (20 min).
    IssuanceLock,
    /// 5. Issuance by ESIGN: a server-held key (16 min).
    IssuanceEsign,
    /// 6. Revocation (19 min).
    Revocation,
    /// 7. Change of the applicant's data, then revoke and reissue (31 min).
    DataChange,
    /// 8. Lost certificate: revoke and reissue (42 min).
    LostCertificate,
    /// 9. Forgotten passphrase, LOCK: new CSR, revoke, reissue (47 min).
    ForgottenPassphraseLock,
    /// 10. Forgotten passphrase, ESIGN: change or random reset (2.5 min).
    ForgottenPassphraseEsign,
    /// 11. Renewal / extension of the service period (seed 004).
    Renewal,
    /// 12. Update of certificate data filed by the verifier (seed 004).
    DataUpdate,
    /// 13. Change of data of an expired account, approved from the old e-mail (seed 000).
    ExpiredAccountChange,
    /// 14. Registration of an application that uses the signing API (488 min).
    ApiApplication,
}

impl Process {
    /// Every process, in DOMAIN.md's order.
    pub const ALL: [Process; 14] = [
        Process::PortalRegistration,
        Process::AmsRegistrationEselon12,
        Process::AmsRegistrationEselon3,
        Process::IssuanceLock,
        Process::IssuanceEsign,
        Process::Revocation,
        Process::DataChange,
        Process::LostCertificate,
        Process::ForgottenPassphraseLock,
        Process::ForgottenPassphraseEsign,
        Process::Renewal,
        Process::DataUpdate,
        Process::ExpiredAccountChange,
        Process::ApiApplication,
    ];

    /// The SOP's name in Indonesian.
    pub fn title_id(self) -> &'static str {
        match self {
            Process::PortalRegistration => "Pendaftaran akun melalui DS Kaltim",
            Process::AmsRegistrationEselon12 => "Pendaftaran akun AMS pejabat Eselon I dan II",
            Process::AmsRegistrationEselon3 => "Pendaftaran akun AMS pejabat Eselon III ke bawah",
            Process::IssuanceLock => "Penerbitan sertifikat elektronik metode LOCK",
            Process::IssuanceEsign => "Penerbitan sertifikat elektronik metode ESIGN",
            Process::Revocation => "Pencabutan sertifikat elektronik",
            Process::DataChange => "Perubahan data pemohon sertifikat elektronik",
            Process::LostCertificate => "Hilang sertifikat elektronik",
            Process::ForgottenPassphraseLock => "Lupa passphrase metode LOCK",
            Process::ForgottenPassphraseEsign => "Lupa passphrase metode ESIGN",
            Process::Renewal => "Pembaruan/perpanjangan masa layanan sertifikat elektronik",
            Process::DataUpdate => "Pembaruan data sertifikat elektronik",
            Process::ExpiredAccountChange => "Perubahan data akun TTE berstatus expired",
            Process::ApiApplication => "Pendaftaran aplikasi pengguna API sertifikat elektronik",
        }
    }
}

/// Where a case stands. Which states a process uses is given by its transition table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum State {
    /// Not opened yet (the `from` of every process's first step).
    New,
    /// Portal account registered; waiting for the applicant to open the activation link.
    AwaitingPortalActivation,
    /// Eselon I/II request waiting for the Kadis Kominfo.
    AwaitingKadisReview,
    /// Returned by the Kadis Kominfo as incomplete.
    ReturnedByKadis,
    /// Waiting for the verifier to register the identity in AMS.
    AwaitingIdentityRegistration,
    /// Waiting for the applicant to open the AMS activation link and upload selfie and KTP.
    AwaitingAmsActivation,
    /// Waiting for the verifier's check.
    AwaitingVerification,
    /// Returned by the verifier.
    ReturnedByVerifier,
    /// Waiting for the applicant to set the passphrase.
    AwaitingPassphrase,
    /// Waiting for BSrE's check.
    AwaitingCaApproval,
    /// Returned by BSrE.
    ReturnedByCa,
    /// Waiting for the applicant to acknowledge the notification.
    AwaitingAcknowledgement,
    /// Waiting for the applicant to replace the default password.
    AwaitingPasswordChange,
    /// Waiting for the LOCK applicant's CSR.
    AwaitingCsr,
    /// Waiting for recommendation, selfie and KTP.
    AwaitingDocuments,
    /// Waiting for the subscriber agreement.
    AwaitingAgreement,
    /// Approved; waiting for BSrE to issue.
    AwaitingIssuance,
    /// Issued; waiting for the applicant to download the certificate.
    AwaitingDownload,
    /// Verified; waiting for BSrE to revoke.
    AwaitingRevocation,
    /// Approved; waiting for BSrE to change the data.
    AwaitingDataUpdate,
    /// Revoked; waiting for the new certificate.
    AwaitingReissue,
    /// ESIGN holder chooses Change or Reset Passphrase.
    AwaitingPassphraseChoice,
    /// Waiting for the applicant to fill the identity form sent by link.
    AwaitingIdentityForm,
    /// Waiting for approval from the previously registered e-mail.
    AwaitingOldEmailApproval,
    /// API application: waiting for the applicant's general explanation.
    AwaitingOverview,
    /// API application: waiting for the technical meeting.
    AwaitingTechnicalMeeting,
    /// API application: the applicant prepares the trial.
    AwaitingTrialPreparation,
    /// API application: waiting for trial and analysis.
    AwaitingTrial,
    /// API application: the trial failed; the applicant fixes per the notes.
    TrialFailed,
    /// API application: waiting for the UAT letter.
    AwaitingUat,
    /// API application: waiting for API access.
    AwaitingApiAccess,
    /// API application: waiting for configuration.
    AwaitingConfiguration,
    /// API application: waiting for the applicant to confirm integration.
    AwaitingIntegration,
    /// Finished (terminal).
    Completed,
    /// Withdrawn by the one who opened it (terminal).
    Withdrawn,
}

impl State {
    /// Whether no action leaves this state.
    pub fn is_terminal(self) -> bool {
        matches!(self, State::Completed | State::Withdrawn)
    }
}

/// What can be done to a case (and, for [`ActionKind::SignAttempt`], to an account).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ActionKind {
    /// Open the case (the SOP's first step).
    Open,
    /// Open the portal activation link and fill NIK, NIP, phone and the recommendation.
    ActivatePortal,
    /// Kadis Kominfo issues the recommendation.
    IssueRecommendation,
    /// Verifier registers the identity in AMS and uploads the recommendation.
    RegisterIdentity,
    /// Open the AMS activation link, upload selfie and KTP.
    ActivateAms,
    /// Approve ("Ya").
    Approve,
    /// Return with a reason ("Tidak").
    Return,
    /// Send a returned case back with fixes.
    Resubmit,
    /// Set the passphrase through its link, accepting the subscriber agreement.
    SetPassphrase,
    /// Acknowledge a notification.
    Acknowledge,
    /// Replace the random default password.
    ChangeDefaultPassword,
    /// Upload the CSR made offline (LOCK).
    UploadCsr,
    /// Upload recommendation, selfie and KTP.
    UploadDocuments,
    /// Accept the subscriber agreement.
    AcceptAgreement,
    /// Issue the certificate.
    Issue,
    /// Download the certificate.
    Download,
    /// Revoke the certificate.
    Revoke,
    /// Change the applicant's data.
    ApplyChange,
    /// Issue the replacement certificate.
    Reissue,
    /// ESIGN: change the passphrase (old → new).
    ChangePassphrase,
    /// ESIGN: reset the passphrase to a random one.
    ResetPassphrase,
    /// Fill the identity form sent by link (renewal).
    SubmitIdentity,
    /// Approve the change from the previously registered e-mail.
    ApproveFromOldEmail,
    /// Give the general explanation of the application.
    PresentOverview,
    /// Hold the technical meeting.
    HoldMeeting,
    /// Prepare the application for the trial.
    PrepareTrial,
    /// Issue the UAT letter (Surat Keterangan UAT).
    IssueUat,
    /// Issue API access.
    IssueApiAccess,
    /// Configure the system for the API.
    Configure,
    /// Confirm the application is integrated.
    ConfirmIntegration,
    /// Resend the pending link (the old one stops working).
    ResendLink,
    /// Send NIK/NIP data that the registries do not know to BSrE.
    EscalateIdentity,
    /// BSrE confirms the escalated NIK/NIP.
    ResolveIdentity,
    /// Withdraw the request.
    Withdraw,
    /// Unlock the signing key to sign (not a case action).
    SignAttempt,
}

impl ActionKind {
    /// Every action kind, in a fixed order.
    pub const ALL: [ActionKind; 35] = [
        ActionKind::Open,
        ActionKind::ActivatePortal,
        ActionKind::IssueRecommendation,
        ActionKind::RegisterIdentity,
        ActionKind::ActivateAms,
        ActionKind::Approve,
        ActionKind::Return,
        ActionKind::Resubmit,
        ActionKind::SetPassphrase,
        ActionKind::Acknowledge,
        ActionKind::ChangeDefaultPassword,
        ActionKind::UploadCsr,
        ActionKind::UploadDocuments,
        ActionKind::AcceptAgreement,
        ActionKind::Issue,
        ActionKind::Download,
        ActionKind::Revoke,
        ActionKind::ApplyChange,
        ActionKind::Reissue,
        ActionKind::ChangePassphrase,
        ActionKind::ResetPassphrase,
        ActionKind::SubmitIdentity,
        ActionKind::ApproveFromOldEmail,
        ActionKind::PresentOverview,
        ActionKind::HoldMeeting,
        ActionKind::PrepareTrial,
        ActionKind::IssueUat,
        ActionKind::IssueApiAccess,
        ActionKind::Configure,
        ActionKind::ConfirmIntegration,
        ActionKind::ResendLink,
        ActionKind::EscalateIdentity,
        ActionKind::ResolveIdentity,
        ActionKind::Withdraw,
        ActionKind::SignAttempt,
    ];
}

/// Kinds of documents the SOPs ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum DocumentKind {
    /// Surat pengantar permohonan.
    CoverLetter,
    /// Draft of the recommendation letter, filled with the applicant's data.
    RecommendationDraft,
    /// Surat Rekomendasi Penerbitan Sertifikat Elektronik, signed.
    Recommendation,
    /// KTP (ID card) scan.
    Ktp,
    /// Selfie photo.
    Selfie,
    /// PKCS#10 certificate signing request (LOCK).
    Csr,
    /// Statement of the reason for revocation, approved by a superior.
    RevocationStatement,
    /// Statement of loss, approved by a superior.
    LossStatement,
    /// Statement of a forgotten passphrase, approved by a superior.
    ForgottenPassphraseStatement,
    /// Data change form.
    DataChangeForm,
    /// Supporting data (SK, KTP, ...).
    SupportingData,
    /// Form of the expired-account change, signed and stamped.
    ExpiredAccountForm,
    /// Request form for an application that uses the API.
    ApiRequestForm,
    /// Minutes of the technical meeting.
    MeetingNotes,
    /// Surat Keterangan UAT.
    UatLetter,
}

impl DocumentKind {
    pub(crate) fn name_id(self) -> &'static str {
        match self {
            DocumentKind::CoverLetter => "Surat pengantar permohonan",
            DocumentKind::RecommendationDraft => "Draft Surat Rekomendasi",
            DocumentKind::Recommendation => "Surat Rekomendasi",
            DocumentKind::Ktp => "KTP",
            DocumentKind::Selfie => "Foto diri (selfie)",
            DocumentKind::Csr => "CSR",
            DocumentKind::RevocationStatement => "Surat Keterangan Alasan Pencabutan",
            DocumentKind::LossStatement => "Surat Keterangan Kehilangan",
            DocumentKind::ForgottenPassphraseStatement => "Surat Keterangan Lupa Passphrase",
            DocumentKind::DataChangeForm => "Formulir perubahan data",
            DocumentKind::SupportingData => "Data dukung",
            DocumentKind::ExpiredAccountForm => "Formulir perubahan data akun expired",
            DocumentKind::ApiRequestForm => "Formulir pendaftaran aplikasi pengguna API",
            DocumentKind::MeetingNotes => "Notulensi pertemuan",
            DocumentKind::UatLetter => "Surat Keterangan UAT",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            DocumentKind::CoverLetter => "Cover letter",
            DocumentKind::RecommendationDraft => "Recommendation draft",
            DocumentKind::Recommendation => "Recommendation letter",
            DocumentKind::Ktp => "KTP (ID card)",
            DocumentKind::Selfie => "Selfie",
            DocumentKind::Csr => "CSR",
            DocumentKind::RevocationStatement => "Revocation statement",
            DocumentKind::LossStatement => "Statement of loss",
            DocumentKind::ForgottenPassphraseStatement => "Forgotten-passphrase statement",
            DocumentKind::DataChangeForm => "Data change form",
            DocumentKind::SupportingData => "Supporting data",
            DocumentKind::ExpiredAccountForm => "Expired-account change form",
            DocumentKind::ApiRequestForm => "API application request form",
            DocumentKind::MeetingNotes => "Meeting minutes",
            DocumentKind::UatLetter => "UAT letter",
        }
    }
}

/// An attached document: its kind, the SHA-256 of its content, and who signed,
/// approved or stamped it. The content itself stays with the host.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// What the document is.
    pub kind: DocumentKind,
    /// SHA-256 of the content, hex.
    pub sha256: String,
    /// The official who signed it, if any.
    pub signed_by: Option<Role>,
    /// Whether the applicant's superior approved it (statements).
    pub superior_approved: bool,
    /// Whether it carries the institution's stamp (forms).
    pub stamped: bool,
}

impl Document {
    /// A document of `kind` with this content, unsigned.
    pub fn new(kind: DocumentKind, content: &[u8]) -> Document {
        Document { kind, sha256: crate::sha256_hex(content), signed_by: None, superior_approved: false, stamped: false }
    }

    /// The same document, signed by an official in `role`.
    pub fn signed_by(mut self, role: Role) -> Document {
        self.signed_by = Some(role);
        self
    }

    /// The same document, approved by the applicant's superior.
    pub fn approved_by_superior(mut self) -> Document {
        self.superior_approved = true;
        self
    }

    /// The same document, stamped.
    pub fn stamped(mut self) -> Document {
        self.stamped = true;
        self
    }
}

/// One-time links sent by e-mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum LinkKind {
    /// Activation of the DS Kaltim portal account.
    PortalActivation,
    /// "[BSrE] Aktivasi Akun": activation of the AMS account.
    AmsActivation,
    /// "[BSrE] Set Passphrase".
    SetPassphrase,
    /// Identity form of a renewal.
    IdentityForm,
    /// Approval from the previously registered e-mail.
    OldEmailApproval,
}

impl LinkKind {
    pub(crate) fn name_id(self) -> &'static str {
        match self {
            LinkKind::PortalActivation => "aktivasi DS Kaltim",
            LinkKind::AmsActivation => "aktivasi akun",
            LinkKind::SetPassphrase => "set passphrase",
            LinkKind::IdentityForm => "pengisian data identitas",
            LinkKind::OldEmailApproval => "persetujuan email lama",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            LinkKind::PortalActivation => "portal activation",
            LinkKind::AmsActivation => "account activation",
            LinkKind::SetPassphrase => "set-passphrase",
            LinkKind::IdentityForm => "identity form",
            LinkKind::OldEmailApproval => "old e-mail approval",
        }
    }
}

/// How the key of a certificate is held.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// The applicant makes key and CSR offline; the key never leaves them.
    Lock,
    /// The key is generated and held server-side, unlocked by the passphrase.
    Esign,
}

/// Echelon (eselon) of the applicant's position; it decides who signs the recommendation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Echelon {
    /// Eselon I.
    I,
    /// Eselon II.
    II,
    /// Eselon III.
    III,
    /// Eselon IV.
    IV,
    /// Not in an echelon position (staf pelaksana, functional positions).
    None,
}

impl Echelon {
    /// Who signs the recommendation: Kadis Kominfo for Eselon I/II, else the agency head.
    pub fn recommender(self) -> Role {
        match self {
            Echelon::I | Echelon::II => Role::KadisKominfo,
            _ => Role::AgencyHead,
        }
    }
}

/// Reasons for revocation named by the SOP.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RevocationReason {
    /// Lupa passphrase.
    ForgottenPassphrase,
    /// Perubahan data.
    DataChange,
    /// Sertifikat hilang.
    LostCertificate,
}

impl RevocationReason {
    /// The RFC 5280 CRLReason code: keyCompromise (1) for a lost certificate,
    /// affiliationChanged (3) for a data change, superseded (4) for a forgotten passphrase.
    pub fn rfc5280_code(self) -> u8 {
        match self {
            RevocationReason::LostCertificate => 1,
            RevocationReason::DataChange => 3,
            RevocationReason::ForgottenPassphrase => 4,
        }
    }

    /// Of several reasons, the one a CRL should carry: key compromise outranks the others.
    pub fn strongest(reasons: &[RevocationReason]) -> Option<RevocationReason> {
        reasons.iter().copied().max_by_key(|r| match r {
            RevocationReason::LostCertificate => 3,
            RevocationReason::DataChange => 2,
            RevocationReason::ForgottenPassphrase => 1,
        })
    }

    pub(crate) fn name_id(self) -> &'static str {
        match self {
            RevocationReason::ForgottenPassphrase => "lupa passphrase",
            RevocationReason::DataChange => "perubahan data",
            RevocationReason::LostCertificate => "sertifikat hilang",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            RevocationReason::ForgottenPassphrase => "forgotten passphrase",
            RevocationReason::DataChange => "data change",
            RevocationReason::LostCertificate => "lost certificate",
        }
    }
}
