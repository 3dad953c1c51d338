//! The selection and whether monitoring runs, kept in the browser's local storage so they
//! survive a reload.

const SELECTION_KEY: &str = "routeros-traffic.selection";
const MONITORING_KEY: &str = "routeros-traffic.monitoring";

fn storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

/// The saved selection (names one per line: names never contain control characters) and
/// whether monitoring was on.
pub fn load() -> (Vec<String>, bool) {
    let Some(storage) = storage() else { return (Vec::new(), false) };
    let selection = storage
        .get_item(SELECTION_KEY)
        .ok()
        .flatten()
        .map(|text| text.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default();
    let monitoring = storage.get_item(MONITORING_KEY).ok().flatten().is_some_and(|v| v == "1");
    (selection, monitoring)
}

pub fn save(selection: &[String], monitoring: bool) {
    if let Some(storage) = storage() {
        let _ = storage.set_item(SELECTION_KEY, &selection.join("\n"));
        let _ = storage.set_item(MONITORING_KEY, if monitoring { "1" } else { "0" });
    }
}
