//! The HTML document and the root component.

use leptos::prelude::*;

use crate::ui::dashboard::Dashboard;

/// The document around the app, rendered on the server only. The head never changes, so it is
/// plain HTML here rather than leptos_meta components shipped to the browser.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <title>"RouterOS traffic"</title>
                <link rel="stylesheet" id="leptos" href="/pkg/routeros-traffic.css" />
                <link rel="icon" type="image/svg+xml" href="/favicon.svg" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    view! { <Dashboard /> }
}
