//! How long a session leaves a failing router alone, by what went wrong. Every retry costs the
//! router something: a connection, a login (a "login failure" line and a step toward the
//! brute-force block lists many ISPs run), or a command it has no CPU for.

use std::time::Duration;

use rand::Rng;
use tokio::time::Instant;

use super::error::{Error, Result};

/// What made an attempt fail, which sets how long to wait before the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Setback {
    /// The router could not be reached, or the connection broke: cheap to retry soon.
    Network,
    /// The router took the connection but gave no good answer: nothing within the deadline
    /// (overloaded, or its API process stuck), or garbage, `!fatal` or a close before any good
    /// answer. A new connection costs it a login, so at most one per 10 s.
    Silent,
    /// The router refused the login: the user or password is wrong. Retrying does not help.
    LoginRefused,
}

impl Setback {
    /// The wait after the first such failure; it doubles with each further one, up to the cap.
    pub fn base(self) -> Duration {
        match self {
            Self::Network => Duration::from_millis(500),
            Self::Silent => Duration::from_secs(10),
            Self::LoginRefused => Duration::from_secs(60),
        }
    }

    pub fn cap(self) -> Duration {
        match self {
            Self::Network => Duration::from_secs(5),
            Self::Silent => Duration::from_secs(60),
            Self::LoginRefused => Duration::from_secs(15 * 60),
        }
    }

    /// The shortest wait after `failures` consecutive failures of this kind.
    pub fn ceiling(self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
        self.base().saturating_mul(factor).min(self.cap())
    }
}

/// Consecutive failures and when the next attempt is allowed. Only a command that succeeds
/// resets it: a router that accepts logins and then fails every command keeps backing off.
#[derive(Debug, Default)]
pub struct Backoff {
    failures: u32,
    setback: Option<Setback>,
    not_before: Option<Instant>,
    last: Option<Error>,
}

impl Backoff {
    /// Records a failed attempt. The wait is the ceiling plus up to a quarter more at random,
    /// so it is never shorter than promised and many sessions never retry in lockstep.
    pub fn failed(&mut self, setback: Setback, error: Error) {
        if self.setback != Some(setback) {
            self.failures = 0;
        }
        self.failures += 1;
        self.setback = Some(setback);
        let ceiling = setback.ceiling(self.failures);
        let delay = ceiling + ceiling.mul_f64(rand::rng().random_range(0.0..0.25));
        self.not_before = Some(Instant::now() + delay);
        self.last = Some(error);
    }

    pub fn succeeded(&mut self) {
        *self = Self::default();
    }

    /// `Err(BackingOff)` while the wait lasts.
    pub fn check(&self) -> Result<()> {
        match (self.not_before, &self.last) {
            (Some(at), Some(last)) if at > Instant::now() => {
                Err(Error::BackingOff { retry_in: at - Instant::now(), last: Box::new(last.clone()) })
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setback_doubles_up_to_its_cap() {
        let ceilings =
            |setback: Setback| (1..=6).map(|n| setback.ceiling(n).as_secs_f64()).collect::<Vec<_>>();
        assert_eq!(ceilings(Setback::Network), [0.5, 1.0, 2.0, 4.0, 5.0, 5.0]);
        assert_eq!(ceilings(Setback::Silent), [10.0, 20.0, 40.0, 60.0, 60.0, 60.0]);
        assert_eq!(ceilings(Setback::LoginRefused), [60.0, 120.0, 240.0, 480.0, 900.0, 900.0]);
        assert_eq!(Setback::Network.ceiling(u32::MAX), Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn the_wait_is_never_shorter_than_the_ceiling() {
        let mut backoff = Backoff::default();
        for failures in 1..=8 {
            backoff.failed(Setback::Silent, Error::Closed);
            let Err(Error::BackingOff { retry_in, last }) = backoff.check() else {
                panic!("expected backoff")
            };
            let ceiling = Setback::Silent.ceiling(failures);
            assert!(retry_in >= ceiling && retry_in <= ceiling * 5 / 4, "{retry_in:?} vs {ceiling:?}");
            assert!(matches!(*last, Error::Closed));
            tokio::time::advance(retry_in).await;
            assert!(backoff.check().is_ok());
        }
        backoff.succeeded();
        backoff.failed(Setback::Silent, Error::Closed);
        let Err(Error::BackingOff { retry_in, .. }) = backoff.check() else { panic!("expected backoff") };
        assert!(retry_in <= Duration::from_millis(12_500), "a success starts the count again: {retry_in:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn another_kind_of_failure_starts_its_own_count() {
        let mut backoff = Backoff::default();
        for _ in 0..4 {
            backoff.failed(Setback::Network, Error::Closed);
        }
        backoff.failed(Setback::LoginRefused, Error::LoginRefused("invalid user name or password".into()));
        let Err(Error::BackingOff { retry_in, .. }) = backoff.check() else { panic!("expected backoff") };
        assert!(retry_in >= Duration::from_secs(60) && retry_in <= Duration::from_secs(75), "{retry_in:?}");
    }
}
