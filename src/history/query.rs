//! Reading history back: the resolution and step chosen from the range, the series put
//! together from the database and the readings still in memory, and the usage table.

use std::collections::BTreeMap;

use super::maintenance::decode_chunks;
use super::rollup::{self, bucket_start, Point};
use super::{chunk, History, Minute, Sample, HOUR_MS, MINUTE_MS};
use crate::model::{
    ByteTotals, HistoryAnswer, HistoryPoint, HistorySeries, InterfaceUsage, Resolution, UsageAnswer,
};
use crate::store::history::SeriesRow;
use crate::store::StoreError;

/// The most points per series a request may ask for.
pub const MAX_POINTS: i64 = 100_000;
/// About how many points per series the server answers when no step is asked for.
pub const TARGET_POINTS: i64 = 2_000;
/// Interfaces per request.
pub const MAX_SERIES: usize = 64;
/// Points of all series together: an answer stays a few tens of megabytes at most.
pub const MAX_TOTAL_POINTS: i64 = 1_000_000;
/// Steps the server picks from (beyond these, whole days).
const STEPS_MS: [i64; 14] = [
    10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000,
    10_800_000, 21_600_000, 43_200_000,
];
const DAY_MS: i64 = 24 * HOUR_MS;
/// The times a request may name: 1970 to the end of 9999, as RFC 3339 writes them.
const EARLIEST_MS: i64 = 0;
const LATEST_MS: i64 = 253_402_300_799_999;

/// A history request, as `/api/history` and the dashboard ask it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRequest {
    pub router: String,
    pub names: Vec<String>,
    pub from_ms: i64,
    pub to_ms: i64,
    pub step_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("from is after to")]
    FromAfterTo,
    #[error("step_ms must be a positive number of milliseconds")]
    BadStep,
    #[error("from and to must be between the years 1970 and 9999")]
    OutOfRange,
    #[error("the range at this step is {points} points per series; at most {MAX_POINTS} may be asked for")]
    TooManyPoints { points: i64 },
    #[error(
        "{points} points in all; ask for fewer interfaces or a larger step (at most {MAX_TOTAL_POINTS})"
    )]
    TooManyInAll { points: i64 },
    #[error("name at least one interface (name=...)")]
    NoInterface,
    #[error("at most {MAX_SERIES} interfaces per request")]
    TooManyInterfaces,
}

/// How an answer is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub resolution: Resolution,
    pub step_ms: i64,
    /// Readings as they are (the step is the reading period), rather than buckets.
    pub readings: bool,
}

impl HistoryRequest {
    /// Checks the request and chooses its resolution: single readings while the step is under
    /// a minute and the range is still within raw retention, per-minute data otherwise.
    pub fn plan(&self, period_ms: i64, raw_since_ms: i64) -> Result<Plan, QueryError> {
        if self.names.is_empty() {
            return Err(QueryError::NoInterface);
        }
        if self.names.len() > MAX_SERIES {
            return Err(QueryError::TooManyInterfaces);
        }
        if !(EARLIEST_MS..=LATEST_MS).contains(&self.from_ms)
            || !(EARLIEST_MS..=LATEST_MS).contains(&self.to_ms)
        {
            return Err(QueryError::OutOfRange);
        }
        if self.from_ms > self.to_ms {
            return Err(QueryError::FromAfterTo);
        }
        let span = self.to_ms - self.from_ms;
        let step = match self.step_ms {
            Some(step) if !(1..=LATEST_MS).contains(&step) => return Err(QueryError::BadStep),
            // Refused as asked for, and (below) as it would be answered.
            Some(step) if span / step + 1 > MAX_POINTS => {
                return Err(QueryError::TooManyPoints { points: span / step + 1 })
            }
            Some(step) => step,
            None => pick_step(span, period_ms),
        };
        let step = step.max(period_ms);
        let plan = if step < MINUTE_MS && self.from_ms >= raw_since_ms {
            let readings = step < 2 * period_ms;
            let step_ms = if readings { period_ms } else { step };
            Plan { resolution: Resolution::Raw, step_ms, readings }
        } else {
            Plan { resolution: Resolution::Minute, step_ms: round_up(step, MINUTE_MS), readings: false }
        };
        // Counted as answered: buckets start on a multiple of the step, before `from`.
        let points = (self.to_ms - bucket_start(self.from_ms, plan.step_ms)) / plan.step_ms + 1;
        if points > MAX_POINTS {
            return Err(QueryError::TooManyPoints { points });
        }
        if points * self.names.len() as i64 > MAX_TOTAL_POINTS {
            return Err(QueryError::TooManyInAll { points: points * self.names.len() as i64 });
        }
        Ok(plan)
    }
}

/// The reading period, or else the smallest tidy step that gives at most [`TARGET_POINTS`]
/// over `span_ms`.
fn pick_step(span_ms: i64, period_ms: i64) -> i64 {
    let least = round_up(span_ms, TARGET_POINTS) / TARGET_POINTS;
    if least <= period_ms {
        return period_ms;
    }
    STEPS_MS.into_iter().find(|&step| step >= least).unwrap_or_else(|| round_up(least, DAY_MS))
}

/// `value` (≥ 0) rounded up to a multiple of `unit`.
fn round_up(value: i64, unit: i64) -> i64 {
    (value + unit - 1).div_euclid(unit) * unit
}

impl History {
    /// The history `request` asks for, as of `now_ms`.
    pub async fn query(
        &self,
        request: &HistoryRequest,
        now_ms: i64,
    ) -> Result<Result<HistoryAnswer, QueryError>, StoreError> {
        let raw_since = self.retention().raw_since(now_ms);
        let plan = match request.plan(self.period_ms(), raw_since) {
            Ok(plan) => plan,
            Err(error) => return Ok(Err(error)),
        };
        let stored = self.store().series_named(&request.router, &request.names).await?;
        let mut series = Vec::with_capacity(request.names.len());
        for name in &request.names {
            let row = stored.iter().find(|s| &s.interface == name);
            let (from, to) = (request.from_ms, request.to_ms);
            let points = match plan.resolution {
                Resolution::Raw => {
                    let samples = self.samples(&request.router, name, row, from, to).await?;
                    match plan.readings {
                        true => rollup::raw_points(&samples, plan.step_ms),
                        false => rollup::buckets(
                            &samples.iter().map(Point::from).collect::<Vec<_>>(),
                            from,
                            to,
                            plan.step_ms,
                        ),
                    }
                }
                Resolution::Minute => {
                    let minutes = self.minutes(&request.router, name, row, from, to).await?;
                    let values: Vec<Point> = minutes.iter().map(Point::from).collect();
                    rollup::buckets(&values, from, to, plan.step_ms)
                }
            };
            series.push(series_of(name, &points, plan.readings));
        }
        Ok(Ok(HistoryAnswer {
            router: request.router.clone(),
            from_ms: request.from_ms,
            to_ms: request.to_ms,
            step_ms: plan.step_ms,
            resolution: plan.resolution,
            series,
        }))
    }

    /// Every reading of a series in `[from_ms, to_ms]`, stored or still in memory.
    async fn samples(
        &self,
        router: &str,
        name: &str,
        row: Option<&SeriesRow>,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Sample>, StoreError> {
        // Memory first: readings only move from memory to the database, and leave memory
        // once written, so reading in this order misses none that a flush moves meanwhile.
        let mut samples = self.waiting_samples(router, name, from_ms, to_ms);
        // A series first written since its row was looked up: look again, after memory.
        let found;
        let row = match row {
            Some(row) => Some(row),
            None => {
                found = self.store().series_named(router, &[name.to_owned()]).await?;
                found.first()
            }
        };
        if let Some(row) = row {
            let from = bucket_start(from_ms, MINUTE_MS);
            let stored =
                decode_chunks(row, self.store().raw_chunks(row.id, from, to_ms.saturating_add(1)).await?);
            samples.extend(stored.into_iter().filter(|s| (from_ms..=to_ms).contains(&s.t_ms)));
        }
        samples.sort_by_key(|s| s.t_ms);
        samples.dedup_by_key(|s| s.t_ms);
        Ok(samples)
    }

    /// Per-minute data of a series in `[from_ms, to_ms]`: rolled-up hours from the database,
    /// and the hours not yet rolled up computed from their readings.
    async fn minutes(
        &self,
        router: &str,
        name: &str,
        row: Option<&SeriesRow>,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Minute>, StoreError> {
        let rolled_until = row.map_or(i64::MIN, |r| r.rolled_until_ms);
        let mut minutes = Vec::new();
        if let Some(row) = row.filter(|_| from_ms < rolled_until) {
            let to = to_ms.saturating_add(1).min(rolled_until);
            for (hour_ms, bytes) in
                self.store().minute_chunks(row.id, bucket_start(from_ms, HOUR_MS), to).await?
            {
                match chunk::decode_minutes(hour_ms, &bytes) {
                    Ok(decoded) => minutes.extend(decoded),
                    Err(error) => {
                        tracing::warn!(router, interface = name, hour_ms, %error, "a damaged history chunk is skipped")
                    }
                }
            }
        }
        let tail_from = bucket_start(from_ms.max(rolled_until), MINUTE_MS);
        if tail_from <= to_ms {
            minutes.extend(rollup::minutes(&self.samples(router, name, row, tail_from, to_ms).await?));
        }
        minutes.retain(|m| m.t_ms >= bucket_start(from_ms, MINUTE_MS) && m.t_ms <= to_ms);
        Ok(minutes)
    }

    /// Bytes per interface of `router` today, yesterday and this month (the server's days).
    pub async fn usage(&self, router: &str, now_ms: i64) -> Result<UsageAnswer, StoreError> {
        let today = self.local_date(now_ms).unwrap_or_default();
        let yesterday = today.yesterday().unwrap_or(today);
        let month_start = today.first_of_month();
        let (today_s, yesterday_s) = (today.to_string(), yesterday.to_string());
        let month_prefix = today_s[..7].to_owned();
        let from_day = yesterday.min(month_start).to_string();

        // Memory first, then one snapshot of the database (see `samples`).
        let mut waiting = self.waiting_by_interface(router);
        let snapshot = self.store().usage_snapshot(router, &from_day).await?;
        let mut by_day: BTreeMap<String, BTreeMap<String, (f64, f64)>> = BTreeMap::new();
        let mut add = |name: &str, day: String, rx: f64, tx: f64| {
            let totals = by_day.entry(name.to_owned()).or_default().entry(day).or_default();
            totals.0 += rx;
            totals.1 += tx;
        };
        for (name, day, rx, tx) in snapshot.daily {
            add(&name, day, rx, tx);
        }
        // Hours not rolled up yet are counted from their readings, stored or still waiting.
        let mut tails: Vec<(String, Option<i64>, Vec<Sample>)> = Vec::new();
        for tail in snapshot.tails {
            let rolled_until = tail.row.rolled_until_ms;
            let previous = decode_chunks(&tail.row, tail.before.into_iter().collect()).last().map(|s| s.t_ms);
            let mut samples = decode_chunks(&tail.row, tail.chunks);
            samples.extend(
                waiting
                    .remove(&tail.row.interface)
                    .unwrap_or_default()
                    .into_iter()
                    .filter(|s| s.t_ms >= rolled_until),
            );
            tails.push((tail.row.interface, previous, samples));
        }
        tails.extend(waiting.into_iter().map(|(name, samples)| (name, None, samples)));
        for (name, previous, mut samples) in tails {
            samples.retain(|s| s.t_ms <= now_ms);
            samples.sort_by_key(|s| s.t_ms);
            samples.dedup_by_key(|s| s.t_ms);
            for (day, (rx, tx)) in
                rollup::bytes_by_day(previous, &samples, self.period_ms(), |t| self.day_of(t))
            {
                add(&name, day, rx, tx);
            }
        }
        let sum = |days: &BTreeMap<String, (f64, f64)>, keep: &dyn Fn(&str) -> bool| {
            let (rx, tx) =
                days.iter().filter(|(day, _)| keep(day)).fold((0.0, 0.0), |a, (_, b)| (a.0 + b.0, a.1 + b.1));
            ByteTotals { rx_bytes: rx.round() as u64, tx_bytes: tx.round() as u64 }
        };
        let interfaces = by_day
            .iter()
            .map(|(name, days)| InterfaceUsage {
                name: name.clone(),
                today: sum(days, &|day| day == today_s),
                yesterday: sum(days, &|day| day == yesterday_s),
                month: sum(days, &|day| day.starts_with(&month_prefix)),
            })
            .collect();
        Ok(UsageAnswer {
            router: router.to_owned(),
            today: today_s,
            yesterday: yesterday_s,
            month: month_prefix,
            interfaces,
        })
    }
}

/// A rate as the answer writes it: to a tenth of a bit per second, beyond what `f32` keeps.
fn rate(value: Option<f32>) -> Option<f64> {
    value.map(|v| (f64::from(v) * 10.0).round() / 10.0)
}

fn series_of(name: &str, points: &[Point], readings: bool) -> HistorySeries {
    HistorySeries {
        name: name.to_owned(),
        points: points.iter().map(|p| HistoryPoint(p.t_ms, rate(p.rx.avg), rate(p.tx.avg))).collect(),
        max: match readings {
            true => Vec::new(),
            false => points.iter().map(|p| (rate(p.rx.max), rate(p.tx.max))).collect(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(from_ms: i64, to_ms: i64, step_ms: Option<i64>) -> HistoryRequest {
        HistoryRequest { router: "r".into(), names: vec!["ether1".into()], from_ms, to_ms, step_ms }
    }

    #[test]
    fn the_range_picks_the_resolution() {
        let now = 100 * DAY_MS;
        let raw_since = now - DAY_MS;
        let plan = |span: i64| request(now - span, now, None).plan(5_000, raw_since).unwrap();
        // An hour: every reading.
        assert_eq!(plan(HOUR_MS), Plan { resolution: Resolution::Raw, step_ms: 5_000, readings: true });
        // Six hours: 15 s buckets of readings.
        assert_eq!(plan(6 * HOUR_MS), Plan { resolution: Resolution::Raw, step_ms: 15_000, readings: false });
        // A day and more: minutes.
        assert_eq!(plan(DAY_MS).resolution, Resolution::Minute);
        assert_eq!(plan(30 * DAY_MS).step_ms, 30 * 60_000);
        // A short span beyond raw retention: minutes.
        let old = request(now - 3 * DAY_MS, now - 3 * DAY_MS + 600_000, None).plan(5_000, raw_since).unwrap();
        assert_eq!((old.resolution, old.step_ms), (Resolution::Minute, 60_000));
    }

    #[test]
    fn bad_requests_are_refused() {
        assert_eq!(request(10, 0, None).plan(5_000, 0), Err(QueryError::FromAfterTo));
        assert_eq!(request(0, 10, Some(0)).plan(5_000, 0), Err(QueryError::BadStep));
        // As asked for, and as answered: readings at the 5 s period for a 9 s step.
        let too_many = Err(QueryError::TooManyPoints { points: MAX_POINTS + 1 });
        assert_eq!(request(0, MAX_POINTS * 1_000, Some(1_000)).plan(5_000, 0), too_many);
        assert_eq!(request(0, MAX_POINTS * 5_000, Some(9_000)).plan(5_000, 0), too_many);
        assert!(request(1, MAX_POINTS * 5_000 - 1, Some(9_000)).plan(5_000, 0).is_ok());
        // Nor too much in all: eleven interfaces of 100,000 points each.
        let eleven = HistoryRequest {
            names: (0..11).map(|i| format!("e{i}")).collect(),
            ..request(0, (MAX_POINTS - 1) * 5_000, None)
        };
        let many = HistoryRequest { step_ms: Some(5_000), ..eleven };
        assert_eq!(many.plan(5_000, 0), Err(QueryError::TooManyInAll { points: 11 * MAX_POINTS }));
        // The extremes a hostile client may send never overflow.
        for (from, to, step) in
            [(i64::MIN, 0, None), (0, i64::MAX, None), (0, 1, Some(i64::MAX)), (-1, 0, None)]
        {
            assert!(request(from, to, step).plan(5_000, 0).is_err(), "{from} {to} {step:?}");
        }
        assert!(request(0, LATEST_MS, None).plan(5_000, 0).is_ok(), "the whole range, at a step of days");
        let none = HistoryRequest { names: vec![], ..request(0, 1, None) };
        assert_eq!(none.plan(5_000, 0), Err(QueryError::NoInterface));
    }
}
