//! Deterministic traffic for the simulated router: a daily shape, per-second noise, bursts.
//!
//! Rates are constant within each whole second of simulated time, so byte counters are the
//! exact integral of the rates the router reports, and a test can check one against the other.

/// splitmix64: a tiny, well-known mixing function. Same inputs, same output, on every platform.
pub fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A uniform number in [0, 1) from the three inputs.
pub fn unit(seed: u64, key: u64, n: u64) -> f64 {
    (mix(seed ^ mix(key ^ mix(n))) >> 11) as f64 / (1u64 << 53) as f64
}

/// Busy evenings, quiet mornings: a factor from 0.15 (09:00) up to 1.0 (21:00).
pub fn daily_shape(second_of_day: u64) -> f64 {
    let hours = (second_of_day % 86_400) as f64 / 3600.0;
    let phase = (hours - 21.0) / 24.0 * std::f64::consts::TAU;
    0.575 + 0.425 * phase.cos()
}

/// How one interface's traffic behaves.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// Mean receive and transmit rates at the daily peak, in bits per second.
    pub rx_peak_bps: f64,
    pub tx_peak_bps: f64,
    /// 0 for a steady link, up to 1 for a bursty customer.
    pub burstiness: f64,
    /// Mean bytes per packet, for the packet rates.
    pub packet_bytes: f64,
}

impl Profile {
    pub const IDLE: Self =
        Self { rx_peak_bps: 12_000.0, tx_peak_bps: 4_000.0, burstiness: 0.2, packet_bytes: 120.0 };

    pub fn new(rx_peak_bps: f64, tx_peak_bps: f64, burstiness: f64) -> Self {
        Self { rx_peak_bps, tx_peak_bps, burstiness, packet_bytes: 900.0 }
    }

    /// The (rx, tx) bits per second during simulated second `second`.
    pub fn rates(&self, seed: u64, key: u64, second: u64, second_of_day: u64) -> (u64, u64) {
        let shape = daily_shape(second_of_day);
        let noise = |salt: u64| {
            let jitter = 1.0 + self.burstiness * (unit(seed, key ^ salt, second) - 0.5);
            // A burst: a few seconds in a hundred run at several times the mean.
            let burst = if unit(seed, key ^ salt ^ 0xB0057, second / 3) > 1.0 - 0.03 * self.burstiness {
                3.0
            } else {
                1.0
            };
            jitter * burst
        };
        let rx = self.rx_peak_bps * shape * noise(0x52);
        let tx = self.tx_peak_bps * shape * noise(0x54);
        (rx.max(0.0).round() as u64, tx.max(0.0).round() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_traffic_other_seed_other_traffic() {
        let profile = Profile::new(100e6, 20e6, 0.6);
        let a: Vec<_> = (0..50).map(|s| profile.rates(7, 1, s, 72_000 + s)).collect();
        let b: Vec<_> = (0..50).map(|s| profile.rates(7, 1, s, 72_000 + s)).collect();
        let c: Vec<_> = (0..50).map(|s| profile.rates(8, 1, s, 72_000 + s)).collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn evenings_are_busier_than_nights() {
        assert!(daily_shape(21 * 3600) > 0.99);
        assert!(daily_shape(9 * 3600) < 0.2);
        let profile = Profile::new(100e6, 20e6, 0.3);
        let mean = |hour: u64| {
            (0..600).map(|s| profile.rates(1, 2, s, hour * 3600 + s).0 as f64).sum::<f64>() / 600.0
        };
        assert!(mean(21) > 3.0 * mean(9), "{} vs {}", mean(21), mean(9));
    }

    #[test]
    fn unit_stays_in_range() {
        for n in 0..10_000 {
            let u = unit(3, 4, n);
            assert!((0.0..1.0).contains(&u));
        }
    }
}
