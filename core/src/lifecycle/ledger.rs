//! The ledger: the records, the audit log and the collaborators (clock, registries,
//! passphrase custody) of one verifier office. Every accepted request or action appends
//! exactly one event and applies it; a refused one changes nothing.

use super::clock::{Clock, SystemClock};
use super::config::LifecycleConfig;
use super::custody::{KeyCustody, PassphraseVerifiers};
use super::decide::{self, Ctx, Decision, HandedSecret};
use super::directory::{IdentityDirectory, OpenDirectory};
use super::event::{AccountUpdate, AuditLog, Change, Event};
use super::model::{ActionKind, Actor, Method, Role, State};
use super::notify::{self, Notification};
use super::records::{Case, Records};
use super::request::{Action, Request};
use super::sla::SlaReport;
use super::status::{UserStatus, user_status};
use super::table;
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
}

/// The result of unlocking an ESIGN key to sign. Both outcomes are logged.
#[derive(Debug)]
pub enum SignDecision {
    /// The passphrase is right: the key may sign.
    Authorized(Outcome),
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
    custody: Box<dyn KeyCustody>,
}

impl Ledger {
    /// An empty ledger with the system clock, no registry attached and the embedded custody.
    pub fn new(config: LifecycleConfig) -> Ledger {
        Ledger {
            config,
            records: Records::default(),
            log: AuditLog::default(),
            clock: Box::new(SystemClock),
            directory: Box::new(OpenDirectory),
            custody: Box::new(PassphraseVerifiers::default()),
        }
    }

    /// A ledger continuing from `log`: the chain is verified and the records are rebuilt by replay.
    pub fn from_log(config: LifecycleConfig, log: AuditLog) -> Result<Ledger> {
        let records = replay(&log)?;
        Ok(Ledger { records, log, ..Ledger::new(config) })
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

    /// Uses `custody` for passphrases.
    pub fn with_custody(mut self, custody: impl KeyCustody + 'static) -> Ledger {
        self.custody = Box::new(custody);
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
        let right = self.custody.verify(&account.id, passphrase)?;
        let mut decision = Decision { account: Some(account.id.clone()), ..Decision::default() };
        let account_change = |update| Change::Account { account: account.id.clone(), update };
        if right {
            if account.failed_attempts > 0 {
                decision.changes.push(account_change(AccountUpdate::PassphraseAccepted));
            }
            decision.reason = Some(format!("authorized: {serial}"));
            let outcome = self.commit(actor, ActionKind::SignAttempt, None, decision)?;
            return Ok(SignDecision::Authorized(outcome));
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
            custody: self.custody.as_ref(),
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

    /// Enrolls passphrases, appends the event and applies it.
    fn commit(
        &mut self,
        actor: &Actor,
        action: ActionKind,
        transition: Option<(&Case, State, State)>,
        decision: Decision,
    ) -> Result<Outcome> {
        for (account, passphrase) in &decision.enrollments {
            self.custody.enroll(account, passphrase)?;
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

/// Rebuilds the records from a log after verifying its hash chain.
pub fn replay(log: &AuditLog) -> Result<Records> {
    log.verify()?;
    let mut records = Records::default();
    for event in log.events() {
        records.apply(event);
    }
    Ok(records)
}
