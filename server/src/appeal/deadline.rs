//! The appeal deadline, retssikkerhedsloven § 67: four weeks from the day the citizen
//! received the decision with its appeal guidance. When a decision counts as received
//! depends on how it was delivered; those rules are configuration ([`DeliveryRules`]), and
//! this file is the one place that turns them into dates, so a change of law is one edit.
//!
//! Every date here is a Danish calendar date (Europe/Copenhagen), never a UTC one: a letter
//! made available at 00:30 Danish time on the 29th was received on the 29th.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};
use samlet_api::appeal::DeliveryChannel;

/// Days from the municipality sending a decision to the citizen counting as having
/// received it, per delivery channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeliveryRules {
    /// Digital Post counts from the day it became available in the inbox.
    pub digital_post_days: u32,
    /// A paper letter is received later; the number of days is a policy choice.
    pub letter_days: u32,
}

impl Default for DeliveryRules {
    fn default() -> Self {
        Self {
            digital_post_days: 0,
            letter_days: 5,
        }
    }
}

/// The weeks § 67 gives.
const APPEAL_WEEKS: u64 = 4;

/// The Danish day of an instant (the one conversion the app uses too).
pub use samlet_api::denmark::date as danish_date;

/// The Danish day a decision sent (or made available) at `sent_at` counts as received.
pub fn received_on(sent_at: DateTime<Utc>, channel: DeliveryChannel, rules: DeliveryRules) -> NaiveDate {
    let days = match channel {
        DeliveryChannel::DigitalPost => rules.digital_post_days,
        DeliveryChannel::Letter => rules.letter_days,
    };
    danish_date(sent_at) + Days::new(u64::from(days))
}

/// The last day an appeal is on time: four weeks after the day of receipt. A deadline that
/// falls on a Saturday, Sunday or public holiday moves to the next working day, as
/// deadlines in Danish administrative law do.
pub fn deadline(received_on: NaiveDate) -> NaiveDate {
    let mut day = received_on + Days::new(APPEAL_WEEKS * 7);
    while !is_working_day(day) {
        day = day + Days::new(1);
    }
    day
}

/// Whole days left until the deadline, counted in Danish dates: 0 on the last day itself,
/// negative once it has passed.
pub fn days_left(deadline: NaiveDate, now: DateTime<Utc>) -> i64 {
    (deadline - danish_date(now)).num_days()
}

/// The appeal was lodged on time if its Danish submission date is on or before the deadline.
pub fn is_late(deadline: NaiveDate, submitted_at: DateTime<Utc>) -> bool {
    danish_date(submitted_at) > deadline
}

fn is_working_day(day: NaiveDate) -> bool {
    !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) && !is_public_holiday(day)
}

/// Danish public holidays (helligdage). Store bededag was abolished from 2024.
/// Grundlovsdag and 24 and 31 December are not public holidays by law.
fn is_public_holiday(day: NaiveDate) -> bool {
    if matches!((day.month(), day.day()), (1, 1) | (12, 25) | (12, 26)) {
        return true;
    }
    let Some(easter) = easter_sunday(day.year()) else {
        return false;
    };
    let offset = (day - easter).num_days();
    // Skærtorsdag, langfredag, påskedag, 2. påskedag, Kristi himmelfart, pinsedag, 2. pinsedag.
    matches!(offset, -3 | -2 | 0 | 1 | 39 | 49 | 50) || (offset == 26 && day.year() <= 2023)
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    #[test]
    fn easter_is_computed_for_known_years() {
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter_sunday(2026), Some(date(2026, 4, 5)));
        assert_eq!(easter_sunday(2027), Some(date(2027, 3, 28)));
        assert_eq!(easter_sunday(2038), Some(date(2038, 4, 25)));
    }

    #[test]
    fn four_weeks_on_an_ordinary_weekday() {
        // Wednesday 4 November 2026 → Wednesday 2 December 2026.
        assert_eq!(deadline(date(2026, 11, 4)), date(2026, 12, 2));
    }

    #[test]
    fn month_ends_and_leap_years_are_plain_day_arithmetic() {
        // 31 January + 28 days: 28 February in a common year (a Saturday in 2026 → Monday 2 March).
        assert_eq!(deadline(date(2026, 1, 31)), date(2026, 3, 2));
        // In a leap year the same receipt day ends on 28 February 2028, a Monday.
        assert_eq!(deadline(date(2028, 1, 31)), date(2028, 2, 28));
        // Received on 29 February 2028 → Wednesday 28 March 2028.
        assert_eq!(deadline(date(2028, 2, 29)), date(2028, 3, 28));
        // Across the year end: 10 December 2026 → Thursday 7 January 2027.
        assert_eq!(deadline(date(2026, 12, 10)), date(2027, 1, 7));
    }

    #[test]
    fn a_deadline_on_a_weekend_or_holiday_moves_to_the_next_working_day() {
        // 28 days after 26 February 2027 is langfredag 26 March; then Saturday, påskedag and
        // 2. påskedag: the deadline is Tuesday 30 March 2027.
        assert_eq!(deadline(date(2027, 2, 26)), date(2027, 3, 30));
        // Christmas: 28 days after 27 November 2026 is Friday 25 December → Monday 28 December
        // (26 December is a holiday and a Saturday, 27 a Sunday).
        assert_eq!(deadline(date(2026, 11, 27)), date(2026, 12, 28));
        // Kristi himmelfartsdag 2026 is Thursday 14 May.
        assert_eq!(deadline(date(2026, 4, 16)), date(2026, 5, 15));
        // Store bededag counted until 2023 (5 May 2023), not after (26 April 2024 is a Friday).
        assert_eq!(deadline(date(2023, 4, 7)), date(2023, 5, 8));
        assert_eq!(deadline(date(2024, 3, 29)), date(2024, 4, 26));
    }

    #[test]
    fn receipt_is_a_danish_date_per_delivery_channel() {
        let rules = DeliveryRules::default();
        // 23:30 UTC on 28 March 2026 is 00:30 on the 29th in Copenhagen (summer time began).
        assert_eq!(
            received_on(utc(2026, 3, 28, 23, 30), DeliveryChannel::DigitalPost, rules),
            date(2026, 3, 29)
        );
        // 22:59 UTC in winter is 23:59 the same Danish day.
        assert_eq!(
            received_on(utc(2026, 1, 10, 22, 59), DeliveryChannel::DigitalPost, rules),
            date(2026, 1, 10)
        );
        assert_eq!(
            received_on(utc(2026, 1, 10, 9, 0), DeliveryChannel::Letter, rules),
            date(2026, 1, 15)
        );
        let changed = DeliveryRules {
            letter_days: 7,
            ..rules
        };
        assert_eq!(
            received_on(utc(2026, 1, 10, 9, 0), DeliveryChannel::Letter, changed),
            date(2026, 1, 17)
        );
    }

    #[test]
    fn days_left_counts_danish_days_and_the_last_day_is_on_time() {
        let last = date(2026, 12, 2);
        assert_eq!(days_left(last, utc(2026, 11, 25, 12, 0)), 7);
        assert_eq!(
            days_left(last, utc(2026, 12, 2, 22, 30)),
            0,
            "23:30 Danish time on the last day"
        );
        assert_eq!(
            days_left(last, utc(2026, 12, 2, 23, 30)),
            -1,
            "00:30 the next Danish day"
        );
        assert!(!is_late(last, utc(2026, 12, 2, 22, 59)));
        assert!(is_late(last, utc(2026, 12, 2, 23, 1)));
    }
}
