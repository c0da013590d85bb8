//! Keeping nothing longer than it is needed: a job in every server deletes, in small
//! batches, what has outlived its rule ([`Rules`], set in the configuration and in the
//! README with the reason for each default). It logs how many rows of each kind went,
//! never what was in them.
//!
//! Several servers may run it at once: every batch deletes rows chosen by a condition that
//! stays true, so two servers only share the work (a row deleted by one is not there for
//! the other), and nothing is deleted twice or half.

mod course;

pub use course::DeletedRef;

use std::sync::Arc;

use chrono::{DateTime, Duration, Months, NaiveDate, Utc};

use crate::db::{Db, timestamp};
use crate::documents::store::DocumentStore;
use crate::error::AppError;
use crate::session::SessionPolicy;

/// Rows deleted per statement: short transactions, so a large backlog never holds locks
/// that citizens' requests wait for.
const BATCH: i64 = 500;

/// How long each kind of record is kept, counted from when it stopped being needed.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// A session after it ended (idle or too old): a day, for support to see a sign-in that
    /// just ended; it holds no personal data beyond whose it was.
    pub ended_sessions: Duration,
    /// A message or appeal draft nobody has touched: what a citizen started and left.
    pub drafts: Duration,
    /// A notice sent or given up, with the events it carried: long enough to answer "did
    /// you tell me?" and past the 60 days its turn-off link works.
    pub notices: Duration,
    /// A citizen's course after it ended, in whole years: what the municipality's own
    /// case records are kept for after a case ends (five years in the common Danish rules
    /// for social and employment cases); Samlet is only the citizen's window on that case
    /// and keeps nothing longer than the case itself.
    pub courses_years: u32,
    /// The access log of a deleted course, after it: the six months Danish rules have long
    /// set for logs of access to personal data, for a citizen or the Data Protection Agency
    /// to look into a misuse found late. Until the course is deleted its log is kept whole.
    pub access_log: Duration,
}

impl Default for Rules {
    fn default() -> Self {
        Self {
            ended_sessions: Duration::days(1),
            drafts: Duration::days(90),
            notices: Duration::days(90),
            courses_years: 5,
            access_log: Duration::days(183),
        }
    }
}

/// How many rows of each kind one run deleted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub sessions: u64,
    pub sign_ins: u64,
    pub message_drafts: u64,
    pub appeal_drafts: u64,
    pub notices: u64,
    pub rate_limits: u64,
    /// Citizens whose ended course was deleted.
    pub courses: u64,
    /// Deleted courses whose access log and last traces went after it.
    pub access_logs: u64,
    /// Stored files no row named for a day.
    pub files: u64,
}

/// Deletes the rows of `table` whose `condition` (binding `$1`) holds, at most [`BATCH`] per
/// statement, until none is left. The condition is repeated outside the chosen batch, so a
/// row that changed meanwhile (a draft saved again a moment ago) is not deleted.
async fn in_batches(db: &Db, table: &str, key: &str, condition: &str, bind: &str) -> Result<u64, AppError> {
    // A key of two columns is `(a, b)` on the left of IN and `a, b` in the sub-select.
    let columns = key.trim_start_matches('(').trim_end_matches(')');
    let sql = format!(
        "DELETE FROM {table} WHERE {condition} AND {key} IN (SELECT {columns} FROM {table} WHERE {condition} LIMIT {BATCH})"
    );
    let mut total = 0;
    loop {
        let deleted = sqlx::query(&sql).bind(bind).execute(db).await?.rows_affected();
        total += deleted;
        if deleted < BATCH as u64 {
            return Ok(total);
        }
    }
}

/// Deletes notices sent or given up before `before`, each batch with the events it
/// announced in one transaction (the events point at their notice).
async fn notices(db: &Db, before: &str) -> Result<u64, AppError> {
    let mut total = 0;
    loop {
        let mut tx = crate::db::begin_write(db, &[]).await?;
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "SELECT id FROM notices WHERE status <> 'pending' AND created_at < $1 ORDER BY id LIMIT {BATCH}"
        ))
        .bind(before)
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            return Ok(total);
        }
        // Integers read from the database, not input.
        let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(", ");
        sqlx::query(&format!(
            "DELETE FROM notification_events WHERE notice_id IN ({list})"
        ))
        .execute(&mut *tx)
        .await?;
        total += sqlx::query(&format!(
            "DELETE FROM notices WHERE id IN ({list}) AND status <> 'pending'"
        ))
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if ids.len() < BATCH as usize {
            return Ok(total);
        }
    }
}

/// One run at `now`.
pub async fn run(
    db: &Db,
    documents: &DocumentStore,
    rules: &Rules,
    sessions: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Counts, AppError> {
    let before = |age: Duration| timestamp(now - age);
    // A session ended when it was idle too long or grew too old; it goes a grace period
    // after whichever came first.
    let sessions = in_batches(
        db,
        "sessions",
        "token_hash",
        "last_seen_at < $1",
        &before(sessions.idle + rules.ended_sessions),
    )
    .await?
        + in_batches(
            db,
            "sessions",
            "token_hash",
            "created_at < $1",
            &before(sessions.absolute + rules.ended_sessions),
        )
        .await?;
    // A sign-in not finished within minutes never will be.
    let sign_ins = in_batches(
        db,
        "sign_ins",
        "state_hash",
        "created_at < $1",
        &before(Duration::days(1)),
    )
    .await?;
    let message_drafts = in_batches(
        db,
        "message_drafts",
        "(thread_id, account_id)",
        "saved_at < $1",
        &before(rules.drafts),
    )
    .await?;
    let appeal_drafts = in_batches(
        db,
        "appeal_drafts",
        "decision_id",
        "saved_at < $1",
        &before(rules.drafts),
    )
    .await?;
    let notices = notices(db, &before(rules.notices)).await?;
    // Rate-limit windows are a day at most; their counters are kept as epoch seconds.
    let rate_limits = sqlx::query("DELETE FROM rate_limits WHERE started_at < $1")
        .bind((now - Duration::days(2)).timestamp())
        .execute(db)
        .await?
        .rows_affected();
    // Years counted on the calendar: a course that ended 1 March 2021 goes after 1 March
    // 2026 (29 February counts as 28 February).
    let ended_before = now
        .date_naive()
        .checked_sub_months(Months::new(rules.courses_years * 12))
        .unwrap_or(NaiveDate::MIN);
    let courses = course::forget_ended(db, documents, ended_before, now).await?;
    let access_logs = course::purge(db, now - rules.access_log).await?;
    // Files no row names: a deletion cut off after its commit, an upload whose transaction
    // failed. Each waits a day first, so an upload storing them right now is not crossed.
    let files = documents.remove_unnamed(db).await? as u64;
    Ok(Counts {
        files,
        courses,
        access_logs,
        sessions,
        sign_ins,
        message_drafts,
        appeal_drafts,
        notices,
        rate_limits,
    })
}

/// Runs [`run`] every `every` for as long as the server runs, logging the counts.
pub fn start(
    db: Db,
    documents: Arc<DocumentStore>,
    rules: Rules,
    sessions: SessionPolicy,
    every: std::time::Duration,
) {
    tokio::spawn(async move {
        // The first run after one period, not at start-up: a server that restarts often
        // (or a test's) does not sweep each time it starts.
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            ticks.tick().await;
            match run(&db, &documents, &rules, sessions, Utc::now()).await {
                Ok(counts) => tracing::info!(?counts, "retention: deleted what outlived its rule"),
                Err(error) => tracing::warn!(%error, "retention: a run failed; the next one tries again"),
            }
        }
    });
}
