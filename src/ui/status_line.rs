//! The status line. Only the state itself sits in the `role="status"` region, so assistive
//! technology announces state changes, not every new timestamp; details sit beside it.

use leptos::prelude::*;

use crate::ui::format::clock;
use crate::ui::poll_machine::Status;

/// (state shown in the live region, detail beside it, a CSS class).
fn describe(status: &Status) -> (String, String, &'static str) {
    match status {
        Status::Stopped => ("Stopped".into(), String::new(), "stopped"),
        Status::Connecting => ("Connecting…".into(), String::new(), "connecting"),
        Status::Paused => ("Paused".into(), "while the tab is hidden".into(), "paused"),
        Status::Live { updated_ms } => {
            ("Live".into(), format!("last updated {}", clock(*updated_ms)), "live")
        }
        Status::Stale { age_ms, .. } => {
            ("Stale".into(), format!("the router is not answering; data is {} s old", age_ms / 1000), "stale")
        }
        Status::Reconnecting { failures, limit } => {
            (format!("Reconnecting ({failures}/{limit})"), String::new(), "failing")
        }
        Status::RouterUnreachable { since_ms, failures, limit } => (
            format!("Router unreachable since {}", clock(*since_ms)),
            format!("({failures}/{limit})"),
            "failing",
        ),
        Status::Recovering { resume_at_ms } => {
            let seconds = ((resume_at_ms - js_sys::Date::now()) / 1000.0).ceil().max(0.0);
            (format!("Recovering in {seconds} s"), "monitoring restarts by itself".into(), "recovering")
        }
    }
}

#[component]
pub fn StatusLine(#[prop(into)] status: Signal<Status>) -> impl IntoView {
    let described = Memo::new(move |_| status.with(describe));
    view! {
        <p class="status-line" data-state=move || described.with(|d| d.2)>
            <span class="status-dot" aria-hidden="true"></span>
            <span role="status" data-testid="status">{move || described.with(|d| d.0.clone())}</span>
            " "
            <span class="status-detail" data-testid="status-detail">{move || described.with(|d| d.1.clone())}</span>
        </p>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
