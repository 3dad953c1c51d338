//! The HTTP application through `tower::ServiceExt::oneshot`: no sockets, the real router.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use routeros_traffic::config::Config;
use routeros_traffic::server::{app, AppState};
use tower::ServiceExt;

fn options() -> LeptosOptions {
    LeptosOptions::builder().output_name("routeros-traffic").site_root("target/site").build()
}

fn state(vars: &[(&str, &str)], demo: bool) -> AppState {
    let config =
        Config::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string()))
            .unwrap();
    AppState::new(options(), config, demo.then(|| "127.0.0.1:8728".parse().unwrap()))
}

async fn send(state: AppState, request: Request<Body>) -> (StatusCode, String) {
    let response = app(state).oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn healthz_answers_ok() {
    assert_eq!(send(state(&[], true), get("/healthz")).await, (StatusCode::OK, "ok".to_owned()));
}

#[tokio::test]
async fn the_dashboard_is_rendered_on_the_server() {
    let (status, html) = send(state(&[], true), get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>RouterOS traffic</title>"), "{html}");
    assert!(html.contains("demo router (simulated)"), "{html}");
    assert!(html.contains("Start monitor"), "{html}");
    assert!(html.contains("/pkg/routeros-traffic.js"), "the hydration script is linked");
}

#[tokio::test]
async fn a_configured_router_is_named_and_its_password_never_shown() {
    let vars = [("ROUTEROS_HOST", "192.0.2.7"), ("ROUTEROS_PASSWORD", "hunter2-secret")];
    let (_, html) = send(state(&vars, false), get("/")).await;
    assert!(html.contains("192.0.2.7:8728"), "{html}");
    assert!(!html.contains("hunter2-secret"));

    let request = Request::post("/api/dashboard-settings")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let (status, json) = send(state(&vars, false), request).await;
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(json.contains("192.0.2.7:8728") && json.contains("\"poll_interval_ms\":2000"), "{json}");
    assert!(!json.contains("hunter2-secret"));
}

#[tokio::test]
async fn unknown_paths_are_404() {
    let (status, _) = send(state(&[], true), get("/no/such/page")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
