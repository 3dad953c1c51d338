//! The stats service: one router's interface table, cached, fetched single-flight under a
//! deadline, served stale while the router fails, with rates from counter deltas.
//!
//! - One `/interface/print` (with `.proplist`) serves every viewer, the selector and the JSON
//!   API. Nobody asking means no router traffic.
//! - A miss takes the session lock, which is also the single-flight: requests that arrive
//!   while a fetch runs wait for it and share its outcome, success or failure, so N
//!   concurrent requests cost one command and nobody waits longer than one deadline.
//! - The whole fetch (connect, login, command) runs under the command deadline. When it fires
//!   the future is dropped, and with it the connection: nothing keeps running.

pub mod names;
pub mod rates;

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use self::rates::RouterReading;
use crate::error::AppError;
use crate::model::{InterfaceStats, TableSnapshot};
use crate::routeros::error::Operation;
use crate::routeros::rows::InterfaceRow;
use crate::routeros::{Deadlines, Error as RouterError, Session};

pub const CACHE_HITS: &str = "stats_cache_hits_total";
pub const CACHE_MISSES: &str = "stats_cache_misses_total";
pub const STALE_ANSWERS: &str = "stats_stale_answers_total";
pub const UNAVAILABLE_ANSWERS: &str = "stats_unavailable_answers_total";

/// The service's timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsTimings {
    /// How long a reading is served as fresh.
    pub cache_ttl: Duration,
    /// Deadline of one whole fetch.
    pub deadline: Duration,
    /// Oldest reading served (marked stale) while the router fails.
    pub stale_limit: Duration,
    /// Gap between the first two readings, so the very first answer already has rates.
    pub warmup_gap: Duration,
}

impl Default for StatsTimings {
    /// The original feature's 5 s cache and 3 s deadline; 30 s of stale data at most.
    fn default() -> Self {
        Self {
            cache_ttl: Duration::from_secs(5),
            deadline: Deadlines::DEFAULT,
            stale_limit: Duration::from_secs(30),
            warmup_gap: Duration::from_secs(1),
        }
    }
}

/// Why there is nothing to serve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unavailable {
    /// The last error, for operators. Never contains the password.
    pub message: String,
    /// Since when the router has not answered.
    pub since: SystemTime,
}

impl From<Unavailable> for AppError {
    fn from(unavailable: Unavailable) -> Self {
        Self::RouterUnreachable { message: unavailable.message, since_ms: unix_ms(unavailable.since) }
    }
}

/// A reading with its rates computed once, shared by every answer that serves it.
#[derive(Debug)]
struct InterfaceTable {
    reading: RouterReading,
    interfaces: Vec<InterfaceStats>,
}

#[derive(Debug, Default)]
struct Cache {
    latest: Option<Arc<InterfaceTable>>,
    /// When the most recent fetch attempt ended, whatever its outcome.
    last_attempt: Option<Instant>,
    /// Set while the router fails: the last error and when the failures began.
    failing: Option<Unavailable>,
}

struct Inner {
    router: String,
    timings: StatsTimings,
    /// Held for the duration of a fetch: the single-flight.
    session: tokio::sync::Mutex<Session>,
    cache: Mutex<Cache>,
    started: SystemTime,
}

/// Cheap to clone: every clone is the same service.
#[derive(Clone)]
pub struct StatsService {
    inner: Arc<Inner>,
}

/// What [`StatsService::table`] answers: a shared table and how fresh it is.
#[derive(Debug, Clone)]
pub struct ServedTable {
    table: Arc<InterfaceTable>,
    pub age: Duration,
    pub stale: bool,
}

impl ServedTable {
    pub fn interfaces(&self) -> &[InterfaceStats] {
        &self.table.interfaces
    }

    pub fn fetched_at(&self) -> SystemTime {
        self.table.reading.wall
    }

    pub fn age_ms(&self) -> u64 {
        u64::try_from(self.age.as_millis()).unwrap_or(u64::MAX)
    }

    /// The answer as a snapshot of the interfaces that `keep` selects.
    pub fn snapshot<T>(
        &self,
        router: &str,
        keep: impl FnMut(&InterfaceStats) -> Option<T>,
    ) -> TableSnapshot<T> {
        TableSnapshot {
            router: router.to_owned(),
            fetched_at_ms: unix_ms(self.fetched_at()),
            age_ms: self.age_ms(),
            stale: self.stale,
            interfaces: self.interfaces().iter().filter_map(keep).collect(),
        }
    }
}

/// Milliseconds since the Unix epoch (negative before it, which no router clock is).
pub fn unix_ms(time: SystemTime) -> i64 {
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

impl StatsService {
    pub fn new(router: impl Into<String>, session: Session, timings: StatsTimings) -> Self {
        Self {
            inner: Arc::new(Inner {
                router: router.into(),
                timings,
                session: tokio::sync::Mutex::new(session),
                cache: Mutex::new(Cache::default()),
                started: SystemTime::now(),
            }),
        }
    }

    /// The router as `/api/interface-stats` names it.
    pub fn router(&self) -> &str {
        &self.inner.router
    }

    fn cache(&self) -> MutexGuard<'_, Cache> {
        // Nothing panics while holding this lock; a poisoned one still holds consistent data.
        self.inner.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current table: fresh from the cache, fetched on a miss, or stale while the router
    /// fails. [`Unavailable`] when nothing is younger than the stale limit.
    pub async fn table(&self) -> Result<ServedTable, Unavailable> {
        let arrived = Instant::now();
        if let Some(answer) = self.fresh(arrived) {
            metrics::counter!(CACHE_HITS).increment(1);
            return Ok(answer);
        }
        let mut session = self.inner.session.lock().await;
        // A fetch that ended after we arrived answers us too, whatever its outcome.
        let shared_outcome = self.cache().last_attempt.is_some_and(|at| at >= arrived);
        if shared_outcome {
            metrics::counter!(CACHE_HITS).increment(1);
            return self.cached_answer(Instant::now());
        }
        if let Some(answer) = self.fresh(Instant::now()) {
            metrics::counter!(CACHE_HITS).increment(1);
            return Ok(answer);
        }
        metrics::counter!(CACHE_MISSES).increment(1);
        self.fetch(&mut session).await;
        self.cached_answer(Instant::now())
    }

    /// The latest table if it is younger than the cache lifetime and the last fetch succeeded.
    fn fresh(&self, now: Instant) -> Option<ServedTable> {
        let cache = self.cache();
        let table = cache.latest.as_ref().filter(|_| cache.failing.is_none())?;
        let age = now.saturating_duration_since(table.reading.at);
        (age < self.inner.timings.cache_ttl).then(|| ServedTable {
            table: Arc::clone(table),
            age,
            stale: false,
        })
    }

    /// Answers from the cache after a fetch: fresh, stale within the limit, or unavailable.
    fn cached_answer(&self, now: Instant) -> Result<ServedTable, Unavailable> {
        let cache = self.cache();
        let unavailable = || {
            metrics::counter!(UNAVAILABLE_ANSWERS).increment(1);
            cache.failing.clone().unwrap_or_else(|| Unavailable {
                message: "no reading from the router yet".to_owned(),
                since: self.inner.started,
            })
        };
        let Some(table) = &cache.latest else { return Err(unavailable()) };
        let age = now.saturating_duration_since(table.reading.at);
        let stale = cache.failing.is_some();
        if stale && age > self.inner.timings.stale_limit {
            return Err(unavailable());
        }
        if stale {
            metrics::counter!(STALE_ANSWERS).increment(1);
        }
        Ok(ServedTable { table: Arc::clone(table), age, stale })
    }

    /// One fetch attempt under the deadline, and its outcome written to the cache. The first
    /// reading ever is followed by a second one a moment later, so rates exist at once; the
    /// first stays private meanwhile, and requests arriving then wait for the pair.
    async fn fetch(&self, session: &mut Session) {
        // The table's Arc, not a copy of its rows: rates are measured from its reading.
        let latest = self.cache().latest.clone();
        let (warmup, outcome) = match (&latest, self.read(session).await) {
            (None, Ok(first)) => {
                tokio::time::sleep(self.inner.timings.warmup_gap).await;
                (Some(first), self.read(session).await)
            }
            (_, outcome) => (None, outcome),
        };
        match outcome {
            Ok(reading) => self.store(warmup.as_ref().or(latest.as_ref().map(|t| &t.reading)), reading),
            Err(error) => {
                let mut cache = self.cache();
                let since = cache.failing.as_ref().map_or_else(SystemTime::now, |f| f.since);
                tracing::warn!(%error, "router fetch failed");
                cache.failing = Some(Unavailable { message: error.to_string(), since });
                cache.last_attempt = Some(Instant::now());
            }
        }
    }

    /// Reads the table once under the deadline. On a missed deadline the session's connection
    /// was dropped with the future; the session is told so it backs off.
    async fn read(&self, session: &mut Session) -> Result<RouterReading, RouterError> {
        let deadline = self.inner.timings.deadline;
        let result =
            tokio::time::timeout(deadline, session.query::<InterfaceRow>(InterfaceRow::request(&[]))).await;
        match result {
            Ok(Ok(rows)) => Ok(RouterReading { at: Instant::now(), wall: SystemTime::now(), rows }),
            Ok(Err(error)) => Err(error),
            Err(_) => {
                let error = RouterError::Timeout { operation: Operation::Command, after: deadline };
                session.abandoned(&error);
                Err(error)
            }
        }
    }

    /// Publishes `reading`, with rates measured from `previous`.
    fn store(&self, previous: Option<&RouterReading>, reading: RouterReading) {
        let interfaces = rates::table(previous, &reading);
        let mut cache = self.cache();
        cache.latest = Some(Arc::new(InterfaceTable { reading, interfaces }));
        cache.failing = None;
        cache.last_attempt = Some(Instant::now());
    }
}
