//! Case systems picking up the appeals citizens lodge, acknowledging them, and moving them
//! along their timeline.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use samlet_api::appeal::Addition;
use samlet_api::audit::Action;
use samlet_api::integration::{
    AppealChange, AppealChangeFeed, AppealChangeKind, AppealFeed, AppealStatusChange, SubmittedAppeal,
};

use super::error::{IntegrationError, IntegrationJson, IntegrationPath, IntegrationQuery};
use super::refs::{self, FeedQuery};
use super::systems::{Scope, System, serves_sql};
use crate::appeal::{status, submit};
use crate::audit;
use crate::db::{Ts, begin_write, citizen_key, timestamp};
use crate::error::AppError;
use crate::state::AppState;

/// Move an appeal one step along its timeline.
///
/// The steps are received → reconsidering → decision_changed or sent_to_ankestyrelsen →
/// decided (received may skip reconsidering). Sending the status the appeal already has
/// changes nothing, so a retry is safe; any other step is refused with 409
/// `invalid_transition`, naming both statuses. The citizen sees the step and its note on
/// the appeal's timeline.
#[utoipa::path(
    post,
    path = "/appeals/{reference}/status",
    operation_id = "change_appeal_status",
    tag = "integration",
    security(("case_system" = ["appeals"])),
    params(("reference" = String, Path, description = "The appeal's reference, e.g. KL-2026-000123", example = "KL-2026-000123")),
    request_body(content = AppealStatusChange, example = json!({"status": "reconsidering", "note": "Vi genvurderer afgørelsen og svarer inden fire uger."})),
    responses((status = 204, description = "The appeal is at this step (now, or already before)"))
)]
pub async fn change_status(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(reference): IntegrationPath<String>,
    IntegrationJson(change): IntegrationJson<AppealStatusChange>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Appeals)?;
    let appeal = find(&state, &system, &reference).await?;
    status::change(
        &state.db,
        &system.name,
        appeal.id,
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

/// An appeal found by its reference, with its citizen.
struct Found {
    id: i64,
    decision_id: i64,
    person_ref: Option<String>,
    citizen_name: String,
}

/// The appeal with this reference, if its citizen is within the system's reach.
async fn find(state: &AppState, system: &System, reference: &str) -> Result<Found, AppError> {
    let (id, decision_id, person_ref, citizen_name) = sqlx::query_as(&format!(
        "SELECT a.id, a.decision_id, c.person_ref, c.full_name FROM appeals a
         JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE a.reference = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(reference)
    .bind(system.municipalities())
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Found {
        id,
        decision_id,
        person_ref,
        citizen_name,
    })
}

/// The appeal of `decision_id` as the case system reads it.
async fn submitted(
    state: &AppState,
    decision_id: i64,
    person_ref: Option<String>,
    citizen_name: String,
) -> Result<SubmittedAppeal, AppError> {
    let row = submit::appeal_row(&state.db, decision_id)
        .await?
        .ok_or_else(|| AppError::Corrupt(format!("appeal of decision {decision_id} vanished")))?;
    Ok(SubmittedAppeal {
        person_ref: refs::person_ref(person_ref)?,
        citizen_name,
        appeal: submit::load_appeal(&state.db, decision_id, row).await?,
    })
}

/// List the appeals citizens lodged, oldest first.
///
/// Read it by cursor: store the page's appeals, then save `next_cursor` and pass it as
/// `after` next time; while `has_more` is true, ask again at once. Reasons and documents
/// added to an appeal later come in `GET /integration/v1/appeal-changes`.
#[utoipa::path(
    get,
    path = "/appeals",
    operation_id = "list_lodged_appeals",
    tag = "integration",
    security(("case_system" = ["appeals"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of lodged appeals", body = AppealFeed))
)]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<AppealFeed>, IntegrationError> {
    system.require(Scope::Appeals)?;
    // A connection for the moment it is needed only: never two held by one request.
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "appeals")
        .await?;
    let mut rows: Vec<(i64, i64, Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT a.id, a.decision_id, c.person_ref, c.full_name
         FROM appeals a JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE a.id > $1 AND {} ORDER BY a.id LIMIT $3",
        serves_sql("c", 2)
    ))
    .bind(page.after)
    .bind(system.municipalities())
    .bind(page.fetch())
    .fetch_all(&state.db)
    .await?;
    let (has_more, next_cursor) = page
        .finish(&mut *state.db.acquire().await?, &mut rows, |row| row.0)
        .await?;
    let mut appeals = Vec::with_capacity(rows.len());
    for (_, decision_id, person_ref, citizen_name) in rows {
        appeals.push(submitted(&state, decision_id, person_ref, citizen_name).await?);
    }
    Ok(Json(AppealFeed {
        appeals,
        next_cursor,
        has_more,
    }))
}

/// Read one appeal as it is now, by its reference.
///
/// With its status, timeline and every reason and document added since it was lodged.
#[utoipa::path(
    get,
    path = "/appeals/{reference}",
    operation_id = "get_lodged_appeal",
    tag = "integration",
    security(("case_system" = ["appeals"])),
    params(("reference" = String, Path, description = "The appeal's reference, e.g. KL-2026-000123", example = "KL-2026-000123")),
    responses((status = 200, description = "The appeal as it is now", body = SubmittedAppeal))
)]
pub async fn by_reference(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(reference): IntegrationPath<String>,
) -> Result<Json<SubmittedAppeal>, IntegrationError> {
    system.require(Scope::Appeals)?;
    let found = find(&state, &system, &reference).await?;
    Ok(Json(
        submitted(&state, found.decision_id, found.person_ref, found.citizen_name).await?,
    ))
}

/// List what happened to lodged appeals since they were lodged, oldest first.
///
/// Today: the reasons and documents citizens add (`kind` is `addition`), which matter for
/// the municipality's reconsideration. Read it by cursor like the appeals feed. The
/// documents named in an addition are in the documents feed too.
#[utoipa::path(
    get,
    path = "/appeal-changes",
    operation_id = "list_appeal_changes",
    tag = "integration",
    security(("case_system" = ["appeals"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of changes to lodged appeals", body = AppealChangeFeed))
)]
pub async fn changes(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<AppealChangeFeed>, IntegrationError> {
    system.require(Scope::Appeals)?;
    // A connection for the moment it is needed only: never two held by one request.
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "appeal_additions")
        .await?;
    let mut rows: Vec<(i64, String, Option<String>, String, String, Ts)> = sqlx::query_as(&format!(
        "SELECT x.id, a.reference, c.person_ref, x.text, x.document_ids, x.added_at
         FROM appeal_additions x JOIN appeals a ON a.id = x.appeal_id
         JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
         WHERE x.id > $1 AND {} ORDER BY x.id LIMIT $3",
        serves_sql("c", 2)
    ))
    .bind(page.after)
    .bind(system.municipalities())
    .bind(page.fetch())
    .fetch_all(&state.db)
    .await?;
    let (has_more, next_cursor) = page
        .finish(&mut *state.db.acquire().await?, &mut rows, |row| row.0)
        .await?;
    let changes = rows
        .into_iter()
        .map(|(_, reference, person_ref, text, document_ids, added_at)| {
            Ok(AppealChange {
                reference,
                person_ref: refs::person_ref(person_ref)?,
                kind: AppealChangeKind::Addition,
                at: added_at.0,
                addition: Some(Addition {
                    text,
                    document_ids: serde_json::from_str(&document_ids)
                        .map_err(|e| AppError::Corrupt(format!("addition's documents: {e}")))?,
                    added_at: added_at.0,
                }),
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Json(AppealChangeFeed {
        changes,
        next_cursor,
        has_more,
    }))
}

/// Acknowledge that the case system has the appeal.
///
/// The citizen then sees "received by the municipality". Repeating it changes nothing.
#[utoipa::path(
    post,
    path = "/appeals/{reference}/acknowledge",
    operation_id = "acknowledge_appeal",
    tag = "integration",
    security(("case_system" = ["appeals"])),
    params(("reference" = String, Path, description = "The appeal's reference, e.g. KL-2026-000123", example = "KL-2026-000123")),
    responses((status = 204, description = "Received by the municipality (now, or already before)"))
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(reference): IntegrationPath<String>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Appeals)?;
    let keys = citizen_key(
        &state.db,
        "SELECT d.citizen_id FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE a.reference = $1",
        &reference,
    )
    .await?;
    let mut tx = begin_write(&state.db, &keys).await?;
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
