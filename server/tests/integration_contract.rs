//! What a case system's developer meets at the edges of the integration API: input that
//! is refused (and why, in words they can act on), cursors, and the appeal as it changes
//! after pickup.

mod common;

use common::case_system::{EVERY_SCOPE as ALL, case_system};
use common::{integration_error, spawn_app};
use reqwest::StatusCode;
use samlet_api::integration::{
    AppealChangeFeed, AppealChangeKind, AppealFeed, DocumentFeed, IntegrationErrorCode as Code,
    SubmittedAppeal, Written,
};
use samlet_server::integration::systems::Scope;
use serde_json::{Value, json};

fn citizen(person_ref: &str) -> Value {
    json!({ "person_ref": person_ref, "version": 1, "full_name": "Sara Nielsen", "municipality": "751",
            "overall_goal": "Et arbejde" })
}

#[tokio::test]
async fn a_misspelt_field_is_refused_by_name_and_the_goal_is_not_written() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    system.written("/citizens/JC-1", &citizen("0101901234")).await;
    // "sensitve": accepted before, as a goal that relatives could see.
    let typo = json!({ "person_ref": "0101901234", "version": 1, "life_area": "health",
                       "title": "Behandling for angst", "sensitve": true });
    let refused = system.put("/goals/G-1", &typo).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let refused = integration_error(refused).await;
    assert_eq!(refused.code, Code::UnknownField);
    assert_eq!(refused.field.as_deref(), Some("sensitve"));
    assert!(refused.message.contains("sensitive"), "{}", refused.message);
    let goals: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM goals WHERE title = 'Behandling for angst'")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(goals, 0);

    // Nested too, and a missing field is "required", without serde's words.
    let part = json!({ "intervention": "Fleksjob", "outcome": "refused", "explanation": "Ikke nu." });
    let decision = json!({ "person_ref": "0101901234", "version": 1, "title": "Afgørelse",
        "channel": "digital_post", "sent_at": "2026-12-01T09:00:00Z", "reasoning": "r",
        "appeal_guidance": "g", "parts": [part] });
    let refused = integration_error(system.put("/decisions/D-1", &decision).await).await;
    assert_eq!(refused.message, "parts[0].law: required");
    assert!(!refused.message.contains("line"), "{}", refused.message);
}

#[tokio::test]
async fn a_time_without_an_offset_and_a_missing_token_are_explained() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    system.written("/citizens/JC-1", &citizen("0101901234")).await;
    let meeting = json!({ "person_ref": "0101901234", "version": 1, "title": "Opfølgning",
                          "starts_at": "2027-01-10T09:00:00", "ends_at": "2027-01-10T10:00:00Z" });
    let refused = integration_error(system.put("/meetings/M-1", &meeting).await).await;
    assert_eq!(refused.code, Code::BadRequest);
    assert_eq!(refused.field.as_deref(), Some("starts_at"));
    assert!(
        refused.message.contains("offset is missing"),
        "{}",
        refused.message
    );

    for token in [None, Some("not-a-token")] {
        let mut request = app.client.get(format!("{}/integration/v1/appeals", app.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        let refused = integration_error(response).await;
        assert_eq!(refused.code, Code::Unauthenticated);
        assert!(refused.message.contains("Bearer"), "{}", refused.message);
    }
}

#[tokio::test]
async fn a_person_registered_again_under_a_new_id_is_told_the_first_one() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    system.written("/citizens/JC-1", &citizen("0101901234")).await;
    let again = system.put("/citizens/JC-2", &citizen("0101901234")).await;
    assert_eq!(again.status(), StatusCode::CONFLICT, "it was a 500");
    let again = integration_error(again).await;
    assert_eq!(again.code, Code::PersonRefTaken);
    assert!(again.message.contains("`JC-1`"), "{}", again.message);

    let other = case_system(&app, "socialforvaltningen", &ALL).await;
    let refused = integration_error(other.put("/citizens/SOC-9", &citizen("0101901234")).await).await;
    assert_eq!(refused.code, Code::PersonRefTaken);
    assert!(
        !refused.message.contains("JC-1") && !refused.message.contains("jobcenter"),
        "another system's ids are not told: {}",
        refused.message
    );

    // Samlet's own references are not there to be claimed.
    let claim = system.put("/citizens/JC-7", &citizen("samlet-7")).await;
    assert_eq!(claim.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_shared_letter_takes_its_fields_in_any_order_and_needs_a_title() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    system.written("/citizens/JC-1", &citizen("0101901234")).await;
    let file = || reqwest::multipart::Part::bytes(common::PDF.to_vec()).file_name("brev_2026.pdf");
    // As a generated client sends it: the file first.
    let file_first = reqwest::multipart::Form::new()
        .part("file", file())
        .text("title", "Indkaldelse til samtale")
        .text("person_ref", "0101901234");
    let shared = system.post_form("/shared-documents/B-1", file_first).await;
    assert_eq!(shared.status(), StatusCode::CREATED);
    let id = shared.json::<Written>().await.unwrap().id;
    let title: String = sqlx::query_scalar("SELECT title FROM documents WHERE id = $1")
        .bind(id)
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(title, "Indkaldelse til samtale", "not the file's name");

    // A retry is a retry only if it is the same letter, and it is checked like the first.
    let form = |title: &str| {
        reqwest::multipart::Form::new()
            .text("person_ref", "0101901234")
            .text("title", title.to_owned())
            .part("file", file())
    };
    let retry = system
        .post_form("/shared-documents/B-1", form("Indkaldelse til samtale"))
        .await;
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.json::<Written>().await.unwrap().id, id);
    let other = system
        .post_form("/shared-documents/B-1", form("Et andet brev"))
        .await;
    assert_eq!(other.status(), StatusCode::CONFLICT);
    assert_eq!(
        integration_error(other).await.field.as_deref(),
        Some("external_id")
    );
    let no_person = reqwest::multipart::Form::new()
        .text("title", "Indkaldelse til samtale")
        .part("file", file());
    let refused = system.post_form("/shared-documents/B-1", no_person).await;
    assert_eq!(integration_error(refused).await.message, "person_ref: required");

    let untitled = reqwest::multipart::Form::new()
        .text("person_ref", "0101901234")
        .part("file", file());
    let refused = system.post_form("/shared-documents/B-2", untitled).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(integration_error(refused).await.message, "title: required");
}

#[tokio::test]
async fn a_cursor_the_api_never_issued_is_refused_and_a_page_says_when_more_wait() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    for feed in ["/appeals", "/documents", "/appeal-changes"] {
        let refused = system.get(&format!("{feed}?after=999999999999")).await;
        assert_eq!(refused.status(), StatusCode::BAD_REQUEST, "{feed}");
        assert_eq!(integration_error(refused).await.field.as_deref(), Some("after"));
    }
    // Two appeals at least: the demo's, and Jens's.
    app.sign_in_as("Jens Hansen").await;
    let appeal = json!({ "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
                         "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = app.post_json("/api/decisions/1/appeal", &appeal).await;
    assert_eq!(lodged.status(), StatusCode::CREATED);
    let first: AppealFeed = system.get("/appeals?limit=1").await.json().await.unwrap();
    assert_eq!(first.appeals.len(), 1);
    assert!(first.has_more);
    let mut cursor = first.next_cursor;
    let mut seen = 1;
    loop {
        let page: AppealFeed = system
            .get(&format!("/appeals?limit=1&after={cursor}"))
            .await
            .json()
            .await
            .unwrap();
        seen += page.appeals.len();
        cursor = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    let all: AppealFeed = system.get("/appeals").await.json().await.unwrap();
    assert_eq!(seen, all.appeals.len());
    assert!(!all.has_more);
    // The last cursor is one the API issued: an empty page, not a refusal.
    let end = system.get(&format!("/appeals?after={cursor}")).await;
    assert_eq!(end.status(), StatusCode::OK);
    let documents: DocumentFeed = system.get("/documents").await.json().await.unwrap();
    assert!(!documents.has_more);
}

#[tokio::test]
async fn reasons_a_citizen_adds_after_pickup_reach_the_case_system() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    let feed: AppealFeed = system.get("/appeals").await.json().await.unwrap();
    let lodged = feed
        .appeals
        .iter()
        .find(|a| a.citizen_name == "Fatima Ali")
        .expect("the demo appeal");
    assert_eq!(
        lodged.person_ref, "DEMO-0002",
        "matched by reference, not by name"
    );
    let reference = lodged.appeal.reference.clone();
    let acknowledged = system.post(&format!("/appeals/{reference}/acknowledge")).await;
    assert_eq!(acknowledged.status(), StatusCode::NO_CONTENT);
    let changes: AppealChangeFeed = system.get("/appeal-changes").await.json().await.unwrap();
    let before = changes.changes.len();

    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let added = fatima
        .post_json(
            &format!("/api/decisions/{}/appeal/additions", lodged.appeal.decision_id),
            &json!({ "text": "Min læge har skrevet en erklæring.", "document_ids": [] }),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);

    let changes: AppealChangeFeed = system
        .get(&format!("/appeal-changes?after={}", changes.next_cursor))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(changes.changes.len(), 1, "{before} before");
    let change = &changes.changes[0];
    assert_eq!(change.reference, reference);
    assert_eq!(change.person_ref, "DEMO-0002");
    assert_eq!(change.kind, AppealChangeKind::Addition);
    assert_eq!(
        change.addition.as_ref().unwrap().text,
        "Min læge har skrevet en erklæring."
    );
    let now: SubmittedAppeal = system
        .get(&format!("/appeals/{reference}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        now.appeal
            .additions
            .iter()
            .any(|a| a.text == "Min læge har skrevet en erklæring.")
    );
    let unknown = system.get("/appeals/KL-1999-999999").await;
    assert_eq!(integration_error(unknown).await.code, Code::NotFound);
}

/// The scope the document declares for each operation is the one the server enforces: a
/// token with every other scope is refused with `missing_scope` naming it, and a token with
/// only that scope is not. Bodies are the document's own examples, so the scope is what is
/// refused, not the body.
#[tokio::test]
async fn every_operation_needs_exactly_the_scope_the_document_declares() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut checked = 0;
    for (route, item) in doc["paths"].as_object().unwrap() {
        let Some(path) = route.strip_prefix("/integration/v1") else {
            continue;
        };
        let path = path
            .split('/')
            .map(|part| if part.starts_with('{') { "1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for (method, operation) in item.as_object().unwrap() {
            let declared = operation["security"][0]["case_system"][0]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {route} declares no scope"));
            let scope = *ALL.iter().find(|s| s.name() == declared).unwrap();
            let others: Vec<Scope> = ALL.iter().copied().filter(|s| *s != scope).collect();
            let example = &operation["requestBody"]["content"]["application/json"]["example"];
            for (system, refused) in [
                (
                    case_system(&app, &format!("without-{declared}"), &others).await,
                    true,
                ),
                (
                    case_system(&app, &format!("only-{declared}"), &[scope]).await,
                    false,
                ),
            ] {
                let url = format!("{}/integration/v1{path}", app.base);
                let request = app
                    .client
                    .request(method.to_uppercase().parse().unwrap(), url)
                    .bearer_auth(&system.token);
                let request = if example.is_object() {
                    request.json(example)
                } else {
                    request
                };
                let response = request.send().await.unwrap();
                let status = response.status();
                let body = response.text().await.unwrap();
                let missing = status == StatusCode::FORBIDDEN && body.contains("missing_scope");
                assert_eq!(
                    missing,
                    refused,
                    "{method} {route} with {}: {status} {body}",
                    if refused { "every other scope" } else { "its scope" }
                );
                if refused {
                    assert!(body.contains(&format!("`{declared}`")), "{body}");
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 17, "{checked} integration operations");
}

/// A citizen may delete an upload the municipality has not received yet. The cursor the
/// case system was given for it is still one the API issued, and the next upload reaches
/// the feed after it.
#[tokio::test]
async fn a_cursor_stays_valid_when_the_citizen_deletes_the_document_it_named() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &ALL).await;
    app.sign_in_as("Jens Hansen").await;
    let upload = |title: &'static str| {
        let form = reqwest::multipart::Form::new().text("title", title).part(
            "file",
            reqwest::multipart::Part::bytes(common::PDF.to_vec()).file_name("a.pdf"),
        );
        app.client
            .post(format!("{}/api/documents", app.base))
            .multipart(form)
            .send()
    };
    let sent: Vec<Value> = upload("Lønseddel").await.unwrap().json().await.unwrap();
    let feed: DocumentFeed = system.get("/documents").await.json().await.unwrap();
    assert_eq!(feed.next_cursor, sent[0]["id"].to_string());
    let deleted = app
        .client
        .delete(format!("{}/api/documents/{}", app.base, sent[0]["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let after = format!("/documents?after={}", feed.next_cursor);
    let page = system.get(&after).await;
    assert_eq!(page.status(), StatusCode::OK, "the cursor was issued");

    upload("Kontoudtog").await.unwrap();
    let page: DocumentFeed = system.get(&after).await.json().await.unwrap();
    let titles: Vec<&str> = page.documents.iter().map(|d| d.document.title.as_str()).collect();
    assert_eq!(titles, ["Kontoudtog"], "the next upload is not skipped");
}
