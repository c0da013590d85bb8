//! Demo data: a seed loaded into an empty database in demo mode. The API never
//! branches on it; it only reads the database.

use chrono::{Duration, Utc};

use crate::db::{Db, timestamp};
use crate::error::AppError;
use crate::plan::revisions;

/// The plans as they were a week ago.
const SEED: &str = include_str!("../seed/demo.sql");
/// What changed since, recorded as each plan's second revision.
const CHANGES: &str = include_str!("../seed/demo-changes.sql");

/// Loads the demo seed, in one transaction, if no account exists yet. The plans get their
/// history the way real changes make it: a revision per change, recorded from the tables.
pub async fn seed_if_empty(db: &Db) -> Result<bool, AppError> {
    let mut tx = db.begin().await?;
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&mut *tx)
        .await?;
    if accounts > 0 {
        return Ok(false);
    }
    let week_ago = Utc::now() - Duration::days(7);
    sqlx::raw_sql(SEED).execute(&mut *tx).await?;
    let plans: Vec<i64> = sqlx::query_scalar("SELECT id FROM plans ORDER BY id")
        .fetch_all(&mut *tx)
        .await?;
    for &plan_id in &plans {
        revisions::record_if_changed(&mut tx, plan_id, week_ago).await?;
    }
    // The citizens saw their plans a week ago.
    sqlx::query("INSERT INTO plan_visits (citizen_id, seen_revision, seen_at) SELECT citizen_id, revision, $1 FROM plans")
        .bind(timestamp(week_ago))
        .execute(&mut *tx)
        .await?;
    sqlx::raw_sql(CHANGES).execute(&mut *tx).await?;
    let yesterday = Utc::now() - Duration::days(1);
    for &plan_id in &plans {
        revisions::record_if_changed(&mut tx, plan_id, yesterday).await?;
    }
    tx.commit().await?;
    Ok(true)
}
