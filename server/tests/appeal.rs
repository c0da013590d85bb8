//! The combined decision and the one combined appeal, over HTTP against the real server.

mod common;

use common::{TestApp, error_code, spawn_app};
use reqwest::StatusCode;
use samlet_api::appeal::{Appeal, AppealDraft, AppealStatus, Decision, DecisionSummary, PartOutcome};
use samlet_api::documents::DocumentSummary;
use samlet_api::error::ErrorCode;
use serde_json::{Value, json};

const JENS_DECISION: i64 = 1;

impl TestApp {
    async fn submit(&self, decision: i64, form: &Value, key: Option<&str>) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!("{}/api/decisions/{decision}/appeal", self.base))
            .json(form);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }
}

async fn appeals_in_database(app: &TestApp) -> i64 {
    let db = app.db().await;
    sqlx::query_scalar("SELECT COUNT(*) FROM appeals")
        .fetch_one(&db)
        .await
        .unwrap()
}

#[tokio::test]
async fn citizen_reads_the_combined_decision_with_its_computed_deadline() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let list: Vec<DecisionSummary> = app.get("/api/decisions").await.json().await.unwrap();
    assert_eq!(list.len(), 1);
    let decision: Decision = app
        .get(&format!("/api/decisions/{JENS_DECISION}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(decision.parts.len(), 4);
    assert_eq!(decision.parts[2].outcome, PartOutcome::Refused);
    assert_eq!(decision.parts[2].law, "Lov om aktiv socialpolitik § 81");
    // Digital Post: received the day it was made available, 12 days ago.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .date_naive();
    assert_eq!((today - decision.received_on).num_days(), 12);
    assert!(decision.deadline >= decision.received_on + chrono::Days::new(28));
    assert_eq!(decision.days_left, (decision.deadline - today).num_days());
    assert!(decision.appeal_guidance.contains("4 uger"));
    // The original letter is a document the citizen can download.
    let documents: Vec<DocumentSummary> = app.get("/api/documents").await.json().await.unwrap();
    let letter = documents
        .iter()
        .find(|d| Some(d.id) == decision.document_id)
        .unwrap();
    assert_eq!(letter.title, "Samlet afgørelse om din indsats");

    let other = app.other_browser();
    other.sign_in_as("Fatima Ali").await;
    assert_eq!(
        other
            .get(&format!("/api/decisions/{JENS_DECISION}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_draft_is_saved_on_the_server_and_a_stale_tab_gets_a_conflict() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let path = format!("/api/decisions/{JENS_DECISION}/draft");
    let empty: AppealDraft = app.get(&path).await.json().await.unwrap();
    assert_eq!(empty.version, 0);
    let form = json!({ "part_ids": [3], "part_reasons": [], "reason": "Gælden kom af min sygdom", "document_ids": [],
                       "wants_meeting": true, "wants_call": false, "helper": "Anna, min søster", "late_reason": "" });
    let saved = app
        .put_json(&path, &json!({ "form": form, "version": 0, "saved_at": null }))
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    assert_eq!(saved.json::<AppealDraft>().await.unwrap().version, 1);
    // Another device that still has version 0 does not overwrite it.
    let stale = app
        .put_json(&path, &json!({ "form": form, "version": 0, "saved_at": null }))
        .await;
    assert_eq!(error_code(stale).await, ErrorCode::Conflict);
    let back: AppealDraft = app.get(&path).await.json().await.unwrap();
    assert_eq!(back.form.reason, "Gælden kom af min sygdom");
    assert!(back.form.wants_meeting);

    let other = app.other_browser();
    other.sign_in_as("Fatima Ali").await;
    assert_eq!(other.get(&path).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_appeals_are_refused_with_a_reason_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let form = |parts: Value, reason: &str, documents: Value| {
        json!({ "part_ids": parts, "part_reasons": [], "reason": reason, "document_ids": documents,
                "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" })
    };
    let none = app
        .submit(JENS_DECISION, &form(json!([]), "", json!([])), None)
        .await;
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(none).await, ErrorCode::NoPartsSelected);
    // Part 5 belongs to Fatima's decision.
    let foreign_part = app
        .submit(JENS_DECISION, &form(json!([1, 5]), "", json!([])), None)
        .await;
    assert_eq!(error_code(foreign_part).await, ErrorCode::UnknownPart);
    let long = app
        .submit(
            JENS_DECISION,
            &form(json!([1]), &"x".repeat(8001), json!([])),
            None,
        )
        .await;
    assert_eq!(error_code(long).await, ErrorCode::TextTooLong);
    // Fatima's decision is not Jens's to appeal.
    let foreign_decision = app.submit(2, &form(json!([7]), "", json!([])), None).await;
    assert_eq!(foreign_decision.status(), StatusCode::NOT_FOUND);
    // A document id that is Mikkel's.
    let foreign_document = app
        .submit(JENS_DECISION, &form(json!([1]), "", json!([3])), None)
        .await;
    assert_eq!(error_code(foreign_document).await, ErrorCode::UnknownPart);
    assert_eq!(
        app.get(&format!("/api/decisions/{JENS_DECISION}/appeal"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        appeals_in_database(&app).await,
        1,
        "only the demo's appeal of Fatima's"
    );
}

#[tokio::test]
async fn one_appeal_per_decision_however_often_it_is_submitted() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let draft_path = format!("/api/decisions/{JENS_DECISION}/draft");
    app.put_json(&draft_path, &json!({ "form": { "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
        "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" }, "version": 0, "saved_at": null }))
        .await;
    let letter = app
        .get(&format!("/api/decisions/{JENS_DECISION}"))
        .await
        .json::<Decision>()
        .await
        .unwrap()
        .document_id;
    let form = json!({ "part_ids": [3, 4], "part_reasons": [{ "part_id": 3, "reason": "Gælden kom af min sygdom" }],
                       "reason": "", "document_ids": [letter], "wants_meeting": false, "wants_call": true,
                       "helper": "", "late_reason": "" });

    // A double click or a second tab: many submissions at once, some retries with one key.
    let keys = ["tab-a", "tab-a", "tab-b", "tab-c", "tab-a", "tab-d"];
    let answers =
        futures_util::future::join_all(keys.iter().map(|key| app.submit(JENS_DECISION, &form, Some(key))))
            .await;
    let statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::CREATED).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses
            .iter()
            .all(|s| [StatusCode::CREATED, StatusCode::OK, StatusCode::CONFLICT].contains(s))
    );
    assert_eq!(
        appeals_in_database(&app).await,
        2,
        "Fatima's and exactly one of Jens's"
    );

    let appeal: Appeal = app
        .get(&format!("/api/decisions/{JENS_DECISION}/appeal"))
        .await
        .json()
        .await
        .unwrap();
    assert!(appeal.reference.starts_with("KL-"));
    assert_eq!(appeal.submitted_by, None, "the citizen lodged it themself");
    assert_eq!(appeal.status, AppealStatus::Received);
    assert!(!appeal.late);
    assert_eq!(appeal.form.part_ids, vec![3, 4]);
    assert_eq!(appeal.timeline.len(), 1);
    // A retry with the winner's key gets the same receipt; another key is told it exists.
    let winner = keys
        .iter()
        .zip(&statuses)
        .find(|(_, s)| **s == StatusCode::CREATED)
        .unwrap()
        .0;
    let again = app.submit(JENS_DECISION, &form, Some(winner)).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Appeal>().await.unwrap().reference, appeal.reference);
    let other_tab = app.submit(JENS_DECISION, &form, Some("tab-z")).await;
    assert_eq!(error_code(other_tab).await, ErrorCode::AppealExists);
    // The draft is gone with the submission.
    assert_eq!(
        app.get(&draft_path)
            .await
            .json::<AppealDraft>()
            .await
            .unwrap()
            .version,
        0
    );
    let decision: Decision = app
        .get(&format!("/api/decisions/{JENS_DECISION}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(decision.appeal_reference, Some(appeal.reference));
}

#[tokio::test]
async fn reasons_added_later_are_stamped_and_close_when_reconsideration_ends() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let short = json!({ "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
                        "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    assert_eq!(
        app.submit(JENS_DECISION, &short, Some("k1")).await.status(),
        StatusCode::CREATED
    );
    let additions = format!("/api/decisions/{JENS_DECISION}/appeal/additions");
    let added = app
        .post_json(
            &additions,
            &json!({ "text": "Min læge kan bekræfte det.", "document_ids": [] }),
        )
        .await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let appeal: Appeal = added.json().await.unwrap();
    assert_eq!(appeal.additions.len(), 1);
    assert_eq!(appeal.additions[0].text, "Min læge kan bekræfte det.");
    assert_eq!(appeal.form.reason, "", "what was appealed stays as submitted");
    let empty = app
        .post_json(&additions, &json!({ "text": "  ", "document_ids": [] }))
        .await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);

    // The municipality reconsiders, keeps its decision and forwards the appeal.
    let db = app.db().await;
    let id: i64 = sqlx::query_scalar("SELECT id FROM appeals WHERE decision_id = 1")
        .fetch_one(&db)
        .await
        .unwrap();
    let now = chrono::Utc::now();
    use samlet_server::appeal::status::change;
    change(&db, "test", id, AppealStatus::Reconsidering, "", None, now)
        .await
        .unwrap();
    change(
        &db,
        "test",
        id,
        AppealStatus::SentToAnkestyrelsen,
        "Vi fastholder afgørelsen.",
        Some("25-12345"),
        now,
    )
    .await
    .unwrap();
    assert!(
        change(&db, "test", id, AppealStatus::Received, "", None, now)
            .await
            .is_err(),
        "no step back"
    );
    let appeal: Appeal = app
        .get(&format!("/api/decisions/{JENS_DECISION}/appeal"))
        .await
        .json()
        .await
        .unwrap();
    let steps: Vec<AppealStatus> = appeal.timeline.iter().map(|e| e.status).collect();
    assert_eq!(
        steps,
        [
            AppealStatus::Received,
            AppealStatus::Reconsidering,
            AppealStatus::SentToAnkestyrelsen
        ]
    );
    assert_eq!(appeal.ankestyrelsen_case.as_deref(), Some("25-12345"));
    assert!(!appeal.open_for_additions);
    let closed = app
        .post_json(&additions, &json!({ "text": "En ting mere", "document_ids": [] }))
        .await;
    assert_eq!(error_code(closed).await, ErrorCode::AppealClosed);
}

#[tokio::test]
async fn an_appeal_after_the_deadline_is_accepted_and_marked_late() {
    let app = spawn_app().await;
    app.sign_in_as("Ole Pedersen").await;
    let decision: Decision = app.get("/api/decisions/3").await.json().await.unwrap();
    assert!(decision.days_left < 0, "sent by letter 40 days ago");
    let form = json!({ "part_ids": [9], "part_reasons": [], "reason": "", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "",
                       "late_reason": "Jeg var indlagt, da brevet kom." });
    let answer = app.submit(3, &form, Some("late-1")).await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let appeal: Appeal = answer.json().await.unwrap();
    assert!(appeal.late);
    assert_eq!(appeal.form.late_reason, "Jeg var indlagt, da brevet kom.");
}

#[tokio::test]
async fn the_demo_appeal_shows_its_timeline() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let appeal: Appeal = app.get("/api/decisions/2/appeal").await.json().await.unwrap();
    assert_eq!(appeal.status, AppealStatus::Reconsidering);
    assert_eq!(appeal.timeline.len(), 2);
    assert!(appeal.open_for_additions);
}

/// A reason added later is sent again when the phone lost the answer: the retry, even one
/// racing the first request, gets the first answer and the reason is added once.
#[tokio::test]
async fn a_retried_addition_with_the_same_key_is_added_once() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let short = json!({ "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
                        "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    assert_eq!(
        app.submit(JENS_DECISION, &short, Some("k1")).await.status(),
        StatusCode::CREATED
    );
    let add = |key: &'static str| {
        app.client
            .post(format!(
                "{}/api/decisions/{JENS_DECISION}/appeal/additions",
                app.base
            ))
            .header("Idempotency-Key", key)
            .json(&json!({ "text": format!("Begrundelse {key}"), "document_ids": [] }))
            .send()
    };
    let first = add("add-1").await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Appeal = first.json().await.unwrap();
    let retry = add("add-1").await.unwrap();
    assert_eq!(retry.status(), StatusCode::OK);
    assert_eq!(retry.json::<Appeal>().await.unwrap(), first);
    for round in 0..3 {
        let key: &'static str = ["add-2", "add-3", "add-4"][round];
        let (a, b) = tokio::join!(add(key), add(key));
        let mut statuses = [a.unwrap().status(), b.unwrap().status()];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED], "{key}");
    }
    let appeal: Appeal = app
        .get(&format!("/api/decisions/{JENS_DECISION}/appeal"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(appeal.additions.len(), 4);
}
