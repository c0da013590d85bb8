//! Powers of attorney (fuldmagt) a citizen gives a relative, guardianships (værgemål) the
//! municipality registers, and the citizens a caseworker may preview. Whether a grant lets
//! a request through is decided in [`crate::access`]; this module keeps the grants.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Days, NaiveDate, Utc};
use samlet_api::delegation::{CoordinatedCitizen, Grant, GrantKind, GrantState, Grants, NewGrant};
use samlet_api::session::AccountKind;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::{self, parse_scopes};
use crate::contact::danish_date;
use crate::db::{Db, Flag, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, ApiPath, AppError};
use crate::session::SignedIn;
use crate::state::AppState;
use samlet_api::audit::Action;

pub mod identity;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, give))
        .routes(routes!(accept))
        .routes(routes!(revoke))
        .routes(routes!(give_up))
        .routes(routes!(coordinated))
}

/// The longest name a citizen may type for the person they give access.
const MAX_NAME_CHARS: usize = 120;

/// Why a new grant is refused, before anything is stored. `grantee` is the account already
/// signed in with the CPR number given, if any.
pub fn check_new(
    grant: &NewGrant,
    grantor_account: i64,
    grantee: Option<i64>,
    today: NaiveDate,
    max_days: u32,
) -> Result<(), AppError> {
    if grantee == Some(grantor_account) {
        return Err(AppError::BadRequest(
            "du kan ikke give dig selv en fuldmagt".into(),
        ));
    }
    if grant.scopes.is_empty() {
        return Err(AppError::BadRequest(
            "vælg mindst én ting, fuldmagten giver adgang til".into(),
        ));
    }
    let latest = today + Days::new(u64::from(max_days));
    if grant.ends_on < today || grant.ends_on > latest {
        return Err(AppError::BadRequest(format!(
            "slutdatoen skal ligge fra i dag til højst {max_days} dage frem"
        )));
    }
    Ok(())
}

/// The typed name, trimmed, and the CPR number's ten digits; or why they cannot be used.
pub fn identity_of(grant: &NewGrant) -> Result<(String, String), AppError> {
    let name = grant.grantee_name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(AppError::BadRequest(format!(
            "skriv personens navn (højst {MAX_NAME_CHARS} tegn)"
        )));
    }
    let cpr = samlet_api::delegation::cpr_digits(&grant.grantee_cpr).ok_or_else(|| {
        AppError::BadRequest(
            "CPR-nummeret skal være 10 cifre, og de første 6 skal være en rigtig dato (DDMMÅÅ)".into(),
        )
    })?;
    Ok((name.to_owned(), cpr))
}

/// A grant's state on `today`.
pub fn state_of(accepted: bool, ended_by: Option<&str>, ends_on: NaiveDate, today: NaiveDate) -> GrantState {
    match ended_by {
        Some("grantee") => GrantState::GivenUp,
        Some(_) => GrantState::Revoked,
        None if ends_on < today => GrantState::Expired,
        None if !accepted => GrantState::Pending,
        None => GrantState::Active,
    }
}

#[derive(sqlx::FromRow)]
struct GrantRow {
    id: i64,
    kind: String,
    citizen_id: i64,
    citizen_name: String,
    grantee_account_id: Option<i64>,
    grantee_name: String,
    scopes: String,
    #[sqlx(try_from = "crate::db::Flag")]
    include_sensitive: bool,
    #[sqlx(try_from = "crate::db::Day")]
    ends_on: NaiveDate,
    #[sqlx(try_from = "crate::db::Ts")]
    created_at: DateTime<Utc>,
    accepted_at: Option<String>,
    ended_by: Option<String>,
}

const GRANT_SELECT: &str = "SELECT g.id, g.kind, g.citizen_id, c.full_name AS citizen_name,
        g.grantee_account_id, COALESCE(a.display_name, g.grantee_name) AS grantee_name, g.scopes,
        g.include_sensitive, g.ends_on, g.created_at, g.accepted_at, g.ended_by
    FROM grants g JOIN citizens c ON c.id = g.citizen_id LEFT JOIN accounts a ON a.id = g.grantee_account_id";

impl GrantRow {
    fn into_grant(self, today: NaiveDate) -> Result<Grant, AppError> {
        Ok(Grant {
            id: self.id,
            kind: decode_enum(&self.kind)?,
            citizen_id: self.citizen_id,
            citizen_name: self.citizen_name,
            grantee_account_id: self.grantee_account_id,
            grantee_name: self.grantee_name,
            scopes: parse_scopes(&self.scopes)?,
            include_sensitive: self.include_sensitive,
            state: state_of(
                self.accepted_at.is_some(),
                self.ended_by.as_deref(),
                self.ends_on,
                today,
            ),
            ends_on: self.ends_on,
            created_at: self.created_at,
        })
    }
}

pub(crate) async fn grants_where(
    db: &Db,
    condition: &str,
    id: i64,
    today: NaiveDate,
) -> Result<Vec<Grant>, AppError> {
    let rows: Vec<GrantRow> = sqlx::query_as(&format!("{GRANT_SELECT} WHERE {condition} ORDER BY g.id DESC"))
        .bind(id)
        .fetch_all(db)
        .await?;
    rows.into_iter().map(|row| row.into_grant(today)).collect()
}

/// Lists the powers of attorney and guardianships the signed-in person has given and received.
///
/// Always about the signed-in person themself, whoever they are acting for.
#[utoipa::path(
    get,
    path = "/delegation/grants",
    operation_id = "list_grants",
    tag = "delegation",
    responses((status = 200, description = "The grants given and received, and the longest a new power of attorney may run", body = Grants))
)]
async fn list(State(state): State<AppState>, who: SignedIn) -> Result<Json<Grants>, AppError> {
    let today = danish_date(Utc::now());
    let given = match who.own_citizen() {
        Some(citizen_id) => grants_where(&state.db, "g.citizen_id = $1", citizen_id, today).await?,
        None => Vec::new(),
    };
    let received = grants_where(&state.db, "g.grantee_account_id = $1", who.account_id, today).await?;
    Ok(Json(Grants {
        given,
        received,
        max_days: state.settings.max_grant_days,
    }))
}

async fn one(db: &Db, id: i64, today: NaiveDate) -> Result<Grant, AppError> {
    grants_where(db, "g.id = $1", id, today)
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Gives a relative a power of attorney, by their name and CPR number.
///
/// The citizen does it as themself, not while acting for someone else. It waits until
/// someone signs in with MitID whose CPR number matches, and accepts it. Only a keyed hash
/// of the number is stored.
#[utoipa::path(
    post,
    path = "/delegation/grants",
    operation_id = "give_grant",
    tag = "delegation",
    request_body(content = NewGrant, example = json!({"grantee_name": "Anna Jensen", "grantee_cpr": "070790-1234", "scopes": ["plan", "read_documents", "appeal"], "include_sensitive": false, "ends_on": "2027-06-30"})),
    responses((status = 201, description = "The power of attorney, given and waiting for the relative to accept it", body = Grant))
)]
async fn give(
    State(state): State<AppState>,
    who: SignedIn,
    ApiJson(new): ApiJson<NewGrant>,
) -> Result<(StatusCode, Json<Grant>), AppError> {
    let citizen_id = access::as_themself(&who, Action::ManageGrants)?;
    let now = Utc::now();
    let today = danish_date(now);
    let (name, cpr) = identity_of(&new)?;
    let cpr_hash = state.settings.cpr_key.hash(&cpr);
    // Someone already signed in with that number holds it at once; anyone else, at their
    // first MitID sign-in (`identity::claim_waiting_grants`).
    let grantee: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE cpr_hash = $1")
        .bind(&cpr_hash)
        .fetch_optional(&state.db)
        .await?;
    check_new(
        &new,
        who.account_id,
        grantee,
        today,
        state.settings.max_grant_days,
    )?;
    let mut scopes = new.scopes.clone();
    scopes.dedup();
    let scopes = scopes
        .iter()
        .map(encode_enum)
        .collect::<Result<Vec<_>, _>>()?
        .join(" ");
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO grants (citizen_id, grantee_account_id, grantee_cpr_hash, grantee_name, kind, scopes,
                             include_sensitive, ends_on, created_at)
         VALUES ($1, $2, $3, $4, 'power_of_attorney', $5, $6, $7, $8) RETURNING id",
    )
    .bind(citizen_id)
    .bind(grantee)
    .bind(&cpr_hash)
    .bind(&name)
    .bind(scopes)
    .bind(crate::db::flag(new.include_sensitive))
    .bind(new.ends_on.format("%Y-%m-%d").to_string())
    .bind(timestamp(now))
    .fetch_one(&state.db)
    .await?;
    Ok((StatusCode::CREATED, Json(one(&state.db, id, today).await?)))
}

/// Ends or accepts a grant in one conditional UPDATE, so two clicks cannot both act.
/// A grant that is not the caller's to change is 404: its existence is not revealed.
async fn change(db: &Db, id: i64, sql: &str, party: i64) -> Result<Grant, AppError> {
    let now = Utc::now();
    let done = sqlx::query(sql)
        .bind(timestamp(now))
        .bind(id)
        .bind(party)
        .bind(danish_date(now).format("%Y-%m-%d").to_string())
        .execute(db)
        .await?;
    let grant = one(db, id, danish_date(now)).await;
    match grant {
        Ok(grant) if done.rows_affected() > 0 => Ok(grant),
        // Already in that state (a double click) is fine; anything else is not theirs.
        Ok(grant) if is_party(&grant, party, db).await? => Err(AppError::Conflict),
        _ => Err(AppError::NotFound),
    }
}

async fn is_party(grant: &Grant, account_id: i64, db: &Db) -> Result<bool, AppError> {
    let citizen_account: Option<i64> = sqlx::query_scalar("SELECT account_id FROM citizens WHERE id = $1")
        .bind(grant.citizen_id)
        .fetch_one(db)
        .await?;
    Ok(grant.grantee_account_id == Some(account_id) || citizen_account == Some(account_id))
}

/// Accepts a power of attorney given to the signed-in person, which puts it in force.
#[utoipa::path(
    post,
    path = "/delegation/grants/{id}/accept",
    operation_id = "accept_grant",
    tag = "delegation",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The power of attorney, accepted and in force", body = Grant))
)]
async fn accept(
    State(state): State<AppState>,
    who: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Grant>, AppError> {
    Ok(Json(
        change(
            &state.db,
            id,
            "UPDATE grants SET accepted_at = $1 WHERE id = $2 AND grantee_account_id = $3
               AND accepted_at IS NULL AND ended_at IS NULL AND ends_on >= $4",
            who.account_id,
        )
        .await?,
    ))
}

/// Revokes a power of attorney the citizen gave.
///
/// A guardianship is the court's and stays (403).
#[utoipa::path(
    post,
    path = "/delegation/grants/{id}/revoke",
    operation_id = "revoke_grant",
    tag = "delegation",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The power of attorney, ended by the citizen", body = Grant))
)]
async fn revoke(
    State(state): State<AppState>,
    who: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Grant>, AppError> {
    access::as_themself(&who, Action::ManageGrants)?;
    if let Ok(grant) = one(&state.db, id, danish_date(Utc::now())).await
        && grant.kind == GrantKind::Guardianship
        && is_party(&grant, who.account_id, &state.db).await?
    {
        return Err(AppError::Forbidden);
    }
    Ok(Json(
        change(
            &state.db,
            id,
            "UPDATE grants SET ended_at = $1, ended_by = 'citizen' WHERE id = $2 AND kind = 'power_of_attorney'
               AND ended_at IS NULL AND ends_on >= $4
               AND citizen_id = (SELECT id FROM citizens WHERE account_id = $3)",
            who.account_id,
        )
        .await?,
    ))
}

/// Gives up a power of attorney the signed-in person received.
#[utoipa::path(
    post,
    path = "/delegation/grants/{id}/give-up",
    operation_id = "give_up_grant",
    tag = "delegation",
    params(("id" = i64, Path)),
    responses((status = 200, description = "The power of attorney, ended by the relative who held it", body = Grant))
)]
async fn give_up(
    State(state): State<AppState>,
    who: SignedIn,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Grant>, AppError> {
    Ok(Json(
        change(
            &state.db,
            id,
            "UPDATE grants SET ended_at = $1, ended_by = 'grantee' WHERE id = $2 AND grantee_account_id = $3
               AND kind = 'power_of_attorney' AND ended_at IS NULL AND ends_on >= $4",
            who.account_id,
        )
        .await?,
    ))
}

/// Registers a guardianship the way the municipality does (the demo data and, later, the
/// integration API): in force at once, and not revocable by the citizen.
pub async fn register_guardianship(
    db: &Db,
    citizen_id: i64,
    guardian_account_id: i64,
    ends_on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    let scopes = samlet_api::delegation::ALL_SCOPES
        .iter()
        .map(encode_enum)
        .collect::<Result<Vec<_>, _>>()?
        .join(" ");
    Ok(sqlx::query_scalar(
        "INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on, created_at, accepted_at)
         VALUES ($1, $2, 'guardianship', $3, 1, $4, $5, $5) RETURNING id",
    )
    .bind(citizen_id)
    .bind(guardian_account_id)
    .bind(scopes)
    .bind(ends_on.format("%Y-%m-%d").to_string())
    .bind(timestamp(now))
    .fetch_one(db)
    .await?)
}

/// Lists the citizens the signed-in caseworker coordinates or stands in for today, with
/// what waits in their messages.
///
/// Only a caseworker's account may ask (403 for others).
#[utoipa::path(
    get,
    path = "/caseworker/citizens",
    operation_id = "list_coordinated_citizens",
    tag = "delegation",
    responses((status = 200, description = "The caseworker's citizens by name, each marked when the caseworker is only the stand-in", body = Vec<CoordinatedCitizen>))
)]
async fn coordinated(
    State(state): State<AppState>,
    who: SignedIn,
) -> Result<Json<Vec<CoordinatedCitizen>>, AppError> {
    if who.kind != AccountKind::Caseworker {
        return Err(AppError::Forbidden);
    }
    let today = crate::contact::danish_date(chrono::Utc::now()).to_string();
    // What waits in each citizen's messages: their side's messages nobody here has
    // opened, and open threads whose last word is theirs.
    let rows: Vec<(i64, String, Flag, i64, i64)> = sqlx::query_as(&format!(
        "SELECT c.id, c.full_name, CASE WHEN k.caseworker_id <> w.id THEN 1 ELSE 0 END AS stand_in,
                (SELECT COUNT(*) FROM messages m
                 WHERE m.citizen_id = c.id AND m.side = 'citizen' AND m.read_at IS NULL) AS unread,
                (SELECT COUNT(*) FROM message_threads t
                 WHERE t.citizen_id = c.id AND t.last_side = 'citizen' AND t.closed_at IS NULL) AS waiting
         FROM caseworkers w JOIN contacts k ON {}
         JOIN citizens c ON c.id = k.citizen_id
         WHERE w.account_id = $1 ORDER BY c.full_name",
        crate::access::covers("k", "w", "$2")
    ))
    .bind(who.account_id)
    .bind(&today)
    .fetch_all(&state.db)
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(
                |(citizen_id, name, Flag(stand_in), unread, waiting)| CoordinatedCitizen {
                    citizen_id,
                    name,
                    stand_in,
                    unread: u32::try_from(unread).unwrap_or(u32::MAX),
                    waiting: u32::try_from(waiting).unwrap_or(u32::MAX),
                },
            )
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_new_grant_needs_a_scope_another_person_and_an_end_within_the_maximum() {
        let today = day(2026, 11, 25);
        let ok = NewGrant {
            grantee_name: "Anna Jensen".into(),
            grantee_cpr: "070790-1234".into(),
            scopes: vec![samlet_api::delegation::Scope::UploadDocuments],
            include_sensitive: false,
            ends_on: day(2027, 11, 25),
        };
        assert!(check_new(&ok, 1, Some(5), today, 365).is_ok());
        assert!(check_new(&ok, 1, None, today, 365).is_ok());
        assert!(check_new(&ok, 5, Some(5), today, 365).is_err());
        assert!(
            check_new(
                &NewGrant {
                    scopes: vec![],
                    ..ok.clone()
                },
                1,
                None,
                today,
                365
            )
            .is_err()
        );
        assert!(
            check_new(
                &NewGrant {
                    ends_on: day(2027, 11, 26),
                    ..ok.clone()
                },
                1,
                None,
                today,
                365
            )
            .is_err()
        );
        assert!(
            check_new(
                &NewGrant {
                    ends_on: day(2026, 11, 24),
                    ..ok.clone()
                },
                1,
                None,
                today,
                365
            )
            .is_err()
        );
        assert!(check_new(&NewGrant { ends_on: today, ..ok }, 1, None, today, 365).is_ok());
    }

    #[test]
    fn a_grant_names_a_person_by_name_and_a_real_cpr_number() {
        let grant = |name: &str, cpr: &str| NewGrant {
            grantee_name: name.into(),
            grantee_cpr: cpr.into(),
            scopes: vec![samlet_api::delegation::Scope::Plan],
            include_sensitive: false,
            ends_on: day(2027, 1, 1),
        };
        assert_eq!(
            identity_of(&grant("  Anna Jensen ", "070790-1234")).unwrap(),
            ("Anna Jensen".to_owned(), "0707901234".to_owned())
        );
        assert!(identity_of(&grant("", "070790-1234")).is_err());
        assert!(identity_of(&grant("Anna\u{7}", "070790-1234")).is_err());
        assert!(identity_of(&grant(&"A".repeat(121), "070790-1234")).is_err());
        assert!(identity_of(&grant("Anna Jensen", "310290-1234")).is_err());
        assert!(identity_of(&grant("Anna Jensen", "12345")).is_err());
    }

    #[test]
    fn a_grant_is_pending_until_accepted_and_ends_by_date_revocation_or_giving_up() {
        let today = day(2026, 11, 25);
        assert_eq!(state_of(false, None, today, today), GrantState::Pending);
        assert_eq!(state_of(true, None, today, today), GrantState::Active);
        assert_eq!(
            state_of(true, None, day(2026, 11, 24), today),
            GrantState::Expired
        );
        assert_eq!(state_of(true, Some("citizen"), today, today), GrantState::Revoked);
        assert_eq!(state_of(true, Some("grantee"), today, today), GrantState::GivenUp);
    }
}
