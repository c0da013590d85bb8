use serde::{Deserialize, Serialize};

/// The kinds of people who sign in to Samlet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Citizen,
    Relative,
    Caseworker,
}

/// `GET /api/session`: who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub account_id: i64,
    pub name: String,
    pub kind: AccountKind,
    /// True when the server runs in demo mode, so the app can say so on every page.
    pub demo: bool,
    /// Whom this session acts for, when not for the signed-in person themself.
    #[serde(default)]
    pub acting_for: Option<crate::delegation::ActingFor>,
    /// The session ends after this long without a request; the app warns five minutes before.
    #[serde(default)]
    pub idle_timeout_seconds: u32,
    /// Whom to call when there is no contact person (yet): the municipality's Borgerservice.
    #[serde(default)]
    pub citizen_service: Option<CitizenService>,
}

/// The municipality's Borgerservice, which helps a citizen who has no contact person yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitizenService {
    pub name: String,
    pub phone: String,
    /// When the phone is answered, in the municipality's words.
    pub hours: String,
}

/// `GET /api/session/methods`: the ways to sign in on this server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignInMethods {
    /// The demo login (demo mode only).
    pub demo: bool,
    /// The real sign-in through the MitID broker (OpenID Connect).
    pub mitid: bool,
}

/// One entry of `GET /api/demo/accounts` (demo mode only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoAccount {
    pub account_id: i64,
    pub name: String,
    pub kind: AccountKind,
    pub description: String,
}

/// `POST /api/session/demo` (demo mode only): sign in as a demo account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DemoLogin {
    pub account_id: i64,
}
