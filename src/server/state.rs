//! The state every request handler and server function shares. A file of its own, so that
//! the server functions read it without importing the routes that serve them.

use std::sync::Arc;

use leptos::prelude::LeptosOptions;

use crate::model::{DashboardSettings, RouterLabel};
use crate::server::config::Config;
use crate::stats::StatsService;

/// Cheap to clone: every clone shares the same service and configuration.
#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub stats: StatsService,
    config: Arc<Config>,
    /// True when the router is the built-in simulator.
    demo: bool,
}

impl AppState {
    pub fn new(leptos_options: LeptosOptions, config: Config, stats: StatsService, demo: bool) -> Self {
        Self { leptos_options, stats, config: Arc::new(config), demo }
    }

    pub fn dashboard_settings(&self) -> DashboardSettings {
        let mut settings = self.config.dashboard_settings();
        if self.demo {
            settings.router = RouterLabel::Demo;
        }
        settings
    }
}
