//! `POST /api/documents`: one or more files in a multipart body, each streamed to a temp
//! file chunk by chunk while it is hashed, sized and sniffed; committed only when every
//! file of the request passed.
//!
//! Text fields `title`, `note` and `goal_id` before a `file` field describe that file.
//! An `Idempotency-Key` header makes a retry return the documents of the first attempt.

use axum::Json;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};

use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use chrono::Utc;
use samlet_api::documents::DocumentSummary;
use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use super::kinds::{self, EncryptionScan, HEAD_BYTES};
use super::names;
use super::scan::Verdict;
use super::store::{DocumentStore, TempFile, hex};
use crate::access::Acting;
use crate::db::{Key, timestamp};
use crate::error::{AppError, FileRefusal};
use crate::proxies::ClientAddress;
use crate::state::{AppState, DocumentLimits};
use samlet_api::audit::Action;

/// One file of the request, written to disk and checked, not yet committed.
pub(crate) struct Staged {
    /// The staging file, until [`Staged::store`] moves its bytes into the store.
    temp: Option<TempFile>,
    pub(crate) sha256: String,
    pub(crate) size: u64,
    pub(crate) content_type: &'static str,
    pub(crate) scan_state: &'static str,
    pub(crate) file_name: String,
    pub(crate) title: String,
    note: String,
    goal_id: Option<i64>,
}

impl Staged {
    /// Stores the bytes under their SHA-256, before any transaction (see
    /// [`super::record_blob`]); storing them again is harmless.
    pub(crate) async fn store(&mut self, documents: &DocumentStore) -> Result<(), AppError> {
        if let Some(temp) = self.temp.take() {
            documents.commit(temp, &self.sha256).await?;
        }
        Ok(())
    }
}

#[derive(Default)]
pub(crate) struct Description {
    pub(crate) title: Option<String>,
    note: Option<String>,
    goal_id: Option<i64>,
}

pub(crate) fn multipart_error(error: MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::File(FileRefusal::TooLarge)
    } else {
        AppError::BadRequest(error.body_text())
    }
}

pub(crate) async fn text(field: Field<'_>, name: &str) -> Result<String, AppError> {
    let value = field.text().await.map_err(multipart_error)?;
    crate::error::refuse_nul(name, &value)?;
    if value.chars().count() > 500 {
        return Err(AppError::BadRequest(format!("{name}: højst 500 tegn")));
    }
    Ok(value.trim().to_owned())
}

pub(crate) async fn stage(
    state: &AppState,
    mut field: Field<'_>,
    limits: DocumentLimits,
    description: Description,
) -> Result<Staged, AppError> {
    let (temp, file) = state.documents.temp_file().await?;
    // Multipart chunks are small; each write to a tokio file is a trip to the blocking
    // pool, so they are gathered into 1 MB writes.
    let mut file = tokio::io::BufWriter::with_capacity(1024 * 1024, file);
    let mut hasher = Sha256::new();
    let mut head = Vec::with_capacity(HEAD_BYTES);
    let mut encryption = EncryptionScan::default();
    let upload = crate::operations::metrics::Upload::start();
    let mut size: u64 = 0;
    while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
        size += chunk.len() as u64;
        if size > limits.max_file_bytes {
            return Err(AppError::File(FileRefusal::TooLarge));
        }
        if head.len() < HEAD_BYTES {
            let take = chunk.len().min(HEAD_BYTES - head.len());
            head.extend_from_slice(&chunk[..take]);
        }
        hasher.update(&chunk);
        encryption.feed(&chunk);
        file.write_all(&chunk).await?;
        upload.bytes(chunk.len());
    }
    if size == 0 {
        return Err(AppError::File(FileRefusal::Empty));
    }
    let content_type = kinds::sniff(&head)?;
    let file_name = names::stored_file_name(field.file_name().unwrap_or_default(), content_type);
    if content_type == "application/pdf" && encryption.found {
        return Err(AppError::File(FileRefusal::EncryptedPdf));
    }
    file.flush().await?;
    file.get_ref().sync_all().await?;
    let scan_state = match &state.settings.scanner {
        None => "unscanned",
        Some(scanner) => match scanner.scan(temp.path()).await {
            Ok(Verdict::Clean) => "clean",
            Ok(Verdict::Infected(signature)) => {
                tracing::warn!(%signature, "upload refused: malware found");
                return Err(AppError::File(FileRefusal::Malware));
            }
            // Never stored unscanned when a scanner is expected.
            Err(error) => return Err(AppError::ScanUnavailable(error)),
        },
    };
    let title = description
        .title
        .map(|t| names::title(&t))
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| title_from(&file_name));
    Ok(Staged {
        temp: Some(temp),
        sha256: hex(&hasher.finalize()),
        size,
        content_type,
        scan_state,
        file_name,
        title,
        note: description.note.unwrap_or_default(),
        goal_id: description.goal_id,
    })
}

/// "lønseddel_maj.pdf" becomes "lønseddel maj".
fn title_from(file_name: &str) -> String {
    let stem = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem);
    stem.replace(['_', '-'], " ").trim().to_owned()
}

/// Reads a body to its end before answering without it: a server that answers while the
/// browser is still sending makes the connection reset, and the browser then reports a
/// failure instead of the answer (a receipt for a retry, or a refusal).
pub(crate) async fn drain(multipart: &mut Multipart) -> Result<(), AppError> {
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        while field.chunk().await.map_err(multipart_error)?.is_some() {}
    }
    Ok(())
}

/// The multipart form of `upload`, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct UploadForm {
    title: String,
    note: Option<String>,
    /// A goal of the plan the documents belong to.
    goal_id: Option<i64>,
    /// One or more files (PDF, JPEG, PNG, HEIC), after the fields above.
    #[schema(value_type = Vec<String>, format = Binary)]
    file: Vec<Vec<u8>>,
}

/// Uploads one or more documents to the citizen's file.
///
/// Each file is checked before any is kept: its type by its bytes, its size, the quota,
/// an encrypted PDF, and a virus where a scanner is set up.
#[utoipa::path(
    post,
    path = "/documents",
    operation_id = "upload_documents",
    tag = "documents",
    params(("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the documents of the first upload (200) and stores nothing")),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "The documents as stored, one per file, in the order sent", body = Vec<DocumentSummary>),
        (status = 200, description = "A retry of an upload already stored with this key", body = Vec<DocumentSummary>)
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    acting: Acting,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Vec<DocumentSummary>>), AppError> {
    let permit = acting.permit(Action::UploadDocuments)?;
    let citizen_id = permit.citizen_id;
    let mut multipart = multipart?;
    let who = &acting.who;

    let limits = state.settings.limits;
    // Refuse early, before reading a byte, what cannot fit anyway.
    let declared: Option<u64> = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    if declared.is_some_and(|len| len > limits.max_request_bytes()) {
        return Err(AppError::File(FileRefusal::TooLarge));
    }
    let key = crate::idempotency::key(&headers)?;
    if let Some(key) = &key {
        let mut conn = state.db.acquire().await?;
        let earlier = earlier_upload(&mut conn, citizen_id, who.account_id, key).await?;
        drop(conn);
        if !earlier.is_empty() {
            drain(&mut multipart).await?;
            return receipt(&state, &acting, &earlier).await;
        }
    }
    // A retry of an accepted upload (above) always gets its receipt; new uploads are limited.
    if let Err(refusal) = crate::limits::check_upload(&state, who.account_id, address).await {
        drain(&mut multipart).await?;
        return Err(refusal);
    }
    // An early refusal of what cannot fit; the quota is kept inside the write below.
    let used = {
        let mut conn = state.db.acquire().await?;
        super::used_bytes(&mut conn, citizen_id).await?
    };
    if declared.is_some_and(|len| used + len > limits.quota_bytes + 1024 * 1024) {
        return Err(AppError::File(FileRefusal::Quota));
    }

    let mut staged: Vec<Staged> = Vec::new();
    let mut description = Description::default();
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        match field.name().unwrap_or_default() {
            "title" => description.title = Some(text(field, "title").await?),
            "note" => description.note = Some(text(field, "note").await?),
            "goal_id" => {
                let value = text(field, "goal_id").await?;
                description.goal_id = Some(
                    value
                        .parse()
                        .map_err(|_| AppError::BadRequest("goal_id: skal være et tal".into()))?,
                );
            }
            "file" => {
                if staged.len() == limits.max_files {
                    return Err(AppError::File(FileRefusal::TooMany));
                }
                staged.push(stage(&state, field, limits, std::mem::take(&mut description)).await?);
            }
            other => return Err(AppError::BadRequest(format!("ukendt felt: {other}"))),
        }
    }
    if staged.is_empty() {
        return Err(AppError::BadRequest("file: vælg mindst én fil".into()));
    }
    let total: u64 = staged.iter().map(|s| s.size).sum();

    let now = Utc::now();
    // What would refuse the upload, checked before its bytes are stored (and again below,
    // inside the write, where it counts): a refused upload leaves nothing in the store.
    {
        let mut conn = state.db.acquire().await?;
        if super::used_bytes(&mut conn, citizen_id).await? + total > limits.quota_bytes {
            return Err(AppError::File(FileRefusal::Quota));
        }
        for goal_id in staged.iter().filter_map(|s| s.goal_id) {
            acting.check_goal(&mut conn, goal_id).await?;
        }
    }
    // The bytes go to the store before the transaction: with an object store that is a copy
    // of up to 20 × 25 MB, and no other write waits for it. Until the rows below commit,
    // what is stored is an orphan that no one sees.
    let mut keys = vec![Key::citizen(citizen_id)];
    for file in &mut staged {
        file.store(&state.documents).await?;
        keys.push(Key::blob(&file.sha256));
    }
    // This citizen's writes (the quota, an idempotency key) and these blobs: nobody else's.
    let mut tx = crate::db::begin_write(&state.db, &keys).await?;
    // Inside the write: a retry racing this request may have committed meanwhile, and the
    // quota is read and spent in the same transaction, so two uploads cannot both pass it.
    if let Some(key) = &key {
        let earlier = earlier_upload(&mut tx, citizen_id, who.account_id, key).await?;
        if !earlier.is_empty() {
            drop(tx);
            return receipt(&state, &acting, &earlier).await;
        }
    }
    if super::used_bytes(&mut tx, citizen_id).await? + total > limits.quota_bytes {
        return Err(AppError::File(FileRefusal::Quota));
    }
    for goal_id in staged.iter().filter_map(|s| s.goal_id) {
        acting.check_goal(&mut tx, goal_id).await?;
    }
    for file in &staged {
        super::record_blob(
            &state.documents,
            &mut tx,
            &file.sha256,
            file.size,
            &timestamp(now),
        )
        .await?;
    }
    // Last, so the documents feed is held only from the first insert to the commit.
    crate::db::lock(&mut tx, &[Key::feed("documents")]).await?;
    let several = staged.len() > 1;
    let mut ids = Vec::with_capacity(staged.len());
    for (index, file) in staged.into_iter().enumerate() {
        let inserted = sqlx::query_scalar::<_, i64>(
            "INSERT INTO documents (citizen_id, sha256, title, note, file_name, content_type, size, source,
                                    uploaded_by_account_id, uploaded_by_name, goal_id, scan_state,
                                    idempotency_key, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $14, $8, $9, $10, $11, $12, $13)
             RETURNING id",
        )
        .bind(citizen_id)
        .bind(&file.sha256)
        .bind(&file.title)
        .bind(&file.note)
        .bind(&file.file_name)
        .bind(file.content_type)
        .bind(file.size as i64)
        .bind(who.account_id)
        .bind(&who.name)
        .bind(file.goal_id)
        .bind(file.scan_state)
        .bind(key.as_ref().map(|k| {
            if several {
                format!("{k}#{index}")
            } else {
                k.clone()
            }
        }))
        .bind(timestamp(now))
        .bind(if acting.is_citizen() {
            "citizen"
        } else {
            "relative"
        })
        .fetch_one(&mut *tx)
        .await;
        let id = match inserted {
            Ok(id) => id,
            // The key is unique per citizen: a request with this key committed first (on
            // another server, without the lock this one holds), or someone else acting for
            // the citizen used the same key.
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() && key.is_some() => {
                drop(tx);
                let mut conn = state.db.acquire().await?;
                let earlier = earlier_upload(
                    &mut conn,
                    citizen_id,
                    who.account_id,
                    key.as_deref().unwrap_or_default(),
                )
                .await?;
                drop(conn);
                if earlier.is_empty() {
                    return Err(AppError::Conflict);
                }
                return receipt(&state, &acting, &earlier).await;
            }
            Err(other) => return Err(other.into()),
        };
        permit.log(&mut tx, &file.title).await?;
        ids.push(id);
    }
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(super::load(&state.db, citizen_id, &ids, who.account_id).await?),
    ))
}

/// The documents an earlier request with this `Idempotency-Key` stored: only the same
/// person's, so a key cannot be used to read what someone else sent.
async fn earlier_upload(
    conn: &mut crate::db::Conn,
    citizen_id: i64,
    account_id: i64,
    key: &str,
) -> Result<Vec<i64>, AppError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM documents WHERE citizen_id = $1 AND uploaded_by_account_id = $2
           AND (idempotency_key = $3 OR idempotency_key LIKE $4)
         ORDER BY id",
    )
    .bind(citizen_id)
    .bind(account_id)
    .bind(key)
    .bind(format!("{key}#%"))
    .fetch_all(conn)
    .await?)
}

/// The answer to a retry: the first request's documents, 200 instead of 201.
async fn receipt(
    state: &AppState,
    acting: &Acting,
    ids: &[i64],
) -> Result<(StatusCode, Json<Vec<DocumentSummary>>), AppError> {
    let documents = super::load(&state.db, acting.citizen_id, ids, acting.who.account_id).await?;
    Ok((StatusCode::OK, Json(documents)))
}
