//! Components of the dashboard page.

pub mod dashboard;
pub mod header;
pub mod monitor_toggle;
