//! NIP: the 18-digit civil-servant number, `YYYYMMDD YYYYMM S NNN`
//! (birth date, appointment year and month, sex digit, serial).

use super::{Field, IdentityReason, Sex, digits, invalid, number};
use crate::Result;
use crate::date::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A NIP that passed every structural check.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Nip {
    digits: String,
    birth_date: Date,
    appointment: (i32, u8),
    sex: Sex,
}

/// Age at which a civil servant may be appointed at the earliest.
const MINIMUM_APPOINTMENT_AGE: i32 = 18;

impl Nip {
    /// Parses and checks a NIP: 18 digits; a real birth date not after `today`; an
    /// appointment year/month that exists, is not after `today` and not before the 18th
    /// birthday; sex digit 1 or 2; a non-zero serial.
    pub fn parse(input: &str, today: Date) -> Result<Nip> {
        let d = digits(input, 18, Field::Nip)?;
        let birth_date = Date::new(number(&d[0..4]) as i32, number(&d[4..6]) as u8, number(&d[6..8]) as u8)
            .ok_or(invalid(Field::Nip, IdentityReason::InvalidBirthDate))?;
        if birth_date > today {
            return Err(invalid(Field::Nip, IdentityReason::BirthDateInFuture));
        }
        let appointment = (number(&d[8..12]) as i32, number(&d[12..14]) as u8);
        if !(1..=12).contains(&appointment.1) || appointment > (today.year(), today.month()) {
            return Err(invalid(Field::Nip, IdentityReason::InvalidAppointment));
        }
        if appointment < (birth_date.year() + MINIMUM_APPOINTMENT_AGE, birth_date.month()) {
            return Err(invalid(Field::Nip, IdentityReason::AppointedUnderAge));
        }
        let sex = match d[14] {
            1 => Sex::Male,
            2 => Sex::Female,
            _ => return Err(invalid(Field::Nip, IdentityReason::InvalidSexDigit)),
        };
        if number(&d[15..18]) == 0 {
            return Err(invalid(Field::Nip, IdentityReason::ZeroSerial));
        }
        let digits = d.iter().map(|x| char::from(b'0' + x)).collect();
        Ok(Nip { digits, birth_date, appointment, sex })
    }

    /// The 18 digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// The birth date encoded in the NIP.
    pub fn birth_date(&self) -> Date {
        self.birth_date
    }

    /// The appointment (TMT CPNS) as (year, month).
    pub fn appointment(&self) -> (i32, u8) {
        self.appointment
    }

    /// The sex encoded in the NIP.
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// The customary printed form, `19680805 199402 1 001`.
    pub fn formatted(&self) -> String {
        let s = &self.digits;
        format!("{} {} {} {}", &s[0..8], &s[8..14], &s[14..15], &s[15..18])
    }
}

impl fmt::Display for Nip {
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
        match Nip::parse(input, today()) {
            Err(crate::Error::InvalidIdentity { field: Field::Nip, reason }) => reason,
            other => panic!("expected a NIP error, got {other:?}"),
        }
    }

    #[test]
    fn decodes_the_printed_form() {
        let nip = Nip::parse("19680805 199402 1 001", today()).unwrap();
        assert_eq!(nip.birth_date(), Date::new(1968, 8, 5).unwrap());
        assert_eq!(nip.appointment(), (1994, 2));
        assert_eq!(nip.sex(), Sex::Male);
        assert_eq!(nip.formatted(), "19680805 199402 1 001");
        assert_eq!(nip.as_str(), "196808051994021001");
    }

    #[test]
    fn appointment_is_checked_against_age_and_today() {
        assert!(Nip::parse("200001012018012001", today()).is_ok());
        assert_eq!(reason("200002012018012001"), IdentityReason::AppointedUnderAge);
        assert_eq!(reason("199001012026122001"), IdentityReason::InvalidAppointment);
        assert_eq!(reason("199001012015132001"), IdentityReason::InvalidAppointment);
        assert_eq!(reason("199001012015002001"), IdentityReason::InvalidAppointment);
    }

    #[test]
    fn every_structural_fault_has_its_reason() {
        assert_eq!(reason("19680805199402100"), IdentityReason::WrongLength);
        assert_eq!(reason("19680230199402100 1"), IdentityReason::InvalidBirthDate);
        assert_eq!(reason("202712011994021001"), IdentityReason::BirthDateInFuture);
        assert_eq!(reason("196808051994023001"), IdentityReason::InvalidSexDigit);
        assert_eq!(reason("196808051994020001"), IdentityReason::InvalidSexDigit);
        assert_eq!(reason("196808051994021000"), IdentityReason::ZeroSerial);
        assert_eq!(reason("1968O8051994021001"), IdentityReason::NotDigits);
    }
}
