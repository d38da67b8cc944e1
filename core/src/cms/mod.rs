//! CMS (RFC 5652) detached SignedData in the CAdES-BES shape PAdES wants: signed
//! attributes contentType, messageDigest and ESS signing-certificate-v2, no signing-time
//! unless asked for; signing in one call or in two phases (prepare → bytes to sign →
//! finish), and verification of what we and others (OpenSSL, pyHanko, BSrE) produce.

mod attributes;
pub mod timestamp;
mod verify;

pub use verify::{CmsSignature, verify_detached};

use crate::date::Timestamp;
use crate::pki::{Certificate, DerResultExt};
use crate::signer::{SignatureScheme, Signer};
use crate::{Error, Result};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{OctetString, SetOfVec};
use der::{Decode, Encode};
use serde::{Deserialize, Serialize};
use spki::AlgorithmIdentifierOwned;

/// id-data.
pub const ID_DATA: const_oid::ObjectIdentifier = const_oid::db::rfc5911::ID_DATA;
/// id-signedData.
pub const ID_SIGNED_DATA: const_oid::ObjectIdentifier = const_oid::db::rfc5911::ID_SIGNED_DATA;

/// A signature prepared up to the bytes to sign; serializable, so the signing can happen
/// elsewhere (an ESIGN custodian, an HSM, a remote hash-signing service).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreparedSignature {
    /// The signer's certificate (DER, hex in JSON).
    #[serde(with = "crate::hex_serde::certificate")]
    certificate: Certificate,
    /// Further certificates to embed (DER, hex in JSON).
    #[serde(with = "crate::hex_serde::certificates")]
    chain: Vec<Certificate>,
    /// The scheme the signature will use.
    scheme: SignatureScheme,
    /// DER of the signed attributes as a SET (hex in JSON): the bytes to sign.
    #[serde(with = "crate::hex_serde::bytes")]
    signed_attributes: Vec<u8>,
}

impl PreparedSignature {
    /// Prepares a signature over content whose SHA-256 is `digest`, by the holder of
    /// `certificate`, embedding `chain`; `signing_time` adds the signing-time attribute.
    pub fn new(
        digest: &[u8; 32],
        certificate: &Certificate,
        chain: &[Certificate],
        scheme: SignatureScheme,
        signing_time: Option<Timestamp>,
    ) -> Result<PreparedSignature> {
        let attributes = attributes::signed(digest, certificate, signing_time)?;
        Ok(PreparedSignature {
            certificate: certificate.clone(),
            chain: chain.to_vec(),
            scheme,
            signed_attributes: attributes.to_der().or_malformed("signed attributes")?,
        })
    }

    /// The bytes the signer signs (DER of the signed attributes).
    pub fn to_be_signed(&self) -> Result<Vec<u8>> {
        Ok(self.signed_attributes.clone())
    }

    /// The messageDigest the signed attributes carry: the digest of the content signed.
    pub fn message_digest(&self) -> Result<Vec<u8>> {
        let attributes =
            x509_cert::attr::Attributes::from_der(&self.signed_attributes).or_malformed("signed attributes")?;
        let value = attributes
            .iter()
            .find(|a| a.oid == attributes::MESSAGE_DIGEST)
            .and_then(|a| a.values.iter().next())
            .ok_or(Error::Malformed { what: "signed attributes without messageDigest" })?;
        let digest: OctetString = value.decode_as().or_malformed("messageDigest")?;
        Ok(digest.as_bytes().to_vec())
    }

    /// The scheme the signature must use.
    pub fn scheme(&self) -> SignatureScheme {
        self.scheme
    }

    /// Assembles the CMS ContentInfo (DER) around `signature`, after checking that the
    /// signature verifies with the certificate's key.
    pub fn finish(&self, signature: &[u8]) -> Result<Vec<u8>> {
        let algorithm = signature_algorithm(self.scheme)?;
        let public_key = self.certificate.public_key();
        crate::pki::verify::verify_signature(public_key, &algorithm, &self.signed_attributes, signature)?;
        self.assemble(signature)
    }

    /// Signs with `signer` and assembles the CMS. The signature is verified first, as in
    /// [`PreparedSignature::finish`], unless the signer checks its own signatures
    /// ([`Signer::checks_own_signatures`]).
    pub fn sign_with(&self, signer: &dyn Signer) -> Result<Vec<u8>> {
        let signature = signer.sign(&self.signed_attributes)?;
        if signer.checks_own_signatures() { self.assemble(&signature) } else { self.finish(&signature) }
    }

    /// The signer's certificate.
    pub fn certificate(&self) -> Result<Certificate> {
        Ok(self.certificate.clone())
    }

    /// The largest CMS this prepared signature can become: with a signature of the
    /// longest length the scheme and key produce. Lets a PDF reserve its /Contents once.
    pub fn max_size(&self) -> Result<usize> {
        let longest = match self.scheme {
            SignatureScheme::EcdsaP256Sha256 => 72,
            _ => crate::pki::key::rsa_bits(self.certificate.public_key())
                .ok_or(Error::Malformed { what: "RSA public key" })?
                .div_ceil(8),
        };
        Ok(self.assemble(&vec![0xff; longest])?.len())
    }

    /// The CMS ContentInfo around `signature`, unchecked.
    fn assemble(&self, signature: &[u8]) -> Result<Vec<u8>> {
        let algorithm = signature_algorithm(self.scheme)?;
        let tbs = self.certificate.x509().tbs_certificate();
        let signer_info = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: tbs.issuer().clone(),
                serial_number: tbs.serial_number().clone(),
            }),
            digest_alg: sha256_algorithm(),
            signed_attrs: Some(SetOfVec::from_der(&self.signed_attributes).or_malformed("signed attributes")?),
            signature_algorithm: algorithm,
            signature: OctetString::new(signature).or_malformed("signature")?,
            unsigned_attrs: None,
        };
        let mut set = SetOfVec::new();
        for cert in std::iter::once(&self.certificate).chain(&self.chain) {
            set.insert(CertificateChoices::Certificate(cert.x509().clone())).or_malformed("certificates")?;
        }
        let signed_data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256_algorithm()]).or_malformed("CMS")?,
            encap_content_info: EncapsulatedContentInfo { econtent_type: ID_DATA, econtent: None },
            certificates: Some(CertificateSet(set)),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info]).or_malformed("CMS")?),
        };
        let content = der::Any::encode_from(&signed_data).or_malformed("CMS")?;
        ContentInfo { content_type: ID_SIGNED_DATA, content }.to_der().or_malformed("CMS")
    }
}

/// Signs in one call: prepare, sign with `signer`, finish.
pub fn sign_detached(
    digest: &[u8; 32],
    certificate: &Certificate,
    chain: &[Certificate],
    signer: &dyn Signer,
    signing_time: Option<Timestamp>,
) -> Result<Vec<u8>> {
    PreparedSignature::new(digest, certificate, chain, signer.scheme(), signing_time)?.sign_with(signer)
}

/// SHA-256 as a digest AlgorithmIdentifier (parameters absent, as RFC 5754 recommends).
fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ID_SHA_256, parameters: None }
}

/// The signature AlgorithmIdentifier of a scheme.
pub fn signature_algorithm(scheme: SignatureScheme) -> Result<AlgorithmIdentifierOwned> {
    Ok(match scheme {
        SignatureScheme::RsaPkcs1Sha256 => AlgorithmIdentifierOwned {
            oid: const_oid::db::rfc5912::SHA_256_WITH_RSA_ENCRYPTION,
            parameters: Some(der::asn1::Null.into()),
        },
        SignatureScheme::RsaPssSha256 => crate::pki::verify::pss_sha256_algorithm()?,
        SignatureScheme::EcdsaP256Sha256 => {
            AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ECDSA_WITH_SHA_256, parameters: None }
        }
    })
}

/// An error for CMS that is not what we can read.
pub(crate) fn malformed() -> Error {
    Error::Malformed { what: "CMS signature" }
}
