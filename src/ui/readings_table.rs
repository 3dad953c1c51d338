//! The chart's numbers as a table, for screen readers: one row per point of the newest
//! [`ROWS`], newest first, with RX and TX per interface. Visually hidden, because sighted users have the
//! chart itself and the legend.

use leptos::prelude::*;

use crate::i18n::use_locale;
use crate::ui::chart_window::ChartWindow;
use crate::ui::format::{clock, format_rate};

/// Rows kept: a range of history has thousands of points, more than anyone listens to.
const ROWS: usize = 60;

#[component]
pub fn ReadingsTable(#[prop(into)] window: Signal<ChartWindow>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let head = move || {
        window.with(|window| {
            window
                .series()
                .iter()
                .flat_map(|s| [format!("{} RX", s.name), format!("{} TX", s.name)])
                .map(|label| view! { <th scope="col">{label}</th> })
                .collect_view()
        })
    };
    let body = move || {
        window.with(|window| {
            window
                .readings()
                .into_iter()
                .take(ROWS)
                .map(|(t_ms, points)| {
                    let cells = points
                        .into_iter()
                        .flat_map(|p| [p.and_then(|p| p.rx_bps), p.and_then(|p| p.tx_bps)])
                        .map(|value| view! { <td>{format_rate(locale, value)}</td> })
                        .collect_view();
                    view! {
                        <tr>
                            <th scope="row">{clock(locale, t_ms)}</th>
                            {cells}
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        // In a hidden box rather than a hidden table: a table is as wide as its cells whatever its
        // width says, and would widen the page on a phone.
        <div class="visually-hidden">
            <table>
            <caption>{t.readings_caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{t.time}</th>
                    {head}
                </tr>
            </thead>
            <tbody>{body}</tbody>
            </table>
        </div>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
