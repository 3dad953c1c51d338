//! Whether the page has hydrated. Controls that need the WASM stay disabled until then, so a
//! click or a keystroke before it is never silently lost.

use leptos::prelude::*;

use crate::ui::boxed_effects::effect;

/// `false` on the server and in the first browser render, `true` once hydrated.
pub fn use_hydrated() -> Signal<bool> {
    let hydrated = RwSignal::new(false);
    // Effects run only in the browser, after hydration.
    effect(move || hydrated.set(true));
    hydrated.into()
}

/// `true` until the page has hydrated: the `disabled` of every control the server renders.
pub fn use_before_hydration() -> Signal<bool> {
    let hydrated = use_hydrated();
    Signal::derive(move || !hydrated.get())
}
