//! Case systems picking up the appeals citizens lodge, acknowledging them, and moving them
//! along their timeline.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::integration::{AppealFeed, AppealStatusChange, SubmittedAppeal};

use super::error::{IntegrationError, IntegrationJson, IntegrationPath, IntegrationQuery};
use super::refs::FeedQuery;
use super::systems::{Scope, System, serves_sql};
use crate::appeal::{status, submit};
use crate::audit;
use crate::db::{begin_write, timestamp};
use crate::error::AppError;
use crate::state::AppState;

#[utoipa::path(post, path = "/appeals/{reference}/status", tag = "integration", params(("reference" = String, Path)), request_body = AppealStatusChange, responses((status = 204, description = "The appeal is at this step")))]
pub async fn change_status(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(reference): IntegrationPath<String>,
    IntegrationJson(change): IntegrationJson<AppealStatusChange>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Appeals)?;
    let appeal_id: i64 = sqlx::query_scalar(&format!(
        "SELECT a.id FROM appeals a JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE a.reference = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(&reference)
    .bind(system.municipalities())
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

/// `GET /integration/v1/appeals?after=CURSOR&limit=N`: appeals lodged since the cursor,
/// oldest first. The cursor is opaque to the case system (it is the last appeal's row id).
#[utoipa::path(get, path = "/appeals", tag = "integration", params(FeedQuery), responses((status = 200, body = AppealFeed)))]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<AppealFeed>, IntegrationError> {
    system.require(Scope::Appeals)?;
    let (after, limit) = query.page()?;
    let rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT a.id, a.decision_id, c.person_ref, c.full_name
         FROM appeals a JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE a.id > $1 AND {} ORDER BY a.id LIMIT $3",
        serves_sql("c", 2)
    ))
    .bind(after)
    .bind(system.municipalities())
    .bind(limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = rows.last().map(|(id, ..)| *id).unwrap_or(after).to_string();
    let mut appeals = Vec::with_capacity(rows.len());
    for (_, decision_id, person_ref, citizen_name) in rows {
        let row = submit::appeal_row(&state.db, decision_id)
            .await?
            .ok_or_else(|| AppError::Corrupt(format!("appeal of decision {decision_id} vanished")))?;
        appeals.push(SubmittedAppeal {
            person_ref,
            citizen_name,
            appeal: submit::load_appeal(&state.db, decision_id, row).await?,
        });
    }
    Ok(Json(AppealFeed { appeals, next_cursor }))
}

/// `POST /integration/v1/appeals/{reference}/acknowledge`: the case system has the appeal;
/// the citizen now sees "received by the municipality". Repeating it changes nothing.
#[utoipa::path(post, path = "/appeals/{reference}/acknowledge", tag = "integration", params(("reference" = String, Path)), responses((status = 204, description = "Received by the municipality")))]
pub async fn acknowledge(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(reference): IntegrationPath<String>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Appeals)?;
    let mut tx = begin_write(&state.db).await?;
    let appeal: Option<(i64, Option<String>)> = sqlx::query_as(&format!(
        "SELECT d.citizen_id, a.acknowledged_at
         FROM appeals a JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE a.reference = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(&reference)
    .bind(system.municipalities())
    .fetch_optional(&mut *tx)
    .await?;
    let (citizen_id, acknowledged) = appeal.ok_or(AppError::NotFound)?;
    if acknowledged.is_none() {
        sqlx::query("UPDATE appeals SET acknowledged_at = $1, acknowledged_by = $2 WHERE reference = $3")
            .bind(timestamp(Utc::now()))
            .bind(&system.name)
            .bind(&reference)
            .execute(&mut *tx)
            .await?;
        audit::record_system(
            &mut tx,
            citizen_id,
            &system.name,
            Action::ReceiveAppeal,
            &reference,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
