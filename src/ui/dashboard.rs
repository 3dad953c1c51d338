//! A router's page: header, selector and controls, status, range, chart and legend, usage.

use leptos::prelude::*;

use crate::error::AppError;
use leptos::task::spawn_local;

use crate::i18n::use_texts;
use crate::model::DashboardSettings;
use crate::server_fns::{get_dashboard_settings, get_history};
use crate::ui::boxed_effects::effect;
use crate::ui::browser_signals::{every, tab_visible};
use crate::ui::chart::TrafficChart;
use crate::ui::chart_window::ChartWindow;
use crate::ui::draw::{max_gap_ms, TimeAxis};
use crate::ui::header::Header;
use crate::ui::hydrated::use_hydrated;
use crate::ui::legend::Legend;
use crate::ui::monitor_toggle::MonitorToggle;
use crate::ui::poll_loop::use_poll_loop;
use crate::ui::poll_machine::{Event, Status};
use crate::ui::rate_axis::RateScale;
use crate::ui::readings_table::ReadingsTable;
use crate::ui::rendered::rendered_once;
use crate::ui::saved_state;
use crate::ui::selector::InterfaceSelector;
use crate::ui::session::to_login;
use crate::ui::status_line::StatusLine;
use crate::ui::time_range::{RangePicker, ViewRange};
use crate::ui::usage_table::UsageTable;

#[component]
pub fn Dashboard(router: String) -> impl IntoView {
    // Rendered, so the router's name is in the server-rendered HTML, not filled in later.
    let settings = rendered_once(get_dashboard_settings(router.clone()));
    let label = Signal::derive(move || settings.get().and_then(Result::ok).map(|s| s.router));
    let t = use_texts();

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
                                AppError::UnknownRouter(name) => (t.no_router_named)(&name),
                                other => (t.server_did_not_answer)(&t.error(&other)),
                            };
                            view! {
                                <main class="monitor">
                                    <p class="selector-error" role="alert">{message}</p>
                                    <p><a href="/">{t.all_routers}</a></p>
                                </main>
                            }
                                .into_any()
                        }
                    })
            }}
        </Suspense>
    }
}

/// How the page's history request stands, for a past range.
#[derive(Debug, Clone, PartialEq)]
enum Fetch {
    Loading,
    Ready,
    Failed(String),
}

/// The history link of what is shown, as CSV (the same data as the API).
fn csv_link(router: &str, names: &[String], from_ms: f64, to_ms: f64) -> String {
    let encode = |text: &str| String::from(js_sys::encode_uri_component(text));
    let iso = |t: f64| String::from(js_sys::Date::new(&t.into()).to_iso_string());
    let names: String = names.iter().map(|n| format!("&name={}", encode(n))).collect();
    format!(
        "/api/history?router={}{names}&from={}&to={}&format=csv",
        encode(router),
        encode(&iso(from_ms)),
        encode(&iso(to_ms))
    )
}

#[component]
fn Monitor(router: String, settings: DashboardSettings) -> impl IntoView {
    let t = use_texts();
    let selection = RwSignal::new(Vec::<String>::new());
    let poll_loop = use_poll_loop(&router, &settings, selection.into());
    let monitoring = poll_loop.monitoring();
    let status = poll_loop.status();
    let hydrated = use_hydrated();
    // Follows the tab only when it is shown or hidden, not at every visibility event.
    let visible = tab_visible();
    // The configured chart window is the live range a page opens on.
    let live = ViewRange::Live {
        window_ms: f64::from(settings.chart_window_polls) * f64::from(settings.poll_interval_ms),
    };
    let range = RwSignal::new(live);
    let past = RwSignal::new(ChartWindow::default());
    let past_fetch = RwSignal::new(Fetch::Ready);
    // Answers of superseded requests (an older range or selection) are dropped.
    let generation = StoredValue::new(0u64);
    let router_name = StoredValue::new(router.clone());

    // Restore the router's saved state once in the browser, then keep it saved.
    let restored = RwSignal::new(false);
    let rates = RwSignal::new(RateScale::default());
    effect(move || {
        if restored.get_untracked() {
            return;
        }
        let (saved, was_monitoring) = router_name.with_value(|router| saved_state::load(router));
        selection.set(saved);
        rates.set(saved_state::load_rate_scale());
        restored.set(true);
        if was_monitoring {
            poll_loop.dispatch(Event::Start, None);
        }
    });
    effect(move || {
        if restored.get() {
            selection
                .with(|s| router_name.with_value(|router| saved_state::save(router, s, monitoring.get())));
        }
    });
    effect(move || {
        if restored.get() {
            saved_state::save_rate_scale(rates.get());
        }
    });

    // History: a live window is filled at once from what was recorded (on opening, on Start,
    // on a new selection or window); a past range is fetched whole.
    // Memos, so that only a real change (not every tick of the poll machine) fetches again.
    let started = Memo::new(move |_| monitoring.get());
    // "Last hour" and the like move on with time: fetched again every minute, quietly.
    let minutes = RwSignal::new(0u32);
    every(60_000, move || {
        if matches!(range.get_untracked(), ViewRange::Last { .. }) {
            minutes.update(|n| *n += 1);
        }
    });
    let last_fetched = StoredValue::new(None::<(ViewRange, Vec<String>)>);
    // After auto-recovery the cleared chart is filled again, once the pause is over.
    let recovering = Memo::new(move |_| matches!(status.get(), Status::Recovering { .. }));
    effect(move || {
        let (names, range, _, _) = (selection.get(), range.get(), started.get(), minutes.get());
        // Whatever was asked before is superseded, even when nothing is asked now.
        let this = generation.with_value(|g| g + 1);
        generation.set_value(this);
        if let ViewRange::Live { window_ms } = range {
            poll_loop.window.update(|w| w.set_window_ms(window_ms));
        }
        // A tab in the background asks for nothing until it is shown; a chart cleared by
        // auto-recovery stays clear for the pause.
        let paused = range.is_live() && recovering.get();
        if !restored.get() || names.is_empty() || !visible.get() || paused {
            return;
        }
        let (from_ms, to_ms) = range.bounds(poll_loop.now_ms());
        let refresh = last_fetched.with_value(|last| last.as_ref() == Some(&(range, names.clone())));
        last_fetched.set_value(Some((range, names.clone())));
        if !range.is_live() && !refresh {
            // Nothing of the range before stays on show (nor in the CSV link) meanwhile.
            past.set(ChartWindow::default());
            past_fetch.set(Fetch::Loading);
        }
        let router = router_name.get_value();
        spawn_local(async move {
            let answer = get_history(router, names.clone(), from_ms as i64, to_ms as i64).await;
            if generation.get_value() != this {
                return;
            }
            match (range.is_live(), answer) {
                (true, Ok(answer)) => poll_loop.window.update(|w| {
                    w.backfill(&answer);
                    w.select(&names);
                }),
                // The live readings go on without it.
                (true, Err(error)) => leptos::logging::warn!("no history to fill the chart: {error}"),
                (false, Ok(answer)) => {
                    past.set(ChartWindow::from_history(&answer));
                    past_fetch.set(Fetch::Ready);
                }
                (false, Err(AppError::Unauthorized)) => to_login(),
                (false, Err(error)) => {
                    past_fetch.set(Fetch::Failed((t.history_unavailable)(&t.error(&error))))
                }
            }
        });
    });

    let toggle = Callback::new(move |()| {
        let event = if monitoring.get_untracked() { Event::Stop } else { Event::Start };
        poll_loop.dispatch(event, None);
    });

    let live_gap = max_gap_ms(f64::from(settings.poll_interval_ms), f64::from(settings.cache_ttl_ms));
    let shown = Memo::new(move |_| if range.get().is_live() { poll_loop.window.get() } else { past.get() });
    // Explicit gaps mark missing history; only live readings need the time rule.
    let max_gap = Signal::derive(move || if range.get().is_live() { live_gap } else { f64::INFINITY });
    let now_ms = Callback::new(move |()| poll_loop.now_ms());
    let axis = Signal::derive(move || {
        // Only the browser draws: on the server there is no clock to read here.
        if !hydrated.get() {
            return TimeAxis::live(0.0, 60_000.0);
        }
        match range.get() {
            ViewRange::Live { window_ms } => {
                status.track(); // time moves on with each poll
                TimeAxis::live(poll_loop.now_ms(), window_ms)
            }
            other => {
                // The range of the answer shown, once there is one.
                let (from, to) =
                    past.with(ChartWindow::span).unwrap_or_else(|| other.bounds(poll_loop.now_ms()));
                let offset_ms = -js_sys::Date::new_0().get_timezone_offset() * 60_000.0;
                TimeAxis::clock(from, to, offset_ms)
            }
        }
    });
    let zoom =
        Callback::new(move |(from_ms, to_ms): (f64, f64)| range.set(ViewRange::Between { from_ms, to_ms }));
    let csv_href = move || {
        if !hydrated.get() || selection.with(Vec::is_empty) {
            return None;
        }
        let (from, to) = axis.with(|a| (a.start_ms, a.end_ms));
        Some(selection.with(|names| router_name.with_value(|router| csv_link(router, names, from, to))))
    };

    let overlay = Signal::derive(move || {
        if !range.get().is_live() {
            return match past_fetch.get() {
                _ if selection.with(Vec::is_empty) => Some(t.select_interface.to_owned()),
                Fetch::Loading => Some(t.loading_history.to_owned()),
                Fetch::Failed(message) => Some(message),
                Fetch::Ready if past.with(ChartWindow::is_empty) => Some(t.nothing_recorded.to_owned()),
                Fetch::Ready => None,
            };
        }
        let (empty, all_gone) = poll_loop.window.with(|w| (w.is_empty(), w.all_gone()));
        match status.get() {
            Status::Recovering { .. } => Some(t.reconnecting_overlay.to_owned()),
            Status::Stopped if empty => Some(t.select_and_start.to_owned()),
            _ if empty && selection.with(Vec::is_empty) => Some(t.select_interface.to_owned()),
            Status::Live { .. } | Status::Stale { .. } if all_gone => Some(t.all_gone.to_owned()),
            Status::Connecting | Status::Live { .. } if empty => Some(t.waiting_first.to_owned()),
            _ => None,
        }
    });
    let png_name = format!("{router}-traffic.png");

    view! {
        <main class="monitor">
            <section class="controls" aria-label=t.monitor_controls>
                <MonitorToggle monitoring on_toggle=toggle />
                <StatusLine status />
                <RangePicker range live now_ms />
            </section>
            <div class="panels">
                <InterfaceSelector router=router.clone() selection />
                <section class="traffic" aria-label=t.traffic>
                    <TrafficChart shown axis max_gap_ms=max_gap overlay rates on_zoom=zoom png_name />
                    <p class="chart-tools">
                        <a class="button" href=csv_href download>{t.download_csv}</a>
                    </p>
                    <Legend window=shown selection />
                    <ReadingsTable window=shown />
                </section>
            </div>
            <UsageTable router visible />
        </main>
    }
}
