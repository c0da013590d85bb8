use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::de::{DeserializeOwned, IntoDeserializer, value::Error as ValueError};
use sqlx::ConnectOptions;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StartError;
use crate::error::AppError;

pub type Db = SqlitePool;

/// Opens (creating if needed) `samlet.sqlite3` in `data_dir` and applies the migrations.
pub async fn open(data_dir: &Path) -> Result<Db, StartError> {
    // Statements are not logged: a log is no place for what citizens wrote, and SQL with
    // values inline (the demo seed) would put it there.
    open_logging_statements(data_dir, log::LevelFilter::Off).await
}

/// As [`open`], logging every statement at `level` (for tests that count queries).
pub async fn open_logging_statements(data_dir: &Path, level: log::LevelFilter) -> Result<Db, StartError> {
    std::fs::create_dir_all(data_dir)?;
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(data_dir.join("samlet.sqlite3"))
        .create_if_missing(true)
        // WAL lets readers go on while one request writes; NORMAL is durable in WAL mode
        // except for the last transactions on power loss, not on a process crash.
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        .log_statements(level)
        // Slow statements are worth a warning in any case.
        .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
    Ok(pool)
}

/// Starts a transaction that will write. SQLite's default (deferred) transaction starts as
/// a reader; if another connection commits before it writes, its write fails at once with
/// "database is locked" and the busy timeout cannot help. `BEGIN IMMEDIATE` takes the write
/// lock up front, so concurrent writers wait their turn instead.
pub async fn begin_write(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// Timestamps are stored as fixed-width UTC text (`2026-11-25T09:00:00Z`) so that text
/// order is time order and `WHERE starts_at > $1` can use an index.
pub fn timestamp(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an enum stored as the same snake_case text it has on the wire.
pub fn decode_enum<T: DeserializeOwned>(text: &str) -> Result<T, AppError> {
    T::deserialize(IntoDeserializer::<ValueError>::into_deserializer(text))
        .map_err(|e| AppError::Corrupt(format!("unknown value {text:?}: {e}")))
}

/// The snake_case text a unit enum is stored as, the inverse of [`decode_enum`].
pub fn encode_enum<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        _ => Err(AppError::Corrupt("not a unit enum".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use samlet_api::plan::LifeArea;

    #[test]
    fn timestamps_sort_as_text() {
        let early = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
        let late = Utc.with_ymd_and_hms(2026, 10, 2, 3, 4, 5).unwrap();
        assert_eq!(timestamp(early), "2026-01-02T03:04:05Z");
        assert!(timestamp(early) < timestamp(late));
    }

    #[test]
    fn enums_decode_from_their_wire_names() {
        assert_eq!(
            decode_enum::<LifeArea>("job_education").unwrap(),
            LifeArea::JobEducation
        );
        assert!(matches!(
            decode_enum::<LifeArea>("jobs"),
            Err(AppError::Corrupt(_))
        ));
    }
}
