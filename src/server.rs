//! The axum application: routes, shared state and graceful shutdown.

use std::sync::{Arc, OnceLock};

use axum::extract::FromRef;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::trace::TraceLayer;

use crate::app::{shell, App};
use crate::config::Config;
use crate::http_api;
use crate::model::{DashboardSettings, RouterLabel};
use crate::stats::StatsService;

/// State shared by every request handler and server function.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub stats: StatsService,
    config: Arc<Config>,
    /// True when the router is the built-in simulator.
    demo: bool,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, config: Config, stats: StatsService, demo: bool) -> Self {
        Self { leptos_options, stats, config: Arc::new(config), demo }
    }

    pub fn dashboard_settings(&self) -> DashboardSettings {
        let mut settings = self.config.dashboard_settings();
        if self.demo {
            settings.router = RouterLabel::Demo;
        }
        settings
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

/// The whole HTTP application. Tests call it with `tower::ServiceExt::oneshot`.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api/interface-stats", get(http_api::interface_stats))
        .route("/metrics", get(http_api::metrics))
        .leptos_routes(&state, routes(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(server_fn_errors))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The app's routes, generated once per process. Generating them sets a process-global flag
/// that keeps every resource from loading (leptos#4773), so it must never overlap a render:
/// a page rendered meanwhile would wait forever. Later callers wait for the first one here.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Server functions live under `/api/`; only their errors get a status by kind.
async fn server_fn_errors(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        http_api::server_fn_status(request, next).await
    } else {
        next.run(request).await
    }
}

async fn healthz() -> &'static str {
    "ok"
}

/// Loads the Leptos options: `./Leptos.toml` when present (a deployment), otherwise the
/// variables cargo-leptos sets. `LEPTOS_*` variables override the file in both cases.
pub fn leptos_options() -> Result<LeptosOptions, leptos::config::errors::LeptosConfigError> {
    const FILE: &str = "Leptos.toml";
    let path = std::path::Path::new(FILE).is_file().then_some(FILE);
    Ok(get_configuration(path)?.leptos_options)
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM, so in-flight requests can finish.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => tracing::info!("SIGINT received, shutting down"),
        () = terminate => tracing::info!("SIGTERM received, shutting down"),
    }
}
