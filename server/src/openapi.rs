//! The OpenAPI document of the citizen API (`/api`) and the integration API
//! (`/integration/v1`), served at `/api/openapi.json`. The paths come from the same
//! `#[utoipa::path]` annotations that register the handlers (utoipa-axum), the schemas from
//! the wire types; this module adds what is common to every operation. The test in
//! `tests/openapi.rs` compares it with the checked-in `openapi.json`, so the contract a
//! vendor reads cannot drift from the code.

use samlet_api::error::ApiErrorBody;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, PathItem, Ref, ResponseBuilder,
};
use utoipa::{PartialSchema, ToSchema};

use crate::session::COOKIE;

const SESSION: &str = "session";
const CASE_SYSTEM: &str = "case_system";

/// What a citizen's API call may do without a session.
const PUBLIC: [(&str, &str); 4] = [
    ("get", "/api/session/methods"),
    ("get", "/api/demo/accounts"),
    ("post", "/api/session/demo"),
    ("delete", "/api/session"),
];

/// The document as served: the generated one, finished, as JSON.
pub fn document(doc: OpenApi) -> serde_json::Value {
    let mut json = serde_json::to_value(finish(doc)).unwrap_or_default();
    spell_out_dates(&mut json);
    name_file_types(&mut json);
    json
}

/// A stored document is served with the type its bytes were found to be, one of the kinds
/// uploads are checked against; the annotations say `application/octet-stream` for "a file".
fn name_file_types(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(content) = operation
                .pointer_mut("/responses/200/content")
                .and_then(|c| c.as_object_mut())
            else {
                continue;
            };
            if let Some(file) = content.remove("application/octet-stream") {
                for kind in &crate::documents::kinds::ALLOWED {
                    content.insert((*kind).to_string(), file.clone());
                }
            }
        }
    }
}

/// `format: date` is only a hint to most clients and fuzzers; the pattern says what the
/// server parses (chrono's `YYYY-MM-DD` and RFC 3339 timestamps).
fn spell_out_dates(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            let pattern = match map.get("format").and_then(Value::as_str) {
                Some("date") => Some("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
                Some("date-time") => Some(
                    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})$",
                ),
                _ => None,
            };
            if let Some(pattern) = pattern {
                map.entry("pattern").or_insert_with(|| pattern.into());
            }
            map.values_mut().for_each(spell_out_dates);
        }
        Value::Array(items) => items.iter_mut().for_each(spell_out_dates),
        _ => {}
    }
}

/// Adds the title, the two ways to authenticate, which operations need which, and the one
/// error body every operation can answer with.
fn finish(mut doc: OpenApi) -> OpenApi {
    doc.info = InfoBuilder::new()
        .title("Samlet")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The citizen API of Samlet (`/api`, a session cookie from signing in) and the integration API for \
             the municipality's case systems (`/integration/v1`, a bearer token per system). Every error is \
             an `ApiErrorBody`: a machine-readable `code` and a `message` in plain Danish.",
        ))
        .build();
    let mut schemas = vec![(ApiErrorBody::name().into_owned(), ApiErrorBody::schema())];
    ApiErrorBody::schemas(&mut schemas);
    let mut components = doc
        .components
        .take()
        .unwrap_or_else(|| ComponentsBuilder::new().build());
    components.schemas.extend(schemas);
    components.add_security_scheme(
        SESSION,
        SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
            COOKIE,
            "Set by signing in (MitID through OpenID Connect, or the demo login in demo mode)",
        ))),
    );
    components.add_security_scheme(
        CASE_SYSTEM,
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .description(Some("A token made by `samlet-server create-integration-token`"))
                .build(),
        ),
    );
    doc.components = Some(components);

    let error = ResponseBuilder::new()
        .description("Refused or failed: `code` says why, `message` says it in Danish; nothing was changed")
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(ApiErrorBody::name())))
                .build(),
        )
        .build();
    for (path, item) in doc.paths.paths.iter_mut() {
        for (method, operation) in operations(item) {
            operation
                .responses
                .responses
                .entry("default".into())
                .or_insert_with(|| error.clone().into());
            let scheme = if path.starts_with("/integration/") {
                Some(CASE_SYSTEM)
            } else if PUBLIC.contains(&(method, path.as_str())) {
                None
            } else {
                Some(SESSION)
            };
            operation.security =
                scheme.map(|scheme| vec![SecurityRequirement::new::<_, [&str; 0], &str>(scheme, [])]);
        }
    }
    doc
}

fn operations(item: &mut PathItem) -> Vec<(&'static str, &mut utoipa::openapi::path::Operation)> {
    [
        ("get", item.get.as_mut()),
        ("put", item.put.as_mut()),
        ("post", item.post.as_mut()),
        ("delete", item.delete.as_mut()),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.map(|operation| (method, operation)))
    .collect()
}
