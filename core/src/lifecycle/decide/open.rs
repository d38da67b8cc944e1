//! Opening a case: the first step of each process and its guards.

use super::{Ctx, Decision, account, certificate, require_kind, require_recommendation, require_statement};
use crate::identity::{Field, PhoneNumber, required_text};
use crate::lifecycle::event::Change;
use crate::lifecycle::model::{
    Actor, Document, DocumentKind, Echelon, LinkKind, Method, Process, RevocationReason, Role, State,
};
use crate::lifecycle::notify;
use crate::lifecycle::records::{Account, ApiApplication, Case, Certificate, DataChanges};
use crate::lifecycle::request::{Applicant, ChangeForm, Request};
use crate::lifecycle::status::{UserStatus, user_status};
use crate::{Error, Result};

/// The decision for opening `request` (role permission already checked).
pub(crate) fn open(ctx: &Ctx<'_>, request: &Request) -> Result<(Case, Decision)> {
    let process = request.process();
    let mut d = Decision::default();
    let case_id = format!("KASUS-{:06}", ctx.records.cases.len() + 1);
    let mut case = blank_case(case_id, process, ctx.actor, ctx);
    match request {
        Request::PortalRegistration { applicant } => {
            let account = new_account(ctx, applicant)?;
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            d.notifications.push(notify::portal_activation(&account.name, &account.email));
            d.changes.push(Change::AccountCreated(account.clone()));
            let to = account.email.clone();
            return finish_with_link(ctx, d, case, LinkKind::PortalActivation, &to);
        }
        Request::AmsRegistration { applicant, documents } => {
            let account = new_account(ctx, applicant)?;
            require_present(documents, DocumentKind::CoverLetter)?;
            match applicant.echelon {
                Echelon::I | Echelon::II => require_present(documents, DocumentKind::RecommendationDraft)?,
                _ => {
                    let recommendation = documents
                        .iter()
                        .find(|doc| doc.kind == DocumentKind::Recommendation)
                        .ok_or(Error::MissingDocument { document: DocumentKind::Recommendation })?;
                    require_recommendation(recommendation, Role::AgencyHead)?;
                }
            }
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            case.documents = documents.clone();
            d.changes.push(Change::AccountCreated(account));
        }
        Request::Issuance { account: id, method } => {
            let account = own_account(ctx, id)?;
            if !account.is_verified() {
                return Err(Error::AccountNotVerified);
            }
            if !ctx.records.active_certificates(&account.id, ctx.now).is_empty() {
                return Err(Error::ActiveCertificateExists);
            }
            refuse_duplicate(ctx, &account.id, Process::IssuanceLock)?;
            refuse_duplicate(ctx, &account.id, Process::IssuanceEsign)?;
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            case.method = Some(*method);
        }
        Request::Revocation { certificate: serial, reasons, username, subject_dn, statement } => {
            let cert = own_active_certificate(ctx, serial)?;
            if reasons.is_empty() {
                return Err(Error::NoRevocationReason);
            }
            require_statement(statement, DocumentKind::RevocationStatement)?;
            for_certificate(&mut case, cert, ctx)?;
            case.revocation_reasons = sorted(reasons);
            case.claimed_username = Some(username.trim().to_string());
            case.claimed_subject_dn = Some(subject_dn.trim().to_string());
            case.documents = vec![statement.clone()];
        }
        Request::DataChange { certificate: serial, changes, documents } => {
            let cert = own_active_certificate(ctx, serial)?;
            let changes = validate_changes(changes)?;
            require_present(documents, DocumentKind::DataChangeForm)?;
            require_present(documents, DocumentKind::SupportingData)?;
            for_certificate(&mut case, cert, ctx)?;
            case.changes = Some(changes);
            case.revocation_reasons = vec![RevocationReason::DataChange];
            case.method = Some(cert.method);
            case.documents = documents.clone();
        }
        Request::LostCertificate { certificate: serial, statement } => {
            let cert = own_active_certificate(ctx, serial)?;
            require_statement(statement, DocumentKind::LossStatement)?;
            for_certificate(&mut case, cert, ctx)?;
            case.revocation_reasons = vec![RevocationReason::LostCertificate];
            case.documents = vec![statement.clone()];
        }
        Request::ForgottenPassphraseLock { certificate: serial, statement, csr } => {
            let cert = own_active_certificate(ctx, serial)?;
            if cert.method != Method::Lock {
                return Err(Error::WrongSubject);
            }
            require_statement(statement, DocumentKind::ForgottenPassphraseStatement)?;
            let pem = super::checked_csr(csr, account(ctx, &cert.account)?)?;
            for_certificate(&mut case, cert, ctx)?;
            case.revocation_reasons = vec![RevocationReason::ForgottenPassphrase];
            case.method = Some(Method::Lock);
            case.csr = Some(pem);
            case.documents = vec![statement.clone(), Document::new(DocumentKind::Csr, csr)];
        }
        Request::ForgottenPassphraseEsign { certificate: serial } => {
            let cert = own_active_certificate(ctx, serial)?;
            if cert.method != Method::Esign {
                return Err(Error::WrongSubject);
            }
            for_certificate(&mut case, cert, ctx)?;
        }
        Request::Renewal { account: id, recommendation } => {
            let account = account(ctx, id)?;
            refuse_self(ctx.actor, account)?;
            let newest = ctx.records.certificates_of(&account.id).max_by_key(|c| c.not_after);
            let newest = newest.ok_or(Error::NoCertificate)?;
            if newest.revocation.is_some() || ctx.now < newest.not_after.plus(-ctx.config.renewal_window_seconds) {
                return Err(Error::NotInRenewalWindow);
            }
            require_recommendation(recommendation, account.echelon.recommender())?;
            refuse_duplicate(ctx, &account.id, process)?;
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            case.certificate = Some(newest.serial.clone());
            case.documents = vec![recommendation.clone()];
            d.notifications.push(notify::identity_form(account));
            let to = account.email.clone();
            return finish_with_link(ctx, d, case, LinkKind::IdentityForm, &to);
        }
        Request::DataUpdate { account: id, changes, documents } => {
            let account = account(ctx, id)?;
            refuse_self(ctx.actor, account)?;
            let changes = validate_changes(changes)?;
            require_present(documents, DocumentKind::SupportingData)?;
            refuse_duplicate(ctx, &account.id, process)?;
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            case.changes = Some(changes);
            case.documents = documents.clone();
        }
        Request::ExpiredAccountChange { account: id, new_email, form } => {
            let account = own_account(ctx, id)?;
            if user_status(ctx.records, account.nik.as_deref().unwrap_or(""), ctx.now) != UserStatus::Expired {
                return Err(Error::AccountNotExpired);
            }
            let new_email = ctx.config.domains.check(new_email)?;
            if ctx.records.accounts.values().any(|a| a.email == new_email.as_str()) {
                return Err(Error::EmailAlreadyRegistered);
            }
            require_kind(form, DocumentKind::ExpiredAccountForm)?;
            if form.signed_by.is_none() || !form.stamped {
                return Err(Error::WrongSignatory {
                    document: DocumentKind::ExpiredAccountForm,
                    expected: Role::AgencyHead,
                });
            }
            refuse_duplicate(ctx, &account.id, process)?;
            case.applicant = account.email.clone();
            case.account = Some(account.id.clone());
            case.new_email = Some(new_email.as_str().to_string());
            case.documents = vec![form.clone()];
            d.notifications.push(notify::old_email_approval(&account.email, new_email.as_str()));
            let to = account.email.clone();
            return finish_with_link(ctx, d, case, LinkKind::OldEmailApproval, &to);
        }
        Request::ApiApplication { name, institution, form } => {
            require_kind(form, DocumentKind::ApiRequestForm)?;
            let app = ApiApplication {
                id: format!("APLIKASI-{:06}", ctx.records.applications.len() + 1),
                name: required_text(name, Field::Name)?,
                institution: required_text(institution, Field::Institution)?,
                client_id: None,
                client_secret_sha256: None,
                integrated: false,
            };
            case.application = Some(app.id.clone());
            case.documents = vec![form.clone()];
            d.changes.push(Change::ApplicationCreated(app));
        }
    }
    d.account = case.account.clone();
    d.changes.push(Change::CaseOpened(case.clone()));
    Ok((case, d))
}

fn blank_case(id: String, process: Process, actor: &Actor, ctx: &Ctx<'_>) -> Case {
    Case {
        id,
        process,
        state: State::New,
        applicant: actor.id.clone(),
        opened_by: actor.clone(),
        opened_at: ctx.now,
        account: None,
        certificate: None,
        application: None,
        documents: Vec::new(),
        links: Vec::new(),
        agreement_accepted: false,
        revocation_reasons: Vec::new(),
        claimed_username: None,
        claimed_subject_dn: None,
        changes: None,
        new_email: None,
        method: None,
        csr: None,
        notes: Vec::new(),
        escalation: None,
        trials: 0,
    }
}

/// Records the case, then issues its first link (the link change must follow the case).
fn finish_with_link(ctx: &Ctx<'_>, mut d: Decision, case: Case, kind: LinkKind, to: &str) -> Result<(Case, Decision)> {
    d.account = case.account.clone();
    d.changes.push(Change::CaseOpened(case.clone()));
    d.link(ctx, &case, kind, to)?;
    Ok((case, d))
}

fn new_account(ctx: &Ctx<'_>, applicant: &Applicant) -> Result<Account> {
    let email = ctx.config.domains.check(&applicant.email)?;
    if email.as_str() != ctx.actor.id {
        return Err(Error::NotTheApplicant);
    }
    let taken = ctx
        .records
        .accounts
        .values()
        .any(|a| a.email == email.as_str() || a.previous_emails.iter().any(|e| e == email.as_str()));
    if taken {
        return Err(Error::EmailAlreadyRegistered);
    }
    Ok(Account {
        id: format!("AKUN-{:06}", ctx.records.accounts.len() + 1),
        name: required_text(&applicant.name, Field::Name)?,
        email: email.as_str().to_string(),
        previous_emails: Vec::new(),
        institution: required_text(&applicant.institution, Field::Institution)?,
        echelon: applicant.echelon,
        nik: None,
        nip: None,
        phone: None,
        username: None,
        must_change_password: false,
        passphrase_set: false,
        failed_attempts: 0,
        suspended: false,
    })
}

/// The account, which must be the actor's own.
fn own_account<'a>(ctx: &Ctx<'a>, id: &str) -> Result<&'a Account> {
    let account = account(ctx, id)?;
    if account.email != ctx.actor.id {
        return Err(Error::NotTheApplicant);
    }
    Ok(account)
}

/// The certificate, which must be active and the actor's own.
fn own_active_certificate<'a>(ctx: &Ctx<'a>, serial: &str) -> Result<&'a Certificate> {
    let cert = certificate(ctx, serial)?;
    own_account(ctx, &cert.account)?;
    if !cert.is_active(ctx.now) {
        return Err(Error::CertificateNotActive);
    }
    Ok(cert)
}

/// Ties the case to the certificate and its holder; one such case per certificate at a time.
fn for_certificate(case: &mut Case, cert: &Certificate, ctx: &Ctx<'_>) -> Result<()> {
    let busy =
        ctx.records.cases.values().any(|c| !c.state.is_terminal() && c.certificate.as_deref() == Some(&cert.serial));
    if busy {
        return Err(Error::CaseAlreadyOpen);
    }
    let account = account(ctx, &cert.account)?;
    case.applicant = account.email.clone();
    case.account = Some(account.id.clone());
    case.certificate = Some(cert.serial.clone());
    Ok(())
}

fn refuse_self(actor: &Actor, account: &Account) -> Result<()> {
    if actor.id == account.email || account.previous_emails.contains(&actor.id) {
        return Err(Error::SelfApproval);
    }
    Ok(())
}

fn refuse_duplicate(ctx: &Ctx<'_>, account: &str, process: Process) -> Result<()> {
    if ctx.records.open_cases(account).any(|c| c.process == process) {
        return Err(Error::CaseAlreadyOpen);
    }
    Ok(())
}

fn require_present(documents: &[Document], kind: DocumentKind) -> Result<()> {
    if documents.iter().any(|d| d.kind == kind) { Ok(()) } else { Err(Error::MissingDocument { document: kind }) }
}

fn sorted(reasons: &[RevocationReason]) -> Vec<RevocationReason> {
    let mut reasons = reasons.to_vec();
    reasons.sort();
    reasons.dedup();
    reasons
}

fn validate_changes(form: &ChangeForm) -> Result<DataChanges> {
    let changes = DataChanges {
        name: form.name.as_deref().map(|n| required_text(n, Field::Name)).transpose()?,
        institution: form.institution.as_deref().map(|i| required_text(i, Field::Institution)).transpose()?,
        echelon: form.echelon,
        phone: form.phone.as_deref().map(|p| PhoneNumber::parse(p).map(|p| p.as_str().to_string())).transpose()?,
    };
    if changes.is_empty() { Err(Error::NothingToChange) } else { Ok(changes) }
}
