//! The ledger: the records, the audit log and the collaborators (clock, registries, the
//! certificate authority and key custodian) of one verifier office. Every accepted request or action appends
//! exactly one event and applies it; a refused one changes nothing.

use super::authority::{CertificateAuthority, KeySource};
use super::clock::{Clock, SystemClock};
use super::config::LifecycleConfig;
use super::decide::{self, Ctx, Decision, Effect, HandedSecret, IssueNotice, SecretKind};
use super::directory::{IdentityDirectory, OpenDirectory};
use super::event::{AccountUpdate, AuditLog, Change, Event};
use super::model::{ActionKind, Actor, Method, Role, State};
use super::notify::{self, Notification};
use super::records::{Case, Certificate, Records};
use super::request::{Action, Request};
use super::sla::SlaReport;
use super::status::{UserStatus, user_status};
use super::table;
use crate::pki::PrivateKey;
use crate::secret::Secret;
use crate::{Error, Result};

/// What an accepted request or action produced.
#[derive(Debug)]
pub struct Outcome {
    /// The event appended to the log.
    pub event: Event,
    /// Messages for the host to send.
    pub notifications: Vec<Notification>,
    /// Secrets to hand out once (link tokens, default password, reset passphrase, API secret).
    pub secrets: Vec<HandedSecret>,
}

impl Outcome {
    /// The case the event belongs to.
    pub fn case_id(&self) -> Option<&str> {
        self.event.case.as_deref()
    }

    /// The first handed-out secret of `kind`.
    pub fn secret(&self, kind: decide::SecretKind) -> Option<&Secret> {
        self.secrets.iter().find(|s| s.kind == kind).map(|s| &s.value)
    }

    /// The outcome as a binding hands it to its host, secrets included: the one
    /// serialization that shows them, for handing them out once (never store it).
    pub fn handout(&self) -> OutcomeHandout<'_> {
        OutcomeHandout {
            case: self.case_id(),
            event: &self.event,
            notifications: &self.notifications,
            secrets: self
                .secrets
                .iter()
                .map(|s| SecretHandout { kind: s.kind, recipient: &s.recipient, value: s.value.expose() })
                .collect(),
        }
    }
}

/// What an accepted request or action produced, serializable with its secrets
/// (`{"case", "event", "notifications", "secrets"}`); see [`Outcome::handout`].
#[derive(Debug, serde::Serialize)]
pub struct OutcomeHandout<'a> {
    /// The case the step belongs to.
    pub case: Option<&'a str>,
    /// The event appended to the log.
    pub event: &'a Event,
    /// The notifications to send.
    pub notifications: &'a [Notification],
    /// The secrets to hand out, once.
    pub secrets: Vec<SecretHandout<'a>>,
}

/// One secret with its recipient, as handed out.
#[derive(Debug, serde::Serialize)]
pub struct SecretHandout<'a> {
    /// What it is.
    pub kind: SecretKind,
    /// To whom.
    pub recipient: &'a str,
    /// The secret itself.
    pub value: &'a str,
}

/// The result of unlocking an ESIGN key to sign. Both outcomes are logged.
#[derive(Debug)]
pub enum SignDecision {
    /// The passphrase is right: the unlocked ESIGN key, to sign with now.
    Authorized {
        /// The authorizing event.
        outcome: Outcome,
        /// The key, wiped when dropped.
        key: PrivateKey,
    },
    /// The passphrase is wrong (BSrE code 2031): the attempt was counted, and at the
    /// limit the account was suspended (see the notification).
    WrongPassphrase {
        /// Attempts left before suspension (0: suspended now).
        remaining_attempts: u32,
        /// The counting event.
        outcome: Outcome,
    },
}

/// Records, log and collaborators of one office.
pub struct Ledger {
    config: LifecycleConfig,
    records: Records,
    log: AuditLog,
    clock: Box<dyn Clock>,
    directory: Box<dyn IdentityDirectory>,
    authority: Box<dyn CertificateAuthority>,
}

impl Ledger {
    /// An empty ledger issuing through `authority`, with the system clock and no registry attached.
    pub fn new(config: LifecycleConfig, authority: impl CertificateAuthority + 'static) -> Ledger {
        Ledger {
            config,
            records: Records::default(),
            log: AuditLog::default(),
            clock: Box::new(SystemClock),
            directory: Box::new(OpenDirectory),
            authority: Box::new(authority),
        }
    }

    /// A ledger continuing from `log`: the chain is verified and the records are rebuilt by replay.
    pub fn from_log(
        config: LifecycleConfig,
        log: AuditLog,
        authority: impl CertificateAuthority + 'static,
    ) -> Result<Ledger> {
        let records = replay(&log)?;
        Ok(Ledger { records, log, ..Ledger::new(config, authority) })
    }

    /// Uses `clock` for time.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Ledger {
        self.clock = Box::new(clock);
        self
    }

    /// Uses `directory` for NIK and NIP lookups.
    pub fn with_directory(mut self, directory: impl IdentityDirectory + 'static) -> Ledger {
        self.directory = Box::new(directory);
        self
    }

    /// The settings.
    pub fn config(&self) -> &LifecycleConfig {
        &self.config
    }

    /// The records.
    pub fn records(&self) -> &Records {
        &self.records
    }

    /// The audit log.
    pub fn log(&self) -> &AuditLog {
        &self.log
    }

    /// A case by id.
    pub fn case(&self, id: &str) -> Result<&Case> {
        self.records.cases.get(id).ok_or(Error::UnknownCase)
    }

    /// The BSrE status of the person with this NIK, now.
    pub fn user_status(&self, nik: &str) -> UserStatus {
        user_status(&self.records, nik, self.clock.now())
    }

    /// The SLA report of a case.
    pub fn sla_report(&self, case: &str) -> Result<SlaReport> {
        SlaReport::for_case(&self.log, self.case(case)?.process, case)
    }

    /// Opens a case: the first step of the request's process.
    pub fn open(&mut self, actor: &Actor, request: &Request) -> Result<Outcome> {
        let process = request.process();
        let row = table::find(process, State::New, ActionKind::Open).ok_or(Error::IllegalAction {
            process,
            state: State::New,
            action: ActionKind::Open,
        })?;
        if !row.roles.contains(&actor.role) {
            return Err(Error::RoleNotPermitted { process, action: ActionKind::Open, role: actor.role });
        }
        let ctx = self.ctx(actor);
        let (case, decision) = decide::open(&ctx, request)?;
        self.commit(actor, ActionKind::Open, Some((&case, State::New, row.to)), decision)
    }

    /// Takes `action` on the case `case_id`.
    pub fn act(&mut self, actor: &Actor, case_id: &str, action: &Action) -> Result<Outcome> {
        let case = self.case(case_id)?;
        let kind = action.kind();
        let row = table::find(case.process, case.state, kind).ok_or(Error::IllegalAction {
            process: case.process,
            state: case.state,
            action: kind,
        })?;
        if !row.roles.contains(&actor.role) {
            return Err(Error::RoleNotPermitted { process: case.process, action: kind, role: actor.role });
        }
        self.check_actor(actor, case)?;
        let ctx = self.ctx(actor);
        let decision = decide::step(&ctx, case, action)?;
        let case = case.clone();
        self.commit(actor, kind, Some((&case, case.state, row.to)), decision)
    }

    /// [`Ledger::sign_attempt`] for a caller that signs at once: the unlocked key with the
    /// certificate it signs under. A wrong passphrase, counted in the log as by
    /// `sign_attempt`, is [`Error::WrongPassphrase`].
    pub fn unlock_for_signing(
        &mut self,
        actor: &Actor,
        serial: &str,
        passphrase: &Secret,
    ) -> Result<(PrivateKey, crate::pki::Certificate)> {
        match self.sign_attempt(actor, serial, passphrase)? {
            SignDecision::Authorized { key, .. } => {
                let record = self.records.certificates.get(serial).ok_or(Error::UnknownCertificate)?;
                Ok((key, crate::pki::Certificate::from_pem(&record.pem)?))
            }
            SignDecision::WrongPassphrase { remaining_attempts, .. } => {
                Err(Error::WrongPassphrase { remaining_attempts })
            }
        }
    }

    /// Unlocks the ESIGN key of certificate `serial` for a signature by its holder:
    /// the certificate must be active, past the waiting time after issuance, and the
    /// account not suspended. Wrong passphrases are counted; at the limit the account
    /// is suspended. A LOCK key is unlocked on the holder's own machine, not here.
    pub fn sign_attempt(&mut self, actor: &Actor, serial: &str, passphrase: &Secret) -> Result<SignDecision> {
        let now = self.clock.now();
        let cert = self.records.certificates.get(serial).ok_or(Error::UnknownCertificate)?;
        let account = self.records.accounts.get(&cert.account).ok_or(Error::UnknownAccount)?;
        if actor.role != Role::Applicant || actor.id != account.email {
            return Err(Error::NotTheApplicant);
        }
        if cert.method != Method::Esign {
            return Err(Error::WrongSubject);
        }
        if account.suspended {
            return Err(Error::AccountSuspended);
        }
        if !cert.is_active(now) {
            return Err(Error::CertificateNotActive);
        }
        let ready_at = cert.not_before.plus(self.config.first_signature_wait_seconds);
        if now < ready_at {
            return Err(Error::SigningTooEarly { wait_seconds: ready_at.seconds_since(now) });
        }
        let key = match self.authority.unlock(&account.id, passphrase) {
            Ok(key) => Some(key),
            Err(Error::WrongPassphrase { .. }) => None,
            Err(other) => return Err(other),
        };
        let mut decision = Decision { account: Some(account.id.clone()), ..Decision::default() };
        let account_change = |update| Change::Account { account: account.id.clone(), update };
        if let Some(key) = key {
            if account.failed_attempts > 0 {
                decision.changes.push(account_change(AccountUpdate::PassphraseAccepted));
            }
            decision.reason = Some(format!("authorized: {serial}"));
            let outcome = self.commit(actor, ActionKind::SignAttempt, None, decision)?;
            return Ok(SignDecision::Authorized { outcome, key });
        }
        let failed = account.failed_attempts + 1;
        let remaining = self.config.max_passphrase_attempts.saturating_sub(failed);
        decision.changes.push(account_change(AccountUpdate::PassphraseRejected));
        if remaining == 0 {
            decision.changes.push(account_change(AccountUpdate::Suspended));
            decision.notifications.push(notify::suspended(account, failed));
        }
        decision.reason = Some(format!("wrong passphrase: {serial}"));
        let outcome = self.commit(actor, ActionKind::SignAttempt, None, decision)?;
        Ok(SignDecision::WrongPassphrase { remaining_attempts: remaining, outcome })
    }

    fn ctx<'a>(&'a self, actor: &'a Actor) -> Ctx<'a> {
        Ctx {
            config: &self.config,
            records: &self.records,
            directory: self.directory.as_ref(),
            actor,
            now: self.clock.now(),
        }
    }

    /// Applicants act only on their own cases; officials never on their own.
    fn check_actor(&self, actor: &Actor, case: &Case) -> Result<()> {
        let own = actor.id == case.applicant
            || case
                .account
                .as_ref()
                .and_then(|id| self.records.accounts.get(id))
                .is_some_and(|a| a.email == actor.id || a.previous_emails.contains(&actor.id));
        match (actor.role, own) {
            (Role::Applicant, false) => Err(Error::NotTheApplicant),
            (Role::Applicant, true) => Ok(()),
            (_, true) => Err(Error::SelfApproval),
            (_, false) => Ok(()),
        }
    }

    /// Makes the authority's calls, appends the event and applies it.
    fn commit(
        &mut self,
        actor: &Actor,
        action: ActionKind,
        transition: Option<(&Case, State, State)>,
        mut decision: Decision,
    ) -> Result<Outcome> {
        for effect in std::mem::take(&mut decision.effects) {
            self.perform(effect, &mut decision)?;
        }
        let event = Event {
            seq: 0,
            at: self.clock.now(),
            actor: actor.clone(),
            action,
            case: transition.map(|(case, _, _)| case.id.clone()),
            account: decision.account,
            from: transition.map(|(_, from, _)| from),
            to: transition.map(|(_, _, to)| to),
            reason: decision.reason,
            changes: decision.changes,
            prev_hash: String::new(),
            hash: String::new(),
        };
        let event = self.log.append(event)?.clone();
        self.records.apply(&event);
        Ok(Outcome { event, notifications: decision.notifications, secrets: decision.secrets })
    }
}

impl Ledger {
    /// Makes one call to the authority and records what it returned in `decision`.
    fn perform(&mut self, effect: Effect, decision: &mut Decision) -> Result<()> {
        let now = self.clock.now();
        let account_of = |id: &str| self.records.accounts.get(id).cloned().ok_or(Error::UnknownAccount);
        match effect {
            Effect::CreateHeldKey { account, passphrase } => {
                let acct = account_of(&account)?;
                self.authority.create_held_key(&account, &passphrase, &decide::holder(&acct))
            }
            Effect::ReplaceHeldKey { account } => {
                let acct = account_of(&account)?;
                let fresh = self.authority.replace_held_key(&account, &decide::holder(&acct))?;
                decision.secrets.push(HandedSecret {
                    kind: SecretKind::Passphrase,
                    recipient: acct.email,
                    value: fresh,
                });
                Ok(())
            }
            Effect::ChangePassphrase { account, old, new } => {
                let acct = account_of(&account)?;
                self.authority.change_passphrase(&account, &old, &new, &decide::holder(&acct))?;
                decision.notifications.push(notify::passphrase_changed(&acct, false));
                Ok(())
            }
            Effect::ResetPassphrase { account } => {
                let acct = account_of(&account)?;
                let fresh = self.authority.reset_passphrase(&account, &decide::holder(&acct))?;
                decision.notifications.push(notify::passphrase_changed(&acct, true));
                decision.secrets.push(HandedSecret {
                    kind: SecretKind::Passphrase,
                    recipient: acct.email,
                    value: fresh,
                });
                Ok(())
            }
            Effect::Revoke { serial, reason } => self.authority.revoke(&serial, reason, now),
            Effect::Issue { account, method, csr, replaces, notice } => {
                let acct = account_of(&account)?;
                let subject = crate::pki::SubjectInfo {
                    common_name: acct.name.clone(),
                    organization: acct.institution.clone(),
                    serial_number: None,
                    email: Some(acct.email.clone()),
                };
                let parsed = csr.as_deref().map(crate::pki::Csr::from_pem).transpose()?;
                let source = parsed.as_ref().map_or(KeySource::HeldKey, KeySource::Csr);
                let issued = self.authority.issue(&account, &subject, source, now)?;
                let cert = Certificate {
                    serial: issued.serial,
                    account: acct.id.clone(),
                    method,
                    subject_dn: issued.subject_dn,
                    username: acct.username.clone().unwrap_or_default(),
                    not_before: issued.not_before,
                    not_after: issued.not_after,
                    csr_sha256: parsed.as_ref().map(|c| crate::sha256_hex(c.to_der())),
                    replaces,
                    revocation: None,
                    pem: issued.pem,
                };
                decision.notifications.push(match notice {
                    IssueNotice::Issued => {
                        notify::certificate_issued(&acct, &cert, self.config.first_signature_wait_seconds)
                    }
                    IssueNotice::Extended => notify::extended(&acct, &cert),
                });
                decision.changes.push(Change::CertificateIssued(cert));
                Ok(())
            }
        }
    }
}

/// Rebuilds the records from a log after verifying its hash chain.
pub fn replay(log: &AuditLog) -> Result<Records> {
    log.verify()?;
    let mut records = Records::default();
    for event in log.events() {
        records.apply(event);
    }
    Ok(records)
}
