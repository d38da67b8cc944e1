//! Civil dates and instants: the small calendar the identity rules and the lifecycle need.
//!
//! Dates are proleptic Gregorian; instants are seconds since the Unix epoch (UTC).
//! Display of instants uses WIB (UTC+7), the time zone of the SOPs' offices.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A calendar date (year, month 1–12, day 1–31), always valid once constructed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
}

impl Date {
    /// A date if `year`-`month`-`day` exists in the calendar.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1–31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Whole years from `self` to `later` (an age on the date `later`).
    pub fn years_until(self, later: Date) -> i32 {
        let mut years = later.year - self.year;
        if (later.month, later.day) < (self.month, self.day) {
            years -= 1;
        }
        years
    }

    /// Days since 1970-01-01 (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// `seconds` rounded up to whole minutes (never negative).
pub fn whole_minutes(seconds: i64) -> i64 {
    (seconds.max(0) + MINUTE - 1) / MINUTE
}

/// An instant: whole seconds since 1970-01-01T00:00:00Z.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

/// Seconds in a minute, an hour and a day.
pub const MINUTE: i64 = 60;
/// Seconds in an hour.
pub const HOUR: i64 = 3_600;
/// Seconds in a day.
pub const DAY: i64 = 86_400;
/// WIB (Waktu Indonesia Barat) is UTC+7.
const WIB_OFFSET: i64 = 7 * HOUR;

impl Timestamp {
    /// The instant `seconds` later (earlier if negative), saturating.
    pub fn plus(self, seconds: i64) -> Timestamp {
        Timestamp(self.0.saturating_add(seconds))
    }

    /// Seconds from `earlier` to `self`.
    pub fn seconds_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// The instant at 00:00 UTC of `date`.
    pub fn at_midnight_utc(date: Date) -> Timestamp {
        Timestamp(date.days_since_epoch() * DAY)
    }

    /// The calendar date of this instant in UTC.
    pub fn date_utc(self) -> Date {
        Date::from_days_since_epoch(self.0.div_euclid(DAY))
    }

    /// The same instant `years` calendar years later (29 February becomes 28 February).
    pub fn plus_years(self, years: i32) -> Timestamp {
        let date = self.date_utc();
        let target_year = date.year + years;
        let day = date.day.min(days_in_month(target_year, date.month));
        let target = Date { year: target_year, month: date.month, day };
        Timestamp(target.days_since_epoch() * DAY + self.0.rem_euclid(DAY))
    }

    /// RFC 3339 in UTC, "YYYY-MM-DDTHH:MM:SSZ" (what outside tools take as a time).
    pub fn to_rfc3339(self) -> String {
        let secs = self.0.rem_euclid(DAY);
        format!("{}T{:02}:{:02}:{:02}Z", self.date_utc(), secs / HOUR, secs % HOUR / MINUTE, secs % MINUTE)
    }

    /// "YYYY-MM-DD HH:MM WIB", the form used in notifications.
    pub fn to_wib_string(self) -> String {
        let local = self.0 + WIB_OFFSET;
        let date = Date::from_days_since_epoch(local.div_euclid(DAY));
        let secs = local.rem_euclid(DAY);
        format!("{date} {:02}:{:02} WIB", secs / HOUR, secs % HOUR / MINUTE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_validate_and_round_trip_through_day_numbers() {
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
        for days in [-800_000, -1, 0, 1, 19_000, 20_513, 400_000] {
            assert_eq!(Date::from_days_since_epoch(days).days_since_epoch(), days);
        }
        assert_eq!(Date::from_days_since_epoch(0).to_string(), "1970-01-01");
        assert_eq!(Date::new(2026, 11, 30).map(Date::days_since_epoch), Some(20_787));
    }

    #[test]
    fn ages_and_years_count_whole_years() {
        let birth = Date::new(1968, 8, 5).unwrap();
        assert_eq!(birth.years_until(Date::new(1986, 8, 4).unwrap()), 17);
        assert_eq!(birth.years_until(Date::new(1986, 8, 5).unwrap()), 18);
        let leap = Timestamp::at_midnight_utc(Date::new(2024, 2, 29).unwrap());
        assert_eq!(leap.plus_years(2).date_utc(), Date::new(2026, 2, 28).unwrap());
        assert_eq!(Timestamp(0).to_wib_string(), "1970-01-01 07:00 WIB");
        assert_eq!(leap.plus(3_723).to_rfc3339(), "2024-02-29T01:02:03Z");
    }
}
