//! History as `/api/history`, `/api/usage` and the chart receive it.

use serde::Serialize;

/// One point of a series: `[t_ms, rx_bps, tx_bps]`, a rate `null` where unknown (a gap).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HistoryPoint(pub i64, pub Option<f64>, pub Option<f64>);

/// An interface's history over the asked range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistorySeries {
    pub name: String,
    pub points: Vec<HistoryPoint>,
    /// Per point, the highest RX and TX rate within its step: the peaks an average hides.
    /// Empty at the resolution of single readings, where the point is the reading.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub max: Vec<(Option<f64>, Option<f64>)>,
}

/// What history the answer was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Resolution {
    /// Each reading, at the cache period.
    Raw,
    /// Per-minute averages and maxima.
    Minute,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryAnswer {
    pub router: String,
    pub from_ms: i64,
    pub to_ms: i64,
    pub step_ms: i64,
    pub resolution: Resolution,
    pub series: Vec<HistorySeries>,
}

/// Bytes received and sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ByteTotals {
    pub rx_bytes: u64,
    pub tx_bytes: u64,
}

/// One interface's traffic by day, in the server's time zone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InterfaceUsage {
    pub name: String,
    pub today: ByteTotals,
    pub yesterday: ByteTotals,
    pub month: ByteTotals,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsageAnswer {
    pub router: String,
    /// `YYYY-MM-DD`, the server's local date.
    pub today: String,
    pub yesterday: String,
    /// `YYYY-MM`.
    pub month: String,
    pub interfaces: Vec<InterfaceUsage>,
}
