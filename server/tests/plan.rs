//! The whole plan, its history, the citizen's own texts and calendar files, over HTTP
//! against the real server; and the bounded number of queries a large plan costs.

mod common;

use common::{assert_status, error_code, spawn_app};
use reqwest::StatusCode;
use samlet_api::error::ErrorCode;
use samlet_api::plan::{
    LifeArea, OwnTexts, PlanChange, PlanPage, PlanRevision, RevisionSummary, SubGoalStatus,
};
use serde_json::json;

#[tokio::test]
async fn the_plan_has_goals_with_sub_goals_activities_and_meetings() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let page: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(page.citizen_name, "Jens Hansen");
    let goals = &page.content.goals;
    assert_eq!(goals.len(), 4);
    assert_eq!(goals[0].life_area, LifeArea::JobEducation);
    let practice = &goals[0].sub_goals[1];
    assert_eq!(practice.title, "Prøve et job i praktik");
    assert_eq!(
        practice.success_criterion,
        "Jeg har været i praktik 4 uger i en butik"
    );
    assert_eq!(practice.status, SubGoalStatus::InProgress);
    assert_eq!(practice.unit, "Jobcenter Aarhus");
    assert!(practice.target_date.is_some());
    assert_eq!(goals[0].activities[0].title, "Virksomhedspraktik i Netto Viby");
    assert_eq!(page.content.meetings.len(), 3);
    assert!(
        page.content
            .meetings
            .windows(2)
            .all(|w| w[0].starts_at <= w[1].starts_at)
    );
    assert_eq!(
        page.content.meetings[1].bring,
        "Din lønseddel og lægens vurdering"
    );
    assert_eq!(page.revision, 2);
}

#[tokio::test]
async fn changes_since_the_last_visit_stay_until_the_citizen_has_seen_them() {
    let app = spawn_app().await;
    app.sign_in_as("Mikkel Sørensen").await;
    let first: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(first.changes_since_revision, Some(1));
    assert!(first.changes.contains(&PlanChange::SubGoalStatusChanged {
        title: "Bostøtte".into(),
        from: SubGoalStatus::InProgress,
        to: SubGoalStatus::Reached,
    }));
    assert!(first.changes.contains(&PlanChange::GoalAdded {
        title: "Et netværk uden stoffer".into(),
        life_area: LifeArea::Social,
    }));
    assert!(first.changes.iter().any(
        |c| matches!(c, PlanChange::MeetingMoved { title, .. } if title == "Status på behandling og bolig")
    ));
    assert_eq!(first.changes.len(), 3, "{:?}", first.changes);

    // A glance (a page load in another session) uses nothing up.
    let glance = app.other_browser();
    glance.sign_in_as("Mikkel Sørensen").await;
    let glanced: PlanPage = glance.get("/api/plan").await.json().await.unwrap();
    assert_eq!(glanced.changes, first.changes);

    // The first session's page saw them (on screen for a while): its reload still shows
    // them, the next visit does not.
    let seen = json!({ "revision": first.revision, "dismissed": false });
    assert_status(
        &app.post_json("/api/plan/seen", &seen).await,
        StatusCode::NO_CONTENT,
    );
    let reload: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(reload.changes, first.changes);
    let next_visit = app.other_browser();
    next_visit.sign_in_as("Mikkel Sørensen").await;
    let later: PlanPage = next_visit.get("/api/plan").await.json().await.unwrap();
    assert_eq!(later.changes_since_revision, Some(2));
    assert!(later.changes.is_empty());

    // A late report from an old tab never brings seen changes back.
    let old = json!({ "revision": 1, "dismissed": false });
    assert_status(
        &app.post_json("/api/plan/seen", &old).await,
        StatusCode::NO_CONTENT,
    );
    let third_visit = app.other_browser();
    third_visit.sign_in_as("Mikkel Sørensen").await;
    let plan: PlanPage = third_visit.get("/api/plan").await.json().await.unwrap();
    assert!(plan.changes.is_empty());
}

#[tokio::test]
async fn dismissed_changes_are_gone_from_the_session_too() {
    let app = spawn_app().await;
    app.sign_in_as("Mikkel Sørensen").await;
    let first: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(first.changes.len(), 3);
    let dismissed = json!({ "revision": first.revision, "dismissed": true });
    assert_status(
        &app.post_json("/api/plan/seen", &dismissed).await,
        StatusCode::NO_CONTENT,
    );
    let reload: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert!(reload.changes.is_empty(), "{:?}", reload.changes);
}

#[tokio::test]
async fn a_revision_the_plan_does_not_have_cannot_be_seen_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("Mikkel Sørensen").await;
    let first: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    for revision in [0, first.revision + 1, i64::MAX] {
        let body = json!({ "revision": revision, "dismissed": true });
        let response = app.post_json("/api/plan/seen", &body).await;
        assert_status(&response, StatusCode::NOT_FOUND);
        assert_eq!(error_code(response).await, ErrorCode::NotFound);
    }
    let response = app.post_json("/api/plan/seen", &json!({ "revision": "2" })).await;
    assert_status(&response, StatusCode::BAD_REQUEST);
    let reload: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(reload.changes, first.changes);
}

#[tokio::test]
async fn earlier_versions_of_the_plan_can_be_opened() {
    let app = spawn_app().await;
    app.sign_in_as("Mikkel Sørensen").await;
    let list: Vec<RevisionSummary> = app.get("/api/plan/revisions").await.json().await.unwrap();
    assert_eq!(list.iter().map(|r| r.revision).collect::<Vec<_>>(), vec![2, 1]);
    // Each version says in one line what it changed: the first change and how many more.
    assert_eq!((&list[1].first_change, list[1].more_changes), (&None, 0));
    assert!(list[0].first_change.is_some());
    assert_eq!(list[0].more_changes, 2, "{:?}", list[0]);
    let first: PlanRevision = app.get("/api/plan/revisions/1").await.json().await.unwrap();
    assert_eq!(first.content.goals.len(), 3);
    let bostotte = first.content.goals[1]
        .sub_goals
        .iter()
        .find(|s| s.title == "Bostøtte")
        .unwrap();
    assert_eq!(bostotte.status, SubGoalStatus::InProgress);
    let response = app.get("/api/plan/revisions/99").await;
    assert_status(&response, StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, ErrorCode::NotFound);
}

#[tokio::test]
async fn own_texts_save_and_a_stale_second_tab_gets_a_conflict() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let page: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(page.own_texts.version, 0);

    let body = json!({"what_matters": "At mine børn kan besøge mig", "meeting_notes": "Spørg om praktik", "version": 0});
    let saved: OwnTexts = app
        .put_json("/api/plan/own-texts", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (saved.version, saved.what_matters.as_str()),
        (1, "At mine børn kan besøge mig")
    );

    // The second tab still holds version 0.
    let stale = json!({"what_matters": "Noget andet", "meeting_notes": "", "version": 0});
    let response = app.put_json("/api/plan/own-texts", &stale).await;
    assert_status(&response, StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, ErrorCode::Conflict);

    let newer = json!({"what_matters": "Noget andet", "meeting_notes": "", "version": 1});
    let saved: OwnTexts = app
        .put_json("/api/plan/own-texts", &newer)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(saved.version, 2);
    let page: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(page.own_texts.what_matters, "Noget andet");
}

#[tokio::test]
async fn too_long_own_texts_are_refused_naming_the_field_and_change_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let body = json!({"what_matters": "", "meeting_notes": "x".repeat(4001), "version": 0});
    let response = app.put_json("/api/plan/own-texts", &body).await;
    assert_status(&response, StatusCode::BAD_REQUEST);
    let error: samlet_api::error::ApiErrorBody = response.json().await.unwrap();
    assert!(error.message.contains("meeting_notes"), "{}", error.message);
    let page: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(page.own_texts.version, 0);
}

#[tokio::test]
async fn an_upcoming_meeting_downloads_as_a_calendar_file() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let page: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    let meeting = &page.content.meetings[1];
    let response = app
        .get(&format!("/api/plan/meetings/{}/calendar.ics", meeting.id))
        .await;
    assert_status(&response, StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/calendar; charset=utf-8");
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    let ics = response.text().await.unwrap();
    assert!(
        ics.contains("SUMMARY:Fællesmøde om praktik og genoptræning\r\n"),
        "{ics}"
    );
    assert!(ics.contains(&format!(
        "DTSTART:{}\r\n",
        meeting.starts_at.format("%Y%m%dT%H%M%SZ")
    )));
    assert!(ics.contains("Medbring: Din lønseddel og lægens vurdering"));
}

#[tokio::test]
async fn a_citizen_cannot_reach_another_citizens_plan_by_changing_an_id() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let jens: PlanPage = app.get("/api/plan").await.json().await.unwrap();
    let jens_meeting = jens.content.meetings[0].id;

    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let response = fatima
        .get(&format!("/api/plan/meetings/{jens_meeting}/calendar.ics"))
        .await;
    assert_status(&response, StatusCode::NOT_FOUND);
    let own: PlanPage = fatima.get("/api/plan").await.json().await.unwrap();
    assert_eq!(own.citizen_name, "Fatima Ali");
    assert!(own.content.meetings.iter().all(|m| m.id != jens_meeting));
}

#[tokio::test]
async fn the_plan_endpoints_need_a_session_and_a_plan() {
    let app = spawn_app().await;
    for path in [
        "/api/plan",
        "/api/plan/revisions",
        "/api/plan/revisions/1",
        "/api/plan/meetings/1/calendar.ics",
    ] {
        assert_status(&app.get(path).await, StatusCode::UNAUTHORIZED);
    }
    let response = app
        .put_json(
            "/api/plan/own-texts",
            &json!({"what_matters": "", "meeting_notes": "", "version": 0}),
        )
        .await;
    assert_status(&response, StatusCode::UNAUTHORIZED);
    app.sign_in_as("Anna Jensen").await;
    let response = app.get("/api/plan").await;
    assert_status(&response, StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, ErrorCode::NoPlan);
}

#[tokio::test]
async fn listing_the_goals_to_link_a_document_to_is_not_a_visit_to_the_plan() {
    let app = spawn_app().await;
    app.sign_in_as("Mikkel Sørensen").await;
    let goals: Vec<samlet_api::plan::GoalSummary> = app.get("/api/plan/goals").await.json().await.unwrap();
    assert!(goals.iter().any(|g| g.title == "Et netværk uden stoffer"));
    // The same goals with the same progress as the overview shows.
    let overview: samlet_api::plan::PlanOverview = app.get("/api/plan/overview").await.json().await.unwrap();
    assert_eq!(goals, overview.goals);
    assert!(goals.iter().any(|g| g.sub_goals_total > 0));

    // A later session still sees what changed since the real last visit.
    let later = app.other_browser();
    later.sign_in_as("Mikkel Sørensen").await;
    let page: PlanPage = later.get("/api/plan").await.json().await.unwrap();
    assert_eq!(page.changes.len(), 3);

    let relative = app.other_browser();
    relative.sign_in_as("Anna Jensen").await;
    assert_eq!(
        error_code(relative.get("/api/plan/goals").await).await,
        ErrorCode::NoPlan
    );
}

/// Regression: opening the plan records the visit after reading, and a deferred SQLite
/// transaction that another connection wrote under failed at once with "database is
/// locked" (a 500 the end-to-end suite once met). Many first visits at the same moment,
/// each writing its own visit, must all succeed.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_citizens_opening_their_plan_at_once_all_get_it() {
    let app = spawn_app().await;
    let mut browsers = Vec::new();
    for _ in 0..12 {
        let browser = app.other_browser();
        browser.sign_in_as("Jens Hansen").await;
        browsers.push(browser);
    }
    for _ in 0..3 {
        let visits = browsers.iter().map(|b| b.get("/api/plan"));
        for response in futures_util::future::join_all(visits).await {
            assert_status(&response, StatusCode::OK);
        }
    }
}
