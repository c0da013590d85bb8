//! Retention: what has outlived its rule is deleted, on SQLite and PostgreSQL, with a
//! chosen clock; nothing younger is touched.

mod common;

use chrono::{DateTime, Duration, Utc};
use common::spawn_app;
use samlet_server::db::{Db, timestamp};
use samlet_server::documents::store::DocumentStore;
use samlet_server::retention::{self, Counts, Rules};
use samlet_server::session::SessionPolicy;

/// The server's document store, opened beside it.
fn store(app: &common::TestApp) -> DocumentStore {
    DocumentStore::open(app.dirs.0.path().join("documents"), None).unwrap()
}

async fn count(db: &Db, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

async fn exec(db: &Db, sql: &str, at: DateTime<Utc>) {
    sqlx::query(sql).bind(timestamp(at)).execute(db).await.unwrap();
}

#[tokio::test]
async fn what_outlived_its_rule_is_deleted_and_nothing_younger() {
    let app = spawn_app().await;
    let db = app.db().await;
    // The clock the job is given; the rows below are dated from it.
    let now = Utc::now();
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let days = |n: i64| now - Duration::days(n);
    // The demo's own rows were written a moment ago: young, so they must survive.
    let before = (
        count(&db, "SELECT COUNT(*) FROM sessions").await,
        count(&db, "SELECT COUNT(*) FROM message_drafts").await,
        count(&db, "SELECT COUNT(*) FROM appeal_drafts").await,
    );

    // Sessions: one ended two days ago, one ended ten minutes ago, and one in use.
    for (token, seen) in [
        ("old", days(2)),
        ("young", now - Duration::minutes(40)),
        ("live", now),
    ] {
        sqlx::query(
            "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, 1, $2, $2)",
        )
        .bind(format!("retention-{token}"))
        .bind(timestamp(seen))
        .execute(&db)
        .await
        .unwrap();
    }
    // Sign-ins never finished: yesterday's and an hour ago.
    for (state, at) in [("old", days(2)), ("young", now - Duration::hours(1))] {
        sqlx::query(
            "INSERT INTO sign_ins (state_hash, pkce_verifier, nonce, return_to, created_at) VALUES ($1, 'v', 'n', '/', $2)",
        )
        .bind(format!("retention-{state}"))
        .bind(timestamp(at))
        .execute(&db)
        .await
        .unwrap();
    }
    // Drafts: Jens's reply left 100 days ago, Anna's of last week; an appeal draft of 100 days.
    exec(
        &db,
        "INSERT INTO message_drafts (thread_id, account_id, body, saved_at) VALUES (1, 1, 'gammel', $1)",
        days(100),
    )
    .await;
    exec(
        &db,
        "INSERT INTO message_drafts (thread_id, account_id, body, saved_at) VALUES (1, 5, 'ny', $1)",
        days(7),
    )
    .await;
    exec(
        &db,
        "INSERT INTO appeal_drafts (decision_id, form, version, saved_at) VALUES (3, '{}', 1, $1)
         ON CONFLICT (decision_id) DO UPDATE SET saved_at = excluded.saved_at",
        days(100),
    )
    .await;
    // Notices: sent 100 days ago (with its event), sent 10 days ago, and one still pending
    // from 100 days ago (the worker gives it up; retention does not decide that).
    for (key, status, age) in [
        ("old", "sent", 100),
        ("young", "sent", 10),
        ("pending", "pending", 100),
    ] {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             VALUES (1, 1, 'email', 'jens@example.dk', 1, $1, $2, $3, $2) RETURNING id",
        )
        .bind(format!("retention-{key}"))
        .bind(timestamp(days(age)))
        .bind(status)
        .fetch_one(&db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at, notice_id)
             VALUES (1, 1, 'email', 'message', $1, $2)",
        )
        .bind(timestamp(days(age)))
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    }
    for (key, age) in [("old", 3), ("young", 0)] {
        sqlx::query("INSERT INTO rate_limits (key, started_at, count) VALUES ($1, $2, 1)")
            .bind(format!("retention-{key}"))
            .bind(days(age).timestamp())
            .execute(&db)
            .await
            .unwrap();
    }

    let counts = retention::run(&db, &store(&app), &Rules::default(), policy, now)
        .await
        .unwrap();
    assert_eq!(
        counts,
        Counts {
            sessions: 1,
            sign_ins: 1,
            message_drafts: 1,
            appeal_drafts: 1,
            notices: 1,
            rate_limits: 1,
            ..Counts::default()
        }
    );
    let left = |table: &'static str, key: &'static str| {
        let db = db.clone();
        async move {
            let mut names: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT {key} FROM {table} WHERE {key} LIKE 'retention-%' ORDER BY {key}"
            ))
            .fetch_all(&db)
            .await
            .unwrap();
            names.sort();
            names
        }
    };
    assert_eq!(
        left("sessions", "token_hash").await,
        ["retention-live", "retention-young"]
    );
    assert_eq!(left("sign_ins", "state_hash").await, ["retention-young"]);
    assert_eq!(
        left("notices", "idempotency_key").await,
        ["retention-pending", "retention-young"]
    );
    assert_eq!(left("rate_limits", "key").await, ["retention-young"]);
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM message_drafts WHERE body IN ('gammel', 'ny')"
        )
        .await,
        1
    );
    // The demo's rows, younger than any rule, are untouched.
    assert_eq!(
        (
            count(
                &db,
                "SELECT COUNT(*) FROM sessions WHERE token_hash NOT LIKE 'retention-%'"
            )
            .await,
            count(
                &db,
                "SELECT COUNT(*) FROM message_drafts WHERE body NOT IN ('gammel', 'ny')"
            )
            .await,
            count(&db, "SELECT COUNT(*) FROM appeal_drafts WHERE decision_id <> 3").await,
        ),
        before
    );

    // A second run, by another server or the next hour, finds nothing more; 90 days on,
    // last week's draft has outlived its rule too.
    assert_eq!(
        retention::run(&db, &store(&app), &Rules::default(), policy, now)
            .await
            .unwrap(),
        Counts::default()
    );
    retention::run(
        &db,
        &store(&app),
        &Rules::default(),
        policy,
        now + Duration::days(90),
    )
    .await
    .unwrap();
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM message_drafts WHERE body IN ('gammel', 'ny')"
        )
        .await,
        0
    );
}

/// More old notices than one batch: every batch takes its notices' events with it (shown
/// failing when events and notices were chosen by separate, unordered batches).
#[tokio::test]
async fn a_backlog_of_notices_goes_in_batches_with_their_events() {
    let app = spawn_app().await;
    let db = app.db().await;
    let now = Utc::now();
    let old = timestamp(now - Duration::days(100));
    for n in 0..1_201 {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                                  status, next_attempt_at)
             VALUES (1, 1, 'email', 'jens@example.dk', 1, $1, $2, 'sent', $2) RETURNING id",
        )
        .bind(format!("backlog-{n}"))
        .bind(&old)
        .fetch_one(&db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at, notice_id)
             VALUES (1, 1, 'email', 'message', $1, $2)",
        )
        .bind(&old)
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    }
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let counts = retention::run(&db, &store(&app), &Rules::default(), policy, now)
        .await
        .unwrap();
    assert_eq!(counts.notices, 1_201);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM notices").await, 0);
    assert_eq!(count(&db, "SELECT COUNT(*) FROM notification_events").await, 0);
}

/// The tables that hold a `citizen_id`, read from the schema: a table added later is
/// checked without anyone remembering to list it here.
async fn tables_with_citizen_id(app: &common::TestApp, db: &Db) -> Vec<String> {
    let sql = if app.database.starts_with("postgres") {
        "SELECT table_name::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND column_name = 'citizen_id' ORDER BY 1"
    } else {
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
         WHERE m.type = 'table' AND c.name = 'citizen_id' ORDER BY 1"
    };
    sqlx::query_scalar(sql).fetch_all(db).await.unwrap()
}

/// Rows per table for the citizen `id`, and for everyone else.
async fn rows_by_citizen(app: &common::TestApp, db: &Db, id: i64) -> Vec<(String, i64, i64)> {
    let mut rows = Vec::new();
    for table in tables_with_citizen_id(app, db).await {
        let mine = count(
            db,
            &format!("SELECT COUNT(*) FROM {table} WHERE citizen_id = {id}"),
        )
        .await;
        let others = count(
            db,
            &format!("SELECT COUNT(*) FROM {table} WHERE citizen_id <> {id}"),
        )
        .await;
        rows.push((table, mine, others));
    }
    rows
}

/// Jens's course ended five years and a day ago: the job deletes everything about it —
/// plan, messages, documents and the bytes only he had, decisions, appeals, grants,
/// notices — in one go, tells the case systems, and keeps his access log the legal period
/// more before that goes too. A course that ended a day later, and every other citizen, is
/// untouched. (Shown failing with `own_texts` left out of the deletion order.)
#[tokio::test]
async fn an_ended_course_is_forgotten_after_its_years_and_the_case_systems_are_told() {
    use common::case_system::case_system;
    use samlet_api::integration::{DeletedKind, DeletionFeed};
    use samlet_server::integration::systems::Scope;

    let app = spawn_app().await;
    let db = app.db().await;
    let store = store(&app);
    let now = Utc::now();
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let rules = Rules::default();
    let (jens, person_ref): (i64, String) =
        sqlx::query_as("SELECT id, person_ref FROM citizens WHERE full_name = 'Jens Hansen'")
            .fetch_one(&db)
            .await
            .unwrap();

    // Jens adds a file nobody else has, and downloads his own data (an entry in his log
    // made by his own account); a case system writes a goal in his plan.
    app.sign_in_as("Jens Hansen").await;
    let only_his = format!("%PDF-1.4\n% kun Jens {now}\n%%EOF\n").into_bytes();
    let form = reqwest::multipart::Form::new().text("title", "Lønseddel").part(
        "file",
        reqwest::multipart::Part::bytes(only_his.clone()).file_name("loen.pdf"),
    );
    let uploaded = app
        .client
        .post(format!("{}/api/documents", app.base))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.status(), reqwest::StatusCode::CREATED);
    let download = app.get("/api/export").await;
    assert_eq!(download.status(), reqwest::StatusCode::OK);
    download.bytes().await.unwrap();
    let sha256 = {
        use sha2::{Digest, Sha256};
        samlet_server::documents::store::hex(&Sha256::digest(&only_his))
    };
    let system = case_system(&app, "jobcenter", &[Scope::Citizens, Scope::Plans]).await;
    system
        .written(
            "/goals/G-JENS",
            &serde_json::json!({ "person_ref": person_ref, "version": 1, "life_area": "job_education", "title": "Job" }),
        )
        .await;
    let form = serde_json::json!({ "part_ids": [3], "part_reasons": [], "reason": "Jeg kan ikke betale.",
        "document_ids": [], "wants_meeting": false, "wants_call": false, "helper": "", "late_reason": "" });
    let lodged = common::lodge_appeal(&app.client, &app.base, 1, "klage-1", &form).await;
    assert_eq!(lodged.status(), reqwest::StatusCode::CREATED);
    // The rest of what a course holds, written as the features write it.
    for statement in [
        "INSERT INTO own_texts (citizen_id, what_matters, version, updated_at) VALUES ($1, 'Min datter', 1, $2)",
        "INSERT INTO notification_settings (account_id, citizen_id, email) SELECT account_id, id, 'jens@example.dk' FROM citizens WHERE id = $1 AND $2 <> ''",
        "INSERT INTO notices (account_id, citizen_id, channel, address, items, idempotency_key, created_at, status, next_attempt_at)
         SELECT account_id, id, 'email', 'jens@example.dk', 1, 'course-1', $2, 'sent', $2 FROM citizens WHERE id = $1",
        "INSERT INTO notification_events (account_id, citizen_id, channel, kind, created_at)
         SELECT account_id, id, 'email', 'message', $2 FROM citizens WHERE id = $1",
        "INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, ends_on, created_at)
         SELECT $1, id, 'power_of_attorney', 'plan', '2030-01-01', $2 FROM accounts WHERE kind = 'relative' ORDER BY id LIMIT 1",
        "INSERT INTO meeting_answers (meeting_id, citizen_id, attendance, answered_by, answered_at)
         SELECT m.id, p.citizen_id, 'coming', 'Jens Hansen', $2 FROM meetings m JOIN plans p ON p.id = m.plan_id WHERE p.citizen_id = $1",
    ] {
        sqlx::query(statement)
            .bind(jens)
            .bind(timestamp(now))
            .execute(&db)
            .await
            .unwrap();
    }
    let before = rows_by_citizen(&app, &db, jens).await;
    assert!(
        before.iter().filter(|(_, mine, _)| *mine > 0).count() >= 14,
        "{before:?}"
    );

    // Ended five years less a day ago: kept.
    let years_ago = now.date_naive() - chrono::Months::new(60);
    let ended = |day: chrono::NaiveDate| {
        let db = db.clone();
        async move {
            sqlx::query("UPDATE citizens SET course_ended_on = $1 WHERE id = $2")
                .bind(day.to_string())
                .bind(jens)
                .execute(&db)
                .await
                .unwrap();
        }
    };
    ended(years_ago + Duration::days(1)).await;
    let counts = retention::run(&db, &store, &rules, policy, now).await.unwrap();
    assert_eq!(counts.courses, 0);
    assert_eq!(rows_by_citizen(&app, &db, jens).await, before);

    // A day more: gone, all of it, and nobody else's.
    ended(years_ago - Duration::days(1)).await;
    let counts = retention::run(&db, &store, &rules, policy, now).await.unwrap();
    assert_eq!((counts.courses, counts.access_logs), (1, 0));
    for ((table, mine, others), (_, mine_before, others_before)) in
        rows_by_citizen(&app, &db, jens).await.into_iter().zip(&before)
    {
        assert_eq!(others, *others_before, "{table}: another citizen's rows");
        match table.as_str() {
            // Kept the legal period more, and the deletion the case systems read.
            "access_log" => assert_eq!(mine, *mine_before, "{table}"),
            "deletions" => assert_eq!(mine, 1, "{table}"),
            _ => assert_eq!(mine, 0, "{table}: rows of the forgotten course"),
        }
    }
    let tombstone: (String, Option<String>, Option<i64>) =
        sqlx::query_as("SELECT full_name, person_ref, account_id FROM citizens WHERE id = $1")
            .bind(jens)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(tombstone, (String::new(), None, None));
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM accounts WHERE display_name = 'Jens Hansen'"
        )
        .await,
        0
    );
    assert_eq!(
        count(
            &db,
            &format!("SELECT COUNT(*) FROM blobs WHERE sha256 = '{sha256}'")
        )
        .await,
        0
    );
    assert!(
        !store.exists(&sha256).await.unwrap(),
        "the file only Jens had is gone"
    );
    // No file is left that no document names.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM blobs WHERE sha256 NOT IN (SELECT sha256 FROM documents)"
        )
        .await,
        0
    );
    // His access log is still append-only.
    let refused = sqlx::query("DELETE FROM access_log WHERE citizen_id = $1")
        .bind(jens)
        .execute(&db)
        .await;
    assert!(
        refused.is_err(),
        "the access log refuses deletes outside retention"
    );

    // The case system reads what went: its own goal id among them.
    let feed: DeletionFeed = system.get("/deletions").await.json().await.unwrap();
    assert_eq!(feed.deletions.len(), 1);
    let deletion = &feed.deletions[0];
    assert_eq!(deletion.person_ref, person_ref);
    assert_eq!(deletion.course_ended_on, years_ago - Duration::days(1));
    assert!(
        deletion
            .external_ids
            .iter()
            .any(|item| item.kind == DeletedKind::Goal && item.external_id == "G-JENS"),
        "{deletion:?}"
    );
    assert!(!deletion.document_ids.is_empty() && !deletion.message_ids.is_empty());
    // A system of another municipality is not told.
    let odense = common::case_system::case_system_reaching(
        &app,
        "odense",
        &samlet_server::integration::systems::Reach::whole_plan_in("461", &[Scope::Citizens]),
    )
    .await;
    let elsewhere: DeletionFeed = odense.get("/deletions").await.json().await.unwrap();
    assert!(elsewhere.deletions.is_empty());
    // The system may use its id again for a new course.
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM external_refs WHERE external_id = 'G-JENS'"
        )
        .await,
        0
    );

    // Half a year on, the log, the deletion and the tombstone go too.
    let later = now + rules.access_log + Duration::days(1);
    let counts = retention::run(&db, &store, &rules, policy, later).await.unwrap();
    assert_eq!(counts.access_logs, 1);
    for (table, mine, _) in rows_by_citizen(&app, &db, jens).await {
        assert_eq!(mine, 0, "{table}");
    }
    assert_eq!(
        count(&db, &format!("SELECT COUNT(*) FROM citizens WHERE id = {jens}")).await,
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT COUNT(*) FROM accounts WHERE subject LIKE 'forgotten:%'"
        )
        .await,
        0
    );
    let feed: DeletionFeed = system.get("/deletions").await.json().await.unwrap();
    assert!(feed.deletions.is_empty());
    // Everyone else's log is still append-only.
    sqlx::query(
        "INSERT INTO access_log (citizen_id, actor_name, role, action, at)
         SELECT id, 'Mette Larsen', 'caseworker', 'view_plan', $1 FROM citizens",
    )
    .bind(timestamp(now))
    .execute(&db)
    .await
    .unwrap();
    let refused = sqlx::query("DELETE FROM access_log").execute(&db).await;
    assert!(refused.is_err());
}

/// A case system says when a course ended; a day still to come is refused and changes
/// nothing.
#[tokio::test]
async fn a_course_ends_on_a_day_that_has_come() {
    use common::case_system::case_system;
    use samlet_server::integration::systems::Scope;

    let app = spawn_app().await;
    let system = case_system(&app, "jobcenter", &[Scope::Citizens]).await;
    let citizen = |version: i64, ended: Option<String>| {
        serde_json::json!({ "person_ref": "0101901234", "version": version, "full_name": "Sara Nielsen",
                            "municipality": "751", "overall_goal": "Et arbejde", "course_ended_on": ended })
    };
    system.written("/citizens/C-1", &citizen(1, None)).await;
    let tomorrow = (Utc::now() + Duration::days(2)).date_naive().to_string();
    let refused = system.put("/citizens/C-1", &citizen(2, Some(tomorrow))).await;
    assert_eq!(refused.status(), reqwest::StatusCode::BAD_REQUEST);
    let body = common::integration_error(refused).await;
    assert!(body.message.contains("course_ended_on"), "{}", body.message);
    let db = app.db().await;
    let stored = || async {
        sqlx::query_scalar::<_, Option<String>>(
            "SELECT course_ended_on FROM citizens WHERE person_ref = '0101901234'",
        )
        .fetch_one(&db)
        .await
        .unwrap()
    };
    assert_eq!(stored().await, None);
    system
        .written("/citizens/C-1", &citizen(2, Some("2026-01-31".into())))
        .await;
    assert_eq!(stored().await.as_deref(), Some("2026-01-31"));
    // A newer version without it: the course goes on.
    system.written("/citizens/C-1", &citizen(3, None)).await;
    assert_eq!(stored().await, None);
}

/// A file no row names (a deletion cut off after its commit) goes once it is a day old,
/// while the server runs; a younger one may be an upload about to write its row, and stays.
#[tokio::test]
async fn a_file_no_row_names_goes_after_a_day() {
    let app = spawn_app().await;
    let db = app.db().await;
    let store = store(&app);
    let policy = SessionPolicy {
        idle: Duration::minutes(30),
        absolute: Duration::hours(8),
    };
    let blobs = app.dirs.0.path().join("documents").join("blobs");
    let mut written = Vec::new();
    for (name, age) in [("old", Duration::days(2)), ("young", Duration::hours(1))] {
        let sha256 = {
            use sha2::{Digest, Sha256};
            samlet_server::documents::store::hex(&Sha256::digest(name.as_bytes()))
        };
        let dir = blobs.join(&sha256[..2]);
        std::fs::create_dir_all(&dir).unwrap();
        let file = std::fs::File::create(dir.join(&sha256)).unwrap();
        file.set_modified((Utc::now() - age).into()).unwrap();
        written.push(sha256);
    }
    let counts = retention::run(&db, &store, &Rules::default(), policy, Utc::now())
        .await
        .unwrap();
    assert_eq!(counts.files, 1);
    assert!(!store.exists(&written[0]).await.unwrap());
    assert!(store.exists(&written[1]).await.unwrap());
}
