//! Notifications: a short e-mail that something is new in Samlet, so nobody has to keep
//! checking. The citizen chooses an address (proved theirs by a code sent to it), what to be
//! told about and their quiet hours; events go through the outbox ([`outbox::announce`]) to
//! the delivery worker ([`worker`]), which bundles and sends them.

pub mod addresses;
pub mod channels;
pub mod mail;
pub mod outbox;
pub mod reminders;
pub mod rules;
pub mod text;
pub mod unsubscribe;
pub mod worker;

use axum::Json;
use axum::extract::State;
use chrono::Utc;
use samlet_api::audit::Action;
use samlet_api::notifications::{
    EVENT_KINDS, EventKind, NoticeStatus, NotificationSettings, PhoneSettings, Preferences, SentNotice,
};

use crate::access::{self, Acting};
use crate::db::{Key, Ts, decode_enum, encode_enum};
use crate::error::{ApiJson, AppError};
use crate::state::AppState;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(settings, save_preferences))
        .routes(routes!(addresses::send_email_code, addresses::remove_email))
        .routes(routes!(addresses::verify_email))
        .routes(routes!(addresses::send_sms_code, addresses::remove_sms))
        .routes(routes!(addresses::verify_sms))
        .routes(routes!(unsubscribe::show, unsubscribe::turn_off))
}

/// The kinds turned off, as `notification_settings.muted` keeps them (space-separated).
pub(super) fn read_muted(column: &str) -> Result<Vec<EventKind>, AppError> {
    column.split_whitespace().map(decode_enum).collect()
}

pub(super) fn write_muted(muted: &[EventKind]) -> Result<String, AppError> {
    Ok(muted
        .iter()
        .map(encode_enum)
        .collect::<Result<Vec<_>, _>>()?
        .join(" "))
}

/// A quiet-hours column as the hour it is (0–23 by the settings' own check).
pub(super) fn hour(column: i64) -> u8 {
    u8::try_from(column).unwrap_or(0)
}

/// Whose settings a request reaches: the signed-in person's own, about the citizen they
/// act on (themself, or someone they hold a grant for). Never a caseworker's preview.
pub(super) fn whose(acting: &Acting, action: Action) -> Result<(i64, i64), AppError> {
    Ok((acting.who.account_id, acting.permit(action)?.citizen_id))
}

/// Logs a relative's or guardian's change in the citizen's Min log, in the change's
/// transaction (the citizen's own changes are not logged).
pub(super) async fn log_change(
    conn: &mut crate::db::Conn,
    acting: &Acting,
    what: &str,
) -> Result<(), AppError> {
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

pub(crate) async fn load(
    state: &AppState,
    acting: &Acting,
    account_id: i64,
    citizen_id: i64,
) -> Result<NotificationSettings, AppError> {
    let available: Vec<EventKind> = EVENT_KINDS
        .into_iter()
        .filter(|kind| access::may_be_told(acting, *kind))
        .collect();
    type Row = (
        Option<String>,
        Option<Ts>,
        Option<Ts>,
        Option<String>,
        Option<Ts>,
        Option<Ts>,
        String,
        i64,
        i64,
        String,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT email, email_verified_at, email_code_expires_at, phone, phone_verified_at, phone_code_expires_at,
                muted, quiet_from, quiet_until, language
         FROM notification_settings WHERE account_id = $1 AND citizen_id = $2",
    )
    .bind(account_id)
    .bind(citizen_id)
    .fetch_optional(&state.db)
    .await?;
    type Sent = (i64, Ts, Option<Ts>, String, i64, String);
    const RECENT: &str =
        "SELECT id FROM notices WHERE account_id = $1 AND citizen_id = $2 ORDER BY id DESC LIMIT 20";
    let recent: Vec<Sent> = sqlx::query_as(&format!(
        "SELECT id, created_at, sent_at, channel, items, status FROM notices WHERE id IN ({RECENT}) ORDER BY id DESC"
    ))
    .bind(account_id)
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    // What each told about, in one query for all twenty.
    let told: Vec<(i64, String)> = sqlx::query_as(&format!(
        "SELECT DISTINCT notice_id, kind FROM notification_events WHERE notice_id IN ({RECENT})"
    ))
    .bind(account_id)
    .bind(citizen_id)
    .fetch_all(&state.db)
    .await?;
    let recent = recent
        .into_iter()
        .map(|(id, created_at, sent_at, channel, items, status)| {
            let kinds: Vec<EventKind> = told
                .iter()
                .filter(|(notice, _)| *notice == id)
                .map(|(_, kind)| decode_enum(kind))
                .collect::<Result<_, AppError>>()?;
            Ok(SentNotice {
                created_at: created_at.0,
                sent_at: sent_at.map(|t| t.0),
                channel: decode_enum(&channel)?,
                items: u32::try_from(items).unwrap_or(0),
                kinds: EVENT_KINDS
                    .into_iter()
                    .filter(|kind| kinds.contains(kind))
                    .collect(),
                status: decode_enum::<NoticeStatus>(&status)?,
            })
        })
        .collect::<Result<_, AppError>>()?;
    let (
        email,
        email_verified,
        email_expires,
        phone,
        phone_verified,
        phone_expires,
        muted,
        from,
        until,
        language,
    ) = row.unwrap_or_else(|| {
        let (from, until) = state.settings.quiet_hours;
        (
            None,
            None,
            None,
            None,
            None,
            None,
            String::new(),
            from.into(),
            until.into(),
            "da".into(),
        )
    });
    let pending = |verified: &Option<Ts>, expires: Option<Ts>| {
        verified.is_none() && expires.is_some_and(|at| at.0 > Utc::now())
    };
    Ok(NotificationSettings {
        code_pending: pending(&email_verified, email_expires),
        email_verified: email_verified.is_some(),
        email,
        sms: state.channels.sms.is_some().then(|| PhoneSettings {
            code_pending: pending(&phone_verified, phone_expires),
            verified: phone_verified.is_some(),
            phone,
        }),
        muted: read_muted(&muted)?,
        quiet_from: hour(from),
        quiet_until: hour(until),
        language: decode_enum(&language)?,
        available,
        recent,
    })
}

/// Chooses what to be told about (every kind not muted) and the quiet hours.
#[utoipa::path(
    put,
    path = "/notifications",
    operation_id = "save_notification_preferences",
    tag = "notifications",
    request_body(content = Preferences, example = json!({"muted": [], "quiet_from": 21, "quiet_until": 8, "language": "da"})),
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
    let muted = write_muted(&preferences.muted)?;
    let mut tx = crate::db::begin_write(&state.db, &[Key::citizen(citizen_id)]).await?;
    sqlx::query(
        "INSERT INTO notification_settings (account_id, citizen_id, muted, quiet_from, quiet_until, language)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (account_id, citizen_id) DO UPDATE
         SET muted = excluded.muted, quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until,
             language = excluded.language",
    )
    .bind(account_id)
    .bind(citizen_id)
    .bind(muted)
    .bind(i64::from(preferences.quiet_from))
    .bind(i64::from(preferences.quiet_until))
    .bind(encode_enum(&preferences.language)?)
    .execute(&mut *tx)
    .await?;
    outbox::drop_muted(&mut tx, account_id, citizen_id, &preferences.muted).await?;
    log_change(&mut tx, &acting, "valg og stille timer").await?;
    tx.commit().await?;
    Ok(Json(load(&state, &acting, account_id, citizen_id).await?))
}
