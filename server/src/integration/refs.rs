//! Which local row a system's item is, and the version of it last applied: what makes every
//! write idempotent by (system, external id, version), and keeps two systems feeding one
//! plan from overwriting each other.

use crate::db::Conn;
use chrono::{DateTime, Utc};
use samlet_api::integration::WriteOutcome;

use super::systems::System;
use crate::db::timestamp;
use crate::error::AppError;

/// A citizen a system reached by `person_ref`, with their one plan.
#[derive(Debug, Clone, Copy)]
pub struct Citizen {
    pub id: i64,
    pub plan_id: i64,
}

/// The citizen a `person_ref` names, if they live in a municipality the system serves. A
/// citizen out of reach gets the same answer as one who does not exist, so a token cannot
/// be used to learn who lives elsewhere.
pub async fn citizen(conn: &mut Conn, system: &System, person_ref: &str) -> Result<Citizen, AppError> {
    let row: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT c.id, p.id, c.municipality FROM citizens c JOIN plans p ON p.citizen_id = c.id
         WHERE c.person_ref = $1",
    )
    .bind(person_ref.trim())
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some((id, plan_id, municipality)) if system.serves(municipality.as_deref()) => {
            Ok(Citizen { id, plan_id })
        }
        _ => Err(AppError::BadRequest(
            "person_ref: no citizen with this person_ref in the municipalities this system serves; register them first"
                .into(),
        )),
    }
}

/// A citizen's `person_ref` as read from the database: every citizen has one (migration
/// 0013 gave one to those registered before case systems did).
pub fn person_ref(value: Option<String>) -> Result<String, AppError> {
    value.ok_or_else(|| AppError::Corrupt("a citizen without person_ref".into()))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Citizen,
    Goal,
    SubGoal,
    Activity,
    Meeting,
    Caseworker,
    /// A citizen's coordinating contact, by the citizen's `person_ref`.
    Contact,
    /// A document the municipality shared.
    Document,
    Decision,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Citizen => "citizen",
            Kind::Goal => "goal",
            Kind::SubGoal => "sub_goal",
            Kind::Activity => "activity",
            Kind::Meeting => "meeting",
            Kind::Caseworker => "caseworker",
            Kind::Contact => "contact",
            Kind::Document => "document",
            Kind::Decision => "decision",
        }
    }
}

/// What is known about a system's item before a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    New,
    /// Applied before; the write is only applied if its version is newer.
    At {
        local_id: i64,
        version: i64,
        /// The [`fingerprint`] of the write applied at `version`, if it was recorded.
        fingerprint: Option<i64>,
    },
}

impl Known {
    /// The outcome a write of `version` with this [`fingerprint`] will have. The version
    /// applied before, with other content, is a mistake the sender must hear about (they
    /// forgot to raise the version): refused, not silently `Unchanged`. An older version is
    /// a late arrival and changes nothing, whatever it says.
    pub fn outcome(self, version: i64, fingerprint: i64) -> Result<WriteOutcome, AppError> {
        Ok(match self {
            Known::New => WriteOutcome::Created,
            Known::At {
                version: applied,
                fingerprint: Some(before),
                ..
            } if version == applied && before != fingerprint => {
                return Err(AppError::VersionConflict(version));
            }
            Known::At { version: applied, .. } if version <= applied => WriteOutcome::Unchanged,
            Known::At { .. } => WriteOutcome::Updated,
        })
    }
}

/// What a write says, as 64 bits of the SHA-256 of its JSON as the server read it: the
/// wire type's own field order, so the sender's order and spacing do not matter.
pub fn fingerprint<T: serde::Serialize>(write: &T) -> i64 {
    use sha2::{Digest, Sha256};
    let json = serde_json::to_vec(write).unwrap_or_default();
    let digest = Sha256::digest(&json);
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

pub async fn find(conn: &mut Conn, system_id: i64, kind: Kind, external_id: &str) -> Result<Known, AppError> {
    let row: Option<(i64, i64, Option<i64>)> = sqlx::query_as(
        "SELECT local_id, version, fingerprint FROM external_refs
         WHERE system_id = $1 AND kind = $2 AND external_id = $3",
    )
    .bind(system_id)
    .bind(kind.name())
    .bind(external_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((local_id, version, fingerprint)) => Known::At {
            local_id,
            version,
            fingerprint,
        },
        None => Known::New,
    })
}

pub async fn remember(
    conn: &mut Conn,
    system_id: i64,
    kind: Kind,
    external_id: &str,
    local_id: i64,
    (version, fingerprint): (i64, Option<i64>),
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO external_refs (system_id, kind, external_id, local_id, version, fingerprint, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (system_id, kind, external_id) DO UPDATE SET version = excluded.version,
             fingerprint = excluded.fingerprint, updated_at = excluded.updated_at",
    )
    .bind(system_id)
    .bind(kind.name())
    .bind(external_id)
    .bind(local_id)
    .bind(version)
    .bind(fingerprint)
    .bind(timestamp(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// `?after=CURSOR&limit=N` of the feeds: the cursor is opaque to the case system (it is
/// the last row id it got), the page at most 100.
///
/// A feed is read by saving `next_cursor` only after the page's items are safely stored,
/// and asking again at once while `has_more` is true; an item is in the feed forever, so a
/// page read twice is harmless.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedQuery {
    /// The `next_cursor` of the previous page; none starts from the beginning.
    #[param(pattern = "^[0-9]{0,18}$")]
    after: Option<String>,
    /// Items per page, 1 to 100 (50 if not given).
    #[param(minimum = 1, maximum = 100)]
    limit: Option<u32>,
}

impl FeedQuery {
    /// The page asked for. A cursor is the id of the last row of a page this API gave out,
    /// so one past the newest row of `table` was never issued: a corrupted or made-up
    /// cursor is refused rather than silently skipping everything up to it.
    pub async fn page(&self, conn: &mut Conn, table: &'static str) -> Result<Page, AppError> {
        let after = match self.after.as_deref().filter(|a| !a.is_empty()) {
            None => 0,
            Some(cursor) => cursor.parse().map_err(|_| not_issued())?,
        };
        let limit = self.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(AppError::BadRequest("limit: 1 to 100".into()));
        }
        if after != 0 {
            let newest: Option<i64> = sqlx::query_scalar(&format!("SELECT MAX(id) FROM {table}"))
                .fetch_one(&mut *conn)
                .await?;
            if after < 0 || after > newest.unwrap_or(0) {
                return Err(not_issued());
            }
        }
        Ok(Page {
            after,
            limit: i64::from(limit),
        })
    }
}

fn not_issued() -> AppError {
    AppError::BadRequest(
        "after: not a cursor this API issued; pass the `next_cursor` of a page, or leave `after` out to start from the beginning".into(),
    )
}

/// A page of a feed: the rows after the row `after`, at most `limit` of them.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    pub after: i64,
    limit: i64,
}

impl Page {
    /// The `LIMIT` to query with: one row more than the page, to know whether more wait.
    pub fn fetch(self) -> i64 {
        self.limit + 1
    }

    /// Cuts the rows (ordered by id, queried with [`Page::fetch`]) to the page, and says
    /// whether more wait and where the next page starts.
    pub fn finish<T>(self, rows: &mut Vec<T>, id: impl Fn(&T) -> i64) -> (bool, String) {
        let has_more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = rows.last().map(&id).unwrap_or(self.after);
        (has_more, next.to_string())
    }
}

/// A text field that must be there and not too long; the error names the field.
pub fn text<'a>(field: &str, value: &'a str, max_chars: usize) -> Result<&'a str, AppError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(AppError::BadRequest(format!("{field}: must not be empty")));
    }
    if value.chars().count() > max_chars {
        return Err(AppError::BadRequest(format!(
            "{field}: at most {max_chars} characters"
        )));
    }
    Ok(value)
}

/// An external id as it may appear in a path: printable, no more than 200 characters.
pub fn external_id(value: &str) -> Result<&str, AppError> {
    if value.is_empty() || value.len() > 200 || value.chars().any(char::is_control) {
        return Err(AppError::BadRequest(
            "external id: 1 to 200 printable characters".into(),
        ));
    }
    Ok(value)
}

pub fn version(value: i64) -> Result<i64, AppError> {
    if value < 1 {
        return Err(AppError::BadRequest("version: must be 1 or more".into()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_newer_version_is_applied() {
        assert_eq!(Known::New.outcome(1, 5).unwrap(), WriteOutcome::Created);
        let applied = Known::At {
            local_id: 7,
            version: 3,
            fingerprint: Some(5),
        };
        assert_eq!(applied.outcome(2, 6).unwrap(), WriteOutcome::Unchanged, "late");
        assert_eq!(applied.outcome(3, 5).unwrap(), WriteOutcome::Unchanged, "a retry");
        assert_eq!(applied.outcome(4, 6).unwrap(), WriteOutcome::Updated);
    }

    #[test]
    fn the_same_version_with_other_content_is_a_conflict() {
        let applied = Known::At {
            local_id: 7,
            version: 3,
            fingerprint: Some(5),
        };
        assert!(matches!(applied.outcome(3, 6), Err(AppError::VersionConflict(3))));
        let before_fingerprints = Known::At {
            local_id: 7,
            version: 3,
            fingerprint: None,
        };
        assert_eq!(
            before_fingerprints.outcome(3, 6).unwrap(),
            WriteOutcome::Unchanged
        );
    }

    #[test]
    fn errors_name_the_field() {
        match text("title", "  ", 10) {
            Err(AppError::BadRequest(why)) => assert!(why.starts_with("title:")),
            other => panic!("{other:?}"),
        }
        assert!(text("title", "x".repeat(11).as_str(), 10).is_err());
        assert_eq!(text("title", " Job ", 10).unwrap(), "Job");
        assert!(version(0).is_err());
        assert!(external_id("a\nb").is_err());
    }
}
