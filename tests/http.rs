//! The HTTP application through `tower::ServiceExt::oneshot`: no sockets for HTTP, the real
//! router behind it (the simulator over TCP).

mod support;

use std::io::{Read, Write};
use std::time::Duration;

use axum::body::Body;
use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use leptos::config::LeptosOptions;
use routeros_traffic::routeros::sim::faults::Faults;
use routeros_traffic::server::app;
use routeros_traffic::stats::StatsTimings;
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::Store;
use serde_json::{json, Value};
use support::app::*;
use support::*;
use tower::ServiceExt;

#[tokio::test]
async fn healthz_answers_ok() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
    assert_eq!(send(&state, get("/healthz")).await, (StatusCode::OK, "ok".to_owned()));
}

#[tokio::test]
async fn the_dashboard_is_rendered_on_the_server() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
    let (status, overview) = send(&state, get("/")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        overview.contains("demo router (simulated)") && overview.contains("/routers/test-router"),
        "{overview}"
    );
    let (status, html) = send(&state, get("/routers/test-router")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("<title>RouterOS traffic</title>"), "{html}");
    assert!(html.contains("test-router: demo router (simulated)"), "{html}");
    assert!(html.contains("Start monitor"), "{html}");
    assert!(html.contains("/pkg/routeros-traffic.js"), "the hydration script is linked");
    // Until the WASM takes over, the controls are disabled, so no click or keystroke is lost.
    for control in ["class=\"monitor-toggle\"", "type=\"search\"", ">Refresh list<", ">Refresh<"] {
        assert!(html.contains(control), "{control} missing: {html}");
    }
    assert_eq!(live_before_hydration(&html), Vec::<&str>::new());
    assert_eq!(live_before_hydration(&overview), Vec::<&str>::new());
}

#[tokio::test]
async fn a_stored_router_s_buttons_wait_for_the_wasm() {
    let sim = simulator().await;
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    let add = format!(
        r#"{{"name": "edge-1", "host": "127.0.0.1", "port": {}, "password": "{PASSWORD}"}}"#,
        sim.local_addr().port()
    );
    let (status, body) = send(&state, json_request("POST", "/api/routers", add)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, html) = send(&state, get("/settings/routers")).await;
    assert_eq!(status, StatusCode::OK);
    for button in [">Edit edge-1<", ">Remove edge-1<", ">Really remove edge-1<", ">Add router<"] {
        assert!(html.contains(button), "{button} missing: {html}");
    }
    assert_eq!(live_before_hydration(&html), Vec::<&str>::new());
}

/// Pages rendered while other apps are being built, each on a thread and runtime of its own as
/// the tests in this binary are, all finish. Building an app once generated Leptos routes, which
/// kept every resource in the process from loading meanwhile, and such a page waited forever
/// (leptos#4773).
#[tokio::test]
async fn pages_rendered_while_other_apps_are_built_all_finish() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
    let state = std::sync::Arc::new(state);
    let (done, finished) = std::sync::mpsc::channel();
    for _ in 0..4 {
        let (state, done) = (state.clone(), done.clone());
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
            let pages = runtime.block_on(async {
                let mut pages = Vec::new();
                for _ in 0..25 {
                    pages.push(send(&state, get("/routers/test-router")).await);
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
    let state = demo_app(&sim, "test-router").await;
    let state = std::sync::Arc::new(state);
    let mut renders = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let state = state.clone();
        renders.spawn(async move {
            for _ in 0..100 {
                let (status, html) = send(&state, get("/routers/test-router")).await;
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
    let host = format!("127.0.0.1:{}", sim.local_addr().port());
    let vars =
        [("ROUTEROS_HOST", host.as_str()), ("ROUTEROS_PASSWORD", PASSWORD), ("ROUTEROS_NAME", "core-gw")];
    let state = app_on(config(&vars), options(), default_timings(), vec![]).await;
    let (_, html) = send(&state, get("/routers/core-gw")).await;
    assert!(html.contains(&format!("core-gw ({host})")), "{html}");

    let (status, settings) = send(&state, post_form("/api/dashboard/settings", "router=core-gw")).await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert!(settings.contains(&host) && settings.contains("\"poll_interval_ms\":2000"), "{settings}");

    let (_, stats) = send(&state, get("/api/interface-stats")).await;
    let (_, routers) = send(&state, get("/api/routers")).await;
    let (_, overview) = send(&state, get("/")).await;
    let (_, metrics) = send(&state, get("/metrics")).await;
    for text in [&html, &settings, &stats, &routers, &overview, &metrics] {
        assert!(!text.contains(PASSWORD), "the password leaked");
    }
}

#[tokio::test]
async fn interface_stats_json_has_the_contract_shape() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
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
    let state = demo_app(&sim, "test-router").await;
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
async fn hostile_and_malformed_requests_get_400() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
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
    // The router is read for history meanwhile, with the one fixed print; names are never
    // sent to it (they filter the cached table), so a hostile name cannot become a command.
}

#[tokio::test]
async fn garbage_sent_to_server_functions_is_a_4xx_never_a_500() {
    let sim = simulator().await;
    let state = demo_app(&sim, "test-router").await;
    for (uri, body) in [
        ("/api/dashboard/stats", &b"router=test-router&names[=%%%"[..]),
        ("/api/dashboard/stats", b"\xff\xfe\x00garbage"),
        ("/api/dashboard/stats", b"router=test-router&names[0]=a%0Ab"),
        (
            "/api/dashboard/stats",
            format!("router=test-router&names[0]={}", "x".repeat(100_000)).leak().as_bytes(),
        ),
    ] {
        let (status, text) = send(&state, post_form(uri, body.to_vec())).await;
        assert!(status.is_client_error(), "{uri} {body:?}: {status} {text}");
    }
    let (status, text) =
        send(&state, post_form("/api/dashboard/stats", "router=test-router&names[0]=ether1")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    // No names at all is a valid request: nothing selected, nothing returned.
    let (status, text) = send(&state, post_form("/api/dashboard/stats", "router=test-router")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(text.contains("\"interfaces\":[]"), "{text}");
}

#[tokio::test]
async fn an_unreachable_router_is_503_with_since() {
    let sim = simulator().await;
    sim.set_faults(Faults { refuse: true, ..Faults::default() });
    let state = demo_app(&sim, "gone").await;
    let (status, body) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["error"], "router_unreachable");
    assert!(json["since"].as_str().is_some_and(|s| s.ends_with('Z')), "{body}");
    assert_eq!(json["message"], "router unreachable", "{body}");

    // The server function answers the same condition with 503 and a typed error.
    let (status, body) = send(&state, post_form("/api/dashboard/stats", "router=gone&names[0]=ether1")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("RouterUnreachable"), "{body}");
}

#[tokio::test]
async fn a_refused_login_is_named_in_the_json_error_and_in_metrics() {
    let sim = simulator().await;
    sim.set_faults(Faults { refuse_logins: true, ..Faults::default() });
    let state = demo_app(&sim, "refused-router").await;
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
    let state = demo_app_with(&sim, "metrics-timeout", timings).await;
    let (status, _) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let (_, text) = send(&state, get("/metrics")).await;
    let counted = text.lines().find(|line| {
        line.starts_with("routeros_commands_total{router=\"metrics-timeout\",command=\"/interface/print\",outcome=\"timeout\"}")
    });
    assert!(counted.is_some_and(|line| !line.ends_with(" 0")), "{text}");
}

#[tokio::test]
async fn metrics_are_prometheus_text_with_router_and_cache_counters() {
    let sim = simulator().await;
    let state = demo_app(&sim, "metrics-live").await;
    for _ in 0..3 {
        send(&state, get("/api/interface-stats")).await;
    }
    let (status, text) = send(&state, get("/metrics")).await;
    assert_eq!(status, StatusCode::OK);
    for metric in [
        "routeros_commands_total{router=\"metrics-live\",command=\"/interface/print\",outcome=\"ok\"}",
        "routeros_logins_total{router=\"metrics-live\",outcome=\"ok\"}",
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
    let state = app_on(config(&[]), options, default_timings(), vec![simulated(&sim, "files")]).await;
    let response = app(state.state.clone()).oneshot(get("/favicon.svg")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "image/svg+xml");
    // File names carry no hash of their content: a browser asks again on each visit, and a file
    // that did not change costs a 304.
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    let mut again = get("/favicon.svg");
    again.headers_mut().insert(header::IF_MODIFIED_SINCE, response.headers()[header::LAST_MODIFIED].clone());
    let response = app(state.state.clone()).oneshot(again).await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_MODIFIED);

    // A person at a wrong address gets the page's "No such page", in their language.
    for path in ["/no/such/page", "/../Cargo.toml", "/routers/"] {
        let (status, body) = send(&state, get(path)).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(body.contains("<html") && body.contains("No such page."), "{path}: {body}");
    }
    let mut indonesian = get("/no/such/page");
    indonesian.headers_mut().insert(header::ACCEPT_LANGUAGE, "id-ID,id;q=0.9".parse().unwrap());
    let (status, body) = send(&state, indonesian).await;
    assert!(status == StatusCode::NOT_FOUND && body.contains("Halaman tidak ada."), "{body}");
    // Files and API paths get a plain answer.
    for path in ["/pkg/missing.wasm", "/api/nothing"] {
        let (status, body) = send(&state, get(path)).await;
        assert_eq!((status, body.as_str()), (StatusCode::NOT_FOUND, "Not found."), "{path}");
    }
    let (status, _) = send(&state, post_form("/api/dashboard/no-such-function", "")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// The encoding a response came in, and its body as sent.
async fn encoded(state: &TestApp, path: &str, accept: Option<&str>) -> (Option<String>, Vec<u8>) {
    let (encoding, _, body) = encoded_with_length(state, path, accept).await;
    (encoding, body)
}

/// As [`encoded`], with the `Content-Length` the response declared (a file sent as it is has
/// one, a body compressed on the way out does not), after checking that an encoded answer
/// tells a cache on the way to key it by the encoding asked for.
async fn encoded_with_length(
    state: &TestApp,
    path: &str,
    accept: Option<&str>,
) -> (Option<String>, Option<usize>, Vec<u8>) {
    let mut request = get(path);
    if let Some(accept) = accept {
        request.headers_mut().insert(header::ACCEPT_ENCODING, accept.parse().unwrap());
    }
    let response = app(state.state.clone()).oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    let header =
        |name| response.headers().get(name).map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned());
    let (encoding, length) = (header(header::CONTENT_ENCODING), header(header::CONTENT_LENGTH));
    let vary: Vec<String> = response
        .headers()
        .get_all(header::VARY)
        .iter()
        .map(|v| v.to_str().unwrap().to_ascii_lowercase())
        .collect();
    let vary = vary.join(", ");
    if encoding.is_some() {
        assert!(vary.contains("accept-encoding"), "{path} ({accept:?}): Vary is {vary:?}");
    }
    let body = response.into_body().collect().await.unwrap().to_bytes().to_vec();
    (encoding, length.map(|l| l.parse().unwrap()), body)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut decoded = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut decoded).unwrap();
    decoded
}

#[tokio::test]
async fn files_pages_and_json_come_compressed_to_a_client_that_accepts_it() {
    let sim = simulator().await;
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir(site.path().join("pkg")).unwrap();
    // A module as a build without `--precompress` leaves it: compressed as it is sent.
    let module: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(site.path().join("pkg/app.wasm"), &module).unwrap();
    // One with the copies `scripts/build-release.sh` leaves: each is sent as it is.
    let script = b"export function start() { return 'hydrated'; }\n".repeat(200);
    let mut brotli = Vec::new();
    brotli::BrotliCompress(&mut &script[..], &mut brotli, &Default::default()).unwrap();
    let gzipped = gzip(&script);
    std::fs::write(site.path().join("pkg/app.js"), &script).unwrap();
    std::fs::write(site.path().join("pkg/app.js.br"), &brotli).unwrap();
    std::fs::write(site.path().join("pkg/app.js.gz"), &gzipped).unwrap();
    let options = LeptosOptions::builder()
        .output_name("routeros-traffic")
        .site_root(site.path().to_str().unwrap())
        .build();
    let state = app_on(config(&[]), options, default_timings(), vec![simulated(&sim, "zipped")]).await;

    let (encoding, body) = encoded(&state, "/pkg/app.wasm", Some("gzip")).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(body.len() < module.len() / 10, "{} bytes sent for {}", body.len(), module.len());
    assert_eq!(gunzip(&body), module);
    let (encoding, body) = encoded(&state, "/pkg/app.wasm", None).await;
    assert_eq!((encoding, body.len()), (None, module.len()), "a client that accepts no encoding");
    assert_eq!(encoded(&state, "/pkg/app.wasm", Some("br")).await.0.as_deref(), Some("br"));

    for (accept, copy) in [("gzip, br", &brotli), ("gzip", &gzipped)] {
        let (encoding, length, body) = encoded_with_length(&state, "/pkg/app.js", Some(accept)).await;
        let expected = if accept == "gzip" { "gzip" } else { "br" };
        assert_eq!(
            (encoding.as_deref(), length, body == *copy),
            (Some(expected), Some(copy.len()), true),
            "{accept}: the copy, as it is"
        );
    }
    let (encoding, length, _) = encoded_with_length(&state, "/pkg/app.wasm", Some("gzip")).await;
    assert_eq!((encoding.as_deref(), length), (Some("gzip"), None), "compressed on the way out");

    let (encoding, page) = encoded(&state, "/routers/zipped", Some("gzip")).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    assert!(String::from_utf8(gunzip(&page)).unwrap().contains("zipped"));
    let (encoding, json) = encoded(&state, "/api/interface-stats?router=zipped", Some("gzip")).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let stats: Value = serde_json::from_slice(&gunzip(&json)).unwrap();
    assert!(stats["interfaces"].as_array().is_some_and(|list| !list.is_empty()), "{stats}");
    // One interface's answer fits in a packet as it is: not worth compressing.
    let one = "/api/interface-stats?router=zipped&name=ether1";
    let (encoding, json) = encoded(&state, one, Some("gzip")).await;
    assert_eq!(encoding, None, "{} bytes", json.len());
    assert!(serde_json::from_slice::<Value>(&json).unwrap()["interfaces"]
        .as_array()
        .is_some_and(|l| l.len() == 1));
}

#[tokio::test]
async fn with_several_routers_stats_need_a_router_and_an_unknown_one_is_404() {
    let (a, b) = (simulator().await, simulator().await);
    let state = app_on(
        config(&[]),
        options(),
        default_timings(),
        vec![simulated(&a, "core-a"), simulated(&b, "core-b")],
    )
    .await;
    let (status, body) = send(&state, get("/api/interface-stats")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("core-a") && body.contains("core-b"), "the names to choose from: {body}");
    let (status, body) = send(&state, get("/api/interface-stats?router=nope")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["error"], "unknown_router");
    let (status, body) = send(&state, get("/api/interface-stats?router=core-b&name=ether1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(serde_json::from_str::<Value>(&body).unwrap()["router"], "core-b");
}

#[tokio::test]
async fn a_hanging_router_never_delays_another() {
    let (hung, fine) = (simulator().await, simulator().await);
    hung.set_faults(Faults { hang: true, ..Faults::default() });
    let state = app_on(
        config(&[]),
        options(),
        default_timings(),
        vec![simulated(&hung, "hung"), simulated(&fine, "fine")],
    )
    .await;
    let state = std::sync::Arc::new(state);
    let waiting = tokio::spawn({
        let state = state.clone();
        async move { send(&state, get("/api/interface-stats?router=hung")).await }
    });
    let asked = std::time::Instant::now();
    let (status, body) = send(&state, get("/api/interface-stats?router=fine")).await;
    let took = asked.elapsed();
    assert_eq!(status, StatusCode::OK, "{body}");
    // The fine router's first answer takes its two readings one second apart, and no more.
    assert!(took < Duration::from_millis(1_800), "{took:?}");
    assert!(!waiting.is_finished(), "the hung router is still being waited for");
    assert_eq!(hung.stats().connections_accepted, 1, "the hung router was asked meanwhile");
    let (status, _) = waiting.await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn routers_are_added_changed_and_removed_through_the_api_without_a_password_ever_shown() {
    let sim = simulator().await;
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    let (_, listed) = send(&state, get("/api/routers")).await;
    assert_eq!(serde_json::from_str::<Value>(&listed).unwrap()["routers"], serde_json::json!([]));

    let add = format!(
        r#"{{"name": "edge-1", "host": "127.0.0.1", "port": {}, "password": "{PASSWORD}"}}"#,
        sim.local_addr().port()
    );
    let (status, body) = send(&state, json_request("POST", "/api/routers", add.clone())).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = send(&state, json_request("POST", "/api/routers", add)).await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    let answer: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        (&answer["conflict"], &answer["message"]),
        (&json!("name_taken"), &json!("\"edge-1\" exists already"))
    );

    // Watched at once: its stats come from the simulator.
    let (status, body) = send(&state, get("/api/interface-stats?router=edge-1&name=ether1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, listed) = send(&state, get("/api/routers")).await;
    let routers: Value = serde_json::from_str(&listed).unwrap();
    assert_eq!(routers["routers"][0]["name"], "edge-1");
    assert_eq!(routers["routers"][0]["status"], "live");
    for key in ["name", "host", "port", "tls", "status", "fetched_at", "error"] {
        assert!(routers["routers"][0].get(key).is_some(), "{key} missing: {listed}");
    }
    assert!(!listed.contains(PASSWORD));

    // A change without a password keeps the stored one: renamed, it logs in again with it.
    let change =
        format!(r#"{{"name": "edge-one", "host": "127.0.0.1", "port": {}}}"#, sim.local_addr().port());
    let (status, body) = send(&state, json_request("PUT", "/api/routers/edge-1", change)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = send(&state, get("/api/interface-stats?router=edge-one")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((sim.stats().logins, sim.stats().failed_logins), (2, 0));
    let change_back =
        format!(r#"{{"name": "edge-1", "host": "127.0.0.1", "port": {}}}"#, sim.local_addr().port());
    let (status, body) = send(&state, json_request("PUT", "/api/routers/edge-one", change_back)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let (status, _) = send(&state, json_request("DELETE", "/api/routers/edge-1", Body::empty())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&state, get("/api/interface-stats?router=edge-1")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = send(&state, json_request("DELETE", "/api/routers/edge-1", Body::empty())).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn hostile_router_bodies_are_400_with_a_message_and_never_stored() {
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    let huge = "x".repeat(100_000);
    for body in [
        r#"{"name": "a/b", "host": "10.0.0.1"}"#.to_owned(),
        r#"{"name": "..", "host": "10.0.0.1"}"#.to_owned(),
        r#"{"name": "ok\u0007", "host": "10.0.0.1"}"#.to_owned(),
        format!(r#"{{"name": "{huge}", "host": "10.0.0.1"}}"#),
        format!(r#"{{"name": "ok", "host": "{huge}"}}"#),
        r#"{"name": "ok", "host": "10.0.0.1", "port": 70000}"#.to_owned(),
        r#"{"name": "ok", "host": "10.0.0.1", "tls": true, "tls_ca_pem": "not a certificate"}"#.to_owned(),
        r#"{"name": "ok", "host": "10.0.0.1", "surprise": 1}"#.to_owned(),
        "not json".to_owned(),
        "\u{0}\u{1}".to_owned(),
    ] {
        let (status, text) = send(&state, json_request("POST", "/api/routers", body.clone())).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{}: {text}", &body[..body.len().min(80)]);
        let json: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(json["error"], "bad_request");
        assert!(json["message"].as_str().is_some_and(|m| !m.is_empty() && m.len() < 500), "{text}");
    }
    let (_, listed) = send(&state, get("/api/routers")).await;
    assert_eq!(serde_json::from_str::<Value>(&listed).unwrap()["routers"], serde_json::json!([]));
}

#[tokio::test]
async fn a_router_stored_by_another_process_is_watched_after_a_reload() {
    let sim = simulator().await;
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    // What `routeros-traffic routers add` does: write to the database, not to the server.
    state.state.fleet.store().add_router(&simulated(&sim, "from-cli")).await.unwrap();
    let (status, _) = send(&state, get("/api/interface-stats?router=from-cli")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not yet");
    state.state.fleet.reload().await.unwrap();
    let (status, body) = send(&state, get("/api/interface-stats?router=from-cli")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn a_router_whose_password_the_key_cannot_open_is_never_tried_until_it_is_entered_again() {
    let sim = simulator().await;
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    // Stored under another key, as after a lost or replaced secret.key.
    let other_key = Store::open(state._data.path(), SecretKey::from_bytes([9; 32])).await.unwrap();
    other_key.add_router(&simulated(&sim, "sealed")).await.unwrap();
    state.state.fleet.reload().await.unwrap();

    let (status, body) = send(&state, get("/api/interface-stats?router=sealed")).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("cannot be decrypted"), "{body}");
    let (_, listed) = send(&state, get("/api/routers")).await;
    assert!(listed.contains("cannot be decrypted"), "{listed}");

    // An edit without the password is refused on that field; with it, the router is used.
    let port = sim.local_addr().port();
    let without = format!(r#"{{"name": "sealed", "host": "127.0.0.1", "port": {port}, "user": "{USER}"}}"#);
    let (status, body) = send(&state, json_request("PUT", "/api/routers/sealed", without)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let field = &serde_json::from_str::<Value>(&body).unwrap()["fields"][0];
    assert_eq!((&field["field"], &field["code"]), (&json!("password"), &json!("stored_password_unreadable")));
    assert!(field["message"].as_str().is_some_and(|m| m.contains("cannot be decrypted")), "{body}");
    assert_eq!(sim.stats().connections_accepted, 0, "never tried with a password it does not have");

    let with = format!(
        r#"{{"name": "sealed", "host": "127.0.0.1", "port": {port}, "user": "{USER}", "password": "{PASSWORD}"}}"#
    );
    let (status, body) = send(&state, json_request("PUT", "/api/routers/sealed", with)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = send(&state, get("/api/interface-stats?router=sealed")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!((sim.stats().logins, sim.stats().failed_logins), (1, 0));
}

#[tokio::test]
async fn a_stored_password_is_never_sent_to_another_address() {
    let (sim, elsewhere) = (simulator().await, simulator().await);
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    state.state.fleet.store().add_router(&simulated(&sim, "core")).await.unwrap();
    state.state.fleet.reload().await.unwrap();
    let moved = format!(
        r#"{{"name": "core", "host": "127.0.0.1", "port": {}, "user": "{USER}"}}"#,
        elsewhere.local_addr().port()
    );
    let (status, body) = send(&state, json_request("PUT", "/api/routers/core", moved.clone())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert!(body.contains("enter the password again"), "{body}");
    // Nor through "Test connection" of the stored router with another address.
    let (status, body) = send(
        &state,
        post_form(
            "/api/fleet/test",
            format!(
                "original=core&input[name]=core&input[host]=127.0.0.1&input[port]={}&input[user]={USER}",
                elsewhere.local_addr().port()
            ),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(elsewhere.stats().connections_accepted, 0);
}

#[tokio::test]
async fn removing_a_router_closes_its_session() {
    let sim = simulator().await;
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    state.state.fleet.store().add_router(&simulated(&sim, "gone-soon")).await.unwrap();
    state.state.fleet.reload().await.unwrap();
    let (status, _) = send(&state, get("/api/interface-stats?router=gone-soon")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(sim.stats().open_connections, 1);
    let (status, _) = send(&state, json_request("DELETE", "/api/routers/gone-soon", Body::empty())).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    // The simulator sees the connection end: wait for that, for at most 2 s.
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    while sim.stats().open_connections > 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sim.stats().open_connections, 0, "{:?}", sim.stats());
}

#[tokio::test]
async fn a_change_requested_from_another_site_is_403_and_changes_nothing() {
    let state = app_on(config(&[]), options(), default_timings(), vec![]).await;
    let add = r#"{"name": "evil", "host": "127.0.0.9"}"#;
    for (origin, fetch_site) in
        [(Some("http://evil.example"), None), (Some("null"), None), (None, Some("cross-site"))]
    {
        let mut request = json_request("POST", "/api/routers", add);
        request.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
        if let Some(origin) = origin {
            request.headers_mut().insert(header::ORIGIN, origin.parse().unwrap());
        }
        if let Some(site) = fetch_site {
            request.headers_mut().insert("sec-fetch-site", site.parse().unwrap());
        }
        let (status, body) = send(&state, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{origin:?} {fetch_site:?}: {body}");
    }
    let (_, listed) = send(&state, get("/api/routers")).await;
    assert!(!listed.contains("evil"), "{listed}");
    // The page itself, same origin, may.
    let mut request = json_request("POST", "/api/routers", add);
    request.headers_mut().insert(header::HOST, "127.0.0.1:3000".parse().unwrap());
    request.headers_mut().insert(header::ORIGIN, "http://127.0.0.1:3000".parse().unwrap());
    let (status, body) = send(&state, request).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}
