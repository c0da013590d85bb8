//! The OpenAPI contract: generated from the handlers, served at `/api/openapi.json`, and
//! identical to the checked-in `openapi.json`. A handler changed without its contract, or a
//! contract changed without its handler, fails here. After an intended change, write the
//! new document with `SAMLET_WRITE_OPENAPI=1 cargo test -p samlet-server --test openapi`
//! and review its diff like code.

mod common;

use common::spawn_app;
use reqwest::StatusCode;
use serde_json::Value;

const CHECKED_IN: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi.json");

async fn served() -> Value {
    let app = spawn_app().await;
    let response = app.get("/api/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    response.json().await.unwrap()
}

#[tokio::test]
async fn the_served_contract_is_the_checked_in_one() {
    let served = served().await;
    if std::env::var_os("SAMLET_WRITE_OPENAPI").is_some() {
        let text = serde_json::to_string_pretty(&served).unwrap() + "\n";
        std::fs::write(CHECKED_IN, text).unwrap();
    }
    let checked_in: Value =
        serde_json::from_str(&std::fs::read_to_string(CHECKED_IN).expect("openapi.json at the root"))
            .unwrap();
    assert!(
        served == checked_in,
        "openapi.json is out of date: run SAMLET_WRITE_OPENAPI=1 cargo test -p samlet-server --test openapi and review the diff"
    );
}

#[tokio::test]
async fn the_contract_covers_both_apis_and_says_how_to_authenticate() {
    let served = served().await;
    assert!(served["openapi"].as_str().unwrap().starts_with("3."));
    let paths = served["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/plan", "get"),
        ("/api/decisions/{id}/appeal", "post"),
        ("/api/delegation/grants", "post"),
        ("/api/documents", "post"),
        ("/integration/v1/appeals", "get"),
        ("/integration/v1/sub-goals/{external_id}", "put"),
        ("/integration/v1/shared-documents/{external_id}", "post"),
    ] {
        let operation = &paths[path][method];
        assert!(operation.is_object(), "{method} {path} is missing");
        assert!(
            operation["responses"]["default"].is_object(),
            "{method} {path} has no error body"
        );
    }
    let security = |path: &str, method: &str| paths[path][method]["security"][0].clone();
    assert!(security("/api/plan", "get")["session"].is_array());
    assert!(security("/integration/v1/appeals", "get")["case_system"].is_array());
    assert!(paths["/api/session/methods"]["get"].get("security").is_none());
    let file = &paths["/api/documents/{id}/file"]["get"]["responses"]["200"]["content"];
    assert!(
        file["application/pdf"].is_object() && file["image/jpeg"].is_object(),
        "{file}"
    );
    let schemes = &served["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["case_system"]["scheme"], "bearer");
}
