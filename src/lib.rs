//! routeros-traffic: a live RX/TX dashboard for MikroTik routers.
//!
//! One crate, two builds: the `ssr` feature makes the axum server binary, and the `hydrate`
//! feature makes the WASM library that cargo-leptos ships to the browser. Every `cfg` gate
//! lives here, in `main.rs` and in `json/value.rs` (a JSON value as each side holds it); the
//! modules themselves are plain.
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
pub mod json;
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
/// The pages' code is in lazily loaded WASM chunks (`cargo leptos build --split` cuts the
/// module at every split point), so a page downloads the shared runtime and its own chunk: the
/// dashboard never downloads the settings forms, nor they the dashboard.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    // A panic aborts the module: the page says so rather than going dead without a word.
    std::panic::set_hook(Box::new(|panic| {
        console_error_panic_hook::hook(panic);
        show_code_failed();
    }));
    // Our code runs: from here on it reports its own failures, not the page's script.
    let _ = js_sys::Reflect::set(&leptos::prelude::window(), &app::STARTED.into(), &true.into());
    // Set once: hydrate_body would set it too, but only after the chunk has loaded.
    let _ = any_spawner::Executor::init_wasm_bindgen();
    // The page is chosen by path, as the server chose it.
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    leptos::task::spawn_local(async move {
        if let Err(error) = lazy_pages::hydrate(app::Page::from_path(&path)).await {
            // The page stays as the server rendered it, its controls disabled: it says so.
            leptos::logging::error!("the page's code did not load: {error}");
            show_code_failed();
        }
    });
}

/// Shows the server-rendered message that the page's code failed, with its reload link.
#[cfg(feature = "hydrate")]
fn show_code_failed() {
    if let Some(message) = leptos::prelude::document().get_element_by_id(app::CODE_FAILED) {
        let _ = message.remove_attribute("hidden");
    }
}

#[cfg(feature = "hydrate")]
mod lazy_pages {
    use leptos::mount::hydrate_body;
    use leptos::prelude::*;
    use leptos::wasm_split::{wasm_split, SplitLoaderError};

    use crate::app::{NotFound, Page};
    use crate::i18n::Locale;
    use crate::ui::dashboard::Dashboard;
    use crate::ui::fleet_overview::FleetOverview;
    use crate::ui::router_settings::RouterSettingsPage;
    use crate::ui::user_settings::UserSettingsPage;

    /// Loads the page's chunk (the 404 page has none), then hydrates it. The views are the ones
    /// `app::App` renders on the server for the same page.
    ///
    /// The split points are `fallible` (which `#[leptos::lazy]` is not): a chunk that does not
    /// load is an error to show, where a panic would abort the whole module without a word.
    ///
    /// Three split points, not one per page: wasm-split cuts the code that several of them
    /// share into a chunk per combination of users, and every extra file gzips on its own. The
    /// two settings pages share one (admins open them, rarely), and the 404 page, which is
    /// little more than the header every page has, needs none (README, "WASM size").
    pub async fn hydrate(page: Page) -> Result<(), SplitLoaderError> {
        match page {
            Page::Fleet => fleet().await,
            Page::Router(name) => router(name).await,
            Page::RouterSettings => settings(Settings::Routers).await,
            Page::UserSettings => settings(Settings::Users).await,
            Page::NotFound => {
                hydrate_page(|| view! { <NotFound /> }.into_any());
                Ok(())
            }
        }
    }

    /// The pages of the settings chunk.
    enum Settings {
        Routers,
        Users,
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

    #[wasm_split(fleet_page, wasm_split_path = leptos::wasm_split, fallible)]
    fn fleet() -> Result<(), SplitLoaderError> {
        hydrate_page(|| view! { <FleetOverview /> }.into_any());
        Ok(())
    }

    #[wasm_split(router_page, wasm_split_path = leptos::wasm_split, fallible)]
    fn router(name: String) -> Result<(), SplitLoaderError> {
        hydrate_page(move || view! { <Dashboard router=name /> }.into_any());
        Ok(())
    }

    #[wasm_split(settings_pages, wasm_split_path = leptos::wasm_split, fallible)]
    fn settings(page: Settings) -> Result<(), SplitLoaderError> {
        match page {
            Settings::Routers => hydrate_page(|| view! { <RouterSettingsPage /> }.into_any()),
            Settings::Users => hydrate_page(|| view! { <UserSettingsPage /> }.into_any()),
        }
        Ok(())
    }
}
