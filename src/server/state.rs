//! The state every request handler and server function shares. A file of its own, so that
//! the server functions read it without importing the routes that serve them.

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

use crate::error::AppError;
use crate::fleet::{Fleet, Lookup, WatchedRouter};
use crate::model::{DashboardSettings, Role, RouterLabel, RouterOrigin, Viewer};
use crate::server::config::Config;
use crate::server::login::Logins;

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
}
