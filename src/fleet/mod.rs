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

pub mod manage;
pub mod settings;
pub mod summary;

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use self::settings::RouterSettings;
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
    pub stats: StatsService,
}

/// Why a router is not in the fleet as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    Unknown,
    /// No name given, and there is not exactly one router: the names to choose from.
    Ambiguous(Vec<String>),
}

struct Inner {
    store: Store,
    timings: StatsTimings,
    environment: Option<RouterSettings>,
    demo: Vec<RouterSettings>,
    routers: RwLock<BTreeMap<String, WatchedRouter>>,
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
        store: Store,
        timings: StatsTimings,
        environment: Option<RouterSettings>,
        demo: Vec<RouterSettings>,
    ) -> Result<Self, StoreError> {
        let fleet = Self {
            inner: Arc::new(Inner {
                store,
                timings,
                environment,
                demo,
                routers: RwLock::new(BTreeMap::new()),
            }),
        };
        fleet.reload().await?;
        Ok(fleet)
    }

    pub fn store(&self) -> &Store {
        &self.inner.store
    }

    pub fn timings(&self) -> StatsTimings {
        self.inner.timings
    }

    /// Reads the database and applies what changed.
    pub async fn reload(&self) -> Result<(), StoreError> {
        let stored = self.inner.store.routers().await?;
        // (settings, where from, whether the password could be read)
        let mut wanted: Vec<(RouterSettings, RouterOrigin, bool)> = Vec::new();
        for router in stored {
            wanted.push((router.settings, RouterOrigin::Database, router.password.is_ok()));
        }
        if let Some(environment) = &self.inner.environment {
            wanted.push((environment.clone(), RouterOrigin::Environment, true));
        }
        if wanted.is_empty() {
            wanted.extend(self.inner.demo.iter().map(|demo| (demo.clone(), RouterOrigin::Demo, true)));
        }

        let mut routers = self.inner.routers.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        routers.retain(|name, watched| {
            let keep = wanted.iter().any(|(settings, ..)| settings == &watched.settings);
            if !keep {
                tracing::info!(router = name, "no longer watching the router");
            }
            keep
        });
        for (settings, origin, password_readable) in wanted {
            if routers.get(&settings.name).is_some_and(|w| w.settings == settings) {
                continue;
            }
            if !password_readable {
                tracing::warn!(router = settings.name, "{}", RouterProblem::PasswordUnreadable);
            }
            match self.watch(&settings, password_readable) {
                Ok(stats) => {
                    tracing::info!(router = settings.name, host = settings.host, "watching the router");
                    routers.insert(settings.name.clone(), WatchedRouter { settings, origin, stats });
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
