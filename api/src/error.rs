use serde::{Deserialize, Serialize};

/// The body of every error response from `/api/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A message in plain Danish that can be shown as it is; the app prefers its own
    /// translated text for a known `code`.
    pub message: String,
}

/// Machine-readable error codes; the app translates each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// No session, or the session has ended: sign in again.
    Unauthenticated,
    /// Signed in, but this account may not do this.
    Forbidden,
    NotFound,
    /// The signed-in account has no plan (for example a relative or a caseworker).
    NoPlan,
    /// The request itself is malformed or fails validation.
    BadRequest,
    /// The thing was changed by someone else (or another tab) since it was read.
    Conflict,
    /// Something failed on the server; nothing was changed.
    Internal,
}
