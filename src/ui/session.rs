//! The end of a login session as the page meets it: any request answered "unauthorized" sends
//! the browser to the login page, to come back here afterwards.

/// Opens `/login?next=HERE`. Only the browser ever gets an "unauthorized" answer.
pub fn to_login() {
    let location = leptos::prelude::window().location();
    let here = location.pathname().unwrap_or_default();
    let _ = location.set_href(&format!("/login?next={}", js_sys::encode_uri_component(&here)));
}
