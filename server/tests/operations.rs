//! What a municipality's operators see: request ids in responses, error bodies and log
//! lines; `/metrics` in Prometheus' text format, closed to the public side; liveness and a
//! readiness check that fails when the database cannot be reached.
//!
//! One test in its own binary: it installs the process-wide log subscriber.

mod common;

use common::{Captured, INDEX, login_body};
use reqwest::StatusCode;
use samlet_api::error::ApiErrorBody;
use samlet_server::{Application, Config};
use tempfile::TempDir;

const METRICS_TOKEN: &str = "maalepunkter-7c1d";

/// A server behind a trusted proxy (the test itself, on 127.0.0.1), with a metrics token
/// and a separate metrics address; the running server's database pool, to break it.
async fn start(data: &TempDir, metrics_port: u16) -> (String, samlet_server::db::Db) {
    let dist = data.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX).unwrap();
    let mut config = Config::for_tests(data.path().to_owned(), dist);
    config.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    config.metrics_token = Some(samlet_server::session::oidc::Secret(METRICS_TOKEN.into()));
    config.metrics_address = Some(format!("127.0.0.1:{metrics_port}").parse().unwrap());
    let app = Application::build(config).await.expect("server starts");
    let base = format!("http://127.0.0.1:{}", app.port());
    let db = app.state().db.clone();
    tokio::spawn(app.run());
    (base, db)
}

#[tokio::test]
async fn operators_follow_a_citizens_error_id_to_the_log_and_watch_metrics_and_readiness() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("warn"))
        .json()
        .with_writer(move || writer.clone())
        .init();
    let data = TempDir::new().unwrap();
    let metrics_port = common::free_port();
    let (base, db) = start(&data, metrics_port).await;
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();

    // Every response has an id; a trusted proxy's own id is kept, a malformed one is not.
    let live = client.get(format!("{base}/api/healthz")).send().await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);
    let made = live.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(made.len(), 16);
    let given = client
        .get(format!("{base}/api/healthz"))
        .header("X-Request-Id", "lb-4711-abc")
        .send()
        .await
        .unwrap();
    assert_eq!(given.headers()["x-request-id"], "lb-4711-abc");
    let bent = client
        .get(format!("{base}/api/healthz"))
        .header("X-Request-Id", "lb 4711; drop")
        .send()
        .await
        .unwrap();
    assert_ne!(bent.headers()["x-request-id"], "lb 4711; drop");

    // A signed-in citizen's requests and a refused one are counted by route and status.
    let signed_in = client
        .post(format!("{base}/api/session/demo"))
        .json(&login_body(1))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), StatusCode::OK);
    assert_eq!(
        client
            .get(format!("{base}/api/plan"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
    let missing = client
        .get(format!("{base}/api/documents/999999/file"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    // /metrics on the public side: not there without the token, as any unknown path.
    let anonymous = reqwest::get(format!("{base}/metrics")).await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);
    let wrong = client
        .get(format!("{base}/metrics"))
        .bearer_auth("gaettet")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::NOT_FOUND);
    let metrics = client
        .get(format!("{base}/metrics"))
        .bearer_auth(METRICS_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(metrics.status(), StatusCode::OK);
    let text = metrics.text().await.unwrap();
    for expected in [
        r#"http_requests_total{route="/api/plan",method="GET",status="200"}"#,
        r#"http_requests_total{route="/api/documents/{id}/file",method="GET",status="404"}"#,
        r#"http_request_duration_seconds_bucket{route="/api/plan",method="GET",status="200",le="0.05"}"#,
        r#"sign_ins_total{method="demo"}"#,
        r#"db_pool_connections{state="in_use"}"#,
    ] {
        assert!(text.contains(expected), "{expected} in:\n{text}");
    }
    // The separate address serves the same without a token.
    let internal = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .await
        .unwrap();
    assert_eq!(internal.status(), StatusCode::OK);
    assert!(internal.text().await.unwrap().contains("http_requests_total"));

    // Ready while the database answers; not once it cannot be reached.
    let ready = reqwest::get(format!("{base}/api/readyz")).await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    db.close().await;
    let not_ready = reqwest::get(format!("{base}/api/readyz")).await.unwrap();
    assert_eq!(not_ready.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = not_ready.json().await.unwrap();
    assert_eq!(body["database"], "unreachable");
    assert_eq!(body["documents"], "ok");
    // Liveness is the process, not its database: restarting would not help.
    let live = reqwest::get(format!("{base}/api/healthz")).await.unwrap();
    assert_eq!(live.status(), StatusCode::OK);

    // The citizen's request now fails; the id in the error body is the response's, and it
    // leads to the log line that says why.
    let failed = client.get(format!("{base}/api/plan")).send().await.unwrap();
    assert_eq!(failed.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let header_id = failed.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body: ApiErrorBody = failed.json().await.unwrap();
    let id = body.request_id.expect("the error body names the request");
    assert_eq!(id, header_id);
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = logs
        .lines()
        .find(|line| line.contains("request failed") && line.contains(&id))
        .unwrap_or_else(|| panic!("a log line with {id} says why:\n{logs}"));
    assert!(line.contains("pool"), "the line names the cause: {line}");
}
