//! How the page writes rates and times: one formatter for the chart's axis, its description,
//! the legend and the readings table, so they never disagree.

use crate::ui::poll_machine::Millis;

/// What a rate reads as while it is unknown (first reading, counter reset, recreated interface).
pub const UNKNOWN: &str = "unknown";

/// Bits per second in SI units (powers of 1000) to three significant digits: `0 bps`,
/// `950 kbps`, `1.25 Mbps`, `10 Gbps`. The unit is chosen after rounding, so 999,999.9 bps is
/// `1 Mbps`, never `1000 kbps`.
pub fn format_bps(bps: f64) -> String {
    let rounded = round_to_significant(bps, 3);
    let (value, unit) = match rounded.abs() {
        v if v >= 1e9 => (rounded / 1e9, "Gbps"),
        v if v >= 1e6 => (rounded / 1e6, "Mbps"),
        v if v >= 1e3 => (rounded / 1e3, "kbps"),
        _ => (rounded, "bps"),
    };
    let digits = match value.abs() {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    let text = format!("{value:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    format!("{text} {unit}")
}

/// A rate that may be unknown.
pub fn format_rate(bps: Option<f64>) -> String {
    bps.map_or_else(|| UNKNOWN.to_owned(), format_bps)
}

fn round_to_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let scale = 10f64.powi(digits - 1 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

/// `hh:mm:ss` in the browser's local time.
pub fn clock(ms: Millis) -> String {
    let date = js_sys::Date::new_0();
    date.set_time(ms);
    format!("{:02}:{:02}:{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_read_in_si_units() {
        assert_eq!(format_bps(0.0), "0 bps");
        assert_eq!(format_bps(999.0), "999 bps");
        assert_eq!(format_bps(1_000.0), "1 kbps");
        assert_eq!(format_bps(1_250_000.0), "1.25 Mbps");
        assert_eq!(format_bps(104_857_600.0), "105 Mbps");
        assert_eq!(format_bps(12_500_000.0), "12.5 Mbps");
        assert_eq!(format_bps(2.5e9), "2.5 Gbps");
        assert_eq!(format_bps(0.5), "0.5 bps");
    }

    #[test]
    fn the_unit_follows_the_rounded_value() {
        assert_eq!(format_bps(999_999.9), "1 Mbps");
        assert_eq!(format_bps(999_600.0), "1 Mbps");
        assert_eq!(format_bps(999_400.0), "999 kbps");
        assert_eq!(format_bps(9_999.0), "10 kbps");
        assert_eq!(format_bps(999.7), "1 kbps");
    }

    #[test]
    fn unknown_rates_say_so() {
        assert_eq!(format_rate(None), "unknown");
        assert_eq!(format_rate(Some(1_000.0)), "1 kbps");
    }
}
