//! The browser's poll loop and auto-recovery as a pure state machine: no web-sys, no timers,
//! time passed in. The dashboard feeds it events and carries out the actions it returns.
//!
//! - Start polls at once, then on every tick; a tick that finds a poll in flight is skipped,
//!   so polls never overlap.
//! - A success resets the failure count; a stale answer is a success shown as stale.
//! - An error, a timeout or `router_unreachable` counts one failure. At the limit (5), the
//!   monitor stops, clears the chart, and restarts after the pause (3 s) with the count reset.
//! - While the tab is hidden nothing is polled, and failures of polls that end while hidden
//!   are not counted: the browser throttles background tabs.
//! - Stop works from every state and aborts the poll in flight.

use crate::model::{DashboardSettings, RouterProblem};

/// Milliseconds since the Unix epoch, as the browser's clock gives them.
pub type Millis = f64;

/// What a poll ended with.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Data; with a `problem` when the server served older data because the router failed.
    Data { problem: Option<RouterProblem>, fetched_at_ms: Millis, age_ms: u64 },
    /// The router has not answered since `since_ms` (HTTP 503), because of `problem`.
    RouterUnreachable { since_ms: Millis, problem: RouterProblem },
    /// Any other failure: network, server error, the 5 s abort.
    Failed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    Start,
    Stop,
    /// The poll interval elapsed.
    Tick,
    /// A poll ended. `poll` is the id the [`Action::Poll`] carried; older ids are ignored.
    PollEnded {
        poll: u64,
    },
    Hidden,
    Visible,
}

/// What the dashboard must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Send a poll tagged `id`, aborted after the poll timeout.
    Poll { id: u64 },
    /// Abort the poll in flight, if any.
    Abort,
    /// Empty the chart: the data is no longer trustworthy.
    ClearChart,
}

/// What the status line shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    Stopped,
    /// Started, waiting for the first answer.
    Connecting,
    Live {
        updated_ms: Millis,
    },
    Stale {
        fetched_at_ms: Millis,
        age_ms: u64,
        problem: RouterProblem,
    },
    /// `failures` of `limit` consecutive failures.
    Reconnecting {
        failures: u32,
        limit: u32,
    },
    RouterUnreachable {
        since_ms: Millis,
        failures: u32,
        limit: u32,
        problem: RouterProblem,
    },
    /// Monitoring restarts at `resume_at_ms`.
    Recovering {
        resume_at_ms: Millis,
    },
    /// The tab is hidden; polling resumes on return.
    Paused,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Stopped,
    Running,
    Recovering { resume_at_ms: Millis },
}

#[derive(Debug, Clone, PartialEq)]
pub struct PollMachine {
    failure_limit: u32,
    recovery_pause_ms: Millis,
    phase: Phase,
    failures: u32,
    in_flight: Option<u64>,
    next_id: u64,
    hidden: bool,
    status: Status,
}

impl PollMachine {
    pub fn new(settings: &DashboardSettings) -> Self {
        Self {
            failure_limit: settings.recovery_failures.max(1),
            recovery_pause_ms: f64::from(settings.recovery_pause_ms),
            phase: Phase::Stopped,
            failures: 0,
            in_flight: None,
            next_id: 0,
            hidden: false,
            status: Status::Stopped,
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn is_monitoring(&self) -> bool {
        self.phase != Phase::Stopped
    }

    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// Handles an event at `now`; `outcome` accompanies [`Event::PollEnded`].
    pub fn handle(&mut self, event: Event, outcome: Option<Outcome>, now: Millis) -> Vec<Action> {
        match event {
            Event::Start => self.start(),
            Event::Stop => {
                self.phase = Phase::Stopped;
                self.failures = 0;
                self.status = Status::Stopped;
                self.abort()
            }
            Event::Tick => match self.phase {
                Phase::Stopped => vec![],
                Phase::Recovering { resume_at_ms } if now >= resume_at_ms => self.start(),
                Phase::Recovering { .. } => vec![],
                Phase::Running => self.poll(),
            },
            Event::PollEnded { poll } => {
                if self.in_flight != Some(poll) {
                    return vec![]; // aborted, or from before a stop
                }
                self.in_flight = None;
                match outcome.unwrap_or(Outcome::Failed) {
                    Outcome::Data { problem, fetched_at_ms, age_ms } => {
                        self.failures = 0;
                        self.status = match problem {
                            Some(problem) => Status::Stale { fetched_at_ms, age_ms, problem },
                            None => Status::Live { updated_ms: fetched_at_ms },
                        };
                        vec![]
                    }
                    // A background tab's requests are throttled; their failures say nothing.
                    _ if self.hidden => vec![],
                    failure => self.failed(failure, now),
                }
            }
            Event::Hidden => {
                self.hidden = true;
                if self.phase == Phase::Running {
                    self.status = Status::Paused;
                }
                vec![]
            }
            Event::Visible => {
                self.hidden = false;
                match self.phase {
                    Phase::Running => {
                        if self.status == Status::Paused {
                            self.status = Status::Connecting;
                        }
                        self.poll()
                    }
                    _ => vec![],
                }
            }
        }
    }

    fn start(&mut self) -> Vec<Action> {
        self.phase = Phase::Running;
        self.failures = 0;
        self.status = if self.hidden { Status::Paused } else { Status::Connecting };
        let mut actions = self.abort();
        actions.extend(self.poll());
        actions
    }

    fn poll(&mut self) -> Vec<Action> {
        if self.in_flight.is_some() || self.hidden {
            return vec![];
        }
        self.next_id += 1;
        self.in_flight = Some(self.next_id);
        vec![Action::Poll { id: self.next_id }]
    }

    fn abort(&mut self) -> Vec<Action> {
        match self.in_flight.take() {
            Some(_) => vec![Action::Abort],
            None => vec![],
        }
    }

    fn failed(&mut self, failure: Outcome, now: Millis) -> Vec<Action> {
        self.failures += 1;
        if self.failures >= self.failure_limit {
            let resume_at_ms = now + self.recovery_pause_ms;
            self.phase = Phase::Recovering { resume_at_ms };
            self.failures = 0;
            self.status = Status::Recovering { resume_at_ms };
            return vec![Action::ClearChart];
        }
        let (failures, limit) = (self.failures, self.failure_limit);
        self.status = match failure {
            Outcome::RouterUnreachable { since_ms, problem } => {
                Status::RouterUnreachable { since_ms, failures, limit, problem }
            }
            _ => Status::Reconnecting { failures, limit },
        };
        vec![]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RouterLabel;

    fn settings() -> DashboardSettings {
        DashboardSettings {
            router: RouterLabel { name: "demo".into(), address: "127.0.0.1:8728".into(), simulated: true },
            poll_interval_ms: 2000,
            poll_timeout_ms: 5000,
            cache_ttl_ms: 5000,
            recovery_failures: 5,
            recovery_pause_ms: 3000,
            chart_window_polls: 30,
        }
    }

    fn data(stale: bool) -> Option<Outcome> {
        let problem = stale.then_some(RouterProblem::TooSlow { deadline_ms: 3_000 });
        Some(Outcome::Data { problem, fetched_at_ms: 1_000.0, age_ms: 10 })
    }

    /// Starts a poll machine and returns it with the id of its first poll.
    fn started() -> (PollMachine, u64) {
        let mut machine = PollMachine::new(&settings());
        let actions = machine.handle(Event::Start, None, 0.0);
        let [Action::Poll { id }] = actions[..] else { panic!("{actions:?}") };
        (machine, id)
    }

    /// Runs one tick and ends its poll with `outcome`.
    fn poll_once(machine: &mut PollMachine, outcome: Option<Outcome>, now: Millis) -> Vec<Action> {
        let actions = machine.handle(Event::Tick, None, now);
        let [Action::Poll { id }] = actions[..] else { panic!("tick gave {actions:?}") };
        machine.handle(Event::PollEnded { poll: id }, outcome, now + 10.0)
    }

    #[test]
    fn start_polls_at_once_and_success_is_live() {
        let (mut machine, id) = started();
        assert_eq!(machine.status(), &Status::Connecting);
        machine.handle(Event::PollEnded { poll: id }, data(false), 50.0);
        assert_eq!(machine.status(), &Status::Live { updated_ms: 1_000.0 });
    }

    #[test]
    fn ticks_never_overlap_polls() {
        let (mut machine, _) = started();
        assert_eq!(machine.handle(Event::Tick, None, 2_000.0), vec![], "the first poll is still in flight");
        assert_eq!(machine.handle(Event::Tick, None, 4_000.0), vec![]);
    }

    #[test]
    fn a_success_resets_the_failure_count() {
        let (mut machine, id) = started();
        machine.handle(Event::PollEnded { poll: id }, Some(Outcome::Failed), 10.0);
        poll_once(&mut machine, Some(Outcome::Failed), 2_000.0);
        assert_eq!(machine.status(), &Status::Reconnecting { failures: 2, limit: 5 });
        poll_once(&mut machine, data(false), 4_000.0);
        assert_eq!(machine.failures(), 0);
    }

    #[test]
    fn stale_answers_are_not_failures_but_show_as_stale() {
        let (mut machine, id) = started();
        machine.handle(Event::PollEnded { poll: id }, data(true), 10.0);
        assert_eq!(machine.failures(), 0);
        assert!(
            matches!(
                machine.status(),
                Status::Stale { age_ms: 10, problem: RouterProblem::TooSlow { .. }, .. }
            ),
            "{:?}",
            machine.status()
        );
    }

    #[test]
    fn router_unreachable_counts_and_says_since_when_and_why() {
        let (mut machine, id) = started();
        machine.handle(
            Event::PollEnded { poll: id },
            Some(Outcome::RouterUnreachable { since_ms: 500.0, problem: RouterProblem::LoginRefused }),
            10.0,
        );
        assert_eq!(
            machine.status(),
            &Status::RouterUnreachable {
                since_ms: 500.0,
                failures: 1,
                limit: 5,
                problem: RouterProblem::LoginRefused
            }
        );
    }

    #[test]
    fn five_failures_clear_the_chart_pause_and_restart_with_the_count_reset() {
        let (mut machine, id) = started();
        machine.handle(Event::PollEnded { poll: id }, Some(Outcome::Failed), 10.0);
        for k in 2..5 {
            assert!(poll_once(&mut machine, Some(Outcome::Failed), f64::from(k) * 2_000.0).is_empty());
        }
        let actions = poll_once(&mut machine, Some(Outcome::Failed), 10_000.0);
        assert_eq!(actions, vec![Action::ClearChart]);
        assert_eq!(machine.status(), &Status::Recovering { resume_at_ms: 13_010.0 });
        assert!(machine.is_monitoring());
        // No polls during the pause.
        assert_eq!(machine.handle(Event::Tick, None, 12_000.0), vec![]);
        // After it, monitoring restarts with a fresh count.
        let actions = machine.handle(Event::Tick, None, 13_010.0);
        assert!(matches!(actions[..], [Action::Poll { .. }]), "{actions:?}");
        assert_eq!((machine.status(), machine.failures()), (&Status::Connecting, 0));
    }

    #[test]
    fn stop_works_from_every_state_and_aborts_the_poll_in_flight() {
        // Running with a poll in flight.
        let (mut machine, id) = started();
        assert_eq!(machine.handle(Event::Stop, None, 1.0), vec![Action::Abort]);
        assert_eq!(machine.status(), &Status::Stopped);
        // Its late answer is ignored.
        assert_eq!(machine.handle(Event::PollEnded { poll: id }, data(false), 2.0), vec![]);
        assert_eq!(machine.status(), &Status::Stopped);
        assert_eq!(machine.handle(Event::Tick, None, 3.0), vec![]);

        // Recovering.
        let (mut machine, id) = started();
        machine.handle(Event::PollEnded { poll: id }, Some(Outcome::Failed), 10.0);
        for k in 1..5 {
            poll_once(&mut machine, Some(Outcome::Failed), f64::from(k) * 2_000.0);
        }
        assert!(matches!(machine.status(), Status::Recovering { .. }));
        assert_eq!(machine.handle(Event::Stop, None, 9_000.0), vec![]);
        assert_eq!(machine.status(), &Status::Stopped);
        assert_eq!(machine.handle(Event::Tick, None, 20_000.0), vec![], "stays stopped");

        // Already stopped.
        let mut machine = PollMachine::new(&settings());
        assert_eq!(machine.handle(Event::Stop, None, 0.0), vec![]);
    }

    #[test]
    fn hidden_tabs_pause_polling_and_their_failures_do_not_count() {
        let (mut machine, id) = started();
        machine.handle(Event::Hidden, None, 5.0);
        assert_eq!(machine.status(), &Status::Paused);
        // The throttled poll times out while hidden: not a failure.
        machine.handle(Event::PollEnded { poll: id }, Some(Outcome::Failed), 5_000.0);
        assert_eq!(machine.failures(), 0);
        assert_eq!(machine.handle(Event::Tick, None, 6_000.0), vec![], "no polls while hidden");
        let actions = machine.handle(Event::Visible, None, 60_000.0);
        assert!(matches!(actions[..], [Action::Poll { .. }]), "polls at once on return: {actions:?}");
        assert_eq!(machine.status(), &Status::Connecting);
    }

    #[test]
    fn a_poll_that_ended_without_an_outcome_is_a_failure() {
        let (mut machine, id) = started();
        machine.handle(Event::PollEnded { poll: id }, None, 10.0);
        assert_eq!(machine.failures(), 1);
    }
}
