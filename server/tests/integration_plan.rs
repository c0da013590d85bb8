//! One upsert path for the items a case system writes in a plan (goals, sub-goals,
//! activities, meetings): an item stays in its citizen's plan. A write that would move it
//! to another citizen's plan is a 409 naming the item and changes neither plan; a move
//! between goals of the same plan is allowed; every change records exactly one revision of
//! the plan it changed.

mod common;

use common::case_system::{CaseSystem, case_system};
use common::{TestApp, spawn_app};
use reqwest::StatusCode;
use samlet_api::integration::WriteOutcome;
use samlet_api::integration::{IntegrationErrorBody, IntegrationErrorCode};
use samlet_server::integration::systems::Scope;
use serde_json::{Value, json};

const SARA: &str = "0101901234";
const OMAR: &str = "0202902345";

/// A write refused because the item belongs to another citizen's plan: 409, the
/// `conflict` code, and a message naming the item.
async fn refused_as_foreign(system: &CaseSystem<'_>, path: &str, body: &Value, external_id: &str) {
    let response = system.put(path, body).await;
    assert_eq!(response.status(), StatusCode::CONFLICT, "{path}");
    let error: IntegrationErrorBody = response.json().await.unwrap();
    assert_eq!(error.code, IntegrationErrorCode::Conflict, "{path}");
    assert!(
        error.message.contains(external_id) && error.message.contains("another citizen's plan"),
        "{path}: {}",
        error.message
    );
}

fn citizen(person_ref: &str, name: &str) -> Value {
    json!({ "person_ref": person_ref, "version": 1, "full_name": name, "municipality": "751",
            "sign_in_subject": format!("mitid:{person_ref}"), "overall_goal": "Et arbejde" })
}

fn goal(person_ref: &str, version: i64, title: &str) -> Value {
    json!({ "person_ref": person_ref, "version": version, "life_area": "job_education", "title": title })
}

fn sub_goal(goal: &str, version: i64, title: &str) -> Value {
    json!({ "goal": goal, "version": version, "title": title, "success_criterion": "Bestået prøve",
            "status": "in_progress", "unit": "Jobcenter Aarhus" })
}

fn activity(goal: &str, version: i64, title: &str) -> Value {
    json!({ "goal": goal, "version": version, "title": title, "provider": "AMU Østjylland" })
}

fn meeting(person_ref: &str, version: i64, title: &str) -> Value {
    json!({ "person_ref": person_ref, "version": version, "title": title,
            "starts_at": "2027-01-10T09:00:00Z", "ends_at": "2027-01-10T10:00:00Z" })
}

/// Sara with goals G-A and G-A2, sub-goal S-1, activity A-1 (both under G-A) and meeting
/// M-1; Omar with goal G-B. All from one system that serves them both.
async fn two_citizens(app: &TestApp) -> CaseSystem<'_> {
    let system = case_system(app, "jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    system
        .written("/citizens/JC-A", &citizen(SARA, "Sara Nielsen"))
        .await;
    system
        .written("/citizens/JC-B", &citizen(OMAR, "Omar Hassan"))
        .await;
    system.written("/goals/G-A", &goal(SARA, 1, "Job på lager")).await;
    system.written("/goals/G-A2", &goal(SARA, 1, "Kørekort")).await;
    system.written("/goals/G-B", &goal(OMAR, 1, "Uddannelse")).await;
    system
        .written("/sub-goals/S-1", &sub_goal("G-A", 1, "Truckcertifikat"))
        .await;
    system
        .written("/activities/A-1", &activity("G-A", 1, "Kursus"))
        .await;
    system
        .written("/meetings/M-1", &meeting(SARA, 1, "Opfølgning"))
        .await;
    system
}

/// The plan's revision and how many snapshots it has; they move together.
async fn revisions(app: &TestApp, person_ref: &str) -> (i64, i64) {
    let db = app.db().await;
    sqlx::query_as(
        "SELECT p.revision, (SELECT COUNT(*) FROM plan_revisions r WHERE r.plan_id = p.id)
         FROM plans p JOIN citizens c ON c.id = p.citizen_id WHERE c.person_ref = $1",
    )
    .bind(person_ref)
    .fetch_one(&db)
    .await
    .unwrap()
}

/// Where an item is (its goal's or its own plan's citizen) and its title.
async fn item(app: &TestApp, kind: &str, external_id: &str) -> (String, String, i64) {
    let db = app.db().await;
    let sql = match kind {
        "sub_goal" => {
            "SELECT c.person_ref, g.title || ' / ' || x.title, r.version FROM sub_goals x
             JOIN goals g ON g.id = x.goal_id JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
             JOIN external_refs r ON r.local_id = x.id AND r.kind = 'sub_goal' WHERE r.external_id = $1"
        }
        "activity" => {
            "SELECT c.person_ref, g.title || ' / ' || x.title, r.version FROM activities x
             JOIN goals g ON g.id = x.goal_id JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
             JOIN external_refs r ON r.local_id = x.id AND r.kind = 'activity' WHERE r.external_id = $1"
        }
        "goal" => {
            "SELECT c.person_ref, x.title, r.version FROM goals x
             JOIN plans p ON p.id = x.plan_id JOIN citizens c ON c.id = p.citizen_id
             JOIN external_refs r ON r.local_id = x.id AND r.kind = 'goal' WHERE r.external_id = $1"
        }
        "meeting" => {
            "SELECT c.person_ref, x.title, r.version FROM meetings x
             JOIN plans p ON p.id = x.plan_id JOIN citizens c ON c.id = p.citizen_id
             JOIN external_refs r ON r.local_id = x.id AND r.kind = 'meeting' WHERE r.external_id = $1"
        }
        other => panic!("{other}"),
    };
    sqlx::query_as(sql)
        .bind(external_id)
        .fetch_one(&db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_item_cannot_be_moved_to_another_citizens_plan() {
    let app = spawn_app().await;
    let jobcenter = two_citizens(&app).await;
    let before = (revisions(&app, SARA).await, revisions(&app, OMAR).await);
    let items = [
        ("sub_goal", "S-1", item(&app, "sub_goal", "S-1").await),
        ("activity", "A-1", item(&app, "activity", "A-1").await),
        ("goal", "G-A", item(&app, "goal", "G-A").await),
        ("meeting", "M-1", item(&app, "meeting", "M-1").await),
    ];
    assert_eq!(
        items[0].2,
        (SARA.into(), "Job på lager / Truckcertifikat".into(), 1)
    );

    // Onto Omar's goal, with a newer version and a new title: refused, whole.
    refused_as_foreign(
        &jobcenter,
        "/sub-goals/S-1",
        &sub_goal("G-B", 2, "Flyttet"),
        "S-1",
    )
    .await;
    refused_as_foreign(
        &jobcenter,
        "/activities/A-1",
        &activity("G-B", 2, "Flyttet"),
        "A-1",
    )
    .await;
    // A goal or a meeting named with Omar's person_ref: the same.
    refused_as_foreign(&jobcenter, "/goals/G-A", &goal(OMAR, 2, "Flyttet"), "G-A").await;
    refused_as_foreign(&jobcenter, "/meetings/M-1", &meeting(OMAR, 2, "Flyttet"), "M-1").await;

    // Neither plan changed: no revision in either, every item where it was, as it was, and
    // its version not recorded.
    assert_eq!((revisions(&app, SARA).await, revisions(&app, OMAR).await), before);
    for (kind, external_id, was) in &items {
        assert_eq!(&item(&app, kind, external_id).await, was, "{kind} {external_id}");
    }
}

#[tokio::test]
async fn a_meeting_write_that_misses_is_neither_updated_nor_remembered() {
    let app = spawn_app().await;
    let jobcenter = two_citizens(&app).await;
    let before = (revisions(&app, SARA).await, revisions(&app, OMAR).await);
    let response = jobcenter
        .put("/meetings/M-1", &meeting(OMAR, 2, "Forkert plan"))
        .await;
    assert_ne!(response.status(), StatusCode::OK, "reported as written");
    assert_eq!(
        item(&app, "meeting", "M-1").await,
        (SARA.into(), "Opfølgning".into(), 1),
        "the version of a write that changed nothing was recorded"
    );
    assert_eq!((revisions(&app, SARA).await, revisions(&app, OMAR).await), before);
    // So the same version, sent right, is still applied.
    let applied = jobcenter
        .written("/meetings/M-1", &meeting(SARA, 2, "Opfølgning flyttet"))
        .await;
    assert_eq!(applied.outcome, WriteOutcome::Updated);
    assert_eq!(
        item(&app, "meeting", "M-1").await,
        (SARA.into(), "Opfølgning flyttet".into(), 2)
    );
}

#[tokio::test]
async fn a_change_within_one_plan_is_applied_with_one_revision_of_that_plan() {
    let app = spawn_app().await;
    let jobcenter = two_citizens(&app).await;
    let omar = revisions(&app, OMAR).await;
    let (mut revision, mut snapshots) = revisions(&app, SARA).await;
    let mut one_more = || {
        revision += 1;
        snapshots += 1;
        (revision, snapshots)
    };

    // A sub-goal and an activity move between two goals of Sara's plan.
    let moved = jobcenter
        .written("/sub-goals/S-1", &sub_goal("G-A2", 2, "Truckcertifikat"))
        .await;
    assert_eq!(moved.outcome, WriteOutcome::Updated);
    assert_eq!(
        item(&app, "sub_goal", "S-1").await,
        (SARA.into(), "Kørekort / Truckcertifikat".into(), 2)
    );
    assert_eq!(revisions(&app, SARA).await, one_more());
    let moved = jobcenter
        .written("/activities/A-1", &activity("G-A2", 2, "Køreskole"))
        .await;
    assert_eq!(moved.outcome, WriteOutcome::Updated);
    assert_eq!(
        item(&app, "activity", "A-1").await,
        (SARA.into(), "Kørekort / Køreskole".into(), 2)
    );
    assert_eq!(revisions(&app, SARA).await, one_more());
    // A goal and a meeting updated in place.
    let renamed = jobcenter
        .written("/goals/G-A", &goal(SARA, 2, "Job på et lager"))
        .await;
    assert_eq!(renamed.outcome, WriteOutcome::Updated);
    assert_eq!(revisions(&app, SARA).await, one_more());
    let renamed = jobcenter
        .written("/meetings/M-1", &meeting(SARA, 2, "Opfølgning i jobcentret"))
        .await;
    assert_eq!(renamed.outcome, WriteOutcome::Updated);
    assert_eq!(
        item(&app, "meeting", "M-1").await,
        (SARA.into(), "Opfølgning i jobcentret".into(), 2)
    );
    assert_eq!(revisions(&app, SARA).await, one_more());
    // A retry changes nothing and records nothing.
    let retry = jobcenter
        .written("/meetings/M-1", &meeting(SARA, 2, "Opfølgning i jobcentret"))
        .await;
    assert_eq!(retry.outcome, WriteOutcome::Unchanged);
    assert_eq!(revisions(&app, SARA).await, (revision, snapshots));
    // Omar's plan was never touched.
    assert_eq!(revisions(&app, OMAR).await, omar);
}

/// Each goal's progress (`sub_goals_total`, `sub_goals_reached`) is kept on the goal as
/// sub-goals are written, moved and reached, and always equals counting them.
#[tokio::test]
async fn a_goals_progress_follows_its_sub_goals_as_they_are_written_moved_and_reached() {
    let app = spawn_app().await;
    let jobcenter = two_citizens(&app).await;
    let progress = || async {
        let db = app.db().await;
        sqlx::query_as::<_, (String, i64, i64, i64, i64)>(
            "SELECT g.title, g.sub_goals_total, g.sub_goals_reached,
                    (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = g.id),
                    (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = g.id AND s.status = 'reached')
             FROM goals g JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
             WHERE c.person_ref = $1 ORDER BY g.id",
        )
        .bind(SARA)
        .fetch_all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|(title, total, reached, counted, counted_reached)| {
            assert_eq!((total, reached), (counted, counted_reached), "{title}");
            (title, total, reached)
        })
        .collect::<Vec<_>>()
    };
    assert_eq!(
        progress().await,
        [
            (String::from("Job på lager"), 1, 0),
            (String::from("Kørekort"), 0, 0)
        ]
    );
    let mut reached = sub_goal("G-A", 1, "Sikkerhedskursus");
    reached["status"] = json!("reached");
    jobcenter.written("/sub-goals/S-2", &reached).await;
    assert_eq!(
        progress().await,
        [
            (String::from("Job på lager"), 2, 1),
            (String::from("Kørekort"), 0, 0)
        ]
    );
    // Moved to the other goal and reached on the way.
    let mut moved = sub_goal("G-A2", 2, "Truckcertifikat");
    moved["status"] = json!("reached");
    jobcenter.written("/sub-goals/S-1", &moved).await;
    assert_eq!(
        progress().await,
        [
            (String::from("Job på lager"), 1, 1),
            (String::from("Kørekort"), 1, 1)
        ]
    );
    // Taken back to "in progress".
    jobcenter
        .written("/sub-goals/S-1", &sub_goal("G-A2", 3, "Truckcertifikat"))
        .await;
    assert_eq!(
        progress().await,
        [
            (String::from("Job på lager"), 1, 1),
            (String::from("Kørekort"), 1, 0)
        ]
    );
}

/// A registered citizen given the sign-in subject another account has: 400 naming the
/// field, and nothing changes (found by the API fuzzer as a 500).
#[tokio::test]
async fn a_sign_in_subject_another_account_has_is_refused_for_a_registered_citizen_too() {
    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &[Scope::Citizens]).await;
    system
        .written("/citizens/C-SARA", &citizen(SARA, "Sara Nielsen"))
        .await;
    system
        .written("/citizens/C-OMAR", &citizen(OMAR, "Omar Hassan"))
        .await;
    let mut taken = citizen(OMAR, "Omar Hassan");
    taken["version"] = serde_json::json!(2);
    taken["sign_in_subject"] = serde_json::json!(format!("mitid:{SARA}"));
    let refused = system.put("/citizens/C-OMAR", &taken).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let error: IntegrationErrorBody = refused.json().await.unwrap();
    assert!(error.message.starts_with("sign_in_subject"), "{}", error.message);
    let db = app.db().await;
    let subjects: Vec<String> = sqlx::query_scalar(
        "SELECT a.subject FROM accounts a JOIN citizens c ON c.account_id = a.id WHERE c.person_ref IN ($1, $2) ORDER BY c.person_ref",
    )
    .bind(SARA)
    .bind(OMAR)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(subjects, [format!("mitid:{SARA}"), format!("mitid:{OMAR}")]);
}
