//! What the municipality's case systems send to `/integration/v1/`.
//!
//! Every body a case system sends refuses fields it does not know (`deny_unknown_fields`):
//! a misspelt optional field would otherwise be dropped without a word, and its default
//! (`sensitive: false`) applied.

use serde::{Deserialize, Serialize};

use crate::appeal::AppealStatus;

/// Moves an appeal one step on its timeline. Sending the status it already has changes
/// nothing, so a case system can safely retry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AppealStatusChange {
    pub status: AppealStatus,
    /// Shown to the citizen on the timeline, in plain words.
    #[serde(default)]
    pub note: String,
    /// Ankestyrelsen's case number, once the appeal has been sent there.
    #[serde(default)]
    pub ankestyrelsen_case: Option<String>,
}

/// How a write landed. Every item a case system writes is keyed by its external id and
/// carries the system's `version` of it (any whole number from 1 that grows with each
/// change, e.g. a revision counter or a timestamp in milliseconds). Only a version higher
/// than the last one applied changes anything (`updated`); a lower one is a late arrival
/// and the same one a retry, both `unchanged`. The same version with other content is
/// refused with 409 `version_conflict`: raise the version when the content changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum WriteOutcome {
    Created,
    Updated,
    Unchanged,
}

/// The answer to every write: Samlet's id for the item and what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Written {
    pub id: i64,
    pub outcome: WriteOutcome,
}

/// `PUT /integration/v1/citizens/{external_id}`: a citizen and their one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CitizenWrite {
    /// The municipality's identifier of the person (CPR), shared by every case system.
    pub person_ref: String,
    /// The sending system's version of this item; only a newer one is applied.
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub full_name: String,
    /// The three-digit code of the municipality the person lives in (751 is Aarhus); the
    /// system's token must serve it.
    pub municipality: String,
    /// The person's subject at the sign-in provider, so they can sign in.
    #[serde(default)]
    pub sign_in_subject: Option<String>,
    /// The plan's overall goal, in the citizen's words.
    pub overall_goal: String,
    /// The day the citizen's course ended, when it has. Samlet deletes the course (plan,
    /// messages, documents, decisions and appeals) when the retention period has passed
    /// since, and lists it in `GET /deletions`. Leaving it out (or null) in a newer version
    /// means the course goes on.
    #[serde(default)]
    pub course_ended_on: Option<chrono::NaiveDate>,
}

/// `PUT /integration/v1/goals/{external_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoalWrite {
    pub person_ref: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub life_area: crate::plan::LifeArea,
    pub title: String,
    #[serde(default)]
    pub position: i64,
    /// Hidden from relatives unless their power of attorney includes sensitive items.
    #[serde(default)]
    pub sensitive: bool,
}

/// `PUT /integration/v1/sub-goals/{external_id}`, under one of the same system's goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SubGoalWrite {
    /// The external id of the goal (written by the same system).
    pub goal: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub title: String,
    pub success_criterion: String,
    #[serde(default)]
    pub target_date: Option<chrono::NaiveDate>,
    pub status: crate::plan::SubGoalStatus,
    /// The unit working on it.
    pub unit: String,
    #[serde(default)]
    pub position: i64,
}

/// `PUT /integration/v1/activities/{external_id}`, under one of the same system's goals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ActivityWrite {
    pub goal: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub title: String,
    pub provider: String,
    #[serde(default)]
    pub starts_on: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub ends_on: Option<chrono::NaiveDate>,
}

/// `PUT /integration/v1/meetings/{external_id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MeetingWrite {
    pub person_ref: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub ends_at: chrono::DateTime<chrono::Utc>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub video_url: Option<String>,
    #[serde(default)]
    pub participants: String,
    #[serde(default)]
    pub bring: String,
}

/// `PUT /integration/v1/caseworkers/{external_id}`: someone who can be a citizen's contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CaseworkerWrite {
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub full_name: String,
    pub role: String,
    pub unit: String,
    pub phone: String,
    pub email: String,
    /// When they can be reached, in the words the citizen reads.
    pub reachable: String,
}

/// `PUT /integration/v1/contacts`: the citizen's one coordinating contact, and a stand-in
/// for a period when that person is away. Caseworkers are named by their external ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactWrite {
    pub person_ref: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub caseworker: String,
    #[serde(default)]
    pub stand_in: Option<String>,
    #[serde(default)]
    pub stand_in_from: Option<chrono::NaiveDate>,
    #[serde(default)]
    pub stand_in_until: Option<chrono::NaiveDate>,
}

/// `PUT /integration/v1/decisions/{external_id}`: one combined decision with its parts.
/// A published decision never changes: the same version again is `Unchanged`, another
/// version is refused (a changed decision is a new decision, with its own deadline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionWrite {
    pub person_ref: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub version: i64,
    pub title: String,
    pub channel: crate::appeal::DeliveryChannel,
    /// When it was sent or made available; the receipt day and the deadline follow from it.
    pub sent_at: chrono::DateTime<chrono::Utc>,
    pub reasoning: String,
    pub appeal_guidance: String,
    /// The external id of the letter, shared before with `POST …/shared-documents/{id}`.
    #[serde(default)]
    pub document: Option<String>,
    pub parts: Vec<DecisionPartWrite>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DecisionPartWrite {
    pub intervention: String,
    pub outcome: crate::appeal::PartOutcome,
    pub law: String,
    pub explanation: String,
}

/// `GET /integration/v1/documents?after=CURSOR&limit=N`: documents citizens (or their
/// relatives) sent, oldest first, for the case system to pick up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentFeed {
    pub documents: Vec<SubmittedDocument>,
    /// Pass as `after` for the next page. Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmittedDocument {
    /// The person the document is about (`CitizenWrite::person_ref`).
    pub person_ref: String,
    pub citizen_name: String,
    pub document: crate::documents::DocumentSummary,
    /// SHA-256 of the bytes, to check the download against.
    pub sha256: String,
    /// Where to fetch the bytes (with the same token).
    pub file_url: String,
}

/// `GET /integration/v1/appeals?after=CURSOR&limit=N`: appeals lodged by citizens, oldest
/// first, for the case system to pick up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealFeed {
    pub appeals: Vec<SubmittedAppeal>,
    /// Pass as `after` to get the next page; the same cursor again when nothing is new.
    /// Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

/// An appeal as the case system reads it, in the feed and by its reference.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubmittedAppeal {
    /// The person (`CitizenWrite::person_ref`); every citizen has one.
    pub person_ref: String,
    pub citizen_name: String,
    pub appeal: crate::appeal::Appeal,
}

/// `GET /integration/v1/appeal-changes?after=CURSOR&limit=N`: what happened to lodged
/// appeals after they were lodged, oldest first: today the reasons and documents citizens
/// add. The appeal itself, as it is now, is at `GET /integration/v1/appeals/{reference}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealChangeFeed {
    pub changes: Vec<AppealChange>,
    /// Pass as `after` for the next page. Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealChange {
    /// The appeal's reference, e.g. "KL-2026-000123".
    pub reference: String,
    pub person_ref: String,
    pub kind: AppealChangeKind,
    pub at: chrono::DateTime<chrono::Utc>,
    /// For `addition`: the text and the documents added (fetch those from the documents
    /// feed, by id).
    pub addition: Option<crate::appeal::Addition>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealChangeKind {
    /// The citizen (or someone acting for them) added reasons or documents.
    Addition,
}

/// The body of every error response from `/integration/v1/`: a code to branch on, a
/// message in English for the developer reading the log, and the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IntegrationErrorBody {
    pub code: IntegrationErrorCode,
    /// What went wrong and what to do, in English, e.g. `title: required`.
    pub message: String,
    /// The field of the request the error is about (`parts[1].law`), when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The request's id (also the `X-Request-Id` response header), in the server's log lines
    /// of that request: quote it when asking the municipality's operators.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Why a case system's request was refused. Nothing was changed by a refused request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IntegrationErrorCode {
    /// 401: no bearer token, or one that is unknown or revoked.
    Unauthenticated,
    /// 403: the token lacks the scope the operation needs; the message names it.
    MissingScope,
    /// 403: the municipality or life area is outside what the token serves.
    OutOfReach,
    /// 404: nothing with this id or reference within the token's reach.
    NotFound,
    /// 400: the request is malformed or a field breaks a rule; `field` names it.
    BadRequest,
    /// 400: the body has a field the operation does not know (often a typo); `field` names it.
    UnknownField,
    /// 409: this version of the item was applied before with different content; send the
    /// change under a higher version.
    VersionConflict,
    /// 409: the `person_ref` is already registered under another external id; the message
    /// names it.
    PersonRefTaken,
    /// 409: the appeal cannot move from its current status to the one asked for; the
    /// message names both.
    InvalidTransition,
    /// 409: the write would move an item into another citizen's plan, or change what is
    /// published and never changes.
    Conflict,
    /// 413: the body, or a file in it, is larger than allowed.
    TooLarge,
    /// 415: the file's bytes are not an accepted type (PDF, JPEG, PNG, HEIC, DOCX, ODT).
    FileTypeRefused,
    /// 422: the file is empty, a password-protected PDF, or the malware scanner found something.
    FileRefused,
    /// 429: too many requests; `Retry-After` says when to try again.
    RateLimited,
    /// 503: the malware scanner or the server was too slow or unavailable; retry later.
    Unavailable,
    /// 500: something failed in Samlet; nothing was changed; retry later.
    Internal,
}

/// `GET /integration/v1/messages?after=CURSOR&limit=N`: what citizens (and their relatives)
/// and caseworkers wrote in Samlet, oldest first, to journalise in the case. Messages a
/// case system posted itself are not in it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageFeed {
    pub messages: Vec<SentMessage>,
    /// Pass as `after` for the next page. Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SentMessage {
    /// The person the message is about (`CitizenWrite::person_ref`).
    pub person_ref: String,
    pub citizen_name: String,
    /// The thread, to post an answer into.
    pub thread_id: i64,
    pub subject: String,
    /// What the thread is about, when the citizen chose a goal, decision or meeting: its
    /// kind, Samlet's id and its title.
    pub about: Option<crate::messages::About>,
    pub message: crate::messages::Message,
    /// The attached documents' files, verified on download like every document.
    pub files: Vec<AttachedFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachedFile {
    pub document_id: i64,
    /// SHA-256 of the bytes, to check the download against.
    pub sha256: String,
    /// Where to fetch the bytes (with the same token).
    pub file_url: String,
}

/// `POST /integration/v1/threads/{id}/messages`: a caseworker's answer, written in the case
/// system, posted into the citizen's thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MessageWrite {
    /// The message's id in the case system: the same id again is the same message.
    pub external_id: String,
    /// The external id the caseworker was registered under (`PUT /caseworkers/{id}`).
    pub caseworker: String,
    /// Plain text, up to 5,000 characters.
    pub body: String,
}

/// `GET /integration/v1/meeting-answers?after=CURSOR&limit=N`: the citizens' answers to
/// meetings, oldest first; a later answer to the same meeting replaces an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingAnswerFeed {
    pub answers: Vec<FedMeetingAnswer>,
    /// Pass as `after` for the next page. Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FedMeetingAnswer {
    pub person_ref: String,
    /// The meeting's external id, when this system wrote the meeting.
    pub meeting: Option<String>,
    pub title: String,
    pub starts_at: chrono::DateTime<chrono::Utc>,
    pub answer: crate::plan::MeetingAnswer,
}

/// `GET /integration/v1/deletions?after=CURSOR&limit=N`: the courses Samlet deleted when
/// their retention period ran out, oldest first, so a case system's own records can follow.
/// Each stays in the feed as long as the deleted course's access log is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletionFeed {
    pub deletions: Vec<Deletion>,
    /// Pass as `after` for the next page. Opaque; only cursors this API issued are accepted.
    pub next_cursor: String,
    /// More items wait after this page: ask again at once with `next_cursor`.
    pub has_more: bool,
}

/// One citizen's course, deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Deletion {
    pub person_ref: String,
    /// As the case system last sent it (`course_ended_on` of `PUT /citizens/{id}`).
    pub course_ended_on: chrono::NaiveDate,
    pub deleted_at: chrono::DateTime<chrono::Utc>,
    /// What this system wrote, by its own ids; they may be used again for a new course.
    pub external_ids: Vec<DeletedItem>,
    /// Samlet's ids of the documents, messages and appeals the feeds gave out.
    pub document_ids: Vec<i64>,
    pub message_ids: Vec<i64>,
    pub appeal_references: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeletedItem {
    pub kind: DeletedKind,
    pub external_id: String,
}

/// The kinds of item a case system writes under its own ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeletedKind {
    Citizen,
    Goal,
    SubGoal,
    Activity,
    Meeting,
    /// A contact is named by the citizen's `person_ref`.
    Contact,
    Document,
    Decision,
}
