//! The history tables (`series`, `raw_chunks`, `minute_chunks`, `daily_usage`). Chunks go in
//! and out as blobs; src/history/chunk.rs knows what is in them. History has a connection
//! pool of its own, so a long read never holds up a login.

use sqlx::sqlite::SqliteRow;
use sqlx::{Executor, Row, Sqlite, Transaction};

use super::{Store, StoreError};

/// A series as the rollup sees it.
#[derive(Debug, Clone)]
pub struct SeriesRow {
    pub id: i64,
    pub router: String,
    pub interface: String,
    pub rolled_until_ms: i64,
}

/// What one rollup of one series' hour writes, in one transaction with its deletions.
#[derive(Debug, Clone)]
pub struct Rollup {
    pub series_id: i64,
    pub hour_ms: i64,
    /// The packed minutes of the hour; `None` when it had no reading.
    pub minutes: Option<Vec<u8>>,
    /// Bytes (RX, TX) to add per local day.
    pub usage: Vec<(String, f64, f64)>,
    /// Raw chunks older than this go (never past the rolled-up hour).
    pub raw_cut_ms: i64,
    pub minute_cut_ms: i64,
    pub day_cut: String,
}

const SERIES: &str = "SELECT id, router, interface, rolled_until_ms FROM series";

/// A chunk as stored: its key time (start or hour) and its blob.
pub type Chunk = (i64, Vec<u8>);

const RAW_CHUNKS: &str =
    "SELECT start_ms, samples FROM raw_chunks WHERE series_id = ? AND start_ms >= ? AND start_ms < ? ORDER BY start_ms";
const RAW_CHUNK_BEFORE: &str =
    "SELECT start_ms, samples FROM raw_chunks WHERE series_id = ? AND start_ms < ? ORDER BY start_ms DESC LIMIT 1";
const MINUTE_CHUNKS: &str =
    "SELECT hour_ms, minutes FROM minute_chunks WHERE series_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms";

fn chunk_row(row: &SqliteRow) -> Result<Chunk, StoreError> {
    Ok((row.try_get(0)?, row.try_get(1)?))
}

/// A series' chunks by `sql` (one of the queries above) in `[from_ms, to_ms)`, from the pool
/// or from within a transaction.
async fn chunks_in<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    sql: &'static str,
    series_id: i64,
    from_ms: i64,
    to_ms: i64,
) -> Result<Vec<Chunk>, StoreError> {
    let rows = sqlx::query(sql).bind(series_id).bind(from_ms).bind(to_ms).fetch_all(db).await?;
    rows.iter().map(chunk_row).collect()
}

/// The last raw chunk that starts before `before_ms`: where the reading before a time is.
async fn raw_chunk_before_in<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    series_id: i64,
    before_ms: i64,
) -> Result<Option<Chunk>, StoreError> {
    let row = sqlx::query(RAW_CHUNK_BEFORE).bind(series_id).bind(before_ms).fetch_optional(db).await?;
    row.as_ref().map(chunk_row).transpose()
}

/// Every series, or every series of one router.
async fn series_in<'e>(
    db: impl Executor<'e, Database = Sqlite>,
    router: Option<&str>,
) -> Result<Vec<SeriesRow>, StoreError> {
    let sql = format!("{SERIES} WHERE ?1 IS NULL OR router = ?1 ORDER BY id");
    series_rows(sqlx::query(&sql).bind(router).fetch_all(db).await?)
}

fn series_rows(rows: Vec<SqliteRow>) -> Result<Vec<SeriesRow>, StoreError> {
    rows.iter()
        .map(|row| {
            Ok(SeriesRow {
                id: row.try_get("id")?,
                router: row.try_get("router")?,
                interface: row.try_get("interface")?,
                rolled_until_ms: row.try_get("rolled_until_ms")?,
            })
        })
        .collect()
}

impl Store {
    /// The series' id, created (rolled up from the hour of `first_ms`) when it is new.
    pub async fn series_id(
        tx: &mut Transaction<'_, Sqlite>,
        router: &str,
        interface: &str,
        rolled_from_ms: i64,
    ) -> Result<i64, StoreError> {
        sqlx::query("INSERT OR IGNORE INTO series (router, interface, rolled_until_ms) VALUES (?, ?, ?)")
            .bind(router)
            .bind(interface)
            .bind(rolled_from_ms)
            .execute(&mut **tx)
            .await?;
        Ok(sqlx::query_scalar("SELECT id FROM series WHERE router = ? AND interface = ?")
            .bind(router)
            .bind(interface)
            .fetch_one(&mut **tx)
            .await?)
    }

    pub async fn begin_history(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.history_pool().begin().await?)
    }

    /// Writes raw chunks, `(series_id, start_ms, samples)`, a few hundred rows a statement.
    pub async fn write_raw_chunks(
        tx: &mut Transaction<'_, Sqlite>,
        chunks: &[(i64, i64, Vec<u8>)],
    ) -> Result<(), StoreError> {
        // Three parameters a row, well under SQLite's limit of 32,766 a statement.
        for rows in chunks.chunks(500) {
            let mut insert = sqlx::QueryBuilder::<Sqlite>::new(
                "INSERT OR REPLACE INTO raw_chunks (series_id, start_ms, samples) ",
            );
            insert.push_values(rows, |mut row, (id, start, samples)| {
                row.push_bind(*id).push_bind(*start).push_bind(samples.as_slice());
            });
            insert.build().execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// The router's series of these interface names, as (name, id, rolled up until).
    pub async fn series_named(&self, router: &str, names: &[String]) -> Result<Vec<SeriesRow>, StoreError> {
        Ok(self
            .all_series(Some(router))
            .await?
            .into_iter()
            .filter(|s| names.contains(&s.interface))
            .collect())
    }

    /// Every series, or every series of one router.
    pub async fn all_series(&self, router: Option<&str>) -> Result<Vec<SeriesRow>, StoreError> {
        series_in(self.history_pool(), router).await
    }

    /// The series rolled up only to `before_ms` or less: those with an hour to roll up.
    pub async fn series_due(&self, before_ms: i64) -> Result<Vec<SeriesRow>, StoreError> {
        let sql = format!("{SERIES} WHERE rolled_until_ms <= ? ORDER BY id");
        series_rows(sqlx::query(&sql).bind(before_ms).fetch_all(self.history_pool()).await?)
    }

    /// Raw chunks that start in `[from_ms, to_ms)`, in time order.
    pub async fn raw_chunks(
        &self,
        series_id: i64,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Chunk>, StoreError> {
        chunks_in(self.history_pool(), RAW_CHUNKS, series_id, from_ms, to_ms).await
    }

    /// The last raw chunk that starts before `before_ms`: where the reading before a time is.
    pub async fn raw_chunk_before(
        &self,
        series_id: i64,
        before_ms: i64,
    ) -> Result<Option<Chunk>, StoreError> {
        raw_chunk_before_in(self.history_pool(), series_id, before_ms).await
    }

    /// The start of the first raw chunk at or after `from_ms`: a rollup skips empty hours.
    pub async fn next_raw_start(&self, series_id: i64, from_ms: i64) -> Result<Option<i64>, StoreError> {
        Ok(sqlx::query_scalar("SELECT MIN(start_ms) FROM raw_chunks WHERE series_id = ? AND start_ms >= ?")
            .bind(series_id)
            .bind(from_ms)
            .fetch_one(self.history_pool())
            .await?)
    }

    /// Minute chunks of the hours in `[from_hour_ms, to_ms)`, in time order.
    pub async fn minute_chunks(
        &self,
        series_id: i64,
        from_hour_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<Chunk>, StoreError> {
        chunks_in(self.history_pool(), MINUTE_CHUNKS, series_id, from_hour_ms, to_ms).await
    }

    /// Writes rollups and applies retention, all or nothing: a restart in the middle leaves
    /// every series either before its hour or after it, never half-way, and bytes are never
    /// counted twice.
    pub async fn write_rollups(&self, rollups: &[Rollup]) -> Result<(), StoreError> {
        let mut tx = self.begin_history().await?;
        for rollup in rollups {
            let id = rollup.series_id;
            let next_hour = rollup.hour_ms + crate::history::HOUR_MS;
            if let Some(minutes) = &rollup.minutes {
                sqlx::query(
                    "INSERT OR REPLACE INTO minute_chunks (series_id, hour_ms, minutes) VALUES (?, ?, ?)",
                )
                .bind(id)
                .bind(rollup.hour_ms)
                .bind(minutes)
                .execute(&mut *tx)
                .await?;
            }
            for (day, rx, tx_bytes) in &rollup.usage {
                sqlx::query(
                    "INSERT INTO daily_usage (series_id, day, rx_bytes, tx_bytes) VALUES (?1, ?2, ?3, ?4) \
                     ON CONFLICT (series_id, day) DO UPDATE SET rx_bytes = rx_bytes + ?3, tx_bytes = tx_bytes + ?4",
                )
                .bind(id)
                .bind(day)
                .bind(rx)
                .bind(tx_bytes)
                .execute(&mut *tx)
                .await?;
            }
            sqlx::query("UPDATE series SET rolled_until_ms = ? WHERE id = ?")
                .bind(next_hour)
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM raw_chunks WHERE series_id = ? AND start_ms < ?")
                .bind(id)
                .bind(rollup.raw_cut_ms.min(next_hour))
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM minute_chunks WHERE series_id = ? AND hour_ms < ?")
                .bind(id)
                .bind(rollup.minute_cut_ms)
                .execute(&mut *tx)
                .await?;
            sqlx::query("DELETE FROM daily_usage WHERE series_id = ? AND day < ?")
                .bind(id)
                .bind(&rollup.day_cut)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// What the usage table is counted from, read in one transaction (one snapshot), so an
    /// hour rolled up meanwhile is counted once: the router's daily totals from `from_day` on
    /// as (interface, day, rx, tx), and per series its raw chunks not yet rolled up, with the
    /// chunk before them (the reading before the first).
    pub async fn usage_snapshot(&self, router: &str, from_day: &str) -> Result<UsageSnapshot, StoreError> {
        let mut tx = self.history_pool().begin().await?;
        let rows = sqlx::query(
            "SELECT s.interface, d.day, d.rx_bytes, d.tx_bytes FROM daily_usage d JOIN series s ON s.id = d.series_id \
             WHERE s.router = ? AND d.day >= ? ORDER BY s.interface, d.day",
        )
        .bind(router)
        .bind(from_day)
        .fetch_all(&mut *tx)
        .await?;
        let daily = rows
            .iter()
            .map(|row| Ok((row.try_get(0)?, row.try_get(1)?, row.try_get(2)?, row.try_get(3)?)))
            .collect::<Result<_, StoreError>>()?;
        let mut tails = Vec::new();
        for row in series_in(&mut *tx, Some(router)).await? {
            let chunks = chunks_in(&mut *tx, RAW_CHUNKS, row.id, row.rolled_until_ms, i64::MAX).await?;
            let before = raw_chunk_before_in(&mut *tx, row.id, row.rolled_until_ms).await?;
            tails.push(SeriesTail { before, chunks, row });
        }
        tx.commit().await?;
        Ok(UsageSnapshot { daily, tails })
    }
}

/// See [`Store::usage_snapshot`].
#[derive(Debug, Default)]
pub struct UsageSnapshot {
    pub daily: Vec<(String, String, f64, f64)>,
    pub tails: Vec<SeriesTail>,
}

/// A series' raw chunks not yet rolled up, and the chunk before them.
#[derive(Debug)]
pub struct SeriesTail {
    pub row: SeriesRow,
    pub before: Option<Chunk>,
    pub chunks: Vec<Chunk>,
}
