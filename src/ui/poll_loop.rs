//! The dashboard's poll loop in the browser: carries out what [`PollMachine`] decides. Ticks
//! every poll interval, sends one server-function request at a time, aborts it after the poll
//! timeout (dropping the future cancels the browser request), and feeds readings into the
//! chart's window. Does nothing on the server: only browser events and Effects start it.

use std::time::Duration;

use futures::future::{abortable, select, AbortHandle, Either};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::model::DashboardSettings;
use crate::server_fns::get_interface_stats;
use crate::ui::boxed_effects::effect;
use crate::ui::browser_signals::{every, tab_visible};
use crate::ui::chart_window::ChartWindow;
use crate::ui::poll_machine::{Action, Event, Millis, Outcome, PollMachine, Status};
use crate::ui::session::to_login;

/// Handles to the running loop. Every field is a cheap, copyable reactive handle.
#[derive(Clone, Copy)]
pub struct PollLoop {
    monitor: RwSignal<PollMachine>,
    pub window: RwSignal<ChartWindow>,
    /// Server clock minus browser clock, so points and "now" share one time axis.
    pub clock_offset_ms: RwSignal<f64>,
    router: StoredValue<String>,
    selection: Signal<Vec<String>>,
    in_flight: StoredValue<Option<AbortHandle>>,
    poll_timeout_ms: u32,
    recovery_pause_ms: u32,
}

impl PollLoop {
    pub fn status(&self) -> Signal<Status> {
        let monitor = self.monitor;
        Signal::derive(move || monitor.with(|m| m.status().clone()))
    }

    pub fn monitoring(&self) -> Signal<bool> {
        let monitor = self.monitor;
        Signal::derive(move || monitor.with(PollMachine::is_monitoring))
    }

    /// The browser's "now" on the server's clock.
    pub fn now_ms(&self) -> Millis {
        js_sys::Date::now() + self.clock_offset_ms.get_untracked()
    }

    /// Feeds an event to the state machine and carries out the actions it returns.
    pub fn dispatch(self, event: Event, outcome: Option<Outcome>) {
        let now = js_sys::Date::now();
        let actions = self.monitor.try_update(|m| m.handle(event, outcome, now)).unwrap_or_default();
        for action in actions {
            match action {
                Action::Poll { id } => self.poll(id),
                Action::Abort => {
                    if let Some(handle) = self.in_flight.try_update_value(Option::take).flatten() {
                        handle.abort();
                    }
                }
                Action::ClearChart => {
                    self.window.update(ChartWindow::clear);
                    // Come back exactly when the pause is over, not on the next tick.
                    set_timeout(
                        move || self.dispatch(Event::Tick, None),
                        Duration::from_millis(self.recovery_pause_ms.into()),
                    );
                }
            }
        }
    }

    fn poll(self, id: u64) {
        let names = self.selection.get_untracked();
        let (request, handle) =
            abortable(Box::pin(get_interface_stats(self.router.get_value(), names.clone())));
        self.in_flight.set_value(Some(handle));
        let timeout = TimeoutFuture::new(self.poll_timeout_ms);
        spawn_local(async move {
            let outcome = match select(request, timeout).await {
                Either::Left((Err(_aborted), _)) => return, // stopped: nothing to report
                Either::Left((Ok(Ok(snapshot)), _)) => {
                    let received = js_sys::Date::now();
                    self.clock_offset_ms
                        .set((snapshot.fetched_at_ms as f64 + snapshot.age_ms as f64) - received);
                    self.window.update(|window| {
                        window.take_answer(&names, &snapshot);
                    });
                    Outcome::Data {
                        problem: snapshot.problem,
                        fetched_at_ms: snapshot.fetched_at_ms as f64,
                        age_ms: snapshot.age_ms,
                    }
                }
                Either::Left((Ok(Err(AppError::RouterUnreachable { since_ms, problem })), _)) => {
                    Outcome::RouterUnreachable { since_ms: since_ms as f64, problem }
                }
                // The session ended: the login page, not a failure toward auto-recovery.
                Either::Left((Ok(Err(AppError::Unauthorized)), _)) => return to_login(),
                Either::Left((Ok(Err(_)), _)) => Outcome::Failed,
                // The request future is dropped here, which aborts the browser's fetch.
                Either::Right(((), _)) => Outcome::Failed,
            };
            self.in_flight.set_value(None);
            self.dispatch(Event::PollEnded { poll: id }, Some(outcome));
        });
    }
}

/// Starts the loop's timers and visibility tracking. `selection` is read at every poll, so a
/// change takes effect on the next one.
pub fn use_poll_loop(router: &str, settings: &DashboardSettings, selection: Signal<Vec<String>>) -> PollLoop {
    let window_ms = f64::from(settings.chart_window_polls) * f64::from(settings.poll_interval_ms);
    let poll_loop = PollLoop {
        monitor: RwSignal::new(PollMachine::new(settings)),
        window: RwSignal::new(ChartWindow::new(window_ms)),
        clock_offset_ms: RwSignal::new(0.0),
        router: StoredValue::new(router.to_owned()),
        selection,
        in_flight: StoredValue::new(None),
        poll_timeout_ms: settings.poll_timeout_ms,
        recovery_pause_ms: settings.recovery_pause_ms,
    };
    every(u64::from(settings.poll_interval_ms), move || poll_loop.dispatch(Event::Tick, None));

    // At once as well: a tab opened in the background must not poll until it is shown.
    let visible = tab_visible();
    effect(move || {
        let event = if visible.get() { Event::Visible } else { Event::Hidden };
        untrack(|| poll_loop.dispatch(event, None));
    });
    poll_loop
}
