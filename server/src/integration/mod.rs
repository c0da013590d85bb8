//! The door for the municipality's case systems, under `/integration/v1/`: its own
//! authentication (one API token per system, with scopes), separate from citizens'
//! sessions. Case systems register citizens, feed the one plan, and pick up, acknowledge and
//! move the appeals citizens lodge.

mod appeals;
pub mod contact;
mod documents;
pub mod import;
pub mod plan;
pub mod publish;
mod refs;
pub mod systems;

use axum::Router;
use axum::routing::{get, post};

use crate::error::AppError;
use crate::state::AppState;

pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/appeals", get(appeals::feed))
        .route("/appeals/{reference}/status", post(appeals::change_status))
        .route("/appeals/{reference}/acknowledge", post(appeals::acknowledge))
        .route("/documents", get(documents::feed))
        .route("/documents/{id}/file", get(documents::file))
        .route("/documents/{id}/acknowledge", post(documents::acknowledge))
        .merge(plan::routes())
        .merge(publish::routes(state))
        .merge(contact::routes())
        .fallback(|| async { AppError::NotFound })
}
