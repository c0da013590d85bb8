use std::path::PathBuf;
use std::sync::Arc;

use chrono::Duration;

use crate::appeal::deadline::DeliveryRules;
use crate::config::Config;
use crate::db::Db;
use crate::documents::scan::Scanner;
use crate::documents::store::DocumentStore;
use crate::limits::RateLimit;
use crate::session::SessionPolicy;
use crate::session::oidc::Oidc;

/// What every handler can reach: the database and the settings fixed at start-up.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub documents: Arc<DocumentStore>,
    /// The real sign-in, when a provider is configured.
    pub oidc: Option<Arc<Oidc>>,
    /// Uploads per account and per IP address.
    pub upload_limit: RateLimit,
    /// Messages sent per account.
    pub message_limit: RateLimit,
    /// Codes sent per day, per account and per address: each costs an e-mail or a paid SMS
    /// to an address someone typed, so nobody can flood a stranger's phone.
    pub code_limit: RateLimit,
    /// Downloads of all one's data, per citizen and day.
    pub export_limit: RateLimit,
    /// Open message streams, told when a citizen's messages change.
    pub live: crate::messages::live::Live,
    /// Sign-in attempts (demo login and OpenID Connect) per IP address.
    pub sign_in_limit: RateLimit,
    /// How notices and codes travel: e-mail, SMS and Digital Post, each when configured
    /// (or, in demo mode, a folder).
    pub channels: crate::notifications::channels::Channels,
}

pub struct Settings {
    pub demo: bool,
    /// Browsers refuse `Secure` cookies over plain HTTP except on loopback, where only
    /// demo mode runs; everywhere else the cookie is `Secure`.
    pub secure_cookies: bool,
    pub sessions: SessionPolicy,
    pub dist_dir: PathBuf,
    /// Load balancers whose `X-Forwarded-For` names the client (see `proxies`).
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The token that opens `/metrics` on the public side (see `operations::metrics`).
    pub metrics_token: Option<String>,
    /// The public URL's scheme, host and port: requests from its pages may change state
    /// (see `csrf`).
    pub public_origin: Option<crate::csrf::Origin>,
    pub limits: DocumentLimits,
    /// clamd, when configured: documents are scanned before they are stored.
    pub scanner: Option<Scanner>,
    /// When a decision counts as received, per delivery channel.
    pub delivery: DeliveryRules,
    /// The longest a citizen may give a power of attorney for, in days.
    pub max_grant_days: u32,
    /// The quiet hours a person starts with (`--quiet-hours`).
    pub quiet_hours: (u8, u8),
    /// Whom a citizen without a contact person calls.
    pub citizen_service: Option<samlet_api::session::CitizenService>,
    /// Hashes CPR numbers, so grants by identity find their holder.
    pub cpr_key: crate::delegation::identity::CprKey,
    /// Sent on every response; the CSP carries the hash of Trunk's inline loader.
    pub headers: crate::headers::SecurityHeaders,
    /// Where the portal is reached, for the links in e-mails.
    pub public_url: String,
}

#[derive(Debug, Clone, Copy)]
pub struct DocumentLimits {
    pub max_file_bytes: u64,
    pub max_files: usize,
    pub quota_bytes: u64,
}

impl DocumentLimits {
    /// The most one upload request can carry, multipart framing included.
    pub fn max_request_bytes(&self) -> u64 {
        self.max_file_bytes * self.max_files as u64 + 1024 * 1024
    }
}

impl AppState {
    pub fn new(
        db: Db,
        documents: DocumentStore,
        config: &Config,
        oidc: Option<Oidc>,
        cpr_key: crate::delegation::identity::CprKey,
    ) -> Self {
        const MB: u64 = 1024 * 1024;
        Self {
            upload_limit: RateLimit::per_minute(db.clone(), config.uploads_per_minute),
            sign_in_limit: RateLimit::per_minute(db.clone(), config.sign_in_per_minute),
            message_limit: RateLimit::per_minute(db.clone(), config.messages_per_minute),
            code_limit: RateLimit::per_day(db.clone(), crate::notifications::addresses::CODES_PER_DAY),
            export_limit: RateLimit::per_day(db.clone(), crate::export::DOWNLOADS_PER_DAY),
            live: crate::messages::live::Live::default(),
            channels: Default::default(),
            db,
            documents: Arc::new(documents),
            oidc: oidc.map(Arc::new),
            settings: Arc::new(Settings {
                demo: config.demo,
                secure_cookies: !(config.demo && config.bind.is_loopback()),
                sessions: SessionPolicy {
                    idle: Duration::minutes(config.session_idle_minutes.into()),
                    absolute: Duration::minutes(config.session_absolute_minutes.into()),
                },
                dist_dir: config.dist_dir.clone(),
                trusted_proxies: config.trusted_proxies.clone(),
                metrics_token: config.metrics_token.as_ref().map(|t| t.0.clone()),
                public_origin: crate::csrf::Origin::parse(&config.public_url()),
                public_url: config.public_url(),
                scanner: config.clamd.clone().map(Scanner::new),
                max_grant_days: config.max_grant_days,
                quiet_hours: config.quiet_hours,
                cpr_key,
                citizen_service: config.citizen_service(),
                headers: crate::headers::SecurityHeaders::new(&config.dist_dir, &config.public_url()),
                delivery: DeliveryRules {
                    digital_post_days: config.digital_post_received_after_days,
                    letter_days: config.letter_received_after_days,
                },
                limits: DocumentLimits {
                    max_file_bytes: config.max_file_mb * MB,
                    max_files: config.max_files_per_request,
                    quota_bytes: config.quota_mb * MB,
                },
            }),
        }
    }
}
