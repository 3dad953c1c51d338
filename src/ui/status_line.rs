//! The status line. Only the state itself sits in the `role="status"` region, so assistive
//! technology announces state changes, not every new timestamp or countdown second; details
//! sit beside it.

use leptos::prelude::*;
use leptos_use::use_interval_fn;

use crate::ui::format::clock;
use crate::ui::poll_machine::{Millis, Status};

/// A problem's words as a sentence's start: "Login refused (check user and password)".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// The state, as the live region announces it.
fn state(status: &Status) -> String {
    match status {
        Status::Stopped => "Stopped".into(),
        Status::Connecting => "Connecting…".into(),
        Status::Paused => "Paused".into(),
        Status::Live { .. } => "Live".into(),
        Status::Stale { .. } => "Stale".into(),
        Status::Reconnecting { .. } => "Reconnecting".into(),
        Status::RouterUnreachable { problem, .. } => capitalized(&problem.to_string()),
        Status::Recovering { .. } => "Recovering".into(),
    }
}

fn css_class(status: &Status) -> &'static str {
    match status {
        Status::Stopped => "stopped",
        Status::Connecting => "connecting",
        Status::Paused => "paused",
        Status::Live { .. } => "live",
        Status::Stale { .. } => "stale",
        Status::Reconnecting { .. } | Status::RouterUnreachable { .. } => "failing",
        Status::Recovering { .. } => "recovering",
    }
}

/// The detail beside the state; `now` is read only for the recovery countdown.
fn detail(status: &Status, now: impl Fn() -> Millis) -> String {
    match status {
        Status::Stopped | Status::Connecting => String::new(),
        Status::Paused => "while the tab is hidden".into(),
        Status::Live { updated_ms } => format!("last updated {}", clock(*updated_ms)),
        Status::Stale { age_ms, problem, .. } => format!("{problem}; the data is {} s old", age_ms / 1000),
        Status::Reconnecting { failures, limit } => format!("the server did not answer ({failures}/{limit})"),
        Status::RouterUnreachable { since_ms, failures, limit, .. } => {
            format!("since {} ({failures}/{limit})", clock(*since_ms))
        }
        Status::Recovering { resume_at_ms } => {
            let seconds = ((resume_at_ms - now()) / 1000.0).ceil().max(0.0);
            format!("monitoring restarts in {seconds} s")
        }
    }
}

#[component]
pub fn StatusLine(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    // Ticks the recovery countdown; only the detail reads it.
    let tick = RwSignal::new(0u32);
    use_interval_fn(move || tick.update(|n| *n = n.wrapping_add(1)), 250);
    let state = Memo::new(move |_| status.with(state));
    let class = Memo::new(move |_| status.with(css_class));
    let detail = move || {
        tick.track();
        status.with(|s| detail(s, js_sys::Date::now))
    };
    view! {
        <p class="status-line" data-state=move || class.get()>
            <span class="status-dot" aria-hidden="true"></span>
            <span role="status" data-testid="status">{move || state.get()}</span>
            " "
            <span class="status-detail" data-testid="status-detail">{detail}</span>
        </p>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RouterProblem;

    #[test]
    fn the_state_names_the_problem() {
        let refused = Status::RouterUnreachable {
            since_ms: 0.0,
            failures: 2,
            limit: 5,
            problem: RouterProblem::LoginRefused,
        };
        assert_eq!(state(&refused), "Login refused (check user and password)");
        let slow = Status::Stale {
            fetched_at_ms: 0.0,
            age_ms: 7_400,
            problem: RouterProblem::TooSlow { deadline_ms: 3_000 },
        };
        assert_eq!(detail(&slow, || 0.0), "router too slow (no answer in 3 s); the data is 7 s old");
    }

    #[test]
    fn the_countdown_is_in_the_detail_not_in_the_announced_state() {
        let recovering = Status::Recovering { resume_at_ms: 3_000.0 };
        assert_eq!(state(&recovering), "Recovering");
        assert_eq!(detail(&recovering, || 0.0), "monitoring restarts in 3 s");
        assert_eq!(detail(&recovering, || 1_500.0), "monitoring restarts in 2 s");
        assert_eq!(detail(&recovering, || 9_000.0), "monitoring restarts in 0 s");
    }
}
