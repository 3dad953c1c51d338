//! The interface selector: every interface of the router with its type and state, a text
//! filter for routers with hundreds of PPPoE customers, and checkboxes (keyboard-usable,
//! labelled). The list refreshes itself, so a new PPPoE session appears without a reload.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_use::use_interval_fn;

use crate::model::InterfaceInfo;
use crate::server_fns::get_interfaces;

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

#[component]
pub fn InterfaceSelector(selection: RwSignal<Vec<String>>) -> impl IntoView {
    // Loaded by the browser only (from an Effect), so server rendering never waits on the
    // router and hydration starts from the same "Loading…" the server sent.
    let interfaces = RwSignal::new(None);
    let load = move || spawn_local(async move { interfaces.set(Some(get_interfaces().await)) });
    Effect::new(load);
    use_interval_fn(load, REFRESH_MS);
    let filter = RwSignal::new(String::new());

    let toggle = move |name: String, checked: bool| {
        selection.update(|selected| {
            selected.retain(|n| n != &name);
            if checked {
                selected.push(name);
            }
        });
    };

    // No <Suspense>: the server renders "Loading…", and so does the first client render, so
    // hydration matches; the list replaces it once the resource loads in the browser.
    let list = move || {
        match interfaces.get() {
        None => view! { <p class="selector-empty">"Loading interfaces…"</p> }.into_any(),
        Some(result) => match result {
            Err(error) => view! { <p class="selector-error" role="alert">{format!("Cannot list interfaces: {error}")}</p> }.into_any(),
            Ok(snapshot) => {
                let filter = filter.get();
                let shown: Vec<InterfaceInfo> = snapshot.interfaces.into_iter().filter(|i| matches(i, &filter)).collect();
                if shown.is_empty() {
                    return view! { <p class="selector-empty">"No interface matches the filter."</p> }.into_any();
                }
                view! {
                    <ul class="interface-list">
                        {shown
                            .into_iter()
                            .map(|info| {
                                let name = info.name.clone();
                                let checked_name = info.name.clone();
                                let state = state_label(&info);
                                view! {
                                    <li class="interface" data-state=state>
                                        <label>
                                            <input
                                                type="checkbox"
                                                prop:checked=move || selection.with(|s| s.contains(&checked_name))
                                                on:change=move |ev| toggle(name.clone(), event_target_checked(&ev))
                                            />
                                            <span class="interface-name">{info.name.clone()}</span>
                                            <span class="interface-kind">{info.kind.clone()}</span>
                                            <span class="interface-state">{state}</span>
                                            {info.comment.clone().map(|c| view! { <span class="interface-comment">{c}</span> })}
                                        </label>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                .into_any()
            }
        },
    }
    };

    view! {
        <fieldset class="selector">
            <legend>"Interfaces"</legend>
            <div class="selector-tools">
                <input
                    type="search"
                    placeholder="Filter by name, type or comment"
                    aria-label="Filter interfaces"
                    prop:value=move || filter.get()
                    on:input=move |ev| filter.set(event_target_value(&ev))
                />
                <button type="button" on:click=move |_| load()>"Refresh list"</button>
                <span class="selected-count" aria-live="polite">
                    {move || format!("{} selected", selection.with(Vec::len))}
                </span>
            </div>
            {list}
        </fieldset>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
