//! Limits on password guessing: after [`LIMIT`] failed logins for one user name, or from one
//! client address, within [`WINDOW`], every login for that name or from that address is
//! refused until the window has moved past the oldest of them, whatever the password.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

pub const LIMIT: usize = 5;
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most names and addresses remembered; beyond it the ones with no recent failure are dropped.
const MAX_KEYS: usize = 100_000;

#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Throttle {
    /// How long until a login for these keys is allowed again; `None` when it is now.
    pub fn wait(&self, keys: &[String], now: Instant) -> Option<Duration> {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        keys.iter()
            .filter_map(|key| {
                let times = failures.get_mut(key)?;
                while times.front().is_some_and(|t| now.saturating_duration_since(*t) >= WINDOW) {
                    times.pop_front();
                }
                (times.len() >= LIMIT)
                    .then(|| (times[times.len() - LIMIT] + WINDOW).saturating_duration_since(now))
            })
            .max()
    }

    /// Counts a failed login against every key.
    pub fn failed(&self, keys: &[String], now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if failures.len() >= MAX_KEYS {
            failures
                .retain(|_, times| times.back().is_some_and(|t| now.saturating_duration_since(*t) < WINDOW));
        }
        for key in keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
    }
}

/// The throttle's keys of a login: the user name and the client's address.
pub fn keys(user: &str, address: &str) -> [String; 2] {
    [format!("user {user}"), format!("address {address}")]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn five_failures_in_fifteen_minutes_block_the_name_until_the_window_moves_on() {
        let throttle = Throttle::default();
        let mallory = keys("admin", "192.0.2.9");
        for _ in 0..LIMIT {
            assert_eq!(throttle.wait(&mallory, Instant::now()), None);
            throttle.failed(&mallory, Instant::now());
            tokio::time::advance(Duration::from_secs(60)).await;
        }
        // Blocked for that name from any address, and from that address for any name.
        let wait = throttle.wait(&keys("admin", "198.51.100.1"), Instant::now()).unwrap();
        assert_eq!(wait, WINDOW - Duration::from_secs(5 * 60));
        assert!(throttle.wait(&keys("budi", "192.0.2.9"), Instant::now()).is_some());
        assert_eq!(throttle.wait(&keys("budi", "198.51.100.1"), Instant::now()), None);
        tokio::time::advance(wait).await;
        assert_eq!(throttle.wait(&mallory, Instant::now()), None, "the oldest failure left the window");
    }
}
