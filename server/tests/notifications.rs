//! Notices by e-mail through a real SMTP server (`common::smtp`: aiosmtpd).

mod common;

use std::time::Duration;

use chrono::{TimeZone, Utc};
use common::smtp::{Smtp, start_smtp};
use common::{TestApp, error_code, free_port, spawn_with};

use reqwest::StatusCode;
use samlet_api::error::ErrorCode;
use samlet_api::notifications::{EventKind, Language, NoticeStatus, NotificationSettings};
use samlet_server::appeal::deadline::DeliveryRules;
use samlet_server::integration::systems::Scope;
use samlet_server::notifications::channels::Channels;
use samlet_server::notifications::{mail::Mail, worker};
use serde_json::json;

/// The worker's channels when only e-mail is configured.
fn email_only(url: &str) -> Channels {
    Channels {
        email: Some(std::sync::Arc::new(
            Mail::smtp(url, "Samlet <ikke-svar@samlet.localhost>").unwrap(),
        )),
        ..Channels::default()
    }
}

/// The six-digit code in a code e-mail's subject.
fn code_in(mail: &str) -> String {
    let subject = mail.lines().find(|l| l.starts_with("Subject:")).unwrap();
    subject.chars().filter(char::is_ascii_digit).collect()
}

async fn status_and_code(response: reqwest::Response) -> (StatusCode, ErrorCode) {
    (response.status(), error_code(response).await)
}

async fn settings(app: &TestApp) -> NotificationSettings {
    let response = app.get("/api/notifications").await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// Mette, previewing Jens, answers his demo thread.
async fn mette_answers(app: &TestApp, text: &str) {
    let mette = app.other_browser();
    assert_eq!(mette.sign_in_as("Mette Larsen").await.status(), StatusCode::OK);
    let acting = mette
        .put_json("/api/session/acting-for", &json!({ "citizen_id": 1 }))
        .await;
    assert_eq!(acting.status(), StatusCode::OK);
    let answered = mette.post_json("/api/messages/1", &json!({ "body": text })).await;
    assert_eq!(answered.status(), StatusCode::CREATED);
}

/// Jens proves his address with the code that arrives at the SMTP server.
async fn verify_jens(jens: &TestApp, smtp: &Smtp) {
    let before = smtp.received().len();
    let sent = jens
        .post_json("/api/notifications/email", &json!({ "email": "jens@example.dk" }))
        .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let mails = smtp.wait_for(before + 1).await;
    let code = code_in(&mails[before]);
    assert_eq!(code.len(), 6);
    let verified = jens
        .post_json("/api/notifications/email/verify", &json!({ "code": code }))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_citizen_verifies_an_address_and_is_told_of_the_contacts_answer_without_any_details() {
    let smtp = start_smtp(free_port()).await;
    let url = smtp.url();
    let app = spawn_with(|c| c.smtp_url = Some(url)).await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let start = settings(&jens).await;
    assert_eq!((start.email, start.quiet_from, start.quiet_until), (None, 21, 8));

    // Not an address: refused, nothing sent, nothing kept.
    let bad = jens
        .post_json("/api/notifications/email", &json!({ "email": "jens.example.dk" }))
        .await;
    assert_eq!(
        status_and_code(bad).await,
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::EmailInvalid)
    );
    assert_eq!(settings(&jens).await.email, None);

    // The code arrives by e-mail; a wrong one is refused and the right one proves it.
    let sent = jens
        .post_json("/api/notifications/email", &json!({ "email": "jens@example.dk" }))
        .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let pending = settings(&jens).await;
    assert!(pending.code_pending && !pending.email_verified);
    let mails = smtp.wait_for(1).await;
    assert!(mails[0].contains("To: jens@example.dk"), "{}", mails[0]);
    let code = code_in(&mails[0]);
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = jens
        .post_json("/api/notifications/email/verify", &json!({ "code": wrong }))
        .await;
    assert_eq!(
        status_and_code(refused).await,
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::CodeWrong)
    );
    let verified = jens
        .post_json("/api/notifications/email/verify", &json!({ "code": code }))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    assert!(settings(&jens).await.email_verified);
    // No quiet hours (the same hour twice), so the notice goes out whatever the time of day
    // the test runs at; quiet hours are tested with a chosen clock below.
    let always = jens
        .put_json(
            "/api/notifications",
            &json!({ "muted": [], "quiet_from": 0, "quiet_until": 0 }),
        )
        .await;
    assert_eq!(always.status(), StatusCode::OK);

    // Mette answers: a notice arrives that says only that there is a message, and where.
    mette_answers(&app, "Praktikken i Netto starter mandag kl. 8.").await;
    let mails = smtp.wait_for(2).await;
    let notice = &mails[1];
    assert!(notice.contains("Subject: Nyt i Samlet"), "{notice}");
    assert!(notice.contains("To: jens@example.dk"));
    assert!(notice.contains("Du har en ny besked."));
    assert!(notice.contains(&format!("{}/beskeder", app.base)), "{notice}");
    for personal in ["Jens", "Hansen", "Mette", "Netto", "Praktik", "mandag"] {
        assert!(!notice.contains(personal), "{personal} in the notice: {notice}");
    }
    let after = settings(&jens).await;
    assert_eq!(after.recent.len(), 1);
    assert_eq!(
        (after.recent[0].status, after.recent[0].items),
        (NoticeStatus::Sent, 1)
    );
    // The list says what kind of news each notice carried.
    assert_eq!(after.recent[0].kinds, vec![EventKind::Message]);

    // A second answer within the hour waits for the next notice instead of a mail of its own.
    mette_answers(&app, "Husk sikkerhedssko.").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(smtp.received().len(), 2);
}

#[tokio::test]
async fn without_a_mail_server_an_address_is_refused_and_nothing_changes() {
    // Nobody listens on the port.
    let url = format!("smtp://127.0.0.1:{}", free_port());
    let app = spawn_with(|c| c.smtp_url = Some(url)).await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let refused = jens
        .post_json("/api/notifications/email", &json!({ "email": "jens@example.dk" }))
        .await;
    assert_eq!(
        status_and_code(refused).await,
        (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::MailUnavailable)
    );
    let unchanged = settings(&jens).await;
    assert_eq!((unchanged.email, unchanged.code_pending), (None, false));
    // A caseworker has no citizen of their own to be told about (and a preview is
    // refused: the authorization matrix).
    let mette = app.other_browser();
    mette.sign_in_as("Mette Larsen").await;
    assert_eq!(
        status_and_code(mette.get("/api/notifications").await).await,
        (StatusCode::NOT_FOUND, ErrorCode::NoPlan)
    );
}

/// The worker driven by hand with a chosen clock (the server's own worker waits an hour
/// between rounds here): quiet hours, bundling, and a mail server that is down and back.
#[tokio::test]
async fn notices_wait_for_quiet_hours_bundle_what_came_and_are_retried_until_the_server_answers() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let first = start_smtp(port).await;
    let app = spawn_with(|c| {
        c.smtp_url = Some(url.clone());
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    verify_jens(&jens, &first).await;
    let codes = first.received().len();
    drop(first);

    let db = app.db().await;
    let mail = email_only(&url);
    let base = &worker::Settings {
        base_url: "https://samlet.example.dk".into(),
        delivery: DeliveryRules::default(),
        bundle: chrono::Duration::hours(1),
    };
    // 2026-12-02 22:00 in Copenhagen: within the default quiet hours 21–8.
    let evening = Utc.with_ymd_and_hms(2026, 12, 2, 21, 0, 0).unwrap();
    mette_answers(&app, "Første svar").await;
    mette_answers(&app, "Andet svar").await;
    worker::round(&db, &mail, base, &|| evening).await.unwrap();
    assert!(
        settings(&jens).await.recent.is_empty(),
        "nothing formed in quiet hours"
    );

    // 08:00 the next morning: one notice for both, but the mail server is down.
    let morning = Utc.with_ymd_and_hms(2026, 12, 3, 7, 0, 0).unwrap();
    worker::round(&db, &mail, base, &|| morning).await.unwrap();
    let waiting = settings(&jens).await.recent;
    assert_eq!(waiting.len(), 1);
    assert_eq!((waiting[0].status, waiting[0].items), (NoticeStatus::Pending, 2));
    // Not tried again before its back-off (a minute after the first failure).
    let second = start_smtp(port).await;
    worker::round(&db, &mail, base, &|| morning + chrono::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!(second.received().len(), 0);
    worker::round(&db, &mail, base, &|| morning + chrono::Duration::seconds(61))
        .await
        .unwrap();
    let mails = second.wait_for(1).await;
    assert!(mails[0].contains("Du har 2 nye beskeder."), "{}", mails[0]);
    assert!(mails[0].contains("https://samlet.example.dk/beskeder"));
    assert_eq!(settings(&jens).await.recent[0].status, NoticeStatus::Sent);
    // Sent once: another round finds nothing due.
    worker::round(&db, &mail, base, &|| morning + chrono::Duration::minutes(5))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(second.received().len(), 1);
    assert_eq!(codes, 1);
}

/// Sara, registered by a case system, whose account has a verified address (the code's
/// round trip is tested above), with the default quiet hours 21–8.
async fn sara_told_at(app: &TestApp, system: &common::case_system::CaseSystem<'_>) -> (i64, i64) {
    system
        .written(
            "/citizens/JC-S",
            &json!({ "person_ref": "0101901234", "version": 1, "full_name": "Sara Nielsen", "municipality": "751",
                     "sign_in_subject": "mitid:0101901234", "overall_goal": "Et arbejde" }),
        )
        .await;
    let db = app.db().await;
    let (account_id, citizen_id): (i64, i64) =
        sqlx::query_as("SELECT account_id, id FROM citizens WHERE person_ref = '0101901234'")
            .fetch_one(&db)
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, email, email_verified_at)
         VALUES ($1, $2, 'sara@example.dk', '2026-12-01T10:00:00Z')",
    )
    .bind(account_id)
    .bind(citizen_id)
    .execute(&db)
    .await
    .unwrap();
    (account_id, citizen_id)
}

/// A notice's plain-text part (the HTML part says the same again).
fn plain(mail: &str) -> &str {
    mail.split("Content-Type: text/html").next().unwrap()
}

/// The "turn this off" link's token in a notice.
fn turn_off_token(mail: &str) -> String {
    let at = mail.find("/afmeld/").expect("a turn-off link") + "/afmeld/".len();
    mail[at..at + 64].to_owned()
}

/// What a case system does, as the citizen is told of it: a burst of plan changes is one
/// line, a decision names its appeal deadline, a meeting is announced the day before from
/// 9 and the deadline 7 and 2 days before; and the notice's own link turns a kind off
/// without signing in (opening it changes nothing).
#[tokio::test]
async fn a_case_systems_changes_and_the_calendar_are_told_once_each_and_a_link_turns_a_kind_off() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let smtp = start_smtp(port).await;
    let app = spawn_with(|c| {
        c.smtp_url = Some(url.clone());
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let system = common::case_system::case_system(
        &app,
        "jobcenter",
        &[Scope::Citizens, Scope::Plans, Scope::Decisions],
    )
    .await;
    let (account_id, citizen_id) = sara_told_at(&app, &system).await;
    let db = app.db().await;
    let mail = email_only(&url);
    let settings = &worker::Settings {
        base_url: "https://samlet.example.dk".into(),
        delivery: DeliveryRules::default(),
        bundle: chrono::Duration::hours(1),
    };
    // A burst: three writes that change the plan.
    for (path, body) in [
        (
            "/goals/G-1",
            json!({ "person_ref": "0101901234", "version": 1, "life_area": "job_education", "title": "Job på lager" }),
        ),
        (
            "/goals/G-2",
            json!({ "person_ref": "0101901234", "version": 1, "life_area": "health", "title": "Mindre smerter" }),
        ),
        (
            "/meetings/M-1",
            json!({ "person_ref": "0101901234", "version": 1, "title": "Opfølgning",
                                  "starts_at": "2027-01-13T09:00:00Z", "ends_at": "2027-01-13T10:00:00Z" }),
        ),
    ] {
        system.written(path, &body).await;
    }
    // Sent on 22 December by Digital Post: received that day, deadline four weeks on, 19
    // January 2027 (a Tuesday).
    system
        .written(
            "/decisions/AF-1",
            &json!({ "person_ref": "0101901234", "version": 1, "title": "Afgørelse om ressourceforløb",
                     "channel": "digital_post", "sent_at": "2026-12-22T09:00:00Z",
                     "reasoning": "Vi har set på din situation.", "appeal_guidance": "Du kan klage inden 4 uger.",
                     "parts": [{ "intervention": "Ressourceforløb", "outcome": "granted", "law": "LAB § 68 b", "explanation": "Et år." }] }),
        )
        .await;

    // Tuesday 12 January 2027, 08:00 Danish time: past quiet hours, before reminders.
    let day = |d: u32, h: u32, m: u32| {
        Utc.with_ymd_and_hms(2027, 1, d, h, m, 0).unwrap() - chrono::Duration::hours(1)
    };
    worker::round(&db, &mail, settings, &|| day(12, 8, 0))
        .await
        .unwrap();
    let mails = smtp.wait_for(1).await;
    let first = &mails[0];
    assert!(first.contains("To: sara@example.dk"), "{first}");
    assert_eq!(plain(first).matches("Planen er ændret.").count(), 1, "{first}");
    // Two things: the burst and the decision.
    let items: i64 =
        sqlx::query_scalar("SELECT items FROM notices WHERE citizen_id = $1 ORDER BY id LIMIT 1")
            .bind(citizen_id)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(items, 2);
    assert!(
        first.contains("Der er kommet en ny afgørelse. Fristen for at klage er 19. januar 2027."),
        "{first}"
    );
    assert!(!first.contains("møde"), "no reminder before 9: {first}");
    for personal in [
        "Sara",
        "Nielsen",
        "ressourceforløb",
        "Ressourceforløb",
        "Job på lager",
        "smerter",
        "Opfølgning",
    ] {
        assert!(!first.contains(personal), "{personal} in the notice: {first}");
    }

    // The link from the e-mail, without signing in: opening it shows and changes nothing.
    let token = turn_off_token(first);
    let anonymous = app.other_browser();
    let path = format!("/api/notifications/turn-off/{token}");
    let shown: serde_json::Value = anonymous.get(&path).await.json().await.unwrap();
    assert_eq!(
        shown,
        json!({ "kinds": ["decision", "plan_changed"], "muted": [] })
    );
    let muted: String = sqlx::query_scalar(
        "SELECT muted FROM notification_settings WHERE account_id = $1 AND citizen_id = $2",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(muted, "");
    let turned = anonymous
        .post_json(&path, &json!({ "kinds": ["plan_changed"] }))
        .await;
    assert_eq!(turned.status(), StatusCode::OK);
    let turned: serde_json::Value = turned.json().await.unwrap();
    assert_eq!(turned["muted"], json!(["plan_changed"]));
    let mut wrong = token.clone();
    wrong.replace_range(0..1, if token.starts_with('0') { "1" } else { "0" });
    assert_eq!(
        anonymous
            .post_json(
                &format!("/api/notifications/turn-off/{wrong}"),
                &json!({ "kinds": ["message"] })
            )
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // A plan change now is not announced.
    system
        .written(
            "/goals/G-3",
            &json!({ "person_ref": "0101901234", "version": 1, "life_area": "housing", "title": "Egen bolig" }),
        )
        .await;

    // 09:30: the meeting tomorrow and the deadline in 7 days, in one notice.
    worker::round(&db, &mail, settings, &|| day(12, 9, 30))
        .await
        .unwrap();
    let mails = smtp.wait_for(2).await;
    let second = &mails[1];
    assert!(second.contains("Der er et møde i morgen."), "{second}");
    assert!(
        second.contains("Husk fristen for at klage over en afgørelse: 19. januar 2027."),
        "{second}"
    );
    assert!(!second.contains("Planen er ændret."), "turned off: {second}");
    // Found again by later rounds (and other servers), told once.
    worker::round(&db, &mail, settings, &|| day(12, 11, 0))
        .await
        .unwrap();
    worker::round(&db, &mail, settings, &|| day(13, 9, 30))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 2);

    // Sunday 17 January, two days before: the last reminder.
    worker::round(&db, &mail, settings, &|| day(17, 9, 5))
        .await
        .unwrap();
    let mails = smtp.wait_for(3).await;
    assert!(
        mails[2].contains("Husk fristen for at klage over en afgørelse: 19. januar 2027."),
        "{}",
        mails[2]
    );
    worker::round(&db, &mail, settings, &|| day(18, 9, 5))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(smtp.received().len(), 3);
}

/// How many events wait for each person's next notice about Jens.
async fn waiting(db: &samlet_server::db::Db) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT account_id, COUNT(*) FROM notification_events
         WHERE citizen_id = 1 AND notice_id IS NULL GROUP BY account_id ORDER BY account_id",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

/// Anna, Jens's sister, with a power of attorney for his plan and messages (not sensitive
/// items): she chooses her own notices about him among what her grant lets her see, Jens's
/// Min log shows that she did, and she is never told of what she may not see (a thread
/// about a sensitive goal) nor after the grant ends.
#[tokio::test]
async fn a_relative_chooses_within_the_grant_and_is_never_told_of_what_she_may_not_see() {
    let app = spawn_with(|c| c.notify_every_ms = 3_600_000).await;
    let db = app.db().await;
    let now = samlet_server::db::timestamp(Utc::now());
    sqlx::query(
        "INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on, created_at, accepted_at)
         VALUES (1, 5, 'power_of_attorney', 'plan messages', 0, '2099-12-31', $1, $1)",
    )
    .bind(&now)
    .execute(&db)
    .await
    .unwrap();
    let anna = app.other_browser();
    anna.sign_in_as("Anna Jensen").await;
    let acting = anna
        .put_json("/api/session/acting-for", &json!({ "citizen_id": 1 }))
        .await;
    assert_eq!(acting.status(), StatusCode::OK);
    let hers = settings(&anna).await;
    assert_eq!(
        serde_json::to_value(&hers.available).unwrap(),
        json!(["message", "plan_changed", "meeting_tomorrow"])
    );
    let saved = anna
        .put_json(
            "/api/notifications",
            &json!({ "muted": [], "quiet_from": 0, "quiet_until": 0 }),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::OK);
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let log: samlet_api::audit::AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.action == samlet_api::audit::Action::ManageNotifications
                && e.actor_name == "Anna Jensen"),
        "{:?}",
        log.entries
    );
    // Both have verified addresses (the code's round trip is tested above).
    sqlx::query(
        "UPDATE notification_settings SET email = 'anna@example.dk', email_verified_at = $1 WHERE account_id = 5",
    )
    .bind(&now)
    .execute(&db)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, email, email_verified_at)
         VALUES (1, 1, 'jens@example.dk', $1)",
    )
    .bind(&now)
    .execute(&db)
    .await
    .unwrap();

    mette_answers(&app, "Om praktikken").await;
    assert_eq!(waiting(&db).await, vec![(1, 1), (5, 1)]);
    // The thread's goal marked sensitive: Anna does not see the thread, and is not told.
    sqlx::query("UPDATE goals SET sensitive = 1 WHERE id = 1")
        .execute(&db)
        .await
        .unwrap();
    mette_answers(&app, "Om behandlingen").await;
    assert_eq!(waiting(&db).await, vec![(1, 2), (5, 1)]);
    sqlx::query("UPDATE goals SET sensitive = 0 WHERE id = 1")
        .execute(&db)
        .await
        .unwrap();
    // Jens revokes the grant: nothing more for Anna.
    sqlx::query("UPDATE grants SET ended_at = $1, ended_by = 'citizen' WHERE grantee_account_id = 5")
        .bind(&now)
        .execute(&db)
        .await
        .unwrap();
    mette_answers(&app, "Igen om praktikken").await;
    assert_eq!(waiting(&db).await, vec![(1, 3), (5, 1)]);

    // Anna's notice of the first answer, and its "turn this off" link, used without signing
    // in: the change is in Jens's Min log as hers, like one made on the settings page.
    let token = samlet_server::notifications::unsubscribe::token("anna-notice");
    let notice: i64 = sqlx::query_scalar(
        "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                              status, next_attempt_at, unsubscribe_hash)
         VALUES (5, 1, 'email', 'anna@example.dk', 1, 'anna-notice', $1, 'sent', $1, $2) RETURNING id",
    )
    .bind(&now)
    .bind(samlet_server::notifications::unsubscribe::hash(&token))
    .fetch_one(&db)
    .await
    .unwrap();
    sqlx::query("UPDATE notification_events SET notice_id = $1 WHERE account_id = 5")
        .bind(notice)
        .execute(&db)
        .await
        .unwrap();
    let anonymous = app.other_browser();
    let link = format!("/api/notifications/turn-off/{token}");
    // Only what the notice was about can be turned off through it.
    let refused = anonymous
        .post_json(&link, &json!({ "kinds": ["decision"] }))
        .await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    let turned = anonymous.post_json(&link, &json!({ "kinds": ["message"] })).await;
    assert_eq!(turned.status(), StatusCode::OK);
    let log: samlet_api::audit::AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    let by_link: Vec<_> = log
        .entries
        .iter()
        .filter(|e| {
            e.action == samlet_api::audit::Action::ManageNotifications && e.actor_name == "Anna Jensen"
        })
        .collect();
    assert_eq!(by_link.len(), 2, "{:?}", log.entries);
    assert_eq!(by_link[0].role, samlet_api::audit::ActorRole::Relative);
}

/// The six-digit code in an SMS.
fn code_in_sms(text: &str) -> String {
    let at = text.find("er ").unwrap() + 3;
    text[at..at + 6].to_owned()
}

/// SMS through an HTTP provider (a real HTTP server standing in for it, `common::provider`):
/// a mobile number proved with the code that arrives by SMS, a notice tried again with
/// back-off while the provider fails (its first two calls), always under the same
/// reference and with the provider's token, bundled within the hour and held through
/// quiet hours, all with a chosen clock.
#[tokio::test]
async fn sms_notices_go_through_the_provider_retried_bundled_and_quiet_at_night() {
    let sms = common::provider::start_receiver().await;
    let url = sms.url.clone();
    let app = spawn_with(|c| {
        c.sms_url = Some(url);
        c.sms_token = Some(samlet_server::session::oidc::Secret("sms-t0ken".into()));
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    assert!(settings(&jens).await.sms.is_some(), "SMS is offered");

    // Not a number: refused, nothing sent.
    let bad = jens
        .post_json("/api/notifications/sms", &json!({ "phone": "12 34" }))
        .await;
    assert_eq!(
        status_and_code(bad).await,
        (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::PhoneInvalid)
    );
    // The provider is down: refused with 503, and nothing is kept.
    sms.fail_next(1);
    let down = jens
        .post_json("/api/notifications/sms", &json!({ "phone": "12 34 56 78" }))
        .await;
    assert_eq!(
        status_and_code(down).await,
        (StatusCode::SERVICE_UNAVAILABLE, ErrorCode::SmsUnavailable)
    );
    assert_eq!(settings(&jens).await.sms.unwrap().phone, None);
    let sent = jens
        .post_json("/api/notifications/sms", &json!({ "phone": "12 34 56 78" }))
        .await;
    assert_eq!(sent.status(), StatusCode::OK);
    let code_sms = sms.delivered().pop().unwrap();
    assert_eq!(code_sms.body["to"], "+4512345678");
    assert_eq!(code_sms.authorization.as_deref(), Some("Bearer sms-t0ken"));
    let code = code_in_sms(code_sms.body["text"].as_str().unwrap());
    let verified = jens
        .post_json("/api/notifications/sms/verify", &json!({ "code": code }))
        .await;
    assert_eq!(verified.status(), StatusCode::OK);
    let phone = settings(&jens).await.sms.unwrap();
    assert_eq!(
        (phone.phone.as_deref(), phone.verified),
        (Some("+4512345678"), true)
    );

    let db = app.db().await;
    let channels = Channels {
        sms: Some(std::sync::Arc::new(
            samlet_server::notifications::channels::Provider::http(
                samlet_server::notifications::channels::Service::Sms,
                &sms.url,
                Some("sms-t0ken".into()),
            )
            .unwrap(),
        )),
        ..Channels::default()
    };
    let base = &worker::Settings {
        base_url: "https://samlet.example.dk".into(),
        delivery: DeliveryRules::default(),
        bundle: chrono::Duration::hours(1),
    };
    let calls_before = sms.calls().len();
    // 10:00 Danish time on 3 December; the provider fails its next two calls.
    let morning = Utc.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap();
    let at = |seconds: i64| morning + chrono::Duration::seconds(seconds);
    mette_answers(&app, "Praktikken starter mandag.").await;
    sms.fail_next(2);
    worker::round(&db, &channels, base, &|| at(0)).await.unwrap();
    worker::round(&db, &channels, base, &|| at(30)).await.unwrap();
    assert_eq!(
        sms.calls().len(),
        calls_before + 1,
        "not tried again before its back-off"
    );
    worker::round(&db, &channels, base, &|| at(61)).await.unwrap();
    worker::round(&db, &channels, base, &|| at(61 + 121))
        .await
        .unwrap();
    let calls = &sms.calls()[calls_before..];
    assert_eq!(
        calls.iter().map(|c| c.accepted).collect::<Vec<_>>(),
        vec![false, false, true]
    );
    let reference = calls[0].body["reference"].clone();
    assert!(
        calls
            .iter()
            .all(|c| c.body["reference"] == reference && c.idempotency_key.as_deref() == reference.as_str())
    );
    let text = calls[2].body["text"].as_str().unwrap();
    assert!(text.starts_with("Samlet: Du har en ny besked. Se https://samlet.example.dk/beskeder Stop: https://samlet.example.dk/afmeld/"), "{text}");
    assert!(!text.contains("Praktik") && !text.contains("Jens"), "{text}");
    assert_eq!(
        settings(&jens).await.recent[0].channel,
        samlet_api::notifications::Channel::Sms
    );

    // Another answer within the hour waits; then quiet hours (22:00) hold it; at 08:00 it goes.
    mette_answers(&app, "Husk sikkerhedssko.").await;
    worker::round(&db, &channels, base, &|| at(30 * 60))
        .await
        .unwrap();
    let evening = Utc.with_ymd_and_hms(2026, 12, 3, 21, 0, 0).unwrap();
    worker::round(&db, &channels, base, &|| evening).await.unwrap();
    assert_eq!(sms.delivered().len(), 2, "the code and the first notice only");
    let next_morning = Utc.with_ymd_and_hms(2026, 12, 4, 7, 0, 0).unwrap();
    worker::round(&db, &channels, base, &|| next_morning)
        .await
        .unwrap();
    assert_eq!(sms.delivered().len(), 3);

    // A notice formed at 20:59 whose first try fails is not tried again in the quiet hours
    // that begin at 21: it waits for 08:00.
    mette_answers(&app, "En sidste ting.").await;
    let eve = Utc.with_ymd_and_hms(2026, 12, 4, 19, 59, 0).unwrap();
    sms.fail_next(1);
    worker::round(&db, &channels, base, &|| eve).await.unwrap();
    let calls = sms.calls().len();
    worker::round(&db, &channels, base, &|| eve + chrono::Duration::minutes(2))
        .await
        .unwrap();
    worker::round(&db, &channels, base, &|| eve + chrono::Duration::hours(5))
        .await
        .unwrap();
    assert_eq!(sms.calls().len(), calls, "nothing in quiet hours");
    let eight = Utc.with_ymd_and_hms(2026, 12, 5, 7, 0, 0).unwrap();
    worker::round(&db, &channels, base, &|| eight).await.unwrap();
    assert_eq!(sms.delivered().len(), 4);
}

/// With Digital Post configured, a new decision is announced to the citizen's letterbox
/// by CPR number whatever they chose in Samlet (Jens has chosen nothing), with its appeal
/// deadline and no link to turn it off.
#[tokio::test]
async fn a_decision_is_always_announced_through_digital_post_when_it_is_configured() {
    let post = common::provider::start_receiver().await;
    let url = post.url.clone();
    let app = spawn_with(|c| {
        c.digital_post_url = Some(url);
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let system = common::case_system::case_system(&app, "ydelsessystem", &[Scope::Decisions]).await;
    system
        .written(
            "/decisions/AF-9",
            &json!({ "person_ref": "DEMO-0001", "version": 1, "title": "Afgørelse om ressourceforløb",
                     "channel": "digital_post", "sent_at": "2026-12-22T09:00:00Z",
                     "reasoning": "Vi har set på din situation.", "appeal_guidance": "Du kan klage inden 4 uger.",
                     "parts": [{ "intervention": "Ressourceforløb", "outcome": "granted", "law": "LAB § 68 b", "explanation": "Et år." }] }),
        )
        .await;
    let db = app.db().await;
    let channels = Channels {
        digital_post: Some(std::sync::Arc::new(
            samlet_server::notifications::channels::Provider::http(
                samlet_server::notifications::channels::Service::DigitalPost,
                &post.url,
                None,
            )
            .unwrap(),
        )),
        ..Channels::default()
    };
    let base = &worker::Settings {
        base_url: "https://samlet.example.dk".into(),
        delivery: DeliveryRules::default(),
        bundle: chrono::Duration::hours(1),
    };
    // At night: a letter is not held for quiet hours.
    let night = Utc.with_ymd_and_hms(2026, 12, 22, 2, 0, 0).unwrap();
    worker::round(&db, &channels, base, &|| night).await.unwrap();
    let letters = post.delivered();
    assert_eq!(letters.len(), 1);
    let letter = &letters[0].body;
    assert_eq!(letter["cpr"], "DEMO-0001");
    assert_eq!(letter["subject"], "Nyt i Samlet");
    let text = letter["text"].as_str().unwrap();
    assert!(
        text.contains("Der er kommet en ny afgørelse. Fristen for at klage er 19. januar 2027."),
        "{text}"
    );
    assert!(
        !text.contains("afmeld") && !text.contains("ressourceforløb") && !text.contains("Jens"),
        "{text}"
    );
    worker::round(&db, &channels, base, &|| night + chrono::Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(post.delivered().len(), 1, "sent once");
}

/// Codes cost a paid SMS to a number someone typed: at most ten a day reach one number,
/// whoever asks (here two accounts taking turns, each within its own per-minute limit).
#[tokio::test]
async fn a_number_gets_at_most_ten_codes_a_day_whoever_asks() {
    let sms = common::provider::start_receiver().await;
    let url = sms.url.clone();
    let app = spawn_with(|c| {
        c.sms_url = Some(url);
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    for n in 0..10 {
        let asker = if n % 2 == 0 { &jens } else { &fatima };
        let sent = asker
            .post_json("/api/notifications/sms", &json!({ "phone": "+45 87 65 43 21" }))
            .await;
        assert_eq!(sent.status(), StatusCode::OK, "code {n}");
    }
    let refused = jens
        .post_json("/api/notifications/sms", &json!({ "phone": "87654321" }))
        .await;
    assert_eq!(
        status_and_code(refused).await,
        (StatusCode::TOO_MANY_REQUESTS, ErrorCode::RateLimited)
    );
    assert_eq!(sms.delivered().len(), 10);
    // Another number is not affected.
    let other = fatima
        .post_json("/api/notifications/sms", &json!({ "phone": "87654320" }))
        .await;
    assert_eq!(other.status(), StatusCode::OK);
}

/// Someone with both e-mail and SMS is told of a message from the contact by e-mail alone,
/// and by SMS once more only if it is still unread three days later; a message read in
/// time costs no SMS.
#[tokio::test]
async fn a_message_unread_after_three_days_follows_the_email_by_sms_once() {
    let port = free_port();
    let url = format!("smtp://127.0.0.1:{port}");
    let smtp = start_smtp(port).await;
    let sms = common::provider::start_receiver().await;
    let sms_url = sms.url.clone();
    let app = spawn_with(|c| {
        c.smtp_url = Some(url.clone());
        c.sms_url = Some(sms_url);
        c.notify_every_ms = 3_600_000;
    })
    .await;
    let db = app.db().await;
    let now = samlet_server::db::timestamp(Utc::now());
    // Both channels verified, and no quiet hours (so the hour the test runs at does not
    // matter).
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, email, email_verified_at, phone, phone_verified_at,
                                            quiet_from, quiet_until)
         VALUES (1, 1, 'jens@example.dk', $1, '+4512345678', $1, 0, 0)",
    )
    .bind(&now)
    .execute(&db)
    .await
    .unwrap();
    let channels = Channels {
        sms: Some(std::sync::Arc::new(
            samlet_server::notifications::channels::Provider::http(
                samlet_server::notifications::channels::Service::Sms,
                &sms.url,
                None,
            )
            .unwrap(),
        )),
        ..email_only(&url)
    };
    let base = &worker::Settings {
        base_url: "https://samlet.example.dk".into(),
        delivery: DeliveryRules::default(),
        bundle: chrono::Duration::hours(1),
    };
    let read = |body: &'static str| {
        let db = db.clone();
        let now = now.clone();
        async move {
            sqlx::query("UPDATE messages SET read_at = $1, read_by = 'Jens Hansen' WHERE read_at IS NULL AND body LIKE $2")
                .bind(now)
                .bind(body)
                .execute(&db)
                .await
                .unwrap();
        }
    };
    // What the demo data left unread, Jens has read. Then two answers: he reads the second
    // at once, not the first.
    read("%").await;
    mette_answers(&app, "Praktikken starter mandag.").await;
    mette_answers(&app, "Husk sikkerhedssko.").await;
    read("Husk%").await;
    let later =
        |days: i64, hours: i64| Utc::now() + chrono::Duration::days(days) + chrono::Duration::hours(hours);
    worker::round(&db, &channels, base, &|| later(0, 0))
        .await
        .unwrap();
    assert!(smtp.wait_for(1).await[0].contains("Du har 2 nye beskeder."));
    assert_eq!(sms.calls().len(), 0, "e-mail alone at first");
    worker::round(&db, &channels, base, &|| later(2, 23))
        .await
        .unwrap();
    assert_eq!(sms.calls().len(), 0, "not before three days");
    worker::round(&db, &channels, base, &|| later(3, 1))
        .await
        .unwrap();
    let texts: Vec<String> = sms
        .delivered()
        .iter()
        .map(|c| c.body["text"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(texts.len(), 1);
    assert!(
        texts[0].contains("Du har en ny besked."),
        "the unread one only: {}",
        texts[0]
    );
    worker::round(&db, &channels, base, &|| later(4, 2))
        .await
        .unwrap();
    assert_eq!(sms.calls().len(), 1, "once");
    assert_eq!(smtp.received().len(), 1);
}

/// The kinds waiting in the outbox for a citizen's next notice, in order.
async fn announced(db: &samlet_server::db::Db, citizen_id: i64) -> Vec<String> {
    sqlx::query_scalar("SELECT kind FROM notification_events WHERE citizen_id = $1 ORDER BY id")
        .bind(citizen_id)
        .fetch_all(db)
        .await
        .unwrap()
}

/// The case systems' other news goes into the outbox with what happened: Fatima's appeal
/// moved on, Jens's document received. The reminders of a deadline stop once the decision
/// is appealed (shown failing when the reminder ignores a lodged appeal).
#[tokio::test]
async fn an_appeal_moved_and_a_document_received_are_announced_and_an_appeal_ends_the_reminders() {
    let app = spawn_with(|c| c.notify_every_ms = 3_600_000).await;
    let db = app.db().await;
    let now = samlet_server::db::timestamp(Utc::now());
    for (account, citizen, email) in [(1, 1, "jens@example.dk"), (2, 2, "fatima@example.dk")] {
        sqlx::query(
            "INSERT INTO notification_settings (account_id, citizen_id, email, email_verified_at)
             VALUES ((SELECT account_id FROM citizens WHERE id = $2), $2, $3, $4)",
        )
        .bind(account)
        .bind(citizen)
        .bind(email)
        .bind(&now)
        .execute(&db)
        .await
        .unwrap();
    }

    // Fatima's appeal (decision 2) moves on in the municipality's appeal system.
    let fatima = app.other_browser();
    fatima.sign_in_as("Fatima Ali").await;
    let appeal: samlet_api::appeal::Appeal =
        fatima.get("/api/decisions/2/appeal").await.json().await.unwrap();
    let appeals = common::case_system::case_system(&app, "klagesystem", &[Scope::Appeals]).await;
    let moved = appeals
        .post_json(
            &format!("/appeals/{}/status", appeal.reference),
            &json!({ "status": "sent_to_ankestyrelsen", "note": "Kommunen fastholder afgørelsen." }),
        )
        .await;
    assert!(moved.status().is_success(), "{}", moved.status());
    assert_eq!(announced(&db, 2).await, vec!["appeal_status"]);

    // Jens sends a document; the journal system picks it up and says it has it.
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let pdf = common::pdf_of(2_000);
    let sent = jens.upload_pdf("Lønseddel juni", "loen.pdf", pdf).await;
    assert_eq!(sent.status(), StatusCode::CREATED);
    let stored: Vec<samlet_api::documents::DocumentSummary> = sent.json().await.unwrap();
    let journal = common::case_system::case_system(&app, "journal", &[Scope::Documents]).await;
    let acknowledged = journal
        .post(&format!("/documents/{}/acknowledge", stored[0].id))
        .await;
    assert_eq!(acknowledged.status(), StatusCode::NO_CONTENT);
    assert_eq!(announced(&db, 1).await, vec!["document_received"]);

    // Jens's decision 1: reminded 7 days before its deadline; appealed after that, so not
    // 2 days before.
    let decision: samlet_api::appeal::Decision = jens.get("/api/decisions/1").await.json().await.unwrap();
    let at_ten = |days_before: u64| {
        samlet_api::denmark::start_of_day(decision.deadline - chrono::Days::new(days_before))
            + chrono::Duration::hours(10)
    };
    let delivery = DeliveryRules::default();
    samlet_server::notifications::reminders::announce_due(&db, delivery, at_ten(7))
        .await
        .unwrap();
    assert_eq!(
        announced(&db, 1).await,
        vec!["document_received", "deadline_soon"]
    );
    let form = json!({ "part_ids": [3], "part_reasons": [], "reason": "Jeg kan ikke betale.", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = common::lodge_appeal(&jens.client, &jens.base, 1, "klage-1", &form).await;
    assert_eq!(lodged.status(), StatusCode::CREATED);
    samlet_server::notifications::reminders::announce_due(&db, delivery, at_ten(2))
        .await
        .unwrap();
    assert_eq!(
        announced(&db, 1).await,
        vec!["document_received", "deadline_soon"]
    );
}

/// A person who reads the portal in English chooses English notices, and gets them in
/// English only; a new person starts with the municipality's quiet hours.
#[tokio::test]
async fn notices_are_written_in_the_language_the_person_chose() {
    let smtp = start_smtp(free_port()).await;
    let url = smtp.url();
    let app = spawn_with(|c| {
        c.smtp_url = Some(url);
        c.quiet_hours = (22, 6);
    })
    .await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    assert_eq!(settings(&jens).await.language, Language::Da);
    verify_jens(&jens, &smtp).await;
    // The municipality's default quiet hours (`--quiet-hours`), 22–6 here.
    let start = settings(&jens).await;
    assert_eq!((start.quiet_from, start.quiet_until), (22, 6));
    let chosen = jens
        .put_json(
            "/api/notifications",
            &json!({ "muted": [], "quiet_from": 0, "quiet_until": 0, "language": "en" }),
        )
        .await;
    assert_eq!(chosen.status(), StatusCode::OK);
    assert_eq!(settings(&jens).await.language, Language::En);
    mette_answers(&app, "Praktikken starter mandag.").await;
    let mails = smtp.wait_for(2).await;
    let notice = &mails[1];
    assert!(notice.contains("Subject: News in Samlet"), "{notice}");
    assert!(notice.contains("You have a new message."), "{notice}");
    assert!(!notice.contains("besked."), "English only: {notice}");
}
