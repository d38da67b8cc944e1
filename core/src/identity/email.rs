//! Official e-mail addresses: syntax, and the domain policy of an institution.

use super::{Field, IdentityReason, invalid};
use crate::Result;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Which e-mail domains count as official for one institution: its own domains, and
/// legacy domains (such as `kemdikbud.go.id` held by teachers) that the policy may allow.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DomainPolicy {
    institution: String,
    domains: Vec<String>,
    legacy_domains: Vec<String>,
    allow_legacy: bool,
    allow_subdomains: bool,
}

impl DomainPolicy {
    /// A policy for `institution` accepting addresses at exactly the given domains.
    pub fn new<I, S>(institution: &str, domains: I) -> DomainPolicy
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        DomainPolicy {
            institution: institution.to_string(),
            domains: domains.into_iter().map(|d| d.as_ref().to_ascii_lowercase()).collect(),
            legacy_domains: Vec::new(),
            allow_legacy: false,
            allow_subdomains: false,
        }
    }

    /// Adds legacy domains; they are accepted only while [`DomainPolicy::with_legacy_allowed`] is on.
    pub fn with_legacy_domains<I, S>(mut self, domains: I) -> DomainPolicy
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.legacy_domains.extend(domains.into_iter().map(|d| d.as_ref().to_ascii_lowercase()));
        self
    }

    /// Whether legacy domains are accepted.
    pub fn with_legacy_allowed(mut self, allow: bool) -> DomainPolicy {
        self.allow_legacy = allow;
        self
    }

    /// Whether subdomains of an official domain (`dinas.kaltimprov.go.id`) are accepted.
    pub fn with_subdomains_allowed(mut self, allow: bool) -> DomainPolicy {
        self.allow_subdomains = allow;
        self
    }

    /// Pemerintah Provinsi Kalimantan Timur; teachers' `kemdikbud.go.id` known as legacy.
    pub fn kaltim() -> DomainPolicy {
        DomainPolicy::new("Pemerintah Provinsi Kalimantan Timur", ["kaltimprov.go.id"])
            .with_legacy_domains(["kemdikbud.go.id"])
    }

    /// Pemerintah Provinsi Kalimantan Utara.
    pub fn kaltara() -> DomainPolicy {
        DomainPolicy::new("Pemerintah Provinsi Kalimantan Utara", ["kaltaraprov.go.id"])
    }

    /// Pemerintah Provinsi Sulawesi Tengah.
    pub fn sulteng() -> DomainPolicy {
        DomainPolicy::new("Pemerintah Provinsi Sulawesi Tengah", ["sultengprov.go.id"])
    }

    /// The institution this policy belongs to.
    pub fn institution(&self) -> &str {
        &self.institution
    }

    /// Checks the syntax of `address` and that its domain is official under this policy.
    pub fn check(&self, address: &str) -> Result<OfficialEmail> {
        let email = OfficialEmail::parse(address)?;
        let accepted = self.domains.iter().any(|d| self.domain_matches(email.domain(), d))
            || (self.allow_legacy && self.legacy_domains.iter().any(|d| self.domain_matches(email.domain(), d)));
        if accepted { Ok(email) } else { Err(invalid(Field::Email, IdentityReason::DomainNotAllowed)) }
    }

    fn domain_matches(&self, domain: &str, official: &str) -> bool {
        domain == official
            || (self.allow_subdomains && domain.strip_suffix(official).is_some_and(|prefix| prefix.ends_with('.')))
    }
}

/// A syntactically valid e-mail address, lower-cased.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OfficialEmail(String);

impl OfficialEmail {
    /// Checks the address form `local@domain` (dot-atom local part, at least two domain labels).
    pub fn parse(address: &str) -> Result<OfficialEmail> {
        let address = address.trim().to_ascii_lowercase();
        if address.is_empty() {
            return Err(invalid(Field::Email, IdentityReason::Empty));
        }
        let malformed = || invalid(Field::Email, IdentityReason::MalformedEmail);
        let (local, domain) = address.split_once('@').ok_or_else(malformed)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local
                .split('.')
                .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "_%+-'".contains(c)));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && domain.len() <= 253
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            });
        if local_ok && domain_ok { Ok(OfficialEmail(address)) } else { Err(malformed()) }
    }

    /// The whole address.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part before `@`.
    pub fn local_part(&self) -> &str {
        self.0.split_once('@').map_or("", |(local, _)| local)
    }

    /// The part after `@`.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map_or("", |(_, domain)| domain)
    }
}

impl fmt::Display for OfficialEmail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(policy: &DomainPolicy, address: &str) -> Option<IdentityReason> {
        match policy.check(address) {
            Ok(_) => None,
            Err(crate::Error::InvalidIdentity { field: Field::Email, reason }) => Some(reason),
            Err(other) => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn official_domains_per_institution() {
        let kaltim = DomainPolicy::kaltim();
        assert_eq!(kaltim.check(" Siti.Rahma@KaltimProv.go.id ").unwrap().as_str(), "siti.rahma@kaltimprov.go.id");
        assert_eq!(reason(&kaltim, "siti@gmail.com"), Some(IdentityReason::DomainNotAllowed));
        assert_eq!(reason(&kaltim, "siti@kaltaraprov.go.id"), Some(IdentityReason::DomainNotAllowed));
        assert_eq!(reason(&DomainPolicy::kaltara(), "a.b@kaltaraprov.go.id"), None);
        assert_eq!(reason(&DomainPolicy::sulteng(), "a.b@sultengprov.go.id"), None);
        let several = DomainPolicy::new("Dinas X", ["kaltimprov.go.id", "diskominfo.kaltimprov.go.id"]);
        assert_eq!(reason(&several, "a@diskominfo.kaltimprov.go.id"), None);
    }

    #[test]
    fn legacy_domains_only_where_the_policy_allows() {
        let strict = DomainPolicy::kaltim();
        assert_eq!(reason(&strict, "guru@kemdikbud.go.id"), Some(IdentityReason::DomainNotAllowed));
        let teachers = DomainPolicy::kaltim().with_legacy_allowed(true);
        assert_eq!(reason(&teachers, "guru@kemdikbud.go.id"), None);
    }

    #[test]
    fn subdomains_only_where_the_policy_allows() {
        let policy = DomainPolicy::kaltim();
        assert_eq!(reason(&policy, "a@dinkes.kaltimprov.go.id"), Some(IdentityReason::DomainNotAllowed));
        let open = policy.with_subdomains_allowed(true);
        assert_eq!(reason(&open, "a@dinkes.kaltimprov.go.id"), None);
        assert_eq!(reason(&open, "a@evilkaltimprov.go.id"), Some(IdentityReason::DomainNotAllowed));
    }

    #[test]
    fn malformed_addresses() {
        let policy = DomainPolicy::kaltim();
        for bad in [
            "nobody",
            "@kaltimprov.go.id",
            "a..b@kaltimprov.go.id",
            ".a@kaltimprov.go.id",
            "a@kaltimprov",
            "a@-kaltimprov.go.id",
            "a b@kaltimprov.go.id",
            "a@b@kaltimprov.go.id",
        ] {
            assert_eq!(reason(&policy, bad), Some(IdentityReason::MalformedEmail), "{bad}");
        }
        assert_eq!(reason(&policy, "  "), Some(IdentityReason::Empty));
        let email = OfficialEmail::parse("budi.s@kaltimprov.go.id").unwrap();
        assert_eq!((email.local_part(), email.domain()), ("budi.s", "kaltimprov.go.id"));
    }
}
