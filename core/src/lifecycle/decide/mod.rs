//! Guards and effects: given the records, a request or an action either is refused with
//! a typed error or yields a [`Decision`] — the changes for one event, the notifications
//! and the secrets to hand out. Nothing here mutates the records.

mod open;
mod step;

pub(crate) use open::open;
pub(crate) use step::step;

use super::config::LifecycleConfig;
use super::custody::KeyCustody;
use super::directory::IdentityDirectory;
use super::event::{AccountUpdate, CaseUpdate, Change};
use super::model::{Actor, Document, DocumentKind, LinkKind, Method, Role};
use super::notify::Notification;
use super::records::{Account, Case, Certificate, PendingLink, Records};
use crate::date::Timestamp;
use crate::identity::{Nik, Nip, PhoneNumber, cross_check};
use crate::passphrase::Holder;
use crate::secret::{Secret, fill_random, random_token};
use crate::{Error, Result, hex, sha256_hex};

/// What a secret handed out once is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SecretKind {
    /// The token of a link sent by e-mail (the host builds the URL from it).
    Link(LinkKind),
    /// The random default password of a new AMS account.
    DefaultPassword,
    /// A random passphrase from Reset Passphrase.
    Passphrase,
    /// The client secret of an API application.
    ApiClientSecret,
}

/// A secret to hand to one recipient, once. It is never stored or logged.
#[derive(Clone, Debug)]
pub struct HandedSecret {
    /// What it is.
    pub kind: SecretKind,
    /// To whom (e-mail address).
    pub recipient: String,
    /// The secret.
    pub value: Secret,
}

/// Everything a decision reads.
pub(crate) struct Ctx<'a> {
    pub config: &'a LifecycleConfig,
    pub records: &'a Records,
    pub directory: &'a dyn IdentityDirectory,
    pub custody: &'a dyn KeyCustody,
    pub actor: &'a Actor,
    pub now: Timestamp,
}

/// The effects of an accepted request or action.
#[derive(Default)]
pub(crate) struct Decision {
    pub changes: Vec<Change>,
    pub account: Option<String>,
    pub reason: Option<String>,
    pub notifications: Vec<Notification>,
    pub secrets: Vec<HandedSecret>,
    /// Passphrases to enroll in the custody once the event is accepted.
    pub enrollments: Vec<(String, Secret)>,
}

impl Decision {
    pub fn case(&mut self, case: &Case, update: CaseUpdate) {
        self.changes.push(Change::Case { case: case.id.clone(), update });
    }

    pub fn account(&mut self, account: &Account, update: AccountUpdate) {
        self.changes.push(Change::Account { account: account.id.clone(), update });
    }

    /// Issues a fresh link of `kind` on `case` for `recipient` (replacing any pending one).
    pub fn link(&mut self, ctx: &Ctx<'_>, case: &Case, kind: LinkKind, recipient: &str) -> Result<()> {
        let token = random_token()?;
        let link = PendingLink {
            kind,
            token_sha256: sha256_hex(token.expose().as_bytes()),
            expires_at: ctx.now.plus(ctx.config.link_validity_seconds),
        };
        self.case(case, CaseUpdate::IssueLink(link));
        self.secrets.push(HandedSecret {
            kind: SecretKind::Link(kind),
            recipient: recipient.to_string(),
            value: token,
        });
        Ok(())
    }
}

/// Checks `token` against the pending link of `kind` and records its use.
pub(crate) fn consume_link(ctx: &Ctx<'_>, d: &mut Decision, case: &Case, kind: LinkKind, token: &Secret) -> Result<()> {
    let link = case.links.iter().find(|l| l.kind == kind).ok_or(Error::LinkInvalid { link: kind })?;
    if sha256_hex(token.expose().as_bytes()) != link.token_sha256 {
        return Err(Error::LinkInvalid { link: kind });
    }
    if ctx.now >= link.expires_at {
        return Err(Error::LinkExpired { link: kind });
    }
    d.case(case, CaseUpdate::ConsumeLink(kind));
    Ok(())
}

/// A validated identity: NIK and NIP that agree, known to the registries (or confirmed
/// by BSrE after an escalation), and a mobile number.
pub(crate) struct ValidIdentity {
    pub nik: Nik,
    pub nip: Nip,
    pub phone: PhoneNumber,
}

pub(crate) fn validate_identity(
    ctx: &Ctx<'_>,
    form: &super::request::IdentityForm,
    account: &Account,
) -> Result<ValidIdentity> {
    let today = ctx.now.date_utc();
    let nik = Nik::parse(&form.nik, today)?;
    let nip = Nip::parse(&form.nip, today)?;
    cross_check(&nik, &nip)?;
    let phone = PhoneNumber::parse(&form.phone)?;
    let confirmed = |number: &str| ctx.records.confirmed_identities.contains(number);
    if !ctx.directory.knows_nik(nik.as_str()) && !confirmed(nik.as_str()) {
        return Err(Error::NikNotFound);
    }
    if !ctx.directory.knows_nip(nip.as_str()) && !confirmed(nip.as_str()) {
        return Err(Error::NipNotFound);
    }
    if ctx.records.account_by_nik(nik.as_str()).is_some_and(|other| other.id != account.id) {
        return Err(Error::NikAlreadyRegistered);
    }
    Ok(ValidIdentity { nik, nip, phone })
}

/// The document must be of `kind`.
pub(crate) fn require_kind(document: &Document, kind: DocumentKind) -> Result<()> {
    if document.kind == kind { Ok(()) } else { Err(Error::MissingDocument { document: kind }) }
}

/// The document must be a recommendation signed by the official the echelon requires.
pub(crate) fn require_recommendation(document: &Document, signer: Role) -> Result<()> {
    require_kind(document, DocumentKind::Recommendation)?;
    if document.signed_by == Some(signer) {
        Ok(())
    } else {
        Err(Error::WrongSignatory { document: DocumentKind::Recommendation, expected: signer })
    }
}

/// The document must be a statement of `kind` approved by the applicant's superior.
pub(crate) fn require_statement(document: &Document, kind: DocumentKind) -> Result<()> {
    require_kind(document, kind)?;
    if document.superior_approved { Ok(()) } else { Err(Error::NotApprovedBySuperior) }
}

/// The case must hold a document of `kind`.
pub(crate) fn require_attached(case: &Case, kind: DocumentKind) -> Result<()> {
    case.document(kind).map(|_| ()).ok_or(Error::MissingDocument { document: kind })
}

pub(crate) fn holder<'a>(account: &'a Account) -> Holder<'a> {
    Holder {
        name: Some(&account.name),
        nik: account.nik.as_deref(),
        nip: account.nip.as_deref(),
        email: Some(&account.email),
    }
}

pub(crate) fn account<'a>(ctx: &Ctx<'a>, id: &str) -> Result<&'a Account> {
    ctx.records.accounts.get(id).ok_or(Error::UnknownAccount)
}

pub(crate) fn certificate<'a>(ctx: &Ctx<'a>, serial: &str) -> Result<&'a Certificate> {
    ctx.records.certificates.get(serial).ok_or(Error::UnknownCertificate)
}

/// A new certificate for `account`, valid from now for the configured years,
/// with a random positive 127-bit serial number. The account may hold no other active
/// certificate than the one this renews (the renewal overlap).
pub(crate) fn mint_certificate(
    ctx: &Ctx<'_>,
    account: &Account,
    method: Method,
    csr: Option<&Document>,
    replaces: Option<&str>,
) -> Result<Certificate> {
    let others_active =
        ctx.records.active_certificates(&account.id, ctx.now).iter().any(|c| Some(c.serial.as_str()) != replaces);
    if others_active {
        return Err(Error::ActiveCertificateExists);
    }
    let username = account.username.clone().ok_or(Error::AccountNotVerified)?;
    let mut serial = [0u8; 16];
    fill_random(&mut serial)?;
    serial[0] &= 0x7f;
    Ok(Certificate {
        serial: hex(&serial),
        account: account.id.clone(),
        method,
        subject_dn: format!("CN={},O={},C=ID", account.name, account.institution),
        username,
        not_before: ctx.now,
        not_after: ctx.now.plus_years(ctx.config.validity_years),
        csr_sha256: csr.map(|d| d.sha256.clone()),
        replaces: replaces.map(str::to_string),
        revocation: None,
    })
}
