//! The legend: per interface its colour, line styles and current, average and maximum RX and
//! TX over the window. The readings behind the chart are in `readings_table`.

use leptos::prelude::*;

use crate::i18n::{use_locale, Locale};
use crate::ui::chart_window::{ChartWindow, Direction, Summary};
use crate::ui::draw::css_color;
use crate::ui::format::format_rate;

fn row(locale: Locale, direction: &'static str, summary: Summary) -> impl IntoView {
    let t = locale.texts();
    view! {
        <td class="direction">{direction}</td>
        // The labels head the cells where the legend is a stacked list (narrow screens).
        <td data-testid="current" data-label=t.current>{format_rate(locale, summary.current)}</td>
        <td data-label=t.average>{format_rate(locale, summary.average)}</td>
        <td data-label=t.max>{format_rate(locale, summary.max)}</td>
    }
}

/// Marks an interface the router no longer has, with a button that unselects it.
fn gone_marker(locale: Locale, name: String, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let t = locale.texts();
    let label = (t.unselect)(&name);
    view! {
        <span class="gone">{t.gone}</span>
        <button
            type="button"
            class="unselect"
            aria-label=label
            on:click=move |_| selection.update(|selected| selected.retain(|n| n != &name))
        >
            {t.unselect_button}
        </button>
    }
}

#[component]
pub fn Legend(#[prop(into)] window: Signal<ChartWindow>, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    let rows = move || {
        window.with(|window| {
            let charted = window.series().iter().enumerate().map(|(index, series)| {
                let color = css_color(index);
                let rx = series.summary(Direction::Rx);
                let tx = series.summary(Direction::Tx);
                let gone = window.gone().contains(&series.name).then(|| gone_marker(locale, series.name.clone(), selection));
                view! {
                    <tbody data-interface=series.name.clone()>
                        <tr class="rx">
                            <th scope="rowgroup" rowspan="2">
                                <span class="swatch" style:background-color=color.clone()></span>
                                {series.name.clone()}
                                {gone}
                            </th>
                            {row(locale, t.rx_solid, rx)}
                        </tr>
                        <tr class="tx">{row(locale, t.tx_dashed, tx)}</tr>
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
                                <th scope="rowgroup">{name.clone()} {gone_marker(locale, name.clone(), selection)}</th>
                                <td colspan="4">{t.not_on_router}</td>
                            </tr>
                        </tbody>
                    }
                    .into_any()
                });
            charted.chain(never_charted).collect_view()
        })
    };
    view! {
        <table class="legend" aria-label=t.legend_label>
            <thead>
                <tr>
                    <th scope="col">{t.interface}</th>
                    <th scope="col">{t.direction}</th>
                    <th scope="col">{t.current}</th>
                    <th scope="col">{t.average}</th>
                    <th scope="col">{t.max}</th>
                </tr>
            </thead>
            {rows}
        </table>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
