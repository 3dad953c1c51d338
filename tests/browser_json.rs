//! The browser's way of reading the server's JSON (`src/json/` under `hydrate`: `JSON.parse`,
//! then the page's own readers asking the JS value), run in a JavaScript engine. The native tests
//! run the same readers over serde_json's value, so only these see what the browser sees:
//! numbers held as doubles, members looked up on JS objects, and the engine's own parse errors.
//! Each answer is written by the server's encoder and read by the browser's decoder of the same
//! codec the server functions and resources use.
//!
//! `scripts/test.sh` runs them in Node through wasm-bindgen-test-runner:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test
//! --target wasm32-unknown-unknown --no-default-features --features hydrate --test browser_json`
#![cfg(target_arch = "wasm32")]

use bytes::Bytes;
use leptos::server_fn::error::FromServerFnError;
use leptos::server_fn::{Decodes, Encodes};
use wasm_bindgen_test::wasm_bindgen_test;

use leptos::server::codee::{Decoder, Encoder};
use routeros_traffic::error::{AppError, Conflict};
use routeros_traffic::json::{FromJson, JsonTextEncoding};
use routeros_traffic::model::{
    DashboardSettings, FieldError, FieldProblem, HistoryAnswer, HistoryPoint, HistorySeries, InterfaceInfo,
    InterfaceStats, Resolution, RouterLabel, RouterProblem, TableSnapshot,
};

/// What the server writes for `value`, read back as the browser reads it.
fn through_the_wire<T>(value: &T) -> Result<T, String>
where
    T: serde::Serialize + FromJson,
{
    let bytes = <JsonTextEncoding as Encodes<T>>::encode(value).expect("the server writes it");
    <JsonTextEncoding as Decodes<T>>::decode(bytes)
}

fn interface(name: &str, rx_byte: u64, rx_bps: Option<f64>, tx_bps: Option<f64>) -> InterfaceStats {
    InterfaceStats {
        info: InterfaceInfo {
            name: name.to_owned(),
            kind: "pppoe-in".to_owned(),
            running: true,
            disabled: false,
            comment: Some("customer \"A\" <b>&</b>".to_owned()),
        },
        rx_byte,
        tx_byte: 0,
        rx_bps,
        tx_bps,
    }
}

#[wasm_bindgen_test]
fn a_stats_answer_arrives_whole_with_its_problem_and_hostile_names() {
    let answer = TableSnapshot {
        router: "10.0.0.1:8728".to_owned(),
        fetched_at_ms: 1_764_633_600_123,
        age_ms: 5_000,
        stale: true,
        problem: Some(RouterProblem::TooSlow { deadline_ms: 3_000 }),
        interfaces: vec![
            interface("<pppoe-budi\u{0}>", 12_345, Some(812_345.5), None),
            interface("ether1 \"wan\"", 0, None, Some(17.25)),
        ],
    };
    assert_eq!(through_the_wire(&answer), Ok(answer));
}

#[wasm_bindgen_test]
fn byte_counters_past_2_pow_53_are_read_as_the_double_the_browser_holds() {
    // 2^53 + 2 is a double exactly; 2^53 + 1 is not, and JSON.parse rounds it to 2^53. The page
    // must go on reading such a counter (a busy uplink after months), one byte off.
    let exact = interface("ether1", (1 << 53) + 2, None, None);
    assert_eq!(through_the_wire(&exact), Ok(exact));
    let rounded = through_the_wire(&interface("ether1", (1 << 53) + 1, None, None)).unwrap();
    assert_eq!(rounded.rx_byte, 1 << 53);
    let top = through_the_wire(&interface("ether1", u64::MAX, None, None)).unwrap();
    assert_eq!(top.rx_byte, u64::MAX, "2^64 as a double saturates to the largest counter");
}

#[wasm_bindgen_test]
fn a_counter_that_is_no_byte_count_is_refused_in_words() {
    let stats = |rx_byte: &str| {
        format!(
            r#"{{"name":"e1","type":"ether","running":true,"disabled":false,"comment":null,
                "rx_byte":{rx_byte},"tx_byte":0,"rx_bps":null,"tx_bps":null}}"#
        )
    };
    let read = |rx_byte| routeros_traffic::json::from_text::<InterfaceStats>(&stats(rx_byte));
    assert_eq!(read("1").map(|s| s.rx_byte), Ok(1));
    for (bad, found) in [("-1", "a number"), ("1.5", "a number"), ("\"1\"", "a string"), ("null", "nothing")]
    {
        let says = format!("rx_byte: expected a whole number of at least zero, found {found}");
        assert_eq!(read(bad), Err(says), "{bad}");
    }
    // A member the object lacks is `undefined` to JavaScript: missing, not a crash.
    let error = routeros_traffic::json::from_text::<InterfaceStats>(r#"{"name":"e1"}"#).unwrap_err();
    assert_eq!(error, "type: expected a string, found nothing");
    // An array is an object to JavaScript, not to JSON.
    let error = routeros_traffic::json::from_text::<InterfaceStats>("[1]").unwrap_err();
    assert_eq!(error, "expected an object, found an array");
}

#[wasm_bindgen_test]
fn text_that_is_not_json_is_named_as_such_with_the_engines_reason() {
    let error = routeros_traffic::json::from_text::<InterfaceStats>("<html>502 Bad Gateway").unwrap_err();
    assert!(error.starts_with("not JSON: "), "{error}");
    assert!(error.len() > "not JSON: ".len(), "the engine says why: {error}");
    let cut = routeros_traffic::json::from_text::<InterfaceStats>(r#"{"name":"e1","ty"#).unwrap_err();
    assert!(cut.starts_with("not JSON: "), "{cut}");
}

#[wasm_bindgen_test]
fn a_history_answer_keeps_its_gaps_and_peaks() {
    let answer = HistoryAnswer {
        router: "demo-core".to_owned(),
        from_ms: 1_000,
        to_ms: 61_000,
        step_ms: 30_000,
        resolution: Resolution::Minute,
        series: vec![HistorySeries {
            name: "ether1".to_owned(),
            points: vec![
                HistoryPoint(1_000, Some(1.5e9), Some(0.0)),
                HistoryPoint(31_000, None, None),
                HistoryPoint(61_000, Some(0.25), Some(f64::MAX)),
            ],
            max: vec![(Some(2e9), Some(1.0)), (None, None), (Some(0.5), Some(f64::MAX))],
        }],
    };
    assert_eq!(through_the_wire(&answer), Ok(answer));
}

#[wasm_bindgen_test]
fn the_servers_errors_arrive_as_the_codes_the_page_shows() {
    let ours = AppError::UnknownRouter("core-1".to_owned());
    assert_eq!(AppError::de(ours.ser()), ours);
    let login = Bytes::from_static(br#"{"error": "unauthorized", "message": "log in"}"#);
    assert_eq!(AppError::de(login), AppError::Unauthorized);
    let admins_only = Bytes::from_static(br#"{"error": "forbidden", "message": "admins only"}"#);
    assert_eq!(AppError::de(admins_only), AppError::Forbidden);
    // A proxy's page instead of ours: a transport failure, saying it was no JSON.
    match AppError::de(Bytes::from_static(b"<html>502 Bad Gateway</html>")) {
        AppError::Transport(message) => assert!(message.starts_with("not JSON"), "{message}"),
        other => panic!("read as {other:?}"),
    }
    // Each shape of variant: a unit one, a value, a struct, and values nested in those.
    for error in [
        AppError::Forbidden,
        AppError::RouterUnreachable {
            problem: RouterProblem::Tls { message: "expired".to_owned() },
            since_ms: -1,
        },
        AppError::InvalidFields(vec![
            FieldError::new("port", FieldProblem::PortRange(70_000)),
            FieldError::new("host", FieldProblem::Required),
        ]),
        AppError::Conflict(Conflict::NameTaken("core-1".to_owned())),
        AppError::Conflict(Conflict::RemoveYourself),
    ] {
        assert_eq!(AppError::de(error.ser()), error);
    }
}

/// The data a page hydrates with (a router page's settings, a blocking resource):
/// the server writes it into the HTML with the resource's codec, the browser reads it back.
#[wasm_bindgen_test]
fn the_data_a_page_hydrates_with_reads_back_as_the_server_rendered_it() {
    type Settings = Result<DashboardSettings, AppError>;
    let settings = DashboardSettings {
        router: RouterLabel {
            name: "core-1 </script><script>".to_owned(),
            address: "[fe80::1]:8729".to_owned(),
            simulated: false,
        },
        poll_interval_ms: 2_000,
        poll_timeout_ms: 5_000,
        cache_ttl_ms: 4_000,
        recovery_failures: 5,
        recovery_pause_ms: 3_000,
        chart_window_polls: 30,
    };
    for rendered in [Ok(settings), Err(AppError::UnknownRouter("core-2".to_owned()))] {
        let text = <JsonTextEncoding as Encoder<Settings>>::encode(&rendered).expect("the server writes it");
        let read = <JsonTextEncoding as Decoder<Settings>>::decode(&text);
        assert_eq!(read, Ok(rendered));
    }
}
