//! An HTTP receiver that stands in for an SMS or Digital Post provider (the API shape in
//! `notifications/channels.rs`): a real HTTP server on a loopback port that keeps every
//! call, and answers 503 to as many of the next calls as a test asks it to fail.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

/// One call as the provider saw it.
#[derive(Debug, Clone)]
pub struct Call {
    pub authorization: Option<String>,
    pub idempotency_key: Option<String>,
    pub body: Value,
    /// Whether it was answered 2xx.
    pub accepted: bool,
}

#[derive(Clone, Default)]
struct Shared {
    calls: Arc<Mutex<Vec<Call>>>,
    fail_next: Arc<AtomicUsize>,
    /// Milliseconds each call takes, as a real gateway does.
    delay_ms: Arc<AtomicUsize>,
}

pub struct Receiver {
    pub url: String,
    shared: Shared,
}

async fn receive(State(shared): State<Shared>, headers: HeaderMap, Json(body): Json<Value>) -> StatusCode {
    let delay = shared.delay_ms.load(Ordering::SeqCst) as u64;
    tokio::time::sleep(std::time::Duration::from_millis(delay)).await;
    let fail = shared
        .fail_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    shared.calls.lock().unwrap().push(Call {
        authorization: header("authorization"),
        idempotency_key: header("idempotency-key"),
        body,
        accepted: !fail,
    });
    if fail {
        StatusCode::SERVICE_UNAVAILABLE
    } else {
        StatusCode::ACCEPTED
    }
}

pub async fn start_receiver() -> Receiver {
    let shared = Shared::default();
    let app = axum::Router::new()
        .route("/send", axum::routing::post(receive))
        .with_state(shared.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Receiver { url, shared }
}

impl Receiver {
    /// Answers the next `n` calls with 503 Service Unavailable.
    pub fn fail_next(&self, n: usize) {
        self.shared.fail_next.store(n, Ordering::SeqCst);
    }

    /// Makes each call take `ms` milliseconds.
    pub fn take(&self, ms: usize) {
        self.shared.delay_ms.store(ms, Ordering::SeqCst);
    }

    pub fn calls(&self) -> Vec<Call> {
        self.shared.calls.lock().unwrap().clone()
    }

    /// The calls it accepted.
    pub fn delivered(&self) -> Vec<Call> {
        self.calls().into_iter().filter(|c| c.accepted).collect()
    }
}
