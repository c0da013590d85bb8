//! The citizen's one plan: the overview, the whole plan with what changed since the last
//! visit, earlier revisions, the citizen's own texts, and meetings as calendar files.
//!
//! Every route works on the signed-in citizen's own plan: no route takes a plan or citizen
//! id, and the ids it does take (a meeting, a revision) are looked up within that plan.

mod calendar;
pub mod content;
pub mod own_texts;
pub mod revisions;

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, put};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use samlet_api::plan::{
    GoalSummary, Meeting, MeetingSummary, OwnTexts, PlanOverview, PlanPage, PlanRevision, RevisionSummary,
    SaveOwnTexts,
};
use samlet_api::session::AccountKind;

use crate::contact::{self, danish_date};
use crate::db::{Db, decode_enum, timestamp};
use crate::error::{ApiJson, AppError};
use crate::session::SignedIn;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/plan", get(plan_page))
        .route("/plan/overview", get(overview))
        .route("/plan/goals", get(goals))
        .route("/plan/revisions", get(revision_list))
        .route("/plan/revisions/{revision}", get(revision))
        .route("/plan/own-texts", put(save_own_texts))
        .route("/plan/meetings/{meeting_id}/calendar.ics", get(meeting_calendar))
}

/// The signed-in citizen's plan id and citizen id.
async fn own_plan(db: &Db, who: &SignedIn) -> Result<(i64, i64), AppError> {
    let citizen_id = citizen_of(db, who).await?;
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NoPlan)?;
    Ok((citizen_id, plan_id))
}

async fn plan_page(State(state): State<AppState>, who: SignedIn) -> Result<Json<PlanPage>, AppError> {
    let (citizen_id, plan_id) = own_plan(&state.db, &who).await?;
    let now = Utc::now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let content = content::load(&mut tx, plan_id).await?;
    let (citizen_name, revision, updated_at): (String, i64, DateTime<Utc>) = sqlx::query_as(
        "SELECT c.full_name, p.revision, p.updated_at FROM plans p JOIN citizens c ON c.id = p.citizen_id
         WHERE p.id = $1",
    )
    .bind(plan_id)
    .fetch_one(&mut *tx)
    .await?;
    let baseline = revisions::session_baseline(&mut tx, &who.session_key, citizen_id, revision, now).await?;
    let changes = match baseline {
        Some(seen) if seen < revision => match revisions::snapshot(&mut tx, plan_id, seen).await? {
            Some((_, before)) => revisions::diff(&before, &content),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let own_texts = own_texts::load(&mut tx, citizen_id).await?;
    tx.commit().await?;
    Ok(Json(PlanPage {
        citizen_name,
        revision,
        updated_at,
        content,
        changes_since_revision: baseline,
        changes,
        own_texts,
    }))
}

async fn revision_list(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Json<Vec<RevisionSummary>>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &who).await?;
    let mut conn = state.db.acquire().await?;
    Ok(Json(revisions::list(&mut conn, plan_id).await?))
}

async fn revision(
    State(state): State<AppState>,
    who: SignedIn,
    Path(revision): Path<i64>,
) -> Result<Json<PlanRevision>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &who).await?;
    let mut conn = state.db.acquire().await?;
    let (created_at, content) = revisions::snapshot(&mut conn, plan_id, revision)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(PlanRevision {
        revision,
        created_at,
        content,
    }))
}

async fn save_own_texts(
    State(state): State<AppState>,
    who: SignedIn,
    ApiJson(save): ApiJson<SaveOwnTexts>,
) -> Result<Json<OwnTexts>, AppError> {
    let citizen_id = citizen_of(&state.db, &who).await?;
    Ok(Json(
        own_texts::save(&state.db, citizen_id, &save, Utc::now()).await?,
    ))
}

async fn meeting_calendar(
    State(state): State<AppState>,
    who: SignedIn,
    Path(meeting_id): Path<i64>,
) -> Result<impl IntoResponse, AppError> {
    let (_, plan_id) = own_plan(&state.db, &who).await?;
    // The plan's own meetings only: another citizen's meeting id is simply not found.
    let meeting: content::MeetingRow = sqlx::query_as(&format!(
        "SELECT {} FROM meetings WHERE id = $1 AND plan_id = $2",
        content::MEETING_COLUMNS
    ))
    .bind(meeting_id)
    .bind(plan_id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(AppError::NotFound)?;
    let meeting = Meeting::from(meeting);
    let mut description = Vec::new();
    if !meeting.participants.is_empty() {
        description.push(format!("Deltagere: {}", meeting.participants));
    }
    if !meeting.bring.is_empty() {
        description.push(format!("Medbring: {}", meeting.bring));
    }
    if let Some(url) = &meeting.video_url {
        description.push(format!("Videomøde: {url}"));
    }
    let ics = calendar::meeting_ics(&meeting, &description.join("\n"), Utc::now());
    Ok((
        [
            (header::CONTENT_TYPE, "text/calendar; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"samlet-moede-{meeting_id}.ics\""),
            ),
        ],
        ics,
    ))
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

/// The plan's goals with their progress, in the plan's order.
async fn goal_summaries(db: &Db, plan_id: i64) -> Result<Vec<GoalSummary>, AppError> {
    let goals: Vec<GoalRow> = sqlx::query_as(
        "SELECT g.id, g.life_area, g.title,
                COUNT(s.id) AS sub_goals_total,
                COALESCE(SUM(CASE WHEN s.status = 'reached' THEN 1 ELSE 0 END), 0) AS sub_goals_reached
         FROM goals g LEFT JOIN sub_goals s ON s.goal_id = g.id
         WHERE g.plan_id = $1
         GROUP BY g.id, g.life_area, g.title, g.position
         ORDER BY g.position, g.id",
    )
    .bind(plan_id)
    .fetch_all(db)
    .await?;

    goals
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
        .collect()
}

/// `GET /api/plan/goals`: what a document can be linked to. Reading it is not a visit to
/// the plan, so it leaves "changed since your last visit" alone.
async fn goals(State(state): State<AppState>, who: SignedIn) -> Result<Json<Vec<GoalSummary>>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &who).await?;
    Ok(Json(goal_summaries(&state.db, plan_id).await?))
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

    let next_meeting: Option<content::MeetingRow> = sqlx::query_as(&format!(
        "SELECT {} FROM meetings WHERE plan_id = $1 AND starts_at > $2 ORDER BY starts_at LIMIT 1",
        content::MEETING_COLUMNS
    ))
    .bind(plan.id)
    .bind(timestamp(now))
    .fetch_optional(db)
    .await?;

    let goals = goal_summaries(db, plan.id).await?;

    Ok(PlanOverview {
        citizen_name: plan.full_name,
        overall_goal: plan.overall_goal,
        goals,
        next_meeting: next_meeting.map(Meeting::from).map(MeetingSummary::from),
        contact: contact::load(db, citizen_id, danish_date(now)).await?,
        updated_at: plan.updated_at,
    })
}

fn count(n: i64) -> Result<u32, AppError> {
    u32::try_from(n).map_err(|_| AppError::Corrupt(format!("count out of range: {n}")))
}
