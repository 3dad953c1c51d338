//! Drawing the traffic chart, generic over the plotters backend: a `<canvas>` in the browser,
//! SVG in native tests. RX is a solid line, TX a dashed one, one colour per interface; the x
//! axis is the last minute of real time and the y axis bits per second in SI units from 0.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;

use crate::ui::chart_window::{ChartWindow, Point};
use crate::ui::format::format_bps;

/// Colours of one colour scheme.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBColor,
}

impl Theme {
    pub const LIGHT: Self = Self {
        background: RGBColor(255, 255, 255),
        text: RGBColor(15, 23, 42),
        axis: RGBColor(100, 116, 139),
        grid: RGBColor(226, 232, 240),
    };
    pub const DARK: Self = Self {
        background: RGBColor(17, 26, 46),
        text: RGBColor(226, 232, 240),
        axis: RGBColor(148, 163, 184),
        grid: RGBColor(40, 52, 74),
    };
}

/// One colour per interface, readable on both schemes (Tableau 10).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(78, 121, 167),
    RGBColor(242, 142, 43),
    RGBColor(225, 87, 89),
    RGBColor(89, 161, 79),
    RGBColor(176, 122, 161),
    RGBColor(118, 183, 178),
    RGBColor(237, 201, 72),
    RGBColor(156, 117, 95),
];

/// The CSS colour of series `index`, for the HTML legend.
pub fn css_color(index: usize) -> String {
    let RGBColor(r, g, b) = PALETTE[index % PALETTE.len()];
    format!("rgb({r}, {g}, {b})")
}

/// The top of the y axis: the window's peak rounded up to 1, 2, 2.5 or 5 × 10ⁿ. It follows the
/// window, so it grows at once and shrinks only once the peak has left it.
pub fn axis_top(peak: Option<f64>) -> f64 {
    let peak = peak.filter(|p| p.is_finite() && *p > 0.0).unwrap_or(0.0);
    if peak == 0.0 {
        return 1e6; // an empty or idle chart still shows a sensible scale
    }
    let magnitude = 10f64.powf(peak.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].into_iter().find(|m| peak <= m * magnitude).unwrap_or(10.0);
    step * magnitude
}

/// Readings further apart than this are not joined (an outage in between).
pub fn max_gap_ms(poll_interval_ms: f64, cache_ttl_ms: f64) -> f64 {
    2.0 * (poll_interval_ms + cache_ttl_ms)
}

/// Draws the chart of `window` as of `now_ms` on `area`. `scale` is the device pixel ratio:
/// fonts and lines grow with it, so the chart is as sharp and as large on a high-DPI screen.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    window: &ChartWindow,
    now_ms: f64,
    max_gap_ms: f64,
    theme: &Theme,
    scale: f64,
) -> Result<(), String> {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    let error = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&theme.background).map_err(error)?;

    let window_s = window.window_ms() / 1000.0;
    let top = axis_top(window.peak());
    let mut chart = ChartBuilder::on(area)
        .margin(px(12.0))
        .x_label_area_size(px(28.0))
        .y_label_area_size(px(78.0))
        .build_cartesian_2d(-window_s..0.0, 0.0..top)
        .map_err(error)?;
    let label_font = ("sans-serif", f64::from(px(12.0))).into_font().color(&theme.text);
    chart
        .configure_mesh()
        .x_labels(7)
        .y_labels(6)
        .x_label_formatter(&|s: &f64| if *s >= -0.5 { "now".to_owned() } else { format!("{s:.0} s") })
        .y_label_formatter(&|bps: &f64| format_bps(*bps))
        .label_style(label_font)
        .axis_style(theme.axis.stroke_width(px(1.0)))
        .bold_line_style(theme.grid.stroke_width(px(1.0)))
        .light_line_style(theme.grid.mix(0.4).stroke_width(px(1.0)))
        .draw()
        .map_err(error)?;

    let seconds_ago = |(t_ms, v): (f64, f64)| ((t_ms - now_ms) / 1000.0, v);
    for (index, series) in window.series().iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        let rx = |p: &Point| p.rx_bps;
        let tx = |p: &Point| p.tx_bps;
        for run in series.runs(rx, max_gap_ms) {
            let run: Vec<_> = run.into_iter().map(seconds_ago).collect();
            chart.draw_series(LineSeries::new(run.clone(), color.stroke_width(px(2.0)))).map_err(error)?;
            // A lone reading between gaps is still visible as a dot.
            if run.len() == 1 {
                chart
                    .draw_series(run.iter().map(|p| Circle::new(*p, px(3.0), color.filled())))
                    .map_err(error)?;
            }
        }
        for run in series.runs(tx, max_gap_ms) {
            let run: Vec<_> = run.into_iter().map(seconds_ago).collect();
            let style = color.stroke_width(px(2.0));
            chart.draw_series(DashedLineSeries::new(run.clone(), px(6.0), px(4.0), style)).map_err(error)?;
            if run.len() == 1 {
                chart.draw_series(run.iter().map(|p| Circle::new(*p, px(3.0), style))).map_err(error)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::InterfaceStats;
    use crate::ui::chart_window::fixtures::{snapshot, stats};

    #[test]
    fn the_axis_top_is_a_nice_number_at_or_above_the_peak() {
        assert_eq!(axis_top(None), 1e6);
        assert_eq!(axis_top(Some(0.0)), 1e6);
        assert_eq!(axis_top(Some(830.0)), 1_000.0);
        assert_eq!(axis_top(Some(1_000.0)), 1_000.0);
        assert_eq!(axis_top(Some(1_001.0)), 2_000.0);
        assert_eq!(axis_top(Some(2.3e8)), 2.5e8);
        assert_eq!(axis_top(Some(4.2e8)), 5e8);
        assert_eq!(axis_top(Some(7e9)), 1e10);
    }

    fn render(window: &ChartWindow, now_ms: f64) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (800, 300)).into_drawing_area();
            draw(&area, window, now_ms, 14_000.0, &Theme::LIGHT, 1.0).unwrap();
            area.present().unwrap();
        }
        svg
    }

    /// Every text label in the SVG, trimmed.
    fn labels(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>')?.1.split_once("</text>"))
            .map(|(l, _)| l.trim().to_owned())
            .collect()
    }

    /// Polylines stroked in series `index`'s colour: its solid lines.
    fn lines_of(svg: &str, index: usize) -> usize {
        let RGBColor(r, g, b) = PALETTE[index];
        svg.matches(&format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"#{r:02X}{g:02X}{b:02X}\""))
            .count()
    }

    fn record(window: &mut ChartWindow, t_ms: i64, interfaces: Vec<InterfaceStats>) {
        window.record(&snapshot(t_ms, interfaces));
    }

    #[test]
    fn axes_are_labelled_in_time_and_si_units() {
        let mut window = ChartWindow::new(60_000.0);
        for (i, t) in [0, 5_000, 10_000].into_iter().enumerate() {
            record(&mut window, t, vec![stats("ether1", Some(1e8 + i as f64 * 5e7), Some(3e7))]);
        }
        let labels = labels(&render(&window, 10_000.0));
        assert!(labels.iter().any(|l| l.ends_with(" Mbps")), "y labels in Mbps: {labels:?}");
        assert!(labels.contains(&"now".to_owned()) && labels.contains(&"-60 s".to_owned()), "{labels:?}");
        assert!(labels.contains(&"0 bps".to_owned()), "the y axis starts at 0: {labels:?}");
    }

    #[test]
    fn an_empty_history_draws_axes_and_no_lines() {
        let svg = render(&ChartWindow::new(60_000.0), 0.0);
        assert!(labels(&svg).contains(&"now".to_owned()));
        assert!((0..PALETTE.len()).all(|i| lines_of(&svg, i) == 0), "no fake zero line");
    }

    #[test]
    fn unknown_rates_leave_gaps_instead_of_joining_the_line() {
        let solid = |svg: &str| lines_of(svg, 0);
        let mut joined = ChartWindow::new(60_000.0);
        let mut broken = ChartWindow::new(60_000.0);
        for (t, rx) in [(0, Some(1e6)), (5_000, Some(2e6)), (10_000, Some(3e6)), (15_000, Some(4e6))] {
            record(&mut joined, t, vec![stats("e", rx, None)]);
            let rx = if t == 10_000 { None } else { rx };
            record(&mut broken, t, vec![stats("e", rx, None)]);
        }
        // One line joins all four readings; an unknown third one splits it in two.
        assert_eq!(solid(&render(&joined, 15_000.0)), 1);
        assert_eq!(solid(&render(&broken, 15_000.0)), 2);
    }
}
