//! Types that cross the server-function boundary, shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// Which router the dashboard shows, as the page names it. Never carries credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RouterLabel {
    /// No router is configured and nothing simulates one.
    NotConfigured,
    /// The built-in simulator, started because no router is configured.
    Demo,
    /// A real router, named by `host:port`.
    Remote(String),
}

impl std::fmt::Display for RouterLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotConfigured => f.write_str("no router configured"),
            Self::Demo => f.write_str("demo router (simulated)"),
            Self::Remote(address) => f.write_str(address),
        }
    }
}

/// Everything the browser needs to know about the server's configuration to run the dashboard.
/// The timing values come from the server so that one place configures them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardSettings {
    pub router: RouterLabel,
    pub poll_interval_ms: u32,
    pub poll_timeout_ms: u32,
    pub recovery_failures: u32,
    pub recovery_pause_ms: u32,
    pub chart_window_polls: u32,
}
