//! Components of the dashboard page.

pub mod chart;
pub mod dashboard;
pub mod header;
pub mod legend;
pub mod monitor_toggle;
pub mod poll_loop;
pub mod readings_table;
pub mod saved_state;
pub mod selector;
pub mod status_line;

/// `hh:mm:ss` in the browser's local time.
fn clock(ms: crate::poll::Millis) -> String {
    let date = js_sys::Date::new_0();
    date.set_time(ms);
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}
