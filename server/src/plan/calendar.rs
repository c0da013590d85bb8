//! A meeting as an iCalendar file (RFC 5545) that any calendar app can import.
//! Written by hand: one event with a handful of properties needs escaping and line
//! folding, both tested below, not a calendar library.

use chrono::{DateTime, Utc};
use samlet_api::plan::Meeting;

fn ics_time(at: DateTime<Utc>) -> String {
    at.format("%Y%m%dT%H%M%SZ").to_string()
}

/// TEXT values escape backslash, semicolon, comma and newlines (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Content lines longer than 75 octets are folded with CRLF and a space (RFC 5545 3.1),
/// never inside a UTF-8 character.
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

pub fn meeting_ics(meeting: &Meeting, description: &str, now: DateTime<Utc>) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Samlet//Samlet borgerportal//DA".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:meeting-{}@samlet", meeting.id),
        format!("DTSTAMP:{}", ics_time(now)),
        format!("DTSTART:{}", ics_time(meeting.starts_at)),
        format!("DTEND:{}", ics_time(meeting.ends_at)),
        format!("SUMMARY:{}", escape(&meeting.title)),
    ];
    if let Some(location) = &meeting.location {
        lines.push(format!("LOCATION:{}", escape(location)));
    }
    if let Some(url) = &meeting.video_url {
        lines.push(format!("URL:{url}"));
    }
    if !description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape(description)));
    }
    lines.extend(["END:VEVENT".to_owned(), "END:VCALENDAR".to_owned()]);
    let mut out = String::new();
    for line in &lines {
        fold(line, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn meeting() -> Meeting {
        Meeting {
            id: 7,
            title: "Møde; om praktik, og ryg".into(),
            starts_at: Utc.with_ymd_and_hms(2026, 12, 3, 8, 0, 0).unwrap(),
            ends_at: Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
            location: Some("Jobcenter Aarhus, Værkmestergade 7".into()),
            video_url: None,
            participants: String::new(),
            bring: String::new(),
        }
    }

    #[test]
    fn an_event_has_the_required_properties_in_utc() {
        let now = Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap();
        let ics = meeting_ics(&meeting(), "Medbring: lønseddel\nDeltagere: Mette", now);
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.contains("\r\nUID:meeting-7@samlet\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20261125T120000Z\r\n"));
        assert!(ics.contains("\r\nDTSTART:20261203T080000Z\r\nDTEND:20261203T090000Z\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Møde\\; om praktik\\, og ryg\r\n"));
        assert!(ics.contains("\r\nLOCATION:Jobcenter Aarhus\\, Værkmestergade 7\r\n"));
        assert!(ics.contains("\r\nDESCRIPTION:Medbring: lønseddel\\nDeltagere: Mette\r\n"));
        assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        fold(&format!("DESCRIPTION:{}", "æ".repeat(60)), &mut out);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("DESCRIPTION:{}\r\n", "æ".repeat(60)));
    }
}
