//! Dates and times as a Danish (or English) reader expects them, in Danish time.
//!
//! Formatted here rather than by the browser's `Intl`: the first date `Intl` formats on a
//! page costs a slow phone some 150 ms of blocked main thread (loading the locale's and the
//! time zone's data), measured on the plan page. Two languages, twelve months and seven
//! weekdays are little code and no tables; Denmark's one summer-time rule is in the shared
//! crate (`samlet_api::denmark`), which the server uses too.
//!
//! An instant (`DateTime<Utc>`) is shown with [`date_time`], [`time`] or [`day`], which
//! convert to Danish time first; [`date`] is only for calendar dates that are Danish
//! already (a deadline, a target date), never for `at.date_naive()`, the UTC day.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use samlet_api::denmark::{self, MONTHS_DA, MONTHS_EN};

use crate::i18n::Lang;

const WEEKDAYS_DA: [&str; 7] = [
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",
];
const WEEKDAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn month(day: NaiveDate, lang: Lang) -> &'static str {
    let months = match lang {
        Lang::Da => &MONTHS_DA,
        Lang::En => &MONTHS_EN,
    };
    months[day.month0() as usize]
}

fn weekday(day: NaiveDate, lang: Lang) -> &'static str {
    let weekdays = match lang {
        Lang::Da => &WEEKDAYS_DA,
        Lang::En => &WEEKDAYS_EN,
    };
    weekdays[day.weekday().num_days_from_monday() as usize]
}

/// "torsdag den 3. december kl. 09.00"
pub fn date_time(at: DateTime<Utc>, lang: Lang) -> String {
    let local = denmark::wall_clock(at);
    let day = local.date();
    let (before_day, after_day, before_clock) = match lang {
        Lang::Da => (" den ", ". ", " kl. "),
        Lang::En => (" ", " ", " at "),
    };
    format!(
        "{}{before_day}{}{after_day}{}{before_clock}{}",
        weekday(day, lang),
        day.day(),
        month(day, lang),
        clock(local, lang)
    )
}

/// "09.00"
pub fn time(at: DateTime<Utc>, lang: Lang) -> String {
    clock(denmark::wall_clock(at), lang).to_string()
}

/// The hour and minute as Danes write them ("09.00") or the English do ("09:00").
fn clock(local: NaiveDateTime, lang: Lang) -> impl std::fmt::Display {
    let separator = match lang {
        Lang::Da => '.',
        Lang::En => ':',
    };
    let (hour, minute) = (local.hour(), local.minute());
    std::fmt::from_fn(move |f| write!(f, "{hour:02}{separator}{minute:02}"))
}

/// The Danish day of an instant: "1. juli 2026" for 22:30 UTC on 30 June in summer.
pub fn day(at: DateTime<Utc>, lang: Lang) -> String {
    date(denmark::date(at), lang)
}

/// A calendar date: "3. december 2026".
pub fn date(day: NaiveDate, lang: Lang) -> String {
    let after_day = match lang {
        Lang::Da => ". ",
        Lang::En => " ",
    };
    format!("{}{after_day}{} {}", day.day(), month(day, lang), day.year())
}

/// Today's date in Denmark: what a date field's "today" means to the server, whatever the
/// browser's own time zone.
pub fn danish_today() -> NaiveDate {
    denmark::date(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn a_winter_meeting_reads_in_danish_and_english() {
        let at = utc("2026-12-03T08:00:00Z");
        assert_eq!(date_time(at, Lang::Da), "torsdag den 3. december kl. 09.00");
        assert_eq!(date_time(at, Lang::En), "Thursday 3 December at 09:00");
        assert_eq!(time(at, Lang::Da), "09.00");
        assert_eq!(time(at, Lang::En), "09:00");
    }

    #[test]
    fn summer_time_is_two_hours_ahead_from_the_last_sunday_of_march_to_that_of_october() {
        // 2026: summer time from 29 March 01:00 UTC to 25 October 01:00 UTC.
        assert_eq!(time(utc("2026-03-29T00:59:00Z"), Lang::Da), "01.59");
        assert_eq!(time(utc("2026-03-29T01:00:00Z"), Lang::Da), "03.00");
        assert_eq!(time(utc("2026-10-25T00:59:00Z"), Lang::Da), "02.59");
        assert_eq!(time(utc("2026-10-25T01:00:00Z"), Lang::Da), "02.00");
        assert_eq!(
            date_time(utc("2026-06-30T22:30:00Z"), Lang::Da),
            "onsdag den 1. juli kl. 00.30"
        );
    }

    #[test]
    fn a_date_is_day_month_year() {
        let day = NaiveDate::from_ymd_opt(2027, 1, 5).unwrap();
        assert_eq!(date(day, Lang::Da), "5. januar 2027");
        assert_eq!(date(day, Lang::En), "5 January 2027");
    }

    #[test]
    fn the_day_of_an_instant_is_its_danish_day() {
        assert_eq!(super::day(utc("2026-06-30T22:30:00Z"), Lang::Da), "1. juli 2026");
        assert_eq!(super::day(utc("2026-06-30T21:59:00Z"), Lang::En), "30 June 2026");
        assert_eq!(
            super::day(utc("2026-12-31T23:00:00Z"), Lang::Da),
            "1. januar 2027"
        );
    }
}
