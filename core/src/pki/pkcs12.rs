//! PKCS#12 (`.p12`/`.pfx`, RFC 7292): import and export of a private key with its
//! certificate and chain, as users receive them from CAs and other tools read them.
//!
//! Export: the key in a pkcs8ShroudedKeyBag (PBES2, AES-256-CBC), the certificates in
//! certBags, `localKeyId` and `friendlyName` on the pair, and an HMAC-SHA-256 integrity
//! MAC keyed by the PKCS#12 KDF — what OpenSSL 3 writes by default. Import accepts that,
//! encryptedData with PBES2, and MACs with SHA-256/384/512; the legacy RC2/3DES
//! encryption and SHA-1 MAC of pre-OpenSSL-3 files are refused as unsupported.
//! The crate `pkcs12` of RustCrypto pins another `cms` release than this workspace,
//! hence these few structures are written here on `der` derives.

use super::DerResultExt;
use super::cert::Certificate;
use super::key::{Kdf, PrivateKey};
use crate::passphrase::{Holder, PassphrasePolicy};
use crate::secret::{Secret, fill_random};
use crate::{Error, Result};
use const_oid::ObjectIdentifier;
use der::asn1::{Any, BmpString, OctetString, SetOfVec};
use der::{Decode, Encode, Sequence};
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256, Sha384, Sha512};
use spki::AlgorithmIdentifierOwned;
use zeroize::Zeroizing;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_ENCRYPTED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.6");
const KEY_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.1");
const SHROUDED_KEY_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.2");
const CERT_BAG: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.12.10.1.3");
const X509_CERTIFICATE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.22.1");
const FRIENDLY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.20");
const LOCAL_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.21");
const SHA_256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const SHA_384: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.2");
const SHA_512: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.3");

/// MAC iterations written on export (OpenSSL's default).
const MAC_ITERATIONS: u32 = 2048;

#[derive(Clone, Debug, Sequence)]
struct Pfx {
    version: u8,
    auth_safe: ContentInfo,
    mac_data: Option<MacData>,
}

#[derive(Clone, Debug, Sequence)]
struct ContentInfo {
    content_type: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT", optional = "true")]
    content: Option<Any>,
}

#[derive(Clone, Debug, Sequence)]
struct MacData {
    mac: DigestInfo,
    mac_salt: OctetString,
    #[asn1(default = "one")]
    iterations: u32,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Debug, Sequence)]
struct DigestInfo {
    algorithm: AlgorithmIdentifierOwned,
    digest: OctetString,
}

#[derive(Clone, Debug, Sequence)]
struct SafeBag {
    bag_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    bag_value: Any,
    bag_attributes: Option<SetOfVec<Attribute>>,
}

#[derive(Clone, Debug, Sequence, PartialEq, Eq, PartialOrd, Ord, der::ValueOrd)]
struct Attribute {
    id: ObjectIdentifier,
    values: SetOfVec<Any>,
}

#[derive(Clone, Debug, Sequence)]
struct CertBag {
    cert_id: ObjectIdentifier,
    #[asn1(context_specific = "0", tag_mode = "EXPLICIT")]
    cert_value: OctetString,
}

#[derive(Clone, Debug, Sequence)]
struct EncryptedData {
    version: u8,
    content: EncryptedContentInfo,
}

#[derive(Clone, Debug, Sequence)]
struct EncryptedContentInfo {
    content_type: ObjectIdentifier,
    algorithm: AlgorithmIdentifierOwned,
    #[asn1(context_specific = "0", tag_mode = "IMPLICIT", optional = "true")]
    encrypted_content: Option<OctetString>,
}

/// A key with its certificate and chain, as carried by a PKCS#12 file.
#[derive(Clone, Debug)]
pub struct Pkcs12 {
    /// The private key.
    pub key: PrivateKey,
    /// The certificate of the key.
    pub certificate: Certificate,
    /// The other certificates (issuing CA, root).
    pub chain: Vec<Certificate>,
    /// The friendly name, if any.
    pub friendly_name: Option<String>,
}

impl Pkcs12 {
    /// Writes a PKCS#12 file protected by `passphrase` (which must pass the default policy).
    pub fn to_der(&self, passphrase: &Secret) -> Result<Vec<u8>> {
        PassphrasePolicy::default().check(passphrase.expose(), &Holder::default())?;
        let key_id = OctetString::new(Sha256::digest(self.certificate.to_der()).to_vec()).or_malformed("PKCS#12")?;
        let mut pair_attributes = vec![attribute(LOCAL_KEY_ID, Any::encode_from(&key_id).or_malformed("PKCS#12")?)?];
        if let Some(name) = &self.friendly_name {
            let bmp = BmpString::from_utf8(name).or_malformed("friendly name")?;
            pair_attributes.push(attribute(FRIENDLY_NAME, Any::encode_from(&bmp).or_malformed("PKCS#12")?)?);
        }
        let pair_attributes = SetOfVec::try_from(pair_attributes).or_malformed("PKCS#12")?;
        let shrouded =
            self.key.to_encrypted_der(passphrase, Kdf::SCRYPT, &PassphrasePolicy::default(), &Holder::default())?;
        let key_bag = SafeBag {
            bag_id: SHROUDED_KEY_BAG,
            bag_value: Any::from_der(&shrouded).or_malformed("PKCS#12")?,
            bag_attributes: Some(pair_attributes.clone()),
        };
        let mut cert_bags = Vec::new();
        for (i, cert) in std::iter::once(&self.certificate).chain(self.chain.iter()).enumerate() {
            let bag = CertBag {
                cert_id: X509_CERTIFICATE,
                cert_value: OctetString::new(cert.to_der()).or_malformed("PKCS#12")?,
            };
            cert_bags.push(SafeBag {
                bag_id: CERT_BAG,
                bag_value: Any::encode_from(&bag).or_malformed("PKCS#12")?,
                bag_attributes: (i == 0).then(|| pair_attributes.clone()),
            });
        }
        let auth_safe = vec![data_content(&[key_bag])?, data_content(&cert_bags)?];
        let auth_safe_der = auth_safe.to_der().or_malformed("PKCS#12")?;
        let mut salt = [0u8; 16];
        fill_random(&mut salt)?;
        let mac = pkcs12_hmac(MacHash::Sha256, passphrase, &salt, MAC_ITERATIONS, &auth_safe_der)?;
        let pfx = Pfx {
            version: 3,
            auth_safe: ContentInfo {
                content_type: ID_DATA,
                content: Some(
                    Any::encode_from(&OctetString::new(auth_safe_der).or_malformed("PKCS#12")?)
                        .or_malformed("PKCS#12")?,
                ),
            },
            mac_data: Some(MacData {
                mac: DigestInfo {
                    algorithm: AlgorithmIdentifierOwned { oid: SHA_256, parameters: Some(der::asn1::Null.into()) },
                    digest: OctetString::new(mac).or_malformed("PKCS#12")?,
                },
                mac_salt: OctetString::new(salt.to_vec()).or_malformed("PKCS#12")?,
                iterations: MAC_ITERATIONS,
            }),
        };
        pfx.to_der().or_malformed("PKCS#12")
    }

    /// Reads a PKCS#12 file: checks the MAC, decrypts the key and finds its certificate.
    pub fn from_der(der: &[u8], passphrase: &Secret) -> Result<Pkcs12> {
        let pfx = Pfx::from_der(der).or_malformed("PKCS#12")?;
        if pfx.version != 3 || pfx.auth_safe.content_type != ID_DATA {
            return Err(Error::Malformed { what: "PKCS#12" });
        }
        let auth_safe_der = octets(pfx.auth_safe.content.as_ref())?;
        let mac_data = pfx.mac_data.ok_or(Error::UnsupportedAlgorithm { algorithm: "PKCS#12 without MAC".into() })?;
        check_mac(&mac_data, passphrase, &auth_safe_der)?;
        let contents = Vec::<ContentInfo>::from_der(&auth_safe_der).or_malformed("PKCS#12")?;
        let mut keys = Vec::new();
        let mut certificates = Vec::new();
        let mut friendly_name = None;
        for content in contents {
            let safe_contents = match content.content_type {
                ID_DATA => Zeroizing::new(octets(content.content.as_ref())?),
                ID_ENCRYPTED_DATA => Zeroizing::new(decrypt_content(content.content.as_ref(), passphrase)?),
                other => return Err(Error::UnsupportedAlgorithm { algorithm: other.to_string() }),
            };
            for bag in Vec::<SafeBag>::from_der(&safe_contents).or_malformed("PKCS#12")? {
                let value = bag.bag_value.to_der().or_malformed("PKCS#12")?;
                match bag.bag_id {
                    SHROUDED_KEY_BAG => keys.push(PrivateKey::from_encrypted_der(&value, passphrase)?),
                    KEY_BAG => keys.push(PrivateKey::from_pkcs8_der(&value)?),
                    CERT_BAG => {
                        let cert_bag = CertBag::from_der(&value).or_malformed("PKCS#12")?;
                        if cert_bag.cert_id == X509_CERTIFICATE {
                            certificates.push(Certificate::from_der(cert_bag.cert_value.as_bytes())?);
                        }
                    }
                    _ => {}
                }
                friendly_name = friendly_name.or_else(|| friendly(&bag));
            }
        }
        let key = keys.into_iter().next().ok_or(Error::Malformed { what: "PKCS#12 without a key" })?;
        let public = key.public_key_der()?;
        let position = certificates
            .iter()
            .position(|c| c.public_key().to_der().map(|d| d == public).unwrap_or(false))
            .ok_or(Error::Malformed { what: "PKCS#12 without the key's certificate" })?;
        let certificate = certificates.remove(position);
        Ok(Pkcs12 { key, certificate, chain: certificates, friendly_name })
    }
}

fn attribute(id: ObjectIdentifier, value: Any) -> Result<Attribute> {
    Ok(Attribute { id, values: SetOfVec::try_from(vec![value]).or_malformed("PKCS#12")? })
}

fn data_content(bags: &[SafeBag]) -> Result<ContentInfo> {
    let safe_contents = bags.to_vec().to_der().or_malformed("PKCS#12")?;
    let octets = OctetString::new(safe_contents).or_malformed("PKCS#12")?;
    Ok(ContentInfo { content_type: ID_DATA, content: Some(Any::encode_from(&octets).or_malformed("PKCS#12")?) })
}

fn octets(content: Option<&Any>) -> Result<Vec<u8>> {
    let any = content.ok_or(Error::Malformed { what: "PKCS#12" })?;
    Ok(any.decode_as::<OctetString>().or_malformed("PKCS#12")?.into_bytes().into_vec())
}

fn friendly(bag: &SafeBag) -> Option<String> {
    let attrs = bag.bag_attributes.as_ref()?;
    let attr = attrs.iter().find(|a| a.id == FRIENDLY_NAME)?;
    let value = attr.values.iter().next()?;
    value.decode_as::<BmpString>().ok().map(|s| s.to_string())
}

fn decrypt_content(content: Option<&Any>, passphrase: &Secret) -> Result<Vec<u8>> {
    let any = content.ok_or(Error::Malformed { what: "PKCS#12" })?;
    let encrypted = any.decode_as::<EncryptedData>().or_malformed("PKCS#12")?;
    let algorithm = encrypted.content.algorithm.to_der().or_malformed("PKCS#12")?;
    let scheme = pkcs8::pkcs5::EncryptionScheme::from_der(&algorithm)
        .map_err(|_| Error::UnsupportedAlgorithm { algorithm: encrypted.content.algorithm.oid.to_string() })?;
    if !matches!(scheme, pkcs8::pkcs5::EncryptionScheme::Pbes2(_)) {
        return Err(Error::UnsupportedAlgorithm { algorithm: encrypted.content.algorithm.oid.to_string() });
    }
    super::key::check_kdf_cost(&scheme)?;
    let ciphertext = encrypted.content.encrypted_content.ok_or(Error::Malformed { what: "PKCS#12" })?;
    scheme
        .decrypt(passphrase.expose().as_bytes(), ciphertext.as_bytes())
        .map_err(|_| Error::WrongPassphrase { remaining_attempts: 0 })
}

fn check_mac(mac_data: &MacData, passphrase: &Secret, content: &[u8]) -> Result<()> {
    let hash = match mac_data.mac.algorithm.oid {
        SHA_256 => MacHash::Sha256,
        SHA_384 => MacHash::Sha384,
        SHA_512 => MacHash::Sha512,
        other => return Err(Error::UnsupportedAlgorithm { algorithm: format!("PKCS#12 MAC {other}") }),
    };
    if mac_data.iterations > super::key::MAX_PBKDF2_ITERATIONS {
        let algorithm = format!("PKCS#12 MAC with {} iterations", mac_data.iterations);
        return Err(Error::UnsupportedAlgorithm { algorithm });
    }
    let expected = pkcs12_hmac(hash, passphrase, mac_data.mac_salt.as_bytes(), mac_data.iterations, content)?;
    let given = mac_data.mac.digest.as_bytes();
    let same = expected.len() == given.len() && expected.iter().zip(given).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    if same { Ok(()) } else { Err(Error::WrongPassphrase { remaining_attempts: 0 }) }
}

/// Hash functions of the integrity MAC.
#[derive(Clone, Copy)]
enum MacHash {
    Sha256,
    Sha384,
    Sha512,
}

/// HMAC over `content` keyed by the PKCS#12 KDF (ID 3) of the passphrase.
fn pkcs12_hmac(hash: MacHash, passphrase: &Secret, salt: &[u8], iterations: u32, content: &[u8]) -> Result<Vec<u8>> {
    let bad_key = |_| Error::Malformed { what: "PKCS#12 MAC" };
    let tag = match hash {
        MacHash::Sha256 => {
            let key = pkcs12_kdf::<Sha256>(passphrase, salt, iterations, 3, 32, 64);
            let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).map_err(bad_key)?;
            mac.update(content);
            mac.finalize().into_bytes().to_vec()
        }
        MacHash::Sha384 => {
            let key = pkcs12_kdf::<Sha384>(passphrase, salt, iterations, 3, 48, 128);
            let mut mac = <Hmac<Sha384> as KeyInit>::new_from_slice(&key).map_err(bad_key)?;
            mac.update(content);
            mac.finalize().into_bytes().to_vec()
        }
        MacHash::Sha512 => {
            let key = pkcs12_kdf::<Sha512>(passphrase, salt, iterations, 3, 64, 128);
            let mut mac = <Hmac<Sha512> as KeyInit>::new_from_slice(&key).map_err(bad_key)?;
            mac.update(content);
            mac.finalize().into_bytes().to_vec()
        }
    };
    Ok(tag)
}

/// The key derivation of RFC 7292 Appendix B.2 with hash `D` of block size `v` bytes.
fn pkcs12_kdf<D: Digest>(
    passphrase: &Secret,
    salt: &[u8],
    iterations: u32,
    id: u8,
    length: usize,
    v: usize,
) -> Zeroizing<Vec<u8>> {
    let u = <D as Digest>::output_size();
    // The password as a BMPString (UTF-16 big endian) with two zero bytes at the end.
    let mut password: Zeroizing<Vec<u8>> =
        Zeroizing::new(passphrase.expose().encode_utf16().flat_map(u16::to_be_bytes).collect());
    password.extend_from_slice(&[0, 0]);
    let fill = |input: &[u8]| -> Vec<u8> {
        if input.is_empty() {
            return Vec::new();
        }
        let len = v * input.len().div_ceil(v);
        input.iter().copied().cycle().take(len).collect()
    };
    let mut i_block: Zeroizing<Vec<u8>> = Zeroizing::new([fill(salt), fill(&password)].concat());
    let d = vec![id; v];
    let mut out = Zeroizing::new(Vec::with_capacity(length));
    while out.len() < length {
        let mut a = D::new().chain_update(&d).chain_update(i_block.as_slice()).finalize().to_vec();
        for _ in 1..iterations {
            a = D::digest(&a).to_vec();
        }
        let take = u.min(length - out.len());
        out.extend_from_slice(&a[..take]);
        let b: Vec<u8> = a.iter().copied().cycle().take(v).collect();
        for chunk in i_block.chunks_mut(v) {
            let mut carry = 1u16;
            for (x, y) in chunk.iter_mut().zip(b.iter()).rev() {
                let sum = u16::from(*x) + u16::from(*y) + carry;
                *x = sum as u8;
                carry = sum >> 8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kdf_matches_openssl() {
        // `openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt hexpass:<"password" as
        //  UTF-16BE + 0000> -kdfopt salt:saltsalt -kdfopt iter:2048 -kdfopt id:3 PKCS12KDF`
        let key = pkcs12_kdf::<Sha256>(&Secret::new("password"), b"saltsalt", 2048, 3, 32, 64);
        assert_eq!(crate::hex(&key), "f008b683ad83366a7a91c5edb7eb6b75af71eeb3e49b6a97c3d4bd69a0632a24");
        // Same with id 1, one iteration, a 4-byte salt ("0102"), 20 bytes.
        let key = pkcs12_kdf::<Sha256>(&Secret::new("Kunci#Rahasia7"), b"0102", 1, 1, 20, 64);
        assert_eq!(crate::hex(&key), "9c6d0e9f272e71c1c83eba60eeefe0df42bd7ea9");
    }
}
