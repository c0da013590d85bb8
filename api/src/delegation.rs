//! Relatives acting for a citizen under a power of attorney (fuldmagt), guardians (værger)
//! registered by the municipality, and caseworkers previewing what the citizen sees.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// What a grant lets the grantee do for the citizen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scope {
    /// Read the plan and the contact.
    Plan,
    ReadDocuments,
    UploadDocuments,
    /// Lodge and follow an appeal.
    Appeal,
    /// Write the citizen's own texts in the plan.
    OwnTexts,
}

pub const ALL_SCOPES: [Scope; 5] = [
    Scope::Plan,
    Scope::ReadDocuments,
    Scope::UploadDocuments,
    Scope::Appeal,
    Scope::OwnTexts,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantKind {
    /// Given by the citizen, revocable by the citizen.
    PowerOfAttorney,
    /// Appointed by a court and registered by the municipality; the citizen cannot revoke it.
    Guardianship,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum GrantState {
    /// Waiting for the grantee to accept.
    Pending,
    Active,
    Expired,
    Revoked,
    /// The grantee gave it up.
    GivenUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grant {
    pub id: i64,
    pub kind: GrantKind,
    pub citizen_id: i64,
    pub citizen_name: String,
    pub grantee_account_id: i64,
    pub grantee_name: String,
    pub scopes: Vec<Scope>,
    pub include_sensitive: bool,
    /// The last day it is valid.
    pub ends_on: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub state: GrantState,
}

/// `GET /api/delegation/grants`: the grants the signed-in person gave (or that were
/// registered over them) and the ones they received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Grants {
    pub given: Vec<Grant>,
    pub received: Vec<Grant>,
    /// The longest a power of attorney may run, in days from today.
    pub max_days: u32,
}

/// `POST /api/delegation/grants`: a citizen gives a power of attorney.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewGrant {
    pub grantee_account_id: i64,
    pub scopes: Vec<Scope>,
    pub include_sensitive: bool,
    pub ends_on: NaiveDate,
}

/// `PUT /api/session/acting-for`: act for a citizen, or for oneself with `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActFor {
    pub citizen_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ActingRole {
    Relative,
    Guardian,
    /// A caseworker seeing exactly the citizen's pages, read-only.
    CaseworkerPreview,
}

/// On whose behalf a session acts, part of `GET /api/session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ActingFor {
    pub citizen_id: i64,
    pub name: String,
    pub role: ActingRole,
    pub scopes: Vec<Scope>,
}

/// `GET /api/caseworker/citizens`: the citizens a caseworker coordinates or stands in for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoordinatedCitizen {
    pub citizen_id: i64,
    pub name: String,
    pub stand_in: bool,
}
