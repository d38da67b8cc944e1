//! Guards and effects: given the records, a request or an action either is refused with
//! a typed error or yields a [`Decision`] — the changes for one event, the notifications
//! and the secrets to hand out. Nothing here mutates the records.

mod open;
mod step;

pub(crate) use open::open;
pub(crate) use step::step;

use super::config::LifecycleConfig;
use super::directory::IdentityDirectory;
use super::event::{AccountUpdate, CaseUpdate, Change};
use super::model::{Actor, Document, DocumentKind, LinkKind, Method, Role};
use super::notify::Notification;
use super::records::{Account, Case, Certificate, PendingLink, Records};
use crate::date::Timestamp;
use crate::identity::{Nik, Nip, PhoneNumber, cross_check};
use crate::passphrase::Holder;
use crate::secret::{Secret, random_token};
use crate::{Error, Result, sha256_hex};

/// What a secret handed out once is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
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
    /// Calls to the certificate authority, made once the step is accepted.
    pub effects: Vec<Effect>,
}

/// A call to the [`CertificateAuthority`](super::CertificateAuthority), decided here and
/// made by the ledger when it commits the step.
pub(crate) enum Effect {
    /// Create (or replace) the ESIGN key of the account under this passphrase.
    CreateHeldKey { account: String, passphrase: Secret },
    /// Replace a compromised ESIGN key; the new random passphrase is handed out.
    ReplaceHeldKey { account: String },
    /// ESIGN Change Passphrase.
    ChangePassphrase { account: String, old: Secret, new: Secret },
    /// ESIGN Reset Passphrase; the new random passphrase is handed out.
    ResetPassphrase { account: String },
    /// Issue a certificate (from the CSR, PEM, or for the held key).
    Issue { account: String, method: Method, csr: Option<String>, replaces: Option<String>, notice: IssueNotice },
    /// Revoke a certificate.
    Revoke { serial: String, reason: u8 },
}

/// Which notification an issuance sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IssueNotice {
    /// "[BSrE] Sertifikat Elektronik Terbit".
    Issued,
    /// The service period was extended (renewal).
    Extended,
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

/// The issuance of a certificate for `account`, once the step is accepted. The account
/// must be verified and may hold no other active certificate than the one this renews
/// (the renewal overlap).
pub(crate) fn issue(
    ctx: &Ctx<'_>,
    account: &Account,
    method: Method,
    csr: Option<String>,
    replaces: Option<&str>,
    notice: IssueNotice,
) -> Result<Effect> {
    if account.username.is_none() {
        return Err(Error::AccountNotVerified);
    }
    let others_active =
        ctx.records.active_certificates(&account.id, ctx.now).iter().any(|c| Some(c.serial.as_str()) != replaces);
    if others_active {
        return Err(Error::ActiveCertificateExists);
    }
    Ok(Effect::Issue { account: account.id.clone(), method, csr, replaces: replaces.map(str::to_string), notice })
}

/// Parses an uploaded CSR and runs the verifier's check against the account: signature,
/// key algorithm and size, CN = name and O = institution. Returns its PEM.
pub(crate) fn checked_csr(bytes: &[u8], account: &Account) -> Result<String> {
    let csr = crate::pki::Csr::from_bytes(bytes)?;
    csr.check(&account.name, &account.institution)?;
    Ok(csr.to_pem())
}
