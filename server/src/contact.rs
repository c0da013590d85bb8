//! The citizen's one coordinating contact, and who stands in while they are away.

use axum::Json;
use axum::extract::State;
use chrono::{DateTime, NaiveDate, Utc};
use samlet_api::contact::{Caseworker, ContactView, StandIn};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::db::{Day, Db};
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

/// The contact or the stand-in, with the period the stand-in covers.
#[derive(sqlx::FromRow)]
struct ContactPersonRow {
    #[sqlx(try_from = "crate::db::Flag")]
    stand_in: bool,
    stand_in_from: Option<crate::db::Day>,
    stand_in_until: Option<crate::db::Day>,
    #[sqlx(flatten)]
    person: CaseworkerRow,
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

const CASEWORKER_COLUMNS: &str = "w.full_name, w.role, w.unit, w.phone, w.email, w.reachable, w.photo_url";

/// The contact and the stand-in in one query: the overview asks on every visit.
pub async fn load(db: &Db, citizen_id: i64, today: NaiveDate) -> Result<ContactView, AppError> {
    let rows: Vec<ContactPersonRow> = sqlx::query_as(&format!(
        "SELECT 0 AS stand_in, c.stand_in_from, c.stand_in_until, {CASEWORKER_COLUMNS}
         FROM contacts c JOIN caseworkers w ON w.id = c.caseworker_id WHERE c.citizen_id = $1
         UNION ALL
         SELECT 1, c.stand_in_from, c.stand_in_until, {CASEWORKER_COLUMNS}
         FROM contacts c JOIN caseworkers w ON w.id = c.stand_in_id WHERE c.citizen_id = $1"
    ))
    .bind(citizen_id)
    .fetch_all(db)
    .await?;
    let mut coordinator = None;
    let mut stand_in = None;
    for row in rows {
        match (row.stand_in, row.stand_in_from, row.stand_in_until) {
            (false, ..) => coordinator = Some(row.person.into()),
            (true, Some(Day(from)), Some(Day(until))) => {
                stand_in = Some(StandIn {
                    person: row.person.into(),
                    from,
                    until,
                })
            }
            (true, ..) => {}
        }
    }
    Ok(match coordinator {
        Some(coordinator) => view_for(coordinator, stand_in, today),
        None => ContactView::NoContact,
    })
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
