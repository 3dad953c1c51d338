//! What the browser tells the page, as signals that live as long as the component that asked:
//! whether the tab is shown, whether the user prefers a dark scheme, an element's laid-out size,
//! and a timer. leptos-use does each of these for every case (debounce and throttle filters,
//! element signals, SVG sizes), and that weighed 15.4 KB of a router page's raw WASM (README,
//! "WASM size"); these do what the page needs, through functions that are not generic over a
//! closure, so each is compiled once. On the server they are inert: a shown tab, a light
//! scheme, no size, no timer.

use leptos::html::ElementType;
use leptos::prelude::*;
#[cfg(feature = "hydrate")]
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::JsCast;

/// Calls `tick` every `interval_ms` in the browser, for as long as the component lives. The
/// browser's timers count in an `i32` of milliseconds (leptos_dom throws past it), so a longer
/// interval is held to about 24.8 days, and a zero one to 1 ms rather than a busy loop.
pub fn every(interval_ms: u64, tick: impl Fn() + 'static) {
    every_boxed(interval_ms, Box::new(tick));
}

fn every_boxed(interval_ms: u64, tick: Box<dyn Fn()>) {
    #[cfg(feature = "hydrate")]
    {
        let interval = std::time::Duration::from_millis(interval_ms.clamp(1, i32::MAX as u64));
        if let Ok(handle) = set_interval_with_handle(tick, interval) {
            on_cleanup(move || handle.clear());
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (interval_ms, tick);
}

/// Whether the page's tab is shown (not in the background, not minimised).
pub fn tab_visible() -> Signal<bool> {
    let visible = RwSignal::new(true);
    #[cfg(feature = "hydrate")]
    {
        let shown = || document().visibility_state() != web_sys::VisibilityState::Hidden;
        visible.set(shown());
        listen(&document(), "visibilitychange", Box::new(move || set_if_changed(visible, shown())));
    }
    visible.into()
}

/// Whether the user prefers a dark colour scheme (`prefers-color-scheme`), following changes.
pub fn prefers_dark() -> Signal<bool> {
    let dark = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    if let Ok(Some(query)) = window().match_media("(prefers-color-scheme: dark)") {
        dark.set(query.matches());
        listen(&query.clone(), "change", Box::new(move || set_if_changed(dark, query.matches())));
    }
    dark.into()
}

/// The content size (CSS pixels, width and height) of the element `target` refers to, as laid
/// out, following every resize; zero until it is in the page.
pub fn content_size<E>(target: NodeRef<E>) -> Signal<(f64, f64)>
where
    E: ElementType,
    E::Output: JsCast + Into<web_sys::Element> + Clone + 'static,
{
    let size = RwSignal::new((0.0, 0.0));
    #[cfg(feature = "hydrate")]
    if let Some(observer) = size_observer(size) {
        crate::ui::boxed_effects::effect(move || {
            observer.disconnect();
            if let Some(element) = target.get() {
                observer.observe(&element.into());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = target;
    size.into()
}

/// An observer that sets `size` to what it observes, until the component goes.
#[cfg(feature = "hydrate")]
fn size_observer(size: RwSignal<(f64, f64)>) -> Option<web_sys::ResizeObserver> {
    let on_resize = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
        if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
            let rect = entry.content_rect();
            size.set((rect.width(), rect.height()));
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    StoredValue::new_local(Observing { observer: observer.clone(), _on_resize: on_resize });
    Some(observer)
}

/// A resize observer at work, until it is dropped with its component.
#[cfg(feature = "hydrate")]
struct Observing {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn Fn(js_sys::Array)>,
}

#[cfg(feature = "hydrate")]
impl Drop for Observing {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_event` at each `event` on `target` until the component goes. Like the other signals
/// here, it must be called under a reactive owner (a component), whose cleanup drops it.
#[cfg(feature = "hydrate")]
fn listen(target: &web_sys::EventTarget, event: &'static str, on_event: Box<dyn Fn()>) {
    let callback = Closure::<dyn Fn()>::new(on_event);
    if target.add_event_listener_with_callback(event, callback.as_ref().unchecked_ref()).is_ok() {
        StoredValue::new_local(Listening { target: target.clone(), event, callback });
    }
}

/// An event listener, removed when it is dropped with its component.
#[cfg(feature = "hydrate")]
struct Listening {
    target: web_sys::EventTarget,
    event: &'static str,
    callback: Closure<dyn Fn()>,
}

#[cfg(feature = "hydrate")]
impl Drop for Listening {
    fn drop(&mut self) {
        let _ = self
            .target
            .remove_event_listener_with_callback(self.event, self.callback.as_ref().unchecked_ref());
    }
}

/// Sets `signal` only to a new value, so what follows it does not run again for nothing.
#[cfg(feature = "hydrate")]
fn set_if_changed(signal: RwSignal<bool>, value: bool) {
    if signal.get_untracked() != value {
        signal.set(value);
    }
}
