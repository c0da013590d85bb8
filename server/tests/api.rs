//! The real server on a free port with a fresh SQLite database in a temporary folder,
//! driven over HTTP like the app drives it. No mocks.

mod common;

use common::{INDEX, error_code, spawn_app, spawn_with};
use reqwest::StatusCode;
use samlet_api::contact::ContactView;
use samlet_api::error::ErrorCode;
use samlet_api::plan::PlanOverview;
use samlet_api::session::{AccountKind, SessionInfo};
use serde_json::json;

#[tokio::test]
async fn healthz_answers() {
    let app = spawn_app().await;
    let response = app.get("/api/healthz").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.json::<serde_json::Value>().await.unwrap(),
        json!({"status": "ok"})
    );
}

#[tokio::test]
async fn citizen_signs_in_and_sees_their_plan_and_contact() {
    let app = spawn_app().await;
    let response = app.sign_in_as("Jens Hansen").await;
    assert_eq!(response.status(), StatusCode::OK);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("samlet_session="))
        .expect("a session cookie");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(session.contains("SameSite=Strict"), "{session}");
    // Beside it, the hint the page's script may read: it says only that there is a session.
    let hint = cookies
        .iter()
        .find(|c| c.starts_with("samlet_signed_in="))
        .expect("the signed-in hint");
    assert!(
        hint.starts_with("samlet_signed_in=1;") && !hint.contains("HttpOnly"),
        "{hint}"
    );
    assert!(hint.contains("SameSite=Strict"), "{hint}");
    let info: SessionInfo = response.json().await.unwrap();
    assert_eq!((info.kind, info.demo), (AccountKind::Citizen, true));

    let overview: PlanOverview = app.get("/api/plan/overview").await.json().await.unwrap();
    assert_eq!(overview.citizen_name, "Jens Hansen");
    assert!(overview.overall_goal.contains("arbejde"));
    assert_eq!(overview.goals.len(), 4);
    assert_eq!(overview.progress(), (3, 8));
    let meeting = overview.next_meeting.expect("a meeting ahead");
    assert!(meeting.starts_at > chrono::Utc::now());
    assert_eq!(meeting.title, "Fællesmøde om praktik og genoptræning");
    let contact = overview.contact.reach_now().expect("a contact");
    assert_eq!(
        (contact.name.as_str(), contact.phone.as_str()),
        ("Mette Larsen", "+45 87 13 40 01")
    );

    let session: SessionInfo = app.get("/api/session").await.json().await.unwrap();
    assert_eq!(session.name, "Jens Hansen");
}

#[tokio::test]
async fn the_stand_in_is_shown_while_the_contact_is_away() {
    let app = spawn_app().await;
    app.sign_in_as("Fatima Ali").await;
    let view: ContactView = app.get("/api/contact").await.json().await.unwrap();
    // The overview reads the contact in its own statement; it must tell the same.
    let overview: PlanOverview = app.get("/api/plan/overview").await.json().await.unwrap();
    assert_eq!(overview.contact, view);
    let ContactView::Away {
        coordinator,
        stand_in,
    } = view
    else {
        panic!("expected away: {view:?}")
    };
    assert_eq!(coordinator.name, "Sofie Andersen");
    assert_eq!(stand_in.person.name, "Lars Kristensen");
}

#[tokio::test]
async fn a_citizen_without_contact_is_told_so() {
    let app = spawn_app().await;
    app.sign_in_as("Ole Pedersen").await;
    let view: ContactView = app.get("/api/contact").await.json().await.unwrap();
    assert_eq!(view, ContactView::NoContact);
    let overview: PlanOverview = app.get("/api/plan/overview").await.json().await.unwrap();
    assert_eq!(overview.contact, ContactView::NoContact);
}

#[tokio::test]
async fn without_a_session_the_api_answers_401() {
    let app = spawn_app().await;
    for path in ["/api/plan/overview", "/api/contact", "/api/session"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(error_code(response).await, ErrorCode::Unauthenticated);
    }
}

#[tokio::test]
async fn a_forged_session_cookie_is_refused() {
    let app = spawn_app().await;
    let response = reqwest::Client::new()
        .get(format!("{}/api/plan/overview", app.base))
        .header(
            "cookie",
            "samlet_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let response = app.sign_in_as("Jens Hansen").await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let response = app
        .client
        .delete(format!("{}/api/session", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get("/api/plan/overview").await.status(),
        StatusCode::UNAUTHORIZED
    );
    // The old cookie value is dead even if a copy of it was kept somewhere.
    let replay = reqwest::Client::new()
        .get(format!("{}/api/plan/overview", app.base))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_past_its_absolute_lifetime_is_refused() {
    let app = spawn_with(|config| config.session_absolute_minutes = 0).await;
    assert_eq!(app.sign_in_as("Jens Hansen").await.status(), StatusCode::OK);
    assert_eq!(
        app.get("/api/plan/overview").await.status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn accounts_without_a_plan_get_a_clear_no_plan() {
    let app = spawn_app().await;
    app.sign_in_as("Anna Jensen").await;
    let response = app.get("/api/plan/overview").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, ErrorCode::NoPlan);
}

#[tokio::test]
async fn a_malformed_sign_in_is_a_json_400_and_signs_nobody_in() {
    let app = spawn_app().await;
    for body in [json!({"account": 1}), json!({"account_id": 999})] {
        let response = app
            .client
            .post(format!("{}/api/session/demo", app.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{body}");
        assert!(response.headers().get("set-cookie").is_none());
        assert_eq!(error_code(response).await, ErrorCode::BadRequest);
    }
    assert_eq!(app.get("/api/session").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_demo_login_does_not_exist_outside_demo_mode() {
    let app = spawn_with(|config| config.demo = false).await;
    assert_eq!(
        app.get("/api/demo/accounts").await.status(),
        StatusCode::NOT_FOUND
    );
    let response = app
        .client
        .post(format!("{}/api/session/demo", app.base))
        .json(&json!({"account_id": 1}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().get("set-cookie").is_none());
}

#[tokio::test]
async fn unknown_api_paths_get_json_404_not_the_app() {
    let app = spawn_app().await;
    let response = app.get("/api/does-not-exist").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, ErrorCode::NotFound);
}

#[tokio::test]
async fn deep_links_reload_the_app_and_assets_are_cached_by_hash() {
    let app = spawn_app().await;
    for path in ["/", "/plan", "/kontakt"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.text().await.unwrap(), INDEX);
    }
    let wasm = app.get("/samlet-app-0123456789abcdef_bg.wasm").await;
    assert_eq!(wasm.status(), StatusCode::OK);
    assert_eq!(
        wasm.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(app.get("/missing-file.js").await.status(), StatusCode::NOT_FOUND);
}

/// A page on another site that makes the citizen's browser post to Samlet is refused before
/// any handler runs, even with the session cookie; the site's own pages are not.
#[tokio::test]
async fn a_forged_cross_site_request_changes_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let texts = json!({ "what_matters": "Skrevet af en anden side", "meeting_notes": "", "version": 0 });
    let forged = app
        .client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("Origin", "https://evil.example")
        .json(&texts)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let marked = app
        .client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("Sec-Fetch-Site", "cross-site")
        .json(&texts)
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status(), StatusCode::FORBIDDEN);
    let plan: serde_json::Value = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(plan["own_texts"]["version"], 0, "nothing was saved");

    let own = app
        .client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("Origin", app.base.clone())
        .json(&texts)
        .send()
        .await
        .unwrap();
    assert_eq!(own.status(), StatusCode::OK);
}
