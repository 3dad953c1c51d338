//! The axum application: routes, shared state and graceful shutdown.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, on, MethodFilter};
use axum::Router;
use http_body_util::BodyExt;
use leptos::prelude::*;
use tower_http::services::ServeDir;
use tower_http::trace::TraceLayer;

use crate::app::shell;
use crate::config::Config;
use crate::http_api;
use crate::model::{DashboardSettings, RouterLabel};
use crate::render_threads::RenderThreads;
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

/// The whole HTTP application. Tests call it with `tower::ServiceExt::oneshot`.
///
/// There is one page, so there is no client-side router. It is rendered on the render threads
/// (see `render_threads`) in `async` mode, the whole page before it is sent, so it is complete
/// without JavaScript. The only thing it waits for is the settings, read from memory; the
/// browser loads the interface list, so the router never delays the page. Other paths are the
/// site's files or a plain 404.
pub fn app(state: AppState) -> Router {
    // Leptos spawns its tasks (resources, server functions) through a global executor. Only the
    // first call sets it, and tokio is the only executor this process has.
    let _ = any_spawner::Executor::init_tokio();
    let context = {
        let state = state.clone();
        move || provide_context(state.clone())
    };
    let render = leptos_axum::render_app_async_with_context(context.clone(), {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    });
    let page = move |request: Request| {
        let render = render.clone();
        async move {
            let rendered = RenderThreads::get().run(async move { buffered(render(request).await).await });
            rendered.await.flatten().unwrap_or_else(|| {
                tracing::error!("the page render failed");
                (StatusCode::INTERNAL_SERVER_ERROR, "The page could not be rendered; please reload.")
                    .into_response()
            })
        }
    };
    let not_found = || async { (StatusCode::NOT_FOUND, "Page not found.") };
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_gzip()
        .precompressed_br()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(any(not_found));

    server_fn_routes(Router::new(), context)
        .route("/", get(page))
        .route("/healthz", get(healthz))
        .route("/api/interface-stats", get(http_api::interface_stats))
        .route("/metrics", get(http_api::metrics))
        .fallback_service(files)
        .layer(middleware::from_fn(server_fn_errors))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The response with its whole body read, so that nothing of the render runs after it is
/// handed back to the main runtime; `None` when the body failed, which the caller answers like
/// a panicked render.
async fn buffered(response: Response) -> Option<Response> {
    let (parts, body) = response.into_parts();
    match body.collect().await {
        Ok(body) => Some(Response::from_parts(parts, Body::from(body.to_bytes()))),
        Err(error) => {
            tracing::error!(%error, "the rendered page's body failed");
            None
        }
    }
}

/// Every server function at its own path, with the app state in its context.
fn server_fn_routes(
    mut router: Router<AppState>,
    context: impl Fn() + Clone + Send + Sync + 'static,
) -> Router<AppState> {
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        let Ok(filter) = MethodFilter::try_from(method.clone()) else {
            tracing::error!(path, %method, "server function with an unsupported method is not served");
            continue;
        };
        let context = context.clone();
        let handler = move |request: Request| leptos_axum::handle_server_fns_with_context(context, request);
        router = router.route(path, on(filter, handler));
    }
    router
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
