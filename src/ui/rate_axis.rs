//! The chart's y axis: bits per second on a linear scale from 0, or on a logarithmic one.
//!
//! Linear reads best for one interface or a few alike. With a 400 Mbps uplink next to PPPoE
//! customers at a few kbps, the customers lie flat on a linear axis; on the logarithmic one
//! every decade gets the same height, so each line keeps its shape. Readings of 0 (an idle
//! interface) have no place on a log scale and are drawn on its floor.

use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};

/// How rates map to heights. Remembered by the browser (see `saved_state`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RateScale {
    #[default]
    Linear,
    Log,
}

impl RateScale {
    /// The stable name kept in local storage and used as the control's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Linear => "linear",
            Self::Log => "log",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "linear" => Some(Self::Linear),
            "log" => Some(Self::Log),
            _ => None,
        }
    }
}

/// At most this many decades below the peak are shown (each labelled, so at most
/// [`MAX_LABELS`] labels): lower rates sit on the floor.
const LOG_DECADES_MAX: i32 = 6;
/// Most labels on either scale.
const MAX_LABELS: usize = LOG_DECADES_MAX as usize + 1;
/// No interface carries more: a larger "rate" is garbage, and would overflow the axis.
const MAX_RATE_BPS: f64 = 1e12;

/// The y axis as plotters sees it: its range, scale and labelled ticks.
#[derive(Debug, Clone, PartialEq)]
pub struct RateAxis {
    scale: RateScale,
    bottom: f64,
    top: f64,
    /// log10 of the bottom and the top on the log scale, once here rather than per point: a
    /// logarithm costs tens of nanoseconds in WASM, and a redraw maps thousands of points.
    decades: (f64, f64),
    ticks: Vec<f64>,
}

impl RateAxis {
    /// The axis for rates up to `peak`, the smallest above 0 being `least` (both `None` when
    /// nothing is known yet).
    pub fn new(scale: RateScale, peak: Option<f64>, least: Option<f64>) -> Self {
        let peak = peak.filter(|p| p.is_finite() && *p > 0.0).map(|p| p.min(MAX_RATE_BPS));
        match scale {
            RateScale::Linear => {
                let top = linear_top(peak);
                let step = linear_step(top);
                // Bounded, whatever the arithmetic does with extreme peaks.
                let ticks = (0..=MAX_LABELS as u32)
                    .map(|k| f64::from(k) * step)
                    .take_while(|t| *t <= top * (1.0 + 1e-9))
                    .collect();
                Self { scale, bottom: 0.0, top, decades: (0.0, 0.0), ticks }
            }
            RateScale::Log => {
                // Whole decades: 10^lo ..= 10^hi, with an idle chart showing 1 kbps to 1 Mbps.
                let hi = peak.map_or(6, |p| p.log10().ceil() as i32).max(1);
                let least = least.filter(|l| l.is_finite() && *l > 0.0);
                let lo =
                    least.map_or(3, |l| l.log10().floor() as i32).clamp(hi - LOG_DECADES_MAX, hi - 1).max(0);
                // Every decade: there are at most LOG_DECADES_MAX + 1 of them.
                let ticks = (lo..=hi).map(|e| 10f64.powi(e)).collect();
                Self {
                    scale,
                    bottom: 10f64.powi(lo),
                    top: 10f64.powi(hi),
                    decades: (f64::from(lo), f64::from(hi)),
                    ticks,
                }
            }
        }
    }

    pub fn top(&self) -> f64 {
        self.top
    }

    /// The value as drawn: on the log scale, never below its floor.
    pub fn clamp(&self, bps: f64) -> f64 {
        bps.max(self.bottom)
    }

    /// Where `bps` sits between the bottom (0) and the top (1).
    fn share(&self, bps: f64) -> f64 {
        match self.scale {
            RateScale::Linear => bps / self.top,
            RateScale::Log => {
                let (lo, hi) = self.decades;
                (self.clamp(bps).log10() - lo) / (hi - lo)
            }
        }
    }
}

/// The top of the linear axis: the peak rounded up to 1, 2, 2.5 or 5 × 10ⁿ. It follows the
/// window, so it grows at once and shrinks only once the peak has left it.
fn linear_top(peak: Option<f64>) -> f64 {
    let Some(peak) = peak else {
        return 1e6; // an empty or idle chart still shows a sensible scale
    };
    let magnitude = 10f64.powf(peak.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|m| peak <= m * magnitude).unwrap_or(10.0);
    step * magnitude
}

/// The tick spacing of a linear axis up to `top`: the smallest of 1, 2 or 5 × 10ⁿ giving at
/// most [`MAX_LABELS`] ticks.
fn linear_step(top: f64) -> f64 {
    let magnitude = 10f64.powf((top / 10.0).log10().floor());
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|step| top / step < MAX_LABELS as f64)
        .unwrap_or(top)
}

impl Ranged for RateAxis {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, pixel_range: (i32, i32)) -> i32 {
        pixel_range.0 + (self.share(*value) * f64::from(pixel_range.1 - pixel_range.0)).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // The labelled ticks carry the grid; no lighter lines between them.
        if hint.weight().allow_light_points() {
            return Vec::new();
        }
        self.ticks.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.bottom..self.top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_linear_top_is_a_nice_number_at_or_above_the_peak() {
        let top = |peak| RateAxis::new(RateScale::Linear, peak, None).top();
        assert_eq!(top(None), 1e6);
        assert_eq!(top(Some(0.0)), 1e6);
        assert_eq!(top(Some(830.0)), 1_000.0);
        assert_eq!(top(Some(1_000.0)), 1_000.0);
        assert_eq!(top(Some(1_001.0)), 2_000.0);
        assert_eq!(top(Some(2.3e8)), 2.5e8);
        assert_eq!(top(Some(4.2e8)), 5e8);
        assert_eq!(top(Some(7e9)), 1e10);
    }

    #[test]
    fn linear_ticks_start_at_zero_and_reach_the_top_in_round_steps() {
        let ticks = |peak| RateAxis::new(RateScale::Linear, Some(peak), None).ticks;
        assert_eq!(ticks(1e6), [0.0, 2e5, 4e5, 6e5, 8e5, 1e6]);
        assert_eq!(ticks(2.3e8), [0.0, 5e7, 1e8, 1.5e8, 2e8, 2.5e8]);
        assert_eq!(ticks(4.2e8), [0.0, 1e8, 2e8, 3e8, 4e8, 5e8]);
        assert_eq!(ticks(1.5e3), [0.0, 5e2, 1e3, 1.5e3, 2e3]);
    }

    #[test]
    fn the_log_axis_spans_whole_decades_from_the_smallest_rate_to_the_peak() {
        // A 400 Mbps uplink and a customer at 3 kbps: 1 kbps to 1 Gbps.
        let axis = RateAxis::new(RateScale::Log, Some(4e8), Some(3e3));
        assert_eq!(axis.range(), 1e3..1e9);
        assert_eq!(axis.ticks, [1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);
        // Each decade the same height: the customer's line is as tall as the uplink's.
        let (low, high) = (axis.map(&3e3, (0, 600)), axis.map(&4e8, (0, 600)));
        assert_eq!(axis.map(&3e4, (0, 600)) - low, 100);
        assert_eq!(axis.map(&4e7, (0, 600)), high - 100);
    }

    #[test]
    fn the_log_axis_puts_idle_readings_on_its_floor_and_keeps_a_readable_span() {
        let axis = RateAxis::new(RateScale::Log, Some(5e9), Some(0.5));
        // Six decades at most below the top, labelled at most seven times.
        assert_eq!(axis.range(), 1e4..1e10);
        assert_eq!(axis.map(&0.0, (0, 600)), 0);
        assert_eq!(axis.map(&1e4, (0, 600)), 0);
        let wide = RateAxis::new(RateScale::Log, Some(1e12), Some(1.0));
        assert_eq!(wide.ticks, [1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12]);
        // Garbage peaks give a finite axis with bounded ticks, on both scales.
        for scale in [RateScale::Linear, RateScale::Log] {
            for peak in [f64::MAX, 1e-320, f64::NAN, f64::INFINITY] {
                let axis = RateAxis::new(scale, Some(peak), Some(peak));
                assert!(
                    axis.top().is_finite() && axis.ticks.len() <= MAX_LABELS,
                    "{scale:?} {peak}: {axis:?}"
                );
            }
        }
        // Nothing known yet: 1 kbps to 1 Mbps.
        assert_eq!(RateAxis::new(RateScale::Log, None, None).range(), 1e3..1e6);
        // A flat peak still leaves a decade to draw in.
        assert_eq!(RateAxis::new(RateScale::Log, Some(1e3), Some(1e3)).range(), 1e2..1e3);
    }

    #[test]
    fn scales_are_stored_by_a_stable_name() {
        for scale in [RateScale::Linear, RateScale::Log] {
            assert_eq!(RateScale::parse(scale.as_str()), Some(scale));
        }
        assert_eq!(RateScale::parse("cubic"), None);
    }
}
