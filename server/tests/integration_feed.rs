//! Case systems feeding the one plan and picking up appeals: idempotent by (system,
//! external id, version), two systems side by side, clear 4xx naming the field, the plan's
//! history and the citizen's access log.

mod common;

use common::case_system::{EVERY_SCOPE, case_system, case_system_reaching};
use common::{TestApp, assert_status, integration_error, login_body, spawn_app};
use reqwest::StatusCode;
use samlet_api::appeal::Appeal;
use samlet_api::audit::{AccessLog, Action, ActorRole};
use samlet_api::integration::{AppealFeed, DocumentFeed, IntegrationErrorCode, WriteOutcome, Written};
use samlet_api::plan::{LifeArea, PlanChange, PlanPage};
use samlet_server::integration::systems::{Reach, Scope};
use serde_json::{Value, json};

fn citizen(version: i64) -> Value {
    json!({ "person_ref": "0101901234", "version": version, "full_name": "Sara Nielsen", "municipality": "751",
            "sign_in_subject": "mitid:sara", "overall_goal": "Et arbejde og en fast bolig" })
}

/// Signs in as the citizen `citizen()` registers, in a browser of its own. The demo login
/// knows only `demo:` subjects; the real sign-in with the registered subject is tested end
/// to end.
async fn sara(app: &TestApp) -> (TestApp, i64) {
    let db = app.db().await;
    sqlx::query("UPDATE accounts SET subject = 'demo:sara' WHERE subject = 'mitid:sara'")
        .execute(&db)
        .await
        .unwrap();
    let account: i64 = sqlx::query_scalar("SELECT id FROM accounts WHERE subject = 'demo:sara'")
        .fetch_one(&db)
        .await
        .unwrap();
    let browser = app.other_browser();
    assert_eq!(
        browser
            .post_json("/api/session/demo", &login_body(account))
            .await
            .status(),
        StatusCode::OK
    );
    (browser, account)
}

#[tokio::test]
async fn a_case_system_registers_a_citizen_and_feeds_the_plan_once_per_version() {
    let app = spawn_app().await;
    let jobcenter = case_system(&app, "jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    let created = jobcenter.written("/citizens/JC-1", &citizen(1)).await;
    assert_eq!(created.outcome, WriteOutcome::Created);
    assert_eq!(
        jobcenter.written("/citizens/JC-1", &citizen(1)).await.outcome,
        WriteOutcome::Unchanged
    );

    let goal = json!({ "person_ref": "0101901234", "version": 1, "life_area": "job_education", "title": "Job på lager" });
    let goal_written = jobcenter.written("/goals/G-1", &goal).await;
    assert_eq!(goal_written.outcome, WriteOutcome::Created);
    let sub_goal = |version: i64, status: &str| {
        json!({ "goal": "G-1", "version": version, "title": "Truckcertifikat", "success_criterion": "Bestået prøve",
                "status": status, "unit": "Jobcenter Aarhus", "target_date": "2027-03-01" })
    };
    assert_eq!(
        jobcenter
            .written("/sub-goals/S-1", &sub_goal(1, "in_progress"))
            .await
            .outcome,
        WriteOutcome::Created
    );
    jobcenter
        .written(
            "/activities/A-1",
            &json!({ "goal": "G-1", "version": 1, "title": "Kursus", "provider": "AMU Østjylland" }),
        )
        .await;
    jobcenter
        .written(
            "/meetings/M-1",
            &json!({ "person_ref": "0101901234", "version": 1, "title": "Opfølgning",
                     "starts_at": "2027-01-10T09:00:00Z", "ends_at": "2027-01-10T10:00:00Z", "location": "Jobcentret" }),
        )
        .await;

    // The citizen signs in (with the subject the system gave) and sees the plan.
    let (sara, account) = sara(&app).await;
    let plan: PlanPage = sara.get("/api/plan").await.json().await.unwrap();
    let goal = &plan.content.goals[0];
    assert_eq!(goal.title, "Job på lager");
    assert_eq!(goal.sub_goals[0].title, "Truckcertifikat");
    assert_eq!(goal.activities[0].provider, "AMU Østjylland");
    assert_eq!(plan.content.meetings[0].title, "Opfølgning");
    // The app says so once the plan has been on her screen for a while.
    let seen = json!({ "revision": plan.revision, "dismissed": false });
    assert_status(
        &sara.post_json("/api/plan/seen", &seen).await,
        StatusCode::NO_CONTENT,
    );

    // A newer version is applied and shows as a change since the visit; an older one or a
    // retry changes nothing.
    assert_eq!(
        jobcenter
            .written("/sub-goals/S-1", &sub_goal(2, "reached"))
            .await
            .outcome,
        WriteOutcome::Updated
    );
    assert_eq!(
        jobcenter
            .written("/sub-goals/S-1", &sub_goal(1, "paused"))
            .await
            .outcome,
        WriteOutcome::Unchanged
    );
    // The version applied before, saying something else: the sender forgot to raise it.
    let forgot = integration_error(jobcenter.put("/sub-goals/S-1", &sub_goal(2, "paused")).await).await;
    assert_eq!(forgot.code, IntegrationErrorCode::VersionConflict);
    assert_eq!(forgot.field.as_deref(), Some("version"));
    assert!(forgot.message.contains("version 2"), "{}", forgot.message);
    assert_eq!(
        jobcenter
            .written("/sub-goals/S-1", &sub_goal(2, "reached"))
            .await
            .outcome,
        WriteOutcome::Unchanged,
        "the same version with the same content is a retry"
    );
    let next_visit = sara.other_browser();
    next_visit
        .post_json("/api/session/demo", &login_body(account))
        .await;
    let plan: PlanPage = next_visit.get("/api/plan").await.json().await.unwrap();
    assert_eq!(
        plan.content.goals[0].sub_goals[0].status,
        samlet_api::plan::SubGoalStatus::Reached
    );
    assert!(
        plan.changes.iter().any(
            |c| matches!(c, PlanChange::SubGoalStatusChanged { title, .. } if title == "Truckcertifikat")
        ),
        "{:?}",
        plan.changes
    );

    // Every write is in the citizen's access log, as the system.
    let log: AccessLog = next_visit.get("/api/audit/log").await.json().await.unwrap();
    let by_system: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.role == ActorRole::System)
        .collect();
    assert!(
        by_system
            .iter()
            .all(|e| e.actor_name == "jobcenter" && e.action == Action::UpdatePlan)
    );
    // Six writes applied: the citizen, a goal, a sub-goal (twice), an activity, a meeting.
    assert_eq!(by_system.len(), 6, "{by_system:?}");
}

#[tokio::test]
async fn two_systems_feed_one_plan_without_overwriting_each_other() {
    let app = spawn_app().await;
    let jobcenter = case_system(&app, "jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    let health = case_system(&app, "sundhed", &[Scope::Plans]).await;
    jobcenter.written("/citizens/JC-1", &citizen(1)).await;
    let job = jobcenter
        .written("/goals/G-1", &json!({ "person_ref": "0101901234", "version": 5, "life_area": "job_education", "title": "Job" }))
        .await;
    // The same external id and a lower version from another system is another item.
    let health_goal = health
        .written("/goals/G-1", &json!({ "person_ref": "0101901234", "version": 1, "life_area": "health", "title": "Mindre smerter" }))
        .await;
    assert_eq!(health_goal.outcome, WriteOutcome::Created);
    assert_ne!(health_goal.id, job.id);
    // A system cannot hang a sub-goal on another system's goal by guessing its id.
    let foreign = health
        .put(
            "/sub-goals/S-9",
            &json!({ "goal": "G-404", "version": 1, "title": "x", "success_criterion": "y",
                                        "status": "not_started", "unit": "z" }),
        )
        .await;
    assert_eq!(foreign.status(), StatusCode::BAD_REQUEST);
    let db = app.db().await;
    let titles: Vec<String> = sqlx::query_scalar(
        "SELECT g.title FROM goals g JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
         WHERE c.person_ref = '0101901234' ORDER BY g.id",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(titles, ["Job", "Mindre smerter"]);
}

#[tokio::test]
async fn bad_writes_get_a_4xx_naming_the_field_and_change_nothing() {
    let app = spawn_app().await;
    let jobcenter = case_system(&app, "jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    let appeals_only = case_system(&app, "klagesystem", &[Scope::Appeals]).await;
    jobcenter.written("/citizens/JC-1", &citizen(1)).await;
    let message = |response: reqwest::Response| async move {
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        response.json::<Value>().await.unwrap()["message"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let empty_title =
        json!({ "person_ref": "0101901234", "version": 1, "life_area": "health", "title": " " });
    assert!(
        message(jobcenter.put("/goals/G-1", &empty_title).await)
            .await
            .contains("title")
    );
    let unknown_person =
        json!({ "person_ref": "9999999999", "version": 1, "life_area": "health", "title": "x" });
    assert!(
        message(jobcenter.put("/goals/G-1", &unknown_person).await)
            .await
            .contains("person_ref")
    );
    let no_version = json!({ "person_ref": "0101901234", "life_area": "health", "title": "x" });
    assert!(
        message(jobcenter.put("/goals/G-1", &no_version).await)
            .await
            .contains("version")
    );
    let bad_area = json!({ "person_ref": "0101901234", "version": 1, "life_area": "space", "title": "x" });
    assert!(
        message(jobcenter.put("/goals/G-1", &bad_area).await)
            .await
            .contains("life_area")
    );
    let backwards = json!({ "person_ref": "0101901234", "version": 1, "title": "Møde",
                            "starts_at": "2027-01-10T10:00:00Z", "ends_at": "2027-01-10T09:00:00Z" });
    assert!(
        message(jobcenter.put("/meetings/M-1", &backwards).await)
            .await
            .contains("ends_at")
    );
    let goal = json!({ "person_ref": "0101901234", "version": 1, "life_area": "health", "title": "x" });
    let refused = appeals_only.put("/goals/G-1", &goal).await;
    let refused = integration_error(refused).await;
    assert_eq!(refused.code, IntegrationErrorCode::MissingScope);
    assert!(refused.message.contains("`plans`"), "{}", refused.message);

    let db = app.db().await;
    let goals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM goals g JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
         WHERE c.person_ref = '0101901234'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(goals, 0);
}

#[tokio::test]
async fn a_case_system_picks_up_a_lodged_appeal_by_cursor_and_acknowledges_it() {
    let app = spawn_app().await;
    let klage = case_system(&app, "klagesystem", &[Scope::Appeals]).await;
    let start: AppealFeed = klage.get("/appeals").await.json().await.unwrap();
    let seeded = start.appeals.len();

    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let form = json!({ "part_ids": [3], "part_reasons": [], "reason": "Gælden kom af min sygdom", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = jens.post_json("/api/decisions/1/appeal", &form).await;
    assert_eq!(lodged.status(), StatusCode::CREATED);
    let appeal: Appeal = jens.get("/api/decisions/1/appeal").await.json().await.unwrap();
    assert_eq!(appeal.acknowledged_at, None);

    let feed: AppealFeed = klage
        .get(&format!("/appeals?after={}", start.next_cursor))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        feed.appeals.len(),
        1,
        "only what is new since the cursor (seeded: {seeded})"
    );
    let picked = &feed.appeals[0];
    assert_eq!(picked.appeal.reference, appeal.reference);
    assert_eq!(picked.citizen_name, "Jens Hansen");
    assert_eq!(picked.appeal.form.reason, "Gælden kom af min sygdom");
    let again: AppealFeed = klage
        .get(&format!("/appeals?after={}", feed.next_cursor))
        .await
        .json()
        .await
        .unwrap();
    assert!(again.appeals.is_empty());
    assert_eq!(again.next_cursor, feed.next_cursor);
    assert_eq!(
        klage.get("/appeals?after=yesterday").await.status(),
        StatusCode::BAD_REQUEST
    );

    let path = format!("/appeals/{}/acknowledge", appeal.reference);
    assert_eq!(klage.post(&path).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(klage.post(&path).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        klage.post("/appeals/KL-1999-000000/acknowledge").await.status(),
        StatusCode::NOT_FOUND
    );
    let appeal: Appeal = jens.get("/api/decisions/1/appeal").await.json().await.unwrap();
    assert!(appeal.acknowledged_at.is_some());
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let received: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.action == Action::ReceiveAppeal)
        .collect();
    assert_eq!(received.len(), 1, "acknowledged once, logged once");
    assert_eq!(received[0].actor_name, "klagesystem");
}

#[tokio::test]
async fn a_case_system_names_the_contact_and_a_stand_in_the_citizen_sees_while_they_are_away() {
    let app = spawn_app().await;
    let system_ = case_system(&app, "jobcenter", &[Scope::Citizens, Scope::Contacts]).await;
    system_.written("/citizens/JC-1", &citizen(1)).await;
    let person = |name: &str| {
        json!({ "version": 1, "full_name": name, "role": "Koordinerende sagsbehandler", "unit": "Jobcenter Aarhus",
                "phone": "+45 87 13 40 99", "email": "kontakt@aarhus.example", "reachable": "Hverdage kl. 9-15" })
    };
    system_.written("/caseworkers/CW-1", &person("Hanne Berg")).await;
    system_.written("/caseworkers/CW-2", &person("Ali Khan")).await;
    let today = chrono::Utc::now().date_naive();
    let contact = json!({ "person_ref": "0101901234", "version": 1, "caseworker": "CW-1", "stand_in": "CW-2",
                          "stand_in_from": today - chrono::Duration::days(1), "stand_in_until": today + chrono::Duration::days(6) });
    assert_eq!(
        system_.written("/contacts", &contact).await.outcome,
        WriteOutcome::Created
    );
    assert_eq!(
        system_.written("/contacts", &contact).await.outcome,
        WriteOutcome::Unchanged
    );
    let unknown = json!({ "person_ref": "0101901234", "version": 2, "caseworker": "CW-404" });
    let refused = system_.put("/contacts", &unknown).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("caseworker"));

    let (sara, _) = sara(&app).await;
    let view: Value = sara.get("/api/contact").await.json().await.unwrap();
    assert_eq!(view["away"]["coordinator"]["name"], "Hanne Berg", "{view}");
    assert_eq!(view["away"]["stand_in"]["person"]["name"], "Ali Khan", "{view}");
    let log: AccessLog = sara.get("/api/audit/log").await.json().await.unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.action == Action::ChangeContact && e.object == "Hanne Berg")
    );
    // Ali takes over; Sara's copy of her data keeps both, newest first.
    let handed_over = json!({ "person_ref": "0101901234", "version": 2, "caseworker": "CW-2" });
    system_.written("/contacts", &handed_over).await;
    let zip = sara.get("/api/export").await.bytes().await.unwrap().to_vec();
    let files = common::unzip(zip).await;
    let data: samlet_api::export::MyData = serde_json::from_slice(&files["samlet.json"]).unwrap();
    let history: Vec<(&str, Option<&str>)> = data
        .contact_history
        .iter()
        .map(|c| (c.name.as_str(), c.stand_in.as_deref()))
        .collect();
    assert_eq!(history, [("Ali Khan", None), ("Hanne Berg", Some("Ali Khan"))]);
}

#[tokio::test]
async fn a_case_system_picks_up_a_document_the_citizen_sent_and_acknowledges_it() {
    let app = spawn_app().await;
    let archive = case_system(&app, "journal", &[Scope::Documents]).await;
    let start: samlet_api::integration::DocumentFeed = archive.get("/documents").await.json().await.unwrap();
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let sent = jens.upload_pdf("Lønseddel maj", "loen.pdf", pdf.clone()).await;
    assert_eq!(sent.status(), StatusCode::CREATED);

    let feed: samlet_api::integration::DocumentFeed = archive
        .get(&format!("/documents?after={}", start.next_cursor))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        feed.documents.len(),
        1,
        "only the citizen's new upload, not the municipality's letters"
    );
    let picked = &feed.documents[0];
    assert_eq!(picked.document.title, "Lønseddel maj");
    assert_eq!(picked.citizen_name, "Jens Hansen");
    let bytes = archive
        .get(&picked.file_url.replace("/integration/v1", ""))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), pdf.as_slice());
    let ack = format!("/documents/{}/acknowledge", picked.document.id);
    assert_eq!(archive.post(&ack).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(archive.post(&ack).await.status(), StatusCode::NO_CONTENT);

    let mine: Vec<samlet_api::documents::DocumentSummary> =
        jens.get("/api/documents").await.json().await.unwrap();
    let payslip = mine.iter().find(|d| d.title == "Lønseddel maj").unwrap();
    assert!(payslip.received_at.is_some());
    assert!(
        !payslip.can_delete,
        "received by the municipality: no longer the citizen's to delete"
    );
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let by_journal: Vec<_> = log
        .entries
        .iter()
        .filter(|e| e.actor_name == "journal")
        .map(|e| e.action)
        .collect();
    assert_eq!(by_journal, [Action::ReceiveDocument, Action::ReadDocuments]);
}

#[tokio::test]
async fn a_case_system_shares_the_letter_and_publishes_the_decision_the_citizen_can_appeal() {
    let app = spawn_app().await;
    let sys = case_system(
        &app,
        "ydelsessystem",
        &[Scope::Citizens, Scope::Documents, Scope::Decisions],
    )
    .await;
    sys.written("/citizens/JC-1", &citizen(1)).await;
    let letter =
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec();
    let share = || {
        let form = reqwest::multipart::Form::new()
            .text("person_ref", "0101901234")
            .text("sender", "Jobcenter Aarhus")
            .text("title", "Afgørelse om ressourceforløb")
            .part(
                "file",
                reqwest::multipart::Part::bytes(letter.clone()).file_name("afgoerelse.pdf"),
            );
        app.client
            .post(format!("{}/integration/v1/shared-documents/BREV-1", app.base))
            .bearer_auth(&sys.token)
            .multipart(form)
            .send()
    };
    let first = share().await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let again = share().await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(
        again.json::<Written>().await.unwrap().outcome,
        WriteOutcome::Unchanged
    );

    let sent_at = chrono::Utc::now() - chrono::Duration::days(2);
    let decision = |version: i64| {
        json!({ "person_ref": "0101901234", "version": version, "title": "Afgørelse om ressourceforløb",
                "channel": "digital_post", "sent_at": sent_at,
                "reasoning": "Vi har set på din situation som helhed.", "appeal_guidance": "Du kan klage inden 4 uger.",
                "document": "BREV-1",
                "parts": [{ "intervention": "Ressourceforløb", "outcome": "granted", "law": "LAB § 68 b", "explanation": "Et år." },
                          { "intervention": "Fleksjob", "outcome": "refused", "law": "LAB § 116", "explanation": "Ikke nu." }] })
    };
    assert_eq!(
        sys.written("/decisions/AF-1", &decision(1)).await.outcome,
        WriteOutcome::Created
    );
    assert_eq!(
        sys.written("/decisions/AF-1", &decision(1)).await.outcome,
        WriteOutcome::Unchanged
    );
    let rewritten = sys.put("/decisions/AF-1", &decision(2)).await;
    assert_eq!(
        rewritten.status(),
        StatusCode::CONFLICT,
        "a published decision never changes"
    );
    let mut reworded = decision(1);
    reworded["reasoning"] = json!("Noget andet.");
    let reworded = integration_error(sys.put("/decisions/AF-1", &reworded).await).await;
    assert_eq!(reworded.code, IntegrationErrorCode::VersionConflict);
    let mut no_parts = decision(1);
    no_parts["parts"] = json!([]);
    assert!(
        sys.put("/decisions/AF-2", &no_parts)
            .await
            .text()
            .await
            .unwrap()
            .contains("parts")
    );

    let (sara, _) = sara(&app).await;
    let decisions: Vec<Value> = sara.get("/api/decisions").await.json().await.unwrap();
    assert_eq!(decisions.len(), 1);
    let id = decisions[0]["id"].as_i64().unwrap();
    let full: Value = sara
        .get(&format!("/api/decisions/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(full["parts"].as_array().unwrap().len(), 2, "{full}");
    let documents: Vec<samlet_api::documents::DocumentSummary> =
        sara.get("/api/documents").await.json().await.unwrap();
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0].uploaded_by, "Jobcenter Aarhus");
    let bytes = sara
        .get(&format!("/api/documents/{}/file", documents[0].id))
        .await
        .bytes()
        .await
        .unwrap();
    assert_eq!(bytes.as_ref(), letter.as_slice());
}

#[tokio::test]
async fn a_system_reaches_only_its_own_municipality_and_life_areas() {
    let app = spawn_app().await;
    let aarhus = case_system(&app, "aarhus-jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    aarhus.written("/citizens/JC-1", &citizen(1)).await;
    let odense = case_system_reaching(&app, "odense-sag", &Reach::whole_plan_in("461", &EVERY_SCOPE)).await;

    // Another municipality's citizens do not exist for it, and it cannot claim them.
    let goal = json!({ "person_ref": "0101901234", "version": 1, "life_area": "health", "title": "Søvn" });
    let refused = odense.put("/goals/O-1", &goal).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        integration_error(refused).await.code,
        IntegrationErrorCode::BadRequest
    );
    assert_eq!(
        odense.put("/citizens/O-1", &citizen(1)).await.status(),
        StatusCode::FORBIDDEN,
        "municipality 751 is not Odense's"
    );
    let mut moved = citizen(1);
    moved["municipality"] = json!("461");
    assert_eq!(
        odense.put("/citizens/O-1", &moved).await.status(),
        StatusCode::BAD_REQUEST,
        "moving a citizen needs a system that serves where they live now"
    );
    let appeals: AppealFeed = odense.get("/appeals").await.json().await.unwrap();
    assert!(
        appeals.appeals.is_empty(),
        "Aarhus's appeals are not in Odense's feed"
    );
    let documents: DocumentFeed = odense.get("/documents").await.json().await.unwrap();
    assert!(documents.documents.is_empty());
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let appeal: Appeal = fatima.get("/api/decisions/2/appeal").await.json().await.unwrap();
    assert_eq!(
        odense
            .post(&format!("/appeals/{}/acknowledge", appeal.reference))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // A jobcentre's token writes job goals, not health goals.
    let jobs_only = Reach {
        scopes: vec![Scope::Plans],
        municipalities: vec!["751".into()],
        life_areas: vec![LifeArea::JobEducation],
    };
    let jobcenter = case_system_reaching(&app, "jobcenter-job", &jobs_only).await;
    let refused = jobcenter.put("/goals/H-1", &goal).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let body = integration_error(refused).await;
    assert_eq!(body.code, IntegrationErrorCode::OutOfReach);
    assert_eq!(body.field.as_deref(), Some("life_area"), "{}", body.message);
    let mut job_goal = goal.clone();
    job_goal["life_area"] = json!("job_education");
    jobcenter.written("/goals/J-1", &job_goal).await;
}

/// A case system that retried while its first request was still on the way: both tries
/// are answered for the one letter, and the citizen sees it once.
#[tokio::test]
async fn a_shared_letter_sent_twice_at_once_is_shared_once() {
    let app = spawn_app().await;
    let sys = case_system(&app, "ydelsessystem", &[Scope::Citizens, Scope::Documents]).await;
    sys.written("/citizens/JC-1", &citizen(1)).await;
    let share = || {
        let form = reqwest::multipart::Form::new()
            .text("person_ref", "0101901234")
            .text("title", "Indkaldelse")
            .part(
                "file",
                reqwest::multipart::Part::bytes(common::pdf_of(300 * 1024)).file_name("brev.pdf"),
            );
        app.client
            .post(format!("{}/integration/v1/shared-documents/BREV-9", app.base))
            .bearer_auth(&sys.token)
            .multipart(form)
            .send()
    };
    let (a, b) = tokio::join!(share(), share());
    let mut statuses = [a.unwrap().status(), b.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
    let letters: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM documents WHERE title = 'Indkaldelse'")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(letters, 1);
}

#[tokio::test]
async fn a_shared_letter_is_named_by_its_bytes_and_titles_lose_format_characters() {
    let app = spawn_app().await;
    let sys = case_system(
        &app,
        "ydelsessystem",
        &[Scope::Citizens, Scope::Documents, Scope::Decisions],
    )
    .await;
    sys.written("/citizens/JC-1", &citizen(1)).await;
    let letter = b"%PDF-1.4\n<script>alert(1)</script>\n%%EOF\n".to_vec();
    let form = reqwest::multipart::Form::new()
        .text("person_ref", "0101901234")
        .text("title", "A\u{30A}rsopgørelse\u{202E}")
        .part(
            "file",
            reqwest::multipart::Part::bytes(letter).file_name("afgoerelse\u{202E}fdp.html"),
        );
    let shared = app
        .client
        .post(format!("{}/integration/v1/shared-documents/BREV-9", app.base))
        .bearer_auth(&sys.token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(shared.status(), StatusCode::CREATED);
    let decision = json!({ "person_ref": "0101901234", "version": 1, "title": "A\u{30A}rsafgørelse\u{200F} om hjælp",
        "channel": "digital_post", "sent_at": chrono::Utc::now() - chrono::Duration::days(2),
        "reasoning": "Begrundelse.", "appeal_guidance": "Du kan klage inden 4 uger.",
        "parts": [{ "intervention": "Hjælp", "outcome": "granted", "law": "LAB § 68 b", "explanation": "Et år." }] });
    sys.written("/decisions/AF-9", &decision).await;

    let (sara, _) = sara(&app).await;
    let documents: Vec<samlet_api::documents::DocumentSummary> =
        sara.get("/api/documents").await.json().await.unwrap();
    assert_eq!(documents[0].file_name, "afgoerelsefdp.pdf");
    assert_eq!(documents[0].title, "Årsopgørelse");
    let decisions: Vec<Value> = sara.get("/api/decisions").await.json().await.unwrap();
    assert_eq!(decisions[0]["title"], "Årsafgørelse om hjælp", "{decisions:?}");
}

/// Feeds hand out rows by `id > cursor`, so rows of a feed table become visible in the
/// order of their ids: while one citizen's writer has inserted (taken an id) and not yet
/// committed, another citizen's writer cannot insert into the same feed, although the two
/// share no other key. Otherwise a case system's cursor could pass the first id before it
/// commits, and never see it.
#[tokio::test]
async fn a_feed_row_never_becomes_visible_before_a_row_with_a_lower_id() {
    use samlet_server::db::{Key, begin_write, lock};
    let app = spawn_app().await;
    let db = app.db().await;
    let mut first = begin_write(&db, &[Key::citizen(1)]).await.unwrap();
    lock(&mut first, &[Key::feed("appeals")]).await.unwrap();
    let other = db.clone();
    let second = tokio::spawn(async move {
        let mut tx = begin_write(&other, &[Key::citizen(2)]).await.unwrap();
        lock(&mut tx, &[Key::feed("appeals")]).await.unwrap();
        tx.commit().await.unwrap();
        std::time::Instant::now()
    });
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert!(
        !second.is_finished(),
        "the second writer waits for the first one's commit"
    );
    let committed = std::time::Instant::now();
    first.commit().await.unwrap();
    assert!(second.await.unwrap() >= committed);
}
