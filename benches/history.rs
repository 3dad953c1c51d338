//! History's storage, write and read budgets (issue 12), measured on a real SQLite file in a
//! temporary data directory with simulated time. Prints figures; asserts nothing.
//!
//!     cargo bench --features ssr --bench history            (scripts/bench-history.sh)
//!
//! - storage: one router with 250 interfaces, 30 days of minutes plus 24 h of every reading,
//!   the last day written exactly as the server does (a flush a minute, hourly rollups);
//! - write cost: 200 routers × 250 interfaces every 5 s, as CPU time per wall-clock time;
//! - reads: 24 h of 8 interfaces, and 30 days of one interface in about 2,000 points.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use routeros_traffic::history::query::HistoryRequest;
use routeros_traffic::history::rollup::{bytes_by_day, minutes};
use routeros_traffic::history::{chunk, History, Retention, Sample, HOUR_MS, MINUTE_MS};
use routeros_traffic::model::{InterfaceInfo, InterfaceStats};
use routeros_traffic::store::history::Rollup;
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::{Store, DB_FILE};

const PERIOD_MS: i64 = 5_000;
const INTERFACES: usize = 250;
const DAY_MS: i64 = 24 * HOUR_MS;
/// Simulated "now": the end of the recorded month.
const NOW: i64 = 1_796_083_200_000 + 31 * DAY_MS;

/// A small deterministic generator: the same traffic on every run.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Interface `i`'s rate at `t`: an uplink near 400 Mbps, customers from idle to a few Mbps,
/// every rate noisy as real traffic is.
fn rate(noise: &mut Noise, i: usize, t_ms: i64) -> f64 {
    let daily = 0.6 + 0.4 * ((t_ms % DAY_MS) as f64 / DAY_MS as f64 * std::f64::consts::TAU).sin();
    let base = if i == 0 { 400e6 } else { 2e3 + 3e6 * ((i * 7919) % 100) as f64 / 100.0 };
    base * daily * (0.5 + noise.next())
}

fn interface(name: &str, rx: f64, tx: f64) -> InterfaceStats {
    InterfaceStats {
        info: InterfaceInfo {
            name: name.to_owned(),
            kind: "pppoe-in".into(),
            running: true,
            disabled: false,
            comment: None,
        },
        rx_byte: 0,
        tx_byte: 0,
        rx_bps: Some(rx),
        tx_bps: Some(tx),
    }
}

fn names(count: usize) -> Vec<String> {
    (0..count)
        .map(|i| if i == 0 { "ether1-wan".to_owned() } else { format!("<pppoe-customer-{i:03}>") })
        .collect()
}

/// Process CPU time (user + system), from /proc: the sqlx worker threads count too.
fn cpu_time() -> Duration {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> =
        stat.rsplit_once(')').map(|(_, rest)| rest.split_whitespace().collect()).unwrap_or_default();
    let ticks: u64 = fields.get(11..13).map_or(0, |f| f.iter().filter_map(|v| v.parse::<u64>().ok()).sum());
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

async fn open(dir: &std::path::Path) -> History {
    let store = Store::open(dir, SecretKey::from_bytes([7; 32])).await.expect("store opens");
    History::new(store, Retention::default(), Duration::from_millis(PERIOD_MS as u64))
}

fn file_size(dir: &std::path::Path) -> u64 {
    ["", "-wal"]
        .iter()
        .filter_map(|suffix| std::fs::metadata(dir.join(format!("{DB_FILE}{suffix}"))).ok())
        .map(|m| m.len())
        .sum()
}

fn at(t_ms: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(t_ms as u64)
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let history = open(dir.path()).await;
    let names = names(INTERFACES);
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);

    // 1. Days 31 to 2 before NOW, as the hourly rollup writes them, straight from generated
    //    readings (the readings themselves are past raw retention).
    let started = Instant::now();
    let month_start = NOW - 30 * DAY_MS;
    let last_day = NOW - DAY_MS;
    let mut stored_minutes = 0u64;
    let mut series_ids = Vec::new();
    {
        // Create the series as the recorder would, with one reading each at month_start.
        for name in &names {
            history.record("core", at(month_start - PERIOD_MS), &[interface(name, 0.0, 0.0)]);
        }
        history.flush(None).await.expect("flush");
        for series in history.store().all_series(Some("core")).await.expect("series") {
            series_ids.push(series.id);
        }
    }
    let mut hour = month_start;
    while hour < last_day {
        let mut rollups = Vec::with_capacity(INTERFACES);
        for (i, id) in series_ids.iter().enumerate() {
            let samples: Vec<Sample> = (0..HOUR_MS / PERIOD_MS)
                .map(|k| {
                    let t = hour + k * PERIOD_MS + (noise.next() * 40.0) as i64;
                    Sample {
                        t_ms: t,
                        rx: Some(rate(&mut noise, i, t) as f32),
                        tx: Some(rate(&mut noise, i, t) as f32 / 8.0),
                    }
                })
                .collect();
            let minutes = minutes(&samples);
            stored_minutes += minutes.len() as u64;
            let usage = bytes_by_day(None, &samples, PERIOD_MS, |t| history.day_of(t));
            rollups.push(Rollup {
                series_id: *id,
                hour_ms: hour,
                minutes: Some(chunk::encode_minutes(hour, &minutes)),
                usage: usage.into_iter().map(|(day, (rx, tx))| (day, rx, tx)).collect(),
                raw_cut_ms: hour,
                minute_cut_ms: 0,
                day_cut: String::new(),
            });
        }
        history.store().write_rollups(&rollups).await.expect("rollups");
        hour += HOUR_MS;
    }
    println!(
        "filled 29 days of minutes for {INTERFACES} interfaces in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // 2. The last 24 h exactly as the server records them: a reading every 5 s, a flush a
    //    minute, the rollups every hour.
    let started = Instant::now();
    let mut t = last_day;
    let mut raw_readings = 0u64;
    while t < NOW {
        let readings: Vec<InterfaceStats> = names
            .iter()
            .enumerate()
            .map(|(i, name)| interface(name, rate(&mut noise, i, t), rate(&mut noise, i, t) / 8.0))
            .collect();
        history.record("core", at(t + (noise.next() * 40.0) as i64), &readings);
        raw_readings += INTERFACES as u64;
        t += PERIOD_MS;
        if t % MINUTE_MS == 0 {
            history.flush(Some(t)).await.expect("flush");
            if t % HOUR_MS == 0 {
                history.maintain(t + 3 * MINUTE_MS).await.expect("maintain");
            }
        }
    }
    history.flush(Some(NOW)).await.expect("flush");
    println!("recorded the last 24 h through the server's path in {:.1} s", started.elapsed().as_secs_f64());

    // Reads, on the full store.
    let request = |names: &[String], from: i64, step: Option<i64>| HistoryRequest {
        router: "core".into(),
        names: names.to_vec(),
        from_ms: from,
        to_ms: NOW,
        step_ms: step,
    };
    let day_of_eight = request(&names[..8], NOW - DAY_MS, None);
    let month_of_one = request(&names[..1], NOW - 30 * DAY_MS, Some(30 * DAY_MS / 2_000));
    let mut day_times = Vec::new();
    let mut month_times = Vec::new();
    let mut points = (0, 0);
    for _ in 0..15 {
        let started = Instant::now();
        let answer = history.query(&day_of_eight, NOW).await.expect("query").expect("valid");
        day_times.push(started.elapsed());
        points.0 = answer.series.iter().map(|s| s.points.len()).sum::<usize>();
        let started = Instant::now();
        let answer = history.query(&month_of_one, NOW).await.expect("query").expect("valid");
        month_times.push(started.elapsed());
        points.1 = answer.series[0].points.len();
    }
    let retention = history.retention();
    history.store().close().await;
    let bytes = file_size(dir.path());
    let raw_kept =
        raw_readings.min(INTERFACES as u64 * (retention.raw.as_millis() as i64 / PERIOD_MS) as u64);
    // The last day's minutes come from its hourly rollups.
    stored_minutes += INTERFACES as u64 * (DAY_MS / MINUTE_MS) as u64;
    let samples = stored_minutes + raw_kept;
    println!(
        "\nstorage, 1 router × {INTERFACES} interfaces, 30 days of minutes + 24 h of readings every 5 s:"
    );
    println!("  database            {:.1} MiB (budget 256 MiB)", bytes as f64 / 1048576.0);
    println!("  minutes stored      {stored_minutes}");
    println!("  readings stored     {raw_kept}");
    println!("  bytes per sample    {:.1} (MikroDash: 270 per minute row)", bytes as f64 / samples as f64);
    println!(
        "  per interface-month {:.2} MiB (MikroDash: 11.6 MB)",
        bytes as f64 / INTERFACES as f64 / 1048576.0
    );
    println!("\nreads (median of 15):");
    println!(
        "  24 h of 8 interfaces        {:>7.1} ms, {} points (budget 50 ms)",
        median(day_times).as_secs_f64() * 1e3,
        points.0
    );
    println!(
        "  30 d of 1 interface          {:>7.1} ms, {} points (budget 200 ms)",
        median(month_times).as_secs_f64() * 1e3,
        points.1
    );

    write_cost().await;
}

/// 200 routers × 250 interfaces recorded every 5 s for a simulated hour, then that hour's
/// rollup of all 50,000 series: CPU time per wall-clock time of the server.
async fn write_cost() {
    const ROUTERS: usize = 200;
    const MINUTES: i64 = 60;
    let dir = tempfile::tempdir().expect("temporary directory");
    let history = open(dir.path()).await;
    let routers: Vec<String> = (0..ROUTERS).map(|r| format!("router-{r:03}")).collect();
    let names = names(INTERFACES);
    let mut noise = Noise(42);
    let start = NOW - NOW % HOUR_MS + HOUR_MS - MINUTES * MINUTE_MS;
    let readings: Vec<Vec<InterfaceStats>> = (0..ROUTERS)
        .map(|_| names.iter().enumerate().map(|(i, n)| interface(n, rate(&mut noise, i, 0), 1e5)).collect())
        .collect();

    let (cpu, wall) = (cpu_time(), Instant::now());
    let mut t = start;
    while t < start + MINUTES * MINUTE_MS {
        for (router, table) in routers.iter().zip(&readings) {
            history.record(router, at(t), table);
        }
        t += PERIOD_MS;
        if t % MINUTE_MS == 0 {
            history.flush(Some(t)).await.expect("flush");
        }
    }
    let recording = cpu_time() - cpu;
    let recording_wall = wall.elapsed();
    let (cpu, wall) = (cpu_time(), Instant::now());
    let rolled = history.maintain(t + 3 * MINUTE_MS).await.expect("maintain");
    let rollup = cpu_time() - cpu;
    let rollup_wall = wall.elapsed();
    let simulated = Duration::from_millis((MINUTES * MINUTE_MS) as u64);
    let recording_share = recording.as_secs_f64() / simulated.as_secs_f64() * 100.0;
    let rollup_share = rollup.as_secs_f64() / 3600.0 * 100.0;
    println!(
        "\nwrite cost, {ROUTERS} routers × {INTERFACES} interfaces every 5 s ({} series):",
        ROUTERS * INTERFACES
    );
    println!(
        "  recording + a flush a minute   {:.1} s CPU ({:.1} s wall) for {MINUTES} min: {recording_share:.1} % of one core",
        recording.as_secs_f64(),
        recording_wall.as_secs_f64()
    );
    println!(
        "  the hourly rollup ({rolled} series)  {:.1} s CPU ({:.1} s wall) per hour: {rollup_share:.2} % of one core",
        rollup.as_secs_f64(),
        rollup_wall.as_secs_f64()
    );
    println!(
        "  together                       {:.1} % of one core (budget 20 %)",
        recording_share + rollup_share
    );
    history.store().close().await;
}
