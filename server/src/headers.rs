//! Security headers on every response. The Content-Security-Policy allows scripts only from
//! this origin plus the one inline loader Trunk writes into `index.html`, by its hash, and
//! WebAssembly compilation (`'wasm-unsafe-eval'`); nothing inline otherwise.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use sha2::{Digest, Sha256};

use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    /// Only when citizens reach Samlet over TLS (a browser ignores it over plain HTTP).
    hsts: bool,
}

impl SecurityHeaders {
    /// Reads the built `index.html` once, at start-up, for the hashes of its inline scripts.
    pub fn new(dist_dir: &Path, public_url: &str) -> Self {
        let index = std::fs::read_to_string(dist_dir.join("index.html")).unwrap_or_default();
        let csp = content_security_policy(&inline_script_hashes(&index));
        Self {
            // The policy is built from base64 and fixed ASCII, so it is a valid header value.
            csp: HeaderValue::from_str(&csp)
                .unwrap_or_else(|_| HeaderValue::from_static("default-src 'none'")),
            hsts: public_url.starts_with("https://"),
        }
    }
}

/// `'sha256-…'` of each `<script>` without `src`, exactly as the browser hashes it.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains("src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(format!("'sha256-{}'", STANDARD.encode(digest)));
        }
        rest = &body[close..];
    }
    hashes
}

pub fn content_security_policy(script_hashes: &[String]) -> String {
    let mut script_src = vec!["'self'", "'wasm-unsafe-eval'"];
    script_src.extend(script_hashes.iter().map(String::as_str));
    // `blob:` images are the citizen's own chosen photos, shown small before they are sent
    // (object URLs the page made itself from the file; nothing from elsewhere).
    format!(
        "default-src 'self'; script-src {}; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        script_src.join(" ")
    )
}

/// Middleware: the headers, plus `no-store` on API answers, which carry personal data that
/// must not stay in a shared computer's cache.
pub async fn add(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let is_api =
        request.uri().path().starts_with("/api/") || request.uri().path().starts_with("/integration/");
    let mut response = next.run(request).await;
    let policy = &state.settings.headers;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, policy.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // No page asks for the camera through the browser: the upload's `capture` attribute
    // hands over to the phone's own camera app, which needs no permission here.
    headers.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    headers.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if policy.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if is_api && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts_as_the_browser_does() {
        let html = "<head><script src=/a.js></script><script type=module>alert(1)</script></head>";
        // `echo -n 'alert(1)' | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            inline_script_hashes(html),
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned()]
        );
    }

    #[test]
    fn policy_allows_no_inline_script_without_its_hash() {
        let csp = content_security_policy(&["'sha256-x'".into()]);
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-x';"));
        assert!(!csp.contains("unsafe-inline"));
        assert!(csp.contains("frame-ancestors 'none'"));
    }
}
