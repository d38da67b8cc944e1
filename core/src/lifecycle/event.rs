//! Events and the append-only, hash-chained audit log. Every accepted action appends one
//! event saying who did what, when, from which state to which, why, and which records
//! changed; each event carries the SHA-256 of the one before it.

use super::model::{ActionKind, Actor, Document, LinkKind, Method, RevocationReason, State};
use super::records::{Account, ApiApplication, Case, Certificate, DataChanges, Escalation, PendingLink};
use crate::date::Timestamp;
use crate::{Error, Result, sha256_hex};
use serde::{Deserialize, Serialize};

/// One change to the records. Applying the changes of every event in order rebuilds them.
#[allow(clippy::large_enum_variant)] // a log entry, built once and stored, not moved in hot loops
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    /// A new account.
    AccountCreated(Account),
    /// A new case.
    CaseOpened(Case),
    /// A new API application.
    ApplicationCreated(ApiApplication),
    /// A certificate issued.
    CertificateIssued(Certificate),
    /// A certificate revoked at the event's time.
    CertificateRevoked {
        /// Its serial.
        serial: String,
        /// The reasons named.
        reasons: Vec<RevocationReason>,
        /// RFC 5280 CRLReason code.
        rfc5280_code: u8,
    },
    /// BSrE confirmed an escalated NIK/NIP.
    IdentityConfirmed {
        /// The NIK.
        nik: String,
        /// The NIP.
        nip: String,
    },
    /// A change to a case.
    Case {
        /// The case id.
        case: String,
        /// What changed.
        update: CaseUpdate,
    },
    /// A change to an account.
    Account {
        /// The account id.
        account: String,
        /// What changed.
        update: AccountUpdate,
    },
    /// A change to an API application.
    Application {
        /// The application id.
        application: String,
        /// What changed.
        update: ApplicationUpdate,
    },
}

/// Changes to a case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CaseUpdate {
    /// Documents attached.
    AttachDocuments(Vec<Document>),
    /// A link issued; it replaces any pending link of the same kind.
    IssueLink(PendingLink),
    /// A link used up.
    ConsumeLink(LinkKind),
    /// The subscriber agreement accepted.
    AcceptAgreement,
    /// A note (return reason, meeting or trial notes).
    Note(String),
    /// NIK/NIP sent to BSrE.
    Escalate(Escalation),
    /// The escalation answered.
    ClearEscalation,
    /// The method of the certificate to (re)issue.
    SetMethod(Method),
    /// A CSR that passed the verifier's check, PEM.
    AttachCsr(String),
    /// One more trial finished.
    TrialFinished,
}

impl CaseUpdate {
    pub(crate) fn apply_to(&self, case: &mut Case) {
        match self {
            CaseUpdate::AttachDocuments(docs) => case.documents.extend(docs.iter().cloned()),
            CaseUpdate::IssueLink(link) => {
                case.links.retain(|l| l.kind != link.kind);
                case.links.push(link.clone());
            }
            CaseUpdate::ConsumeLink(kind) => case.links.retain(|l| l.kind != *kind),
            CaseUpdate::AcceptAgreement => case.agreement_accepted = true,
            CaseUpdate::Note(note) => case.notes.push(note.clone()),
            CaseUpdate::Escalate(escalation) => case.escalation = Some(escalation.clone()),
            CaseUpdate::ClearEscalation => case.escalation = None,
            CaseUpdate::SetMethod(method) => case.method = Some(*method),
            CaseUpdate::AttachCsr(pem) => case.csr = Some(pem.clone()),
            CaseUpdate::TrialFinished => case.trials += 1,
        }
    }
}

/// Changes to an account.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AccountUpdate {
    /// NIK, NIP and phone recorded.
    Identity {
        /// NIK digits.
        nik: String,
        /// NIP digits.
        nip: String,
        /// Phone (E.164).
        phone: String,
    },
    /// Approved by the verifier; username and a random default password issued.
    Verified {
        /// The AMS username.
        username: String,
    },
    /// A passphrase was set (the key store seals the key under it; the records never hold it).
    PassphraseSet,
    /// The default password was replaced.
    DefaultPasswordChanged,
    /// A wrong passphrase was counted.
    PassphraseRejected,
    /// A right passphrase cleared the count.
    PassphraseAccepted,
    /// Suspended after too many wrong passphrases.
    Suspended,
    /// Suspension lifted and count cleared (passphrase reset).
    SuspensionLifted,
    /// Name, institution, echelon or phone changed.
    DataChanged(DataChanges),
    /// The login e-mail changed; the old one is kept in `previous_emails`.
    EmailChanged(String),
}

impl AccountUpdate {
    pub(crate) fn apply_to(&self, account: &mut Account) {
        match self {
            AccountUpdate::Identity { nik, nip, phone } => {
                account.nik = Some(nik.clone());
                account.nip = Some(nip.clone());
                account.phone = Some(phone.clone());
            }
            AccountUpdate::Verified { username } => {
                account.username = Some(username.clone());
                account.must_change_password = true;
            }
            AccountUpdate::PassphraseSet => {
                account.passphrase_set = true;
                account.failed_attempts = 0;
            }
            AccountUpdate::DefaultPasswordChanged => account.must_change_password = false,
            AccountUpdate::PassphraseRejected => account.failed_attempts += 1,
            AccountUpdate::PassphraseAccepted => account.failed_attempts = 0,
            AccountUpdate::Suspended => account.suspended = true,
            AccountUpdate::SuspensionLifted => {
                account.suspended = false;
                account.failed_attempts = 0;
            }
            AccountUpdate::DataChanged(changes) => {
                if let Some(name) = &changes.name {
                    account.name = name.clone();
                }
                if let Some(institution) = &changes.institution {
                    account.institution = institution.clone();
                }
                if let Some(echelon) = changes.echelon {
                    account.echelon = echelon;
                }
                if let Some(phone) = &changes.phone {
                    account.phone = Some(phone.clone());
                }
            }
            AccountUpdate::EmailChanged(email) => {
                let old = std::mem::replace(&mut account.email, email.clone());
                account.previous_emails.push(old);
            }
        }
    }
}

/// Changes to an API application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApplicationUpdate {
    /// API access issued.
    AccessIssued {
        /// Client id.
        client_id: String,
        /// SHA-256 of the client secret, hex.
        client_secret_sha256: String,
    },
    /// Integration confirmed.
    Integrated,
}

impl ApplicationUpdate {
    pub(crate) fn apply_to(&self, app: &mut ApiApplication) {
        match self {
            ApplicationUpdate::AccessIssued { client_id, client_secret_sha256 } => {
                app.client_id = Some(client_id.clone());
                app.client_secret_sha256 = Some(client_secret_sha256.clone());
            }
            ApplicationUpdate::Integrated => app.integrated = true,
        }
    }
}

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When (from the injected clock).
    pub at: Timestamp,
    /// Who.
    pub actor: Actor,
    /// What.
    pub action: ActionKind,
    /// The case, for case actions.
    pub case: Option<String>,
    /// The account concerned, if any.
    pub account: Option<String>,
    /// State before (case actions).
    pub from: Option<State>,
    /// State after (case actions).
    pub to: Option<State>,
    /// Why (a return's reason, a revocation's reasons, a note).
    pub reason: Option<String>,
    /// The changes to the records.
    pub changes: Vec<Change>,
    /// SHA-256 of the previous event, hex (64 zeros for the first).
    pub prev_hash: String,
    /// SHA-256 of this event with `hash` empty, hex.
    pub hash: String,
}

impl Event {
    fn compute_hash(&self) -> Result<String> {
        let mut unsealed = self.clone();
        unsealed.hash = String::new();
        Ok(sha256_hex(&serde_json::to_vec(&unsealed)?))
    }
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The append-only log.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AuditLog {
    events: Vec<Event>,
}

impl AuditLog {
    /// The events, oldest first.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// Hash of the newest event (the genesis value when empty).
    pub fn head(&self) -> &str {
        self.events.last().map_or(GENESIS, |e| e.hash.as_str())
    }

    /// Seals `event` (sequence number, previous hash, own hash) and appends it.
    pub(crate) fn append(&mut self, mut event: Event) -> Result<&Event> {
        event.seq = self.events.len() as u64 + 1;
        event.prev_hash = self.head().to_string();
        event.hash = event.compute_hash()?;
        self.events.push(event);
        self.events.last().ok_or(Error::LogTampered { seq: 0 })
    }

    /// Checks the chain: sequence numbers, each previous hash and each own hash.
    pub fn verify(&self) -> Result<()> {
        let mut prev = GENESIS.to_string();
        for (i, event) in self.events.iter().enumerate() {
            let sealed = event.seq == i as u64 + 1 && event.prev_hash == prev && event.compute_hash()? == event.hash;
            if !sealed {
                return Err(Error::LogTampered { seq: i as u64 + 1 });
            }
            prev = event.hash.clone();
        }
        Ok(())
    }

    /// The log as JSON (an array of events).
    pub fn to_json(&self) -> Result<String> {
        Ok(serde_json::to_string_pretty(self)?)
    }

    /// Reads a log from JSON and verifies its chain.
    pub fn from_json(json: &str) -> Result<AuditLog> {
        let log: AuditLog = serde_json::from_str(json)?;
        log.verify()?;
        Ok(log)
    }
}
