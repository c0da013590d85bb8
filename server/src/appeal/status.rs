//! The appeal's status as the municipality moves it: received, reconsidering, then either
//! the decision changed or the appeal sent to Ankestyrelsen, which then decides. Case
//! systems will call [`change`] through the integration API; for now the demo data and
//! the tests do.

use chrono::{DateTime, Utc};
use samlet_api::appeal::AppealStatus;
use samlet_api::audit::Action;

use crate::db::{Db, decode_enum, timestamp};
use crate::error::AppError;

/// The steps an appeal can take. Anything else is a mistake in the case system's call.
pub fn allowed(from: AppealStatus, to: AppealStatus) -> bool {
    use AppealStatus::*;
    matches!(
        (from, to),
        (Received, Reconsidering)
            | (Received | Reconsidering, DecisionChanged | SentToAnkestyrelsen)
            | (SentToAnkestyrelsen, Decided)
    )
}

/// Whether the citizen may still add reasons and documents: until the municipality has
/// finished reconsidering.
pub fn open_for_additions(status: AppealStatus) -> bool {
    matches!(status, AppealStatus::Received | AppealStatus::Reconsidering)
}

/// Moves an appeal to `to`, recording the step in its timeline. `case` is Ankestyrelsen's
/// case number, when it is known. Moving it to the status it already has changes nothing,
/// so a case system's retry is harmless. `system` is the case system that asked, written
/// to the citizen's access log in the same transaction.
pub async fn change(
    db: &Db,
    system: &str,
    appeal_id: i64,
    to: AppealStatus,
    note: &str,
    case: Option<&str>,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    // Whose appeal it is never changes: read first, to take that citizen's key.
    let keys = crate::db::citizen_key(
        db,
        "SELECT d.citizen_id FROM appeals a JOIN decisions d ON d.id = a.decision_id WHERE a.id = $1",
        appeal_id,
    )
    .await?;
    let mut tx = crate::db::begin_write(db, &keys).await?;
    let (from, citizen_id, reference): (String, i64, String) = sqlx::query_as(
        "SELECT a.status, d.citizen_id, a.reference FROM appeals a JOIN decisions d ON d.id = a.decision_id
         WHERE a.id = $1",
    )
    .bind(appeal_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let from: AppealStatus = decode_enum(&from)?;
    if from == to {
        return Ok(());
    }
    if !allowed(from, to) {
        return Err(AppError::InvalidTransition {
            from: crate::db::encode_enum(&from)?,
            to: crate::db::encode_enum(&to)?,
        });
    }
    let to_text = crate::db::encode_enum(&to)?;
    sqlx::query(
        "UPDATE appeals SET status = $1, ankestyrelsen_case = COALESCE($2, ankestyrelsen_case) WHERE id = $3",
    )
    .bind(&to_text)
    .bind(case)
    .bind(appeal_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO appeal_events (appeal_id, status, at, note) VALUES ($1, $2, $3, $4)")
        .bind(appeal_id)
        .bind(&to_text)
        .bind(timestamp(at))
        .bind(note)
        .execute(&mut *tx)
        .await?;
    crate::audit::record_system(
        &mut tx,
        citizen_id,
        system,
        Action::ChangeAppealStatus,
        &reference,
    )
    .await?;
    crate::notifications::outbox::announce(
        &mut tx,
        citizen_id,
        samlet_api::notifications::EventKind::AppealStatus,
        at,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppealStatus::*;

    #[test]
    fn an_appeal_is_reconsidered_before_it_goes_to_ankestyrelsen() {
        assert!(allowed(Received, Reconsidering));
        assert!(allowed(Reconsidering, DecisionChanged));
        assert!(allowed(Reconsidering, SentToAnkestyrelsen));
        assert!(allowed(SentToAnkestyrelsen, Decided));
        assert!(!allowed(Received, Decided));
        assert!(!allowed(DecisionChanged, SentToAnkestyrelsen));
        assert!(!allowed(Decided, Received));
        assert!(!allowed(Reconsidering, Reconsidering));
    }

    #[test]
    fn additions_are_open_until_reconsideration_ends() {
        assert!(open_for_additions(Received));
        assert!(open_for_additions(Reconsidering));
        assert!(!open_for_additions(SentToAnkestyrelsen));
        assert!(!open_for_additions(DecisionChanged));
        assert!(!open_for_additions(Decided));
    }
}
