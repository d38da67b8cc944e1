//! Notifications: the e-mails the SOPs name, as data with Indonesian and English text.
//! The host sends them; links are attached by the host from the secrets handed out with
//! the same outcome, so no body ever contains a token or a password.

use super::model::{LinkKind, Process};
use super::records::{Account, Certificate};
use crate::date::Timestamp;
use serde::{Deserialize, Serialize};

/// Which notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NotificationKind {
    /// Activation link of the DS Kaltim portal.
    PortalActivation,
    /// "[BSrE] Aktivasi Akun".
    AccountActivation,
    /// "[BSrE] Informasi Akun": username and default password.
    AccountInformation,
    /// "[BSrE] Set Passphrase".
    SetPassphrase,
    /// "[BSrE] Sertifikat Elektronik Terbit".
    CertificateIssued,
    /// A request was returned; the body says why.
    Returned,
    /// The certificate was revoked.
    Revoked,
    /// The applicant's data was changed.
    DataChanged,
    /// The service period was extended (renewal).
    Extended,
    /// The certificate data was updated.
    Updated,
    /// The account was suspended after wrong passphrases.
    Suspended,
    /// The passphrase was changed or reset.
    PassphraseChanged,
    /// Link to the identity form (renewal).
    IdentityForm,
    /// Approval request sent to the previously registered e-mail.
    OldEmailApproval,
    /// The login e-mail was changed.
    EmailChanged,
    /// API access was issued.
    ApiAccessIssued,
}

/// One message for the host to send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    /// Which notification.
    pub kind: NotificationKind,
    /// Recipients' e-mail addresses (empty when none is known yet: the host routes it).
    pub to: Vec<String>,
    /// Subject in Indonesian.
    pub subject_id: String,
    /// Subject in English.
    pub subject_en: String,
    /// Body in Indonesian.
    pub body_id: String,
    /// Body in English.
    pub body_en: String,
    /// The link the host must attach, built from the secret handed out with it.
    pub link: Option<LinkKind>,
}

fn message(
    kind: NotificationKind,
    to: &str,
    subject: (&str, &str),
    body: (String, String),
    link: Option<LinkKind>,
) -> Notification {
    let to = if to.is_empty() { Vec::new() } else { vec![to.to_string()] };
    Notification {
        kind,
        to,
        subject_id: subject.0.to_string(),
        subject_en: subject.1.to_string(),
        body_id: body.0,
        body_en: body.1,
        link,
    }
}

/// The portal's activation link.
pub fn portal_activation(name: &str, email: &str) -> Notification {
    message(
        NotificationKind::PortalActivation,
        email,
        ("[DS Kaltim] Aktivasi Akun", "[DS Kaltim] Account activation"),
        (
            format!("Yth. {name}, silakan aktifkan akun Digital Signature Anda melalui tautan berikut."),
            format!("Dear {name}, please activate your Digital Signature account with the link below."),
        ),
        Some(LinkKind::PortalActivation),
    )
}

/// "[BSrE] Aktivasi Akun".
pub fn account_activation(account: &Account) -> Notification {
    message(
        NotificationKind::AccountActivation,
        &account.email,
        ("[BSrE] Aktivasi Akun", "[BSrE] Account activation"),
        (
            format!("Yth. {}, klik tautan aktivasi, lengkapi data dan unggah foto diri serta KTP.", account.name),
            format!(
                "Dear {}, open the activation link, complete your data and upload a selfie and your KTP.",
                account.name
            ),
        ),
        Some(LinkKind::AmsActivation),
    )
}

/// "[BSrE] Informasi Akun" (the default password is handed to the host separately).
pub fn account_information(account: &Account, username: &str) -> Notification {
    message(
        NotificationKind::AccountInformation,
        &account.email,
        ("[BSrE] Informasi Akun", "[BSrE] Account information"),
        (
            format!(
                "Yth. {}, akun AMS Anda telah diverifikasi. Username: {username}. Gunakan password acak yang dikirim terpisah dan segera ganti setelah login.",
                account.name
            ),
            format!(
                "Dear {}, your AMS account is verified. Username: {username}. Use the random password sent separately and change it at first login.",
                account.name
            ),
        ),
        None,
    )
}

/// "[BSrE] Set Passphrase".
pub fn set_passphrase(account: &Account) -> Notification {
    message(
        NotificationKind::SetPassphrase,
        &account.email,
        ("[BSrE] Set Passphrase", "[BSrE] Set passphrase"),
        (
            format!(
                "Yth. {}, buat passphrase melalui tautan berikut: minimal 8 karakter dengan huruf kapital, huruf kecil, angka dan karakter khusus. Setujui Perjanjian Pemilik Sertifikat Elektronik.",
                account.name
            ),
            format!(
                "Dear {}, create your passphrase with the link below: at least 8 characters with upper- and lower-case letters, a digit and a special character. Accept the subscriber agreement.",
                account.name
            ),
        ),
        Some(LinkKind::SetPassphrase),
    )
}

/// "[BSrE] Sertifikat Elektronik Terbit" with the fields of the real e-mail.
pub fn certificate_issued(account: &Account, cert: &Certificate, wait_seconds: i64) -> Notification {
    let until = cert.not_after.to_wib_string();
    let wait_minutes = crate::date::whole_minutes(wait_seconds);
    message(
        NotificationKind::CertificateIssued,
        &account.email,
        ("[BSrE] Sertifikat Elektronik Terbit", "[BSrE] Electronic certificate issued"),
        (
            format!(
                "Selamat, sertifikat elektronik anda telah terbit!\nCommon Name : {}\nOrganization : {}\nCountry : ID\nSerial Number : {}\nBerlaku sampai dengan {until}. Mohon menunggu selama {wait_minutes} menit untuk dapat melakukan tanda tangan elektronik.",
                account.name, account.institution, cert.serial
            ),
            format!(
                "Congratulations, your electronic certificate has been issued!\nCommon Name : {}\nOrganization : {}\nCountry : ID\nSerial Number : {}\nValid until {until}. Please wait {wait_minutes} minutes before signing.",
                account.name, account.institution, cert.serial
            ),
        ),
        None,
    )
}

/// A returned request.
pub fn returned(to: &str, process: Process, reason: &str) -> Notification {
    message(
        NotificationKind::Returned,
        to,
        ("[BSrE] Permohonan Dikembalikan", "[BSrE] Request returned"),
        (
            format!(
                "Permohonan \"{}\" dikembalikan. Alasan: {reason}. Silakan lengkapi dan ajukan kembali.",
                process.title_id()
            ),
            format!(
                "Your request \"{}\" was returned. Reason: {reason}. Please complete it and submit again.",
                process.title_id()
            ),
        ),
        None,
    )
}

/// A revoked certificate.
pub fn revoked(
    account: &Account,
    cert: &Certificate,
    reasons_id: &str,
    reasons_en: &str,
    at: Timestamp,
) -> Notification {
    message(
        NotificationKind::Revoked,
        &account.email,
        ("[BSrE] Sertifikat Elektronik Dicabut", "[BSrE] Electronic certificate revoked"),
        (
            format!(
                "Sertifikat elektronik nomor seri {} telah dicabut pada {} dengan alasan: {reasons_id}.",
                cert.serial,
                at.to_wib_string()
            ),
            format!(
                "The electronic certificate with serial {} was revoked on {} for: {reasons_en}.",
                cert.serial,
                at.to_wib_string()
            ),
        ),
        None,
    )
}

/// Changed or updated data.
pub fn data_changed(account: &Account, kind: NotificationKind) -> Notification {
    message(
        kind,
        &account.email,
        ("[BSrE] Data Pemohon Terubah", "[BSrE] Applicant data changed"),
        (
            format!("Yth. {}, data sertifikat elektronik Anda telah diperbarui.", account.name),
            format!("Dear {}, the data of your electronic certificate has been updated.", account.name),
        ),
        None,
    )
}

/// An extended service period (renewal).
pub fn extended(account: &Account, cert: &Certificate) -> Notification {
    message(
        NotificationKind::Extended,
        &account.email,
        ("[BSrE] Masa Layanan Sertifikat Diperpanjang", "[BSrE] Certificate service period extended"),
        (
            format!(
                "Masa layanan sertifikat elektronik Anda telah diperpanjang sampai {} (nomor seri {}).",
                cert.not_after.to_wib_string(),
                cert.serial
            ),
            format!(
                "Your certificate's service period has been extended until {} (serial {}).",
                cert.not_after.to_wib_string(),
                cert.serial
            ),
        ),
        None,
    )
}

/// Suspension after wrong passphrases.
pub fn suspended(account: &Account, attempts: u32) -> Notification {
    message(
        NotificationKind::Suspended,
        &account.email,
        ("[BSrE] Akun Ditangguhkan", "[BSrE] Account suspended"),
        (
            format!(
                "Akun Anda ditangguhkan setelah {attempts} kali passphrase salah. Gunakan Reset Passphrase atau hubungi verifikator."
            ),
            format!(
                "Your account was suspended after {attempts} wrong passphrases. Use Reset Passphrase or contact your verifier."
            ),
        ),
        None,
    )
}

/// A changed or reset passphrase (the new one is handed to the holder separately).
pub fn passphrase_changed(account: &Account, reset: bool) -> Notification {
    let (id, en) = if reset { ("direset", "reset") } else { ("diubah", "changed") };
    message(
        NotificationKind::PassphraseChanged,
        &account.email,
        ("[BSrE] Passphrase Diperbarui", "[BSrE] Passphrase updated"),
        (
            format!("Passphrase sertifikat elektronik Anda telah {id}. Jika bukan Anda, segera hubungi verifikator."),
            format!(
                "The passphrase of your electronic certificate was {en}. If this was not you, contact your verifier."
            ),
        ),
        None,
    )
}

/// Identity form link of a renewal.
pub fn identity_form(account: &Account) -> Notification {
    message(
        NotificationKind::IdentityForm,
        &account.email,
        ("[BSrE] Pengisian Data Identitas", "[BSrE] Identity form"),
        (
            format!(
                "Yth. {}, lengkapi data identitas untuk perpanjangan sertifikat melalui tautan berikut.",
                account.name
            ),
            format!("Dear {}, complete your identity data for the renewal with the link below.", account.name),
        ),
        Some(LinkKind::IdentityForm),
    )
}

/// Approval request to the previously registered e-mail.
pub fn old_email_approval(old_email: &str, new_email: &str) -> Notification {
    message(
        NotificationKind::OldEmailApproval,
        old_email,
        ("[BSrE] Persetujuan Perubahan Email", "[BSrE] Approve e-mail change"),
        (
            format!("Permintaan mengganti email akun TTE ke {new_email}. Setujui melalui tautan berikut bila benar."),
            format!(
                "A request to change the e-mail of your TTE account to {new_email}. Approve with the link below if this is you."
            ),
        ),
        Some(LinkKind::OldEmailApproval),
    )
}

/// The login e-mail changed.
pub fn email_changed(new_email: &str, old_email: &str) -> Notification {
    message(
        NotificationKind::EmailChanged,
        new_email,
        ("[BSrE] Email Akun Diubah", "[BSrE] Account e-mail changed"),
        (
            format!("Email akun TTE Anda telah diubah dari {old_email} menjadi {new_email}."),
            format!("The e-mail of your TTE account was changed from {old_email} to {new_email}."),
        ),
        None,
    )
}

/// API access issued (the client secret is handed out separately).
pub fn api_access_issued(to: &str, application: &str, client_id: &str) -> Notification {
    message(
        NotificationKind::ApiAccessIssued,
        to,
        ("[Diskominfo] Akses API DS Terbit", "[Diskominfo] API access issued"),
        (
            format!("Akses API Digital Signature untuk aplikasi {application} telah terbit. Client ID: {client_id}."),
            format!("Digital Signature API access for {application} has been issued. Client ID: {client_id}."),
        ),
        None,
    )
}
