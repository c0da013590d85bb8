//! The integration API's one error type, mapped to HTTP once: for developers, so in English,
//! naming the field and the rule (`title: required`), with a code to branch on
//! ([`IntegrationErrorCode`]). The domain code the citizen API shares returns [`AppError`];
//! it is described here again for a case system's developer.
//!
//! The extractors below are the integration API's `Json`, `Path` and `Query`: they refuse
//! what the citizen API's would, but say so in these terms, and the JSON one refuses
//! fields the operation does not know instead of ignoring them (a typo such as
//! `"sensitve": true` would otherwise be accepted and silently mean `false`).

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use samlet_api::integration::{IntegrationErrorBody, IntegrationErrorCode as Code};
use serde::de::DeserializeOwned;

use super::systems::Scope;
use crate::error::{AppError, FileRefusal};

#[derive(Debug, thiserror::Error)]
pub enum IntegrationError {
    /// What the shared domain code refused.
    #[error(transparent)]
    App(#[from] AppError),
    /// The token lacks the scope the operation needs.
    #[error("missing scope {}", .0.name())]
    MissingScope(Scope),
    /// A field of the body breaks a rule of its type (`version: must be a whole number`).
    #[error("{field}: {rule}")]
    Invalid { field: String, rule: String },
    /// The body has a field the operation does not know; `known` lists those it does.
    #[error("{field}: unknown field")]
    UnknownField { field: String, known: String },
}

impl IntegrationError {
    fn invalid(field: impl Into<String>, rule: impl Into<String>) -> Self {
        IntegrationError::Invalid {
            field: field.into(),
            rule: rule.into(),
        }
    }

    /// The message of the response, for the import's report.
    pub fn message(&self) -> String {
        self.parts().2
    }

    /// The code, the status, the message and the field: the one mapping to HTTP.
    fn parts(&self) -> (Code, StatusCode, String, Option<String>) {
        use StatusCode as S;
        match self {
            IntegrationError::MissingScope(scope) => (
                Code::MissingScope,
                S::FORBIDDEN,
                format!(
                    "this token lacks the scope `{0}`, which this operation needs; ask the operator for a token with --scope {0}",
                    scope.name()
                ),
                None,
            ),
            IntegrationError::Invalid { field, rule } => (
                Code::BadRequest,
                S::BAD_REQUEST,
                format!("{field}: {rule}"),
                Some(field.clone()),
            ),
            IntegrationError::UnknownField { field, known } => (
                Code::UnknownField,
                S::BAD_REQUEST,
                format!("{field}: unknown field; this object's fields are {known}"),
                Some(field.clone()),
            ),
            IntegrationError::App(error) => app_parts(error),
        }
    }
}

fn app_parts(error: &AppError) -> (Code, StatusCode, String, Option<String>) {
    use StatusCode as S;
    // The domain code writes its refusals to case systems as "field: rule".
    let detailed = |code, status, why: &str| (code, status, why.to_owned(), field_of(why));
    let fixed = |code, status, text: &str| (code, status, text.to_owned(), None);
    match error {
        AppError::Unauthenticated => fixed(
            Code::Unauthenticated,
            S::UNAUTHORIZED,
            "no valid token: send `Authorization: Bearer <token>` with the token `samlet-server create-integration-token` printed; this one is missing, unknown or revoked",
        ),
        AppError::BadRequest(why) => detailed(Code::BadRequest, S::BAD_REQUEST, why),
        AppError::Nul(field) if field.is_empty() => fixed(
            Code::BadRequest,
            S::BAD_REQUEST,
            "the body contains a NUL character (\\u0000), which cannot be stored",
        ),
        AppError::Nul(field) => (
            Code::BadRequest,
            S::BAD_REQUEST,
            format!("{field}: contains a NUL character (\\u0000), which cannot be stored"),
            Some(field.clone()),
        ),
        AppError::OutOfReach(why) => detailed(Code::OutOfReach, S::FORBIDDEN, why),
        AppError::NotFound | AppError::NoPlan => fixed(
            Code::NotFound,
            S::NOT_FOUND,
            "nothing with this id or reference within this token's reach",
        ),
        AppError::VersionConflict(version) => (
            Code::VersionConflict,
            S::CONFLICT,
            format!(
                "version: version {version} of this item was applied before with different content; send the change as a higher version"
            ),
            Some("version".into()),
        ),
        AppError::PersonRefTaken(Some(taken)) => (
            Code::PersonRefTaken,
            S::CONFLICT,
            format!(
                "person_ref: this system registered this person under the external id `{taken}`; write the citizen to that id"
            ),
            Some("person_ref".into()),
        ),
        // Another system's ids are its own business.
        AppError::PersonRefTaken(None) => (
            Code::PersonRefTaken,
            S::CONFLICT,
            "person_ref: another case system registered this person; goals, meetings, contacts and decisions need only the person_ref".into(),
            Some("person_ref".into()),
        ),
        AppError::InvalidTransition { from, to } => (
            Code::InvalidTransition,
            S::CONFLICT,
            format!(
                "status: an appeal cannot go from `{from}` to `{to}`; the steps are received → reconsidering → decision_changed or sent_to_ankestyrelsen → decided"
            ),
            Some("status".into()),
        ),
        AppError::Unappliable(why) => detailed(Code::Conflict, S::CONFLICT, why),
        AppError::Conflict => fixed(
            Code::Conflict,
            S::CONFLICT,
            "another request changed this at the same time; nothing was changed; retry",
        ),
        AppError::RateLimited(wait) => (
            Code::RateLimited,
            S::TOO_MANY_REQUESTS,
            format!("too many requests; retry after {wait} seconds"),
            None,
        ),
        AppError::TooLarge => fixed(
            Code::TooLarge,
            S::PAYLOAD_TOO_LARGE,
            "the body is larger than this operation accepts",
        ),
        AppError::File(refusal) => file_parts(*refusal),
        AppError::Timeout | AppError::ScanUnavailable(_) => fixed(
            Code::Unavailable,
            S::SERVICE_UNAVAILABLE,
            "Samlet could not finish in time (or the malware scanner did not answer); nothing was changed; retry later",
        ),
        // A case system acts as itself: no power of attorney, no preview, no citizen's appeal.
        AppError::Forbidden
        | AppError::AccessEnded
        | AppError::PreviewReadOnly
        | AppError::Appeal(_)
        | AppError::Message(_)
        | AppError::Notification(_)
        | AppError::Database(_)
        | AppError::Corrupt(_)
        | AppError::Storage(_) => fixed(
            Code::Internal,
            S::INTERNAL_SERVER_ERROR,
            "something failed in Samlet; nothing was changed; retry later",
        ),
    }
}

fn file_parts(refusal: FileRefusal) -> (Code, StatusCode, String, Option<String>) {
    let (code, status, text) = match refusal {
        FileRefusal::TooLarge | FileRefusal::TooMany | FileRefusal::Quota => (
            Code::TooLarge,
            StatusCode::PAYLOAD_TOO_LARGE,
            "file: larger than the largest document Samlet keeps, or over the citizen's storage quota",
        ),
        FileRefusal::Type => (
            Code::FileTypeRefused,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "file: its bytes are not PDF, JPEG, PNG, HEIC, DOCX or ODT",
        ),
        FileRefusal::Empty => (Code::FileRefused, StatusCode::UNPROCESSABLE_ENTITY, "file: empty"),
        FileRefusal::EncryptedPdf => (
            Code::FileRefused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "file: a password-protected PDF, which the citizen's devices may not open; send it without a password",
        ),
        FileRefusal::Malware => (
            Code::FileRefused,
            StatusCode::UNPROCESSABLE_ENTITY,
            "file: the malware scanner found something in it; it was not stored",
        ),
    };
    (code, status, text.to_owned(), Some("file".into()))
}

/// The field a "field: rule" message is about: `parts[1].law` in
/// `parts[1].law: must not be empty`. Messages that do not start with a field name have none.
fn field_of(message: &str) -> Option<String> {
    let (field, _) = message.split_once(": ")?;
    let is_name = !field.is_empty()
        && field
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'));
    is_name.then(|| field.to_owned())
}

impl IntoResponse for IntegrationError {
    fn into_response(self) -> Response {
        let (code, status, message, field) = self.parts();
        if status.is_server_error() {
            tracing::error!(error = %self, "integration request failed");
        }
        let mut response = (
            status,
            Json(IntegrationErrorBody {
                code,
                message,
                field,
                request_id: crate::operations::request_id::current(),
            }),
        )
            .into_response();
        if let IntegrationError::App(AppError::RateLimited(wait)) = self {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        }
        response
    }
}

impl From<sqlx::Error> for IntegrationError {
    fn from(error: sqlx::Error) -> Self {
        IntegrationError::App(error.into())
    }
}

impl From<std::io::Error> for IntegrationError {
    fn from(error: std::io::Error) -> Self {
        IntegrationError::App(error.into())
    }
}

impl From<FileRefusal> for IntegrationError {
    fn from(refusal: FileRefusal) -> Self {
        IntegrationError::App(refusal.into())
    }
}

impl From<MultipartRejection> for IntegrationError {
    fn from(rejection: MultipartRejection) -> Self {
        IntegrationError::invalid("body", rejection.body_text())
    }
}

impl From<PathRejection> for IntegrationError {
    fn from(rejection: PathRejection) -> Self {
        IntegrationError::invalid("path", rejection.body_text())
    }
}

impl From<QueryRejection> for IntegrationError {
    fn from(rejection: QueryRejection) -> Self {
        IntegrationError::invalid("query", rejection.body_text())
    }
}

/// `Path` with the integration API's errors.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(IntegrationError))]
pub struct IntegrationPath<T>(pub T);

/// `Query` with the integration API's errors.
#[derive(axum::extract::FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(IntegrationError))]
pub struct IntegrationQuery<T>(pub T);

/// A JSON body for the integration API: `application/json`, no NUL in any text (as the
/// citizen API's [`crate::error::ApiJson`]), and read with the path of the first field
/// that fails, so the refusal can name it. The wire types refuse unknown fields
/// (`deny_unknown_fields`), and that refusal is reported as [`IntegrationError::UnknownField`].
pub struct IntegrationJson<T>(pub T);

impl<T, S> FromRequest<S> for IntegrationJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = IntegrationError;

    async fn from_request(request: Request, state: &S) -> Result<Self, IntegrationError> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|mime| {
                let mime = mime.trim().to_ascii_lowercase();
                mime == "application/json" || (mime.starts_with("application/") && mime.ends_with("+json"))
            })
            .unwrap_or(false);
        if !is_json {
            return Err(IntegrationError::invalid(
                "Content-Type",
                "send the body as application/json",
            ));
        }
        let bytes = crate::error::json_body(request, state).await?;
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut reader).map_err(|error| refusal(&bytes, error))?;
        reader
            .end()
            .map_err(|_| IntegrationError::invalid("body", "text after the JSON value"))?;
        Ok(IntegrationJson(value))
    }
}

/// Turns serde's account of a bad body into the field and the rule it broke.
fn refusal(body: &[u8], error: serde_path_to_error::Error<serde_json::Error>) -> IntegrationError {
    use serde_json::error::Category;
    let path = error.path().to_string();
    let inner = error.into_inner();
    if matches!(inner.classify(), Category::Syntax | Category::Eof | Category::Io) {
        return IntegrationError::invalid(
            "body",
            format!(
                "not valid JSON (line {}, column {})",
                inner.line(),
                inner.column()
            ),
        );
    }
    // serde's message without its "at line 1 column 60".
    let text = inner.to_string();
    let text = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(text, _)| text);
    let at = |name: &str| {
        if path == "." {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if let Some(rest) = text.strip_prefix("missing field `") {
        return IntegrationError::invalid(at(rest.trim_end_matches('`')), "required");
    }
    if let Some(rest) = text.strip_prefix("unknown field `") {
        let (name, known) = rest.split_once('`').unwrap_or((rest, ""));
        let known = known
            .trim_start_matches(", expected one of ")
            .trim_start_matches(", expected ")
            .replace('`', "");
        // The path already ends at the unknown key.
        let field = if path.ends_with(name) { path } else { at(name) };
        return IntegrationError::UnknownField {
            field,
            known: if known.is_empty() { "none".into() } else { known },
        };
    }
    let field = if path == "." { "body".to_owned() } else { path };
    if let Some(rest) = text.strip_prefix("unknown variant `") {
        let expected = rest
            .split_once("expected ")
            .map_or("", |(_, expected)| expected)
            .trim_start_matches("one of ")
            .replace('`', "");
        return IntegrationError::invalid(field, format!("must be one of {expected}"));
    }
    if let Some((got, expected)) = text
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        let got = got.split_once(' ').map_or(got, |(kind, _)| kind);
        return IntegrationError::invalid(field, format!("must be {}, not {got}", plain(expected)));
    }
    if text.starts_with("invalid value: integer") {
        return IntegrationError::invalid(field, "out of range");
    }
    // Left: the parsers of dates and timestamps (chrono), whose messages do not say what
    // was expected.
    let raw = raw_at(body, &field);
    let rule = match raw.as_deref() {
        // A date field given more than a date (`2026-12-01T09:00:00` for `target_date`).
        Some(_) if text.contains("trailing input") => {
            "not a date: write YYYY-MM-DD, e.g. 2026-12-01".to_owned()
        }
        Some(raw) if looks_like_naive_time(raw) => {
            "the offset is missing: write the time with its offset, e.g. 2026-12-01T09:00:00+01:00 or 2026-12-01T08:00:00Z".to_owned()
        }
        Some(raw) if raw.contains('T') || raw.contains(':') => {
            "not a date-time: write RFC 3339 with an offset, e.g. 2026-12-01T09:00:00+01:00".to_owned()
        }
        Some(_) if text.contains("input") => "not a date: write YYYY-MM-DD, e.g. 2026-12-01".to_owned(),
        _ => text.to_owned(),
    };
    IntegrationError::invalid(field, rule)
}

/// What serde calls a type, in the words of the document.
fn plain(expected: &str) -> String {
    match expected {
        "i64" | "i32" | "u32" | "u64" | "usize" => "a whole number".into(),
        "a boolean" => "true or false".into(),
        "a string" => "a text (a JSON string)".into(),
        "a sequence" => "a list (a JSON array)".into(),
        other if other.starts_with("struct ") || other == "a map" => "an object".into(),
        other => other.replace('`', ""),
    }
}

/// A date and time without an offset: `2026-12-01T09:00:00`.
fn looks_like_naive_time(raw: &str) -> bool {
    chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%d %H:%M:%S%.f").is_ok()
}

/// The text at a path such as `parts[1].law` in the body, if it is a string.
fn raw_at(body: &[u8], path: &str) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_slice(body).ok()?;
    for step in path.split('.') {
        let (name, index) = match step.split_once('[') {
            Some((name, index)) => (name, index.trim_end_matches(']').parse::<usize>().ok()),
            None => (step, None),
        };
        if !name.is_empty() {
            value = value.get_mut(name)?.take();
        }
        if let Some(index) = index {
            value = value.get_mut(index)?.take();
        }
    }
    value.as_str().map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use samlet_api::integration::{DecisionWrite, GoalWrite, MeetingWrite};

    fn refuse<T: DeserializeOwned + std::fmt::Debug>(body: &str) -> (Code, String, Option<String>) {
        let mut reader = serde_json::Deserializer::from_str(body);
        let error = serde_path_to_error::deserialize::<_, T>(&mut reader).unwrap_err();
        let (code, _, message, field) = refusal(body.as_bytes(), error).parts();
        (code, message, field)
    }

    const GOAL: &str = r#""person_ref": "p", "version": 1, "life_area": "health", "title": "t""#;

    #[test]
    fn a_typo_in_a_field_name_is_refused_and_named() {
        let (code, message, field) = refuse::<GoalWrite>(&format!(r#"{{{GOAL}, "sensitve": true}}"#));
        assert_eq!(code, Code::UnknownField);
        assert_eq!(field.as_deref(), Some("sensitve"));
        assert!(message.contains("sensitive"), "{message}");
    }

    #[test]
    fn a_missing_field_is_required_and_no_serde_internals_show() {
        let (code, message, field) =
            refuse::<GoalWrite>(r#"{"person_ref": "p", "version": 1, "life_area": "health"}"#);
        assert_eq!(code, Code::BadRequest);
        assert_eq!(message, "title: required");
        assert_eq!(field.as_deref(), Some("title"));
        let (_, message, _) = refuse::<GoalWrite>(&format!(r#"{{{GOAL}, "sensitive": "yes"}}"#));
        assert_eq!(message, "sensitive: must be true or false, not string");
        let (_, message, _) =
            refuse::<GoalWrite>(r#"{"person_ref": "p", "version": 1, "life_area": "moon", "title": "t"}"#);
        assert!(
            message.starts_with("life_area: must be one of job_education, "),
            "{message}"
        );
    }

    #[test]
    fn a_time_without_its_offset_says_so() {
        let body = r#"{"person_ref": "p", "version": 1, "title": "t",
            "starts_at": "2026-12-01T09:00:00", "ends_at": "2026-12-01T10:00:00Z"}"#;
        let (_, message, field) = refuse::<MeetingWrite>(body);
        assert_eq!(field.as_deref(), Some("starts_at"));
        assert!(message.contains("offset is missing"), "{message}");
    }

    #[test]
    fn a_date_given_a_time_is_told_to_be_a_date() {
        let body = r#"{"goal": "G", "version": 1, "title": "t", "success_criterion": "c",
            "status": "in_progress", "unit": "u", "target_date": "2026-12-01T09:00:00"}"#;
        let (_, message, _) = refuse::<samlet_api::integration::SubGoalWrite>(body);
        assert!(message.starts_with("target_date: not a date"), "{message}");
    }

    #[test]
    fn a_nested_field_is_named_by_its_path() {
        let body = r#"{"person_ref": "p", "version": 1, "title": "t", "channel": "digital_post",
            "sent_at": "2026-12-01T09:00:00Z", "reasoning": "r", "appeal_guidance": "g",
            "parts": [{"intervention": "i", "outcome": "granted", "law": "l", "explanation": "e"},
                      {"intervention": "i", "outcome": "granted", "explanation": "e"}]}"#;
        let (_, message, field) = refuse::<DecisionWrite>(body);
        assert_eq!(message, "parts[1].law: required");
        assert_eq!(field.as_deref(), Some("parts[1].law"));
    }

    #[test]
    fn the_field_of_a_domain_refusal_is_its_prefix() {
        assert_eq!(
            field_of("parts[1].law: must not be empty").as_deref(),
            Some("parts[1].law")
        );
        assert_eq!(field_of("a decision has at least one part: x"), None);
    }
}
