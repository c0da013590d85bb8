//! The migrations for SQLite and PostgreSQL are kept in step: after both have run, the two
//! databases have the same tables, columns (kind and nullability) and named indexes. The
//! rest of the suite runs on both; this test says which migration drifted when one did.

use std::collections::BTreeSet;

use samlet_server::Config;
use samlet_server::db::{Backend, Db};

/// (table, column, kind, not null), the kind being `integer` or `text`.
type Column = (String, String, String, bool);

async fn sqlite_columns(db: &Db) -> BTreeSet<Column> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(
        "SELECT m.name, p.name, p.type, p.\"notnull\", p.pk FROM sqlite_master m, pragma_table_info(m.name) p
         WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> '_sqlx_migrations'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    rows.into_iter()
        // A primary key is never NULL, though SQLite's table_info says so for rowid keys.
        .map(|(table, column, kind, not_null, pk)| (table, column, kind_of(&kind), not_null == 1 || pk > 0))
        .collect()
}

async fn postgres_columns(db: &Db) -> BTreeSet<Column> {
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text
         FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name <> '_sqlx_migrations'",
    )
    .fetch_all(db)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(table, column, kind, nullable)| (table, column, kind_of(&kind), nullable == "NO"))
        .collect()
}

fn kind_of(declared: &str) -> String {
    match declared.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "integer".into(),
        "text" => "text".into(),
        other => panic!("a column of type {other}: both schemas use only integers and text"),
    }
}

async fn sqlite_indexes(db: &Db) -> BTreeSet<String> {
    // Indexes with SQL are the ones a migration created by name (not a key's own).
    sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn postgres_indexes(db: &Db) -> BTreeSet<String> {
    sqlx::query_scalar(
        "SELECT i.indexname::text FROM pg_indexes i
         WHERE i.schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
    )
    .fetch_all(db)
    .await
    .unwrap()
    .into_iter()
    .collect()
}

#[tokio::test]
#[ignore = "needs PostgreSQL: the test command runs it on its throw-away cluster"]
async fn sqlite_and_postgresql_migrations_build_the_same_schema() {
    assert!(
        std::env::var("SAMLET_TEST_POSTGRES").is_ok(),
        "set SAMLET_TEST_POSTGRES to a PostgreSQL server's URL (scripts/test.sh starts one)"
    );
    let data = tempfile::TempDir::new().unwrap();
    let postgres = samlet_server::db::open(&Config::database_for_tests(data.path()))
        .await
        .unwrap();
    let sqlite = samlet_server::db::open(&samlet_server::db::sqlite_url(data.path()))
        .await
        .unwrap();
    assert_eq!(Backend::of(&postgres), Backend::Postgres);
    assert_eq!(Backend::of(&sqlite), Backend::Sqlite);

    let (in_sqlite, in_postgres) = (sqlite_columns(&sqlite).await, postgres_columns(&postgres).await);
    assert!(
        in_sqlite.len() > 100,
        "the schema was read: {} columns",
        in_sqlite.len()
    );
    assert_eq!(
        in_sqlite.difference(&in_postgres).collect::<Vec<_>>(),
        Vec::<&Column>::new(),
        "in SQLite only"
    );
    assert_eq!(
        in_postgres.difference(&in_sqlite).collect::<Vec<_>>(),
        Vec::<&Column>::new(),
        "in PostgreSQL only"
    );
    assert_eq!(sqlite_indexes(&sqlite).await, postgres_indexes(&postgres).await);

    let migrations = "SELECT version, description FROM _sqlx_migrations ORDER BY version";
    let applied: Vec<(i64, String)> = sqlx::query_as(migrations).fetch_all(&sqlite).await.unwrap();
    let applied_pg: Vec<(i64, String)> = sqlx::query_as(migrations).fetch_all(&postgres).await.unwrap();
    assert_eq!(applied, applied_pg, "the same migrations, by number and name");
}
