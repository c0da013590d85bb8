//! Case systems following what Samlet deleted when a course's retention period ran out
//! ([`crate::retention`]), by cursor like every feed.

use axum::Json;
use axum::extract::State;
use samlet_api::integration::{DeletedItem, Deletion, DeletionFeed};

use super::error::{IntegrationError, IntegrationQuery};
use super::refs::FeedQuery;
use super::systems::{Scope, System, serves_sql};
use crate::db::{Ts, decode_enum};
use crate::error::AppError;
use crate::retention::DeletedRef;
use crate::state::AppState;

/// List the citizens' courses Samlet deleted, oldest first.
///
/// For the systems that register citizens, in the municipalities they serve: each deletion
/// names the ids this system wrote and Samlet's ids of the documents, messages and appeals
/// the feeds gave out. Read it by cursor: save `next_cursor` once the page is stored, and
/// ask again at once while `has_more` is true.
#[utoipa::path(
    get,
    path = "/deletions",
    operation_id = "list_deletions",
    tag = "integration",
    security(("case_system" = ["citizens"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of deletions", body = DeletionFeed))
)]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<DeletionFeed>, IntegrationError> {
    system.require(Scope::Citizens)?;
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "deletions")
        .await?;
    type Row = (i64, String, String, Ts, String, String, String, String);
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT d.id, d.person_ref, d.course_ended_on, d.deleted_at, d.external_ids, d.document_ids,
                d.message_ids, d.appeal_references
         FROM deletions d JOIN citizens c ON c.id = d.citizen_id
         WHERE d.id > $1 AND {} ORDER BY d.id LIMIT $3",
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
    let deletions = rows
        .into_iter()
        .map(|row| deletion(row, system.id))
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(Json(DeletionFeed {
        deletions,
        next_cursor,
        has_more,
    }))
}

fn deletion(
    (_, person_ref, course_ended_on, deleted_at, external_ids, documents, messages, appeals): (
        i64,
        String,
        String,
        Ts,
        String,
        String,
        String,
        String,
    ),
    system_id: i64,
) -> Result<Deletion, AppError> {
    fn list<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
        serde_json::from_str(text).map_err(|e| AppError::Corrupt(format!("deletions: {e}")))
    }
    let refs: Vec<DeletedRef> = list(&external_ids)?;
    Ok(Deletion {
        person_ref,
        course_ended_on: course_ended_on
            .parse()
            .map_err(|_| AppError::Corrupt(format!("deletions: not a day: {course_ended_on}")))?,
        deleted_at: deleted_at.0,
        // Only this system's ids: another system's are its own business.
        external_ids: refs
            .into_iter()
            .filter(|r| r.system_id == system_id)
            .map(|r| {
                Ok(DeletedItem {
                    kind: decode_enum(&r.kind)?,
                    external_id: r.external_id,
                })
            })
            .collect::<Result<_, AppError>>()?,
        document_ids: list(&documents)?,
        message_ids: list(&messages)?,
        appeal_references: list(&appeals)?,
    })
}
