//! What the chart shows: per interface, the rates at each distinct router reading within the
//! window, behind them the recorded history that fills the window at once (backfill), or a
//! past range of history on its own. Pure data, used by the drawing code and the legend.
//!
//! A point sits at the server's reading time, so an answer the cache already gave (same
//! `fetched_at_ms`) is not a new point. Unknown rates stay unknown, and a missing stretch of
//! readings (an outage) is a gap: the chart never connects across either.

use std::collections::VecDeque;

use crate::model::{HistoryAnswer, InterfaceStats, TableSnapshot};
use crate::ui::one_sort::sort_by;

/// Rates of one interface at one reading, or averaged over one step of history.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Point {
    pub t_ms: f64,
    pub rx_bps: Option<f64>,
    pub tx_bps: Option<f64>,
    /// The highest rates within the step, when the point is an average: the chart's band.
    pub rx_max: Option<f64>,
    pub tx_max: Option<f64>,
}

impl Point {
    pub fn reading(t_ms: f64, rx_bps: Option<f64>, tx_bps: Option<f64>) -> Self {
        Self { t_ms, rx_bps, tx_bps, ..Self::default() }
    }
}

/// RX or TX.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Rx,
    Tx,
}

impl Direction {
    pub fn value(self, point: &Point) -> Option<f64> {
        match self {
            Self::Rx => point.rx_bps,
            Self::Tx => point.tx_bps,
        }
    }

    /// The highest rate the point stands for: its maximum, or the value itself.
    pub fn peak(self, point: &Point) -> Option<f64> {
        match self {
            Self::Rx => point.rx_max.or(point.rx_bps),
            Self::Tx => point.tx_max.or(point.tx_bps),
        }
    }
}

/// A stretch of line: per point its time, value and peak.
pub type Run = Vec<(f64, f64, f64)>;

#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub points: VecDeque<Point>,
}

/// Current, average and maximum of one direction over the window.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub current: Option<f64>,
    pub average: Option<f64>,
    pub max: Option<f64>,
}

impl Series {
    /// Summary of one direction over the window; the maximum counts each step's peak.
    pub fn summary(&self, direction: Direction) -> Summary {
        let known: Vec<f64> = self.points.iter().filter_map(|p| direction.value(p)).collect();
        Summary {
            current: self.points.back().and_then(|p| direction.value(p)),
            average: (!known.is_empty()).then(|| known.iter().sum::<f64>() / known.len() as f64),
            max: self.points.iter().filter_map(|p| direction.peak(p)).reduce(f64::max),
        }
    }

    /// Runs of consecutive known values, split where a value is unknown or readings are more
    /// than `max_gap_ms` apart. Each run is drawn as its own line.
    pub fn runs(&self, direction: Direction, max_gap_ms: f64) -> Vec<Run> {
        let mut runs: Vec<Run> = Vec::new();
        let mut previous_t: Option<f64> = None;
        for point in &self.points {
            let continues = previous_t.is_some_and(|t| point.t_ms - t <= max_gap_ms);
            match direction.value(point) {
                Some(value) => {
                    let entry = (point.t_ms, value, direction.peak(point).unwrap_or(value));
                    match runs.last_mut() {
                        Some(run) if continues && !run.is_empty() => run.push(entry),
                        _ => runs.push(vec![entry]),
                    }
                }
                None => runs.push(Vec::new()),
            }
            previous_t = Some(point.t_ms);
        }
        runs.retain(|run| !run.is_empty());
        runs
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct ChartWindow {
    window_ms: f64,
    last_fetched_at_ms: Option<f64>,
    series: Vec<Series>,
    /// The interfaces the newest answer was asked for, and those of them it lacked.
    asked_for: Vec<String>,
    gone: Vec<String>,
    /// The range of history it shows, when it is not the live window.
    span: Option<(f64, f64)>,
}

impl ChartWindow {
    pub fn new(window_ms: f64) -> Self {
        Self { window_ms, ..Self::default() }
    }

    pub fn window_ms(&self) -> f64 {
        self.window_ms
    }

    /// A window of exactly `answer`'s range: a past span of history, shown on its own.
    pub fn from_history(answer: &HistoryAnswer) -> Self {
        let mut window = Self::new((answer.to_ms - answer.from_ms) as f64);
        window.series = answer.series.iter().map(history_series).collect();
        window.span = Some((answer.from_ms as f64, answer.to_ms as f64));
        window
    }

    /// The start and end of the range of history shown; `None` for the live window.
    pub fn span(&self) -> Option<(f64, f64)> {
        self.span
    }

    /// Changes the window's length (the live range), dropping what falls out of it.
    pub fn set_window_ms(&mut self, window_ms: f64) {
        self.window_ms = window_ms;
        if let Some(newest) =
            self.series.iter().filter_map(|s| s.points.back()).map(|p| p.t_ms).reduce(f64::max)
        {
            self.prune(newest);
        }
    }

    /// Fills the window with recorded history, so a window that just opened (or was stopped
    /// for a while) is full at once: every recorded point at a time the window has no point
    /// of is added in its place; the live readings stay as they are.
    pub fn backfill(&mut self, answer: &HistoryAnswer) {
        for recorded in &answer.series {
            let recorded = history_series(recorded);
            // A reading recorded is not new when the poll loop brings it again (a trailing
            // step without readings is no reading).
            let newest = recorded.points.iter().rev().find(|p| p.rx_bps.is_some() || p.tx_bps.is_some());
            if let Some(last) = newest {
                self.last_fetched_at_ms =
                    Some(self.last_fetched_at_ms.map_or(last.t_ms, |t| t.max(last.t_ms)));
            }
            match self.series.iter_mut().find(|s| s.name == recorded.name) {
                Some(series) => {
                    // The live points are in time order: a binary search finds a time they have.
                    debug_assert!(
                        series.points.iter().is_sorted_by(|a, b| a.t_ms <= b.t_ms),
                        "live points out of order"
                    );
                    let have =
                        |t_ms: f64| series.points.binary_search_by(|p| p.t_ms.total_cmp(&t_ms)).is_ok();
                    let missing: Vec<Point> = recorded.points.into_iter().filter(|r| !have(r.t_ms)).collect();
                    series.points = merge_in_time_order(std::mem::take(&mut series.points), missing);
                }
                None => self.series.push(recorded),
            }
        }
        let newest = self
            .series
            .iter()
            .filter_map(|s| s.points.back())
            .map(|p| p.t_ms)
            .fold(answer.to_ms as f64, f64::max);
        self.prune(newest);
    }

    pub fn series(&self) -> &[Series] {
        &self.series
    }

    pub fn is_empty(&self) -> bool {
        self.series.iter().all(|s| s.points.is_empty())
    }

    /// Takes an answer for the `selected` interfaces: keeps only their series, notes which of
    /// them the router no longer has, and adds the reading if it is new (see [`Self::record`]).
    pub fn take_answer(&mut self, selected: &[String], snapshot: &TableSnapshot<InterfaceStats>) -> bool {
        self.select(selected);
        self.asked_for = selected.to_vec();
        self.gone = selected
            .iter()
            .filter(|name| !snapshot.interfaces.iter().any(|i| &i.info.name == *name))
            .cloned()
            .collect();
        self.record(snapshot)
    }

    /// Selected interfaces missing from the newest answer: gone from the router, like a PPPoE
    /// customer who hung up.
    pub fn gone(&self) -> &[String] {
        &self.gone
    }

    /// True when the newest answer had none of the interfaces it was asked for.
    pub fn all_gone(&self) -> bool {
        !self.asked_for.is_empty() && self.gone.len() == self.asked_for.len()
    }

    /// Adds a reading. Returns false, changing nothing, when it is one already recorded.
    pub fn record(&mut self, snapshot: &TableSnapshot<InterfaceStats>) -> bool {
        let t_ms = snapshot.fetched_at_ms as f64;
        if self.last_fetched_at_ms.is_some_and(|last| t_ms <= last) {
            return false;
        }
        self.last_fetched_at_ms = Some(t_ms);
        for stats in &snapshot.interfaces {
            let point = Point::reading(t_ms, stats.rx_bps, stats.tx_bps);
            match self.series.iter_mut().find(|s| s.name == stats.info.name) {
                Some(series) => series.points.push_back(point),
                None => self
                    .series
                    .push(Series { name: stats.info.name.clone(), points: VecDeque::from([point]) }),
            }
        }
        self.prune(t_ms);
        true
    }

    /// Keeps only the named interfaces, in that order.
    pub fn select(&mut self, names: &[String]) {
        // Picked in order rather than sorted: each sort is a copy of the algorithm in the WASM.
        let mut kept = Vec::with_capacity(names.len());
        for name in names {
            if let Some(index) = self.series.iter().position(|s| &s.name == name) {
                kept.push(self.series.swap_remove(index));
            }
        }
        self.series = kept;
    }

    /// Forgets every point: after auto-recovery the old data is not continued.
    pub fn clear(&mut self) {
        self.series.clear();
        self.last_fetched_at_ms = None;
        self.asked_for.clear();
        self.gone.clear();
    }

    fn prune(&mut self, now_ms: f64) {
        let oldest = now_ms - self.window_ms;
        for series in &mut self.series {
            while series.points.front().is_some_and(|p| p.t_ms < oldest) {
                series.points.pop_front();
            }
        }
    }

    /// Every reading time in the window, newest first, with each series' point at that time, in
    /// series order: `None` where a series has none (selected later, or missing from an answer).
    pub fn readings(&self) -> Vec<(f64, Vec<Option<&Point>>)> {
        let mut times: Vec<f64> = self.series.iter().flat_map(|s| s.points.iter().map(|p| p.t_ms)).collect();
        sort_by(&mut times, f64::total_cmp);
        times.dedup();
        times.reverse();
        times
            .into_iter()
            .map(|t_ms| {
                // Each series' points are in time order, as `record` only appends newer readings.
                let at = |s: &'_ Series| s.points.binary_search_by(|p| p.t_ms.total_cmp(&t_ms)).ok();
                let points = self.series.iter().map(|s| at(s).map(|i| &s.points[i])).collect();
                (t_ms, points)
            })
            .collect()
    }

    /// The largest known rate in the window, either direction, any interface, peaks included.
    pub fn peak(&self) -> Option<f64> {
        self.series
            .iter()
            .flat_map(|s| s.points.iter())
            .flat_map(|p| [Direction::Rx.peak(p), Direction::Tx.peak(p)])
            .flatten()
            .reduce(f64::max)
    }

    /// The smallest rate above 0 in the window: where a logarithmic axis starts.
    pub fn least(&self) -> Option<f64> {
        self.series
            .iter()
            .flat_map(|s| s.points.iter())
            .flat_map(|p| [p.rx_bps, p.tx_bps])
            .flatten()
            .filter(|v| *v > 0.0)
            .reduce(f64::min)
    }
}

/// Two runs of points in time order, as one. History answers come in time order (the server's
/// steps), so merging is enough: a sort would be another copy of the algorithm in the WASM.
fn merge_in_time_order(live: VecDeque<Point>, recorded: Vec<Point>) -> VecDeque<Point> {
    debug_assert!(recorded.is_sorted_by(|a, b| a.t_ms <= b.t_ms), "recorded points out of order");
    let mut merged = VecDeque::with_capacity(live.len() + recorded.len());
    let (mut live, mut recorded) = (live.into_iter().peekable(), recorded.into_iter().peekable());
    loop {
        let next = match (live.peek(), recorded.peek()) {
            (Some(a), Some(b)) if b.t_ms < a.t_ms => recorded.next(),
            (Some(_), _) => live.next(),
            (None, _) => recorded.next(),
        };
        match next {
            Some(point) => merged.push_back(point),
            None => return merged,
        }
    }
}

fn history_series(recorded: &crate::model::HistorySeries) -> Series {
    let points = recorded
        .points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (rx_max, tx_max) = recorded.max.get(i).copied().unwrap_or_default();
            Point { t_ms: p.0 as f64, rx_bps: p.1, tx_bps: p.2, rx_max, tx_max }
        })
        .collect();
    Series { name: recorded.name.clone(), points }
}

/// Readings for tests of the window and of the drawing code.
#[cfg(test)]
pub(crate) mod fixtures {
    use crate::model::{InterfaceInfo, InterfaceStats, TableSnapshot};

    pub fn stats(name: &str, rx: Option<f64>, tx: Option<f64>) -> InterfaceStats {
        InterfaceStats {
            info: InterfaceInfo {
                name: name.to_owned(),
                kind: "ether".to_owned(),
                running: true,
                disabled: false,
                comment: None,
            },
            rx_byte: 0,
            tx_byte: 0,
            rx_bps: rx,
            tx_bps: tx,
        }
    }

    pub fn snapshot(t_ms: i64, interfaces: Vec<InterfaceStats>) -> TableSnapshot<InterfaceStats> {
        TableSnapshot {
            router: "demo".to_owned(),
            fetched_at_ms: t_ms,
            age_ms: 0,
            stale: false,
            problem: None,
            interfaces,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{snapshot, stats};
    use super::*;
    use crate::model::{HistoryPoint, HistorySeries, Resolution};

    #[test]
    fn readings_are_newest_first_with_a_hole_where_a_series_has_no_point() {
        let mut window = ChartWindow::new(60_000.0);
        window.record(&snapshot(1_000, vec![stats("ether1", Some(1.0), Some(2.0))]));
        window.record(&snapshot(
            3_000,
            vec![stats("ether1", Some(3.0), None), stats("ether2", Some(5.0), Some(6.0))],
        ));
        let point = |t_ms, rx_bps, tx_bps| Some(Point::reading(t_ms, rx_bps, tx_bps));
        let readings: Vec<(f64, Vec<Option<Point>>)> = window
            .readings()
            .into_iter()
            .map(|(t, points)| (t, points.into_iter().map(Option::<&Point>::copied).collect()))
            .collect();
        assert_eq!(
            readings,
            [
                (3_000.0, vec![point(3_000.0, Some(3.0), None), point(3_000.0, Some(5.0), Some(6.0))]),
                (1_000.0, vec![point(1_000.0, Some(1.0), Some(2.0)), None]),
            ]
        );
        assert!(ChartWindow::new(60_000.0).readings().is_empty());
    }

    #[test]
    fn an_answer_already_recorded_is_not_a_new_point() {
        let mut window = ChartWindow::new(60_000.0);
        assert!(window.record(&snapshot(1_000, vec![stats("ether1", Some(1.0), Some(2.0))])));
        assert!(!window.record(&snapshot(1_000, vec![stats("ether1", Some(1.0), Some(2.0))])));
        assert!(window.record(&snapshot(6_000, vec![stats("ether1", Some(3.0), Some(4.0))])));
        assert_eq!(window.series()[0].points.len(), 2);
    }

    #[test]
    fn points_older_than_the_window_fall_off() {
        let mut window = ChartWindow::new(10_000.0);
        for t in [0, 5_000, 10_000, 15_000] {
            window.record(&snapshot(t, vec![stats("e", Some(t as f64), None)]));
        }
        let times: Vec<f64> = window.series()[0].points.iter().map(|p| p.t_ms).collect();
        assert_eq!(times, [5_000.0, 10_000.0, 15_000.0]);
    }

    #[test]
    fn unknown_rates_and_outages_split_the_line() {
        let mut window = ChartWindow::new(600_000.0);
        let readings = [
            (0, Some(1.0)),
            (5_000, Some(2.0)),
            (10_000, None),
            (15_000, Some(3.0)),
            (20_000, Some(4.0)),
            (80_000, Some(5.0)),
        ];
        for (t, rx) in readings {
            window.record(&snapshot(t, vec![stats("e", rx, None)]));
        }
        let runs = window.series()[0].runs(Direction::Rx, 14_000.0);
        assert_eq!(
            runs,
            vec![
                vec![(0.0, 1.0, 1.0), (5_000.0, 2.0, 2.0)],
                vec![(15_000.0, 3.0, 3.0), (20_000.0, 4.0, 4.0)],
                vec![(80_000.0, 5.0, 5.0)]
            ]
        );
    }

    #[test]
    fn summaries_ignore_unknown_values() {
        let mut window = ChartWindow::new(60_000.0);
        for (t, rx) in [(0, Some(10.0)), (5_000, None), (10_000, Some(30.0)), (15_000, Some(20.0))] {
            window.record(&snapshot(t, vec![stats("e", rx, None)]));
        }
        let rx = window.series()[0].summary(Direction::Rx);
        assert_eq!(rx, Summary { current: Some(20.0), average: Some(20.0), max: Some(30.0) });
        assert_eq!(window.series()[0].summary(Direction::Tx), Summary::default());
        assert_eq!(window.peak(), Some(30.0));
    }

    #[test]
    fn selected_interfaces_missing_from_an_answer_are_gone_until_they_return() {
        let selected = ["ether1".to_owned(), "<pppoe-andi>".to_owned()];
        let mut window = ChartWindow::new(60_000.0);
        window.take_answer(
            &selected,
            &snapshot(0, vec![stats("ether1", Some(1.0), None), stats("<pppoe-andi>", Some(2.0), None)]),
        );
        assert!(window.gone().is_empty() && !window.all_gone());
        // The customer hangs up: the server leaves the name out of the answer.
        window.take_answer(&selected, &snapshot(5_000, vec![stats("ether1", Some(3.0), None)]));
        assert_eq!(window.gone(), ["<pppoe-andi>"]);
        assert!(!window.all_gone());
        assert_eq!(window.series().len(), 2, "its points so far stay on the chart");
        window.take_answer(&selected, &snapshot(10_000, vec![]));
        assert!(window.all_gone());
        // Unselected, it is neither charted nor gone; back again, it is no longer gone.
        window.take_answer(&selected[..1], &snapshot(15_000, vec![stats("ether1", Some(4.0), None)]));
        assert!(window.gone().is_empty() && window.series().len() == 1);
        window.clear();
        assert!(!window.all_gone());
    }

    fn answer(
        from_ms: i64,
        to_ms: i64,
        points: Vec<HistoryPoint>,
        max: Vec<(Option<f64>, Option<f64>)>,
    ) -> HistoryAnswer {
        HistoryAnswer {
            router: "demo".to_owned(),
            from_ms,
            to_ms,
            step_ms: 5_000,
            resolution: Resolution::Raw,
            series: vec![HistorySeries { name: "ether1".to_owned(), points, max }],
        }
    }

    #[test]
    fn backfill_fills_the_window_around_the_live_readings_and_keeps_them() {
        let mut window = ChartWindow::new(30_000.0);
        // Monitored a while ago, then stopped: an old reading, and one at 150 s.
        window.record(&snapshot(40_000, vec![stats("ether1", Some(1.0), None)]));
        window.record(&snapshot(150_000, vec![stats("ether1", Some(9.0), None)]));
        let recorded: Vec<HistoryPoint> =
            (0..=20).map(|i| HistoryPoint(60_000 + i * 5_000, Some(i as f64), None)).collect();
        window.backfill(&answer(60_000, 160_000, recorded, vec![]));
        let times: Vec<f64> = window.series()[0].points.iter().map(|p| p.t_ms).collect();
        // The 30 s before the answer's end, history on both sides of the live reading.
        let expected: Vec<f64> = (26..=32).map(|i| f64::from(i) * 5_000.0).collect();
        assert_eq!(times, expected);
        let live = window.series()[0].points.iter().find(|p| p.t_ms == 150_000.0).unwrap();
        assert_eq!(live.rx_bps, Some(9.0), "the live reading stays");
        assert!(
            !window.record(&snapshot(160_000, vec![stats("ether1", Some(1.0), None)])),
            "already recorded"
        );
        assert!(window.record(&snapshot(165_000, vec![stats("ether1", Some(1.0), None)])));
    }

    #[test]
    fn a_past_range_keeps_its_peaks_and_its_gaps() {
        let points = vec![
            HistoryPoint(0, Some(2.0), None),
            HistoryPoint(60_000, None, None),
            HistoryPoint(120_000, Some(4.0), None),
        ];
        let max = vec![(Some(10.0), None), (None, None), (Some(6.0), None)];
        let window = ChartWindow::from_history(&answer(0, 180_000, points, max));
        assert_eq!((window.window_ms(), window.span()), (180_000.0, Some((0.0, 180_000.0))));
        assert_eq!(window.peak(), Some(10.0), "the axis makes room for the peak");
        let rx = window.series()[0].summary(Direction::Rx);
        assert_eq!((rx.average, rx.max), (Some(3.0), Some(10.0)));
        assert_eq!(
            window.series()[0].runs(Direction::Rx, f64::INFINITY).len(),
            2,
            "the unknown step is a gap"
        );
    }

    #[test]
    fn select_keeps_the_chosen_interfaces_in_order_and_clear_forgets_all() {
        let mut window = ChartWindow::new(60_000.0);
        window.record(&snapshot(
            0,
            vec![stats("a", None, None), stats("b", None, None), stats("c", None, None)],
        ));
        // A name with no series is skipped, and one chosen twice is charted once.
        window.select(&["c", "x", "c", "a"].map(str::to_owned));
        let names: Vec<&str> = window.series().iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["c", "a"]);
        assert!(window.series().iter().all(|s| s.points.len() == 1), "each keeps its reading");
        window.clear();
        assert!(window.is_empty());
        assert!(
            window.record(&snapshot(0, vec![stats("a", None, None)])),
            "a cleared window accepts any reading"
        );
    }
}
