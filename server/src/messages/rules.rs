//! What a message must be before it is stored, and how a thread's state reads.

use chrono::NaiveDate;
use samlet_api::messages::{MESSAGE_MAX_ATTACHMENTS, MESSAGE_MAX_CHARS, SUBJECT_MAX_CHARS, Side, Turn};

use crate::error::MessageRefusal;

/// A message fit to send: some text (white space alone is none), within the limit, and
/// at most ten documents, none twice.
pub fn check_message(body: &str, document_ids: &[i64]) -> Result<(), MessageRefusal> {
    if body.trim().is_empty() {
        return Err(MessageRefusal::Empty);
    }
    if body.chars().count() > MESSAGE_MAX_CHARS {
        return Err(MessageRefusal::TooLong);
    }
    if document_ids.len() > MESSAGE_MAX_ATTACHMENTS {
        return Err(MessageRefusal::TooManyAttachments);
    }
    let mut seen = document_ids.to_vec();
    seen.sort_unstable();
    seen.dedup();
    if seen.len() != document_ids.len() {
        return Err(MessageRefusal::UnknownDocument);
    }
    Ok(())
}

/// A new thread's subject: the one written, or else the message's first line, so the list
/// never shows an empty line. Cut to the limit at a character boundary.
pub fn subject(written: &str, body: &str) -> String {
    let chosen = match written.trim() {
        "" => body.trim().lines().next().unwrap_or_default().trim(),
        subject => subject,
    };
    if chosen.chars().count() <= SUBJECT_MAX_CHARS {
        return chosen.to_owned();
    }
    let mut cut: String = chosen.chars().take(SUBJECT_MAX_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// Whose turn it is: a closed thread waits for nobody; otherwise the side that did not
/// write last.
pub fn turn(last: Side, closed: bool) -> Turn {
    match (closed, last) {
        (true, _) => Turn::Closed,
        (false, Side::Citizen) => Turn::Municipality,
        (false, Side::Municipality) => Turn::Citizen,
    }
}

/// The caseworker a citizen's message goes to on `today`: the stand-in within the period
/// they stand in, else the coordinator.
pub fn addressee(coordinator: i64, stand_in: Option<(i64, NaiveDate, NaiveDate)>, today: NaiveDate) -> i64 {
    match stand_in {
        Some((id, from, until)) if crate::contact::stands_in(from, until, today) => id,
        _ => coordinator,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_has_text_within_the_limit_and_at_most_ten_documents() {
        assert_eq!(check_message(" \n ", &[]), Err(MessageRefusal::Empty));
        assert_eq!(
            check_message(&"æ".repeat(MESSAGE_MAX_CHARS + 1), &[]),
            Err(MessageRefusal::TooLong)
        );
        assert_eq!(check_message(&"æ".repeat(MESSAGE_MAX_CHARS), &[]), Ok(()));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(
            check_message("Hej", &eleven),
            Err(MessageRefusal::TooManyAttachments)
        );
        assert_eq!(check_message("Hej", &eleven[..10]), Ok(()));
        assert_eq!(
            check_message("Hej", &[3, 3]),
            Err(MessageRefusal::UnknownDocument)
        );
    }

    #[test]
    fn a_thread_without_a_subject_takes_the_first_line() {
        assert_eq!(subject("", "  Hej Mette\nJeg har et spørgsmål"), "Hej Mette");
        assert_eq!(subject(" Praktik ", "x"), "Praktik");
        let long = subject(&"ø".repeat(200), "");
        assert_eq!(long.chars().count(), SUBJECT_MAX_CHARS);
        assert!(long.ends_with('…'));
    }

    #[test]
    fn the_turn_is_the_other_sides_until_the_thread_is_closed() {
        assert_eq!(turn(Side::Citizen, false), Turn::Municipality);
        assert_eq!(turn(Side::Municipality, false), Turn::Citizen);
        assert_eq!(turn(Side::Citizen, true), Turn::Closed);
    }

    #[test]
    fn the_stand_in_gets_messages_only_within_their_period() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        let stand_in = Some((2, day(2), day(14)));
        assert_eq!(addressee(1, stand_in, day(1)), 1);
        assert_eq!(addressee(1, stand_in, day(2)), 2);
        assert_eq!(addressee(1, stand_in, day(14)), 2);
        assert_eq!(addressee(1, stand_in, day(15)), 1);
        assert_eq!(addressee(1, None, day(5)), 1);
    }
}
