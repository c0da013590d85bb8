//! Forgetting a course: some years after a case system said the citizen's course ended
//! (`course_ended_on`, `PUT /integration/v1/citizens/{id}`), everything Samlet holds about
//! it is deleted in one transaction per citizen — plan, messages, documents and their
//! bytes, decisions, appeals, grants, notices, sessions — and a deletion is recorded for
//! the case systems to follow (`GET /integration/v1/deletions`).
//!
//! The citizen's row stays as a tombstone (no name, no person reference, only its id and
//! municipality) while the access log that names it is kept, the period the law sets
//! after the data it describes; then the log, the deletion record and the tombstone go
//! too ([`purge`]). The access log's append-only trigger lets only that through
//! (`access_log_purges`, migration 0024).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::db::{Conn, Db, Key, timestamp};
use crate::documents::store::DocumentStore;
use crate::error::AppError;

/// One of a case system's ids that named something deleted, as `deletions.external_ids`
/// keeps it.
#[derive(Debug, Serialize, Deserialize)]
pub struct DeletedRef {
    pub system_id: i64,
    pub kind: String,
    pub external_id: String,
}

/// What a citizen's course is made of, in the order its rows can go: every statement
/// deletes rows nothing left points at. `$1` is the citizen's id. A table added later with
/// a `citizen_id` is caught by the retention test, which looks for one in the schema.
const DELETE_ORDER: &[&str] = &[
    "DELETE FROM message_attachments WHERE message_id IN (SELECT id FROM messages WHERE citizen_id = $1)",
    "DELETE FROM message_drafts WHERE thread_id IN (SELECT id FROM message_threads WHERE citizen_id = $1)",
    "DELETE FROM messages WHERE citizen_id = $1",
    "DELETE FROM message_threads WHERE citizen_id = $1",
    "DELETE FROM meeting_answers WHERE citizen_id = $1",
    "DELETE FROM appeal_parts WHERE appeal_id IN (SELECT a.id FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE d.citizen_id = $1)",
    "DELETE FROM appeal_additions WHERE appeal_id IN (SELECT a.id FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE d.citizen_id = $1)",
    "DELETE FROM appeal_events WHERE appeal_id IN (SELECT a.id FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE d.citizen_id = $1)",
    "DELETE FROM appeals WHERE decision_id IN (SELECT id FROM decisions WHERE citizen_id = $1)",
    "DELETE FROM appeal_drafts WHERE decision_id IN (SELECT id FROM decisions WHERE citizen_id = $1)",
    "DELETE FROM decision_parts WHERE decision_id IN (SELECT id FROM decisions WHERE citizen_id = $1)",
    "DELETE FROM decisions WHERE citizen_id = $1",
    "DELETE FROM documents WHERE citizen_id = $1",
    "DELETE FROM notification_events WHERE citizen_id = $1",
    "DELETE FROM notices WHERE citizen_id = $1",
    "DELETE FROM notification_settings WHERE citizen_id = $1",
    "DELETE FROM plan_visits WHERE citizen_id = $1",
    "DELETE FROM own_texts WHERE citizen_id = $1",
    "DELETE FROM contacts WHERE citizen_id = $1",
    "DELETE FROM contact_history WHERE citizen_id = $1",
    "DELETE FROM grants WHERE citizen_id = $1",
    "DELETE FROM sessions WHERE acting_for_citizen_id = $1",
    "DELETE FROM plan_revisions WHERE plan_id IN (SELECT id FROM plans WHERE citizen_id = $1)",
    "DELETE FROM sub_goals WHERE goal_id IN (SELECT g.id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = $1)",
    "DELETE FROM activities WHERE goal_id IN (SELECT g.id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = $1)",
    "DELETE FROM goals WHERE plan_id IN (SELECT id FROM plans WHERE citizen_id = $1)",
    "DELETE FROM meetings WHERE plan_id IN (SELECT id FROM plans WHERE citizen_id = $1)",
    "DELETE FROM plans WHERE citizen_id = $1",
];

/// The case systems' ids of the citizen's things (`external_refs`), each kind by the local
/// rows it names; `$1` is the citizen's id.
const EXTERNAL_REFS: &str = "(kind IN ('citizen', 'contact') AND local_id = $1)
    OR (kind = 'goal' AND local_id IN (SELECT g.id FROM goals g JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = $1))
    OR (kind = 'sub_goal' AND local_id IN (SELECT s.id FROM sub_goals s JOIN goals g ON g.id = s.goal_id
                                           JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = $1))
    OR (kind = 'activity' AND local_id IN (SELECT a.id FROM activities a JOIN goals g ON g.id = a.goal_id
                                           JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = $1))
    OR (kind = 'meeting' AND local_id IN (SELECT m.id FROM meetings m JOIN plans p ON p.id = m.plan_id WHERE p.citizen_id = $1))
    OR (kind = 'document' AND local_id IN (SELECT id FROM documents WHERE citizen_id = $1))
    OR (kind = 'decision' AND local_id IN (SELECT id FROM decisions WHERE citizen_id = $1))";

/// Forgets every course that ended before `ended_before`, one citizen per transaction.
/// Returns how many.
pub async fn forget_ended(
    db: &Db,
    documents: &DocumentStore,
    ended_before: NaiveDate,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    let mut forgotten = 0;
    loop {
        let due: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM citizens WHERE forgotten_at IS NULL AND course_ended_on < $1 ORDER BY id LIMIT 50",
        )
        .bind(ended_before.to_string())
        .fetch_all(db)
        .await?;
        if due.is_empty() {
            return Ok(forgotten);
        }
        for citizen_id in due {
            if forget(db, documents, citizen_id, ended_before, now).await? {
                forgotten += 1;
            }
        }
    }
}

/// Forgets one citizen's course if it still ended before `ended_before` (a case system
/// may have reopened it a moment ago). The bytes of documents no other row names are
/// removed after the commit: a crash in between leaves unnamed bytes, which start-up
/// removes, never a row without bytes.
async fn forget(
    db: &Db,
    documents: &DocumentStore,
    citizen_id: i64,
    ended_before: NaiveDate,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    // A document's bytes never change, so their keys can be read before the transaction;
    // no document of this citizen is added meanwhile, as every upload holds the citizen's key.
    let hashes: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT sha256 FROM documents WHERE citizen_id = $1 ORDER BY sha256")
            .bind(citizen_id)
            .fetch_all(db)
            .await?;
    let mut keys = vec![Key::citizen(citizen_id)];
    keys.extend(hashes.iter().map(|sha256| Key::blob(sha256)));
    let mut tx = crate::db::begin_write(db, &keys).await?;
    let row: Option<(Option<String>, String, Option<i64>)> = sqlx::query_as(
        "SELECT person_ref, course_ended_on, account_id FROM citizens
         WHERE id = $1 AND forgotten_at IS NULL AND course_ended_on < $2",
    )
    .bind(citizen_id)
    .bind(ended_before.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((person_ref, course_ended_on, account_id)) = row else {
        return Ok(false);
    };
    record_deletion(&mut tx, citizen_id, person_ref, &course_ended_on, now).await?;
    sqlx::query(&format!("DELETE FROM external_refs WHERE {EXTERNAL_REFS}"))
        .bind(citizen_id)
        .execute(&mut *tx)
        .await?;
    for statement in DELETE_ORDER {
        sqlx::query(statement).bind(citizen_id).execute(&mut *tx).await?;
    }
    let mut unused = Vec::new();
    for sha256 in hashes {
        if crate::documents::forget_blob_if_unnamed(&mut tx, &sha256).await? {
            unused.push(sha256);
        }
    }
    if let Some(account_id) = account_id {
        forget_account(&mut tx, account_id).await?;
    }
    sqlx::query(
        "UPDATE citizens SET full_name = '', person_ref = NULL, account_id = NULL, forgotten_at = $2
         WHERE id = $1",
    )
    .bind(citizen_id)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    for sha256 in unused {
        documents.remove_if_unused(db, &sha256).await?;
    }
    Ok(true)
}

/// The deletion the case systems read: their ids of what went, and Samlet's ids of what
/// they may have picked up from the feeds.
async fn record_deletion(
    conn: &mut Conn,
    citizen_id: i64,
    person_ref: Option<String>,
    course_ended_on: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let refs: Vec<(i64, String, String)> = sqlx::query_as(&format!(
        "SELECT system_id, kind, external_id FROM external_refs WHERE {EXTERNAL_REFS}
         ORDER BY system_id, kind, external_id"
    ))
    .bind(citizen_id)
    .fetch_all(&mut *conn)
    .await?;
    let refs: Vec<DeletedRef> = refs
        .into_iter()
        .map(|(system_id, kind, external_id)| DeletedRef {
            system_id,
            kind,
            external_id,
        })
        .collect();
    let document_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM documents WHERE citizen_id = $1 ORDER BY id")
            .bind(citizen_id)
            .fetch_all(&mut *conn)
            .await?;
    let message_ids: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM messages WHERE citizen_id = $1 ORDER BY id")
            .bind(citizen_id)
            .fetch_all(&mut *conn)
            .await?;
    let appeals: Vec<String> = sqlx::query_scalar(
        "SELECT a.reference FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE d.citizen_id = $1 ORDER BY a.id",
    )
    .bind(citizen_id)
    .fetch_all(&mut *conn)
    .await?;
    // Rows of a feed become visible in the order of their ids (see `Key::feed`).
    crate::db::lock(conn, &[Key::feed("deletions")]).await?;
    sqlx::query(
        "INSERT INTO deletions (citizen_id, person_ref, course_ended_on, deleted_at, external_ids,
                                document_ids, message_ids, appeal_references)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(citizen_id)
    // Citizens known before case systems registered them have Samlet's own reference.
    .bind(person_ref.unwrap_or_default())
    .bind(course_ended_on)
    .bind(timestamp(now))
    .bind(json(&refs)?)
    .bind(json(&document_ids)?)
    .bind(json(&message_ids)?)
    .bind(json(&appeals)?)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A list column of `deletions`.
fn json<T: Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Corrupt(e.to_string()))
}

/// The citizen's sign-in goes with the course, unless the person also acts for someone
/// else with it (a relative's grant), when it stays theirs for that.
async fn forget_account(conn: &mut Conn, account_id: i64) -> Result<(), AppError> {
    let acts_for_others: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM grants WHERE grantee_account_id = $1 AND ended_at IS NULL LIMIT 1")
            .bind(account_id)
            .fetch_optional(&mut *conn)
            .await?;
    if acts_for_others.is_some() {
        return Ok(());
    }
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    // Emptied first: rows that name it (the access log of a download of the citizen's own
    // data, a relative's old message) keep it until they go, and `purge` deletes it then.
    sqlx::query(
        "UPDATE accounts SET subject = $2 || CAST(id AS TEXT), display_name = '', demo_description = NULL,
                cpr_hash = NULL
         WHERE id = $1",
    )
    .bind(account_id)
    .bind(FORGOTTEN)
    .execute(&mut *conn)
    .await?;
    delete_if_unnamed(conn, account_id).await
}

/// The subject of an emptied account: no sign-in provider gives it.
const FORGOTTEN: &str = "forgotten:";

/// Deletes an emptied account if no row names it any more; a savepoint keeps the refusal
/// from undoing the rest of the transaction.
async fn delete_if_unnamed(conn: &mut Conn, account_id: i64) -> Result<(), AppError> {
    let mut savepoint = sqlx::Connection::begin(&mut *conn).await?;
    let deleted = sqlx::query("DELETE FROM accounts WHERE id = $1 AND subject LIKE $2 || '%'")
        .bind(account_id)
        .bind(FORGOTTEN)
        .execute(&mut *savepoint)
        .await;
    match deleted {
        Ok(_) => savepoint.commit().await?,
        Err(sqlx::Error::Database(e)) if e.is_foreign_key_violation() => savepoint.rollback().await?,
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

/// Deletes what is left of citizens forgotten before `forgotten_before`: their access log
/// (through the trigger's one exception), their deletion record, the tombstone, and the
/// emptied account the log kept.
pub async fn purge(db: &Db, forgotten_before: DateTime<Utc>) -> Result<u64, AppError> {
    let mut purged = 0;
    loop {
        let due: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM citizens WHERE forgotten_at IS NOT NULL AND forgotten_at < $1 ORDER BY id LIMIT 50",
        )
        .bind(timestamp(forgotten_before))
        .fetch_all(db)
        .await?;
        if due.is_empty() {
            return Ok(purged);
        }
        for citizen_id in due {
            let mut tx = crate::db::begin_write(db, &[Key::citizen(citizen_id)]).await?;
            // Emptied accounts the log named: the citizen's own, once its last entry goes.
            let emptied: Vec<i64> = sqlx::query_scalar(
                "SELECT DISTINCT l.actor_account_id FROM access_log l JOIN accounts a ON a.id = l.actor_account_id
                 WHERE l.citizen_id = $1 AND a.subject LIKE $2 || '%'",
            )
            .bind(citizen_id)
            .bind(FORGOTTEN)
            .fetch_all(&mut *tx)
            .await?;
            for statement in [
                "INSERT INTO access_log_purges (citizen_id) VALUES ($1)",
                "DELETE FROM access_log WHERE citizen_id = $1",
                "DELETE FROM access_log_purges WHERE citizen_id = $1",
                "DELETE FROM deletions WHERE citizen_id = $1",
                "DELETE FROM citizens WHERE id = $1",
            ] {
                sqlx::query(statement).bind(citizen_id).execute(&mut *tx).await?;
            }
            for account_id in emptied {
                delete_if_unnamed(&mut tx, account_id).await?;
            }
            tx.commit().await?;
            purged += 1;
        }
    }
}
