//! What span of time the chart shows, and the picker for it: the live window (1, 5 or 15
//! minutes), a recent span of history (the last hour to the last 30 days), or any range (typed
//! in, or dragged across the chart), with a button back to live.

use leptos::prelude::*;

use crate::i18n::{use_texts, Texts};
use crate::ui::hydrated::use_before_hydration;

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

/// The picker's choices beside the configured live window (`live`): value and range.
/// `custom` is [`ViewRange::Between`].
const CHOICES: [(&str, ViewRange); 8] = [
    ("live-1m", ViewRange::Live { window_ms: MINUTE_MS }),
    ("live-5m", ViewRange::Live { window_ms: 5.0 * MINUTE_MS }),
    ("live-15m", ViewRange::Live { window_ms: 15.0 * MINUTE_MS }),
    ("1h", ViewRange::Last { span_ms: HOUR_MS }),
    ("6h", ViewRange::Last { span_ms: 6.0 * HOUR_MS }),
    ("24h", ViewRange::Last { span_ms: DAY_MS }),
    ("7d", ViewRange::Last { span_ms: 7.0 * DAY_MS }),
    ("30d", ViewRange::Last { span_ms: 30.0 * DAY_MS }),
];
const CUSTOM: &str = "custom";
const CONFIGURED_LIVE: &str = "live";

impl ViewRange {
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

    /// The picker's value for this range, `live` being the configured live window.
    fn value(&self, live: Self) -> &'static str {
        if *self == live {
            return CONFIGURED_LIVE;
        }
        CHOICES.iter().find(|(_, range)| range == self).map_or(CUSTOM, |(value, _)| value)
    }

    fn from_value(value: &str, live: Self) -> Option<Self> {
        if value == CONFIGURED_LIVE {
            return Some(live);
        }
        CHOICES.iter().find(|(v, _)| *v == value).map(|(_, range)| *range)
    }
}

/// A range's name in the picker: "Live: 1 minute", "Live: 15 seconds", "Last 6 hours".
fn label(t: &Texts, range: ViewRange) -> String {
    match range {
        ViewRange::Live { window_ms } => match (window_ms / 1000.0).round() {
            s if s % 60.0 == 0.0 && s >= 60.0 => (t.live_minutes)(s / 60.0),
            s => (t.live_seconds)(s),
        },
        ViewRange::Last { span_ms } if span_ms <= HOUR_MS => t.last_hour.to_owned(),
        ViewRange::Last { span_ms } if span_ms <= 2.0 * DAY_MS => {
            (t.last_hours)((span_ms / HOUR_MS).round() as u32)
        }
        ViewRange::Last { span_ms } => (t.last_days)((span_ms / DAY_MS).round() as u32),
        ViewRange::Between { .. } => t.custom_range.to_owned(),
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

/// One end of the custom range: a labelled local date and time, showing `shown` when known.
fn time_field(
    label: &'static str,
    input: NodeRef<leptos::html::Input>,
    shown: impl Fn() -> Option<f64> + Send + Sync + 'static,
) -> impl IntoView {
    view! {
        <label>
            {label}
            " "
            <input
                type="datetime-local"
                node_ref=input
                prop:value=move || shown().map(local_input_value).unwrap_or_default()
            />
        </label>
    }
}

/// The range picker. `live` is the configured live window (the chart's window setting), the
/// one "Back to live" returns to; `now_ms` is the server's "now" as the browser sees it.
#[component]
pub fn RangePicker(range: RwSignal<ViewRange>, live: ViewRange, now_ms: Callback<(), f64>) -> impl IntoView {
    let before_hydration = use_before_hydration();
    let t = use_texts();
    // The custom range's inputs open on what was shown; a dragged range shows in them.
    let custom_from = RwSignal::new(None::<(f64, f64)>);
    let (from_input, to_input) =
        (NodeRef::<leptos::html::Input>::new(), NodeRef::<leptos::html::Input>::new());
    let custom_error = RwSignal::new(None::<&'static str>);
    let custom_bounds = move || match range.get() {
        ViewRange::Between { from_ms, to_ms } => Some((from_ms, to_ms)),
        _ => custom_from.get(),
    };
    let choose = move |value: String| match ViewRange::from_value(&value, live) {
        Some(chosen) => {
            custom_from.set(None);
            range.set(chosen);
        }
        None => custom_from.set(Some(range.get_untracked().bounds(now_ms.run(())))),
    };
    let apply = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let read = |input: NodeRef<leptos::html::Input>| {
            input.get_untracked().and_then(|i| parse_local_input(&i.value()))
        };
        match (read(from_input), read(to_input)) {
            (Some(from_ms), Some(to_ms)) if from_ms < to_ms => {
                custom_error.set(None);
                custom_from.set(None);
                range.set(ViewRange::Between { from_ms, to_ms });
            }
            (Some(_), Some(_)) => custom_error.set(Some(t.start_before_end)),
            _ => custom_error.set(Some(t.enter_start_end)),
        }
    };
    let other_live = CHOICES.iter().filter(|(_, choice)| *choice != live);

    view! {
        <div class="range-picker">
            <label>
                {t.range}
                " "
                <select
                    disabled=before_hydration
                    prop:value=move || if custom_from.get().is_some() { CUSTOM } else { range.get().value(live) }
                    on:change=move |event| choose(event_target_value(&event))
                >
                    {match live {
                        ViewRange::Live { .. } => view! { <option value=CONFIGURED_LIVE>{label(t, live)}</option> }.into_any(),
                        _ => ().into_any(),
                    }}
                    {other_live.map(|(value, range)| view! { <option value=*value>{label(t, *range)}</option> }).collect_view()}
                    <option value=CUSTOM>{t.custom_range}</option>
                </select>
            </label>
            <Show when=move || !range.get().is_live()>
                <button type="button" class="back-to-live" on:click=move |_| {
                    custom_from.set(None);
                    range.set(live);
                }>
                    {t.back_to_live}
                </button>
            </Show>
            <Show when=move || custom_bounds().is_some()>
                <form class="custom-range" on:submit=apply>
                    {time_field(t.from, from_input, move || custom_bounds().map(|(from, _)| from))}
                    {time_field(t.to, to_input, move || custom_bounds().map(|(_, to)| to))}
                    <button type="submit">{t.show}</button>
                    {move || custom_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                </form>
            </Show>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{EN, ID};

    #[test]
    fn every_range_has_a_name_in_each_language() {
        let names: Vec<String> = CHOICES.iter().map(|(_, range)| label(&EN, *range)).collect();
        assert_eq!(
            names,
            [
                "Live: 1 minute",
                "Live: 5 minutes",
                "Live: 15 minutes",
                "Last hour",
                "Last 6 hours",
                "Last 24 hours",
                "Last 7 days",
                "Last 30 days"
            ]
        );
        assert_eq!(label(&EN, ViewRange::Live { window_ms: 15_000.0 }), "Live: 15 seconds");
        assert_eq!(label(&ID, ViewRange::Last { span_ms: 7.0 * DAY_MS }), "7 hari terakhir");
        assert_eq!(label(&ID, ViewRange::Live { window_ms: MINUTE_MS }), "Langsung: 1 menit");
    }
}
