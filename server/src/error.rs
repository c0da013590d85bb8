use axum::Json;
use axum::extract::FromRequest;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use samlet_api::error::{ApiErrorBody, ErrorCode};

/// Every way an API request can fail, mapped to HTTP in one place (`into_response`).
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not signed in")]
    Unauthenticated,
    #[error("not allowed")]
    Forbidden,
    /// A case system asked for a citizen, municipality or life area its token does not
    /// reach; the text names the field.
    #[error("out of the system's reach: {0}")]
    OutOfReach(String),
    #[error("not found")]
    NotFound,
    /// The grant a session acted under has ended (revoked, expired, given up).
    #[error("access ended")]
    AccessEnded,
    /// A write attempted from a caseworker's read-only preview.
    #[error("preview is read-only")]
    PreviewReadOnly,
    #[error("the account has no plan")]
    NoPlan,
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A text held a NUL character, which PostgreSQL cannot store; the field's name, when
    /// known.
    #[error("NUL in text: {0}")]
    Nul(String),
    #[error("conflict")]
    Conflict,
    /// A case system sent a version it sent before, with different content (409).
    #[error("version {0} applied before with different content")]
    VersionConflict(i64),
    /// A case system registered a `person_ref` that is registered under another external
    /// id: the id, when it is the same system's (409).
    #[error("person_ref taken by external id {0:?}")]
    PersonRefTaken(Option<String>),
    /// An appeal cannot take this step of its timeline (409).
    #[error("appeal status cannot go from {from} to {to}")]
    InvalidTransition { from: String, to: String },
    /// A case system's write that cannot be applied as sent (409): it would move an item
    /// into another citizen's plan, or change a published decision; the text, for the
    /// system's developer, names the field and the item.
    #[error("{0}")]
    Unappliable(String),
    /// Too many requests; try again after this many seconds.
    #[error("rate limited")]
    RateLimited(u64),
    #[error("request body too large")]
    TooLarge,
    #[error("request took too long")]
    Timeout,
    #[error("file refused: {0:?}")]
    File(FileRefusal),
    #[error("appeal refused: {0:?}")]
    Appeal(AppealRefusal),
    #[error("message refused: {0:?}")]
    Message(MessageRefusal),
    #[error("notification setting refused: {0:?}")]
    Notification(NotificationRefusal),
    /// The configured malware scanner did not answer: nothing is stored unscanned.
    #[error("malware scanner: {0}")]
    ScanUnavailable(std::io::Error),
    #[error("storage: {0}")]
    Storage(#[from] std::io::Error),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// The database holds a value the code does not know: a bug or a bad migration.
    #[error("corrupt data: {0}")]
    Corrupt(String),
}

impl AppError {
    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::Forbidden | AppError::OutOfReach(_) => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::AccessEnded => ErrorCode::AccessEnded,
            AppError::PreviewReadOnly => ErrorCode::PreviewReadOnly,
            AppError::NoPlan => ErrorCode::NoPlan,
            AppError::BadRequest(_) | AppError::Nul(_) => ErrorCode::BadRequest,
            AppError::Conflict
            | AppError::Unappliable(_)
            | AppError::VersionConflict(_)
            | AppError::PersonRefTaken(_)
            | AppError::InvalidTransition { .. } => ErrorCode::Conflict,
            AppError::RateLimited(_) => ErrorCode::RateLimited,
            AppError::TooLarge => ErrorCode::TooLarge,
            AppError::Timeout => ErrorCode::Timeout,
            AppError::File(refusal) => refusal.code(),
            AppError::ScanUnavailable(_) => ErrorCode::ScanUnavailable,
            AppError::Appeal(refusal) => refusal.code(),
            AppError::Message(refusal) => refusal.code(),
            AppError::Notification(refusal) => refusal.code(),
            AppError::Database(_) | AppError::Corrupt(_) | AppError::Storage(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden
            | AppError::OutOfReach(_)
            | AppError::AccessEnded
            | AppError::PreviewReadOnly => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::NoPlan => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) | AppError::Nul(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict
            | AppError::Unappliable(_)
            | AppError::VersionConflict(_)
            | AppError::PersonRefTaken(_)
            | AppError::InvalidTransition { .. } => StatusCode::CONFLICT,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            AppError::File(refusal) => refusal.status(),
            AppError::ScanUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Appeal(refusal) => refusal.status(),
            AppError::Message(refusal) => refusal.status(),
            AppError::Notification(refusal) => refusal.status(),
            AppError::Database(_) | AppError::Corrupt(_) | AppError::Storage(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// Plain Danish for the person in front of the screen, from the one table of Danish
    /// error texts ([`ErrorCode::danish`], which the app shows too), plus the detail the
    /// server knows; other details stay in the server log.
    fn message(&self) -> String {
        let text = self.code().danish();
        match self {
            // The integration API's own wording (a separate issue covers its messages).
            AppError::OutOfReach(why) => format!("Systemet har ikke adgang til dette: {why}"),
            // The detail takes the place of the text's full stop.
            AppError::BadRequest(why) => format!("{}: {why}", text.trim_end_matches('.')),
            AppError::Nul(field) if field.is_empty() => {
                "Teksten indeholder et tegn, der ikke kan gemmes (NUL). Intet er gemt.".into()
            }
            AppError::Nul(field) => {
                format!("Teksten i {field} indeholder et tegn, der ikke kan gemmes (NUL). Intet er gemt.")
            }
            AppError::RateLimited(wait) => format!("{text} Du kan prøve igen om {wait} sekunder."),
            _ => text.into(),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let body = ApiErrorBody {
            code: self.code(),
            message: self.message(),
            request_id: crate::operations::request_id::current(),
        };
        let retry_after = match self {
            AppError::RateLimited(wait) => Some(wait),
            _ => None,
        };
        let mut response = (self.status(), Json(body)).into_response();
        if let Some(wait) = retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(wait),
            );
        }
        response
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            return AppError::TooLarge;
        }
        // serde_json stops nesting at 128 levels, so a too-deep body lands here too.
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

impl From<MultipartRejection> for AppError {
    fn from(rejection: MultipartRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

/// `Path` whose rejection (an id that is not a number, say) is the API's JSON error.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// `Query` whose rejection is the API's JSON error.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct ApiQuery<T>(pub T);

/// `Json` whose rejection is an [`AppError`], so a malformed body gets the same JSON error
/// shape as every other failure; and which refuses a NUL character in any string of the
/// body ([`AppError::Nul`]): PostgreSQL cannot store one in text and SQLite can, so every
/// API that takes JSON answers the same 400 on both, before any handler runs.
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: serde::de::DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: axum::extract::Request, state: &S) -> Result<Self, AppError> {
        let (parts, body) = request.into_parts();
        // The body is read once, under the same limit `Json` reads it with (the limit is an
        // extension of the request), checked, then given to `Json` as it was.
        let mut reading = axum::extract::Request::new(body);
        *reading.extensions_mut() = parts.extensions.clone();
        let bytes = json_body(reading, state).await?;
        let request = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(ApiJson(value))
    }
}

/// A JSON body's bytes, read under the route's body limit and refused if any text in it
/// holds a NUL character; for [`ApiJson`] and the integration API's JSON extractor.
pub async fn json_body<S: Send + Sync>(
    request: axum::extract::Request,
    state: &S,
) -> Result<axum::body::Bytes, AppError> {
    let bytes = axum::body::Bytes::from_request(request, state)
        .await
        .map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::BadRequest(rejection.body_text())
            }
        })?;
    if json_has_nul(&bytes) {
        return Err(AppError::Nul(nul_field(&bytes)));
    }
    Ok(bytes)
}

/// Whether a JSON text holds a NUL character: in JSON that can only be the escape `\u0000`
/// inside a string (a raw control character is not JSON, and `Json` refuses it). Its
/// backslash must not itself be escaped: `"\\u0000"` is a backslash and the text `u0000`.
pub fn json_has_nul(body: &[u8]) -> bool {
    memchr::memmem::find_iter(body, b"u0000").any(|at| {
        let backslashes = body[..at].iter().rev().take_while(|&&b| b == b'\\').count();
        backslashes % 2 == 1
    })
}

/// Where in a JSON body the first NUL is (`form.reason`, `parts[1].law`), for the message;
/// empty if the body cannot be read as JSON at all.
fn nul_field(body: &[u8]) -> String {
    fn find(value: &serde_json::Value, path: &str) -> Option<String> {
        match value {
            serde_json::Value::String(text) => text.contains('\0').then(|| path.to_owned()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, item)| find(item, &format!("{path}[{i}]"))),
            serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                if key.contains('\0') {
                    Some(here)
                } else {
                    find(item, &here)
                }
            }),
            _ => None,
        }
    }
    serde_json::from_slice(body)
        .ok()
        .and_then(|value| find(&value, ""))
        .unwrap_or_default()
}

/// Refuses a NUL character in a text field of a form (multipart), as [`ApiJson`] does in
/// JSON.
pub fn refuse_nul(field: &str, text: &str) -> Result<(), AppError> {
    if text.contains('\0') {
        return Err(AppError::Nul(field.to_owned()));
    }
    Ok(())
}

impl From<FileRefusal> for AppError {
    fn from(refusal: FileRefusal) -> Self {
        AppError::File(refusal)
    }
}

/// Why an uploaded file was refused. Each is refused before anything is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileRefusal {
    TooLarge,
    TooMany,
    Quota,
    Type,
    Empty,
    EncryptedPdf,
    Malware,
}

impl FileRefusal {
    fn code(self) -> ErrorCode {
        match self {
            FileRefusal::TooLarge => ErrorCode::FileTooLarge,
            FileRefusal::TooMany => ErrorCode::TooManyFiles,
            FileRefusal::Quota => ErrorCode::QuotaExceeded,
            FileRefusal::Type => ErrorCode::FileTypeRefused,
            FileRefusal::Empty => ErrorCode::FileEmpty,
            FileRefusal::EncryptedPdf => ErrorCode::PdfEncrypted,
            FileRefusal::Malware => ErrorCode::MalwareFound,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            FileRefusal::TooLarge | FileRefusal::TooMany | FileRefusal::Quota => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            FileRefusal::Type => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            FileRefusal::Empty | FileRefusal::EncryptedPdf | FileRefusal::Malware => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }
}

/// Why a notification setting was refused. Nothing is changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationRefusal {
    EmailInvalid,
    CodeWrong,
    CodeExpired,
    /// No mail server is configured, or it did not take the e-mail.
    MailUnavailable,
    PhoneInvalid,
    /// No SMS provider is configured, or it did not take the SMS.
    SmsUnavailable,
}

impl From<NotificationRefusal> for AppError {
    fn from(refusal: NotificationRefusal) -> Self {
        AppError::Notification(refusal)
    }
}

impl NotificationRefusal {
    fn code(self) -> ErrorCode {
        match self {
            NotificationRefusal::EmailInvalid => ErrorCode::EmailInvalid,
            NotificationRefusal::CodeWrong => ErrorCode::CodeWrong,
            NotificationRefusal::CodeExpired => ErrorCode::CodeExpired,
            NotificationRefusal::MailUnavailable => ErrorCode::MailUnavailable,
            NotificationRefusal::PhoneInvalid => ErrorCode::PhoneInvalid,
            NotificationRefusal::SmsUnavailable => ErrorCode::SmsUnavailable,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            NotificationRefusal::MailUnavailable | NotificationRefusal::SmsUnavailable => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Why a message was refused. Nothing is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageRefusal {
    Empty,
    TooLong,
    TooManyAttachments,
    UnknownDocument,
    NoContact,
}

impl From<MessageRefusal> for AppError {
    fn from(refusal: MessageRefusal) -> Self {
        AppError::Message(refusal)
    }
}

impl MessageRefusal {
    fn code(self) -> ErrorCode {
        match self {
            MessageRefusal::Empty => ErrorCode::MessageEmpty,
            MessageRefusal::TooLong => ErrorCode::TextTooLong,
            MessageRefusal::TooManyAttachments => ErrorCode::TooManyAttachments,
            MessageRefusal::UnknownDocument => ErrorCode::UnknownDocument,
            MessageRefusal::NoContact => ErrorCode::NoContact,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            MessageRefusal::NoContact => StatusCode::CONFLICT,
            _ => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// Why an appeal, a draft or an addition was refused. Nothing is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppealRefusal {
    AlreadyAppealed,
    NoPartsSelected,
    UnknownPart,
    TextTooLong,
    Closed,
}

impl From<AppealRefusal> for AppError {
    fn from(refusal: AppealRefusal) -> Self {
        AppError::Appeal(refusal)
    }
}

impl AppealRefusal {
    fn code(self) -> ErrorCode {
        match self {
            AppealRefusal::AlreadyAppealed => ErrorCode::AppealExists,
            AppealRefusal::NoPartsSelected => ErrorCode::NoPartsSelected,
            AppealRefusal::UnknownPart => ErrorCode::UnknownPart,
            AppealRefusal::TextTooLong => ErrorCode::TextTooLong,
            AppealRefusal::Closed => ErrorCode::AppealClosed,
        }
    }

    fn status(self) -> StatusCode {
        match self {
            AppealRefusal::AlreadyAppealed | AppealRefusal::Closed => StatusCode::CONFLICT,
            AppealRefusal::NoPartsSelected | AppealRefusal::UnknownPart | AppealRefusal::TextTooLong => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(json_has_nul(br#"{"a": "x\u0000"}"#));
        assert!(json_has_nul(br#"{"a\u0000": 1}"#));
        assert!(json_has_nul(br#"["\\\u0000"]"#), "an escaped backslash, then NUL");
        assert!(!json_has_nul(br#"{"a": "C:\\u0000"}"#), "a backslash, then text");
        assert!(json_has_nul(br#"{"a": "\u00000"}"#), "NUL, then a digit");
        assert!(!json_has_nul(br#"{"a": "u0000"}"#));
        assert!(!json_has_nul(br#"{"a": "\u0001 u0000"}"#));
        assert_eq!(
            nul_field(br#"{"form": {"parts": ["", "\u0000"]}}"#),
            "form.parts[1]"
        );
        assert_eq!(nul_field(br#"{"a": "\u0000"#), "");
    }
}
