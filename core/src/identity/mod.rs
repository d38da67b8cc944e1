//! Identity rules of an applicant: NIK, NIP, official e-mail, phone number, and the
//! cross-check that a person's NIK and NIP agree. Every failure is
//! [`Error::InvalidIdentity`](crate::Error::InvalidIdentity) naming the field and the reason.

mod email;
mod nik;
mod nip;
mod phone;
mod provinces;

pub use email::{DomainPolicy, OfficialEmail};
pub use nik::Nik;
pub use nip::Nip;
pub use phone::PhoneNumber;
pub use provinces::province_name;

use crate::date::Date;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// Sex as encoded in NIK (day + 40 for women) and NIP (digit 15: 1 male, 2 female).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// Laki-laki.
    Male,
    /// Perempuan.
    Female,
}

/// The identity field an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Field {
    /// Nomor Induk Kependudukan (national ID number).
    Nik,
    /// Nomor Induk Pegawai (civil-servant number).
    Nip,
    /// Official e-mail address.
    Email,
    /// Mobile phone number.
    Phone,
    /// Full name.
    Name,
    /// Institution (Organization of the certificate).
    Institution,
}

impl Field {
    pub(crate) fn name_id(self) -> &'static str {
        match self {
            Field::Nik => "NIK",
            Field::Nip => "NIP",
            Field::Email => "Email",
            Field::Phone => "Nomor HP",
            Field::Name => "Nama",
            Field::Institution => "Instansi",
        }
    }

    pub(crate) fn name_en(self) -> &'static str {
        match self {
            Field::Nik => "NIK",
            Field::Nip => "NIP",
            Field::Email => "E-mail",
            Field::Phone => "Phone number",
            Field::Name => "Name",
            Field::Institution => "Institution",
        }
    }
}

/// Why an identity field was refused. The discriminant is part of the stable error
/// code (1000 + discriminant) and is never reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u32)]
pub enum IdentityReason {
    /// Wrong number of digits.
    WrongLength = 1,
    /// Contains something other than digits.
    NotDigits = 2,
    /// The province code does not exist.
    UnknownProvince = 3,
    /// Regency or district code is 00.
    ZeroRegion = 4,
    /// The encoded birth date does not exist.
    InvalidBirthDate = 5,
    /// The birth date lies in the future.
    BirthDateInFuture = 6,
    /// The serial number is zero.
    ZeroSerial = 7,
    /// The appointment year/month does not exist or lies in the future.
    InvalidAppointment = 8,
    /// Appointed before the 18th birthday.
    AppointedUnderAge = 9,
    /// The sex digit is neither 1 nor 2.
    InvalidSexDigit = 10,
    /// NIK and NIP disagree on the birth date.
    BirthDateMismatch = 11,
    /// NIK and NIP disagree on the sex.
    SexMismatch = 12,
    /// Not a well-formed address.
    MalformedEmail = 13,
    /// The e-mail domain is not an official domain of the institution.
    DomainNotAllowed = 14,
    /// Not an Indonesian mobile number.
    NotMobileNumber = 15,
    /// The field is empty.
    Empty = 16,
}

impl IdentityReason {
    pub(crate) fn message_id(self) -> &'static str {
        match self {
            IdentityReason::WrongLength => "jumlah digit salah",
            IdentityReason::NotDigits => "hanya boleh berisi angka",
            IdentityReason::UnknownProvince => "kode provinsi tidak dikenal",
            IdentityReason::ZeroRegion => "kode kabupaten/kota atau kecamatan tidak boleh 00",
            IdentityReason::InvalidBirthDate => "tanggal lahir tidak valid",
            IdentityReason::BirthDateInFuture => "tanggal lahir di masa depan",
            IdentityReason::ZeroSerial => "nomor urut tidak boleh nol",
            IdentityReason::InvalidAppointment => "TMT pengangkatan tidak valid",
            IdentityReason::AppointedUnderAge => "diangkat sebelum berusia 18 tahun",
            IdentityReason::InvalidSexDigit => "kode jenis kelamin harus 1 atau 2",
            IdentityReason::BirthDateMismatch => "tanggal lahir NIK dan NIP tidak sama",
            IdentityReason::SexMismatch => "jenis kelamin NIK dan NIP tidak sama",
            IdentityReason::MalformedEmail => "format alamat email tidak valid",
            IdentityReason::DomainNotAllowed => "bukan domain email resmi instansi",
            IdentityReason::NotMobileNumber => "bukan nomor ponsel Indonesia",
            IdentityReason::Empty => "wajib diisi",
        }
    }

    pub(crate) fn message_en(self) -> &'static str {
        match self {
            IdentityReason::WrongLength => "wrong number of digits",
            IdentityReason::NotDigits => "may contain digits only",
            IdentityReason::UnknownProvince => "unknown province code",
            IdentityReason::ZeroRegion => "regency or district code may not be 00",
            IdentityReason::InvalidBirthDate => "the birth date does not exist",
            IdentityReason::BirthDateInFuture => "the birth date lies in the future",
            IdentityReason::ZeroSerial => "the serial number may not be zero",
            IdentityReason::InvalidAppointment => "the appointment date is not valid",
            IdentityReason::AppointedUnderAge => "appointed before the 18th birthday",
            IdentityReason::InvalidSexDigit => "the sex digit must be 1 or 2",
            IdentityReason::BirthDateMismatch => "NIK and NIP disagree on the birth date",
            IdentityReason::SexMismatch => "NIK and NIP disagree on the sex",
            IdentityReason::MalformedEmail => "not a well-formed e-mail address",
            IdentityReason::DomainNotAllowed => "not an official e-mail domain of the institution",
            IdentityReason::NotMobileNumber => "not an Indonesian mobile number",
            IdentityReason::Empty => "is required",
        }
    }
}

pub(crate) fn invalid(field: Field, reason: IdentityReason) -> Error {
    Error::InvalidIdentity { field, reason }
}

/// Digits of `input` with spaces, dots and dashes removed (as NIK/NIP are often printed),
/// or the reason they are not a digit string of `len` digits.
pub(crate) fn digits(input: &str, len: usize, field: Field) -> Result<Vec<u8>> {
    let cleaned: Vec<char> = input.chars().filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}')).collect();
    if cleaned.is_empty() {
        return Err(invalid(field, IdentityReason::Empty));
    }
    if !cleaned.iter().all(char::is_ascii_digit) {
        return Err(invalid(field, IdentityReason::NotDigits));
    }
    if cleaned.len() != len {
        return Err(invalid(field, IdentityReason::WrongLength));
    }
    Ok(cleaned.iter().map(|c| *c as u8 - b'0').collect())
}

/// The number formed by `digits`.
pub(crate) fn number(digits: &[u8]) -> u32 {
    digits.iter().fold(0, |acc, d| acc * 10 + u32::from(*d))
}

/// The NIK/NIP cross-check: one person's NIK and NIP agree on birth date and sex.
pub fn cross_check(nik: &Nik, nip: &Nip) -> Result<()> {
    if nik.birth_date() != nip.birth_date() {
        return Err(invalid(Field::Nip, IdentityReason::BirthDateMismatch));
    }
    if nik.sex() != nip.sex() {
        return Err(invalid(Field::Nip, IdentityReason::SexMismatch));
    }
    Ok(())
}

/// Parses a NIK and a NIP (as of `today`) and checks that they are one person's, as a
/// host system does at registration.
pub fn check_same_person(nik: &str, nip: &str, today: Date) -> Result<(Nik, Nip)> {
    let (nik, nip) = (Nik::parse(nik, today)?, Nip::parse(nip, today)?);
    cross_check(&nik, &nip)?;
    Ok((nik, nip))
}

/// A non-empty, trimmed free-text field (name, institution).
pub fn required_text(input: &str, field: Field) -> Result<String> {
    let trimmed = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if trimmed.is_empty() {
        return Err(invalid(field, IdentityReason::Empty));
    }
    Ok(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 30).unwrap()
    }

    #[test]
    fn nik_and_nip_of_one_person_agree() {
        let nik = Nik::parse("6472054508680003", today()).unwrap();
        let nip = Nip::parse("19680805 199402 2 001", today()).unwrap();
        assert_eq!(cross_check(&nik, &nip), Ok(()));
    }

    #[test]
    fn cross_check_names_the_disagreement() {
        let nik = Nik::parse("6472050508680003", today()).unwrap();
        let female_nip = Nip::parse("196808052000012001", today()).unwrap();
        assert_eq!(cross_check(&nik, &female_nip), Err(invalid(Field::Nip, IdentityReason::SexMismatch)));
        let other_day = Nip::parse("196808062000011001", today()).unwrap();
        assert_eq!(cross_check(&nik, &other_day), Err(invalid(Field::Nip, IdentityReason::BirthDateMismatch)));
        assert!(check_same_person("6472054508680003", "19680805 199402 2 001", today()).is_ok());
        let err = check_same_person("6472050508680003", "196808052000012001", today()).unwrap_err();
        assert_eq!(err, invalid(Field::Nip, IdentityReason::SexMismatch));
    }

    #[test]
    fn digit_strings_are_cleaned_and_checked() {
        assert_eq!(digits("12 34-5.6", 6, Field::Nik).unwrap(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(digits("", 6, Field::Nik), Err(invalid(Field::Nik, IdentityReason::Empty)));
        assert_eq!(digits("12a456", 6, Field::Nik), Err(invalid(Field::Nik, IdentityReason::NotDigits)));
        assert_eq!(digits("12345", 6, Field::Nik), Err(invalid(Field::Nik, IdentityReason::WrongLength)));
        assert_eq!(required_text("  Siti   Rahma ", Field::Name).unwrap(), "Siti Rahma");
        assert!(required_text(" \t", Field::Name).is_err());
    }
}
