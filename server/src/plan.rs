//! The citizen's one plan.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use samlet_api::plan::{GoalSummary, MeetingSummary, PlanOverview};
use samlet_api::session::AccountKind;

use crate::contact::{self, danish_date};
use crate::db::{Db, decode_enum, timestamp};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/plan/overview", get(overview))
}

async fn overview(State(state): State<AppState>, who: SignedIn) -> Result<Json<PlanOverview>, AppError> {
    let citizen_id = citizen_of(&state.db, &who).await?;
    Ok(Json(load_overview(&state.db, citizen_id, Utc::now()).await?))
}

/// The citizen whose data a signed-in account sees as "mine". Only citizens have a plan
/// of their own; acting for someone else is a separate, checked path.
pub async fn citizen_of(db: &Db, who: &SignedIn) -> Result<i64, AppError> {
    if who.kind != AccountKind::Citizen {
        return Err(AppError::NoPlan);
    }
    sqlx::query_scalar("SELECT id FROM citizens WHERE account_id = $1")
        .bind(who.account_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NoPlan)
}

#[derive(sqlx::FromRow)]
struct PlanRow {
    id: i64,
    overall_goal: String,
    updated_at: DateTime<Utc>,
    full_name: String,
}

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    life_area: String,
    title: String,
    sub_goals_total: i64,
    sub_goals_reached: i64,
}

#[derive(sqlx::FromRow)]
struct MeetingRow {
    id: i64,
    title: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    location: Option<String>,
    video_url: Option<String>,
}

pub async fn load_overview(db: &Db, citizen_id: i64, now: DateTime<Utc>) -> Result<PlanOverview, AppError> {
    let plan: PlanRow = sqlx::query_as(
        "SELECT p.id, p.overall_goal, p.updated_at, c.full_name
         FROM plans p JOIN citizens c ON c.id = p.citizen_id
         WHERE p.citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_optional(db)
    .await?
    .ok_or(AppError::NoPlan)?;

    let goals: Vec<GoalRow> = sqlx::query_as(
        "SELECT g.id, g.life_area, g.title,
                COUNT(s.id) AS sub_goals_total,
                COALESCE(SUM(CASE WHEN s.status = 'reached' THEN 1 ELSE 0 END), 0) AS sub_goals_reached
         FROM goals g LEFT JOIN sub_goals s ON s.goal_id = g.id
         WHERE g.plan_id = $1
         GROUP BY g.id, g.life_area, g.title, g.position
         ORDER BY g.position, g.id",
    )
    .bind(plan.id)
    .fetch_all(db)
    .await?;

    let next_meeting: Option<MeetingRow> = sqlx::query_as(
        "SELECT id, title, starts_at, ends_at, location, video_url FROM meetings
         WHERE plan_id = $1 AND starts_at > $2 ORDER BY starts_at LIMIT 1",
    )
    .bind(plan.id)
    .bind(timestamp(now))
    .fetch_optional(db)
    .await?;

    let goals = goals
        .into_iter()
        .map(|g| {
            Ok(GoalSummary {
                id: g.id,
                life_area: decode_enum(&g.life_area)?,
                title: g.title,
                sub_goals_total: count(g.sub_goals_total)?,
                sub_goals_reached: count(g.sub_goals_reached)?,
            })
        })
        .collect::<Result<_, AppError>>()?;

    Ok(PlanOverview {
        citizen_name: plan.full_name,
        overall_goal: plan.overall_goal,
        goals,
        next_meeting: next_meeting.map(|m| MeetingSummary {
            id: m.id,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            location: m.location,
            video_url: m.video_url,
        }),
        contact: contact::load(db, citizen_id, danish_date(now)).await?,
        updated_at: plan.updated_at,
    })
}

fn count(n: i64) -> Result<u32, AppError> {
    u32::try_from(n).map_err(|_| AppError::Corrupt(format!("count out of range: {n}")))
}
