//! The HTTP application through `tower::ServiceExt::oneshot`: no sockets for HTTP, the real
//! router behind it (the simulator over TCP).

mod support;

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use routeros_traffic::routeros::sim::faults::Faults;
use routeros_traffic::routeros::Session;
use routeros_traffic::server::config::Config;
use routeros_traffic::server::{app, AppState};
use routeros_traffic::stats::{StatsService, StatsTimings};
use serde_json::Value;
use support::*;
use tower::ServiceExt;

fn options() -> LeptosOptions {
    LeptosOptions::builder().output_name("routeros-traffic").site_root("target/site").build()
}

fn config(vars: &[(&str, &str)]) -> Config {
    Config::from_lookup(|name| vars.iter().find(|(k, _)| *k == name).map(|(_, v)| v.to_string())).unwrap()
}

/// The app in demo mode on `sim`.
fn demo_app(stats: StatsService) -> AppState {
    routeros_traffic::server::telemetry::install();
    AppState::new(options(), config(&[]), stats, true)
}

async fn send(state: &AppState, request: Request<Body>) -> (StatusCode, String) {
    let response = app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).unwrap()
}

fn post_form(uri: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(body.into())
        .unwrap()
}

#[tokio::test]
async fn healthz_answers_ok() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    assert_eq!(send(&state, get("/healthz")).await, (StatusCode::OK, "ok".to_owned()));
}

#[tokio::test]
async fn the_dashboard_is_rendered_on_the_server() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    let (status, html) = send(&state, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>RouterOS traffic</title>"), "{html}");
    assert!(html.contains("demo router (simulated)"), "{html}");
    assert!(html.contains("Start monitor"), "{html}");
    assert!(html.contains("/pkg/routeros-traffic.js"), "the hydration script is linked");
    // Until the WASM takes over, the controls are disabled, so no click or keystroke is lost.
    for control in ["class=\"monitor-toggle\"", "type=\"search\"", ">Refresh list<"] {
        let at = html.find(control).unwrap_or_else(|| panic!("{control} missing: {html}"));
        let tag_start = html[..=at].rfind('<').unwrap_or(at);
        let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap_or(0)];
        assert!(tag.contains("disabled"), "{control} is not disabled before hydration: {tag}");
    }
}

/// Pages rendered while other apps are being built, each on a thread and runtime of its own as
/// the tests in this binary are, all finish. Building an app once generated Leptos routes, which
/// kept every resource in the process from loading meanwhile, and such a page waited forever
/// (leptos#4773).
#[tokio::test]
async fn pages_rendered_while_other_apps_are_built_all_finish() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    let (done, finished) = std::sync::mpsc::channel();
    for _ in 0..4 {
        let (state, done) = (state.clone(), done.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let pages = runtime.block_on(async {
                let mut pages = Vec::new();
                for _ in 0..25 {
                    pages.push(send(&state, get("/")).await);
                }
                pages
            });
            let _ = done.send(pages);
        });
    }
    for _ in 0..4 {
        let pages = finished.recv_timeout(Duration::from_secs(20)).expect("a page never finished rendering");
        for (status, html) in pages {
            assert_eq!(status, StatusCode::OK);
            assert!(html.contains("Start monitor"), "{html}");
        }
    }
}

/// Pages rendered at once on a multi-threaded runtime, as the server serves them, all succeed.
/// Rendered on the worker threads themselves, 5 of 80 runs of this test had a render panic on
/// a reactive value that another request had disposed (see `server/page.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pages_rendered_at_once_on_a_multi_threaded_runtime_all_succeed() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    let mut renders = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let state = state.clone();
        renders.spawn(async move {
            for _ in 0..100 {
                let (status, html) = send(&state, get("/")).await;
                assert_eq!(status, StatusCode::OK, "{html}");
                assert!(html.contains("Start monitor"), "{html}");
            }
        });
    }
    while let Some(render) = renders.join_next().await {
        render.expect("every render succeeded");
    }
}

#[tokio::test]
async fn a_configured_router_is_named_and_its_password_never_shown() {
    let sim = simulator().await;
    let vars = [("ROUTEROS_HOST", "192.0.2.7"), ("ROUTEROS_PASSWORD", PASSWORD)];
    let state = AppState::new(options(), config(&vars), stats_service(&sim), false);
    let (_, html) = send(&state, get("/")).await;
    assert!(html.contains("192.0.2.7:8728"), "{html}");

    let (status, settings) = send(&state, post_form("/api/dashboard/settings", "")).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert!(
        settings.contains("192.0.2.7:8728") && settings.contains("\"poll_interval_ms\":2000"),
        "{settings}"
    );

    let (_, stats) = send(&state, get("/api/interface-stats")).await;
    let (_, metrics) = send(&state, get("/metrics")).await;
    for text in [&html, &settings, &stats, &metrics] {
        assert!(!text.contains(PASSWORD), "the password leaked");
    }
}

#[tokio::test]
async fn interface_stats_json_has_the_contract_shape() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    let (status, body) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["router"], "test-router");
    assert_eq!(json["stale"], false);
    assert!(json["age_ms"].as_u64().is_some());
    let fetched_at = json["fetched_at"].as_str().unwrap();
    assert!(
        fetched_at.ends_with('Z') && fetched_at.len() == "2026-11-28T16:00:00.123Z".len(),
        "{fetched_at}"
    );
    let interfaces = json["interfaces"].as_array().unwrap();
    assert_eq!(interfaces.len(), sim.interfaces().len());
    let ether1 = interfaces.iter().find(|i| i["name"] == "ether1").unwrap();
    let keys: Vec<&str> = ether1.as_object().unwrap().keys().map(String::as_str).collect();
    for key in ["name", "type", "running", "disabled", "comment", "rx_byte", "tx_byte", "rx_bps", "tx_bps"] {
        assert!(keys.contains(&key), "{key} missing from {ether1}");
    }
    assert_eq!((ether1["type"].as_str(), ether1["running"].as_bool()), (Some("ether"), Some(true)));
    assert!(ether1["rx_bps"].as_f64().is_some_and(|bps| bps > 0.0), "{ether1}");
    let unplugged = interfaces.iter().find(|i| i["name"] == "ether4").unwrap();
    assert_eq!(unplugged["running"], false);
}

#[tokio::test]
async fn name_parameters_select_interfaces_from_the_same_cache() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    let (_, all) = send(&state, get("/api/interface-stats")).await;
    let commands = sim.stats().commands;
    let (status, body) = send(&state, get("/api/interface-stats?name=ether1&name=%3Cpppoe-andi%3E")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    let names: Vec<&str> =
        json["interfaces"].as_array().unwrap().iter().map(|i| i["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["ether1", "<pppoe-andi>"]);
    assert_eq!(sim.stats().commands, commands, "answered from the cache");
    let all: Value = serde_json::from_str(&all).unwrap();
    assert_eq!(all["fetched_at"], json["fetched_at"]);
}

#[tokio::test]
async fn hostile_and_malformed_requests_get_400_and_never_reach_the_router() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    // URIs stop at 64 KB in the http crate (hyper answers 414 beyond); the 100 KB case goes
    // through a server function's body below.
    let huge = format!("/api/interface-stats?name={}", "x".repeat(60_000));
    for uri in [
        "/api/interface-stats?name=ether1%0A%2Fsystem%2Freboot",
        "/api/interface-stats?name=a%00b",
        "/api/interface-stats?name=%3Dname%3Dether1",
        "/api/interface-stats?name=%FF%FE",
        "/api/interface-stats?name=",
        "/api/interface-stats?names=ether1",
        huge.as_str(),
    ] {
        let (status, body) = send(&state, get(uri)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {body}");
        let json: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(json["error"], "bad_request");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty() && m.len() < 300), "{body}");
    }
    assert_eq!(sim.stats().connections_accepted, 0, "nothing reached the router");
}

#[tokio::test]
async fn garbage_sent_to_server_functions_is_a_4xx_never_a_500() {
    let sim = simulator().await;
    let state = demo_app(stats_service(&sim));
    for (uri, body) in [
        ("/api/dashboard/stats", &b"names[=%%%"[..]),
        ("/api/dashboard/stats", b"\xff\xfe\x00garbage"),
        ("/api/dashboard/stats", b"names[0]=a%0Ab"),
        ("/api/dashboard/stats", format!("names[0]={}", "x".repeat(100_000)).leak().as_bytes()),
    ] {
        let (status, text) = send(&state, post_form(uri, body.to_vec())).await;
        assert!(status.is_client_error(), "{uri} {body:?}: {status} {text}");
    }
    let (status, text) = send(&state, post_form("/api/dashboard/stats", "names[0]=ether1")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // No names at all is a valid request: nothing selected, nothing returned.
    let (status, text) = send(&state, post_form("/api/dashboard/stats", "")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"interfaces\":[]"), "{text}");
}

#[tokio::test]
async fn an_unreachable_router_is_503_with_since() {
    let sim = simulator().await;
    sim.set_faults(Faults { refuse: true, ..Faults::default() });
    let stats = StatsService::new("gone", Session::new(target(&sim)).unwrap(), default_timings());
    let state = demo_app(stats);
    let (status, body) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"], "router_unreachable");
    assert!(json["since"].as_str().is_some_and(|s| s.ends_with('Z')), "{body}");
    assert_eq!(json["message"], "router unreachable", "{body}");

    // The server function answers the same condition with 503 and a typed error.
    let (status, body) = send(&state, post_form("/api/dashboard/stats", "names[0]=ether1")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("RouterUnreachable"), "{body}");
}

#[tokio::test]
async fn a_refused_login_is_named_in_the_json_error_and_in_metrics() {
    let sim = simulator().await;
    sim.set_faults(Faults { refuse_logins: true, ..Faults::default() });
    let state = demo_app(StatsService::new("refused-router", session(&sim), default_timings()));
    let (status, body) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["message"], "login refused (check user and password)", "{body}");
    let (_, text) = send(&state, get("/metrics")).await;
    assert!(
        text.contains("stats_router_state{router=\"refused-router\",state=\"login_refused\"} 1"),
        "{text}"
    );
    assert!(text.contains("stats_router_state{router=\"refused-router\",state=\"live\"} 0"), "{text}");
    assert!(!text.contains(PASSWORD));
}

#[tokio::test]
async fn a_command_that_times_out_is_counted_as_a_timeout() {
    let sim = simulator().await;
    sim.set_faults(Faults { stall_commands: true, ..Faults::default() });
    let timings = StatsTimings { deadline: Duration::from_millis(300), ..default_timings() };
    let state = demo_app(StatsService::new("metrics-timeout", session(&sim), timings));
    let (status, _) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (_, text) = send(&state, get("/metrics")).await;
    let counted = text.lines().find(|line| {
        line.starts_with("routeros_commands_total{command=\"/interface/print\",outcome=\"timeout\"}")
    });
    assert!(counted.is_some_and(|line| !line.ends_with(" 0")), "{text}");
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_router_and_cache_counters() {
    let sim = simulator().await;
    let state = demo_app(StatsService::new("metrics-live", session(&sim), default_timings()));
    for _ in 0..3 {
        send(&state, get("/api/interface-stats")).await;
    }
    let (status, text) = send(&state, get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    for metric in [
        "routeros_commands_total{command=\"/interface/print\",outcome=\"ok\"}",
        "routeros_logins_total{outcome=\"ok\"}",
        "routeros_command_duration_seconds_bucket",
        "routeros_open_connections",
        "stats_cache_hits_total",
        "stats_cache_misses_total",
        "stats_router_state{router=\"metrics-live\",state=\"live\"} 1",
        "stats_router_state{router=\"metrics-live\",state=\"login_refused\"} 0",
    ] {
        assert!(text.contains(metric), "{metric} missing from:\n{text}");
    }
    assert!(text.contains("# TYPE routeros_commands_total counter"), "{text}");
}

#[tokio::test]
async fn site_files_are_served_and_unknown_paths_are_404() {
    let sim = simulator().await;
    // The repository's assets directory stands in for a built site.
    let options = LeptosOptions::builder().output_name("routeros-traffic").site_root("public").build();
    let state = AppState::new(options, config(&[]), stats_service(&sim), true);
    let response = app(state.clone()).oneshot(get("/favicon.svg")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");

    for path in ["/no/such/page", "/../Cargo.toml", "/pkg/missing.wasm"] {
        let (status, body) = send(&state, get(path)).await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "Page not found."), "{path}");
    }
    let (status, _) = send(&state, post_form("/api/dashboard/no-such-function", "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(sim.stats().commands, 0, "a 404 never asks the router");
}
