//! The packed forms history is stored in, a blob per chunk (Gorilla's shape, simplified):
//!
//! - a raw chunk holds one series' readings of a flush: times as delta-of-delta varints (one
//!   byte for a reading on time), rates as two `f32` (an unknown rate is NaN). About 9.5 bytes
//!   per reading, against MikroDash's 270 per row.
//! - a minute chunk holds one series' hour: a bitmap of the minutes present, then average and
//!   maximum of RX and TX per present minute as `f32`. 16 bytes per minute.
//!
//! `f32` keeps seven significant digits of a rate, far below what a chart or a byte total can
//! show. Decoding never trusts the blob: a short or damaged one is an error, never a panic.

use super::{Aggregate, Minute, Sample, MINUTE_MS};

const RAW_FORMAT: u8 = 1;
const MINUTE_FORMAT: u8 = 1;
const MINUTES_PER_HOUR: usize = 60;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChunkError {
    #[error("the chunk ends early")]
    Truncated,
    #[error("unknown chunk format {0}")]
    Format(u8),
    #[error("the chunk's times are out of range")]
    TimeOutOfRange,
}

/// Packs `samples` (in time order) of a chunk whose key is `start_ms`, the first one's time.
pub fn encode_raw(start_ms: i64, samples: &[Sample]) -> Vec<u8> {
    let mut out = Vec::with_capacity(2 + samples.len() * 10);
    out.push(RAW_FORMAT);
    put_varint(&mut out, samples.len() as u64);
    let (mut previous_t, mut previous_delta) = (start_ms, 0i64);
    for sample in samples {
        let delta = sample.t_ms.wrapping_sub(previous_t);
        put_varint(&mut out, zigzag(delta.wrapping_sub(previous_delta)));
        put_rate(&mut out, sample.rx);
        put_rate(&mut out, sample.tx);
        (previous_t, previous_delta) = (sample.t_ms, delta);
    }
    out
}

pub fn decode_raw(start_ms: i64, bytes: &[u8]) -> Result<Vec<Sample>, ChunkError> {
    let mut reader = Reader(bytes);
    reader.format(RAW_FORMAT)?;
    let count = reader.varint()?;
    // Each sample takes at least 9 bytes: a count larger than the blob is damage.
    if count > (bytes.len() / 9) as u64 {
        return Err(ChunkError::Truncated);
    }
    let mut samples = Vec::with_capacity(count as usize);
    let (mut previous_t, mut previous_delta) = (start_ms, 0i64);
    for _ in 0..count {
        let delta =
            previous_delta.checked_add(unzigzag(reader.varint()?)).ok_or(ChunkError::TimeOutOfRange)?;
        let t_ms = previous_t.checked_add(delta).ok_or(ChunkError::TimeOutOfRange)?;
        samples.push(Sample { t_ms, rx: reader.rate()?, tx: reader.rate()? });
        (previous_t, previous_delta) = (t_ms, delta);
    }
    Ok(samples)
}

/// Packs the minutes of the hour starting at `hour_ms`; minutes outside it are left out.
pub fn encode_minutes(hour_ms: i64, minutes: &[Minute]) -> Vec<u8> {
    let mut slots: [Option<&Minute>; MINUTES_PER_HOUR] = [None; MINUTES_PER_HOUR];
    for minute in minutes {
        let index = (minute.t_ms - hour_ms).div_euclid(MINUTE_MS);
        if let Some(slot) = usize::try_from(index).ok().and_then(|i| slots.get_mut(i)) {
            *slot = Some(minute);
        }
    }
    let present =
        slots.iter().enumerate().filter(|(_, m)| m.is_some()).fold(0u64, |bits, (i, _)| bits | 1 << i);
    let mut out = Vec::with_capacity(9 + minutes.len() * 16);
    out.push(MINUTE_FORMAT);
    out.extend_from_slice(&present.to_le_bytes());
    for minute in slots.iter().flatten() {
        for aggregate in [minute.rx, minute.tx] {
            put_rate(&mut out, aggregate.avg);
            put_rate(&mut out, aggregate.max);
        }
    }
    out
}

pub fn decode_minutes(hour_ms: i64, bytes: &[u8]) -> Result<Vec<Minute>, ChunkError> {
    let mut reader = Reader(bytes);
    reader.format(MINUTE_FORMAT)?;
    let present = u64::from_le_bytes(reader.array()?);
    let mut minutes = Vec::with_capacity(present.count_ones() as usize);
    for index in (0..MINUTES_PER_HOUR).filter(|i| present & (1 << i) != 0) {
        let mut aggregate = || -> Result<Aggregate, ChunkError> {
            Ok(Aggregate { avg: reader.rate()?, max: reader.rate()? })
        };
        let rx = aggregate()?;
        let tx = aggregate()?;
        minutes.push(Minute { t_ms: hour_ms + index as i64 * MINUTE_MS, rx, tx });
    }
    Ok(minutes)
}

fn put_rate(out: &mut Vec<u8>, rate: Option<f32>) {
    out.extend_from_slice(&rate.unwrap_or(f32::NAN).to_le_bytes());
}

fn put_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    (value >> 1) as i64 ^ -((value & 1) as i64)
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ChunkError> {
        let (head, rest) = self.0.split_first_chunk::<N>().ok_or(ChunkError::Truncated)?;
        self.0 = rest;
        Ok(*head)
    }

    fn byte(&mut self) -> Result<u8, ChunkError> {
        Ok(self.array::<1>()?[0])
    }

    /// The leading format byte, which must be `expected`.
    fn format(&mut self, expected: u8) -> Result<(), ChunkError> {
        match self.byte()? {
            byte if byte == expected => Ok(()),
            other => Err(ChunkError::Format(other)),
        }
    }

    fn varint(&mut self) -> Result<u64, ChunkError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(ChunkError::TimeOutOfRange)
    }

    fn rate(&mut self) -> Result<Option<f32>, ChunkError> {
        let rate = f32::from_le_bytes(self.array()?);
        Ok((!rate.is_nan()).then_some(rate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_round_trips_the_extremes() {
        for value in [0, 1, -1, 5000, -5000, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(value)), value);
        }
    }

    #[test]
    fn a_reading_on_time_costs_nine_bytes() {
        let samples: Vec<Sample> =
            (0..12).map(|i| Sample { t_ms: 1_000_000 + i * 5000, rx: Some(1e6), tx: None }).collect();
        let bytes = encode_raw(1_000_000, &samples);
        // format + count + first delta (1) + second delta (2) + 10 × 1, and 8 bytes of rates each
        assert_eq!(bytes.len(), 2 + 12 * 8 + 1 + 2 + 10);
        assert_eq!(decode_raw(1_000_000, &bytes), Ok(samples));
    }
}
