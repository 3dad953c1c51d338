//! The arithmetic of history, free of storage and clocks: per-minute average and maximum,
//! bytes per day, and the buckets a query answers with.

use std::collections::BTreeMap;

use super::{Aggregate, Minute, Sample, MINUTE_MS};

/// Average and maximum of the known values; both unknown when none is known.
#[derive(Debug, Default, Clone, Copy)]
pub struct Accumulator {
    sum: f64,
    count: u32,
    max: Option<f64>,
}

impl Accumulator {
    /// Adds a value; `max_of_it` is the value's own maximum when it is already an aggregate.
    pub fn add(&mut self, value: Option<f32>, max_of_it: Option<f32>) {
        if let Some(value) = value {
            self.sum += f64::from(value);
            self.count += 1;
        }
        if let Some(max) = max_of_it.or(value) {
            self.max = Some(self.max.map_or(f64::from(max), |m| m.max(f64::from(max))));
        }
    }

    pub fn finish(&self) -> Aggregate {
        Aggregate {
            avg: (self.count > 0).then(|| (self.sum / f64::from(self.count)) as f32),
            max: self.max.map(|m| m as f32),
        }
    }
}

/// Start of the `step_ms` bucket that holds `t_ms` (buckets are aligned to the epoch).
pub fn bucket_start(t_ms: i64, step_ms: i64) -> i64 {
    t_ms.div_euclid(step_ms) * step_ms
}

/// Per-minute average and maximum of `samples` (in time order): one [`Minute`] for each
/// minute that holds at least one sample, its rates unknown where every sample's was.
pub fn minutes(samples: &[Sample]) -> Vec<Minute> {
    let mut out: Vec<Minute> = Vec::new();
    let mut current: Option<(i64, Accumulator, Accumulator)> = None;
    for sample in samples {
        let minute = bucket_start(sample.t_ms, MINUTE_MS);
        match &mut current {
            Some((t, rx, tx)) if *t == minute => {
                rx.add(sample.rx, None);
                tx.add(sample.tx, None);
            }
            _ => {
                if let Some((t_ms, rx, tx)) = current.take() {
                    out.push(Minute { t_ms, rx: rx.finish(), tx: tx.finish() });
                }
                let (mut rx, mut tx) = (Accumulator::default(), Accumulator::default());
                rx.add(sample.rx, None);
                tx.add(sample.tx, None);
                current = Some((minute, rx, tx));
            }
        }
    }
    if let Some((t_ms, rx, tx)) = current {
        out.push(Minute { t_ms, rx: rx.finish(), tx: tx.finish() });
    }
    out
}

/// Bytes moved per day: a sample's rate held since the sample before it (`previous_t_ms` for
/// the first one, or `default_interval_ms` when there is none), counted on the day of the
/// sample. `day_of` names a time's day (the server's local date).
pub fn bytes_by_day<D: Ord>(
    previous_t_ms: Option<i64>,
    samples: &[Sample],
    default_interval_ms: i64,
    day_of: impl Fn(i64) -> D,
) -> BTreeMap<D, (f64, f64)> {
    let mut days: BTreeMap<D, (f64, f64)> = BTreeMap::new();
    let mut previous = previous_t_ms;
    for sample in samples {
        let interval_ms = previous.map_or(default_interval_ms, |p| sample.t_ms - p).max(0);
        previous = Some(sample.t_ms);
        if sample.rx.is_none() && sample.tx.is_none() {
            continue;
        }
        let bytes = |rate: Option<f32>| rate.map_or(0.0, |bps| f64::from(bps) * interval_ms as f64 / 8000.0);
        let day = days.entry(day_of(sample.t_ms)).or_default();
        day.0 += bytes(sample.rx);
        day.1 += bytes(sample.tx);
    }
    days
}

/// One point of an answer: a time and the average and maximum of RX and TX around it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub t_ms: i64,
    pub rx: Aggregate,
    pub tx: Aggregate,
}

impl Point {
    fn gap(t_ms: i64) -> Self {
        Self { t_ms, rx: Aggregate::default(), tx: Aggregate::default() }
    }
}

/// Readings as they are, for steps near the reading period. Where readings are missing (more
/// than two periods without one), a point with unknown rates is put in, so the chart breaks
/// its line there instead of drawing across.
pub fn raw_points(samples: &[Sample], period_ms: i64) -> Vec<Point> {
    let mut points = Vec::with_capacity(samples.len());
    let mut previous: Option<i64> = None;
    for sample in samples {
        if previous.is_some_and(|p| sample.t_ms - p > 2 * period_ms) {
            points.push(Point::gap(previous.unwrap_or_default() + period_ms));
        }
        previous = Some(sample.t_ms);
        points.push(Point::from(sample));
    }
    points
}

/// Every `step_ms` bucket from `from_ms` to `to_ms`, each with the average and maximum of the
/// values that fall in it; a bucket with none is a gap (unknown), never a zero.
pub fn buckets(values: &[Point], from_ms: i64, to_ms: i64, step_ms: i64) -> Vec<Point> {
    let first = bucket_start(from_ms, step_ms);
    let count = usize::try_from((to_ms - first).div_euclid(step_ms) + 1).unwrap_or(0);
    let mut sums = vec![(Accumulator::default(), Accumulator::default()); count];
    for value in values {
        let index = (value.t_ms - first).div_euclid(step_ms);
        if let Some((rx, tx)) = usize::try_from(index).ok().and_then(|i| sums.get_mut(i)) {
            rx.add(value.rx.avg, value.rx.max);
            tx.add(value.tx.avg, value.tx.max);
        }
    }
    sums.iter()
        .enumerate()
        .map(|(i, (rx, tx))| Point { t_ms: first + i as i64 * step_ms, rx: rx.finish(), tx: tx.finish() })
        .filter(|point| point.t_ms <= to_ms)
        .collect()
}

impl From<&Sample> for Point {
    fn from(sample: &Sample) -> Self {
        let exact = |rate: Option<f32>| Aggregate { avg: rate, max: rate };
        Self { t_ms: sample.t_ms, rx: exact(sample.rx), tx: exact(sample.tx) }
    }
}

impl From<&Minute> for Point {
    fn from(minute: &Minute) -> Self {
        Self { t_ms: minute.t_ms, rx: minute.rx, tx: minute.tx }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(t_ms: i64, rx: Option<f32>) -> Sample {
        Sample { t_ms, rx, tx: rx }
    }

    #[test]
    fn a_minute_of_unknown_rates_is_unknown_not_zero() {
        let minutes = minutes(&[sample(0, None), sample(5_000, None)]);
        assert_eq!(minutes.len(), 1);
        assert_eq!(minutes[0].rx, Aggregate { avg: None, max: None });
    }

    #[test]
    fn missing_readings_become_a_gap_point() {
        let points =
            raw_points(&[sample(0, Some(1.0)), sample(5_000, Some(1.0)), sample(60_000, Some(2.0))], 5_000);
        let times: Vec<i64> = points.iter().map(|p| p.t_ms).collect();
        assert_eq!(times, [0, 5_000, 10_000, 60_000]);
        assert_eq!(points[2].rx.avg, None);
    }

    #[test]
    fn an_empty_bucket_is_a_gap() {
        let values: Vec<Point> =
            [0, 120_000].iter().map(|&t| Point::from(&minutes(&[sample(t, Some(8.0))])[0])).collect();
        let points = buckets(&values, 0, 179_999, 60_000);
        assert_eq!(points.len(), 3);
        assert_eq!((points[0].rx.avg, points[1].rx.avg, points[2].rx.avg), (Some(8.0), None, Some(8.0)));
    }
}
