//! The records the lifecycle keeps: accounts, cases, certificates and API applications.
//! They change only by applying events ([`Records::apply`]), so replaying a log rebuilds
//! them exactly.

use super::event::{Change, Event};
use super::model::{Actor, Document, Echelon, LinkKind, Method, Process, RevocationReason, State};
use crate::date::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// A person's account (AMS account, and the portal account before it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Stable id, `AKUN-000001`.
    pub id: String,
    /// Full name (Common Name of the certificate).
    pub name: String,
    /// Current official e-mail (the login).
    pub email: String,
    /// E-mails registered before, newest last.
    pub previous_emails: Vec<String>,
    /// Institution (Organization of the certificate).
    pub institution: String,
    /// Echelon of the position.
    pub echelon: Echelon,
    /// NIK, once recorded.
    pub nik: Option<String>,
    /// NIP, once recorded.
    pub nip: Option<String>,
    /// Mobile number (E.164), once recorded.
    pub phone: Option<String>,
    /// AMS username, given when the verifier approves.
    pub username: Option<String>,
    /// Whether the random default password still has to be replaced.
    pub must_change_password: bool,
    /// Whether a passphrase has been set.
    pub passphrase_set: bool,
    /// Wrong passphrases since the last success or reset.
    pub failed_attempts: u32,
    /// Suspended after too many wrong passphrases.
    pub suspended: bool,
}

impl Account {
    /// Whether the verifier has approved the account.
    pub fn is_verified(&self) -> bool {
        self.username.is_some()
    }
}

/// A one-time link waiting to be used: only the SHA-256 of its token is kept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLink {
    /// Which link.
    pub kind: LinkKind,
    /// SHA-256 of the token, hex.
    pub token_sha256: String,
    /// When it stops working.
    pub expires_at: Timestamp,
}

/// A NIK/NIP pair the verifier sent to BSrE because a registry did not know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// The NIK sent.
    pub nik: String,
    /// The NIP sent.
    pub nip: String,
}

/// Data an applicant asks to change (data change, data update).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataChanges {
    /// New full name.
    pub name: Option<String>,
    /// New institution.
    pub institution: Option<String>,
    /// New echelon.
    pub echelon: Option<Echelon>,
    /// New mobile number (E.164).
    pub phone: Option<String>,
}

impl DataChanges {
    /// Whether nothing would change.
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.institution.is_none() && self.echelon.is_none() && self.phone.is_none()
    }
}

/// One request going through a process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// Stable id, `KASUS-000001`.
    pub id: String,
    /// The process.
    pub process: Process,
    /// Where it stands.
    pub state: State,
    /// Login of the applicant: only they take the applicant's steps, and no official acts on it as themselves.
    pub applicant: String,
    /// Who opened it.
    pub opened_by: Actor,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// The account concerned (all processes but the API application).
    pub account: Option<String>,
    /// The certificate concerned (revocation, loss, forgotten passphrase).
    pub certificate: Option<String>,
    /// The API application concerned.
    pub application: Option<String>,
    /// Documents attached so far.
    pub documents: Vec<Document>,
    /// Links waiting to be used.
    pub links: Vec<PendingLink>,
    /// Whether the subscriber agreement was accepted.
    pub agreement_accepted: bool,
    /// Revocation reasons named by the applicant.
    pub revocation_reasons: Vec<RevocationReason>,
    /// Username the applicant names for the certificate to revoke.
    pub claimed_username: Option<String>,
    /// Subject DN the applicant names for the certificate to revoke.
    pub claimed_subject_dn: Option<String>,
    /// Data to change.
    pub changes: Option<DataChanges>,
    /// New e-mail (expired-account change).
    pub new_email: Option<String>,
    /// Method of the certificate to issue or reissue.
    pub method: Option<Method>,
    /// The CSR that passed the verifier's check (LOCK), PEM.
    pub csr: Option<String>,
    /// Notes: reasons of returns, meeting and trial notes, in order.
    pub notes: Vec<String>,
    /// NIK/NIP sent to BSrE, if any.
    pub escalation: Option<Escalation>,
    /// Trials of the API application so far.
    pub trials: u32,
}

impl Case {
    /// The newest attached document of `kind`.
    pub fn document(&self, kind: super::model::DocumentKind) -> Option<&Document> {
        self.documents.iter().rev().find(|d| d.kind == kind)
    }
}

/// Revocation of a certificate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revocation {
    /// The reasons named.
    pub reasons: Vec<RevocationReason>,
    /// RFC 5280 CRLReason code.
    pub rfc5280_code: u8,
    /// When.
    pub at: Timestamp,
}

/// A certificate issued to an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// Serial number, hex.
    pub serial: String,
    /// The holder's account.
    pub account: String,
    /// How its key is held.
    pub method: Method,
    /// Subject DN, `CN=…,O=…,C=ID`.
    pub subject_dn: String,
    /// AMS username of the holder.
    pub username: String,
    /// Start of validity.
    pub not_before: Timestamp,
    /// End of validity.
    pub not_after: Timestamp,
    /// SHA-256 of the CSR it was issued from (LOCK).
    pub csr_sha256: Option<String>,
    /// The certificate it renews or replaces.
    pub replaces: Option<String>,
    /// Set once revoked.
    pub revocation: Option<Revocation>,
    /// The certificate, PEM (what the applicant downloads).
    pub pem: String,
}

impl Certificate {
    /// Valid at `at`: inside its validity period and not revoked.
    pub fn is_active(&self, at: Timestamp) -> bool {
        self.revocation.is_none() && self.not_before <= at && at < self.not_after
    }
}

/// An application registered to use the signing API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiApplication {
    /// Stable id, `APLIKASI-000001`.
    pub id: String,
    /// Name of the application / information system.
    pub name: String,
    /// The agency that develops and runs it.
    pub institution: String,
    /// Client id for HTTP Basic auth, once access is issued.
    pub client_id: Option<String>,
    /// SHA-256 of the client secret, hex; the secret itself is handed out once.
    pub client_secret_sha256: Option<String>,
    /// Whether integration was confirmed.
    pub integrated: bool,
}

/// Everything the lifecycle knows, rebuilt by applying events in order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Records {
    /// Accounts by id.
    pub accounts: BTreeMap<String, Account>,
    /// Cases by id.
    pub cases: BTreeMap<String, Case>,
    /// Certificates by serial.
    pub certificates: BTreeMap<String, Certificate>,
    /// API applications by id.
    pub applications: BTreeMap<String, ApiApplication>,
    /// NIKs and NIPs BSrE confirmed after an escalation.
    pub confirmed_identities: BTreeSet<String>,
}

impl Records {
    /// The account registered with this NIK.
    pub fn account_by_nik(&self, nik: &str) -> Option<&Account> {
        self.accounts.values().find(|a| a.nik.as_deref() == Some(nik))
    }

    /// The certificates of an account, oldest first.
    pub fn certificates_of<'a>(&'a self, account: &'a str) -> impl Iterator<Item = &'a Certificate> + 'a {
        let mut certs: Vec<&Certificate> = self.certificates.values().filter(|c| c.account == account).collect();
        certs.sort_by_key(|c| (c.not_before, c.serial.clone()));
        certs.into_iter()
    }

    /// The certificates of an account active at `at`.
    pub fn active_certificates<'a>(&'a self, account: &'a str, at: Timestamp) -> Vec<&'a Certificate> {
        self.certificates_of(account).filter(|c| c.is_active(at)).collect()
    }

    /// Open (non-terminal) cases of an account.
    pub fn open_cases<'a>(&'a self, account: &'a str) -> impl Iterator<Item = &'a Case> + 'a {
        self.cases.values().filter(move |c| c.account.as_deref() == Some(account) && !c.state.is_terminal())
    }

    /// Applies one event: the case (if any) moves to the event's `to` state, then each change.
    pub fn apply(&mut self, event: &Event) {
        for change in &event.changes {
            self.apply_change(change, event.at);
        }
        if let (Some(case_id), Some(to)) = (&event.case, event.to)
            && let Some(case) = self.cases.get_mut(case_id)
        {
            case.state = to;
        }
    }

    fn apply_change(&mut self, change: &Change, at: Timestamp) {
        match change {
            Change::AccountCreated(account) => {
                self.accounts.insert(account.id.clone(), account.clone());
            }
            Change::CaseOpened(case) => {
                self.cases.insert(case.id.clone(), case.clone());
            }
            Change::ApplicationCreated(app) => {
                self.applications.insert(app.id.clone(), app.clone());
            }
            Change::CertificateIssued(cert) => {
                self.certificates.insert(cert.serial.clone(), cert.clone());
            }
            Change::CertificateRevoked { serial, reasons, rfc5280_code } => {
                if let Some(cert) = self.certificates.get_mut(serial) {
                    cert.revocation = Some(Revocation { reasons: reasons.clone(), rfc5280_code: *rfc5280_code, at });
                }
            }
            Change::IdentityConfirmed { nik, nip } => {
                self.confirmed_identities.insert(nik.clone());
                self.confirmed_identities.insert(nip.clone());
            }
            Change::Case { case, update } => {
                if let Some(case) = self.cases.get_mut(case) {
                    update.apply_to(case);
                }
            }
            Change::Account { account, update } => {
                if let Some(account) = self.accounts.get_mut(account) {
                    update.apply_to(account);
                }
            }
            Change::Application { application, update } => {
                if let Some(app) = self.applications.get_mut(application) {
                    update.apply_to(app);
                }
            }
        }
    }
}
