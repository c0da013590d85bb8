//! The transactional outbox: an event that should be announced is written in the same
//! transaction as what happened, so nothing is announced that did not happen (a rolled-back
//! message announces nothing) and nothing that happened is forgotten (a crash after the
//! commit leaves the event for the worker).

use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::delegation::Scope;
use samlet_api::notifications::{Channel, EventKind};

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
    /// Only through this channel (the SMS that follows an e-mail left unread); otherwise
    /// through every verified one, as [`rules::email_first`] allows.
    pub only: Option<Channel>,
}

impl From<EventKind> for Event {
    fn from(kind: EventKind) -> Self {
        Self {
            kind,
            on_date: None,
            once: None,
            sensitive: false,
            also_needs: None,
            only: None,
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
    // One row per verified channel (e-mail, SMS): each waits for that channel's next notice.
    sqlx::query(&format!(
        "INSERT INTO notification_events (account_id, citizen_id, channel, kind, on_date, once_key, created_at)
         SELECT s.account_id, s.citizen_id, ch.channel, $2, $3, $4, $5
         FROM notification_settings s
         JOIN (SELECT 'email' AS channel UNION ALL SELECT 'sms' AS channel) ch
           ON (ch.channel = 'email' AND s.email_verified_at IS NOT NULL)
           OR (ch.channel = 'sms' AND s.phone_verified_at IS NOT NULL)
         WHERE s.citizen_id = $1
           AND (' ' || s.muted || ' ') NOT LIKE $6
           AND ($7 = 0 OR NOT EXISTS (
                 SELECT 1 FROM notification_events w
                 WHERE w.account_id = s.account_id AND w.citizen_id = s.citizen_id
                   AND w.channel = ch.channel AND w.kind = $2 AND w.notice_id IS NULL))
           AND ($12 = '' OR ch.channel = $12)
           AND NOT ($13 = 1 AND ch.channel = 'sms' AND s.email_verified_at IS NOT NULL)
           AND {}
         ON CONFLICT DO NOTHING",
        // The kind's scope, and the one what it is about needs too (any for most events).
        access::told_sql("$8", &["$9", "$11"], "$10"),
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
    .bind(match event.only {
        Some(channel) => encode_enum(&channel)?,
        None => String::new(),
    })
    .bind(i64::from(event.only.is_none() && rules::email_first(event.kind)))
    .execute(conn)
    .await?;
    Ok(())
}

/// Announces `event` (a new decision) to the citizen's Digital Post, the authorities'
/// letterbox, by their CPR number: always when a provider is configured, whatever the
/// citizen chose in Samlet, at once (a letter waits in the box; quiet hours and bundling
/// are for what rings). Written in the decision's transaction, like every event. A citizen
/// without an account or a CPR number in Samlet gets none (the case system's own letter
/// reaches them).
pub async fn to_digital_post(
    conn: &mut Conn,
    citizen_id: i64,
    event: Event,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let citizen: Option<(Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT account_id, person_ref FROM citizens WHERE id = $1")
            .bind(citizen_id)
            .fetch_optional(&mut *conn)
            .await?;
    let Some((Some(account_id), Some(cpr))) = citizen else {
        return Ok(());
    };
    let at = timestamp(now);
    let notice_id: i64 = sqlx::query_scalar(
        "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                              status, next_attempt_at)
         VALUES ($1, $2, 'digital_post', $3, 1, $4, $5, 'pending', $5) RETURNING id",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(cpr)
    .bind(crate::session::random_token()?)
    .bind(&at)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO notification_events (account_id, citizen_id, channel, kind, on_date, created_at, notice_id)
         VALUES ($1, $2, 'digital_post', $3, $4, $5, $6)",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(encode_enum(&event.kind)?)
    .bind(event.on_date.map(|d| d.to_string()))
    .bind(&at)
    .bind(notice_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
