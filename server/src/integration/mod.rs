//! The door for the municipality's case systems, under `/integration/v1/`: its own
//! authentication (one API token per system, with scopes), separate from citizens'
//! sessions. Case systems register citizens, feed the one plan, pick up, acknowledge and
//! move the appeals citizens lodge, and journalise and answer their messages.

mod appeals;
mod attendance;
pub mod contact;
mod deletions;
mod documents;
pub mod error;
pub mod import;
mod messages;
pub mod plan;
pub mod publish;
mod refs;
pub mod systems;

use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::error::AppError;
use crate::state::AppState;
use error::IntegrationError;

pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(appeals::feed))
        .routes(routes!(appeals::by_reference))
        .routes(routes!(appeals::changes))
        .routes(routes!(appeals::change_status))
        .routes(routes!(appeals::acknowledge))
        .routes(routes!(documents::feed))
        .routes(routes!(documents::file))
        .routes(routes!(documents::acknowledge))
        .routes(routes!(attendance::feed))
        .routes(routes!(deletions::feed))
        .routes(routes!(messages::feed))
        .routes(routes!(messages::attachment))
        .routes(routes!(messages::acknowledge))
        .routes(routes!(messages::post))
        .merge(plan::routes())
        .merge(publish::routes(state))
        .merge(contact::routes())
        .fallback(|| async { IntegrationError::from(AppError::NotFound) })
}
