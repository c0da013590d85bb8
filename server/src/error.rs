use axum::Json;
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
    #[error("conflict")]
    Conflict,
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
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Conflict => ErrorCode::Conflict,
            AppError::RateLimited(_) => ErrorCode::RateLimited,
            AppError::TooLarge => ErrorCode::TooLarge,
            AppError::Timeout => ErrorCode::Timeout,
            AppError::File(refusal) => refusal.code(),
            AppError::ScanUnavailable(_) => ErrorCode::ScanUnavailable,
            AppError::Appeal(refusal) => refusal.code(),
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
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            AppError::File(refusal) => refusal.status(),
            AppError::ScanUnavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Appeal(refusal) => refusal.status(),
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
/// shape as every other failure.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);

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
