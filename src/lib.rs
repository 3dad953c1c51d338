//! routeros-traffic: a live RX/TX dashboard for MikroTik routers.
//!
//! One crate, two builds: the `ssr` feature makes the axum server binary, and the `hydrate`
//! feature makes the WASM library that cargo-leptos ships to the browser. Every `cfg` gate
//! lives here and in `main.rs`; the modules themselves are plain.

pub mod api;
pub mod app;
pub mod draw;
pub mod error;
pub mod history;
pub mod model;
pub mod poll;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod cli;
#[cfg(feature = "ssr")]
pub mod config;
#[cfg(feature = "ssr")]
pub mod http_api;
#[cfg(feature = "ssr")]
mod render_threads;
#[cfg(feature = "ssr")]
pub mod routeros;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod stats;
#[cfg(feature = "ssr")]
pub mod telemetry;

/// Entry point of the WASM module: attaches the Leptos app to the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
}
