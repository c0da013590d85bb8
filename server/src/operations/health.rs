//! `/api/healthz` (liveness: the process answers) and `/api/readyz` (readiness: the
//! database and the document store can be reached), for load balancers and orchestrators.
//! A server that is not ready is taken out of rotation, not restarted.

use std::time::Duration;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::state::AppState;

/// How long a check may take before it counts as unreachable.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub async fn live() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = async { sqlx::query("SELECT 1").execute(&state.db).await.map(|_| ()) };
    let database = matches!(tokio::time::timeout(CHECK_TIMEOUT, database).await, Ok(Ok(())));
    let store = matches!(
        tokio::time::timeout(CHECK_TIMEOUT, state.documents.reachable()).await,
        Ok(Ok(()))
    );
    let word = |ok: bool| if ok { "ok" } else { "unreachable" };
    let status = if database && store {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    if status != StatusCode::OK {
        tracing::warn!(database = word(database), documents = word(store), "not ready");
    }
    (
        status,
        Json(json!({
            "status": if status == StatusCode::OK { "ready" } else { "unavailable" },
            "database": word(database),
            "documents": word(store),
        })),
    )
}
