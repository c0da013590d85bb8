//! Case systems moving an appeal along its timeline.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::Utc;
use samlet_api::integration::AppealStatusChange;

use super::systems::{Scope, System};
use crate::appeal::status;
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

pub async fn change_status(
    State(state): State<AppState>,
    system: System,
    Path(reference): Path<String>,
    ApiJson(change): ApiJson<AppealStatusChange>,
) -> Result<StatusCode, AppError> {
    system.require(Scope::Appeals)?;
    let appeal_id: i64 = sqlx::query_scalar("SELECT id FROM appeals WHERE reference = $1")
        .bind(&reference)
        .fetch_optional(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    status::change(
        &state.db,
        &system.name,
        appeal_id,
        change.status,
        change.note.trim(),
        change
            .ankestyrelsen_case
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty()),
        Utc::now(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
