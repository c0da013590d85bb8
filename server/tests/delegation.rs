//! Relatives acting for a citizen, guardians, caseworker previews and Min log, over HTTP.

mod common;

use common::{TestApp, error_code, refusal, spawn_app};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::audit::{AccessLog, Action, ActorRole};
use samlet_api::delegation::{Grant, GrantKind, GrantState, Grants};
use samlet_api::documents::{DocumentSource, DocumentSummary};
use samlet_api::error::ErrorCode;
use samlet_api::plan::PlanPage;
use samlet_api::session::SessionInfo;
use samlet_server::delegation::identity::claim_waiting_grants;
use serde_json::{Value, json};

const ANNA: i64 = 5;
/// Anna's invented CPR number in the demo data.
const ANNA_CPR: &str = "070790-1234";

impl TestApp {
    async fn act_for(&self, citizen: Option<i64>) -> reqwest::Response {
        self.put_json("/api/session/acting-for", &json!({ "citizen_id": citizen }))
            .await
    }
}

fn in_days(days: u64) -> String {
    // Grants and the log count in Danish days.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Copenhagen)
        .date_naive();
    (today + chrono::Days::new(days)).to_string()
}

async fn give(citizen: &TestApp, scopes: &[&str], include_sensitive: bool) -> Grant {
    let response = citizen
        .post_json(
            "/api/delegation/grants",
            &json!({ "grantee_name": "Anna Jensen", "grantee_cpr": ANNA_CPR, "scopes": scopes, "include_sensitive": include_sensitive, "ends_on": in_days(90) }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let grant: Grant = response.json().await.unwrap();
    // Anna's CPR number is known from her sign-in, so the grant is hers at once.
    assert_eq!(grant.grantee_account_id, Some(ANNA));
    grant
}

#[tokio::test]
async fn a_grant_by_cpr_number_waits_for_a_person_samlet_does_not_know_yet() {
    let app = spawn_app().await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let offer = |name: &str, cpr: &str| json!({ "grantee_name": name, "grantee_cpr": cpr, "scopes": ["plan"], "include_sensitive": false, "ends_on": in_days(30) });
    for (name, cpr) in [
        ("Birgit Holm", "310290-1234"),
        ("Birgit Holm", "1203651"),
        ("", "120365-1234"),
        // Jens's own number.
        ("Jens Hansen", "150384-1235"),
    ] {
        let refused = jens.post_json("/api/delegation/grants", &offer(name, cpr)).await;
        assert_eq!(error_code(refused).await, ErrorCode::BadRequest, "{name} {cpr}");
    }
    let grants: Grants = jens.get("/api/delegation/grants").await.json().await.unwrap();
    assert!(grants.given.is_empty(), "nothing stored");

    let response = jens
        .post_json("/api/delegation/grants", &offer(" Birgit Holm ", "120365 1234"))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let waiting: Grant = response.json().await.unwrap();
    assert_eq!(waiting.grantee_account_id, None);
    assert_eq!(waiting.grantee_name, "Birgit Holm");
    assert_eq!(waiting.state, GrantState::Pending);

    // Nobody else receives it, and the number is nowhere in what is stored.
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    let annas: Grants = anna.get("/api/delegation/grants").await.json().await.unwrap();
    assert!(annas.received.is_empty());
    let stored: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT grantee_cpr_hash, grantee_name FROM grants WHERE id = $1")
            .bind(waiting.id)
            .fetch_all(&app.db().await)
            .await
            .unwrap();
    let (hash, _) = &stored[0];
    assert!(
        hash.as_deref()
            .is_some_and(|h| h.len() == 64 && !h.contains("1203651234"))
    );

    // Birgit signs in with MitID for the first time (as the OIDC callback does): her
    // account is linked to the number's hash and the grant is hers.
    let (db, hash) = (app.db().await, hash.clone().unwrap());
    let birgit: i64 = sqlx::query_scalar(
        "INSERT INTO accounts (subject, kind, display_name, created_at)
         VALUES ('birgit-subject', 'relative', 'Birgit Holm', '2026-12-01T00:00:00Z') RETURNING id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    let holder = |grant: i64| {
        let db = db.clone();
        async move {
            sqlx::query_scalar::<_, Option<i64>>("SELECT grantee_account_id FROM grants WHERE id = $1")
                .bind(grant)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    claim_waiting_grants(&db, birgit, &hash).await.unwrap();
    assert_eq!(holder(waiting.id).await, Some(birgit));
    // Signing in again, with nothing waiting, keeps it hers; a grant given after her first
    // visit is hers at once.
    claim_waiting_grants(&db, birgit, &hash).await.unwrap();
    assert_eq!(holder(waiting.id).await, Some(birgit));
    let later: Grant = jens
        .post_json("/api/delegation/grants", &offer("Birgit Holm", "120365-1234"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(holder(later.id).await, Some(birgit));
}

#[tokio::test]
async fn a_relative_uploads_for_the_citizen_until_the_grant_is_revoked() {
    let app = spawn_app().await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let grant = give(&jens, &["upload_documents", "read_documents"], false).await;
    assert_eq!(grant.state, GrantState::Pending);

    // Not in force until Anna accepts.
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    assert_eq!(anna.act_for(Some(1)).await.status(), StatusCode::FORBIDDEN);
    let accepted: Grant = anna
        .post_json(
            &format!("/api/delegation/grants/{}/accept", grant.id),
            &Value::Null,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accepted.state, GrantState::Active);
    let session: SessionInfo = anna.act_for(Some(1)).await.json().await.unwrap();
    assert_eq!(session.acting_for.unwrap().name, "Jens Hansen");

    let form = Form::new().part(
        "file",
        Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
            .file_name("lonseddel.pdf")
            .mime_str("application/pdf")
            .unwrap(),
    );
    let uploaded = anna
        .client
        .post(format!("{}/api/documents", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    // The scope is upload and read documents: not the appeal, not the plan.
    assert_eq!(
        error_code(anna.get("/api/decisions").await).await,
        ErrorCode::Forbidden
    );
    assert_eq!(anna.get("/api/plan").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(anna.get("/api/documents").await.status(), StatusCode::OK);

    // Jens sees who uploaded it, and every access in his log.
    let documents: Vec<DocumentSummary> = jens.get("/api/documents").await.json().await.unwrap();
    let payslip = documents.iter().find(|d| d.title == "lonseddel").unwrap();
    assert_eq!(payslip.source, DocumentSource::Relative);
    assert_eq!(payslip.uploaded_by, "Anna Jensen");
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let actions: Vec<Action> = log.entries.iter().map(|e| e.action).collect();
    assert!(actions.contains(&Action::UploadDocuments), "{actions:?}");
    assert!(actions.contains(&Action::ReadDocuments), "{actions:?}");
    assert!(
        log.entries
            .iter()
            .all(|e| e.actor_name == "Anna Jensen" && e.role == ActorRole::Relative)
    );
    assert_eq!(log.people, ["Anna Jensen"]);
    let filtered: AccessLog = jens
        .get("/api/audit/log?person=Mette%20Larsen")
        .await
        .json()
        .await
        .unwrap();
    assert!(filtered.entries.is_empty());
    let tomorrow: AccessLog = jens
        .get(&format!("/api/audit/log?from={}", in_days(1)))
        .await
        .json()
        .await
        .unwrap();
    assert!(tomorrow.entries.is_empty());
    assert_eq!(
        jens.get("/api/audit/log?from=igår").await.status(),
        StatusCode::BAD_REQUEST
    );
    // The relative cannot read the citizen's log.
    assert_eq!(anna.get("/api/audit/log").await.status(), StatusCode::FORBIDDEN);

    // Revoked: the very next request is refused, with a reason the app can show.
    let revoked: Grant = jens
        .post_json(
            &format!("/api/delegation/grants/{}/revoke", grant.id),
            &Value::Null,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revoked.state, GrantState::Revoked);
    assert_eq!(
        error_code(anna.get("/api/documents").await).await,
        ErrorCode::AccessEnded
    );
    // Her session is then her own again.
    let session: SessionInfo = anna.get("/api/session").await.json().await.unwrap();
    assert!(session.acting_for.is_none());
    let grants: Grants = anna.get("/api/delegation/grants").await.json().await.unwrap();
    assert_eq!(grants.received[0].state, GrantState::Revoked);
}

#[tokio::test]
async fn sensitive_goals_stay_hidden_unless_the_grant_includes_them() {
    let app = spawn_app().await;
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;

    let without = give(&fatima, &["plan"], false).await;
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", without.id),
        &Value::Null,
    )
    .await;
    anna.act_for(Some(2)).await;
    let plan: PlanPage = anna.get("/api/plan").await.json().await.unwrap();
    let titles: Vec<&str> = plan.content.goals.iter().map(|g| g.title.as_str()).collect();
    assert!(!titles.contains(&"Mindre angst i hverdagen"), "{titles:?}");
    assert_eq!(titles.len(), 2);
    assert!(
        plan.changes.is_empty(),
        "changes since the last visit are the citizen's own"
    );

    fatima
        .post_json(
            &format!("/api/delegation/grants/{}/revoke", without.id),
            &Value::Null,
        )
        .await;
    let with = give(&fatima, &["plan"], true).await;
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", with.id),
        &Value::Null,
    )
    .await;
    anna.act_for(Some(2)).await;
    let plan: PlanPage = anna.get("/api/plan").await.json().await.unwrap();
    assert!(
        plan.content
            .goals
            .iter()
            .any(|g| g.title == "Mindre angst i hverdagen")
    );
}

#[tokio::test]
async fn a_grant_needs_an_end_within_the_maximum_and_a_relative_can_give_it_up() {
    let app = spawn_app().await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let too_long = jens
        .post_json(
            "/api/delegation/grants",
            &json!({ "grantee_name": "Anna Jensen", "grantee_cpr": ANNA_CPR, "scopes": ["plan"], "include_sensitive": false, "ends_on": in_days(400) }),
        )
        .await;
    assert_eq!(error_code(too_long).await, ErrorCode::BadRequest);
    let none = jens
        .post_json(
            "/api/delegation/grants",
            &json!({ "grantee_name": "Anna Jensen", "grantee_cpr": ANNA_CPR, "scopes": [], "include_sensitive": false, "ends_on": in_days(10) }),
        )
        .await;
    assert_eq!(error_code(none).await, ErrorCode::BadRequest);
    let grants: Grants = jens.get("/api/delegation/grants").await.json().await.unwrap();
    assert!(grants.given.is_empty(), "nothing stored");

    let grant = give(&jens, &["plan"], false).await;
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", grant.id),
        &Value::Null,
    )
    .await;
    let given_up: Grant = anna
        .post_json(
            &format!("/api/delegation/grants/{}/give-up", grant.id),
            &Value::Null,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(given_up.state, GrantState::GivenUp);
    assert_eq!(anna.act_for(Some(1)).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_guardianship_is_visible_to_the_citizen_but_not_revocable() {
    let app = spawn_app().await;
    let ole = app.other_browser();
    ole.sign_in_as("Ole Pedersen").await;
    let grants: Grants = ole.get("/api/delegation/grants").await.json().await.unwrap();
    let guardianship = &grants.given[0];
    assert_eq!(guardianship.kind, GrantKind::Guardianship);
    assert_eq!(guardianship.grantee_name, "Karen Holm");
    assert_eq!(guardianship.state, GrantState::Active);
    let refused = ole
        .post_json(
            &format!("/api/delegation/grants/{}/revoke", guardianship.id),
            &Value::Null,
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let karen = app.other_browser();
    karen.sign_in_as("Karen Holm").await;
    let session: SessionInfo = karen.act_for(Some(4)).await.json().await.unwrap();
    assert_eq!(
        session.acting_for.unwrap().role,
        samlet_api::delegation::ActingRole::Guardian
    );
    assert_eq!(karen.get("/api/decisions").await.status(), StatusCode::OK);
    // Opening the appeal form reads the draft, and Ole's log says it was a read.
    assert_eq!(karen.get("/api/decisions/3/draft").await.status(), StatusCode::OK);
    let log: AccessLog = ole.get("/api/audit/log").await.json().await.unwrap();
    assert_eq!(log.entries[0].action, Action::ReadAppealDraft);
    assert_eq!(log.entries[0].role, ActorRole::Guardian);
    // The guardian lodges Ole's appeal; Ole's receipt names who did.
    let form = json!({ "part_ids": [8], "part_reasons": [], "reason": "", "document_ids": [], "wants_meeting": false,
                       "wants_call": false, "helper": "", "late_reason": "Brevet kom til værgen." });
    let lodged = karen.post_json("/api/decisions/3/appeal", &form).await;
    assert_eq!(lodged.status(), StatusCode::CREATED);
    let appeal: samlet_api::appeal::Appeal = ole.get("/api/decisions/3/appeal").await.json().await.unwrap();
    assert_eq!(appeal.submitted_by.as_deref(), Some("Karen Holm"));
}

#[tokio::test]
async fn a_caseworker_previews_their_citizen_read_only_and_the_citizen_sees_it() {
    let app = spawn_app().await;
    let mette = app.other_browser();
    mette.sign_in_as("Mette Larsen").await;
    let citizens: Vec<samlet_api::delegation::CoordinatedCitizen> =
        mette.get("/api/caseworker/citizens").await.json().await.unwrap();
    assert_eq!(citizens.len(), 1);
    assert_eq!(citizens[0].name, "Jens Hansen");
    assert_eq!(mette.act_for(Some(1)).await.status(), StatusCode::OK);
    assert_eq!(mette.get("/api/plan").await.status(), StatusCode::OK);
    let write = mette
        .put_json(
            "/api/plan/own-texts",
            &json!({ "what_matters": "x", "meeting_notes": "", "version": 0 }),
        )
        .await;
    assert_eq!(error_code(write).await, ErrorCode::PreviewReadOnly);
    // Fatima is not hers.
    assert_eq!(mette.act_for(Some(2)).await.status(), StatusCode::FORBIDDEN);

    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let actions: Vec<Action> = log.entries.iter().map(|e| e.action).collect();
    assert_eq!(
        actions,
        [Action::ReadPlan, Action::StartPreview],
        "newest first; the refused write is not an access"
    );
    assert!(log.entries.iter().all(|e| e.role == ActorRole::Caseworker));
}

#[tokio::test]
async fn the_access_log_cannot_be_changed_even_from_inside_the_database() {
    let app = spawn_app().await;
    let mette = app.other_browser();
    mette.sign_in_as("Mette Larsen").await;
    mette.act_for(Some(1)).await;
    let db = app.db().await;
    assert!(
        sqlx::query("UPDATE access_log SET actor_name = 'x'")
            .execute(&db)
            .await
            .is_err()
    );
    assert!(sqlx::query("DELETE FROM access_log").execute(&db).await.is_err());
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM access_log")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

/// A grant of the upload scope alone lets a relative send papers for the citizen and
/// tidy up what they sent themselves; the citizen's other documents stay out of reach,
/// exactly as if they did not exist.
#[tokio::test]
async fn a_relative_who_may_only_upload_acts_on_their_own_uploads_and_nothing_else() {
    let app = spawn_app().await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    let grant = give(&jens, &["upload_documents"], false).await;
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", grant.id),
        &Value::Null,
    )
    .await;
    assert_eq!(anna.act_for(Some(1)).await.status(), StatusCode::OK);
    let db = app.db().await;
    let letter: (i64, Option<i64>) =
        sqlx::query_as("SELECT id, goal_id FROM documents WHERE citizen_id = 1 ORDER BY id LIMIT 1")
            .fetch_one(&db)
            .await
            .unwrap();
    let missing = anna
        .put_json("/api/documents/999999/goal", &json!({ "goal_id": null }))
        .await;
    let missing = refusal(missing).await;
    for goal in [Value::Null, json!(1), json!(2)] {
        let answer = anna
            .put_json(
                &format!("/api/documents/{}/goal", letter.0),
                &json!({ "goal_id": goal }),
            )
            .await;
        assert_eq!(
            refusal(answer).await,
            missing,
            "re-linking the municipality's letter to {goal}"
        );
    }
    let deleted = anna
        .client
        .delete(format!("{}/api/documents/{}", anna.base, letter.0))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NOT_FOUND);
    let now: (i64, Option<i64>) = sqlx::query_as("SELECT id, goal_id FROM documents WHERE id = $1")
        .bind(letter.0)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(now, letter, "the letter is as it was");

    // What she uploaded herself is hers to link and delete.
    let form = Form::new().part(
        "file",
        Part::bytes(common::PDF.to_vec()).file_name("kvittering.pdf"),
    );
    let uploaded = anna
        .client
        .post(format!("{}/api/documents", anna.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), StatusCode::CREATED);
    let uploaded: Vec<DocumentSummary> = uploaded.json().await.unwrap();
    let linked = anna
        .put_json(
            &format!("/api/documents/{}/goal", uploaded[0].id),
            &json!({ "goal_id": 1 }),
        )
        .await;
    assert_eq!(linked.status(), StatusCode::OK);
    let deleted = anna
        .client
        .delete(format!("{}/api/documents/{}", anna.base, uploaded[0].id))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
}

/// A goal the relative may not see (sensitive, outside the grant) is answered exactly as a
/// goal that does not exist, wherever a goal id is accepted.
#[tokio::test]
async fn a_hidden_goal_is_refused_exactly_like_one_that_does_not_exist() {
    let app = spawn_app().await;
    let mikkel = app.other_browser();
    mikkel.sign_in_as("Mikkel Sørensen").await;
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    let grant = give(&mikkel, &["plan", "read_documents", "upload_documents"], false).await;
    anna.post_json(
        &format!("/api/delegation/grants/{}/accept", grant.id),
        &Value::Null,
    )
    .await;
    assert_eq!(anna.act_for(Some(3)).await.status(), StatusCode::OK);
    const HIDDEN: i64 = 8;
    const NONE: i64 = 999;

    let upload = |goal: i64| {
        let form = Form::new()
            .text("goal_id", goal.to_string())
            .part("file", Part::bytes(common::PDF.to_vec()).file_name("brev.pdf"));
        anna.client
            .post(format!("{}/api/documents", anna.base))
            .multipart(form)
            .send()
    };
    let hidden = upload(HIDDEN).await.unwrap();
    let hidden = refusal(hidden).await;
    let none = upload(NONE).await.unwrap();
    let none = refusal(none).await;
    assert_eq!(hidden, none, "uploading to a hidden goal");
    assert_eq!(none.0, StatusCode::BAD_REQUEST);

    let own = Form::new().part("file", Part::bytes(common::PDF.to_vec()).file_name("brev.pdf"));
    let own: Vec<DocumentSummary> = anna
        .client
        .post(format!("{}/api/documents", anna.base))
        .multipart(own)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let link = |goal: i64| {
        let path = format!("/api/documents/{}/goal", own[0].id);
        let anna = &anna;
        async move { anna.put_json(&path, &json!({ "goal_id": goal })).await }
    };
    let hidden = link(HIDDEN).await;
    let hidden = refusal(hidden).await;
    let none = link(NONE).await;
    let none = refusal(none).await;
    assert_eq!(hidden, none, "re-linking to a hidden goal");
    let goal: Option<i64> = sqlx::query_scalar("SELECT goal_id FROM documents WHERE id = $1")
        .bind(own[0].id)
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(goal, None);
}
