//! Secure messages between the citizen (or someone acting for them) and their one contact.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// The longest message, in characters.
pub const MESSAGE_MAX_CHARS: usize = 5000;
/// The longest subject, in characters.
pub const SUBJECT_MAX_CHARS: usize = 120;
/// The most documents one message carries.
pub const MESSAGE_MAX_ATTACHMENTS: usize = 10;

/// Which side of the conversation wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The citizen, or a relative or guardian on their behalf.
    Citizen,
    /// The coordinating caseworker or the stand-in.
    Municipality,
}

/// Whose turn it is in a thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Turn {
    /// "Venter på svar fra kommunen".
    Municipality,
    /// "Venter på svar fra dig".
    Citizen,
    /// The caseworker closed the thread; the citizen reopens it by writing.
    Closed,
}

/// What a thread is about, besides its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AboutKind {
    Goal,
    Decision,
    Meeting,
}

/// A goal, decision or meeting a thread is about, by id (as written).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AboutRef {
    pub kind: AboutKind,
    pub id: i64,
}

/// A goal, decision or meeting a thread is about, with its title (as read).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct About {
    pub kind: AboutKind,
    pub id: i64,
    pub title: String,
}

/// One thread in the list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ThreadSummary {
    pub id: i64,
    pub subject: String,
    pub about: Option<About>,
    pub last_at: DateTime<Utc>,
    pub turn: Turn,
    /// Messages from the other side the reader has not opened.
    pub unread: u32,
    pub messages: u32,
}

/// Who answers a new message today, and how soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    /// The coordinating caseworker.
    pub name: String,
    /// The stand-in who answers while the coordinator is away (told before sending).
    pub stand_in: Option<String>,
    /// "svarer normalt inden for 2 arbejdsdage".
    pub answer_days: u32,
    /// For what cannot wait.
    pub phone: String,
}

/// `GET /api/messages`: the threads the reader sees and whom a new message goes to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Inbox {
    pub threads: Vec<ThreadSummary>,
    pub unread: u32,
    /// `None` while no caseworker has been assigned: there is nobody to write to yet.
    pub recipient: Option<Recipient>,
}

/// `GET /api/messages/unread`: the count for the navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Unread {
    pub unread: u32,
}

/// That the other side opened a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReadReceipt {
    pub by: String,
    pub at: DateTime<Utc>,
}

/// A document sent with a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub document_id: i64,
    pub title: String,
}

/// One message. Never changed once sent, except that it is read and journalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    pub id: i64,
    pub side: Side,
    /// Who wrote it.
    pub author: String,
    /// A caseworker's title ("Koordinerende sagsbehandler"); none on the citizen's side.
    pub author_role: Option<String>,
    /// The citizen's name when someone wrote on their behalf.
    pub on_behalf_of: Option<String>,
    /// Plain text; the app keeps line breaks and shows links as links.
    pub body: String,
    pub sent_at: DateTime<Utc>,
    pub read: Option<ReadReceipt>,
    /// When the municipality's case system filed it in the case.
    pub journalised_at: Option<DateTime<Utc>>,
    pub attachments: Vec<Attachment>,
}

/// `GET /api/messages/{id}`: a thread with every message, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Thread {
    pub id: i64,
    pub subject: String,
    pub about: Option<About>,
    pub turn: Turn,
    pub messages: Vec<Message>,
    /// The reader's own unsent reply, as last saved.
    pub draft: String,
}

/// `POST /api/messages`: a new thread with its first message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewThread {
    pub subject: String,
    #[serde(default)]
    pub about: Option<AboutRef>,
    pub body: String,
    #[serde(default)]
    pub document_ids: Vec<i64>,
}

/// `POST /api/messages/{id}`: a reply in a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    pub body: String,
    #[serde(default)]
    pub document_ids: Vec<i64>,
}

/// `PUT /api/messages/{id}/draft`: the reply being written, saved as it is typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    pub body: String,
}

/// The parts of a text to show: plain text, and links (`https://…`) to show as links.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits a message into text and web links, so the app shows links as links and
/// interprets nothing else. A link ends at white space; a full stop, comma or closing
/// bracket right at its end belongs to the sentence.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    // Text before `from` is plain; `scan` is where the next link is looked for.
    let (mut from, mut scan) = (0, 0);
    while let Some((start, scheme)) = find_link(&text[scan..]) {
        let start = scan + start;
        let tail = &text[start..];
        let mut end = tail.find(char::is_whitespace).unwrap_or(tail.len());
        while end > scheme
            && matches!(
                tail.as_bytes()[end - 1],
                b'.' | b',' | b')' | b'!' | b'?' | b';' | b':'
            )
        {
            end -= 1;
        }
        if end == scheme {
            // A bare scheme is text, not an empty link.
            scan = start + scheme;
            continue;
        }
        if start > from {
            out.push(Piece::Text(&text[from..start]));
        }
        out.push(Piece::Link(&tail[..end]));
        from = start + end;
        scan = from;
    }
    if from < text.len() {
        out.push(Piece::Text(&text[from..]));
    }
    out
}

/// Where the next link starts and how long its scheme is.
fn find_link(text: &str) -> Option<(usize, usize)> {
    let https = text.find("https://").map(|at| (at, 8));
    let http = text.find("http://").map(|at| (at, 7));
    match (https, http) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_found_and_the_sentence_keeps_its_full_stop() {
        assert_eq!(
            pieces("Se https://aarhus.dk/job. Tak"),
            vec![
                Piece::Text("Se "),
                Piece::Link("https://aarhus.dk/job"),
                Piece::Text(". Tak")
            ]
        );
        assert_eq!(pieces("ingen links"), vec![Piece::Text("ingen links")]);
        assert_eq!(pieces("http://a.dk"), vec![Piece::Link("http://a.dk")]);
        // A bare scheme is text, not an empty link; markup is text too.
        assert_eq!(pieces("https:// x"), vec![Piece::Text("https:// x")]);
        assert_eq!(
            pieces("<b>fed</b>\nny linje"),
            vec![Piece::Text("<b>fed</b>\nny linje")]
        );
    }
}
