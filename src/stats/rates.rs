//! Rates from counter deltas: (Δbytes × 8) / Δt between two distinct router readings.
//!
//! A rate is known only when both readings have the counter, the interface is the same
//! instance (same `.id`), and the counter did not go backwards (reboot, `reset-counters`, a
//! recreated PPPoE session). Otherwise it is `None`, and the chart leaves a gap. Rates are
//! never smoothed, capped or clamped.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;

use crate::model::{InterfaceInfo, InterfaceStats};
use crate::routeros::rows::InterfaceRow;

/// One router answer, timestamped on the server when the reply completed.
#[derive(Debug, Clone)]
pub struct RouterReading {
    /// Monotonic time, for rates and ages.
    pub at: Instant,
    /// Wall-clock time, for people and for the browser's time axis.
    pub wall: SystemTime,
    pub rows: Vec<InterfaceRow>,
}

/// Bits per second from `before` to `after` over `elapsed`, or `None` when unknowable.
pub fn rate(before: Option<u64>, after: Option<u64>, elapsed: Duration) -> Option<f64> {
    let (before, after) = (before?, after?);
    if after < before || elapsed.is_zero() {
        return None;
    }
    Some((after - before) as f64 * 8.0 / elapsed.as_secs_f64())
}

/// The table of `current` with rates measured from `previous`.
pub fn table(previous: Option<&RouterReading>, current: &RouterReading) -> Vec<InterfaceStats> {
    let before: HashMap<&str, &InterfaceRow> =
        previous.map(|p| p.rows.iter().map(|row| (row.name.as_str(), row)).collect()).unwrap_or_default();
    let elapsed = previous.map(|p| current.at.saturating_duration_since(p.at)).unwrap_or_default();
    current
        .rows
        .iter()
        .map(|row| {
            // Same name but a new `.id` is a new interface: its counters started again.
            let same = before.get(row.name.as_str()).filter(|b| b.id == row.id);
            InterfaceStats {
                info: InterfaceInfo {
                    name: row.name.clone(),
                    kind: row.kind.clone(),
                    running: row.running,
                    disabled: row.disabled,
                    comment: row.comment.clone(),
                },
                rx_byte: row.rx_byte.unwrap_or(0),
                tx_byte: row.tx_byte.unwrap_or(0),
                rx_bps: same.and_then(|b| rate(b.rx_byte, row.rx_byte, elapsed)),
                tx_bps: same.and_then(|b| rate(b.tx_byte, row.tx_byte, elapsed)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, name: &str, rx: u64, tx: u64) -> InterfaceRow {
        InterfaceRow {
            id: id.to_owned(),
            name: name.to_owned(),
            kind: "ether".to_owned(),
            running: true,
            disabled: false,
            comment: None,
            rx_byte: Some(rx),
            tx_byte: Some(tx),
        }
    }

    fn reading(at: Instant, rows: Vec<InterfaceRow>) -> RouterReading {
        RouterReading { at, wall: SystemTime::UNIX_EPOCH, rows }
    }

    #[test]
    fn rate_is_bits_over_the_time_actually_elapsed() {
        assert_eq!(rate(Some(1_000), Some(3_500), Duration::from_millis(2_500)), Some(8_000.0));
        assert_eq!(
            rate(Some(7), Some(7), Duration::from_secs(5)),
            Some(0.0),
            "an idle link is 0, not unknown"
        );
    }

    #[test]
    fn unknown_when_a_side_is_missing_the_counter_went_back_or_no_time_passed() {
        assert_eq!(rate(None, Some(10), Duration::from_secs(1)), None);
        assert_eq!(rate(Some(10), None, Duration::from_secs(1)), None);
        assert_eq!(rate(Some(10), Some(9), Duration::from_secs(1)), None);
        assert_eq!(rate(Some(10), Some(20), Duration::ZERO), None);
    }

    #[test]
    fn first_reading_has_no_rates() {
        let now = Instant::now();
        let stats = table(None, &reading(now, vec![row("*1", "ether1", 100, 200)]));
        assert_eq!((stats[0].rx_bps, stats[0].tx_bps, stats[0].rx_byte), (None, None, 100));
    }

    #[test]
    fn rates_per_interface_and_gaps_for_recreated_reset_and_new_ones() {
        let t0 = Instant::now();
        let t1 = t0 + Duration::from_millis(4_000);
        let before = reading(
            t0,
            vec![
                row("*1", "ether1", 1_000_000, 500_000),
                row("*9", "<pppoe-andi>", 50_000, 90_000),
                row("*2", "ether2", 10, 10),
            ],
        );
        let after = reading(
            t1,
            vec![
                row("*1", "ether1", 6_000_000, 1_500_000),
                row("*1A", "<pppoe-andi>", 1_000, 2_000), // reconnected: new .id
                row("*2", "ether2", 5, 20),               // rx reset, tx grew
                row("*3", "ether3", 1, 1),                // new
            ],
        );
        let stats = table(Some(&before), &after);
        let by_name = |name: &str| stats.iter().find(|s| s.info.name == name).unwrap();
        assert_eq!(by_name("ether1").rx_bps, Some(10_000_000.0));
        assert_eq!(by_name("ether1").tx_bps, Some(2_000_000.0));
        assert_eq!((by_name("<pppoe-andi>").rx_bps, by_name("<pppoe-andi>").tx_bps), (None, None));
        assert_eq!((by_name("ether2").rx_bps, by_name("ether2").tx_bps), (None, Some(20.0)));
        assert_eq!(by_name("ether3").rx_bps, None);
    }
}
