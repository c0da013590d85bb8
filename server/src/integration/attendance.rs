//! Case systems reading the citizens' answers to meetings ("Jeg kommer" / "Jeg kan ikke
//! komme"), by cursor like every feed.

use axum::Json;
use axum::extract::State;
use samlet_api::integration::{FedMeetingAnswer, MeetingAnswerFeed};
use samlet_api::plan::MeetingAnswer;

use super::error::{IntegrationError, IntegrationQuery};
use super::refs::{self, FeedQuery};
use super::systems::{Scope, System, serves_sql};
use crate::db::{Ts, decode_enum};
use crate::state::AppState;

/// List the citizens' answers to meetings, oldest first.
///
/// Read it by cursor: save `next_cursor` once the page is stored, and ask again at once
/// while `has_more` is true. A later answer to the same meeting replaces an earlier one.
#[utoipa::path(
    get,
    path = "/meeting-answers",
    operation_id = "list_meeting_answers",
    tag = "integration",
    security(("case_system" = ["plans"])),
    params(FeedQuery),
    responses((status = 200, description = "A page of answers", body = MeetingAnswerFeed))
)]
pub async fn feed(
    State(state): State<AppState>,
    system: System,
    IntegrationQuery(query): IntegrationQuery<FeedQuery>,
) -> Result<Json<MeetingAnswerFeed>, IntegrationError> {
    system.require(Scope::Plans)?;
    let page = query
        .page(&mut *state.db.acquire().await?, &system, "meeting_answers")
        .await?;
    type Row = (
        i64,
        i64,
        String,
        String,
        Ts,
        Option<String>,
        Option<String>,
        String,
        Ts,
    );
    let mut rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT a.id, a.meeting_id, a.attendance, a.answered_by, a.answered_at, c.person_ref,
                (SELECT r.external_id FROM external_refs r
                 WHERE r.system_id = $4 AND r.kind = 'meeting' AND r.local_id = a.meeting_id),
                m.title, m.starts_at
         FROM meeting_answers a JOIN meetings m ON m.id = a.meeting_id JOIN citizens c ON c.id = a.citizen_id
         WHERE a.id > $1 AND {} ORDER BY a.id LIMIT $3",
        serves_sql("c", 2)
    ))
    .bind(page.after)
    .bind(system.municipalities())
    .bind(page.fetch())
    .bind(system.id)
    .fetch_all(&state.db)
    .await?;
    let (has_more, next_cursor) = page
        .finish(&mut *state.db.acquire().await?, &mut rows, |row| row.0)
        .await?;
    let answers = rows
        .into_iter()
        .map(
            |(_, meeting_id, attendance, by, at, person_ref, meeting, title, starts_at)| {
                Ok(FedMeetingAnswer {
                    person_ref: refs::person_ref(person_ref)?,
                    meeting,
                    title,
                    starts_at: starts_at.0,
                    answer: MeetingAnswer {
                        meeting_id,
                        attendance: decode_enum(&attendance)?,
                        by,
                        at: at.0,
                    },
                })
            },
        )
        .collect::<Result<Vec<_>, crate::error::AppError>>()?;
    Ok(Json(MeetingAnswerFeed {
        answers,
        next_cursor,
        has_more,
    }))
}
