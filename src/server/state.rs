//! The state every request handler and server function shares. A file of its own, so that
//! the server functions read it without importing the routes that serve them.

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

use std::time::SystemTime;

use crate::error::AppError;
use crate::fleet::{Fleet, Lookup, WatchedRouter};
use crate::history::query::HistoryRequest;
use crate::model::{DashboardSettings, HistoryAnswer, Role, RouterLabel, RouterOrigin, UsageAnswer, Viewer};
use crate::server::config::Config;
use crate::server::login::Logins;
use crate::stats::unix_ms;
use crate::store::StoreError;

/// Cheap to clone: every clone shares the same fleet and configuration.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub fleet: Fleet,
    pub logins: Arc<Logins>,
    config: Arc<Config>,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, config: Config, fleet: Fleet) -> Self {
        let loopback = leptos_options.site_addr.ip().is_loopback();
        let logins = Arc::new(Logins::new(config.session_idle, config.secure_cookies, loopback));
        Self { leptos_options, fleet, logins, config: Arc::new(config) }
    }

    /// Who sends the server function being served (set by the login middleware).
    pub fn viewer() -> Option<Viewer> {
        leptos::prelude::use_context::<axum::http::request::Parts>()?.extensions.get::<Viewer>().cloned()
    }

    /// The state of a server function that only an admin may call.
    pub fn admin_from_context() -> Result<Self, AppError> {
        Self::require_admin(Self::viewer().as_ref())?;
        Self::from_context()
    }

    /// `Forbidden` unless `viewer` is an admin: every admin action checks on the server.
    pub fn require_admin(viewer: Option<&Viewer>) -> Result<(), AppError> {
        match viewer {
            Some(Viewer { role: Role::Admin, .. }) => Ok(()),
            _ => Err(AppError::Forbidden),
        }
    }

    /// The state of the server function being served.
    pub fn from_context() -> Result<Self, AppError> {
        leptos::prelude::use_context::<Self>().ok_or(AppError::NotReady)
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The router called `name`, or the only one when `name` is `None`.
    pub fn router(&self, name: Option<&str>) -> Result<WatchedRouter, AppError> {
        self.fleet.router(name).map_err(|lookup| match lookup {
            Lookup::Unknown => AppError::UnknownRouter(name.unwrap_or_default().to_owned()),
            Lookup::NoRouters => AppError::BadRequest(
                "no router is configured: add one in Router settings or with `routeros-traffic routers add`"
                    .to_owned(),
            ),
            Lookup::Ambiguous(names) => AppError::BadRequest(format!(
                "several routers: choose one with router= ({})",
                names.join(", ")
            )),
        })
    }

    /// What the page of the router called `name` needs to run its dashboard.
    pub fn dashboard_settings(&self, name: &str) -> Result<DashboardSettings, AppError> {
        let router = self.router(Some(name))?;
        let label = RouterLabel {
            name: router.settings.name.clone(),
            address: router.settings.address(),
            simulated: router.origin == RouterOrigin::Demo,
        };
        Ok(self.config.dashboard_settings(label))
    }

    /// The history `request` asks for, of a router in the fleet. Names are checked like the
    /// live endpoints' names.
    pub async fn history(&self, mut request: HistoryRequest) -> Result<HistoryAnswer, AppError> {
        crate::stats::names::validate(&request.names).map_err(AppError::BadRequest)?;
        request.router = self.router(Some(&request.router))?.settings.name;
        match self.fleet.history().query(&request, unix_ms(SystemTime::now())).await {
            Ok(Ok(answer)) => Ok(answer),
            Ok(Err(refused)) => Err(AppError::BadRequest(refused.to_string())),
            Err(error) => Err(store_failure(error)),
        }
    }

    /// Bytes per interface of a router in the fleet: today, yesterday, this month.
    pub async fn usage(&self, router: Option<&str>) -> Result<UsageAnswer, AppError> {
        let router = self.router(router)?.settings.name;
        self.fleet.history().usage(&router, unix_ms(SystemTime::now())).await.map_err(store_failure)
    }
}

/// A database failure, logged in full here and answered without its details.
fn store_failure(error: StoreError) -> AppError {
    tracing::error!(%error, "cannot read history");
    AppError::Transport("cannot read history from the database".to_owned())
}
