//! Notifications: a short e-mail that something is new in Samlet, so nobody has to keep
//! checking. The citizen chooses an address (proved theirs by a code sent to it), what to be
//! told about and their quiet hours; events go through the outbox ([`outbox::announce`]) to
//! the delivery worker ([`worker`]), which bundles and sends them.

pub mod mail;
pub mod outbox;
pub mod reminders;
pub mod rules;
pub mod text;
pub mod unsubscribe;
pub mod worker;

use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};
use samlet_api::audit::Action;
use samlet_api::notifications::{
    EVENT_KINDS, EmailAddress, EventKind, NoticeStatus, NotificationSettings, Preferences, SentNotice,
    VerifyCode,
};
use sha2::{Digest, Sha256};

use crate::access::{self, Acting};
use crate::db::{Ts, decode_enum, encode_enum, timestamp};
use crate::error::{ApiJson, AppError, NotificationRefusal};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// How long a code sent to an address can be entered.
const CODE_VALID: Duration = Duration::minutes(30);
/// Wrong codes allowed before a new one must be asked for.
const CODE_TRIES: i64 = 5;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, save_preferences))
        .routes(routes!(send_code, remove_email))
        .routes(routes!(verify))
        .routes(routes!(unsubscribe::show, unsubscribe::turn_off))
}

fn code_hash(code: &str) -> String {
    crate::documents::store::hex(&Sha256::digest(code.trim().as_bytes()))
}

/// Whose settings a request reaches: the signed-in person's own, about the citizen they
/// act on (themself, or someone they hold a grant for). Never a caseworker's preview.
fn whose(acting: &Acting, action: Action) -> Result<(i64, i64), AppError> {
    Ok((acting.who.account_id, acting.permit(action)?.citizen_id))
}

/// Logs a relative's or guardian's change in the citizen's Min log, in the change's
/// transaction (the citizen's own changes are not logged).
async fn log_change(conn: &mut crate::db::Conn, acting: &Acting, what: &str) -> Result<(), AppError> {
    acting.permit(Action::ManageNotifications)?.log(conn, what).await
}

/// What the citizen is told about, where and when, and what was sent lately.
#[utoipa::path(
    get,
    path = "/notifications",
    operation_id = "get_notification_settings",
    tag = "notifications",
    responses((status = 200, description = "The settings and the newest notices", body = NotificationSettings))
)]
async fn settings(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(&acting, Action::ReadNotifications)?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}

async fn load(
    state: &AppState,
    acting: &Acting,
    account_id: i64,
    citizen_id: i64,
) -> Result<NotificationSettings, AppError> {
    let available: Vec<EventKind> = EVENT_KINDS
        .into_iter()
        .filter(|kind| access::may_be_told(acting, *kind))
        .collect();
    type Row = (Option<String>, Option<String>, Option<Ts>, String, i64, i64);
    let row: Option<Row> = sqlx::query_as(
        "SELECT email, email_verified_at, email_code_expires_at, muted, quiet_from, quiet_until
         FROM notification_settings WHERE account_id = $1 AND citizen_id = $2",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_optional(&state.db)
    .await?;
    type Sent = (Ts, Option<Ts>, String, i64, String);
    let recent: Vec<Sent> = sqlx::query_as(
        "SELECT created_at, sent_at, channel, items, status FROM notices
         WHERE account_id = $1 AND citizen_id = $2 ORDER BY id DESC LIMIT 20",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    let recent = recent
        .into_iter()
        .map(|(created_at, sent_at, channel, items, status)| {
            Ok(SentNotice {
                created_at: created_at.0,
                sent_at: sent_at.map(|t| t.0),
                channel,
                items: u32::try_from(items).unwrap_or(0),
                status: decode_enum::<NoticeStatus>(&status)?,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let hour = |h: i64| u8::try_from(h).unwrap_or(0);
    Ok(match row {
        None => NotificationSettings {
            email: None,
            email_verified: false,
            code_pending: false,
            muted: Vec::new(),
            quiet_from: 21,
            quiet_until: 8,
            available,
            recent,
        },
        Some((email, verified, expires, muted, from, until)) => NotificationSettings {
            email,
            email_verified: verified.is_some(),
            code_pending: verified.is_none() && expires.is_some_and(|at| at.0 > Utc::now()),
            muted: muted
                .split_whitespace()
                .map(decode_enum)
                .collect::<Result<_, _>>()?,
            quiet_from: hour(from),
            quiet_until: hour(until),
            available,
            recent,
        },
    })
}

/// Chooses what to be told about (every kind not muted) and the quiet hours.
#[utoipa::path(
    put,
    path = "/notifications",
    operation_id = "save_notification_preferences",
    tag = "notifications",
    request_body(content = Preferences, example = json!({"muted": [], "quiet_from": 21, "quiet_until": 8})),
    responses((status = 200, description = "Saved; the settings as they are now", body = NotificationSettings))
)]
async fn save_preferences(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(preferences): ApiJson<Preferences>,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(&acting, Action::ManageNotifications)?;
    if !rules::valid_hours(preferences.quiet_from, preferences.quiet_until) {
        return Err(AppError::BadRequest(
            "quiet_from, quiet_until: hele timer fra 0 til 23".into(),
        ));
    }
    let muted = preferences
        .muted
        .iter()
        .map(encode_enum)
        .collect::<Result<Vec<_>, _>>()?
        .join(" ");
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, muted, quiet_from, quiet_until)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, citizen_id) DO UPDATE
         SET muted = excluded.muted, quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(muted)
    .bind(i64::from(preferences.quiet_from))
    .bind(i64::from(preferences.quiet_until))
    .execute(&mut *tx)
    .await?;
    outbox::drop_muted(&mut tx, account_id, citizen_id, &preferences.muted).await?;
    log_change(&mut tx, &acting, "valg og stille timer").await?;
    tx.commit().await?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}

/// Sends a code to an address; notices go there once the code comes back.
///
/// The address replaces any earlier one, which gets no more notices. If the e-mail cannot
/// be sent, nothing is changed (503).
#[utoipa::path(
    post,
    path = "/notifications/email",
    operation_id = "send_email_code",
    tag = "notifications",
    request_body(content = EmailAddress, example = json!({"email": "jens@example.dk"})),
    responses((status = 200, description = "The code is sent; the address waits for it", body = NotificationSettings))
)]
async fn send_code(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(address): ApiJson<EmailAddress>,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(&acting, Action::ManageNotifications)?;
    let email = address.email.trim().to_owned();
    if !rules::valid_email(&email) {
        return Err(NotificationRefusal::EmailInvalid.into());
    }
    let mail = state.mail.clone().ok_or(NotificationRefusal::MailUnavailable)?;
    // Each code is an e-mail to an address someone typed: limited like messages.
    state
        .message_limit
        .check(&format!("code:account:{account_id}"))
        .await?;
    let mut number = [0u8; 4];
    getrandom::fill(&mut number).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let code = format!("{:06}", u32::from_le_bytes(number) % 1_000_000);
    // Sent first: if it cannot be, nothing is changed.
    mail.send(&email, &text::code_mail(&code), &crate::session::random_token()?)
        .await
        .map_err(|error| {
            tracing::warn!(?error, "a code could not be sent");
            NotificationRefusal::MailUnavailable
        })?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, email, email_code_hash, email_code_expires_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (account_id, citizen_id) DO UPDATE
         SET email = excluded.email, email_verified_at = NULL, email_code_hash = excluded.email_code_hash,
             email_code_expires_at = excluded.email_code_expires_at, email_code_tries = 0",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(&email)
    .bind(code_hash(&code))
    .bind(timestamp(Utc::now() + CODE_VALID))
    .execute(&mut *tx)
    .await?;
    log_change(&mut tx, &acting, "ny e-mailadresse").await?;
    tx.commit().await?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}

/// Proves the address with the code sent to it. Five wrong codes end it: ask for a new one.
#[utoipa::path(
    post,
    path = "/notifications/email/verify",
    operation_id = "verify_email",
    tag = "notifications",
    request_body(content = VerifyCode, example = json!({"code": "123456"})),
    responses((status = 200, description = "The address is verified", body = NotificationSettings))
)]
async fn verify(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(entered): ApiJson<VerifyCode>,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(&acting, Action::ManageNotifications)?;
    let now = Utc::now();
    let mut tx = crate::db::begin_write(&state.db).await?;
    let waiting: Option<(Option<String>, Option<Ts>, i64)> = sqlx::query_as(
        "SELECT email_code_hash, email_code_expires_at, email_code_tries FROM notification_settings
         WHERE account_id = $1 AND citizen_id = $2 AND email_verified_at IS NULL",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((Some(hash), Some(expires), tries)) = waiting else {
        return Err(NotificationRefusal::CodeExpired.into());
    };
    if expires.0 <= now || tries >= CODE_TRIES {
        return Err(NotificationRefusal::CodeExpired.into());
    }
    if code_hash(&entered.code) != hash {
        sqlx::query(
            "UPDATE notification_settings SET email_code_tries = email_code_tries + 1
             WHERE account_id = $1 AND citizen_id = $2",
        )
        .bind(account_id)
        .bind(citizen_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Err(NotificationRefusal::CodeWrong.into());
    }
    sqlx::query(
        "UPDATE notification_settings
         SET email_verified_at = $1, email_code_hash = NULL, email_code_expires_at = NULL, email_code_tries = 0
         WHERE account_id = $2 AND citizen_id = $3",
    )
    .bind(timestamp(now))
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    log_change(&mut tx, &acting, "e-mailadresse bekræftet").await?;
    tx.commit().await?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}

/// Stops e-mail notices: the address is forgotten, and nothing more is sent to it.
#[utoipa::path(
    delete,
    path = "/notifications/email",
    operation_id = "remove_email",
    tag = "notifications",
    responses((status = 200, description = "The address is removed", body = NotificationSettings))
)]
async fn remove_email(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(&acting, Action::ManageNotifications)?;
    let mut tx = crate::db::begin_write(&state.db).await?;
    sqlx::query(
        "UPDATE notification_settings
         SET email = NULL, email_verified_at = NULL, email_code_hash = NULL, email_code_expires_at = NULL
         WHERE account_id = $1 AND citizen_id = $2",
    )
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    // What waited for this address is not sent anywhere else.
    sqlx::query(
        "UPDATE notices SET status = 'failed', last_error = 'address removed'
         WHERE account_id = $1 AND citizen_id = $2 AND status = 'pending'",
    )
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM notification_events WHERE account_id = $1 AND citizen_id = $2 AND notice_id IS NULL",
    )
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    log_change(&mut tx, &acting, "e-mails stoppet").await?;
    tx.commit().await?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}
