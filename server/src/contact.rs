//! The citizen's one coordinating contact, and who stands in while they are away.

use axum::Json;
use axum::extract::State;
use chrono::{NaiveDate, Utc};
use samlet_api::contact::{Caseworker, ContactPeriod, ContactView, StandIn};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::access::Acting;
use crate::db::{Day, Db, Ts};
use crate::error::AppError;
use crate::state::AppState;
use samlet_api::audit::Action;
use sqlx::Row;
use sqlx::any::AnyRow;
use std::sync::LazyLock;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(contact))
}

/// Reads whom the citizen should contact today.
///
/// Their coordinating caseworker, or the stand-in while the caseworker is away.
#[utoipa::path(
    get,
    path = "/contact",
    operation_id = "get_contact",
    tag = "contact",
    responses((status = 200, description = "The citizen's contact today, or that none has been assigned yet", body = ContactView))
)]
async fn contact(State(state): State<AppState>, acting: Acting) -> Result<Json<ContactView>, AppError> {
    let citizen_id = acting.allow(&state.db, Action::ReadContact).await?;
    Ok(Json(load(&state.db, citizen_id, danish_date(Utc::now())).await?))
}

/// Stand-in periods are Danish calendar dates, so "today" is the date in Denmark (the one
/// conversion the app uses too).
pub use samlet_api::denmark::date as danish_date;

/// Which of the two people the citizen should see on `today`.
/// Whether a stand-in for the period `from`–`until` (both days included) stands in on
/// `today`. The same rule in SQL, for lists of citizens: [`crate::access::covers`].
pub fn stands_in(from: NaiveDate, until: NaiveDate, today: NaiveDate) -> bool {
    from <= today && today <= until
}

pub fn view_for(coordinator: Caseworker, stand_in: Option<StandIn>, today: NaiveDate) -> ContactView {
    match stand_in {
        Some(stand_in) if stands_in(stand_in.from, stand_in.until, today) => ContactView::Away {
            coordinator,
            stand_in,
        },
        _ => ContactView::Present { coordinator },
    }
}

/// The contact and the stand-in as joins to a statement whose citizen is `p.citizen_id`, so
/// the plan overview, asked for on every visit, reads them in its one statement (each
/// statement more is a round trip more). [`from_row`] reads the [`columns`].
pub const JOINS: &str = "LEFT JOIN contacts ct ON ct.citizen_id = p.citizen_id
     LEFT JOIN caseworkers w ON w.id = ct.caseworker_id
     LEFT JOIN caseworkers sw ON sw.id = ct.stand_in_id";

/// The columns of [`JOINS`]: the coordinator's with the prefix `w_`, the stand-in's with `sw_`.
pub fn columns() -> String {
    let person = |alias: &str| {
        [
            "full_name",
            "role",
            "unit",
            "phone",
            "email",
            "reachable",
            "photo_url",
        ]
        .map(|column| format!("{alias}.{column} AS {alias}_{column}"))
        .join(", ")
    };
    format!(
        "ct.stand_in_from, ct.stand_in_until, {}, {}",
        person("w"),
        person("sw")
    )
}

/// The contact from a row with the [`columns`] of [`JOINS`].
pub fn from_row(row: &AnyRow, today: NaiveDate) -> Result<ContactView, sqlx::Error> {
    let person = |alias: &str| -> Result<Option<Caseworker>, sqlx::Error> {
        let column = |name: &str| format!("{alias}_{name}");
        let Some(name) = row.try_get::<Option<String>, _>(column("full_name").as_str())? else {
            return Ok(None);
        };
        Ok(Some(Caseworker {
            name,
            role: row.try_get(column("role").as_str())?,
            unit: row.try_get(column("unit").as_str())?,
            phone: row.try_get(column("phone").as_str())?,
            email: row.try_get(column("email").as_str())?,
            reachable: row.try_get(column("reachable").as_str())?,
            photo_url: row.try_get(column("photo_url").as_str())?,
        }))
    };
    let period: (Option<Day>, Option<Day>) = (row.try_get("stand_in_from")?, row.try_get("stand_in_until")?);
    let stand_in = match (person("sw")?, period) {
        (Some(person), (Some(Day(from)), Some(Day(until)))) => Some(StandIn { person, from, until }),
        _ => None,
    };
    Ok(match person("w")? {
        Some(coordinator) => view_for(coordinator, stand_in, today),
        None => ContactView::NoContact,
    })
}

/// The contact and the stand-in, by the same joins as the overview's.
pub async fn load(db: &Db, citizen_id: i64, today: NaiveDate) -> Result<ContactView, AppError> {
    static CONTACT: LazyLock<String> = LazyLock::new(|| {
        format!(
            "SELECT {} FROM (SELECT CAST($1 AS BIGINT) AS citizen_id) p {JOINS}",
            columns()
        )
    });
    let row = sqlx::query(CONTACT.as_str())
        .bind(citizen_id)
        .fetch_one(db)
        .await?;
    Ok(from_row(&row, today)?)
}

/// Every contact the citizen has had, newest first (for their copy of their data).
pub async fn history(db: &Db, citizen_id: i64) -> Result<Vec<ContactPeriod>, AppError> {
    type Row = (
        Ts,
        String,
        String,
        String,
        Option<String>,
        Option<Day>,
        Option<Day>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT h.named_at, c.full_name, c.role, c.unit, s.full_name, h.stand_in_from, h.stand_in_until
         FROM contact_history h JOIN caseworkers c ON c.id = h.caseworker_id
         LEFT JOIN caseworkers s ON s.id = h.stand_in_id
         WHERE h.citizen_id = $1 ORDER BY h.named_at DESC, h.id DESC",
    )
    .bind(citizen_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(named_at, name, role, unit, stand_in, from, until)| ContactPeriod {
                named_at: named_at.0,
                name,
                role,
                unit,
                stand_in,
                stand_in_from: from.map(|d| d.0),
                stand_in_until: until.map(|d| d.0),
            },
        )
        .collect())
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
