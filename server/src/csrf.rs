//! Cross-site request forgery: the session cookie is `SameSite=Strict`, and on top of that
//! a state-changing request that a browser marks as coming from another site is refused
//! before it reaches a handler. Requests without an `Origin` (curl, case systems with their
//! own tokens) carry no browser cookie risk and pass.

use axum::extract::Request;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// Whether a request with these headers may change state.
pub fn same_origin(method: &Method, headers: &HeaderMap) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site") == Some("cross-site") {
        return false;
    }
    let Some(origin) = text(header::ORIGIN.as_str()) else {
        return true;
    };
    // "null" is what a sandboxed frame or a redirect across sites sends: never ours.
    let authority = origin.split_once("://").map(|(_, rest)| rest);
    let hosts = [text(header::HOST.as_str()), text("x-forwarded-host")];
    authority.is_some_and(|authority| {
        hosts
            .iter()
            .flatten()
            .any(|host| host.eq_ignore_ascii_case(authority))
    })
}

pub async fn guard(request: Request, next: Next) -> Response {
    if same_origin(request.method(), request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(uri = %request.uri(), "refused a cross-site request");
        AppError::Forbidden.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, value.parse().unwrap());
        }
        map
    }

    #[test]
    fn only_the_sites_own_pages_may_change_state() {
        let own = headers(&[
            ("host", "samlet.aarhus.dk"),
            ("origin", "https://samlet.aarhus.dk"),
        ]);
        assert!(same_origin(&Method::POST, &own));
        let forged = headers(&[("host", "samlet.aarhus.dk"), ("origin", "https://evil.example")]);
        assert!(!same_origin(&Method::POST, &forged));
        assert!(!same_origin(&Method::DELETE, &forged));
        assert!(same_origin(&Method::GET, &forged), "reads change nothing");
        let null = headers(&[("host", "samlet.aarhus.dk"), ("origin", "null")]);
        assert!(!same_origin(&Method::PUT, &null));
        let marked = headers(&[("host", "samlet.aarhus.dk"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_origin(&Method::POST, &marked));
        let proxied = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "samlet.aarhus.dk"),
            ("origin", "https://samlet.aarhus.dk"),
        ]);
        assert!(same_origin(&Method::POST, &proxied));
        assert!(
            same_origin(&Method::POST, &headers(&[("host", "samlet.aarhus.dk")])),
            "no browser, no cookie risk"
        );
    }
}
