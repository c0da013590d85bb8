//! The first load from a file of JSON lines: applied as a registered case system; a bad
//! line is reported by number and either skipped or aborts the whole import unchanged.

use samlet_server::config::Command;
use samlet_server::integration::import::OnError;
use samlet_server::integration::systems::{Reach, Scope, create_token};
use samlet_server::{Config, run_command};

const FILE: &str = r#"{"kind": "citizen", "external_id": "K-1", "person_ref": "1111111111", "version": 1, "full_name": "Bo Holm", "municipality": "751", "overall_goal": "Tilbage til arbejde"}
{"kind": "goal", "external_id": "G-1", "person_ref": "1111111111", "version": 1, "life_area": "health", "title": "Færre smerter"}

{"kind": "goal", "external_id": "G-2", "person_ref": "1111111111", "version": 1, "life_area": "health", "title": ""}
{"kind": "sub_goal", "external_id": "S-1", "goal": "G-1", "version": 1, "title": "Genoptræning", "success_criterion": "12 uger", "status": "in_progress", "unit": "Sundhed"}
this is not json
"#;

async fn setup() -> (tempfile::TempDir, Config, std::path::PathBuf) {
    let data = tempfile::TempDir::new().unwrap();
    let config = Config::for_tests(data.path().to_owned(), data.path().to_owned());
    let db = samlet_server::db::open(&config.database()).await.unwrap();
    create_token(
        &db,
        "gammelt-system",
        &Reach::whole_plan_in("751", &[Scope::Citizens, Scope::Plans]),
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    let file = data.path().join("plans.jsonl");
    std::fs::write(&file, FILE).unwrap();
    (data, config, file)
}

async fn goals(config: &Config) -> Vec<String> {
    let db = samlet_server::db::open(&config.database()).await.unwrap();
    sqlx::query_scalar("SELECT title FROM goals ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_aborted_import_names_the_bad_line_and_changes_nothing() {
    let (_data, config, file) = setup().await;
    let command = Command::Import {
        file,
        system: "gammelt-system".into(),
        on_error: OnError::Abort,
    };
    let error = run_command(&config, &command).await.unwrap_err().to_string();
    assert!(error.contains("nothing imported"), "{error}");
    assert!(error.contains("line 4: title: must not be empty"), "{error}");
    assert!(goals(&config).await.is_empty());
}

#[tokio::test]
async fn a_skipping_import_takes_the_good_lines_and_reports_the_bad_ones() {
    let (_data, config, file) = setup().await;
    let command = Command::Import {
        file: file.clone(),
        system: "gammelt-system".into(),
        on_error: OnError::Skip,
    };
    let report = run_command(&config, &command).await.unwrap_err().to_string();
    assert!(
        report.contains("3 created, 0 updated, 0 unchanged, 2 refused"),
        "{report}"
    );
    assert!(report.contains("line 4: title"), "{report}");
    assert!(report.contains("line 6: not a valid line"), "{report}");
    assert_eq!(goals(&config).await, ["Færre smerter"]);
    // The same file again: every good line is already there at its version.
    let again = run_command(&config, &command).await.unwrap_err().to_string();
    assert!(again.contains("0 created, 0 updated, 3 unchanged"), "{again}");
}

#[tokio::test]
async fn an_unknown_system_imports_nothing() {
    let (_data, config, file) = setup().await;
    let command = Command::Import {
        file,
        system: "ukendt".into(),
        on_error: OnError::Skip,
    };
    assert!(
        run_command(&config, &command)
            .await
            .unwrap_err()
            .to_string()
            .contains("no registered system")
    );
    assert!(goals(&config).await.is_empty());
}
