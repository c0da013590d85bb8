//! The Samlet server: the JSON API under `/api/` and the built app from `dist/`.
//!
//! Modules are named after the domain, as in the app and the wire types: `plan`,
//! `contact`, `session`. Routes are thin; the domain logic is in plain functions
//! beside them, tested directly.

pub mod access;
pub mod appeal;
pub mod audit;
pub mod config;
pub mod contact;
pub mod csrf;
pub mod db;
pub mod delegation;
pub mod demo;
pub mod documents;
pub mod error;
pub mod export;
pub mod headers;
pub mod idempotency;
pub mod integration;
pub mod limits;
pub mod messages;
pub mod notifications;
pub mod openapi;
pub mod operations;
pub mod plan;
pub mod proxies;
pub mod retention;
pub mod session;
pub mod state;
pub mod static_files;

use std::net::SocketAddr;
use std::sync::{Arc, OnceLock};

use axum::http::header::CONTENT_TYPE;
use axum::{Router, routing::get};
use tokio::net::TcpListener;
use tower_http::trace::TraceLayer;
use utoipa_axum::router::OpenApiRouter;

pub use config::Config;
use error::AppError;
use state::AppState;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("could not open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("could not apply the database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("could not load the demo data: {0}")]
    Seed(#[from] AppError),
    #[error("{0}")]
    Config(#[from] config::ConfigError),
    /// An import with refused lines: the report says which and why.
    #[error("{0}")]
    Import(String),
}

/// A server that is bound to its port but not yet serving, so tests can ask for the port.
pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// Where `/metrics` is served apart from the public side, if configured.
    metrics_address: Option<SocketAddr>,
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let db = db::open_with(&config.database(), config.database_connections).await?;
        let documents = documents::store::DocumentStore::open(
            config.data_dir.join("documents"),
            config.blob_store_url.as_deref(),
        )?;
        let cpr_key = config.cpr_key()?;
        if config.demo {
            demo::seed_if_empty(&db, &documents, &cpr_key).await?;
        }
        let removed = documents.clean_orphans(&db).await?;
        if removed > 0 {
            tracing::info!(removed, "removed files of uploads that did not complete");
        }
        let listener = TcpListener::bind(SocketAddr::new(config.bind, config.port)).await?;
        // With port 0 the public address is known only now.
        let mut config = config;
        config.port = listener.local_addr()?.port();
        let oidc = match config.oidc()? {
            Some(settings) => Some(session::oidc::Oidc::new(settings).map_err(config::ConfigError)?),
            None => None,
        };
        let mut state = AppState::new(db, documents, &config, oidc, cpr_key);
        state.channels = config.channels()?;
        state.live.listen(&state.db);
        if state.channels.any() {
            notifications::worker::start(
                state.db.clone(),
                state.channels.clone(),
                notifications::worker::Settings {
                    base_url: state.settings.public_url.clone(),
                    delivery: state.settings.delivery,
                    bundle: chrono::Duration::minutes(i64::from(config.notice_bundle_minutes)),
                },
                std::time::Duration::from_millis(config.notify_every_ms.max(10)),
            );
        }
        retention::start(
            state.db.clone(),
            state.documents.clone(),
            config.retention(),
            state.settings.sessions,
            std::time::Duration::from_secs(u64::from(config.retention_every_minutes) * 60),
        );
        // The recorder, before the first request is counted.
        operations::metrics::handle();
        Ok(Self {
            router: router(state.clone()),
            listener,
            state,
            metrics_address: config.metrics_address,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run(self) -> std::io::Result<()> {
        if let Some(address) = self.metrics_address {
            let listener = TcpListener::bind(address).await?;
            let metrics = operations::metrics::internal_routes(self.state.db.clone());
            tokio::spawn(async move { axum::serve(listener, metrics).await });
        }
        // Rate limits per IP need the peer address.
        axum::serve(
            self.listener,
            self.router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await
    }
}

/// The whole HTTP surface: the API, then the app for everything else.
pub fn router(state: AppState) -> Router {
    // Filled once the routes are known; the API serves it as `/api/openapi.json`.
    let document: Arc<OnceLock<String>> = Arc::default();
    let served = document.clone();
    let export_schema: Arc<OnceLock<String>> = Arc::default();
    let served_schema = export_schema.clone();
    let api =
        OpenApiRouter::new()
            .route("/healthz", get(operations::health::live))
            .route("/readyz", get(operations::health::ready))
            .route(
                "/openapi.json",
                get(move || async move {
                    let body = served.get().cloned().unwrap_or_default();
                    ([(CONTENT_TYPE, "application/json")], body)
                }),
            )
            .route(
                "/export/schema.json",
                get(move || async move {
                    export::schema_response(served_schema.get().cloned().unwrap_or_default())
                }),
            )
            .merge(session::routes(&state))
            .merge(plan::routes())
            .merge(contact::routes())
            .merge(documents::routes(state.settings.limits))
            .merge(appeal::routes())
            .merge(delegation::routes())
            .merge(audit::routes())
            .merge(messages::routes())
            .merge(notifications::routes())
            .merge(export::routes())
            // Unknown API paths are API errors, never the app's HTML.
            .fallback(|| async { AppError::NotFound })
            .layer(axum::middleware::from_fn_with_state(state.clone(), csrf::guard));
    let (routes, doc) = OpenApiRouter::new()
        .nest("/api", limits::api(api))
        .nest("/integration/v1", limits::api(integration::routes(&state)))
        .split_for_parts();
    let doc = openapi::document(doc);
    let _ = export_schema.set(serde_json::to_string_pretty(&export::schema(&doc)).unwrap_or_default());
    // A document that cannot be written is a bug in an annotation; the test of the
    // document catches it long before a deployment.
    let _ = document.set(serde_json::to_string_pretty(&doc).unwrap_or_default());
    Router::new()
        .merge(routes)
        .merge(session::sign_in_routes(&state))
        .merge(operations::metrics::public_routes())
        .fallback(static_files::serve)
        .layer(axum::middleware::from_fn_with_state(state.clone(), headers::add))
        .layer(axum::middleware::from_fn(operations::metrics::record))
        .layer(TraceLayer::new_for_http())
        // Outermost: the id is there before the first log line of the request.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            operations::request_id::assign,
        ))
        .with_state(state)
}

/// Runs an administration command against the configured database.
pub async fn run_command(config: &Config, command: &config::Command) -> Result<String, StartError> {
    let db = db::open(&config.database()).await?;
    let now = chrono::Utc::now();
    Ok(match command {
        config::Command::CreateIntegrationToken {
            system,
            scopes,
            municipalities,
            life_areas,
        } => {
            let reach = integration::systems::Reach {
                scopes: scopes.clone(),
                municipalities: municipalities.clone(),
                life_areas: life_areas.clone(),
            };
            integration::systems::create_token(&db, system, &reach, now).await?
        }
        config::Command::Import {
            file,
            system,
            on_error,
        } => {
            let report = if file.as_os_str() == "-" {
                integration::import::run(&db, system, std::io::stdin().lock(), *on_error).await?
            } else {
                let reader = std::io::BufReader::new(std::fs::File::open(file)?);
                integration::import::run(&db, system, reader, *on_error).await?
            };
            if report.refused.is_empty() {
                report.summary()
            } else if *on_error == integration::import::OnError::Abort {
                return Err(StartError::Import(format!(
                    "nothing imported\n{}",
                    report.summary()
                )));
            } else {
                return Err(StartError::Import(report.summary()));
            }
        }
        config::Command::RevokeIntegrationToken { system } => {
            if integration::systems::revoke(&db, system, now).await? {
                format!("{system}: token revoked")
            } else {
                format!("{system}: no active token")
            }
        }
    })
}

async fn shutdown_signal() {
    // If the signal handler cannot be installed the server simply runs until killed.
    let _ = tokio::signal::ctrl_c().await;
}
