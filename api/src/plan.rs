use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::contact::ContactView;

/// The life areas a plan's goals are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LifeArea {
    JobEducation,
    Health,
    Social,
    Housing,
    Economy,
    Family,
}

impl LifeArea {
    pub const ALL: [LifeArea; 6] = [
        LifeArea::JobEducation,
        LifeArea::Health,
        LifeArea::Social,
        LifeArea::Housing,
        LifeArea::Economy,
        LifeArea::Family,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SubGoalStatus {
    NotStarted,
    InProgress,
    Reached,
    Paused,
}

/// `GET /api/plan/overview`: the first page a citizen sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GoalSummary {
    pub id: i64,
    pub life_area: LifeArea,
    pub title: String,
    pub sub_goals_total: u32,
    pub sub_goals_reached: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingSummary {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub video_url: Option<String>,
}

/// The content of the plan at one revision: what the revision history stores and what the
/// plan page shows. Goals come in the order the plan gives them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanContent {
    pub overall_goal: String,
    pub goals: Vec<Goal>,
    /// Every meeting, earliest first; the app splits them into upcoming and past.
    pub meetings: Vec<Meeting>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Goal {
    pub id: i64,
    pub life_area: LifeArea,
    pub title: String,
    pub sub_goals: Vec<SubGoal>,
    pub activities: Vec<Activity>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SubGoal {
    pub id: i64,
    pub title: String,
    /// What will be true when it is reached ("I can take the bus alone to the job centre").
    pub success_criterion: String,
    pub target_date: Option<NaiveDate>,
    pub status: SubGoalStatus,
    /// The unit working on it behind the scenes.
    pub unit: String,
}

/// An intervention or offer (indsats) behind a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Activity {
    pub id: i64,
    pub title: String,
    pub provider: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Meeting {
    pub id: i64,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub location: Option<String>,
    pub video_url: Option<String>,
    /// Who attends, in plain words.
    pub participants: String,
    /// What to bring.
    pub bring: String,
}

/// `GET /api/plan`: the whole plan, what changed since the last visit, and the citizen's
/// own texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanPage {
    pub citizen_name: String,
    pub revision: i64,
    pub updated_at: DateTime<Utc>,
    pub content: PlanContent,
    /// The revision the citizen had seen at their last visit, if any.
    pub changes_since_revision: Option<i64>,
    pub changes: Vec<PlanChange>,
    pub own_texts: OwnTexts,
    /// How the citizen's side answered the meetings, newest answer per meeting.
    #[serde(default)]
    pub answers: Vec<MeetingAnswer>,
}

/// Whether the citizen comes to a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Attendance {
    Coming,
    NotComing,
}

/// `PUT /api/plan/meetings/{id}/answer`: "Jeg kommer" or "Jeg kan ikke komme".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerMeeting {
    pub attendance: Attendance,
}

/// A meeting's answer, as both sides see it on the meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MeetingAnswer {
    pub meeting_id: i64,
    pub attendance: Attendance,
    /// Who answered (the citizen, or someone acting for them).
    pub by: String,
    pub at: DateTime<Utc>,
}

/// One change between two revisions of a plan, as the citizen is told about it.
/// Externally tagged (`{"goal_added": {...}}`): an internally tagged enum costs the wasm
/// app about 20 KB of buffering deserializer code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PlanChange {
    OverallGoalChanged {
        overall_goal: String,
    },
    GoalAdded {
        title: String,
        life_area: LifeArea,
    },
    GoalRemoved {
        title: String,
    },
    SubGoalAdded {
        goal: String,
        title: String,
    },
    SubGoalStatusChanged {
        title: String,
        from: SubGoalStatus,
        to: SubGoalStatus,
    },
    ActivityAdded {
        goal: String,
        title: String,
    },
    MeetingAdded {
        title: String,
        starts_at: DateTime<Utc>,
    },
    MeetingMoved {
        title: String,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    },
    MeetingCancelled {
        title: String,
        starts_at: DateTime<Utc>,
    },
}

/// One entry of `GET /api/plan/revisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevisionSummary {
    pub revision: i64,
    pub created_at: DateTime<Utc>,
    /// What changed from the revision before, for the list's one line; `None` for the
    /// first revision and when nothing the reader may see changed.
    pub first_change: Option<PlanChange>,
    /// How many more changes the revision made besides `first_change`.
    pub more_changes: u32,
}

/// `POST /api/plan/seen`: the citizen has seen what changed in their plan up to `revision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanSeen {
    pub revision: i64,
    /// The citizen closed the box themself: it is gone from this session's page too, not
    /// only from the next visit's.
    pub dismissed: bool,
}

/// `GET /api/plan/revisions/{revision}`: the plan as it was.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanRevision {
    pub revision: i64,
    pub created_at: DateTime<Utc>,
    pub content: PlanContent,
}

/// The citizen's own voice in the plan, which their contact reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OwnTexts {
    /// "What matters most to me".
    pub what_matters: String,
    /// Notes to prepare for the next meeting.
    pub meeting_notes: String,
    /// Bumped by every save; a save must name the version it started from.
    pub version: i64,
    pub updated_at: Option<DateTime<Utc>>,
}

/// `PUT /api/plan/own-texts`. Saving from an older `version` is a conflict (409), so two
/// tabs cannot silently overwrite each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveOwnTexts {
    pub what_matters: String,
    pub meeting_notes: String,
    pub version: i64,
}

/// The longest own text the server accepts, in characters.
pub const OWN_TEXT_MAX_CHARS: usize = 4000;

impl From<Meeting> for MeetingSummary {
    fn from(meeting: Meeting) -> Self {
        MeetingSummary {
            id: meeting.id,
            title: meeting.title,
            starts_at: meeting.starts_at,
            ends_at: meeting.ends_at,
            location: meeting.location,
            video_url: meeting.video_url,
        }
    }
}
