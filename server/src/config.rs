use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use crate::session::oidc::{OidcSettings, Secret};

/// Start-up settings: each a command-line flag with an environment-variable fallback.
#[derive(Debug, Clone, clap::Parser)]
#[command(
    name = "samlet-server",
    version,
    about = "Samlet: the citizen portal's API and app"
)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "SAMLET_BIND", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SAMLET_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Folder for the SQLite database (created if missing) and, without an object store,
    /// the documents.
    #[arg(long, env = "SAMLET_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,
    /// The database: `postgres://user@host/samlet` for a real deployment (the database is
    /// created if missing), or `sqlite://path`. Without it, `samlet.sqlite3` in the data
    /// folder.
    #[arg(long, env = "SAMLET_DATABASE_URL")]
    pub database_url: Option<String>,
    /// The most connections this server opens to the database. Several servers on one
    /// PostgreSQL share its `max_connections` (100 by default), so each must keep to a share.
    #[arg(long, env = "SAMLET_DATABASE_CONNECTIONS", default_value_t = crate::db::DEFAULT_CONNECTIONS,
          value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub database_connections: u32,
    /// Folder with the built app (`trunk build --release`).
    #[arg(long, env = "SAMLET_DIST_DIR", default_value = "dist")]
    pub dist_dir: PathBuf,
    /// Demo mode: loads demo data into an empty database and enables the demo login.
    /// Never enable it for real citizens.
    #[arg(long, env = "SAMLET_DEMO")]
    pub demo: bool,
    /// Minutes without a request after which a session ends.
    #[arg(long, env = "SAMLET_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: u32,
    /// Minutes after sign-in after which a session ends, however active.
    #[arg(long, env = "SAMLET_SESSION_ABSOLUTE_MINUTES", default_value_t = 480)]
    pub session_absolute_minutes: u32,
    /// Largest document accepted, in megabytes.
    #[arg(long, env = "SAMLET_MAX_FILE_MB", default_value_t = 25)]
    pub max_file_mb: u64,
    /// Most files accepted in one upload request.
    #[arg(long, env = "SAMLET_MAX_FILES_PER_REQUEST", default_value_t = 20)]
    pub max_files_per_request: usize,
    /// Total size of one citizen's documents, in megabytes.
    #[arg(long, env = "SAMLET_QUOTA_MB", default_value_t = 500)]
    pub quota_mb: u64,
    /// Where document bytes are kept when several servers share them: an object-store URL
    /// such as `s3://bucket/prefix` (credentials and region from `AWS_*` variables). Without
    /// it, the data folder's `documents/blobs` on local disk.
    #[arg(long, env = "SAMLET_BLOB_STORE_URL")]
    pub blob_store_url: Option<String>,
    /// ClamAV's daemon, as a Unix socket path (`/run/clamav/clamd.ctl`) or `host:3310`.
    /// With it, every upload is scanned before it is stored; without it, documents are
    /// marked unscanned and the citizen is told so.
    #[arg(long, env = "SAMLET_CLAMD")]
    pub clamd: Option<String>,
    /// Days after a decision is made available in Digital Post that it counts as received
    /// (the appeal deadline runs from then).
    #[arg(long, env = "SAMLET_DIGITAL_POST_RECEIVED_AFTER_DAYS", default_value_t = 0)]
    pub digital_post_received_after_days: u32,
    /// Days after a paper letter is sent that it counts as received.
    #[arg(long, env = "SAMLET_LETTER_RECEIVED_AFTER_DAYS", default_value_t = 5)]
    pub letter_received_after_days: u32,
    /// The longest a citizen may give a relative a power of attorney for, in days.
    #[arg(long, env = "SAMLET_MAX_GRANT_DAYS", default_value_t = 365)]
    pub max_grant_days: u32,
    /// The address citizens use, e.g. `https://samlet.aarhus.dk`: the sign-in callback is
    /// built from it, and HSTS is sent when it is `https`. Defaults to the bound address.
    #[arg(long, env = "SAMLET_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// The OpenID Connect provider (the MitID broker), e.g. `https://broker.example/op`.
    /// Without it there is no real sign-in (only the demo login, in demo mode).
    /// The client secret is read from `SAMLET_OIDC_CLIENT_SECRET` or the file named by
    /// `SAMLET_OIDC_CLIENT_SECRET_FILE`, never from the command line.
    #[arg(long, env = "SAMLET_OIDC_ISSUER")]
    pub oidc_issuer: Option<String>,
    /// The client id Samlet is registered with at the provider.
    #[arg(long, env = "SAMLET_OIDC_CLIENT_ID", default_value = "samlet")]
    pub oidc_client_id: String,
    /// Filled by [`Config::read_secrets`], never from the command line.
    #[arg(skip)]
    pub oidc_client_secret: Option<Secret>,
    /// Assurance levels (`acr`) accepted, comma-separated; the first is asked for.
    #[arg(
        long,
        env = "SAMLET_OIDC_ACR_VALUES",
        value_delimiter = ',',
        default_value = "https://data.gov.dk/concept/core/nsis/substantial,https://data.gov.dk/concept/core/nsis/high"
    )]
    pub oidc_acr_values: Vec<String>,
    /// The ID-token claim with the person's CPR number (NemLog-in's OIDC profile name by
    /// default). A power of attorney given by CPR number finds its holder by it.
    #[arg(
        long,
        env = "SAMLET_OIDC_CPR_CLAIM",
        default_value = "https://data.gov.dk/model/core/eid/cprNumber"
    )]
    pub oidc_cpr_claim: String,
    /// The ID-token claim with the person's full name, for a relative signing in for the
    /// first time (`name` is tried after it).
    #[arg(
        long,
        env = "SAMLET_OIDC_NAME_CLAIM",
        default_value = "https://data.gov.dk/model/core/eid/fullName"
    )]
    pub oidc_name_claim: String,
    /// Filled by [`Config::read_secrets`] from `SAMLET_CPR_KEY` or `SAMLET_CPR_KEY_FILE`.
    #[arg(skip)]
    pub cpr_key: Option<Secret>,
    /// The phone number of the municipality's Borgerservice, which a citizen without a
    /// contact person is told to call (with its name and opening hours below).
    #[arg(long, env = "SAMLET_CITIZEN_SERVICE_PHONE")]
    pub citizen_service_phone: Option<String>,
    #[arg(long, env = "SAMLET_CITIZEN_SERVICE_NAME", default_value = "Borgerservice")]
    pub citizen_service_name: String,
    /// When Borgerservice answers the phone, e.g. `Mandag til fredag kl. 10-15`.
    #[arg(long, env = "SAMLET_CITIZEN_SERVICE_HOURS", default_value = "")]
    pub citizen_service_hours: String,
    /// Sign-in attempts allowed per IP address per minute (demo login and OpenID Connect).
    #[arg(long, env = "SAMLET_SIGN_IN_PER_MINUTE", default_value_t = 20)]
    pub sign_in_per_minute: u32,
    /// Proxies (load balancers) whose `X-Forwarded-For` is believed, as addresses or CIDR
    /// ranges, comma-separated in the environment. Per-address limits then count the
    /// client's address, not the balancer's. Without it the header is ignored.
    #[arg(long = "trusted-proxy", env = "SAMLET_TRUSTED_PROXIES", value_delimiter = ',', value_parser = parse_net)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Upload requests allowed per minute, per account and per IP address.
    #[arg(long, env = "SAMLET_UPLOADS_PER_MINUTE", default_value_t = 30)]
    pub uploads_per_minute: u32,
    /// Messages (new threads and replies) allowed per minute, per account.
    #[arg(long, env = "SAMLET_MESSAGES_PER_MINUTE", default_value_t = 10)]
    pub messages_per_minute: u32,
    /// The mail server notices and codes are sent through: `smtp://host:port` (STARTTLS
    /// when offered), `smtp://host:587?tls=required`, or `smtps://user:password@host`
    /// (credentials belong in the environment, not on the command line). Without it, demo
    /// mode writes the e-mails as `.eml` files to `DATA_DIR/mail`, and otherwise no e-mail
    /// is offered.
    #[arg(long, env = "SAMLET_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of notices and codes.
    #[arg(
        long,
        env = "SAMLET_MAIL_FROM",
        default_value = "Samlet <ikke-svar@samlet.localhost>"
    )]
    pub mail_from: String,
    /// The SMS provider's endpoint (the API shape is in `notifications/channels.rs` and the
    /// README). Its token is read from `SAMLET_SMS_TOKEN` or the file named by
    /// `SAMLET_SMS_TOKEN_FILE`. Without it, demo mode writes SMS as JSON files to
    /// `DATA_DIR/sms`, and otherwise SMS is not offered.
    #[arg(long, env = "SAMLET_SMS_URL")]
    pub sms_url: Option<String>,
    /// Filled by [`Config::read_secrets`], never from the command line.
    #[arg(skip)]
    pub sms_token: Option<Secret>,
    /// The Digital Post provider's endpoint: when set, every new decision is also announced
    /// to the citizen's Digital Post (by CPR number). Its token is read from
    /// `SAMLET_DIGITAL_POST_TOKEN` or the file named by `SAMLET_DIGITAL_POST_TOKEN_FILE`.
    #[arg(long, env = "SAMLET_DIGITAL_POST_URL")]
    pub digital_post_url: Option<String>,
    /// Filled by [`Config::read_secrets`], never from the command line.
    #[arg(skip)]
    pub digital_post_token: Option<Secret>,
    /// Where operators read `/metrics` (Prometheus' text format): a separate address, such
    /// as `127.0.0.1:9100` or one on the internal network, never the public side. On the
    /// public side `/metrics` answers only with the token from `SAMLET_METRICS_TOKEN` or the
    /// file named by `SAMLET_METRICS_TOKEN_FILE` (`Authorization: Bearer …`); with neither it
    /// does not exist.
    #[arg(long, env = "SAMLET_METRICS_ADDRESS")]
    pub metrics_address: Option<SocketAddr>,
    /// Filled by [`Config::read_secrets`], never from the command line.
    #[arg(skip)]
    pub metrics_token: Option<Secret>,
    /// How often, in milliseconds, each server looks for notices to send.
    #[arg(long, env = "SAMLET_NOTIFY_EVERY_MS", default_value_t = 5000)]
    pub notify_every_ms: u64,
    /// At most one notice per person and channel in this many minutes; what happens
    /// meanwhile is bundled into the next ("3 nye ting i Samlet").
    #[arg(long, env = "SAMLET_NOTICE_BUNDLE_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub notice_bundle_minutes: u32,
    /// How often, in minutes, each server deletes what has outlived its retention rule.
    #[arg(long, env = "SAMLET_RETENTION_EVERY_MINUTES", default_value_t = 60,
          value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub retention_every_minutes: u32,
    /// Days an ended session is kept (for support to see a sign-in that just ended).
    #[arg(long, env = "SAMLET_KEEP_ENDED_SESSIONS_DAYS", default_value_t = 1)]
    pub keep_ended_sessions_days: u32,
    /// Days a message or appeal draft nobody touched is kept.
    #[arg(long, env = "SAMLET_KEEP_DRAFTS_DAYS", default_value_t = 90)]
    pub keep_drafts_days: u32,
    /// Days a notice sent or given up is kept, with what it announced.
    #[arg(long, env = "SAMLET_KEEP_NOTICES_DAYS", default_value_t = 90)]
    pub keep_notices_days: u32,
    /// Years a citizen's course is kept after the case system said it ended
    /// (`course_ended_on`): then its plan, messages, documents, decisions and appeals are
    /// deleted.
    #[arg(long, env = "SAMLET_KEEP_COURSES_YEARS", default_value_t = 5,
          value_parser = clap::value_parser!(u32).range(1..=100))]
    pub keep_courses_years: u32,
    /// Days the access log of a deleted course is kept after it, with the deletion the
    /// case systems read.
    #[arg(long, env = "SAMLET_KEEP_ACCESS_LOG_DAYS", default_value_t = 183)]
    pub keep_access_log_days: u32,
    /// The quiet hours a person starts with, Danish time, as `FROM-UNTIL` in whole hours
    /// (0–23): nothing is sent from FROM until UNTIL. Each person can change theirs.
    #[arg(long, env = "SAMLET_QUIET_HOURS", default_value = "21-8", value_parser = parse_quiet_hours)]
    pub quiet_hours: (u8, u8),
    /// Log lines as JSON (for a log collector) instead of text. On by default outside demo mode.
    #[arg(long, env = "SAMLET_LOG_JSON")]
    pub log_json: Option<bool>,
    /// Without a command, the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Administration done from the command line against the same database, while the server
/// runs or not.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum Command {
    /// Registers a case system (or gives it a new token) and prints its API token once.
    CreateIntegrationToken {
        /// The system's name, e.g. `sensum-jobcenter`.
        #[arg(long)]
        system: String,
        /// What it may do; repeat for several.
        #[arg(long = "scope", required = true)]
        scopes: Vec<crate::integration::systems::Scope>,
        /// The municipality whose citizens it serves, by three-digit code (751 is Aarhus);
        /// repeat for several.
        #[arg(long = "municipality", required = true)]
        municipalities: Vec<String>,
        /// A life area whose goals it may write (job_education, health, social, housing,
        /// economy, family); repeat for several. Without any, it writes no goals.
        #[arg(long = "life-area", value_parser = parse_life_area)]
        life_areas: Vec<samlet_api::plan::LifeArea>,
    },
    /// Loads plans from a file of JSON lines (one integration-API write per line, with its
    /// `kind` and `external_id`), as a registered case system.
    Import {
        /// The file; `-` reads standard input.
        #[arg(long)]
        file: PathBuf,
        /// The case system the items belong to (registered with create-integration-token).
        #[arg(long)]
        system: String,
        /// What a malformed or refused line does: skip it, or abort the import with nothing
        /// changed.
        #[arg(long, value_enum, default_value = "abort")]
        on_error: crate::integration::import::OnError,
    },
    /// Stops a case system's token from working.
    RevokeIntegrationToken {
        #[arg(long)]
        system: String,
    },
}

fn parse_life_area(value: &str) -> Result<samlet_api::plan::LifeArea, String> {
    crate::db::decode_enum(value).map_err(|_| {
        format!("{value}: not a life area (job_education, health, social, housing, economy, family)")
    })
}

/// Why the configuration cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

impl Config {
    /// How long each kind of record is kept (`--keep-…`).
    pub fn retention(&self) -> crate::retention::Rules {
        let days = |n: u32| chrono::Duration::days(i64::from(n));
        crate::retention::Rules {
            ended_sessions: days(self.keep_ended_sessions_days),
            drafts: days(self.keep_drafts_days),
            notices: days(self.keep_notices_days),
            courses_years: self.keep_courses_years,
            access_log: days(self.keep_access_log_days),
        }
    }

    /// The database to open: the configured URL, or the SQLite file in the data folder.
    pub fn database(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| crate::db::sqlite_url(&self.data_dir))
    }

    /// The address citizens use; the bound address when none is configured.
    /// Where e-mail goes: the configured SMTP server, or in demo mode `.eml` files in the data
    /// folder; `None` outside demo mode without a server.
    pub fn mail(&self) -> Result<Option<crate::notifications::mail::Mail>, ConfigError> {
        match (&self.smtp_url, self.demo) {
            (Some(url), _) => crate::notifications::mail::Mail::smtp(url, &self.mail_from)
                .map(Some)
                .map_err(ConfigError),
            (None, true) => {
                crate::notifications::mail::Mail::folder(self.data_dir.join("mail"), &self.mail_from)
                    .map(Some)
                    .map_err(ConfigError)
            }
            (None, false) => Ok(None),
        }
    }

    /// Every channel notices can travel by: e-mail as [`Config::mail`] says; SMS through the
    /// configured provider or, in demo mode, a folder; Digital Post only through a
    /// configured provider (demo mode has no letterbox to pretend to).
    pub fn channels(&self) -> Result<crate::notifications::channels::Channels, ConfigError> {
        use crate::notifications::channels::{Channels, Provider, Service};
        let token = |secret: &Option<Secret>| secret.as_ref().map(|s| s.0.clone());
        let sms = match (&self.sms_url, self.demo) {
            (Some(url), _) => Some(Provider::http(Service::Sms, url, token(&self.sms_token))),
            (None, true) => Some(Provider::folder(Service::Sms, self.data_dir.join("sms"))),
            (None, false) => None,
        };
        let digital_post = self
            .digital_post_url
            .as_ref()
            .map(|url| Provider::http(Service::DigitalPost, url, token(&self.digital_post_token)));
        Ok(Channels {
            email: self.mail()?.map(std::sync::Arc::new),
            sms: sms
                .transpose()
                .map_err(|e| ConfigError(format!("--sms-url: {e}")))?
                .map(std::sync::Arc::new),
            digital_post: digital_post
                .transpose()
                .map_err(|e| ConfigError(format!("--digital-post-url: {e}")))?
                .map(std::sync::Arc::new),
        })
    }

    pub fn public_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{}", std::net::SocketAddr::new(self.bind, self.port)),
        }
    }

    /// Reads secrets from the environment or files, so they are in no process listing or
    /// shell history: the OpenID Connect client secret from `SAMLET_OIDC_CLIENT_SECRET` or
    /// the file named by `SAMLET_OIDC_CLIENT_SECRET_FILE`, and the key CPR numbers are
    /// hashed with from `SAMLET_CPR_KEY` or `SAMLET_CPR_KEY_FILE`.
    pub fn read_secrets(&mut self) -> Result<(), ConfigError> {
        if let Ok(key) = std::env::var("SAMLET_CPR_KEY") {
            self.cpr_key = Some(Secret(key));
        } else if let Some(path) = std::env::var_os("SAMLET_CPR_KEY_FILE") {
            let key = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError(format!("SAMLET_CPR_KEY_FILE: {e}")))?;
            self.cpr_key = Some(Secret(key.trim().to_owned()));
        }
        self.sms_token = secret_from("SAMLET_SMS_TOKEN")?.or(self.sms_token.take());
        self.metrics_token = secret_from("SAMLET_METRICS_TOKEN")?.or(self.metrics_token.take());
        self.digital_post_token =
            secret_from("SAMLET_DIGITAL_POST_TOKEN")?.or(self.digital_post_token.take());
        if let Ok(secret) = std::env::var("SAMLET_OIDC_CLIENT_SECRET") {
            self.oidc_client_secret = Some(Secret(secret));
        } else if let Some(path) = std::env::var_os("SAMLET_OIDC_CLIENT_SECRET_FILE") {
            let secret = std::fs::read_to_string(&path)
                .map_err(|e| ConfigError(format!("SAMLET_OIDC_CLIENT_SECRET_FILE: {e}")))?;
            self.oidc_client_secret = Some(Secret(secret.trim().to_owned()));
        }
        Ok(())
    }

    /// Borgerservice as configured; in demo mode without configuration, an invented one.
    pub fn citizen_service(&self) -> Option<samlet_api::session::CitizenService> {
        let service = |name: &str, phone: &str, hours: &str| samlet_api::session::CitizenService {
            name: name.to_owned(),
            phone: phone.to_owned(),
            hours: hours.to_owned(),
        };
        match &self.citizen_service_phone {
            Some(phone) => Some(service(
                &self.citizen_service_name,
                phone,
                &self.citizen_service_hours,
            )),
            None if self.demo => Some(service(
                "Borgerservice Aarhus",
                "+45 87 13 40 00",
                "Mandag til fredag kl. 10-15, torsdag til kl. 17",
            )),
            None => None,
        }
    }

    /// The key CPR numbers are hashed with (see `delegation::identity`).
    pub fn cpr_key(&self) -> Result<crate::delegation::identity::CprKey, ConfigError> {
        crate::delegation::identity::CprKey::from_config(
            self.cpr_key.as_ref().map(|s| s.0.as_str()),
            self.demo,
            self.oidc_issuer.is_some(),
        )
    }

    /// The OpenID Connect settings, when a provider is configured.
    pub fn oidc(&self) -> Result<Option<OidcSettings>, ConfigError> {
        let Some(issuer) = &self.oidc_issuer else {
            return Ok(None);
        };
        let Some(secret) = self.oidc_client_secret.clone() else {
            return Err(ConfigError(
                "--oidc-issuer needs SAMLET_OIDC_CLIENT_SECRET or SAMLET_OIDC_CLIENT_SECRET_FILE".into(),
            ));
        };
        Ok(Some(OidcSettings {
            issuer: issuer.clone(),
            client_id: self.oidc_client_id.clone(),
            client_secret: secret,
            redirect_url: format!("{}/auth/callback", self.public_url()),
            cpr_claim: self.oidc_cpr_claim.clone(),
            name_claim: self.oidc_name_claim.clone(),
            acr_values: self
                .oidc_acr_values
                .iter()
                .filter(|v| !v.is_empty())
                .cloned()
                .collect(),
        }))
    }

    /// Settings for a test or a tool: demo mode on a free loopback port.
    pub fn for_tests(data_dir: PathBuf, dist_dir: PathBuf) -> Self {
        Self {
            bind: IpAddr::from([127, 0, 0, 1]),
            port: 0,
            database_url: test_database_url(),
            database_connections: crate::db::DEFAULT_CONNECTIONS,
            data_dir,
            dist_dir,
            demo: true,
            session_idle_minutes: 30,
            session_absolute_minutes: 480,
            max_file_mb: 25,
            max_files_per_request: 20,
            quota_mb: 500,
            blob_store_url: None,
            clamd: None,
            digital_post_received_after_days: 0,
            letter_received_after_days: 5,
            max_grant_days: 365,
            public_url: None,
            oidc_issuer: None,
            oidc_client_id: "samlet".into(),
            oidc_client_secret: None,
            oidc_acr_values: vec![],
            oidc_cpr_claim: "https://data.gov.dk/model/core/eid/cprNumber".into(),
            oidc_name_claim: "https://data.gov.dk/model/core/eid/fullName".into(),
            cpr_key: None,
            citizen_service_phone: None,
            citizen_service_name: "Borgerservice".into(),
            citizen_service_hours: String::new(),
            sign_in_per_minute: 20,
            trusted_proxies: vec![],
            uploads_per_minute: 30,
            messages_per_minute: 10,
            smtp_url: None,
            sms_url: None,
            sms_token: None,
            digital_post_url: None,
            digital_post_token: None,
            metrics_address: None,
            metrics_token: None,
            mail_from: "Samlet <ikke-svar@samlet.localhost>".into(),
            notify_every_ms: 200,
            notice_bundle_minutes: 60,
            retention_every_minutes: 60,
            keep_ended_sessions_days: 1,
            keep_drafts_days: 90,
            keep_notices_days: 90,
            keep_courses_years: 5,
            keep_access_log_days: 183,
            quiet_hours: (21, 8),
            log_json: Some(false),
            command: None,
        }
    }

    /// The database a test gets when it runs its own server processes, or none: SQLite in
    /// `data_dir`, or a fresh database on the test PostgreSQL (`SAMLET_TEST_POSTGRES`).
    pub fn database_for_tests(data_dir: &std::path::Path) -> String {
        Self::for_tests(data_dir.to_owned(), data_dir.to_owned()).database()
    }
}

/// With `SAMLET_TEST_POSTGRES` set to a PostgreSQL server's URL (no database name), every
/// test server gets a database of its own there, so the whole suite runs on PostgreSQL as
/// it does on SQLite. Without it, tests use SQLite in their temporary folder.
fn test_database_url() -> Option<String> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let server = std::env::var("SAMLET_TEST_POSTGRES").ok()?;
    let started = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    Some(format!(
        "{}/samlet_test_{}_{}_{}",
        server.trim_end_matches('/'),
        std::process::id(),
        started,
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// `10.0.0.0/8`, or one address (`10.0.0.5`) as a range of one.
fn parse_quiet_hours(text: &str) -> Result<(u8, u8), String> {
    let hour = |h: &str| h.trim().parse::<u8>().ok().filter(|h| *h < 24);
    match text
        .split_once('-')
        .map(|(from, until)| (hour(from), hour(until)))
    {
        Some((Some(from), Some(until))) => Ok((from, until)),
        _ => Err(format!(
            "{text:?}: expected FROM-UNTIL in whole hours 0-23, such as 21-8"
        )),
    }
}

fn parse_net(text: &str) -> Result<ipnet::IpNet, String> {
    text.parse::<ipnet::IpNet>()
        .or_else(|_| text.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
        .map_err(|_| format!("{text:?} is not an address or a CIDR range"))
}

/// A secret from the environment variable `name`, or from the file named by `{name}_FILE`.
fn secret_from(name: &str) -> Result<Option<Secret>, ConfigError> {
    if let Ok(secret) = std::env::var(name) {
        return Ok(Some(Secret(secret)));
    }
    match std::env::var_os(format!("{name}_FILE")) {
        Some(path) => std::fs::read_to_string(&path)
            .map(|s| Some(Secret(s.trim().to_owned())))
            .map_err(|e| ConfigError(format!("{name}_FILE: {e}"))),
        None => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_quiet_hours;

    #[test]
    fn quiet_hours_are_two_whole_hours() {
        assert_eq!(parse_quiet_hours("21-8"), Ok((21, 8)));
        assert_eq!(parse_quiet_hours("0-0"), Ok((0, 0)));
        for wrong in ["21", "24-8", "21-", "kl. 21-8", "-1-8"] {
            assert!(parse_quiet_hours(wrong).is_err(), "{wrong}");
        }
    }
}
