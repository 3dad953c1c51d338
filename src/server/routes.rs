//! The axum application: every path and layer.

use std::time::Duration;

use axum::extract::Request;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::http::{header, HeaderMap, HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::{any, get, on, post, put, MethodFilter};
use axum::Router;
use leptos::prelude::*;
use tower::Layer;
use tower_http::classify::ServerErrorsFailureClass;
use tower_http::compression::predicate::{DefaultPredicate, Predicate, SizeAbove};
use tower_http::compression::CompressionLayer;
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tracing::Span;

use crate::app::shell;
use crate::server::{endpoints, history_api, login, page, routers_api, AppState};

/// Bytes of a body that fit in one Ethernet packet with the headers: compressing a smaller one
/// saves no round trip.
const ONE_PACKET: u16 = 1400;

/// The whole HTTP application. Tests call it with `tower::ServiceExt::oneshot`.
///
/// There is one page, so there is no client-side router. It is rendered on the render threads
/// (see `page`) in `async` mode, the whole page before it is sent, so it is complete without
/// JavaScript. The only thing it waits for is the settings, read from memory; the browser
/// loads the interface list, so the router never delays the page. Other paths are the site's
/// files or a plain 404.
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
        // leptos_axum provides each request's parts in the render's context.
        move || {
            let parts = use_context::<Parts>();
            let path = parts.as_ref().map(|parts| parts.uri.path().to_owned()).unwrap_or_default();
            let locale = parts.map(|parts| super::login::request_locale(&parts.headers)).unwrap_or_default();
            shell(options.clone(), path, locale)
        }
    });
    let page_handler = move |request: Request| page::render(render.clone(), request);
    // An address that is no page and no file: a person gets the page's own "No such page", in
    // their language, with its header to find their way; a missing file, an API path or a
    // form sent to nowhere gets a plain answer.
    let not_found_page = page_handler.clone();
    let not_found = move |request: Request| {
        let page = not_found_page.clone();
        async move {
            let path = request.uri().path();
            let plain = path.starts_with("/api/")
                || path.starts_with("/pkg/")
                || !matches!(*request.method(), Method::GET | Method::HEAD);
            if plain {
                return (StatusCode::NOT_FOUND, "Not found.").into_response();
            }
            let mut response = page(request).await;
            if response.status().is_success() {
                *response.status_mut() = StatusCode::NOT_FOUND;
            }
            response
        }
    };
    // The compressed copies `scripts/build-release.sh` leaves beside each file are sent as they
    // are; without them, the compression layer below compresses the file for each visit.
    let files = ServeDir::new(&*state.leptos_options.site_root)
        .precompressed_br()
        .precompressed_gzip()
        .call_fallback_on_method_not_allowed(true)
        .not_found_service(any(not_found));
    // A copy goes out already encoded, so the compression layer leaves it, `Vary` too: without
    // it a cache on the way could hand the brotli copy to a browser that cannot read it.
    let files =
        SetResponseHeaderLayer::if_not_present(header::VARY, HeaderValue::from_static("accept-encoding"))
            .layer(files);
    // The site's file names carry no hash of their content (`chunk_3.wasm` is another chunk
    // after an upgrade), so a browser must ask each time: a cached chunk of the old build beside
    // the new main module would not run. Asking costs a 304 when nothing changed.
    let files =
        SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"))
            .layer(files);

    server_fn_routes(Router::new(), context)
        .route("/", get(page_handler.clone()))
        .route("/routers/{name}", get(page_handler.clone()))
        .route("/settings/routers", get(page_handler.clone()))
        .route("/settings/users", get(page_handler))
        .route("/api/routers", get(routers_api::list).post(routers_api::add))
        .route("/api/routers/{name}", put(routers_api::update).delete(routers_api::remove))
        .route("/login", get(login::login_form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/healthz", get(healthz))
        .route("/api/interface-stats", get(endpoints::interface_stats))
        .route("/api/history", get(history_api::history))
        .route("/api/usage", get(history_api::usage))
        .route("/metrics", get(endpoints::metrics))
        .fallback_service(files)
        .layer(middleware::from_fn(server_fn_errors))
        // Pages, JSON, CSV and the site's files are compressed for a client that accepts it (gzip
        // at level 6, brotli at 4): the WASM is 40 % of its size gzipped, and a phone on a slow
        // link waits for every byte. What is compressed already passes as it is, and an answer
        // that fits in one packet anyway (a poll of a few interfaces) is not worth the CPU.
        .layer(CompressionLayer::new().compress_when(DefaultPredicate::new().and(SizeAbove::new(ONE_PACKET))))
        .layer(middleware::from_fn_with_state(state.clone(), login::require_login))
        .layer(middleware::from_fn(same_site_only))
        .layer(TraceLayer::new_for_http().on_failure(log_failure))
        .with_state(state)
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

/// A request that changes something and comes from another site is refused: a page elsewhere
/// must not add routers, or test a stored password, through the operator's browser. Requests
/// without an `Origin` (curl, scripts) are not a browser's and pass.
async fn same_site_only(request: Request, next: Next) -> Response {
    let changes = matches!(*request.method(), Method::POST | Method::PUT | Method::DELETE | Method::PATCH);
    if changes && is_cross_site(request.headers()) {
        let body =
            serde_json::json!({"error": "forbidden", "message": "a request from another site is refused"});
        return (StatusCode::FORBIDDEN, axum::Json(body)).into_response();
    }
    next.run(request).await
}

fn is_cross_site(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").is_some_and(|site| site == "cross-site") {
        return true;
    }
    let Some(origin) = headers.get(header::ORIGIN) else { return false };
    let origin_host = origin.to_str().ok().and_then(|o| o.split_once("://")).map(|(_, host)| host);
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    !matches!((origin_host, host), (Some(origin), Some(host)) if origin.eq_ignore_ascii_case(host))
}

/// Server functions live under `/api/`; only their errors get a status by kind.
async fn server_fn_errors(request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/api/") {
        endpoints::server_fn_status(request, next).await
    } else {
        next.run(request).await
    }
}

/// 503 is the answer while a router fails, and the stats service logs when that starts and
/// ends; one error line per request would bury it. Other failures are errors.
fn log_failure(failure: ServerErrorsFailureClass, latency: Duration, _span: &Span) {
    match failure {
        ServerErrorsFailureClass::StatusCode(StatusCode::SERVICE_UNAVAILABLE) => {
            tracing::debug!(?latency, "answered 503: no data from the router")
        }
        other => tracing::error!(classification = %other, ?latency, "response failed"),
    }
}

async fn healthz() -> &'static str {
    "ok"
}
