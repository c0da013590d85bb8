//! The appeal form: its private draft, the one submission per decision, and what the
//! citizen adds afterwards.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use chrono::{DateTime, Datelike, Days, Utc};
use samlet_api::appeal::{
    APPEAL_TEXT_MAX_CHARS, AddToAppeal, Addition, Appeal, AppealDraft, AppealForm, AppealStatus, StatusEvent,
};

use super::{deadline, status};
use crate::access::Acting;
use crate::db::{Db, Key, Ts, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError, AppealRefusal};
use crate::state::AppState;
use samlet_api::audit::Action;

/// Every text of a form within the limit; drafts are checked for this alone.
fn check_lengths(form: &AppealForm) -> Result<(), AppealRefusal> {
    let texts = [&form.reason, &form.helper, &form.late_reason]
        .into_iter()
        .chain(form.part_reasons.iter().map(|r| &r.reason));
    for text in texts {
        if text.chars().count() > APPEAL_TEXT_MAX_CHARS {
            return Err(AppealRefusal::TextTooLong);
        }
    }
    Ok(())
}

/// A form fit to submit against a decision with `part_ids`: at least one part, only the
/// decision's own parts, reasons only for chosen parts, texts within the limit.
pub fn check_form(form: &AppealForm, part_ids: &[i64]) -> Result<(), AppealRefusal> {
    if form.part_ids.is_empty() {
        return Err(AppealRefusal::NoPartsSelected);
    }
    let chosen_known = form.part_ids.iter().all(|id| part_ids.contains(id));
    let reasons_for_chosen = form
        .part_reasons
        .iter()
        .all(|r| form.part_ids.contains(&r.part_id));
    if !chosen_known || !reasons_for_chosen {
        return Err(AppealRefusal::UnknownPart);
    }
    check_lengths(form)
}

/// The decision's part ids, after checking the decision is the citizen's (404 if not).
async fn own_decision_parts(db: &Db, citizen_id: i64, decision_id: i64) -> Result<Vec<i64>, AppError> {
    let own: Option<i64> = sqlx::query_scalar("SELECT 1 FROM decisions WHERE id = $1 AND citizen_id = $2")
        .bind(decision_id)
        .bind(citizen_id)
        .fetch_optional(db)
        .await?;
    own.ok_or(AppError::NotFound)?;
    Ok(
        sqlx::query_scalar("SELECT id FROM decision_parts WHERE decision_id = $1 ORDER BY position, id")
            .bind(decision_id)
            .fetch_all(db)
            .await?,
    )
}

/// Attached documents must be the citizen's, and ones the person acting may attach.
async fn check_documents(db: &Db, acting: &Acting, ids: &[i64]) -> Result<(), AppError> {
    if acting.may_attach(db, ids).await? {
        Ok(())
    } else {
        Err(AppealRefusal::UnknownPart.into())
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(|e| AppError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, AppError> {
    serde_json::from_str(text).map_err(|e| AppError::Corrupt(e.to_string()))
}

/// Reads the appeal draft saved for a decision.
///
/// Only someone who may lodge the appeal reads it, and the citizen's log says it was opened.
#[utoipa::path(
    get,
    path = "/decisions/{id}/draft",
    operation_id = "get_appeal_draft",
    tag = "appeal",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The saved draft and its version, or an empty draft with version 0 when none was saved", body = AppealDraft))
)]
pub async fn draft(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(decision_id): ApiPath<i64>,
) -> Result<Json<AppealDraft>, AppError> {
    // The draft is private: only someone who may lodge the appeal reads it, and Min log
    // says it was opened, not written.
    let permit = acting.permit(Action::ReadAppealDraft)?;
    let citizen_id = permit.citizen_id;
    permit.log_now(&state.db, "kladde").await?;
    own_decision_parts(&state.db, citizen_id, decision_id).await?;
    Ok(Json(
        saved_draft(&state.db, decision_id).await?.unwrap_or_default(),
    ))
}

/// The appeal draft of a decision, as last saved, if one was.
pub(crate) async fn saved_draft(db: &Db, decision_id: i64) -> Result<Option<AppealDraft>, AppError> {
    let row: Option<(String, i64, Ts)> =
        sqlx::query_as("SELECT form, version, saved_at FROM appeal_drafts WHERE decision_id = $1")
            .bind(decision_id)
            .fetch_optional(db)
            .await?;
    row.map(|(form, version, saved_at)| {
        Ok(AppealDraft {
            form: parse(&form)?,
            version,
            saved_at: Some(saved_at.0),
        })
    })
    .transpose()
}

/// Saves the appeal draft for a decision.
///
/// Saved only if nobody saved since `version` was read (another tab or device gets a 409
/// and keeps its text); a decision already appealed has no draft any more.
#[utoipa::path(
    put,
    path = "/decisions/{id}/draft",
    operation_id = "save_appeal_draft",
    tag = "appeal",
    params(("id" = i64, Path)),
    request_body(content = AppealDraft, example = json!({"form": {"part_ids": [3], "part_reasons": [{"part_id": 3, "reason": "Jeg kan ikke arbejde 37 timer om ugen."}], "reason": "Min læge kan bekræfte det.", "document_ids": [], "wants_meeting": true, "wants_call": false, "helper": "Anna Jensen, min søster", "late_reason": ""}, "version": 2, "saved_at": null})),
    responses((status = 200, description = "The draft as saved, with its new version and time", body = AppealDraft))
)]
pub async fn save_draft(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(decision_id): ApiPath<i64>,
    ApiJson(draft): ApiJson<AppealDraft>,
) -> Result<Json<AppealDraft>, AppError> {
    let permit = acting.permit(Action::WriteAppeal)?;
    let citizen_id = permit.citizen_id;
    own_decision_parts(&state.db, citizen_id, decision_id).await?;
    check_lengths(&draft.form)?;
    let now = Utc::now();
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    let appealed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM appeals WHERE decision_id = $1")
        .bind(decision_id)
        .fetch_optional(&mut *tx)
        .await?;
    if appealed.is_some() {
        return Err(AppealRefusal::AlreadyAppealed.into());
    }
    let current: i64 = sqlx::query_scalar("SELECT version FROM appeal_drafts WHERE decision_id = $1")
        .bind(decision_id)
        .fetch_optional(&mut *tx)
        .await?
        .unwrap_or(0);
    if current != draft.version {
        return Err(AppError::Conflict);
    }
    sqlx::query(
        "INSERT INTO appeal_drafts (decision_id, form, version, saved_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (decision_id) DO UPDATE SET form = excluded.form, version = excluded.version,
                                                 saved_at = excluded.saved_at",
    )
    .bind(decision_id)
    .bind(json(&draft.form)?)
    .bind(current + 1)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    permit.log(&mut tx, "kladde").await?;
    tx.commit().await?;
    Ok(Json(AppealDraft {
        form: draft.form,
        version: current + 1,
        saved_at: Some(now),
    }))
}

#[derive(sqlx::FromRow)]
pub(crate) struct AppealRow {
    id: i64,
    reference: String,
    #[sqlx(try_from = "crate::db::Ts")]
    submitted_at: DateTime<Utc>,
    submitted_by: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    late: bool,
    form: String,
    idempotency_key: Option<String>,
    status: String,
    #[sqlx(try_from = "crate::db::Day")]
    reconsider_by: chrono::NaiveDate,
    ankestyrelsen_case: Option<String>,
    acknowledged_at: Option<crate::db::Ts>,
}

pub(crate) async fn appeal_row(db: &Db, decision_id: i64) -> Result<Option<AppealRow>, AppError> {
    Ok(sqlx::query_as(
        "SELECT a.id, a.reference, a.submitted_at, a.late, a.form, a.idempotency_key, a.status, a.reconsider_by,
                a.ankestyrelsen_case, a.acknowledged_at,
                -- Named only when someone acted for the citizen.
                CASE WHEN c.account_id IS NOT DISTINCT FROM s.id THEN NULL ELSE s.display_name END AS submitted_by
         FROM appeals a JOIN decisions d ON d.id = a.decision_id JOIN citizens c ON c.id = d.citizen_id
              JOIN accounts s ON s.id = a.submitted_by_account_id
         WHERE a.decision_id = $1",
    )
    .bind(decision_id)
    .fetch_optional(db)
    .await?)
}

pub(crate) async fn load_appeal(db: &Db, decision_id: i64, row: AppealRow) -> Result<Appeal, AppError> {
    let additions: Vec<(String, String, Ts)> = sqlx::query_as(
        "SELECT text, document_ids, added_at FROM appeal_additions WHERE appeal_id = $1 ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(db)
    .await?;
    let events: Vec<(String, Ts, String)> =
        sqlx::query_as("SELECT status, at, note FROM appeal_events WHERE appeal_id = $1 ORDER BY id")
            .bind(row.id)
            .fetch_all(db)
            .await?;
    let status: AppealStatus = decode_enum(&row.status)?;
    Ok(Appeal {
        reference: row.reference,
        decision_id,
        submitted_at: row.submitted_at,
        submitted_by: row.submitted_by,
        late: row.late,
        form: parse(&row.form)?,
        additions: additions
            .into_iter()
            .map(|(text, ids, added_at)| {
                Ok(Addition {
                    text,
                    document_ids: parse(&ids)?,
                    added_at: added_at.0,
                })
            })
            .collect::<Result<_, AppError>>()?,
        status,
        reconsider_by: row.reconsider_by,
        ankestyrelsen_case: row.ankestyrelsen_case,
        timeline: events
            .into_iter()
            .map(|(status, at, note)| {
                Ok(StatusEvent {
                    status: decode_enum(&status)?,
                    at: at.0,
                    note,
                })
            })
            .collect::<Result<_, AppError>>()?,
        open_for_additions: status::open_for_additions(status),
        acknowledged_at: row.acknowledged_at.map(|at| at.0),
    })
}

/// Reads the appeal lodged against a decision, with its timeline; 404 when none was lodged.
#[utoipa::path(
    get,
    path = "/decisions/{id}/appeal",
    operation_id = "get_appeal",
    tag = "appeal",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The appeal: what was appealed, what was added since, and where it stands", body = Appeal))
)]
pub async fn appeal(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(decision_id): ApiPath<i64>,
) -> Result<Json<Appeal>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadDecisions).await?;
    own_decision_parts(&state.db, citizen_id, decision_id).await?;
    let row = appeal_row(&state.db, decision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(load_appeal(&state.db, decision_id, row).await?))
}

/// The existing appeal answers a retry of the same submission (same key); any other
/// submission for a decision already appealed is refused.
async fn replay(db: &Db, decision_id: i64, key: Option<&str>) -> Result<Option<Appeal>, AppError> {
    let Some(row) = appeal_row(db, decision_id).await? else {
        return Ok(None);
    };
    if key.is_some() && row.idempotency_key.as_deref() == key {
        return Ok(Some(load_appeal(db, decision_id, row).await?));
    }
    Err(AppealRefusal::AlreadyAppealed.into())
}

/// Lodges the one appeal against a decision.
///
/// Its parts, the event "received" and the removal of the draft commit together; a unique
/// index on the decision makes a double click, a retry or a second tab one appeal.
#[utoipa::path(
    post,
    path = "/decisions/{id}/appeal",
    operation_id = "submit_appeal",
    tag = "appeal",
    params(
        ("id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first answer")
    ),
    request_body(content = AppealForm, example = json!({"part_ids": [3], "part_reasons": [{"part_id": 3, "reason": "Jeg kan ikke arbejde 37 timer om ugen."}], "reason": "Min læge kan bekræfte det.", "document_ids": [], "wants_meeting": true, "wants_call": false, "helper": "Anna Jensen, min søster", "late_reason": ""})),
    responses(
        (status = 201, description = "The appeal, lodged: its reference, and \"received\" on its timeline", body = Appeal),
        (status = 200, description = "A retry of an appeal already lodged with this key", body = Appeal)
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(decision_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(form): ApiJson<AppealForm>,
) -> Result<(StatusCode, Json<Appeal>), AppError> {
    let permit = acting.permit(Action::WriteAppeal)?;
    let citizen_id = permit.citizen_id;
    let who = &acting.who;
    let key = crate::idempotency::key(&headers)?;
    let parts = own_decision_parts(&state.db, citizen_id, decision_id).await?;
    if let Some(earlier) = replay(&state.db, decision_id, key.as_deref()).await? {
        return Ok((StatusCode::OK, Json(earlier)));
    }
    check_form(&form, &parts)?;
    check_documents(&state.db, &acting, &form.document_ids).await?;
    let decision = super::load(
        &state.db,
        citizen_id,
        decision_id,
        state.settings.delivery,
        Utc::now(),
    )
    .await?;

    let now = Utc::now();
    let late = deadline::is_late(decision.deadline, now);
    // The municipality has four weeks from receiving the appeal to reconsider.
    let reconsider_by = deadline::danish_date(now) + Days::new(28);
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    crate::db::lock(&mut tx, &[Key::feed("appeals")]).await?;
    let inserted = sqlx::query_scalar::<_, i64>(
        "INSERT INTO appeals (decision_id, reference, submitted_by_account_id, submitted_at, late, form,
                              idempotency_key, status, reconsider_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'received', $8) RETURNING id",
    )
    .bind(decision_id)
    // Unique and temporary: the reference is made from the id just below.
    .bind(format!("pending-{decision_id}"))
    .bind(who.account_id)
    .bind(timestamp(now))
    .bind(crate::db::flag(late))
    .bind(json(&form)?)
    .bind(&key)
    .bind(reconsider_by.to_string())
    .fetch_one(&mut *tx)
    .await;
    let appeal_id = match inserted {
        Ok(id) => id,
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            // Another request for this decision committed first.
            let earlier = replay(&state.db, decision_id, key.as_deref()).await?;
            return earlier
                .map(|a| (StatusCode::OK, Json(a)))
                .ok_or(AppError::Conflict);
        }
        Err(other) => return Err(other.into()),
    };
    let reference = format!("KL-{}-{appeal_id:06}", deadline::danish_date(now).year());
    sqlx::query("UPDATE appeals SET reference = $1 WHERE id = $2")
        .bind(&reference)
        .bind(appeal_id)
        .execute(&mut *tx)
        .await?;
    for part_id in &form.part_ids {
        sqlx::query("INSERT INTO appeal_parts (appeal_id, part_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(appeal_id)
            .bind(part_id)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO appeal_events (appeal_id, status, at) VALUES ($1, $2, $3)")
        .bind(appeal_id)
        .bind(encode_enum(&AppealStatus::Received)?)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM appeal_drafts WHERE decision_id = $1")
        .bind(decision_id)
        .execute(&mut *tx)
        .await?;
    permit.log(&mut tx, &reference).await?;
    tx.commit().await?;
    crate::operations::metrics::appeal_lodged();
    let row = appeal_row(&state.db, decision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(load_appeal(&state.db, decision_id, row).await?),
    ))
}

/// Adds reasons or documents to an appeal already lodged.
///
/// "Appeal now, reasons later": each addition is stamped with its time, and what was
/// appealed stays as it was. Refused once the municipality has finished reconsidering.
#[utoipa::path(
    post,
    path = "/decisions/{id}/appeal/additions",
    operation_id = "add_to_appeal",
    tag = "appeal",
    params(
        ("id" = i64, Path),
        ("Idempotency-Key" = Option<String>, Header, description = "A retry with the same key returns the first answer (200) and adds nothing")
    ),
    request_body(content = AddToAppeal, example = json!({"text": "Jeg har fået en ny lægeerklæring.", "document_ids": [12]})),
    responses(
        (status = 201, description = "The appeal with the addition at the end of its additions", body = Appeal),
        (status = 200, description = "A retry of an addition already made", body = Appeal)
    )
)]
pub async fn add(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(decision_id): ApiPath<i64>,
    headers: HeaderMap,
    ApiJson(addition): ApiJson<AddToAppeal>,
) -> Result<(StatusCode, Json<Appeal>), AppError> {
    let permit = acting.permit(Action::WriteAppeal)?;
    let citizen_id = permit.citizen_id;
    let key = crate::idempotency::key(&headers)?;
    own_decision_parts(&state.db, citizen_id, decision_id).await?;
    let row = appeal_row(&state.db, decision_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A retry is answered before anything else is judged: the first request was accepted.
    if let Some(key) = &key
        && addition_made(&state.db, row.id, key).await?
    {
        return Ok((
            StatusCode::OK,
            Json(load_appeal(&state.db, decision_id, row).await?),
        ));
    }
    if addition.text.trim().is_empty() && addition.document_ids.is_empty() {
        return Err(AppError::BadRequest(
            "skriv en begrundelse eller vælg et dokument".into(),
        ));
    }
    if addition.text.chars().count() > APPEAL_TEXT_MAX_CHARS {
        return Err(AppealRefusal::TextTooLong.into());
    }
    check_documents(&state.db, &acting, &addition.document_ids).await?;
    if !status::open_for_additions(decode_enum(&row.status)?) {
        return Err(AppealRefusal::Closed.into());
    }
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    // Again inside the write: the municipality may have closed it meanwhile (it takes the
    // same citizen's key to do so).
    let status: String = sqlx::query_scalar("SELECT status FROM appeals WHERE id = $1")
        .bind(row.id)
        .fetch_one(&mut *tx)
        .await?;
    if !status::open_for_additions(decode_enum(&status)?) {
        return Err(AppealRefusal::Closed.into());
    }
    crate::db::lock(&mut tx, &[Key::feed("appeal_additions")]).await?;
    let inserted = sqlx::query(
        "INSERT INTO appeal_additions (appeal_id, text, document_ids, added_at, idempotency_key)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(row.id)
    .bind(addition.text.trim())
    .bind(json(&addition.document_ids)?)
    .bind(timestamp(Utc::now()))
    .bind(&key)
    .execute(&mut *tx)
    .await;
    match inserted {
        Ok(_) => {}
        // A request with the same key committed first (the unique index decides the race).
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            drop(tx);
            return Ok((
                StatusCode::OK,
                Json(load_appeal(&state.db, decision_id, row).await?),
            ));
        }
        Err(other) => return Err(other.into()),
    }
    permit.log(&mut tx, &row.reference).await?;
    tx.commit().await?;
    Ok((
        StatusCode::CREATED,
        Json(load_appeal(&state.db, decision_id, row).await?),
    ))
}

/// Whether an addition with this `Idempotency-Key` was already made to the appeal.
async fn addition_made(db: &Db, appeal_id: i64, key: &str) -> Result<bool, AppError> {
    let made: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM appeal_additions WHERE appeal_id = $1 AND idempotency_key = $2")
            .bind(appeal_id)
            .bind(key)
            .fetch_optional(db)
            .await?;
    Ok(made.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use samlet_api::appeal::PartReason;

    fn form(parts: &[i64]) -> AppealForm {
        AppealForm {
            part_ids: parts.to_vec(),
            ..AppealForm::default()
        }
    }

    #[test]
    fn an_appeal_names_at_least_one_of_the_decisions_own_parts() {
        assert_eq!(
            check_form(&form(&[]), &[1, 2]),
            Err(AppealRefusal::NoPartsSelected)
        );
        assert_eq!(check_form(&form(&[3]), &[1, 2]), Err(AppealRefusal::UnknownPart));
        assert_eq!(check_form(&form(&[2]), &[1, 2]), Ok(()));
        assert_eq!(check_form(&form(&[1, 2]), &[1, 2]), Ok(()), "all parts at once");
    }

    #[test]
    fn reasons_are_optional_but_only_for_chosen_parts_and_not_too_long() {
        let mut with_reason = form(&[1]);
        with_reason.part_reasons.push(PartReason {
            part_id: 2,
            reason: "x".into(),
        });
        assert_eq!(check_form(&with_reason, &[1, 2]), Err(AppealRefusal::UnknownPart));
        let mut long = form(&[1]);
        long.reason = "å".repeat(APPEAL_TEXT_MAX_CHARS + 1);
        assert_eq!(check_form(&long, &[1]), Err(AppealRefusal::TextTooLong));
        long.reason = "å".repeat(APPEAL_TEXT_MAX_CHARS);
        assert_eq!(check_form(&long, &[1]), Ok(()));
    }
}
