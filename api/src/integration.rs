//! What the municipality's case systems send to `/integration/v1/`.

use serde::{Deserialize, Serialize};

use crate::appeal::AppealStatus;

/// Moves an appeal one step on its timeline. Sending the status it already has changes
/// nothing, so a case system can safely retry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppealStatusChange {
    pub status: AppealStatus,
    /// Shown to the citizen on the timeline, in plain words.
    #[serde(default)]
    pub note: String,
    /// Ankestyrelsen's case number, once the appeal has been sent there.
    #[serde(default)]
    pub ankestyrelsen_case: Option<String>,
}
