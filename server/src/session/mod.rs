//! Server-side sessions: a random cookie value whose SHA-256 is a row in `sessions`.
//! The real sign-in (OpenID Connect, in `oidc`) and the demo login create the same rows.

pub mod oidc;

use axum::extract::{FromRequestParts, State};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Duration, Utc};
use samlet_api::delegation::{ActFor, ActingFor};
use samlet_api::session::{AccountKind, DemoAccount, DemoLogin, SessionInfo, SignInMethods};
use sha2::{Digest, Sha256};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::access;
use crate::db::{Db, decode_enum, timestamp};
use crate::error::{ApiJson, AppError};
use crate::state::AppState;

pub const COOKIE: &str = "samlet_session";

pub fn routes(state: &AppState) -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(current, sign_out))
        .routes(routes!(sign_out_everywhere))
        .routes(routes!(methods))
        .routes(routes!(demo_sign_in).map(|route| crate::limits::api_per_ip(route, state)))
        .routes(routes!(act_for))
        .routes(routes!(demo_accounts))
}

/// The browser's way in and back from the OpenID Connect provider (not under `/api`:
/// these are page navigations, not API calls).
pub fn sign_in_routes(state: &AppState) -> Router<AppState> {
    crate::limits::sign_in_per_ip(
        Router::new()
            .route("/auth/login", get(oidc::login))
            .route("/auth/callback", get(oidc::callback)),
        state,
    )
}

/// Tells how one can sign in on this server, for the sign-in page.
#[utoipa::path(
    get,
    path = "/session/methods",
    operation_id = "list_sign_in_methods",
    tag = "session",
    responses((status = 200, description = "Whether MitID and the demo login are offered here", body = SignInMethods))
)]
async fn methods(State(state): State<AppState>) -> Json<SignInMethods> {
    Json(SignInMethods {
        demo: state.settings.demo,
        mitid: state.oidc.is_some(),
    })
}

/// When a session ends: after `idle` without requests, or `absolute` after sign-in.
#[derive(Debug, Clone, Copy)]
pub struct SessionPolicy {
    pub idle: Duration,
    pub absolute: Duration,
}

impl SessionPolicy {
    pub fn is_live(
        &self,
        created_at: DateTime<Utc>,
        last_seen_at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        now - last_seen_at < self.idle && now - created_at < self.absolute
    }
}

/// The signed-in account of a request; extracting it is the authentication check.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Identifies the session row (the SHA-256 of the cookie value, never the value).
    pub session_key: String,
    pub account_id: i64,
    pub kind: AccountKind,
    pub name: String,
    /// The citizen this session acts for, if not the signed-in person; checked against a
    /// live grant on every request by [`crate::access::Acting`].
    pub acting_for: Option<i64>,
    /// The signed-in person's own citizen record, if they are a citizen: read with the
    /// session, so a citizen's request needs no second query to find their own data.
    pub own_citizen_id: Option<i64>,
}

impl SignedIn {
    /// The signed-in person's own citizen record, if they are a citizen.
    pub fn own_citizen(&self) -> Option<i64> {
        if self.kind == AccountKind::Citizen {
            self.own_citizen_id
        } else {
            None
        }
    }
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar.get(COOKIE).ok_or(AppError::Unauthenticated)?;
        find(&state.db, token.value(), state.settings.sessions, Utc::now())
            .await?
            .ok_or(AppError::Unauthenticated)
    }
}

/// The SHA-256 of a secret token, in hex: what the database keeps instead of the token.
pub(crate) fn hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Creates a session for `account_id` and returns the cookie value (256 random bits).
pub async fn create(db: &Db, account_id: i64, now: DateTime<Utc>) -> Result<String, AppError> {
    let token = random_token()?;
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(hash(&token))
    .bind(account_id)
    .bind(timestamp(now))
    .execute(db)
    .await?;
    Ok(token)
}

/// 256 random bits, URL-safe: a session cookie or an API token.
pub(crate) fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Corrupt(format!("no randomness: {e}")))?;
    Ok(URL_SAFE_NO_PAD.encode(bytes))
}

#[derive(sqlx::FromRow)]
struct SessionRow {
    account_id: i64,
    #[sqlx(try_from = "crate::db::Ts")]
    created_at: DateTime<Utc>,
    #[sqlx(try_from = "crate::db::Ts")]
    last_seen_at: DateTime<Utc>,
    kind: String,
    display_name: String,
    acting_for_citizen_id: Option<i64>,
    own_citizen_id: Option<i64>,
}

/// The live session for a cookie value; an ended session is deleted and yields `None`.
pub async fn find(
    db: &Db,
    token: &str,
    policy: SessionPolicy,
    now: DateTime<Utc>,
) -> Result<Option<SignedIn>, AppError> {
    let token_hash = hash(token);
    let row: Option<SessionRow> = sqlx::query_as(
        "SELECT s.account_id, s.created_at, s.last_seen_at, a.kind, a.display_name, s.acting_for_citizen_id,
                c.id AS own_citizen_id
         FROM sessions s JOIN accounts a ON a.id = s.account_id LEFT JOIN citizens c ON c.account_id = a.id
         WHERE s.token_hash = $1",
    )
    .bind(&token_hash)
    .fetch_optional(db)
    .await?;
    let Some(row) = row else { return Ok(None) };
    if !policy.is_live(row.created_at, row.last_seen_at, now) {
        delete(db, token).await?;
        return Ok(None);
    }
    // Writing on every request would serialise all reads behind SQLite's one writer;
    // a minute's precision is plenty for a 30-minute idle timeout.
    if now - row.last_seen_at >= Duration::minutes(1) {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(timestamp(now))
            .bind(&token_hash)
            .execute(db)
            .await?;
    }
    Ok(Some(SignedIn {
        session_key: token_hash,
        account_id: row.account_id,
        kind: decode_enum(&row.kind)?,
        name: row.display_name,
        acting_for: row.acting_for_citizen_id,
        own_citizen_id: row.own_citizen_id,
    }))
}

pub async fn delete(db: &Db, token: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// A cookie the app can read, saying only that this browser has a session: without it the
/// app shows the sign-in page without asking the server first, so a signed-out visit makes
/// no request that answers 401. It carries no secret; the session cookie stays HttpOnly.
pub const SIGNED_IN_HINT: &str = "samlet_signed_in";

/// `jar` with a new session's cookie and the hint that there is one.
pub fn with_session(jar: CookieJar, state: &AppState, token: String) -> CookieJar {
    let hint = Cookie::build((SIGNED_IN_HINT, "1"))
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .path("/")
        .build();
    jar.add(session_cookie(state, token)).add(hint)
}

/// `jar` without the session's cookie and its hint.
fn without_session(jar: CookieJar, state: &AppState) -> CookieJar {
    jar.remove(session_cookie(state, String::new()))
        .remove(Cookie::build(SIGNED_IN_HINT).path("/"))
}

fn session_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build((COOKIE, value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .path("/")
        .build()
}

fn info(state: &AppState, who: SignedIn, acting_for: Option<ActingFor>) -> SessionInfo {
    SessionInfo {
        account_id: who.account_id,
        name: who.name,
        kind: who.kind,
        demo: state.settings.demo,
        acting_for,
        idle_timeout_seconds: u32::try_from(state.settings.sessions.idle.num_seconds()).unwrap_or(u32::MAX),
        citizen_service: state.settings.citizen_service.clone(),
    }
}

/// Tells who is signed in, and whom they are acting for.
///
/// A session still pointing at a grant that has ended goes back to the person themself,
/// so the app shows them their own pages and says why.
#[utoipa::path(
    get,
    path = "/session",
    operation_id = "get_session",
    tag = "session",
    responses((status = 200, description = "The signed-in account, whom the session acts for, and when it ends without requests", body = SessionInfo))
)]
async fn current(State(state): State<AppState>, who: SignedIn) -> Result<Json<SessionInfo>, AppError> {
    let acting_for = match who.acting_for {
        None => None,
        Some(citizen_id) => match access::resolve(&state.db, &who, citizen_id, Utc::now()).await? {
            Some(acting) => Some(acting.summary(&state.db).await?),
            None => {
                set_acting_for(&state.db, &who.session_key, None).await?;
                None
            }
        },
    };
    Ok(Json(info(&state, who, acting_for)))
}

/// Chooses whom the session acts for: a citizen, or oneself again.
///
/// A citizen through a grant in force, or a caseworker's own citizen as a read-only
/// preview; `citizen_id: null` is oneself.
#[utoipa::path(
    put,
    path = "/session/acting-for",
    operation_id = "set_acting_for",
    tag = "session",
    request_body(content = ActFor, example = json!({"citizen_id": 1})),
    responses((status = 200, description = "The session as it now is, acting for whom was chosen", body = SessionInfo))
)]
async fn act_for(
    State(state): State<AppState>,
    who: SignedIn,
    ApiJson(choice): ApiJson<ActFor>,
) -> Result<Json<SessionInfo>, AppError> {
    let acting_for = match choice.citizen_id {
        None => None,
        Some(citizen_id) => {
            let acting = access::start_acting(&state.db, &who, citizen_id, Utc::now()).await?;
            Some(acting.summary(&state.db).await?)
        }
    };
    set_acting_for(&state.db, &who.session_key, choice.citizen_id).await?;
    Ok(Json(info(&state, who, acting_for)))
}

pub async fn set_acting_for(db: &Db, session_key: &str, citizen_id: Option<i64>) -> Result<(), AppError> {
    sqlx::query("UPDATE sessions SET acting_for_citizen_id = $1 WHERE token_hash = $2")
        .bind(citizen_id)
        .bind(session_key)
        .execute(db)
        .await?;
    Ok(())
}

/// Signs out: ends this session and removes its cookie.
#[utoipa::path(
    delete,
    path = "/session",
    operation_id = "sign_out",
    tag = "session",
    responses((status = 204, description = "Signed out (also when there was no session)"))
)]
async fn sign_out(
    State(state): State<AppState>,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    if let Some(cookie) = jar.get(COOKIE) {
        delete(&state.db, cookie.value()).await?;
    }
    Ok((without_session(jar, &state), StatusCode::NO_CONTENT))
}

/// Signs out everywhere: ends every session of the account, on every device.
///
/// For a phone left behind or a shared computer.
#[utoipa::path(
    delete,
    path = "/session/everywhere",
    operation_id = "sign_out_everywhere",
    tag = "session",
    responses((status = 204, description = "Every session of the account has ended"))
)]
async fn sign_out_everywhere(
    State(state): State<AppState>,
    who: SignedIn,
    jar: CookieJar,
) -> Result<(CookieJar, StatusCode), AppError> {
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(who.account_id)
        .execute(&state.db)
        .await?;
    Ok((without_session(jar, &state), StatusCode::NO_CONTENT))
}

/// The demo login exists only in demo mode: anywhere else it is an unknown path.
fn require_demo(state: &AppState) -> Result<(), AppError> {
    if state.settings.demo {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    kind: String,
    display_name: String,
    demo_description: Option<String>,
}

/// Lists the demo accounts one can sign in as (demo mode only).
#[utoipa::path(
    get,
    path = "/demo/accounts",
    operation_id = "list_demo_accounts",
    tag = "session",
    responses((status = 200, description = "The demo accounts, each with who they are in the story", body = Vec<DemoAccount>))
)]
async fn demo_accounts(State(state): State<AppState>) -> Result<Json<Vec<DemoAccount>>, AppError> {
    require_demo(&state)?;
    Ok(Json(list_demo_accounts(&state.db).await?))
}

pub async fn list_demo_accounts(db: &Db) -> Result<Vec<DemoAccount>, AppError> {
    let rows: Vec<AccountRow> = sqlx::query_as(
        "SELECT id, kind, display_name, demo_description FROM accounts
         WHERE subject LIKE 'demo:%' ORDER BY id",
    )
    .fetch_all(db)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(DemoAccount {
                account_id: row.id,
                name: row.display_name,
                kind: decode_enum(&row.kind)?,
                description: row.demo_description.unwrap_or_default(),
            })
        })
        .collect()
}

/// Signs in as a demo account (demo mode only), with a new session cookie.
#[utoipa::path(
    post,
    path = "/session/demo",
    operation_id = "demo_sign_in",
    tag = "session",
    request_body(content = DemoLogin, example = json!({"account_id": 1})),
    responses((status = 200, description = "Signed in: the new session, whose cookie is set", body = SessionInfo))
)]
async fn demo_sign_in(
    State(state): State<AppState>,
    jar: CookieJar,
    ApiJson(login): ApiJson<DemoLogin>,
) -> Result<(CookieJar, Json<SessionInfo>), AppError> {
    require_demo(&state)?;
    let account: Option<AccountRow> = sqlx::query_as(
        "SELECT id, kind, display_name, demo_description FROM accounts
         WHERE id = $1 AND subject LIKE 'demo:%'",
    )
    .bind(login.account_id)
    .fetch_optional(&state.db)
    .await?;
    let account = account.ok_or_else(|| AppError::BadRequest("ukendt demokonto".into()))?;
    // A new session id at every sign-in, and the old one gone, so a planted cookie
    // cannot be carried into the signed-in session.
    if let Some(old) = jar.get(COOKIE) {
        delete(&state.db, old.value()).await?;
    }
    let token = create(&state.db, account.id, Utc::now()).await?;
    crate::operations::metrics::sign_in("demo");
    let who = SignedIn {
        session_key: hash(&token),
        account_id: account.id,
        kind: decode_enum(&account.kind)?,
        name: account.display_name,
        acting_for: None,
        // Not needed for the answer to a sign-in.
        own_citizen_id: None,
    };
    Ok((with_session(jar, &state, token), Json(info(&state, who, None))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn session_ends_when_idle_or_too_old() {
        let policy = SessionPolicy {
            idle: Duration::minutes(30),
            absolute: Duration::hours(8),
        };
        let start = Utc.with_ymd_and_hms(2026, 11, 25, 8, 0, 0).unwrap();
        assert!(policy.is_live(start, start, start + Duration::minutes(29)));
        assert!(!policy.is_live(start, start, start + Duration::minutes(30)));
        let busy = start + Duration::hours(8) - Duration::minutes(1);
        assert!(policy.is_live(start, busy, busy));
        assert!(!policy.is_live(start, busy, start + Duration::hours(8)));
    }

    #[test]
    fn only_the_hash_of_a_token_is_stored() {
        assert_eq!(
            hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
