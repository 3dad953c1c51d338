//! routeros-traffic: a live RX/TX dashboard for MikroTik routers.
//!
//! One crate, two builds: the `ssr` feature makes the axum server binary, and the `hydrate`
//! feature makes the WASM library that cargo-leptos ships to the browser. Every `cfg` gate
//! lives here and in `main.rs`; the modules themselves are plain.
//!
//! - both sides: `app` (the document and root component), `ui` (components and the browser's
//!   pure logic), `model` and `error` (what crosses the wire), `server_fns` (the `#[server]`
//!   functions: their bodies run on the server, the browser gets the calls)
//! - server only: `server` (axum app, state, endpoints, configuration, CLI, telemetry),
//!   `auth` (passwords, sessions, tokens, throttling), `fleet` (the routers watched, each with its stats), `stats` (one router's cache and
//!   rates), `store` (the embedded database), `routeros` (the protocol and the simulator)

pub mod app;
pub mod error;
pub mod i18n;
pub mod model;
pub mod server_fns;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod fleet;
#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod routeros;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod store;

/// Entry point of the WASM module: attaches the page the server rendered to its code.
///
/// Each page's code is a lazily loaded WASM chunk of its own (`cargo leptos build --split`
/// cuts the module at every `#[lazy]` function), so a page downloads the shared runtime and
/// itself, never the other pages.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Set once: hydrate_body would set it too, but only after the chunk has loaded.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // The page is chosen by path, as the server chose it.
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    leptos::task::spawn_local(lazy_pages::hydrate(app::Page::from_path(&path)));
}

#[cfg(feature = "hydrate")]
mod lazy_pages {
    use leptos::mount::hydrate_body;
    use leptos::prelude::*;

    use crate::app::{NotFound, Page};
    use crate::i18n::Locale;
    use crate::ui::dashboard::Dashboard;
    use crate::ui::fleet_overview::FleetOverview;
    use crate::ui::router_settings::RouterSettingsPage;
    use crate::ui::user_settings::UserSettingsPage;

    /// Loads the page's chunk, then hydrates it. The views are the ones `app::App` renders on
    /// the server for the same page.
    pub async fn hydrate(page: Page) {
        match page {
            Page::Fleet => fleet().await,
            Page::Router(name) => router(name).await,
            Page::RouterSettings => router_settings().await,
            Page::UserSettings => user_settings().await,
            Page::NotFound => not_found().await,
        }
    }

    /// The language the server rendered the page in, from `<html lang>`.
    fn page_locale() -> Locale {
        document()
            .document_element()
            .and_then(|html| html.get_attribute("lang"))
            .and_then(|tag| Locale::from_tag(&tag))
            .unwrap_or_default()
    }

    /// Hydrates the page `view` renders, in the server's language.
    fn hydrate_page(view: impl FnOnce() -> AnyView + 'static) {
        hydrate_body(move || {
            provide_context(page_locale());
            view()
        });
    }

    #[leptos::lazy]
    fn fleet() {
        hydrate_page(|| view! { <FleetOverview /> }.into_any());
    }

    #[leptos::lazy]
    fn router(name: String) {
        hydrate_page(move || view! { <Dashboard router=name /> }.into_any());
    }

    #[leptos::lazy]
    fn router_settings() {
        hydrate_page(|| view! { <RouterSettingsPage /> }.into_any());
    }

    #[leptos::lazy]
    fn user_settings() {
        hydrate_page(|| view! { <UserSettingsPage /> }.into_any());
    }

    #[leptos::lazy]
    fn not_found() {
        hydrate_page(|| view! { <NotFound /> }.into_any());
    }
}
