use axum::Json;
use axum::extract::rejection::JsonRejection;
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
    #[error("not found")]
    NotFound,
    #[error("the account has no plan")]
    NoPlan,
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("conflict")]
    Conflict,
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
            AppError::Forbidden => ErrorCode::Forbidden,
            AppError::NotFound => ErrorCode::NotFound,
            AppError::NoPlan => ErrorCode::NoPlan,
            AppError::BadRequest(_) => ErrorCode::BadRequest,
            AppError::Conflict => ErrorCode::Conflict,
            AppError::Database(_) | AppError::Corrupt(_) => ErrorCode::Internal,
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound | AppError::NoPlan => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Conflict => StatusCode::CONFLICT,
            AppError::Database(_) | AppError::Corrupt(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// Plain Danish for the person in front of the screen; details stay in the server log.
    fn message(&self) -> String {
        match self {
            AppError::Unauthenticated => "Du er ikke logget ind. Log ind for at fortsætte.".into(),
            AppError::Forbidden => "Du har ikke adgang til dette.".into(),
            AppError::NotFound => "Siden eller oplysningen findes ikke.".into(),
            AppError::NoPlan => "Der er ingen plan knyttet til denne konto.".into(),
            AppError::BadRequest(why) => format!("Forespørgslen kunne ikke bruges: {why}"),
            AppError::Conflict => {
                "Det er blevet ændret et andet sted, siden du åbnede det. Intet er gemt.".into()
            }
            AppError::Database(_) | AppError::Corrupt(_) => {
                "Der skete en fejl hos os. Intet er ændret. Prøv igen om lidt.".into()
            }
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
        (self.status(), Json(body)).into_response()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        AppError::BadRequest(rejection.body_text())
    }
}

/// `Json` whose rejection is an [`AppError`], so a malformed body gets the same JSON error
/// shape as every other failure.
#[derive(axum::extract::FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct ApiJson<T>(pub T);
