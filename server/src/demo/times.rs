//! The demo seed is written with SQLite's date functions (`date('now', '+30 days')`,
//! `strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+2 days', '+13 hours')`), so it
//! reads as plain SQL and loads by hand with `sqlite3`. PostgreSQL has no such functions,
//! so the loader computes each call here and puts the literal in its place: both databases
//! get exactly the same rows.
//!
//! One modifier is ours, not SQLite's: `'+5 working days'` counts Monday to Friday only, so
//! the demo's meetings at the jobcentre never fall on a weekend.

use chrono::{DateTime, Datelike, Days, Duration, Months, Utc, Weekday};

use crate::error::AppError;

/// `sql` with every `date(…)` and `strftime(…)` call replaced by its value at `now`.
pub fn render(sql: &str, now: DateTime<Utc>) -> Result<String, AppError> {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some((start, name)) = next_call(rest) {
        out.push_str(&rest[..start]);
        let after_paren = start + name.len() + 1;
        let close = rest[after_paren..]
            .find(')')
            .ok_or_else(|| seed_error(format!("{name}( without )")))?;
        let args = arguments(&rest[after_paren..after_paren + close])?;
        let (format, modifiers) = match name {
            "date" => ("%Y-%m-%d", &args[..]),
            _ => match args.split_first() {
                Some((format, modifiers)) => (format.as_str(), modifiers),
                None => return Err(seed_error("strftime() needs a format".into())),
            },
        };
        let at = evaluate(modifiers, now)?;
        out.push('\'');
        out.push_str(&at.format(format).to_string());
        out.push('\'');
        rest = &rest[after_paren + close + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The next `date(` or `strftime(` that is a call, not part of a longer word.
fn next_call(sql: &str) -> Option<(usize, &'static str)> {
    ["date", "strftime"]
        .into_iter()
        .filter_map(|name| {
            let mut from = 0;
            while let Some(found) = sql[from..].find(&format!("{name}(")) {
                let at = from + found;
                let word_before = sql[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if !word_before {
                    return Some((at, name));
                }
                from = at + name.len();
            }
            None
        })
        .min_by_key(|&(at, _)| at)
}

/// `'a', 'b'` as `["a", "b"]`: the seed's calls take only quoted literals.
fn arguments(list: &str) -> Result<Vec<String>, AppError> {
    list.split(',')
        .map(|arg| {
            let arg = arg.trim();
            arg.strip_prefix('\'')
                .and_then(|a| a.strip_suffix('\''))
                .map(str::to_owned)
                .ok_or_else(|| seed_error(format!("not a quoted literal: {arg}")))
        })
        .collect()
}

/// `'now'` followed by SQLite modifiers: `start of day`, and `±N day(s)`, `hour(s)`,
/// `year(s)`; and `±N working day(s)`, which skips Saturdays and Sundays.
fn evaluate(modifiers: &[String], now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    let (first, modifiers) = modifiers
        .split_first()
        .ok_or_else(|| seed_error("a time needs 'now'".into()))?;
    if first != "now" {
        return Err(seed_error(format!("only 'now' is supported, not {first:?}")));
    }
    modifiers.iter().try_fold(now, |at, modifier| {
        if modifier == "start of day" {
            return Ok(at.date_naive().and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
        }
        let (amount, unit) = modifier
            .split_once(' ')
            .ok_or_else(|| seed_error(format!("unknown modifier {modifier:?}")))?;
        let amount: i64 = amount
            .parse()
            .map_err(|_| seed_error(format!("not a number in {modifier:?}")))?;
        let shifted = match unit.trim_end_matches('s') {
            "day" => shift_days(at, amount),
            "working day" => Some(shift_working_days(at, amount)),
            "hour" => at.checked_add_signed(Duration::hours(amount)),
            "year" => u32::try_from(amount.unsigned_abs() * 12).ok().and_then(|months| {
                if amount < 0 {
                    at.checked_sub_months(Months::new(months))
                } else {
                    at.checked_add_months(Months::new(months))
                }
            }),
            _ => return Err(seed_error(format!("unknown unit in {modifier:?}"))),
        };
        shifted.ok_or_else(|| seed_error(format!("{modifier:?} is out of range")))
    })
}

fn shift_days(at: DateTime<Utc>, days: i64) -> Option<DateTime<Utc>> {
    let n = Days::new(days.unsigned_abs());
    if days < 0 {
        at.checked_sub_days(n)
    } else {
        at.checked_add_days(n)
    }
}

/// `days` weekdays later (or earlier); from a Saturday or Sunday, the first step lands on a
/// weekday.
fn shift_working_days(mut at: DateTime<Utc>, days: i64) -> DateTime<Utc> {
    let step = if days < 0 {
        -Duration::days(1)
    } else {
        Duration::days(1)
    };
    let mut left = days.unsigned_abs();
    while left > 0 {
        at += step;
        if !matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    at
}

fn seed_error(message: String) -> AppError {
    AppError::Corrupt(format!("demo seed: {message}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 7, 30, 15).unwrap()
    }

    #[test]
    fn dates_and_times_become_literals() {
        let sql = "VALUES (date('now', '+30 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+2 days', '+13 hours'), \
                   'KL-' || strftime('%Y', 'now', '-10 days'), date('now', '-10 days', '+28 days'), date('now', '+2 years'), updated_date)";
        assert_eq!(
            render(sql, now()).unwrap(),
            "VALUES ('2026-12-26', '2026-11-28T13:00:00Z', 'KL-' || '2026', '2026-12-14', '2028-11-26', updated_date)"
        );
    }

    #[test]
    fn the_bare_now_is_the_current_second() {
        assert_eq!(
            render("strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", now()).unwrap(),
            "'2026-11-26T07:30:15Z'"
        );
    }

    #[test]
    fn working_days_skip_weekends_so_no_meeting_falls_on_a_sunday() {
        // 2026-11-26 is a Thursday: one working day is Friday, two is Monday.
        assert_eq!(
            render("date('now', '+1 working days')", now()).unwrap(),
            "'2026-11-27'"
        );
        assert_eq!(
            render("date('now', '+2 working days')", now()).unwrap(),
            "'2026-11-30'"
        );
        assert_eq!(
            render("date('now', '-4 working days')", now()).unwrap(),
            "'2026-11-20'"
        );
        for start in 0..7 {
            let from = now() + Duration::days(start);
            for days in [-14, 1, 5, 8, 12] {
                let day = shift_working_days(from, days).weekday();
                assert!(!matches!(day, Weekday::Sat | Weekday::Sun), "{from} {days}");
            }
        }
    }

    #[test]
    fn what_it_cannot_compute_is_an_error_not_a_guess() {
        assert!(render("date('2026-01-01')", now()).is_err());
        assert!(render("date('now', '+3 fortnights')", now()).is_err());
        assert!(render("date('now'", now()).is_err());
    }
}
