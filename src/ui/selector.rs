//! The interface selector: every interface of the router with its type and state, a text
//! filter for routers with hundreds of PPPoE customers, and checkboxes (keyboard-usable,
//! labelled). The list refreshes itself, so a new PPPoE session appears without a reload,
//! but holds still while the pointer or the keyboard is in it.
//! Each interface shows its current rates, and the list sorts by them: the top talkers come
//! first, and one tick charts the one saturating the uplink.

use std::cmp::Reverse;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::error::AppError;
use crate::i18n::{use_locale, Locale, Texts};
use crate::model::{InterfaceInfo, InterfaceStats, TableSnapshot};
use crate::server_fns::get_interfaces;
use crate::ui::boxed_effects::effect;
use crate::ui::browser_signals::{every, tab_visible};
use crate::ui::format::{clock, format_rate};
use crate::ui::hydrated::use_before_hydration;
use crate::ui::one_sort::sort_by_cached_key;
use crate::ui::session::to_login;

/// How often the list refreshes itself while sorted by rate. It is served from the server's
/// cache, so this costs the router nothing.
const REFRESH_MS: u64 = 5_000;
/// Sorted by name, the rates matter less: every this many refresh periods.
const REFRESH_BY_NAME_EVERY: u32 = 3;

/// Whether refresh period number `tick` refreshes the list: never while the page is hidden or
/// the list is in use (the pointer over it, or the keyboard in it), because a refresh re-sorts
/// the rows under the user's hand.
fn refresh_due(sort: SortBy, tick: u32, visible: bool, in_use: bool) -> bool {
    visible && !in_use && (sort != SortBy::Name || tick.is_multiple_of(REFRESH_BY_NAME_EVERY))
}

/// The order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Name,
    /// Busiest first by current receive rate; unknown rates last.
    Rx,
    Tx,
}

impl SortBy {
    const ALL: [(Self, &'static str); 3] = [(Self::Name, "name"), (Self::Rx, "rx"), (Self::Tx, "tx")];

    fn parse(value: &str) -> Self {
        Self::ALL.iter().find(|(_, v)| *v == value).map_or(Self::Name, |(sort, _)| *sort)
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Self::Name => t.sort_name,
            Self::Rx => t.sort_rx,
            Self::Tx => t.sort_tx,
        }
    }

    /// Sorts `interfaces` in place: by name (case aside), or busiest first with names
    /// breaking ties.
    pub fn sort(self, interfaces: &mut [InterfaceStats]) {
        let rate = |stats: &InterfaceStats| match self {
            Self::Name => None,
            Self::Rx => stats.rx_bps,
            Self::Tx => stats.tx_bps,
        };
        // Busiest first, equal rates by name. A rate ranks by its bits (for finite rates of +0
        // or more they grow with the rate; abs() makes -0 a +0); unknown or garbage (NaN,
        // negative) ranks below all.
        let rank = |stats: &InterfaceStats| {
            rate(stats).filter(|r| r.is_finite() && *r >= 0.0).map_or(0, |r| r.abs().to_bits() + 1)
        };
        sort_by_cached_key(interfaces, |stats| (Reverse(rank(stats)), stats.info.name.to_ascii_lowercase()));
    }
}

/// The interface's state: its stable name (for styling) and its words.
fn state_label(info: &InterfaceInfo, t: &Texts) -> (&'static str, &'static str) {
    match (info.disabled, info.running) {
        (true, _) => ("disabled", t.disabled),
        (false, true) => ("running", t.running),
        (false, false) => ("down", t.down),
    }
}

/// Whether the name, type or comment contains `filter`, ignoring ASCII case: interface names
/// are ASCII in practice, and Unicode's case tables would cost every page of the WASM ~10 KB.
fn matches(info: &InterfaceInfo, filter: &str) -> bool {
    let filter = filter.trim().to_ascii_lowercase();
    let has = |text: &str| text.to_ascii_lowercase().contains(&filter);
    filter.is_empty() || has(&info.name) || has(&info.kind) || info.comment.as_deref().is_some_and(has)
}

/// One checkbox row of the list.
fn interface_item(locale: Locale, stats: InterfaceStats, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let InterfaceStats { info, rx_bps, tx_bps, .. } = stats;
    let (state, state_words) = state_label(&info, locale.texts());
    let checked_name = info.name.clone();
    let name = info.name.clone();
    let toggle = move |checked: bool| {
        selection.update(|selected| {
            selected.retain(|n| n != &name);
            if checked {
                selected.push(name.clone());
            }
        });
    };
    view! {
        <li class="interface" data-state=state>
            <label>
                <input
                    type="checkbox"
                    prop:checked=move || selection.with(|s| s.contains(&checked_name))
                    on:change=move |ev| toggle(event_target_checked(&ev))
                />
                <span class="interface-name">{info.name}</span>
                <span class="interface-kind">{info.kind}</span>
                <span class="interface-state">{state_words}</span>
                {info.comment.map(|c| view! { <span class="interface-comment">{c}</span> })}
                <span
                    class="interface-rates"
                    data-rx-bps=rx_bps.map(|v| v.to_string())
                    data-tx-bps=tx_bps.map(|v| v.to_string())
                >
                    {format!("RX {} · TX {}", format_rate(locale, rx_bps), format_rate(locale, tx_bps))}
                </span>
            </label>
        </li>
    }
}

#[component]
pub fn InterfaceSelector(router: String, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let locale = use_locale();
    let t = locale.texts();
    // Loaded by the browser only (from an Effect), so server rendering never waits on the
    // router and hydration starts from the same "Loading…" the server sent. The last good
    // list stays while the router fails, so the selection can still be changed.
    let last_good = RwSignal::new(None::<TableSnapshot<InterfaceStats>>);
    let failure = RwSignal::new(None::<AppError>);
    let router = StoredValue::new(router);

    // The list is in use while it is shown and the pointer is over it or the keyboard is in
    // it. Keyboard focus only (`:focus-visible`): a click focuses a checkbox too, and would
    // otherwise hold the list until the next click elsewhere. Asked when needed rather than
    // tracked with focus events, which say nothing when a focused row is removed (a PPPoE
    // customer who hung up).
    let area = NodeRef::<leptos::html::Div>::new();
    let pointer_in = StoredValue::new(false);
    let keyboard_in = move || {
        let active = document().active_element();
        area.get_untracked().zip(active).is_some_and(|(area, active)| {
            area.contains(Some(active.as_ref())) && active.matches(":focus-visible").unwrap_or(false)
        })
    };
    let in_use =
        move || last_good.with_untracked(Option::is_some) && (pointer_in.get_value() || keyboard_in());

    let load = move || {
        spawn_local(async move {
            match get_interfaces(router.get_value()).await {
                // A list that arrives while it is in use waits for the next period instead.
                Ok(_) if in_use() => {}
                Ok(snapshot) => {
                    last_good.set(Some(snapshot));
                    failure.set(None);
                }
                Err(AppError::Unauthorized) => to_login(),
                Err(error) => failure.set(Some(error)),
            }
        })
    };
    // Loads when the page is shown (at once, unless it opened in a background tab), and
    // refreshes only while it is.
    let shown = tab_visible();
    let visible = move || shown.get_untracked();
    effect(move || {
        shown.track();
        if visible() && !in_use() {
            load();
        }
    });
    let sort = RwSignal::new(SortBy::Name);
    let ticks = StoredValue::new(0u32);
    every(REFRESH_MS, move || {
        ticks.update_value(|t| *t = t.wrapping_add(1));
        if refresh_due(sort.get_untracked(), ticks.get_value(), visible(), in_use()) {
            load();
        }
    });
    let filter = RwSignal::new(String::new());
    let before_hydration = use_before_hydration();

    // Why the list shown may be out of date: the last refresh failed, or the server served it
    // stale.
    let outdated = move || {
        let failed = failure.with(|f| f.as_ref().map(|e| t.error(e)));
        let stale = last_good.with(|l| l.as_ref().and_then(|l| l.problem.as_ref().map(|p| t.problem(p))));
        let taken_at = last_good.with(|l| l.as_ref().map(|l| l.fetched_at_ms as f64))?;
        let why = failed.or(stale)?;
        Some(view! {
            <p class="selector-stale" data-testid="selector-stale">
                {(t.list_as_of)(&clock(locale, taken_at), &why)}
            </p>
        })
    };

    let list = move || {
        let Some(snapshot) = last_good.get() else {
            return match failure.get() {
                None => view! { <p class="selector-empty">{t.loading_interfaces}</p> }.into_any(),
                Some(error) => view! {
                    <p class="selector-error" role="alert">{(t.cannot_list)(&t.error(&error))}</p>
                }
                .into_any(),
            };
        };
        let filter = filter.get();
        let mut shown: Vec<InterfaceStats> =
            snapshot.interfaces.into_iter().filter(|i| matches(&i.info, &filter)).collect();
        sort.get().sort(&mut shown);
        if shown.is_empty() {
            return view! { <p class="selector-empty">{t.no_match}</p> }.into_any();
        }
        view! {
            <ul class="interface-list">
                {shown.into_iter().map(|info| interface_item(locale, info, selection)).collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <fieldset class="selector">
            <legend>{t.interfaces}</legend>
            <div class="selector-tools">
                <input
                    type="search"
                    placeholder=t.filter_placeholder
                    aria-label=t.filter_label
                    disabled=before_hydration
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <label class="sort-by">
                    {t.sort_by}
                    " "
                    <select
                        disabled=before_hydration
                        on:change=move |ev| {
                            sort.set(SortBy::parse(&event_target_value(&ev)));
                            // The rates as of now, not as of the last refresh.
                            load();
                        }
                    >
                        {SortBy::ALL
                            .into_iter()
                            .map(|(option, value)| {
                                view! {
                                    <option value=value selected=move || sort.get() == option>
                                        {option.label(t)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" disabled=before_hydration on:click=move |_| load()>
                    {t.refresh_list}
                </button>
                <span class="selected-count" aria-live="polite">
                    {move || (t.selected)(selection.with(Vec::len))}
                </span>
            </div>
            {outdated}
            <div
                node_ref=area
                class="interface-list-area"
                on:pointerenter=move |_| pointer_in.set_value(true)
                on:pointerleave=move |_| pointer_in.set_value(false)
            >
                {list}
            </div>
        </fieldset>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::chart_window::fixtures::stats;

    fn order(sort: SortBy, mut list: Vec<InterfaceStats>) -> Vec<String> {
        sort.sort(&mut list);
        list.into_iter().map(|s| s.info.name).collect()
    }

    #[test]
    fn sorting_by_a_rate_puts_the_busiest_first_and_unknown_rates_last() {
        let list = vec![
            stats("ether1", Some(4e8), Some(1e6)),
            stats("bridge1", Some(2e6), Some(9e6)),
            stats("pppoe-new", None, None),
            stats("pppoe-idle", Some(0.0), Some(0.0)),
            stats("Pppoe-garbage", Some(f64::NAN), Some(-5.0)),
            stats("pppoe-zero", Some(-0.0), Some(0.0)),
            stats("ether2", Some(2e6), Some(f64::INFINITY)),
        ];
        assert_eq!(
            order(SortBy::Rx, list.clone()),
            ["ether1", "bridge1", "ether2", "pppoe-idle", "pppoe-zero", "Pppoe-garbage", "pppoe-new"]
        );
        assert_eq!(
            order(SortBy::Tx, list.clone()),
            ["bridge1", "ether1", "pppoe-idle", "pppoe-zero", "ether2", "Pppoe-garbage", "pppoe-new"]
        );
        assert_eq!(
            order(SortBy::Name, list),
            ["bridge1", "ether1", "ether2", "Pppoe-garbage", "pppoe-idle", "pppoe-new", "pppoe-zero"]
        );
    }

    #[test]
    fn the_list_refreshes_on_time_unless_hidden_or_in_use() {
        assert!((1..=6).all(|tick| refresh_due(SortBy::Rx, tick, true, false)), "every period by rate");
        let by_name: Vec<u32> =
            (1..=6).filter(|tick| refresh_due(SortBy::Name, *tick, true, false)).collect();
        assert_eq!(by_name, [3, 6], "every third by name");
        for sort in [SortBy::Name, SortBy::Rx, SortBy::Tx] {
            assert!(!refresh_due(sort, 3, false, false), "not while hidden");
            assert!(!refresh_due(sort, 3, true, true), "not under the user's hand");
        }
    }

    #[test]
    fn the_filter_finds_name_type_or_comment_in_any_case() {
        let mut budi = stats("<pppoe-Budi>", None, None).info;
        budi.comment = Some("Rumah Pak BUDI, Blok C".to_owned());
        for filter in ["budi", " PPPOE-b ", "ETHER", "blok c", ""] {
            assert!(matches(&budi, filter), "{filter:?}");
        }
        for filter in ["citra", "bridge", "budi2"] {
            assert!(!matches(&budi, filter), "{filter:?}");
        }
    }

    #[test]
    fn an_unknown_sort_value_falls_back_to_names() {
        for (sort, value) in SortBy::ALL {
            assert_eq!(SortBy::parse(value), sort);
        }
        assert_eq!(SortBy::parse("<script>"), SortBy::Name);
    }
}
