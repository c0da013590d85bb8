//! Every wire type survives JSON both ways, and the JSON has the shape the other side expects.

use chrono::{NaiveDate, TimeZone, Utc};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::json;

use crate::contact::{Caseworker, ContactView, StandIn};
use crate::error::{ApiErrorBody, ErrorCode};
use crate::plan::{GoalSummary, LifeArea, MeetingSummary, PlanOverview};
use crate::session::{AccountKind, DemoAccount, DemoLogin, SessionInfo};

fn roundtrip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) -> serde_json::Value {
    let text = serde_json::to_string(value).expect("serialize");
    let back: T = serde_json::from_str(&text).expect("deserialize");
    assert_eq!(&back, value);
    serde_json::from_str(&text).expect("json value")
}

fn mette() -> Caseworker {
    Caseworker {
        name: "Mette Larsen".into(),
        role: "Koordinerende sagsbehandler".into(),
        unit: "Jobcenter Aarhus".into(),
        phone: "+45 87 13 40 01".into(),
        email: "mette@example.dk".into(),
        reachable: "Mandag kl. 9-15".into(),
        photo_url: None,
    }
}

#[test]
fn error_body_uses_snake_case_codes() {
    let json = roundtrip(&ApiErrorBody {
        code: ErrorCode::NoPlan,
        message: "Ingen plan".into(),
        request_id: Some("b7c1e0d2".into()),
    });
    assert_eq!(
        json,
        json!({"code": "no_plan", "message": "Ingen plan", "request_id": "b7c1e0d2"})
    );
}

#[test]
fn session_types_roundtrip() {
    let json = roundtrip(&SessionInfo {
        account_id: 7,
        name: "Jens".into(),
        kind: AccountKind::Citizen,
        demo: true,
        acting_for: None,
        idle_timeout_seconds: 1800,
        citizen_service: Some(crate::session::CitizenService {
            name: "Borgerservice".into(),
            phone: "+45 11 22 33 44".into(),
            hours: String::new(),
        }),
    });
    assert_eq!(json["kind"], "citizen");
    assert_eq!(json["citizen_service"]["phone"], "+45 11 22 33 44");
    let acting = roundtrip(&crate::delegation::ActingFor {
        citizen_id: 1,
        name: "Jens".into(),
        role: crate::delegation::ActingRole::CaseworkerPreview,
        scopes: vec![crate::delegation::Scope::ReadDocuments],
    });
    assert_eq!(acting["role"], "caseworker_preview");
    assert_eq!(acting["scopes"], json!(["read_documents"]));
    roundtrip(&DemoAccount {
        account_id: 5,
        name: "Anna".into(),
        kind: AccountKind::Relative,
        description: "Søster".into(),
    });
    assert_eq!(roundtrip(&DemoLogin { account_id: 1 }), json!({"account_id": 1}));
}

#[test]
fn contact_view_is_tagged_by_state() {
    assert_eq!(roundtrip(&ContactView::NoContact), json!("no_contact"));
    let away = ContactView::Away {
        coordinator: mette(),
        stand_in: StandIn {
            person: Caseworker {
                name: "Lars".into(),
                ..mette()
            },
            from: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
            until: NaiveDate::from_ymd_opt(2026, 12, 14).unwrap(),
        },
    };
    let json = roundtrip(&away);
    assert_eq!(json["away"]["stand_in"]["from"], "2026-12-01");
    assert_eq!(away.reach_now().map(|c| c.name.as_str()), Some("Lars"));
}

#[test]
fn plan_overview_roundtrips_and_sums_progress() {
    let at = Utc.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap();
    let overview = PlanOverview {
        citizen_name: "Jens Hansen".into(),
        overall_goal: "Et job".into(),
        goals: vec![
            GoalSummary {
                id: 1,
                life_area: LifeArea::JobEducation,
                title: "Job".into(),
                sub_goals_total: 3,
                sub_goals_reached: 1,
            },
            GoalSummary {
                id: 2,
                life_area: LifeArea::Health,
                title: "Ryg".into(),
                sub_goals_total: 2,
                sub_goals_reached: 2,
            },
        ],
        next_meeting: Some(MeetingSummary {
            id: 3,
            title: "Møde".into(),
            starts_at: at,
            ends_at: at,
            location: Some("Jobcentret".into()),
            video_url: None,
        }),
        contact: ContactView::Present { coordinator: mette() },
        updated_at: at,
    };
    let json = roundtrip(&overview);
    assert_eq!(json["goals"][0]["life_area"], "job_education");
    assert_eq!(json["next_meeting"]["starts_at"], "2026-11-30T09:00:00Z");
    assert_eq!(overview.progress(), (3, 5));
}

#[test]
fn plan_changes_and_own_texts_roundtrip() {
    use crate::plan::{OwnTexts, PlanChange, SaveOwnTexts, SubGoalStatus};
    let change = PlanChange::SubGoalStatusChanged {
        title: "Bostøtte".into(),
        from: SubGoalStatus::InProgress,
        to: SubGoalStatus::Reached,
    };
    assert_eq!(
        roundtrip(&change),
        json!({"sub_goal_status_changed": {"title": "Bostøtte", "from": "in_progress", "to": "reached"}})
    );
    roundtrip(&OwnTexts {
        what_matters: "Mine børn".into(),
        meeting_notes: String::new(),
        version: 3,
        updated_at: None,
    });
    assert_eq!(
        roundtrip(&SaveOwnTexts {
            what_matters: "a".into(),
            meeting_notes: "b".into(),
            version: 1
        }),
        json!({"what_matters": "a", "meeting_notes": "b", "version": 1})
    );
}
