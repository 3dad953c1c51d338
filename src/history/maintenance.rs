//! Rollups and retention. Each series is rolled up an hour at a time, once the hour is over
//! and flushed: its readings become per-minute average and maximum and daily byte totals. The
//! same transaction advances the series' `rolled_until_ms` and deletes what retention drops,
//! and raw readings are never deleted above `rolled_until_ms`, so a rollup is always written
//! before its readings go, and a restart in the middle simply rolls the hour again.

use super::rollup::{bucket_start, bytes_by_day, minutes};
use super::{chunk, History, Sample, DAILY_RETENTION_DAYS, HOUR_MS, MINUTE_MS};
use crate::store::history::{Rollup, SeriesRow};
use crate::store::StoreError;

/// An hour is rolled up this long after it ends, once its last minute was flushed.
const GRACE_MS: i64 = 2 * MINUTE_MS;
/// Series-hours written per transaction: small enough never to hold the database for long.
const ROLLUPS_PER_TRANSACTION: usize = 256;

/// What retention keeps, as of one moment.
struct Cuts {
    raw_ms: i64,
    minute_ms: i64,
    day: String,
}

impl History {
    /// Rolls up every hour that is over (as of `now_ms`) and applies retention. Returns how
    /// many series-hours held readings.
    pub async fn maintain(&self, now_ms: i64) -> Result<usize, StoreError> {
        let _one_writer = self.inner.writer.lock().await;
        let retention = self.retention();
        let cuts = Cuts {
            raw_ms: retention.raw_since(now_ms),
            minute_ms: bucket_start(retention.minutes_since(now_ms), HOUR_MS),
            day: self.day_of(now_ms - DAILY_RETENTION_DAYS * 24 * HOUR_MS),
        };
        let all_ready_until = bucket_start(now_ms - GRACE_MS, HOUR_MS);
        let store = self.store();
        let (mut batch, mut rolled) = (Vec::new(), 0);
        for series in store.series_due(all_ready_until - HOUR_MS).await? {
            // Not the hour of a reading of it still waiting to be written (a failed write).
            let waiting = self.oldest_waiting(&series.router, &series.interface);
            let ready_until = all_ready_until.min(waiting.map_or(i64::MAX, |t| bucket_start(t, HOUR_MS)));
            let mut hour = series.rolled_until_ms;
            while hour + HOUR_MS <= ready_until {
                let next = store.next_raw_start(series.id, hour).await?;
                let rollup = match next {
                    Some(start) if start < hour + HOUR_MS => {
                        rolled += 1;
                        self.roll_hour(&series, hour, &cuts).await?
                    }
                    // Nothing recorded for a while: straight on to the next reading's hour.
                    _ => {
                        let to =
                            next.map_or(ready_until, |start| bucket_start(start, HOUR_MS).min(ready_until));
                        Rollup {
                            hour_ms: to - HOUR_MS,
                            minutes: None,
                            usage: Vec::new(),
                            ..cuts.apply(series.id)
                        }
                    }
                };
                hour = rollup.hour_ms + HOUR_MS;
                batch.push(rollup);
                if batch.len() >= ROLLUPS_PER_TRANSACTION {
                    store.write_rollups(&batch).await?;
                    batch.clear();
                }
            }
        }
        store.write_rollups(&batch).await?;
        Ok(rolled)
    }

    async fn roll_hour(&self, series: &SeriesRow, hour_ms: i64, cuts: &Cuts) -> Result<Rollup, StoreError> {
        let store = self.store();
        let samples = decode_chunks(series, store.raw_chunks(series.id, hour_ms, hour_ms + HOUR_MS).await?);
        let before = store.raw_chunk_before(series.id, hour_ms).await?.into_iter().collect();
        let previous = decode_chunks(series, before).last().map(|s| s.t_ms);
        let minutes = minutes(&samples);
        let usage = bytes_by_day(previous, &samples, self.period_ms(), |t| self.day_of(t));
        Ok(Rollup {
            hour_ms,
            minutes: (!minutes.is_empty()).then(|| chunk::encode_minutes(hour_ms, &minutes)),
            usage: usage.into_iter().map(|(day, (rx, tx))| (day, rx, tx)).collect(),
            ..cuts.apply(series.id)
        })
    }
}

impl Cuts {
    /// A rollup of nothing for `series_id` that carries these cuts.
    fn apply(&self, series_id: i64) -> Rollup {
        Rollup {
            series_id,
            hour_ms: 0,
            minutes: None,
            usage: Vec::new(),
            raw_cut_ms: self.raw_ms,
            minute_cut_ms: self.minute_ms,
            day_cut: self.day.clone(),
        }
    }
}

/// The readings of raw chunks in time order; a damaged chunk is logged and left out, never
/// allowed to stop the rollup of the others.
pub(super) fn decode_chunks(series: &SeriesRow, chunks: Vec<(i64, Vec<u8>)>) -> Vec<Sample> {
    let mut samples = Vec::new();
    for (start_ms, bytes) in chunks {
        match chunk::decode_raw(start_ms, &bytes) {
            Ok(decoded) => samples.extend(decoded),
            Err(error) => tracing::warn!(
                router = series.router,
                interface = series.interface,
                start_ms,
                %error,
                "a damaged history chunk is skipped"
            ),
        }
    }
    samples.sort_by_key(|s| s.t_ms);
    samples.dedup_by_key(|s| s.t_ms);
    samples
}
