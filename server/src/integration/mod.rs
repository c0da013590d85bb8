//! The door for the municipality's case systems, under `/integration/v1/`: its own
//! authentication (one API token per system, with scopes), separate from citizens'
//! sessions. Today a case system can move an appeal's status; issue 8 widens the door.

mod appeals;
pub mod systems;

use axum::Router;
use axum::routing::post;

use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/appeals/{reference}/status", post(appeals::change_status))
        .fallback(|| async { AppError::NotFound })
}
