//! A router as the fleet overview shows it: status, last answer, busiest interface and total
//! traffic, from what its stats service has cached.

use super::WatchedRouter;
use crate::model::{InterfaceStats, RouterProblem, RouterStatus, RouterSummary};
use crate::stats::rfc3339;

/// Interface types that are ports of the box itself rather than tunnels, bridges or VLANs.
const PHYSICAL: &[&str] = &["ether", "wlan", "wifi", "lte", "sfp", "sfp-sfpplus"];

pub fn summarize(watched: &WatchedRouter) -> RouterSummary {
    let mut summary = RouterSummary {
        name: watched.settings.name.clone(),
        host: watched.settings.host.clone(),
        port: watched.settings.port,
        tls: watched.settings.tls.is_some(),
        status: RouterStatus::Idle,
        fetched_at: None,
        error: None,
        problem: None,
        origin: watched.origin,
        busiest: None,
        total_rx_bps: None,
        total_tx_bps: None,
    };
    match watched.stats.peek() {
        None => {}
        Some(Ok(served)) => {
            summary.status = if served.stale() { RouterStatus::Stale } else { RouterStatus::Live };
            summary.fetched_at = Some(rfc3339(served.fetched_at()));
            summary.error = served.problem.as_ref().map(ToString::to_string);
            summary.problem = served.problem.clone();
            summary.busiest = busiest(served.interfaces());
            let physical: Vec<&InterfaceStats> = served
                .interfaces()
                .iter()
                .filter(|i| i.info.running && PHYSICAL.contains(&i.info.kind.as_str()))
                .collect();
            summary.total_rx_bps = physical.iter().map(|i| i.rx_bps).sum();
            summary.total_tx_bps = physical.iter().map(|i| i.tx_bps).sum();
        }
        Some(Err(unavailable)) => {
            summary.fetched_at = watched.stats.last_answered().map(rfc3339);
            summary.status = match unavailable.problem {
                RouterProblem::LoginRefused => RouterStatus::LoginRefused,
                _ => RouterStatus::Unreachable,
            };
            summary.error = Some(unavailable.problem.to_string());
            summary.problem = Some(unavailable.problem.clone());
        }
    }
    summary
}

/// The interface with the most traffic (RX + TX) right now, among those whose rates are known.
fn busiest(interfaces: &[InterfaceStats]) -> Option<(String, f64)> {
    interfaces
        .iter()
        .filter_map(|i| Some((i.info.name.clone(), i.rx_bps? + i.tx_bps?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}
