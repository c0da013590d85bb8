//! Limits on every request: body size, time, and rate (sign-in and uploads). A limit hit
//! is answered with a clear, translated refusal, and nothing is changed.

use std::hash::Hash;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tower_governor::governor::{GovernorConfig, GovernorConfigBuilder};
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::timeout::RequestBodyTimeoutLayer;
use utoipa_axum::router::OpenApiRouter;

use crate::error::AppError;

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

fn quota_per_minute(per_minute: u32) -> (u64, u32) {
    let n = per_minute.max(1);
    (60_000 / u64::from(n), n)
}

/// Sign-in attempts per IP address, shared by the demo login and the OpenID Connect routes.
pub type SignInGovernor = Arc<GovernorConfig<PeerIpKeyExtractor, NoOpMiddleware>>;

pub fn sign_in_governor(per_minute: u32) -> SignInGovernor {
    let (period_ms, burst) = quota_per_minute(per_minute);
    let config = GovernorConfigBuilder::default()
        .per_millisecond(period_ms.max(1))
        .burst_size(burst)
        .key_extractor(PeerIpKeyExtractor)
        .finish()
        // Only a zero period or burst makes `finish` fail, and both are at least 1.
        .unwrap_or_default();
    Arc::new(config)
}

/// For the sign-in routes, which are browser navigations: the refusal is a small page.
pub fn sign_in_per_ip<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    governor: &SignInGovernor,
) -> Router<S> {
    router.layer(GovernorLayer::new(governor.clone()).error_handler(|error| {
        let wait = wait_seconds(&error);
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
    }))
}

/// For an API route: the refusal is the API's JSON error, translated by the app.
pub fn api_per_ip<S: Clone + Send + Sync + 'static>(
    route: axum::routing::MethodRouter<S>,
    governor: &SignInGovernor,
) -> axum::routing::MethodRouter<S> {
    route.layer(
        GovernorLayer::new(governor.clone())
            .error_handler(|error| AppError::RateLimited(wait_seconds(&error)).into_response()),
    )
}

fn wait_seconds(error: &GovernorError) -> u64 {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => (*wait_time).max(1),
        _ => 1,
    }
}

/// Uploads per account and per IP address, checked in the handler, which can then read the
/// refused body to its end so the browser receives the 429 instead of a reset connection.
pub struct UploadLimiter {
    accounts: KeyedLimiter<i64>,
    addresses: KeyedLimiter<IpAddr>,
}

impl UploadLimiter {
    pub fn per_minute(per_minute: u32) -> Self {
        Self {
            accounts: KeyedLimiter::per_minute(per_minute),
            addresses: KeyedLimiter::per_minute(per_minute),
        }
    }

    pub fn check(&self, account_id: i64, address: Option<IpAddr>) -> Result<(), AppError> {
        self.accounts.check(&account_id)?;
        match address {
            Some(address) => self.addresses.check(&address),
            None => Ok(()),
        }
    }
}

pub struct KeyedLimiter<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> KeyedLimiter<K> {
    pub fn per_minute(per_minute: u32) -> Self {
        let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self {
            limiter: RateLimiter::keyed(Quota::per_minute(n)),
        }
    }

    pub fn check(&self, key: &K) -> Result<(), AppError> {
        if self.limiter.len() > 100_000 {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(key).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            AppError::RateLimited(wait.as_secs().max(1))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_over_its_rate_is_told_when_to_come_back() {
        let limiter = UploadLimiter::per_minute(2);
        let home = Some(IpAddr::from([10, 0, 0, 1]));
        assert!(limiter.check(1, home).is_ok());
        assert!(limiter.check(1, home).is_ok());
        match limiter.check(1, home) {
            Err(AppError::RateLimited(wait)) => assert!((1..=60).contains(&wait)),
            other => panic!("expected a rate limit, got {other:?}"),
        }
        // Another account from elsewhere is not affected; from the same address it is.
        assert!(limiter.check(2, Some(IpAddr::from([10, 0, 0, 2]))).is_ok());
        assert!(limiter.check(3, home).is_err());
    }

    #[test]
    fn only_document_uploads_get_the_long_deadline() {
        assert!(is_upload(&Method::POST, "/api/documents"));
        assert!(!is_upload(&Method::GET, "/api/documents"));
        assert!(!is_upload(&Method::POST, "/api/appeals"));
    }
}
