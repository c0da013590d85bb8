//! When a notice may go out and what it says: plain functions, tested directly.

use chrono::{DateTime, Duration, Timelike, Utc};
use samlet_api::notifications::EventKind;

/// At most one notice per person, citizen and channel in this long; what comes meanwhile
/// waits and goes in the next one.
pub const BUNDLE_WINDOW: Duration = Duration::hours(1);

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

/// Whether a person's waiting events may become a notice now: outside quiet hours, and the
/// last notice (if any) at least [`BUNDLE_WINDOW`] ago.
pub fn may_send(now: DateTime<Utc>, last_notice: Option<DateTime<Utc>>, from: u8, until: u8) -> bool {
    !quiet(now, from, until) && last_notice.is_none_or(|last| now - last >= BUNDLE_WINDOW)
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

/// The notice, in Danish and English, with nothing personal in it: no name, no subject, no
/// words from the message, only that there is something new and where to see it.
pub struct Notice {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub fn notice(items: u32, kinds: &[EventKind], base_url: &str) -> Notice {
    let only_messages = !kinds.is_empty() && kinds.iter().all(|k| *k == EventKind::Message);
    let (da, en, path) = match (items, only_messages) {
        (1, true) => (
            "Du har en ny besked i Samlet.".to_owned(),
            "You have a new message in Samlet.".to_owned(),
            "/beskeder",
        ),
        (n, true) => (
            format!("Du har {n} nye beskeder i Samlet."),
            format!("You have {n} new messages in Samlet."),
            "/beskeder",
        ),
        (1, false) => (
            "Der er nyt i Samlet.".to_owned(),
            "There is something new in Samlet.".to_owned(),
            "/",
        ),
        (n, false) => (
            format!("Der er {n} nye ting i Samlet."),
            format!("There are {n} new things in Samlet."),
            "/",
        ),
    };
    let link = format!("{}{path}", base_url.trim_end_matches('/'));
    let settings = format!("{}/notifikationer", base_url.trim_end_matches('/'));
    let text = format!(
        "{da}\nLog ind for at se det: {link}\n\n{en}\nSign in to see it: {link}\n\n\
         Du kan ændre, hvad du får besked om: {settings}\nYou can change what you are told about: {settings}\n"
    );
    let html = format!(
        "<p>{da}<br><a href=\"{link}\">Log ind for at se det</a></p>\
         <p lang=\"en\">{en}<br><a href=\"{link}\">Sign in to see it</a></p>\
         <p><a href=\"{settings}\">Skift, hvad du får besked om</a></p>"
    );
    Notice {
        subject: "Nyt i Samlet".to_owned(),
        text,
        html,
    }
}

/// The e-mail with the code that proves the address is the person's own.
pub fn code_mail(code: &str) -> Notice {
    let text = format!(
        "Din kode til Samlet er {code}\nSkriv den i Samlet for at få besked på denne e-mail. Koden gælder i 30 minutter.\n\n\
         Your code for Samlet is {code}\nEnter it in Samlet to be told at this e-mail address. The code is valid for 30 minutes.\n"
    );
    let html = format!(
        "<p>Din kode til Samlet er <strong>{code}</strong>. Skriv den i Samlet for at få besked på denne e-mail. Koden gælder i 30 minutter.</p>\
         <p lang=\"en\">Your code for Samlet is <strong>{code}</strong>. Enter it in Samlet to be told at this e-mail address. The code is valid for 30 minutes.</p>"
    );
    Notice {
        subject: format!("Din kode til Samlet: {code}"),
        text,
        html,
    }
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
    fn one_notice_an_hour_and_none_in_quiet_hours() {
        let now = danish(12);
        assert!(may_send(now, None, 21, 8));
        assert!(!may_send(now, Some(now - Duration::minutes(59)), 21, 8));
        assert!(may_send(now, Some(now - Duration::minutes(60)), 21, 8));
        assert!(!may_send(danish(22), None, 21, 8));
    }

    #[test]
    fn failures_wait_longer_each_time_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::minutes(1));
        assert_eq!(backoff(2), Duration::minutes(2));
        assert_eq!(backoff(4), Duration::minutes(8));
        assert_eq!(backoff(30), Duration::hours(1));
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
    fn a_notice_says_only_that_something_is_new_and_where() {
        let one = notice(1, &[EventKind::Message], "https://samlet.aarhus.dk/");
        assert!(one.text.contains("Du har en ny besked i Samlet."));
        assert!(one.text.contains("https://samlet.aarhus.dk/beskeder"));
        let three = notice(3, &[EventKind::Message], "https://samlet.aarhus.dk");
        assert!(three.text.contains("Du har 3 nye beskeder i Samlet."));
        assert_eq!(three.subject, "Nyt i Samlet");
    }
}
