//! The citizen's own voice: "what matters most to me" and notes for the next meeting.
//! Saves are optimistic: each names the version it started from, and a stale one is a
//! conflict, so a second tab cannot silently overwrite the first.

use crate::db::Conn;
use chrono::{DateTime, Utc};
use samlet_api::audit::Action;
use samlet_api::plan::{OWN_TEXT_MAX_CHARS, OwnTexts, SaveOwnTexts};

use crate::access::Acting;
use crate::db::{Db, Key, timestamp};
use crate::error::AppError;

pub async fn load(conn: &mut Conn, citizen_id: i64) -> Result<OwnTexts, AppError> {
    let row: Option<(String, String, i64, crate::db::Ts)> = sqlx::query_as(
        "SELECT what_matters, meeting_notes, version, updated_at FROM own_texts WHERE citizen_id = $1",
    )
    .bind(citizen_id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(match row {
        Some((what_matters, meeting_notes, version, updated_at)) => OwnTexts {
            what_matters,
            meeting_notes,
            version,
            updated_at: Some(updated_at.0),
        },
        None => OwnTexts {
            what_matters: String::new(),
            meeting_notes: String::new(),
            version: 0,
            updated_at: None,
        },
    })
}

/// Rejects texts that are too long, naming the field, before anything is written.
pub fn validate(save: &SaveOwnTexts) -> Result<(), AppError> {
    for (field, text) in [
        ("what_matters", &save.what_matters),
        ("meeting_notes", &save.meeting_notes),
    ] {
        let chars = text.chars().count();
        if chars > OWN_TEXT_MAX_CHARS {
            return Err(AppError::BadRequest(format!(
                "{field}: teksten er {chars} tegn; der er plads til {OWN_TEXT_MAX_CHARS}"
            )));
        }
    }
    if save.version < 0 {
        return Err(AppError::BadRequest("version: må ikke være negativ".into()));
    }
    Ok(())
}

pub async fn save(
    db: &Db,
    acting: &Acting,
    save: &SaveOwnTexts,
    now: DateTime<Utc>,
) -> Result<OwnTexts, AppError> {
    let permit = acting.permit(Action::WriteOwnTexts)?;
    let citizen_id = permit.citizen_id;
    validate(save)?;
    let mut tx = crate::db::begin_write(db, &[Key::citizen(citizen_id)]).await?;
    permit.log(&mut tx, "").await?;
    // Version 0 means "nothing saved yet": only the first save may create the row.
    let written = if save.version == 0 {
        sqlx::query(
            "INSERT INTO own_texts (citizen_id, what_matters, meeting_notes, version, updated_at)
             VALUES ($1, $2, $3, 1, $4) ON CONFLICT (citizen_id) DO NOTHING",
        )
        .bind(citizen_id)
        .bind(&save.what_matters)
        .bind(&save.meeting_notes)
        .bind(timestamp(now))
        .execute(&mut *tx)
        .await?
    } else {
        sqlx::query(
            "UPDATE own_texts SET what_matters = $2, meeting_notes = $3, version = version + 1, updated_at = $4
             WHERE citizen_id = $1 AND version = $5",
        )
        .bind(citizen_id)
        .bind(&save.what_matters)
        .bind(&save.meeting_notes)
        .bind(timestamp(now))
        .bind(save.version)
        .execute(&mut *tx)
        .await?
    };
    if written.rows_affected() == 0 {
        return Err(AppError::Conflict);
    }
    let saved = load(&mut tx, citizen_id).await?;
    tx.commit().await?;
    Ok(saved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(what_matters: &str) -> SaveOwnTexts {
        SaveOwnTexts {
            what_matters: what_matters.into(),
            meeting_notes: String::new(),
            version: 0,
        }
    }

    #[test]
    fn texts_up_to_the_limit_are_accepted_and_longer_ones_name_the_field() {
        assert!(validate(&texts(&"æ".repeat(OWN_TEXT_MAX_CHARS))).is_ok());
        let Err(AppError::BadRequest(why)) = validate(&texts(&"a".repeat(OWN_TEXT_MAX_CHARS + 1))) else {
            panic!("expected a validation error")
        };
        assert!(why.starts_with("what_matters:"), "{why}");
    }
}
