use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Who put a document into the citizen's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DocumentSource {
    /// The citizen uploaded it.
    Citizen,
    /// A relative uploaded it on the citizen's behalf.
    Relative,
    /// The municipality shared it (a decision, a letter).
    Municipality,
}

/// Whether a document has been checked for malware. `Unscanned` is said honestly to the
/// citizen: no scanner is configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ScanState {
    Unscanned,
    Clean,
}

/// One entry of `GET /api/documents`, and of the receipt for an upload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentSummary {
    pub id: i64,
    pub title: String,
    pub note: String,
    /// The original name, sanitised for display; never a storage path.
    pub file_name: String,
    /// Decided from the file's bytes.
    pub content_type: String,
    pub size: u64,
    pub source: DocumentSource,
    /// The name of whoever uploaded it.
    pub uploaded_by: String,
    /// When the server stored it: the receipt time.
    pub uploaded_at: DateTime<Utc>,
    /// When the municipality's case system picked it up; until then the citizen may delete
    /// their own upload.
    pub received_at: Option<DateTime<Utc>>,
    pub scan_state: ScanState,
    pub goal_id: Option<i64>,
    pub can_delete: bool,
}

/// `GET /api/documents/limits`: what an upload may be, so the app can say so before
/// sending a byte. The server enforces the same limits regardless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UploadLimits {
    pub max_file_bytes: u64,
    pub max_files: u32,
    pub quota_bytes: u64,
    pub used_bytes: u64,
}

/// `PUT /api/documents/{id}/goal`: link a document already in the file to a goal of the
/// plan (or unlink it with `null`), without uploading it again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkGoal {
    pub goal_id: Option<i64>,
}
