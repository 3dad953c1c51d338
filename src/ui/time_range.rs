//! What span of time the chart shows, and the picker for it: the live window (1, 5 or 15
//! minutes), a recent span of history (the last hour to the last 30 days), or any range (typed
//! in, or dragged across the chart), with a button back to live.

use leptos::prelude::*;

use crate::ui::hydrated::use_hydrated;

const MINUTE_MS: f64 = 60_000.0;
const HOUR_MS: f64 = 3_600_000.0;
const DAY_MS: f64 = 24.0 * HOUR_MS;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ViewRange {
    /// A rolling window ending now, fed by the poll loop.
    Live { window_ms: f64 },
    /// History up to now, fetched when chosen.
    Last { span_ms: f64 },
    /// A fixed range of history.
    Between { from_ms: f64, to_ms: f64 },
}

/// The picker's choices: value, label, range. `custom` is [`ViewRange::Between`].
const CHOICES: [(&str, &str, ViewRange); 8] = [
    ("live-1m", "Live: 1 minute", ViewRange::Live { window_ms: MINUTE_MS }),
    ("live-5m", "Live: 5 minutes", ViewRange::Live { window_ms: 5.0 * MINUTE_MS }),
    ("live-15m", "Live: 15 minutes", ViewRange::Live { window_ms: 15.0 * MINUTE_MS }),
    ("1h", "Last hour", ViewRange::Last { span_ms: HOUR_MS }),
    ("6h", "Last 6 hours", ViewRange::Last { span_ms: 6.0 * HOUR_MS }),
    ("24h", "Last 24 hours", ViewRange::Last { span_ms: DAY_MS }),
    ("7d", "Last 7 days", ViewRange::Last { span_ms: 7.0 * DAY_MS }),
    ("30d", "Last 30 days", ViewRange::Last { span_ms: 30.0 * DAY_MS }),
];
const CUSTOM: &str = "custom";

impl ViewRange {
    pub const DEFAULT_LIVE: Self = Self::Live { window_ms: MINUTE_MS };

    pub fn is_live(&self) -> bool {
        matches!(self, Self::Live { .. })
    }

    /// The range's start and end as of `now_ms`.
    pub fn bounds(&self, now_ms: f64) -> (f64, f64) {
        match *self {
            Self::Live { window_ms } => (now_ms - window_ms, now_ms),
            Self::Last { span_ms } => (now_ms - span_ms, now_ms),
            Self::Between { from_ms, to_ms } => (from_ms, to_ms),
        }
    }

    fn value(&self) -> &'static str {
        CHOICES.iter().find(|(_, _, range)| range == self).map_or(CUSTOM, |(value, ..)| value)
    }

    fn from_value(value: &str) -> Option<Self> {
        CHOICES.iter().find(|(v, ..)| *v == value).map(|(_, _, range)| *range)
    }
}

/// `YYYY-MM-DDTHH:MM` in the browser's local time, as `<input type="datetime-local">` holds it.
fn local_input_value(t_ms: f64) -> String {
    let date = js_sys::Date::new(&t_ms.into());
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// The time an `<input type="datetime-local">` holds (local time), if it holds one.
fn parse_local_input(value: &str) -> Option<f64> {
    let t = js_sys::Date::new(&value.into()).get_time();
    (!value.is_empty() && t.is_finite()).then_some(t)
}

/// The range picker. `now_ms` is the server's "now" as the browser sees it.
#[component]
pub fn RangePicker(range: RwSignal<ViewRange>, now_ms: Callback<(), f64>) -> impl IntoView {
    let hydrated = use_hydrated();
    let custom_open = RwSignal::new(false);
    let from_text = RwSignal::new(String::new());
    let to_text = RwSignal::new(String::new());
    let custom_error = RwSignal::new(None::<&'static str>);
    let show_custom = move || custom_open.get() || matches!(range.get(), ViewRange::Between { .. });

    let choose = move |value: String| match ViewRange::from_value(&value) {
        Some(chosen) => {
            custom_open.set(false);
            range.set(chosen);
        }
        None => {
            // Start from what is shown: the custom range is usually a narrower look at it.
            let (from, to) = range.get_untracked().bounds(now_ms.run(()));
            from_text.set(local_input_value(from));
            to_text.set(local_input_value(to));
            custom_open.set(true);
        }
    };
    // A range dragged on the chart shows in the inputs.
    Effect::new(move || {
        if let ViewRange::Between { from_ms, to_ms } = range.get() {
            from_text.set(local_input_value(from_ms));
            to_text.set(local_input_value(to_ms));
        }
    });
    let apply = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match (parse_local_input(&from_text.get_untracked()), parse_local_input(&to_text.get_untracked())) {
            (Some(from_ms), Some(to_ms)) if from_ms < to_ms => {
                custom_error.set(None);
                range.set(ViewRange::Between { from_ms, to_ms });
            }
            (Some(_), Some(_)) => custom_error.set(Some("The start must be before the end.")),
            _ => custom_error.set(Some("Enter a start and an end.")),
        }
    };

    view! {
        <div class="range-picker">
            <label>
                "Range "
                <select
                    disabled=move || !hydrated.get()
                    prop:value=move || if custom_open.get() { CUSTOM } else { range.get().value() }
                    on:change=move |event| choose(event_target_value(&event))
                >
                    {CHOICES
                        .iter()
                        .map(|(value, label, _)| view! { <option value=*value>{*label}</option> })
                        .collect_view()}
                    <option value=CUSTOM>"Custom range…"</option>
                </select>
            </label>
            <Show when=move || !range.get().is_live()>
                <button type="button" class="back-to-live" on:click=move |_| {
                    custom_open.set(false);
                    range.set(ViewRange::DEFAULT_LIVE);
                }>
                    "Back to live"
                </button>
            </Show>
            <Show when=show_custom>
                <form class="custom-range" on:submit=apply>
                    <label>
                        "From "
                        <input type="datetime-local" bind:value=from_text />
                    </label>
                    <label>
                        "To "
                        <input type="datetime-local" bind:value=to_text />
                    </label>
                    <button type="submit">"Show"</button>
                    {move || custom_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                </form>
            </Show>
        </div>
    }
    .into_any()
}
