//! The access log behind "Min log": every read or write of a citizen's data by anyone but
//! the citizen. Rows are only ever inserted (the table's triggers refuse anything else) and
//! no endpoint changes them.

use crate::db::Conn;
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::audit::{AccessLog, Action, ActorRole, LogEntry};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::{Acting, Role};
use crate::db::{decode_enum, encode_enum, timestamp};
use crate::error::{ApiQuery, AppError};
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(log))
}

/// Writes one entry for an access by someone acting for the citizen; the citizen's own
/// accesses are not logged. Only `access` calls it, under the action it decided.
pub(crate) async fn record(
    conn: &mut Conn,
    acting: &Acting,
    action: Action,
    object: &str,
) -> Result<(), AppError> {
    if acting.role == Role::Citizen {
        return Ok(());
    }
    record_even_own(conn, acting, action, object).await
}

/// Writes one entry whoever acted, the citizen too: for what the citizen should see even
/// when it was (or looked like) themself, a download of all their data, so a download
/// from a stolen session shows in Min log.
pub(crate) async fn record_even_own(
    conn: &mut Conn,
    acting: &Acting,
    action: Action,
    object: &str,
) -> Result<(), AppError> {
    let role = match acting.role {
        Role::Citizen => ActorRole::Citizen,
        Role::Relative => ActorRole::Relative,
        Role::Guardian => ActorRole::Guardian,
        Role::CaseworkerPreview => ActorRole::Caseworker,
    };
    insert(
        conn,
        acting.citizen_id,
        Some(acting.who.account_id),
        &acting.who.name,
        role,
        action,
        object,
    )
    .await
}

/// Writes one entry for the municipality's case system `system`.
pub async fn record_system(
    conn: &mut Conn,
    citizen_id: i64,
    system: &str,
    action: Action,
    object: &str,
) -> Result<(), AppError> {
    insert(conn, citizen_id, None, system, ActorRole::System, action, object).await
}

/// Writes one entry for a person who changed something of the citizen's without a session,
/// through a link sent to them (a notice's "turn this off"): named and placed by their
/// account and their grant for the citizen. Nothing when it is the citizen themself.
pub(crate) async fn record_by_link(
    conn: &mut Conn,
    citizen_id: i64,
    account_id: i64,
    action: Action,
    object: &str,
) -> Result<(), AppError> {
    let found: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT a.display_name,
                (SELECT g.kind FROM grants g WHERE g.citizen_id = $1 AND g.grantee_account_id = a.id
                 ORDER BY g.id DESC LIMIT 1)
         FROM accounts a
         WHERE a.id = $2 AND a.id IS DISTINCT FROM (SELECT c.account_id FROM citizens c WHERE c.id = $1)",
    )
    .bind(citizen_id)
    .bind(account_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((name, kind)) = found else {
        return Ok(());
    };
    let role = if kind.as_deref() == Some("guardianship") {
        ActorRole::Guardian
    } else {
        ActorRole::Relative
    };
    insert(conn, citizen_id, Some(account_id), &name, role, action, object).await
}

async fn insert(
    conn: &mut Conn,
    citizen_id: i64,
    account_id: Option<i64>,
    name: &str,
    role: ActorRole,
    action: Action,
    object: &str,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO access_log (citizen_id, actor_account_id, actor_name, role, action, object, at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(citizen_id)
    .bind(account_id)
    .bind(name)
    .bind(encode_enum(&role)?)
    .bind(encode_enum(&action)?)
    .bind(object)
    .bind(timestamp(Utc::now()))
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LogFilter {
    /// Only this person's entries (a name from `people`).
    person: Option<String>,
    /// First and last Danish day to include (`YYYY-MM-DD`); empty means no limit.
    from: Option<String>,
    to: Option<String>,
}

/// An optional date from a form field: empty is none, anything else must be a date.
fn day(text: Option<&str>, field: &str) -> Result<Option<NaiveDate>, AppError> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(text) => text
            .parse()
            .map(Some)
            .map_err(|_| AppError::BadRequest(format!("{field}: ikke en dato (ÅÅÅÅ-MM-DD)"))),
    }
}

/// The first instant of a Danish day, in UTC.
fn start_of(day: NaiveDate) -> DateTime<Utc> {
    samlet_api::denmark::start_of_day(day)
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    #[sqlx(try_from = "crate::db::Ts")]
    at: DateTime<Utc>,
    actor_name: String,
    role: String,
    action: String,
    object: String,
}

/// Reads the citizen's access log: who read or changed what of theirs, and when.
///
/// Newest first, filtered by person and Danish days. Only the citizen reads it: someone
/// acting for them gets 403.
#[utoipa::path(
    get,
    path = "/audit/log",
    operation_id = "get_access_log",
    tag = "audit",
    params(LogFilter),
    responses((status = 200, description = "The matching entries, newest first, and everyone who appears in the whole log", body = AccessLog))
)]
async fn log(
    State(state): State<AppState>,
    acting: Acting,
    ApiQuery(filter): ApiQuery<LogFilter>,
) -> Result<Json<AccessLog>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadAccessLog).await?;
    let from = day(filter.from.as_deref(), "from")?.map(start_of).map(timestamp);
    let until = day(filter.to.as_deref(), "to")?
        .and_then(|d| d.succ_opt())
        .map(start_of)
        .map(timestamp);
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT at, actor_name, role, action, object FROM access_log
         WHERE citizen_id = $1
           AND ($2 IS NULL OR actor_name = $2)
           AND ($3 IS NULL OR at >= $3)
           AND ($4 IS NULL OR at < $4)
         ORDER BY at DESC, id DESC LIMIT 1000",
    )
    .bind(citizen_id)
    .bind(filter.person.as_deref().filter(|p| !p.is_empty()))
    .bind(from)
    .bind(until)
    .fetch_all(&state.db)
    .await?;
    let people: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT actor_name FROM access_log WHERE citizen_id = $1 ORDER BY actor_name",
    )
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    let entries = rows.into_iter().map(entry).collect::<Result<_, AppError>>()?;
    Ok(Json(AccessLog {
        entries: visits(entries),
        people,
    }))
}

/// The whole log, newest first, entry by entry (for the citizen's copy of their data).
pub(crate) async fn all(conn: &mut Conn, citizen_id: i64) -> Result<Vec<LogEntry>, AppError> {
    let rows: Vec<EntryRow> = sqlx::query_as(
        "SELECT at, actor_name, role, action, object FROM access_log WHERE citizen_id = $1 ORDER BY at DESC, id DESC",
    )
    .bind(citizen_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter().map(entry).collect()
}

fn entry(row: EntryRow) -> Result<LogEntry, AppError> {
    Ok(LogEntry {
        at: row.at,
        actor_name: row.actor_name,
        role: decode_enum(&row.role)?,
        action: decode_enum(&row.action)?,
        object: row.object,
        also: Vec::new(),
    })
}

/// How far apart two reads by the same person may be and still count as one visit.
const VISIT_GAP_MINUTES: i64 = 30;

/// Whether an entry only read something (and names nothing in particular).
fn plain_read(entry: &LogEntry) -> bool {
    entry.object.is_empty()
        && matches!(
            entry.action,
            Action::ReadPlan
                | Action::ReadContact
                | Action::ReadDocuments
                | Action::ReadDecisions
                | Action::ReadAppealDraft
        )
}

/// The log as the citizen reads it: one line per visit. Reads by the same person, each
/// within half an hour of the next, become one entry that says everything they saw, in
/// the order they saw it (the first as `action`, the rest once each as `also`), at the time
/// of the last. Writes and anything with an object stay lines of their own. The stored log
/// is untouched: this only shapes what is shown. `entries` are newest first, and so is the
/// result.
pub fn visits(entries: Vec<LogEntry>) -> Vec<LogEntry> {
    let mut shown: Vec<LogEntry> = Vec::with_capacity(entries.len());
    // For the visit being gathered (the last of `shown`): when its oldest read happened.
    let mut oldest: Option<DateTime<Utc>> = None;
    for entry in entries {
        let joins = plain_read(&entry)
            && oldest.is_some_and(|oldest| oldest - entry.at <= chrono::Duration::minutes(VISIT_GAP_MINUTES))
            && shown.last().is_some_and(|visit| {
                plain_read(visit) && visit.actor_name == entry.actor_name && visit.role == entry.role
            });
        match shown.last_mut() {
            Some(visit) if joins => {
                // Reading backwards in time: this read came before everything gathered.
                let mut order: Vec<Action> = Vec::with_capacity(visit.also.len() + 2);
                for action in [entry.action, visit.action]
                    .into_iter()
                    .chain(visit.also.drain(..))
                {
                    if !order.contains(&action) {
                        order.push(action);
                    }
                }
                visit.also = order.split_off(1);
                visit.action = order[0];
                oldest = Some(entry.at);
            }
            _ => {
                oldest = plain_read(&entry).then_some(entry.at);
                shown.push(entry);
            }
        }
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(minute: i64, who: &str, action: Action, object: &str) -> LogEntry {
        LogEntry {
            at: chrono::DateTime::from_timestamp(1_800_000_000 + minute * 60, 0).unwrap(),
            actor_name: who.into(),
            role: ActorRole::Relative,
            action,
            object: object.into(),
            also: Vec::new(),
        }
    }

    #[test]
    fn reads_in_one_visit_are_one_line_and_writes_stay_apart() {
        // Newest first, as the log is read.
        let log = vec![
            entry(100, "Anna", Action::ReadPlan, ""),
            entry(95, "Anna", Action::ReadContact, ""),
            entry(90, "Anna", Action::ReadPlan, ""),
            entry(50, "Anna", Action::UploadDocuments, "lønseddel"),
            entry(45, "Anna", Action::ReadDocuments, ""),
            entry(44, "Mette", Action::ReadPlan, ""),
            entry(43, "Anna", Action::ReadPlan, ""),
            // More than half an hour before the next read: another visit.
            entry(0, "Anna", Action::ReadPlan, ""),
        ];
        let lines: Vec<(i64, String, Action, Vec<Action>)> = visits(log)
            .into_iter()
            .map(|e| {
                (
                    (e.at.timestamp() - 1_800_000_000) / 60,
                    e.actor_name,
                    e.action,
                    e.also,
                )
            })
            .collect();
        let line = |m: i64, who: &str, action: Action, also: Vec<Action>| (m, who.to_owned(), action, also);
        assert_eq!(
            lines,
            vec![
                line(100, "Anna", Action::ReadPlan, vec![Action::ReadContact]),
                line(50, "Anna", Action::UploadDocuments, vec![]),
                line(45, "Anna", Action::ReadDocuments, vec![]),
                line(44, "Mette", Action::ReadPlan, vec![]),
                line(43, "Anna", Action::ReadPlan, vec![]),
                line(0, "Anna", Action::ReadPlan, vec![]),
            ]
        );
    }

    #[test]
    fn a_danish_day_starts_at_local_midnight() {
        let winter = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        assert_eq!(timestamp(start_of(winter)), "2026-01-09T23:00:00Z");
        let summer = NaiveDate::from_ymd_opt(2026, 7, 10).unwrap();
        assert_eq!(timestamp(start_of(summer)), "2026-07-09T22:00:00Z");
    }
}
