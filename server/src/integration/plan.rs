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
    ActivityWrite, CitizenWrite, GoalWrite, IntegrationErrorBody, MeetingWrite, SubGoalWrite, WriteOutcome,
    Written,
};
use sqlx::Row;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{IntegrationError, IntegrationJson, IntegrationPath};
use super::refs::{self, Kind, Known, text};
use super::systems::{Scope, System, municipality_code};
use crate::audit;
use crate::db::{Key, begin_write, decode_enum, encode_enum, timestamp};
use crate::error::AppError;
use crate::notifications::outbox;
use crate::plan::revisions;
use crate::state::AppState;
use samlet_api::notifications::EventKind;

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
async fn own_goal(conn: &mut Conn, system: &System, goal: &str) -> Result<(i64, refs::Citizen), AppError> {
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
    Ok((
        id,
        refs::Citizen {
            id: citizen_id,
            plan_id,
        },
    ))
}

/// Whether a written item is (or belongs to) a goal marked sensitive: a relative without
/// access to sensitive items is not told that it changed, as they do not see it.
async fn sensitive(conn: &mut Conn, kind: Kind, local_id: i64) -> Result<bool, AppError> {
    let goal_of = match kind {
        Kind::Goal => "SELECT sensitive FROM goals WHERE id = $1",
        Kind::SubGoal => {
            "SELECT g.sensitive FROM sub_goals x JOIN goals g ON g.id = x.goal_id WHERE x.id = $1"
        }
        Kind::Activity => {
            "SELECT g.sensitive FROM activities x JOIN goals g ON g.id = x.goal_id WHERE x.id = $1"
        }
        _ => return Ok(false),
    };
    let flag: Option<crate::db::Flag> = sqlx::query_scalar(goal_of)
        .bind(local_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(flag.is_some_and(|f| f.0))
}

/// The end of every write: remember the version, record the revision and the log line.
#[allow(clippy::too_many_arguments)]
async fn finish(
    conn: &mut Conn,
    system: &System,
    kind: Kind,
    external_id: &str,
    local_id: i64,
    (version, fingerprint): (i64, i64),
    plan: (i64, i64),
    what: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let (plan_id, citizen_id) = plan;
    refs::remember(
        conn,
        system.id,
        kind,
        external_id,
        local_id,
        (version, Some(fingerprint)),
        now,
    )
    .await?;
    if revisions::record_if_changed(conn, plan_id, now).await? {
        // A burst of writes waits in one event until its notice goes (rules::once_per_burst).
        let event = outbox::Event {
            sensitive: sensitive(conn, kind, local_id).await?,
            ..EventKind::PlanChanged.into()
        };
        outbox::announce(conn, citizen_id, event, now).await?;
    }
    audit::record_system(conn, citizen_id, &system.name, Action::UpdatePlan, what).await
}

/// Register a citizen and their one plan, or update them.
///
/// With the sign-in subject the citizen gets an account to sign in with. A person is
/// registered once: their `person_ref` under a second external id is refused with 409
/// `person_ref_taken`, naming the first.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/citizens/{external_id}",
    operation_id = "write_citizen",
    tag = "integration",
    security(("case_system" = ["citizens"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = CitizenWrite, example = json!({"person_ref": "0101901234", "version": 1, "full_name": "Sara Nielsen", "municipality": "751", "sign_in_subject": "mitid:0101901234", "overall_goal": "Et arbejde, jeg kan holde til"})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = "The person_ref is registered under another external id (`person_ref_taken`), or this version said something else (`version_conflict`)", body = IntegrationErrorBody))
)]
pub async fn put_citizen(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<CitizenWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Citizens)?;
    let mut tx = begin_write(&state.db, &[]).await?;
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
    // Samlet's own references, given to citizens known before case systems registered them
    // (migration 0013), follow a guessable pattern: registering one would let a system
    // claim a citizen it never knew.
    if person_ref.starts_with(refs::OWN_PERSON_REF) {
        return Err(AppError::BadRequest(format!(
            "person_ref: `{}…` references are Samlet's own and cannot be registered; send the municipality's identifier of the person",
            refs::OWN_PERSON_REF
        )));
    }
    let full_name = text("full_name", &write.full_name, TITLE_MAX)?;
    let overall_goal = text("overall_goal", &write.overall_goal, TEXT_MAX)?;
    let municipality = municipality_code("municipality", &write.municipality)?;
    system.require_municipality(&municipality)?;
    if write.course_ended_on.is_some_and(|day| day > now.date_naive()) {
        return Err(AppError::BadRequest(
            "course_ended_on: a course ends on a day that has come; send it once it has ended".into(),
        ));
    }
    let subject = match write
        .sign_in_subject
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(subject) => Some(text("sign_in_subject", subject, 200)?),
        None => None,
    };
    let fingerprint = refs::fingerprint(write);
    // The person, registered or not: two systems registering them at once are one after
    // the other.
    refs::lock(
        conn,
        system,
        Kind::Citizen,
        external_id,
        &[Key::person(person_ref)],
    )
    .await?;
    let known = refs::find(conn, system.id, Kind::Citizen, external_id).await?;
    let outcome = known.outcome(version, fingerprint)?;
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
    if let Some((citizen_id, _)) = existing {
        crate::db::lock(conn, &[Key::citizen(citizen_id)]).await?;
    }
    // One citizen, one external id: the person registered again under a new id would get a
    // second handle on the same plan.
    if let (Known::New, Some((citizen_id, _))) = (known, existing)
        && let Some((system_id, taken)) = sqlx::query_as::<_, (i64, String)>(
            "SELECT system_id, external_id FROM external_refs WHERE kind = 'citizen' AND local_id = $1",
        )
        .bind(citizen_id)
        .fetch_optional(&mut *conn)
        .await?
    {
        return Err(AppError::PersonRefTaken(
            (system_id == system.id).then_some(taken),
        ));
    }
    if let (Known::At { local_id, .. }, Some((citizen_id, _))) = (known, existing)
        && local_id != citizen_id
    {
        return Err(AppError::Unappliable(
            "person_ref: another citizen has this person_ref; a registered citizen's person_ref cannot become another person's".into(),
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
    sqlx::query("UPDATE citizens SET full_name = $1, municipality = $2, course_ended_on = $3 WHERE id = $4")
        .bind(full_name)
        .bind(&municipality)
        .bind(write.course_ended_on.map(|day| day.to_string()))
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
            .map_err(subject_taken)?;
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
            .await
            .map_err(subject_taken)?;
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
        (version, fingerprint),
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

/// A sign-in subject another account has, given to a new citizen or a registered one:
/// refused, as nobody may sign in as someone else.
fn subject_taken(error: sqlx::Error) -> AppError {
    match error {
        sqlx::Error::Database(d) if d.is_unique_violation() => {
            AppError::BadRequest("sign_in_subject: already used by another account".into())
        }
        other => other.into(),
    }
}

/// Write a goal in a citizen's plan.
///
/// A goal stays in the plan it was written in: a newer version with the `person_ref` of
/// another citizen is refused with 409 (`conflict`, the message names the goal) and changes
/// neither plan.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/goals/{external_id}",
    operation_id = "write_goal",
    tag = "integration",
    security(("case_system" = ["plans"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = GoalWrite, example = json!({"person_ref": "0101901234", "version": 1, "life_area": "job_education", "title": "Job på lager", "position": 1, "sensitive": false})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = OTHER_CITIZENS_PLAN, body = IntegrationErrorBody))
)]
pub async fn put_goal(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<GoalWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db, &[]).await?;
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
    let citizen = refs::citizen(conn, system, &write.person_ref).await?;
    let life_area = encode_enum(&write.life_area)?;
    let columns = [
        ("plan_id", Value::Int(citizen.plan_id)),
        ("life_area", Value::Text(Some(&life_area))),
        ("title", Value::Text(Some(title))),
        ("position", Value::Int(write.position)),
        ("sensitive", Value::Int(crate::db::flag(write.sensitive))),
    ];
    let item = Upsert {
        item: Item::Goal,
        external_id,
        version,
        fingerprint: refs::fingerprint(write),
        citizen,
        title,
        columns: &columns,
    };
    upsert(conn, system, item, now).await
}

/// Write a sub-goal under one of the system's goals.
///
/// Moving the sub-goal to another of the system's goals in the same citizen's plan is
/// allowed; a goal in another citizen's plan is refused with 409 (`conflict`, the message
/// names the sub-goal) and changes neither plan.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/sub-goals/{external_id}",
    operation_id = "write_sub_goal",
    tag = "integration",
    security(("case_system" = ["plans"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = SubGoalWrite, example = json!({"goal": "G-1", "version": 1, "title": "Truckcertifikat", "success_criterion": "Bestået prøve", "target_date": "2027-03-01", "status": "in_progress", "unit": "Jobcenter Aarhus", "position": 1})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = OTHER_CITIZENS_PLAN, body = IntegrationErrorBody))
)]
pub async fn put_sub_goal(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<SubGoalWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db, &[]).await?;
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
    let (goal_id, citizen) = own_goal(conn, system, &write.goal).await?;
    let target = write.target_date.map(|d| d.to_string());
    let status = encode_enum(&write.status)?;
    let columns = [
        ("goal_id", Value::Int(goal_id)),
        ("title", Value::Text(Some(title))),
        ("success_criterion", Value::Text(Some(criterion))),
        ("target_date", Value::Text(target.as_deref())),
        ("status", Value::Text(Some(&status))),
        ("unit", Value::Text(Some(unit))),
        ("position", Value::Int(write.position)),
    ];
    let item = Upsert {
        item: Item::SubGoal,
        external_id,
        version,
        fingerprint: refs::fingerprint(write),
        citizen,
        title,
        columns: &columns,
    };
    upsert(conn, system, item, now).await
}

/// Write an activity under one of the system's goals.
///
/// Moving the activity to another of the system's goals in the same citizen's plan is
/// allowed; a goal in another citizen's plan is refused with 409 (`conflict`, the message
/// names the activity) and changes neither plan.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/activities/{external_id}",
    operation_id = "write_activity",
    tag = "integration",
    security(("case_system" = ["plans"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = ActivityWrite, example = json!({"goal": "G-1", "version": 1, "title": "Kursus i lagerarbejde", "provider": "AMU Østjylland", "starts_on": "2027-01-04", "ends_on": "2027-02-26"})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = OTHER_CITIZENS_PLAN, body = IntegrationErrorBody))
)]
pub async fn put_activity(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<ActivityWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db, &[]).await?;
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
    let (goal_id, citizen) = own_goal(conn, system, &write.goal).await?;
    let (starts, ends) = (
        write.starts_on.map(|d| d.to_string()),
        write.ends_on.map(|d| d.to_string()),
    );
    let columns = [
        ("goal_id", Value::Int(goal_id)),
        ("title", Value::Text(Some(title))),
        ("provider", Value::Text(Some(provider))),
        ("starts_on", Value::Text(starts.as_deref())),
        ("ends_on", Value::Text(ends.as_deref())),
    ];
    let item = Upsert {
        item: Item::Activity,
        external_id,
        version,
        fingerprint: refs::fingerprint(write),
        citizen,
        title,
        columns: &columns,
    };
    upsert(conn, system, item, now).await
}

/// Write a meeting in a citizen's plan.
///
/// A meeting stays in the plan it was written in: a newer version with the `person_ref` of
/// another citizen is refused with 409 (`conflict`, the message names the meeting), changes
/// neither plan and does not count as applied.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/meetings/{external_id}",
    operation_id = "write_meeting",
    tag = "integration",
    security(("case_system" = ["plans"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = MeetingWrite, example = json!({"person_ref": "0101901234", "version": 1, "title": "Opfølgning på planen", "starts_at": "2027-01-10T09:00:00+01:00", "ends_at": "2027-01-10T10:00:00+01:00", "location": "Jobcenter Aarhus, Værkmestergade 9", "participants": "Dig og Mette Larsen", "bring": "Lønsedler fra december"})),
    responses((status = 200, description = refs::APPLIED, body = Written), (status = 409, description = OTHER_CITIZENS_PLAN, body = IntegrationErrorBody))
)]
pub async fn put_meeting(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<MeetingWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Plans)?;
    let mut tx = begin_write(&state.db, &[]).await?;
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
    let citizen = refs::citizen(conn, system, &write.person_ref).await?;
    let location = write.location.as_deref().map(str::trim).filter(|l| !l.is_empty());
    let video = write
        .video_url
        .as_deref()
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let (starts, ends) = (timestamp(write.starts_at), timestamp(write.ends_at));
    let columns = [
        ("plan_id", Value::Int(citizen.plan_id)),
        ("title", Value::Text(Some(title))),
        ("starts_at", Value::Text(Some(&starts))),
        ("ends_at", Value::Text(Some(&ends))),
        ("location", Value::Text(location)),
        ("video_url", Value::Text(video)),
        ("participants", Value::Text(Some(write.participants.trim()))),
        ("bring", Value::Text(Some(write.bring.trim()))),
    ];
    let item = Upsert {
        item: Item::Meeting,
        external_id,
        version,
        fingerprint: refs::fingerprint(write),
        citizen,
        title,
        columns: &columns,
    };
    upsert(conn, system, item, now).await
}

/// The refusal every plan item's operation documents.
const OTHER_CITIZENS_PLAN: &str = "The item belongs to another citizen's plan, and an item never moves between citizens (`conflict`, the message names the item); or this version was applied before with other content (`version_conflict`). Nothing was changed and the version is not recorded";

/// The items a case system writes in a plan. Goals and meetings are in a plan; sub-goals
/// and activities hang on a goal and are in its plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Goal,
    SubGoal,
    Activity,
    Meeting,
}

impl Item {
    fn kind(self) -> Kind {
        match self {
            Item::Goal => Kind::Goal,
            Item::SubGoal => Kind::SubGoal,
            Item::Activity => Kind::Activity,
            Item::Meeting => Kind::Meeting,
        }
    }

    fn table(self) -> &'static str {
        match self {
            Item::Goal => "goals",
            Item::SubGoal => "sub_goals",
            Item::Activity => "activities",
            Item::Meeting => "meetings",
        }
    }

    /// How the item is named in a message, and the field of the write that places it.
    fn noun(self) -> (&'static str, &'static str) {
        match self {
            Item::Goal => ("goal", "person_ref"),
            Item::SubGoal => ("sub-goal", "goal"),
            Item::Activity => ("activity", "goal"),
            Item::Meeting => ("meeting", "person_ref"),
        }
    }

    /// The condition that a row of the table is in the plan bound as `$plan`.
    fn in_plan(self, plan: usize) -> String {
        match self {
            Item::Goal | Item::Meeting => format!("plan_id = ${plan}"),
            Item::SubGoal | Item::Activity => {
                format!("goal_id IN (SELECT id FROM goals WHERE plan_id = ${plan})")
            }
        }
    }
}

/// A column's value in a write.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    Int(i64),
    Text(Option<&'a str>),
}

/// One plan item to insert or update: its columns (with the plan or goal that places it)
/// and the citizen whose plan it must be in.
struct Upsert<'a> {
    item: Item,
    external_id: &'a str,
    version: i64,
    /// [`refs::fingerprint`] of the write.
    fingerprint: i64,
    citizen: refs::Citizen,
    /// For the citizen's log.
    title: &'a str,
    columns: &'a [(&'static str, Value<'a>)],
}

fn bind<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    columns: &'q [(&'static str, Value<'q>)],
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    for (_, value) in columns {
        query = match *value {
            Value::Int(v) => query.bind(v),
            Value::Text(v) => query.bind(v),
        };
    }
    query
}

/// The one way a plan item is written. A version not newer than the last one applied
/// changes nothing. An update applies only to the item's row in the citizen's plan (for a
/// sub-goal or an activity: under a goal in that plan, which may be another goal than
/// before); if it changed no row, the item is in another citizen's plan and the write is
/// refused, so neither plan changes and the version is not recorded. Whatever it changed
/// gets exactly one revision, of the one plan it is in.
async fn upsert(
    conn: &mut Conn,
    system: &System,
    write: Upsert<'_>,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let Upsert {
        item,
        external_id,
        version,
        fingerprint,
        citizen,
        title,
        columns,
    } = write;
    refs::lock(
        conn,
        system,
        item.kind(),
        external_id,
        &[Key::citizen(citizen.id)],
    )
    .await?;
    let known = refs::find(conn, system.id, item.kind(), external_id).await?;
    let outcome = known.outcome(version, fingerprint)?;
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written {
                id: local_id,
                outcome,
            });
        }
        Known::At { local_id, .. } => {
            let set: Vec<String> = columns
                .iter()
                .enumerate()
                .map(|(i, (column, _))| format!("{column} = ${}", i + 1))
                .collect();
            let sql = format!(
                "UPDATE {} SET {} WHERE id = ${} AND {}",
                item.table(),
                set.join(", "),
                columns.len() + 1,
                item.in_plan(columns.len() + 2)
            );
            let changed = bind(sqlx::query(&sql), columns)
                .bind(local_id)
                .bind(citizen.plan_id)
                .execute(&mut *conn)
                .await?
                .rows_affected();
            if changed != 1 {
                return Err(refused(conn, item, external_id, local_id).await?);
            }
            local_id
        }
        Known::New => {
            let names: Vec<&str> = columns.iter().map(|(column, _)| *column).collect();
            let places: Vec<String> = (1..=columns.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
                item.table(),
                names.join(", "),
                places.join(", ")
            );
            bind(sqlx::query(&sql), columns)
                .fetch_one(&mut *conn)
                .await?
                .try_get::<i64, _>(0)?
        }
    };
    finish(
        conn,
        system,
        item.kind(),
        external_id,
        id,
        (version, fingerprint),
        (citizen.plan_id, citizen.id),
        title,
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}

/// Why an update changed no row: the item is in another citizen's plan (409), or its row is
/// gone, which nothing in Samlet does.
async fn refused(
    conn: &mut Conn,
    item: Item,
    external_id: &str,
    local_id: i64,
) -> Result<AppError, AppError> {
    let (noun, field) = item.noun();
    let exists: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {} WHERE id = $1", item.table()))
        .bind(local_id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(if exists == 0 {
        AppError::Corrupt(format!("external {noun} {external_id} points at a missing row"))
    } else {
        AppError::Unappliable(format!(
            "{field}: {noun} {external_id} belongs to another citizen's plan; an item never moves between \
             citizens' plans (send a new {noun}, with its own external id, for the other citizen)"
        ))
    })
}
