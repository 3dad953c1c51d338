//! The status line. Only the state itself sits in the `role="status"` region, so assistive
//! technology announces state changes, not every new timestamp or countdown second; details
//! sit beside it.

use leptos::prelude::*;

use crate::i18n::{use_locale, Locale};
use crate::ui::browser_signals::every;
use crate::ui::format::clock;
use crate::ui::poll_machine::{Millis, Status};

/// A problem's words as a sentence's start: "Login refused (check user and password)". The
/// catalogue's words start with an ASCII letter in both languages; ASCII case keeps Unicode's
/// case tables out of the WASM.
fn capitalized(text: &str) -> String {
    let mut text = text.to_owned();
    if let Some(first) = text.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    text
}

/// The state, as the live region announces it.
fn state(locale: Locale, status: &Status) -> String {
    let t = locale.texts();
    match status {
        Status::Stopped => t.stopped.into(),
        Status::Connecting => t.connecting.into(),
        Status::Paused => t.paused.into(),
        Status::Live { .. } => t.live.into(),
        Status::Stale { .. } => t.stale.into(),
        Status::Reconnecting { .. } => t.reconnecting.into(),
        Status::RouterUnreachable { problem, .. } => capitalized(&t.problem(problem)),
        Status::Recovering { .. } => t.recovering.into(),
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
fn detail(locale: Locale, status: &Status, now: impl Fn() -> Millis) -> String {
    let t = locale.texts();
    match status {
        Status::Stopped | Status::Connecting => String::new(),
        Status::Paused => t.while_hidden.into(),
        Status::Live { updated_ms } => (t.last_updated)(&clock(locale, *updated_ms)),
        Status::Stale { age_ms, problem, .. } => (t.data_age)(&t.problem(problem), age_ms / 1000),
        Status::Reconnecting { failures, limit } => (t.server_not_answering)(*failures, *limit),
        Status::RouterUnreachable { since_ms, failures, limit, .. } => {
            (t.since)(&clock(locale, *since_ms), *failures, *limit)
        }
        Status::Recovering { resume_at_ms } => {
            let seconds = ((resume_at_ms - now()) / 1000.0).ceil().max(0.0);
            (t.restarts_in)(seconds as u64)
        }
    }
}

#[component]
pub fn StatusLine(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    // Ticks the recovery countdown; only the detail reads it.
    let tick = RwSignal::new(0u32);
    every(250, move || tick.update(|n| *n = n.wrapping_add(1)));
    let locale = use_locale();
    let state = Memo::new(move |_| status.with(|s| state(locale, s)));
    let class = Memo::new(move |_| status.with(css_class));
    let detail = move || {
        tick.track();
        status.with(|s| detail(locale, s, js_sys::Date::now))
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
    use crate::i18n::Locale::{En, Id};
    use crate::model::RouterProblem;

    #[test]
    fn only_a_leading_ascii_letter_is_capitalized() {
        assert_eq!(capitalized("router tidak terjangkau"), "Router tidak terjangkau");
        // Nothing to do, and no panic, where the first character is not one byte.
        for text in ["", "élan", "3 s", "«x»"] {
            assert_eq!(capitalized(text), text);
        }
    }

    #[test]
    fn the_state_names_the_problem() {
        let refused = Status::RouterUnreachable {
            since_ms: 0.0,
            failures: 2,
            limit: 5,
            problem: RouterProblem::LoginRefused,
        };
        assert_eq!(state(En, &refused), "Login refused (check user and password)");
        assert_eq!(state(Id, &refused), "Router menolak masuk (periksa pengguna dan kata sandi)");
        let slow = Status::Stale {
            fetched_at_ms: 0.0,
            age_ms: 7_400,
            problem: RouterProblem::TooSlow { deadline_ms: 3_000 },
        };
        assert_eq!(detail(En, &slow, || 0.0), "router too slow (no answer in 3 s); the data is 7 s old");
        assert_eq!(
            detail(Id, &slow, || 0.0),
            "router terlalu lambat (tidak menjawab dalam 3 dtk); data berumur 7 dtk"
        );
    }

    #[test]
    fn the_countdown_is_in_the_detail_not_in_the_announced_state() {
        let recovering = Status::Recovering { resume_at_ms: 3_000.0 };
        assert_eq!(state(En, &recovering), "Recovering");
        assert_eq!(detail(En, &recovering, || 0.0), "monitoring restarts in 3 s");
        assert_eq!(detail(En, &recovering, || 1_500.0), "monitoring restarts in 2 s");
        assert_eq!(detail(En, &recovering, || 9_000.0), "monitoring restarts in 0 s");
    }
}
