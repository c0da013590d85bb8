//! The ways a notice travels, behind one small trait: e-mail through SMTP
//! ([`super::mail::Mail`]), and SMS and Digital Post through HTTP providers
//! ([`Provider`]). A municipality configures each by URL and a token (from the environment
//! or a file, like the OpenID Connect secret); without a provider, demo mode writes what
//! would be sent to a folder, and otherwise the channel is not offered.
//!
//! The providers' API shape (what a municipality's SMS gateway or Digital Post broker must
//! accept, or a small adapter in front of it):
//!
//! `POST {url}` with `Authorization: Bearer {token}`, `Idempotency-Key: {reference}` and a
//! JSON body, for SMS `{"to": "+4512345678", "text": "…", "reference": "…"}`, for Digital
//! Post `{"cpr": "0101901234", "subject": "…", "text": "…", "reference": "…"}`. The
//! `reference` is the same on every attempt at one notice, so a provider can drop a
//! repeat. Any 2xx is delivered; 408, 429 and 5xx (or no answer) are tried again later; any
//! other answer is a permanent refusal.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use samlet_api::notifications::Channel;
use serde_json::json;

use super::mail::{Mail, SendError};
use super::text::Notice;

/// Delivers one notice to one address (an e-mail address, a mobile number, a CPR number).
#[async_trait]
pub trait Deliver: Send + Sync {
    async fn deliver(&self, to: &str, notice: &Notice, reference: &str) -> Result<(), SendError>;
}

#[async_trait]
impl Deliver for Mail {
    async fn deliver(&self, to: &str, notice: &Notice, reference: &str) -> Result<(), SendError> {
        self.send(to, notice, reference).await
    }
}

/// What an HTTP provider is for: the body it takes differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    Sms,
    DigitalPost,
}

enum Target {
    Http {
        client: reqwest::Client,
        url: String,
        token: Option<String>,
    },
    /// Demo mode: one JSON file per notice, named by its reference.
    Folder(PathBuf),
}

pub struct Provider {
    service: Service,
    target: Target,
}

impl Provider {
    pub fn http(service: Service, url: &str, token: Option<String>) -> Result<Self, String> {
        url::Url::parse(url).map_err(|e| format!("{url}: {e}"))?;
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Self {
            service,
            target: Target::Http {
                client,
                url: url.to_owned(),
                token,
            },
        })
    }

    pub fn folder(service: Service, dir: PathBuf) -> Result<Self, String> {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(Self {
            service,
            target: Target::Folder(dir),
        })
    }

    fn body(&self, to: &str, notice: &Notice, reference: &str) -> serde_json::Value {
        match self.service {
            Service::Sms => json!({ "to": to, "text": notice.short, "reference": reference }),
            Service::DigitalPost => {
                json!({ "cpr": to, "subject": notice.subject, "text": notice.text, "reference": reference })
            }
        }
    }
}

#[async_trait]
impl Deliver for Provider {
    async fn deliver(&self, to: &str, notice: &Notice, reference: &str) -> Result<(), SendError> {
        let body = self.body(to, notice, reference);
        match &self.target {
            Target::Folder(dir) => {
                let path = dir.join(format!("{reference}.json"));
                tokio::fs::write(&path, body.to_string())
                    .await
                    .map_err(|_| SendError::Temporary("the demo folder could not be written".into()))
            }
            Target::Http { client, url, token } => {
                let mut request = client.post(url).header("Idempotency-Key", reference).json(&body);
                if let Some(token) = token {
                    request = request.bearer_auth(token);
                }
                // Only the status is kept: a provider's own words may repeat the number.
                match request.send().await {
                    Ok(answer) if answer.status().is_success() => Ok(()),
                    Ok(answer) => {
                        let status = answer.status();
                        let why = format!("HTTP {}", status.as_u16());
                        if status.is_server_error() || status.as_u16() == 408 || status.as_u16() == 429 {
                            Err(SendError::Temporary(why))
                        } else {
                            Err(SendError::Permanent(why))
                        }
                    }
                    Err(error) if error.is_timeout() => Err(SendError::Temporary("timeout".into())),
                    Err(_) => Err(SendError::Temporary("no connection, or a broken one".into())),
                }
            }
        }
    }
}

/// The channels this server can send through.
#[derive(Clone, Default)]
pub struct Channels {
    pub email: Option<Arc<Mail>>,
    pub sms: Option<Arc<Provider>>,
    pub digital_post: Option<Arc<Provider>>,
}

impl Channels {
    pub fn any(&self) -> bool {
        self.email.is_some() || self.sms.is_some() || self.digital_post.is_some()
    }

    pub fn get(&self, channel: Channel) -> Option<&dyn Deliver> {
        match channel {
            Channel::Email => self.email.as_deref().map(|m| m as &dyn Deliver),
            Channel::Sms => self.sms.as_deref().map(|p| p as &dyn Deliver),
            Channel::DigitalPost => self.digital_post.as_deref().map(|p| p as &dyn Deliver),
        }
    }
}
