//! The authorization matrix: every endpoint against every kind of actor, each asserting the
//! status it must get. The expected outcomes are written here from the rules (which scope
//! an endpoint needs, whether a preview may read it), not taken from the server's policy,
//! so a wrong policy fails. A route added to the server without rows here fails too.

mod common;

use std::collections::BTreeSet;

use common::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};
use samlet_api::audit::AccessLog;
use samlet_api::delegation::Scope;
use samlet_server::db::Db;
use serde_json::{Value, json};

const JENS: i64 = 1;
const JENS_DECISION: i64 = 1;
const ANNA: i64 = 5;
/// Jens's thread in the demo data, about his job goal.
const JENS_THREAD: i64 = 1;

/// Who a row applies to, for expectations.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Actor {
    Anonymous,
    Citizen,
    /// Fatima, on her own account, trying Jens's ids.
    OtherCitizen,
    /// Anna for Jens with exactly these scopes.
    Relative(&'static [Scope]),
    /// Anna, whose grant for Jens is expired, revoked or not yet accepted.
    RelativeEnded(&'static str),
    Guardian,
    /// Mette previewing Jens, whom she coordinates.
    PreviewOwn,
    /// Mette with a session pointed at Fatima, whom she does not coordinate.
    PreviewOther,
}

/// What an endpoint needs and what it answers once allowed.
struct Row {
    method: Method,
    path: String,
    body: Body,
    /// The scope a relative or guardian needs; `None`: only the citizen themself.
    scope: Option<Scope>,
    /// Whether a caseworker's read-only preview may do it.
    preview: bool,
    /// The status when allowed.
    ok: u16,
    /// The status another citizen gets (their own data for "own" routes, 404 for Jens's ids).
    other: u16,
    /// The scope without which an actor allowed the action does not see the object at all
    /// (404): a relative who may only upload acts on nothing but their own uploads.
    sees: Option<Scope>,
    /// Each person's own choices about the citizen they act on: the citizen, and a relative
    /// or guardian whatever their scopes (never a preview).
    person: bool,
    /// The citizen and a guardian, never a relative whatever their scopes (all the data at once).
    guardian: bool,
}

impl Row {
    fn for_each_person(mut self) -> Self {
        self.person = true;
        self
    }

    fn and_guardian(mut self) -> Self {
        self.guardian = true;
        self
    }

    fn seen_with(mut self, scope: Scope) -> Self {
        self.sees = Some(scope);
        self
    }
}

#[derive(Clone)]
enum Body {
    None,
    Json(Value),
    Upload,
}

fn row(
    method: Method,
    path: &str,
    body: Body,
    scope: Option<Scope>,
    preview: bool,
    ok: u16,
    other: u16,
) -> Row {
    Row {
        method,
        path: path.to_owned(),
        body,
        scope,
        preview,
        ok,
        other,
        sees: None,
        person: false,
        guardian: false,
    }
}

fn rows(meeting: i64, letter: i64) -> Vec<Row> {
    use Method as M;
    use Scope::*;
    let texts = json!({ "what_matters": "Ro", "meeting_notes": "", "version": 0 });
    let form = json!({ "part_ids": [1], "part_reasons": [], "reason": "", "document_ids": [], "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let draft = json!({ "form": form.clone(), "version": 0, "saved_at": null });
    vec![
        row(M::GET, "/api/plan", Body::None, Some(Plan), true, 200, 200),
        row(
            M::GET,
            "/api/plan/overview",
            Body::None,
            Some(Plan),
            true,
            200,
            200,
        ),
        row(M::GET, "/api/plan/goals", Body::None, Some(Plan), true, 200, 200),
        row(
            M::GET,
            "/api/plan/revisions",
            Body::None,
            Some(Plan),
            true,
            200,
            200,
        ),
        row(
            M::GET,
            "/api/plan/revisions/1",
            Body::None,
            Some(Plan),
            true,
            200,
            200,
        ),
        row(
            M::GET,
            &format!("/api/plan/meetings/{meeting}/calendar.ics"),
            Body::None,
            Some(Plan),
            true,
            200,
            404,
        ),
        row(
            M::PUT,
            "/api/plan/own-texts",
            Body::Json(texts),
            Some(OwnTexts),
            false,
            200,
            200,
        ),
        row(
            M::PUT,
            &format!("/api/plan/meetings/{meeting}/answer"),
            Body::Json(json!({ "attendance": "coming" })),
            Some(Messages),
            false,
            200,
            404,
        ),
        row(M::GET, "/api/contact", Body::None, Some(Plan), true, 200, 200),
        row(
            M::GET,
            "/api/documents",
            Body::None,
            Some(ReadDocuments),
            true,
            200,
            200,
        ),
        row(
            M::POST,
            "/api/documents",
            Body::Upload,
            Some(UploadDocuments),
            false,
            201,
            201,
        ),
        row(
            M::GET,
            "/api/documents/limits",
            Body::None,
            Some(UploadDocuments),
            false,
            200,
            200,
        ),
        row(
            M::GET,
            &format!("/api/documents/{letter}/file"),
            Body::None,
            Some(ReadDocuments),
            true,
            200,
            404,
        ),
        row(
            M::PUT,
            &format!("/api/documents/{letter}/goal"),
            Body::Json(json!({ "goal_id": null })),
            Some(UploadDocuments),
            false,
            200,
            404,
        )
        .seen_with(ReadDocuments),
        // No such document: allowed actors learn that (404), denied ones learn nothing (403).
        row(
            M::DELETE,
            "/api/documents/999999",
            Body::None,
            Some(UploadDocuments),
            false,
            404,
            404,
        ),
        row(M::GET, "/api/decisions", Body::None, Some(Appeal), true, 200, 200),
        row(
            M::GET,
            &format!("/api/decisions/{JENS_DECISION}"),
            Body::None,
            Some(Appeal),
            true,
            200,
            404,
        ),
        row(
            M::GET,
            &format!("/api/decisions/{JENS_DECISION}/draft"),
            Body::None,
            Some(Appeal),
            false,
            200,
            404,
        ),
        // Jens has appealed already (set up below): allowed actors reach the 409.
        row(
            M::PUT,
            &format!("/api/decisions/{JENS_DECISION}/draft"),
            Body::Json(draft),
            Some(Appeal),
            false,
            409,
            404,
        ),
        row(
            M::POST,
            &format!("/api/decisions/{JENS_DECISION}/appeal"),
            Body::Json(form),
            Some(Appeal),
            false,
            409,
            404,
        ),
        row(
            M::GET,
            &format!("/api/decisions/{JENS_DECISION}/appeal"),
            Body::None,
            Some(Appeal),
            true,
            200,
            404,
        ),
        row(
            M::POST,
            &format!("/api/decisions/{JENS_DECISION}/appeal/additions"),
            Body::Json(json!({ "text": "Mere", "document_ids": [] })),
            Some(Appeal),
            false,
            201,
            404,
        ),
        // The conversation is the one place a caseworker's preview writes.
        row(
            M::GET,
            "/api/messages",
            Body::None,
            Some(Messages),
            true,
            200,
            200,
        ),
        row(
            M::GET,
            "/api/messages/events",
            Body::None,
            Some(Messages),
            true,
            200,
            200,
        ),
        row(
            M::GET,
            "/api/messages/unread",
            Body::None,
            Some(Messages),
            true,
            200,
            200,
        ),
        row(
            M::POST,
            "/api/messages",
            Body::Json(json!({ "subject": "Spørgsmål", "body": "Hej" })),
            Some(Messages),
            true,
            201,
            201,
        ),
        row(
            M::GET,
            &format!("/api/messages/{JENS_THREAD}"),
            Body::None,
            Some(Messages),
            true,
            200,
            404,
        ),
        row(
            M::POST,
            &format!("/api/messages/{JENS_THREAD}"),
            Body::Json(json!({ "body": "Tak" })),
            Some(Messages),
            true,
            201,
            404,
        ),
        row(
            M::PUT,
            &format!("/api/messages/{JENS_THREAD}/draft"),
            Body::Json(json!({ "body": "Jeg tænker" })),
            Some(Messages),
            true,
            204,
            404,
        ),
        // Notification settings are each person's own about the citizen they act on: the
        // citizen's, and a relative's or guardian's whatever their scopes (which kinds they
        // may choose follows the scopes); another citizen reaches only their own.
        row(M::GET, "/api/notifications", Body::None, None, false, 200, 200).for_each_person(),
        row(
            M::PUT,
            "/api/notifications",
            Body::Json(json!({ "muted": [], "quiet_from": 21, "quiet_until": 8 })),
            None,
            false,
            200,
            200,
        )
        .for_each_person(),
        row(
            M::POST,
            "/api/notifications/email",
            Body::Json(json!({ "email": "jens@example.dk" })),
            None,
            false,
            200,
            200,
        )
        .for_each_person(),
        // A code that was never sent: allowed actors reach the refusal.
        row(
            M::POST,
            "/api/notifications/email/verify",
            Body::Json(json!({ "code": "x" })),
            None,
            false,
            422,
            422,
        )
        .for_each_person(),
        row(
            M::DELETE,
            "/api/notifications/email",
            Body::None,
            None,
            false,
            200,
            200,
        )
        .for_each_person(),
        row(
            M::POST,
            "/api/notifications/sms",
            Body::Json(json!({ "phone": "12 34 56 78" })),
            None,
            false,
            200,
            200,
        )
        .for_each_person(),
        row(
            M::POST,
            "/api/notifications/sms/verify",
            Body::Json(json!({ "code": "x" })),
            None,
            false,
            422,
            422,
        )
        .for_each_person(),
        row(
            M::DELETE,
            "/api/notifications/sms",
            Body::None,
            None,
            false,
            200,
            200,
        )
        .for_each_person(),
        row(M::GET, "/api/audit/log", Body::None, None, false, 200, 200),
        row(M::GET, "/api/export", Body::None, None, false, 200, 200).and_guardian(),
        row(
            M::POST,
            "/api/plan/seen",
            Body::Json(json!({ "revision": 1, "dismissed": false })),
            None,
            false,
            204,
            204,
        ),
    ]
}

/// Routes about the signed-in person themself, the same for every signed-in actor.
fn personal_rows() -> Vec<(Method, &'static str, Value, u16)> {
    vec![
        (Method::GET, "/api/session", Value::Null, 200),
        (Method::GET, "/api/delegation/grants", Value::Null, 200),
        // Another person's grant, or none: 404 either way.
        (
            Method::POST,
            "/api/delegation/grants/999999/accept",
            Value::Null,
            404,
        ),
        (
            Method::POST,
            "/api/delegation/grants/999999/give-up",
            Value::Null,
            404,
        ),
    ]
}

/// Routes about the signed-in person's own account, with the status each actor gets.
/// Only a citizen, as themself, gives or revokes a power of attorney (a grant that is not
/// theirs is 404); only a caseworker lists the citizens they coordinate. (A session whose
/// grant ended is back to being themself by then: reading the session noticed the end.)
fn account_rows(actor: Actor) -> Vec<(Method, String, Body, u16)> {
    let until = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    let give = json!({ "grantee_name": "Karen Holm", "grantee_cpr": "250563-2580", "scopes": ["plan"], "include_sensitive": false, "ends_on": until });
    let mut checks: Vec<(Method, String, Body, u16)> = personal_rows()
        .into_iter()
        .map(|(method, path, body, ok)| {
            let body = if body.is_null() {
                Body::None
            } else {
                Body::Json(body)
            };
            (
                method,
                path.to_owned(),
                body,
                if actor == Actor::Anonymous { 401 } else { ok },
            )
        })
        .collect();
    let give_status = match actor {
        Actor::Anonymous => 401,
        Actor::Citizen | Actor::OtherCitizen => 201,
        _ => 403,
    };
    checks.push((
        Method::POST,
        "/api/delegation/grants".into(),
        Body::Json(give),
        give_status,
    ));
    // A notice's "turn this off" link: its token is the credential, not the session, so
    // every actor, signed in or not, gets the same for a token that names no notice (what
    // a valid one does is tested in notifications.rs).
    let nobody =
        "/api/notifications/turn-off/0000000000000000000000000000000000000000000000000000000000000000";
    checks.push((Method::GET, nobody.into(), Body::None, 404));
    checks.push((
        Method::POST,
        nobody.into(),
        Body::Json(json!({ "kinds": ["message"] })),
        404,
    ));
    let list_status = match actor {
        Actor::Anonymous => 401,
        Actor::PreviewOwn | Actor::PreviewOther => 200,
        _ => 403,
    };
    checks.push((
        Method::GET,
        "/api/caseworker/citizens".into(),
        Body::None,
        list_status,
    ));
    // Only the citizen's caseworker closes a thread. Whoever is back to being themself
    // without data of their own (an ended grant, a preview of someone else's citizen)
    // finds no thread at all.
    let close_status = match actor {
        Actor::Anonymous => 401,
        Actor::PreviewOwn => 200,
        Actor::RelativeEnded(_) | Actor::PreviewOther => 404,
        _ => 403,
    };
    checks.push((
        Method::POST,
        format!("/api/messages/{JENS_THREAD}/close"),
        Body::None,
        close_status,
    ));
    let revoke_status = match actor {
        Actor::Anonymous => 401,
        Actor::Citizen | Actor::OtherCitizen => 404,
        _ => 403,
    };
    checks.push((
        Method::POST,
        "/api/delegation/grants/999999/revoke".into(),
        Body::None,
        revoke_status,
    ));
    checks
}

/// Every case-system operation of the document, from a browser: whoever is signed in, a
/// session is not a case system's token (401).
fn integration_rows(doc: &Value) -> Vec<(Method, String, Body, u16)> {
    let mut rows = Vec::new();
    for (route, item) in doc["paths"].as_object().expect("paths") {
        if !route.starts_with("/integration/v1/") {
            continue;
        }
        let path: String = route
            .split('/')
            .map(|part| if part.starts_with('{') { "1" } else { part })
            .collect::<Vec<_>>()
            .join("/");
        for method in item.as_object().expect("path item").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let body = if method == Method::GET {
                Body::None
            } else {
                Body::Json(json!({}))
            };
            rows.push((method, path.clone(), body, 401));
        }
    }
    rows
}

fn expected(row: &Row, actor: Actor) -> u16 {
    let allowed = |scopes: &[Scope]| row.scope.is_some_and(|s| scopes.contains(&s));
    match actor {
        Actor::Anonymous => 401,
        Actor::Citizen => row.ok,
        Actor::OtherCitizen => row.other,
        Actor::Relative(_) | Actor::Guardian if row.person => row.ok,
        Actor::Relative(scopes) => {
            if !allowed(scopes) {
                403
            } else if row.sees.is_some_and(|s| !scopes.contains(&s)) {
                404
            } else {
                row.ok
            }
        }
        Actor::Guardian => {
            if row.scope.is_some() || row.guardian {
                row.ok
            } else {
                403
            }
        }
        Actor::PreviewOwn => {
            if row.preview {
                row.ok
            } else {
                403
            }
        }
        Actor::RelativeEnded(_) | Actor::PreviewOther => 403,
    }
}

async fn db(app: &TestApp) -> Db {
    app.db().await
}

async fn grant(db: &Db, grantee: i64, scopes: &[Scope], state: &str) -> i64 {
    let scopes: Vec<String> = scopes
        .iter()
        .map(|s| samlet_server::db::encode_enum(s).unwrap())
        .collect();
    let in_days = |days: i64| {
        format!(
            "'{}'",
            (chrono::Utc::now() + chrono::Duration::days(days)).format("%Y-%m-%d")
        )
    };
    let (ends_on, accepted, ended) = match state {
        "expired" => (in_days(-1), "'2026-01-01T00:00:00Z'", "NULL"),
        "revoked" => (in_days(30), "'2026-01-01T00:00:00Z'", "'citizen'"),
        "pending" => (in_days(30), "NULL", "NULL"),
        _ => (in_days(30), "'2026-01-01T00:00:00Z'", "NULL"),
    };
    let ended_at = if ended == "NULL" {
        "NULL"
    } else {
        "'2026-01-02T00:00:00Z'"
    };
    sqlx::query_scalar(&format!(
        "INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on, created_at, accepted_at, ended_at, ended_by)
         VALUES ($1, $2, 'power_of_attorney', $3, 0, {ends_on}, '2026-01-01T00:00:00Z', {accepted}, {ended_at}, {ended}) RETURNING id"
    ))
    .bind(JENS)
    .bind(grantee)
    .bind(scopes.join(" "))
    .fetch_one(db)
    .await
    .unwrap()
}

/// Points every session of `account` at `citizen` directly in the database, as if the
/// switch had been made while the right still existed.
async fn force_acting_for(db: &Db, account: i64, citizen: i64) {
    sqlx::query("UPDATE sessions SET acting_for_citizen_id = $1 WHERE account_id = $2")
        .bind(citizen)
        .bind(account)
        .execute(db)
        .await
        .unwrap();
}

async fn act_for(app: &TestApp, citizen: i64) -> StatusCode {
    app.client
        .put(format!("{}/api/session/acting-for", app.base))
        .json(&json!({ "citizen_id": citizen }))
        .send()
        .await
        .unwrap()
        .status()
}

/// A fresh server where Jens has appealed, and a browser signed in as `actor`.
async fn setup(actor: Actor) -> (TestApp, TestApp) {
    let app = spawn_app().await;
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let form = json!({ "part_ids": [1], "part_reasons": [], "reason": "", "document_ids": [], "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = jens
        .client
        .post(format!("{}/api/decisions/{JENS_DECISION}/appeal", jens.base))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(lodged.status(), StatusCode::CREATED);
    let db = db(&app).await;
    let browser = app.other_browser();
    match actor {
        Actor::Anonymous => {}
        Actor::Citizen => {
            browser.sign_in_as("Jens Hansen").await;
        }
        Actor::OtherCitizen => {
            browser.sign_in_as("Fatima Ali").await;
            assert_eq!(
                act_for(&browser, JENS).await,
                StatusCode::FORBIDDEN,
                "no right to act for Jens"
            );
        }
        Actor::Relative(scopes) => {
            grant(&db, ANNA, scopes, "active").await;
            browser.sign_in_as("Anna Jensen").await;
            assert_eq!(act_for(&browser, JENS).await, StatusCode::OK);
        }
        Actor::RelativeEnded(state) => {
            grant(&db, ANNA, &samlet_api::delegation::ALL_SCOPES, state).await;
            browser.sign_in_as("Anna Jensen").await;
            assert_eq!(act_for(&browser, JENS).await, StatusCode::FORBIDDEN, "{state}");
            force_acting_for(&db, ANNA, JENS).await;
        }
        Actor::Guardian => {
            let until = chrono::Utc::now().date_naive() + chrono::Days::new(400);
            samlet_server::delegation::register_guardianship(&db, JENS, 7, until, chrono::Utc::now())
                .await
                .unwrap();
            browser.sign_in_as("Karen Holm").await;
            assert_eq!(act_for(&browser, JENS).await, StatusCode::OK);
        }
        Actor::PreviewOwn => {
            browser.sign_in_as("Mette Larsen").await;
            assert_eq!(act_for(&browser, JENS).await, StatusCode::OK);
        }
        Actor::PreviewOther => {
            browser.sign_in_as("Mette Larsen").await;
            assert_eq!(act_for(&browser, 2).await, StatusCode::FORBIDDEN);
            force_acting_for(&db, 6, 2).await;
        }
    }
    (app, browser)
}

async fn send(browser: &TestApp, method: Method, path: &str, body: &Body) -> reqwest::Response {
    let request = browser.client.request(method, format!("{}{path}", browser.base));
    let request = match body {
        Body::None => request,
        Body::Json(value) => request.json(value),
        Body::Upload => request.multipart(
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
                    .file_name("kvittering.pdf")
                    .mime_str("application/pdf")
                    .unwrap(),
            ),
        ),
    };
    request.send().await.unwrap()
}

const ACTORS: [Actor; 16] = [
    Actor::Anonymous,
    Actor::Citizen,
    Actor::OtherCitizen,
    Actor::Relative(&[Scope::Plan]),
    Actor::Relative(&[Scope::ReadDocuments]),
    Actor::Relative(&[Scope::UploadDocuments]),
    Actor::Relative(&[Scope::ReadDocuments, Scope::UploadDocuments]),
    Actor::Relative(&[Scope::Appeal]),
    Actor::Relative(&[Scope::OwnTexts]),
    Actor::Relative(&[Scope::Messages]),
    Actor::RelativeEnded("expired"),
    Actor::RelativeEnded("revoked"),
    Actor::RelativeEnded("pending"),
    Actor::Guardian,
    Actor::PreviewOwn,
    Actor::PreviewOther,
];

#[tokio::test]
async fn every_endpoint_answers_every_actor_as_the_rules_say() {
    let mut failures = Vec::new();
    for actor in ACTORS {
        let (app, browser) = setup(actor).await;
        let db = db(&app).await;
        let meeting: i64 =
            sqlx::query_scalar("SELECT id FROM meetings WHERE plan_id = 1 ORDER BY id LIMIT 1")
                .fetch_one(&db)
                .await
                .unwrap();
        let letter: i64 =
            sqlx::query_scalar("SELECT id FROM documents WHERE citizen_id = $1 ORDER BY id LIMIT 1")
                .bind(JENS)
                .fetch_one(&db)
                .await
                .unwrap();
        for row in rows(meeting, letter) {
            let want = expected(&row, actor);
            let got = send(&browser, row.method.clone(), &row.path, &row.body)
                .await
                .status()
                .as_u16();
            if got != want {
                failures.push(format!(
                    "{actor:?} {} {}: expected {want}, got {got}",
                    row.method, row.path
                ));
            }
        }
        let mut checks = account_rows(actor);
        checks.extend(integration_rows(
            &browser.get("/api/openapi.json").await.json().await.unwrap(),
        ));
        for (method, path, body, want) in checks {
            let got = send(&browser, method.clone(), &path, &body)
                .await
                .status()
                .as_u16();
            if got != want {
                failures.push(format!("{actor:?} {method} {path}: expected {want}, got {got}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Routes outside the matrix, each with the reason and where it is tested instead.
const OUTSIDE_THE_MATRIX: [(&str, &str); 12] = [
    // Public, or about the session itself: tested in api.rs.
    ("GET", "/api/healthz"),
    // For operators and load balancers, no one's data: tested in operations.rs (the
    // metrics are not there on the public side without their token).
    ("GET", "/api/readyz"),
    ("GET", "/metrics"),
    ("GET", "/api/openapi.json"),
    // The shape of the data download, no one's data: tested in export.rs.
    ("GET", "/api/export/schema.json"),
    ("GET", "/api/demo/accounts"),
    ("POST", "/api/session/demo"),
    ("GET", "/api/session/methods"),
    ("DELETE", "/api/session"),
    ("DELETE", "/api/session/everywhere"),
    // The browser's OpenID Connect sign-in: tested in sign_in.rs and end to end.
    ("GET", "/auth/login"),
    ("GET", "/auth/callback"),
];

/// Whether a concrete path (`/api/documents/12/goal`) is an instance of a route
/// (`/api/documents/{id}/goal`).
fn instance_of(path: &str, route: &str) -> bool {
    let path: Vec<&str> = path.split('?').next().unwrap_or_default().split('/').collect();
    let route: Vec<&str> = route.split('/').collect();
    path.len() == route.len() && path.iter().zip(&route).all(|(p, r)| p == r || r.starts_with('{'))
}

/// Every (method, route) the server serves: the operations of its OpenAPI document (which
/// utoipa-axum builds from the very `routes!` that register them) and the few routes
/// registered with a plain `.route("…")`, found in the source.
fn served_routes(doc: &Value) -> BTreeSet<(String, String)> {
    let mut served = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            served.insert((method.to_uppercase(), path.clone()));
        }
    }
    let lib = include_str!("../src/lib.rs");
    let sign_in = include_str!("../src/session/mod.rs");
    let metrics = include_str!("../src/operations/metrics.rs");
    for (source, prefix) in [(lib, "/api"), (sign_in, ""), (metrics, "")] {
        for piece in source.split(".route(").skip(1) {
            let Some(path) = piece.trim_start().strip_prefix('"') else {
                continue;
            };
            let path = path.split('"').next().unwrap_or_default();
            let rest = &piece[piece.find(',').unwrap_or(0)..];
            for method in ["get", "post", "put", "delete"] {
                if rest
                    .trim_start_matches([',', ' ', '\n'])
                    .starts_with(&format!("{method}("))
                {
                    served.insert((method.to_uppercase(), format!("{prefix}{path}")));
                }
            }
        }
    }
    served
}

/// The served routes that no row of the matrix (or the list outside it) exercises.
fn routes_without_rows(served: &BTreeSet<(String, String)>) -> Vec<String> {
    let mut exercised: Vec<(String, String)> = rows(1, 1)
        .into_iter()
        .map(|row| (row.method.to_string(), row.path))
        .chain(
            personal_rows()
                .into_iter()
                .map(|(method, path, _, _)| (method.to_string(), path.to_owned())),
        )
        .chain(
            account_rows(Actor::Citizen)
                .into_iter()
                .map(|(method, path, _, _)| (method.to_string(), path)),
        )
        .chain(
            OUTSIDE_THE_MATRIX
                .iter()
                .map(|(method, path)| (method.to_string(), path.to_string())),
        )
        .collect();
    // Acting for someone: exercised by every actor's set-up.
    exercised.push(("PUT".into(), "/api/session/acting-for".into()));
    served
        .iter()
        .filter(|(method, route)| {
            // Case systems' routes are exercised by every browser actor (401), below.
            !route.starts_with("/integration/v1/")
                && !exercised
                    .iter()
                    .any(|(m, path)| m == method && instance_of(path, route))
        })
        .map(|(method, route)| format!("{method} {route}"))
        .collect()
}

/// Every route the server serves has rows in the matrix, so a new endpoint cannot slip in
/// unchecked. The list comes from the running server's own OpenAPI document.
#[tokio::test]
async fn every_route_in_the_server_has_rows_in_the_matrix() {
    let app = spawn_app().await;
    let doc: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let served = served_routes(&doc);
    assert!(served.contains(&("GET".into(), "/api/healthz".into())));
    assert!(served.contains(&("GET".into(), "/auth/callback".into())));
    assert!(served.contains(&("PUT".into(), "/api/documents/{id}/goal".into())));
    // Case systems' operations get their browser rows (401) from the document itself; what
    // each token's scope opens is checked operation by operation in
    // `integration_contract.rs` (`every_operation_needs_exactly_the_scope_the_document_declares`).
    let rows = integration_rows(&doc);
    for (method, path) in [
        (Method::GET, "/integration/v1/appeals/1"),
        (Method::GET, "/integration/v1/appeal-changes"),
    ] {
        assert!(
            rows.iter()
                .any(|(m, p, _, status)| *m == method && p == path && *status == 401),
            "{method} {path} has no row"
        );
    }
    let missing = routes_without_rows(&served);
    assert!(
        missing.is_empty(),
        "routes without rows in the authorization matrix: {missing:?}"
    );

    // The guard itself: a route added without rows (here a test-only one, put into the
    // same document the server serves) is reported.
    let mut with_new_route = doc.clone();
    with_new_route["paths"]["/api/documents/{id}/share"] = json!({ "post": { "responses": {} } });
    with_new_route["paths"]["/api/plan"]["delete"] = json!({ "responses": {} });
    assert_eq!(
        routes_without_rows(&served_routes(&with_new_route)),
        ["DELETE /api/plan", "POST /api/documents/{id}/share"]
    );
}

/// Denials never reveal whether an object exists: a relative without the documents scope
/// gets the same answer for a real document and a made-up one.
#[tokio::test]
async fn a_denial_looks_the_same_whether_or_not_the_object_exists() {
    let (app, browser) = setup(Actor::Relative(&[Scope::Plan])).await;
    let db = db(&app).await;
    let letter: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE citizen_id = 1 ORDER BY id LIMIT 1")
        .fetch_one(&db)
        .await
        .unwrap();
    let real = send(
        &browser,
        Method::GET,
        &format!("/api/documents/{letter}/file"),
        &Body::None,
    )
    .await;
    let made_up = send(&browser, Method::GET, "/api/documents/999999/file", &Body::None).await;
    // The same status and body, but for the id of the request.
    assert_eq!(common::refusal(real).await, common::refusal(made_up).await);
    // And every read the relative made is in Jens's log, the refused ones excepted.
    let jens = app.other_browser();
    jens.sign_in_as("Jens Hansen").await;
    let log: AccessLog = jens.get("/api/audit/log").await.json().await.unwrap();
    assert!(log.entries.iter().all(|e| e.actor_name == "Anna Jensen"));
}
