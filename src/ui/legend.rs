//! The legend: per interface its colour, line styles and current, average and maximum RX and
//! TX over the window. The readings behind the chart are in `readings_table`.

use leptos::prelude::*;

use crate::ui::chart_window::{ChartWindow, Point, Summary};
use crate::ui::draw::css_color;
use crate::ui::format::format_rate;

fn row(direction: &'static str, summary: Summary) -> impl IntoView {
    view! {
        <td class="direction">{direction}</td>
        <td data-testid="current">{format_rate(summary.current)}</td>
        <td>{format_rate(summary.average)}</td>
        <td>{format_rate(summary.max)}</td>
    }
}

#[component]
pub fn Legend(window: RwSignal<ChartWindow>) -> impl IntoView {
    let rows = move || {
        window.with(|window| {
            window
                .series()
                .iter()
                .enumerate()
                .map(|(index, series)| {
                    let color = css_color(index);
                    let rx = series.summary(|p: &Point| p.rx_bps);
                    let tx = series.summary(|p: &Point| p.tx_bps);
                    let name = series.name.clone();
                    let key = series.name.clone();
                    view! {
                        <tbody data-interface=key>
                            <tr class="rx">
                                <th scope="rowgroup" rowspan="2">
                                    <span class="swatch" style:background-color=color.clone()></span>
                                    {name}
                                </th>
                                {row("RX (solid)", rx)}
                            </tr>
                            <tr class="tx">{row("TX (dashed)", tx)}</tr>
                        </tbody>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <table class="legend" aria-label="Traffic per interface over the last minute">
            <thead>
                <tr>
                    <th scope="col">"Interface"</th>
                    <th scope="col">"Direction"</th>
                    <th scope="col">"Current"</th>
                    <th scope="col">"Average"</th>
                    <th scope="col">"Max"</th>
                </tr>
            </thead>
            {rows}
        </table>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
