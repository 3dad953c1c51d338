//! Drawing the traffic chart, generic over the plotters backend: a `<canvas>` in the browser,
//! SVG in native tests. RX is a solid line, TX a dashed one, one colour per interface; where a
//! point is an average (a longer range of history), a lighter band reaches up to the step's
//! maximum, so peaks are never averaged away. The x axis is real time (the live window, or a
//! range of history) and the y axis bits per second in SI units (`rate_axis`).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::series::DashedLineSeries;

use crate::i18n::Locale;
use crate::ui::chart_window::{ChartWindow, Direction, Run};
use crate::ui::format::{ago, clock_label, format_bps};
use crate::ui::rate_axis::{RateAxis, RateScale};

/// The plot's margins in CSS pixels: drawing and the drag-to-zoom share them.
const MARGIN_PX: f64 = 12.0;
const Y_LABELS_PX: f64 = 78.0;
const X_LABELS_PX: f64 = 28.0;
/// Tick spacings of the time axis, from which the first giving at most this many is chosen.
const MAX_TICKS: f64 = 7.0;
const LIVE_TICKS_MS: [f64; 7] = [10_000.0, 15_000.0, 30_000.0, 60_000.0, 120_000.0, 300_000.0, 600_000.0];
const CLOCK_TICKS_MS: [f64; 14] = [
    60_000.0,
    120_000.0,
    300_000.0,
    600_000.0,
    900_000.0,
    1_800_000.0,
    3_600_000.0,
    7_200_000.0,
    10_800_000.0,
    21_600_000.0,
    43_200_000.0,
    86_400_000.0,
    172_800_000.0,
    604_800_000.0,
];

/// How the time axis is labelled.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Labels {
    /// Time before now: the live window.
    Ago,
    /// Local clock time, `offset_ms` from UTC: a range of history.
    Clock { offset_ms: f64 },
}

/// The chart's time axis: its span, where its ticks are and how they read.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAxis {
    pub start_ms: f64,
    pub end_ms: f64,
    ticks: Vec<f64>,
    labels: Labels,
}

impl TimeAxis {
    /// The live window ending now, ticked at round distances back from now (`-30 s`).
    pub fn live(now_ms: f64, window_ms: f64) -> Self {
        let step = nice_step(&LIVE_TICKS_MS, window_ms);
        let ticks =
            (0..).map(|k| now_ms - f64::from(k) * step).take_while(|t| *t >= now_ms - window_ms).collect();
        Self { start_ms: now_ms - window_ms, end_ms: now_ms, ticks, labels: Labels::Ago }
    }

    /// A range of history, ticked at round local times (`offset_ms` from UTC).
    pub fn clock(start_ms: f64, end_ms: f64, offset_ms: f64) -> Self {
        let step = nice_step(&CLOCK_TICKS_MS, end_ms - start_ms);
        let first = ((start_ms + offset_ms) / step).ceil() * step - offset_ms;
        let ticks = (0..).map(|k| first + f64::from(k) * step).take_while(|t| *t <= end_ms).collect();
        Self { start_ms, end_ms, ticks, labels: Labels::Clock { offset_ms } }
    }

    pub fn span_ms(&self) -> f64 {
        self.end_ms - self.start_ms
    }

    pub fn label(&self, locale: Locale, t_ms: f64) -> String {
        match self.labels {
            Labels::Ago => ago(locale, self.end_ms - t_ms, self.span_ms()),
            Labels::Clock { offset_ms } => clock_label(locale, t_ms, offset_ms, self.span_ms()),
        }
    }

    /// The time under `x` CSS pixels from the left of a chart `width` pixels wide, within the
    /// axis: what a drag across the chart selects.
    pub fn time_at(&self, x: f64, width: f64) -> f64 {
        let (left, right) = (MARGIN_PX + Y_LABELS_PX, width - MARGIN_PX);
        let share = ((x - left) / (right - left).max(1.0)).clamp(0.0, 1.0);
        self.start_ms + share * self.span_ms()
    }
}

/// The time axis as plotters sees it: milliseconds, with the ticks chosen above.
struct TimeCoord {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for TimeCoord {
    type ValueType = f64;
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;

    fn map(&self, value: &f64, pixel_range: (i32, i32)) -> i32 {
        let share = (value - self.range.start) / (self.range.end - self.range.start);
        pixel_range.0 + (share * f64::from(pixel_range.1 - pixel_range.0)).round() as i32
    }

    fn key_points<Hint: plotters::coord::ranged1d::KeyPointHint>(&self, _hint: Hint) -> Vec<f64> {
        self.ticks.clone()
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

/// The first of `steps` that puts at most [`MAX_TICKS`] ticks on `span_ms`; beyond the last,
/// a multiple of it that does.
fn nice_step(steps: &[f64], span_ms: f64) -> f64 {
    let last = steps[steps.len() - 1];
    steps
        .iter()
        .copied()
        .find(|step| span_ms / step <= MAX_TICKS)
        .unwrap_or_else(|| (span_ms / MAX_TICKS / last).ceil() * last)
        .max(1.0)
}

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

/// `run` with at most two points per column, `columns` of them across `axis`, and its first
/// and last: per column the lowest and the highest value, in time order, the column's highest
/// peak on the second. The line then looks as it would with every point (its extremes are
/// kept, and it ends at the newest reading, the legend's "current"), and a redraw's cost no
/// longer grows with the points.
fn per_column(run: Run, axis: &TimeAxis, columns: usize) -> Run {
    if run.len() <= 2 * columns {
        return run;
    }
    // Columns fixed in time rather than to the moving start of the axis: the points kept stay
    // the same from one redraw to the next, so the line does not shimmer as time passes.
    let columns_per_ms = columns as f64 / axis.span_ms().max(1.0);
    let column = |t: f64| (t * columns_per_ms).floor();
    let mut kept = Run::with_capacity(2 * columns + 2);
    let mut rest = run.as_slice();
    while let Some(head) = rest.first() {
        let this = column(head.0);
        let (group, after) =
            rest.split_at(rest.iter().position(|p| column(p.0) != this).unwrap_or(rest.len()));
        rest = after;
        // One pass, as this runs for every reading of every line on every redraw.
        let (mut low, mut high, mut peak) = (head, head, head.2);
        for point in &group[1..] {
            if point.1 < low.1 {
                low = point;
            }
            if point.1 >= high.1 {
                high = point;
            }
            peak = peak.max(point.2);
        }
        let (first, second) = if low.0 <= high.0 { (low, high) } else { (high, low) };
        kept.push(*first);
        if group.len() > 1 {
            kept.push((second.0, second.1, peak));
        }
    }
    let time = |point: Option<&(f64, f64, f64)>| point.map(|p| p.0);
    if time(kept.first()) != time(run.first()) {
        kept.insert(0, run[0]);
    }
    if time(kept.last()) != time(run.last()) {
        kept.push(run[run.len() - 1]);
    }
    kept
}

/// Readings further apart than this are not joined (an outage in between).
pub fn max_gap_ms(poll_interval_ms: f64, cache_ttl_ms: f64) -> f64 {
    2.0 * (poll_interval_ms + cache_ttl_ms)
}

/// Who draws the TX line's dashes.
#[derive(Clone, Copy)]
pub enum Dashes<'a> {
    /// plotters, one path per dash: works on any backend (the tests' SVG), but a jagged line
    /// of 2,000 readings is thousands of dashes, each a path of its own.
    Plotted,
    /// The backend itself: the function sets its line dash (dash and gap in device pixels, or
    /// an empty slice for solid), so a dashed line is one path however long it is.
    Native(&'a dyn Fn(&[f64])),
}

/// How to draw: the time axis, the rate scale, the colours and the device pixel ratio.
#[derive(Clone, Copy)]
pub struct Frame<'a> {
    pub axis: &'a TimeAxis,
    pub rates: RateScale,
    /// The language of the labels.
    pub locale: Locale,
    /// Readings further apart are not joined.
    pub max_gap_ms: f64,
    pub theme: &'a Theme,
    /// Fonts and lines grow with it, so the chart is as sharp and as large on a high-DPI screen.
    pub pixel_ratio: f64,
    pub dashes: Dashes<'a>,
}

/// Draws the chart of `window` on `area` as `frame` says.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    window: &ChartWindow,
    frame: &Frame,
) -> Result<(), String> {
    let Frame { axis, rates, locale, max_gap_ms, theme, pixel_ratio: scale, dashes } = *frame;
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    let error = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    area.fill(&theme.background).map_err(error)?;

    let y_axis = RateAxis::new(rates, window.peak(), window.least());
    let x_range =
        TimeCoord { range: axis.start_ms..axis.end_ms.max(axis.start_ms + 1.0), ticks: axis.ticks.clone() };
    let mut chart = ChartBuilder::on(area)
        .margin(px(MARGIN_PX))
        .x_label_area_size(px(X_LABELS_PX))
        .y_label_area_size(px(Y_LABELS_PX))
        .build_cartesian_2d(x_range, y_axis.clone())
        .map_err(error)?;
    // The family as a value: from a name, plotters lowercases it, which ships Unicode's case
    // tables.
    let label_font = (FontFamily::SansSerif, f64::from(px(12.0))).into_font().color(&theme.text);
    chart
        .configure_mesh()
        .y_labels(6)
        .x_label_formatter(&|t: &f64| axis.label(locale, *t))
        .y_label_formatter(&|bps: &f64| format_bps(locale, *bps))
        .label_style(label_font)
        .axis_style(theme.axis.stroke_width(px(1.0)))
        .bold_line_style(theme.grid.stroke_width(px(1.0)))
        .light_line_style(theme.grid.mix(0.4).stroke_width(px(1.0)))
        .draw()
        .map_err(error)?;

    let visible = |t: f64| t >= axis.start_ms && t <= axis.end_ms;
    let line_px = px(2.0);
    // Columns twice as wide as the line, each keeping its lowest and highest reading: one
    // vertex per stroke width, and what varies between two of them is inside the stroke anyway.
    // So a line has no more points than the plot is line widths wide, and a redraw costs the
    // same for 2,000 points per interface as for the plot's width.
    let plot_px = f64::from(area.dim_in_pixel().0) - scale * (2.0 * MARGIN_PX + Y_LABELS_PX);
    let columns = (plot_px / f64::from(2 * line_px)).max(1.0) as usize;
    for (index, series) in window.series().iter().enumerate() {
        let color = PALETTE[index % PALETTE.len()];
        for direction in [Direction::Rx, Direction::Tx] {
            for mut run in series.runs(direction, max_gap_ms) {
                run.retain(|(t, ..)| visible(*t));
                for (_, value, peak) in &mut run {
                    (*value, *peak) = (y_axis.clamp(*value), y_axis.clamp(*peak));
                }
                let run = per_column(run, axis, columns);
                if run.is_empty() {
                    continue;
                }
                // The band from the average up to the step's maximum, where they differ.
                if run.iter().any(|(_, value, peak)| peak > value) {
                    let outline: Vec<(f64, f64)> = run
                        .iter()
                        .map(|(t, value, _)| (*t, *value))
                        .chain(run.iter().rev().map(|(t, _, peak)| (*t, *peak)))
                        .collect();
                    chart
                        .draw_series(std::iter::once(Polygon::new(outline, color.mix(0.18).filled())))
                        .map_err(error)?;
                }
                let line = run.iter().map(|(t, value, _)| (*t, *value));
                let style = color.stroke_width(line_px);
                match (direction, dashes) {
                    (Direction::Rx, _) => {
                        chart.draw_series(LineSeries::new(line.clone(), style)).map_err(error)?;
                    }
                    (Direction::Tx, Dashes::Native(set_dash)) => {
                        set_dash(&[f64::from(px(6.0)), f64::from(px(4.0))]);
                        let drawn = chart.draw_series(LineSeries::new(line.clone(), style)).map(|_| ());
                        set_dash(&[]);
                        drawn.map_err(error)?;
                    }
                    (Direction::Tx, Dashes::Plotted) => {
                        chart
                            .draw_series(DashedLineSeries::new(line.clone(), px(6.0), px(4.0), style))
                            .map_err(error)?;
                    }
                }
                // A lone reading between gaps is still visible as a dot.
                if run.len() == 1 {
                    let dot = match direction {
                        Direction::Rx => color.filled(),
                        Direction::Tx => style,
                    };
                    chart.draw_series(line.map(|p| Circle::new(p, px(3.0), dot))).map_err(error)?;
                }
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

    fn render(window: &ChartWindow, now_ms: f64) -> String {
        render_scaled(window, now_ms, RateScale::Linear)
    }

    fn render_scaled(window: &ChartWindow, now_ms: f64, rates: RateScale) -> String {
        render_along(window, &TimeAxis::live(now_ms, window.window_ms()), 14_000.0, rates)
    }

    fn render_along(window: &ChartWindow, axis: &TimeAxis, max_gap_ms: f64, rates: RateScale) -> String {
        render_with(window, axis, max_gap_ms, rates, Dashes::Plotted)
    }

    fn render_with(
        window: &ChartWindow,
        axis: &TimeAxis,
        max_gap_ms: f64,
        rates: RateScale,
        dashes: Dashes,
    ) -> String {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (800, 300)).into_drawing_area();
            let frame = Frame {
                axis,
                rates,
                locale: Locale::En,
                max_gap_ms,
                theme: &Theme::LIGHT,
                pixel_ratio: 1.0,
                dashes,
            };
            draw(&area, window, &frame).unwrap();
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

    /// The y coordinates of series `index`'s first solid line.
    fn solid_line_ys(svg: &str, index: usize) -> Vec<f64> {
        let RGBColor(r, g, b) = PALETTE[index];
        let start = svg
            .find(&format!("<polyline fill=\"none\" opacity=\"1\" stroke=\"#{r:02X}{g:02X}{b:02X}\""))
            .unwrap();
        let points = svg[start..].split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        points.split_whitespace().filter_map(|p| p.split_once(',')?.1.parse().ok()).collect()
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
    fn on_the_log_scale_a_small_customer_gets_a_line_of_its_own_height() {
        let mut window = ChartWindow::new(60_000.0);
        for (i, t) in [0, 5_000, 10_000].into_iter().enumerate() {
            let wobble = 1.0 + i as f64 / 2.0;
            record(
                &mut window,
                t,
                vec![stats("ether1", Some(4e8), Some(2e8)), stats("pppoe-a", Some(3e3 * wobble), Some(0.0))],
            );
        }
        let labels = labels(&render_scaled(&window, 10_000.0, RateScale::Log));
        for decade in ["1 kbps", "10 kbps", "1 Mbps", "1 Gbps"] {
            assert!(labels.contains(&decade.to_owned()), "decades labelled in SI: {labels:?}");
        }
        assert!(!labels.contains(&"0 bps".to_owned()), "no 0 on a log scale: {labels:?}");
        // pppoe-a's RX (3 to 6 kbps, a third of a decade: ~12 px here) rises visibly on the
        // log scale and lies flat on the linear one, whose top is 500 Mbps.
        let height = |rates| {
            let svg = render_scaled(&window, 10_000.0, rates);
            let ys = solid_line_ys(&svg, 1);
            ys.iter().copied().fold(f64::MIN, f64::max) - ys.iter().copied().fold(f64::MAX, f64::min)
        };
        assert!(height(RateScale::Log) > 8.0, "log: {}", height(RateScale::Log));
        assert!(height(RateScale::Linear) < 1.0, "linear: {}", height(RateScale::Linear));
        // Its idle TX is drawn (in dashes) on the floor rather than dropped.
        let svg = render_scaled(&window, 10_000.0, RateScale::Log);
        assert!(lines_of(&svg, 1) > 1, "RX and TX of pppoe-a drawn");
    }

    #[test]
    fn more_points_than_pixel_columns_keep_each_columns_extremes_in_time_order() {
        let axis = TimeAxis::live(200_000.0, 200_000.0);
        // About 2,000 readings 100 ms apart, a sawtooth with one spike, starting and ending
        // between its troughs and crests.
        let run: Run = (5..1_995)
            .map(|i| {
                let value = if i == 1_234 { 9e8 } else { f64::from(i % 10) * 1e6 };
                (f64::from(i) * 100.0, value, value)
            })
            .collect();
        let kept = per_column(run.clone(), &axis, 100);
        assert!(kept.len() <= 202, "{} points for 100 columns and the ends", kept.len());
        assert_eq!((kept.first(), kept.last()), (run.first(), run.last()), "the line's ends are kept");
        // A second later (the live axis moves on with every redraw), the same points are kept.
        assert_eq!(per_column(run.clone(), &TimeAxis::live(201_000.0, 200_000.0), 100), kept);
        assert!(kept.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
        assert!(kept.iter().any(|p| p.1 == 9e8), "the spike survives");
        assert!(
            kept.iter().any(|p| p.1 == 0.0) && kept.iter().any(|p| p.1 == 9e6),
            "so do the troughs and crests"
        );
        // Few points are drawn as they are.
        assert_eq!(per_column(run[..150].to_vec(), &axis, 100), run[..150].to_vec());
    }

    #[test]
    fn a_jagged_tx_line_is_one_path_when_the_backend_draws_the_dashes() {
        let mut window = ChartWindow::new(200_000.0);
        for i in 0..2_000 {
            let tx = if i % 2 == 0 { 1e6 } else { 9e7 };
            record(&mut window, i * 100, vec![stats("ether1", Some(5e7), Some(tx))]);
        }
        let axis = TimeAxis::live(199_900.0, 200_000.0);
        let plotted = render_with(&window, &axis, 1_000.0, RateScale::Linear, Dashes::Plotted);
        let set = std::cell::RefCell::new(Vec::new());
        let record_dash = |dash: &[f64]| set.borrow_mut().push(dash.to_vec());
        let native = render_with(&window, &axis, 1_000.0, RateScale::Linear, Dashes::Native(&record_dash));
        // Two lines, RX and TX, instead of RX and a path per dash of a line that zigzags over
        // the plot's height 2,000 times.
        assert!(lines_of(&plotted, 0) > 1_000, "{} paths", lines_of(&plotted, 0));
        assert_eq!(lines_of(&native, 0), 2);
        // Dashed for TX only, then solid again, in device pixels.
        assert_eq!(*set.borrow(), [vec![6.0, 4.0], vec![]]);
    }

    #[test]
    fn an_empty_history_draws_axes_and_no_lines() {
        let svg = render(&ChartWindow::new(60_000.0), 0.0);
        assert!(labels(&svg).contains(&"now".to_owned()));
        assert!((0..PALETTE.len()).all(|i| lines_of(&svg, i) == 0), "no fake zero line");
    }

    #[test]
    fn a_range_of_history_is_ticked_at_round_local_times() {
        let wib = 7.0 * 3_600_000.0;
        let start = 1_796_083_200_000.0 + 1_234_567.0;
        let axis = TimeAxis::clock(start, start + 6.0 * 3_600_000.0, wib);
        let labels: Vec<String> = axis.ticks.iter().map(|t| axis.label(Locale::En, *t)).collect();
        assert_eq!(labels, ["08:00", "09:00", "10:00", "11:00", "12:00", "13:00"]);
        // The plot spans from the y labels to the right margin.
        assert_eq!(axis.time_at(90.0, 800.0), start);
        assert_eq!(axis.time_at(788.0, 800.0), axis.end_ms);
        assert_eq!(axis.time_at(439.0, 800.0), start + 3.0 * 3_600_000.0);
        // A range of years still gets a handful of ticks.
        assert!(TimeAxis::clock(0.0, 1e13, 0.0).ticks.len() <= 8);
    }

    #[test]
    fn averaged_history_draws_a_band_up_to_its_peaks() {
        use crate::model::{HistoryAnswer, HistoryPoint, HistorySeries, Resolution};
        let points: Vec<HistoryPoint> =
            (0..10).map(|i| HistoryPoint(i * 60_000, Some(1e6), Some(5e5))).collect();
        let answer = |max| HistoryAnswer {
            router: "r".into(),
            from_ms: 0,
            to_ms: 600_000,
            step_ms: 60_000,
            resolution: Resolution::Minute,
            series: vec![HistorySeries { name: "e".into(), points: points.clone(), max }],
        };
        let render = |window: &ChartWindow| {
            render_along(window, &TimeAxis::clock(0.0, 600_000.0, 0.0), 180_000.0, RateScale::Linear)
        };
        let flat = render(&ChartWindow::from_history(&answer(vec![(Some(1e6), Some(5e5)); 10])));
        let peaky = render(&ChartWindow::from_history(&answer(vec![(Some(8e6), Some(5e5)); 10])));
        assert_eq!(flat.matches("<polygon").count(), 0, "no band where the maximum is the average");
        assert_eq!(peaky.matches("<polygon").count(), 1, "RX's band up to 8 Mbps");
        assert!(labels(&peaky).contains(&"10 Mbps".to_owned()), "the axis makes room for the peak");
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
