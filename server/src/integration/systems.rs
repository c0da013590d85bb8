//! Case systems and their API tokens: created and revoked with the server's sub-commands,
//! presented as `Authorization: Bearer <token>`.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};

use crate::db::{Db, timestamp};
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
}

impl Scope {
    fn name(self) -> &'static str {
        match self {
            Scope::Appeals => "appeals",
            Scope::Citizens => "citizens",
            Scope::Plans => "plans",
            Scope::Contacts => "contacts",
            Scope::Documents => "documents",
            Scope::Decisions => "decisions",
        }
    }
}

/// The case system behind a request; extracting it is the authentication check.
#[derive(Debug, Clone)]
pub struct System {
    pub id: i64,
    pub name: String,
    scopes: String,
}

impl System {
    pub fn require(&self, scope: Scope) -> Result<(), AppError> {
        if self.scopes.split(' ').any(|s| s == scope.name()) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl FromRequestParts<AppState> for System {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("Bearer "))
            .ok_or(AppError::Unauthenticated)?;
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT id, name, scopes FROM integration_systems WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(hash(token.trim()))
        .fetch_optional(&state.db)
        .await?;
        let (id, name, scopes) = row.ok_or(AppError::Unauthenticated)?;
        Ok(System { id, name, scopes })
    }
}

/// A registered system by name, for work done from the command line (an import) rather
/// than over HTTP with its token.
pub async fn by_name(db: &Db, name: &str) -> Result<Option<System>, AppError> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, scopes FROM integration_systems WHERE name = $1 AND revoked_at IS NULL",
    )
    .bind(name.trim())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, name, scopes)| System { id, name, scopes }))
}

/// Registers a system, or gives it a new token (the old one stops working), and returns
/// the token: the only time it is ever shown.
pub async fn create_token(
    db: &Db,
    name: &str,
    scopes: &[Scope],
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    if name.trim().is_empty() || scopes.is_empty() {
        return Err(AppError::BadRequest(
            "a system needs a name and at least one scope".into(),
        ));
    }
    let token = random_token()?;
    let scopes = scopes.iter().map(|s| s.name()).collect::<Vec<_>>().join(" ");
    sqlx::query(
        "INSERT INTO integration_systems (name, token_hash, scopes, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (name) DO UPDATE SET token_hash = excluded.token_hash, scopes = excluded.scopes,
             created_at = excluded.created_at, revoked_at = NULL",
    )
    .bind(name.trim())
    .bind(hash(&token))
    .bind(scopes)
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
