//! The HTTP application for tests: on a fresh data directory, called through
//! `tower::ServiceExt::oneshot`, with no sockets for HTTP.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use routeros_traffic::fleet::settings::RouterSettings;
use routeros_traffic::fleet::Fleet;
use routeros_traffic::history::History;
use routeros_traffic::routeros::sim::Simulator;
use routeros_traffic::routeros::Password;
use routeros_traffic::server::config::Config;
use routeros_traffic::server::{app, AppState};
use routeros_traffic::stats::StatsTimings;
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::Store;
use tower::ServiceExt;

use super::{default_timings, PASSWORD, USER};

pub fn options() -> LeptosOptions {
    LeptosOptions::builder().output_name("routeros-traffic").site_root("target/site").build()
}

pub fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())).unwrap()
}

/// The app with its data directory, which lives as long as it.
pub struct TestApp {
    pub state: AppState,
    pub _data: tempfile::TempDir,
}

/// The app on a fresh data directory with `config`, watching `routers` as its demo routers.
pub async fn app_on(
    config: Config,
    options: LeptosOptions,
    timings: StatsTimings,
    routers: Vec<RouterSettings>,
) -> TestApp {
    routeros_traffic::server::telemetry::install();
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), SecretKey::from_bytes([3; 32])).await.unwrap();
    let history = History::new(store, config.retention, timings.cache_ttl);
    let fleet = Fleet::load(history, timings, config.router.clone(), routers).await.unwrap();
    let state = AppState::new(options, config, fleet);
    state.refresh_users().await.unwrap();
    TestApp { state, _data: data }
}

/// `sim` as the router called `name`, as a demo router is watched.
pub fn simulated(sim: &Simulator, name: &str) -> RouterSettings {
    RouterSettings {
        name: name.to_owned(),
        host: "127.0.0.1".to_owned(),
        port: sim.local_addr().port(),
        user: USER.to_owned(),
        password: Password::new(PASSWORD),
        tls: None,
    }
}

/// The app in demo mode on `sim`, called `name`.
pub async fn demo_app(sim: &Simulator, name: &str) -> TestApp {
    demo_app_with(sim, name, default_timings()).await
}

pub async fn demo_app_with(sim: &Simulator, name: &str, timings: StatsTimings) -> TestApp {
    app_on(config(&[]), options(), timings, vec![simulated(sim, name)]).await
}

pub async fn send(test_app: &TestApp, request: Request<Body>) -> (StatusCode, String) {
    let response = app(test_app.state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

pub fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

pub fn post_form(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap()
}

pub fn json_request(method: &str, uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

/// The buttons, inputs, selects and text areas of a server-rendered page that are not disabled:
/// a click or keystroke there before the WASM takes over would be lost.
pub fn live_before_hydration(html: &str) -> Vec<&str> {
    let mut live = Vec::new();
    let mut rest = html;
    while let Some(at) =
        ["<button", "<input", "<select", "<textarea"].iter().filter_map(|t| rest.find(t)).min()
    {
        let tag = &rest[at..at + rest[at..].find('>').map_or(rest.len() - at, |end| end + 1)];
        if !tag.contains(" disabled") {
            live.push(tag);
        }
        rest = &rest[at + tag.len()..];
    }
    live
}
