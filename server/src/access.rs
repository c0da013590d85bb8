//! Authorization in one place: on whose data a request acts, in which role, and whether
//! the role may take the action. Every handler that touches a citizen's data extracts an
//! [`Acting`] and asks it; nothing else decides.

use crate::db::Conn;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::delegation::{ActingFor, ActingRole, Scope};
use samlet_api::session::AccountKind;

use crate::contact::danish_date;
use crate::db::{Db, decode_enum};
use crate::error::AppError;
use crate::session::SignedIn;
use crate::state::AppState;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The citizen, on their own data.
    Citizen,
    /// A relative under a power of attorney the citizen gave and the relative accepted.
    Relative,
    /// A guardian the municipality registered.
    Guardian,
    /// A caseworker seeing what their citizen sees, read-only.
    CaseworkerPreview,
}

/// What a caseworker's preview shows: everything the citizen reads.
const PREVIEW_SCOPES: [Scope; 2] = [Scope::Plan, Scope::ReadDocuments];

/// The scope an action needs from a relative or guardian.
fn scope_for(action: Action) -> Option<Scope> {
    match action {
        Action::ReadPlan | Action::ReadContact => Some(Scope::Plan),
        Action::WriteOwnTexts => Some(Scope::OwnTexts),
        Action::ReadDocuments => Some(Scope::ReadDocuments),
        Action::UploadDocuments | Action::ChangeDocuments => Some(Scope::UploadDocuments),
        Action::ReadDecisions | Action::WriteAppeal => Some(Scope::Appeal),
        // Not something a person acting for a citizen does (`by_the_municipality`).
        _ => None,
    }
}

fn is_write(action: Action) -> bool {
    matches!(
        action,
        Action::WriteOwnTexts | Action::UploadDocuments | Action::ChangeDocuments | Action::WriteAppeal
    ) || by_the_municipality(action)
}

/// What the municipality's case systems do, or a caseworker's preview starts: never an
/// action a citizen, relative or guardian takes. Listed once, exhaustively, so a new
/// action has to be placed here or among the people's actions.
fn by_the_municipality(action: Action) -> bool {
    match action {
        Action::StartPreview
        | Action::ChangeAppealStatus
        | Action::UpdatePlan
        | Action::ReceiveAppeal
        | Action::ChangeContact
        | Action::ReceiveDocument
        | Action::ShareDocument
        | Action::PublishDecision => true,
        Action::ReadPlan
        | Action::WriteOwnTexts
        | Action::ReadContact
        | Action::ReadDocuments
        | Action::UploadDocuments
        | Action::ChangeDocuments
        | Action::ReadDecisions
        | Action::WriteAppeal => false,
    }
}

/// The policy: may `role`, holding `scopes`, take `action` on the citizen's data?
pub fn decide(role: Role, scopes: &[Scope], action: Action) -> Result<(), AppError> {
    let allowed = match role {
        Role::Citizen => !by_the_municipality(action),
        Role::Relative | Role::Guardian => scope_for(action).is_some_and(|scope| scopes.contains(&scope)),
        Role::CaseworkerPreview if is_write(action) => return Err(AppError::PreviewReadOnly),
        Role::CaseworkerPreview => {
            action == Action::ReadDecisions
                || scope_for(action).is_some_and(|scope| PREVIEW_SCOPES.contains(&scope))
        }
    };
    if allowed { Ok(()) } else { Err(AppError::Forbidden) }
}

/// A request acting on one citizen's data: who is signed in, for whom, and with what rights.
#[derive(Debug, Clone)]
pub struct Acting {
    pub who: SignedIn,
    pub citizen_id: i64,
    pub role: Role,
    pub scopes: Vec<Scope>,
    /// Whether goals and documents marked sensitive are shown.
    pub include_sensitive: bool,
}

impl FromRequestParts<AppState> for Acting {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let who = SignedIn::from_request_parts(parts, state).await?;
        match who.acting_for {
            None => own(who),
            // No cache: the grant is read again on every request, so a revocation or an
            // expiry takes effect at the very next one.
            Some(citizen_id) => resolve(&state.db, &who, citizen_id, Utc::now())
                .await?
                .ok_or(AppError::AccessEnded),
        }
    }
}

/// The signed-in citizen on their own data. Other accounts have no data of their own.
fn own(who: SignedIn) -> Result<Acting, AppError> {
    let citizen_id = who.own_citizen().ok_or(AppError::NoPlan)?;
    Ok(Acting {
        who,
        citizen_id,
        role: Role::Citizen,
        scopes: samlet_api::delegation::ALL_SCOPES.to_vec(),
        include_sensitive: true,
    })
}

/// Parses a grant's stored scopes.
pub fn parse_scopes(text: &str) -> Result<Vec<Scope>, AppError> {
    text.split_whitespace().map(decode_enum).collect()
}

/// The right `who` has today to act for `citizen_id`: a live grant, or being the
/// caseworker who coordinates (or stands in for) the citizen. `None` if there is none.
pub async fn resolve(
    db: &Db,
    who: &SignedIn,
    citizen_id: i64,
    now: DateTime<Utc>,
) -> Result<Option<Acting>, AppError> {
    let today = danish_date(now).format("%Y-%m-%d").to_string();
    let grant: Option<(String, String, crate::db::Flag)> = sqlx::query_as(
        "SELECT kind, scopes, include_sensitive FROM grants
         WHERE citizen_id = $1 AND grantee_account_id = $2 AND accepted_at IS NOT NULL
           AND ended_at IS NULL AND ends_on >= $3
         ORDER BY id DESC LIMIT 1",
    )
    .bind(citizen_id)
    .bind(who.account_id)
    .bind(&today)
    .fetch_optional(db)
    .await?;
    if let Some((kind, scopes, crate::db::Flag(include_sensitive))) = grant {
        let role = if kind == "guardianship" {
            Role::Guardian
        } else {
            Role::Relative
        };
        return Ok(Some(Acting {
            who: who.clone(),
            citizen_id,
            role,
            scopes: parse_scopes(&scopes)?,
            include_sensitive,
        }));
    }
    if who.kind == AccountKind::Caseworker {
        let coordinates: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM contacts c JOIN caseworkers w ON w.account_id = $2
             WHERE c.citizen_id = $1 AND (c.caseworker_id = w.id OR c.stand_in_id = w.id)",
        )
        .bind(citizen_id)
        .bind(who.account_id)
        .fetch_optional(db)
        .await?;
        if coordinates.is_some() {
            return Ok(Some(Acting {
                who: who.clone(),
                citizen_id,
                role: Role::CaseworkerPreview,
                scopes: PREVIEW_SCOPES.to_vec(),
                // The caseworker coordinates the whole plan and sees it as the citizen does.
                include_sensitive: true,
            }));
        }
    }
    Ok(None)
}

impl Acting {
    pub fn is_citizen(&self) -> bool {
        self.role == Role::Citizen
    }

    /// Checks the policy and, for anyone but the citizen, records the access before any
    /// data is read: if the record cannot be written, nothing is served. Returns the
    /// citizen's id.
    pub async fn allow(&self, db: &Db, action: Action) -> Result<i64, AppError> {
        decide(self.role, &self.scopes, action)?;
        if !self.is_citizen() {
            let mut conn = db.acquire().await?;
            crate::audit::record(&mut conn, self, action, "").await?;
        }
        Ok(self.citizen_id)
    }

    /// Checks the policy only; the caller records the access with [`Acting::record`] inside
    /// the transaction that does the write.
    pub fn check(&self, action: Action) -> Result<i64, AppError> {
        decide(self.role, &self.scopes, action)?;
        Ok(self.citizen_id)
    }

    /// Records a write in the caller's transaction, so the log and the write land together.
    pub async fn record(&self, conn: &mut Conn, action: Action, object: &str) -> Result<(), AppError> {
        crate::audit::record(conn, self, action, object).await
    }

    /// For the app's banner: whose name, in which role.
    pub async fn summary(&self, db: &Db) -> Result<ActingFor, AppError> {
        let name: String = sqlx::query_scalar("SELECT full_name FROM citizens WHERE id = $1")
            .bind(self.citizen_id)
            .fetch_one(db)
            .await?;
        let role = match self.role {
            Role::Relative | Role::Citizen => ActingRole::Relative,
            Role::Guardian => ActingRole::Guardian,
            Role::CaseworkerPreview => ActingRole::CaseworkerPreview,
        };
        Ok(ActingFor {
            citizen_id: self.citizen_id,
            name,
            role,
            scopes: self.scopes.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_needs_the_scope_for_each_action() {
        let upload_only = [Scope::UploadDocuments];
        assert!(decide(Role::Relative, &upload_only, Action::UploadDocuments).is_ok());
        assert!(decide(Role::Relative, &upload_only, Action::ChangeDocuments).is_ok());
        assert!(decide(Role::Relative, &upload_only, Action::ReadDocuments).is_err());
        assert!(decide(Role::Relative, &upload_only, Action::ReadDecisions).is_err());
        assert!(decide(Role::Relative, &[Scope::Plan], Action::ReadContact).is_ok());
        assert!(decide(Role::Relative, &[Scope::Plan], Action::WriteOwnTexts).is_err());
        assert!(decide(Role::Guardian, &[Scope::Appeal], Action::WriteAppeal).is_ok());
        assert!(
            decide(
                Role::Relative,
                &samlet_api::delegation::ALL_SCOPES,
                Action::StartPreview
            )
            .is_err()
        );
    }

    #[test]
    fn a_preview_reads_everything_the_citizen_reads_and_writes_nothing() {
        for read in [
            Action::ReadPlan,
            Action::ReadContact,
            Action::ReadDocuments,
            Action::ReadDecisions,
        ] {
            assert!(
                decide(Role::CaseworkerPreview, &PREVIEW_SCOPES, read).is_ok(),
                "{read:?}"
            );
        }
        for write in [
            Action::WriteOwnTexts,
            Action::UploadDocuments,
            Action::ChangeDocuments,
            Action::WriteAppeal,
        ] {
            assert!(matches!(
                decide(
                    Role::CaseworkerPreview,
                    &samlet_api::delegation::ALL_SCOPES,
                    write
                ),
                Err(AppError::PreviewReadOnly)
            ));
        }
    }

    #[test]
    fn the_citizen_does_everything_on_their_own_data() {
        for action in [
            Action::ReadPlan,
            Action::WriteOwnTexts,
            Action::UploadDocuments,
            Action::WriteAppeal,
        ] {
            assert!(decide(Role::Citizen, &[], action).is_ok());
        }
    }
}
