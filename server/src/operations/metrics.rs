//! Prometheus metrics, with the `metrics` facade and its Prometheus exporter: requests by
//! route and status with their latency, database pool connections, uploads in progress and
//! their bytes, sign-ins, appeals lodged, case-system writes and rate-limit refusals.
//!
//! Labels are routes (`/api/documents/{id}`), methods, status codes and fixed names, never
//! an id, a name or anything a citizen wrote. `/metrics` is served on a separate address
//! (`--metrics-address`), or on the public side only with a token.

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::{Router, routing::get};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::db::Db;
use crate::error::AppError;
use crate::state::AppState;

/// Request latency buckets, in seconds: the targets are 20 and 50 ms, uploads take seconds.
const LATENCY_BUCKETS: &[f64] = &[
    0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder: the `metrics` macros write to one global recorder, so it is
/// installed once, however many servers a test process builds. `None` if something else
/// installed a recorder first.
pub fn handle() -> Option<PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full("http_request_duration_seconds".into()),
                    LATENCY_BUCKETS,
                )
                .ok()?;
            let handle = builder.install_recorder().ok()?;
            // Histograms are kept in blocks that upkeep folds together; without it they grow.
            let upkeep = handle.clone();
            std::thread::spawn(move || {
                loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                }
            });
            Some(handle)
        })
        .clone()
}

/// Counts every request by route, method and status, and times it.
pub async fn record(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|path| path.as_str().to_owned())
        // The app's files and unknown paths: one label, not one per path asked for.
        .unwrap_or_else(|| "other".into());
    let method = request.method().as_str().to_owned();
    let writes = route.starts_with("/integration/") && method != "GET";
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("route", route), ("method", method), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    if writes {
        metrics::counter!("case_system_writes_total", &labels).increment(1);
    }
    response
}

pub fn sign_in(method: &'static str) {
    metrics::counter!("sign_ins_total", "method" => method).increment(1);
}

pub fn appeal_lodged() {
    metrics::counter!("appeals_lodged_total").increment(1);
}

/// `limit` is the name of the limit (the part of its key before the first `:`).
pub fn rate_limited(key: &str) {
    let limit = key.split(':').next().unwrap_or_default().to_owned();
    metrics::counter!("rate_limit_refusals_total", "limit" => limit).increment(1);
}

/// An upload being received: counted in `uploads_in_progress` until dropped.
pub struct Upload;

impl Upload {
    pub fn start() -> Self {
        metrics::gauge!("uploads_in_progress").increment(1.0);
        Upload
    }

    pub fn bytes(&self, n: usize) {
        metrics::counter!("upload_bytes_total").increment(n as u64);
    }
}

impl Drop for Upload {
    fn drop(&mut self) {
        metrics::gauge!("uploads_in_progress").decrement(1.0);
    }
}

/// The pool as it is now. sqlx does not say how many requests wait for a connection; all
/// connections in use (`in_use` equal to `max`) is the sign that some do.
fn pool_gauges(db: &Db) {
    let size = db.size();
    let idle = db.num_idle() as u32;
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("db_pool_connections", "state" => "max")
        .set(f64::from(db.options().get_max_connections()));
}

/// The metrics in Prometheus' text format.
pub fn render(db: &Db) -> Response {
    pool_gauges(db);
    match handle() {
        Some(handle) => (
            [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
            handle.render(),
        )
            .into_response(),
        None => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// `/metrics` on the public side (see [`public`]).
pub fn public_routes() -> Router<AppState> {
    Router::new().route("/metrics", get(public))
}

/// `/metrics` on the separate address (`--metrics-address`), which only operators reach.
pub fn internal_routes(db: Db) -> Router {
    Router::new().route("/metrics", get(move || async move { render(&db) }))
}

/// `/metrics` on the public side: only with the configured token, and otherwise exactly
/// like a path that does not exist.
async fn public(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "));
    match (&state.settings.metrics_token, given) {
        (Some(token), Some(given)) if same(token.as_bytes(), given.as_bytes()) => render(&state.db),
        _ => AppError::NotFound.into_response(),
    }
}

/// Compares without stopping at the first difference, so the time taken says nothing about
/// how much of a guess was right.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
