//! Limits on password guessing: after [`LIMIT`] failed logins for one user name, or from one
//! client address, within [`WINDOW`], every login for that name or from that address is
//! refused until the window has moved past the oldest of them, whatever the password.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
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
    fn failures(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.failures.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// How long until a login for these keys is allowed again; `None` when it is now.
    pub fn wait(&self, keys: &[String], now: Instant) -> Option<Duration> {
        let mut failures = self.failures();
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

    /// Counts an attempt against every key before its password is checked, so guesses sent
    /// at once are counted at once, not each after its slow check. [`Throttle::succeeded`]
    /// takes a right one back.
    pub fn attempt(&self, keys: &[String], now: Instant) {
        let mut failures = self.failures();
        if failures.len() >= MAX_KEYS {
            failures
                .retain(|_, times| times.back().is_some_and(|t| now.saturating_duration_since(*t) < WINDOW));
        }
        if failures.len() >= MAX_KEYS {
            // Still full of recent failures: forget a tenth rather than grow without bound.
            let forget: Vec<String> = failures.keys().take(MAX_KEYS / 10).cloned().collect();
            for key in forget {
                failures.remove(&key);
            }
        }
        for key in keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
    }

    /// Takes back the attempt counted at `at`: its password was right.
    pub fn succeeded(&self, keys: &[String], at: Instant) {
        let mut failures = self.failures();
        for key in keys {
            if let Some(times) = failures.get_mut(key) {
                if let Some(index) = times.iter().rposition(|t| *t == at) {
                    times.remove(index);
                }
            }
        }
    }
}

/// The throttle's keys of a login: the user name and the client's address (for IPv6 its /64,
/// which one subscriber usually holds whole).
pub fn keys(user: &str, address: IpAddr) -> [String; 2] {
    let address = match address {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        other => other.to_string(),
    };
    [format!("user {user}"), format!("address {address}")]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn five_failures_in_fifteen_minutes_block_the_name_until_the_window_moves_on() {
        let throttle = Throttle::default();
        let mallory = keys("admin", ip("192.0.2.9"));
        for _ in 0..LIMIT {
            assert_eq!(throttle.wait(&mallory, Instant::now()), None);
            throttle.attempt(&mallory, Instant::now());
            tokio::time::advance(Duration::from_secs(60)).await;
        }
        // Blocked for that name from any address, and from that address for any name.
        let wait = throttle.wait(&keys("admin", ip("198.51.100.1")), Instant::now()).unwrap();
        assert_eq!(wait, WINDOW - Duration::from_secs(5 * 60));
        assert!(throttle.wait(&keys("budi", ip("192.0.2.9")), Instant::now()).is_some());
        assert_eq!(throttle.wait(&keys("budi", ip("198.51.100.1")), Instant::now()), None);
        tokio::time::advance(wait).await;
        assert_eq!(throttle.wait(&mallory, Instant::now()), None, "the oldest failure left the window");
    }

    #[tokio::test(start_paused = true)]
    async fn a_right_password_takes_its_attempt_back_and_an_ipv6_subnet_is_one_address() {
        let throttle = Throttle::default();
        let ana = keys("ana", ip("2001:db8:1:2::10"));
        for _ in 0..LIMIT {
            let at = Instant::now();
            throttle.attempt(&ana, at);
            throttle.succeeded(&ana, at);
        }
        assert_eq!(throttle.wait(&ana, Instant::now()), None);
        for host in 1..=LIMIT {
            throttle
                .attempt(&keys(&format!("user{host}"), ip(&format!("2001:db8:1:2::{host}"))), Instant::now());
        }
        assert!(throttle.wait(&keys("zed", ip("2001:db8:1:2:ffff::1")), Instant::now()).is_some());
    }
}
