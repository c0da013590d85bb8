//! Nothing a citizen's visit needs lives in one server's memory: two server processes on one
//! database and one document folder take turns serving the same browser (as behind a load
//! balancer without sticky sessions) and the visit goes on as if there were one; and the
//! limits on sign-in attempts count the attempts on every server. With `SAMLET_TEST_POSTGRES`
//! (as the test command runs it the second time) the database is PostgreSQL.

mod common;

use common::smtp::start_smtp;
use common::{PDF, ServerProcess, assert_status, free_port, lodge_appeal, login_body};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::appeal::Appeal;
use samlet_api::documents::DocumentSummary;
use samlet_server::Config;
use serde_json::json;

#[tokio::test]
async fn citizen_signs_in_on_one_server_uploads_on_the_other_and_appeals_on_the_first() {
    let data = tempfile::TempDir::new().unwrap();
    let database = Config::database_for_tests(data.path());
    let first = ServerProcess::start(data.path(), &database, &[]).await;
    let second = ServerProcess::start(data.path(), &database, &[]).await;
    let (first_base, second_base) = (first.base.clone(), second.base.clone());
    // One browser: cookies belong to the host, not the port, so both servers get the session.
    let browser = &reqwest::Client::builder().cookie_store(true).build().unwrap();

    let signed_in = browser
        .post(format!("{first_base}/api/session/demo"))
        .json(&login_body(1))
        .send()
        .await
        .unwrap();
    assert_status(&signed_in, StatusCode::OK);
    let form = Form::new()
        .text("title", "Lønseddel oktober")
        .part("file", Part::bytes(PDF.to_vec()).file_name("lønseddel.pdf"));
    let uploaded = browser
        .post(format!("{second_base}/api/documents"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_status(&uploaded, StatusCode::CREATED);
    let uploaded: Vec<DocumentSummary> = uploaded.json().await.unwrap();
    let document = uploaded[0].id;

    let appeal = json!({ "part_ids": [3], "part_reasons": [], "reason": "Lønsedlen viser min indkomst",
                         "document_ids": [document], "wants_meeting": false, "wants_call": false,
                         "helper": "", "late_reason": "" });
    let lodged = lodge_appeal(browser, &first_base, 1, "to-servere-1", &appeal).await;
    assert_status(&lodged, StatusCode::CREATED);
    let lodged: Appeal = lodged.json().await.unwrap();

    // The retry lands on the other server and is recognised there.
    let retried = lodge_appeal(browser, &second_base, 1, "to-servere-1", &appeal).await;
    assert!(retried.status().is_success(), "{}", retried.status());
    let retried: Appeal = retried.json().await.unwrap();
    assert_eq!(retried.reference, lodged.reference);

    let seen: Appeal = browser
        .get(format!("{second_base}/api/decisions/1/appeal"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(seen.reference, lodged.reference);
    assert_eq!(seen.form.document_ids, vec![document]);
    let file = browser
        .get(format!("{first_base}/api/documents/{document}/file"))
        .send()
        .await
        .unwrap();
    assert_status(&file, StatusCode::OK);
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

    // Signing out on one server ends the session on both.
    let signed_out = browser
        .delete(format!("{second_base}/api/session"))
        .send()
        .await
        .unwrap();
    assert_status(&signed_out, StatusCode::NO_CONTENT);
    let plan = browser
        .get(format!("{first_base}/api/plan"))
        .send()
        .await
        .unwrap();
    assert_status(&plan, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_in_attempts_spread_over_two_servers_share_one_limit() {
    let data = tempfile::TempDir::new().unwrap();
    let database = Config::database_for_tests(data.path());
    let limit = ["--sign-in-per-minute", "3"];
    let first = ServerProcess::start(data.path(), &database, &limit).await;
    let second = ServerProcess::start(data.path(), &database, &limit).await;
    let second_base = second.base.clone();
    let client = reqwest::Client::new();
    let attempt = |base: String| {
        let client = client.clone();
        async move {
            client
                .post(format!("{base}/api/session/demo"))
                .json(&login_body(1))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    assert_eq!(attempt(first.base.clone()).await, StatusCode::OK);
    assert_eq!(attempt(second_base.clone()).await, StatusCode::OK);
    assert_eq!(attempt(first.base.clone()).await, StatusCode::OK);
    assert_eq!(attempt(second_base).await, StatusCode::TOO_MANY_REQUESTS);
}

/// Servers behind one load balancer share one PostgreSQL's `max_connections`, so each keeps to
/// the pool it is given however many requests arrive at once (plus the one connection each
/// holds to `LISTEN` for the others' message changes).
#[tokio::test]
async fn servers_on_one_database_keep_to_their_share_of_its_connections() {
    let data = tempfile::TempDir::new().unwrap();
    let database = Config::database_for_tests(data.path());
    let pool = ["--database-connections", "2"];
    let first = ServerProcess::start(data.path(), &database, &pool).await;
    let second = ServerProcess::start(data.path(), &database, &pool).await;
    // Cookies belong to the host, so the session works on both servers.
    let browser = first.signed_in("Jens Hansen").await;

    let visits = (0..48).map(|i| {
        let base = if i % 2 == 0 { &first.base } else { &second.base };
        browser.get(format!("{base}/api/plan/overview")).send()
    });
    for response in futures_util::future::join_all(visits).await {
        assert_status(&response.unwrap(), StatusCode::OK);
    }

    // SQLite has no connections to count from outside; the requests above are its check.
    if database.starts_with("postgres") {
        use sqlx::Connection;
        sqlx::any::install_default_drivers();
        let mut observer = sqlx::AnyConnection::connect(&database).await.unwrap();
        let connections: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
        )
        .fetch_one(&mut observer)
        .await
        .unwrap();
        assert!(
            (2..=6).contains(&connections),
            "{connections} connections for two servers of 2 each and a listener each"
        );
    }
}

/// Reads a server-sent event stream until an event named `name` arrives; false when none
/// comes within `wait`.
async fn hears(stream: &mut reqwest::Response, name: &str, wait: std::time::Duration) -> bool {
    let mut seen = String::new();
    let deadline = tokio::time::Instant::now() + wait;
    while let Ok(Ok(Some(chunk))) = tokio::time::timeout_at(deadline, stream.chunk()).await {
        seen.push_str(&String::from_utf8_lossy(&chunk));
        // An event without a data line is never dispatched by a browser.
        if seen.contains(&format!("event: {name}\ndata: ")) {
            return true;
        }
    }
    false
}

#[tokio::test]
async fn a_message_sent_through_one_server_reaches_a_page_open_on_the_other() {
    let data = tempfile::TempDir::new().unwrap();
    let database = Config::database_for_tests(data.path());
    let first = ServerProcess::start(data.path(), &database, &[]).await;
    let second = ServerProcess::start(data.path(), &database, &[]).await;
    let jens = second.signed_in("Jens Hansen").await;
    let mut stream = jens
        .get(format!("{}/api/messages/events", second.base))
        .send()
        .await
        .unwrap();
    assert_status(&stream, StatusCode::OK);
    assert_eq!(stream.headers()["content-type"], "text/event-stream");
    // Nothing has changed yet: the stream stays quiet.
    assert!(!hears(&mut stream, "changed", std::time::Duration::from_millis(2500)).await);

    let mette = first.signed_in("Mette Larsen").await;
    let acting = mette
        .put(format!("{}/api/session/acting-for", first.base))
        .json(&json!({ "citizen_id": 1 }))
        .send()
        .await
        .unwrap();
    assert_status(&acting, StatusCode::OK);
    let sent = mette
        .post(format!("{}/api/messages/1", first.base))
        .json(&json!({ "body": "Hej Jens, jeg har et svar til dig." }))
        .send()
        .await
        .unwrap();
    assert_status(&sent, StatusCode::CREATED);
    assert!(
        hears(&mut stream, "changed", std::time::Duration::from_secs(5)).await,
        "the page open on the other server hears of it within 5 s"
    );
}

/// Two servers' delivery workers share one queue of notices: each is sent once, counted at a
/// real SMTP server, however the two race for them; and waiting events become one notice per
/// person, not one per server.
#[tokio::test]
async fn two_servers_send_each_due_notice_once() {
    let smtp = start_smtp(free_port()).await;
    let data = tempfile::TempDir::new().unwrap();
    let database = Config::database_for_tests(data.path());
    let url = smtp.url();
    // Both look for work every 20 ms, so they race for every notice.
    let flags = ["--smtp-url", url.as_str(), "--notify-every-ms", "20"];
    let first = ServerProcess::start(data.path(), &database, &flags).await;
    let db = samlet_server::db::open(&database).await.unwrap();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    // Jens and Fatima with verified addresses and no quiet hours; 120 notices due at once
    // for Jens.
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, email, email_verified_at, quiet_from, quiet_until)
         SELECT account_id, id, 'person' || id || '@example.dk', $1, 0, 0 FROM citizens WHERE id IN (1, 2)",
    )
    .bind(&now)
    .execute(&db)
    .await
    .unwrap();
    let second = ServerProcess::start(data.path(), &database, &flags).await;
    for n in 0..120 {
        sqlx::query(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             SELECT account_id, id, 'email', 'person1@example.dk', 1, $1, $2, 'pending', $2 FROM citizens WHERE id = 1",
        )
        .bind(format!("race-{n}"))
        .bind(&now)
        .execute(&db)
        .await
        .unwrap();
    }
    // And five events for Fatima waiting to be bundled: one notice of five, whichever
    // server forms it.
    for _ in 0..5 {
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, kind, created_at)
             SELECT account_id, id, 'message', $1 FROM citizens WHERE id = 2",
        )
        .bind(&now)
        .execute(&db)
        .await
        .unwrap();
    }
    let mails = smtp.wait_for(121).await;
    // A moment more for any second sending to arrive.
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let mails = if smtp.received().len() > mails.len() {
        smtp.received()
    } else {
        mails
    };
    let ids: std::collections::BTreeSet<&str> = mails
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Message-ID:")))
        .collect();
    assert_eq!((mails.len(), ids.len()), (121, 121), "each notice once");
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.contains("Du har 5 nye beskeder"))
            .count(),
        1
    );
    let formed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notices WHERE items = 5")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(formed, 1);
    drop((first, second));
}
