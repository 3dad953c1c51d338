-- Traffic history. A series is one interface of one router, by name, so a PPPoE customer who
-- reconnects (new .id, same name) continues the same series. Samples are kept in packed
-- chunks (see src/history/chunk.rs), never a row per sample:
-- - raw_chunks: every reading at the cache period, one row per series per flush (a minute);
-- - minute_chunks: per-minute average and maximum, one row per series per hour;
-- - daily_usage: bytes per series per day (the server's local day).
-- `rolled_until_ms` is how far the series' raw samples have been rolled up: raw chunks are
-- deleted only below it, so rollups are always written before anything is deleted.
CREATE TABLE series (
    id INTEGER PRIMARY KEY,
    router TEXT NOT NULL,
    interface TEXT NOT NULL,
    rolled_until_ms INTEGER NOT NULL,
    UNIQUE (router, interface)
);

CREATE TABLE raw_chunks (
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    start_ms INTEGER NOT NULL,
    samples BLOB NOT NULL,
    PRIMARY KEY (series_id, start_ms)
) WITHOUT ROWID;

CREATE TABLE minute_chunks (
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    hour_ms INTEGER NOT NULL,
    minutes BLOB NOT NULL,
    PRIMARY KEY (series_id, hour_ms)
) WITHOUT ROWID;

CREATE TABLE daily_usage (
    series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
    day TEXT NOT NULL,
    rx_bytes REAL NOT NULL,
    tx_bytes REAL NOT NULL,
    PRIMARY KEY (series_id, day)
) WITHOUT ROWID;
