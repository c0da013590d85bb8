//! The citizen's one coordinating contact, and who stands in while they are away.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::contact::{Caseworker, ContactView, StandIn};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::db::Db;
use crate::error::AppError;
use crate::state::AppState;
use samlet_api::audit::Action;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(contact))
}

#[utoipa::path(get, path = "/contact", tag = "contact", responses((status = 200, body = ContactView)))]
async fn contact(State(state): State<AppState>, acting: Acting) -> Result<Json<ContactView>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadContact).await?;
    Ok(Json(load(&state.db, citizen_id, danish_date(Utc::now())).await?))
}

/// Stand-in periods are Danish calendar dates, so "today" is the date in Denmark.
pub fn danish_date(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Copenhagen).date_naive()
}

/// Which of the two people the citizen should see on `today`.
pub fn view_for(coordinator: Caseworker, stand_in: Option<StandIn>, today: NaiveDate) -> ContactView {
    match stand_in {
        Some(stand_in) if stand_in.from <= today && today <= stand_in.until => ContactView::Away {
            coordinator,
            stand_in,
        },
        _ => ContactView::Present { coordinator },
    }
}

#[derive(sqlx::FromRow)]
struct ContactRow {
    caseworker_id: i64,
    stand_in_id: Option<i64>,
    stand_in_from: Option<NaiveDate>,
    stand_in_until: Option<NaiveDate>,
}

#[derive(sqlx::FromRow)]
struct CaseworkerRow {
    full_name: String,
    role: String,
    unit: String,
    phone: String,
    email: String,
    reachable: String,
    photo_url: Option<String>,
}

impl From<CaseworkerRow> for Caseworker {
    fn from(row: CaseworkerRow) -> Self {
        Caseworker {
            name: row.full_name,
            role: row.role,
            unit: row.unit,
            phone: row.phone,
            email: row.email,
            reachable: row.reachable,
            photo_url: row.photo_url,
        }
    }
}

async fn caseworker(db: &Db, id: i64) -> Result<Caseworker, AppError> {
    let row: CaseworkerRow = sqlx::query_as(
        "SELECT full_name, role, unit, phone, email, reachable, photo_url FROM caseworkers WHERE id = $1",
    )
    .bind(id)
    .fetch_one(db)
    .await?;
    Ok(row.into())
}

pub async fn load(db: &Db, citizen_id: i64, today: NaiveDate) -> Result<ContactView, AppError> {
    let row: Option<ContactRow> = sqlx::query_as(
        "SELECT caseworker_id, stand_in_id, stand_in_from, stand_in_until FROM contacts WHERE citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else {
        return Ok(ContactView::NoContact);
    };
    let coordinator = caseworker(db, row.caseworker_id).await?;
    let stand_in = match (row.stand_in_id, row.stand_in_from, row.stand_in_until) {
        (Some(id), Some(from), Some(until)) => Some(StandIn {
            person: caseworker(db, id).await?,
            from,
            until,
        }),
        _ => None,
    };
    Ok(view_for(coordinator, stand_in, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(name: &str) -> Caseworker {
        Caseworker {
            name: name.into(),
            role: "Koordinerende sagsbehandler".into(),
            unit: "Jobcenter".into(),
            phone: "+45 11 22 33 44".into(),
            email: "x@example.dk".into(),
            reachable: "Hverdage".into(),
            photo_url: None,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
    }

    #[test]
    fn stand_in_is_shown_only_within_its_dates_inclusive() {
        let stand_in = StandIn {
            person: person("Lars"),
            from: day(2),
            until: day(14),
        };
        for (today, expected) in [(1, "Mette"), (2, "Lars"), (14, "Lars"), (15, "Mette")] {
            let view = view_for(person("Mette"), Some(stand_in.clone()), day(today));
            assert_eq!(view.reach_now().unwrap().name, expected, "on day {today}");
        }
    }

    #[test]
    fn without_stand_in_the_coordinator_is_present() {
        assert!(matches!(
            view_for(person("Mette"), None, day(1)),
            ContactView::Present { .. }
        ));
    }
}
