//! Effects through one boxed closure. Leptos' `Effect::new` is generic over its closure, and
//! each closure type gets its own copy of the effect's loop (an async task) in the WASM. Boxed,
//! that loop is compiled once (README, "WASM size").

use leptos::prelude::*;

/// `Effect::new`: runs in the browser after hydration, and again when what it read changes.
pub fn effect(run: impl FnMut() + 'static) {
    boxed_effect(Box::new(run));
}

fn boxed_effect(run: Box<dyn FnMut()>) {
    Effect::new(run);
}
