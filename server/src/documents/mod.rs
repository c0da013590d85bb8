//! Documents: the citizen's uploads and what the municipality shared, stored once by
//! content, streamed in and out, never trusted by name.

pub mod kinds;
pub mod names;
pub mod scan;
pub mod store;
pub(crate) mod upload;

use axum::Json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use samlet_api::documents::{DocumentSummary, LinkGoal, UploadLimits};
use tokio_util::io::ReaderStream;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::access::Acting;
use crate::db::{Db, Key, decode_enum};
use crate::error::{ApiJson, ApiPath, AppError};
use crate::state::{AppState, DocumentLimits};
use samlet_api::audit::Action;

pub fn routes(limits: DocumentLimits) -> OpenApiRouter<AppState> {
    let body_limit = usize::try_from(limits.max_request_bytes()).unwrap_or(usize::MAX);
    OpenApiRouter::new()
        .routes(routes!(list, upload::upload).layer(DefaultBodyLimit::max(body_limit)))
        .routes(routes!(upload_limits))
        .routes(routes!(delete))
        .routes(routes!(link_goal))
        .routes(routes!(download))
}

#[derive(sqlx::FromRow)]
struct DocumentRow {
    id: i64,
    title: String,
    note: String,
    file_name: String,
    content_type: String,
    size: i64,
    source: String,
    uploaded_by_account_id: Option<i64>,
    uploaded_by_name: String,
    #[sqlx(try_from = "crate::db::Ts")]
    created_at: DateTime<Utc>,
    received_at: Option<crate::db::Ts>,
    scan_state: String,
    goal_id: Option<i64>,
}

const COLUMNS: &str = "id, title, note, file_name, content_type, size, source, uploaded_by_account_id, \
                       uploaded_by_name, created_at, received_at, scan_state, goal_id";

fn summary(row: DocumentRow, viewer_account: i64) -> Result<DocumentSummary, AppError> {
    Ok(DocumentSummary {
        can_delete: row.uploaded_by_account_id == Some(viewer_account) && row.received_at.is_none(),
        id: row.id,
        title: row.title,
        note: row.note,
        file_name: row.file_name,
        content_type: row.content_type,
        size: u64::try_from(row.size).map_err(|_| AppError::Corrupt("negative size".into()))?,
        source: decode_enum(&row.source)?,
        uploaded_by: row.uploaded_by_name,
        uploaded_at: row.created_at,
        received_at: row.received_at.map(|at| at.0),
        scan_state: decode_enum(&row.scan_state)?,
        goal_id: row.goal_id,
    })
}

pub async fn load(
    db: &Db,
    citizen_id: i64,
    ids: &[i64],
    viewer_account: i64,
) -> Result<Vec<DocumentSummary>, AppError> {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let row: DocumentRow = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM documents WHERE id = $1 AND citizen_id = $2"
        ))
        .bind(id)
        .bind(citizen_id)
        .fetch_one(db)
        .await?;
        out.push(summary(row, viewer_account)?);
    }
    Ok(out)
}

/// The documents `acting` sees, oldest first, each with the SHA-256 of its bytes: one
/// query, for the copy of the citizen's data.
pub async fn visible_with_hashes(
    db: &Db,
    acting: &Acting,
) -> Result<Vec<(DocumentSummary, String)>, AppError> {
    #[derive(sqlx::FromRow)]
    struct Hashed {
        #[sqlx(flatten)]
        row: DocumentRow,
        sha256: String,
    }
    let rows: Vec<Hashed> = sqlx::query_as(&format!(
        "SELECT {COLUMNS}, sha256 FROM documents WHERE citizen_id = $1 AND {} ORDER BY created_at, id",
        acting.visible_documents()
    ))
    .bind(acting.citizen_id)
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|hashed| Ok((summary(hashed.row, acting.who.account_id)?, hashed.sha256)))
        .collect()
}

/// Lists the citizen's documents, newest first.
///
/// Someone acting for the citizen does not see documents hidden from them as sensitive.
#[utoipa::path(
    get,
    path = "/documents",
    operation_id = "list_documents",
    tag = "documents",
    responses((status = 200, description = "The documents the caller may see, newest first", body = Vec<DocumentSummary>))
)]
async fn list(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<DocumentSummary>>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadDocuments).await?;
    let who = &acting.who;
    let rows: Vec<DocumentRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM documents WHERE citizen_id = $1 AND {} ORDER BY created_at DESC, id DESC",
        acting.visible_documents()
    ))
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|row| summary(row, who.account_id))
            .collect::<Result<_, _>>()?,
    ))
}

/// The space all of a citizen's documents take, counted against their quota.
pub async fn used_bytes(conn: &mut crate::db::Conn, citizen_id: i64) -> Result<u64, AppError> {
    // PostgreSQL sums BIGINTs as NUMERIC; the cast keeps the answer an integer on both.
    let used: i64 = sqlx::query_scalar(
        "SELECT CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM documents WHERE citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_one(conn)
    .await?;
    u64::try_from(used).map_err(|_| AppError::Corrupt(format!("negative document sizes: {used}")))
}

/// Reads the upload limits and the space the citizen's documents already take.
#[utoipa::path(
    get,
    path = "/documents/limits",
    operation_id = "get_upload_limits",
    tag = "documents",
    responses((status = 200, description = "The largest file, the most files at once, the quota and the space used, in bytes", body = UploadLimits))
)]
async fn upload_limits(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<UploadLimits>, AppError> {
    // The space used is shown to whoever may upload; reading it is not logged.
    let citizen_id = acting.permit(Action::UploadDocuments)?.citizen_id;
    let used = used_bytes(&mut *state.db.acquire().await?, citizen_id).await?;
    let limits = state.settings.limits;
    Ok(Json(UploadLimits {
        max_file_bytes: limits.max_file_bytes,
        max_files: u32::try_from(limits.max_files).unwrap_or(u32::MAX),
        quota_bytes: limits.quota_bytes,
        used_bytes: used,
    }))
}

/// `Content-Disposition` with an ASCII fallback and the real name in RFC 5987 form.
fn attachment(file_name: &str) -> String {
    let ascii: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = file_name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

/// Downloads a document's file, served as the type its bytes were found to be.
///
/// The read is in the citizen's access log.
#[utoipa::path(
    get,
    path = "/documents/{id}/file",
    operation_id = "download_document",
    tag = "documents",
    params(("id" = i64, Path)),
    // `openapi::name_file_types` turns this into one binary body per type a file can have.
    responses((status = 200, description = "The file, verified against its SHA-256", content_type = "application/octet-stream", body = Vec<u8>))
)]
async fn download(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(id): ApiPath<i64>,
) -> Result<Response, AppError> {
    let permit = acting.permit(Action::ReadDocuments)?;
    // Someone else's document, or one hidden as sensitive, is "not found", exactly like
    // one that does not exist.
    let row: (String, String, String, i64, String) = sqlx::query_as(&format!(
        "SELECT sha256, file_name, content_type, size, title FROM documents
         WHERE id = $1 AND citizen_id = $2 AND {}",
        acting.visible_documents()
    ))
    .bind(id)
    .bind(permit.citizen_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let (sha256, file_name, content_type, size, title) = row;
    permit.log_now(&state.db, &title).await?;
    file_response(&state, id, &sha256, &file_name, content_type, size).await
}

/// Records bytes stored before the transaction ([`store::DocumentStore::commit`], the slow
/// part with an object store, which no one waits for) as a `blobs` row in the caller's
/// transaction, beside the document row that will point at it. A crash in between leaves
/// an orphan file (removed after a day), never a row without bytes.
///
/// The transaction holds the blob's key ([`Key::blob`], taken at its start with the
/// others, in order). A blob no row named may have been removed as unused between storing
/// and now ([`store::DocumentStore::remove_if_unused`], under the same key): that is
/// checked here, and the request fails rather than name missing bytes.
pub(crate) async fn record_blob(
    store: &store::DocumentStore,
    conn: &mut crate::db::Conn,
    sha256: &str,
    size: u64,
    at: &str,
) -> Result<(), AppError> {
    let added = sqlx::query(
        "INSERT INTO blobs (sha256, size, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(sha256)
    .bind(size as i64)
    .bind(at)
    .execute(conn)
    .await?
    .rows_affected();
    if added == 1 && !store.exists(sha256).await? {
        return Err(AppError::Storage(std::io::Error::other(format!(
            "blob {sha256} was removed as unused while this upload stored it; a retry stores it again"
        ))));
    }
    Ok(())
}

/// After documents were deleted: deletes the `blobs` row of bytes no document names any
/// more, in the caller's transaction (which holds the blob's key). True when it did; the
/// bytes are then removed after the commit (`DocumentStore::remove_if_unused`).
pub(crate) async fn forget_blob_if_unnamed(
    conn: &mut crate::db::Conn,
    sha256: &str,
) -> Result<bool, AppError> {
    let named: Option<i64> = sqlx::query_scalar("SELECT 1 FROM documents WHERE sha256 = $1 LIMIT 1")
        .bind(sha256)
        .fetch_optional(&mut *conn)
        .await?;
    if named.is_some() {
        return Ok(false);
    }
    sqlx::query("DELETE FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// A stored document as a download: its bytes are checked against their SHA-256 before the
/// first byte goes out, then streamed.
pub(crate) async fn file_response(
    state: &AppState,
    id: i64,
    sha256: &str,
    file_name: &str,
    content_type: String,
    size: i64,
) -> Result<Response, AppError> {
    let file =
        state.documents.open_verified(sha256).await?.ok_or_else(|| {
            AppError::Corrupt(format!("document {id}: stored bytes no longer match {sha256}"))
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_LENGTH, size.to_string()),
            (header::CONTENT_DISPOSITION, attachment(file_name)),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from_stream(ReaderStream::new(file)),
    )
        .into_response())
}

/// Links a document to a goal of the plan, or unlinks it.
///
/// "Tell us once": a document already in the file is linked without sending its bytes again.
#[utoipa::path(
    put,
    path = "/documents/{id}/goal",
    operation_id = "link_document_to_goal",
    tag = "documents",
    params(("id" = i64, Path)),
    request_body(content = LinkGoal, example = json!({"goal_id": 2})),
    responses((status = 200, description = "The document with its goal as now linked", body = DocumentSummary))
)]
async fn link_goal(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(id): ApiPath<i64>,
    ApiJson(link): ApiJson<LinkGoal>,
) -> Result<Json<DocumentSummary>, AppError> {
    let permit = acting.permit(Action::ChangeDocuments)?;
    let citizen_id = permit.citizen_id;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    // The document first: one the actor may not change is "not found" whatever the goal.
    let found: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM documents WHERE id = $1 AND citizen_id = $2 AND {}",
        acting.changeable_documents()
    ))
    .bind(id)
    .bind(citizen_id)
    .fetch_optional(&mut *tx)
    .await?;
    found.ok_or(AppError::NotFound)?;
    if let Some(goal_id) = link.goal_id {
        acting.check_goal(&mut tx, goal_id).await?;
    }
    sqlx::query("UPDATE documents SET goal_id = $1 WHERE id = $2")
        .bind(link.goal_id)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    permit.log(&mut tx, &format!("{id}")).await?;
    tx.commit().await?;
    let mut documents = load(&state.db, citizen_id, &[id], acting.who.account_id).await?;
    documents.pop().ok_or(AppError::NotFound).map(Json)
}

/// Deletes a document the signed-in person uploaded, until the municipality has received it.
#[utoipa::path(
    delete,
    path = "/documents/{id}",
    operation_id = "delete_document",
    tag = "documents",
    params(("id" = i64, Path)),
    responses((status = 204, description = "The document is deleted"))
)]
async fn delete(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, AppError> {
    let permit = acting.permit(Action::ChangeDocuments)?;
    let who = &acting.who;
    // A document's bytes never change: their key is read first, to remove them (if no
    // other document has the same) without crossing an upload of the same bytes.
    let sha256: Option<String> = sqlx::query_scalar("SELECT sha256 FROM documents WHERE id = $1")
        .bind(id)
        .fetch_optional(&state.db)
        .await?;
    let mut keys = vec![Key::citizen(permit.citizen_id)];
    keys.extend(sha256.as_deref().map(Key::blob));
    let mut tx = crate::db::begin_write(&state.db, &keys).await?;
    let row: Option<(String, Option<i64>, Option<crate::db::Ts>)> = sqlx::query_as(&format!(
        "SELECT sha256, uploaded_by_account_id, received_at FROM documents
         WHERE id = $1 AND citizen_id = $2 AND {}",
        acting.changeable_documents()
    ))
    .bind(id)
    .bind(permit.citizen_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (sha256, uploader, received_at) = row.ok_or(AppError::NotFound)?;
    if uploader != Some(who.account_id) {
        return Err(AppError::Forbidden);
    }
    // Once the municipality has received it, it is part of the case: no longer the
    // citizen's to delete.
    if received_at.is_some() {
        return Err(AppError::Conflict);
    }
    sqlx::query("DELETE FROM documents WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let unnamed = forget_blob_if_unnamed(&mut tx, &sha256).await?;
    permit.log(&mut tx, &format!("{id}")).await?;
    tx.commit().await?;
    if unnamed {
        // After the commit: a crash here leaves an unreferenced blob, removed at start-up.
        state.documents.remove_if_unused(&state.db, &sha256).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::attachment;

    #[test]
    fn download_names_are_quoted_safely_and_keep_danish_letters_encoded() {
        assert_eq!(
            attachment("lønseddel \"maj\".pdf"),
            "attachment; filename=\"l_nseddel _maj_.pdf\"; filename*=UTF-8''l%C3%B8nseddel%20%22maj%22.pdf"
        );
    }
}
