//! Limits on every request: body size, time, and rate (sign-in and uploads). A limit hit
//! is answered with a clear, translated refusal, and nothing is changed.

use std::net::IpAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use chrono::Utc;
use tower_http::timeout::RequestBodyTimeoutLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::db::Db;
use crate::error::AppError;
use crate::proxies::of_request;
use crate::state::AppState;

/// JSON bodies: room for an appeal with long reasons for several parts, no more.
pub const JSON_BODY_LIMIT: usize = 256 * 1024;
/// An API request that takes longer has gone wrong; the client is told, nothing is kept.
pub const API_DEADLINE: Duration = Duration::from_secs(30);
/// Uploads of up to 20 files of 25 MB from a slow phone need far longer.
pub const UPLOAD_DEADLINE: Duration = Duration::from_secs(30 * 60);
/// A client that sends nothing for this long is gone (or holding a connection open).
pub const BODY_IDLE: Duration = Duration::from_secs(60);

/// The limits every API route gets. The upload route raises the body limit on its own.
pub fn api<S: Clone + Send + Sync + 'static>(router: OpenApiRouter<S>) -> OpenApiRouter<S> {
    router
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(axum::middleware::from_fn(deadline))
        .layer(RequestBodyTimeoutLayer::new(BODY_IDLE))
        .layer(axum::middleware::from_fn(refuse_nul_in_uri))
}

/// A NUL in a path or a query (`%00`; a URI cannot hold it raw) is refused as it is in a
/// body (`error::ApiJson`): PostgreSQL cannot take it as text, SQLite can.
async fn refuse_nul_in_uri(request: Request, next: Next) -> Response {
    let uri = request.uri();
    if uri.path().contains("%00") || uri.query().is_some_and(|q| q.contains("%00")) {
        return AppError::Nul(String::new()).into_response();
    }
    next.run(request).await
}

fn is_upload(method: &Method, path: &str) -> bool {
    method == Method::POST && (path.ends_with("/documents") || path.contains("/shared-documents/"))
}

async fn deadline(request: Request, next: Next) -> Response {
    let limit = if is_upload(request.method(), request.uri().path()) {
        UPLOAD_DEADLINE
    } else {
        API_DEADLINE
    };
    // Dropping the handler's future rolls back its open transaction.
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => AppError::Timeout.into_response(),
    }
}

/// Attempts per key and minute, counted in the database so that every server counts the
/// same attempts. The minute starts at a key's first attempt (not on the clock's minute), so
/// a burst cannot straddle two minutes and get twice through.
#[derive(Clone)]
pub struct RateLimit {
    db: Db,
    limit: u32,
    /// The window the limit counts in, in seconds.
    window: i64,
}

impl RateLimit {
    pub fn per_minute(db: Db, per_minute: u32) -> Self {
        Self {
            db,
            limit: per_minute.max(1),
            window: 60,
        }
    }

    pub fn per_day(db: Db, per_day: u32) -> Self {
        Self {
            db,
            limit: per_day.max(1),
            window: 86_400,
        }
    }

    /// Counts an attempt for `key`; over the limit, says how many seconds to wait.
    pub async fn check(&self, key: &str) -> Result<(), AppError> {
        let now = Utc::now().timestamp();
        let (count, started_at): (i64, i64) = sqlx::query_as(
            "INSERT INTO rate_limits (key, started_at, count) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
                 count = CASE WHEN $2 - rate_limits.started_at >= $3 THEN 1 ELSE rate_limits.count + 1 END,
                 started_at = CASE WHEN $2 - rate_limits.started_at >= $3 THEN $2 ELSE rate_limits.started_at END
             RETURNING count, started_at",
        )
        .bind(key)
        .bind(now)
        .bind(self.window)
        .fetch_one(&self.db)
        .await?;
        if count > i64::from(self.limit) {
            crate::operations::metrics::rate_limited(key);
            let wait = (started_at + self.window - now).max(1);
            return Err(AppError::RateLimited(u64::try_from(wait).unwrap_or(60)));
        }
        // Keys of addresses seen once must not pile up forever; a tenth of a percent of the
        // attempts sweeps the rows whose window (a day at most) is long gone.
        if now % 1000 == 0 {
            sqlx::query("DELETE FROM rate_limits WHERE started_at < $1")
                .bind(now - 2 * 86_400)
                .execute(&self.db)
                .await?;
        }
        Ok(())
    }
}

/// The counter every sign-in route shares, per address. (Computed before the check: the
/// request itself cannot be held across an `.await` in a middleware.)
fn sign_in_key(state: &AppState, request: &Request) -> String {
    match of_request(
        request.extensions(),
        request.headers(),
        &state.settings.trusted_proxies,
    ) {
        Some(address) => format!("sign-in:{address}"),
        None => "sign-in:unknown".into(),
    }
}

/// For the sign-in routes, which are browser navigations: the refusal is a small page.
pub fn sign_in_per_ip(router: Router<AppState>, state: &AppState) -> Router<AppState> {
    router.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        sign_in_page_guard,
    ))
}

async fn sign_in_page_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.sign_in_limit.check(&sign_in_key(&state, &request)).await {
        Ok(()) => next.run(request).await,
        Err(AppError::RateLimited(wait)) => {
            let page = format!(
                "<!doctype html><html lang=da><meta charset=utf-8><title>For mange forsøg</title>\
                 <h1>For mange forsøg på at logge ind</h1><p>Vent {wait} sekunder, og prøv igen.</p>\
                 <p lang=en>Too many sign-in attempts. Wait {wait} seconds and try again.</p>\
                 <p><a href=/login>Til log ind / To sign-in</a></p></html>"
            );
            let mut response = (StatusCode::TOO_MANY_REQUESTS, axum::response::Html(page)).into_response();
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(wait));
            response
        }
        Err(other) => other.into_response(),
    }
}

/// For an API route: the refusal is the API's JSON error, translated by the app. Shares
/// its counter with the sign-in routes: both are ways to sign in.
pub fn api_per_ip(route: MethodRouter<AppState>, state: &AppState) -> MethodRouter<AppState> {
    route.layer(axum::middleware::from_fn_with_state(
        state.clone(),
        sign_in_api_guard,
    ))
}

async fn sign_in_api_guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match state.sign_in_limit.check(&sign_in_key(&state, &request)).await {
        Ok(()) => next.run(request).await,
        Err(refusal) => refusal.into_response(),
    }
}

/// Uploads per account and per IP address, checked in the handler, which can then read the
/// refused body to its end so the browser receives the 429 instead of a reset connection.
pub async fn check_upload(
    state: &AppState,
    account_id: i64,
    address: Option<IpAddr>,
) -> Result<(), AppError> {
    state
        .upload_limit
        .check(&format!("upload:account:{account_id}"))
        .await?;
    match address {
        Some(address) => state.upload_limit.check(&format!("upload:ip:{address}")).await,
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn two_servers_count_the_same_attempts_and_say_when_to_come_back() {
        let data = tempfile::TempDir::new().unwrap();
        let config = crate::Config::for_tests(data.path().to_owned(), data.path().to_owned());
        let db = crate::db::open(&config.database()).await.unwrap();
        // Two servers' limiters on one database.
        let first = RateLimit::per_minute(db.clone(), 2);
        let second = RateLimit::per_minute(db, 2);
        assert!(first.check("upload:account:1").await.is_ok());
        assert!(second.check("upload:account:1").await.is_ok());
        match first.check("upload:account:1").await {
            Err(AppError::RateLimited(wait)) => assert!((1..=60).contains(&wait)),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        assert!(second.check("upload:account:1").await.is_err());
        // Another key is not affected.
        assert!(second.check("upload:account:2").await.is_ok());
    }

    #[test]
    fn only_document_uploads_get_the_long_deadline() {
        assert!(is_upload(&Method::POST, "/api/documents"));
        assert!(!is_upload(&Method::GET, "/api/documents"));
        assert!(!is_upload(&Method::POST, "/api/appeals"));
    }
}
