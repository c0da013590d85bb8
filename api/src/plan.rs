use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::contact::ContactView;

/// The life areas a plan's goals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LifeArea {
    JobEducation,
    Health,
    Social,
    Housing,
    Economy,
    Family,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubGoalStatus {
    NotStarted,
    InProgress,
    Reached,
    Paused,
}

/// `GET /api/plan/overview`: the first page a citizen sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOverview {
    pub citizen_name: String,
    /// The overall goal in the citizen's own words.
    pub overall_goal: String,
    pub goals: Vec<GoalSummary>,
    pub next_meeting: Option<MeetingSummary>,
    pub contact: ContactView,
    pub updated_at: DateTime<Utc>,
}

impl PlanOverview {
    /// Progress over the whole plan as (reached, total) sub-goals.
    pub fn progress(&self) -> (u32, u32) {
        self.goals.iter().fold((0, 0), |(reached, total), goal| {
            (reached + goal.sub_goals_reached, total + goal.sub_goals_total)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalSummary {
    pub id: i64,
    pub life_area: LifeArea,
    pub title: String,
    pub sub_goals_total: u32,
    pub sub_goals_reached: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingSummary {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub video_url: Option<String>,
}
