//! How the page writes rates and times: one formatter for the chart's axis, its description,
//! the legend and the readings table, so they never disagree.

//! Numbers and times are written in the page's language: a decimal comma and `14.05` in
//! Indonesian.

use crate::i18n::Locale;
use crate::ui::poll_machine::Millis;

/// Bits per second in SI units (powers of 1000) to three significant digits: `0 bps`,
/// `950 kbps`, `1.25 Mbps`, `10 Gbps`. The unit is chosen after rounding, so 999,999.9 bps is
/// `1 Mbps`, never `1000 kbps`.
pub fn format_bps(locale: Locale, bps: f64) -> String {
    with_si_unit(locale, bps, &["bps", "kbps", "Mbps", "Gbps"])
}

/// `value` to three significant digits, in the largest of `units` (powers of 1000, smallest
/// first) that the rounded value reaches.
fn with_si_unit(locale: Locale, value: f64, units: &[&str]) -> String {
    let rounded = round_to_significant(value, 3);
    let power = (1..units.len()).rev().find(|&p| rounded.abs() >= 1000f64.powi(p as i32)).unwrap_or(0);
    let scaled = rounded / 1000f64.powi(power as i32);
    let digits = match scaled.abs() {
        v if v >= 100.0 => 0,
        v if v >= 10.0 => 1,
        _ => 2,
    };
    let text = format!("{scaled:.digits$}");
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    locale.number(format!("{text} {}", units[power]))
}

/// A rate that may be unknown (first reading, counter reset, recreated interface).
pub fn format_rate(locale: Locale, bps: Option<f64>) -> String {
    bps.map_or_else(|| locale.texts().unknown.to_owned(), |bps| format_bps(locale, bps))
}

fn round_to_significant(value: f64, digits: i32) -> f64 {
    if value == 0.0 || !value.is_finite() {
        return value;
    }
    let scale = 10f64.powi(digits - 1 - value.abs().log10().floor() as i32);
    (value * scale).round() / scale
}

/// Bytes in SI units to three significant digits: `0 B`, `950 kB`, `1.25 GB`.
pub fn format_bytes(locale: Locale, bytes: u64) -> String {
    with_si_unit(locale, bytes as f64, &["B", "kB", "MB", "GB", "TB"])
}

/// The chart's label of a time `ago_ms` before now: `now`, `-30 s`, `-5 min`.
pub fn ago(locale: Locale, ago_ms: f64, window_ms: f64) -> String {
    let t = locale.texts();
    match ago_ms {
        a if a < 500.0 => t.now.to_owned(),
        a if window_ms <= 120_000.0 => format!("-{:.0} {}", a / 1000.0, t.seconds_short),
        a => locale.number(format!("-{} {}", round_to_significant(a / 60_000.0, 2), t.minutes_short)),
    }
}

/// The chart's label of a time on a longer range, in local time (`offset_ms` from UTC):
/// `14:05` within a day, `02/12 14:05` over a few days, `02/12` beyond.
pub fn clock_label(locale: Locale, t_ms: f64, offset_ms: f64, span_ms: f64) -> String {
    let local = t_ms + offset_ms;
    let days = (local / 86_400_000.0).floor();
    let minute_of_day = ((local - days * 86_400_000.0) / 60_000.0).floor() as i64;
    let (_, month, day) = civil_from_days(days as i64);
    let time = format!("{:02}{}{:02}", minute_of_day / 60, locale.time_separator(), minute_of_day % 60);
    match span_ms {
        s if s <= 86_400_000.0 => time,
        s if s <= 4.0 * 86_400_000.0 => format!("{day:02}/{month:02} {time}"),
        _ => format!("{day:02}/{month:02}"),
    }
}

/// The date of a day number since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// `hh:mm:ss` in the browser's local time.
pub fn clock(locale: Locale, ms: Millis) -> String {
    let date = js_sys::Date::new_0();
    date.set_time(ms);
    let colon = locale.time_separator();
    format!("{:02}{colon}{:02}{colon}{:02}", date.get_hours(), date.get_minutes(), date.get_seconds())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{En, Id};

    #[test]
    fn rates_read_in_si_units() {
        assert_eq!(format_bps(En, 0.0), "0 bps");
        assert_eq!(format_bps(En, 999.0), "999 bps");
        assert_eq!(format_bps(En, 1_000.0), "1 kbps");
        assert_eq!(format_bps(En, 1_250_000.0), "1.25 Mbps");
        assert_eq!(format_bps(En, 104_857_600.0), "105 Mbps");
        assert_eq!(format_bps(En, 12_500_000.0), "12.5 Mbps");
        assert_eq!(format_bps(En, 2.5e9), "2.5 Gbps");
        assert_eq!(format_bps(En, 0.5), "0.5 bps");
    }

    #[test]
    fn the_unit_follows_the_rounded_value() {
        assert_eq!(format_bps(En, 999_999.9), "1 Mbps");
        assert_eq!(format_bps(En, 999_600.0), "1 Mbps");
        assert_eq!(format_bps(En, 999_400.0), "999 kbps");
        assert_eq!(format_bps(En, 9_999.0), "10 kbps");
        assert_eq!(format_bps(En, 999.7), "1 kbps");
    }

    #[test]
    fn bytes_and_times_read_as_an_operator_expects() {
        assert_eq!(format_bytes(En, 0), "0 B");
        assert_eq!(format_bytes(En, 1_800_000), "1.8 MB");
        assert_eq!(format_bytes(En, 123_456_789_012), "123 GB");
        assert_eq!(ago(En, 0.0, 60_000.0), "now");
        assert_eq!(ago(En, 30_000.0, 60_000.0), "-30 s");
        assert_eq!(ago(En, 300_000.0, 900_000.0), "-5 min");
        // 2026-12-01T17:05Z is 00:05 on December 2nd in UTC+7.
        let t = 1_796_083_200_000.0 + 17.0 * 3_600_000.0 + 300_000.0;
        let wib = 7.0 * 3_600_000.0;
        assert_eq!(clock_label(En, t, wib, 3_600_000.0), "00:05");
        assert_eq!(clock_label(En, t, wib, 2.0 * 86_400_000.0), "02/12 00:05");
        assert_eq!(clock_label(En, t, 0.0, 30.0 * 86_400_000.0), "01/12");
    }

    #[test]
    fn unknown_rates_say_so() {
        assert_eq!(format_rate(En, None), "unknown");
        assert_eq!(format_rate(En, Some(1_000.0)), "1 kbps");
    }

    #[test]
    fn in_indonesian_decimals_take_a_comma_and_times_a_point() {
        assert_eq!(format_bps(Id, 12_500_000.0), "12,5 Mbps");
        assert_eq!(format_bps(Id, 1_000.0), "1 kbps");
        assert_eq!(format_bytes(Id, 1_800_000), "1,8 MB");
        assert_eq!(format_rate(Id, None), "tidak diketahui");
        assert_eq!(ago(Id, 0.0, 60_000.0), "sekarang");
        assert_eq!(ago(Id, 30_000.0, 60_000.0), "-30 dtk");
        assert_eq!(ago(Id, 90_000.0, 900_000.0), "-1,5 mnt");
        let t = 1_796_083_200_000.0 + 17.0 * 3_600_000.0 + 300_000.0;
        assert_eq!(clock_label(Id, t, 7.0 * 3_600_000.0, 2.0 * 86_400_000.0), "02/12 00.05");
    }
}
