//! "Min log": every access to a citizen's data by someone other than the citizen.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What was done. The same names are the server's authorization actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ReadPlan,
    WriteOwnTexts,
    ReadContact,
    ReadDocuments,
    UploadDocuments,
    /// Delete an upload or link a document to a goal.
    ChangeDocuments,
    ReadDecisions,
    /// Opened the private draft of an appeal.
    ReadAppealDraft,
    WriteAppeal,
    /// The citizen read their own access log (never logged: only the citizen may).
    ReadAccessLog,
    /// The citizen gave or revoked a power of attorney (never logged: only the citizen may).
    ManageGrants,
    /// The citizen saw what changed in their plan (never logged: only the citizen may).
    MarkPlanSeen,
    /// Read a thread of messages.
    ReadMessages,
    /// Wrote a message (or saved a draft of one).
    WriteMessages,
    /// Answered a meeting: coming or not.
    AnswerMeeting,
    /// A caseworker marked a thread "afsluttet".
    CloseThread,
    /// The citizen read their notification settings (never logged: only the citizen may).
    ReadNotifications,
    /// The citizen changed their notification settings (never logged: only the citizen may).
    ManageNotifications,
    /// A caseworker opened "preview as citizen".
    StartPreview,
    /// The municipality's system moved an appeal along.
    ChangeAppealStatus,
    /// The municipality's system changed the plan (goals, sub-goals, activities, meetings).
    UpdatePlan,
    /// The municipality's system picked up an appeal: "received by the municipality".
    ReceiveAppeal,
    /// The municipality's system named the citizen's contact (or stand-in).
    ChangeContact,
    /// The municipality's system picked up a document the citizen sent.
    ReceiveDocument,
    /// The municipality's system shared a document (a letter) with the citizen.
    ShareDocument,
    /// The municipality's system published a combined decision.
    PublishDecision,
    /// The municipality's system filed a message in the citizen's case.
    JournaliseMessage,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActorRole {
    Relative,
    Guardian,
    Caseworker,
    /// One of the municipality's case systems.
    System,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub actor_name: String,
    pub role: ActorRole,
    pub action: Action,
    /// What exactly, when it is one thing (a document's title, an appeal's reference).
    pub object: String,
    /// What else the same person read in the same visit, in order: one line per visit
    /// instead of one per page.
    #[serde(default)]
    pub also: Vec<Action>,
}

/// `GET /api/audit/log?person=NAME&from=YYYY-MM-DD&to=YYYY-MM-DD`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccessLog {
    pub entries: Vec<LogEntry>,
    /// Everyone who appears in the whole log, for the filter.
    pub people: Vec<String>,
}
