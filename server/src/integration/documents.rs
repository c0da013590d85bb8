//! Case systems picking up the documents citizens (and their relatives) send: a feed by
//! cursor, the verified bytes, and an acknowledgement, after which the citizen sees the
//! document as received and can no longer delete it.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::integration::{DocumentFeed, SubmittedDocument};

use super::error::{IntegrationError, IntegrationPath, IntegrationQuery};
use super::refs::FeedQuery;
use super::systems::{Scope, System, serves_sql};
use crate::audit;
use crate::db::{begin_write, timestamp};
use crate::documents;
use crate::error::AppError;
use crate::state::AppState;

/// `GET /integration/v1/documents?after=CURSOR&limit=N`, oldest first; the cursor is opaque.
#[utoipa::path(get, path = "/documents", tag = "integration", params(FeedQuery), responses((status = 200, body = DocumentFeed)))]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<DocumentFeed>, IntegrationError> {
    system.require(Scope::Documents)?;
    let (after, limit) = query.page()?;
    let rows: Vec<(i64, i64, String, Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT d.id, d.citizen_id, d.sha256, c.person_ref, c.full_name FROM documents d
         JOIN citizens c ON c.id = d.citizen_id
         WHERE d.id > $1 AND d.source IN ('citizen', 'relative') AND {} ORDER BY d.id LIMIT $3",
        serves_sql("c", 2)
    ))
    .bind(after)
    .bind(system.municipalities())
    .bind(limit)
    .fetch_all(&state.db)
    .await?;
    let next_cursor = rows.last().map(|(id, ..)| *id).unwrap_or(after).to_string();
    let mut out = Vec::with_capacity(rows.len());
    for (id, citizen_id, sha256, person_ref, citizen_name) in rows {
        let document = documents::load(&state.db, citizen_id, &[id], 0)
            .await?
            .pop()
            .ok_or_else(|| AppError::Corrupt(format!("document {id} vanished")))?;
        out.push(SubmittedDocument {
            person_ref,
            citizen_name,
            document,
            sha256,
            file_url: format!("/integration/v1/documents/{id}/file"),
        });
    }
    Ok(Json(DocumentFeed {
        documents: out,
        next_cursor,
    }))
}

/// `GET /integration/v1/documents/{id}/file`: the bytes, checked against their SHA-256
/// first; the read is in the citizen's log.
#[utoipa::path(get, path = "/documents/{id}/file", tag = "integration", params(("id" = i64, Path)), responses((status = 200, description = "The file, verified against its SHA-256", content_type = "application/octet-stream", body = Vec<u8>)))]
pub async fn file(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<Response, IntegrationError> {
    system.require(Scope::Documents)?;
    let row: (i64, String, String, String, i64, String) = sqlx::query_as(&format!(
        "SELECT d.citizen_id, d.sha256, d.file_name, d.content_type, d.size, d.title
         FROM documents d JOIN citizens c ON c.id = d.citizen_id WHERE d.id = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(id)
    .bind(system.municipalities())
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let (citizen_id, sha256, file_name, content_type, size, title) = row;
    let mut conn = state.db.acquire().await?;
    audit::record_system(&mut conn, citizen_id, &system.name, Action::ReadDocuments, &title).await?;
    Ok(documents::file_response(&state, id, &sha256, &file_name, content_type, size).await?)
}

/// `POST /integration/v1/documents/{id}/acknowledge`: received by the municipality.
#[utoipa::path(post, path = "/documents/{id}/acknowledge", tag = "integration", params(("id" = i64, Path)), responses((status = 204, description = "Received by the municipality")))]
pub async fn acknowledge(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Documents)?;
    let mut tx = begin_write(&state.db).await?;
    let row: Option<(i64, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT d.citizen_id, d.title, d.received_at FROM documents d JOIN citizens c ON c.id = d.citizen_id
         WHERE d.id = $1 AND d.source IN ('citizen', 'relative') AND {}",
        serves_sql("c", 2)
    ))
    .bind(id)
    .bind(system.municipalities())
    .fetch_optional(&mut *tx)
    .await?;
    let (citizen_id, title, received) = row.ok_or(AppError::NotFound)?;
    if received.is_none() {
        sqlx::query("UPDATE documents SET received_at = $1 WHERE id = $2")
            .bind(timestamp(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record_system(&mut tx, citizen_id, &system.name, Action::ReceiveDocument, &title).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
