//! Traffic history: every router's rates recorded at the cache period whether anyone watches
//! or not, kept compactly in the database, rolled up, expired, and read back for the chart,
//! the API and the usage table.
//!
//! - Recording costs the router nothing: the stats service hands over each reading it fetched
//!   anyway ([`History::record`]), and the fleet keeps every router's cache warm.
//! - Readings wait in memory until their minute is over, then go to the database as one packed
//!   chunk per interface ([`chunk`]); queries see the waiting ones too. A failed write (a full
//!   disk) keeps them for the next try, up to an hour's worth per interface.
//! - Once an hour is over, each series' readings of it are rolled up into per-minute average
//!   and maximum and daily byte totals, in the same transaction that deletes what retention
//!   drops ([`maintenance`]).
//! - Series are keyed by router and interface name, so a PPPoE customer who reconnects (a new
//!   `.id`) continues the same line.

pub mod chunk;
pub mod maintenance;
pub mod query;
pub mod rollup;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use crate::model::InterfaceStats;
use crate::stats::unix_ms;
use crate::store::{Store, StoreError};

pub const MINUTE_MS: i64 = 60_000;
pub const HOUR_MS: i64 = 3_600_000;
/// Daily byte totals are kept 13 months.
pub const DAILY_RETENTION_DAYS: i64 = 400;
/// Readings kept in memory per interface while the database refuses writes (and at most
/// an hour of them).
const MAX_WAITING_PER_SERIES: usize = 720;

/// One reading of one interface: its time and rates (`None` where unknown).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    pub t_ms: i64,
    pub rx: Option<f32>,
    pub tx: Option<f32>,
}

/// Average and maximum of a direction over a span; unknown when nothing in it was known.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Aggregate {
    pub avg: Option<f32>,
    pub max: Option<f32>,
}

/// One minute of one interface.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Minute {
    pub t_ms: i64,
    pub rx: Aggregate,
    pub tx: Aggregate,
}

/// How long each resolution is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub raw: Duration,
    pub minutes: Duration,
}

impl Retention {
    /// The oldest time whose every reading is kept, as of `now_ms`.
    pub fn raw_since(&self, now_ms: i64) -> i64 {
        ms_before(now_ms, self.raw)
    }

    /// The oldest time whose minutes are kept, as of `now_ms`.
    pub fn minutes_since(&self, now_ms: i64) -> i64 {
        ms_before(now_ms, self.minutes)
    }
}

/// `span` before `t_ms`, saturating instead of overflowing.
fn ms_before(t_ms: i64, span: Duration) -> i64 {
    t_ms.saturating_sub(i64::try_from(span.as_millis()).unwrap_or(i64::MAX))
}

impl Default for Retention {
    /// CONTRACT.md's floor: 24 h of readings, 30 days of minutes.
    fn default() -> Self {
        Self { raw: Duration::from_secs(24 * 3600), minutes: Duration::from_secs(30 * 24 * 3600) }
    }
}

/// Something per series: by router, then by interface name. Two levels, so that looking up
/// a series (ten thousand times a second at 200 routers) allocates nothing.
#[derive(Debug, Default)]
struct PerSeries<T>(HashMap<String, HashMap<String, T>>);

impl<T: Default> PerSeries<T> {
    fn get(&self, router: &str, interface: &str) -> Option<&T> {
        self.0.get(router)?.get(interface)
    }

    fn entry(&mut self, router: &str, interface: &str) -> &mut T {
        if !self.0.contains_key(router) {
            self.0.insert(router.to_owned(), HashMap::new());
        }
        let interfaces = self.0.get_mut(router).expect("inserted above");
        if !interfaces.contains_key(interface) {
            interfaces.insert(interface.to_owned(), T::default());
        }
        interfaces.get_mut(interface).expect("inserted above")
    }

    fn drain(&mut self) -> impl Iterator<Item = (String, String, T)> + '_ {
        self.0.drain().flat_map(|(router, interfaces)| {
            interfaces.into_iter().map(move |(interface, value)| (router.clone(), interface, value))
        })
    }
}

#[derive(Default)]
struct Waiting {
    /// Readings not yet handed to the database.
    open: PerSeries<Vec<Sample>>,
    /// Readings being written (or whose write failed, to be tried again).
    writing: PerSeries<Vec<Sample>>,
}

struct Inner {
    store: Store,
    retention: Retention,
    /// The reading period (the stats cache period): the resolution of raw history.
    period: Duration,
    waiting: Mutex<Waiting>,
    /// The database ids of the series written so far.
    ids: Mutex<PerSeries<Option<i64>>>,
    /// One flush or maintenance at a time.
    writer: tokio::sync::Mutex<()>,
    time_zone: jiff::tz::TimeZone,
}

/// Cheap to clone: every clone is the same history.
#[derive(Clone)]
pub struct History {
    inner: Arc<Inner>,
}

impl History {
    pub fn new(store: Store, retention: Retention, period: Duration) -> Self {
        Self::with_time_zone(store, retention, period, jiff::tz::TimeZone::system())
    }

    /// With the time zone whose days the usage table counts (the server's own by default).
    pub fn with_time_zone(
        store: Store,
        retention: Retention,
        period: Duration,
        time_zone: jiff::tz::TimeZone,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                store,
                retention,
                period,
                waiting: Mutex::new(Waiting::default()),
                ids: Mutex::new(PerSeries::default()),
                writer: tokio::sync::Mutex::new(()),
                time_zone,
            }),
        }
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn retention(&self) -> Retention {
        self.inner.retention
    }

    pub fn period_ms(&self) -> i64 {
        i64::try_from(self.inner.period.as_millis()).unwrap_or(i64::MAX).max(1)
    }

    /// The local date of a time (the server's time zone), if the time is one jiff can hold.
    fn local_date(&self, t_ms: i64) -> Option<jiff::civil::Date> {
        let at = jiff::Timestamp::from_millisecond(t_ms).ok()?;
        Some(at.to_zoned(self.inner.time_zone.clone()).date())
    }

    /// The local day of a time, as `YYYY-MM-DD`.
    pub fn day_of(&self, t_ms: i64) -> String {
        self.local_date(t_ms).map_or_else(|| String::from("0000-00-00"), |date| date.to_string())
    }

    fn waiting(&self) -> MutexGuard<'_, Waiting> {
        // Nothing panics while holding this lock; a poisoned one still holds consistent data.
        self.inner.waiting.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Keeps one reading of a router's interfaces.
    pub fn record(&self, router: &str, at: SystemTime, interfaces: &[InterfaceStats]) {
        let t_ms = unix_ms(at);
        let mut waiting = self.waiting();
        for interface in interfaces {
            let samples = waiting.open.entry(router, &interface.info.name);
            if samples.last().is_some_and(|last| last.t_ms >= t_ms) {
                continue; // the same reading again, or a clock step backwards
            }
            samples.push(Sample {
                t_ms,
                rx: interface.rx_bps.map(|bps| bps as f32),
                tx: interface.tx_bps.map(|bps| bps as f32),
            });
            if samples.len() > MAX_WAITING_PER_SERIES {
                samples.remove(0);
            }
        }
    }

    /// Readings of `interface` in `[from_ms, to_ms]` that are not in the database yet.
    fn waiting_samples(&self, router: &str, interface: &str, from_ms: i64, to_ms: i64) -> Vec<Sample> {
        let waiting = self.waiting();
        let mut samples: Vec<Sample> = [&waiting.writing, &waiting.open]
            .into_iter()
            .filter_map(|map| map.get(router, interface))
            .flatten()
            .filter(|s| (from_ms..=to_ms).contains(&s.t_ms))
            .copied()
            .collect();
        samples.sort_by_key(|s| s.t_ms);
        samples
    }

    /// The oldest reading of a series not yet in the database: its hour must not be rolled
    /// up yet.
    fn oldest_waiting(&self, router: &str, interface: &str) -> Option<i64> {
        let waiting = self.waiting();
        let firsts =
            [&waiting.writing, &waiting.open].into_iter().filter_map(|map| map.get(router, interface));
        firsts.filter_map(|samples| samples.first()).map(|s| s.t_ms).min()
    }

    /// Every reading of the router's interfaces not yet in the database, by interface.
    fn waiting_by_interface(&self, router: &str) -> HashMap<String, Vec<Sample>> {
        let waiting = self.waiting();
        let mut by_interface: HashMap<String, Vec<Sample>> = HashMap::new();
        for map in [&waiting.writing, &waiting.open] {
            for (interface, samples) in map.0.get(router).into_iter().flatten() {
                by_interface.entry(interface.clone()).or_default().extend(samples.iter().copied());
            }
        }
        by_interface
    }

    /// Writes the readings of every minute before `until_ms` (all of them when `None`, at
    /// shutdown) as one chunk per interface and minute, in one transaction. When the write
    /// fails nothing is lost: the readings wait for the next flush.
    pub async fn flush(&self, until_ms: Option<i64>) -> Result<usize, StoreError> {
        let _one_writer = self.inner.writer.lock().await;
        let cut = until_ms.map(|t| rollup::bucket_start(t, MINUTE_MS)).unwrap_or(i64::MAX);
        let batch: Vec<(String, String, Vec<Sample>)> = {
            let mut guard = self.waiting();
            let waiting = &mut *guard;
            let open: Vec<(String, String, Vec<Sample>)> = waiting.open.drain().collect();
            for (router, interface, samples) in open {
                let (due, later): (Vec<Sample>, Vec<Sample>) =
                    samples.into_iter().partition(|s| s.t_ms < cut);
                if !later.is_empty() {
                    *waiting.open.entry(&router, &interface) = later;
                }
                if !due.is_empty() {
                    let writing = waiting.writing.entry(&router, &interface);
                    writing.extend(due);
                    let excess = writing.len().saturating_sub(MAX_WAITING_PER_SERIES);
                    writing.drain(..excess);
                }
            }
            // Also of interfaces that stopped reporting: nothing waits longer than an hour.
            if until_ms.is_some() {
                for interfaces in waiting.writing.0.values_mut() {
                    for samples in interfaces.values_mut() {
                        samples.retain(|s| s.t_ms >= cut - HOUR_MS);
                    }
                    interfaces.retain(|_, samples| !samples.is_empty());
                }
            }
            let writing = waiting.writing.0.iter();
            writing
                .flat_map(|(router, interfaces)| {
                    interfaces
                        .iter()
                        .map(|(interface, samples)| (router.clone(), interface.clone(), samples.clone()))
                })
                .collect()
        };
        if batch.is_empty() {
            return Ok(0);
        }
        let written = self.write_raw(&batch).await?;
        self.waiting().writing.0.clear();
        Ok(written)
    }

    /// One transaction: the new series, then every chunk in multi-row inserts.
    async fn write_raw(&self, batch: &[(String, String, Vec<Sample>)]) -> Result<usize, StoreError> {
        let mut tx = self.inner.store.begin_history().await?;
        let (mut chunks, mut new_ids, mut written) = (Vec::new(), Vec::new(), 0);
        for (router, interface, samples) in batch {
            let Some(first) = samples.first() else { continue };
            let known = self.ids().get(router, interface).copied().flatten();
            let id = match known {
                Some(id) => id,
                None => {
                    let from = rollup::bucket_start(first.t_ms, HOUR_MS);
                    let id = Store::series_id(&mut tx, router, interface, from).await?;
                    new_ids.push((router, interface, id));
                    id
                }
            };
            let same_minute = |a: &Sample, b: &Sample| {
                rollup::bucket_start(a.t_ms, MINUTE_MS) == rollup::bucket_start(b.t_ms, MINUTE_MS)
            };
            for minute in samples.chunk_by(same_minute) {
                let start = minute[0].t_ms;
                chunks.push((id, start, chunk::encode_raw(start, minute)));
                written += minute.len();
            }
        }
        Store::write_raw_chunks(&mut tx, &chunks).await?;
        tx.commit().await?;
        // Only once committed: a rolled-back series has no id.
        let mut ids = self.ids();
        for (router, interface, id) in new_ids {
            *ids.entry(router, interface) = Some(id);
        }
        Ok(written)
    }

    fn ids(&self) -> MutexGuard<'_, PerSeries<Option<i64>>> {
        self.inner.ids.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Flushes every minute and rolls up and expires once a minute, until the process ends.
    pub fn run_in_background(&self) {
        let history = self.clone();
        tokio::spawn(async move {
            loop {
                // Just after each minute ends, so its readings go out as one chunk.
                let now = unix_ms(SystemTime::now());
                let next = rollup::bucket_start(now, MINUTE_MS) + MINUTE_MS + 2_000;
                tokio::time::sleep(Duration::from_millis(u64::try_from(next - now).unwrap_or(0))).await;
                let now = unix_ms(SystemTime::now());
                if let Err(error) = history.flush(Some(now)).await {
                    tracing::warn!(%error, "cannot write history; the readings wait in memory");
                }
                // Also after a failed write: retention may free the room it lacked, and the
                // hours of the readings still waiting are not rolled up.
                if let Err(error) = history.maintain(now).await {
                    tracing::warn!(%error, "cannot roll up or expire history");
                }
            }
        });
    }
}
