//! Per router, the selection and whether monitoring runs, and for every router the chart's
//! rate scale, kept in the browser's local storage so they survive a reload.

use crate::ui::rate_axis::RateScale;

const RATE_SCALE_KEY: &str = "routeros-traffic.rate-scale";

/// The local storage keys of `router`'s selection and monitoring flag.
fn keys(router: &str) -> (String, String) {
    (format!("routeros-traffic.{router}.selection"), format!("routeros-traffic.{router}.monitoring"))
}

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// The saved selection (names one per line: names never contain control characters) and
/// whether monitoring was on.
pub fn load(router: &str) -> (Vec<String>, bool) {
    let Some(storage) = storage() else { return (Vec::new(), false) };
    let (selection_key, monitoring_key) = keys(router);
    let selection = storage
        .get_item(&selection_key)
        .ok()
        .flatten()
        .map(|text| text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let monitoring = storage.get_item(&monitoring_key).ok().flatten().is_some_and(|v| v == "1");
    (selection, monitoring)
}

pub fn save(router: &str, selection: &[String], monitoring: bool) {
    if let Some(storage) = storage() {
        let (selection_key, monitoring_key) = keys(router);
        let _ = storage.set_item(&selection_key, &selection.join("\n"));
        let _ = storage.set_item(&monitoring_key, if monitoring { "1" } else { "0" });
    }
}

/// The rate scale last chosen on any router's page.
pub fn load_rate_scale() -> RateScale {
    storage()
        .and_then(|storage| storage.get_item(RATE_SCALE_KEY).ok().flatten())
        .and_then(|value| RateScale::parse(&value))
        .unwrap_or_default()
}

pub fn save_rate_scale(scale: RateScale) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(RATE_SCALE_KEY, scale.as_str());
    }
}
