//! Indonesian mobile phone numbers (`08…`, `+628…`, `628…`), normalized to E.164.

use super::{Field, IdentityReason, invalid};
use crate::Result;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A mobile number in E.164 form, `+628…`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PhoneNumber(String);

/// Digits of the subscriber number after `+62 8`: 7 to 11 (so `08` + 8 to 12 digits in all).
const SUBSCRIBER_DIGITS: std::ops::RangeInclusive<usize> = 7..=11;

impl PhoneNumber {
    /// Accepts `0812-3456-7890`, `+62 812 3456 7890`, `6281234567890` and the like.
    pub fn parse(input: &str) -> Result<PhoneNumber> {
        let cleaned: String = input.chars().filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')')).collect();
        if cleaned.is_empty() {
            return Err(invalid(Field::Phone, IdentityReason::Empty));
        }
        let national = cleaned
            .strip_prefix("+62")
            .or_else(|| cleaned.strip_prefix("62"))
            .or_else(|| cleaned.strip_prefix('0'))
            .ok_or(invalid(Field::Phone, IdentityReason::NotMobileNumber))?;
        if !national.chars().all(|c| c.is_ascii_digit()) {
            return Err(invalid(Field::Phone, IdentityReason::NotDigits));
        }
        let subscriber = national.strip_prefix('8').ok_or(invalid(Field::Phone, IdentityReason::NotMobileNumber))?;
        if !SUBSCRIBER_DIGITS.contains(&subscriber.len()) {
            return Err(invalid(Field::Phone, IdentityReason::WrongLength));
        }
        Ok(PhoneNumber(format!("+628{subscriber}")))
    }

    /// The E.164 form.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_spellings_of_one_number() {
        for input in ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456 7890"] {
            assert_eq!(PhoneNumber::parse(input).unwrap().as_str(), "+6281234567890", "{input}");
        }
    }

    #[test]
    fn refusals_name_the_reason() {
        let reason = |s: &str| match PhoneNumber::parse(s) {
            Err(crate::Error::InvalidIdentity { field: Field::Phone, reason }) => reason,
            other => panic!("{other:?}"),
        };
        assert_eq!(reason("0541731963"), IdentityReason::NotMobileNumber);
        assert_eq!(reason("+6512345678"), IdentityReason::NotMobileNumber);
        assert_eq!(reason("08123"), IdentityReason::WrongLength);
        assert_eq!(reason("0812345678901234"), IdentityReason::WrongLength);
        assert_eq!(reason("0812abc45678"), IdentityReason::NotDigits);
        assert_eq!(reason(""), IdentityReason::Empty);
    }
}
