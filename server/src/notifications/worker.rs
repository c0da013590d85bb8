//! The delivery worker, inside every server (nothing separate to start). Each round it
//! turns a person's waiting events into one notice where the rules allow (not in quiet
//! hours, at most one an hour), then claims due notices one at a time and sends them.
//!
//! Several servers run it at once. A notice is claimed by moving its next attempt a few
//! minutes ahead in a statement that only succeeds while it is still due, so two servers
//! never send it at the same time; on PostgreSQL the candidate is picked with
//! `FOR UPDATE SKIP LOCKED`, so a server never waits for a row another one is claiming.
//! Delivery is at least once: a crash between sending and recording it sends the notice
//! again when the claim runs out, with the same Message-ID.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use samlet_api::notifications::{Channel, EventKind, Language};

use super::channels::Channels;
use super::mail::SendError;
use super::text::{self, Item};
use super::{reminders, rules, unsubscribe};
use crate::appeal::deadline::DeliveryRules;
use crate::db::{Backend, Db, Ts, Tx, decode_enum, timestamp};
use crate::error::AppError;

/// How long a claimed notice is left to the server that claimed it before another may try.
const CLAIM: Duration = Duration::minutes(2);

/// What the worker needs to know besides the database and the mail transport.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The portal's public address, for the links in notices.
    pub base_url: String,
    /// When a decision counts as received, for the deadline reminders.
    pub delivery: DeliveryRules,
    /// At most one notice per person and channel within this.
    pub bundle: chrono::Duration,
}

pub fn start(db: Db, channels: Channels, settings: Settings, every: StdDuration) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = round(&db, &channels, &settings, &Utc::now).await {
                tracing::warn!(%error, "delivering notices failed; trying again");
            }
            tokio::time::sleep(every).await;
        }
    });
}

/// One round: announce the reminders due, form the notices that may go out now, then send
/// every due one. `clock` is
/// read afresh for each claim and each outcome (a slow mail server makes a round long, and
/// a claim must run from when it is made); tests pass a clock of their choosing.
pub async fn round(
    db: &Db,
    channels: &Channels,
    settings: &Settings,
    clock: &(dyn Fn() -> DateTime<Utc> + Sync),
) -> Result<(), AppError> {
    reminders::announce_due(db, settings.delivery, clock()).await?;
    form(db, clock(), settings.bundle).await?;
    loop {
        match claim(db, clock()).await? {
            Next::Nothing => return Ok(()),
            Next::Skipped => {}
            Next::Send(notice) => deliver(db, channels, &settings.base_url, notice, clock).await?,
        }
    }
}

/// A write transaction for the worker. SQLite needs the write lock up front (a deferred
/// transaction that reads first fails at once when another writer commits); PostgreSQL's
/// row locks suffice, so it does not take the servers' global write lock.
pub(super) async fn begin(db: &Db) -> Result<Tx, sqlx::Error> {
    match Backend::of(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => db.begin().await,
    }
}

/// The one PostgreSQL-only clause: skip candidates another server holds.
fn skip_locked(db: &Db) -> &'static str {
    match Backend::of(db) {
        Backend::Postgres => "FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    }
}

/// A notice's address as the person's settings have it now, and whether it is verified:
/// conditions on `notification_settings` aliased `s` and the `channel` column of `{of}`.
const ADDRESS_OF_CHANNEL: &str = "CASE {of}.channel WHEN 'email' THEN s.email WHEN 'sms' THEN s.phone END";
const VERIFIED_FOR_CHANNEL: &str =
    "(({of}.channel = 'email' AND s.email_verified_at IS NOT NULL AND s.email IS NOT NULL)
      OR ({of}.channel = 'sms' AND s.phone_verified_at IS NOT NULL AND s.phone IS NOT NULL))";

fn on(template: &str, alias: &str) -> String {
    template.replace("{of}", alias)
}

async fn form(db: &Db, now: DateTime<Utc>, bundle: chrono::Duration) -> Result<(), AppError> {
    type Waiting = (i64, i64, String, String, i64, i64, Option<Ts>);
    // Per person, citizen and channel: each channel at most once an hour.
    let waiting: Vec<Waiting> = sqlx::query_as(&format!(
        "SELECT s.account_id, s.citizen_id, e.channel, {address}, s.quiet_from, s.quiet_until,
                (SELECT MAX(n.created_at) FROM notices n
                 WHERE n.account_id = s.account_id AND n.citizen_id = s.citizen_id AND n.channel = e.channel) AS last
         FROM notification_settings s
         JOIN (SELECT DISTINCT account_id, citizen_id, channel FROM notification_events WHERE notice_id IS NULL) e
           ON e.account_id = s.account_id AND e.citizen_id = s.citizen_id
         WHERE {verified}",
        address = on(ADDRESS_OF_CHANNEL, "e"),
        verified = on(VERIFIED_FOR_CHANNEL, "e"),
    ))
    .fetch_all(db)
    .await?;
    for (account_id, citizen_id, channel, address, from, until, last) in waiting {
        if !rules::may_send(
            now,
            last.map(|t| t.0),
            super::hour(from),
            super::hour(until),
            bundle,
        ) {
            continue;
        }
        let mut tx = begin(db).await?;
        let key = crate::session::random_token()?;
        let notice_id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at, unsubscribe_hash)
             VALUES ($1, $2, $7, $3, 0, $4, $5, 'pending', $5, $6) RETURNING id",
        )
        .bind(account_id)
        .bind(citizen_id)
        .bind(&address)
        .bind(&key)
        .bind(timestamp(now))
        .bind(unsubscribe::hash(&unsubscribe::token(&key)))
        .bind(&channel)
        .fetch_one(&mut *tx)
        .await?;
        // Only events no other server bundled first: if another did, this notice is empty
        // and rolled back.
        let items = sqlx::query(
            "UPDATE notification_events SET notice_id = $1
             WHERE account_id = $2 AND citizen_id = $3 AND channel = $4 AND notice_id IS NULL",
        )
        .bind(notice_id)
        .bind(account_id)
        .bind(citizen_id)
        .bind(&channel)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if items == 0 {
            tx.rollback().await?;
            continue;
        }
        sqlx::query("UPDATE notices SET items = $1 WHERE id = $2")
            .bind(i64::try_from(items).unwrap_or(i64::MAX))
            .bind(notice_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    Ok(())
}

enum Next {
    Nothing,
    /// A due notice not sent now: its address was changed or removed since it was formed
    /// (marked failed, never sent to an address the person no longer uses), another server
    /// claimed it first, or its retry fell in quiet hours (moved to their end).
    Skipped,
    Send(Claimed),
}

struct Claimed {
    id: i64,
    channel: Channel,
    address: String,
    key: String,
    created_at: DateTime<Utc>,
    attempts: u32,
    items: Vec<Item>,
    language: Language,
}

async fn claim(db: &Db, now: DateTime<Utc>) -> Result<Next, AppError> {
    let due = timestamp(now);
    let mut tx = begin(db).await?;
    let candidate: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM notices WHERE status = 'pending' AND next_attempt_at <= $1
         ORDER BY next_attempt_at, id LIMIT 1 {}",
        skip_locked(db)
    ))
    .bind(&due)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = candidate else {
        return Ok(Next::Nothing);
    };
    // Still their address, and still someone who may be told (a grant revoked or ended
    // since the notice was formed stops it). Digital Post goes to the citizen's own CPR
    // number, which no setting changes.
    let current: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM notices n WHERE n.id = $1 AND (n.channel = 'digital_post' OR EXISTS (
           SELECT 1 FROM notification_settings s
           WHERE s.account_id = n.account_id AND s.citizen_id = n.citizen_id
             AND {verified} AND {address} = n.address AND {told}))",
        verified = on(VERIFIED_FOR_CHANNEL, "n"),
        address = on(ADDRESS_OF_CHANNEL, "n"),
        told = crate::access::told_sql("$2", &[], "0")
    ))
    .bind(id)
    .bind(crate::access::grant_day(now))
    .fetch_optional(&mut *tx)
    .await?;
    if current.is_none() {
        sqlx::query(
            "UPDATE notices SET status = 'failed', last_error = 'address changed or removed, or no longer allowed'
             WHERE id = $1 AND status = 'pending'",
        )
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Ok(Next::Skipped);
    }
    // A retry that falls in the person's quiet hours waits for them to end: nothing rings
    // at night (Digital Post does not ring).
    let quiet: Option<(i64, i64)> = sqlx::query_as(
        "SELECT s.quiet_from, s.quiet_until FROM notices n JOIN notification_settings s
           ON s.account_id = n.account_id AND s.citizen_id = n.citizen_id
         WHERE n.id = $1 AND n.channel <> 'digital_post'",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some((from, until)) = quiet
        && rules::quiet(now, super::hour(from), super::hour(until))
    {
        sqlx::query("UPDATE notices SET next_attempt_at = $1 WHERE id = $2 AND status = 'pending'")
            .bind(timestamp(rules::quiet_end(
                now,
                super::hour(from),
                super::hour(until),
            )))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(Next::Skipped);
    }
    type Row = (String, String, String, Ts, i64);
    let claimed: Option<Row> = sqlx::query_as(
        "UPDATE notices SET next_attempt_at = $1, attempts = attempts + 1
         WHERE id = $2 AND status = 'pending' AND next_attempt_at <= $3
         RETURNING channel, address, idempotency_key, created_at, attempts",
    )
    .bind(timestamp(now + CLAIM))
    .bind(id)
    .bind(&due)
    .fetch_optional(&mut *tx)
    .await?;
    let events: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT kind, on_date FROM notification_events WHERE notice_id = $1")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    // The person's language as it is now (Danish for Digital Post, which has no settings).
    let language: Option<String> = sqlx::query_scalar(
        "SELECT s.language FROM notification_settings s JOIN notices n
           ON n.account_id = s.account_id AND n.citizen_id = s.citizen_id
         WHERE n.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    tx.commit().await?;
    let Some((channel, address, key, created_at, attempts)) = claimed else {
        return Ok(Next::Skipped);
    };
    Ok(Next::Send(Claimed {
        id,
        channel: decode_enum(&channel)?,
        address,
        key,
        created_at: created_at.0,
        attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        items: events
            .iter()
            .map(|(kind, on_date)| {
                Ok(Item {
                    kind: decode_enum::<EventKind>(kind)?,
                    on_date: on_date.as_deref().and_then(|d| d.parse().ok()),
                })
            })
            .collect::<Result<_, AppError>>()?,
        language: language
            .as_deref()
            .map(decode_enum)
            .transpose()?
            .unwrap_or_default(),
    }))
}

async fn deliver(
    db: &Db,
    channels: &Channels,
    base_url: &str,
    notice: Claimed,
    clock: &(dyn Fn() -> DateTime<Utc> + Sync),
) -> Result<(), AppError> {
    // Digital Post always announces a decision: no link turns it off.
    let turn_off = (notice.channel != Channel::DigitalPost).then(|| {
        format!(
            "{}/afmeld/{}",
            base_url.trim_end_matches('/'),
            unsubscribe::token(&notice.key)
        )
    });
    let text = text::notice(&notice.items, base_url, turn_off.as_deref(), notice.language);
    let sent = match channels.get(notice.channel) {
        Some(channel) => channel.deliver(&notice.address, &text, &notice.key).await,
        // Configured when the notice was formed, not now: tried again until it is, or given up.
        None => Err(SendError::Temporary("the channel is not configured".into())),
    };
    let now = clock();
    let (status, next, error) = match sent {
        Ok(()) => ("sent", now, None),
        Err(SendError::Permanent(error)) => ("failed", now, Some(error)),
        Err(SendError::Temporary(error)) if now - notice.created_at >= rules::GIVE_UP_AFTER => {
            ("failed", now, Some(error))
        }
        Err(SendError::Temporary(error)) => ("pending", now + rules::backoff(notice.attempts), Some(error)),
    };
    if let Some(error) = &error {
        // Only which notice and the kind of failure: `mail::SendError` keeps the address and
        // the mail server's own words out of it.
        tracing::warn!(notice = notice.id, status, %error, "a notice was not delivered");
    }
    // Only while this claim is still the notice's latest (its attempt number) and nobody
    // marked it otherwise (an address removed meanwhile): a worker whose claim ran out does
    // not overwrite the outcome of the one that took over.
    sqlx::query(
        "UPDATE notices SET status = $1, next_attempt_at = $2, last_error = $3, sent_at = COALESCE($4, sent_at)
         WHERE id = $5 AND status = 'pending' AND attempts = $6",
    )
    .bind(status)
    .bind(timestamp(next))
    .bind(error)
    .bind((status == "sent").then(|| timestamp(now)))
    .bind(notice.id)
    .bind(i64::from(notice.attempts))
    .execute(db)
    .await?;
    Ok(())
}
