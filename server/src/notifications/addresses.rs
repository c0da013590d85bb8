//! Where a person's notices go: an e-mail address or a mobile number, each proved theirs
//! by a six-digit code sent to it before anything else is. The two work alike; [`Via`]
//! names the columns and the channel, and the handlers below are the same functions for
//! both.

use axum::Json;
use axum::extract::State;
use chrono::{Duration, Utc};
use samlet_api::audit::Action;
use samlet_api::notifications::{Channel, EmailAddress, NotificationSettings, PhoneNumber, VerifyCode};
use sha2::{Digest, Sha256};

use super::{load, log_change, rules, text, whose};
use crate::access::Acting;
use crate::db::{Key, Ts, timestamp};
use crate::error::{ApiJson, AppError, NotificationRefusal};
use crate::state::AppState;

/// How long a code sent to an address can be entered.
const CODE_VALID: Duration = Duration::minutes(30);
/// Wrong codes allowed before a new one must be asked for.
const CODE_TRIES: i64 = 5;
/// Codes sent in a day, per account and per address (a few mistyped addresses and
/// expired codes fit; a flood of a stranger's phone does not).
pub const CODES_PER_DAY: u32 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Via {
    Email,
    Sms,
}

impl Via {
    /// The columns' prefix in `notification_settings`: `email`, `email_verified_at`, …
    fn column(self) -> &'static str {
        match self {
            Via::Email => "email",
            Via::Sms => "phone",
        }
    }

    fn channel(self) -> Channel {
        match self {
            Via::Email => Channel::Email,
            Via::Sms => Channel::Sms,
        }
    }

    fn invalid(self) -> NotificationRefusal {
        match self {
            Via::Email => NotificationRefusal::EmailInvalid,
            Via::Sms => NotificationRefusal::PhoneInvalid,
        }
    }

    fn unavailable(self) -> NotificationRefusal {
        match self {
            Via::Email => NotificationRefusal::MailUnavailable,
            Via::Sms => NotificationRefusal::SmsUnavailable,
        }
    }

    /// The address as stored, or `None` if it is not one.
    fn normalise(self, typed: &str) -> Option<String> {
        let typed = typed.trim();
        match self {
            Via::Email => rules::valid_email(typed).then(|| typed.to_owned()),
            Via::Sms => rules::phone(typed),
        }
    }
}

fn code_hash(code: &str) -> String {
    crate::documents::store::hex(&Sha256::digest(code.trim().as_bytes()))
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
pub(super) async fn send_email_code(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(address): ApiJson<EmailAddress>,
) -> Result<Json<NotificationSettings>, AppError> {
    send_code(&state, &acting, Via::Email, &address.email).await
}

/// Sends a code by SMS to a mobile number; SMS notices go there once the code comes back.
///
/// Eight digits are a Danish number; otherwise `+` and the country code. The number
/// replaces any earlier one. If the SMS cannot be sent, or SMS is not offered, nothing is
/// changed (503).
#[utoipa::path(
    post,
    path = "/notifications/sms",
    operation_id = "send_sms_code",
    tag = "notifications",
    request_body(content = PhoneNumber, example = json!({"phone": "12 34 56 78"})),
    responses((status = 200, description = "The code is sent; the number waits for it", body = NotificationSettings))
)]
pub(super) async fn send_sms_code(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(number): ApiJson<PhoneNumber>,
) -> Result<Json<NotificationSettings>, AppError> {
    send_code(&state, &acting, Via::Sms, &number.phone).await
}

async fn send_code(
    state: &AppState,
    acting: &Acting,
    via: Via,
    typed: &str,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(acting, Action::ManageNotifications)?;
    let address = via.normalise(typed).ok_or(via.invalid())?;
    let channel = state.channels.get(via.channel()).ok_or(via.unavailable())?;
    // Each code is a message to an address someone typed: limited like messages, and per
    // day by account and by address (kept as a hash: the limits table is no address book).
    state
        .message_limit
        .check(&format!("code:account:{account_id}"))
        .await?;
    state
        .code_limit
        .check(&format!("code-day:account:{account_id}"))
        .await?;
    state
        .code_limit
        .check(&format!("code-day:to:{}", code_hash(&address)))
        .await?;
    let mut number = [0u8; 4];
    getrandom::fill(&mut number).map_err(|e| AppError::Corrupt(e.to_string()))?;
    let code = format!("{:06}", u32::from_le_bytes(number) % 1_000_000);
    // Sent first: if it cannot be, nothing is changed.
    channel
        .deliver(
            &address,
            &text::code_mail(&code),
            &crate::session::random_token()?,
        )
        .await
        .map_err(|error| {
            tracing::warn!(?error, channel = via.column(), "a code could not be sent");
            via.unavailable()
        })?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    sqlx::query(&format!(
        "INSERT INTO notification_settings (account_id, citizen_id, {c}, {c}_code_hash, {c}_code_expires_at,
                                            quiet_from, quiet_until)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (account_id, citizen_id) DO UPDATE
         SET {c} = excluded.{c}, {c}_verified_at = NULL, {c}_code_hash = excluded.{c}_code_hash,
             {c}_code_expires_at = excluded.{c}_code_expires_at, {c}_code_tries = 0",
        c = via.column()
    ))
    .bind(account_id)
    .bind(citizen_id)
    .bind(&address)
    .bind(code_hash(&code))
    .bind(timestamp(Utc::now() + CODE_VALID))
    // A new person starts with the municipality's default quiet hours.
    .bind(i64::from(state.settings.quiet_hours.0))
    .bind(i64::from(state.settings.quiet_hours.1))
    .execute(&mut *tx)
    .await?;
    let what = match via {
        Via::Email => "ny e-mailadresse",
        Via::Sms => "nyt mobilnummer",
    };
    log_change(&mut tx, acting, what).await?;
    tx.commit().await?;
    Ok(Json(load(state, acting, account_id, citizen_id).await?))
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
pub(super) async fn verify_email(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(entered): ApiJson<VerifyCode>,
) -> Result<Json<NotificationSettings>, AppError> {
    verify(&state, &acting, Via::Email, &entered.code).await
}

/// Proves the mobile number with the code sent to it by SMS. Five wrong codes end it.
#[utoipa::path(
    post,
    path = "/notifications/sms/verify",
    operation_id = "verify_sms",
    tag = "notifications",
    request_body(content = VerifyCode, example = json!({"code": "123456"})),
    responses((status = 200, description = "The number is verified", body = NotificationSettings))
)]
pub(super) async fn verify_sms(
    State(state): State<AppState>,
    acting: Acting,
    ApiJson(entered): ApiJson<VerifyCode>,
) -> Result<Json<NotificationSettings>, AppError> {
    verify(&state, &acting, Via::Sms, &entered.code).await
}

async fn verify(
    state: &AppState,
    acting: &Acting,
    via: Via,
    code: &str,
) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(acting, Action::ManageNotifications)?;
    let now = Utc::now();
    let c = via.column();
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    let waiting: Option<(Option<String>, Option<Ts>, i64)> = sqlx::query_as(&format!(
        "SELECT {c}_code_hash, {c}_code_expires_at, {c}_code_tries FROM notification_settings
         WHERE account_id = $1 AND citizen_id = $2 AND {c}_verified_at IS NULL"
    ))
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
    if code_hash(code) != hash {
        sqlx::query(&format!(
            "UPDATE notification_settings SET {c}_code_tries = {c}_code_tries + 1
             WHERE account_id = $1 AND citizen_id = $2"
        ))
        .bind(account_id)
        .bind(citizen_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        return Err(NotificationRefusal::CodeWrong.into());
    }
    sqlx::query(&format!(
        "UPDATE notification_settings
         SET {c}_verified_at = $1, {c}_code_hash = NULL, {c}_code_expires_at = NULL, {c}_code_tries = 0
         WHERE account_id = $2 AND citizen_id = $3"
    ))
    .bind(timestamp(now))
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    let what = match via {
        Via::Email => "e-mailadresse bekræftet",
        Via::Sms => "mobilnummer bekræftet",
    };
    log_change(&mut tx, acting, what).await?;
    tx.commit().await?;
    Ok(Json(load(state, acting, account_id, citizen_id).await?))
}

/// Stops e-mail notices: the address is forgotten, and nothing more is sent to it.
#[utoipa::path(
    delete,
    path = "/notifications/email",
    operation_id = "remove_email",
    tag = "notifications",
    responses((status = 200, description = "The address is removed", body = NotificationSettings))
)]
pub(super) async fn remove_email(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<NotificationSettings>, AppError> {
    remove(&state, &acting, Via::Email).await
}

/// Stops SMS notices: the number is forgotten, and nothing more is sent to it.
#[utoipa::path(
    delete,
    path = "/notifications/sms",
    operation_id = "remove_sms",
    tag = "notifications",
    responses((status = 200, description = "The number is removed", body = NotificationSettings))
)]
pub(super) async fn remove_sms(
    State(state): State<AppState>,
    acting: Acting,
) -> Result<Json<NotificationSettings>, AppError> {
    remove(&state, &acting, Via::Sms).await
}

async fn remove(state: &AppState, acting: &Acting, via: Via) -> Result<Json<NotificationSettings>, AppError> {
    let (account_id, citizen_id) = whose(acting, Action::ManageNotifications)?;
    let c = via.column();
    let channel = crate::db::encode_enum(&via.channel())?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    sqlx::query(&format!(
        "UPDATE notification_settings
         SET {c} = NULL, {c}_verified_at = NULL, {c}_code_hash = NULL, {c}_code_expires_at = NULL
         WHERE account_id = $1 AND citizen_id = $2"
    ))
    .bind(account_id)
    .bind(citizen_id)
    .execute(&mut *tx)
    .await?;
    // What waited for this address is not sent anywhere else.
    sqlx::query(
        "UPDATE notices SET status = 'failed', last_error = 'address removed'
         WHERE account_id = $1 AND citizen_id = $2 AND channel = $3 AND status = 'pending'",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(&channel)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM notification_events
         WHERE account_id = $1 AND citizen_id = $2 AND channel = $3 AND notice_id IS NULL",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(&channel)
    .execute(&mut *tx)
    .await?;
    let what = match via {
        Via::Email => "e-mails stoppet",
        Via::Sms => "SMS stoppet",
    };
    log_change(&mut tx, acting, what).await?;
    tx.commit().await?;
    Ok(Json(load(state, acting, account_id, citizen_id).await?))
}
