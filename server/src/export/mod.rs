//! "Hent mine data": the citizen's own copy of everything Samlet holds about them (GDPR
//! articles 15 and 20), built while it is sent: one ZIP with `samlet.json` (its JSON
//! Schema at `/api/export/schema.json`), `index.html` to read and print, and every
//! document under `documents/`. Memory stays flat whatever the documents weigh: the
//! files are copied from the store into the response a buffer at a time.

mod archive;
mod content;
mod names;
pub mod page;

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use futures_util::StreamExt;
use samlet_api::audit::Action;
use serde::Deserialize;
use tokio_util::io::ReaderStream;
use tracing::Instrument;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::error::{ApiQuery, AppError};
use crate::state::AppState;

/// Downloads per citizen and day: enough to retry a broken one, too few to use the export
/// to hammer the document store.
pub const DOWNLOADS_PER_DAY: u32 = 3;

/// How much of the ZIP may wait in memory for a slow line before the writer pauses.
const PIPE_BYTES: usize = 64 * 1024;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(download))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportQuery {
    /// The language of `index.html`: `da` (the default) or `en`.
    lang: Option<String>,
}

/// Downloads everything Samlet holds about the citizen, as one ZIP.
///
/// Only the citizen, or a guardian, may (403 for a relative, whatever their scopes). Each
/// download is written to Min log, the citizen's own too; a few a day.
#[utoipa::path(
    get,
    path = "/export",
    operation_id = "download_my_data",
    tag = "export",
    params(ExportQuery),
    responses((status = 200, description = "A ZIP: samlet.json (the MyData schema), index.html, and documents/", content_type = "application/zip", body = Vec<u8>))
)]
async fn download(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> Result<Response, AppError> {
    let permit = acting.permit(Action::DownloadMyData)?;
    state
        .export_limit
        .check(&format!("export:{}", permit.citizen_id))
        .await?;
    let now = Utc::now();
    let (data, files) = content::gather(&state, &acting, now).await?;
    // Logged before the first byte goes out: if the log cannot be written, nothing is sent.
    let mut conn = state.db.acquire().await?;
    permit.log_even_own(&mut conn, "").await?;
    drop(conn);
    let json = serde_json::to_vec_pretty(&data).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let html = page::render(&data, page::Lang::from_code(query.lang.as_deref()));
    let (writer, reader) = tokio::io::duplex(PIPE_BYTES);
    let (done, finished) = tokio::sync::oneshot::channel();
    let store = state.documents.clone();
    tokio::spawn(
        async move {
            let written = archive::write(&store, writer, &json, &html, &files, now).await;
            match &written {
                Ok(()) => {}
                // A closed tab or a dropped line: nothing went wrong here.
                Err(error) if error.is_gone() => tracing::info!(%error, "the download of all data was left"),
                // The log says why (never what).
                Err(error) => tracing::error!(%error, "the download of all data stopped"),
            }
            let _ = done.send(written.is_ok());
        }
        .instrument(tracing::Span::current()),
    );
    // The writer ends the pipe either way; only its outcome says whether the ZIP is whole.
    // A failure ends the body with an error, so the connection is cut and the browser
    // reports a failed download instead of keeping a truncated ZIP as finished.
    let outcome = futures_util::stream::once(async move {
        match finished.await {
            Ok(true) => None,
            _ => Some(Err(std::io::Error::other("the download of all data stopped"))),
        }
    })
    .filter_map(std::future::ready);
    let body = Body::from_stream(ReaderStream::new(reader).chain(outcome));
    let file_name = format!(
        "samlet-mine-data-{}.zip",
        samlet_api::denmark::date(now).format("%Y-%m-%d")
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/zip".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        body,
    )
        .into_response())
}

/// The JSON Schema of `samlet.json` (draft 2020-12), made from the OpenAPI document's
/// components, which come from the wire types themselves: `MyData` and what it names.
pub fn schema(openapi: &serde_json::Value) -> serde_json::Value {
    let defs = openapi
        .pointer("/components/schemas")
        .cloned()
        .unwrap_or_default();
    let text = serde_json::to_string(&defs)
        .unwrap_or_default()
        .replace("#/components/schemas/", "#/$defs/");
    let defs: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://samlet.dk/api/export/schema.json",
        "title": "samlet.json: alt hvad Samlet har om en borger",
        "$ref": "#/$defs/MyData",
        "$defs": defs,
    })
}

/// `GET /api/export/schema.json`, served beside the OpenAPI document and like it public:
/// it describes a shape, never anyone's data.
pub fn schema_response(body: String) -> impl IntoResponse {
    ([(header::CONTENT_TYPE, "application/schema+json")], body)
}
