//! The built app: files from `dist/` (brotli or gzip when a precompressed copy exists),
//! and `index.html` for every app route so a deep link such as `/plan` reloads.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

pub async fn serve(State(state): State<AppState>, request: Request) -> Response {
    let path = request.uri().path().to_owned();
    let dist = &state.settings.dist_dir;
    // A last segment with a dot names a file: missing files are a 404, not the app.
    let names_file = path
        .rsplit('/')
        .next()
        .is_some_and(|segment| segment.contains('.'));
    let result = if names_file {
        ServeDir::new(dist)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await
    } else {
        ServeFile::new(dist.join("index.html"))
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(request)
            .await
    };
    let mut response = match result {
        Ok(response) => response.map(Body::new),
        Err(never) => match never {},
    };
    if response.status().is_success() || response.status().is_redirection() {
        let cache = cache_control(&path, names_file);
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    }
    response.into_response()
}

/// Hashed assets never change under their name; `index.html` must always be revalidated
/// so a new release reaches citizens at once.
fn cache_control(path: &str, names_file: bool) -> &'static str {
    if !names_file || path.ends_with(".html") {
        "no-cache"
    } else if is_hashed_asset(path) {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    }
}

/// Trunk names built assets `name-<16 hex digits>.ext` (the wasm as `..._bg.wasm`).
fn is_hashed_asset(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_trunk_hashed_assets() {
        assert!(is_hashed_asset("/samlet-app-3f2a9c1d0b8e7f6a_bg.wasm"));
        assert!(is_hashed_asset("/samlet-app-3f2a9c1d0b8e7f6a.js"));
        assert!(is_hashed_asset("/main-0123456789abcdef.css"));
        assert!(!is_hashed_asset("/favicon.svg"));
        assert!(!is_hashed_asset("/manifest-webapp.json"));
    }

    #[test]
    fn app_routes_and_html_are_never_cached() {
        assert_eq!(cache_control("/plan", false), "no-cache");
        assert_eq!(cache_control("/index.html", true), "no-cache");
        assert_eq!(cache_control("/favicon.svg", true), "public, max-age=3600");
    }
}
