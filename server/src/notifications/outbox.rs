//! The transactional outbox: an event that should be announced is written in the same
//! transaction as what happened, so nothing is announced that did not happen (a rolled-back
//! message announces nothing) and nothing that happened is forgotten (a crash after the
//! commit leaves the event for the worker).

use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::delegation::Scope;
use samlet_api::notifications::EventKind;

use super::rules;
use crate::access;
use crate::db::{Conn, encode_enum, timestamp};
use crate::error::AppError;

/// Something to announce.
pub struct Event {
    pub kind: EventKind,
    /// A Danish date the notice names (an appeal deadline).
    pub on_date: Option<NaiveDate>,
    /// For reminders: announced once per key, however often it is found due.
    pub once: Option<String>,
    /// About something sensitive (a goal so marked, or a document): a relative or guardian
    /// is told only with a grant that includes sensitive items.
    pub sensitive: bool,
    /// A scope a relative needs besides the kind's own to see what it is about (a message
    /// in a thread about a decision needs the appeal scope too, as the thread does).
    pub also_needs: Option<Scope>,
}

impl From<EventKind> for Event {
    fn from(kind: EventKind) -> Self {
        Self {
            kind,
            on_date: None,
            once: None,
            sensitive: false,
            also_needs: None,
        }
    }
}

/// Forgets the events waiting for a person's next notice whose kinds are now `muted`: what
/// was turned off is not sent, even if it happened a minute before.
pub async fn drop_muted(
    conn: &mut Conn,
    account_id: i64,
    citizen_id: i64,
    muted: &[EventKind],
) -> Result<(), AppError> {
    for kind in muted {
        sqlx::query(
            "DELETE FROM notification_events
             WHERE account_id = $1 AND citizen_id = $2 AND kind = $3 AND notice_id IS NULL",
        )
        .bind(account_id)
        .bind(citizen_id)
        .bind(encode_enum(kind)?)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Records that `event` happened for the citizen, for everyone who asked to be told about
/// its kind, has a verified address and may be told of it ([`access::told_sql`]: the
/// citizen, or a relative or guardian whose live grant covers it). Call it inside the
/// transaction that makes it happen. A kind told once per burst ([`rules::once_per_burst`])
/// is not recorded again while one of it still waits for its notice.
pub async fn announce(
    conn: &mut Conn,
    citizen_id: i64,
    event: impl Into<Event>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let event = event.into();
    let kind = encode_enum(&event.kind)?;
    let also = match event.also_needs {
        Some(scope) => format!("% {} %", encode_enum(&scope)?),
        None => "%".to_owned(),
    };
    sqlx::query(&format!(
        "INSERT INTO notification_events (account_id, citizen_id, kind, on_date, once_key, created_at)
         SELECT s.account_id, s.citizen_id, $2, $3, $4, $5 FROM notification_settings s
         WHERE s.citizen_id = $1 AND s.email_verified_at IS NOT NULL
           AND (' ' || s.muted || ' ') NOT LIKE $6
           AND ($7 = 0 OR NOT EXISTS (
                 SELECT 1 FROM notification_events w
                 WHERE w.account_id = s.account_id AND w.citizen_id = s.citizen_id
                   AND w.kind = $2 AND w.notice_id IS NULL))
           AND {} AND {}
         ON CONFLICT DO NOTHING",
        access::told_sql("$8", "$9", "$10"),
        // The second scope: any for most events.
        access::told_sql("$8", "$11", "$10"),
    ))
    .bind(citizen_id)
    .bind(&kind)
    .bind(event.on_date.map(|d| d.to_string()))
    .bind(event.once)
    .bind(timestamp(now))
    .bind(format!("% {kind} %"))
    .bind(i64::from(rules::once_per_burst(event.kind)))
    .bind(access::grant_day(now))
    .bind(access::told_scope_pattern(event.kind)?)
    .bind(i64::from(event.sensitive))
    .bind(also)
    .execute(conn)
    .await?;
    Ok(())
}
