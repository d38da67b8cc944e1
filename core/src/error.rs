//! The one error type of `tte`: a stable numeric code per failure, a message in
//! Indonesian and in English. A returned error means nothing changed.

use crate::identity::{Field, IdentityReason};
use crate::lifecycle::{ActionKind, DocumentKind, LinkKind, Process, Role, State};
use crate::passphrase::Violation;
use std::fmt;

/// Every failure `tte` reports. Codes (see [`Error::code`]) are stable and never reused:
/// 1000–1099 identity, 1200 passphrase, 2011/2021/2031 BSrE service codes,
/// 2100–2199 lifecycle, 4000–4099 keys, certificates and files (4012 outputs of a run that collide), 5000–5099 PDF, 3000–3099 audit log and serialization, 9000 environment.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An identity field (NIK, NIP, e-mail, phone, name) is invalid.
    InvalidIdentity {
        /// The field at fault.
        field: Field,
        /// Why it was refused.
        reason: IdentityReason,
    },
    /// The passphrase breaks the policy; every violated rule is listed.
    WeakPassphrase {
        /// All violated rules, in a fixed order.
        violations: Vec<Violation>,
    },
    /// The action is not possible in the case's current state.
    IllegalAction {
        /// The process of the case.
        process: Process,
        /// The state the case is in.
        state: State,
        /// The refused action.
        action: ActionKind,
    },
    /// The actor's role may not take this action here.
    RoleNotPermitted {
        /// The process of the case.
        process: Process,
        /// The refused action.
        action: ActionKind,
        /// The actor's role.
        role: Role,
    },
    /// An official acted on a request that is their own.
    SelfApproval,
    /// An applicant acted on somebody else's case.
    NotTheApplicant,
    /// A required document is missing.
    MissingDocument {
        /// The document the step needs.
        document: DocumentKind,
    },
    /// A document is signed or approved by the wrong official.
    WrongSignatory {
        /// The document at fault.
        document: DocumentKind,
        /// Who must sign it.
        expected: Role,
    },
    /// The subscriber agreement was not accepted.
    AgreementNotAccepted,
    /// The link token is unknown, already used or replaced by a resend.
    LinkInvalid {
        /// Which link.
        link: LinkKind,
    },
    /// The link token has expired; the verifier can resend it.
    LinkExpired {
        /// Which link.
        link: LinkKind,
    },
    /// The NIK belongs to another registered account.
    NikAlreadyRegistered,
    /// The population registry does not know the NIK; the verifier escalates to BSrE.
    NikNotFound,
    /// The staff database does not know the NIP; the verifier escalates to BSrE.
    NipNotFound,
    /// No case with this id.
    UnknownCase,
    /// No account with this id.
    UnknownAccount,
    /// No certificate with this serial number.
    UnknownCertificate,
    /// The certificate is revoked or expired.
    CertificateNotActive,
    /// The account already holds an active certificate.
    ActiveCertificateExists,
    /// The username or subject DN given does not match the certificate.
    SubjectMismatch,
    /// A revocation names no reason.
    NoRevocationReason,
    /// Renewal is possible only in the window before expiry, or after it.
    NotInRenewalWindow,
    /// A new certificate may sign only after the waiting time.
    SigningTooEarly {
        /// Seconds still to wait.
        wait_seconds: i64,
    },
    /// The account is suspended after too many wrong passphrases.
    AccountSuspended,
    /// The account has not been verified yet.
    AccountNotVerified,
    /// The account still holds a certificate that has not expired.
    AccountNotExpired,
    /// A case of the same process is already open for this account or certificate.
    CaseAlreadyOpen,
    /// A return or refusal gives no reason.
    MissingReason,
    /// The request does not fit the process.
    WrongSubject,
    /// Another account already uses this e-mail.
    EmailAlreadyRegistered,
    /// A statement lacks the approval of the applicant's superior.
    NotApprovedBySuperior,
    /// A change request changes nothing.
    NothingToChange,
    /// The passphrase is wrong (BSrE code 2031).
    WrongPassphrase {
        /// Attempts left before suspension.
        remaining_attempts: u32,
    },
    /// The NIK is not registered (BSrE code 2011).
    NotRegistered,
    /// The account holds no certificate (BSrE code 2021).
    NoCertificate,
    /// DER or PEM data is malformed or truncated.
    Malformed {
        /// What was being read.
        what: &'static str,
    },
    /// A PEM block carries another label than expected.
    WrongPemLabel {
        /// The label expected.
        expected: &'static str,
        /// The label found.
        found: String,
    },
    /// An algorithm (key, signature, encryption) that tte does not support.
    UnsupportedAlgorithm {
        /// Its name or object identifier.
        algorithm: String,
    },
    /// A key too weak for the policy (RSA below 2048 bits).
    WeakKey {
        /// Its size in bits.
        bits: usize,
    },
    /// A signature does not verify.
    BadSignature,
    /// A certificate is not valid at the time of validation.
    CertificateOutsideValidity,
    /// No chain to a trust anchor could be built.
    UntrustedChain,
    /// A certificate in the chain is revoked.
    CertificateRevoked {
        /// RFC 5280 CRLReason code, if the CRL gives one.
        reason: Option<u8>,
    },
    /// A certificate may not be used this way (key usage, CA constraints, path length).
    UsageNotPermitted {
        /// What is not permitted.
        what: &'static str,
    },
    /// A file could not be read or written.
    Io {
        /// The file.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// Two documents of one run would be written to the same output, or a document's
    /// output would overwrite an input of the run.
    OutputConflict {
        /// The output path.
        output: String,
        /// The input whose output it is.
        input: String,
        /// The other input written to it, or the input it would overwrite.
        other: String,
        /// Whether `other` is overwritten (rather than written to the same output).
        overwrites_input: bool,
    },
    /// The PDF is malformed or truncated.
    PdfMalformed {
        /// What could not be read.
        what: &'static str,
    },
    /// The PDF is encrypted; tte signs only unencrypted PDFs.
    PdfEncrypted,
    /// The PDF is certified with DocMDP P=1: no further signature is allowed.
    PdfCertifiedNoChanges,
    /// Only the first signature of a document can certify it.
    PdfCertificationNotFirst,
    /// The anchor character marking the signature's place is not in the page text.
    PdfAnchorNotFound {
        /// The anchor character.
        character: char,
    },
    /// The signature (with its timestamp) is larger than the space reserved for it.
    PdfSignatureTooLarge {
        /// Hex digits the signature needs.
        needed: usize,
        /// Hex digits reserved.
        reserved: usize,
    },
    /// The field named for the signature is not a signature field.
    PdfFieldNotSignature {
        /// The field.
        field: String,
    },
    /// The field named for the signature is signed already.
    PdfFieldSigned {
        /// The field.
        field: String,
    },
    /// An earlier signature locks the field (FieldMDP).
    PdfFieldLocked {
        /// The field.
        field: String,
    },
    /// The document's certification (DocMDP P=2 or 3) permits no new visible signature
    /// field; sign invisibly or into an existing empty field.
    PdfNewVisibleFieldForbidden {
        /// The certification's level.
        level: u8,
    },
    /// The signature field's seed values ask for what this signature is not.
    PdfSeedValue {
        /// Which constraint.
        what: &'static str,
    },
    /// A two-phase signing state does not belong to the prepared file given with it (or
    /// is itself damaged).
    PdfPreparedMismatch {
        /// What does not match.
        what: &'static str,
    },
    /// The page asked for is not in the document.
    PdfNoSuchPage {
        /// The page asked for, from 1.
        page: usize,
        /// Pages in the document.
        pages: usize,
    },
    /// The audit log's hash chain is broken at this event.
    LogTampered {
        /// Sequence number of the first bad event.
        seq: u64,
    },
    /// Records or a log could not be read or written as JSON.
    Serialization {
        /// What the parser said.
        detail: String,
    },
    /// The operating system's random source failed.
    Random,
}

impl Error {
    /// The stable numeric code of this error.
    pub fn code(&self) -> u32 {
        match self {
            Error::InvalidIdentity { reason, .. } => 1000 + *reason as u32,
            Error::WeakPassphrase { .. } => 1200,
            Error::NotRegistered => 2011,
            Error::NoCertificate => 2021,
            Error::WrongPassphrase { .. } => 2031,
            Error::IllegalAction { .. } => 2101,
            Error::RoleNotPermitted { .. } => 2102,
            Error::SelfApproval => 2103,
            Error::NotTheApplicant => 2104,
            Error::MissingDocument { .. } => 2105,
            Error::WrongSignatory { .. } => 2106,
            Error::AgreementNotAccepted => 2107,
            Error::LinkInvalid { .. } => 2108,
            Error::LinkExpired { .. } => 2109,
            Error::NikAlreadyRegistered => 2110,
            Error::NikNotFound => 2111,
            Error::NipNotFound => 2112,
            Error::UnknownCase => 2113,
            Error::UnknownAccount => 2114,
            Error::UnknownCertificate => 2115,
            Error::CertificateNotActive => 2116,
            Error::ActiveCertificateExists => 2117,
            Error::SubjectMismatch => 2118,
            Error::NoRevocationReason => 2119,
            Error::NotInRenewalWindow => 2120,
            Error::SigningTooEarly { .. } => 2121,
            Error::AccountSuspended => 2122,
            Error::AccountNotVerified => 2123,
            Error::AccountNotExpired => 2124,
            Error::CaseAlreadyOpen => 2125,
            Error::MissingReason => 2126,
            Error::WrongSubject => 2127,
            Error::EmailAlreadyRegistered => 2128,
            Error::NotApprovedBySuperior => 2129,
            Error::NothingToChange => 2130,
            Error::Malformed { .. } => 4001,
            Error::WrongPemLabel { .. } => 4002,
            Error::UnsupportedAlgorithm { .. } => 4003,
            Error::WeakKey { .. } => 4004,
            Error::BadSignature => 4005,
            Error::CertificateOutsideValidity => 4006,
            Error::UntrustedChain => 4008,
            Error::CertificateRevoked { .. } => 4009,
            Error::UsageNotPermitted { .. } => 4010,
            Error::Io { .. } => 4011,
            Error::OutputConflict { .. } => 4012,
            Error::PdfMalformed { .. } => 5001,
            Error::PdfEncrypted => 5002,
            Error::PdfCertifiedNoChanges => 5003,
            Error::PdfCertificationNotFirst => 5004,
            Error::PdfAnchorNotFound { .. } => 5005,
            Error::PdfSignatureTooLarge { .. } => 5006,
            Error::PdfNoSuchPage { .. } => 5007,
            Error::PdfFieldNotSignature { .. } => 5008,
            Error::PdfFieldSigned { .. } => 5009,
            Error::PdfFieldLocked { .. } => 5010,
            Error::PdfNewVisibleFieldForbidden { .. } => 5011,
            Error::PdfSeedValue { .. } => 5012,
            Error::PdfPreparedMismatch { .. } => 5013,
            Error::LogTampered { .. } => 3001,
            Error::Serialization { .. } => 3002,
            Error::Random => 9001,
        }
    }

    /// The message in Indonesian.
    pub fn message_id(&self) -> String {
        self.message(Lang::Id)
    }

    /// The message in English.
    pub fn message_en(&self) -> String {
        self.message(Lang::En)
    }

    fn message(&self, lang: Lang) -> String {
        let t = |id: &str, en: &str| lang.pick(id, en).to_string();
        match self {
            Error::InvalidIdentity { field, reason } => format!(
                "{}: {}",
                lang.pick(field.name_id(), field.name_en()),
                lang.pick(reason.message_id(), reason.message_en())
            ),
            Error::WeakPassphrase { violations } => {
                let parts: Vec<&str> = violations.iter().map(|v| lang.pick(v.message_id(), v.message_en())).collect();
                format!("{}: {}", lang.pick("Passphrase lemah", "Weak passphrase"), parts.join("; "))
            }
            Error::IllegalAction { process, state, action } => match lang {
                Lang::Id => {
                    format!("Aksi {action:?} tidak dapat dilakukan pada proses {process:?} berstatus {state:?}")
                }
                Lang::En => format!("Action {action:?} is not possible in process {process:?} in state {state:?}"),
            },
            Error::RoleNotPermitted { process, action, role } => match lang {
                Lang::Id => format!("Peran {role:?} tidak berwenang melakukan {action:?} pada proses {process:?}"),
                Lang::En => format!("Role {role:?} may not take action {action:?} in process {process:?}"),
            },
            Error::SelfApproval => {
                t("Petugas tidak boleh memproses permohonannya sendiri", "An official may not act on their own request")
            }
            Error::NotTheApplicant => t(
                "Hanya pemohon yang bersangkutan yang dapat melakukan langkah ini",
                "Only the case's own applicant may take this step",
            ),
            Error::MissingDocument { document } => match lang {
                Lang::Id => format!("Dokumen wajib belum dilampirkan: {}", document.name_id()),
                Lang::En => format!("Required document missing: {}", document.name_en()),
            },
            Error::WrongSignatory { document, expected } => match lang {
                Lang::Id => format!("{} harus ditandatangani oleh {}", document.name_id(), expected.name_id()),
                Lang::En => format!("{} must be signed by the {}", document.name_en(), expected.name_en()),
            },
            Error::AgreementNotAccepted => t(
                "Perjanjian Pemilik Sertifikat Elektronik belum disetujui",
                "The subscriber agreement has not been accepted",
            ),
            Error::LinkInvalid { link } => match lang {
                Lang::Id => format!("Tautan {} tidak valid atau sudah digunakan", link.name_id()),
                Lang::En => format!("The {} link is invalid or already used", link.name_en()),
            },
            Error::LinkExpired { link } => match lang {
                Lang::Id => format!("Tautan {} kedaluwarsa; minta verifikator mengirim ulang", link.name_id()),
                Lang::En => format!("The {} link has expired; ask the verifier to resend it", link.name_en()),
            },
            Error::NikAlreadyRegistered => t("NIK telah terdaftar", "The NIK is already registered"),
            Error::NikNotFound => t(
                "NIK tidak ditemukan; verifikator mengirimkan data ke BSrE",
                "NIK not found; the verifier sends the data to BSrE",
            ),
            Error::NipNotFound => t(
                "NIP tidak ditemukan; verifikator mengirimkan data ke BSrE",
                "NIP not found; the verifier sends the data to BSrE",
            ),
            Error::UnknownCase => t("Permohonan tidak ditemukan", "No such case"),
            Error::UnknownAccount => t("Akun tidak ditemukan", "No such account"),
            Error::UnknownCertificate => t("Sertifikat tidak ditemukan", "No such certificate"),
            Error::CertificateNotActive => {
                t("Sertifikat sudah dicabut atau kedaluwarsa", "The certificate is revoked or expired")
            }
            Error::ActiveCertificateExists => {
                t("Akun masih memiliki sertifikat aktif", "The account already holds an active certificate")
            }
            Error::SubjectMismatch => t(
                "Sertifikat tidak sesuai dengan username dan subject DN",
                "The certificate does not match the username and subject DN",
            ),
            Error::NoRevocationReason => {
                t("Alasan pencabutan wajib dipilih", "At least one revocation reason is required")
            }
            Error::NotInRenewalWindow => t(
                "Perpanjangan hanya dapat diajukan menjelang masa berlaku berakhir",
                "Renewal is possible only shortly before the certificate expires",
            ),
            Error::SigningTooEarly { wait_seconds } => match lang {
                Lang::Id => format!(
                    "Sertifikat baru dapat digunakan dalam {} menit lagi",
                    crate::date::whole_minutes(*wait_seconds)
                ),
                Lang::En => format!(
                    "The new certificate can sign in {} more minutes",
                    crate::date::whole_minutes(*wait_seconds)
                ),
            },
            Error::AccountSuspended => t(
                "Akun ditangguhkan karena passphrase salah berulang kali",
                "The account is suspended after repeated wrong passphrases",
            ),
            Error::AccountNotVerified => t("Akun belum diverifikasi", "The account is not verified yet"),
            Error::AccountNotExpired => t(
                "Akun masih memiliki sertifikat yang belum kedaluwarsa",
                "The account still holds a certificate that has not expired",
            ),
            Error::CaseAlreadyOpen => {
                t("Permohonan yang sama masih diproses", "The same request is already in progress")
            }
            Error::MissingReason => t("Alasan wajib diisi", "A reason is required"),
            Error::WrongSubject => {
                t("Permohonan tidak sesuai dengan prosesnya", "The request does not fit the process")
            }
            Error::EmailAlreadyRegistered => {
                t("Email telah digunakan oleh akun lain", "The e-mail is already used by another account")
            }
            Error::NotApprovedBySuperior => {
                t("Surat keterangan belum disetujui atasan", "The statement is not approved by the superior")
            }
            Error::NothingToChange => t("Tidak ada data yang diubah", "Nothing to change"),
            Error::WrongPassphrase { remaining_attempts } => match lang {
                Lang::Id => format!("Passphrase anda salah (sisa percobaan: {remaining_attempts})"),
                Lang::En => format!("Wrong passphrase ({remaining_attempts} attempts left)"),
            },
            Error::NotRegistered => t("NIK belum terdaftar", "The NIK is not registered"),
            Error::NoCertificate => t("Pengguna belum memiliki sertifikat", "The user holds no certificate"),
            Error::Malformed { what } => match lang {
                Lang::Id => format!("Data {what} rusak atau terpotong"),
                Lang::En => format!("The {what} is malformed or truncated"),
            },
            Error::WrongPemLabel { expected, found } => match lang {
                Lang::Id => format!("Label PEM salah: diharapkan {expected}, ditemukan {found}"),
                Lang::En => format!("Wrong PEM label: expected {expected}, found {found}"),
            },
            Error::UnsupportedAlgorithm { algorithm } => match lang {
                Lang::Id => format!("Algoritma tidak didukung: {algorithm}"),
                Lang::En => format!("Unsupported algorithm: {algorithm}"),
            },
            Error::WeakKey { bits } => match lang {
                Lang::Id => format!("Kunci terlalu lemah ({bits} bit); minimal RSA 2048 bit"),
                Lang::En => format!("Key too weak ({bits} bits); at least RSA 2048 bits"),
            },
            Error::BadSignature => t("Tanda tangan tidak valid", "The signature does not verify"),
            Error::CertificateOutsideValidity => {
                t("Sertifikat tidak berlaku pada waktu tersebut", "The certificate is not valid at that time")
            }
            Error::UntrustedChain => {
                t("Rantai sertifikat tidak sampai ke CA terpercaya", "No certificate chain to a trusted CA")
            }
            Error::CertificateRevoked { reason } => match lang {
                Lang::Id => {
                    format!("Sertifikat telah dicabut (alasan {})", reason.map_or("-".into(), |r| r.to_string()))
                }
                Lang::En => {
                    format!("The certificate is revoked (reason {})", reason.map_or("-".into(), |r| r.to_string()))
                }
            },
            Error::UsageNotPermitted { what } => match lang {
                Lang::Id => format!("Penggunaan sertifikat tidak diizinkan: {what}"),
                Lang::En => format!("Certificate use not permitted: {what}"),
            },
            Error::Io { path, detail } => match lang {
                Lang::Id => format!("Berkas {path} tidak dapat dibaca/ditulis: {detail}"),
                Lang::En => format!("File {path} could not be read or written: {detail}"),
            },
            Error::OutputConflict { output, input, other, overwrites_input: false } => match lang {
                Lang::Id => format!("Dua dokumen akan ditulis ke berkas yang sama {output}: {input} dan {other}"),
                Lang::En => format!("Two documents would be written to the same file {output}: {input} and {other}"),
            },
            Error::OutputConflict { output, input, overwrites_input: true, .. } => match lang {
                Lang::Id => format!("Hasil tanda tangan {input} akan menimpa dokumen masukan {output}"),
                Lang::En => format!("The signed {input} would overwrite the input document {output}"),
            },
            Error::PdfMalformed { what } => match lang {
                Lang::Id => format!("Berkas PDF rusak: {what}"),
                Lang::En => format!("The PDF is malformed: {what}"),
            },
            Error::PdfEncrypted => t("PDF terenkripsi tidak dapat ditandatangani", "Encrypted PDFs cannot be signed"),
            Error::PdfCertifiedNoChanges => t(
                "Dokumen tersertifikasi tanpa izin perubahan (DocMDP P=1)",
                "The document is certified with no changes allowed (DocMDP P=1)",
            ),
            Error::PdfCertificationNotFirst => t(
                "Hanya tanda tangan pertama yang dapat mensertifikasi dokumen",
                "Only the first signature can certify a document",
            ),
            Error::PdfAnchorNotFound { character } => match lang {
                Lang::Id => format!("Karakter penanda {character:?} tidak ditemukan pada teks halaman"),
                Lang::En => format!("The anchor character {character:?} is not in the page text"),
            },
            Error::PdfSignatureTooLarge { needed, reserved } => match lang {
                Lang::Id => format!(
                    "Tanda tangan lebih besar dari ruang yang disediakan ({needed} dari {reserved} digit heksadesimal)"
                ),
                Lang::En => {
                    format!(
                        "The signature is larger than the space reserved for it ({needed} of {reserved} hex digits)"
                    )
                }
            },
            Error::PdfFieldNotSignature { field } => match lang {
                Lang::Id => format!("Field {field} bukan field tanda tangan"),
                Lang::En => format!("The field {field} is not a signature field"),
            },
            Error::PdfFieldSigned { field } => match lang {
                Lang::Id => format!("Field {field} sudah ditandatangani"),
                Lang::En => format!("The field {field} is signed already"),
            },
            Error::PdfFieldLocked { field } => match lang {
                Lang::Id => format!("Field {field} dikunci oleh tanda tangan sebelumnya"),
                Lang::En => format!("The field {field} is locked by an earlier signature"),
            },
            Error::PdfNewVisibleFieldForbidden { level } => match lang {
                Lang::Id => format!(
                    "Sertifikasi dokumen (DocMDP P={level}) tidak mengizinkan field tanda tangan tampak yang baru; \
                     tanda tangani tanpa tampilan atau pada field kosong yang ada"
                ),
                Lang::En => format!(
                    "The document's certification (DocMDP P={level}) permits no new visible signature field; sign \
                     invisibly or into an existing empty field"
                ),
            },
            Error::PdfSeedValue { what } => match lang {
                Lang::Id => format!("Nilai seed field tanda tangan tidak terpenuhi: {what}"),
                Lang::En => format!("The signature field's seed values are not met: {what}"),
            },
            Error::PdfPreparedMismatch { what } => match lang {
                Lang::Id => format!("State penandatanganan dua tahap tidak cocok dengan berkas yang disiapkan: {what}"),
                Lang::En => format!("The two-phase signing state does not match the prepared file: {what}"),
            },
            Error::PdfNoSuchPage { page, pages } => match lang {
                Lang::Id => format!("Halaman {page} tidak ada (dokumen ini {pages} halaman)"),
                Lang::En => format!("There is no page {page} (the document has {pages})"),
            },
            Error::LogTampered { seq } => match lang {
                Lang::Id => format!("Log audit telah diubah pada kejadian #{seq}"),
                Lang::En => format!("The audit log was tampered with at event #{seq}"),
            },
            Error::Serialization { detail } => match lang {
                Lang::Id => format!("Data JSON tidak dapat dibaca: {detail}"),
                Lang::En => format!("JSON data could not be read: {detail}"),
            },
            Error::Random => t("Sumber bilangan acak sistem gagal", "The system's random source failed"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.code(), self.message_en())
    }
}

impl std::error::Error for Error {}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        Error::Serialization { detail: err.to_string() }
    }
}

/// The two languages of every message.
#[derive(Clone, Copy)]
enum Lang {
    Id,
    En,
}

impl Lang {
    fn pick<'a>(self, id: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Id => id,
            Lang::En => en,
        }
    }
}

/// Shorthand for results of `tte`.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::{Field, IdentityReason};

    /// One value of every variant (identity reasons each have their own code).
    fn every_error() -> Vec<Error> {
        let reasons = [
            IdentityReason::WrongLength,
            IdentityReason::NotDigits,
            IdentityReason::UnknownProvince,
            IdentityReason::ZeroRegion,
            IdentityReason::InvalidBirthDate,
            IdentityReason::BirthDateInFuture,
            IdentityReason::ZeroSerial,
            IdentityReason::InvalidAppointment,
            IdentityReason::AppointedUnderAge,
            IdentityReason::InvalidSexDigit,
            IdentityReason::BirthDateMismatch,
            IdentityReason::SexMismatch,
            IdentityReason::MalformedEmail,
            IdentityReason::DomainNotAllowed,
            IdentityReason::NotMobileNumber,
            IdentityReason::Empty,
        ];
        let mut all: Vec<Error> =
            reasons.iter().map(|r| Error::InvalidIdentity { field: Field::Nik, reason: *r }).collect();
        all.extend([
            Error::WeakPassphrase { violations: vec![crate::passphrase::Violation::TooShort] },
            Error::IllegalAction {
                process: crate::lifecycle::Process::Revocation,
                state: crate::lifecycle::State::New,
                action: crate::lifecycle::ActionKind::Approve,
            },
            Error::RoleNotPermitted {
                process: crate::lifecycle::Process::Revocation,
                action: crate::lifecycle::ActionKind::Approve,
                role: crate::lifecycle::Role::Applicant,
            },
            Error::SelfApproval,
            Error::NotTheApplicant,
            Error::MissingDocument { document: crate::lifecycle::DocumentKind::Ktp },
            Error::WrongSignatory {
                document: crate::lifecycle::DocumentKind::Recommendation,
                expected: crate::lifecycle::Role::AgencyHead,
            },
            Error::AgreementNotAccepted,
            Error::LinkInvalid { link: crate::lifecycle::LinkKind::SetPassphrase },
            Error::LinkExpired { link: crate::lifecycle::LinkKind::SetPassphrase },
            Error::NikAlreadyRegistered,
            Error::NikNotFound,
            Error::NipNotFound,
            Error::UnknownCase,
            Error::UnknownAccount,
            Error::UnknownCertificate,
            Error::CertificateNotActive,
            Error::ActiveCertificateExists,
            Error::SubjectMismatch,
            Error::NoRevocationReason,
            Error::NotInRenewalWindow,
            Error::SigningTooEarly { wait_seconds: 61 },
            Error::AccountSuspended,
            Error::AccountNotVerified,
            Error::AccountNotExpired,
            Error::CaseAlreadyOpen,
            Error::MissingReason,
            Error::WrongSubject,
            Error::EmailAlreadyRegistered,
            Error::NotApprovedBySuperior,
            Error::NothingToChange,
            Error::WrongPassphrase { remaining_attempts: 2 },
            Error::NotRegistered,
            Error::NoCertificate,
            Error::Malformed { what: "CSR" },
            Error::WrongPemLabel { expected: "CERTIFICATE", found: "X509 CRL".into() },
            Error::UnsupportedAlgorithm { algorithm: "ed25519".into() },
            Error::WeakKey { bits: 1024 },
            Error::BadSignature,
            Error::CertificateOutsideValidity,
            Error::UntrustedChain,
            Error::CertificateRevoked { reason: Some(1) },
            Error::UsageNotPermitted { what: "keyCertSign" },
            Error::Io { path: "x".into(), detail: "y".into() },
            Error::PdfMalformed { what: "xref" },
            Error::PdfEncrypted,
            Error::PdfCertifiedNoChanges,
            Error::PdfCertificationNotFirst,
            Error::PdfAnchorNotFound { character: '#' },
            Error::PdfSignatureTooLarge { needed: 9000, reserved: 8000 },
            Error::PdfNoSuchPage { page: 9, pages: 2 },
            Error::PdfFieldNotSignature { field: "Nama".into() },
            Error::PdfFieldSigned { field: "Signature1".into() },
            Error::PdfFieldLocked { field: "Nominal".into() },
            Error::PdfNewVisibleFieldForbidden { level: 2 },
            Error::PdfSeedValue { what: "SubFilter" },
            Error::PdfPreparedMismatch { what: "length" },
            Error::OutputConflict { output: "o".into(), input: "a".into(), other: "b".into(), overwrites_input: false },
            Error::LogTampered { seq: 3 },
            Error::Serialization { detail: "eof".into() },
            Error::Random,
        ]);
        all
    }

    #[test]
    fn codes_are_unique_and_messages_exist_in_both_languages() {
        let all = every_error();
        let mut codes: Vec<u32> = all.iter().map(Error::code).collect();
        codes.sort_unstable();
        let count = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), count, "a code is used twice");
        for err in &all {
            let (id, en) = (err.message_id(), err.message_en());
            assert!(!id.is_empty() && !en.is_empty(), "{err:?}");
            assert!(err.to_string().starts_with(&format!("[{}] ", err.code())));
        }
        assert_eq!(
            Error::WrongPassphrase { remaining_attempts: 0 }.message_id(),
            "Passphrase anda salah (sisa percobaan: 0)"
        );
        let overwrite = Error::OutputConflict {
            output: "a.pdf".into(),
            input: "b.pdf".into(),
            other: "a.pdf".into(),
            overwrites_input: true,
        };
        assert_eq!(overwrite.message_en(), "The signed b.pdf would overwrite the input document a.pdf");
        assert_eq!(
            Error::SigningTooEarly { wait_seconds: 61 }.message_en(),
            "The new certificate can sign in 2 more minutes"
        );
    }
}
