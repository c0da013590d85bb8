//! The real sign-in: OpenID Connect's authorization code flow with PKCE, state and nonce,
//! against the broker in front of MitID. The provider's subject is looked up in `accounts`;
//! nobody is created here, because the municipality's systems register people (issue 8).
//!
//! Every refusal sends the browser to the app's sign-in page with a reason code
//! (`/login?fejl=…`), which the app says in plain words with a way to try again.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use chrono::{DateTime, Duration, Utc};
use openidconnect::core::{
    CoreAuthPrompt as CorePrompt, CoreAuthenticationFlow, CoreClient, CoreProviderMetadata,
};
use openidconnect::{
    AuthenticationContextClass, AuthorizationCode, ClaimsVerificationError, ClientId, ClientSecret,
    CsrfToken, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, Nonce, PkceCodeChallenge,
    PkceCodeVerifier, RedirectUrl, Scope, TokenResponse,
};
use serde::Deserialize;
use tokio::sync::OnceCell;

use crate::db::{Db, Key, begin_write, timestamp};
use crate::error::AppError;
use crate::state::AppState;

/// Holds the browser's half of a sign-in: the `state` it must bring back.
pub const SIGN_IN_COOKIE: &str = "samlet_sign_in";
/// How long the citizen has at the provider (MitID app approval included).
const SIGN_IN_TTL_MINUTES: i64 = 10;

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A client secret: never printed, not even by `{:?}` on the configuration.
#[derive(Clone)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[derive(Debug, Clone)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    /// `https://samlet.example.dk/auth/callback`, registered at the provider.
    pub redirect_url: String,
    /// Assurance levels accepted (`acr`); the first is asked for. Empty accepts any.
    pub acr_values: Vec<String>,
    /// The ID-token claims with the CPR number and the full name.
    pub cpr_claim: String,
    pub name_claim: String,
}

/// The configured provider; its metadata and keys are fetched on first use, so a server
/// can start while the provider is briefly away, and retried until they arrive.
pub struct Oidc {
    settings: OidcSettings,
    http: openidconnect::reqwest::Client,
    client: OnceCell<Client>,
}

/// Why a sign-in was refused: the code the app turns into words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The provider cannot be reached or is not configured.
    Unavailable,
    /// The citizen stopped at the provider.
    Cancelled,
    /// The callback's state is unknown, used, or not this browser's.
    State,
    /// The sign-in took longer than ten minutes.
    TooSlow,
    /// The provider would not exchange the code (used before, or not ours).
    Code,
    TokenExpired,
    TokenAudience,
    TokenInvalid,
    /// The sign-in's assurance level is below what is required.
    Assurance,
    /// The person is not known to Samlet.
    UnknownPerson,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Unavailable => "unavailable",
            Refusal::Cancelled => "cancelled",
            Refusal::State => "state",
            Refusal::TooSlow => "too_slow",
            Refusal::Code => "code",
            Refusal::TokenExpired => "token_expired",
            Refusal::TokenAudience => "token_audience",
            Refusal::TokenInvalid => "token_invalid",
            Refusal::Assurance => "assurance",
            Refusal::UnknownPerson => "unknown_person",
        }
    }
}

impl Oidc {
    pub fn new(settings: OidcSettings) -> Result<Self, String> {
        let http = openidconnect::reqwest::ClientBuilder::new()
            // The OpenID Connect spec forbids following redirects from these endpoints.
            .redirect(openidconnect::reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            // A new connection for every call. An authorization code can be exchanged only
            // once, so a failed exchange cannot be retried; and a kept connection the
            // provider closes while idle (Node's after 5 s) can fail the next exchange as it
            // is sent: in one e2e run, a sign-in whose exchange came six seconds after the
            // previous call to oidc-provider failed with "Request failed".
            // Sign-ins are rare enough that the extra handshake costs nothing noticeable.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| format!("OpenID Connect HTTP client: {e}"))?;
        IssuerUrl::new(settings.issuer.clone()).map_err(|e| format!("--oidc-issuer: {e}"))?;
        RedirectUrl::new(settings.redirect_url.clone()).map_err(|e| format!("redirect URL: {e}"))?;
        Ok(Self {
            settings,
            http,
            client: OnceCell::new(),
        })
    }

    async fn client(&self) -> Result<&Client, Refusal> {
        self.client
            .get_or_try_init(|| async {
                let issuer =
                    IssuerUrl::new(self.settings.issuer.clone()).map_err(|_| Refusal::Unavailable)?;
                let metadata = CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|e| {
                        tracing::warn!(error = %e, "OpenID Connect discovery failed");
                        Refusal::Unavailable
                    })?;
                let redirect =
                    RedirectUrl::new(self.settings.redirect_url.clone()).map_err(|_| Refusal::Unavailable)?;
                Ok(Client::from_provider_metadata(
                    metadata,
                    ClientId::new(self.settings.client_id.clone()),
                    Some(ClientSecret::new(self.settings.client_secret.0.clone())),
                )
                .set_redirect_uri(redirect))
            })
            .await
    }
}

/// Where a sign-in may return to: a path in this app, never another site.
pub fn safe_return_path(next: Option<&str>) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && path.len() <= 512
                && !path.chars().any(char::is_control)
                && !path.starts_with("/auth/")
                && !path.starts_with("/login") =>
        {
            path.to_owned()
        }
        _ => "/plan".to_owned(),
    }
}

fn refuse(jar: CookieJar, refusal: Refusal) -> Response {
    tracing::info!(reason = refusal.code(), "sign-in refused");
    (
        jar.remove(Cookie::build(SIGN_IN_COOKIE).path("/auth")),
        Redirect::to(&format!("/login?fejl={}", refusal.code())),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// `GET /auth/login?next=/plan`: off to the provider.
pub async fn login(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<LoginQuery>,
) -> Response {
    let Some(oidc) = state.oidc.as_deref() else {
        return refuse(jar, Refusal::Unavailable);
    };
    let client = match oidc.client().await {
        Ok(client) => client,
        Err(refusal) => return refuse(jar, refusal),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        // Always a fresh MitID sign-in: after "Log ud" on a shared computer, the broker's
        // own session must not sign the next person straight back in.
        .add_prompt(CorePrompt::Login)
        .set_pkce_challenge(challenge);
    if let Some(acr) = oidc.settings.acr_values.first() {
        request = request.add_auth_context_value(AuthenticationContextClass::new(acr.clone()));
    }
    let (url, csrf, nonce) = request.url();
    let pending = Pending {
        pkce_verifier: verifier.secret().clone(),
        nonce: nonce.secret().clone(),
        return_to: safe_return_path(query.next.as_deref()),
    };
    if let Err(e) = remember(&state.db, csrf.secret(), &pending, Utc::now()).await {
        return e.into_response();
    }
    let cookie = Cookie::build((SIGN_IN_COOKIE, csrf.secret().clone()))
        .http_only(true)
        // The provider sends the browser back with a cross-site navigation, which a
        // Strict cookie would not survive; Lax does, for top-level GETs only.
        .same_site(SameSite::Lax)
        .secure(state.settings.secure_cookies)
        .path("/auth")
        .build();
    (jar.add(cookie), Redirect::to(url.as_str())).into_response()
}

#[derive(Debug, sqlx::FromRow)]
struct Pending {
    pkce_verifier: String,
    nonce: String,
    return_to: String,
}

async fn remember(db: &Db, state: &str, pending: &Pending, now: DateTime<Utc>) -> Result<(), AppError> {
    // Nothing here is read before it is written: no key.
    let mut tx = begin_write(db, &[]).await?;
    // Abandoned sign-ins go away with the next one.
    sqlx::query("DELETE FROM sign_ins WHERE created_at < $1")
        .bind(timestamp(now - Duration::minutes(SIGN_IN_TTL_MINUTES)))
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sign_ins (state_hash, pkce_verifier, nonce, return_to, created_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(super::hash(state))
    .bind(&pending.pkce_verifier)
    .bind(&pending.nonce)
    .bind(&pending.return_to)
    .bind(timestamp(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Takes a sign-in out of the table: a state works once, and only within ten minutes.
async fn take(db: &Db, state: &str, now: DateTime<Utc>) -> Result<Result<Pending, Refusal>, AppError> {
    let row: Option<(String, String, String, crate::db::Ts)> = sqlx::query_as(
        "DELETE FROM sign_ins WHERE state_hash = $1 RETURNING pkce_verifier, nonce, return_to, created_at",
    )
    .bind(super::hash(state))
    .fetch_optional(db)
    .await?;
    Ok(match row {
        None => Err(Refusal::State),
        Some((_, _, _, crate::db::Ts(created_at)))
            if now - created_at > Duration::minutes(SIGN_IN_TTL_MINUTES) =>
        {
            Err(Refusal::TooSlow)
        }
        Some((pkce_verifier, nonce, return_to, _)) => Ok(Pending {
            pkce_verifier,
            nonce,
            return_to,
        }),
    })
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// `GET /auth/callback?code=…&state=…`: the provider sends the browser back here.
pub async fn callback(
    State(state): State<AppState>,
    jar: CookieJar,
    Query(query): Query<CallbackQuery>,
) -> Response {
    match finish(&state, &jar, query).await {
        Ok(Ok((account_id, return_to))) => {
            // A fresh session id at sign-in; a session planted before it is ended.
            if let Some(old) = jar.get(super::COOKIE)
                && let Err(e) = super::delete(&state.db, old.value()).await
            {
                return e.into_response();
            }
            match super::create(&state.db, account_id, Utc::now()).await {
                Ok(token) => {
                    tracing::info!(account_id, "signed in with OpenID Connect");
                    crate::operations::metrics::sign_in("oidc");
                    let jar = super::with_session(
                        jar.remove(Cookie::build(SIGN_IN_COOKIE).path("/auth")),
                        &state,
                        token,
                    );
                    (jar, Redirect::to(&return_to)).into_response()
                }
                Err(e) => e.into_response(),
            }
        }
        Ok(Err(refusal)) => refuse(jar, refusal),
        Err(e) => e.into_response(),
    }
}

async fn finish(
    state: &AppState,
    jar: &CookieJar,
    query: CallbackQuery,
) -> Result<Result<(i64, String), Refusal>, AppError> {
    let Some(oidc) = state.oidc.as_deref() else {
        return Ok(Err(Refusal::Unavailable));
    };
    if query.error.is_some() {
        return Ok(Err(Refusal::Cancelled));
    }
    let (Some(code), Some(returned_state)) = (query.code, query.state) else {
        return Ok(Err(Refusal::State));
    };
    // The state must be the one this browser was given, not one lifted from another.
    if jar.get(SIGN_IN_COOKIE).map(|c| c.value()) != Some(returned_state.as_str()) {
        return Ok(Err(Refusal::State));
    }
    let pending = match take(&state.db, &returned_state, Utc::now()).await? {
        Ok(pending) => pending,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let client = match oidc.client().await {
        Ok(client) => client,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let Ok(request) = client.exchange_code(AuthorizationCode::new(code)) else {
        return Ok(Err(Refusal::Unavailable));
    };
    let tokens = match request
        .set_pkce_verifier(PkceCodeVerifier::new(pending.pkce_verifier))
        .request_async(&oidc.http)
        .await
    {
        Ok(tokens) => tokens,
        Err(e) => {
            tracing::info!(error = %e, "the provider refused the authorization code");
            return Ok(Err(Refusal::Code));
        }
    };
    let Some(id_token) = tokens.id_token() else {
        return Ok(Err(Refusal::TokenInvalid));
    };
    let verifier = client.id_token_verifier();
    let claims = match id_token.claims(&verifier, &Nonce::new(pending.nonce)) {
        Ok(claims) => claims,
        Err(e) => return Ok(Err(token_refusal(&e))),
    };
    let acr = claims.auth_context_ref().map(|acr| acr.as_str());
    if !assurance_accepted(&oidc.settings.acr_values, acr) {
        return Ok(Err(Refusal::Assurance));
    }
    let subject = claims.subject().as_str();
    // The token's signature, issuer, audience, expiry and nonce were checked just above; the
    // CPR number and name are read from its payload, which `openidconnect`'s core types do
    // not carry.
    let identity = Identity::from_token(&id_token.to_string(), &oidc.settings);
    let cpr_hash = identity
        .cpr
        .as_deref()
        .map(|cpr| state.settings.cpr_key.hash(cpr));
    let account: Option<i64> = sqlx::query_scalar("SELECT id FROM accounts WHERE subject = $1")
        .bind(subject)
        .fetch_optional(&state.db)
        .await?;
    let account = match (account, &cpr_hash) {
        (Some(account_id), _) => Some(account_id),
        // Someone Samlet does not know may come in only to accept a power of attorney that
        // waits for their CPR number; they come in as a relative.
        (None, Some(hash)) => {
            let today = crate::contact::danish_date(Utc::now())
                .format("%Y-%m-%d")
                .to_string();
            match crate::delegation::identity::someone_waits_for(&state.db, hash, &today).await? {
                Some(typed_name) => {
                    let name = identity.name.unwrap_or(typed_name);
                    Some(create_relative(&state.db, subject, &name).await?)
                }
                None => None,
            }
        }
        (None, None) => None,
    };
    let Some(account_id) = account else {
        return Ok(Err(Refusal::UnknownPerson));
    };
    if let Some(hash) = cpr_hash {
        crate::delegation::identity::claim_waiting_grants(&state.db, account_id, &hash).await?;
    }
    Ok(Ok((account_id, pending.return_to)))
}

/// What the ID token says about the person beyond the subject: their CPR number (valid
/// digits only) and full name, when the provider sends them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Identity {
    pub cpr: Option<String>,
    pub name: Option<String>,
}

impl Identity {
    /// Read from a verified ID token in compact form.
    pub fn from_token(token: &str, settings: &OidcSettings) -> Self {
        use base64::Engine;
        let payload = token
            .split('.')
            .nth(1)
            .and_then(|part| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part).ok())
            .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
            .unwrap_or_default();
        let text = |claim: &str| payload.get(claim).and_then(|v| v.as_str()).map(str::trim);
        Self {
            cpr: text(&settings.cpr_claim).and_then(samlet_api::delegation::cpr_digits),
            name: text(&settings.name_claim)
                .or_else(|| text("name"))
                .filter(|name| !name.is_empty() && !name.chars().any(char::is_control))
                .map(|name| name.chars().take(120).collect()),
        }
    }
}

/// A relative's account, made at their first MitID sign-in to accept a power of attorney.
/// Two sign-ins racing for the same subject both end with the one account.
async fn create_relative(db: &Db, subject: &str, name: &str) -> Result<i64, AppError> {
    let mut tx = begin_write(db, &[Key::identity(subject)]).await?;
    sqlx::query(
        "INSERT INTO accounts (subject, kind, display_name, created_at) VALUES ($1, 'relative', $2, $3)
         ON CONFLICT (subject) DO NOTHING",
    )
    .bind(subject)
    .bind(name)
    .bind(timestamp(Utc::now()))
    .execute(&mut *tx)
    .await?;
    let id = sqlx::query_scalar("SELECT id FROM accounts WHERE subject = $1")
        .bind(subject)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(
        account_id = id,
        "a relative signed in for the first time to accept a power of attorney"
    );
    Ok(id)
}

fn token_refusal(error: &ClaimsVerificationError) -> Refusal {
    tracing::info!(error = %error, "ID token refused");
    match error {
        ClaimsVerificationError::Expired(_) => Refusal::TokenExpired,
        ClaimsVerificationError::InvalidAudience(_) => Refusal::TokenAudience,
        _ => Refusal::TokenInvalid,
    }
}

/// Whether the sign-in's assurance level is one of those accepted (any, if none are set).
pub fn assurance_accepted(accepted: &[String], acr: Option<&str>) -> bool {
    accepted.is_empty() || acr.is_some_and(|acr| accepted.iter().any(|a| a == acr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn returns_only_to_paths_in_the_app() {
        assert_eq!(
            safe_return_path(Some("/afgoerelser/3/klage")),
            "/afgoerelser/3/klage"
        );
        assert_eq!(
            safe_return_path(Some("/dokumenter?klage=2")),
            "/dokumenter?klage=2"
        );
        for hostile in [
            "https://evil.example",
            "//evil.example/plan",
            "/\\evil.example",
            "plan",
            "/login",
            "/auth/login",
            "/plan\r\nSet-Cookie: x=y",
        ] {
            assert_eq!(safe_return_path(Some(hostile)), "/plan", "{hostile}");
        }
        assert_eq!(safe_return_path(None), "/plan");
    }

    #[test]
    fn assurance_level_must_be_one_of_those_accepted() {
        let substantial = "https://data.gov.dk/concept/core/nsis/substantial".to_owned();
        let high = "https://data.gov.dk/concept/core/nsis/high".to_owned();
        let accepted = [substantial.clone(), high.clone()];
        assert!(assurance_accepted(&accepted, Some(&substantial)));
        assert!(assurance_accepted(&accepted, Some(&high)));
        assert!(!assurance_accepted(
            &accepted,
            Some("https://data.gov.dk/concept/core/nsis/low")
        ));
        assert!(!assurance_accepted(&accepted, None));
        assert!(assurance_accepted(&[], None));
    }

    /// Settings for a broker that is never called, with these claim names.
    fn settings(secret: &str, cpr_claim: &str, name_claim: &str) -> OidcSettings {
        OidcSettings {
            issuer: "https://broker.example".into(),
            client_id: "samlet".into(),
            client_secret: Secret(secret.into()),
            redirect_url: "https://samlet.example/auth/callback".into(),
            acr_values: vec![],
            cpr_claim: cpr_claim.into(),
            name_claim: name_claim.into(),
        }
    }

    #[test]
    fn a_secret_is_never_printed() {
        let settings = settings("hemmelig-nøgle", "cpr", "name");
        assert!(!format!("{settings:?}").contains("hemmelig"));
    }

    #[test]
    fn the_cpr_number_and_name_are_read_from_the_token_only_when_they_are_valid() {
        use base64::Engine;
        let settings = settings("x", "cpr", "full");
        let token = |claims: serde_json::Value| {
            let part = |v: &serde_json::Value| {
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
            };
            format!(
                "{}.{}.signature",
                part(&serde_json::json!({"alg": "RS256"})),
                part(&claims)
            )
        };
        assert_eq!(
            Identity::from_token(
                &token(serde_json::json!({"cpr": "1203651234", "full": " Birgit Holm "})),
                &settings
            ),
            Identity {
                cpr: Some("1203651234".into()),
                name: Some("Birgit Holm".into())
            }
        );
        // The standard `name` when the configured claim is absent; no CPR that is not a date.
        assert_eq!(
            Identity::from_token(
                &token(serde_json::json!({"cpr": "3102901234", "name": "Birgit"})),
                &settings
            ),
            Identity {
                cpr: None,
                name: Some("Birgit".into())
            }
        );
        assert_eq!(
            Identity::from_token("not a token", &settings),
            Identity::default()
        );
    }
}
