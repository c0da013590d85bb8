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
    /// Downloaded everything Samlet holds about the citizen ("Hent mine data"); logged
    /// even when the citizen did it, so a download from a stolen session shows.
    DownloadMyData,
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
    /// The citizen themself (only for what is logged even then: a download of all their data).
    Citizen,
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
/// What someone did, as Min log says it in Danish (the app and the download's page alike).
pub fn action_da(action: Action) -> &'static str {
    match action {
        Action::ReadPlan => "så din plan",
        Action::WriteOwnTexts => "skrev i dine egne tekster",
        Action::ReadContact => "så din kontaktperson",
        Action::ReadDocuments => "så dine dokumenter",
        Action::UploadDocuments => "sendte et dokument på dine vegne",
        Action::ChangeDocuments => "ændrede et dokument",
        Action::ReadDecisions => "så dine afgørelser",
        Action::ReadAppealDraft => "så din klagekladde",
        Action::ReadAccessLog => "så din adgangslog",
        Action::ManageGrants => "ændrede en fuldmagt",
        Action::MarkPlanSeen => "så det nye i din plan",
        Action::WriteAppeal => "skrev i en klage på dine vegne",
        Action::ReadMessages => "læste en tråd i dine beskeder",
        Action::ReadNotifications => "så dine notifikationer",
        Action::ManageNotifications => "ændrede, hvad de får besked om hos dig",
        Action::WriteMessages => "skrev en besked",
        Action::AnswerMeeting => "svarede på et møde",
        Action::CloseThread => "afsluttede en tråd i dine beskeder",
        Action::StartPreview => "åbnede en forhåndsvisning af dine sider",
        Action::ChangeAppealStatus => "ændrede status på din klage",
        Action::UpdatePlan => "opdaterede din plan",
        Action::ReceiveAppeal => "modtog din klage",
        Action::ChangeContact => "ændrede din kontaktperson",
        Action::JournaliseMessage => "journaliserede din besked",
        Action::ReceiveDocument => "modtog dit dokument",
        Action::ShareDocument => "delte et dokument med dig",
        Action::PublishDecision => "sendte dig en afgørelse",
        Action::DownloadMyData => "hentede en kopi af alle dine data",
    }
}

/// Who did it, in Danish.
pub fn role_da(role: ActorRole) -> &'static str {
    match role {
        ActorRole::Relative => "pårørende",
        ActorRole::Guardian => "værge",
        ActorRole::Caseworker => "sagsbehandler",
        ActorRole::System => "kommunens system",
        ActorRole::Citizen => "dig selv",
    }
}

/// What someone did, as Min log says it in English (the app and the download's page alike).
pub fn action_en(action: Action) -> &'static str {
    match action {
        Action::ReadPlan => "saw your plan",
        Action::WriteOwnTexts => "wrote in your own texts",
        Action::ReadContact => "saw your contact",
        Action::ReadDocuments => "saw your documents",
        Action::UploadDocuments => "sent a document on your behalf",
        Action::ChangeDocuments => "changed a document",
        Action::ReadDecisions => "saw your decisions",
        Action::ReadAppealDraft => "saw your appeal draft",
        Action::ReadAccessLog => "saw your access log",
        Action::ManageGrants => "changed a power of attorney",
        Action::MarkPlanSeen => "saw what is new in your plan",
        Action::WriteAppeal => "wrote in an appeal on your behalf",
        Action::ReadMessages => "read a thread of your messages",
        Action::ReadNotifications => "looked at your notifications",
        Action::ManageNotifications => "changed what they are told about you",
        Action::WriteMessages => "wrote a message",
        Action::AnswerMeeting => "answered a meeting",
        Action::CloseThread => "closed a thread of your messages",
        Action::StartPreview => "opened a preview of your pages",
        Action::ChangeAppealStatus => "changed the status of your appeal",
        Action::UpdatePlan => "updated your plan",
        Action::ReceiveAppeal => "received your appeal",
        Action::ChangeContact => "changed your contact person",
        Action::JournaliseMessage => "filed your message in your case",
        Action::ReceiveDocument => "received your document",
        Action::ShareDocument => "shared a document with you",
        Action::PublishDecision => "sent you a decision",
        Action::DownloadMyData => "downloaded a copy of all your data",
    }
}

/// Who did it, in English.
pub fn role_en(role: ActorRole) -> &'static str {
    match role {
        ActorRole::Relative => "relative",
        ActorRole::Guardian => "guardian",
        ActorRole::Caseworker => "caseworker",
        ActorRole::System => "municipal system",
        ActorRole::Citizen => "you",
    }
}
