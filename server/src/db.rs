use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::de::{DeserializeOwned, IntoDeserializer, value::Error as ValueError};
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::MigrateDatabase;
use sqlx::{Any, ConnectOptions, Executor};

use crate::StartError;
use crate::error::AppError;

/// The database, SQLite or PostgreSQL as its URL says. Every query is written once, in the
/// SQL both understand (`$1` parameters, text timestamps, 0/1 flags), so the same code and
/// the same tests run on both.
pub type Db = sqlx::AnyPool;
pub type Conn = sqlx::AnyConnection;
pub type Tx = sqlx::Transaction<'static, Any>;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of_url(url: &str) -> Option<Self> {
        if url.starts_with("sqlite:") {
            Some(Self::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Some(Self::Postgres)
        } else {
            None
        }
    }

    pub fn of(db: &Db) -> Self {
        match db.connect_options().database_url.scheme() {
            "sqlite" => Self::Sqlite,
            _ => Self::Postgres,
        }
    }
}

/// The SQLite file in `data_dir`: the embedded default when no database URL is given.
pub fn sqlite_url(data_dir: &std::path::Path) -> String {
    format!("sqlite://{}", data_dir.join("samlet.sqlite3").display())
}

/// The pool's size unless configured. On two cores 2 connections made the overview about 30%
/// slower than 8 on SQLite; on PostgreSQL 4, 8 and 16 were within one another's run-to-run
/// spread.
pub const DEFAULT_CONNECTIONS: u32 = 8;

/// Opens the database at `url` (creating it if missing) and applies the migrations.
pub async fn open(url: &str) -> Result<Db, StartError> {
    open_with(url, DEFAULT_CONNECTIONS).await
}

/// As [`open`], with a pool of `connections`.
pub async fn open_with(url: &str, connections: u32) -> Result<Db, StartError> {
    // Statements are not logged: a log is no place for what citizens wrote, and SQL with
    // values inline (the demo seed) would put it there.
    connect(url, connections, log::LevelFilter::Off).await
}

/// As [`open`], logging every statement at `level` (for tests that count queries).
pub async fn open_logging_statements(url: &str, level: log::LevelFilter) -> Result<Db, StartError> {
    connect(url, DEFAULT_CONNECTIONS, level).await
}

async fn connect(url: &str, connections: u32, level: log::LevelFilter) -> Result<Db, StartError> {
    sqlx::any::install_default_drivers();
    let backend = Backend::of_url(url).ok_or_else(|| {
        crate::config::ConfigError(format!(
            "the database URL must start with sqlite:// or postgres:// (got {:?})",
            url.split(':').next().unwrap_or_default()
        ))
    })?;
    // SQLite creates the file but not its folder.
    let sqlite_file = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default();
    if let (Backend::Sqlite, Some(dir)) = (backend, std::path::Path::new(sqlite_file).parent()) {
        std::fs::create_dir_all(dir)?;
    }
    create_if_missing(url).await?;
    let options = AnyConnectOptions::from_url(
        &url.parse()
            .map_err(|e| crate::config::ConfigError(format!("the database URL is not a URL: {e}")))?,
    )?
    .log_statements(level)
    // Slow statements are worth a warning in any case.
    .log_slow_statements(log::LevelFilter::Warn, Duration::from_secs(5));
    let pool = AnyPoolOptions::new()
        .max_connections(connections)
        // sqlx pings every connection before lending it out by default: one more round trip
        // per query, a fifth of the overview's throughput on PostgreSQL. A connection that
        // broke meanwhile fails its query, which the request reports, and is then replaced.
        .test_before_acquire(false)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // The busy timeout first, so the rest waits for a writer instead of
                    // failing. WAL lets readers go on while one request writes. FULL syncs
                    // the write-ahead log at every commit, so a transaction whose receipt
                    // was shown survives a power cut too (NORMAL syncs only at checkpoints
                    // and can lose the last commits then; the README has what FULL costs).
                    // Foreign keys are off in SQLite unless asked for.
                    conn.execute(
                        "PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; \
                         PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;",
                    )
                    .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    match backend {
        Backend::Sqlite => migrate_sqlite(&pool).await?,
        Backend::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await?,
    }
    Ok(pool)
}

/// SQLite changes some tables only by rebuilding them (migration 0015), which needs foreign
/// keys off while the old table is dropped; they cannot be turned off inside the
/// transaction sqlx runs each migration in. So the migrations run on a connection of their
/// own with foreign keys off, and every reference is checked before it goes back to the
/// pool with them on again.
async fn migrate_sqlite(pool: &Db) -> Result<(), StartError> {
    let mut conn = pool.acquire().await?;
    conn.execute("PRAGMA foreign_keys = OFF").await?;
    sqlx::migrate!("./migrations/sqlite").run(&mut *conn).await?;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut *conn)
        .await?;
    conn.execute("PRAGMA foreign_keys = ON").await?;
    if !broken.is_empty() {
        return Err(StartError::Database(sqlx::Error::Protocol(format!(
            "{} rows break a foreign key after the migrations",
            broken.len()
        ))));
    }
    Ok(())
}

/// Creates the database (the SQLite file, or the PostgreSQL database on its server) so a
/// first start needs no separate step. Two servers starting at once may both try; the
/// loser finds it there.
async fn create_if_missing(url: &str) -> Result<(), sqlx::Error> {
    if Any::database_exists(url).await? {
        return Ok(());
    }
    match Any::create_database(url).await {
        Err(e) if Any::database_exists(url).await.unwrap_or(false) => {
            tracing::debug!(error = %e, "the database was created by another server");
            Ok(())
        }
        other => other,
    }
}

/// Starts a transaction that will write, serialised with the writers that touch the same
/// things (`keys`: one citizen, one item of a case system, one sign-in identity, one
/// blob), and with no one else.
///
/// SQLite has one writer at a time whatever the keys: its default (deferred) transaction
/// starts as a reader, and if another connection commits before it writes, its write fails
/// at once with "database is locked", so `BEGIN IMMEDIATE` takes the write lock up front.
/// On PostgreSQL each key is a transaction-scoped advisory lock, so one citizen's upload or
/// appeal never waits for another citizen's: the read-then-write checks the domain code
/// makes (versions, one appeal per decision, a citizen's quota) hold because everyone who
/// makes them for the same citizen or item takes the same key.
pub async fn begin_write(db: &Db, keys: &[Key]) -> Result<Tx, sqlx::Error> {
    match Backend::of(db) {
        Backend::Sqlite => db.begin_with("BEGIN IMMEDIATE").await,
        Backend::Postgres => {
            let mut statement = String::from("BEGIN");
            for key in sorted(keys) {
                // Two integers made here, never input.
                statement.push_str(&format!(
                    "; SELECT pg_advisory_xact_lock({}, {})",
                    key.class as i32, key.value
                ));
            }
            db.begin_with(statement).await
        }
    }
}

/// Takes more keys inside a write transaction, for writes that learn what they touch only
/// once they have read (a case system's item names its citizen). Keys are taken in the
/// order of [`Class`], in every transaction, so two writers never wait for each other in a
/// circle; a transaction that takes keys over several calls (an import of many lines in
/// one transaction) may, and PostgreSQL then refuses one of the two, which rolls back.
pub async fn lock(conn: &mut Conn, keys: &[Key]) -> Result<(), sqlx::Error> {
    if conn.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    for key in sorted(keys) {
        sqlx::query("SELECT pg_advisory_xact_lock($1, $2)")
            .bind(key.class as i32)
            .bind(key.value)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The key of the citizen an item belongs to, for a write that names the item (`sql`
/// selects the citizen's id by `id`). An item never changes hands, so this is read before
/// the transaction; no key when nothing matched, and the write's own query then finds
/// nothing either.
pub async fn citizen_key<'q, T>(db: &Db, sql: &'q str, id: T) -> Result<Vec<Key>, sqlx::Error>
where
    T: 'q + Send + sqlx::Encode<'q, Any> + sqlx::Type<Any>,
{
    let citizen: Option<i64> = sqlx::query_scalar(sql).bind(id).fetch_optional(db).await?;
    Ok(citizen.map(Key::citizen).into_iter().collect())
}

fn sorted(keys: &[Key]) -> Vec<Key> {
    let mut keys = keys.to_vec();
    keys.sort();
    keys.dedup();
    keys
}

/// What a write serialises on, in the order keys are taken (see [`lock`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// The demo seed, written once into an empty database.
    Seed = 1,
    /// One item a case system writes, by its system, kind and external id.
    Item = 2,
    /// A citizen by `person_ref`, before the case system has registered them.
    Person = 3,
    /// A sign-in identity (the MitID subject, or a CPR hash a grant waits for).
    Identity = 4,
    /// One citizen: their plan, texts, documents and quota, appeals, grants, messages.
    Citizen = 5,
    /// One stored file, by its SHA-256: storing it and removing it never cross.
    Blob = 6,
    /// One table a case system reads as a feed (see [`Key::feed`]).
    Feed = 7,
}

/// One advisory lock: its class and a 32-bit value (an id, or the first bytes of a text's
/// SHA-256; two texts that share them only wait for each other, they never mix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Key {
    class: Class,
    value: i32,
}

impl Key {
    pub const SEED: Key = Key {
        class: Class::Seed,
        value: 0,
    };

    pub fn citizen(id: i64) -> Key {
        Key::id(Class::Citizen, id)
    }

    pub fn person(person_ref: &str) -> Key {
        Key::text(Class::Person, &[person_ref.trim()])
    }

    pub fn identity(identity: &str) -> Key {
        Key::text(Class::Identity, &[identity])
    }

    pub fn item(system_id: i64, kind: &str, external_id: &str) -> Key {
        Key::text(Class::Item, &[&system_id.to_string(), kind, external_id])
    }

    pub fn blob(sha256: &str) -> Key {
        Key::text(Class::Blob, &[sha256])
    }

    /// Taken just before inserting into a table case systems read as a feed (`documents`,
    /// `appeals`, `appeal_additions`, `meeting_answers`, `messages`), and held to the commit.
    /// A feed hands out rows by `id > cursor`, so rows must become visible in the order of
    /// their ids: two writers that each took an id and committed in the other order would
    /// let a case system's cursor pass the lower id before it is committed, and never see
    /// it. The key makes taking the id and committing one step per table; it is held only
    /// from the insert to the commit.
    pub fn feed(table: &str) -> Key {
        Key::text(Class::Feed, &[table])
    }

    fn id(class: Class, id: i64) -> Key {
        // Ids fit in 32 bits for a long time; past that, two ids share a lock, nothing worse.
        Key {
            class,
            value: (id as i32) ^ ((id >> 32) as i32),
        }
    }

    fn text(class: Class, parts: &[&str]) -> Key {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for part in parts {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        let digest = hash.finalize();
        Key {
            class,
            value: i32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]]),
        }
    }
}

/// The seed gives its rows fixed ids. SQLite then numbers new rows from the largest id,
/// but PostgreSQL's identity sequences do not look at the rows, so they are moved past the
/// largest id of their table here (and the next insert does not collide with the seed).
pub async fn identities_after_explicit_ids(conn: &mut Conn) -> Result<(), sqlx::Error> {
    if conn.backend_name() != "PostgreSQL" {
        return Ok(());
    }
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
    )
    .fetch_all(&mut *conn)
    .await?;
    for table in tables {
        // Table names come from the catalogue, not from input.
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
        ))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// A timestamp column: fixed-width UTC text on both databases (see [`timestamp`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ts(pub DateTime<Utc>);

/// A date column: `YYYY-MM-DD` text on both databases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Day(pub NaiveDate);

/// A 0/1 flag column (an integer on both databases, so `WHERE sensitive = 0` reads the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flag(pub bool);

impl sqlx::Type<Any> for Ts {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<Any>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, Any> for Ts {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as sqlx::Decode<Any>>::decode(value)?;
        Ok(Self(parse_timestamp(text)?))
    }
}

impl sqlx::Type<Any> for Day {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <String as sqlx::Type<Any>>::type_info()
    }
}

impl<'r> sqlx::Decode<'r, Any> for Day {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <&str as sqlx::Decode<Any>>::decode(value)?;
        Ok(Self(NaiveDate::parse_from_str(text, "%Y-%m-%d")?))
    }
}

impl sqlx::Type<Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<Any>>::compatible(ty)
    }
}

impl<'r> sqlx::Decode<'r, Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        Ok(Self(<i64 as sqlx::Decode<Any>>::decode(value)? != 0))
    }
}

impl From<Ts> for DateTime<Utc> {
    fn from(value: Ts) -> Self {
        value.0
    }
}

impl From<Day> for NaiveDate {
    fn from(value: Day) -> Self {
        value.0
    }
}

impl From<Flag> for bool {
    fn from(value: Flag) -> Self {
        value.0
    }
}

/// Reads a stored timestamp. Besides [`timestamp`]'s own form it takes any RFC 3339 time,
/// for rows written by other tools.
fn parse_timestamp(text: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(text).map(|at| at.with_timezone(&Utc))
}

/// The stored form of a flag.
pub fn flag(value: bool) -> i64 {
    i64::from(value)
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

    /// Every pooled SQLite connection syncs each commit to disk before it returns: a receipt
    /// the citizen saw survives a power cut, not only a crash of the process.
    #[tokio::test]
    async fn sqlite_connections_sync_every_commit() {
        let dir = tempfile::TempDir::new().unwrap();
        let db = open(&sqlite_url(dir.path())).await.unwrap();
        // Three held at once, so three different connections of the pool.
        let mut conns = Vec::new();
        for _ in 0..3 {
            conns.push(db.acquire().await.unwrap());
        }
        for conn in &mut conns {
            let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(synchronous, 2, "FULL");
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut **conn)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
        }
    }
}
