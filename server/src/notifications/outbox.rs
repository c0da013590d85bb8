//! The transactional outbox: an event that should be announced is written in the same
//! transaction as what happened, so nothing is announced that did not happen (a rolled-back
//! message announces nothing) and nothing that happened is forgotten (a crash after the
//! commit leaves the event for the worker).

use samlet_api::notifications::EventKind;

use crate::db::{Conn, encode_enum};
use crate::error::AppError;

/// Records that `kind` happened for the citizen, for everyone who asked to be told about it
/// and has a verified address. Call it inside the transaction that makes it happen.
pub async fn announce(conn: &mut Conn, citizen_id: i64, kind: EventKind, now: &str) -> Result<(), AppError> {
    let kind = encode_enum(&kind)?;
    sqlx::query(
        "INSERT INTO notification_events (account_id, citizen_id, kind, created_at)
         SELECT account_id, citizen_id, $2, $3 FROM notification_settings
         WHERE citizen_id = $1 AND email_verified_at IS NOT NULL
           AND (' ' || muted || ' ') NOT LIKE $4",
    )
    .bind(citizen_id)
    .bind(&kind)
    .bind(now)
    .bind(format!("% {kind} %"))
    .execute(conn)
    .await?;
    Ok(())
}
