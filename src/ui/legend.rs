//! The legend: per interface its colour, line styles and current, average and maximum RX and
//! TX over the window. The readings behind the chart are in `readings_table`.

use leptos::prelude::*;

use crate::ui::chart_window::{ChartWindow, Direction, Summary};
use crate::ui::draw::css_color;
use crate::ui::format::format_rate;

fn row(direction: &'static str, summary: Summary) -> impl IntoView {
    view! {
        <td class="direction">{direction}</td>
        // The labels head the cells where the legend is a stacked list (narrow screens).
        <td data-testid="current" data-label="Current">{format_rate(summary.current)}</td>
        <td data-label="Average">{format_rate(summary.average)}</td>
        <td data-label="Max">{format_rate(summary.max)}</td>
    }
}

/// Marks an interface the router no longer has, with a button that unselects it.
fn gone_marker(name: String, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let label = format!("Unselect {name}");
    view! {
        <span class="gone">"gone"</span>
        <button
            type="button"
            class="unselect"
            aria-label=label
            on:click=move |_| selection.update(|selected| selected.retain(|n| n != &name))
        >
            "Unselect"
        </button>
    }
}

#[component]
pub fn Legend(#[prop(into)] window: Signal<ChartWindow>, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let rows = move || {
        window.with(|window| {
            let charted = window.series().iter().enumerate().map(|(index, series)| {
                let color = css_color(index);
                let rx = series.summary(Direction::Rx);
                let tx = series.summary(Direction::Tx);
                let gone = window.gone().contains(&series.name).then(|| gone_marker(series.name.clone(), selection));
                view! {
                    <tbody data-interface=series.name.clone()>
                        <tr class="rx">
                            <th scope="rowgroup" rowspan="2">
                                <span class="swatch" style:background-color=color.clone()></span>
                                {series.name.clone()}
                                {gone}
                            </th>
                            {row("RX (solid)", rx)}
                        </tr>
                        <tr class="tx">{row("TX (dashed)", tx)}</tr>
                    </tbody>
                }
                .into_any()
            });
            // Gone before the chart ever had a point of them: a row all the same, to unselect.
            let never_charted = window
                .gone()
                .iter()
                .filter(|name| !window.series().iter().any(|s| &&s.name == name))
                .map(|name| {
                    view! {
                        <tbody data-interface=name.clone()>
                            <tr>
                                <th scope="rowgroup">{name.clone()} {gone_marker(name.clone(), selection)}</th>
                                <td colspan="4">"not on the router"</td>
                            </tr>
                        </tbody>
                    }
                    .into_any()
                });
            charted.chain(never_charted).collect_view()
        })
    };
    view! {
        <table class="legend" aria-label="Traffic per interface over the range shown">
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
