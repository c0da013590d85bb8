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
    /// Read and write messages with the citizen's contact on their behalf.
    Messages,
}

pub const ALL_SCOPES: [Scope; 6] = [
    Scope::Plan,
    Scope::ReadDocuments,
    Scope::UploadDocuments,
    Scope::Appeal,
    Scope::OwnTexts,
    Scope::Messages,
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
    /// The person who holds it; `None` while a power of attorney given by CPR number waits
    /// for that person's first sign-in.
    pub grantee_account_id: Option<i64>,
    /// The holder's name: as Samlet knows them, or as the citizen typed it while waiting.
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

/// `POST /api/delegation/grants`: a citizen gives a power of attorney to a person named by
/// identity, as Digital Fuldmagt does: it waits until someone signs in with MitID whose CPR
/// number matches, and accepts it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewGrant {
    /// The person's name as the citizen knows it, shown until they sign in.
    pub grantee_name: String,
    /// Their CPR number, `DDMMYYXXXX` or `DDMMYY-XXXX`. Samlet keeps only a keyed hash.
    pub grantee_cpr: String,
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
    /// Messages from the citizen's side nobody at the municipality has opened.
    #[serde(default)]
    pub unread: u32,
    /// Open threads waiting for the municipality's answer.
    #[serde(default)]
    pub waiting: u32,
}

/// A CPR number's ten digits, when `text` is one: `DDMMYYXXXX` or `DDMMYY-XXXX` (spaces
/// allowed) whose first six digits are a real date. The seventh digit and the year give
/// the century, as the CPR office defines it; the modulus-11 check is not made, because
/// numbers issued since 2007 need not pass it.
pub fn cpr_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    if digits.len() != 10 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |at: usize| {
        u32::from(digits.as_bytes()[at] - b'0') * 10 + u32::from(digits.as_bytes()[at + 1] - b'0')
    };
    let (day, month, year) = (number(0), number(2), number(4));
    let century = match (digits.as_bytes()[6] - b'0', year) {
        (0..=3, _) => 1900,
        (4 | 9, 0..=36) => 2000,
        (4 | 9, _) => 1900,
        (5..=8, 0..=57) => 2000,
        (5..=8, _) => 1800,
        _ => return None,
    };
    let year = i32::try_from(century + year).ok()?;
    NaiveDate::from_ymd_opt(year, month, day).map(|_| digits)
}

#[cfg(test)]
mod tests {
    use super::cpr_digits;

    #[test]
    fn a_cpr_number_is_ten_digits_whose_first_six_are_a_real_date() {
        assert_eq!(cpr_digits("070790-1234").as_deref(), Some("0707901234"));
        assert_eq!(cpr_digits(" 0707901234 ").as_deref(), Some("0707901234"));
        // 29 February exists in 2000 (seventh digit 4, year 00) but not in 1900.
        assert!(cpr_digits("290200-4000").is_some());
        assert!(cpr_digits("290200-1000").is_none());
        assert!(cpr_digits("320190-1234").is_none());
        assert!(cpr_digits("011390-1234").is_none());
        assert!(cpr_digits("070790-123").is_none());
        assert!(cpr_digits("070790-12345").is_none());
        assert!(cpr_digits("07079O-1234").is_none());
        assert!(cpr_digits("").is_none());
    }
}
