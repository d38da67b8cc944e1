//! NIK: the 16-digit national ID number, `PP RR DD DDMMYY SSSS`.

use super::{Field, IdentityReason, Sex, digits, invalid, number, province_name};
use crate::Result;
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A NIK that passed every structural check.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nik {
    digits: String,
    birth_date: Date,
    sex: Sex,
}

impl Nik {
    /// Parses and checks a NIK: 16 digits, an existing province, non-zero regency and
    /// district, a real birth date (day + 40 for women) not after `today`, a non-zero serial.
    /// The two-digit birth year is taken as the latest year not after `today`.
    pub fn parse(input: &str, today: Date) -> Result<Nik> {
        let d = digits(input, 16, Field::Nik)?;
        let province = number(&d[0..2]) as u8;
        if province_name(province).is_none() {
            return Err(invalid(Field::Nik, IdentityReason::UnknownProvince));
        }
        if number(&d[2..4]) == 0 || number(&d[4..6]) == 0 {
            return Err(invalid(Field::Nik, IdentityReason::ZeroRegion));
        }
        let encoded_day = number(&d[6..8]);
        let (day, sex) = if encoded_day > 40 { (encoded_day - 40, Sex::Female) } else { (encoded_day, Sex::Male) };
        let month = number(&d[8..10]);
        let short_year = number(&d[10..12]) as i32;
        let century = today.year() - today.year().rem_euclid(100);
        let candidate = |year: i32| Date::new(year, month as u8, day as u8);
        let birth_date = match candidate(century + short_year) {
            Some(date) if date <= today => date,
            _ => candidate(century - 100 + short_year).ok_or(invalid(Field::Nik, IdentityReason::InvalidBirthDate))?,
        };
        if number(&d[12..16]) == 0 {
            return Err(invalid(Field::Nik, IdentityReason::ZeroSerial));
        }
        let digits = d.iter().map(|x| char::from(b'0' + x)).collect();
        Ok(Nik { digits, birth_date, sex })
    }

    /// The 16 digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The province code (first two digits).
    pub fn province_code(&self) -> u8 {
        self.digits[0..2].parse().unwrap_or(0)
    }

    /// The birth date encoded in the NIK.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// The sex encoded in the NIK.
    pub fn sex(&self) -> Sex {
        self.sex
    }
}

impl fmt::Display for Nik {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::new(2026, 11, 30).unwrap()
    }

    fn reason(input: &str) -> IdentityReason {
        match Nik::parse(input, today()) {
            Err(crate::Error::InvalidIdentity { field: Field::Nik, reason }) => reason,
            other => panic!("expected a NIK error, got {other:?}"),
        }
    }

    #[test]
    fn decodes_birth_date_and_sex() {
        let man = Nik::parse("6472050508680003", today()).unwrap();
        assert_eq!((man.birth_date(), man.sex()), (Date::new(1968, 8, 5).unwrap(), Sex::Male));
        let woman = Nik::parse("7271 0541 1201 0002", today()).unwrap();
        assert_eq!((woman.birth_date(), woman.sex()), (Date::new(2001, 12, 1).unwrap(), Sex::Female));
        assert_eq!(woman.as_str(), "7271054112010002");
        assert_eq!(woman.province_code(), 72);
    }

    #[test]
    fn two_digit_years_never_land_in_the_future() {
        // 26 is 2026 up to today, 1926 after it.
        assert_eq!(Nik::parse("6472051511260001", today()).unwrap().birth_date().year(), 2026);
        assert_eq!(Nik::parse("6472051512260001", today()).unwrap().birth_date().year(), 1926);
        assert_eq!(Nik::parse("6472050101000001", today()).unwrap().birth_date().year(), 2000);
    }

    #[test]
    fn every_structural_fault_has_its_reason() {
        assert_eq!(reason("647205050868000"), IdentityReason::WrongLength);
        assert_eq!(reason("64720505086800x3"), IdentityReason::NotDigits);
        assert_eq!(reason("2072050508680003"), IdentityReason::UnknownProvince);
        assert_eq!(reason("6400050508680003"), IdentityReason::ZeroRegion);
        assert_eq!(reason("6472000508680003"), IdentityReason::ZeroRegion);
        assert_eq!(reason("6472053208680003"), IdentityReason::InvalidBirthDate);
        assert_eq!(reason("6472057208680003"), IdentityReason::InvalidBirthDate);
        assert_eq!(reason("6472050013680003"), IdentityReason::InvalidBirthDate);
        assert_eq!(reason("6472052902230003"), IdentityReason::InvalidBirthDate);
        assert_eq!(reason("6472050508680000"), IdentityReason::ZeroSerial);
        assert_eq!(reason(""), IdentityReason::Empty);
    }

    #[test]
    fn leap_days_are_real_birthdays() {
        let nik = Nik::parse("6472056902000004", today()).unwrap();
        assert_eq!(nik.birth_date(), Date::new(2000, 2, 29).unwrap());
    }
}
