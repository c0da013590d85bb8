//! When a notice may go out and what it says: plain functions, tested directly.

use chrono::{DateTime, Duration, Timelike, Utc};
use samlet_api::notifications::EventKind;

/// A notice that still fails after this long is given up and shown as failed.
pub const GIVE_UP_AFTER: Duration = Duration::days(1);

/// Whether `now` is within quiet hours `from`–`until` (Danish time, whole hours; the span
/// may pass midnight, as the default 21–8 does). Equal hours mean no quiet hours.
pub fn quiet(now: DateTime<Utc>, from: u8, until: u8) -> bool {
    let hour = samlet_api::denmark::wall_clock(now).hour() as u8;
    if from == until {
        false
    } else if from < until {
        from <= hour && hour < until
    } else {
        hour >= from || hour < until
    }
}

/// When quiet hours that hold at `now` end: the first whole hour after `now` that is not
/// quiet (Denmark's offset is whole hours, so whole UTC hours are whole Danish hours).
pub fn quiet_end(now: DateTime<Utc>, from: u8, until: u8) -> DateTime<Utc> {
    let hour_start = now
        .with_minute(0)
        .and_then(|t| t.with_second(0))
        .and_then(|t| t.with_nanosecond(0))
        .unwrap_or(now);
    (1..=24)
        .map(|h| hour_start + Duration::hours(h))
        .find(|at| !quiet(*at, from, until))
        .unwrap_or(now)
}

/// Whether a person's waiting events may become a notice now: outside quiet hours, and the
/// last notice (if any) at least `bundle` ago (`--notice-bundle-minutes`, an hour by default).
pub fn may_send(
    now: DateTime<Utc>,
    last_notice: Option<DateTime<Utc>>,
    from: u8,
    until: u8,
    bundle: Duration,
) -> bool {
    !quiet(now, from, until) && last_notice.is_none_or(|last| now - last >= bundle)
}

/// How long to wait before the next try after `attempts` failed ones: 1, 2, 4 … minutes,
/// at most an hour.
pub fn backoff(attempts: u32) -> Duration {
    Duration::minutes(1i64 << attempts.saturating_sub(1).min(6)).min(Duration::hours(1))
}

/// A quiet-hours setting is whole hours of the day.
pub fn valid_hours(from: u8, until: u8) -> bool {
    from < 24 && until < 24
}

/// An address notices can go to: one `@` with something on both sides, a dot in the
/// domain, no spaces, and not absurdly long. The code sent to it proves the rest.
pub fn valid_email(address: &str) -> bool {
    let Some((local, domain)) = address.split_once('@') else {
        return false;
    };
    address.len() <= 254
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A kind told once per burst: while one waits for its notice, more of it add nothing
/// ("Planen er ændret" once, not once per goal a case system rewrote).
pub fn once_per_burst(kind: EventKind) -> bool {
    kind == EventKind::PlanChanged
}

/// A message from the contact goes by e-mail alone to someone who has both e-mail and SMS,
/// and by SMS once more if it is still unread after [`UNREAD_BY_SMS_AFTER`]: the most
/// frequent notice does not cost an SMS each time, and nobody misses an answer.
pub fn email_first(kind: EventKind) -> bool {
    kind == EventKind::Message
}

/// How long a message may stay unread before its SMS follows the e-mail.
pub const UNREAD_BY_SMS_AFTER: Duration = Duration::days(3);

/// Reminders go out from 9 o'clock, Danish time ("a meeting tomorrow" the day before at 9).
pub fn reminder_time(now: DateTime<Utc>) -> bool {
    samlet_api::denmark::wall_clock(now).hour() >= 9
}

/// Which reminder an appeal deadline `days_left` away calls for: the one 7 days before,
/// then the one 2 days before (each sent once; a server that was down on the day sends it
/// late rather than never), none once the deadline has passed.
pub fn deadline_reminder(days_left: i64) -> Option<u8> {
    match days_left {
        0..=2 => Some(2),
        3..=7 => Some(7),
        _ => None,
    }
}

/// A mobile number as SMS providers take it: `+` and the country code. Eight digits are a
/// Danish number (+45); spaces, dashes, dots and brackets are ignored, and `00` means `+`.
pub fn phone(typed: &str) -> Option<String> {
    let compact: String = typed
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let digits = if let Some(rest) = compact.strip_prefix('+') {
        rest.to_owned()
    } else if let Some(rest) = compact.strip_prefix("00") {
        rest.to_owned()
    } else if compact.len() == 8 {
        format!("45{compact}")
    } else {
        return None;
    };
    ((9..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("+{digits}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// 2026-12-02 at `hour` o'clock in Copenhagen (UTC+1 in winter).
    fn danish(hour: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, hour, 0, 0).unwrap() - Duration::hours(1)
    }

    #[test]
    fn quiet_hours_pass_midnight_and_are_danish_time() {
        assert!(quiet(danish(21), 21, 8));
        assert!(quiet(danish(23), 21, 8));
        assert!(quiet(danish(3), 21, 8));
        assert!(quiet(danish(7), 21, 8));
        assert!(!quiet(danish(8), 21, 8));
        assert!(!quiet(danish(20), 21, 8));
        assert!(quiet(danish(13), 12, 14));
        assert!(!quiet(danish(14), 12, 14));
        assert!(!quiet(danish(3), 8, 8), "equal hours: never quiet");
    }

    #[test]
    fn quiet_hours_end_at_their_last_hour() {
        assert_eq!(
            quiet_end(danish(22) + Duration::minutes(17), 21, 8),
            danish(8) + Duration::days(1)
        );
        assert_eq!(quiet_end(danish(3), 21, 8), danish(8));
        assert_eq!(quiet_end(danish(13), 12, 14), danish(14));
    }

    #[test]
    fn one_notice_an_hour_and_none_in_quiet_hours() {
        let now = danish(12);
        assert!(may_send(now, None, 21, 8, Duration::hours(1)));
        assert!(!may_send(
            now,
            Some(now - Duration::minutes(59)),
            21,
            8,
            Duration::hours(1)
        ));
        assert!(may_send(
            now,
            Some(now - Duration::minutes(60)),
            21,
            8,
            Duration::hours(1)
        ));
        // A municipality's own window (`--notice-bundle-minutes 15`).
        assert!(may_send(
            now,
            Some(now - Duration::minutes(15)),
            21,
            8,
            Duration::minutes(15)
        ));
        assert!(!may_send(
            now,
            Some(now - Duration::minutes(14)),
            21,
            8,
            Duration::minutes(15)
        ));
        assert!(!may_send(danish(22), None, 21, 8, Duration::hours(1)));
    }

    #[test]
    fn failures_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(30), Duration::hours(1));
    }

    #[test]
    fn a_mobile_number_is_written_with_its_country_code() {
        assert_eq!(phone("12 34 56 78").as_deref(), Some("+4512345678"));
        assert_eq!(phone("+45 12-34-56-78").as_deref(), Some("+4512345678"));
        assert_eq!(phone("0046 70 123 45 67").as_deref(), Some("+46701234567"));
        assert_eq!(phone("1234567"), None);
        assert_eq!(phone("12 34 56 7a"), None);
        assert_eq!(phone("+45 12"), None);
    }

    #[test]
    fn an_address_is_checked_for_its_shape_only() {
        assert!(valid_email("jens@example.dk"));
        assert!(!valid_email("jens.example.dk"));
        assert!(!valid_email("jens@dk"));
        assert!(!valid_email("jens @example.dk"));
        assert!(!valid_email("@example.dk"));
        assert!(!valid_email("jens@example.dk."));
    }

    #[test]
    fn plan_changes_are_told_once_per_burst_and_messages_each() {
        assert!(once_per_burst(EventKind::PlanChanged));
        assert!(!once_per_burst(EventKind::Message));
    }

    #[test]
    fn reminders_from_nine_danish_time() {
        assert!(!reminder_time(danish(8) + Duration::minutes(59)));
        assert!(reminder_time(danish(9)));
        assert!(reminder_time(danish(20)));
    }

    #[test]
    fn a_deadline_is_reminded_at_seven_days_then_at_two() {
        assert_eq!(deadline_reminder(8), None);
        assert_eq!(deadline_reminder(7), Some(7));
        assert_eq!(deadline_reminder(3), Some(7));
        assert_eq!(deadline_reminder(2), Some(2));
        assert_eq!(deadline_reminder(0), Some(2));
        assert_eq!(deadline_reminder(-1), None);
    }
}
