//! The hardened web surface: security headers, body and rate limits, sign-out everywhere,
//! and the sign-in routes' refusals without a provider.

mod common;

use common::{PDF, TestApp, assert_status, error_code, login_body, spawn_app, spawn_with};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use samlet_api::error::{ApiErrorBody, ErrorCode};
use samlet_api::plan::OwnTexts;
use samlet_api::session::SignInMethods;
use serde_json::json;

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in [
        "/plan",
        "/api/healthz",
        "/api/nothing-here",
        "/samlet-app-0123456789abcdef_bg.wasm",
    ] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{path}: {csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["referrer-policy"], "no-referrer", "{path}");
        assert!(
            headers["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()")
        );
        // Plain HTTP on loopback: HSTS would be ignored, and is not sent.
        assert!(headers.get("strict-transport-security").is_none());
    }
    let api = app.get("/api/healthz").await;
    assert_eq!(api.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_policy_names_the_hash_of_the_inline_loader_and_hsts_follows_https() {
    let app = spawn_with(|config| config.public_url = Some("https://samlet.example.dk".into())).await;
    // The server read the test index (no inline script) at start-up; a real build's loader
    // is hashed by `headers::inline_script_hashes`, unit-tested beside it.
    let response = app.get("/plan").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    assert!(
        !response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("sha256")
    );
}

#[tokio::test]
async fn bad_json_bodies_get_clear_4xx_answers_and_change_nothing() {
    let app = spawn_app().await;
    assert_status(
        &app.post_json("/api/session/demo", &login_body(1)).await,
        StatusCode::OK,
    );
    let own_texts = || async {
        let plan: serde_json::Value = app.get("/api/plan").await.json().await.unwrap();
        serde_json::from_value::<OwnTexts>(plan["own_texts"].clone()).unwrap()
    };
    let before = own_texts().await;
    let put = |body: String| {
        app.client
            .put(format!("{}/api/plan/own-texts", app.base))
            .header("content-type", "application/json")
            .body(body)
            .send()
    };
    // Malformed.
    let response = put("{\"what_matters\": ".into()).await.unwrap();
    assert_status(&response, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, ErrorCode::BadRequest);
    // Too deep: serde_json's nesting limit, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let response = put(deep).await.unwrap();
    assert_status(&response, StatusCode::BAD_REQUEST);
    // Too large.
    let huge =
        json!({ "what_matters": "x".repeat(300 * 1024), "meeting_notes": "", "version": before.version });
    let response = put(huge.to_string()).await.unwrap();
    assert_status(&response, StatusCode::PAYLOAD_TOO_LARGE);
    let body: ApiErrorBody = response.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::TooLarge);
    assert!(body.message.contains("for stort"), "{}", body.message);

    assert_eq!(own_texts().await, before);
}

#[tokio::test]
async fn too_many_sign_ins_from_one_address_get_429_with_retry_after() {
    let app = spawn_with(|config| config.sign_in_per_minute = 3).await;
    for _ in 0..3 {
        assert_status(
            &app.post_json("/api/session/demo", &login_body(1)).await,
            StatusCode::OK,
        );
    }
    let refused = app.post_json("/api/session/demo", &login_body(1)).await;
    assert_status(&refused, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = refused.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    let body: ApiErrorBody = refused.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::RateLimited);
    assert!(body.message.contains("Vent"), "{}", body.message);
    // The browser's sign-in route is limited too, with a page rather than JSON.
    let page = app.get("/auth/login").await;
    assert_status(&page, StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key("retry-after"));
    assert!(page.text().await.unwrap().contains("For mange forsøg"));
}

#[tokio::test]
async fn behind_a_trusted_balancer_each_client_address_has_its_own_sign_in_limit() {
    let sign_in_from = |app: &TestApp, address: &'static str| {
        let request = app
            .client
            .post(format!("{}/api/session/demo", app.base))
            .header("x-forwarded-for", address)
            .json(&login_body(1));
        async move { request.send().await.unwrap().status() }
    };
    // The test client stands in for the load balancer on 127.0.0.1.
    let behind = spawn_with(|config| {
        config.sign_in_per_minute = 2;
        config.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
    })
    .await;
    assert_eq!(sign_in_from(&behind, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(sign_in_from(&behind, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(
        sign_in_from(&behind, "203.0.113.1").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        sign_in_from(&behind, "203.0.113.2").await,
        StatusCode::OK,
        "another citizen"
    );

    // Without trusted proxies the header is anyone's to write, so it changes nothing.
    let exposed = spawn_with(|config| config.sign_in_per_minute = 2).await;
    assert_eq!(sign_in_from(&exposed, "203.0.113.1").await, StatusCode::OK);
    assert_eq!(sign_in_from(&exposed, "203.0.113.2").await, StatusCode::OK);
    assert_eq!(
        sign_in_from(&exposed, "203.0.113.3").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn too_many_uploads_from_one_account_get_429_and_store_nothing() {
    let app = spawn_with(|config| config.uploads_per_minute = 2).await;
    assert_status(
        &app.post_json("/api/session/demo", &login_body(1)).await,
        StatusCode::OK,
    );
    let send = || {
        let form = Form::new().part("file", Part::bytes(PDF.to_vec()).file_name("lønseddel.pdf"));
        app.client
            .post(format!("{}/api/documents", app.base))
            .multipart(form)
            .send()
    };
    let count = || async {
        app.get("/api/documents")
            .await
            .json::<Vec<serde_json::Value>>()
            .await
            .unwrap()
            .len()
    };
    let before = count().await;
    assert_status(&send().await.unwrap(), StatusCode::CREATED);
    assert_status(&send().await.unwrap(), StatusCode::CREATED);
    let refused = send().await.unwrap();
    assert_status(&refused, StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key("retry-after"));
    assert_eq!(error_code(refused).await, ErrorCode::RateLimited);
    assert_eq!(count().await, before + 2);
}

#[tokio::test]
async fn sign_out_everywhere_ends_the_sessions_on_every_device() {
    let phone = spawn_app().await;
    let laptop = phone.other_browser();
    assert_status(
        &phone.post_json("/api/session/demo", &login_body(1)).await,
        StatusCode::OK,
    );
    assert_status(
        &laptop.post_json("/api/session/demo", &login_body(1)).await,
        StatusCode::OK,
    );
    // Someone else's session is not touched.
    let other = phone.other_browser();
    assert_status(
        &other.post_json("/api/session/demo", &login_body(2)).await,
        StatusCode::OK,
    );

    let response = laptop
        .client
        .delete(format!("{}/api/session/everywhere", laptop.base))
        .send()
        .await
        .unwrap();
    assert_status(&response, StatusCode::NO_CONTENT);
    assert_status(&phone.get("/api/session").await, StatusCode::UNAUTHORIZED);
    assert_status(&laptop.get("/api/session").await, StatusCode::UNAUTHORIZED);
    assert_status(&other.get("/api/session").await, StatusCode::OK);
}

#[tokio::test]
async fn sign_in_methods_and_the_session_say_what_the_app_needs() {
    let app = spawn_app().await;
    let methods: SignInMethods = app.get("/api/session/methods").await.json().await.unwrap();
    assert_eq!(
        methods,
        SignInMethods {
            demo: true,
            mitid: false
        }
    );
    let session: serde_json::Value = app
        .post_json("/api/session/demo", &login_body(1))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(session["idle_timeout_seconds"], 30 * 60);
}

#[tokio::test]
async fn without_a_provider_the_sign_in_routes_refuse_with_a_reason() {
    let app = spawn_with(|config| config.demo = false).await;
    let methods: SignInMethods = app.get("/api/session/methods").await.json().await.unwrap();
    assert_eq!(
        methods,
        SignInMethods {
            demo: false,
            mitid: false
        }
    );
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = no_redirects
        .get(format!("{}/auth/login", app.base))
        .send()
        .await
        .unwrap();
    assert_status(&login, StatusCode::SEE_OTHER);
    assert_eq!(login.headers()["location"], "/login?fejl=unavailable");
}

#[tokio::test]
async fn a_callback_without_the_browsers_sign_in_cookie_is_refused() {
    let app = spawn_with(|config| {
        // A provider that is never reached: the state check comes first.
        config.oidc_issuer = Some("http://127.0.0.1:9".into());
        config.oidc_client_secret = Some(samlet_server::session::oidc::Secret("s".into()));
    })
    .await;
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let callback = no_redirects
        .get(format!("{}/auth/callback?code=stolen&state=guessed", app.base))
        .send()
        .await
        .unwrap();
    assert_status(&callback, StatusCode::SEE_OTHER);
    assert_eq!(callback.headers()["location"], "/login?fejl=state");
    let cancelled = no_redirects
        .get(format!("{}/auth/callback?error=access_denied&state=x", app.base))
        .send()
        .await
        .unwrap();
    assert_eq!(cancelled.headers()["location"], "/login?fejl=cancelled");
    assert_status(&app.get("/api/session").await, StatusCode::UNAUTHORIZED);
}

/// Found by fuzzing the API against its OpenAPI document: these were answered with axum's
/// plain-text rejections (or, for `limit`, silently clamped) instead of the API's JSON error.
#[tokio::test]
async fn malformed_paths_queries_and_forms_get_the_json_error_and_change_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    for path in [
        "/api/decisions/9223372036854775808",
        "/api/documents/abc/file",
        "/api/plan/revisions/1.5",
        "/api/audit/log?from=2026-13-01",
    ] {
        let response = app.get(path).await;
        assert_status(&response, StatusCode::BAD_REQUEST);
        assert_eq!(error_code(response).await, ErrorCode::BadRequest, "{path}");
    }
    let not_multipart = app
        .client
        .post(format!("{}/api/documents", app.base))
        .header("content-type", "text/plain")
        .body("title=Lønseddel")
        .send()
        .await
        .unwrap();
    assert_status(&not_multipart, StatusCode::BAD_REQUEST);
    assert_eq!(error_code(not_multipart).await, ErrorCode::BadRequest);
    let documents: Vec<serde_json::Value> = app.get("/api/documents").await.json().await.unwrap();
    let before = documents.len();
    let db = app.db().await;
    let token = samlet_server::integration::systems::create_token(
        &db,
        "feed",
        &samlet_server::integration::systems::Reach::whole_plan_in(
            "751",
            &[samlet_server::integration::systems::Scope::Documents],
        ),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    for query in [
        "limit=0",
        "limit=101",
        "limit=2147483648",
        "limit=many",
        "after=yesterday",
    ] {
        let response = app
            .client
            .get(format!("{}/integration/v1/documents?{query}", app.base))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_status(&response, StatusCode::BAD_REQUEST);
        assert_eq!(error_code(response).await, ErrorCode::BadRequest, "{query}");
    }
    let documents: Vec<serde_json::Value> = app.get("/api/documents").await.json().await.unwrap();
    assert_eq!(documents.len(), before);
}

/// PostgreSQL cannot store NUL in text (SQLite can): every text the citizen API and the
/// integration API take refuses it with the same 400 on both databases, and nothing changes.
#[tokio::test]
async fn a_nul_in_any_text_is_a_400_on_both_databases_and_changes_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("Jens Hansen").await;
    let refused = |response: reqwest::Response| async move {
        assert_status(&response, StatusCode::BAD_REQUEST);
        // The citizen API's body or the integration API's: the same code, and the message
        // (Danish or English) names the character.
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "bad_request");
        assert!(body["message"].as_str().unwrap().contains("NUL"), "{body}");
    };
    let plan_before: serde_json::Value = app.get("/api/plan").await.json().await.unwrap();
    refused(
        app.put_json(
            "/api/plan/own-texts",
            &json!({ "what_matters": "Mine børn\u{0}", "meeting_notes": "", "version": 0 }),
        )
        .await,
    )
    .await;
    // In a key, too, and escaped the way a browser's JSON.stringify writes it.
    let raw = app
        .client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("content-type", "application/json")
        .body(r#"{"what_matters": "a", "meeting_notes": "b\u0000", "version": 0}"#)
        .send()
        .await
        .unwrap();
    refused(raw).await;
    // A backslash followed by "u0000" is text, not a NUL.
    let literal = app
        .client
        .put(format!("{}/api/plan/own-texts", app.base))
        .header("content-type", "application/json")
        .body(r#"{"what_matters": "C:\\u0000", "meeting_notes": "", "version": 0}"#)
        .send()
        .await
        .unwrap();
    assert_status(&literal, StatusCode::OK);
    let plan_after: serde_json::Value = app.get("/api/plan").await.json().await.unwrap();
    assert_eq!(plan_after["own_texts"]["what_matters"], "C:\\u0000");
    assert_eq!(plan_after["own_texts"]["version"], 1);
    assert_eq!(plan_before["own_texts"]["version"], 0);

    let draft = "/api/decisions/1/draft";
    let form = json!({ "part_ids": [3], "part_reasons": [], "reason": "Gælden\u{0}", "document_ids": [],
                       "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    refused(
        app.put_json(draft, &json!({ "form": form, "version": 0, "saved_at": null }))
            .await,
    )
    .await;
    let saved: serde_json::Value = app.get(draft).await.json().await.unwrap();
    assert_eq!(saved["version"], 0, "no draft saved");

    let lodged = common::lodge_appeal(
        &app.client,
        &app.base,
        1,
        "nul-1",
        &json!({ "part_ids": [3], "part_reasons": [], "reason": "", "document_ids": [],
                 "wants_meeting": false, "wants_call": false, "helper": "\u{0}", "late_reason": "" }),
    )
    .await;
    refused(lodged).await;
    assert_status(&app.get("/api/decisions/1/appeal").await, StatusCode::NOT_FOUND);

    let grants_before: serde_json::Value = app.get("/api/delegation/grants").await.json().await.unwrap();
    refused(
        app.post_json(
            "/api/delegation/grants",
            &json!({ "grantee_name": "Anna Jensen", "grantee_cpr": "070790-1234", "scopes": ["read_documents"], "include_sensitive": false,
                     "ends_on": "2099-01-01\u{0}" }),
        )
        .await,
    )
    .await;
    let grants_after: serde_json::Value = app.get("/api/delegation/grants").await.json().await.unwrap();
    assert_eq!(grants_before, grants_after);

    let upload = Form::new()
        .text("title", "Lønseddel\u{0}")
        .part("file", Part::bytes(PDF.to_vec()).file_name("a.pdf"));
    let response = app
        .client
        .post(format!("{}/api/documents", app.base))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    refused(response).await;
    let documents: Vec<serde_json::Value> = app.get("/api/documents").await.json().await.unwrap();
    assert!(
        documents.iter().all(|d| d["source"] != "citizen"),
        "{documents:?}"
    );

    let db = app.db().await;
    let token = samlet_server::integration::systems::create_token(
        &db,
        "jobcenter",
        &samlet_server::integration::systems::Reach::whole_plan_in(
            "751",
            &[samlet_server::integration::systems::Scope::Contacts],
        ),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let caseworker = |name: &str| {
        json!({ "version": 1, "full_name": name, "role": "Sagsbehandler", "unit": "Jobcenter",
                "phone": "", "email": "", "reachable": "" })
    };
    let write = app
        .client
        .put(format!("{}/integration/v1/caseworkers/CW-NUL", app.base))
        .bearer_auth(&token)
        .json(&caseworker("Hanne\u{0}Berg"))
        .send()
        .await
        .unwrap();
    refused(write).await;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM caseworkers WHERE full_name LIKE 'Hanne%'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
}

/// `X-Forwarded-Host` and `X-Forwarded-Proto` name the site only when a trusted proxy sent
/// them, and an `Origin` must match the site's scheme, host and port, not only its host.
#[tokio::test]
async fn the_origin_check_believes_forwarded_headers_only_from_trusted_proxies() {
    let put = |app: &TestApp, headers: &[(&'static str, String)]| {
        let mut request = app
            .client
            .put(format!("{}/api/plan/own-texts", app.base))
            .json(&json!({ "what_matters": "Skrevet", "meeting_notes": "", "version": 0 }));
        for (name, value) in headers {
            request = request.header(*name, value.clone());
        }
        async move { request.send().await.unwrap().status() }
    };
    let exposed = spawn_app().await;
    exposed.sign_in_as("Jens Hansen").await;
    let host = exposed.base.trim_start_matches("http://").to_owned();
    assert_eq!(
        put(
            &exposed,
            &[
                ("origin", "http://evil.example".into()),
                ("x-forwarded-host", "evil.example".into())
            ]
        )
        .await,
        StatusCode::FORBIDDEN,
        "anyone can write X-Forwarded-Host"
    );
    assert_eq!(
        put(&exposed, &[("origin", format!("https://{host}"))]).await,
        StatusCode::FORBIDDEN,
        "the server is plain http, so an https page is another origin"
    );
    assert_eq!(
        put(
            &exposed,
            &[
                ("origin", format!("https://{host}")),
                ("x-forwarded-proto", "https".into())
            ]
        )
        .await,
        StatusCode::FORBIDDEN
    );
    let plan: serde_json::Value = exposed.get("/api/plan").await.json().await.unwrap();
    assert_eq!(plan["own_texts"]["version"], 0, "nothing was saved");
    assert_eq!(
        put(&exposed, &[("origin", exposed.base.clone())]).await,
        StatusCode::OK
    );

    // Behind a trusted balancer (the test client on 127.0.0.1 stands in for it) that
    // terminates TLS for samlet.example.
    let behind = spawn_with(|config| {
        config.trusted_proxies = vec!["127.0.0.0/8".parse().unwrap()];
        config.public_url = Some("https://samlet.example".into());
    })
    .await;
    behind.sign_in_as("Jens Hansen").await;
    let forwarded = |origin: &str| {
        vec![
            ("origin", origin.to_owned()),
            ("x-forwarded-host", "samlet.example".to_owned()),
            ("x-forwarded-proto", "https".to_owned()),
        ]
    };
    assert_eq!(
        put(&behind, &forwarded("http://samlet.example")).await,
        StatusCode::FORBIDDEN,
        "the scheme counts"
    );
    assert_eq!(
        put(&behind, &forwarded("https://samlet.example:8443")).await,
        StatusCode::FORBIDDEN,
        "the port counts"
    );
    assert_eq!(
        put(&behind, &forwarded("https://samlet.example")).await,
        StatusCode::OK
    );
}
