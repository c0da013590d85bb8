//! The first load from a file: JSON lines, each one write of the integration API with its
//! `kind` and `external_id`, applied as a registered case system. A malformed or refused
//! line is reported with its line number; by choice the import skips it or aborts, and an
//! aborted import changes nothing.

use std::io::BufRead;

use crate::db::Conn;
use chrono::Utc;
use samlet_api::integration::{
    ActivityWrite, CaseworkerWrite, CitizenWrite, ContactWrite, GoalWrite, MeetingWrite, SubGoalWrite,
    WriteOutcome,
};
use serde::{Deserialize, Serialize};

use super::error::IntegrationError;
use super::systems::{self, Scope, System};
use super::{contact, plan};
use crate::db::{Db, begin_write};
use crate::error::AppError;

/// One line of the file: `{"kind": "goal", "external_id": "G-1", …the write's fields}`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Line {
    Citizen {
        external_id: String,
        #[serde(flatten)]
        write: CitizenWrite,
    },
    Goal {
        external_id: String,
        #[serde(flatten)]
        write: GoalWrite,
    },
    SubGoal {
        external_id: String,
        #[serde(flatten)]
        write: SubGoalWrite,
    },
    Activity {
        external_id: String,
        #[serde(flatten)]
        write: ActivityWrite,
    },
    Meeting {
        external_id: String,
        #[serde(flatten)]
        write: MeetingWrite,
    },
    Caseworker {
        external_id: String,
        #[serde(flatten)]
        write: CaseworkerWrite,
    },
    Contact {
        #[serde(flatten)]
        write: ContactWrite,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OnError {
    /// Report the bad line and go on with the next.
    Skip,
    /// Report the bad line and import nothing at all.
    Abort,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Line number (from 1) and why.
    pub refused: Vec<(usize, String)>,
}

impl Report {
    pub fn summary(&self) -> String {
        let mut text = format!(
            "{} created, {} updated, {} unchanged, {} refused",
            self.created,
            self.updated,
            self.unchanged,
            self.refused.len()
        );
        for (line, why) in &self.refused {
            text.push_str(&format!("\nline {line}: {why}"));
        }
        text
    }
}

async fn apply(conn: &mut Conn, system: &System, line: &Line) -> Result<WriteOutcome, IntegrationError> {
    let now = Utc::now();
    system.require(match line {
        Line::Citizen { .. } => Scope::Citizens,
        Line::Caseworker { .. } | Line::Contact { .. } => Scope::Contacts,
        _ => Scope::Plans,
    })?;
    Ok(match line {
        Line::Citizen { external_id, write } => {
            plan::write_citizen(conn, system, external_id, write, now).await?
        }
        Line::Goal { external_id, write } => plan::write_goal(conn, system, external_id, write, now).await?,
        Line::SubGoal { external_id, write } => {
            plan::write_sub_goal(conn, system, external_id, write, now).await?
        }
        Line::Activity { external_id, write } => {
            plan::write_activity(conn, system, external_id, write, now).await?
        }
        Line::Meeting { external_id, write } => {
            plan::write_meeting(conn, system, external_id, write, now).await?
        }
        Line::Caseworker { external_id, write } => {
            contact::write_caseworker(conn, system, external_id, write, now).await?
        }
        Line::Contact { write } => contact::write_contact(conn, system, write, now).await?,
    }
    .outcome)
}

/// A line of the file. serde cannot refuse unknown fields beside a flattened struct, so
/// the line's fields are compared with those of what was read: one it does not have is a
/// typo the HTTP API would refuse too (`"sensitve": true`).
fn parse_line(text: &str) -> Result<Line, String> {
    let line: Line = serde_json::from_str(text).map_err(|e| format!("not a valid line: {e}"))?;
    let (Ok(serde_json::Value::Object(sent)), Ok(serde_json::Value::Object(read))) =
        (serde_json::from_str(text), serde_json::to_value(&line))
    else {
        return Err("not a valid line: not a JSON object".into());
    };
    match sent.keys().find(|key| !read.contains_key(*key)) {
        Some(unknown) => Err(format!("{unknown}: unknown field")),
        None => Ok(line),
    }
}

/// What the HTTP API would answer, and for a failure of Samlet's own, its detail: the
/// operator running the import reads it, not a citizen.
fn reason(error: &IntegrationError) -> String {
    match error {
        IntegrationError::App(error) if error.status().is_server_error() => error.to_string(),
        error => error.message(),
    }
}

/// Imports `reader` as the registered system `system_name`. `Err` only for what stops the
/// import as a whole (no such system, the file unreadable, the database); with
/// [`OnError::Abort`] a refused line rolls everything back and is in the report.
pub async fn run(
    db: &Db,
    system_name: &str,
    reader: impl BufRead,
    on_error: OnError,
) -> Result<Report, AppError> {
    let system = systems::by_name(db, system_name).await?.ok_or_else(|| {
        AppError::BadRequest(format!(
            "no registered system named {system_name}; create it with create-integration-token"
        ))
    })?;
    let mut report = Report::default();
    // Abort: one transaction for the whole file. Skip: one per line, so a refused line
    // leaves nothing half-written and the others stand.
    let mut whole = match on_error {
        OnError::Abort => Some(begin_write(db, &[]).await?),
        OnError::Skip => None,
    };
    for (index, text) in reader.lines().enumerate() {
        let number = index + 1;
        let text = text?;
        if text.trim().is_empty() {
            continue;
        }
        let outcome = match parse_line(&text) {
            Err(why) => Err(why),
            Ok(line) => match whole.as_mut() {
                Some(tx) => apply(tx, &system, &line).await.map_err(|e| reason(&e)),
                None => {
                    let mut tx = begin_write(db, &[]).await?;
                    match apply(&mut tx, &system, &line).await {
                        Ok(outcome) => {
                            tx.commit().await?;
                            Ok(outcome)
                        }
                        Err(e) => Err(reason(&e)),
                    }
                }
            },
        };
        match outcome {
            Ok(WriteOutcome::Created) => report.created += 1,
            Ok(WriteOutcome::Updated) => report.updated += 1,
            Ok(WriteOutcome::Unchanged) => report.unchanged += 1,
            Err(why) => {
                report.refused.push((number, why));
                if on_error == OnError::Abort {
                    // Dropping the transaction rolls back every line before this one.
                    return Ok(Report {
                        created: 0,
                        updated: 0,
                        unchanged: 0,
                        refused: report.refused,
                    });
                }
            }
        }
    }
    if let Some(tx) = whole {
        tx.commit().await?;
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::parse_line;

    #[test]
    fn a_misspelt_field_in_a_line_is_refused_as_over_http() {
        let goal = r#""kind": "goal", "external_id": "G-1", "person_ref": "p", "version": 1, "life_area": "health", "title": "t""#;
        assert!(parse_line(&format!("{{{goal}}}")).is_ok());
        assert!(parse_line(&format!(r#"{{{goal}, "sensitive": true}}"#)).is_ok());
        assert_eq!(
            parse_line(&format!(r#"{{{goal}, "sensitve": true}}"#)).unwrap_err(),
            "sensitve: unknown field"
        );
    }
}
