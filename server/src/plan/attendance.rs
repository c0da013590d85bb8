//! "Jeg kommer" / "Jeg kan ikke komme": the citizen's side answering a meeting of the plan.
//! The answer shows on the meeting for both sides and reaches case systems in a feed; it is
//! not part of the plan's content, so answering never makes a new version of the plan.

use axum::Json;
use axum::extract::State;
use chrono::{Timelike, Utc};
use samlet_api::audit::Action;
use samlet_api::plan::{AnswerMeeting, MeetingAnswer};

use crate::access::Acting;
use crate::db::{Conn, Key, Ts, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError};
use crate::state::AppState;

/// The newest answer to each of the plan's meetings.
pub async fn load(conn: &mut Conn, plan_id: i64) -> Result<Vec<MeetingAnswer>, AppError> {
    let rows: Vec<(i64, String, String, Ts)> = sqlx::query_as(
        "SELECT a.meeting_id, a.attendance, a.answered_by, a.answered_at FROM meeting_answers a
         WHERE a.meeting_id IN (SELECT id FROM meetings WHERE plan_id = $1)
           AND a.id = (SELECT MAX(b.id) FROM meeting_answers b WHERE b.meeting_id = a.meeting_id)
         ORDER BY a.meeting_id",
    )
    .bind(plan_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(meeting_id, attendance, by, at)| {
            Ok(MeetingAnswer {
                meeting_id,
                attendance: decode_enum(&attendance)?,
                by,
                at: at.0,
            })
        })
        .collect()
}

/// Answers a meeting: coming or not.
///
/// The answer shows on the meeting for the citizen's side and their caseworker, and case
/// systems read it from `/integration/v1/meeting-answers`. Answering again replaces it.
#[utoipa::path(
    put,
    path = "/plan/meetings/{meeting_id}/answer",
    operation_id = "answer_meeting",
    tag = "plan",
    params(("meeting_id" = i64, Path)),
    request_body(content = AnswerMeeting, example = json!({"attendance": "not_coming"})),
    responses((status = 200, description = "The answer as stored", body = MeetingAnswer))
)]
pub async fn answer(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(meeting_id): ApiPath<i64>,
    ApiJson(answer): ApiJson<AnswerMeeting>,
) -> Result<Json<MeetingAnswer>, AppError> {
    let permit = acting.permit(Action::AnswerMeeting)?;
    let now = Utc::now();
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(permit.citizen_id)]).await?;
    // The plan's own meetings only: another citizen's meeting is simply not found.
    let title: String = sqlx::query_scalar(
        "SELECT m.title FROM meetings m JOIN plans p ON p.id = m.plan_id WHERE m.id = $1 AND p.citizen_id = $2",
    )
    .bind(meeting_id)
    .bind(permit.citizen_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    crate::db::lock(&mut tx, &[Key::feed("meeting_answers")]).await?;
    sqlx::query(
        "INSERT INTO meeting_answers (meeting_id, citizen_id, attendance, answered_by, answered_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(meeting_id)
    .bind(permit.citizen_id)
    .bind(encode_enum(&answer.attendance)?)
    .bind(&acting.who.name)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    permit.log(&mut tx, &title).await?;
    tx.commit().await?;
    Ok(Json(MeetingAnswer {
        meeting_id,
        attendance: answer.attendance,
        by: acting.who.name.clone(),
        // As stored: to the second.
        at: now.with_nanosecond(0).unwrap_or(now),
    }))
}
