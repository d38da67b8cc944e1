//! RFC 3161 signature timestamps (PAdES B-T): a request over the signature value, the
//! response checked (status, message imprint, nonce, the TSA's CMS signature over
//! TSTInfo), and the token embedded as the `signature-time-stamp` unsigned attribute.
//! The transport is a trait: the host posts the request to its TSA.

use super::attributes::SIGNATURE_TIME_STAMP;
use super::verify::{CmsSignature, signed_data, verify_signer};
use super::{ID_SIGNED_DATA, malformed};
use crate::date::Timestamp;
use crate::pki::DerResultExt;
use crate::{Error, Result};
use cms::content_info::ContentInfo;
use cms::signed_data::SignedData;
use der::asn1::{Any, GeneralizedTime, Int, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use sha2::{Digest, Sha256};
use spki::AlgorithmIdentifierOwned;
use x509_cert::attr::Attribute;

/// id-ct-TSTInfo.
pub const ID_CT_TST_INFO: const_oid::ObjectIdentifier =
    const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.1.4");

/// Where timestamps come from: the host posts the DER request to its TSA (HTTP
/// `application/timestamp-query`) and returns the DER response.
pub trait TimestampAuthority: Send + Sync {
    /// Sends `request` (a DER TimeStampReq) and returns the DER TimeStampResp.
    fn request(&self, request: &[u8]) -> Result<Vec<u8>>;
}

#[derive(Clone, Debug, Sequence)]
struct MessageImprint {
    hash_algorithm: AlgorithmIdentifierOwned,
    hashed_message: OctetString,
}

#[derive(Clone, Debug, Sequence)]
struct TimeStampReq {
    version: u8,
    message_imprint: MessageImprint,
    nonce: Option<Int>,
    #[asn1(default = "no")]
    cert_req: bool,
}

fn no() -> bool {
    false
}

#[derive(Clone, Debug, Sequence)]
struct PkiStatusInfo {
    status: u32,
    status_string: Option<Any>,
    fail_info: Option<Any>,
}

#[derive(Clone, Debug, Sequence)]
struct TimeStampResp {
    status: PkiStatusInfo,
    time_stamp_token: Option<ContentInfo>,
}

#[derive(Clone, Debug, Sequence)]
struct TstInfo {
    version: u8,
    policy: const_oid::ObjectIdentifier,
    message_imprint: MessageImprint,
    serial_number: Int,
    gen_time: GeneralizedTime,
    accuracy: Option<Any>,
    #[asn1(default = "no")]
    ordering: bool,
    nonce: Option<Int>,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    tsa: Option<x509_cert::ext::pkix::name::GeneralName>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    extensions: Option<x509_cert::ext::Extensions>,
}

/// A verified timestamp token.
#[derive(Clone, Debug)]
pub struct TimestampToken {
    /// The token (ContentInfo), DER.
    pub der: Vec<u8>,
    /// The time the TSA vouches for.
    pub time: Timestamp,
    /// The TSA's signature, with its certificate.
    pub signer: CmsSignature,
}

fn sha256_algorithm() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: const_oid::db::rfc5912::ID_SHA_256, parameters: None }
}

/// A random 63-bit nonce as a DER INTEGER. `Int::new` keeps leading zero bytes, so the
/// first byte is never zero (a zero there made a non-DER nonce, one request in 128, which
/// OpenSSL's TSA rejects) and below 0x80 (positive without a sign byte).
fn nonce() -> Result<Int> {
    let mut nonce = [0u8; 8];
    crate::secret::fill_random(&mut nonce)?;
    nonce[0] = (nonce[0] & 0x7f).max(1);
    Int::new(&nonce).or_malformed("timestamp request")
}

/// Asks `tsa` for a token over `data` (the signature value) and checks the answer.
pub fn fetch(tsa: &dyn TimestampAuthority, data: &[u8]) -> Result<TimestampToken> {
    let request = TimeStampReq {
        version: 1,
        message_imprint: MessageImprint {
            hash_algorithm: sha256_algorithm(),
            hashed_message: OctetString::new(Sha256::digest(data).to_vec()).or_malformed("timestamp request")?,
        },
        nonce: Some(nonce()?),
        cert_req: true,
    };
    let response = tsa.request(&request.to_der().or_malformed("timestamp request")?)?;
    let response = TimeStampResp::from_der(&response).or_malformed("timestamp response")?;
    if response.status.status > 1 {
        return Err(Error::Malformed { what: "timestamp refused by the TSA" });
    }
    let token = response.time_stamp_token.ok_or(Error::Malformed { what: "timestamp response without token" })?;
    let der = token.to_der().or_malformed("timestamp token")?;
    let checked = verify_token(&der, data)?;
    if checked.1.nonce.as_ref().map(Int::as_bytes) != request.nonce.as_ref().map(Int::as_bytes) {
        return Err(Error::Malformed { what: "timestamp nonce mismatch" });
    }
    Ok(checked.0)
}

/// Verifies a token over `data`: the TSA's signature and the message imprint.
pub fn verify(der: &[u8], data: &[u8]) -> Result<TimestampToken> {
    verify_token(der, data).map(|(token, _)| token)
}

fn verify_token(der: &[u8], data: &[u8]) -> Result<(TimestampToken, TstInfo)> {
    let sd: SignedData = signed_data(der)?;
    if sd.encap_content_info.econtent_type != ID_CT_TST_INFO {
        return Err(malformed());
    }
    let content = sd.encap_content_info.econtent.as_ref().ok_or_else(malformed)?;
    let tst_der = content.decode_as::<OctetString>().map_err(|_| malformed())?.as_bytes().to_vec();
    let info = TstInfo::from_der(&tst_der).or_malformed("TSTInfo")?;
    if info.message_imprint.hash_algorithm.oid != const_oid::db::rfc5912::ID_SHA_256
        || info.message_imprint.hashed_message.as_bytes() != Sha256::digest(data).as_slice()
    {
        return Err(Error::BadSignature);
    }
    let signer = verify_signer(&sd, &Sha256::digest(&tst_der), ID_CT_TST_INFO)?;
    let timestamping = const_oid::db::rfc5280::ID_KP_TIME_STAMPING;
    if !signer.signer.extended_key_usage().contains(&timestamping) {
        return Err(Error::UsageNotPermitted { what: "the TSA certificate lacks timeStamping" });
    }
    let time = Timestamp(info.gen_time.to_unix_duration().as_secs() as i64);
    Ok((TimestampToken { der: der.to_vec(), time, signer }, info))
}

/// The CMS `cms` with `token` added as its signer's signature-time-stamp attribute.
pub fn embed(cms: &[u8], token: &TimestampToken) -> Result<Vec<u8>> {
    let info = ContentInfo::from_der(cms).map_err(|_| malformed())?;
    let mut sd: SignedData = info.content.decode_as().map_err(|_| malformed())?;
    let mut signers: Vec<_> = sd.signer_infos.0.iter().cloned().collect();
    let first = signers.first_mut().ok_or_else(malformed)?;
    let value = Any::from_der(&token.der).or_malformed("timestamp token")?;
    let attribute =
        Attribute { oid: SIGNATURE_TIME_STAMP, values: SetOfVec::try_from(vec![value]).or_malformed("attribute")? };
    let mut unsigned: Vec<Attribute> = first.unsigned_attrs.iter().flat_map(|u| u.iter().cloned()).collect();
    unsigned.retain(|a| a.oid != SIGNATURE_TIME_STAMP);
    unsigned.push(attribute);
    first.unsigned_attrs = Some(SetOfVec::try_from(unsigned).or_malformed("attributes")?);
    sd.signer_infos.0 = SetOfVec::try_from(signers).or_malformed("CMS")?;
    let content = Any::encode_from(&sd).or_malformed("CMS")?;
    ContentInfo { content_type: ID_SIGNED_DATA, content }.to_der().or_malformed("CMS")
}

/// The signature value of the (first) signer of `cms`: what a signature timestamp covers.
pub fn signature_value(cms: &[u8]) -> Result<Vec<u8>> {
    let sd = signed_data(cms)?;
    let first = sd.signer_infos.0.iter().next().ok_or_else(malformed)?;
    Ok(first.signature.as_bytes().to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_minimal_positive_der_integers() {
        for _ in 0..10_000 {
            let der = nonce().unwrap().to_der().unwrap();
            assert_eq!(&der[..2], &[0x02, 8], "{der:02x?}");
            assert!((1..0x80).contains(&der[2]), "{der:02x?}");
        }
    }
}
