//! The page's components and the browser's pure logic behind them. Everything here compiles
//! on both sides (the server renders the components); only the browser runs the Effects.
//!
//! - pages: `fleet_overview` (home), `dashboard` (a router's), `router_settings`,
//!   `user_settings`; `header`, `selector`, `monitor_toggle`, `status_line`, `chart`,
//!   `legend`, `readings_table`, `time_range`, `usage_table`: its parts
//! - `poll_loop`: carries out the poll machine in the browser; `saved_state`: local storage;
//!   `hydrated`: whether controls work yet; `rendered`: the answers a page is rendered with;
//!   `boxed_effects`: effects, compiled once; `browser_signals`: the tab's visibility, the
//!   colour scheme, sizes and timers
//! - pure, tested natively: `poll_machine` (polling and recovery), `chart_window` (the
//!   readings the chart shows), `draw` (plotters drawing), `rate_axis` (the y axis, linear or
//!   logarithmic), `format` (rates and times), `one_sort` (the page's one sort)

pub mod boxed_effects;
pub mod browser_signals;
pub mod chart;
pub mod chart_window;
pub mod dashboard;
pub mod draw;
pub mod fleet_overview;
pub mod format;
pub mod header;
pub mod hydrated;
pub mod legend;
pub mod monitor_toggle;
pub mod one_sort;
pub mod poll_loop;
pub mod poll_machine;
pub mod rate_axis;
pub mod readings_table;
pub mod rendered;
pub mod router_settings;
pub mod saved_state;
pub mod selector;
pub mod session;
pub mod status_line;
pub mod time_range;
pub mod usage_table;
pub mod user_settings;
