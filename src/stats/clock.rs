//! Wall-clock times for readings, derived from one look at the system clock plus the
//! monotonic clock. A step of the system clock (NTP) then never makes a later reading look
//! older than an earlier one, which the browser would drop as already seen.

use std::time::SystemTime;

use tokio::time::Instant;

#[derive(Debug, Clone, Copy)]
pub struct WallClock {
    wall: SystemTime,
    at: Instant,
}

impl WallClock {
    pub fn start() -> Self {
        Self { wall: SystemTime::now(), at: Instant::now() }
    }

    /// When the clock started: the wall-clock time of its first look.
    pub fn started(&self) -> SystemTime {
        self.wall
    }

    /// The wall-clock time of the monotonic instant `at`.
    pub fn wall(&self, at: Instant) -> SystemTime {
        match at.checked_duration_since(self.at) {
            Some(after) => self.wall + after,
            None => self.wall.checked_sub(self.at.duration_since(at)).unwrap_or(SystemTime::UNIX_EPOCH),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[tokio::test(start_paused = true)]
    async fn wall_times_follow_the_monotonic_clock() {
        let clock = WallClock::start();
        let first = Instant::now();
        tokio::time::advance(Duration::from_millis(5_250)).await;
        let later = Instant::now();
        assert_eq!(
            clock.wall(later).duration_since(clock.wall(first)).unwrap(),
            Duration::from_millis(5_250)
        );
        assert!(clock.wall(first) >= clock.wall);
    }
}
