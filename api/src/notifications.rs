//! Notifications: a short notice by e-mail that something is new in Samlet. The notice
//! itself never carries personal details (e-mail is not a secure channel); it says only
//! that there is something new and links there.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a person can be told about. Each is on once an address is verified, until turned off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// The contact (or the stand-in, or a case system for them) wrote a message.
    Message,
    /// A case system changed the plan: one notice for a burst of changes, not one per item.
    PlanChanged,
    /// A new decision; the notice gives the appeal deadline's date (never the decision).
    Decision,
    /// An appeal moved on (received, sent to Ankestyrelsen, decided …).
    AppealStatus,
    /// The municipality received a document the citizen (or a relative) sent.
    DocumentReceived,
    /// A meeting in the plan is tomorrow: sent the day before at 9.
    MeetingTomorrow,
    /// An appeal deadline is 7 days away, and again at 2, while no appeal is lodged.
    DeadlineSoon,
}

pub const EVENT_KINDS: [EventKind; 7] = [
    EventKind::Message,
    EventKind::PlanChanged,
    EventKind::Decision,
    EventKind::AppealStatus,
    EventKind::DocumentReceived,
    EventKind::MeetingTomorrow,
    EventKind::DeadlineSoon,
];

/// How a notice travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Sms,
    /// The authorities' letterbox: decisions, to the citizen's CPR number, when the
    /// municipality has configured a provider.
    DigitalPost,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeStatus {
    /// Waiting: for quiet hours to end, for the hour since the last notice to pass, or to be
    /// tried again after a failure.
    Pending,
    Sent,
    /// Given up on after a day of failures, or refused by the receiving server.
    Failed,
}

/// A notice sent (or on its way), as the settings page lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentNotice {
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub channel: Channel,
    /// How many things it announced ("3 nye ting i Samlet").
    pub items: u32,
    /// What kinds of things, each once, in the order of [`EVENT_KINDS`].
    #[serde(default)]
    pub kinds: Vec<EventKind>,
    pub status: NoticeStatus,
}

/// `GET /api/notifications`: the person's choices for the citizen, and what was sent lately.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationSettings {
    /// The address notices go to once verified, or the one waiting for its code.
    pub email: Option<String>,
    pub email_verified: bool,
    /// A code was sent to `email` and can still be entered.
    pub code_pending: bool,
    /// Kinds turned off; every other kind is on.
    pub muted: Vec<EventKind>,
    /// Quiet hours, Danish time: nothing is sent from this hour …
    pub quiet_from: u8,
    /// … until this hour; what comes meanwhile is sent then.
    pub quiet_until: u8,
    /// The language notices are written in.
    #[serde(default)]
    pub language: Language,
    /// The mobile number SMS notices go to, when the municipality offers SMS (`None`: it
    /// does not).
    pub sms: Option<PhoneSettings>,
    /// The kinds this person may be told of: all for the citizen, those their grant's
    /// scopes cover for a relative or guardian.
    pub available: Vec<EventKind>,
    /// The newest first, at most 20.
    pub recent: Vec<SentNotice>,
}

/// The mobile number, as the settings show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneSettings {
    /// The number SMS notices go to once verified, or the one waiting for its code.
    pub phone: Option<String>,
    pub verified: bool,
    /// A code was sent to `phone` and can still be entered.
    pub code_pending: bool,
}

/// `POST /api/notifications/sms`: the mobile number to send a code to (8 digits for a
/// Danish number, or + and the country code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneNumber {
    pub phone: String,
}

/// `POST /api/notifications/email`: the address to send a code to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EmailAddress {
    pub email: String,
}

/// `POST /api/notifications/email/verify`: the code from the e-mail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyCode {
    pub code: String,
}

/// `PUT /api/notifications`: what to be told about, and when not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Preferences {
    pub muted: Vec<EventKind>,
    pub quiet_from: u8,
    pub quiet_until: u8,
    /// Danish unless chosen otherwise.
    #[serde(default)]
    pub language: Language,
}

/// The language a person's notices are written in: the one they read the portal in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Da,
    En,
}

/// `GET /api/notifications/turn-off/{token}`: what the "turn this off" link of one notice
/// can turn off, without signing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnOff {
    /// The kinds the notice told about.
    pub kinds: Vec<EventKind>,
    /// The kinds that are off now.
    pub muted: Vec<EventKind>,
}

/// `POST /api/notifications/turn-off/{token}`: the kinds to turn off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TurnOffKinds {
    pub kinds: Vec<EventKind>,
}
