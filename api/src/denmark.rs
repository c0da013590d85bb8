//! Danish time, for the server and the app alike: every date or clock a citizen sees is
//! converted from UTC here, once.
//!
//! Denmark is UTC+1, and UTC+2 in EU summer time. The rule is written out rather than
//! read from the tz database: `chrono-tz` would add its tables to the app's wasm, which
//! every citizen downloads. The tests check the rule against `chrono-tz` (a
//! dev-dependency only) for every hour from 2000 to 2100 (to the end of 2099, where
//! chrono-tz's tables end).

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// The months as a Danish reader writes them ("3. januar 2027"); the app and the server's
/// notices both use them.
pub const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The last Sunday of a month that has 31 days (March and October), at 01:00 UTC: when
/// summer time starts and ends in the EU (directive 2000/84/EC).
fn last_sunday_1am_utc(year: i32, month: u32) -> Option<NaiveDateTime> {
    let last = NaiveDate::from_ymd_opt(year, month, 31)?;
    NaiveDate::from_ymd_opt(year, month, 31 - last.weekday().num_days_from_sunday())?.and_hms_opt(1, 0, 0)
}

/// How far Denmark is ahead of UTC at `at`, in seconds: 7200 in summer time, else 3600.
pub fn utc_offset_seconds(at: DateTime<Utc>) -> i64 {
    let utc = at.naive_utc();
    let summer = match (
        last_sunday_1am_utc(utc.year(), 3),
        last_sunday_1am_utc(utc.year(), 10),
    ) {
        (Some(starts), Some(ends)) => starts <= utc && utc < ends,
        _ => false,
    };
    if summer { 7200 } else { 3600 }
}

/// The wall-clock time in Denmark at `at`.
pub fn wall_clock(at: DateTime<Utc>) -> NaiveDateTime {
    let utc = at.naive_utc();
    TimeDelta::new(utc_offset_seconds(at), 0)
        .and_then(|offset| utc.checked_add_signed(offset))
        .unwrap_or(utc)
}

/// The Danish calendar day at `at`: what "today", "received on" or "updated on" mean to
/// a citizen (never `at.date_naive()`, which is the UTC day).
pub fn date(at: DateTime<Utc>) -> NaiveDate {
    wall_clock(at).date()
}

/// The first instant of a Danish day, in UTC. Local midnight is 22:00 or 23:00 UTC the
/// day before, never within an hour of a change of offset (01:00 UTC), so the offset an
/// hour before midnight-as-if-UTC is the offset at local midnight.
pub fn start_of_day(day: NaiveDate) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc();
    let offset = TimeDelta::new(utc_offset_seconds(midnight - TimeDelta::hours(1)), 0).unwrap_or_default();
    midnight - offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Offset, TimeZone};
    use chrono_tz::Europe::Copenhagen;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn summer_time_runs_from_the_last_sunday_of_march_to_that_of_october_at_one_utc() {
        // 2026: from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(utc_offset_seconds(utc("2026-03-29T00:59:59Z")), 3600);
        assert_eq!(utc_offset_seconds(utc("2026-03-29T01:00:00Z")), 7200);
        assert_eq!(utc_offset_seconds(utc("2026-10-25T00:59:59Z")), 7200);
        assert_eq!(utc_offset_seconds(utc("2026-10-25T01:00:00Z")), 3600);
        assert_eq!(
            wall_clock(utc("2026-06-30T22:30:00Z")).to_string(),
            "2026-07-01 00:30:00"
        );
        assert_eq!(date(utc("2026-06-30T22:30:00Z")).to_string(), "2026-07-01");
        assert_eq!(date(utc("2026-12-31T23:30:00Z")).to_string(), "2027-01-01");
        assert_eq!(date(utc("2026-12-31T22:59:59Z")).to_string(), "2026-12-31");
    }

    // Up to the end of 2099: chrono-tz's tables stop there (its last change of offset is
    // October 2099; it has no summer time from 2100 on), while the EU rule goes on.

    #[test]
    fn the_rule_equals_the_tz_database_for_every_hour_from_2000_to_2100() {
        let mut at = utc("2000-01-01T00:00:00Z");
        let end = utc("2100-01-01T00:00:00Z");
        let mut hours = 0;
        while at < end {
            let copenhagen = at.with_timezone(&Copenhagen);
            let expected = i64::from(copenhagen.offset().fix().local_minus_utc());
            assert_eq!(utc_offset_seconds(at), expected, "offset at {at}");
            assert_eq!(wall_clock(at), copenhagen.naive_local(), "wall clock at {at}");
            assert_eq!(date(at), copenhagen.date_naive(), "date at {at}");
            at += TimeDelta::hours(1);
            hours += 1;
        }
        assert_eq!(hours, 876_600);
    }

    #[test]
    fn a_danish_day_starts_at_local_midnight_for_every_day_from_2000_to_2100() {
        let mut day = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2100, 1, 1).unwrap();
        while day < end {
            let midnight = day.and_hms_opt(0, 0, 0).unwrap();
            let expected = Copenhagen
                .from_local_datetime(&midnight)
                .single()
                .unwrap()
                .with_timezone(&Utc);
            assert_eq!(start_of_day(day), expected, "start of {day}");
            day = day.succ_opt().unwrap();
        }
        assert_eq!(
            start_of_day(NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()),
            utc("2026-01-09T23:00:00Z")
        );
        assert_eq!(
            start_of_day(NaiveDate::from_ymd_opt(2026, 7, 10).unwrap()),
            utc("2026-07-09T22:00:00Z")
        );
    }
}
