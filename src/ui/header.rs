//! The page header: the product name and the router the dashboard is connected to.

use leptos::prelude::*;

use crate::model::RouterLabel;

#[component]
pub fn Header(router: Signal<Option<RouterLabel>>) -> impl IntoView {
    let label = move || match router.get() {
        Some(router) => router.to_string(),
        None => "router unknown: the server did not answer".to_owned(),
    };
    let is_configured = move || !matches!(router.get(), Some(RouterLabel::NotConfigured) | None);

    view! {
        <header class="site-header">
            <h1>"RouterOS traffic"</h1>
            <p class="router" class:router-missing=move || !is_configured()>
                <span class="router-caption">"Router: "</span>
                <span data-testid="router-label">{label}</span>
            </p>
        </header>
    }
}
