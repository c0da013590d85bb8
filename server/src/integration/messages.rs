//! Case systems and the secure messages: a feed of what was written in Samlet, by cursor,
//! to journalise in the case (the citizen then sees "journaliseret"), and caseworkers'
//! answers written in the case system, posted into the citizen's thread.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::integration::{AttachedFile, MessageFeed, MessageWrite, SentMessage, WriteOutcome, Written};
use samlet_api::messages::{MESSAGE_MAX_CHARS, Side};

use super::error::{IntegrationError, IntegrationJson, IntegrationPath, IntegrationQuery};
use super::refs::{self, FeedQuery, Kind, Known, text};
use super::systems::{Scope, System, serves_sql};
use crate::audit;
use crate::db::{Key, begin_write, citizen_key, encode_enum, timestamp};
use crate::error::AppError;
use crate::messages::messages_where;
use crate::state::AppState;

/// List the messages written in Samlet, oldest first.
///
/// What citizens, their relatives and caseworkers wrote in Samlet (not what a case system
/// posted). Read it by cursor: save `next_cursor` once the page is stored, and ask again at
/// once while `has_more` is true. Fetch attachments from their `file_url`; acknowledge each
/// message once it is journalised.
#[utoipa::path(
    get,
    path = "/messages",
    operation_id = "list_messages",
    tag = "integration",
    security(("case_system" = ["messages"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of messages", body = MessageFeed))
)]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<MessageFeed>, IntegrationError> {
    system.require(Scope::Messages)?;
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "messages")
        .await?;
    type Row = (
        i64,
        i64,
        String,
        Option<String>,
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<String>,
    );
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT m.id, m.thread_id, t.subject, c.person_ref, c.full_name,
                t.goal_id, t.decision_id, t.meeting_id, COALESCE(g.title, d.title, mt.title)
         FROM messages m JOIN message_threads t ON t.id = m.thread_id JOIN citizens c ON c.id = m.citizen_id
         {}
         WHERE m.id > $1 AND m.external_system_id IS NULL AND {} ORDER BY m.id LIMIT $3",
        crate::messages::ABOUT_JOINS,
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
    let last = rows.last().map_or(page.after, |row| row.0);
    // The page's messages in one read, attachments included (all of them: the case is the
    // municipality's).
    let mut messages = messages_where(
        &state.db,
        "id > $1 AND id <= $2 AND external_system_id IS NULL",
        &[page.after, last],
        "1 = 1",
    )
    .await?;
    let files: Vec<(i64, String)> = sqlx::query_as(
        "SELECT d.id, d.sha256 FROM documents d
         WHERE d.id IN (SELECT a.document_id FROM message_attachments a
                        WHERE a.message_id > $1 AND a.message_id <= $2)",
    )
    .bind(page.after)
    .bind(last)
    .fetch_all(&state.db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, thread_id, subject, person_ref, citizen_name, goal, decision, meeting, title) in rows {
        let Some(at) = messages.iter().position(|(_, m)| m.id == id) else {
            continue;
        };
        let (_, message) = messages.swap_remove(at);
        let files = message
            .attachments
            .iter()
            .filter_map(|a| {
                files
                    .iter()
                    .find(|(d, _)| *d == a.document_id)
                    .map(|(d, sha256)| AttachedFile {
                        document_id: *d,
                        sha256: sha256.clone(),
                        file_url: format!("/integration/v1/message-attachments/{d}"),
                    })
            })
            .collect();
        out.push(SentMessage {
            person_ref: refs::person_ref(person_ref)?,
            citizen_name,
            thread_id,
            subject,
            about: crate::messages::about([goal, decision, meeting], title),
            message,
            files,
        });
    }
    Ok(Json(MessageFeed {
        messages: out,
        next_cursor,
        has_more,
    }))
}

/// Download a message's attachment.
///
/// The same verified download as a document's: the bytes are checked against their
/// SHA-256 before they are sent, and the download is in the citizen's access log. Only
/// documents attached to a message.
#[utoipa::path(
    get,
    path = "/message-attachments/{id}",
    operation_id = "download_message_attachment",
    tag = "integration",
    security(("case_system" = ["messages"])),
    params(("id" = i64, Path, description = "The document's id, from the feed's `files`")),
    responses((status = 200, description = "The file, verified against its SHA-256", content_type = "application/octet-stream", body = Vec<u8>))
)]
pub async fn attachment(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<Response, IntegrationError> {
    system.require(Scope::Messages)?;
    super::documents::download(
        &state,
        &system,
        id,
        "AND d.id IN (SELECT document_id FROM message_attachments)",
    )
    .await
}

/// Acknowledge that a message is journalised in the case.
///
/// The citizen then sees it as "journaliseret". Repeating it changes nothing.
#[utoipa::path(
    post,
    path = "/messages/{id}/acknowledge",
    operation_id = "acknowledge_message",
    tag = "integration",
    security(("case_system" = ["messages"])),
    params(("id" = i64, Path, description = "The message's id, from the feed")),
    responses((status = 204, description = "Journalised (now, or already before)"))
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(id): IntegrationPath<i64>,
) -> Result<StatusCode, IntegrationError> {
    system.require(Scope::Messages)?;
    let keys = citizen_key(&state.db, "SELECT citizen_id FROM messages WHERE id = $1", id).await?;
    let mut tx = begin_write(&state.db, &keys).await?;
    let row: Option<(i64, String, Option<String>)> = sqlx::query_as(&format!(
        "SELECT m.citizen_id, t.subject, m.journalised_at
         FROM messages m JOIN message_threads t ON t.id = m.thread_id JOIN citizens c ON c.id = m.citizen_id
         WHERE m.id = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(id)
    .bind(system.municipalities())
    .fetch_optional(&mut *tx)
    .await?;
    let (citizen_id, subject, journalised) = row.ok_or(AppError::NotFound)?;
    if journalised.is_none() {
        sqlx::query("UPDATE messages SET journalised_at = $1 WHERE id = $2")
            .bind(timestamp(Utc::now()))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit::record_system(
            &mut tx,
            citizen_id,
            &system.name,
            Action::JournaliseMessage,
            &subject,
        )
        .await?;
        tx.commit().await?;
        state.live.changed(&state.db, citizen_id).await;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Post a caseworker's answer into a citizen's thread.
///
/// For caseworkers who work in the case system: the message shows in Samlet under the
/// caseworker's name and title, as registered with `PUT /caseworkers/{id}`. Idempotent by
/// `external_id`: the same id again is `unchanged` and posts nothing.
#[utoipa::path(
    post,
    path = "/threads/{id}/messages",
    operation_id = "post_message",
    tag = "integration",
    security(("case_system" = ["messages"])),
    params(("id" = i64, Path, description = "The thread's id, from the feed")),
    request_body(content = MessageWrite, example = json!({"external_id": "SAG-2026-114-7", "caseworker": "CW-1", "body": "Hej Jens. Det er i orden."})),
    responses((status = 200, description = "The message: `created`, or `unchanged` for an id posted before", body = Written))
)]
pub async fn post(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(thread_id): IntegrationPath<i64>,
    IntegrationJson(write): IntegrationJson<MessageWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Messages)?;
    let external_id = refs::external_id(&write.external_id)?;
    let body = text("body", &write.body, MESSAGE_MAX_CHARS)?;
    let mut keys = citizen_key(
        &state.db,
        "SELECT citizen_id FROM message_threads WHERE id = $1",
        thread_id,
    )
    .await?;
    // Two retries with the same external id are one after the other.
    keys.push(Key::item(system.id, "message", external_id));
    let mut tx = begin_write(&state.db, &keys).await?;
    let earlier: Option<i64> =
        sqlx::query_scalar("SELECT id FROM messages WHERE external_system_id = $1 AND external_id = $2")
            .bind(system.id)
            .bind(external_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(id) = earlier {
        return Ok(Json(Written {
            id,
            outcome: WriteOutcome::Unchanged,
        }));
    }
    let (citizen_id, subject): (i64, String) = sqlx::query_as(&format!(
        "SELECT t.citizen_id, t.subject FROM message_threads t JOIN citizens c ON c.id = t.citizen_id
         WHERE t.id = $1 AND {}",
        serves_sql("c", 2)
    ))
    .bind(thread_id)
    .bind(system.municipalities())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let caseworker = match refs::find(&mut tx, system.id, Kind::Caseworker, write.caseworker.trim()).await? {
        Known::At { local_id, .. } => local_id,
        Known::New => {
            return Err(AppError::BadRequest(
                "caseworker: not an external id this system registered with PUT /caseworkers/{id}".into(),
            )
            .into());
        }
    };
    let (name, role): (String, String) =
        sqlx::query_as("SELECT full_name, role FROM caseworkers WHERE id = $1")
            .bind(caseworker)
            .fetch_one(&mut *tx)
            .await?;
    let now = timestamp(Utc::now());
    let side = encode_enum(&Side::Municipality)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO messages (thread_id, citizen_id, side, author_name, author_role, body, sent_at,
                               journalised_at, external_system_id, external_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9) RETURNING id",
    )
    .bind(thread_id)
    .bind(citizen_id)
    .bind(&side)
    .bind(&name)
    .bind(&role)
    .bind(body)
    .bind(&now)
    .bind(system.id)
    .bind(external_id)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE message_threads SET last_at = $1, last_side = $2, closed_at = NULL WHERE id = $3")
        .bind(&now)
        .bind(&side)
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
    audit::record_system(&mut tx, citizen_id, &system.name, Action::WriteMessages, &subject).await?;
    crate::messages::announce_answer(&mut tx, citizen_id, thread_id).await?;
    tx.commit().await?;
    state.live.changed(&state.db, citizen_id).await;
    Ok(Json(Written {
        id,
        outcome: WriteOutcome::Created,
    }))
}
