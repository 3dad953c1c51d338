//! A router's page: header, selector and controls, status, chart and legend.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DashboardSettings;
use crate::server_fns::get_dashboard_settings;
use crate::ui::chart::TrafficChart;
use crate::ui::draw::max_gap_ms;
use crate::ui::header::Header;
use crate::ui::legend::Legend;
use crate::ui::monitor_toggle::MonitorToggle;
use crate::ui::poll_loop::use_poll_loop;
use crate::ui::poll_machine::{Event, Status};
use crate::ui::readings_table::ReadingsTable;
use crate::ui::saved_state;
use crate::ui::selector::InterfaceSelector;
use crate::ui::status_line::StatusLine;

#[component]
pub fn Dashboard(router: String) -> impl IntoView {
    // Blocking, so the router's name is in the server-rendered HTML, not filled in later.
    let settings = OnceResource::new_blocking(get_dashboard_settings(router.clone()));
    let label = Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.router));

    view! {
        <Suspense>
            <Header router=label />
            {move || {
                let router = router.clone();
                settings
                    .get()
                    .map(|result| match result {
                        Ok(settings) => view! { <Monitor router settings /> }.into_any(),
                        Err(error) => {
                            let message = match error {
                                AppError::UnknownRouter(name) => format!("There is no router named {name:?}."),
                                other => format!("The server did not answer: {other}"),
                            };
                            view! {
                                <main class="monitor">
                                    <p class="selector-error" role="alert">{message}</p>
                                    <p><a href="/">"All routers"</a></p>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

#[component]
fn Monitor(router: String, settings: DashboardSettings) -> impl IntoView {
    let selection = RwSignal::new(Vec::<String>::new());
    let poll_loop = use_poll_loop(&router, &settings, selection.into());
    let monitoring = poll_loop.monitoring();
    let status = poll_loop.status();

    // Restore the router's saved state once in the browser, then keep it saved.
    let saved_for = StoredValue::new(router.clone());
    let restored = RwSignal::new(false);
    Effect::new(move || {
        if restored.get_untracked() {
            return;
        }
        let (saved, was_monitoring) = saved_for.with_value(|router| saved_state::load(router));
        selection.set(saved);
        restored.set(true);
        if was_monitoring {
            poll_loop.dispatch(Event::Start, None);
        }
    });
    Effect::new(move || {
        if restored.get() {
            selection.with(|s| saved_for.with_value(|router| saved_state::save(router, s, monitoring.get())));
        }
    });

    let toggle = Callback::new(move |()| {
        let event = if monitoring.get_untracked() { Event::Stop } else { Event::Start };
        poll_loop.dispatch(event, None);
    });

    let gap = max_gap_ms(f64::from(settings.poll_interval_ms), f64::from(settings.cache_ttl_ms));
    let overlay = Signal::derive(move || {
        let (empty, all_gone) = poll_loop.window.with(|w| (w.is_empty(), w.all_gone()));
        match status.get() {
            Status::Recovering { .. } => Some("Reconnecting…".to_owned()),
            Status::Stopped if empty => Some("Select interfaces and start the monitor.".to_owned()),
            _ if empty && selection.with(Vec::is_empty) => Some("Select at least one interface.".to_owned()),
            Status::Live { .. } | Status::Stale { .. } if all_gone => {
                Some("The selected interfaces are gone from the router.".to_owned())
            }
            Status::Connecting | Status::Live { .. } if empty => {
                Some("Waiting for the first reading…".to_owned())
            }
            _ => None,
        }
    });

    view! {
        <main class="monitor">
            <section class="controls" aria-label="Monitor controls">
                <MonitorToggle monitoring on_toggle=toggle />
                <StatusLine status />
            </section>
            <div class="panels">
                <InterfaceSelector router selection />
                <section class="traffic" aria-label="Traffic">
                    <TrafficChart poll_loop max_gap_ms=gap overlay />
                    <Legend window=poll_loop.window selection />
                    <ReadingsTable window=poll_loop.window />
                </section>
            </div>
        </main>
    }
}
