//! Reminders: events nobody writes, found by the worker from the calendar. A meeting
//! tomorrow is announced the day before from 9; an appeal deadline 7 days and again 2 days
//! before, while no appeal is lodged. Each is announced once per person (a key per meeting
//! and day, per decision and reminder), however many rounds or servers find it due.

use chrono::{DateTime, Days, Duration, Utc};
use samlet_api::appeal::DeliveryChannel;
use samlet_api::denmark;
use samlet_api::notifications::{Channel, EventKind};

use super::outbox::{Event, announce};
use super::rules;
use crate::access;
use crate::appeal::deadline::{self, DeliveryRules};
use crate::db::{Db, Ts, decode_enum, encode_enum, timestamp};
use crate::error::AppError;

/// Announces the reminders due at `now`.
pub async fn announce_due(db: &Db, delivery: DeliveryRules, now: DateTime<Utc>) -> Result<(), AppError> {
    unread_by_sms(db, now).await?;
    if !rules::reminder_time(now) {
        return Ok(());
    }
    meetings_tomorrow(db, now).await?;
    deadlines_soon(db, delivery, now).await
}

/// The `LIKE` pattern that finds a kind among the muted ones.
fn muted_pattern(kind: EventKind) -> Result<String, AppError> {
    Ok(format!("% {} %", encode_enum(&kind)?))
}

async fn meetings_tomorrow(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    let tomorrow = denmark::date(now) + Days::new(1);
    let (from, until) = (
        denmark::start_of_day(tomorrow),
        denmark::start_of_day(tomorrow + Days::new(1)),
    );
    // Only people told about meetings and not yet told about this one: most rounds find
    // nothing and write nothing.
    let due: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT DISTINCT p.citizen_id, m.id FROM meetings m
         JOIN plans p ON p.id = m.plan_id
         JOIN notification_settings s ON s.citizen_id = p.citizen_id
         WHERE m.starts_at >= $1 AND m.starts_at < $2
           AND (s.email_verified_at IS NOT NULL OR s.phone_verified_at IS NOT NULL) AND (' ' || s.muted || ' ') NOT LIKE $3 AND {}
           AND NOT EXISTS (SELECT 1 FROM notification_events e
                           WHERE e.account_id = s.account_id AND e.citizen_id = s.citizen_id
                             AND e.once_key = 'meeting:' || CAST(m.id AS TEXT) || ':' || $4)",
        access::told_sql("$5", &["$6"], "0")
    ))
    .bind(timestamp(from))
    .bind(timestamp(until))
    .bind(muted_pattern(EventKind::MeetingTomorrow)?)
    .bind(tomorrow.to_string())
    .bind(access::grant_day(now))
    .bind(access::told_scope_pattern(EventKind::MeetingTomorrow)?)
    .fetch_all(db)
    .await?;
    for (citizen_id, meeting_id) in due {
        let event = Event {
            on_date: Some(tomorrow),
            once: Some(format!("meeting:{meeting_id}:{tomorrow}")),
            ..EventKind::MeetingTomorrow.into()
        };
        once(db, citizen_id, event, now).await?;
    }
    Ok(())
}

async fn deadlines_soon(db: &Db, delivery: DeliveryRules, now: DateTime<Utc>) -> Result<(), AppError> {
    // Decisions recent enough that their deadline (4 weeks after receipt, a few days more
    // for a letter and a holiday) can still be ahead.
    let since = now - Duration::days(45);
    type Row = (i64, i64, Ts, String);
    let candidates: Vec<Row> = sqlx::query_as(&format!(
        "SELECT DISTINCT d.id, d.citizen_id, d.sent_at, d.channel FROM decisions d
         JOIN notification_settings s ON s.citizen_id = d.citizen_id
         WHERE d.sent_at >= $1 AND (s.email_verified_at IS NOT NULL OR s.phone_verified_at IS NOT NULL)
           AND (' ' || s.muted || ' ') NOT LIKE $2 AND {}
           AND NOT EXISTS (SELECT 1 FROM appeals a WHERE a.decision_id = d.id)",
        access::told_sql("$3", &["$4"], "0")
    ))
    .bind(timestamp(since))
    .bind(muted_pattern(EventKind::DeadlineSoon)?)
    .bind(access::grant_day(now))
    .bind(access::told_scope_pattern(EventKind::DeadlineSoon)?)
    .fetch_all(db)
    .await?;
    for (decision_id, citizen_id, sent_at, channel) in candidates {
        let channel: DeliveryChannel = decode_enum(&channel)?;
        let last_day = deadline::deadline(deadline::received_on(sent_at.0, channel, delivery));
        let Some(before) = rules::deadline_reminder(deadline::days_left(last_day, now)) else {
            continue;
        };
        let key = format!("deadline:{decision_id}:{before}");
        // Someone who wants it, may be told and was not told yet (the key is per person).
        let untold: Option<i64> = sqlx::query_scalar(&format!(
            "SELECT 1 FROM notification_settings s
             WHERE s.citizen_id = $1 AND (s.email_verified_at IS NOT NULL OR s.phone_verified_at IS NOT NULL)
               AND (' ' || s.muted || ' ') NOT LIKE $3 AND {}
               AND NOT EXISTS (SELECT 1 FROM notification_events e
                               WHERE e.account_id = s.account_id AND e.citizen_id = s.citizen_id
                                 AND e.once_key = $2)
             LIMIT 1",
            access::told_sql("$4", &["$5"], "0")
        ))
        .bind(citizen_id)
        .bind(&key)
        .bind(muted_pattern(EventKind::DeadlineSoon)?)
        .bind(access::grant_day(now))
        .bind(access::told_scope_pattern(EventKind::DeadlineSoon)?)
        .fetch_optional(db)
        .await?;
        if untold.is_none() {
            continue;
        }
        let event = Event {
            on_date: Some(last_day),
            once: Some(key),
            ..EventKind::DeadlineSoon.into()
        };
        once(db, citizen_id, event, now).await?;
    }
    Ok(())
}

/// A message from the contact still unread after three days, to someone who was told of it
/// by e-mail and also has SMS: once more, by SMS ([`rules::email_first`]). Messages older
/// than a week are left alone (that is a conversation for the phone).
async fn unread_by_sms(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    let due: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT DISTINCT m.id, m.citizen_id, m.thread_id FROM messages m
         JOIN notification_settings s ON s.citizen_id = m.citizen_id
         WHERE m.side = 'municipality' AND m.read_at IS NULL AND m.sent_at <= $1 AND m.sent_at > $2
           AND s.email_verified_at IS NOT NULL AND s.phone_verified_at IS NOT NULL
           AND (' ' || s.muted || ' ') NOT LIKE $3 AND {}
           AND NOT EXISTS (SELECT 1 FROM notification_events e
                           WHERE e.account_id = s.account_id AND e.citizen_id = s.citizen_id
                             AND e.once_key = 'unread:' || CAST(m.id AS TEXT))",
        access::told_sql("$4", &["$5"], "0")
    ))
    .bind(timestamp(now - rules::UNREAD_BY_SMS_AFTER))
    .bind(timestamp(now - Duration::days(7)))
    .bind(muted_pattern(EventKind::Message)?)
    .bind(access::grant_day(now))
    .bind(access::told_scope_pattern(EventKind::Message)?)
    .fetch_all(db)
    .await?;
    for (message_id, citizen_id, thread_id) in due {
        let mut tx = super::worker::begin(db).await?;
        let event = Event {
            once: Some(format!("unread:{message_id}")),
            only: Some(Channel::Sms),
            ..crate::messages::answer_event(&mut tx, thread_id).await?
        };
        announce(&mut tx, citizen_id, event, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Announces a reminder in its own short transaction; the key's unique index makes a
/// second server's (or round's) announcement of it a no-op.
async fn once(db: &Db, citizen_id: i64, event: Event, now: DateTime<Utc>) -> Result<(), AppError> {
    let mut tx = super::worker::begin(db).await?;
    announce(&mut tx, citizen_id, event, now).await?;
    tx.commit().await?;
    Ok(())
}
