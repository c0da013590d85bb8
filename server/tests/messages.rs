//! Secure messages over HTTP: the citizen writes, the caseworker reads and answers, a
//! relative writes on the citizen's behalf, and what may not be seen does not exist.

mod common;

use common::case_system::case_system;
use common::{TestApp, error_code, spawn_app, spawn_with};
use reqwest::StatusCode;
use samlet_api::audit::{AccessLog, Action};
use samlet_api::error::ErrorCode;
use samlet_api::integration::{MeetingAnswerFeed, MessageFeed, WriteOutcome, Written};
use samlet_api::messages::{AboutKind, Inbox, Side, Thread, Turn, Unread};
use samlet_api::plan::{Attendance, MeetingAnswer, PlanPage};
use samlet_server::integration::systems::Scope;
use serde_json::{Value, json};

impl TestApp {
    async fn act_for(&self, citizen: Option<i64>) -> reqwest::Response {
        self.put_json("/api/session/acting-for", &json!({ "citizen_id": citizen }))
            .await
    }

    async fn post_keyed(&self, path: &str, key: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("Idempotency-Key", key)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    async fn inbox(&self) -> Inbox {
        let response = self.get("/api/messages").await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

async fn signed_in(app: &TestApp, name: &str) -> TestApp {
    let browser = app.other_browser();
    assert_eq!(browser.sign_in_as(name).await.status(), StatusCode::OK);
    browser
}

/// Mette, previewing Jens: the caseworker's side of his messages.
async fn mette_for_jens(app: &TestApp) -> TestApp {
    let mette = signed_in(app, "Mette Larsen").await;
    assert_eq!(mette.act_for(Some(1)).await.status(), StatusCode::OK);
    mette
}

#[tokio::test]
async fn the_citizen_writes_the_caseworker_reads_and_answers_and_both_see_it_read() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let inbox = jens.inbox().await;
    // The demo: Mette's answer about the job goal waits unread.
    assert_eq!(inbox.unread, 1);
    assert_eq!(inbox.threads[0].turn, Turn::Citizen);
    let recipient = inbox.recipient.expect("Jens has a contact");
    assert_eq!(
        (recipient.name.as_str(), recipient.stand_in),
        ("Mette Larsen", None)
    );
    assert_eq!(recipient.answer_days, 2);

    let sent = jens
        .post_keyed(
            "/api/messages",
            "first-try",
            &json!({ "subject": "", "about": { "kind": "goal", "id": 2 }, "body": "Må jeg flytte genoptræningen?\nDen ligger oven i praktikken." }),
        )
        .await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let thread: Thread = sent.json().await.unwrap();
    assert_eq!(thread.subject, "Må jeg flytte genoptræningen?", "the first line");
    assert_eq!(
        thread.about.as_ref().unwrap().title,
        "Få styr på smerterne i ryggen"
    );
    assert_eq!(thread.turn, Turn::Municipality);
    assert_eq!(thread.messages[0].read, None);
    // A retry with the same key, also after the first succeeded, is the same message.
    let again = jens
        .post_keyed(
            "/api/messages",
            "first-try",
            &json!({ "subject": "", "body": "Må jeg flytte genoptræningen?" }),
        )
        .await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(again.json::<Thread>().await.unwrap().id, thread.id);
    assert_eq!(jens.inbox().await.threads.len(), 2);

    let mette = mette_for_jens(&app).await;
    let caseworker_view = mette.inbox().await;
    assert_eq!(caseworker_view.unread, 1, "Jens's new message");
    let opened: Thread = mette
        .get(&format!("/api/messages/{}", thread.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(opened.messages.len(), 1);
    // The citizen sees that Mette read it.
    let seen: Thread = jens
        .get(&format!("/api/messages/{}", thread.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(seen.messages[0].read.as_ref().unwrap().by, "Mette Larsen");

    let answer = mette
        .post_json(
            &format!("/api/messages/{}", thread.id),
            &json!({ "body": "Ja. Jeg ringer til fysioterapeuten." }),
        )
        .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
    let answered: Thread = answer.json().await.unwrap();
    let last = answered.messages.last().unwrap();
    assert_eq!(last.side, Side::Municipality);
    assert_eq!(last.author, "Mette Larsen");
    assert_eq!(last.author_role.as_deref(), Some("Koordinerende sagsbehandler"));
    assert_eq!(answered.turn, Turn::Citizen);
    let unread: Unread = jens.get("/api/messages/unread").await.json().await.unwrap();
    assert_eq!(unread.unread, 2, "the demo answer and Mette's new one");

    // Min log shows the caseworker's reading and writing.
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let actions: Vec<Action> = log
        .entries
        .iter()
        .flat_map(|e| std::iter::once(e.action).chain(e.also.iter().copied()))
        .collect();
    assert!(actions.contains(&Action::ReadMessages), "{actions:?}");
    assert!(actions.contains(&Action::WriteMessages), "{actions:?}");

    // Only the caseworker closes a thread; the citizen opens it again by writing.
    let refused = jens
        .post_json(&format!("/api/messages/{}/close", thread.id), &json!({}))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let closed: Thread = mette
        .post_json(&format!("/api/messages/{}/close", thread.id), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed.turn, Turn::Closed);
    let reopened: Thread = jens
        .post_json(
            &format!("/api/messages/{}", thread.id),
            &json!({ "body": "Tak!" }),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(reopened.turn, Turn::Municipality);
}

#[tokio::test]
async fn a_bad_message_is_refused_with_a_reason_and_changes_nothing() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let jens_document: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE citizen_id = 1 LIMIT 1")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    let long = "a".repeat(5001);
    let eleven: Vec<i64> = (1..=11).collect();
    for (body, code) in [
        (json!({ "subject": "x", "body": "  " }), ErrorCode::MessageEmpty),
        (json!({ "subject": "x", "body": long }), ErrorCode::TextTooLong),
        (
            json!({ "subject": "x", "body": "Hej", "document_ids": eleven }),
            ErrorCode::TooManyAttachments,
        ),
        (
            json!({ "subject": "x", "body": "Hej", "document_ids": [999_999] }),
            ErrorCode::UnknownDocument,
        ),
        // Mikkel's goal is not in Jens's plan.
        (
            json!({ "subject": "x", "body": "Hej", "about": { "kind": "goal", "id": 8 } }),
            ErrorCode::BadRequest,
        ),
    ] {
        assert_eq!(
            error_code(jens.post_json("/api/messages", &body).await).await,
            code
        );
    }
    assert_eq!(jens.inbox().await.threads.len(), 1);
    // Someone else's document is as unknown as one that does not exist.
    let fatima = signed_in(&app, "Fatima Ali").await;
    let borrowed = fatima
        .post_json(
            "/api/messages",
            &json!({ "subject": "x", "body": "Hej", "document_ids": [jens_document] }),
        )
        .await;
    assert_eq!(error_code(borrowed).await, ErrorCode::UnknownDocument);
    assert_eq!(fatima.inbox().await.threads.len(), 1);
    // Another citizen's thread does not exist for Jens.
    assert_eq!(jens.get("/api/messages/2").await.status(), StatusCode::NOT_FOUND);
    let reply = jens.post_json("/api/messages/2", &json!({ "body": "Hej" })).await;
    assert_eq!(reply.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn sending_faster_than_the_limit_is_refused_until_the_minute_is_over() {
    let app = spawn_with(|config| config.messages_per_minute = 2).await;
    let jens = signed_in(&app, "Jens Hansen").await;
    for _ in 0..2 {
        let sent = jens.post_json("/api/messages/1", &json!({ "body": "Hej" })).await;
        assert_eq!(sent.status(), StatusCode::CREATED);
    }
    let third = jens.post_json("/api/messages/1", &json!({ "body": "Hej" })).await;
    assert_eq!(third.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(third.headers().contains_key("retry-after"));
    let thread: Thread = jens.get("/api/messages/1").await.json().await.unwrap();
    assert_eq!(thread.messages.len(), 4, "the demo's two and the two allowed");
}

#[tokio::test]
async fn two_retries_racing_with_one_key_send_one_message() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let body = json!({ "body": "Sendt én gang" });
    let (a, b) = tokio::join!(
        jens.post_keyed("/api/messages/1", "race-1", &body),
        jens.post_keyed("/api/messages/1", "race-1", &body)
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 201]);
    let thread: Thread = jens.get("/api/messages/1").await.json().await.unwrap();
    let copies = thread
        .messages
        .iter()
        .filter(|m| m.body == "Sendt én gang")
        .count();
    assert_eq!(copies, 1);
}

#[tokio::test]
async fn a_draft_is_kept_per_person_and_thread_until_it_is_sent() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let saved = jens
        .put_json("/api/messages/1/draft", &json!({ "body": "Jeg tænker på" }))
        .await;
    assert_eq!(saved.status(), StatusCode::NO_CONTENT);
    // Another device of Jens's finds it; Mette's draft in the thread is her own.
    let phone = signed_in(&app, "Jens Hansen").await;
    let thread: Thread = phone.get("/api/messages/1").await.json().await.unwrap();
    assert_eq!(thread.draft, "Jeg tænker på");
    let mette = mette_for_jens(&app).await;
    let hers: Thread = mette.get("/api/messages/1").await.json().await.unwrap();
    assert_eq!(hers.draft, "");
    phone
        .post_json("/api/messages/1", &json!({ "body": "Jeg tænker på det." }))
        .await;
    let after: Thread = jens.get("/api/messages/1").await.json().await.unwrap();
    assert_eq!(after.draft, "", "sending clears it");
}

#[tokio::test]
async fn the_stand_in_receives_while_the_contact_is_away_and_the_citizen_is_told() {
    let app = spawn_app().await;
    let fatima = signed_in(&app, "Fatima Ali").await;
    let inbox = fatima.inbox().await;
    let recipient = inbox.recipient.unwrap();
    assert_eq!(recipient.name, "Sofie Andersen");
    assert_eq!(recipient.stand_in.as_deref(), Some("Lars Kristensen"));
    assert_eq!(recipient.phone, "+45 87 13 40 02", "the stand-in's number");
    let thread: Thread = fatima
        .post_json(
            "/api/messages",
            &json!({ "subject": "Ferie", "body": "Hej Lars" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let to: i64 = sqlx::query_scalar("SELECT to_caseworker_id FROM messages WHERE thread_id = $1")
        .bind(thread.id)
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(to, 2, "Lars");
}

#[tokio::test]
async fn a_relative_writes_on_behalf_and_never_sees_a_thread_about_a_hidden_goal() {
    let app = spawn_app().await;
    let db = app.db().await;
    // Anna may write to Mikkel's contact, but not see what is marked sensitive.
    let today = chrono::Utc::now().date_naive();
    for (citizen, scopes) in [(3, "plan messages"), (1, "plan")] {
        sqlx::query(
            "INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on, created_at, accepted_at)
             VALUES ($1, 5, 'power_of_attorney', $2, 0, $3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
        )
        .bind(citizen)
        .bind(scopes)
        .bind((today + chrono::Days::new(30)).to_string())
        .execute(&db)
        .await
        .unwrap();
    }
    let anna = signed_in(&app, "Anna Jensen").await;
    assert_eq!(anna.act_for(Some(3)).await.status(), StatusCode::OK);
    assert!(
        anna.inbox().await.threads.is_empty(),
        "Mikkel's thread is about his treatment"
    );
    assert_eq!(anna.get("/api/messages/3").await.status(), StatusCode::NOT_FOUND);
    let refused = anna
        .post_json(
            "/api/messages",
            &json!({ "subject": "x", "body": "Hej", "about": { "kind": "goal", "id": 8 } }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let thread: Thread = anna
        .post_json(
            "/api/messages",
            &json!({ "subject": "Boligen", "about": { "kind": "goal", "id": 9 }, "body": "Hej Ahmed" }),
        )
        .await
        .json()
        .await
        .unwrap();
    let first = &thread.messages[0];
    assert_eq!(first.author, "Anna Jensen");
    assert_eq!(first.on_behalf_of.as_deref(), Some("Mikkel Sørensen"));
    // Without the scope, no messages at all.
    assert_eq!(anna.act_for(Some(1)).await.status(), StatusCode::OK);
    assert_eq!(anna.get("/api/messages").await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_case_system_journalises_messages_by_cursor_and_posts_a_caseworkers_answer() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let letter: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE citizen_id = 1 LIMIT 1")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    let thread: Thread = jens
        .post_json(
            "/api/messages",
            &json!({ "subject": "Lægeerklæring", "body": "Her er brevet.", "document_ids": [letter] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let sent_id = thread.messages[0].id;

    // Without the scope, nothing.
    let documents_only = case_system(&app, "dokumenter", &[Scope::Documents]).await;
    assert_eq!(
        documents_only.get("/messages").await.status(),
        StatusCode::FORBIDDEN
    );

    let system = case_system(&app, "sag", &[Scope::Messages, Scope::Contacts]).await;
    let mut after = String::new();
    let mut seen = Vec::new();
    loop {
        let page: MessageFeed = system
            .get(&format!("/messages?limit=2&after={after}"))
            .await
            .json()
            .await
            .unwrap();
        seen.extend(page.messages);
        after = page.next_cursor;
        if !page.has_more {
            break;
        }
    }
    // The demo's messages from Aarhus (all three citizens) and Jens's new one, in order.
    assert_eq!(seen.len(), 6, "{seen:#?}");
    assert!(seen.windows(2).all(|w| w[0].message.id < w[1].message.id));
    let mine = seen.iter().find(|m| m.message.id == sent_id).unwrap();
    assert_eq!(mine.person_ref, "DEMO-0001");
    assert_eq!(mine.subject, "Lægeerklæring");
    assert_eq!(mine.files.len(), 1);
    assert_eq!(mine.about, None);
    // The demo's first thread is about Jens's job goal: the case system is told so.
    let about_goal = seen
        .iter()
        .find(|m| m.person_ref == "DEMO-0001" && m.about.is_some())
        .unwrap();
    let about = about_goal.about.as_ref().unwrap();
    assert_eq!(
        (about.kind, about.title.as_str()),
        (AboutKind::Goal, "Finde et job uden tunge løft")
    );
    // The attachment through the verified download, with the messages scope.
    let file = system
        .get(&mine.files[0].file_url.replace("/integration/v1", ""))
        .await;
    assert_eq!(file.status(), StatusCode::OK);
    // Another document (not attached to a message) is not reachable with it.
    let other: i64 = sqlx::query_scalar("SELECT MAX(id) FROM documents WHERE id <> $1")
        .bind(letter)
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    assert_eq!(
        system
            .get(&format!("/message-attachments/{other}"))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    for _ in 0..2 {
        let ack = system.post(&format!("/messages/{sent_id}/acknowledge")).await;
        assert_eq!(ack.status(), StatusCode::NO_CONTENT);
    }
    let read: Thread = jens
        .get(&format!("/api/messages/{}", thread.id))
        .await
        .json()
        .await
        .unwrap();
    assert!(read.messages[0].journalised_at.is_some());

    // A caseworker who works in the case system answers from there.
    system
        .written(
            "/caseworkers/CW-7",
            &json!({ "version": 1, "full_name": "Per Holm", "role": "Sagsbehandler", "unit": "Jobcenter Aarhus",
                     "phone": "+45 87 13 40 09", "email": "per.holm@aarhus.dk", "reachable": "Hverdage" }),
        )
        .await;
    let answer = json!({ "external_id": "SAG-1", "caseworker": "CW-7", "body": "Tak, vi har den." });
    for outcome in [WriteOutcome::Created, WriteOutcome::Unchanged] {
        let posted = system
            .post_json(&format!("/threads/{}/messages", thread.id), &answer)
            .await;
        assert_eq!(posted.status(), StatusCode::OK);
        assert_eq!(posted.json::<Written>().await.unwrap().outcome, outcome);
    }
    let unknown = json!({ "external_id": "SAG-2", "caseworker": "CW-404", "body": "Hej" });
    let refused = system
        .post_json(&format!("/threads/{}/messages", thread.id), &unknown)
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let answered: Thread = jens
        .get(&format!("/api/messages/{}", thread.id))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answered.messages.len(), 2);
    let last = answered.messages.last().unwrap();
    assert_eq!(
        (last.author.as_str(), last.side),
        ("Per Holm", Side::Municipality)
    );
    assert_eq!(answered.turn, Turn::Citizen);
    // What the system posted is not fed back to it.
    let page: MessageFeed = system
        .get(&format!("/messages?after={after}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(page.messages.is_empty());
}

#[tokio::test]
async fn a_meeting_answered_shows_for_both_sides_reaches_case_systems_and_changes_no_version() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let before: PlanPage = jens.get("/api/plan").await.json().await.unwrap();
    let meeting = before.content.meetings.last().unwrap().id;
    for attendance in ["coming", "not_coming"] {
        let answered = jens
            .put_json(
                &format!("/api/plan/meetings/{meeting}/answer"),
                &json!({ "attendance": attendance }),
            )
            .await;
        assert_eq!(answered.status(), StatusCode::OK);
    }
    // The newest answer counts, and the plan has no new version for it.
    let after: PlanPage = jens.get("/api/plan").await.json().await.unwrap();
    assert_eq!(after.revision, before.revision);
    let answer: &MeetingAnswer = after.answers.iter().find(|a| a.meeting_id == meeting).unwrap();
    assert_eq!(
        (answer.attendance, answer.by.as_str()),
        (Attendance::NotComing, "Jens Hansen")
    );
    let mette = mette_for_jens(&app).await;
    let hers: PlanPage = mette.get("/api/plan").await.json().await.unwrap();
    assert_eq!(hers.answers, after.answers);
    // Another citizen's meeting does not exist for Jens.
    let fatimas: i64 = sqlx::query_scalar("SELECT id FROM meetings WHERE plan_id = 2 LIMIT 1")
        .fetch_one(&app.db().await)
        .await
        .unwrap();
    let refused = jens
        .put_json(
            &format!("/api/plan/meetings/{fatimas}/answer"),
            &json!({ "attendance": "coming" }),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::NOT_FOUND);

    let system = case_system(&app, "moeder", &[Scope::Plans]).await;
    let feed: MeetingAnswerFeed = system.get("/meeting-answers").await.json().await.unwrap();
    let attendances: Vec<Attendance> = feed.answers.iter().map(|a| a.answer.attendance).collect();
    assert_eq!(attendances, [Attendance::Coming, Attendance::NotComing]);
    assert_eq!(feed.answers[0].person_ref, "DEMO-0001");
}

#[tokio::test]
async fn a_page_that_polls_gets_an_unchanged_thread_as_304_without_a_body() {
    let app = spawn_app().await;
    let jens = signed_in(&app, "Jens Hansen").await;
    let id = jens.inbox().await.threads[0].id;
    let path = format!("{}/api/messages/{id}", jens.base);
    let ask = |tag: Option<&str>| {
        let mut request = jens.client.get(&path);
        if let Some(tag) = tag {
            request = request.header("If-None-Match", tag);
        }
        request.send()
    };
    // The first look marks Mette's answer read, which changes the thread once.
    ask(None).await.unwrap();
    let first = ask(None).await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert_eq!(first.headers()["cache-control"], "no-store");

    let again = ask(Some(&tag)).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(again.headers()["etag"].to_str().unwrap(), tag);
    assert!(again.bytes().await.unwrap().is_empty());
    // The same for the list and the count the menu polls.
    for list in ["/api/messages", "/api/messages/unread"] {
        let first = jens.get(list).await;
        let tag = first.headers()["etag"].clone();
        let again = jens
            .client
            .get(format!("{}{list}", jens.base))
            .header("If-None-Match", tag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{list}");
    }

    // Mette answers: the old tag no longer matches, and the new answer comes whole.
    let mette = mette_for_jens(&app).await;
    let answered = mette
        .post_keyed(
            &format!("/api/messages/{id}"),
            "answer",
            &json!({ "body": "Ja, det kan vi godt." }),
        )
        .await;
    assert_eq!(answered.status(), StatusCode::CREATED);
    let changed = ask(Some(&tag)).await.unwrap();
    assert_eq!(changed.status(), StatusCode::OK);
    assert_ne!(changed.headers()["etag"].to_str().unwrap(), tag);
    let thread: Thread = changed.json().await.unwrap();
    assert_eq!(thread.messages.last().unwrap().body, "Ja, det kan vi godt.");

    // A tag never lets someone else in: another citizen asking with it finds nothing.
    let fatima = signed_in(&app, "Fatima Ali").await;
    let other = fatima
        .client
        .get(&path)
        .header("If-None-Match", &tag)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
}
