//! "Hent mine data": the citizen's own copy of everything, as one streamed ZIP.

mod common;

use common::{TestApp, spawn_app, unzip};
use reqwest::StatusCode;
use samlet_api::audit::{AccessLog, Action, ActorRole};
use samlet_api::export::{FORMAT, MyData};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

async fn download(app: &TestApp, query: &str) -> reqwest::Response {
    app.get(&format!("/api/export{query}")).await
}

#[tokio::test]
async fn a_citizen_downloads_everything_held_about_them_in_one_zip() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    // An appeal begun and left: it is his too.
    let draft = serde_json::json!({"form": {"part_ids": [3], "part_reasons": [], "reason": "Jeg kan ikke betale.",
        "document_ids": [], "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": ""},
        "version": 0, "saved_at": null});
    assert_eq!(
        app.put_json("/api/decisions/1/draft", &draft).await.status(),
        StatusCode::OK
    );
    let response = download(&app, "").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/zip");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment; filename=\"samlet-mine-data-")
    );
    let files = unzip(response.bytes().await.unwrap().to_vec()).await;
    let data: MyData = serde_json::from_slice(&files["samlet.json"]).unwrap();
    assert_eq!(data.format, FORMAT);
    assert_eq!(data.citizen_name, "Jens Hansen");
    assert!(!data.plan.is_empty() && !data.plan.last().unwrap().content.goals.is_empty());
    assert!(!data.decisions.is_empty());
    assert!(!data.messages.is_empty());
    let begun = data.decisions.iter().find(|d| d.decision.id == 1).unwrap();
    assert_eq!(
        begun.appeal_draft.as_ref().map(|d| d.form.reason.as_str()),
        Some("Jeg kan ikke betale.")
    );
    // Every contact he has had, newest first: Mette now, Lars before her.
    let contacts: Vec<&str> = data.contact_history.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(contacts, ["Mette Larsen", "Lars Kristensen"]);
    // Every document is there, under its own name, with the bytes its SHA-256 names.
    assert!(!data.documents.is_empty());
    for document in &data.documents {
        let bytes = &files[&document.path];
        assert!(document.path.starts_with("documents/"));
        assert_eq!(hex(&Sha256::digest(bytes)), document.sha256, "{}", document.path);
        assert_eq!(bytes.len() as u64, document.document.size);
    }
    assert_eq!(files.len(), data.documents.len() + 2);
    // The page says the same for a person, in Danish unless English is asked for.
    let page = String::from_utf8(files["index.html"].clone()).unwrap();
    assert!(page.starts_with("<!doctype html><html lang=\"da\">"));
    assert!(page.contains("Mine data fra Samlet – Jens Hansen"));
    assert!(page.contains(&data.plan.last().unwrap().content.goals[0].title));
    assert!(page.contains("Lars Kristensen") && page.contains("Klage påbegyndt, ikke sendt"));
    assert!(!page.contains("<script"));
    let english = unzip(download(&app, "?lang=en").await.bytes().await.unwrap().to_vec()).await;
    assert!(String::from_utf8_lossy(&english["index.html"]).contains("My data from Samlet"));
    // Min log shows each download, the citizen's own too.
    let log: AccessLog = app.get("/api/audit/log").await.json().await.unwrap();
    let downloads: Vec<_> = log
        .entries
        .iter()
        .filter(|entry| entry.action == Action::DownloadMyData)
        .collect();
    assert_eq!(downloads.len(), 2);
    assert_eq!(downloads[0].role, ActorRole::Citizen);
    // A few a day: the third is the last.
    assert_eq!(download(&app, "").await.status(), StatusCode::OK);
    assert_eq!(download(&app, "").await.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_guardian_may_download_it_and_a_relative_may_not_whatever_their_scopes() {
    let app = spawn_app().await;
    // Anna holds every scope Jens can give, sensitive items too.
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let today = chrono::Utc::now().date_naive() + chrono::Days::new(30);
    let given = jens
        .post_json(
            "/api/delegation/grants",
            &json!({ "grantee_name": "Anna Jensen", "grantee_cpr": "070790-1234",
                     "scopes": ["plan", "read_documents", "upload_documents", "appeal", "own_texts", "messages"],
                     "include_sensitive": true, "ends_on": today.to_string() }),
        )
        .await;
    assert_eq!(given.status(), StatusCode::CREATED);
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    let grant: Value = given.json().await.unwrap();
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", grant["id"]),
        &Value::Null,
    )
    .await;
    assert_eq!(
        anna.put_json("/api/session/acting-for", &json!({ "citizen_id": 1 }))
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(download(&anna, "").await.status(), StatusCode::FORBIDDEN);

    // Karen is Ole's guardian: she may, and Ole's log says she did.
    let karen = app.other_browser();
    karen.sign_in_as("Karen Holm").await;
    karen
        .put_json("/api/session/acting-for", &json!({ "citizen_id": 4 }))
        .await;
    let response = download(&karen, "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let files = unzip(response.bytes().await.unwrap().to_vec()).await;
    let data: MyData = serde_json::from_slice(&files["samlet.json"]).unwrap();
    assert_eq!(data.citizen_name, "Ole Pedersen");
    assert_eq!(data.made_by, "Karen Holm");
    // What only the citizen reads is not in the guardian's copy: Min log and the grants
    // (those received name other citizens).
    assert!(data.access_log.is_empty());
    assert!(data.grants.given.is_empty() && data.grants.received.is_empty());
    assert!(!data.plan.is_empty());
    let ole = app.other_browser();
    ole.sign_in_as("Ole Pedersen").await;
    let log: AccessLog = ole.get("/api/audit/log").await.json().await.unwrap();
    assert_eq!(log.entries[0].action, Action::DownloadMyData);
    assert_eq!(log.entries[0].role, ActorRole::Guardian);
}

/// A document whose stored bytes no longer match their SHA-256 stops the download, and
/// the client sees it fail, never a shorter ZIP that looks finished (shown failing when the
/// body simply ended).
#[tokio::test]
async fn a_download_that_cannot_be_finished_fails_instead_of_ending_short() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let db = app.db().await;
    let sha256: String =
        sqlx::query_scalar("SELECT sha256 FROM documents WHERE citizen_id = 1 ORDER BY id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let stored = app
        .dirs
        .0
        .path()
        .join("documents/blobs")
        .join(&sha256[..2])
        .join(&sha256);
    let mut bytes = std::fs::read(&stored).unwrap();
    bytes[0] ^= 0xff;
    std::fs::write(&stored, &bytes).unwrap();
    let response = download(&app, "").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "the check comes as the file's turn comes"
    );
    assert!(
        response.bytes().await.is_err(),
        "a truncated ZIP was served as whole"
    );
}

#[tokio::test]
async fn the_schema_of_samlet_json_is_published_beside_the_openapi_document() {
    let app = spawn_app().await;
    let response = app.get("/api/export/schema.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    let schema: Value = response.json().await.unwrap();
    assert_eq!(schema["$ref"], "#/$defs/MyData");
    assert!(schema["$defs"]["MyData"]["properties"]["access_log"].is_object());
    // Every reference resolves inside the schema.
    let text = schema.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let name = reference.split('"').next().unwrap();
        let name = name.strip_prefix("#/$defs/").expect(name);
        assert!(schema["$defs"][name].is_object(), "{name}");
    }
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
