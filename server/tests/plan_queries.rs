//! Loading a plan costs a fixed number of queries, however many goals it has (no N+1), and
//! the overview, asked for on every visit, is one statement.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Statements sqlx has run, counted from the tracing event it emits for each. The
/// subscriber is process-wide because SQLite statements run on sqlx's worker thread, so
/// this file holds this one test only.
static QUERIES: AtomicUsize = AtomicUsize::new(0);

struct QueryCounter;

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for QueryCounter {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target().starts_with("sqlx::query") {
            QUERIES.fetch_add(1, Ordering::SeqCst);
        }
    }
}

async fn queries_to_load_plan_with(goals: usize) -> usize {
    let data = tempfile::TempDir::new().unwrap();
    let database = samlet_server::Config::database_for_tests(data.path());
    let db = samlet_server::db::open_logging_statements(&database, log::LevelFilter::Debug)
        .await
        .unwrap();
    sqlx::raw_sql(
        "INSERT INTO citizens (id, full_name, created_at) VALUES (1, 'Test', '2026-01-01T00:00:00Z');
         INSERT INTO plans (id, citizen_id, overall_goal, updated_at) VALUES (1, 1, 'Mål', '2026-01-01T00:00:00Z');",
    )
    .execute(&db)
    .await
    .unwrap();
    for g in 0..goals as i64 {
        sqlx::query(
            "INSERT INTO goals (id, plan_id, life_area, title, position) VALUES ($1, 1, 'health', 'Mål', $1)",
        )
        .bind(g)
        .execute(&db)
        .await
        .unwrap();
        for _ in 0..3 {
            sqlx::query("INSERT INTO sub_goals (goal_id, title, success_criterion, status, unit) VALUES ($1, 'D', 'K', 'reached', 'U')")
                .bind(g)
                .execute(&db)
                .await
                .unwrap();
        }
        sqlx::query("INSERT INTO activities (goal_id, title, provider) VALUES ($1, 'A', 'P')")
            .bind(g)
            .execute(&db)
            .await
            .unwrap();
    }
    let mut conn = db.acquire().await.unwrap();
    let before = QUERIES.load(Ordering::SeqCst);
    let content = samlet_server::plan::content::load(&mut conn, 1).await.unwrap();
    let queries = QUERIES.load(Ordering::SeqCst) - before;
    assert_eq!(content.goals.len(), goals);
    assert!(
        content
            .goals
            .iter()
            .all(|g| g.sub_goals.len() == 3 && g.activities.len() == 1)
    );
    // The overview takes a connection from the pool: the one just used, given back, so
    // opening a new one (whose set-up statements would be counted too) never comes into it.
    drop(conn);
    let before = QUERIES.load(Ordering::SeqCst);
    let (_, overview) = samlet_server::plan::load_overview(&db, 1, chrono::Utc::now())
        .await
        .unwrap();
    assert_eq!(
        QUERIES.load(Ordering::SeqCst) - before,
        1,
        "the overview takes one statement"
    );
    // A plan without goals, meetings or a contact still has an overview, with none of them.
    assert_eq!(overview.goals.len(), goals);
    assert!(
        overview
            .goals
            .iter()
            .all(|g| (g.sub_goals_total, g.sub_goals_reached) == (3, 3))
    );
    assert_eq!(overview.next_meeting, None);
    assert_eq!(overview.contact, samlet_api::contact::ContactView::NoContact);
    queries
}

#[tokio::test]
async fn a_plan_with_50_goals_loads_in_as_many_queries_as_one_with_1() {
    tracing::subscriber::set_global_default(tracing_subscriber::layer::SubscriberExt::with(
        tracing_subscriber::registry(),
        QueryCounter,
    ))
    .unwrap();
    queries_to_load_plan_with(0).await;
    let small = queries_to_load_plan_with(1).await;
    let large = queries_to_load_plan_with(50).await;
    assert!(small > 0, "the counter saw no queries");
    assert_eq!(large, small);
    assert!(large <= 5, "{large} queries");
}
