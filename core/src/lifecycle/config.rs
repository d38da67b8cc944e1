//! The settings of a verifier office: e-mail domains, passphrase policy and the times
//! and limits of the processes.

use crate::date::{DAY, HOUR};
use crate::identity::DomainPolicy;
use crate::passphrase::PassphrasePolicy;
use serde::{Deserialize, Serialize};

/// Policy settings of the lifecycle. In JSON, absent fields take their defaults.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LifecycleConfig {
    /// Official e-mail domains of the institution.
    pub domains: DomainPolicy,
    /// Rule for passphrases and new passwords.
    pub passphrase: PassphrasePolicy,
    /// How long a link sent by e-mail stays valid, in seconds.
    pub link_validity_seconds: i64,
    /// Wrong passphrases in a row before the account is suspended.
    pub max_passphrase_attempts: u32,
    /// Waiting time after issuance before the first signature, in seconds (seed 003: 1 hour).
    pub first_signature_wait_seconds: i64,
    /// Validity of a certificate, in years (about two).
    pub validity_years: i32,
    /// How long before expiry a renewal may be opened, in seconds.
    pub renewal_window_seconds: i64,
}

impl LifecycleConfig {
    /// The defaults with another domain policy.
    pub fn for_institution(domains: DomainPolicy) -> LifecycleConfig {
        LifecycleConfig { domains, ..LifecycleConfig::default() }
    }
}

impl Default for LifecycleConfig {
    /// Kaltim's domains, the default passphrase policy, links valid 24 hours, suspension
    /// after 3 wrong passphrases, 1 hour wait, 2-year validity, renewal from 30 days before expiry.
    fn default() -> LifecycleConfig {
        LifecycleConfig {
            domains: DomainPolicy::kaltim(),
            passphrase: PassphrasePolicy::default(),
            link_validity_seconds: 24 * HOUR,
            max_passphrase_attempts: 3,
            first_signature_wait_seconds: HOUR,
            validity_years: 2,
            renewal_window_seconds: 30 * DAY,
        }
    }
}
