//! The link in every notice that turns kinds of notice off without signing in ("Få ikke
//! flere af den slags"). Someone who gets e-mail they no longer want must be able to stop
//! it from the e-mail itself, on a phone, without MitID.
//!
//! The link's token is the credential, so it must be unguessable, tied to one notice and
//! expire. It is derived from the notice's random 256-bit key (which never leaves the
//! server except as this e-mail's Message-ID, seen by the same recipient), so every
//! attempt at the same notice carries the same link; only its SHA-256 is stored, so the
//! database alone cannot produce a working link. It works for 60 days after the notice.
//!
//! Opening the link changes nothing (mail scanners follow links): the page shows what the
//! notice was about and a button; only the button's POST turns kinds off.

use axum::Json;
use axum::extract::{Path, State};
use chrono::{Duration, Utc};
use samlet_api::audit::Action;
use samlet_api::notifications::{EventKind, TurnOff, TurnOffKinds};
use sha2::{Digest, Sha256};

use crate::db::{Conn, Key, Ts, decode_enum};
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

/// How long a notice's link works.
const VALID: Duration = Duration::days(60);

/// The token in the link of the notice whose key is `key`.
pub fn token(key: &str) -> String {
    crate::documents::store::hex(&Sha256::digest(format!("samlet turn-off link\n{key}").as_bytes()))
}

/// What is stored to find a notice by its link's token.
pub fn hash(token: &str) -> String {
    crate::documents::store::hex(&Sha256::digest(token.as_bytes()))
}

/// Whose settings the token reaches, and what its notice told about. An unknown, malformed
/// or expired token is 404, like any link that leads nowhere.
async fn find(conn: &mut Conn, token: &str) -> Result<(i64, i64, Vec<EventKind>), AppError> {
    if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(AppError::NotFound);
    }
    let notice: Option<(i64, i64, i64, Ts)> = sqlx::query_as(
        "SELECT id, account_id, citizen_id, created_at FROM notices WHERE unsubscribe_hash = $1",
    )
    .bind(hash(token))
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, account_id, citizen_id, created_at)) = notice else {
        return Err(AppError::NotFound);
    };
    if Utc::now() - created_at.0 > VALID {
        return Err(AppError::NotFound);
    }
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT kind FROM notification_events WHERE notice_id = $1 ORDER BY kind",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let kinds = kinds.iter().map(|k| decode_enum(k)).collect::<Result<_, _>>()?;
    Ok((account_id, citizen_id, kinds))
}

async fn muted(conn: &mut Conn, account_id: i64, citizen_id: i64) -> Result<Vec<EventKind>, AppError> {
    let muted: Option<String> = sqlx::query_scalar(
        "SELECT muted FROM notification_settings WHERE account_id = $1 AND citizen_id = $2",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_optional(&mut *conn)
    .await?;
    super::read_muted(&muted.unwrap_or_default())
}

/// What a notice's link can turn off, and what is off already. Changes nothing.
#[utoipa::path(
    get,
    path = "/notifications/turn-off/{token}",
    operation_id = "get_turn_off",
    tag = "notifications",
    params(("token" = String, Path, description = "The token from the notice's link")),
    responses(
        (status = 200, description = "What the notice told about, and what is off", body = TurnOff),
        (status = 404, description = "No notice has this link, or it is more than 60 days old")
    )
)]
pub(super) async fn show(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> Result<Json<TurnOff>, AppError> {
    let mut conn = state.db.acquire().await?;
    let (account_id, citizen_id, kinds) = find(&mut conn, &token).await?;
    let muted = muted(&mut conn, account_id, citizen_id).await?;
    Ok(Json(TurnOff { kinds, muted }))
}

/// Turns kinds off for the person and citizen the notice was for.
#[utoipa::path(
    post,
    path = "/notifications/turn-off/{token}",
    operation_id = "turn_off",
    tag = "notifications",
    params(("token" = String, Path, description = "The token from the notice's link")),
    request_body(content = TurnOffKinds, example = json!({"kinds": ["message"]})),
    responses(
        (status = 200, description = "Turned off; what is off now", body = TurnOff),
        (status = 404, description = "No notice has this link, or it is more than 60 days old")
    )
)]
pub(super) async fn turn_off(
    State(state): State<AppState>,
    Path(token): Path<String>,
    ApiJson(request): ApiJson<TurnOffKinds>,
) -> Result<Json<TurnOff>, AppError> {
    let mut tx = crate::db::begin_write(&state.db, &[]).await?;
    let (account_id, citizen_id, kinds) = find(&mut tx, &token).await?;
    crate::db::lock(&mut tx, &[Key::citizen(citizen_id)]).await?;
    // The link turns off what its notice was about, nothing else.
    if request.kinds.iter().any(|kind| !kinds.contains(kind)) {
        return Err(AppError::BadRequest(
            "kinds: kun det, som beskeden handlede om, kan slås fra her".into(),
        ));
    }
    let mut muted = muted(&mut tx, account_id, citizen_id).await?;
    let before = muted.len();
    for kind in request.kinds {
        if !muted.contains(&kind) {
            muted.push(kind);
        }
    }
    let text = super::write_muted(&muted)?;
    sqlx::query("UPDATE notification_settings SET muted = $1 WHERE account_id = $2 AND citizen_id = $3")
        .bind(text)
        .bind(account_id)
        .bind(citizen_id)
        .execute(&mut *tx)
        .await?;
    super::outbox::drop_muted(&mut tx, account_id, citizen_id, &muted).await?;
    // A relative's change shows in the citizen's Min log, as it does from the settings page
    // (a second press that changes nothing is no change).
    if muted.len() > before {
        crate::audit::record_by_link(
            &mut tx,
            citizen_id,
            account_id,
            Action::ManageNotifications,
            "slog besked fra via linket i en notifikation",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(Json(TurnOff { kinds, muted }))
}
