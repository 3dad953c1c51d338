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

/// Entry point of the WASM module: attaches the Leptos app to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // The page is chosen by path, as the server chose it.
    let path = leptos::prelude::window().location().pathname().unwrap_or_default();
    leptos::mount::hydrate_body(move || leptos::view! { <app::App path=path.clone() /> });
}
