//! The page header: the product name, the way between pages, who is logged in and, on a
//! router's page, which router it shows.

use leptos::prelude::*;

use crate::model::{Role, RouterLabel, Viewer};
use crate::server_fns::get_viewer;

/// Who is looking, and the way out; or, while no user exists, that anyone on this machine can.
fn viewer_line(viewer: Viewer) -> impl IntoView {
    match viewer.name {
        Some(name) => view! {
            <form class="who" method="post" action="/logout">
                <span data-testid="who">{format!("{name} ({})", viewer.role.as_str())}</span>
                <button type="submit">"Log out"</button>
            </form>
        }
        .into_any(),
        None => view! {
            <p class="open-banner" role="note">
                "No login: anyone on this machine can use the dashboard. Create an admin with "
                <code>"routeros-traffic users add NAME --role admin --password-stdin"</code>"."
            </p>
        }
        .into_any(),
    }
}

#[component]
pub fn Header(#[prop(optional, into)] router: Option<Signal<Option<RouterLabel>>>) -> impl IntoView {
    // Blocking: who is looking is part of the server-rendered page.
    let viewer = OnceResource::new_blocking(get_viewer());
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
    let admin = move || viewer.get().and_then(Result::ok).is_some_and(|v| v.role == Role::Admin);
    let logged_in = move || viewer.get().and_then(Result::ok).is_some_and(|v| v.name.is_some());
    view! {
        <header class="site-header">
            <h1>"RouterOS traffic"</h1>
            <nav class="site-nav" aria-label="Pages">
                <a href="/">"All routers"</a>
                <Suspense>
                    {move || admin().then(|| view! { <a href="/settings/routers">"Router settings"</a> })}
                    {move || logged_in().then(|| view! { <a href="/settings/users">{if admin() { "Users" } else { "Your password" }}</a> })}
                </Suspense>
            </nav>
            <Suspense>{move || viewer.get().and_then(Result::ok).map(viewer_line)}</Suspense>
            {router_line}
        </header>
    }
}
