//! Delivery is at least once and at most twice: the real server process is killed
//! (SIGKILL, no shutdown) while its worker delivers a burst of notices, restarted on the
//! same data, and every due notice is delivered, none lost and none more than twice.

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use common::ServerProcess;
use common::provider::start_receiver;

const NOTICES: usize = 120;

async fn pending(db: &samlet_server::db::Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE status = 'pending'")
        .fetch_one(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_burst_of_notices_survives_a_kill_each_delivered_at_least_once_and_at_most_twice() {
    let sms = start_receiver().await;
    // Each call takes a moment, as a gateway's does: the burst takes seconds, and the kill
    // comes in the middle of it.
    sms.take(15);
    let data = tempfile::TempDir::new().unwrap();
    let database = samlet_server::Config::database_for_tests(data.path());
    let flags = ["--sms-url", sms.url.as_str(), "--notify-every-ms", "20"];
    let mut server = ServerProcess::start(data.path(), &database, &flags).await;
    let db = samlet_server::db::open(&database).await.unwrap();

    // The four demo citizens have verified mobile numbers, and a burst of due notices waits
    // for them (written as the worker's bundling writes them).
    let now = samlet_server::db::timestamp(chrono::Utc::now() - chrono::Duration::seconds(5));
    let mut tx = db.begin().await.unwrap();
    for citizen in 1..=4i64 {
        sqlx::query(
            "INSERT INTO notification_settings (account_id, citizen_id, phone, phone_verified_at, quiet_from, quiet_until)
             VALUES ($1, $1, $2, $3, 0, 0)",
        )
        .bind(citizen)
        .bind(format!("+451234567{citizen}"))
        .bind(&now)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    for n in 0..NOTICES {
        let citizen = (n % 4) as i64 + 1;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             VALUES ($1, $1, 'sms', $2, 1, $3, $4, 'pending', $4) RETURNING id",
        )
        .bind(citizen)
        .bind(format!("+451234567{citizen}"))
        .bind(format!("burst-{n}"))
        .bind(&now)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at, notice_id)
             VALUES ($1, $1, 'sms', 'message', $2, $3)",
        )
        .bind(citizen)
        .bind(&now)
        .bind(id)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();

    // Killed mid-burst.
    let started = Instant::now();
    while sms.delivered().len() < NOTICES / 4 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the burst did not start"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let at_kill = sms.delivered().len();
    assert!(at_kill < NOTICES, "killed before the burst ended");

    // Restarted on the same data, it delivers the rest. The notice that was in flight at the
    // kill keeps its claim for two minutes; the test lets that time pass in the database.
    let _restarted = ServerProcess::start(data.path(), &database, &flags).await;
    sqlx::query("UPDATE notices SET next_attempt_at = $1 WHERE status = 'pending' AND next_attempt_at > $1")
        .bind(samlet_server::db::timestamp(chrono::Utc::now()))
        .execute(&db)
        .await
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while pending(&db).await > 0 {
        assert!(
            Instant::now() < deadline,
            "{} notices still pending",
            pending(&db).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let mut times: HashMap<String, usize> = HashMap::new();
    for call in sms.delivered() {
        *times
            .entry(call.body["reference"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    for n in 0..NOTICES {
        let sent = times.get(&format!("burst-{n}")).copied().unwrap_or(0);
        assert!((1..=2).contains(&sent), "notice burst-{n} delivered {sent} times");
    }
    let sent: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE status = 'sent'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(sent, NOTICES as i64);
}
