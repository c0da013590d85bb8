//! The citizen's one plan: the overview, the whole plan with what changed since the last
//! visit, earlier revisions, the citizen's own texts, and meetings as calendar files.
//!
//! Every route works on the plan of the citizen the request acts for ([`Acting`]): no route
//! takes a plan or citizen id, and the ids it does take (a meeting, a revision) are looked
//! up within that plan. Goals marked sensitive are left out for a relative whose grant does
//! not include them.

pub mod attendance;
mod calendar;
pub mod content;
pub mod own_texts;
pub mod revisions;

use crate::db::Conn;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::delegation::Scope;
use samlet_api::plan::PlanContent;
use samlet_api::plan::{
    GoalSummary, Meeting, MeetingSummary, OwnTexts, PlanOverview, PlanPage, PlanRevision, PlanSeen,
    RevisionSummary, SaveOwnTexts,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::contact::{self, danish_date};
use crate::db::{Db, Key, Ts, decode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError};
use crate::state::AppState;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};
use std::sync::LazyLock;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(plan_page))
        .routes(routes!(overview))
        .routes(routes!(goals))
        .routes(routes!(revision_list))
        .routes(routes!(revision))
        .routes(routes!(save_own_texts))
        .routes(routes!(mark_seen))
        .routes(routes!(meeting_calendar))
        .routes(routes!(attendance::answer))
}

/// The plan of the citizen acted for, after the policy allows `action`: (citizen, plan).
async fn own_plan(db: &Db, acting: &Acting, action: Action) -> Result<(i64, i64), AppError> {
    let citizen_id = acting.allow(db, action).await?;
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_optional(db)
        .await?
        .ok_or(AppError::NoPlan)?;
    Ok((citizen_id, plan_id))
}

/// The ids of the plan's goals a viewer must not see: none for the citizen, the sensitive
/// ones for a relative whose grant leaves them out.
pub(crate) async fn hidden_goals(
    conn: &mut Conn,
    acting: &Acting,
    plan_id: i64,
) -> Result<Vec<i64>, AppError> {
    if acting.include_sensitive {
        return Ok(Vec::new());
    }
    Ok(sqlx::query_scalar(&format!(
        "SELECT id FROM goals WHERE plan_id = $1 AND NOT ({})",
        acting.visible_goals()
    ))
    .bind(plan_id)
    .fetch_all(conn)
    .await?)
}

fn without(mut content: PlanContent, hidden: &[i64]) -> PlanContent {
    content.goals.retain(|goal| !hidden.contains(&goal.id));
    content
}

/// Reads the whole plan, what changed in it since the citizen's last visit, and their own texts.
///
/// Goals hidden as sensitive from someone acting for the citizen are left out. Only the
/// citizen's own reading counts as a visit.
#[utoipa::path(
    get,
    path = "/plan",
    operation_id = "get_plan",
    tag = "plan",
    responses((status = 200, description = "The plan at its latest revision, the changes since the last visit, and the citizen's own texts", body = PlanPage))
)]
async fn plan_page(State(state): State<AppState>, acting: Acting) -> Result<Json<PlanPage>, AppError> {
    let (citizen_id, plan_id) = own_plan(&state.db, &acting, Action::ReadPlan).await?;
    let who = &acting.who;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    let hidden = hidden_goals(&mut tx, &acting, plan_id).await?;
    let content = without(content::load(&mut tx, plan_id).await?, &hidden);
    let (citizen_name, revision, crate::db::Ts(updated_at)): (String, i64, crate::db::Ts) = sqlx::query_as(
        "SELECT c.full_name, p.revision, p.updated_at FROM plans p JOIN citizens c ON c.id = p.citizen_id
         WHERE p.id = $1",
    )
    .bind(plan_id)
    .fetch_one(&mut *tx)
    .await?;
    // "Changed since your last visit" is the citizen's own: someone acting for them neither
    // sees it nor uses it up.
    let baseline = if acting.is_citizen() {
        revisions::session_baseline(&mut tx, &who.session_key, citizen_id).await?
    } else {
        None
    };
    let changes = match baseline {
        Some(seen) if seen < revision => match revisions::snapshot(&mut tx, plan_id, seen).await? {
            Some((_, before)) => revisions::diff(&without(before, &hidden), &content),
            None => Vec::new(),
        },
        _ => Vec::new(),
    };
    let own_texts = if acting.scopes.contains(&Scope::OwnTexts) {
        own_texts::load(&mut tx, citizen_id).await?
    } else {
        OwnTexts::default()
    };
    let answers = attendance::load(&mut tx, plan_id).await?;
    tx.commit().await?;
    Ok(Json(PlanPage {
        citizen_name,
        revision,
        updated_at,
        content,
        changes_since_revision: baseline,
        changes,
        own_texts,
        answers,
    }))
}

/// Lists the revisions of the citizen's plan.
#[utoipa::path(
    get,
    path = "/plan/revisions",
    operation_id = "list_plan_revisions",
    tag = "plan",
    responses((status = 200, description = "Each revision's number and when it was made", body = Vec<RevisionSummary>))
)]
async fn revision_list(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<Vec<RevisionSummary>>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &acting, Action::ReadPlan).await?;
    let mut conn = state.db.acquire().await?;
    let hidden = hidden_goals(&mut conn, &acting, plan_id).await?;
    Ok(Json(revisions::list(&mut conn, plan_id, &hidden).await?))
}

/// Reads the plan as it was at an earlier revision.
#[utoipa::path(
    get,
    path = "/plan/revisions/{revision}",
    operation_id = "get_plan_revision",
    tag = "plan",
    params(("revision" = i64, Path)),
    responses((status = 200, description = "The plan's content at that revision", body = PlanRevision))
)]
async fn revision(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(revision): ApiPath<i64>,
) -> Result<Json<PlanRevision>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &acting, Action::ReadPlan).await?;
    let mut conn = state.db.acquire().await?;
    let (created_at, content) = revisions::snapshot(&mut conn, plan_id, revision)
        .await?
        .ok_or(AppError::NotFound)?;
    let content = without(content, &hidden_goals(&mut conn, &acting, plan_id).await?);
    Ok(Json(PlanRevision {
        revision,
        created_at,
        content,
    }))
}

/// Saves the citizen's own texts in the plan, which their contact reads.
///
/// Saved only from the latest `version`: a save from an older one (another tab) is a 409.
#[utoipa::path(
    put,
    path = "/plan/own-texts",
    operation_id = "save_own_texts",
    tag = "plan",
    request_body(content = SaveOwnTexts, example = json!({"what_matters": "At mine børn kan blive boende i skoledistriktet.", "meeting_notes": "Spørg om bustider til praktikken.", "version": 3})),
    responses((status = 200, description = "The texts as saved, with their new version and time", body = OwnTexts))
)]
async fn save_own_texts(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(save): ApiJson<SaveOwnTexts>,
) -> Result<Json<OwnTexts>, AppError> {
    Ok(Json(
        own_texts::save(&state.db, &acting, &save, Utc::now()).await?,
    ))
}

/// Marks the plan's changes up to `revision` as seen by the citizen, so the next visit
/// compares against it; `dismissed` also takes them off this session's page.
///
/// Only the citizen's own seeing counts: someone acting for them neither sees "new since
/// your last visit" nor uses it up. A revision the plan does not have is not found.
#[utoipa::path(
    post,
    path = "/plan/seen",
    operation_id = "mark_plan_seen",
    tag = "plan",
    request_body(content = PlanSeen, example = json!({"revision": 7, "dismissed": false})),
    responses((status = 204, description = "Seen; the next visit shows only what changes after this revision"))
)]
async fn mark_seen(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(seen): ApiJson<PlanSeen>,
) -> Result<axum::http::StatusCode, AppError> {
    let (citizen_id, plan_id) = own_plan(&state.db, &acting, Action::MarkPlanSeen).await?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    let current: i64 = sqlx::query_scalar("SELECT revision FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_one(&mut *tx)
        .await?;
    if !(1..=current).contains(&seen.revision) {
        return Err(AppError::NotFound);
    }
    revisions::mark_seen(&mut tx, citizen_id, seen.revision, Utc::now()).await?;
    if seen.dismissed {
        revisions::dismiss(&mut tx, &acting.who.session_key, seen.revision).await?;
    }
    tx.commit().await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Downloads a meeting of the plan as an iCalendar file, to put in a calendar.
#[utoipa::path(
    get,
    path = "/plan/meetings/{meeting_id}/calendar.ics",
    operation_id = "download_meeting_calendar",
    tag = "plan",
    params(("meeting_id" = i64, Path)),
    responses((status = 200, description = "The meeting as an iCalendar file", content_type = "text/calendar", body = String))
)]
async fn meeting_calendar(
    State(state): State<AppState>,
    acting: Acting,
    ApiPath(meeting_id): ApiPath<i64>,
) -> Result<impl IntoResponse, AppError> {
    let (_, plan_id) = own_plan(&state.db, &acting, Action::ReadPlan).await?;
    // The plan's own meetings only: another citizen's meeting id is simply not found.
    let meeting: content::MeetingRow = sqlx::query_as(&format!(
        "SELECT {} FROM meetings m WHERE m.id = $1 AND m.plan_id = $2",
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

/// Reads the overview of the plan: the first page a citizen sees.
#[utoipa::path(
    get,
    path = "/plan/overview",
    operation_id = "get_plan_overview",
    tag = "plan",
    responses((status = 200, description = "The overall goal, each goal's progress, the next meeting and today's contact", body = PlanOverview))
)]
async fn overview(State(state): State<AppState>, acting: Acting) -> Result<Json<PlanOverview>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadPlan).await?;
    let (plan_id, mut overview) = load_overview(&state.db, citizen_id, Utc::now()).await?;
    let hidden = hidden_goals_of(&state.db, &acting, plan_id).await?;
    overview.goals.retain(|goal| !hidden.contains(&goal.id));
    Ok(Json(overview))
}

/// [`hidden_goals`] outside a transaction; the citizen's own reads (most of them) need no
/// connection for it at all.
async fn hidden_goals_of(db: &Db, acting: &Acting, plan_id: i64) -> Result<Vec<i64>, AppError> {
    if acting.include_sensitive {
        return Ok(Vec::new());
    }
    let mut conn = db.acquire().await?;
    hidden_goals(&mut conn, acting, plan_id).await
}

/// A goal of `goals g` with its progress, as `g_*` columns: the overview's and
/// `/api/plan/goals`' reading of a goal. The progress is kept on the goal by the database
/// at every write of a sub-goal (migration 0021), not counted at every read.
const GOAL_COLUMNS: &str = "g.id AS g_id, g.life_area AS g_life_area, g.title AS g_title,
    g.sub_goals_total AS g_total, g.sub_goals_reached AS g_reached";

/// The goal in a row with the [`GOAL_COLUMNS`]; `None` for the overview's row of a plan
/// without goals.
fn goal_from_row(row: &AnyRow) -> Result<Option<GoalSummary>, AppError> {
    let Some(id) = row.try_get::<Option<i64>, _>("g_id")? else {
        return Ok(None);
    };
    Ok(Some(GoalSummary {
        id,
        life_area: decode_enum(&row.try_get::<String, _>("g_life_area")?)?,
        title: row.try_get("g_title")?,
        sub_goals_total: count(row.try_get("g_total")?)?,
        sub_goals_reached: count(row.try_get("g_reached")?)?,
    }))
}

/// The plan's goals with their progress, in the plan's order.
async fn goal_summaries(db: &Db, plan_id: i64) -> Result<Vec<GoalSummary>, AppError> {
    static GOALS: LazyLock<String> = LazyLock::new(|| {
        format!("SELECT {GOAL_COLUMNS} FROM goals g WHERE g.plan_id = $1 ORDER BY g.position, g.id")
    });
    let rows: Vec<AnyRow> = sqlx::query(GOALS.as_str()).bind(plan_id).fetch_all(db).await?;
    rows.iter()
        .filter_map(|row| goal_from_row(row).transpose())
        .collect()
}

/// Lists the goals of the plan, which a document can be linked to.
///
/// Reading it is not a visit to the plan, so it leaves "changed since your last visit"
/// alone. The titles are the plan's: someone who may upload but not read the plan uploads
/// without linking to a goal.
#[utoipa::path(
    get,
    path = "/plan/goals",
    operation_id = "list_plan_goals",
    tag = "plan",
    responses((status = 200, description = "The plan's goals with their progress", body = Vec<GoalSummary>))
)]
async fn goals(State(state): State<AppState>, acting: Acting) -> Result<Json<Vec<GoalSummary>>, AppError> {
    let (_, plan_id) = own_plan(&state.db, &acting, Action::ReadPlan).await?;
    let mut goals = goal_summaries(&state.db, plan_id).await?;
    let hidden = hidden_goals_of(&state.db, &acting, plan_id).await?;
    goals.retain(|goal| !hidden.contains(&goal.id));
    Ok(Json(goals))
}

/// The overview's one statement: the plan with the citizen's name, the next meeting, the
/// contact and each goal with its progress, a row per goal (the rest repeated). Each
/// statement is a round trip through the pool to the database (a hand-off to another
/// thread on SQLite, to another process on PostgreSQL), and the overview is read on every
/// visit: one statement instead of four made it 5–10% faster on SQLite and about 20% on
/// PostgreSQL (README, Performance). Every lookup is by an index: the plan by citizen, the
/// next meeting by `meetings_plan_start`, goals by `goals_plan`, sub-goals by
/// `sub_goals_goal`.
static OVERVIEW: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT p.id AS plan_id, p.overall_goal, p.updated_at, c.full_name AS citizen_name,
                {meeting}, {contact}, {GOAL_COLUMNS}
         FROM plans p
         JOIN citizens c ON c.id = p.citizen_id
         LEFT JOIN meetings m ON m.id = (
             SELECT n.id FROM meetings n WHERE n.plan_id = p.id AND n.starts_at > $2
             ORDER BY n.starts_at, n.id LIMIT 1)
         {contact_joins}
         LEFT JOIN goals g ON g.plan_id = p.id
         WHERE p.citizen_id = $1
         ORDER BY g.position, g.id",
        meeting = content::MEETING_COLUMNS,
        contact = contact::columns(),
        contact_joins = contact::JOINS,
    )
});

/// The overview of a citizen's plan, with the plan's id.
pub async fn load_overview(
    db: &Db,
    citizen_id: i64,
    now: DateTime<Utc>,
) -> Result<(i64, PlanOverview), AppError> {
    let rows: Vec<AnyRow> = sqlx::query(OVERVIEW.as_str())
        .bind(citizen_id)
        .bind(timestamp(now))
        .fetch_all(db)
        .await?;
    let first = rows.first().ok_or(AppError::NoPlan)?;
    // The meeting's columns keep their own names (`id`, `title`, …); every other column of
    // the statement has a prefix or a name of its own.
    let next_meeting = match first.try_get::<Option<i64>, _>("id")? {
        None => None,
        Some(_) => Some(MeetingSummary::from(Meeting::from(
            content::MeetingRow::from_row(first)?,
        ))),
    };
    let mut goals = Vec::with_capacity(rows.len());
    for row in &rows {
        goals.extend(goal_from_row(row)?);
    }
    Ok((
        first.try_get("plan_id")?,
        PlanOverview {
            citizen_name: first.try_get("citizen_name")?,
            overall_goal: first.try_get("overall_goal")?,
            goals,
            next_meeting,
            contact: contact::from_row(first, danish_date(now))?,
            updated_at: first.try_get::<Ts, _>("updated_at")?.0,
        },
    ))
}

fn count(n: i64) -> Result<u32, AppError> {
    u32::try_from(n).map_err(|_| AppError::Corrupt(format!("count out of range: {n}")))
}
