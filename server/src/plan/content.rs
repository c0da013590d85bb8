//! Loading the whole plan from its tables in a fixed number of queries, whatever its size.

use std::collections::HashMap;

use crate::db::Conn;
use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::plan::{Activity, Goal, Meeting, PlanContent, SubGoal};

use crate::db::decode_enum;
use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct GoalRow {
    id: i64,
    life_area: String,
    title: String,
}

#[derive(sqlx::FromRow)]
struct SubGoalRow {
    id: i64,
    goal_id: i64,
    title: String,
    success_criterion: String,
    target_date: Option<crate::db::Day>,
    status: String,
    unit: String,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    goal_id: i64,
    title: String,
    provider: String,
    starts_on: Option<crate::db::Day>,
    ends_on: Option<crate::db::Day>,
}

#[derive(sqlx::FromRow)]
pub(super) struct MeetingRow {
    id: i64,
    title: String,
    #[sqlx(try_from = "crate::db::Ts")]
    starts_at: DateTime<Utc>,
    #[sqlx(try_from = "crate::db::Ts")]
    ends_at: DateTime<Utc>,
    location: Option<String>,
    video_url: Option<String>,
    participants: String,
    bring: String,
}

/// A [`MeetingRow`]'s columns of `meetings m`: qualified, so the overview can join them.
pub(super) const MEETING_COLUMNS: &str =
    "m.id, m.title, m.starts_at, m.ends_at, m.location, m.video_url, m.participants, m.bring";

impl From<MeetingRow> for Meeting {
    fn from(m: MeetingRow) -> Self {
        Meeting {
            id: m.id,
            title: m.title,
            starts_at: m.starts_at,
            ends_at: m.ends_at,
            location: m.location,
            video_url: m.video_url,
            participants: m.participants,
            bring: m.bring,
        }
    }
}

/// Five queries for any plan: the plan, its goals, all their sub-goals, all their
/// activities, and its meetings.
pub async fn load(conn: &mut Conn, plan_id: i64) -> Result<PlanContent, AppError> {
    let overall_goal: String = sqlx::query_scalar("SELECT overall_goal FROM plans WHERE id = $1")
        .bind(plan_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(AppError::NoPlan)?;
    let goals: Vec<GoalRow> =
        sqlx::query_as("SELECT id, life_area, title FROM goals WHERE plan_id = $1 ORDER BY position, id")
            .bind(plan_id)
            .fetch_all(&mut *conn)
            .await?;
    let sub_goals: Vec<SubGoalRow> = sqlx::query_as(
        "SELECT s.id, s.goal_id, s.title, s.success_criterion, s.target_date, s.status, s.unit
         FROM sub_goals s JOIN goals g ON g.id = s.goal_id
         WHERE g.plan_id = $1 ORDER BY s.goal_id, s.position, s.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let activities: Vec<ActivityRow> = sqlx::query_as(
        "SELECT a.id, a.goal_id, a.title, a.provider, a.starts_on, a.ends_on
         FROM activities a JOIN goals g ON g.id = a.goal_id
         WHERE g.plan_id = $1 ORDER BY a.goal_id, a.starts_on, a.id",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let meetings: Vec<MeetingRow> = sqlx::query_as(&format!(
        "SELECT {MEETING_COLUMNS} FROM meetings m WHERE m.plan_id = $1 ORDER BY m.starts_at, m.id"
    ))
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;

    let mut goals = goals
        .into_iter()
        .map(|g| {
            Ok(Goal {
                id: g.id,
                life_area: decode_enum(&g.life_area)?,
                title: g.title,
                sub_goals: Vec::new(),
                activities: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let index: HashMap<i64, usize> = goals.iter().enumerate().map(|(i, g)| (g.id, i)).collect();
    for s in sub_goals {
        if let Some(&i) = index.get(&s.goal_id) {
            goals[i].sub_goals.push(SubGoal {
                id: s.id,
                title: s.title,
                success_criterion: s.success_criterion,
                target_date: s.target_date.map(NaiveDate::from),
                status: decode_enum(&s.status)?,
                unit: s.unit,
            });
        }
    }
    for a in activities {
        if let Some(&i) = index.get(&a.goal_id) {
            goals[i].activities.push(Activity {
                id: a.id,
                title: a.title,
                provider: a.provider,
                starts_on: a.starts_on.map(NaiveDate::from),
                ends_on: a.ends_on.map(NaiveDate::from),
            });
        }
    }
    Ok(PlanContent {
        overall_goal,
        goals,
        meetings: meetings.into_iter().map(Meeting::from).collect(),
    })
}
