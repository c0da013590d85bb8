//! Case systems naming the citizen's one contact: caseworkers, and who coordinates for whom
//! (with a stand-in for a period). Idempotent by (system, external id, version) like every
//! write, and in the citizen's access log.

use crate::db::{Conn, Key};
use axum::Json;
use axum::extract::State;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::integration::{CaseworkerWrite, ContactWrite, WriteOutcome, Written};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::{IntegrationError, IntegrationJson, IntegrationPath};
use super::refs::{self, Kind, Known, text};
use super::systems::{Scope, System};
use crate::audit;
use crate::db::begin_write;
use crate::error::AppError;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_caseworker))
        .routes(routes!(put_contact))
}

/// Register a caseworker who can be a citizen's contact, or update them.
///
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/caseworkers/{external_id}",
    operation_id = "write_caseworker",
    tag = "integration",
    security(("case_system" = ["contacts"])),
    params(("external_id" = String, Path, description = refs::EXTERNAL_ID)),
    request_body(content = CaseworkerWrite, example = json!({"version": 1, "full_name": "Mette Larsen", "role": "Koordinerende sagsbehandler", "unit": "Jobcenter Aarhus", "phone": "+45 87 13 40 01", "email": "mette.larsen@aarhus.dk", "reachable": "Mandag til torsdag kl. 9-15"})),
    responses((status = 200, description = refs::APPLIED, body = Written))
)]
pub async fn put_caseworker(
    State(state): State<AppState>,
    system: System,
    IntegrationPath(external_id): IntegrationPath<String>,
    IntegrationJson(write): IntegrationJson<CaseworkerWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Contacts)?;
    let mut tx = begin_write(&state.db, &[]).await?;
    let written = write_caseworker(&mut tx, &system, &external_id, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

pub async fn write_caseworker(
    conn: &mut Conn,
    system: &System,
    external_id: &str,
    write: &CaseworkerWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let external_id = refs::external_id(external_id)?;
    let version = refs::version(write.version)?;
    let fields = [
        text("full_name", &write.full_name, 200)?,
        text("role", &write.role, 200)?,
        text("unit", &write.unit, 200)?,
        text("phone", &write.phone, 40)?,
        text("email", &write.email, 200)?,
        text("reachable", &write.reachable, 500)?,
    ];
    if !fields[4].contains('@') {
        return Err(AppError::BadRequest("email: not an e-mail address".into()));
    }
    let fingerprint = refs::fingerprint(write);
    refs::lock(conn, system, Kind::Caseworker, external_id, &[]).await?;
    let known = refs::find(conn, system.id, Kind::Caseworker, external_id).await?;
    let outcome = known.outcome(version, fingerprint)?;
    let id = match known {
        Known::At { local_id, .. } if outcome == WriteOutcome::Unchanged => {
            return Ok(Written { id: local_id, outcome });
        }
        Known::At { local_id, .. } => {
            sqlx::query(
                "UPDATE caseworkers SET full_name = $1, role = $2, unit = $3, phone = $4, email = $5, reachable = $6
                 WHERE id = $7",
            )
            .bind(fields[0])
            .bind(fields[1])
            .bind(fields[2])
            .bind(fields[3])
            .bind(fields[4])
            .bind(fields[5])
            .bind(local_id)
            .execute(&mut *conn)
            .await?;
            local_id
        }
        Known::New => sqlx::query_scalar(
            "INSERT INTO caseworkers (full_name, role, unit, phone, email, reachable) VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
        )
        .bind(fields[0])
        .bind(fields[1])
        .bind(fields[2])
        .bind(fields[3])
        .bind(fields[4])
        .bind(fields[5])
        .fetch_one(&mut *conn)
        .await?,
    };
    refs::remember(
        conn,
        system.id,
        Kind::Caseworker,
        external_id,
        id,
        (version, Some(fingerprint)),
        now,
    )
    .await?;
    Ok(Written { id, outcome })
}

/// Name a citizen's one coordinating contact, and a stand-in for a period.
///
/// The caseworkers are named by the external ids they were registered under. One contact
/// per citizen: the item's id is the citizen's `person_ref`.
/// Idempotent by version: only a version higher than the last one applied changes anything;
/// the same version again is `unchanged` when it says the same and 409 `version_conflict`
/// when it does not.
#[utoipa::path(
    put,
    path = "/contacts",
    operation_id = "write_contact",
    tag = "integration",
    security(("case_system" = ["contacts"])),
    request_body(content = ContactWrite, example = json!({"person_ref": "0101901234", "version": 1, "caseworker": "CW-1", "stand_in": "CW-2", "stand_in_from": "2026-12-21", "stand_in_until": "2027-01-03"})),
    responses((status = 200, description = refs::APPLIED, body = Written))
)]
pub async fn put_contact(
    State(state): State<AppState>,
    system: System,
    IntegrationJson(write): IntegrationJson<ContactWrite>,
) -> Result<Json<Written>, IntegrationError> {
    system.require(Scope::Contacts)?;
    let mut tx = begin_write(&state.db, &[]).await?;
    let written = write_contact(&mut tx, &system, &write, Utc::now()).await?;
    tx.commit().await?;
    Ok(Json(written))
}

async fn caseworker(
    conn: &mut Conn,
    system: &System,
    field: &str,
    external_id: &str,
) -> Result<i64, AppError> {
    match refs::find(conn, system.id, Kind::Caseworker, external_id).await? {
        Known::At { local_id, .. } => Ok(local_id),
        Known::New => Err(AppError::BadRequest(format!(
            "{field}: no caseworker with this external id from this system"
        ))),
    }
}

pub async fn write_contact(
    conn: &mut Conn,
    system: &System,
    write: &ContactWrite,
    now: DateTime<Utc>,
) -> Result<Written, AppError> {
    let version = refs::version(write.version)?;
    let person_ref = text("person_ref", &write.person_ref, 64)?;
    let citizen_id = refs::citizen(conn, system, person_ref).await?.id;
    let coordinator = caseworker(conn, system, "caseworker", &write.caseworker).await?;
    let stand_in = match write.stand_in.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(external) => {
            let (Some(from), Some(until)) = (write.stand_in_from, write.stand_in_until) else {
                return Err(AppError::BadRequest(
                    "stand_in_from: a stand-in needs a period (from and until)".into(),
                ));
            };
            if until < from {
                return Err(AppError::BadRequest(
                    "stand_in_until: before stand_in_from".into(),
                ));
            }
            Some((caseworker(conn, system, "stand_in", external).await?, from, until))
        }
    };
    let fingerprint = refs::fingerprint(write);
    refs::lock(
        conn,
        system,
        Kind::Contact,
        person_ref,
        &[Key::citizen(citizen_id)],
    )
    .await?;
    let known = refs::find(conn, system.id, Kind::Contact, person_ref).await?;
    let outcome = known.outcome(version, fingerprint)?;
    if outcome == WriteOutcome::Unchanged {
        return Ok(Written {
            id: citizen_id,
            outcome,
        });
    }
    sqlx::query(
        "INSERT INTO contacts (citizen_id, caseworker_id, stand_in_id, stand_in_from, stand_in_until)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (citizen_id) DO UPDATE SET caseworker_id = excluded.caseworker_id,
             stand_in_id = excluded.stand_in_id, stand_in_from = excluded.stand_in_from,
             stand_in_until = excluded.stand_in_until",
    )
    .bind(citizen_id)
    .bind(coordinator)
    .bind(stand_in.map(|s| s.0))
    .bind(stand_in.map(|s| s.1.to_string()))
    .bind(stand_in.map(|s| s.2.to_string()))
    .execute(&mut *conn)
    .await?;
    // The citizen's copy of their data lists every contact they had.
    sqlx::query(
        "INSERT INTO contact_history (citizen_id, caseworker_id, stand_in_id, stand_in_from, stand_in_until, named_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(citizen_id)
    .bind(coordinator)
    .bind(stand_in.map(|s| s.0))
    .bind(stand_in.map(|s| s.1.to_string()))
    .bind(stand_in.map(|s| s.2.to_string()))
    .bind(crate::db::timestamp(now))
    .execute(&mut *conn)
    .await?;
    refs::remember(
        conn,
        system.id,
        Kind::Contact,
        person_ref,
        citizen_id,
        (version, Some(fingerprint)),
        now,
    )
    .await?;
    let name: String = sqlx::query_scalar("SELECT full_name FROM caseworkers WHERE id = $1")
        .bind(coordinator)
        .fetch_one(&mut *conn)
        .await?;
    audit::record_system(conn, citizen_id, &system.name, Action::ChangeContact, &name).await?;
    Ok(Written {
        id: citizen_id,
        outcome,
    })
}
