//! Case systems sending the citizen what the municipality has: letters (shared documents)
//! and combined decisions. Both are published once: the same external id again changes
//! nothing, and a published decision is never rewritten.

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::integration::{DecisionWrite, IntegrationErrorBody, WriteOutcome, Written};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::error::{IntegrationError, IntegrationJson, IntegrationPath};
use super::refs::{self, Kind, Known, text};
use super::systems::{Scope, System};
use crate::appeal::deadline;
use crate::audit;
use crate::db::{Key, begin_write, encode_enum, timestamp};
use crate::documents::names;
use crate::documents::upload::{self, Description};
use crate::error::{AppError, refuse_nul};
use crate::notifications::outbox;
use crate::state::AppState;
use samlet_api::notifications::EventKind;

pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    let body_limit = usize::try_from(state.settings.limits.max_request_bytes()).unwrap_or(usize::MAX);
    OpenApiRouter::new()
        .routes(routes!(share_document).layer(DefaultBodyLimit::max(body_limit)))
        .routes(routes!(put_decision))
}

/// The multipart form of `share_document`, for the OpenAPI document.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
pub struct SharedDocumentForm {
    /// The municipality's identifier of the person.
    person_ref: String,
    title: String,
    /// The name the citizen sees as the sender, e.g. "Jobcenter Aarhus".
    sender: Option<String>,
    /// PDF, JPEG, PNG, HEIC, DOCX or ODT.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Share a letter or another document with a citizen.
///
/// A multipart form with `person_ref`, `title`, optional `sender` (the name the citizen
/// sees, e.g. "Jobcenter Aarhus") and `file`, in any order. The file is checked like a
/// citizen's upload (type by its bytes, size, encrypted PDF, virus). Shared once: the same
/// external id again, with the same form and file, answers 200 with the first document and
/// changes nothing; another document under it is refused with 409 `conflict`.
#[utoipa::path(
    post,
    path = "/shared-documents/{external_id}",
    operation_id = "share_document",
    tag = "integration",
    security(("case_system" = ["documents"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = SharedDocumentForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Shared", body = Written),
        (status = 200, description = "Shared before under this external id; nothing changed", body = Written),
        (status = 409, description = "Another document was shared under this external id (`conflict`)", body = IntegrationErrorBody)
    )
)]
pub async fn share_document(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, Json<Written>), IntegrationError> {
    system.require(Scope::Documents)?;
    let mut multipart = multipart?;
    let external_id = refs::external_id(&external_id)?.to_owned();
    // The fields may come in any order (generated clients send them as they like): the
    // file is staged as it streams in, and the texts are applied to it at the end.
    let (mut person_ref, mut sender, mut title, mut staged) = (None, None, None, None);
    while let Some(field) = multipart.next_field().await.map_err(upload::multipart_error)? {
        let name = field.name().unwrap_or_default().to_owned();
        match name.as_str() {
            "person_ref" | "sender" | "title" if field.file_name().is_none() => {
                let value = field.text().await.map_err(upload::multipart_error)?;
                refuse_nul(&name, &value)?;
                let slot = match name.as_str() {
                    "person_ref" => &mut person_ref,
                    "sender" => &mut sender,
                    _ => &mut title,
                };
                if slot.replace(value).is_some() {
                    return Err(AppError::BadRequest(format!("{name}: sent twice")).into());
                }
            }
            "file" if staged.is_none() => {
                let limits = state.settings.limits;
                staged = Some(upload::stage(&state, field, limits, Description::default()).await?);
            }
            "file" => return Err(AppError::BadRequest("file: one file per shared document".into()).into()),
            other => {
                return Err(AppError::BadRequest(format!(
                    "{other}: not a field of a shared document (person_ref, title, sender, file)"
                ))
                .into());
            }
        }
    }
    let person_ref = person_ref.ok_or_else(|| AppError::BadRequest("person_ref: required".into()))?;
    let person_ref = text("person_ref", &person_ref, 64)?.to_owned();
    let title = names::title(&title.ok_or_else(|| AppError::BadRequest("title: required".into()))?);
    let title = text("title", &title, 300)?.to_owned();
    let mut file = staged.ok_or_else(|| AppError::BadRequest("file: required".into()))?;
    file.title = title;
    let sender = match sender.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(sender) => Some(text("sender", sender, 200)?.to_owned()),
        None => None,
    };
    let sender = sender.unwrap_or_else(|| "Kommunen".into());
    // A retry is checked like the first request (the whole form, the file), and is only a
    // retry if it shares the same: another letter under a used external id is refused.
    let fingerprint = refs::fingerprint(&(&person_ref, &file.title, &sender, &file.sha256));
    let now = Utc::now();
    // The bytes first, outside the transaction (see documents::record_blob).
    file.store(&state.documents).await?;
    let mut tx = begin_write(&state.db, &[]).await?;
    // The item, the citizen and the blob, in this order (see db::lock).
    refs::lock(&mut tx, &system, Kind::Document, &external_id, &[]).await?;
    // Inside the write: a retry racing this request may have shared it meanwhile.
    if let Known::At {
        local_id,
        fingerprint: before,
        ..
    } = refs::find(&mut tx, system.id, Kind::Document, &external_id).await?
    {
        if before.is_some_and(|before| before != fingerprint) {
            return Err(AppError::Unappliable(
                "external_id: another document was shared under this external id, and a shared document never changes; share the new one under a new external id".into(),
            )
            .into());
        }
        return Ok((
            StatusCode::OK,
            Json(Written {
                id: local_id,
                outcome: WriteOutcome::Unchanged,
            }),
        ));
    }
    let citizen_id = refs::citizen(&mut tx, &system, &person_ref).await?.id;
    crate::db::lock(&mut tx, &[Key::citizen(citizen_id), Key::blob(&file.sha256)]).await?;
    crate::documents::record_blob(
        &state.documents,
        &mut tx,
        &file.sha256,
        file.size,
        &timestamp(now),
    )
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO documents (citizen_id, sha256, title, file_name, content_type, size, source,
                                uploaded_by_name, scan_state, received_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'municipality', $7, $8, $9, $9) RETURNING id",
    )
    .bind(citizen_id)
    .bind(&file.sha256)
    .bind(&file.title)
    .bind(&file.file_name)
    .bind(file.content_type)
    .bind(file.size as i64)
    .bind(&sender)
    .bind(file.scan_state)
    .bind(timestamp(now))
    .fetch_one(&mut *tx)
    .await?;
    refs::remember(
        &mut tx,
        system.id,
        Kind::Document,
        &external_id,
        id,
        (1, Some(fingerprint)),
        now,
    )
    .await?;
    audit::record_system(
        &mut tx,
        citizen_id,
        &system.name,
        Action::ShareDocument,
        &file.title,
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(Written {
            id,
            outcome: WriteOutcome::Created,
        }),
    ))
}

/// Publish a combined decision with its parts.
///
/// The citizen can read it and appeal any of its parts until the deadline, which follows
/// from `sent_at`. A published decision never changes: the same version again is
/// `unchanged` (409 `version_conflict` if it says something else), another version is
/// refused with 409 `conflict`; publish a changed decision under a new external id.
#[utoipa::path(
    put,
    path = "/decisions/{external_id}",
    operation_id = "publish_decision",
    tag = "integration",
    security(("case_system" = ["decisions"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = DecisionWrite, example = json!({"person_ref": "0101901234", "version": 1, "title": "Afgørelse om ressourceforløb", "channel": "digital_post", "sent_at": "2026-12-01T10:00:00+01:00", "reasoning": "Vi har set på din situation som helhed.", "appeal_guidance": "Du kan klage over afgørelsen inden 4 uger.", "document": "BREV-1", "parts": [{"intervention": "Ressourceforløb", "outcome": "granted", "law": "LAB § 68 b", "explanation": "Du får et ressourceforløb i et år."}]})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = "Another version of a published decision (`conflict`), or this version said something else (`version_conflict`)", body = IntegrationErrorBody))
)]
pub async fn put_decision(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<DecisionWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Decisions)?;
    let external_id = refs::external_id(&external_id)?;
    let version = refs::version(write.version)?;
    // Shown to the citizen as the decision's name: no invisible format characters.
    let title = names::title(&write.title);
    let title = text("title", &title, 300)?;
    let reasoning = text("reasoning", &write.reasoning, 20_000)?;
    let guidance = text("appeal_guidance", &write.appeal_guidance, 20_000)?;
    if write.parts.is_empty() {
        return Err(AppError::BadRequest("parts: a decision has at least one part".into()).into());
    }
    for (i, part) in write.parts.iter().enumerate() {
        text(&format!("parts[{i}].intervention"), &part.intervention, 300)?;
        text(&format!("parts[{i}].law"), &part.law, 300)?;
        text(&format!("parts[{i}].explanation"), &part.explanation, 5_000)?;
    }
    let fingerprint = refs::fingerprint(&write);
    let now = Utc::now();
    let mut tx = begin_write(&state.db, &[]).await?;
    refs::lock(&mut tx, &system, Kind::Decision, external_id, &[]).await?;
    match refs::find(&mut tx, system.id, Kind::Decision, external_id).await? {
        Known::At {
            version: published, ..
        } if version != published => {
            return Err(AppError::Unappliable(format!(
                "version: version {published} of this decision is published, and a published decision never changes; publish the new decision under a new external id"
            ))
            .into());
        }
        known @ Known::At { local_id, .. } => {
            // The same version again: a retry, unless it says something else.
            known.outcome(version, fingerprint)?;
            return Ok(Json(Written {
                id: local_id,
                outcome: WriteOutcome::Unchanged,
            }));
        }
        Known::New => {}
    }
    let citizen_id = refs::citizen(&mut tx, &system, &write.person_ref).await?.id;
    crate::db::lock(&mut tx, &[Key::citizen(citizen_id)]).await?;
    let document_id = match write.document.as_deref().filter(|d| !d.is_empty()) {
        None => None,
        Some(document) => match refs::find(&mut tx, system.id, Kind::Document, document).await? {
            Known::At { local_id, .. } => Some(local_id),
            Known::New => {
                return Err(AppError::BadRequest(
                    "document: no shared document with this external id from this system".into(),
                )
                .into());
            }
        },
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO decisions (citizen_id, title, channel, sent_at, reasoning, appeal_guidance, document_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(citizen_id)
    .bind(title)
    .bind(encode_enum(&write.channel)?)
    .bind(timestamp(write.sent_at))
    .bind(reasoning)
    .bind(guidance)
    .bind(document_id)
    .bind(timestamp(now))
    .fetch_one(&mut *tx)
    .await?;
    for (position, part) in write.parts.iter().enumerate() {
        sqlx::query(
            "INSERT INTO decision_parts (decision_id, position, intervention, outcome, law, explanation)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(position as i64 + 1)
        .bind(part.intervention.trim())
        .bind(encode_enum(&part.outcome)?)
        .bind(part.law.trim())
        .bind(part.explanation.trim())
        .execute(&mut *tx)
        .await?;
    }
    refs::remember(
        &mut tx,
        system.id,
        Kind::Decision,
        external_id,
        id,
        (version, Some(fingerprint)),
        now,
    )
    .await?;
    audit::record_system(&mut tx, citizen_id, &system.name, Action::PublishDecision, title).await?;
    let deadline = deadline::deadline(deadline::received_on(
        write.sent_at,
        write.channel,
        state.settings.delivery,
    ));
    let event = || outbox::Event {
        on_date: Some(deadline),
        ..EventKind::Decision.into()
    };
    outbox::announce(&mut tx, citizen_id, event(), now).await?;
    if state.channels.digital_post.is_some() {
        outbox::to_digital_post(&mut tx, citizen_id, event(), now).await?;
    }
    tx.commit().await?;
    Ok(Json(Written {
        id,
        outcome: WriteOutcome::Created,
    }))
}
