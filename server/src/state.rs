use std::path::PathBuf;
use std::sync::Arc;

use chrono::Duration;

use crate::config::Config;
use crate::db::Db;
use crate::session::SessionPolicy;

/// What every handler can reach: the database and the settings fixed at start-up.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
}

pub struct Settings {
    pub demo: bool,
    /// Browsers refuse `Secure` cookies over plain HTTP except on loopback, where only
    /// demo mode runs; everywhere else the cookie is `Secure`.
    pub secure_cookies: bool,
    pub sessions: SessionPolicy,
    pub dist_dir: PathBuf,
}

impl AppState {
    pub fn new(db: Db, config: &Config) -> Self {
        Self {
            db,
            settings: Arc::new(Settings {
                demo: config.demo,
                secure_cookies: !(config.demo && config.bind.is_loopback()),
                sessions: SessionPolicy {
                    idle: Duration::minutes(config.session_idle_minutes.into()),
                    absolute: Duration::minutes(config.session_absolute_minutes.into()),
                },
                dist_dir: config.dist_dir.clone(),
            }),
        }
    }
}
