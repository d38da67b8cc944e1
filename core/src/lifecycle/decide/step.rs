//! The steps on an open case after the table allowed them: guards and effects per action.

use super::{
    Ctx, Decision, Effect, HandedSecret, IssueNotice, SecretKind, account, certificate, checked_csr, consume_link,
    holder, issue, require_attached, require_kind, require_recommendation, validate_identity,
};
use crate::lifecycle::event::{AccountUpdate, ApplicationUpdate, CaseUpdate, Change};
use crate::lifecycle::model::{Document, DocumentKind, LinkKind, Method, Process, RevocationReason, Role, State};
use crate::lifecycle::notify::{self, NotificationKind};
use crate::lifecycle::records::{Account, Case};
use crate::lifecycle::request::Action;
use crate::secret::random_token;
use crate::{Error, Result, sha256_hex};

/// The decision for `action` on `case` (table, role and applicant checks already passed).
pub(crate) fn step(ctx: &Ctx<'_>, case: &Case, action: &Action) -> Result<Decision> {
    let mut d = Decision { account: case.account.clone(), ..Decision::default() };
    let holder_account = case.account.as_deref().map(|id| account(ctx, id)).transpose()?;
    let acct = || holder_account.ok_or(Error::UnknownAccount);
    match action {
        Action::ActivatePortal { token, identity, recommendation } => {
            let account = acct()?;
            consume_link(ctx, &mut d, case, LinkKind::PortalActivation, token)?;
            let valid = validate_identity(ctx, identity, account)?;
            require_recommendation(recommendation, account.echelon.recommender())?;
            d.account(account, identity_update(&valid));
            d.case(case, CaseUpdate::AttachDocuments(vec![recommendation.clone()]));
            d.notifications.push(notify::account_activation(account));
            d.link(ctx, case, LinkKind::AmsActivation, &account.email)?;
        }
        Action::IssueRecommendation { recommendation } => {
            require_recommendation(recommendation, Role::KadisKominfo)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![recommendation.clone()]));
        }
        Action::RegisterIdentity { identity, recommendation } => {
            let account = acct()?;
            let valid = validate_identity(ctx, identity, account)?;
            require_recommendation(recommendation, account.echelon.recommender())?;
            d.account(account, identity_update(&valid));
            d.case(case, CaseUpdate::AttachDocuments(vec![recommendation.clone()]));
            d.notifications.push(notify::account_activation(account));
            d.link(ctx, case, LinkKind::AmsActivation, &account.email)?;
        }
        Action::ActivateAms { token, ktp, selfie } => {
            consume_link(ctx, &mut d, case, LinkKind::AmsActivation, token)?;
            require_kind(ktp, DocumentKind::Ktp)?;
            require_kind(selfie, DocumentKind::Selfie)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![ktp.clone(), selfie.clone()]));
        }
        Action::Approve => approve(ctx, &mut d, case, holder_account)?,
        Action::Return { reason } => {
            let reason = non_empty(reason)?;
            d.case(case, CaseUpdate::Note(reason.clone()));
            if case.process == Process::ApiApplication {
                d.case(case, CaseUpdate::TrialFinished);
            }
            let to = holder_account.map_or(case.applicant.as_str(), |a| a.email.as_str());
            d.notifications.push(notify::returned(to, case.process, &reason));
            d.reason = Some(reason);
        }
        Action::Resubmit { documents } => {
            d.case(case, CaseUpdate::AttachDocuments(documents.clone()));
        }
        Action::SetPassphrase { token, passphrase, accept_agreement } => {
            let account = acct()?;
            consume_link(ctx, &mut d, case, LinkKind::SetPassphrase, token)?;
            if !accept_agreement {
                return Err(Error::AgreementNotAccepted);
            }
            ctx.config.passphrase.check(passphrase.expose(), &holder(account))?;
            d.case(case, CaseUpdate::AcceptAgreement);
            d.account(account, AccountUpdate::PassphraseSet);
            d.effects.push(Effect::CreateHeldKey { account: account.id.clone(), passphrase: passphrase.clone() });
        }
        Action::Acknowledge | Action::Download | Action::PrepareTrial | Action::Configure => {}
        Action::ChangeDefaultPassword { new_password } => {
            let account = acct()?;
            ctx.config.passphrase.check(new_password.expose(), &holder(account))?;
            d.account(account, AccountUpdate::DefaultPasswordChanged);
        }
        Action::UploadCsr { csr } => {
            let pem = checked_csr(csr, acct()?)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![Document::new(DocumentKind::Csr, csr)]));
            d.case(case, CaseUpdate::AttachCsr(pem));
        }
        Action::UploadDocuments { recommendation, ktp, selfie } => {
            let account = acct()?;
            require_recommendation(recommendation, account.echelon.recommender())?;
            require_kind(ktp, DocumentKind::Ktp)?;
            require_kind(selfie, DocumentKind::Selfie)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![recommendation.clone(), ktp.clone(), selfie.clone()]));
        }
        Action::AcceptAgreement => d.case(case, CaseUpdate::AcceptAgreement),
        Action::Issue => {
            let account = acct()?;
            let method = case.method.ok_or(Error::WrongSubject)?;
            let csr = if method == Method::Lock {
                Some(case.csr.clone().ok_or(Error::MissingDocument { document: DocumentKind::Csr })?)
            } else {
                None
            };
            d.effects.push(issue(ctx, account, method, csr, None, IssueNotice::Issued)?);
        }
        Action::Revoke => {
            let account = acct()?;
            let cert = certificate(ctx, case.certificate.as_deref().unwrap_or_default())?;
            if !cert.is_active(ctx.now) {
                return Err(Error::CertificateNotActive);
            }
            let reasons = case.revocation_reasons.clone();
            let strongest = RevocationReason::strongest(&reasons).ok_or(Error::NoRevocationReason)?;
            let names_id: Vec<&str> = reasons.iter().map(|r| r.name_id()).collect();
            let names_en: Vec<&str> = reasons.iter().map(|r| r.name_en()).collect();
            d.notifications.push(notify::revoked(account, cert, &names_id.join(", "), &names_en.join(", "), ctx.now));
            d.reason = Some(names_en.join(", "));
            d.changes.push(Change::CertificateRevoked {
                serial: cert.serial.clone(),
                reasons,
                rfc5280_code: strongest.rfc5280_code(),
            });
            d.effects.push(Effect::Revoke { serial: cert.serial.clone(), reason: strongest.rfc5280_code() });
        }
        Action::ApplyChange => {
            let account = acct()?;
            let changes = case.changes.clone().ok_or(Error::NothingToChange)?;
            d.account(account, AccountUpdate::DataChanged(changes));
            d.notifications.push(notify::data_changed(account, NotificationKind::DataChanged));
        }
        Action::Reissue { method, csr } => {
            let account = acct()?;
            if case.process == Process::ForgottenPassphraseLock && *method != Method::Lock {
                return Err(Error::WrongSubject);
            }
            let csr = match (method, csr) {
                (Method::Lock, Some(given)) => {
                    let pem = checked_csr(given, account)?;
                    d.case(case, CaseUpdate::AttachDocuments(vec![Document::new(DocumentKind::Csr, given)]));
                    d.case(case, CaseUpdate::AttachCsr(pem.clone()));
                    Some(pem)
                }
                (Method::Lock, None) => {
                    Some(case.csr.clone().ok_or(Error::MissingDocument { document: DocumentKind::Csr })?)
                }
                (Method::Esign, _) => None,
            };
            d.case(case, CaseUpdate::SetMethod(*method));
            let replaces = case.certificate.as_deref();
            let issuance = issue(ctx, account, *method, csr, replaces, IssueNotice::Issued)?;
            // A lost ESIGN key is compromised: the new certificate gets a new key.
            if *method == Method::Esign && case.process == Process::LostCertificate {
                d.effects.push(Effect::ReplaceHeldKey { account: account.id.clone() });
                d.account(account, AccountUpdate::PassphraseSet);
            }
            d.effects.push(issuance);
        }
        Action::ChangePassphrase { old, new } => {
            let account = acct()?;
            ctx.config.passphrase.check(new.expose(), &holder(account))?;
            d.account(account, AccountUpdate::PassphraseSet);
            d.effects.push(Effect::ChangePassphrase {
                account: account.id.clone(),
                old: old.clone(),
                new: new.clone(),
            });
        }
        Action::ResetPassphrase => {
            let account = acct()?;
            if account.suspended {
                d.account(account, AccountUpdate::SuspensionLifted);
            }
            d.account(account, AccountUpdate::PassphraseSet);
            d.effects.push(Effect::ResetPassphrase { account: account.id.clone() });
        }
        Action::SubmitIdentity { token, identity, ktp, selfie } => {
            let account = acct()?;
            consume_link(ctx, &mut d, case, LinkKind::IdentityForm, token)?;
            let valid = validate_identity(ctx, identity, account)?;
            let same_person = account.nik.as_deref().is_none_or(|nik| nik == valid.nik.as_str())
                && account.nip.as_deref().is_none_or(|nip| nip == valid.nip.as_str());
            if !same_person {
                return Err(Error::SubjectMismatch);
            }
            require_kind(ktp, DocumentKind::Ktp)?;
            require_kind(selfie, DocumentKind::Selfie)?;
            d.account(account, identity_update(&valid));
            d.case(case, CaseUpdate::AttachDocuments(vec![ktp.clone(), selfie.clone()]));
        }
        Action::ApproveFromOldEmail { token } => {
            consume_link(ctx, &mut d, case, LinkKind::OldEmailApproval, token)?;
        }
        Action::PresentOverview { summary } => d.case(case, CaseUpdate::Note(non_empty(summary)?)),
        Action::HoldMeeting { minutes } => {
            require_kind(minutes, DocumentKind::MeetingNotes)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![minutes.clone()]));
        }
        Action::IssueUat { letter } => {
            require_kind(letter, DocumentKind::UatLetter)?;
            d.case(case, CaseUpdate::AttachDocuments(vec![letter.clone()]));
        }
        Action::IssueApiAccess => {
            let app_id = case.application.as_deref().ok_or(Error::WrongSubject)?;
            let app = ctx.records.applications.get(app_id).ok_or(Error::WrongSubject)?;
            let client_id = format!("tte-{}", app.id.to_ascii_lowercase());
            let secret = random_token()?;
            d.changes.push(Change::Application {
                application: app.id.clone(),
                update: ApplicationUpdate::AccessIssued {
                    client_id: client_id.clone(),
                    client_secret_sha256: sha256_hex(secret.expose().as_bytes()),
                },
            });
            d.notifications.push(notify::api_access_issued(&case.applicant, &app.name, &client_id));
            d.secrets.push(HandedSecret {
                kind: SecretKind::ApiClientSecret,
                recipient: case.applicant.clone(),
                value: secret,
            });
        }
        Action::ConfirmIntegration => {
            let app_id = case.application.clone().ok_or(Error::WrongSubject)?;
            d.changes.push(Change::Application { application: app_id, update: ApplicationUpdate::Integrated });
        }
        Action::ResendLink => resend(ctx, &mut d, case, holder_account)?,
        Action::EscalateIdentity { nik, nip } => {
            let today = ctx.now.date_utc();
            let nik = crate::identity::Nik::parse(nik, today)?;
            let nip = crate::identity::Nip::parse(nip, today)?;
            crate::identity::cross_check(&nik, &nip)?;
            let escalation = crate::lifecycle::records::Escalation { nik: nik.to_string(), nip: nip.to_string() };
            d.case(case, CaseUpdate::Escalate(escalation));
        }
        Action::ResolveIdentity => {
            let escalation = case.escalation.clone().ok_or(Error::IllegalAction {
                process: case.process,
                state: case.state,
                action: action.kind(),
            })?;
            d.changes.push(Change::IdentityConfirmed { nik: escalation.nik, nip: escalation.nip });
            d.case(case, CaseUpdate::ClearEscalation);
        }
        Action::Withdraw { reason } => {
            let reason = non_empty(reason)?;
            d.case(case, CaseUpdate::Note(reason.clone()));
            d.reason = Some(reason);
        }
    }
    Ok(d)
}

/// "Ya": what approval means depends on the process and the step.
fn approve(ctx: &Ctx<'_>, d: &mut Decision, case: &Case, holder_account: Option<&Account>) -> Result<()> {
    let acct = || holder_account.ok_or(Error::UnknownAccount);
    match (case.process, case.state) {
        (
            Process::PortalRegistration | Process::AmsRegistrationEselon12 | Process::AmsRegistrationEselon3,
            State::AwaitingVerification,
        ) => {
            let account = acct()?;
            require_attached(case, DocumentKind::Ktp)?;
            require_attached(case, DocumentKind::Selfie)?;
            let username = unique_username(ctx, account);
            let password = ctx.config.passphrase.generate(16, &holder(account))?;
            d.account(account, AccountUpdate::Verified { username: username.clone() });
            d.notifications.push(notify::account_information(account, &username));
            d.notifications.push(notify::set_passphrase(account));
            d.secrets.push(HandedSecret {
                kind: SecretKind::DefaultPassword,
                recipient: account.email.clone(),
                value: password,
            });
            d.link(ctx, case, LinkKind::SetPassphrase, &account.email)?;
        }
        (
            Process::PortalRegistration | Process::AmsRegistrationEselon12 | Process::AmsRegistrationEselon3,
            State::AwaitingCaApproval,
        ) => {
            let account = acct()?;
            if !case.agreement_accepted || !account.passphrase_set {
                return Err(Error::AgreementNotAccepted);
            }
            d.effects.push(issue(ctx, account, Method::Esign, None, None, IssueNotice::Issued)?);
        }
        (Process::IssuanceLock | Process::IssuanceEsign, State::AwaitingCaApproval) => {
            if case.process == Process::IssuanceLock {
                require_attached(case, DocumentKind::Csr)?;
            }
            for kind in [DocumentKind::Recommendation, DocumentKind::Ktp, DocumentKind::Selfie] {
                require_attached(case, kind)?;
            }
            if !case.agreement_accepted {
                return Err(Error::AgreementNotAccepted);
            }
        }
        (Process::Revocation, State::AwaitingVerification) => {
            let cert = certificate(ctx, case.certificate.as_deref().unwrap_or_default())?;
            let matches = case.claimed_username.as_deref() == Some(cert.username.as_str())
                && case.claimed_subject_dn.as_deref().is_some_and(|dn| same_dn(dn, &cert.subject_dn));
            if !matches {
                return Err(Error::SubjectMismatch);
            }
        }
        (Process::DataChange, State::AwaitingCaApproval) => {
            // BSrE checks that the certificate belongs to the applicant.
            let cert = certificate(ctx, case.certificate.as_deref().unwrap_or_default())?;
            if case.account.as_deref() != Some(cert.account.as_str()) {
                return Err(Error::SubjectMismatch);
            }
        }
        (Process::Renewal, State::AwaitingVerification) => {
            let account = acct()?;
            require_attached(case, DocumentKind::Ktp)?;
            d.notifications.push(notify::set_passphrase(account));
            d.link(ctx, case, LinkKind::SetPassphrase, &account.email)?;
        }
        (Process::Renewal, State::AwaitingCaApproval) => {
            let account = acct()?;
            if !case.agreement_accepted {
                return Err(Error::AgreementNotAccepted);
            }
            let replaces = case.certificate.as_deref();
            d.effects.push(issue(ctx, account, Method::Esign, None, replaces, IssueNotice::Extended)?);
        }
        (Process::DataUpdate, State::AwaitingCaApproval) => {
            let account = acct()?;
            let changes = case.changes.clone().ok_or(Error::NothingToChange)?;
            d.account(account, AccountUpdate::DataChanged(changes));
            d.notifications.push(notify::data_changed(account, NotificationKind::Updated));
        }
        (Process::ExpiredAccountChange, State::AwaitingVerification) => {
            let account = acct()?;
            let new_email = case.new_email.clone().ok_or(Error::WrongSubject)?;
            if ctx.records.accounts.values().any(|a| a.email == new_email) {
                return Err(Error::EmailAlreadyRegistered);
            }
            d.notifications.push(notify::email_changed(&new_email, &account.email));
            d.account(account, AccountUpdate::EmailChanged(new_email));
        }
        (Process::ApiApplication, State::AwaitingTrial) => {
            d.case(case, CaseUpdate::TrialFinished);
        }
        // The remaining approvals (statements verified, data change checked by the verifier)
        // only move the case on.
        _ => {}
    }
    Ok(())
}

/// The pending link of the case's state, replaced by a fresh one and sent again.
fn resend(ctx: &Ctx<'_>, d: &mut Decision, case: &Case, holder_account: Option<&Account>) -> Result<()> {
    let account = holder_account.ok_or(Error::UnknownAccount)?;
    let (kind, notification, to) = match case.state {
        State::AwaitingPortalActivation => (
            LinkKind::PortalActivation,
            notify::portal_activation(&account.name, &account.email),
            account.email.clone(),
        ),
        State::AwaitingAmsActivation => {
            (LinkKind::AmsActivation, notify::account_activation(account), account.email.clone())
        }
        State::AwaitingPassphrase => (LinkKind::SetPassphrase, notify::set_passphrase(account), account.email.clone()),
        State::AwaitingIdentityForm => (LinkKind::IdentityForm, notify::identity_form(account), account.email.clone()),
        State::AwaitingOldEmailApproval => {
            let new_email = case.new_email.clone().unwrap_or_default();
            (LinkKind::OldEmailApproval, notify::old_email_approval(&account.email, &new_email), account.email.clone())
        }
        state => {
            return Err(Error::IllegalAction {
                process: case.process,
                state,
                action: crate::lifecycle::model::ActionKind::ResendLink,
            });
        }
    };
    d.notifications.push(notification);
    d.link(ctx, case, kind, &to)
}

fn identity_update(valid: &super::ValidIdentity) -> AccountUpdate {
    AccountUpdate::Identity {
        nik: valid.nik.as_str().to_string(),
        nip: valid.nip.as_str().to_string(),
        phone: valid.phone.as_str().to_string(),
    }
}

/// The e-mail's local part, with a number appended if another account has it.
fn unique_username(ctx: &Ctx<'_>, account: &Account) -> String {
    let base = account.email.split('@').next().unwrap_or("pengguna").to_string();
    let taken =
        |name: &str| ctx.records.accounts.values().any(|a| a.id != account.id && a.username.as_deref() == Some(name));
    let mut candidate = base.clone();
    let mut n = 1;
    while taken(&candidate) {
        n += 1;
        candidate = format!("{base}{n}");
    }
    candidate
}

/// Distinguished names compare without regard to spaces around separators and case of attribute names.
fn same_dn(a: &str, b: &str) -> bool {
    let normalize = |dn: &str| -> Vec<String> {
        dn.split(',')
            .map(|rdn| match rdn.split_once('=') {
                Some((key, value)) => format!("{}={}", key.trim().to_ascii_uppercase(), value.trim()),
                None => rdn.trim().to_string(),
            })
            .collect()
    };
    normalize(a) == normalize(b)
}

fn non_empty(text: &str) -> Result<String> {
    let text = text.trim();
    if text.is_empty() { Err(Error::MissingReason) } else { Ok(text.to_string()) }
}
