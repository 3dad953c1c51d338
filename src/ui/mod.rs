//! Components of the dashboard page.

pub mod chart;
pub mod dashboard;
pub mod header;
pub mod legend;
pub mod monitor_toggle;
pub mod poll_loop;
pub mod saved_state;
pub mod selector;
pub mod status_line;
