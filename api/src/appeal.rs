//! The combined decision (samlet afgørelse) and the one combined appeal against it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// How the decision reached the citizen; it decides when it counts as received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DeliveryChannel {
    DigitalPost,
    Letter,
}

/// What the decision does with one intervention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PartOutcome {
    Granted,
    Changed,
    Refused,
    Stopped,
}

/// One part of a combined decision: one intervention and the law it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionPart {
    pub id: i64,
    pub intervention: String,
    pub outcome: PartOutcome,
    /// "Lov om aktiv socialpolitik § 69 j".
    pub law: String,
    /// In plain language, what this means for the citizen.
    pub explanation: String,
}

/// `GET /api/decisions/{id}`: the decision, its computed deadline, and the appeal if lodged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    pub id: i64,
    pub title: String,
    pub channel: DeliveryChannel,
    pub sent_at: DateTime<Utc>,
    /// The Danish day it counts as received, from the delivery channel's rule.
    pub received_on: NaiveDate,
    /// Four weeks after receipt, moved past weekends and public holidays.
    pub deadline: NaiveDate,
    /// Danish days left until the deadline: 0 on the last day, negative after it.
    pub days_left: i64,
    pub parts: Vec<DecisionPart>,
    pub reasoning: String,
    /// Klagevejledning.
    pub appeal_guidance: String,
    /// The original letter in the documents, to download.
    pub document_id: Option<i64>,
    /// The appeal's reference if one was lodged.
    pub appeal_reference: Option<String>,
}

/// One entry of `GET /api/decisions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DecisionSummary {
    pub id: i64,
    pub title: String,
    pub received_on: NaiveDate,
    pub deadline: NaiveDate,
    pub days_left: i64,
    pub appeal_reference: Option<String>,
    /// Where its appeal is, if one was lodged.
    #[serde(default)]
    pub appeal_stage: Option<AppealStage>,
}

/// The citizen's reason for one part, in their own words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartReason {
    pub part_id: i64,
    pub reason: String,
}

/// What the appeal form holds; saved as a private draft while the citizen writes, and sent
/// whole to submit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealForm {
    /// The parts the citizen disagrees with: one, several or all.
    pub part_ids: Vec<i64>,
    /// Reasons per part; optional.
    pub part_reasons: Vec<PartReason>,
    /// A reason for all parts at once; optional.
    pub reason: String,
    /// Documents already held, attached without uploading again.
    pub document_ids: Vec<i64>,
    pub wants_meeting: bool,
    pub wants_call: bool,
    /// Who helps the citizen with the appeal (a relative, an advisor), if anyone.
    pub helper: String,
    /// Asked only after the deadline: why the appeal is late.
    pub late_reason: String,
}

/// `GET`/`PUT /api/decisions/{id}/draft`. `version` is what the save started from; a stale
/// one (another tab or device saved since) is a 409 `conflict`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppealDraft {
    pub form: AppealForm,
    pub version: i64,
    pub saved_at: Option<DateTime<Utc>>,
}

/// Where the appeal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealStatus {
    /// Lodged; the municipality has it.
    Received,
    /// The municipality reconsiders its decision (genvurdering).
    Reconsidering,
    /// The municipality changed its decision: the appeal is granted in whole or in part.
    DecisionChanged,
    /// The municipality kept its decision and sent the appeal to Ankestyrelsen.
    SentToAnkestyrelsen,
    /// Ankestyrelsen has decided.
    Decided,
}

/// Where an appeal is, in one model shown the same on the receipt, the decision and the
/// list of decisions: the case system's status, with "received" split in two by whether
/// the municipality has picked the appeal up yet. A status past "received" means the
/// municipality has it, whether or not its system said so first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppealStage {
    /// Lodged in Samlet; the municipality has not picked it up yet.
    Sent,
    /// The municipality has it.
    Received,
    Reconsidering,
    DecisionChanged,
    SentToAnkestyrelsen,
    Decided,
}

impl AppealStage {
    pub fn of(status: AppealStatus, picked_up: bool) -> Self {
        match status {
            AppealStatus::Received if picked_up => Self::Received,
            AppealStatus::Received => Self::Sent,
            AppealStatus::Reconsidering => Self::Reconsidering,
            AppealStatus::DecisionChanged => Self::DecisionChanged,
            AppealStatus::SentToAnkestyrelsen => Self::SentToAnkestyrelsen,
            AppealStatus::Decided => Self::Decided,
        }
    }
}

impl Appeal {
    /// Where the appeal is now.
    pub fn stage(&self) -> AppealStage {
        AppealStage::of(self.status, self.acknowledged_at.is_some())
    }

    /// The steps so far, earliest first, in the same model: the lodging is "sent", and the
    /// municipality picking it up is a step of its own right after it. Right after, not by
    /// time: a pick-up and the next status can share a second, and the municipality has
    /// the appeal before it can move it on.
    pub fn stages(&self) -> Vec<(AppealStage, DateTime<Utc>, &str)> {
        let mut steps: Vec<_> = self
            .timeline
            .iter()
            .map(|event| {
                (
                    AppealStage::of(event.status, false),
                    event.at,
                    event.note.as_str(),
                )
            })
            .collect();
        if let Some(at) = self.acknowledged_at {
            let position = steps
                .iter()
                .position(|(stage, _, _)| *stage != AppealStage::Sent)
                .unwrap_or(steps.len());
            steps.insert(position, (AppealStage::Received, at, ""));
        }
        steps
    }
}

/// One step of the appeal's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusEvent {
    pub status: AppealStatus,
    pub at: DateTime<Utc>,
    pub note: String,
}

/// Reasons or documents added after submitting, each stamped with its time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Addition {
    pub text: String,
    pub document_ids: Vec<i64>,
    pub added_at: DateTime<Utc>,
}

/// `POST /api/decisions/{id}/appeal/additions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AddToAppeal {
    pub text: String,
    pub document_ids: Vec<i64>,
}

/// `GET /api/decisions/{id}/appeal`, and the receipt of `POST` to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Appeal {
    /// "KL-2026-000123": to quote on the phone and in letters.
    pub reference: String,
    pub decision_id: i64,
    pub submitted_at: DateTime<Utc>,
    /// Who lodged it, when it was someone acting for the citizen (a relative, a guardian).
    #[serde(default)]
    pub submitted_by: Option<String>,
    /// Lodged after the deadline; `form.late_reason` says why.
    pub late: bool,
    /// What was appealed: fixed once submitted.
    pub form: AppealForm,
    pub additions: Vec<Addition>,
    pub status: AppealStatus,
    /// The municipality has four weeks to reconsider.
    pub reconsider_by: NaiveDate,
    /// Ankestyrelsen's case number, once it has the appeal.
    pub ankestyrelsen_case: Option<String>,
    /// Earliest first.
    pub timeline: Vec<StatusEvent>,
    /// Reasons and documents can be added until the municipality has finished
    /// reconsidering.
    pub open_for_additions: bool,
    /// When the municipality's case system picked the appeal up ("received by the
    /// municipality"); until then it is lodged and waiting.
    #[serde(default)]
    pub acknowledged_at: Option<DateTime<Utc>>,
}

/// Longest text in any one field of an appeal.
pub const APPEAL_TEXT_MAX_CHARS: usize = 8000;

#[cfg(test)]
mod tests {
    use super::*;

    fn appeal(timeline: &[(AppealStatus, &str)], acknowledged_at: Option<&str>) -> Appeal {
        Appeal {
            reference: "KL-1".into(),
            decision_id: 1,
            submitted_at: "2026-11-02T09:00:00Z".parse().unwrap(),
            submitted_by: None,
            late: false,
            form: AppealForm::default(),
            additions: Vec::new(),
            status: timeline.last().unwrap().0,
            reconsider_by: "2026-11-30".parse().unwrap(),
            ankestyrelsen_case: None,
            timeline: timeline
                .iter()
                .map(|(status, at)| StatusEvent {
                    status: *status,
                    at: at.parse().unwrap(),
                    note: String::new(),
                })
                .collect(),
            open_for_additions: true,
            acknowledged_at: acknowledged_at.map(|at| at.parse().unwrap()),
        }
    }

    #[test]
    fn an_appeal_is_sent_until_the_municipality_picks_it_up_and_later_steps_say_it_has_it() {
        use AppealStatus::*;
        let lodged = appeal(&[(Received, "2026-11-02T09:00:00Z")], None);
        assert_eq!(lodged.stage(), AppealStage::Sent);
        let picked_up = appeal(
            &[(Received, "2026-11-02T09:00:00Z")],
            Some("2026-11-02T10:00:00Z"),
        );
        assert_eq!(picked_up.stage(), AppealStage::Received);
        // Ten days on, reconsidering, never acknowledged: the municipality has it all the same.
        let later = appeal(
            &[
                (Received, "2026-11-02T09:00:00Z"),
                (Reconsidering, "2026-11-05T09:00:00Z"),
            ],
            None,
        );
        assert_eq!(later.stage(), AppealStage::Reconsidering);
    }

    #[test]
    fn the_pick_up_comes_right_after_the_lodging_even_in_the_same_second_as_the_next_step() {
        use AppealStatus::*;
        for picked_up in [
            "2026-11-03T08:00:00Z",
            "2026-11-05T09:00:00Z",
            "2026-11-06T09:00:00Z",
        ] {
            let appeal = appeal(
                &[
                    (Received, "2026-11-02T09:00:00Z"),
                    (Reconsidering, "2026-11-05T09:00:00Z"),
                ],
                Some(picked_up),
            );
            let stages: Vec<AppealStage> = appeal.stages().iter().map(|(stage, _, _)| *stage).collect();
            assert_eq!(
                stages,
                [
                    AppealStage::Sent,
                    AppealStage::Received,
                    AppealStage::Reconsidering
                ],
                "{picked_up}"
            );
        }
    }
}
