//! Bytes per interface today, yesterday and this month (for a PPPoE customer, what they used),
//! sortable by any column, with its CSV download.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::{use_locale, Texts};

use crate::model::{ByteTotals, InterfaceUsage, UsageAnswer};
use crate::server_fns::get_usage;
use crate::ui::boxed_effects::effect;
use crate::ui::format::format_bytes;
use crate::ui::hydrated::use_before_hydration;
use crate::ui::one_sort::sort_by;
use crate::ui::session::to_login;

/// A column to sort by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Today(Side),
    Yesterday(Side),
    Month(Side),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Rx,
    Tx,
}

impl Column {
    const BYTES: [Self; 6] = [
        Self::Today(Side::Rx),
        Self::Today(Side::Tx),
        Self::Yesterday(Side::Rx),
        Self::Yesterday(Side::Tx),
        Self::Month(Side::Rx),
        Self::Month(Side::Tx),
    ];

    /// The column's heading: "Today RX", "This month TX".
    fn label(self, t: &Texts) -> String {
        let (period, side) = match self {
            Self::Name => return t.interface.to_owned(),
            Self::Today(side) => (t.today, side),
            Self::Yesterday(side) => (t.yesterday, side),
            Self::Month(side) => (t.this_month, side),
        };
        format!("{period} {}", if side == Side::Rx { "RX" } else { "TX" })
    }

    fn bytes(self, row: &InterfaceUsage) -> u64 {
        let pick = |totals: ByteTotals, side| match side {
            Side::Rx => totals.rx_bytes,
            Side::Tx => totals.tx_bytes,
        };
        match self {
            Self::Name => 0,
            Self::Today(side) => pick(row.today, side),
            Self::Yesterday(side) => pick(row.yesterday, side),
            Self::Month(side) => pick(row.month, side),
        }
    }
}

/// The rows in the chosen order: names A to Z, byte counts largest first unless reversed.
/// Equal counts go by name (reversed with the rest), so the order never depends on the server's.
fn sorted(answer: &UsageAnswer, column: Column, descending: bool) -> Vec<InterfaceUsage> {
    let mut rows = answer.interfaces.clone();
    // One comparison for every column (names count 0 bytes).
    sort_by(&mut rows, |a, b| column.bytes(a).cmp(&column.bytes(b)).then_with(|| a.name.cmp(&b.name)));
    if descending {
        rows.reverse();
    }
    rows
}

#[component]
pub fn UsageTable(router: String, #[prop(into)] visible: Signal<bool>) -> impl IntoView {
    let locale = use_locale();
    // The server renders the table's buttons; a click before the WASM takes over would be lost.
    let before_hydration = use_before_hydration();
    let t = locale.texts();
    // Fetched by the browser only (an Effect), so the server's render never waits on it.
    let usage = RwSignal::new(None::<Result<UsageAnswer, AppError>>);
    let refreshes = RwSignal::new(0u32);
    let asked = StoredValue::new(0u64);
    let for_router = StoredValue::new(router.clone());
    effect(move || {
        refreshes.track();
        // Once the tab is seen: a tab opened in the background asks for nothing.
        if !visible.get() {
            return;
        }
        let router = for_router.get_value();
        let this = asked.with_value(|n| n + 1);
        asked.set_value(this);
        spawn_local(async move {
            let answer = get_usage(router).await;
            if matches!(answer, Err(AppError::Unauthorized)) {
                return to_login();
            }
            // An answer to an older request is dropped.
            if asked.get_value() == this {
                usage.set(Some(answer));
            }
        });
    });
    let sort = RwSignal::new((Column::Month(Side::Rx), true));
    let header = move |column: Column| {
        let aria_sort = move || match sort.get() {
            (c, true) if c == column => "descending",
            (c, false) if c == column => "ascending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button type="button" disabled=before_hydration on:click=move |_| sort.update(|(c, descending)| {
                    *descending = if *c == column { !*descending } else { column != Column::Name };
                    *c = column;
                })>
                    {column.label(t)}
                </button>
            </th>
        }
    };
    let rows = move || {
        let Some(answer) = usage.get() else {
            return view! { <tr><td colspan="7">{t.loading}</td></tr> }.into_any();
        };
        match answer {
            Ok(answer) => {
                let (column, descending) = sort.get();
                sorted(&answer, column, descending)
                    .into_iter()
                    .map(|row| {
                        let cells = Column::BYTES
                            .iter()
                            .map(|column| view! { <td>{format_bytes(locale, column.bytes(&row))}</td> })
                            .collect_view();
                        view! {
                            <tr data-interface=row.name.clone()>
                                <th scope="row">{row.name.clone()}</th>
                                {cells}
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any()
            }
            Err(error) => {
                view! { <tr><td colspan="7" role="alert">{(t.usage_unavailable)(&t.error(&error))}</td></tr> }
                    .into_any()
            }
        }
    };
    let csv = format!("/api/usage?router={router}&format=csv");
    view! {
        <section class="usage" aria-labelledby="usage-title">
            <h2 id="usage-title">{t.usage}</h2>
            <p class="usage-tools">
                <button type="button" disabled=before_hydration on:click=move |_| refreshes.update(|n| *n += 1)>{t.refresh}</button>
                <a class="button" href=csv download>{t.download_usage_csv}</a>
                <span class="hint">{t.usage_hint}</span>
            </p>
            <div class="table-scroll">
                <table class="usage-table">
                    <thead>
                        <tr>
                            {header(Column::Name)}
                            {Column::BYTES.into_iter().map(header).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, today_rx: u64) -> InterfaceUsage {
        let today = ByteTotals { rx_bytes: today_rx, tx_bytes: 0 };
        InterfaceUsage {
            name: name.to_owned(),
            today,
            yesterday: ByteTotals::default(),
            month: ByteTotals::default(),
        }
    }

    fn names(rows: Vec<InterfaceUsage>) -> Vec<String> {
        rows.into_iter().map(|r| r.name).collect()
    }

    #[test]
    fn rows_sort_by_the_column_and_equal_counts_by_name() {
        let answer = UsageAnswer {
            router: "r".into(),
            today: "2026-12-02".into(),
            yesterday: "2026-12-01".into(),
            month: "2026-12".into(),
            interfaces: vec![row("pppoe-b", 5), row("ether1", 900), row("pppoe-a", 5), row("bridge", 0)],
        };
        assert_eq!(names(sorted(&answer, Column::Name, false)), ["bridge", "ether1", "pppoe-a", "pppoe-b"]);
        assert_eq!(
            names(sorted(&answer, Column::Today(Side::Rx), true)),
            ["ether1", "pppoe-b", "pppoe-a", "bridge"],
            "largest first; a tie reversed with the rest"
        );
        assert_eq!(
            names(sorted(&answer, Column::Today(Side::Rx), false)),
            ["bridge", "pppoe-a", "pppoe-b", "ether1"]
        );
    }
}
