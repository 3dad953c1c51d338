//! The Start/Stop Monitor button.

use leptos::prelude::*;

use crate::ui::hydrated::use_before_hydration;

/// A toggle button showing whether monitoring runs. Its label says what a click will do.
///
/// It stays disabled until the page has hydrated: before that a click could do nothing, and a
/// person should not be offered a control that silently ignores them.
#[component]
pub fn MonitorToggle(#[prop(into)] monitoring: Signal<bool>, on_toggle: Callback<()>) -> impl IntoView {
    let before_hydration = use_before_hydration();
    let t = crate::i18n::use_texts();

    view! {
        <button
            type="button"
            class="monitor-toggle"
            class:active=move || monitoring.get()
            disabled=before_hydration
            aria-pressed=move || monitoring.get().to_string()
            on:click=move |_| on_toggle.run(())
        >
            {move || if monitoring.get() { t.stop_monitor } else { t.start_monitor }}
        </button>
        <noscript>
            <p class="noscript">{t.needs_javascript}</p>
        </noscript>
    }
    // Erased: the dashboard's full view type is too deep for the release build otherwise.
    .into_any()
}
