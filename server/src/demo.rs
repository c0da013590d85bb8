//! Demo data: a seed loaded into an empty database in demo mode. The API never
//! branches on it; it only reads the database.

use crate::db::Db;

const SEED: &str = include_str!("../seed/demo.sql");

/// Loads the demo seed, in one transaction, if no account exists yet.
pub async fn seed_if_empty(db: &Db) -> Result<bool, sqlx::Error> {
    let mut tx = db.begin().await?;
    let accounts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(&mut *tx)
        .await?;
    if accounts > 0 {
        return Ok(false);
    }
    sqlx::raw_sql(SEED).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}
