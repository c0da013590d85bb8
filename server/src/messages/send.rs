//! Sending a message: a new thread or a reply. Checked in full before anything is
//! written, stored in one transaction with its attachments and its line in Min log, and
//! made once per `Idempotency-Key`, even when two retries race.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::messages::{AboutKind, AboutRef, NewThread, Reply, Side, Thread};

use super::{find, load, recipient, rules, side_of};
use crate::access::{Acting, Permit};
use crate::db::{Db, Key, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError, MessageRefusal};
use crate::state::AppState;

/// Starts a thread with its first message.
///
/// From the citizen's side it goes to the contact, or to the stand-in while the contact is
/// away; a caseworker writes as themself. A retry with the same `Idempotency-Key` returns
/// the first answer (200) and sends nothing twice.
#[utoipa::path(
    post,
    path = "/messages",
    operation_id = "start_message_thread",
    tag = "messages",
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first answer")),
    request_body(content = NewThread, example = json!({"subject": "Praktikken i Netto", "about": {"kind": "goal", "id": 1}, "body": "Hej Mette.\nKan jeg starte en time senere om mandagen?", "document_ids": []})),
    responses(
        (status = 201, description = "The new thread with its first message", body = Thread),
        (status = 200, description = "A retry of a message already sent with this key", body = Thread)
    )
)]
pub(super) async fn start(
    State(state): State<AppState>,
    acting: Acting,
    headers: HeaderMap,
    ApiJson(new): ApiJson<NewThread>,
) -> Result<(StatusCode, Json<Thread>), AppError> {
    let permit = acting.permit(Action::WriteMessages)?;
    let key = crate::idempotency::key(&headers)?;
    if let Some(earlier) = replay(&state.db, &acting, key.as_deref()).await? {
        return Ok((StatusCode::OK, Json(earlier)));
    }
    rules::check_message(&new.body, &new.document_ids)?;
    if let Some(about) = new.about {
        check_about(&state.db, &acting, about).await?;
    }
    send(
        &state,
        &acting,
        &permit,
        Target::New(&new),
        &new.body,
        &new.document_ids,
        key,
    )
    .await
}

/// Replies in a thread.
///
/// Writing in a closed thread opens it again. A retry with the same `Idempotency-Key`
/// returns the first answer (200) and sends nothing twice.
#[utoipa::path(
    post,
    path = "/messages/{id}",
    operation_id = "reply_in_thread",
    tag = "messages",
    params(
        ("id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first answer")
    ),
    request_body(content = Reply, example = json!({"body": "Tak. Jeg kommer på mandag.", "document_ids": [12]})),
    responses(
        (status = 201, description = "The thread with the reply at its end", body = Thread),
        (status = 200, description = "A retry of a message already sent with this key", body = Thread)
    )
)]
pub(super) async fn reply(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(thread_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(reply): ApiJson<Reply>,
) -> Result<(StatusCode, Json<Thread>), AppError> {
    let permit = acting.permit(Action::WriteMessages)?;
    let key = crate::idempotency::key(&headers)?;
    // Another citizen's thread, or one this actor does not see: 404 before anything else.
    find(&state.db, &acting, thread_id).await?;
    if let Some(earlier) = replay(&state.db, &acting, key.as_deref()).await? {
        return Ok((StatusCode::OK, Json(earlier)));
    }
    rules::check_message(&reply.body, &reply.document_ids)?;
    send(
        &state,
        &acting,
        &permit,
        Target::Thread(thread_id),
        &reply.body,
        &reply.document_ids,
        key,
    )
    .await
}

enum Target<'a> {
    New(&'a NewThread),
    Thread(i64),
}

/// The thread of the message this person sent with `key`, if they did.
async fn replay(db: &Db, acting: &Acting, key: Option<&str>) -> Result<Option<Thread>, AppError> {
    let Some(key) = key else {
        return Ok(None);
    };
    let thread: Option<i64> = sqlx::query_scalar(
        "SELECT thread_id FROM messages WHERE author_account_id = $1 AND idempotency_key = $2 AND citizen_id = $3",
    )
    .bind(acting.who.account_id)
    .bind(key)
    .bind(acting.citizen_id)
    .fetch_optional(db)
    .await?;
    match thread {
        Some(id) => Ok(Some(load(db, acting, find(db, acting, id).await?).await?)),
        None => Ok(None),
    }
}

/// What a new thread is about must be the citizen's and one the writer sees; anything else
/// is refused as a goal that does not exist is.
async fn check_about(db: &Db, acting: &Acting, about: AboutRef) -> Result<(), AppError> {
    let missing = || AppError::BadRequest("about: findes ikke".into());
    let sql = match about.kind {
        // The same check as a document linked to a goal: the citizen's, and visible.
        AboutKind::Goal => {
            return acting
                .check_goal(&mut *db.acquire().await?, about.id)
                .await
                .map_err(|error| match error {
                    AppError::BadRequest(_) => missing(),
                    other => other,
                });
        }
        AboutKind::Decision if acting.may(Action::ReadDecisions) => {
            "SELECT 1 FROM decisions WHERE id = $1 AND citizen_id = $2".to_owned()
        }
        AboutKind::Decision => return Err(missing()),
        AboutKind::Meeting => {
            "SELECT 1 FROM meetings WHERE id = $1 AND plan_id IN (SELECT id FROM plans WHERE citizen_id = $2)"
                .to_owned()
        }
    };
    let found: Option<i64> = sqlx::query_scalar(&sql)
        .bind(about.id)
        .bind(acting.citizen_id)
        .fetch_optional(db)
        .await?;
    found.map(|_| ()).ok_or_else(missing)
}

/// Who is writing, as the message will say: name, title and on whose behalf, and the
/// caseworker a citizen's message goes to.
struct Author {
    name: String,
    role: String,
    on_behalf_of: Option<String>,
    to: Option<i64>,
}

async fn author(db: &Db, acting: &Acting, side: Side) -> Result<Author, AppError> {
    match side {
        Side::Municipality => {
            let (name, role): (String, String) =
                sqlx::query_as("SELECT full_name, role FROM caseworkers WHERE account_id = $1")
                    .bind(acting.who.account_id)
                    .fetch_optional(db)
                    .await?
                    .ok_or(AppError::Forbidden)?;
            Ok(Author {
                name,
                role,
                on_behalf_of: None,
                to: None,
            })
        }
        Side::Citizen => {
            let (to, _) = recipient(db, acting.citizen_id)
                .await?
                .ok_or(MessageRefusal::NoContact)?;
            let on_behalf_of = if acting.is_citizen() {
                None
            } else {
                Some(
                    sqlx::query_scalar("SELECT full_name FROM citizens WHERE id = $1")
                        .bind(acting.citizen_id)
                        .fetch_one(db)
                        .await?,
                )
            };
            Ok(Author {
                name: acting.who.name.clone(),
                role: String::new(),
                on_behalf_of,
                to: Some(to),
            })
        }
    }
}

async fn send(
    state: &AppState,
    acting: &Acting,
    permit: &Permit<'_>,
    target: Target<'_>,
    body: &str,
    document_ids: &[i64],
    key: Option<String>,
) -> Result<(StatusCode, Json<Thread>), AppError> {
    if !acting.may_attach(&state.db, document_ids).await? {
        return Err(MessageRefusal::UnknownDocument.into());
    }
    let side = side_of(acting);
    let author = author(&state.db, acting, side).await?;
    // Counted only for what is sent: a refused or retried request costs nothing.
    state
        .message_limit
        .check(&format!("message:account:{}", acting.who.account_id))
        .await?;
    let now = timestamp(Utc::now());
    let side_text = encode_enum(&side)?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(permit.citizen_id)]).await?;
    let (thread_id, subject) = match target {
        Target::New(new) => {
            let subject = rules::subject(&new.subject, &new.body);
            let about = |kind: AboutKind| new.about.filter(|a| a.kind == kind).map(|a| a.id);
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO message_threads (citizen_id, subject, goal_id, decision_id, meeting_id, created_at,
                                              last_at, last_side)
                 VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING id",
            )
            .bind(acting.citizen_id)
            .bind(&subject)
            .bind(about(AboutKind::Goal))
            .bind(about(AboutKind::Decision))
            .bind(about(AboutKind::Meeting))
            .bind(&now)
            .bind(&side_text)
            .fetch_one(&mut *tx)
            .await?;
            (id, subject)
        }
        Target::Thread(id) => {
            let subject: String = sqlx::query_scalar(
                "UPDATE message_threads SET last_at = $1, last_side = $2, closed_at = NULL
                 WHERE id = $3 AND citizen_id = $4 RETURNING subject",
            )
            .bind(&now)
            .bind(&side_text)
            .bind(id)
            .bind(acting.citizen_id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
            (id, subject)
        }
    };
    crate::db::lock(&mut tx, &[Key::feed("messages")]).await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO messages (thread_id, citizen_id, side, author_account_id, author_name, author_role,
                               on_behalf_of, to_caseworker_id, body, sent_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(thread_id)
    .bind(acting.citizen_id)
    .bind(&side_text)
    .bind(acting.who.account_id)
    .bind(&author.name)
    .bind(&author.role)
    .bind(&author.on_behalf_of)
    .bind(author.to)
    .bind(body.trim_end())
    .bind(&now)
    .bind(&key)
    .fetch_one(&mut *tx)
    .await;
    let message_id = match inserted {
        Ok(id) => id,
        // The same key committed first (the unique index decides the race): its answer.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            return replay(&state.db, acting, key.as_deref())
                .await?
                .map(|thread| (StatusCode::OK, Json(thread)))
                .ok_or(AppError::Conflict);
        }
        Err(other) => return Err(other.into()),
    };
    for document_id in document_ids {
        sqlx::query("INSERT INTO message_attachments (message_id, document_id) VALUES ($1, $2)")
            .bind(message_id)
            .bind(document_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM message_drafts WHERE thread_id = $1 AND account_id = $2")
        .bind(thread_id)
        .bind(acting.who.account_id)
        .execute(&mut *tx)
        .await?;
    if side == Side::Municipality {
        super::announce_answer(&mut tx, acting.citizen_id, thread_id).await?;
    }
    permit.log(&mut tx, &subject).await?;
    tx.commit().await?;
    state.live.changed(&state.db, acting.citizen_id).await;
    let thread = load(&state.db, acting, find(&state.db, acting, thread_id).await?).await?;
    Ok((StatusCode::CREATED, Json(thread)))
}
