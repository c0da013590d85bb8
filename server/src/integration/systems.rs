//! Case systems and their API tokens: created and revoked with the server's sub-commands,
//! presented as `Authorization: Bearer <token>`. A token carries three limits: what the
//! system may do (scopes), whose data (the municipalities it serves) and which life areas
//! of the plan (a jobcentre's system writes job goals, not health goals).

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use samlet_api::plan::LifeArea;

use super::error::IntegrationError;
use crate::db::{Db, encode_enum, timestamp};
use crate::error::AppError;
use crate::session::{hash, random_token};
use crate::state::AppState;

/// What a system may do. Each route asks for one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scope {
    /// Read lodged appeals, acknowledge them and move them along their timeline.
    Appeals,
    /// Register citizens and their one plan.
    Citizens,
    /// Write goals, sub-goals, activities and meetings in citizens' plans.
    Plans,
    /// Register caseworkers and name each citizen's contact and stand-in.
    Contacts,
    /// Share documents with citizens; read the documents citizens send, and acknowledge them.
    Documents,
    /// Publish combined decisions.
    Decisions,
    /// Read the messages written in Samlet, journalise them, and post caseworkers' answers.
    Messages,
}

impl Scope {
    pub fn name(self) -> &'static str {
        match self {
            Scope::Appeals => "appeals",
            Scope::Citizens => "citizens",
            Scope::Plans => "plans",
            Scope::Contacts => "contacts",
            Scope::Documents => "documents",
            Scope::Decisions => "decisions",
            Scope::Messages => "messages",
        }
    }
}

/// Who a token may reach and what it may write, as given to `create-integration-token`.
#[derive(Debug, Clone)]
pub struct Reach {
    pub scopes: Vec<Scope>,
    /// Three-digit municipality codes, e.g. `751`.
    pub municipalities: Vec<String>,
    pub life_areas: Vec<LifeArea>,
}

impl Reach {
    /// Every life area of one municipality's citizens.
    pub fn whole_plan_in(municipality: &str, scopes: &[Scope]) -> Reach {
        Reach {
            scopes: scopes.to_vec(),
            municipalities: vec![municipality.to_string()],
            life_areas: LifeArea::ALL.to_vec(),
        }
    }
}

/// The case system behind a request; extracting it is the authentication check.
#[derive(Debug, Clone)]
pub struct System {
    pub id: i64,
    pub name: String,
    scopes: String,
    municipalities: String,
    life_areas: String,
}

type SystemRow = (i64, String, String, String, String);

impl From<SystemRow> for System {
    fn from((id, name, scopes, municipalities, life_areas): SystemRow) -> Self {
        System {
            id,
            name,
            scopes,
            municipalities,
            life_areas,
        }
    }
}

const SYSTEM_COLUMNS: &str = "id, name, scopes, municipalities, life_areas";

impl System {
    pub fn require(&self, scope: Scope) -> Result<(), IntegrationError> {
        if self.scopes.split(' ').any(|s| s == scope.name()) {
            Ok(())
        } else {
            Err(IntegrationError::MissingScope(scope))
        }
    }

    /// The municipalities served, space-separated, for `serves_sql`.
    pub fn municipalities(&self) -> &str {
        &self.municipalities
    }

    pub fn serves(&self, municipality: Option<&str>) -> bool {
        municipality.is_some_and(|m| self.municipalities.split(' ').any(|served| served == m))
    }

    pub fn require_municipality(&self, municipality: &str) -> Result<(), AppError> {
        if self.serves(Some(municipality)) {
            Ok(())
        } else {
            Err(AppError::OutOfReach(format!(
                "municipality: this system does not serve municipality {municipality}"
            )))
        }
    }

    pub fn require_life_area(&self, area: LifeArea) -> Result<(), AppError> {
        let name = encode_enum(&area)?;
        if self.life_areas.split(' ').any(|a| a == name) {
            Ok(())
        } else {
            Err(AppError::OutOfReach(format!(
                "life_area: this system may not write goals in {name}"
            )))
        }
    }
}

/// A condition on `citizens.municipality` (aliased `alias`) that holds only for the
/// municipalities bound as `$param`, a space-separated list: one bind, any number of codes.
pub fn serves_sql(alias: &str, param: u8) -> String {
    format!("(' ' || ${param} || ' ') LIKE ('% ' || {alias}.municipality || ' %')")
}

/// A municipality code as the command line and the API take it: three digits.
pub fn municipality_code(field: &str, value: &str) -> Result<String, AppError> {
    let value = value.trim();
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(value.to_string())
    } else {
        Err(AppError::BadRequest(format!(
            "{field}: a municipality is its three-digit code, e.g. 751"
        )))
    }
}

impl FromRequestParts<AppState> for System {
    type Rejection = IntegrationError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, IntegrationError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthenticated)?;
        let row: Option<SystemRow> = sqlx::query_as(&format!(
            "SELECT {SYSTEM_COLUMNS} FROM integration_systems WHERE token_hash = $1 AND revoked_at IS NULL"
        ))
        .bind(hash(token.trim()))
        .fetch_optional(&state.db)
        .await
        .map_err(AppError::from)?;
        Ok(row.map(System::from).ok_or(AppError::Unauthenticated)?)
    }
}

/// A registered system by name, for work done from the command line (an import) rather
/// than over HTTP with its token.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<System>, AppError> {
    let row: Option<SystemRow> = sqlx::query_as(&format!(
        "SELECT {SYSTEM_COLUMNS} FROM integration_systems WHERE name = $1 AND revoked_at IS NULL"
    ))
    .bind(name.trim())
    .fetch_optional(db)
    .await?;
    Ok(row.map(System::from))
}

/// Registers a system, or gives it a new token (the old one stops working), and returns
/// the token: the only time it is ever shown.
pub async fn create_token(
    db: &Db,
    name: &str,
    reach: &Reach,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if name.trim().is_empty() || reach.scopes.is_empty() || reach.municipalities.is_empty() {
        return Err(AppError::BadRequest(
            "a system needs a name, at least one scope and at least one municipality".into(),
        ));
    }
    let municipalities = reach
        .municipalities
        .iter()
        .map(|m| municipality_code("municipality", m))
        .collect::<Result<Vec<_>, _>>()?;
    // Stored as the same snake_case names the API and the database use for them.
    let life_areas = reach
        .life_areas
        .iter()
        .map(encode_enum)
        .collect::<Result<Vec<_>, _>>()?;
    let token = random_token()?;
    sqlx::query(
        "INSERT INTO integration_systems (name, token_hash, scopes, municipalities, life_areas, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, scopes = excluded.scopes,
             municipalities = excluded.municipalities, life_areas = excluded.life_areas,
             created_at = excluded.created_at, revoked_at = NULL",
    )
    .bind(name.trim())
    .bind(hash(&token))
    .bind(
        reach
            .scopes
            .iter()
            .map(|s| s.name())
            .collect::<Vec<_>>()
            .join(" "),
    )
    .bind(municipalities.join(" "))
    .bind(life_areas.join(" "))
    .bind(timestamp(now))
    .execute(db)
    .await?;
    Ok(token)
}

/// Stops a system's token from working. Returns whether there was one to revoke.
pub async fn revoke(db: &Db, name: &str, now: DateTime<Utc>) -> Result<bool, AppError> {
    let done =
        sqlx::query("UPDATE integration_systems SET revoked_at = $1 WHERE name = $2 AND revoked_at IS NULL")
            .bind(timestamp(now))
            .bind(name.trim())
            .execute(db)
            .await?;
    Ok(done.rows_affected() > 0)
}
