//! What users submit: a [`Request`] opens a case; an [`Action`] moves it on.

use super::model::{ActionKind, Document, Echelon, Method, Process, RevocationReason};
use crate::secret::Secret;
use serde::Deserialize;

/// A new applicant as the first form names them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Applicant {
    /// Full name.
    pub name: String,
    /// Official e-mail.
    pub email: String,
    /// Institution (Organization).
    pub institution: String,
    /// Echelon of the position.
    pub echelon: Echelon,
}

/// Data to change, as typed by a person (validated when the case opens).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct ChangeForm {
    /// New full name.
    pub name: Option<String>,
    /// New institution.
    pub institution: Option<String>,
    /// New echelon.
    pub echelon: Option<Echelon>,
    /// New mobile number.
    pub phone: Option<String>,
}

/// Opens a case; each variant is the first step of one process.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Request {
    /// 1. Register on the DS Kaltim portal with the official e-mail.
    PortalRegistration {
        /// The applicant.
        applicant: Applicant,
    },
    /// 2./3. AMS account: Eselon I/II send the recommendation draft to the Kadis Kominfo;
    /// Eselon III and below send the agency head's signed recommendation.
    AmsRegistration {
        /// The applicant; the echelon picks the process.
        applicant: Applicant,
        /// Cover letter plus the draft (I/II) or the signed recommendation (III and below).
        documents: Vec<Document>,
    },
    /// 4./5. Request a certificate by LOCK or ESIGN.
    Issuance {
        /// The verified account.
        account: String,
        /// LOCK or ESIGN.
        method: Method,
    },
    /// 6. Revocation with a statement approved by a superior.
    Revocation {
        /// The certificate.
        certificate: String,
        /// At least one reason.
        reasons: Vec<RevocationReason>,
        /// The AMS username the applicant gives.
        username: String,
        /// The subject DN the applicant gives.
        subject_dn: String,
        /// Surat Keterangan Alasan Pencabutan, approved by the superior.
        statement: Document,
    },
    /// 7. Change of data with the form and supporting documents.
    DataChange {
        /// The certificate whose data changes (it is revoked and reissued).
        certificate: String,
        /// What changes.
        changes: ChangeForm,
        /// Form and supporting data.
        documents: Vec<Document>,
    },
    /// 8. Lost certificate with a statement of loss.
    LostCertificate {
        /// The certificate.
        certificate: String,
        /// Statement of loss, approved by the superior.
        statement: Document,
    },
    /// 9. Forgotten LOCK passphrase with a statement and a new CSR.
    ForgottenPassphraseLock {
        /// The certificate.
        certificate: String,
        /// Statement, approved by the superior.
        statement: Document,
        /// The new CSR (PEM or DER).
        #[serde(deserialize_with = "pem_text")]
        csr: Vec<u8>,
    },
    /// 10. Forgotten ESIGN passphrase: pick the certificate.
    ForgottenPassphraseEsign {
        /// The certificate.
        certificate: String,
    },
    /// 11. Renewal filed by the verifier with the recommendation.
    Renewal {
        /// The account.
        account: String,
        /// Recommendation letter.
        recommendation: Document,
    },
    /// 12. Update of data filed by the verifier with supporting data.
    DataUpdate {
        /// The account.
        account: String,
        /// What changes.
        changes: ChangeForm,
        /// Supporting data.
        documents: Vec<Document>,
    },
    /// 13. Expired account: signed and stamped form and a new active official e-mail.
    ExpiredAccountChange {
        /// The account.
        account: String,
        /// The new official e-mail.
        new_email: String,
        /// The form, signed and stamped.
        form: Document,
    },
    /// 14. An agency registers an application that will call the signing API.
    ApiApplication {
        /// Application / information system name.
        name: String,
        /// The agency.
        institution: String,
        /// Request form with supporting data.
        form: Document,
    },
}

impl Request {
    /// The process this request opens.
    pub fn process(&self) -> Process {
        match self {
            Request::PortalRegistration { .. } => Process::PortalRegistration,
            Request::AmsRegistration { applicant, .. } => match applicant.echelon {
                Echelon::I | Echelon::II => Process::AmsRegistrationEselon12,
                _ => Process::AmsRegistrationEselon3,
            },
            Request::Issuance { method: Method::Lock, .. } => Process::IssuanceLock,
            Request::Issuance { method: Method::Esign, .. } => Process::IssuanceEsign,
            Request::Revocation { .. } => Process::Revocation,
            Request::DataChange { .. } => Process::DataChange,
            Request::LostCertificate { .. } => Process::LostCertificate,
            Request::ForgottenPassphraseLock { .. } => Process::ForgottenPassphraseLock,
            Request::ForgottenPassphraseEsign { .. } => Process::ForgottenPassphraseEsign,
            Request::Renewal { .. } => Process::Renewal,
            Request::DataUpdate { .. } => Process::DataUpdate,
            Request::ExpiredAccountChange { .. } => Process::ExpiredAccountChange,
            Request::ApiApplication { .. } => Process::ApiApplication,
        }
    }
}

/// Identity data typed into a form (NIK, NIP, mobile number).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct IdentityForm {
    /// NIK.
    pub nik: String,
    /// NIP.
    pub nip: String,
    /// Mobile number.
    pub phone: String,
}

/// A step on an open case. Secrets (tokens, passphrases) are zeroized when dropped.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub enum Action {
    /// Portal: open the activation link, fill NIK/NIP/phone, upload the recommendation.
    ActivatePortal {
        /// Token of the portal activation link.
        token: Secret,
        /// Identity data.
        identity: IdentityForm,
        /// Recommendation signed by the right official for the echelon.
        recommendation: Document,
    },
    /// Kadis Kominfo issues the signed recommendation.
    IssueRecommendation {
        /// The recommendation, signed by the Kadis Kominfo.
        recommendation: Document,
    },
    /// Verifier registers the identity in AMS and uploads the recommendation.
    RegisterIdentity {
        /// Identity data.
        identity: IdentityForm,
        /// The signed recommendation.
        recommendation: Document,
    },
    /// Open the AMS activation link, upload KTP and selfie.
    ActivateAms {
        /// Token of the AMS activation link.
        token: Secret,
        /// KTP scan.
        ktp: Document,
        /// Selfie.
        selfie: Document,
    },
    /// "Ya": approve.
    Approve,
    /// "Tidak": return with a reason.
    Return {
        /// Why.
        reason: String,
    },
    /// Send back a returned case with fixes.
    Resubmit {
        /// Documents added or replaced.
        documents: Vec<Document>,
    },
    /// Set the passphrase through its link.
    SetPassphrase {
        /// Token of the set-passphrase link.
        token: Secret,
        /// The new passphrase.
        passphrase: Secret,
        /// The subscriber agreement is accepted.
        accept_agreement: bool,
    },
    /// Acknowledge the notification.
    Acknowledge,
    /// Replace the default password (checked against the passphrase policy; the host stores it).
    ChangeDefaultPassword {
        /// The new password.
        new_password: Secret,
    },
    /// Upload the CSR made offline.
    UploadCsr {
        /// The CSR (PEM or DER); it must pass the verifier's check.
        #[serde(deserialize_with = "pem_text")]
        csr: Vec<u8>,
    },
    /// Upload recommendation, KTP and selfie.
    UploadDocuments {
        /// The signed recommendation.
        recommendation: Document,
        /// KTP scan.
        ktp: Document,
        /// Selfie.
        selfie: Document,
    },
    /// Accept the subscriber agreement.
    AcceptAgreement,
    /// Issue the certificate.
    Issue,
    /// Download the certificate.
    Download,
    /// Revoke the certificate.
    Revoke,
    /// Change the data.
    ApplyChange,
    /// Issue the replacement certificate.
    Reissue {
        /// LOCK (needs a CSR) or ESIGN.
        method: Method,
        /// The new CSR for LOCK, PEM or DER (a forgotten-passphrase case already holds one).
        #[serde(default, deserialize_with = "optional_pem_text")]
        csr: Option<Vec<u8>>,
    },
    /// ESIGN Change Passphrase.
    ChangePassphrase {
        /// The current passphrase.
        old: Secret,
        /// The new passphrase.
        new: Secret,
    },
    /// ESIGN Reset Passphrase: a random passphrase is handed out once.
    ResetPassphrase,
    /// Renewal: fill the identity form sent by link.
    SubmitIdentity {
        /// Token of the identity-form link.
        token: Secret,
        /// Identity data.
        identity: IdentityForm,
        /// KTP scan.
        ktp: Document,
        /// Selfie.
        selfie: Document,
    },
    /// Approve the change from the old e-mail.
    ApproveFromOldEmail {
        /// Token of the link sent to the old e-mail.
        token: Secret,
    },
    /// Give the general explanation.
    PresentOverview {
        /// Summary of the explanation.
        summary: String,
    },
    /// Hold the technical meeting.
    HoldMeeting {
        /// Minutes of the meeting.
        minutes: Document,
    },
    /// Prepare the trial.
    PrepareTrial,
    /// Issue the UAT letter.
    IssueUat {
        /// The Surat Keterangan UAT.
        letter: Document,
    },
    /// Issue API access (client id and a secret handed out once).
    IssueApiAccess,
    /// Configure the system.
    Configure,
    /// Confirm integration.
    ConfirmIntegration,
    /// Resend the pending link.
    ResendLink,
    /// Send unknown NIK/NIP to BSrE.
    EscalateIdentity {
        /// NIK.
        nik: String,
        /// NIP.
        nip: String,
    },
    /// BSrE confirms the escalated identity.
    ResolveIdentity,
    /// Withdraw the request.
    Withdraw {
        /// Why.
        reason: String,
    },
}

impl Action {
    /// The kind of this action, as the transition tables name it.
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::ActivatePortal { .. } => ActionKind::ActivatePortal,
            Action::IssueRecommendation { .. } => ActionKind::IssueRecommendation,
            Action::RegisterIdentity { .. } => ActionKind::RegisterIdentity,
            Action::ActivateAms { .. } => ActionKind::ActivateAms,
            Action::Approve => ActionKind::Approve,
            Action::Return { .. } => ActionKind::Return,
            Action::Resubmit { .. } => ActionKind::Resubmit,
            Action::SetPassphrase { .. } => ActionKind::SetPassphrase,
            Action::Acknowledge => ActionKind::Acknowledge,
            Action::ChangeDefaultPassword { .. } => ActionKind::ChangeDefaultPassword,
            Action::UploadCsr { .. } => ActionKind::UploadCsr,
            Action::UploadDocuments { .. } => ActionKind::UploadDocuments,
            Action::AcceptAgreement => ActionKind::AcceptAgreement,
            Action::Issue => ActionKind::Issue,
            Action::Download => ActionKind::Download,
            Action::Revoke => ActionKind::Revoke,
            Action::ApplyChange => ActionKind::ApplyChange,
            Action::Reissue { .. } => ActionKind::Reissue,
            Action::ChangePassphrase { .. } => ActionKind::ChangePassphrase,
            Action::ResetPassphrase => ActionKind::ResetPassphrase,
            Action::SubmitIdentity { .. } => ActionKind::SubmitIdentity,
            Action::ApproveFromOldEmail { .. } => ActionKind::ApproveFromOldEmail,
            Action::PresentOverview { .. } => ActionKind::PresentOverview,
            Action::HoldMeeting { .. } => ActionKind::HoldMeeting,
            Action::PrepareTrial => ActionKind::PrepareTrial,
            Action::IssueUat { .. } => ActionKind::IssueUat,
            Action::IssueApiAccess => ActionKind::IssueApiAccess,
            Action::Configure => ActionKind::Configure,
            Action::ConfirmIntegration => ActionKind::ConfirmIntegration,
            Action::ResendLink => ActionKind::ResendLink,
            Action::EscalateIdentity { .. } => ActionKind::EscalateIdentity,
            Action::ResolveIdentity => ActionKind::ResolveIdentity,
            Action::Withdraw { .. } => ActionKind::Withdraw,
        }
    }
}

/// A CSR in JSON is its PEM text.
fn pem_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    String::deserialize(deserializer).map(String::into_bytes)
}

/// An optional CSR in JSON is its PEM text or null.
fn optional_pem_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<u8>>, D::Error> {
    Option::<String>::deserialize(deserializer).map(|text| text.map(String::into_bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_read_from_json_with_csrs_as_pem_text_and_secrets_wrapped() {
        let upload: Action =
            serde_json::from_str(r#"{"UploadCsr":{"csr":"-----BEGIN CERTIFICATE REQUEST-----"}}"#).unwrap();
        assert_eq!(upload, Action::UploadCsr { csr: b"-----BEGIN CERTIFICATE REQUEST-----".to_vec() });
        let reissue: Action = serde_json::from_str(r#"{"Reissue":{"method":"Esign"}}"#).unwrap();
        assert_eq!(reissue, Action::Reissue { method: Method::Esign, csr: None });
        let change: Action =
            serde_json::from_str(r#"{"ChangePassphrase":{"old":"Lama#Sandi1","new":"Baru#Sandi2"}}"#).unwrap();
        assert_eq!(format!("{change:?}"), "ChangePassphrase { old: Secret(***), new: Secret(***) }");
        assert_eq!(serde_json::from_str::<Action>(r#""Approve""#).unwrap(), Action::Approve);
        assert!(serde_json::from_str::<Action>(r#"{"UploadCsr":{"csr":[1,2]}}"#).is_err());
        assert!(serde_json::from_str::<Request>(r#"{"Issuance":{"account":"a"}}"#).is_err());
    }
}
