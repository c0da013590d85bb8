//! Which local row a system's item is, and the version of it last applied: what makes every
//! write idempotent by (system, external id, version), and keeps two systems feeding one
//! plan from overwriting each other.

use crate::db::{Conn, Key};
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

/// Takes the keys a case system's write needs (see [`crate::db::lock`]): the item, so two
/// writes of it are one after the other, and what else it touches (its citizen), so the
/// citizen's own writes and the municipality's do not cross.
pub async fn lock(
    conn: &mut Conn,
    system: &System,
    kind: Kind,
    external_id: &str,
    also: &[Key],
) -> Result<(), AppError> {
    let mut keys = vec![Key::item(system.id, kind.name(), external_id)];
    keys.extend_from_slice(also);
    crate::db::lock(conn, &keys).await?;
    Ok(())
}

/// What the document says of an item's external id in a path, for every write.
pub const EXTERNAL_ID: &str = "The sending system's own id of the item (1 to 200 printable characters)";

/// What the document says of a write's answer, for every versioned write.
pub const APPLIED: &str = "Applied, or already applied: `outcome` says which";

/// How Samlet's own person references begin (migration 0013 gave them to citizens known
/// before case systems registered citizens); a case system cannot register one.
pub const OWN_PERSON_REF: &str = "samlet-";

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
    pub(crate) fn name(self) -> &'static str {
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

/// What a write says, as 64 bits of the SHA-256 of its JSON as the server read it, so the
/// sender's field order and spacing do not matter. Absent (null) fields are left out: a
/// field added to a wire type later, optional as every new field must be, leaves the
/// fingerprints of earlier writes as they were, so their retries stay retries.
pub fn fingerprint<T: serde::Serialize>(write: &T) -> i64 {
    use sha2::{Digest, Sha256};
    fn without_nulls(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Object(fields) => Value::Object(
                fields
                    .into_iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k, without_nulls(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
            other => other,
        }
    }
    let canonical = serde_json::to_value(write).map(without_nulls).unwrap_or_default();
    let json = serde_json::to_vec(&canonical).unwrap_or_default();
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
    /// The page `system` asked for in `feed` (the feed's table). A cursor is the id of the
    /// last row of a page, and the furthest one each system was given is kept
    /// (`feed_cursors`): one beyond it was never issued to this system and is refused,
    /// rather than silently skipping everything up to it.
    pub async fn page(&self, conn: &mut Conn, system: &System, feed: &'static str) -> Result<Page, AppError> {
        let after = match self.after.as_deref().filter(|a| !a.is_empty()) {
            None => 0,
            Some(cursor) => cursor.parse().map_err(|_| not_issued())?,
        };
        let limit = self.limit.unwrap_or(50);
        if !(1..=100).contains(&limit) {
            return Err(AppError::BadRequest("limit: 1 to 100".into()));
        }
        if after != 0 {
            let issued: Option<i64> =
                sqlx::query_scalar("SELECT issued FROM feed_cursors WHERE system_id = $1 AND feed = $2")
                    .bind(system.id)
                    .bind(feed)
                    .fetch_optional(&mut *conn)
                    .await?;
            // Cursors given out before the server kept them: any id up to the newest row.
            let furthest = match issued {
                Some(issued) => Some(issued),
                None => {
                    sqlx::query_scalar(&format!("SELECT MAX(id) FROM {feed}"))
                        .fetch_one(&mut *conn)
                        .await?
                }
            };
            if after < 0 || after > furthest.unwrap_or(0) {
                return Err(not_issued());
            }
        }
        Ok(Page {
            system_id: system.id,
            feed,
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
    system_id: i64,
    feed: &'static str,
    pub after: i64,
    limit: i64,
}

impl Page {
    /// The `LIMIT` to query with: one row more than the page, to know whether more wait.
    pub fn fetch(self) -> i64 {
        self.limit + 1
    }

    /// Cuts the rows (ordered by id, queried with [`Page::fetch`]) to the page, keeps the
    /// cursor it issues, and says whether more wait and where the next page starts.
    pub async fn finish<T>(
        self,
        conn: &mut Conn,
        rows: &mut Vec<T>,
        id: impl Fn(&T) -> i64,
    ) -> Result<(bool, String), AppError> {
        let has_more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = rows.last().map(&id).unwrap_or(self.after);
        if next > self.after {
            // Only ever raised: two pages read at once keep the further cursor.
            sqlx::query(
                "INSERT INTO feed_cursors (system_id, feed, issued) VALUES ($1, $2, $3)
                 ON CONFLICT (system_id, feed) DO UPDATE SET issued = CASE
                     WHEN excluded.issued > feed_cursors.issued THEN excluded.issued ELSE feed_cursors.issued END",
            )
            .bind(self.system_id)
            .bind(self.feed)
            .bind(next)
            .execute(&mut *conn)
            .await?;
        }
        Ok((has_more, next.to_string()))
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
            "external_id: 1 to 200 printable characters".into(),
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
    fn a_field_added_later_and_absent_keeps_the_fingerprint() {
        #[derive(serde::Serialize)]
        struct Before {
            title: &'static str,
        }
        #[derive(serde::Serialize)]
        struct After {
            title: &'static str,
            location: Option<&'static str>,
        }
        let before = fingerprint(&Before { title: "Møde" });
        assert_eq!(
            before,
            fingerprint(&After {
                title: "Møde",
                location: None
            })
        );
        assert_ne!(
            before,
            fingerprint(&After {
                title: "Møde",
                location: Some("Jobcentret")
            })
        );
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
