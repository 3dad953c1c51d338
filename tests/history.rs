//! History on a real SQLite file in a temporary data directory: packed chunks, rollups
//! against brute force, retention, failures in the middle of a write, gaps, a reconnecting
//! PPPoE customer, the usage table's days, `/api/history` and `/api/usage`, and recording
//! while nobody watches.

mod support;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use routeros_traffic::history::chunk::{decode_minutes, decode_raw, encode_minutes, encode_raw};
use routeros_traffic::history::query::HistoryRequest;
use routeros_traffic::history::rollup::{buckets, minutes, Point};
use routeros_traffic::history::{Aggregate, History, Minute, Retention, Sample, HOUR_MS, MINUTE_MS};
use routeros_traffic::model::{HistoryAnswer, InterfaceInfo, InterfaceStats, Resolution};
use routeros_traffic::routeros::rows::InterfaceRow;
use routeros_traffic::stats::rates::{self, RouterReading};
use routeros_traffic::stats::StatsTimings;
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::Store;
use serde_json::Value;
use sqlx::Connection;
use support::app::{app_on, config, get, options, send, simulated};
use support::simulator;

/// 2026-12-01T00:00:00Z: a round hour to start recording at.
const T0: i64 = 1_796_083_200_000;
const PERIOD_MS: i64 = 5_000;

fn interface(name: &str, rx: Option<f64>, tx: Option<f64>) -> InterfaceStats {
    InterfaceStats {
        info: InterfaceInfo {
            name: name.to_owned(),
            kind: "ether".to_owned(),
            running: true,
            disabled: false,
            comment: None,
        },
        rx_byte: 0,
        tx_byte: 0,
        rx_bps: rx,
        tx_bps: tx,
    }
}

fn at(t_ms: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(t_ms as u64)
}

/// History on a fresh data directory, counting days in UTC+7 (Western Indonesia Time).
async fn history_with(retention: Retention) -> (History, tempfile::TempDir) {
    let data = tempfile::tempdir().unwrap();
    let history = open(&data, retention).await;
    (history, data)
}

async fn open(data: &tempfile::TempDir, retention: Retention) -> History {
    let store = Store::open(data.path(), SecretKey::from_bytes([3; 32])).await.unwrap();
    let wib = jiff::tz::TimeZone::fixed(jiff::tz::offset(7));
    History::with_time_zone(store, retention, Duration::from_millis(PERIOD_MS as u64), wib)
}

/// Records one reading every period from `from_ms` to `to_ms` (exclusive) of `rates(t)` per
/// interface, flushing after each minute as the server does.
async fn record(history: &History, from_ms: i64, to_ms: i64, rates: impl Fn(i64) -> Vec<InterfaceStats>) {
    let mut t = from_ms;
    while t < to_ms {
        history.record("core", at(t), &rates(t));
        t += PERIOD_MS;
        if t % MINUTE_MS == 0 {
            history.flush(Some(t)).await.unwrap();
        }
    }
    history.flush(Some(to_ms)).await.unwrap();
}

fn ask(names: &[&str], from_ms: i64, to_ms: i64, step_ms: Option<i64>) -> HistoryRequest {
    HistoryRequest {
        router: "core".to_owned(),
        names: names.iter().map(|n| n.to_string()).collect(),
        from_ms,
        to_ms,
        step_ms,
    }
}

async fn query(history: &History, request: &HistoryRequest, now_ms: i64) -> HistoryAnswer {
    history.query(request, now_ms).await.unwrap().unwrap()
}

fn rx_values(answer: &HistoryAnswer) -> Vec<Option<f64>> {
    answer.series[0].points.iter().map(|p| p.1).collect()
}

async fn raw_sqlite(data: &tempfile::TempDir) -> sqlx::SqliteConnection {
    let path = data.path().join(routeros_traffic::store::DB_FILE);
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap()
}

proptest! {
    #[test]
    fn raw_chunks_round_trip(
        start in 0i64..4_000_000_000_000,
        steps in prop::collection::vec((1i64..120_000, prop::option::of(0f32..1e10), prop::option::of(0f32..1e10)), 1..200),
    ) {
        let mut t = start;
        let samples: Vec<Sample> = steps.iter().map(|&(dt, rx, tx)| { let s = Sample { t_ms: t, rx, tx }; t += dt; s }).collect();
        prop_assert_eq!(decode_raw(start, &encode_raw(start, &samples)), Ok(samples));
    }

    #[test]
    fn minute_chunks_round_trip(present in prop::collection::btree_set(0i64..60, 0..60), value in 0f32..1e10) {
        let hour = T0;
        let minutes: Vec<Minute> = present.iter().map(|&m| Minute {
            t_ms: hour + m * MINUTE_MS,
            rx: Aggregate { avg: Some(value), max: Some(value * 2.0) },
            tx: Aggregate { avg: None, max: None },
        }).collect();
        prop_assert_eq!(decode_minutes(hour, &encode_minutes(hour, &minutes)), Ok(minutes));
    }

    #[test]
    fn garbage_chunks_are_errors_not_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let _ = decode_raw(T0, &bytes);
        let _ = decode_minutes(T0, &bytes);
    }

    /// Average and maximum per minute, against a brute force over the same readings.
    #[test]
    fn minute_rollup_matches_brute_force(
        rates in prop::collection::vec(prop::option::of(0f32..1e9), 1..60),
        offset in 0i64..MINUTE_MS,
    ) {
        let samples: Vec<Sample> = rates.iter().enumerate()
            .map(|(i, &rx)| Sample { t_ms: T0 + offset + i as i64 * 7_000, rx, tx: None })
            .collect();
        let rolled = minutes(&samples);
        for minute in &rolled {
            let inside: Vec<f64> = samples.iter()
                .filter(|s| s.t_ms >= minute.t_ms && s.t_ms < minute.t_ms + MINUTE_MS)
                .filter_map(|s| s.rx.map(f64::from))
                .collect();
            let avg = (!inside.is_empty()).then(|| inside.iter().sum::<f64>() / inside.len() as f64);
            let max = inside.iter().copied().reduce(f64::max);
            match (minute.rx.avg, avg) {
                (Some(got), Some(want)) => prop_assert!((f64::from(got) - want).abs() <= want * 1e-6 + 1e-3, "{got} vs {want}"),
                (got, want) => prop_assert_eq!(got.map(f64::from), want),
            }
            prop_assert_eq!(minute.rx.max.map(f64::from), max);
            prop_assert_eq!(minute.tx, Aggregate::default(), "unknown stays unknown, never zero");
        }
        let distinct: std::collections::BTreeSet<i64> = samples.iter().map(|s| s.t_ms.div_euclid(MINUTE_MS)).collect();
        prop_assert_eq!(rolled.len(), distinct.len());
    }

    /// Buckets of minutes keep the peak: the maximum of maxima, never an average of them.
    #[test]
    fn buckets_match_brute_force(values in prop::collection::vec(prop::option::of((0f32..1e9, 0f32..1e9)), 1..120), step_minutes in 1i64..30) {
        let points: Vec<Point> = values.iter().enumerate().filter_map(|(i, v)| v.map(|(avg, extra)| Point {
            t_ms: T0 + i as i64 * MINUTE_MS,
            rx: Aggregate { avg: Some(avg), max: Some(avg + extra) },
            tx: Aggregate::default(),
        })).collect();
        let step = step_minutes * MINUTE_MS;
        let to = T0 + values.len() as i64 * MINUTE_MS - 1;
        for bucket in buckets(&points, T0, to, step) {
            let inside: Vec<&Point> = points.iter().filter(|p| p.t_ms >= bucket.t_ms && p.t_ms < bucket.t_ms + step).collect();
            let max = inside.iter().filter_map(|p| p.rx.max.map(f64::from)).reduce(f64::max);
            prop_assert_eq!(bucket.rx.max.map(f64::from), max);
            let avgs: Vec<f64> = inside.iter().filter_map(|p| p.rx.avg.map(f64::from)).collect();
            match bucket.rx.avg {
                Some(got) => {
                    let want = avgs.iter().sum::<f64>() / avgs.len() as f64;
                    prop_assert!((f64::from(got) - want).abs() <= want * 1e-6 + 1e-3);
                }
                None => prop_assert!(avgs.is_empty(), "an empty bucket is a gap"),
            }
        }
    }
}

#[tokio::test]
async fn readings_are_rolled_up_before_retention_drops_them() {
    let retention = Retention { raw: Duration::from_secs(3600), minutes: Duration::from_secs(3 * 3600) };
    let (history, _data) = history_with(retention).await;
    // Three hours; ether1 at 8 Mbps with a 40 Mbps burst in one reading each minute.
    let rates = |t: i64| {
        let rx = if t % MINUTE_MS == 0 { 40e6 } else { 8e6 };
        vec![interface("ether1", Some(rx), Some(1e6)), interface("ether2", None, None)]
    };
    record(&history, T0, T0 + 3 * HOUR_MS, rates).await;
    let now = T0 + 3 * HOUR_MS + 3 * MINUTE_MS;
    assert!(history.maintain(now).await.unwrap() >= 4, "two series, two or three hours each");

    // Raw readings: only the last hour is kept.
    let series = history.store().series_named("core", &["ether1".to_owned()]).await.unwrap();
    let raw_left = history.store().raw_chunks(series[0].id, 0, i64::MAX).await.unwrap();
    assert!(raw_left.iter().all(|(start, _)| *start >= now - HOUR_MS), "raw beyond the hour is gone");
    assert!(!raw_left.is_empty());
    let recent = query(&history, &ask(&["ether1"], now - 30 * MINUTE_MS, now, None), now).await;
    assert_eq!((recent.resolution, recent.step_ms), (Resolution::Raw, PERIOD_MS));
    assert_eq!(recent.series[0].points.len(), 360 - 36, "every reading of the last 27 minutes");

    // The first hour, older than raw retention, is there as minutes: average and peak.
    let first =
        query(&history, &ask(&["ether1", "ether2"], T0, T0 + HOUR_MS - 1, Some(MINUTE_MS)), now).await;
    assert_eq!(first.resolution, Resolution::Minute);
    assert_eq!(first.series[0].points.len(), 60);
    let (avg, max) = (first.series[0].points[10].1.unwrap(), first.series[0].max[10].0.unwrap());
    assert!((avg - (40e6 + 11.0 * 8e6) / 12.0).abs() < 1.0, "{avg}");
    assert_eq!(max, 40e6, "the burst survives the rollup");
    assert!(first.series[1].points.iter().all(|p| p.1.is_none() && p.2.is_none()), "unknown stays unknown");

    // Minutes older than their retention go once the next hours are rolled up.
    let later = now + 2 * HOUR_MS;
    history.maintain(later).await.unwrap();
    let gone = query(&history, &ask(&["ether1"], T0, T0 + HOUR_MS - 1, Some(MINUTE_MS)), later).await;
    assert!(rx_values(&gone).iter().all(Option::is_none), "minutes past retention are gone");
}

#[tokio::test]
async fn gaps_stay_gaps_at_every_resolution() {
    let (history, _data) = history_with(Retention::default()).await;
    let rates = |_| vec![interface("ether1", Some(1e6), Some(2e6))];
    record(&history, T0, T0 + 10 * MINUTE_MS, rates).await;
    // The server was down for 20 minutes.
    record(&history, T0 + 30 * MINUTE_MS, T0 + 40 * MINUTE_MS, rates).await;
    let now = T0 + 40 * MINUTE_MS;

    let raw = query(&history, &ask(&["ether1"], T0, now, Some(PERIOD_MS)), now).await;
    let points = &raw.series[0].points;
    let gap = points.iter().position(|p| p.1.is_none()).expect("a gap point");
    assert!(points[gap - 1].0 < T0 + 10 * MINUTE_MS && points[gap + 1].0 >= T0 + 30 * MINUTE_MS);
    assert_eq!(points.iter().filter(|p| p.1.is_none()).count(), 1, "one break, no zeros");

    let minutes = query(&history, &ask(&["ether1"], T0, now - 1, Some(MINUTE_MS)), now).await;
    let values = rx_values(&minutes);
    assert!(values[..10].iter().all(|v| *v == Some(1e6)));
    assert!(values[10..30].iter().all(Option::is_none), "{values:?}");
    assert!(values[30..].iter().all(|v| *v == Some(1e6)));
}

#[tokio::test]
async fn a_reconnecting_pppoe_customer_continues_one_series() {
    let (history, _data) = history_with(Retention::default()).await;
    let name = "<pppoe-andi>";
    let start = tokio::time::Instant::now();
    // The router's own rows, 3 Mbps each way; at 2 minutes the customer reconnects: a new
    // `.id` and counters from zero.
    let reading = |k: i64| {
        let (id, since) = if k < 24 { ("*1A", 0) } else { ("*2B", 24) };
        let bytes = (k - since) as u64 * 3_000_000 / 8 * 5;
        let row = InterfaceRow {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: "pppoe-in".to_owned(),
            running: true,
            disabled: false,
            comment: None,
            rx_byte: Some(bytes),
            tx_byte: Some(bytes),
        };
        RouterReading {
            at: start + Duration::from_millis((k * PERIOD_MS) as u64),
            wall: at(T0 + k * PERIOD_MS),
            rows: vec![row],
        }
    };
    let mut previous: Option<RouterReading> = None;
    for k in 0..60 {
        let current = reading(k);
        history.record("core", current.wall, &rates::table(previous.as_ref(), &current));
        previous = Some(current);
    }
    history.flush(None).await.unwrap();
    let now = T0 + 5 * MINUTE_MS;
    assert_eq!(history.store().all_series(Some("core")).await.unwrap().len(), 1, "one series by name");
    let answer = query(&history, &ask(&[name], T0, now, None), now).await;
    let unknown: Vec<i64> = answer.series[0].points.iter().filter(|p| p.1.is_none()).map(|p| p.0).collect();
    // Unknown at the very first reading and at the reconnect; a gap, never a zero or a spike.
    assert_eq!(unknown, [T0, T0 + 2 * MINUTE_MS]);
    assert!(answer.series[0].points.iter().filter_map(|p| p.1).all(|rx| (rx - 3e6).abs() < 1.0));
    assert_eq!(answer.series[0].points.len(), 60);
}

#[tokio::test]
async fn readings_not_yet_written_are_answered_too() {
    let (history, _data) = history_with(Retention::default()).await;
    for i in 0..5 {
        history.record("core", at(T0 + i * PERIOD_MS), &[interface("ether1", Some(1e3), None)]);
    }
    let now = T0 + 30_000;
    let answer = query(&history, &ask(&["ether1"], T0, now, None), now).await;
    assert_eq!(answer.series[0].points.len(), 5);
    assert_eq!(history.flush(None).await.unwrap(), 5);
    assert_eq!(query(&history, &ask(&["ether1"], T0, now, None), now).await, answer, "the same once written");
}

#[tokio::test]
async fn a_failed_write_loses_no_reading() {
    let (history, data) = history_with(Retention::default()).await;
    let mut sqlite = raw_sqlite(&data).await;
    // A full disk, as SQLite reports it to the writer.
    sqlx::query("CREATE TRIGGER full_disk BEFORE INSERT ON raw_chunks BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        .execute(&mut sqlite)
        .await
        .unwrap();
    for i in 0..24 {
        history.record("core", at(T0 + i * PERIOD_MS), &[interface("ether1", Some(1e3), None)]);
    }
    assert!(history.flush(Some(T0 + 2 * MINUTE_MS)).await.is_err());
    sqlx::query("DROP TRIGGER full_disk").execute(&mut sqlite).await.unwrap();
    for i in 24..36 {
        history.record("core", at(T0 + i * PERIOD_MS), &[interface("ether1", Some(1e3), None)]);
    }
    // Rolling up meanwhile leaves the hour of the waiting readings alone.
    history.maintain(T0 + 5 * HOUR_MS).await.unwrap();
    assert!(history.store().all_series(None).await.unwrap().is_empty(), "nothing written, nothing rolled");
    assert_eq!(history.flush(Some(T0 + 3 * MINUTE_MS)).await.unwrap(), 36);
    let series = history.store().series_named("core", &["ether1".to_owned()]).await.unwrap();
    let stored = history.store().raw_chunks(series[0].id, 0, i64::MAX).await.unwrap();
    let readings: usize = stored.iter().map(|(start, bytes)| decode_raw(*start, bytes).unwrap().len()).sum();
    assert_eq!(readings, 36);
}

/// A write that fails while an hour ends: that hour of an interface is rolled up only once
/// its readings are written, so its minutes have them all; another interface, whose readings
/// were all written, is rolled up meanwhile.
#[tokio::test]
async fn an_hour_is_not_rolled_up_while_its_readings_wait() {
    let (history, data) = history_with(Retention::default()).await;
    let both = |_| vec![interface("ether1", Some(1e6), None), interface("ether2", Some(2e6), None)];
    record(&history, T0, T0 + 50 * MINUTE_MS, both).await;
    let mut sqlite = raw_sqlite(&data).await;
    sqlx::query("CREATE TRIGGER full_disk BEFORE INSERT ON raw_chunks BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        .execute(&mut sqlite)
        .await
        .unwrap();
    // ether2 stops reporting (a customer hung up); ether1's last ten minutes cannot be written.
    for t in (T0 + 50 * MINUTE_MS..T0 + HOUR_MS).step_by(PERIOD_MS as usize) {
        history.record("core", at(t), &[interface("ether1", Some(1e6), None)]);
    }
    assert!(history.flush(Some(T0 + HOUR_MS)).await.is_err());
    history.maintain(T0 + HOUR_MS + 3 * MINUTE_MS).await.unwrap();
    let rolled = |series: &[routeros_traffic::store::history::SeriesRow], name: &str| {
        series.iter().find(|s| s.interface == name).map(|s| s.rolled_until_ms)
    };
    let series = history.store().all_series(None).await.unwrap();
    assert_eq!(rolled(&series, "ether1"), Some(T0), "the hour waits for its readings");
    assert_eq!(rolled(&series, "ether2"), Some(T0 + HOUR_MS), "the other interface is not held up");

    sqlx::query("DROP TRIGGER full_disk").execute(&mut sqlite).await.unwrap();
    history.flush(Some(T0 + HOUR_MS + 4 * MINUTE_MS)).await.unwrap();
    history.maintain(T0 + HOUR_MS + 5 * MINUTE_MS).await.unwrap();
    let hour =
        query(&history, &ask(&["ether1"], T0, T0 + HOUR_MS - 1, Some(MINUTE_MS)), T0 + 30 * HOUR_MS).await;
    assert_eq!(hour.resolution, Resolution::Minute);
    assert!(rx_values(&hour).iter().all(|v| *v == Some(1e6)), "all 60 minutes: {:?}", rx_values(&hour));
}

/// A rollup that fails half-way (here a refused write, as from a full disk or a kill) leaves
/// nothing half-done; after a restart it is done once, with the same result as one that never
/// failed.
#[tokio::test]
async fn a_rollup_interrupted_in_the_middle_is_done_once_after_a_restart() {
    let rates = |t: i64| {
        let rx = ((t / PERIOD_MS) % 7) as f64 * 1e6;
        vec![interface("ether1", Some(rx), Some(5e5)), interface("ether2", Some(2e6), None)]
    };
    let now = T0 + 2 * HOUR_MS + 5 * MINUTE_MS;
    let (reference, _ref_data) = history_with(Retention::default()).await;
    record(&reference, T0, T0 + 2 * HOUR_MS, rates).await;
    reference.maintain(now).await.unwrap();

    let (history, data) = history_with(Retention::default()).await;
    record(&history, T0, T0 + 2 * HOUR_MS, rates).await;
    let mut sqlite = raw_sqlite(&data).await;
    // The second series' first hour fails after the first series' rows were written.
    sqlx::query(
        "CREATE TRIGGER crash BEFORE INSERT ON minute_chunks WHEN NEW.series_id = 2 BEGIN SELECT RAISE(ABORT, 'crash'); END",
    )
    .execute(&mut sqlite)
    .await
    .unwrap();
    assert!(history.maintain(now).await.is_err());
    let untouched = history.store().all_series(None).await.unwrap();
    assert!(untouched.iter().all(|s| s.rolled_until_ms == T0), "all or nothing: {untouched:?}");
    sqlx::query("DROP TRIGGER crash").execute(&mut sqlite).await.unwrap();
    sqlite.close().await.unwrap();
    history.store().close().await;

    // Restart on the same data directory.
    let history = open(&data, Retention::default()).await;
    history.maintain(now).await.unwrap();
    history.maintain(now).await.unwrap(); // and again: nothing is counted twice
    assert_eq!(history.usage("core", now).await.unwrap(), reference.usage("core", now).await.unwrap());
    let whole = ask(&["ether1", "ether2"], T0, T0 + 2 * HOUR_MS - 1, Some(MINUTE_MS));
    assert_eq!(query(&history, &whole, now).await, query(&reference, &whole, now).await);
}

#[tokio::test]
async fn usage_counts_bytes_per_local_day_before_and_after_rollup() {
    let (history, _data) = history_with(Retention::default()).await;
    // 16:30 to 17:30 UTC crosses midnight in UTC+7. 8,000 bps is 1,000 bytes a second.
    let midnight_wib = T0 + 17 * HOUR_MS;
    record(&history, midnight_wib - 30 * MINUTE_MS, midnight_wib + 30 * MINUTE_MS, |_| {
        vec![interface("<pppoe-budi>", Some(8_000.0), Some(16_000.0))]
    })
    .await;
    let now = midnight_wib + 30 * MINUTE_MS;
    let check = |usage: routeros_traffic::model::UsageAnswer| {
        assert_eq!(
            (usage.today.as_str(), usage.yesterday.as_str(), usage.month.as_str()),
            ("2026-12-02", "2026-12-01", "2026-12")
        );
        let row = &usage.interfaces[0];
        assert_eq!((row.yesterday.rx_bytes, row.yesterday.tx_bytes), (1_800_000, 3_600_000));
        assert_eq!((row.today.rx_bytes, row.month.rx_bytes), (1_800_000, 3_600_000));
    };
    check(history.usage("core", now).await.unwrap());
    history.maintain(now + 2 * HOUR_MS).await.unwrap();
    check(history.usage("core", now).await.unwrap());
}

#[tokio::test]
async fn the_api_answers_json_and_csv_and_refuses_bad_requests() {
    let sim = simulator().await;
    let app = app_on(config(&[]), options(), support::default_timings(), vec![simulated(&sim, "core")]).await;
    let history = app.state.fleet.history();
    let now = routeros_traffic::stats::unix_ms(SystemTime::now());
    // An interface the simulator does not have: the fleet records the router's own beside it.
    for i in (1..=24).rev() {
        history.record(
            "core",
            at(now - i * PERIOD_MS),
            &[interface("sfp-test", Some(i as f64 * 1e3), Some(5.5))],
        );
    }
    let rfc = |t: i64| routeros_traffic::stats::rfc3339(at(t)).replace(':', "%3A");
    let range = format!("from={}&to={}", rfc(now - 2 * MINUTE_MS), rfc(now));

    let (status, body) = send(&app, get(&format!("/api/history?router=core&name=sfp-test&{range}"))).await;
    assert_eq!(status, 200, "{body}");
    let json: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(json["step_ms"], PERIOD_MS);
    let points = json["series"][0]["points"].as_array().unwrap();
    assert_eq!(points.len(), 24);
    assert_eq!(points[0], serde_json::json!([now - 24 * PERIOD_MS, 24_000.0, 5.5]));

    let (status, csv) =
        send(&app, get(&format!("/api/history?router=core&name=sfp-test&{range}&format=csv"))).await;
    assert_eq!(status, 200);
    let rows: Vec<&str> = csv.lines().collect();
    assert_eq!(rows[0], "time,interface,rx_bps,tx_bps");
    assert_eq!(rows.len(), 25);
    assert_eq!(
        rows[1],
        format!("{},sfp-test,24000,5.5", routeros_traffic::stats::rfc3339(at(now - 24 * PERIOD_MS)))
    );
    // The same CSV for `Accept: text/csv`, unless `format=json` says otherwise.
    let accepting = |uri: String| {
        axum::http::Request::get(uri).header("accept", "text/csv").body(axum::body::Body::empty()).unwrap()
    };
    let uri = format!("/api/history?router=core&name=sfp-test&{range}");
    assert_eq!(send(&app, accepting(uri.clone())).await, (axum::http::StatusCode::OK, csv.clone()));
    let (_, json) = send(&app, accepting(format!("{uri}&format=json"))).await;
    assert!(json.starts_with('{'), "{json}");

    for (query, wants) in [
        (format!("router=core&name=sfp-test&from={}&to={}", rfc(now), rfc(now - 1)), "from is after to"),
        ("router=core&name=sfp-test&from=yesterday".to_owned(), "RFC 3339"),
        (format!("router=core&name=sfp-test&{range}&step_ms=1"), "at most 100000"),
        (format!("router=core&name=sfp-test&{range}&step_ms=zero"), "step_ms"),
        (format!("router=core&{range}"), "name at least one interface"),
        ("router=core&name=sfp-test&color=red".to_owned(), "unknown query parameter"),
    ] {
        let (status, body) = send(&app, get(&format!("/api/history?{query}"))).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body.contains(wants), "{query}: {body}");
    }
    let (status, body) = send(&app, get("/api/history?router=nope&name=sfp-test")).await;
    assert_eq!(
        (status.as_u16(), serde_json::from_str::<Value>(&body).unwrap()["error"].as_str()),
        (404, Some("unknown_router"))
    );

    let (status, body) = send(&app, get("/api/usage?router=core")).await;
    assert_eq!(status, 200, "{body}");
    let usage: Value = serde_json::from_str(&body).unwrap();
    let row = usage["interfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "sfp-test")
        .unwrap_or_else(|| panic!("{usage}"));
    // 24 readings of (24..1) kbps, each held 5 s: 5 s × 300 kbit / 8.
    assert_eq!(
        row["today"]["rx_bytes"].as_u64().unwrap() + row["yesterday"]["rx_bytes"].as_u64().unwrap(),
        187_500
    );
    let (_, csv) = send(&app, get("/api/usage?router=core&format=csv")).await;
    assert!(csv.starts_with("interface,today_rx_bytes,"), "{csv}");
    assert!(csv.lines().any(|line| line.starts_with("sfp-test,")), "{csv}");
}

/// Every router is read once per cache period with nobody watching, and viewers asking at the
/// same time add no command: they share the readings history records.
#[tokio::test]
async fn routers_are_recorded_while_nobody_watches_and_viewers_cost_nothing_more() {
    let sim = simulator().await;
    let ttl = Duration::from_millis(200);
    let timings =
        StatsTimings { cache_ttl: ttl, warmup_gap: Duration::from_millis(50), ..StatsTimings::default() };
    let app = app_on(config(&[]), options(), timings, vec![simulated(&sim, "core")]).await;
    let history = app.state.fleet.history().clone();
    let started = std::time::Instant::now();
    let recorded = |now| {
        let history = history.clone();
        async move {
            let answer = query(&history, &ask(&["ether1"], now - 60_000, now, Some(200)), now).await;
            answer.series[0].points.iter().filter(|p| p.1.is_some()).count()
        }
    };
    // Nobody watches: wait until ten readings with rates are recorded (10 s at most).
    while recorded(routeros_traffic::stats::unix_ms(SystemTime::now())).await < 10 {
        assert!(started.elapsed() < Duration::from_secs(10), "nothing recorded: {:?}", sim.stats());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Ten viewers polling as fast as they can for the next second.
    let before = sim.stats().commands;
    let watch_from = std::time::Instant::now();
    let mut viewers = Vec::new();
    for _ in 0..10 {
        let app_state = app.state.clone();
        viewers.push(tokio::spawn(async move {
            while watch_from.elapsed() < Duration::from_secs(1) {
                let router = app_state.fleet.router(Some("core")).unwrap();
                let _ = router.stats.table().await;
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        }));
    }
    for viewer in viewers {
        viewer.await.unwrap();
    }
    let during = sim.stats().commands - before;
    let periods = (watch_from.elapsed().as_millis() / ttl.as_millis()) as u64;
    assert!(during <= periods + 1, "{during} commands in {periods} cache periods with ten viewers");
    assert!(during >= periods.saturating_sub(1), "still read every period: {during} in {periods}");
}
