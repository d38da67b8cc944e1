//! Certification path validation: chain building by name and signature to configured
//! trust anchors, validity at a given time, basic constraints and path length, key
//! usage, and revocation from CRLs.

use super::cert::Certificate;
use super::crl::Crl;
use crate::date::Timestamp;
use crate::{Error, Result};
use x509_cert::ext::pkix::KeyUsages;

/// What the end-entity certificate must be good for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Signing documents: not a CA; digitalSignature or nonRepudiation.
    DocumentSigning,
    /// Any use (e.g. validating a CA certificate itself).
    Any,
}

/// Which certificates must be checked against a CRL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RevocationCheck {
    /// Use CRLs when given, require none.
    IfAvailable,
    /// The end entity must be covered by a CRL from its issuer.
    EndEntity,
    /// Every non-anchor certificate must be covered by a CRL from its issuer.
    WholeChain,
}

/// Validates certificates against trust anchors. Anchors are configuration: none is built in.
#[derive(Clone, Debug)]
pub struct PathValidator {
    anchors: Vec<Certificate>,
    intermediates: Vec<Certificate>,
    crls: Vec<Crl>,
    revocation: RevocationCheck,
    purpose: Purpose,
}

/// Longest chain accepted (anchor included).
const MAX_DEPTH: usize = 8;

impl PathValidator {
    /// A validator trusting `anchors`.
    pub fn new(anchors: Vec<Certificate>) -> PathValidator {
        PathValidator {
            anchors,
            intermediates: Vec::new(),
            crls: Vec::new(),
            revocation: RevocationCheck::IfAvailable,
            purpose: Purpose::DocumentSigning,
        }
    }

    /// Adds untrusted intermediate certificates to build chains with.
    pub fn with_intermediates(mut self, intermediates: Vec<Certificate>) -> PathValidator {
        self.intermediates.extend(intermediates);
        self
    }

    /// Adds CRLs.
    pub fn with_crls(mut self, crls: Vec<Crl>) -> PathValidator {
        self.crls.extend(crls);
        self
    }

    /// Sets how much of the chain must be covered by CRLs.
    pub fn with_revocation(mut self, revocation: RevocationCheck) -> PathValidator {
        self.revocation = revocation;
        self
    }

    /// Sets the purpose of the end-entity certificate.
    pub fn with_purpose(mut self, purpose: Purpose) -> PathValidator {
        self.purpose = purpose;
        self
    }

    /// Validates `leaf` at time `at`; returns the chain from `leaf` to its anchor.
    pub fn validate(&self, leaf: &Certificate, at: Timestamp) -> Result<Vec<Certificate>> {
        let chain = self.build(leaf)?;
        self.check_purpose(leaf)?;
        for (depth, cert) in chain.iter().enumerate() {
            if !cert.is_valid_at(at) {
                return Err(Error::CertificateOutsideValidity);
            }
            if depth == 0 {
                continue;
            }
            if !cert.is_ca() {
                return Err(Error::UsageNotPermitted { what: "issuer is not a CA" });
            }
            if !cert.allows(KeyUsages::KeyCertSign) {
                return Err(Error::UsageNotPermitted { what: "keyCertSign" });
            }
            // Intermediate CAs below this one (depth - 1 of them, the leaf excluded).
            let below = depth.saturating_sub(1);
            if let Some((_, Some(limit))) = cert.basic_constraints()
                && below > usize::from(limit)
            {
                return Err(Error::UsageNotPermitted { what: "path length" });
            }
        }
        self.check_revocation(&chain, at)?;
        Ok(chain)
    }

    fn check_purpose(&self, leaf: &Certificate) -> Result<()> {
        if self.purpose == Purpose::DocumentSigning {
            if leaf.is_ca() {
                return Err(Error::UsageNotPermitted { what: "a CA certificate cannot sign documents" });
            }
            if !leaf.allows(KeyUsages::DigitalSignature) && !leaf.allows(KeyUsages::NonRepudiation) {
                return Err(Error::UsageNotPermitted { what: "digitalSignature / nonRepudiation" });
            }
        }
        Ok(())
    }

    /// Builds leaf → … → anchor by issuer name and signature (depth-first, all candidates).
    fn build(&self, leaf: &Certificate) -> Result<Vec<Certificate>> {
        let mut chain = vec![leaf.clone()];
        if self.extend(&mut chain) { Ok(chain) } else { Err(Error::UntrustedChain) }
    }

    fn extend(&self, chain: &mut Vec<Certificate>) -> bool {
        let Some(last) = chain.last().cloned() else { return false };
        if self.anchors.iter().any(|a| a.to_der() == last.to_der()) {
            return true;
        }
        if chain.len() >= MAX_DEPTH {
            return false;
        }
        let candidates = self.anchors.iter().chain(self.intermediates.iter());
        for issuer in candidates {
            let fresh = !chain.iter().any(|c| c.to_der() == issuer.to_der());
            if fresh && issuer.subject_der() == last.issuer_der() && last.verify_issued_by(issuer).is_ok() {
                chain.push(issuer.clone());
                if self.extend(chain) {
                    return true;
                }
                chain.pop();
            }
        }
        false
    }

    fn check_revocation(&self, chain: &[Certificate], at: Timestamp) -> Result<()> {
        let checked = match self.revocation {
            RevocationCheck::WholeChain => chain.len().saturating_sub(1),
            _ => 1.min(chain.len().saturating_sub(1)),
        };
        for i in 0..chain.len().saturating_sub(1) {
            let (cert, issuer) = (&chain[i], &chain[i + 1]);
            let crl = self.crls.iter().find(|crl| crl.verify_issued_by(issuer).is_ok());
            match crl {
                Some(crl) => {
                    if let Some(entry) = crl.find(&cert.serial_hex())
                        && entry.at <= at
                    {
                        return Err(Error::CertificateRevoked { reason: entry.reason });
                    }
                }
                None if i < checked && self.revocation != RevocationCheck::IfAvailable => {
                    return Err(Error::CertificateRevoked { reason: None });
                }
                None => {}
            }
        }
        Ok(())
    }
}
