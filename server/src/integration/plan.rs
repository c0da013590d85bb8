//! Case systems feeding the one plan: citizens, goals, sub-goals, activities and meetings.
//! Each write is one transaction that applies the item (if its version is newer), records
//! the plan's new revision (so the citizen sees it under "changed since your last visit")
//! and writes the citizen's access log as the system.

use crate::db::Conn;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::integration::{
    ActivityWrite, CitizenWrite, GoalWrite, MeetingWrite, SubGoalWrite, WriteOutcome, Written,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::refs::{self, Kind, Known, text};
use super::systems::{Scope, System, municipality_code};
use crate::audit;
use crate::db::{begin_write, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError};
use crate::plan::revisions;
use crate::state::AppState;

const TITLE_MAX: usize = 300;
const TEXT_MAX: usize = 2000;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_citizen))
        .routes(routes!(put_goal))
        .routes(routes!(put_sub_goal))
        .routes(routes!(put_activity))
        .routes(routes!(put_meeting))
}

/// The goal a system wrote, by its external id, with its plan and citizen.
async fn own_goal(conn: &mut Conn, system: &System, goal: &str) -> Result<(i64, i64, i64), AppError> {
    let Known::At { local_id, .. } = refs::find(conn, system.id, Kind::Goal, goal).await? else {
        return Err(AppError::BadRequest(
            "goal: no goal with this external id from this system".into(),
        ));
    };
    let row: Option<(i64, i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT g.id, g.plan_id, p.citizen_id, g.life_area, c.municipality
         FROM goals g JOIN plans p ON p.id = g.plan_id JOIN citizens c ON c.id = p.citizen_id
         WHERE g.id = $1",
    )
    .bind(local_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (id, plan_id, citizen_id, area, municipality) =
        row.ok_or_else(|| AppError::Corrupt(format!("external goal {goal} points at a missing goal")))?;
    // The token may have been narrowed, or the citizen moved, since the goal was written.
    if !system.serves(municipality.as_deref()) {
        return Err(AppError::OutOfReach(
            "goal: its citizen lives in a municipality this system does not serve".into(),
        ));
    }
    system.require_life_area(decode_enum(&area)?)?;
    Ok((id, plan_id, citizen_id))
}

/// The end of every write: remember the version, record the revision and the log line.
#[allow(clippy::too_many_arguments)]
async fn finish(
    conn: &mut Conn,
    system: &System,
    kind: Kind,
    external_id: &str,
    local_id: i64,
    version: i64,
    plan: (i64, i64),
    what: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (plan_id, citizen_id) = plan;
    refs::remember(conn, system.id, kind, external_id, local_id, version, now).await?;
    revisions::record_if_changed(conn, plan_id, now).await?;
    audit::record_system(conn, citizen_id, &system.name, Action::UpdatePlan, what).await
}

/// `PUT /integration/v1/citizens/{external_id}`: registers the citizen (with an account to
/// sign in with, when the sign-in subject is known) and their one plan, or updates them.
#[utoipa::path(put, path = "/citizens/{external_id}", tag = "integration", params(("external_id" = String, Path)), request_body = CitizenWrite, responses((status = 200, body = Written)))]
pub async fn put_citizen(
    State(state): State<AppState>,
    system: System,
    ApiPath(external_id): ApiPath<String>,
    ApiJson(write): ApiJson<CitizenWrite>,
) -> Result<Json<Written>, AppError> {
    system.require(Scope::Citizens)?;
    let mut tx = begin_write(&state.db).await?;
    let written = write_citizen(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_citizen(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &CitizenWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let person_ref = text("person_ref", &write.person_ref, 64)?;
    let full_name = text("full_name", &write.full_name, TITLE_MAX)?;
    let overall_goal = text("overall_goal", &write.overall_goal, TEXT_MAX)?;
    let municipality = municipality_code("municipality", &write.municipality)?;
    system.require_municipality(&municipality)?;
    let subject = match write
        .sign_in_subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(subject) => Some(text("sign_in_subject", subject, 200)?),
        None => None,
    };
    let known = refs::find(conn, system.id, Kind::Citizen, external_id).await?;
    let outcome = known.outcome(version);
    if outcome == WriteOutcome::Unchanged
        && let Known::At { local_id, .. } = known
    {
        return Ok(Written {
            id: local_id,
            outcome,
        });
    }
    let existing: Option<(i64, Option<i64>, Option<String>)> =
        sqlx::query_as("SELECT id, account_id, municipality FROM citizens WHERE person_ref = $1")
            .bind(person_ref)
            .fetch_optional(&mut *conn)
            .await?;
    // Moving a citizen needs a system that serves both municipalities. A citizen registered
    // before municipalities were recorded has none, and gets one from the next write.
    if let Some((_, _, Some(current))) = &existing
        && !system.serves(Some(current))
    {
        return Err(AppError::BadRequest(
            "person_ref: this person is registered in a municipality this system does not serve".into(),
        ));
    }
    let existing = existing.map(|(id, account, _)| (id, account));
    if let (Known::At { local_id, .. }, Some((citizen_id, _))) = (known, existing)
        && local_id != citizen_id
    {
        return Err(AppError::BadRequest(
            "person_ref: another citizen has this person_ref".into(),
        ));
    }
    let at = timestamp(now);
    let (citizen_id, account_id) = match existing {
        Some(found) => found,
        None => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO citizens (full_name, person_ref, created_at) VALUES ($1, $2, $3) RETURNING id",
            )
            .bind(full_name)
            .bind(person_ref)
            .bind(&at)
            .fetch_one(&mut *conn)
            .await?;
            sqlx::query("INSERT INTO plans (citizen_id, overall_goal, updated_at) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(overall_goal)
                .bind(&at)
                .execute(&mut *conn)
                .await?;
            (id, None)
        }
    };
    sqlx::query("UPDATE citizens SET full_name = $1, municipality = $2 WHERE id = $3")
        .bind(full_name)
        .bind(&municipality)
        .bind(citizen_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE plans SET overall_goal = $1 WHERE citizen_id = $2")
        .bind(overall_goal)
        .bind(citizen_id)
        .execute(&mut *conn)
        .await?;
    match (subject, account_id) {
        (Some(subject), None) => {
            let account: i64 = sqlx::query_scalar(
                "INSERT INTO accounts (subject, kind, display_name, created_at) VALUES ($1, 'citizen', $2, $3)
                 RETURNING id",
            )
            .bind(subject)
            .bind(full_name)
            .bind(&at)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| match e {
                sqlx::Error::Database(d) if d.is_unique_violation() => {
                    AppError::BadRequest("sign_in_subject: already used by another account".into())
                }
                other => other.into(),
            })?;
            sqlx::query("UPDATE citizens SET account_id = $1 WHERE id = $2")
                .bind(account)
                .bind(citizen_id)
                .execute(&mut *conn)
                .await?;
        }
        (subject, Some(account)) => {
            sqlx::query(
                "UPDATE accounts SET display_name = $1, subject = COALESCE($2, subject) WHERE id = $3",
            )
            .bind(full_name)
            .bind(subject)
            .bind(account)
            .execute(&mut *conn)
            .await?;
        }
        (None, None) => {}
    }
    let plan_id: i64 = sqlx::query_scalar("SELECT id FROM plans WHERE citizen_id = $1")
        .bind(citizen_id)
        .fetch_one(&mut *conn)
        .await?;
    finish(
        conn,
        system,
        Kind::Citizen,
        external_id,
        citizen_id,
        version,
        (plan_id, citizen_id),
        "",
        now,
    )
    .await?;
    Ok(Written {
        id: citizen_id,
        outcome,
    })
}

/// `PUT /integration/v1/goals/{external_id}`.
#[utoipa::path(put, path = "/goals/{external_id}", tag = "integration", params(("external_id" = String, Path)), request_body = GoalWrite, responses((status = 200, body = Written)))]
pub async fn put_goal(
    State(state): State<AppState>,
    system: System,
    ApiPath(external_id): ApiPath<String>,
    ApiJson(write): ApiJson<GoalWrite>,
) -> Result<Json<Written>, AppError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db).await?;
    let written = write_goal(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_goal(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &GoalWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let title = text("title", &write.title, TITLE_MAX)?;
    system.require_life_area(write.life_area)?;
    let refs::Citizen {
        id: citizen_id,
        plan_id,
    } = refs::citizen(conn, system, &write.person_ref).await?;
    let known = refs::find(conn, system.id, Kind::Goal, external_id).await?;
    let outcome = known.outcome(version);
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written {
                id: local_id,
                outcome,
            });
        }
        Known::At { local_id, .. } => {
            let moved = sqlx::query(
                "UPDATE goals SET life_area = $1, title = $2, position = $3, sensitive = $4
                 WHERE id = $5 AND plan_id = $6",
            )
            .bind(encode_enum(&write.life_area)?)
            .bind(title)
            .bind(write.position)
            .bind(crate::db::flag(write.sensitive))
            .bind(local_id)
            .bind(plan_id)
            .execute(&mut *conn)
            .await?;
            if moved.rows_affected() == 0 {
                return Err(AppError::BadRequest(
                    "person_ref: this goal belongs to another citizen's plan".into(),
                ));
            }
            local_id
        }
        Known::New => sqlx::query_scalar(
            "INSERT INTO goals (plan_id, life_area, title, position, sensitive) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
        )
        .bind(plan_id)
        .bind(encode_enum(&write.life_area)?)
        .bind(title)
        .bind(write.position)
        .bind(crate::db::flag(write.sensitive))
        .fetch_one(&mut *conn)
        .await?,
    };
    finish(
        conn,
        system,
        Kind::Goal,
        external_id,
        id,
        version,
        (plan_id, citizen_id),
        title,
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}

/// `PUT /integration/v1/sub-goals/{external_id}`.
#[utoipa::path(put, path = "/sub-goals/{external_id}", tag = "integration", params(("external_id" = String, Path)), request_body = SubGoalWrite, responses((status = 200, body = Written)))]
pub async fn put_sub_goal(
    State(state): State<AppState>,
    system: System,
    ApiPath(external_id): ApiPath<String>,
    ApiJson(write): ApiJson<SubGoalWrite>,
) -> Result<Json<Written>, AppError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db).await?;
    let written = write_sub_goal(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_sub_goal(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &SubGoalWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let title = text("title", &write.title, TITLE_MAX)?;
    let criterion = text("success_criterion", &write.success_criterion, TEXT_MAX)?;
    let unit = text("unit", &write.unit, TITLE_MAX)?;
    let (goal_id, plan_id, citizen_id) = own_goal(conn, system, &write.goal).await?;
    let known = refs::find(conn, system.id, Kind::SubGoal, external_id).await?;
    let outcome = known.outcome(version);
    let target = write.target_date.map(|d| d.to_string());
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written {
                id: local_id,
                outcome,
            });
        }
        Known::At { local_id, .. } => {
            sqlx::query(
                "UPDATE sub_goals SET goal_id = $1, title = $2, success_criterion = $3, target_date = $4,
                     status = $5, unit = $6, position = $7 WHERE id = $8",
            )
            .bind(goal_id)
            .bind(title)
            .bind(criterion)
            .bind(&target)
            .bind(encode_enum(&write.status)?)
            .bind(unit)
            .bind(write.position)
            .bind(local_id)
            .execute(&mut *conn)
            .await?;
            local_id
        }
        Known::New => sqlx::query_scalar(
            "INSERT INTO sub_goals (goal_id, title, success_criterion, target_date, status, unit, position)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(goal_id)
        .bind(title)
        .bind(criterion)
        .bind(&target)
        .bind(encode_enum(&write.status)?)
        .bind(unit)
        .bind(write.position)
        .fetch_one(&mut *conn)
        .await?,
    };
    finish(
        conn,
        system,
        Kind::SubGoal,
        external_id,
        id,
        version,
        (plan_id, citizen_id),
        title,
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}

/// `PUT /integration/v1/activities/{external_id}`.
#[utoipa::path(put, path = "/activities/{external_id}", tag = "integration", params(("external_id" = String, Path)), request_body = ActivityWrite, responses((status = 200, body = Written)))]
pub async fn put_activity(
    State(state): State<AppState>,
    system: System,
    ApiPath(external_id): ApiPath<String>,
    ApiJson(write): ApiJson<ActivityWrite>,
) -> Result<Json<Written>, AppError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db).await?;
    let written = write_activity(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_activity(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &ActivityWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let title = text("title", &write.title, TITLE_MAX)?;
    let provider = text("provider", &write.provider, TITLE_MAX)?;
    if let (Some(from), Some(to)) = (write.starts_on, write.ends_on)
        && to < from
    {
        return Err(AppError::BadRequest("ends_on: before starts_on".into()));
    }
    let (goal_id, plan_id, citizen_id) = own_goal(conn, system, &write.goal).await?;
    let known = refs::find(conn, system.id, Kind::Activity, external_id).await?;
    let outcome = known.outcome(version);
    let (starts, ends) = (
        write.starts_on.map(|d| d.to_string()),
        write.ends_on.map(|d| d.to_string()),
    );
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written { id: local_id, outcome });
        }
        Known::At { local_id, .. } => {
            sqlx::query(
                "UPDATE activities SET goal_id = $1, title = $2, provider = $3, starts_on = $4, ends_on = $5
                 WHERE id = $6",
            )
            .bind(goal_id)
            .bind(title)
            .bind(provider)
            .bind(&starts)
            .bind(&ends)
            .bind(local_id)
            .execute(&mut *conn)
            .await?;
            local_id
        }
        Known::New => sqlx::query_scalar(
            "INSERT INTO activities (goal_id, title, provider, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)
             RETURNING id",
        )
        .bind(goal_id)
        .bind(title)
        .bind(provider)
        .bind(&starts)
        .bind(&ends)
        .fetch_one(&mut *conn)
        .await?,
    };
    finish(
        conn,
        system,
        Kind::Activity,
        external_id,
        id,
        version,
        (plan_id, citizen_id),
        title,
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}

/// `PUT /integration/v1/meetings/{external_id}`.
#[utoipa::path(put, path = "/meetings/{external_id}", tag = "integration", params(("external_id" = String, Path)), request_body = MeetingWrite, responses((status = 200, body = Written)))]
pub async fn put_meeting(
    State(state): State<AppState>,
    system: System,
    ApiPath(external_id): ApiPath<String>,
    ApiJson(write): ApiJson<MeetingWrite>,
) -> Result<Json<Written>, AppError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db).await?;
    let written = write_meeting(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_meeting(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &MeetingWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let title = text("title", &write.title, TITLE_MAX)?;
    if write.ends_at <= write.starts_at {
        return Err(AppError::BadRequest("ends_at: must be after starts_at".into()));
    }
    if let Some(url) = write.video_url.as_deref().filter(|u| !u.is_empty())
        && !url.starts_with("https://")
    {
        return Err(AppError::BadRequest(
            "video_url: must be an https:// address".into(),
        ));
    }
    let refs::Citizen {
        id: citizen_id,
        plan_id,
    } = refs::citizen(conn, system, &write.person_ref).await?;
    let known = refs::find(conn, system.id, Kind::Meeting, external_id).await?;
    let outcome = known.outcome(version);
    let location = write.location.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let video = write
        .video_url
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written { id: local_id, outcome });
        }
        Known::At { local_id, .. } => {
            sqlx::query(
                "UPDATE meetings SET title = $1, starts_at = $2, ends_at = $3, location = $4, video_url = $5,
                     participants = $6, bring = $7 WHERE id = $8 AND plan_id = $9",
            )
            .bind(title)
            .bind(timestamp(write.starts_at))
            .bind(timestamp(write.ends_at))
            .bind(location)
            .bind(video)
            .bind(write.participants.trim())
            .bind(write.bring.trim())
            .bind(local_id)
            .bind(plan_id)
            .execute(&mut *conn)
            .await?;
            local_id
        }
        Known::New => sqlx::query_scalar(
            "INSERT INTO meetings (plan_id, title, starts_at, ends_at, location, video_url, participants, bring)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(plan_id)
        .bind(title)
        .bind(timestamp(write.starts_at))
        .bind(timestamp(write.ends_at))
        .bind(location)
        .bind(video)
        .bind(write.participants.trim())
        .bind(write.bring.trim())
        .fetch_one(&mut *conn)
        .await?,
    };
    finish(
        conn,
        system,
        Kind::Meeting,
        external_id,
        id,
        version,
        (plan_id, citizen_id),
        title,
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}
