//! Én samlet klage: the citizen's combined decisions, the computed appeal deadline, the
//! private draft, the one appeal per decision, what is added to it later, and its status.

pub mod deadline;
pub mod status;
pub mod submit;

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use samlet_api::appeal::{AppealStage, Decision, DecisionPart, DecisionSummary};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::db::{Db, decode_enum};
use crate::error::{ApiPath, AppError};
use crate::state::AppState;
use deadline::DeliveryRules;
use samlet_api::audit::Action;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(submit::draft, submit::save_draft))
        .routes(routes!(submit::appeal, submit::submit))
        .routes(routes!(submit::add))
}

#[derive(sqlx::FromRow)]
struct DecisionRow {
    id: i64,
    title: String,
    channel: String,
    #[sqlx(try_from = "crate::db::Ts")]
    sent_at: DateTime<Utc>,
    reasoning: String,
    appeal_guidance: String,
    document_id: Option<i64>,
    appeal_reference: Option<String>,
    appeal_status: Option<String>,
    appeal_picked_up: Option<crate::db::Ts>,
}

const DECISION_COLUMNS: &str = "d.id, d.title, d.channel, d.sent_at, d.reasoning, d.appeal_guidance, d.document_id, \
                                a.reference AS appeal_reference, a.status AS appeal_status, \
                                a.acknowledged_at AS appeal_picked_up";

/// Receipt, deadline and days left, from the delivery rules in force.
struct Dates {
    received_on: chrono::NaiveDate,
    deadline: chrono::NaiveDate,
    days_left: i64,
}

fn dates(row: &DecisionRow, rules: DeliveryRules, now: DateTime<Utc>) -> Result<Dates, AppError> {
    let received_on = deadline::received_on(row.sent_at, decode_enum(&row.channel)?, rules);
    let last_day = deadline::deadline(received_on);
    Ok(Dates {
        received_on,
        deadline: last_day,
        days_left: deadline::days_left(last_day, now),
    })
}

/// A decision of the citizen's, with its parts. Another citizen's decision is not found.
pub async fn load(
    db: &Db,
    citizen_id: i64,
    decision_id: i64,
    rules: DeliveryRules,
    now: DateTime<Utc>,
) -> Result<Decision, AppError> {
    let row: DecisionRow = sqlx::query_as(&format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d LEFT JOIN appeals a ON a.decision_id = d.id
         WHERE d.id = $1 AND d.citizen_id = $2"
    ))
    .bind(decision_id)
    .bind(citizen_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NotFound)?;
    let parts: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "SELECT id, intervention, outcome, law, explanation FROM decision_parts
         WHERE decision_id = $1 ORDER BY position, id",
    )
    .bind(decision_id)
    .fetch_all(db)
    .await?;
    let Dates {
        received_on,
        deadline,
        days_left,
    } = dates(&row, rules, now)?;
    Ok(Decision {
        id: row.id,
        channel: decode_enum(&row.channel)?,
        sent_at: row.sent_at,
        received_on,
        deadline,
        days_left,
        parts: parts
            .into_iter()
            .map(|(id, intervention, outcome, law, explanation)| {
                Ok(DecisionPart {
                    id,
                    intervention,
                    outcome: decode_enum(&outcome)?,
                    law,
                    explanation,
                })
            })
            .collect::<Result<_, AppError>>()?,
        title: row.title,
        reasoning: row.reasoning,
        appeal_guidance: row.appeal_guidance,
        document_id: row.document_id,
        appeal_reference: row.appeal_reference,
    })
}

/// Lists the citizen's decisions, newest first, each with its appeal deadline.
#[utoipa::path(
    get,
    path = "/decisions",
    operation_id = "list_decisions",
    tag = "appeal",
    responses((status = 200, description = "The citizen's decisions, newest first, with the days left to appeal each", body = Vec<DecisionSummary>))
)]
async fn list(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<DecisionSummary>>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadDecisions).await?;
    let rows: Vec<DecisionRow> = sqlx::query_as(&format!(
        "SELECT {DECISION_COLUMNS} FROM decisions d LEFT JOIN appeals a ON a.decision_id = d.id
         WHERE d.citizen_id = $1 ORDER BY d.sent_at DESC, d.id DESC"
    ))
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    let now = Utc::now();
    let summaries = rows
        .into_iter()
        .map(|row| {
            let dates = dates(&row, state.settings.delivery, now)?;
            Ok(DecisionSummary {
                id: row.id,
                title: row.title,
                received_on: dates.received_on,
                deadline: dates.deadline,
                days_left: dates.days_left,
                appeal_reference: row.appeal_reference,
                appeal_stage: row
                    .appeal_status
                    .map(|status| {
                        Ok::<_, AppError>(AppealStage::of(
                            decode_enum(&status)?,
                            row.appeal_picked_up.is_some(),
                        ))
                    })
                    .transpose()?,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(Json(summaries))
}

/// Reads one of the citizen's decisions: its parts, reasoning, guidance and deadline.
#[utoipa::path(
    get,
    path = "/decisions/{id}",
    operation_id = "get_decision",
    tag = "appeal",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The decision, its appeal deadline, and the appeal's reference if one was lodged", body = Decision))
)]
async fn one(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Decision>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadDecisions).await?;
    Ok(Json(
        load(&state.db, citizen_id, id, state.settings.delivery, Utc::now()).await?,
    ))
}
