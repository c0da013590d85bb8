//! Secure messages between the citizen's side (the citizen, or a relative or guardian with
//! the `messages` scope) and their contact: threads, replies, drafts and read receipts.
//! The one place a caseworker writes, from their preview of the citizen's pages.

pub mod live;
pub mod rules;
mod send;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::messages::{
    About, AboutKind, Attachment, Draft, Inbox, MESSAGE_MAX_CHARS, Message, ReadReceipt, Recipient, Side,
    Thread, ThreadSummary, Turn, Unread,
};
use sqlx::Row;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::{self, Acting, Role};
use crate::db::{Day, Db, Key, Ts, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError, MessageRefusal};
use crate::state::AppState;
use samlet_api::notifications::EventKind;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox, send::start))
        .routes(routes!(unread))
        .routes(routes!(live::events))
        .routes(routes!(thread, send::reply))
        .routes(routes!(save_draft))
        .routes(routes!(close))
        .layer(axum::middleware::from_fn(live::revalidate))
}

/// The side the person acting writes on: a caseworker for the municipality, anyone else
/// for the citizen.
pub fn side_of(acting: &Acting) -> Side {
    if acting.role == Role::CaseworkerPreview {
        Side::Municipality
    } else {
        Side::Citizen
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The thread's about-columns (`goal_id`, `decision_id`, `meeting_id`, `about_title`) as
/// what the thread is about.
fn about_of(row: &sqlx::any::AnyRow) -> Result<Option<About>, sqlx::Error> {
    Ok(about(
        [
            row.try_get("goal_id")?,
            row.try_get("decision_id")?,
            row.try_get("meeting_id")?,
        ],
        row.try_get("about_title")?,
    ))
}

/// What a thread is about, from its goal, decision and meeting ids (at most one is set)
/// and the title of the one that is.
pub(crate) fn about(ids: [Option<i64>; 3], title: Option<String>) -> Option<About> {
    let kinds = [AboutKind::Goal, AboutKind::Decision, AboutKind::Meeting];
    let (kind, id) = kinds
        .into_iter()
        .zip(ids)
        .find_map(|(kind, id)| id.map(|id| (kind, id)))?;
    Some(About {
        kind,
        id,
        title: title.unwrap_or_default(),
    })
}

/// Announces the contact's answer in `thread_id` (in the answer's transaction), to whoever
/// may see the thread: a thread about a sensitive goal only to those who see sensitive
/// goals, one about a decision only to those who may read decisions, as
/// [`Acting::visible_threads`] shows threads.
pub(crate) async fn announce_answer(
    conn: &mut crate::db::Conn,
    citizen_id: i64,
    thread_id: i64,
) -> Result<(), AppError> {
    let event = answer_event(conn, thread_id).await?;
    crate::notifications::outbox::announce(conn, citizen_id, event, Utc::now()).await
}

/// The event an answer in `thread_id` is announced as: seen by whoever sees the thread.
pub(crate) async fn answer_event(
    conn: &mut crate::db::Conn,
    thread_id: i64,
) -> Result<crate::notifications::outbox::Event, AppError> {
    let (sensitive, about_decision): (Option<crate::db::Flag>, Option<i64>) = sqlx::query_as(
        "SELECT g.sensitive, t.decision_id FROM message_threads t LEFT JOIN goals g ON g.id = t.goal_id
         WHERE t.id = $1",
    )
    .bind(thread_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(crate::notifications::outbox::Event {
        sensitive: sensitive.is_some_and(|f| f.0),
        also_needs: about_decision.map(|_| access::scope_to_be_told(EventKind::Decision)),
        ..EventKind::Message.into()
    })
}

/// The joins that give `about_title` for a thread `t` (see [`about`]).
pub(crate) const ABOUT_JOINS: &str = "LEFT JOIN goals g ON g.id = t.goal_id
         LEFT JOIN decisions d ON d.id = t.decision_id
         LEFT JOIN meetings mt ON mt.id = t.meeting_id";

/// The citizen's threads this actor sees, newest first, as a statement with `$1` the
/// citizen and `$2` the reader's side; `extra` narrows it to one thread.
pub(crate) fn threads_sql(acting: &Acting, extra: &str) -> String {
    format!(
        "SELECT t.id, t.subject, t.goal_id, t.decision_id, t.meeting_id, t.last_at, t.last_side, t.closed_at,
                COALESCE(g.title, d.title, mt.title) AS about_title,
                (SELECT COUNT(*) FROM messages m
                 WHERE m.thread_id = t.id AND m.side <> $2 AND m.read_at IS NULL) AS unread,
                (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id) AS messages
         FROM (SELECT * FROM message_threads WHERE citizen_id = $1 AND {visible} {extra}) t
         {ABOUT_JOINS}
         ORDER BY t.last_at DESC, t.id DESC",
        visible = acting.visible_threads()
    )
}

pub(crate) fn summary_of(row: &sqlx::any::AnyRow) -> Result<ThreadSummary, AppError> {
    let last_side: String = row.try_get("last_side")?;
    let closed: Option<String> = row.try_get("closed_at")?;
    Ok(ThreadSummary {
        id: row.try_get("id")?,
        subject: row.try_get("subject")?,
        about: about_of(row)?,
        last_at: row.try_get::<Ts, _>("last_at")?.0,
        turn: rules::turn(decode_enum(&last_side)?, closed.is_some()),
        unread: count(row.try_get("unread")?),
        messages: count(row.try_get("messages")?),
    })
}

/// Whom a new message from the citizen's side goes to today, if anyone.
async fn recipient(db: &Db, citizen_id: i64) -> Result<Option<(i64, Recipient)>, AppError> {
    type Row = (
        i64,
        String,
        String,
        i64,
        Option<Day>,
        Option<Day>,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<i64>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT w.id, w.full_name, w.phone, w.answer_days, k.stand_in_from, k.stand_in_until,
                sw.id, sw.full_name, sw.phone, sw.answer_days
         FROM contacts k JOIN caseworkers w ON w.id = k.caseworker_id
         LEFT JOIN caseworkers sw ON sw.id = k.stand_in_id
         WHERE k.citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_optional(db)
    .await?;
    let Some((id, name, phone, days, from, until, stand_in_id, stand_in_name, stand_in_phone, stand_in_days)) =
        row
    else {
        return Ok(None);
    };
    let stand_in = match (stand_in_id, from, until) {
        (Some(sid), Some(Day(from)), Some(Day(until))) => Some((sid, from, until)),
        _ => None,
    };
    let today = crate::contact::danish_date(Utc::now());
    let to = rules::addressee(id, stand_in, today);
    let away = to != id;
    Ok(Some((
        to,
        Recipient {
            name,
            stand_in: if away { stand_in_name } else { None },
            answer_days: count(if away { stand_in_days.unwrap_or(days) } else { days }),
            phone: if away {
                stand_in_phone.unwrap_or(phone)
            } else {
                phone
            },
        },
    )))
}

/// Lists the message threads, newest first, and whom a new message goes to.
///
/// Threads about a goal or decision the reader may not see are left out, as the goal is.
#[utoipa::path(
    get,
    path = "/messages",
    operation_id = "list_message_threads",
    tag = "messages",
    responses((status = 200, description = "The threads, the unread count and who answers a new message today", body = Inbox))
)]
async fn inbox(State(state): State<AppState>, acting: Acting) -> Result<Json<Inbox>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadMessages).await?;
    let rows = sqlx::query(&threads_sql(&acting, ""))
        .bind(citizen_id)
        .bind(encode_enum(&side_of(&acting))?)
        .fetch_all(&state.db)
        .await?;
    let threads = rows.iter().map(summary_of).collect::<Result<Vec<_>, _>>()?;
    Ok(Json(Inbox {
        unread: threads.iter().map(|t| t.unread).sum(),
        threads,
        recipient: recipient(&state.db, citizen_id).await?.map(|(_, r)| r),
    }))
}

/// Counts the unread messages, for the navigation.
///
/// Not written to Min log: it says how many, never what (the threads are logged when read).
#[utoipa::path(
    get,
    path = "/messages/unread",
    operation_id = "count_unread_messages",
    tag = "messages",
    responses((status = 200, description = "Messages from the other side the reader has not opened", body = Unread))
)]
async fn unread(State(state): State<AppState>, acting: Acting) -> Result<Json<Unread>, AppError> {
    let citizen_id = acting.permit(Action::ReadMessages)?.citizen_id;
    let unread: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM messages
         WHERE citizen_id = $1 AND side <> $2 AND read_at IS NULL
           AND thread_id IN (SELECT id FROM message_threads WHERE citizen_id = $1 AND {})",
        acting.visible_threads()
    ))
    .bind(citizen_id)
    .bind(encode_enum(&side_of(&acting))?)
    .fetch_one(&state.db)
    .await?;
    Ok(Json(Unread {
        unread: count(unread),
    }))
}

/// The thread's summary if this actor sees it; 404 exactly as for one that does not exist.
async fn find(db: &Db, acting: &Acting, thread_id: i64) -> Result<ThreadSummary, AppError> {
    let row = sqlx::query(&threads_sql(acting, "AND id = $3"))
        .bind(acting.citizen_id)
        .bind(encode_enum(&side_of(acting))?)
        .bind(thread_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NotFound)?;
    summary_of(&row)
}

/// The messages `condition` (on the columns of `messages`, with `binds` as `$1`, `$2`, …)
/// picks, oldest first, each with its thread's id and the attachments `documents` (a
/// condition on the columns of `documents`) lets through.
pub(crate) async fn messages_where(
    db: &Db,
    condition: &str,
    binds: &[i64],
    documents: &str,
) -> Result<Vec<(i64, Message)>, AppError> {
    type Row = (
        i64,
        i64,
        String,
        String,
        String,
        Option<String>,
        String,
        Ts,
        Option<Ts>,
        Option<String>,
        Option<Ts>,
    );
    let sql = format!(
        "SELECT id, thread_id, side, author_name, author_role, on_behalf_of, body, sent_at, read_at, read_by,
                journalised_at
         FROM messages WHERE {condition} ORDER BY id"
    );
    let mut query = sqlx::query_as::<_, Row>(&sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    let rows = query.fetch_all(db).await?;
    let sql = format!(
        "SELECT a.message_id, d.id, d.title FROM message_attachments a JOIN documents d ON d.id = a.document_id
         WHERE a.message_id IN (SELECT id FROM messages WHERE {condition}) AND {documents}
         ORDER BY a.message_id, d.id"
    );
    let mut query = sqlx::query_as::<_, (i64, i64, String)>(&sql);
    for bind in binds {
        query = query.bind(*bind);
    }
    let attachments = query.fetch_all(db).await?;
    rows.into_iter()
        .map(
            |(
                id,
                thread_id,
                side,
                author,
                role,
                on_behalf_of,
                body,
                sent_at,
                read_at,
                read_by,
                journalised_at,
            )| {
                let message = Message {
                    id,
                    side: decode_enum(&side)?,
                    author,
                    author_role: Some(role).filter(|r| !r.is_empty()),
                    on_behalf_of,
                    body,
                    sent_at: sent_at.0,
                    read: read_at.map(|at| ReadReceipt {
                        by: read_by.unwrap_or_default(),
                        at: at.0,
                    }),
                    journalised_at: journalised_at.map(|at| at.0),
                    attachments: attachments
                        .iter()
                        .filter(|(message, _, _)| *message == id)
                        .map(|(_, document_id, title)| Attachment {
                            document_id: *document_id,
                            title: title.clone(),
                        })
                        .collect(),
                };
                Ok((thread_id, message))
            },
        )
        .collect()
}

/// A thread with its messages, oldest first, and the reader's draft.
pub(crate) async fn load(db: &Db, acting: &Acting, summary: ThreadSummary) -> Result<Thread, AppError> {
    // Attachments: the citizen's documents the reader sees.
    let documents = format!(
        "d.citizen_id = {} AND {}",
        acting.citizen_id,
        acting.visible_documents()
    );
    let messages = messages_where(db, "thread_id = $1", &[summary.id], &documents).await?;
    let draft: Option<String> =
        sqlx::query_scalar("SELECT body FROM message_drafts WHERE thread_id = $1 AND account_id = $2")
            .bind(summary.id)
            .bind(acting.who.account_id)
            .fetch_optional(db)
            .await?;
    Ok(Thread {
        id: summary.id,
        subject: summary.subject,
        about: summary.about,
        turn: summary.turn,
        messages: messages.into_iter().map(|(_, message)| message).collect(),
        draft: draft.unwrap_or_default(),
    })
}

/// Reads a thread, and marks the other side's messages in it as read by the reader.
///
/// Someone other than the citizen reading it is written to Min log.
#[utoipa::path(
    get,
    path = "/messages/{id}",
    operation_id = "get_message_thread",
    tag = "messages",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The thread, oldest message first, with read receipts and the reader's draft", body = Thread))
)]
async fn thread(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(thread_id): ApiPath<i64>,
) -> Result<Json<Thread>, AppError> {
    let permit = acting.permit(Action::ReadMessages)?;
    let summary = find(&state.db, &acting, thread_id).await?;
    permit.log_now(&state.db, &summary.subject).await?;
    if summary.unread > 0 {
        // One statement, so no transaction: a message that arrives meanwhile is either
        // marked (and was served) or stays unread.
        sqlx::query(
            "UPDATE messages SET read_at = $1, read_by = $2
             WHERE thread_id = $3 AND side <> $4 AND read_at IS NULL",
        )
        .bind(timestamp(Utc::now()))
        .bind(&acting.who.name)
        .bind(thread_id)
        .bind(encode_enum(&side_of(&acting))?)
        .execute(&state.db)
        .await?;
        // The writer's page shows "Læst" at once.
        state.live.changed(&state.db, acting.citizen_id).await;
    }
    // The summary's subject and turn are as before; the messages are read afresh, with
    // their new receipts.
    Ok(Json(load(&state.db, &acting, summary).await?))
}

/// Saves the reply being written in a thread, as it is typed.
///
/// Each person has their own draft per thread; an empty text removes it. It survives a
/// time-out, a reload and another device, and sending clears it.
#[utoipa::path(
    put,
    path = "/messages/{id}/draft",
    operation_id = "save_message_draft",
    tag = "messages",
    params(("id" = i64, Path)),
    request_body(content = Draft, example = json!({"body": "Hej Mette. Jeg vil gerne"})),
    responses((status = 204, description = "Saved"))
)]
async fn save_draft(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(thread_id): ApiPath<i64>,
    ApiJson(draft): ApiJson<Draft>,
) -> Result<StatusCode, AppError> {
    // The writer's own unsent words: allowed like writing, not logged as a message.
    let _not_logged = acting.permit(Action::WriteMessages)?;
    if draft.body.chars().count() > MESSAGE_MAX_CHARS {
        return Err(MessageRefusal::TooLong.into());
    }
    find(&state.db, &acting, thread_id).await?;
    if draft.body.trim().is_empty() {
        sqlx::query("DELETE FROM message_drafts WHERE thread_id = $1 AND account_id = $2")
            .bind(thread_id)
            .bind(acting.who.account_id)
            .execute(&state.db)
            .await?;
    } else {
        sqlx::query(
            "INSERT INTO message_drafts (thread_id, account_id, body, saved_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (thread_id, account_id) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at",
        )
        .bind(thread_id)
        .bind(acting.who.account_id)
        .bind(&draft.body)
        .bind(timestamp(Utc::now()))
        .execute(&state.db)
        .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a thread "afsluttet".
///
/// Only the citizen's caseworker; the citizen reopens it by writing in it.
#[utoipa::path(
    post,
    path = "/messages/{id}/close",
    operation_id = "close_message_thread",
    tag = "messages",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The thread, closed", body = Thread))
)]
async fn close(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(thread_id): ApiPath<i64>,
) -> Result<Json<Thread>, AppError> {
    let permit = acting.permit(Action::CloseThread)?;
    let mut summary = find(&state.db, &acting, thread_id).await?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(permit.citizen_id)]).await?;
    sqlx::query("UPDATE message_threads SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(timestamp(Utc::now()))
        .bind(thread_id)
        .execute(&mut *tx)
        .await?;
    permit.log(&mut tx, &summary.subject).await?;
    tx.commit().await?;
    state.live.changed(&state.db, acting.citizen_id).await;
    summary.turn = Turn::Closed;
    Ok(Json(load(&state.db, &acting, summary).await?))
}
