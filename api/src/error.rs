use serde::{Deserialize, Serialize};

/// The body of every error response from `/api/`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiErrorBody {
    pub code: ErrorCode,
    /// A message in plain Danish that can be shown as it is; the app prefers its own
    /// translated text for a known `code`.
    pub message: String,
}

/// Machine-readable error codes; the app translates each one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// A file is larger than the limit per file (413).
    FileTooLarge,
    /// A request carries more files than allowed at once (413).
    TooManyFiles,
    /// The citizen's storage quota would be exceeded (413).
    QuotaExceeded,
    /// The file's bytes are not one of the accepted types (415).
    FileTypeRefused,
    /// The file is empty.
    FileEmpty,
    /// A password-protected PDF, which the municipality cannot open.
    PdfEncrypted,
    /// The malware scanner found something in the file; it was not stored.
    MalwareFound,
    /// The malware scanner could not be reached; nothing was stored, try again later.
    ScanUnavailable,
    /// This decision already has its one appeal; reasons can be added to it instead.
    AppealExists,
    /// An appeal must name at least one part of the decision.
    NoPartsSelected,
    /// A part, or a document, that does not belong to this decision or citizen.
    UnknownPart,
    /// A text is longer than allowed.
    TextTooLong,
    /// The municipality has finished reconsidering: nothing more can be added here.
    AppealClosed,
    /// The power of attorney this session acted under was revoked, expired or given up.
    AccessEnded,
    /// A caseworker's preview of the citizen's pages: nothing can be changed from it.
    PreviewReadOnly,
    /// Too many requests in a short time (sign-in, uploads); `Retry-After` says when to try again.
    RateLimited,
    /// The request body is larger than this route accepts.
    TooLarge,
    /// The server gave up on a request that took too long; nothing was changed.
    Timeout,
    /// Something failed on the server; nothing was changed.
    Internal,
}
