//! The plan's revision history: a snapshot per revision, the changes between two
//! revisions, and which revision the citizen saw at their last visit.

use std::collections::HashMap;

use crate::db::Conn;
use chrono::{DateTime, Utc};
use samlet_api::plan::{PlanChange, PlanContent, PlanRevision, RevisionSummary};

use super::content;
use crate::db::timestamp;
use crate::error::AppError;

/// Records a new revision if the plan's content differs from its latest snapshot.
/// Returns whether it did (a write that changed nothing the citizen sees announces
/// nothing). Call it in the transaction that changed the plan.
pub async fn record_if_changed(conn: &mut Conn, plan_id: i64, now: DateTime<Utc>) -> Result<bool, AppError> {
    let current = content::load(conn, plan_id).await?;
    let latest: Option<(i64, String)> = sqlx::query_as(
        "SELECT revision, content FROM plan_revisions WHERE plan_id = $1 ORDER BY revision DESC LIMIT 1",
    )
    .bind(plan_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some((_, json)) = &latest
        && parse(json)? == current
    {
        return Ok(false);
    }
    let revision: i64 = sqlx::query_scalar(
        "UPDATE plans SET revision = revision + 1, updated_at = $2 WHERE id = $1 RETURNING revision",
    )
    .bind(plan_id)
    .bind(timestamp(now))
    .fetch_one(&mut *conn)
    .await?;
    let json = serde_json::to_string(&current).map_err(|e| AppError::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO plan_revisions (plan_id, revision, created_at, content) VALUES ($1, $2, $3, $4)",
    )
    .bind(plan_id)
    .bind(revision)
    .bind(timestamp(now))
    .bind(json)
    .execute(&mut *conn)
    .await?;
    Ok(true)
}

fn parse(json: &str) -> Result<PlanContent, AppError> {
    serde_json::from_str(json).map_err(|e| AppError::Corrupt(format!("plan snapshot: {e}")))
}

pub async fn snapshot(
    conn: &mut Conn,
    plan_id: i64,
    revision: i64,
) -> Result<Option<(DateTime<Utc>, PlanContent)>, AppError> {
    let row: Option<(crate::db::Ts, String)> =
        sqlx::query_as("SELECT created_at, content FROM plan_revisions WHERE plan_id = $1 AND revision = $2")
            .bind(plan_id)
            .bind(revision)
            .fetch_optional(&mut *conn)
            .await?;
    row.map(|(at, json)| Ok((at.0, parse(&json)?))).transpose()
}

/// Every revision of the plan, oldest first, whole, with the goals the viewer may not see
/// left out (for the citizen's copy of their data).
pub async fn all(conn: &mut Conn, plan_id: i64, hidden: &[i64]) -> Result<Vec<PlanRevision>, AppError> {
    let rows: Vec<(i64, crate::db::Ts, String)> = sqlx::query_as(
        "SELECT revision, created_at, content FROM plan_revisions WHERE plan_id = $1 ORDER BY revision",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(revision, created_at, json)| {
            let mut content = parse(&json)?;
            content.goals.retain(|goal| !hidden.contains(&goal.id));
            Ok(PlanRevision {
                revision,
                created_at: created_at.0,
                content,
            })
        })
        .collect()
}

/// The plan's revisions, newest first, each with what changed from the one before as the
/// version list's one line: the first change and how many more. Goals the viewer may not
/// see are left out of both sides, so their changes are not counted.
pub async fn list(conn: &mut Conn, plan_id: i64, hidden: &[i64]) -> Result<Vec<RevisionSummary>, AppError> {
    let rows: Vec<(i64, crate::db::Ts, String)> = sqlx::query_as(
        "SELECT revision, created_at, content FROM plan_revisions WHERE plan_id = $1 ORDER BY revision",
    )
    .bind(plan_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut before: Option<PlanContent> = None;
    let mut summaries = Vec::with_capacity(rows.len());
    for (revision, created_at, json) in rows {
        let mut content = parse(&json)?;
        content.goals.retain(|goal| !hidden.contains(&goal.id));
        let changes = before.as_ref().map(|b| diff(b, &content)).unwrap_or_default();
        summaries.push(RevisionSummary {
            revision,
            created_at: created_at.0,
            first_change: changes.first().cloned(),
            more_changes: changes.len().saturating_sub(1) as u32,
        });
        before = Some(content);
    }
    summaries.reverse();
    Ok(summaries)
}

/// The revision this session compares against: the revision the citizen had seen when the
/// session first showed the plan. It stays for the whole session, so a reload does not hide
/// the changes, and only [`mark_seen`] moves what the next session starts from: a page load
/// alone (a glance in another session) uses nothing up. `None` when the citizen has never
/// seen their plan.
pub async fn session_baseline(
    conn: &mut Conn,
    session_key: &str,
    citizen_id: i64,
) -> Result<Option<i64>, AppError> {
    let fixed: Option<i64> =
        sqlx::query_scalar("SELECT plan_baseline_revision FROM sessions WHERE token_hash = $1")
            .bind(session_key)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
    let baseline = match fixed {
        Some(baseline) => baseline,
        None => {
            let seen: Option<i64> =
                sqlx::query_scalar("SELECT seen_revision FROM plan_visits WHERE citizen_id = $1")
                    .bind(citizen_id)
                    .fetch_optional(&mut *conn)
                    .await?;
            // 0 stands for "never seen": revisions start at 1.
            let baseline = seen.unwrap_or(0);
            sqlx::query("UPDATE sessions SET plan_baseline_revision = $1 WHERE token_hash = $2")
                .bind(baseline)
                .bind(session_key)
                .execute(&mut *conn)
                .await?;
            baseline
        }
    };
    Ok((baseline > 0).then_some(baseline))
}

/// The citizen has seen the plan's changes up to `revision` (the box was on screen for a
/// while, or they dismissed it): the next session compares against it. Never moves back,
/// so an old tab reporting late does not bring seen changes back.
pub async fn mark_seen(
    conn: &mut Conn,
    citizen_id: i64,
    revision: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO plan_visits (citizen_id, seen_revision, seen_at) VALUES ($1, $2, $3)
         ON CONFLICT (citizen_id) DO UPDATE SET
            seen_revision = CASE WHEN excluded.seen_revision > plan_visits.seen_revision
                                 THEN excluded.seen_revision ELSE plan_visits.seen_revision END,
            seen_at = excluded.seen_at",
    )
    .bind(citizen_id)
    .bind(revision)
    .bind(timestamp(now))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The citizen dismissed the changes: this session's page stops showing them too.
pub async fn dismiss(conn: &mut Conn, session_key: &str, revision: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE sessions SET plan_baseline_revision = $1
         WHERE token_hash = $2 AND (plan_baseline_revision IS NULL OR plan_baseline_revision < $1)",
    )
    .bind(revision)
    .bind(session_key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// What changed from `old` to `new`, in the order a reader meets it on the plan page.
pub fn diff(old: &PlanContent, new: &PlanContent) -> Vec<PlanChange> {
    let mut changes = Vec::new();
    if old.overall_goal != new.overall_goal {
        changes.push(PlanChange::OverallGoalChanged {
            overall_goal: new.overall_goal.clone(),
        });
    }
    let old_goals: HashMap<i64, _> = old.goals.iter().map(|g| (g.id, g)).collect();
    for goal in &new.goals {
        let Some(before) = old_goals.get(&goal.id) else {
            changes.push(PlanChange::GoalAdded {
                title: goal.title.clone(),
                life_area: goal.life_area,
            });
            continue;
        };
        let old_sub_goals: HashMap<i64, _> = before.sub_goals.iter().map(|s| (s.id, s)).collect();
        for sub_goal in &goal.sub_goals {
            match old_sub_goals.get(&sub_goal.id) {
                None => changes.push(PlanChange::SubGoalAdded {
                    goal: goal.title.clone(),
                    title: sub_goal.title.clone(),
                }),
                Some(was) if was.status != sub_goal.status => {
                    changes.push(PlanChange::SubGoalStatusChanged {
                        title: sub_goal.title.clone(),
                        from: was.status,
                        to: sub_goal.status,
                    })
                }
                Some(_) => {}
            }
        }
        for activity in &goal.activities {
            if !before.activities.iter().any(|a| a.id == activity.id) {
                changes.push(PlanChange::ActivityAdded {
                    goal: goal.title.clone(),
                    title: activity.title.clone(),
                });
            }
        }
    }
    for goal in &old.goals {
        if !new.goals.iter().any(|g| g.id == goal.id) {
            changes.push(PlanChange::GoalRemoved {
                title: goal.title.clone(),
            });
        }
    }
    let old_meetings: HashMap<i64, _> = old.meetings.iter().map(|m| (m.id, m)).collect();
    for meeting in &new.meetings {
        match old_meetings.get(&meeting.id) {
            None => changes.push(PlanChange::MeetingAdded {
                title: meeting.title.clone(),
                starts_at: meeting.starts_at,
            }),
            Some(was) if was.starts_at != meeting.starts_at => changes.push(PlanChange::MeetingMoved {
                title: meeting.title.clone(),
                from: was.starts_at,
                to: meeting.starts_at,
            }),
            Some(_) => {}
        }
    }
    for meeting in &old.meetings {
        if !new.meetings.iter().any(|m| m.id == meeting.id) {
            changes.push(PlanChange::MeetingCancelled {
                title: meeting.title.clone(),
                starts_at: meeting.starts_at,
            });
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use samlet_api::plan::{Activity, Goal, LifeArea, Meeting, SubGoal, SubGoalStatus};

    fn plan() -> PlanContent {
        let at = Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap();
        PlanContent {
            overall_goal: "Et job".into(),
            goals: vec![Goal {
                id: 1,
                life_area: LifeArea::Health,
                title: "Ryggen".into(),
                sub_goals: vec![SubGoal {
                    id: 10,
                    title: "Genoptræning".into(),
                    success_criterion: "Gå 30 minutter".into(),
                    target_date: None,
                    status: SubGoalStatus::InProgress,
                    unit: "Sundhedscenter".into(),
                }],
                activities: vec![],
            }],
            meetings: vec![Meeting {
                id: 5,
                title: "Opfølgning".into(),
                starts_at: at,
                ends_at: at,
                location: None,
                video_url: None,
                participants: String::new(),
                bring: String::new(),
            }],
        }
    }

    #[test]
    fn the_same_plan_has_no_changes() {
        assert_eq!(diff(&plan(), &plan()), vec![]);
    }

    #[test]
    fn reached_sub_goal_new_goal_and_moved_meeting_are_reported() {
        let old = plan();
        let mut new = plan();
        new.goals[0].sub_goals[0].status = SubGoalStatus::Reached;
        new.goals[0].activities.push(Activity {
            id: 3,
            title: "Fysioterapi".into(),
            provider: "Sundhedscenter".into(),
            starts_on: None,
            ends_on: None,
        });
        new.goals.push(Goal {
            id: 2,
            life_area: LifeArea::Housing,
            title: "Egen bolig".into(),
            sub_goals: vec![],
            activities: vec![],
        });
        let moved_to = old.meetings[0].starts_at + chrono::Duration::days(1);
        new.meetings[0].starts_at = moved_to;
        assert_eq!(
            diff(&old, &new),
            vec![
                PlanChange::SubGoalStatusChanged {
                    title: "Genoptræning".into(),
                    from: SubGoalStatus::InProgress,
                    to: SubGoalStatus::Reached
                },
                PlanChange::ActivityAdded {
                    goal: "Ryggen".into(),
                    title: "Fysioterapi".into()
                },
                PlanChange::GoalAdded {
                    title: "Egen bolig".into(),
                    life_area: LifeArea::Housing
                },
                PlanChange::MeetingMoved {
                    title: "Opfølgning".into(),
                    from: old.meetings[0].starts_at,
                    to: moved_to
                },
            ]
        );
    }

    #[test]
    fn removed_goals_and_cancelled_meetings_are_reported() {
        let old = plan();
        let new = PlanContent {
            overall_goal: "Uddannelse".into(),
            goals: vec![],
            meetings: vec![],
        };
        assert_eq!(
            diff(&old, &new),
            vec![
                PlanChange::OverallGoalChanged {
                    overall_goal: "Uddannelse".into()
                },
                PlanChange::GoalRemoved {
                    title: "Ryggen".into()
                },
                PlanChange::MeetingCancelled {
                    title: "Opfølgning".into(),
                    starts_at: old.meetings[0].starts_at
                },
            ]
        );
    }
}
