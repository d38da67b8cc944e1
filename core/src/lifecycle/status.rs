//! BSrE user statuses, derived from the records, and the service codes integrators see.

use super::model::{Process, State};
use super::records::Records;
use crate::date::Timestamp;
use serde::{Deserialize, Serialize};

/// The statuses of BSrE's `GET /api/user/status/{nik}`. Only `Issue` can sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum UserStatus {
    /// An active certificate.
    Issue,
    /// Every certificate has expired.
    Expired,
    /// A renewal is in progress.
    Renew,
    /// Registration data waits for the verifier or BSrE.
    WaitingForVerification,
    /// Registered, not yet submitted for verification.
    New,
    /// Verified account without a certificate.
    NoCertificate,
    /// No account with this NIK.
    NotRegistered,
    /// Suspended after wrong passphrases.
    Suspend,
    /// The newest certificate is revoked.
    Revoke,
}

impl UserStatus {
    /// The status as BSrE spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            UserStatus::Issue => "ISSUE",
            UserStatus::Expired => "EXPIRED",
            UserStatus::Renew => "RENEW",
            UserStatus::WaitingForVerification => "WAITING_FOR_VERIFICATION",
            UserStatus::New => "NEW",
            UserStatus::NoCertificate => "NO_CERTIFICATE",
            UserStatus::NotRegistered => "NOT_REGISTERED",
            UserStatus::Suspend => "SUSPEND",
            UserStatus::Revoke => "REVOKE",
        }
    }

    /// The service code BSrE answers with, where one is known: 1111 issued,
    /// 2011 not registered (1110 in the older API), 2021 no certificate.
    pub fn service_code(self) -> Option<u32> {
        match self {
            UserStatus::Issue => Some(1111),
            UserStatus::NotRegistered => Some(2011),
            UserStatus::NoCertificate => Some(2021),
            _ => None,
        }
    }
}

const REGISTRATIONS: [Process; 3] =
    [Process::PortalRegistration, Process::AmsRegistrationEselon12, Process::AmsRegistrationEselon3];

/// The status of the person with this NIK at `now`.
pub fn user_status(records: &Records, nik: &str, now: Timestamp) -> UserStatus {
    let Some(account) = records.account_by_nik(nik) else { return UserStatus::NotRegistered };
    if account.suspended {
        return UserStatus::Suspend;
    }
    let open: Vec<_> = records.open_cases(&account.id).collect();
    if open.iter().any(|c| c.process == Process::Renewal) {
        return UserStatus::Renew;
    }
    let registration = open.iter().find(|c| REGISTRATIONS.contains(&c.process));
    if let Some(case) = registration {
        let waiting = matches!(case.state, State::AwaitingVerification | State::AwaitingCaApproval);
        return if waiting { UserStatus::WaitingForVerification } else { UserStatus::New };
    }
    if !account.is_verified() {
        return UserStatus::New;
    }
    let certs: Vec<_> = records.certificates_of(&account.id).collect();
    if certs.iter().any(|c| c.is_active(now)) {
        return UserStatus::Issue;
    }
    match certs.last() {
        None => UserStatus::NoCertificate,
        Some(newest) if newest.revocation.is_some() => UserStatus::Revoke,
        Some(newest) if newest.not_after <= now => UserStatus::Expired,
        Some(_) => UserStatus::NoCertificate,
    }
}
