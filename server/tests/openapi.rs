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
    // Errors: Danish for the citizen's app, English for a case system's developer.
    let error = |path: &str, method: &str| {
        paths[path][method]["responses"]["default"]["content"]["application/json"]["schema"]["$ref"].clone()
    };
    assert_eq!(error("/api/plan", "get"), "#/components/schemas/ApiErrorBody");
    assert_eq!(
        error("/integration/v1/appeals", "get"),
        "#/components/schemas/IntegrationErrorBody"
    );
    assert!(served["components"]["schemas"]["IntegrationErrorCode"].is_object());
    // A file is bytes of one of the accepted types, on either API: a client reads it as a
    // file, not as JSON.
    for path in ["/api/documents/{id}/file", "/integration/v1/documents/{id}/file"] {
        let file = &paths[path]["get"]["responses"]["200"]["content"];
        assert!(
            file["application/pdf"].is_object() && file["image/jpeg"].is_object(),
            "{file}"
        );
        for (kind, body) in file.as_object().unwrap() {
            assert_eq!(
                body["schema"],
                serde_json::json!({"type": "string", "format": "binary"}),
                "{path} {kind}"
            );
        }
    }
    let schemes = &served["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["case_system"]["scheme"], "bearer");
}

/// Every operation of the document, as ("GET /api/plan", operation).
fn operations(doc: &Value) -> Vec<(String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch"].contains(&method.as_str()) {
                found.push((format!("{} {path}", method.to_uppercase()), operation));
            }
        }
    }
    found
}

/// OpenAPI 3.1 requires a description on every response, and a client generator drops a
/// response without one; "what you get back" is also what a reader looks for first.
#[tokio::test]
async fn every_operation_describes_what_it_answers_on_success() {
    let served = served().await;
    let lacking: Vec<String> = operations(&served)
        .into_iter()
        .filter_map(|(name, operation)| {
            let responses = operation["responses"].as_object().unwrap();
            let successes: Vec<_> = responses
                .iter()
                .filter(|(status, _)| status.starts_with('2'))
                .collect();
            let bare: Vec<&String> = successes
                .iter()
                .filter(|(_, response)| {
                    response["description"]
                        .as_str()
                        .is_none_or(|d| d.trim().is_empty())
                })
                .map(|(status, _)| *status)
                .collect();
            if successes.is_empty() {
                Some(format!("{name}: no success response"))
            } else if !bare.is_empty() {
                Some(format!("{name}: {bare:?} without a description"))
            } else {
                None
            }
        })
        .collect();
    assert!(
        lacking.is_empty(),
        "success responses without a description:\n{}",
        lacking.join("\n")
    );
}

/// A generated client names each function after its operationId, so two alike lose one.
#[tokio::test]
async fn operation_ids_are_unique() {
    let served = served().await;
    let mut by_id: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
    for (name, operation) in operations(&served) {
        let id = operation["operationId"].as_str().unwrap_or_default();
        by_id.entry(id).or_default().push(name);
    }
    let shared: Vec<String> = by_id
        .into_iter()
        .filter(|(id, names)| id.is_empty() || names.len() > 1)
        .map(|(id, names)| format!("{id:?}: {}", names.join(", ")))
        .collect();
    assert!(
        shared.is_empty(),
        "operationIds missing or shared:\n{}",
        shared.join("\n")
    );
}

/// The scopes `create-integration-token --scope` gives (`integration::systems::Scope`).
const SCOPES: [&str; 7] = [
    "appeals",
    "citizens",
    "plans",
    "contacts",
    "documents",
    "decisions",
    "messages",
];

/// A case system's developer reads from the document which scope a token needs for each
/// operation: each asks for exactly one, and the scheme says what each allows.
#[tokio::test]
async fn every_integration_operation_names_the_one_scope_it_needs() {
    let served = served().await;
    let scheme = served["components"]["securitySchemes"]["case_system"]["description"]
        .as_str()
        .unwrap();
    for scope in SCOPES {
        assert!(
            scheme.contains(&format!("`{scope}`")),
            "{scope} is not explained: {scheme}"
        );
    }
    let lacking: Vec<String> = operations(&served)
        .into_iter()
        .filter(|(name, _)| name.contains(" /integration/"))
        .filter_map(|(name, operation)| {
            let requirements = operation["security"].as_array().cloned().unwrap_or_default();
            let scopes: Vec<&str> = match requirements.as_slice() {
                [requirement] => requirement
                    .as_object()
                    .filter(|r| r.len() == 1)
                    .and_then(|r| r.get("case_system"))
                    .and_then(Value::as_array)
                    .map(|scopes| scopes.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            match scopes.as_slice() {
                [scope] if SCOPES.contains(scope) => None,
                _ => Some(format!("{name}: security is {}", operation["security"])),
            }
        })
        .collect();
    assert!(
        lacking.is_empty(),
        "integration operations without exactly one case_system scope ({}):\n{}",
        SCOPES.join(", "),
        lacking.join("\n")
    );
}
