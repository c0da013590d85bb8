//! An appeal or a message the server answered 2xx to is never lost: the real server process
//! is killed (SIGKILL, no shutdown) in the middle of a stream of submissions, restarted on
//! the same data, and everything it had acknowledged is still there.

mod common;

use std::time::Duration;

use common::ServerProcess;

use samlet_api::appeal::Appeal;
use samlet_api::messages::Thread;
use serde_json::json;

#[tokio::test]
async fn what_the_server_acknowledged_survives_a_kill_at_any_moment() {
    let data = tempfile::TempDir::new().unwrap();
    let database = samlet_server::Config::database_for_tests(data.path());
    let mut server = ServerProcess::start(data.path(), &database, &[]).await;
    let client = server.signed_in("Jens Hansen").await;
    let form = json!({ "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = common::lodge_appeal(&client, &server.base, 1, "durable-1", &form).await;
    assert_eq!(lodged.status(), reqwest::StatusCode::CREATED);
    let reference = lodged.json::<Appeal>().await.unwrap().reference;

    // Additions stream in, one after another, until the process is killed mid-stream.
    let base = server.base.clone();
    let writer = tokio::spawn(async move {
        let mut acknowledged = Vec::new();
        for n in 0.. {
            let text = format!("Begrundelse nummer {n}");
            let sent = client
                .post(format!("{base}/api/decisions/1/appeal/additions"))
                .json(&json!({ "text": text, "document_ids": [] }))
                .send()
                .await;
            match sent {
                Ok(response) if response.status() == reqwest::StatusCode::CREATED => acknowledged.push(text),
                _ => break,
            }
        }
        acknowledged
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.child.kill().unwrap(); // SIGKILL: no graceful shutdown, no flush
    server.child.wait().unwrap();
    let acknowledged = writer.await.unwrap();
    assert!(
        acknowledged.len() > 3,
        "the stream was running when the kill came"
    );

    let restarted = ServerProcess::start(data.path(), &database, &[]).await;
    let client = restarted.signed_in("Jens Hansen").await;
    let appeal: Appeal = client
        .get(format!("{}/api/decisions/1/appeal", restarted.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(appeal.reference, reference);
    let stored: Vec<&str> = appeal.additions.iter().map(|a| a.text.as_str()).collect();
    for text in &acknowledged {
        assert!(stored.contains(&text.as_str()), "acknowledged but lost: {text}");
    }
    // At most the one in flight at the kill was stored without its answer arriving.
    assert!(stored.len() <= acknowledged.len() + 1);
}

#[tokio::test]
async fn a_message_the_server_acknowledged_survives_a_kill_and_its_retry_is_not_a_second() {
    let data = tempfile::TempDir::new().unwrap();
    let database = samlet_server::Config::database_for_tests(data.path());
    let limit = ["--messages-per-minute", "100000"];
    let mut server = ServerProcess::start(data.path(), &database, &limit).await;
    let client = server.signed_in("Jens Hansen").await;
    let base = server.base.clone();
    // Replies stream in, each with its own key, until the process is killed mid-stream.
    let writer = tokio::spawn(async move {
        let mut acknowledged = Vec::new();
        let mut in_flight = None;
        for n in 0.. {
            let (key, text) = (format!("durable-{n}"), format!("Besked nummer {n}"));
            in_flight = Some((key.clone(), text.clone()));
            let sent = client
                .post(format!("{base}/api/messages/1"))
                .header("Idempotency-Key", &key)
                .json(&json!({ "body": text }))
                .send()
                .await;
            match sent {
                Ok(response) if response.status() == reqwest::StatusCode::CREATED => acknowledged.push(text),
                _ => break,
            }
        }
        (acknowledged, in_flight)
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    server.child.kill().unwrap();
    server.child.wait().unwrap();
    let (acknowledged, in_flight) = writer.await.unwrap();
    assert!(
        acknowledged.len() > 3,
        "the stream was running when the kill came"
    );

    let restarted = ServerProcess::start(data.path(), &database, &limit).await;
    let client = restarted.signed_in("Jens Hansen").await;
    // The phone retries the one it never got an answer for, with the same key.
    let (key, text) = in_flight.unwrap();
    let retried = client
        .post(format!("{}/api/messages/1", restarted.base))
        .header("Idempotency-Key", &key)
        .json(&json!({ "body": text }))
        .send()
        .await
        .unwrap();
    assert!(retried.status().is_success(), "{}", retried.status());
    let thread: Thread = client
        .get(format!("{}/api/messages/1", restarted.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let stored: Vec<&str> = thread.messages.iter().map(|m| m.body.as_str()).collect();
    for text in &acknowledged {
        assert!(stored.contains(&text.as_str()), "acknowledged but lost: {text}");
    }
    let copies = stored.iter().filter(|body| **body == text).count();
    assert_eq!(copies, 1, "the retried message is there once");
}
