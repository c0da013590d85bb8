//! What a notice says, in Danish and English: nothing personal (no name, no subject, no
//! words from a message, no title of a decision), only what kind of thing is new, a date
//! where the date is the point (an appeal deadline), and where to see it.

use chrono::{Datelike, NaiveDate};
use samlet_api::denmark::{MONTHS_DA, MONTHS_EN};
use samlet_api::notifications::{EVENT_KINDS, EventKind, Language};

pub struct Notice {
    pub subject: String,
    pub text: String,
    pub html: String,
    /// For SMS: Danish only and short (an SMS is paid per 160 characters), with the link.
    pub short: String,
}

/// One announced event, as the notice needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    pub kind: EventKind,
    pub on_date: Option<NaiveDate>,
}

fn date_da(day: NaiveDate) -> String {
    format!(
        "{}. {} {}",
        day.day(),
        MONTHS_DA[day.month0() as usize],
        day.year()
    )
}

fn date_en(day: NaiveDate) -> String {
    format!(
        "{} {} {}",
        day.day(),
        MONTHS_EN[day.month0() as usize],
        day.year()
    )
}

/// "a og b" / "a and b".
fn list(dates: &[NaiveDate], format: fn(NaiveDate) -> String, and: &str) -> String {
    let dates: Vec<String> = dates.iter().map(|d| format(*d)).collect();
    match dates.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} {and} {last}", rest.join(", ")),
        _ => dates.concat(),
    }
}

/// One line per kind, in Danish and English, for `n` events with these dates.
fn line(kind: EventKind, n: usize, dates: &[NaiveDate]) -> (String, String) {
    let da_dates = list(dates, date_da, "og");
    let en_dates = list(dates, date_en, "and");
    let one = n == 1;
    match kind {
        EventKind::Message if one => ("Du har en ny besked.".into(), "You have a new message.".into()),
        EventKind::Message => (
            format!("Du har {n} nye beskeder."),
            format!("You have {n} new messages."),
        ),
        EventKind::PlanChanged => ("Planen er ændret.".into(), "The plan has changed.".into()),
        EventKind::Decision if one => (
            format!("Der er kommet en ny afgørelse. Fristen for at klage er {da_dates}."),
            format!("A new decision has arrived. The deadline to appeal is {en_dates}."),
        ),
        EventKind::Decision => (
            format!("Der er kommet {n} nye afgørelser. Fristen for at klage er {da_dates}."),
            format!("{n} new decisions have arrived. The deadline to appeal is {en_dates}."),
        ),
        EventKind::AppealStatus => (
            "Der er nyt om en klage.".into(),
            "There is news about an appeal.".into(),
        ),
        EventKind::DocumentReceived if one => (
            "Kommunen har modtaget et dokument.".into(),
            "The municipality has received a document.".into(),
        ),
        EventKind::DocumentReceived => (
            format!("Kommunen har modtaget {n} dokumenter."),
            format!("The municipality has received {n} documents."),
        ),
        EventKind::MeetingTomorrow if one => (
            "Der er et møde i morgen.".into(),
            "There is a meeting tomorrow.".into(),
        ),
        EventKind::MeetingTomorrow => (
            format!("Der er {n} møder i morgen."),
            format!("There are {n} meetings tomorrow."),
        ),
        EventKind::DeadlineSoon => (
            format!("Husk fristen for at klage over en afgørelse: {da_dates}."),
            format!("Remember the deadline to appeal a decision: {en_dates}."),
        ),
    }
}

/// Where the notice's link goes: the page of what it is about, or the front page when it
/// is about several things.
fn page(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Message => "/beskeder",
        EventKind::PlanChanged | EventKind::MeetingTomorrow => "/plan",
        EventKind::Decision | EventKind::AppealStatus | EventKind::DeadlineSoon => "/afgoerelser",
        EventKind::DocumentReceived => "/dokumenter",
    }
}

/// The notice for `items`, in the person's language. `turn_off` is the link that turns
/// these kinds off without signing in (none in Digital Post, which always announces a
/// decision).
pub fn notice(items: &[Item], base_url: &str, turn_off: Option<&str>, language: Language) -> Notice {
    let base = base_url.trim_end_matches('/');
    let mut lines = Vec::new();
    let mut pages = Vec::new();
    for kind in EVENT_KINDS {
        let of_kind: Vec<&Item> = items.iter().filter(|i| i.kind == kind).collect();
        if of_kind.is_empty() {
            continue;
        }
        let mut dates: Vec<NaiveDate> = of_kind.iter().filter_map(|i| i.on_date).collect();
        dates.sort();
        dates.dedup();
        let (da, en) = line(kind, of_kind.len(), &dates);
        lines.push(match language {
            Language::Da => da,
            Language::En => en,
        });
        pages.push(page(kind));
    }
    pages.dedup();
    let link = match pages.as_slice() {
        [one] => format!("{base}{one}"),
        _ => format!("{base}/"),
    };
    let words = match language {
        Language::Da => Words {
            subject: "Nyt i Samlet",
            heading: "Der er nyt til dig i Samlet.",
            sign_in: "Log ind for at se det",
            stop: "Få ikke flere af den slags",
            choose: "Vælg, hvad du får besked om",
            see: "Se",
        },
        Language::En => Words {
            subject: "News in Samlet",
            heading: "There is something new for you in Samlet.",
            sign_in: "Sign in to see it",
            stop: "Stop notices like this",
            choose: "Choose what you are told about",
            see: "See",
        },
    };
    let Words {
        subject,
        heading,
        sign_in,
        stop,
        choose,
        see,
    } = words;
    let settings = format!("{base}/notifikationer");
    let (stop_text, stop_html) = match turn_off {
        Some(turn_off) => (
            format!("{stop}: {turn_off}\n"),
            format!("<a href=\"{turn_off}\">{stop}</a> · "),
        ),
        None => (String::new(), String::new()),
    };
    let text = format!(
        "{heading}\n{}\n{sign_in}: {link}\n\n{stop_text}{choose}: {settings}\n",
        lines.join("\n"),
    );
    let html = format!(
        "<p>{heading}</p><ul>{}</ul><p><a href=\"{link}\">{sign_in}</a></p><p>{stop_html}<a href=\"{settings}\">{choose}</a></p>",
        lines.iter().map(|l| format!("<li>{l}</li>")).collect::<String>(),
    );
    let short = match turn_off {
        Some(turn_off) => format!("Samlet: {} {see} {link} Stop: {turn_off}", lines.join(" ")),
        None => format!("Samlet: {} {see} {link}", lines.join(" ")),
    };
    Notice {
        subject: subject.to_owned(),
        text,
        html,
        short,
    }
}

/// A notice's fixed words in one language.
struct Words {
    subject: &'static str,
    heading: &'static str,
    sign_in: &'static str,
    stop: &'static str,
    choose: &'static str,
    see: &'static str,
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
        short: format!(
            "Din kode til Samlet er {code}. Den gælder i 30 minutter. Your code for Samlet is {code}."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: EventKind) -> Item {
        Item { kind, on_date: None }
    }

    #[test]
    fn a_message_alone_links_to_the_messages() {
        let one = notice(
            &[item(EventKind::Message)],
            "https://samlet.aarhus.dk/",
            Some("https://x/afmeld/t"),
            Language::Da,
        );
        assert!(one.text.contains("Du har en ny besked."));
        assert!(
            one.text
                .contains("Log ind for at se det: https://samlet.aarhus.dk/beskeder")
        );
        assert!(one.text.contains("https://x/afmeld/t"));
        assert_eq!(one.subject, "Nyt i Samlet");
        let three = notice(
            &[item(EventKind::Message); 3],
            "https://samlet.aarhus.dk",
            Some("t"),
            Language::Da,
        );
        assert!(three.text.contains("Du har 3 nye beskeder."));
    }

    #[test]
    fn a_bundle_has_a_line_per_kind_and_links_to_the_front_page() {
        let deadline = NaiveDate::from_ymd_opt(2027, 1, 4).unwrap();
        let bundle = notice(
            &[
                item(EventKind::PlanChanged),
                Item {
                    kind: EventKind::Decision,
                    on_date: Some(deadline),
                },
                item(EventKind::Message),
            ],
            "https://samlet.aarhus.dk",
            Some("t"),
            Language::Da,
        );
        assert!(bundle.text.contains("Du har en ny besked.\nPlanen er ændret.\nDer er kommet en ny afgørelse. Fristen for at klage er 4. januar 2027."));
        assert!(!bundle.text.contains("deadline"), "Danish only: {}", bundle.text);
        let english = notice(
            &[Item {
                kind: EventKind::Decision,
                on_date: Some(deadline),
            }],
            "https://samlet.aarhus.dk",
            Some("t"),
            Language::En,
        );
        assert_eq!(english.subject, "News in Samlet");
        assert!(
            english
                .text
                .contains("A new decision has arrived. The deadline to appeal is 4 January 2027.")
        );
        assert!(
            english
                .text
                .contains("Sign in to see it: https://samlet.aarhus.dk/afgoerelser")
        );
        assert!(
            !english.text.contains("afgørelse"),
            "English only: {}",
            english.text
        );
        assert!(
            bundle
                .text
                .contains("Log ind for at se det: https://samlet.aarhus.dk/\n")
        );
    }

    #[test]
    fn several_deadlines_are_all_named() {
        let dates = [
            NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 6).unwrap(),
        ];
        let n = notice(
            &dates.map(|d| Item {
                kind: EventKind::DeadlineSoon,
                on_date: Some(d),
            }),
            "https://s",
            None,
            Language::Da,
        );
        assert!(
            !n.text.contains("Få ikke flere"),
            "Digital Post has no turn-off link"
        );
        assert_eq!(
            n.short,
            "Samlet: Husk fristen for at klage over en afgørelse: 4. januar 2027 og 6. januar 2027. Se https://s/afgoerelser"
        );
        assert!(
            n.text
                .contains("Husk fristen for at klage over en afgørelse: 4. januar 2027 og 6. januar 2027.")
        );
        assert!(n.text.contains("https://s/afgoerelser"));
    }
}
