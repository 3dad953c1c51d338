//! The routers the server watches, each with its own stats service (session, cache, backoff,
//! metrics), so one slow or dead router never delays another's answers.
//!
//! Three sources, by precedence: routers stored in the database (editable from the page, the
//! API and the command line), one router from `ROUTEROS_HOST` (not editable), and, when there
//! is neither, the built-in simulated demo routers. The database is read again every
//! [`RELOAD_EVERY`], so the command line's changes take effect while the server runs; the
//! page's and the API's take effect at once. A router whose settings change gets a new
//! session (a router refusing the old password is tried again at once); a removed one's
//! session closes.
//!
//! Every watched router is read once per cache period whether anyone looks or not, and each
//! reading recorded in the history: viewers share those same readings, so history costs the
//! router no extra command.

pub mod manage;
pub mod settings;
pub mod summary;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use self::settings::RouterSettings;
use crate::history::History;
use crate::model::{RouterOrigin, RouterProblem, RouterSummary};
use crate::routeros::Session;
use crate::stats::{StatsService, StatsTimings};
use crate::store::{Store, StoreError};

/// How often the database is read for changes made by another process.
pub const RELOAD_EVERY: Duration = Duration::from_secs(5);

/// One router being watched.
#[derive(Clone)]
pub struct WatchedRouter {
    pub settings: RouterSettings,
    pub origin: RouterOrigin,
    /// False when the secret key cannot open its stored password: it is then never tried.
    pub password_readable: bool,
    pub stats: StatsService,
}

/// Why a router is not in the fleet as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Unknown,
    /// No name given, and there are several routers: the names to choose from.
    Ambiguous(Vec<String>),
    /// No name given, and there is no router at all.
    NoRouters,
}

struct Inner {
    store: Store,
    history: History,
    timings: StatsTimings,
    environment: Option<RouterSettings>,
    demo: Vec<RouterSettings>,
    routers: RwLock<BTreeMap<String, WatchedRouter>>,
    reloading: tokio::sync::Mutex<()>,
}

/// Cheap to clone: every clone is the same fleet.
#[derive(Clone)]
pub struct Fleet {
    inner: Arc<Inner>,
}

impl Fleet {
    /// A fleet of the stored routers, the environment's router and, when there are none, the
    /// `demo` routers.
    pub async fn load(
        history: History,
        timings: StatsTimings,
        environment: Option<RouterSettings>,
        demo: Vec<RouterSettings>,
    ) -> Result<Self, StoreError> {
        let fleet = Self {
            inner: Arc::new(Inner {
                store: history.store().clone(),
                history,
                timings,
                environment,
                demo,
                routers: RwLock::new(BTreeMap::new()),
                reloading: tokio::sync::Mutex::new(()),
            }),
        };
        fleet.reload().await?;
        Ok(fleet)
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn history(&self) -> &History {
        &self.inner.history
    }

    pub fn timings(&self) -> StatsTimings {
        self.inner.timings
    }

    /// Reads the database and applies what changed. One reload at a time, so a snapshot read
    /// before a change is never applied after it.
    pub async fn reload(&self) -> Result<(), StoreError> {
        let _one_at_a_time = self.inner.reloading.lock().await;
        let stored = self.inner.store.routers().await?;
        // (settings, where from, whether the password could be read)
        let mut wanted: Vec<(RouterSettings, RouterOrigin, bool)> = Vec::new();
        for router in stored {
            wanted.push((router.settings, RouterOrigin::Database, router.password.is_ok()));
        }
        match &self.inner.environment {
            // A stored router of the same name wins; the API refuses to store one, but the
            // command line does not know the server's environment.
            Some(environment) if wanted.iter().any(|(stored, ..)| stored.name == environment.name) => {
                tracing::warn!(
                    router = environment.name,
                    "a stored router has the name of ROUTEROS_HOST's; watching the stored one"
                );
            }
            Some(environment) => wanted.push((environment.clone(), RouterOrigin::Environment, true)),
            None => {}
        }
        if wanted.is_empty() {
            wanted.extend(self.inner.demo.iter().map(|demo| (demo.clone(), RouterOrigin::Demo, true)));
        }

        let mut routers = self.inner.routers.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        let same = |watched: &WatchedRouter, settings: &RouterSettings, readable: bool| {
            &watched.settings == settings && watched.password_readable == readable
        };
        routers.retain(|name, watched| {
            let keep = wanted.iter().any(|(settings, _, readable)| same(watched, settings, *readable));
            if !keep {
                tracing::info!(router = name, "no longer watching the router");
                watched.stats.close();
            }
            keep
        });
        for (settings, origin, password_readable) in wanted {
            if routers.get(&settings.name).is_some_and(|w| same(w, &settings, password_readable)) {
                continue;
            }
            if !password_readable {
                tracing::warn!(router = settings.name, "{}", RouterProblem::PasswordUnreadable);
            }
            match self.watch(&settings, password_readable) {
                Ok(stats) => {
                    tracing::info!(router = settings.name, host = settings.host, "watching the router");
                    stats.record_to(self.inner.history.clone());
                    keep_reading(stats.clone());
                    routers.insert(
                        settings.name.clone(),
                        WatchedRouter { settings, origin, password_readable, stats },
                    );
                }
                Err(error) => tracing::warn!(router = settings.name, %error, "cannot watch the router"),
            }
        }
        Ok(())
    }

    fn watch(
        &self,
        settings: &RouterSettings,
        password_readable: bool,
    ) -> Result<StatsService, crate::routeros::Error> {
        let session = Session::named(&settings.name, settings.target(self.inner.timings.deadline))?;
        let (name, timings) = (settings.name.clone(), self.inner.timings);
        Ok(match password_readable {
            true => StatsService::new(name, session, timings),
            false => StatsService::blocked(name, session, timings, RouterProblem::PasswordUnreadable),
        })
    }

    /// Reads the database every [`RELOAD_EVERY`] until the process ends.
    pub fn reload_in_background(&self) {
        let fleet = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(RELOAD_EVERY);
            every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                every.tick().await;
                if let Err(error) = fleet.reload().await {
                    tracing::warn!(%error, "cannot read the routers from the database");
                }
            }
        });
    }

    /// The router called `name`, or the only one when `name` is `None`.
    pub fn router(&self, name: Option<&str>) -> Result<WatchedRouter, Lookup> {
        let routers = self.inner.routers.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        match name {
            Some(name) => routers.get(name).cloned().ok_or(Lookup::Unknown),
            None if routers.len() == 1 => routers.values().next().cloned().ok_or(Lookup::Unknown),
            None if routers.is_empty() => Err(Lookup::NoRouters),
            None => Err(Lookup::Ambiguous(routers.keys().cloned().collect())),
        }
    }

    pub fn routers(&self) -> Vec<WatchedRouter> {
        let routers = self.inner.routers.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        routers.values().cloned().collect()
    }

    /// Every router as the overview shows it, from what each has cached: asking for it never
    /// waits on a router.
    pub fn summaries(&self) -> Vec<RouterSummary> {
        self.routers().iter().map(summary::summarize).collect()
    }
}

/// Asks `stats` for its table whenever its cache period is over, until its router is removed:
/// the readings history records. The service's own rules still hold (one attempt per period,
/// backoff after failures), so a failing router is never asked more often for it.
fn keep_reading(stats: StatsService) {
    tokio::spawn(async move {
        let reading = async {
            loop {
                // An unreachable router is an answer like any other here: the service logs it.
                let _ = stats.table().await;
                tokio::time::sleep_until(stats.next_attempt_at()).await;
            }
        };
        // The removed router's session closes with the last clone of its service.
        tokio::select! {
            () = reading => {}
            () = stats.closed() => {}
        }
    });
}
