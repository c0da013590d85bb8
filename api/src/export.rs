//! "Hent mine data": everything Samlet holds about a citizen, as `samlet.json` in the
//! download, described by a published JSON Schema (`/api/export/schema.json`) made from
//! these very types. Each part is the wire type the citizen's pages already read, so the
//! copy says what the pages say.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::appeal::{Appeal, AppealDraft, Decision};
use crate::audit::LogEntry;
use crate::contact::{ContactPeriod, ContactView};
use crate::delegation::Grants;
use crate::documents::DocumentSummary;
use crate::messages::Thread;
use crate::notifications::NotificationSettings;
use crate::plan::{MeetingAnswer, OwnTexts, PlanRevision};

/// What `samlet.json` says it is, so a program reading it knows the shape.
pub const FORMAT: &str = "samlet-mine-data/1";

/// `samlet.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyData {
    /// Always [`FORMAT`].
    pub format: String,
    pub made_at: DateTime<Utc>,
    /// Whose data this is.
    pub citizen_name: String,
    /// Who downloaded it: the citizen, or their guardian.
    pub made_by: String,
    /// Every version of the plan, oldest first; the last is the plan as it is now.
    pub plan: Vec<PlanRevision>,
    pub own_texts: OwnTexts,
    pub meeting_answers: Vec<MeetingAnswer>,
    /// `None` when the downloader may not see the contact.
    pub contact: Option<ContactView>,
    /// Every contact the citizen has had, newest first; empty when the downloader may not
    /// see the contact.
    pub contact_history: Vec<ContactPeriod>,
    pub documents: Vec<ExportedDocument>,
    /// Newest first, each with its appeal when one was lodged.
    pub decisions: Vec<ExportedDecision>,
    /// Every conversation with the contact, newest first, oldest message first.
    pub messages: Vec<Thread>,
    /// The powers of attorney the citizen gave and received; empty in a guardian's copy,
    /// as only the citizen manages them.
    pub grants: Grants,
    /// The downloader's own notification choices about the citizen.
    pub notifications: NotificationSettings,
    /// Every access to the citizen's data by someone else, newest first; empty in a
    /// guardian's copy, as only the citizen reads Min log.
    pub access_log: Vec<LogEntry>,
}

/// A document and where its file is in the download.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedDocument {
    pub document: DocumentSummary,
    /// The file's SHA-256, lower-case hex: check the file against it.
    pub sha256: String,
    /// Its path inside the ZIP (`documents/…`).
    pub path: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedDecision {
    pub decision: Decision,
    pub appeal: Option<Appeal>,
    /// An appeal begun and not sent, as last saved; only for a downloader who may appeal.
    pub appeal_draft: Option<AppealDraft>,
}
