//! The transactional outbox: an event that should be announced is written in the same
//! transaction as what happened, so nothing is announced that did not happen (a rolled-back
//! message announces nothing) and nothing that happened is forgotten (a crash after the
//! commit leaves the event for the worker).

use chrono::NaiveDate;
use samlet_api::notifications::EventKind;

use super::rules;
use crate::db::{Conn, encode_enum};
use crate::error::AppError;

/// Something to announce.
pub struct Event {
    pub kind: EventKind,
    /// A Danish date the notice names (an appeal deadline).
    pub on_date: Option<NaiveDate>,
    /// For reminders: announced once per key, however often it is found due.
    pub once: Option<String>,
}

impl From<EventKind> for Event {
    fn from(kind: EventKind) -> Self {
        Self {
            kind,
            on_date: None,
            once: None,
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
/// its kind and has a verified address. Call it inside the transaction that makes it
/// happen. A kind told once per burst ([`rules::once_per_burst`]) is not recorded again
/// while one of it still waits for its notice.
pub async fn announce(
    conn: &mut Conn,
    citizen_id: i64,
    event: impl Into<Event>,
    now: &str,
) -> Result<(), AppError> {
    let event = event.into();
    let kind = encode_enum(&event.kind)?;
    sqlx::query(
        "INSERT INTO notification_events (account_id, citizen_id, kind, on_date, once_key, created_at)
         SELECT s.account_id, s.citizen_id, $2, $3, $4, $5 FROM notification_settings s
         WHERE s.citizen_id = $1 AND s.email_verified_at IS NOT NULL
           AND (' ' || s.muted || ' ') NOT LIKE $6
           AND ($7 = 0 OR NOT EXISTS (
                 SELECT 1 FROM notification_events w
                 WHERE w.account_id = s.account_id AND w.citizen_id = s.citizen_id
                   AND w.kind = $2 AND w.notice_id IS NULL))
         ON CONFLICT DO NOTHING",
    )
    .bind(citizen_id)
    .bind(&kind)
    .bind(event.on_date.map(|d| d.to_string()))
    .bind(event.once)
    .bind(now)
    .bind(format!("% {kind} %"))
    .bind(i64::from(rules::once_per_burst(event.kind)))
    .execute(conn)
    .await?;
    Ok(())
}
