//! Retention: what has outlived its rule is deleted, on SQLite and PostgreSQL, with a
//! chosen clock; nothing younger is touched.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::spawn_app;
use samlet_server::db::{Db, timestamp};
use samlet_server::retention::{self, Counts, Rules};
use samlet_server::session::SessionPolicy;

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

async fn exec(db: &Db, sql: &str, at: DateTime<Utc>) {
    sqlx::query(sql).bind(timestamp(at)).execute(db).await.unwrap();
}

#[tokio::test]
async fn what_outlived_its_rule_is_deleted_and_nothing_younger() {
    let app = spawn_app().await;
    let db = app.db().await;
    // The clock the job is given; the rows below are dated from it.
    let now = Utc::now();
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let days = |n: i64| now - Duration::days(n);
    // The demo's own rows were written a moment ago: young, so they must survive.
    let before = (
        count(&db, "SELECT COUNT(*) FROM sessions").await,
        count(&db, "SELECT COUNT(*) FROM message_drafts").await,
        count(&db, "SELECT COUNT(*) FROM appeal_drafts").await,
    );

    // Sessions: one ended two days ago, one ended ten minutes ago, and one in use.
    for (token, seen) in [
        ("old", days(2)),
        ("young", now - Duration::minutes(40)),
        ("live", now),
    ] {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, 1, $2, $2)",
        )
        .bind(format!("retention-{token}"))
        .bind(timestamp(seen))
        .execute(&db)
        .await
        .unwrap();
    }
    // Sign-ins never finished: yesterday's and an hour ago.
    for (state, at) in [("old", days(2)), ("young", now - Duration::hours(1))] {
        sqlx::query(
            "INSERT INTO sign_ins (state_hash, pkce_verifier, nonce, return_to, created_at) VALUES ($1, 'v', 'n', '/', $2)",
        )
        .bind(format!("retention-{state}"))
        .bind(timestamp(at))
        .execute(&db)
        .await
        .unwrap();
    }
    // Drafts: Jens's reply left 100 days ago, Anna's of last week; an appeal draft of 100 days.
    exec(
        &db,
        "INSERT INTO message_drafts (thread_id, account_id, body, saved_at) VALUES (1, 1, 'gammel', $1)",
        days(100),
    )
    .await;
    exec(
        &db,
        "INSERT INTO message_drafts (thread_id, account_id, body, saved_at) VALUES (1, 5, 'ny', $1)",
        days(7),
    )
    .await;
    exec(
        &db,
        "INSERT INTO appeal_drafts (decision_id, form, version, saved_at) VALUES (3, '{}', 1, $1)
         ON CONFLICT (decision_id) DO UPDATE SET saved_at = excluded.saved_at",
        days(100),
    )
    .await;
    // Notices: sent 100 days ago (with its event), sent 10 days ago, and one still pending
    // from 100 days ago (the worker gives it up; retention does not decide that).
    for (key, status, age) in [
        ("old", "sent", 100),
        ("young", "sent", 10),
        ("pending", "pending", 100),
    ] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             VALUES (1, 1, 'email', 'jens@example.dk', 1, $1, $2, $3, $2) RETURNING id",
        )
        .bind(format!("retention-{key}"))
        .bind(timestamp(days(age)))
        .bind(status)
        .fetch_one(&db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at, notice_id)
             VALUES (1, 1, 'email', 'message', $1, $2)",
        )
        .bind(timestamp(days(age)))
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    }
    for (key, age) in [("old", 3), ("young", 0)] {
        sqlx::query("INSERT INTO rate_limits (key, started_at, count) VALUES ($1, $2, 1)")
            .bind(format!("retention-{key}"))
            .bind(days(age).timestamp())
            .execute(&db)
            .await
            .unwrap();
    }

    let counts = retention::run(&db, &Rules::default(), policy, now).await.unwrap();
    assert_eq!(
        counts,
        Counts {
            sessions: 1,
            sign_ins: 1,
            message_drafts: 1,
            appeal_drafts: 1,
            notices: 1,
            rate_limits: 1,
        }
    );
    let left = |table: &'static str, key: &'static str| {
        let db = db.clone();
        async move {
            let mut names: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT {key} FROM {table} WHERE {key} LIKE 'retention-%' ORDER BY {key}"
            ))
            .fetch_all(&db)
            .await
            .unwrap();
            names.sort();
            names
        }
    };
    assert_eq!(
        left("sessions", "token_hash").await,
        ["retention-live", "retention-young"]
    );
    assert_eq!(left("sign_ins", "state_hash").await, ["retention-young"]);
    assert_eq!(
        left("notices", "idempotency_key").await,
        ["retention-pending", "retention-young"]
    );
    assert_eq!(left("rate_limits", "key").await, ["retention-young"]);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM message_drafts WHERE body IN ('gammel', 'ny')"
        )
        .await,
        1
    );
    // The demo's rows, younger than any rule, are untouched.
    assert_eq!(
        (
            count(
                &db,
                "SELECT COUNT(*) FROM sessions WHERE token_hash NOT LIKE 'retention-%'"
            )
            .await,
            count(
                &db,
                "SELECT COUNT(*) FROM message_drafts WHERE body NOT IN ('gammel', 'ny')"
            )
            .await,
            count(&db, "SELECT COUNT(*) FROM appeal_drafts WHERE decision_id <> 3").await,
        ),
        before
    );

    // A second run, by another server or the next hour, finds nothing more; 90 days on,
    // last week's draft has outlived its rule too.
    assert_eq!(
        retention::run(&db, &Rules::default(), policy, now).await.unwrap(),
        Counts::default()
    );
    retention::run(&db, &Rules::default(), policy, now + Duration::days(90))
        .await
        .unwrap();
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM message_drafts WHERE body IN ('gammel', 'ny')"
        )
        .await,
        0
    );
}

/// More old notices than one batch: every batch takes its notices' events with it (shown
/// failing when events and notices were chosen by separate, unordered batches).
#[tokio::test]
async fn a_backlog_of_notices_goes_in_batches_with_their_events() {
    let app = spawn_app().await;
    let db = app.db().await;
    let now = Utc::now();
    let old = timestamp(now - Duration::days(100));
    for n in 0..1_201 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             VALUES (1, 1, 'email', 'jens@example.dk', 1, $1, $2, 'sent', $2) RETURNING id",
        )
        .bind(format!("backlog-{n}"))
        .bind(&old)
        .fetch_one(&db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at, notice_id)
             VALUES (1, 1, 'email', 'message', $1, $2)",
        )
        .bind(&old)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    }
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let counts = retention::run(&db, &Rules::default(), policy, now).await.unwrap();
    assert_eq!(counts.notices, 1_201);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM notices").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM notification_events").await, 0);
}
