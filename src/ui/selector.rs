//! The interface selector: every interface of the router with its type and state, a text
//! filter for routers with hundreds of PPPoE customers, and checkboxes (keyboard-usable,
//! labelled). The list refreshes itself, so a new PPPoE session appears without a reload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::{use_document_visibility, use_interval_fn};
use web_sys::VisibilityState;

use crate::error::AppError;
use crate::model::{InterfaceInfo, TableSnapshot};
use crate::server_fns::get_interfaces;
use crate::ui::format::clock;
use crate::ui::hydrated::use_hydrated;
use crate::ui::session::to_login;

/// How often the list refreshes itself. It is served from the server's cache.
const REFRESH_MS: u64 = 15_000;

fn state_label(info: &InterfaceInfo) -> &'static str {
    match (info.disabled, info.running) {
        (true, _) => "disabled",
        (false, true) => "running",
        (false, false) => "down",
    }
}

fn matches(info: &InterfaceInfo, filter: &str) -> bool {
    let filter = filter.trim().to_lowercase();
    filter.is_empty()
        || info.name.to_lowercase().contains(&filter)
        || info.kind.to_lowercase().contains(&filter)
        || info.comment.as_deref().is_some_and(|c| c.to_lowercase().contains(&filter))
}

/// One checkbox row of the list.
fn interface_item(info: InterfaceInfo, selection: RwSignal<Vec<String>>) -> impl IntoView {
    let state = state_label(&info);
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
                <span class="interface-state">{state}</span>
                {info.comment.map(|c| view! { <span class="interface-comment">{c}</span> })}
            </label>
        </li>
    }
}

#[component]
pub fn InterfaceSelector(router: String, selection: RwSignal<Vec<String>>) -> impl IntoView {
    // Loaded by the browser only (from an Effect), so server rendering never waits on the
    // router and hydration starts from the same "Loading…" the server sent. The last good
    // list stays while the router fails, so the selection can still be changed.
    let last_good = RwSignal::new(None::<TableSnapshot<InterfaceInfo>>);
    let failure = RwSignal::new(None::<AppError>);
    let router = StoredValue::new(router);
    let load = move || {
        spawn_local(async move {
            match get_interfaces(router.get_value()).await {
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
    let visibility = use_document_visibility();
    let visible = move || visibility.get_untracked() == VisibilityState::Visible;
    Effect::new(move || {
        visibility.track();
        if visible() {
            load();
        }
    });
    use_interval_fn(
        move || {
            if visible() {
                load();
            }
        },
        REFRESH_MS,
    );
    let filter = RwSignal::new(String::new());
    let hydrated = use_hydrated();

    // Why the list shown may be out of date: the last refresh failed, or the server served it
    // stale.
    let outdated = move || {
        let failed = failure.with(|f| f.as_ref().map(ToString::to_string));
        let stale = last_good.with(|l| l.as_ref().and_then(|l| l.problem.as_ref().map(ToString::to_string)));
        let taken_at = last_good.with(|l| l.as_ref().map(|l| l.fetched_at_ms as f64))?;
        let why = failed.or(stale)?;
        Some(view! {
            <p class="selector-stale" data-testid="selector-stale">
                {format!("The list as of {} (stale: {why})", clock(taken_at))}
            </p>
        })
    };

    let list = move || {
        let Some(snapshot) = last_good.get() else {
            return match failure.get() {
                None => view! { <p class="selector-empty">"Loading interfaces…"</p> }.into_any(),
                Some(error) => view! {
                    <p class="selector-error" role="alert">{format!("Cannot list interfaces: {error}")}</p>
                }
                .into_any(),
            };
        };
        let filter = filter.get();
        let shown: Vec<InterfaceInfo> =
            snapshot.interfaces.into_iter().filter(|i| matches(i, &filter)).collect();
        if shown.is_empty() {
            return view! { <p class="selector-empty">"No interface matches the filter."</p> }.into_any();
        }
        view! {
            <ul class="interface-list">
                {shown.into_iter().map(|info| interface_item(info, selection)).collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <fieldset class="selector">
            <legend>"Interfaces"</legend>
            <div class="selector-tools">
                <input
                    type="search"
                    placeholder="Filter by name, type or comment"
                    aria-label="Filter interfaces"
                    disabled=move || !hydrated.get()
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button type="button" disabled=move || !hydrated.get() on:click=move |_| load()>
                    "Refresh list"
                </button>
                <span class="selected-count" aria-live="polite">
                    {move || format!("{} selected", selection.with(Vec::len))}
                </span>
            </div>
            {outdated}
            {list}
        </fieldset>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
