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
use super::refs::{self, FeedQuery};
use super::systems::{Scope, System, serves_sql};
use crate::audit;
use crate::db::{begin_write, citizen_key, timestamp};
use crate::documents;
use crate::error::AppError;
use crate::state::AppState;

/// List the documents citizens and their relatives sent, oldest first.
///
/// Read it by cursor: fetch and verify each document's file, then save `next_cursor` and
/// pass it as `after` next time; while `has_more` is true, ask again at once.
/// Acknowledge each document once it is journalised.
#[utoipa::path(
    get,
    path = "/documents",
    operation_id = "list_sent_documents",
    tag = "integration",
    security(("case_system" = ["documents"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of documents citizens sent", body = DocumentFeed))
)]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<DocumentFeed>, IntegrationError> {
    system.require(Scope::Documents)?;
    // A connection for the moment it is needed only: never two held by one request.
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "documents")
        .await?;
    let mut rows: Vec<(i64, i64, String, Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT d.id, d.citizen_id, d.sha256, c.person_ref, c.full_name FROM documents d
         JOIN citizens c ON c.id = d.citizen_id
         WHERE d.id > $1 AND d.source IN ('citizen', 'relative') AND {} ORDER BY d.id LIMIT $3",
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
    let mut out = Vec::with_capacity(rows.len());
    for (id, citizen_id, sha256, person_ref, citizen_name) in rows {
        // Deleted by the citizen since the page was read (allowed until it is received).
        let Some(document) = documents::load(&state.db, citizen_id, &[id], 0).await?.pop() else {
            continue;
        };
        out.push(SubmittedDocument {
            person_ref: refs::person_ref(person_ref)?,
            citizen_name,
            document,
            sha256,
            file_url: format!("/integration/v1/documents/{id}/file"),
        });
    }
    Ok(Json(DocumentFeed {
        documents: out,
        next_cursor,
        has_more,
    }))
}

/// Download a document's file.
///
/// The bytes are checked against their SHA-256 before they are sent; check them again
/// against the feed's `sha256`. `Content-Type` is the type the bytes were found to be. The
/// download is in the citizen's access log.
#[utoipa::path(
    get,
    path = "/documents/{id}/file",
    operation_id = "download_sent_document",
    tag = "integration",
    security(("case_system" = ["documents"])),
    params(("id" = i64, Path, description = "The document's id, from the feed")),
    responses((status = 200, description = "The file, verified against its SHA-256", content_type = "application/octet-stream", body = Vec<u8>))
)]
pub async fn file(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<Response, IntegrationError> {
    system.require(Scope::Documents)?;
    download(&state, &system, id, "").await
}

/// The verified download of document `id` within `system`'s reach and `condition` (more
/// SQL on `documents d`), written to the citizen's access log.
pub(super) async fn download(
    state: &AppState,
    system: &System,
    id: i64,
    condition: &str,
) -> Result<Response, IntegrationError> {
    let row: (i64, String, String, String, i64, String) = sqlx::query_as(&format!(
        "SELECT d.citizen_id, d.sha256, d.file_name, d.content_type, d.size, d.title
         FROM documents d JOIN citizens c ON c.id = d.citizen_id WHERE d.id = $1 AND {} {condition}",
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
    Ok(documents::file_response(state, id, &sha256, &file_name, content_type, size).await?)
}

/// Acknowledge that the municipality has the document.
///
/// The citizen then sees it as received and can no longer delete it. Repeating it changes
/// nothing.
#[utoipa::path(
    post,
    path = "/documents/{id}/acknowledge",
    operation_id = "acknowledge_sent_document",
    tag = "integration",
    security(("case_system" = ["documents"])),
    params(("id" = i64, Path, description = "The document's id, from the feed")),
    responses((status = 204, description = "Received by the municipality (now, or already before)"))
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Documents)?;
    let keys = citizen_key(&state.db, "SELECT citizen_id FROM documents WHERE id = $1", id).await?;
    let mut tx = begin_write(&state.db, &keys).await?;
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
        let now = Utc::now();
        sqlx::query("UPDATE documents SET received_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record_system(&mut tx, citizen_id, &system.name, Action::ReceiveDocument, &title).await?;
        // Sensitive as the documents page hides it: marked so, or linked to a sensitive goal.
        let sensitive: Option<(crate::db::Flag, Option<crate::db::Flag>)> = sqlx::query_as(
            "SELECT d.sensitive, g.sensitive FROM documents d LEFT JOIN goals g ON g.id = d.goal_id WHERE d.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        let event = crate::notifications::outbox::Event {
            sensitive: sensitive.is_some_and(|(d, g)| d.0 || g.is_some_and(|g| g.0)),
            ..samlet_api::notifications::EventKind::DocumentReceived.into()
        };
        crate::notifications::outbox::announce(&mut tx, citizen_id, event, now).await?;
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
