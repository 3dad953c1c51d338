//! The page header: the product name, the way between pages and, on a router's page, which
//! router it shows.

use leptos::prelude::*;

use crate::model::RouterLabel;

#[component]
pub fn Header(#[prop(optional, into)] router: Option<Signal<Option<RouterLabel>>>) -> impl IntoView {
    let router_line = router.map(|router| {
        let label = move || match router.get() {
            Some(router) => router.to_string(),
            None => "router unknown: the server did not answer".to_owned(),
        };
        view! {
            <p class="router" class:router-missing=move || router.with(Option::is_none)>
                <span class="router-caption">"Router: "</span>
                <span data-testid="router-label">{label}</span>
            </p>
        }
    });
    view! {
        <header class="site-header">
            <h1>"RouterOS traffic"</h1>
            <nav class="site-nav" aria-label="Pages">
                <a href="/">"All routers"</a>
                <a href="/settings/routers">"Router settings"</a>
            </nav>
            {router_line}
        </header>
    }
}
