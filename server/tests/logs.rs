//! The server's logs, at their most talkative (TRACE, every crate), hold no document
//! contents, appeal texts, own texts, sensitive plan items, identification numbers or
//! secrets, whatever a citizen sends, including bodies the server refuses.
//!
//! One test in its own binary: it installs the process-wide log subscriber.

mod common;

use common::{Captured, login_body, spawn_with};
use reqwest::multipart::{Form, Part};
use serde_json::json;
use tracing_subscriber::EnvFilter;

const DOCUMENT_MARKER: &str = "LØNSEDDEL-INDHOLD-7f3a";
const APPEAL_MARKER: &str = "KLAGETEKST-min-gæld-kom-af-sygdom-91c2";
const OWN_TEXT_MARKER: &str = "EGEN-TEKST-min-søn-4be0";
const CPR: &str = "010190-1234";
const CLIENT_SECRET: &str = "hemmelig-klientnøgle-5d21";

#[tokio::test]
async fn logs_hold_no_personal_contents_or_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::new("trace"))
        .json()
        .with_writer(move || writer.clone())
        .init();

    let app = spawn_with(|config| {
        config.oidc_issuer = Some("http://127.0.0.1:9".into());
        config.oidc_client_secret = Some(samlet_server::session::oidc::Secret(CLIENT_SECRET.into()));
    })
    .await;
    app.post_json("/api/session/demo", &login_body(1)).await;
    app.get("/api/plan").await;

    let mut pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.extend_from_slice(format!("({DOCUMENT_MARKER} CPR {CPR})\n").as_bytes());
    pdf.extend_from_slice(b"trailer << /Root 1 0 R >>\n%%EOF\n");
    let form = Form::new()
        .text("title", "Lønseddel")
        .text("note", format!("{DOCUMENT_MARKER} note"))
        .part("file", Part::bytes(pdf).file_name("lønseddel.pdf"));
    let uploaded = app
        .client
        .post(format!("{}/api/documents", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), 201);

    let own =
        json!({ "what_matters": format!("{OWN_TEXT_MARKER} {CPR}"), "meeting_notes": "", "version": 0 });
    app.put_json("/api/plan/own-texts", &own).await;
    let appeal = json!({ "part_ids": [3], "part_reasons": [], "reason": format!("{APPEAL_MARKER} {CPR}"),
        "document_ids": [], "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let submitted = app.post_json("/api/decisions/1/appeal", &appeal).await;
    assert!(submitted.status().is_success(), "{}", submitted.status());
    // Refused bodies are not echoed into the log either.
    app.client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("content-type", "application/json")
        .body(format!("{{\"what_matters\": \"{APPEAL_MARKER}\", \"broken"))
        .send()
        .await
        .unwrap();
    // A sign-in attempt, which reads the OpenID Connect settings.
    app.get("/auth/login").await;
    // Mikkel's sensitive goal, read by him.
    let mikkel = app.other_browser();
    mikkel.post_json("/api/session/demo", &login_body(3)).await;
    mikkel.get("/api/plan").await;

    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("/api/documents"),
        "the capture works: {}",
        &logs[..logs.len().min(500)]
    );
    for secret in [
        DOCUMENT_MARKER,
        APPEAL_MARKER,
        OWN_TEXT_MARKER,
        CPR,
        CLIENT_SECRET,
        "Gennemføre behandlingen for misbrug",
        "Jeg har gennemført 12 ugers dagbehandling",
    ] {
        let at = logs
            .find(secret)
            .map(|i| &logs[i.saturating_sub(600)..(i + 200).min(logs.len())]);
        assert!(at.is_none(), "the log contains {secret:?}: {at:?}");
    }
}
