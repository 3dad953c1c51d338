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
    /// How long the server serves one reading; readings are at least this far apart.
    pub cache_ttl_ms: u32,
    pub recovery_failures: u32,
    pub recovery_pause_ms: u32,
    pub chart_window_polls: u32,
}

/// An interface as the selector shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterfaceInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub running: bool,
    pub disabled: bool,
    pub comment: Option<String>,
}

/// An interface's counters and rates in one reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InterfaceStats {
    #[serde(flatten)]
    pub info: InterfaceInfo,
    pub rx_byte: u64,
    pub tx_byte: u64,
    /// Bits per second between the two most recent distinct readings; `None` while unknown:
    /// on an interface's first reading, and after its counter went backwards or it was
    /// recreated.
    pub rx_bps: Option<f64>,
    pub tx_bps: Option<f64>,
}

/// One answer of the stats service: a table and how fresh it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableSnapshot<T> {
    /// The router, as `/api/interface-stats` names it: `demo` or `host:port`.
    pub router: String,
    /// When the router answered, in milliseconds since the Unix epoch. Two answers with the
    /// same value are the same reading.
    pub fetched_at_ms: i64,
    /// How old that answer was when this one was made.
    pub age_ms: u64,
    /// True when the newest fetch failed and this older data is served instead.
    pub stale: bool,
    pub interfaces: Vec<T>,
}
