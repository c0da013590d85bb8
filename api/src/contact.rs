use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A caseworker as the citizen sees them: one person and how to reach them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Caseworker {
    pub name: String,
    pub role: String,
    pub unit: String,
    pub phone: String,
    pub email: String,
    /// When they can be reached, in plain words ("Mandag til torsdag kl. 9-15").
    pub reachable: String,
    pub photo_url: Option<String>,
}

/// Who covers while the coordinating caseworker is away, and for how long.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StandIn {
    pub person: Caseworker,
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// `GET /api/contact`: the citizen's one contact. Externally tagged, like every enum with
/// data on the wire, to keep the app's deserializer small.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ContactView {
    /// No coordinating caseworker has been assigned yet.
    NoContact,
    /// The coordinating caseworker is available.
    Present { coordinator: Caseworker },
    /// The coordinating caseworker is away today: call the stand-in.
    Away {
        coordinator: Caseworker,
        stand_in: StandIn,
    },
}

impl ContactView {
    /// The person the citizen should contact today, if any.
    pub fn reach_now(&self) -> Option<&Caseworker> {
        match self {
            ContactView::NoContact => None,
            ContactView::Present { coordinator } => Some(coordinator),
            ContactView::Away { stand_in, .. } => Some(&stand_in.person),
        }
    }
}

/// One contact the citizen has had, as the case system named them (and their stand-in, if
/// one was named with them); in the copy of the citizen's data, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactPeriod {
    pub named_at: chrono::DateTime<chrono::Utc>,
    pub name: String,
    pub role: String,
    pub unit: String,
    pub stand_in: Option<String>,
    pub stand_in_from: Option<NaiveDate>,
    pub stand_in_until: Option<NaiveDate>,
}
