//! Cross-site request forgery: the session cookie is `SameSite=Strict`, and on top of that
//! a state-changing request that a browser marks as coming from another site is refused
//! before it reaches a handler. Requests without an `Origin` (curl, case systems with their
//! own tokens) carry no browser cookie risk and pass.
//!
//! An `Origin` must be the site's own: the same scheme, host and port, either those of the
//! public URL (`--public-url`) or those the request was addressed to. The latter are the
//! `Host` header and the scheme of the public URL, unless the request came straight from
//! a trusted proxy (`--trusted-proxy`, the same check as for the client's address in
//! `proxies`): then its `X-Forwarded-Host` and `X-Forwarded-Proto` say them. From anyone
//! else those headers are ignored, since a forger can write them too.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::state::AppState;

/// An origin as browsers write it: scheme, host and port (the scheme's default when none
/// is written), compared without regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    scheme: String,
    host: String,
    port: u16,
}

impl Origin {
    /// `https://samlet.aarhus.dk`, `http://127.0.0.1:8080`, `http://[::1]:8080`; a path after
    /// the authority (a public URL may have one) is ignored. `None` for anything else,
    /// such as the `null` a sandboxed frame sends.
    pub fn parse(text: &str) -> Option<Self> {
        let (scheme, rest) = text.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        Self::of(scheme, authority)
    }

    /// The origin of a request addressed to `authority` (a `Host` header) over `scheme`.
    fn of(scheme: &str, authority: &str) -> Option<Self> {
        let scheme = scheme.trim().to_ascii_lowercase();
        let default_port = match scheme.as_str() {
            "http" => 80,
            "https" => 443,
            _ => return None,
        };
        let authority = authority.trim();
        if authority.is_empty() || authority.contains('@') {
            return None;
        }
        // The port is what follows the last colon, except inside an IPv6 literal.
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => (host, Some(port)),
            _ => (authority, None),
        };
        let port = match port {
            None => default_port,
            Some(port) => port.parse().ok()?,
        };
        if host.is_empty() {
            return None;
        }
        Some(Self {
            scheme,
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

/// The first value of a header, and of a comma-separated list in it: the one the first
/// proxy wrote, facing the browser.
fn first<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    let value = headers.get(name)?.to_str().ok()?;
    value.split(',').next().map(str::trim).filter(|v| !v.is_empty())
}

/// Whether a request with these headers may change state. `public` is the origin of the
/// public URL; `from_trusted_proxy` whether the request came straight from a trusted proxy.
pub fn same_origin(
    method: &Method,
    headers: &HeaderMap,
    public: Option<&Origin>,
    from_trusted_proxy: bool,
) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    if first(headers, "sec-fetch-site") == Some("cross-site") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    // "null" is what a sandboxed frame or a redirect across sites sends: never ours.
    let Some(origin) = origin.to_str().ok().and_then(Origin::parse) else {
        return false;
    };
    if public == Some(&origin) {
        return true;
    }
    let forwarded = |name: &str| {
        if from_trusted_proxy {
            first(headers, name)
        } else {
            None
        }
    };
    let scheme = forwarded("x-forwarded-proto")
        .or(public.map(|p| p.scheme.as_str()))
        .unwrap_or("http");
    let Some(host) = forwarded("x-forwarded-host").or_else(|| first(headers, header::HOST.as_str())) else {
        return false;
    };
    Origin::of(scheme, host).is_some_and(|addressed| addressed == origin)
}

pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let settings = &state.settings;
    let trusted = crate::proxies::from_trusted_proxy(request.extensions(), &settings.trusted_proxies);
    if same_origin(
        request.method(),
        request.headers(),
        settings.public_origin.as_ref(),
        trusted,
    ) {
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

    fn origin(text: &str) -> Origin {
        Origin::parse(text).unwrap()
    }

    #[test]
    fn only_the_sites_own_pages_may_change_state() {
        let public = origin("https://samlet.aarhus.dk");
        let check = |h: &HeaderMap, method: Method| same_origin(&method, h, Some(&public), false);
        let own = headers(&[
            ("host", "samlet.aarhus.dk"),
            ("origin", "https://samlet.aarhus.dk"),
        ]);
        assert!(check(&own, Method::POST));
        let forged = headers(&[("host", "samlet.aarhus.dk"), ("origin", "https://evil.example")]);
        assert!(!check(&forged, Method::POST));
        assert!(!check(&forged, Method::DELETE));
        assert!(check(&forged, Method::GET), "reads change nothing");
        let null = headers(&[("host", "samlet.aarhus.dk"), ("origin", "null")]);
        assert!(!check(&null, Method::PUT));
        let marked = headers(&[("host", "samlet.aarhus.dk"), ("sec-fetch-site", "cross-site")]);
        assert!(!check(&marked, Method::POST));
        assert!(
            check(&headers(&[("host", "samlet.aarhus.dk")]), Method::POST),
            "no browser, no cookie risk"
        );
    }

    #[test]
    fn scheme_host_and_port_must_all_match() {
        let public = origin("http://127.0.0.1:8080");
        let check = |o: &'static str| {
            same_origin(
                &Method::POST,
                &headers(&[("host", "localhost:8080"), ("origin", o)]),
                Some(&public),
                false,
            )
        };
        assert!(check("http://127.0.0.1:8080"), "the public URL");
        assert!(check("http://LOCALHOST:8080"), "the address it was sent to");
        assert!(!check("https://localhost:8080"), "another scheme");
        assert!(!check("https://127.0.0.1:8080"), "another scheme");
        assert!(!check("http://localhost:8081"), "another port");
        assert!(!check("http://localhost"), "another port");
        assert!(!check("http://localhost:8080@evil.example"));
        assert_eq!(origin("https://a.example:443"), origin("https://A.example"));
        assert_eq!(origin("http://[::1]:80"), origin("http://[::1]"));
        assert_ne!(origin("http://[::1]:8080"), origin("http://[::1]"));
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let public = origin("https://samlet.aarhus.dk");
        let proxied = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "evil.example"),
            ("x-forwarded-proto", "https"),
            ("origin", "https://evil.example"),
        ]);
        assert!(!same_origin(&Method::POST, &proxied, Some(&public), false));
        assert!(same_origin(&Method::POST, &proxied, Some(&public), true));
        // Another name the same balancer serves, over https.
        let other_name = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "samlet.example, 10.0.0.1"),
            ("x-forwarded-proto", "https"),
            ("origin", "https://samlet.example"),
        ]);
        assert!(same_origin(&Method::POST, &other_name, Some(&public), true));
        let downgraded = headers(&[
            ("host", "10.0.0.5:8080"),
            ("x-forwarded-host", "samlet.example"),
            ("x-forwarded-proto", "http"),
            ("origin", "https://samlet.example"),
        ]);
        assert!(!same_origin(&Method::POST, &downgraded, Some(&public), true));
    }
}
