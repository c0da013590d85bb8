//! A request id on every request: taken from `X-Request-Id` when a trusted proxy
//! (`--trusted-proxy`) sent it, made here otherwise. It is in the response's `X-Request-Id`,
//! in every log line of the request (the `request` span) and in every error body, so the
//! "fejl-id" a citizen quotes leads to the log lines.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::state::AppState;

pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    static CURRENT: String;
}

/// The id of the request being answered on this task, for error bodies.
pub fn current() -> Option<String> {
    CURRENT.try_with(Clone::clone).ok()
}

pub async fn assign(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let trusted = crate::proxies::from_trusted_proxy(request.extensions(), &state.settings.trusted_proxies);
    let given = request
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|id| trusted && acceptable(id))
        .map(str::to_owned);
    let id = given.unwrap_or_else(made);
    // At the error level, so the span (and the id) is in every line a server logging only
    // warnings and errors writes.
    let span = tracing::error_span!("request", request_id = %id);
    let mut response = CURRENT
        .scope(id.clone(), next.run(request).instrument(span))
        .await;
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(HEADER, value);
    }
    response
}

/// What a proxy's id may be: short, and nothing a log line or header could be bent with.
fn acceptable(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Sixteen hexadecimal digits: short enough to read out on the phone, unique enough for a
/// municipality's logs.
fn made() -> String {
    let mut bytes = [0u8; 8];
    // Without randomness (never seen on Linux) the time still tells requests apart.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = (std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or_default())
        .to_be_bytes();
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{acceptable, made};

    #[test]
    fn a_proxys_id_is_kept_only_when_it_is_plain() {
        assert!(acceptable("7f3a-91c2.lb_1"));
        assert!(!acceptable(""));
        assert!(!acceptable("a b"));
        assert!(!acceptable("id\r\nX-Evil: 1"));
        assert!(!acceptable(&"a".repeat(129)));
    }

    #[test]
    fn made_ids_are_sixteen_hex_digits_and_differ() {
        let (a, b) = (made(), made());
        assert_eq!(a.len(), 16);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
