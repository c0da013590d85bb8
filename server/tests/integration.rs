//! The case systems' door: token authentication and moving an appeal's status, which the
//! citizen then sees on the timeline.

mod common;

use common::{TestApp, integration_error, spawn_app};
use reqwest::StatusCode;
use samlet_api::appeal::{Appeal, AppealStatus};
use samlet_api::integration::IntegrationErrorCode;
use samlet_server::integration::systems::{Reach, Scope, create_token, revoke};
use serde_json::{Value, json};

async fn fatimas_reference(app: &TestApp) -> String {
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let appeal: Appeal = fatima.get("/api/decisions/2/appeal").await.json().await.unwrap();
    appeal.reference
}

async fn token(app: &TestApp, system: &str) -> String {
    let db = app.db().await;
    create_token(
        &db,
        system,
        &Reach::whole_plan_in("751", &[Scope::Appeals]),
        chrono::Utc::now(),
    )
    .await
    .unwrap()
}

async fn move_status(app: &TestApp, token: Option<&str>, reference: &str, body: &Value) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/integration/v1/appeals/{reference}/status", app.base))
        .json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn a_case_system_moves_an_appeal_and_the_citizen_sees_the_timeline_move() {
    let app = spawn_app().await;
    let reference = fatimas_reference(&app).await;
    let token = token(&app, "familiesystem").await;
    let sent = json!({
        "status": "sent_to_ankestyrelsen",
        "note": "Kommunen fastholder afgørelsen.",
        "ankestyrelsen_case": "25-123456"
    });
    assert_eq!(
        move_status(&app, Some(&token), &reference, &sent).await.status(),
        StatusCode::NO_CONTENT
    );
    // A retry of the same step changes nothing.
    assert_eq!(
        move_status(&app, Some(&token), &reference, &sent).await.status(),
        StatusCode::NO_CONTENT
    );

    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let appeal: Appeal = fatima.get("/api/decisions/2/appeal").await.json().await.unwrap();
    assert_eq!(appeal.status, AppealStatus::SentToAnkestyrelsen);
    assert_eq!(appeal.ankestyrelsen_case.as_deref(), Some("25-123456"));
    let steps: Vec<_> = appeal.timeline.iter().map(|e| e.status).collect();
    assert_eq!(
        steps,
        [
            AppealStatus::Received,
            AppealStatus::Reconsidering,
            AppealStatus::SentToAnkestyrelsen
        ]
    );
    assert_eq!(appeal.timeline[2].note, "Kommunen fastholder afgørelsen.");

    // A step that does not exist is refused and changes nothing.
    let back = json!({ "status": "received" });
    let refused = move_status(&app, Some(&token), &reference, &back).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let refused = integration_error(refused).await;
    assert_eq!(refused.code, IntegrationErrorCode::InvalidTransition);
    assert!(
        refused.message.contains("`sent_to_ankestyrelsen` to `received`"),
        "{}",
        refused.message
    );
    let unknown = move_status(&app, Some(&token), "KL-1999-999999", &sent).await;
    assert_eq!(
        integration_error(unknown).await.code,
        IntegrationErrorCode::NotFound
    );
    let bad = move_status(&app, Some(&token), &reference, &json!({ "status": "approved" })).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn only_a_live_system_token_opens_the_door() {
    let app = spawn_app().await;
    let reference = fatimas_reference(&app).await;
    let body = json!({ "status": "decision_changed", "note": "Du får medhold." });
    assert_eq!(
        move_status(&app, None, &reference, &body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        move_status(&app, Some("not-a-token"), &reference, &body)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    // A citizen's session is not a system's token.
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    assert_eq!(
        move_status(&fatima, None, &reference, &body).await.status(),
        StatusCode::UNAUTHORIZED
    );

    let token = token(&app, "familiesystem").await;
    let db = app.db().await;
    assert!(revoke(&db, "familiesystem", chrono::Utc::now()).await.unwrap());
    assert_eq!(
        move_status(&app, Some(&token), &reference, &body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // A new token for the same system works; the revoked one still does not.
    let fresh = create_token(
        &db,
        "familiesystem",
        &Reach::whole_plan_in("751", &[Scope::Appeals]),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(
        move_status(&app, Some(&token), &reference, &body).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        move_status(&app, Some(&fresh), &reference, &body).await.status(),
        StatusCode::NO_CONTENT
    );
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM integration_systems")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(!stored.contains(&fresh), "only the token's hash is stored");
}
