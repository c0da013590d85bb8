//! The OpenAPI document of the citizen API (`/api`) and the integration API
//! (`/integration/v1`), served at `/api/openapi.json`. The paths come from the same
//! `#[utoipa::path]` annotations that register the handlers (utoipa-axum), the schemas from
//! the wire types; this module adds what is common to every operation. The test in
//! `tests/openapi.rs` compares it with the checked-in `openapi.json`, so the contract a
//! vendor reads cannot drift from the code.

use clap::ValueEnum;
use samlet_api::error::ApiErrorBody;
use samlet_api::export::MyData;
use samlet_api::integration::IntegrationErrorBody;
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::{
    ComponentsBuilder, ContentBuilder, InfoBuilder, OpenApi, PathItem, Ref, ResponseBuilder,
};
use utoipa::{PartialSchema, ToSchema};

use crate::integration::systems::Scope;
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
    name_variant_bodies(&mut json);
    json
}

/// The schema of a response that is a file's bytes: clients read it as bytes (a "file"),
/// where `body = Vec<u8>` would describe a JSON array of numbers.
fn binary() -> serde_json::Value {
    serde_json::json!({ "type": "string", "format": "binary" })
}

/// A stored document is served with the type its bytes were found to be, one of the kinds
/// uploads are checked against; the annotations say `application/octet-stream` for "a file".
/// Every such response, of either API, becomes one binary body per kind.
fn name_file_types(doc: &mut serde_json::Value) {
    let Some(paths) = doc.get_mut("paths").and_then(|p| p.as_object_mut()) else {
        return;
    };
    for item in paths.values_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for operation in item.values_mut() {
            let Some(responses) = operation.get_mut("responses").and_then(|r| r.as_object_mut()) else {
                continue;
            };
            for response in responses.values_mut() {
                let Some(content) = response.get_mut("content").and_then(|c| c.as_object_mut()) else {
                    continue;
                };
                if let Some(zip) = content.get_mut("application/zip") {
                    zip["schema"] = binary();
                }
                if content.remove("application/octet-stream").is_some() {
                    for kind in &crate::documents::kinds::ALLOWED {
                        content.insert((*kind).to_string(), serde_json::json!({ "schema": binary() }));
                    }
                }
            }
        }
    }
}

/// Gives the body of each variant of an externally tagged enum (`{"goal_added": {...}}`)
/// its own schema, `PlanChangeGoalAdded`, referenced from the variant.
///
/// The wire format is the same; the document only names what was inline. utoipa writes
/// the body inline inside the variant's object, and openapi-python-client (0.29) builds
/// the models of a `oneOf` component's inline variants twice, so the second time every
/// model nested in a variant is a "duplicate" and the whole schema (`ContactView`,
/// `PlanChange`) is dropped from the client. A variant whose body is a reference is built
/// once. A name already taken is left alone (and the contract check then says so).
fn name_variant_bodies(doc: &mut serde_json::Value) {
    use serde_json::Value;
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let mut named = Vec::new();
    let names: Vec<String> = schemas.keys().cloned().collect();
    for (enum_name, schema) in schemas.iter_mut() {
        let Some(variants) = schema.get_mut("oneOf").and_then(Value::as_array_mut) else {
            continue;
        };
        for variant in variants {
            let Some(properties) = variant
                .get_mut("properties")
                .and_then(Value::as_object_mut)
                .filter(|p| p.len() == 1)
            else {
                continue;
            };
            let Some((tag, body)) = properties.iter_mut().next() else {
                continue;
            };
            if body.get("type").and_then(Value::as_str) != Some("object") || body.get("properties").is_none()
            {
                continue;
            }
            let name = format!("{enum_name}{}", pascal_case(tag));
            if names.contains(&name) || named.iter().any(|(taken, _)| taken == &name) {
                continue;
            }
            let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
            named.push((name, std::mem::replace(body, reference)));
        }
    }
    schemas.extend(named);
    // Components are listed by name, as utoipa lists them.
    let mut sorted: Vec<(String, Value)> = std::mem::take(schemas).into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    schemas.extend(sorted);
}

/// `goal_added` → `GoalAdded`.
fn pascal_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
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

/// What each scope of a case system's token allows, as `create-integration-token --scope`
/// documents it (the doc comments of `Scope`, which clap keeps as each value's help).
fn scope_list() -> String {
    Scope::value_variants()
        .iter()
        .filter_map(ValueEnum::to_possible_value)
        .map(|scope| {
            // clap drops the closing full stop of a one-sentence help.
            let help = scope.get_help().map(ToString::to_string).unwrap_or_default();
            format!("- `{}`: {}.", scope.get_name(), help.trim_end_matches('.'))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// An error response: what went wrong, as `body`.
fn error_response(description: &str, body: &str) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(body)))
                .build(),
        )
        .build()
}

/// Adds the title, the two ways to authenticate, which operations need which, and the error
/// body every operation can answer with: `ApiErrorBody` on `/api`, `IntegrationErrorBody`
/// on `/integration/v1`.
fn finish(mut doc: OpenApi) -> OpenApi {
    doc.info = InfoBuilder::new()
        .title("Samlet")
        .version(env!("CARGO_PKG_VERSION"))
        .description(Some(
            "The citizen API of Samlet (`/api`, a session cookie from signing in) and the integration API for \
             the municipality's case systems (`/integration/v1`, a bearer token per system, with scopes). An \
             error from `/api` is an `ApiErrorBody`: a machine-readable `code` and a `message` in plain Danish \
             for the citizen. An error from `/integration/v1` is an `IntegrationErrorBody`: a `code`, a \
             `message` in English for the developer, and the `field` it is about.",
        ))
        .build();
    let mut schemas = vec![
        (ApiErrorBody::name().into_owned(), ApiErrorBody::schema()),
        (
            IntegrationErrorBody::name().into_owned(),
            IntegrationErrorBody::schema(),
        ),
    ];
    ApiErrorBody::schemas(&mut schemas);
    IntegrationErrorBody::schemas(&mut schemas);
    // `samlet.json` in the download of all one's data: no endpoint answers it as JSON, so it
    // is named here, and its JSON Schema is made from these components (`export::schema`).
    schemas.push((MyData::name().into_owned(), MyData::schema()));
    MyData::schemas(&mut schemas);
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
                .description(Some(format!(
                    "A token made by `samlet-server create-integration-token`, with the scopes it is given \
                     (`--scope`). Each operation names the one scope it needs; a token without it is refused \
                     with 403.\n\n{}",
                    scope_list()
                )))
                .build(),
        ),
    );
    doc.components = Some(components);

    let api_error = error_response(
        "Refused or failed: `code` says why, `message` says it in Danish; nothing was changed",
        &ApiErrorBody::name(),
    );
    let integration_error = error_response(
        "Refused or failed: `code` says why, `message` says it in English and `field` names the field; \
         nothing was changed",
        &IntegrationErrorBody::name(),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        let integration = path.starts_with("/integration/");
        for (method, operation) in operations(item) {
            let error = if integration {
                &integration_error
            } else {
                &api_error
            };
            operation
                .responses
                .responses
                .entry("default".into())
                .or_insert_with(|| error.clone().into());
            operation.security = if integration {
                // Each integration operation declares the scope it needs in its annotation.
                // One that does not yet still needs a token: it is listed with no scope,
                // and the test of the document names it.
                operation
                    .security
                    .take()
                    .filter(|declared| !declared.is_empty())
                    .or_else(|| {
                        Some(vec![SecurityRequirement::new::<_, [&str; 0], &str>(
                            CASE_SYSTEM,
                            [],
                        )])
                    })
            } else if PUBLIC.contains(&(method, path.as_str())) {
                None
            } else {
                Some(vec![SecurityRequirement::new::<_, [&str; 0], &str>(SESSION, [])])
            };
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn every_scope_is_explained() {
        let list = scope_list();
        assert_eq!(list.lines().count(), Scope::value_variants().len(), "{list}");
        for line in list.lines() {
            // "- `appeals`: Read lodged appeals, ..." with the doc comment after the name.
            let (_, help) = line.split_once("`: ").unwrap();
            assert!(help.len() > 10, "{line}");
        }
    }

    /// The scope an integration annotation declares is kept; one without a declaration still
    /// needs a token; the citizen API's operations need a session unless public.
    #[test]
    fn integration_operations_keep_the_scope_they_declare() {
        use utoipa::openapi::path::{HttpMethod, OperationBuilder, PathItem, PathsBuilder};
        let operation = |scope: Option<&str>| {
            let mut operation =
                OperationBuilder::new().response("200", ResponseBuilder::new().description("ok"));
            if let Some(scope) = scope {
                operation = operation.security(SecurityRequirement::new(CASE_SYSTEM, [scope]));
            }
            PathItem::new(HttpMethod::Get, operation.build())
        };
        let paths = PathsBuilder::new()
            .path("/integration/v1/appeals", operation(Some("appeals")))
            .path("/integration/v1/documents", operation(None))
            .path("/api/plan", operation(None))
            .path("/api/session/methods", operation(None))
            .build();
        let doc = document(utoipa::openapi::OpenApiBuilder::new().paths(paths).build());
        let security = |path: &str| doc["paths"][path]["get"]["security"].clone();
        assert_eq!(
            security("/integration/v1/appeals"),
            json!([{ "case_system": ["appeals"] }])
        );
        assert_eq!(
            security("/integration/v1/documents"),
            json!([{ "case_system": [] }])
        );
        assert_eq!(security("/api/plan"), json!([{ "session": [] }]));
        assert_eq!(security("/api/session/methods"), serde_json::Value::Null);
        let error = |path: &str| {
            doc["paths"][path]["get"]["responses"]["default"]["content"]["application/json"]["schema"]["$ref"]
                .clone()
        };
        assert_eq!(
            error("/integration/v1/appeals"),
            "#/components/schemas/IntegrationErrorBody"
        );
        assert_eq!(error("/api/plan"), "#/components/schemas/ApiErrorBody");
    }

    #[test]
    fn a_variant_body_becomes_a_named_schema() {
        let body = json!({ "type": "object", "properties": { "title": { "type": "string" } } });
        let mut doc = json!({ "components": { "schemas": { "Change": { "oneOf": [
            { "type": "string", "enum": ["none"] },
            { "type": "object", "required": ["goal_added"], "properties": { "goal_added": body } },
        ] } } } });
        name_variant_bodies(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["ChangeGoalAdded"], body);
        assert_eq!(
            schemas["Change"]["oneOf"][1]["properties"]["goal_added"],
            json!({ "$ref": "#/components/schemas/ChangeGoalAdded" })
        );
        assert_eq!(schemas["Change"]["oneOf"][0]["enum"][0], "none");
    }
}
