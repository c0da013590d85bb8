//! Sending e-mail: SMTP through `lettre` (the well-kept Rust mail crate; async on tokio,
//! TLS through rustls like the rest of the server), or, in demo mode without a mail server,
//! `.eml` files in a folder so a newcomer can see what would be sent.

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::text::Notice;

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>),
}

pub struct Mail {
    from: Mailbox,
    transport: Transport,
}

/// Why an e-mail was not sent: a kind of failure and the SMTP status code, never the
/// server's own words (which often repeat the address) or the address itself.
#[derive(Debug)]
pub enum SendError {
    /// Worth another try later: the server did not answer, or said "try later".
    Temporary(String),
    /// The receiving server refused it for good (no such mailbox): trying again is pointless.
    Permanent(String),
}

impl Mail {
    /// `url` as lettre reads it: `smtp://host:port` (STARTTLS when offered),
    /// `smtp://host:port?tls=required`, or `smtps://user:password@host` (TLS from the start).
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(20)))
            .build();
        Ok(Self {
            from: from.parse().map_err(|e| format!("--mail-from: {e}"))?,
            transport: Transport::Smtp(transport),
        })
    }

    pub fn folder(dir: std::path::PathBuf, from: &str) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Self {
            from: from.parse().map_err(|e| format!("--mail-from: {e}"))?,
            transport: Transport::Folder(AsyncFileTransport::new(dir)),
        })
    }

    /// Sends `notice` to `to`, with `message_id` as its Message-ID (the same on every try).
    pub async fn send(&self, to: &str, notice: &Notice, message_id: &str) -> Result<(), SendError> {
        let to: Mailbox = to
            .parse()
            .map_err(|_| SendError::Permanent("not an address".into()))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&notice.subject)
            .message_id(Some(format!("<{message_id}@samlet>")))
            .multipart(
                MultiPart::alternative()
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_PLAIN)
                            .body(notice.text.clone()),
                    )
                    .singlepart(
                        SinglePart::builder()
                            .header(ContentType::TEXT_HTML)
                            .body(notice.html.clone()),
                    ),
            )
            .map_err(|_| SendError::Permanent("the e-mail could not be built".into()))?;
        match &self.transport {
            Transport::Smtp(smtp) => smtp.send(message).await.map(|_| ()).map_err(|e| {
                let why = match e.status() {
                    Some(code) => format!("SMTP {code}"),
                    None if e.is_timeout() => "timeout".to_owned(),
                    None => "no connection, or a broken one".to_owned(),
                };
                if e.is_permanent() {
                    SendError::Permanent(why)
                } else {
                    SendError::Temporary(why)
                }
            }),
            Transport::Folder(folder) => folder
                .send(message)
                .await
                .map(|_| ())
                .map_err(|_| SendError::Temporary("the mail folder could not be written".into())),
        }
    }
}
