//! The stats service: one router's interface table, cached, fetched single-flight under a
//! deadline, served stale while the router fails, with rates from counter deltas.
//!
//! - One `/interface/print` (with `.proplist`) serves every viewer, the selector, the JSON
//!   API and the history recorder (which the fleet asks once per cache period).
//! - At most one router attempt per cache period, whatever its outcome and however many
//!   viewers: a failed attempt is remembered like a good one, and requests within its period
//!   get the stale table (or the 503) and the same problem without a new command.
//! - A miss takes the session lock, which is also the single-flight: requests that arrive
//!   while an attempt runs wait for it and share its outcome. The attempt runs in a task of
//!   its own, so a request that gives up (a closed tab, the browser's abort) never cuts it
//!   short: it is still remembered, and its connection kept.
//! - An attempt (connect, login, command; both readings of the warm-up) ends by one command
//!   deadline, so no request waits longer than that.
//! - One log line when the router starts failing (or fails differently), one when it recovers.

pub mod clock;
pub mod names;
pub mod problem;
pub mod rates;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

use serde_json::value::RawValue;
use tokio::time::Instant;

use self::clock::WallClock;
use self::rates::RouterReading;
use crate::error::AppError;
use crate::history::History;
use crate::model::{InterfaceStats, RouterProblem, TableSnapshot};
use crate::routeros::rows::InterfaceRow;
use crate::routeros::{Deadlines, Error as RouterError, Session};

pub const CACHE_HITS: &str = "stats_cache_hits_total";
pub const CACHE_MISSES: &str = "stats_cache_misses_total";
pub const STALE_ANSWERS: &str = "stats_stale_answers_total";
pub const UNAVAILABLE_ANSWERS: &str = "stats_unavailable_answers_total";
/// Per router, 1 for its current state (`live` or a [`RouterProblem::code`]), 0 for the others.
pub const ROUTER_STATE: &str = "stats_router_state";

/// The service's timings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsTimings {
    /// How long the outcome of an attempt is served: the least time between two attempts.
    pub cache_ttl: Duration,
    /// Deadline of one whole attempt.
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
    pub problem: RouterProblem,
    /// Since when the router has not answered.
    pub since: SystemTime,
}

impl From<Unavailable> for AppError {
    fn from(unavailable: Unavailable) -> Self {
        Self::RouterUnreachable { problem: unavailable.problem, since_ms: unix_ms(unavailable.since) }
    }
}

/// A reading with its rates computed once, shared by every answer that serves it.
#[derive(Debug)]
struct InterfaceTable {
    reading: RouterReading,
    interfaces: Vec<InterfaceStats>,
    /// `interfaces` as JSON, encoded once on first use and shared by every answer after it.
    json: OnceLock<Box<RawValue>>,
}

#[derive(Debug, Default)]
struct Cache {
    latest: Option<Arc<InterfaceTable>>,
    /// When the most recent attempt ended, whatever its outcome.
    last_attempt: Option<Instant>,
    /// Set while the router fails: why, and since when.
    failing: Option<Unavailable>,
}

struct Inner {
    router: String,
    timings: StatsTimings,
    /// Set when the router must not be tried at all, and why.
    blocked: Option<RouterProblem>,
    /// Set when the router was removed: no new attempt starts.
    closed: AtomicBool,
    /// Wakes whoever waits for the removal.
    closing: tokio::sync::Notify,
    /// Held for the duration of an attempt: the single-flight.
    session: Arc<tokio::sync::Mutex<Session>>,
    cache: Mutex<Cache>,
    clock: WallClock,
    /// Where each new reading is recorded, when history is kept.
    history: OnceLock<History>,
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
    /// Why the newest attempt failed, when this is older data served in its place.
    pub problem: Option<RouterProblem>,
}

impl ServedTable {
    pub fn interfaces(&self) -> &[InterfaceStats] {
        &self.table.interfaces
    }

    pub fn fetched_at(&self) -> SystemTime {
        self.table.reading.wall
    }

    /// Every interface as a JSON array, encoded once per reading however many ask.
    pub fn interfaces_json(&self) -> &RawValue {
        self.table.json.get_or_init(|| {
            serde_json::value::to_raw_value(&self.table.interfaces).unwrap_or_else(|error| {
                tracing::error!(%error, "cannot encode the interface table");
                serde_json::value::to_raw_value(&[(); 0]).unwrap_or_default()
            })
        })
    }

    pub fn age_ms(&self) -> u64 {
        u64::try_from(self.age.as_millis()).unwrap_or(u64::MAX)
    }

    /// True when the newest attempt failed and this older table is served instead.
    pub fn stale(&self) -> bool {
        self.problem.is_some()
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
            stale: self.stale(),
            problem: self.problem.clone(),
            interfaces: self.interfaces().iter().filter_map(keep).collect(),
        }
    }
}

/// A time as the JSON answers write it: RFC 3339 in UTC, to the millisecond.
pub fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
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
        Self::build(router.into(), session, timings, None)
    }

    /// A service that never asks its router, answering `problem` instead: for a router whose
    /// stored password cannot be read, which must not cost it a failed login.
    pub fn blocked(
        router: impl Into<String>,
        session: Session,
        timings: StatsTimings,
        problem: RouterProblem,
    ) -> Self {
        Self::build(router.into(), session, timings, Some(problem))
    }

    fn build(
        router: String,
        session: Session,
        timings: StatsTimings,
        blocked: Option<RouterProblem>,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                router,
                timings,
                blocked,
                closed: AtomicBool::new(false),
                closing: tokio::sync::Notify::new(),
                session: Arc::new(tokio::sync::Mutex::new(session)),
                cache: Mutex::new(Cache::default()),
                clock: WallClock::start(),
                history: OnceLock::new(),
            }),
        }
    }

    /// Stops the service for good, when its router is removed: requests that still hold it get
    /// no new attempt, and its state no longer shows in `/metrics` as current.
    pub fn close(&self) {
        self.inner.closed.store(true, Ordering::SeqCst);
        self.inner.closing.notify_waiters();
        for code in std::iter::once("live").chain(RouterProblem::CODES) {
            metrics::gauge!(ROUTER_STATE, "router" => self.inner.router.clone(), "state" => code).set(0.0);
        }
    }

    /// Records every reading from now on in `history` (once; a second call is ignored).
    pub fn record_to(&self, history: History) {
        let _ = self.inner.history.set(history);
    }

    /// When the cache period of the last attempt ends: the earliest a new attempt may start.
    /// A cache period from now when none has ended yet, or when the service is closed.
    pub fn next_attempt_at(&self) -> Instant {
        let now = Instant::now();
        let period = self.inner.timings.cache_ttl;
        match self.cache().last_attempt {
            Some(last) if last + period > now => last + period,
            _ => now + period,
        }
    }

    /// Returns once the router is removed.
    pub async fn closed(&self) {
        let notified = self.inner.closing.notified();
        if self.inner.closed.load(Ordering::SeqCst) {
            return;
        }
        notified.await;
    }

    /// Why this service answers without asking its router, if it does.
    fn refusal(&self) -> Option<Unavailable> {
        let problem = match (&self.inner.blocked, self.inner.closed.load(Ordering::SeqCst)) {
            (_, true) => RouterProblem::Removed,
            (Some(problem), false) => problem.clone(),
            (None, false) => return None,
        };
        Some(Unavailable { problem, since: self.inner.clock.started() })
    }

    /// Counts one answer of the kind `metric` for this router.
    fn count(&self, metric: &'static str) {
        metrics::counter!(metric, "router" => self.inner.router.clone()).increment(1);
    }

    /// When the router last answered, if it ever did: also while it fails past the stale limit.
    pub fn last_answered(&self) -> Option<SystemTime> {
        self.cache().latest.as_ref().map(|table| table.reading.wall)
    }

    /// The router as `/api/interface-stats` names it.
    pub fn router(&self) -> &str {
        &self.inner.router
    }

    fn cache(&self) -> MutexGuard<'_, Cache> {
        // Nothing panics while holding this lock; a poisoned one still holds consistent data.
        self.inner.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The current table: fresh, stale while the router fails, or [`Unavailable`] when nothing
    /// is younger than the stale limit. Asks the router only when the last attempt's cache
    /// period is over.
    pub async fn table(&self) -> Result<ServedTable, Unavailable> {
        if let Some(refusal) = self.refusal() {
            return Err(refusal);
        }
        let arrived = Instant::now();
        if let Some(answer) = self.current_outcome(arrived, arrived) {
            self.count(CACHE_HITS);
            return answer;
        }
        let mut session = Arc::clone(&self.inner.session).lock_owned().await;
        if let Some(answer) = self.current_outcome(arrived, Instant::now()) {
            self.count(CACHE_HITS);
            return answer;
        }
        self.count(CACHE_MISSES);
        let service = self.clone();
        // Dropping a JoinHandle does not cancel its task.
        let attempt = tokio::spawn(async move { service.attempt(&mut session).await });
        if let Err(error) = attempt.await {
            tracing::error!(router = self.router(), %error, "a router attempt panicked");
        }
        self.answer(Instant::now())
    }

    /// The outcome of the last attempt as it stands, without asking the router: `None` before
    /// the first attempt ended. A page that looks at many routers waits for none of them; the
    /// fleet keeps every router's table fresh (it reads each once per cache period).
    pub fn peek(&self) -> Option<Result<ServedTable, Unavailable>> {
        if let Some(refusal) = self.refusal() {
            return Some(Err(refusal));
        }
        self.cache().last_attempt?;
        Some(self.answer(Instant::now()))
    }

    /// The answer from the last attempt, good or bad, while its cache period lasts, or when it
    /// ended after `arrived` (a request that waited for it shares its outcome).
    fn current_outcome(&self, arrived: Instant, now: Instant) -> Option<Result<ServedTable, Unavailable>> {
        let last = self.cache().last_attempt?;
        let current = last >= arrived || now.saturating_duration_since(last) < self.inner.timings.cache_ttl;
        current.then(|| self.answer(now))
    }

    /// Answers from the cache: fresh, stale within the limit, or unavailable.
    fn answer(&self, now: Instant) -> Result<ServedTable, Unavailable> {
        let cache = self.cache();
        let unavailable = || {
            self.count(UNAVAILABLE_ANSWERS);
            cache.failing.clone().unwrap_or_else(|| Unavailable {
                problem: RouterProblem::NoReadingYet,
                since: self.inner.clock.started(),
            })
        };
        let Some(table) = &cache.latest else { return Err(unavailable()) };
        let age = now.saturating_duration_since(table.reading.at);
        match &cache.failing {
            None => Ok(ServedTable { table: Arc::clone(table), age, problem: None }),
            Some(_) if age > self.inner.timings.stale_limit => Err(unavailable()),
            Some(failing) => {
                self.count(STALE_ANSWERS);
                Ok(ServedTable { table: Arc::clone(table), age, problem: Some(failing.problem.clone()) })
            }
        }
    }

    /// One attempt, by one deadline, and its outcome written to the cache. The first reading
    /// ever is followed by a second one a moment later, so rates exist at once; the first is
    /// kept whatever happens to the second, and requests arriving meanwhile wait for the pair.
    async fn attempt(&self, session: &mut Session) {
        let deadline_at = Instant::now() + self.inner.timings.deadline;
        // The table's Arc, not a copy of its rows: rates are measured from its reading.
        let mut previous = self.cache().latest.clone();
        let mut outcome = self.read(session, deadline_at).await;
        if previous.is_none() {
            if let Ok(first) = outcome {
                let first = self.store(None, first);
                let gap = self.inner.timings.warmup_gap;
                if Instant::now() + gap >= deadline_at {
                    return self.ended(None); // no time for the second reading: serve the first
                }
                tokio::time::sleep(gap).await;
                previous = Some(first);
                outcome = self.read(session, deadline_at).await;
            }
        }
        match outcome {
            Ok(reading) => {
                self.store(previous.as_deref().map(|table| &table.reading), reading);
                self.ended(None);
            }
            Err(error) => self.ended(Some(error)),
        }
    }

    async fn read(&self, session: &mut Session, deadline_at: Instant) -> Result<RouterReading, RouterError> {
        let rows = session.query_until::<InterfaceRow>(InterfaceRow::request(&[]), deadline_at).await?;
        let at = Instant::now();
        Ok(RouterReading { at, wall: self.inner.clock.wall(at), rows })
    }

    /// Publishes `reading`, with rates measured from `previous`.
    fn store(&self, previous: Option<&RouterReading>, reading: RouterReading) -> Arc<InterfaceTable> {
        let interfaces = rates::table(previous, &reading);
        if let Some(history) = self.inner.history.get() {
            history.record(&self.inner.router, reading.wall, &interfaces);
        }
        let table = Arc::new(InterfaceTable { reading, interfaces, json: OnceLock::new() });
        self.cache().latest = Some(Arc::clone(&table));
        table
    }

    /// Ends an attempt: remembers its outcome for the cache period, and says so in the log
    /// and in `/metrics` when the router's state changes.
    fn ended(&self, error: Option<RouterError>) {
        let now = Instant::now();
        let mut cache = self.cache();
        cache.last_attempt = Some(now);
        let router = self.inner.router.as_str();
        let state = match error {
            None => {
                if let Some(failed) = cache.failing.take() {
                    let down = self.inner.clock.wall(now).duration_since(failed.since).unwrap_or_default();
                    tracing::info!(router, down_for = ?down, "the router answers again");
                }
                "live"
            }
            Some(error) => {
                let problem = problem::classify(&error, self.inner.timings.deadline);
                let code = problem.code();
                match &cache.failing {
                    None => tracing::warn!(router, %problem, %error, "the router is failing"),
                    Some(before) if before.problem.code() != code => {
                        tracing::warn!(router, %problem, %error, "the router is failing differently")
                    }
                    Some(_) => {}
                }
                let since = cache.failing.as_ref().map_or_else(|| self.inner.clock.wall(now), |f| f.since);
                cache.failing = Some(Unavailable { problem, since });
                code
            }
        };
        for code in std::iter::once("live").chain(RouterProblem::CODES) {
            let value = if code == state { 1.0 } else { 0.0 };
            metrics::gauge!(ROUTER_STATE, "router" => router.to_owned(), "state" => code).set(value);
        }
    }
}
