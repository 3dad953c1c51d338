//! The HTML shell and the root component with its routes.

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, StaticSegment};

use crate::ui::dashboard::Dashboard;

/// The document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    view! {
        <Stylesheet id="leptos" href="/pkg/routeros-traffic.css" />
        <Link rel="icon" type_="image/svg+xml" href="/favicon.svg" />
        <Title text="RouterOS traffic" />
        <Router>
            <Routes fallback=|| "Page not found.".into_view()>
                // Async: the whole page is rendered before it is sent, so it is complete without
                // JavaScript. The only thing it waits for is the settings, read from memory;
                // the interface list is loaded by the browser, so the router never delays it.
                <Route path=StaticSegment("") view=Dashboard ssr=SsrMode::Async />
            </Routes>
        </Router>
    }
}
