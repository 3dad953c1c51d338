//! The embedded database: one SQLite file in the data directory, in WAL mode, migrated forward
//! at start. The rest of the program sees typed methods, never SQL.
//!
//! Safe by default: a data directory that cannot be used, a file that is not a database, a
//! database from a newer binary, or one that another server holds each stop the start with a
//! message that names the file, and nothing is written.

pub mod routers;
pub mod secret;

use std::fs::File;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use self::secret::SecretKey;

pub const DATA_DIR_ENV: &str = "ROUTEROS_TRAFFIC_DATA_DIR";
pub const DEFAULT_DATA_DIR: &str = "./data";
pub const DB_FILE: &str = "routeros-traffic.db";
const LOCK_FILE: &str = "server.lock";
/// How long a write waits for another process's (the command line's) to finish.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot use the data directory {path}: {reason}")]
    DataDir { path: PathBuf, reason: String },
    #[error("the secret key ({source_name}) is unusable: {reason}")]
    Key { source_name: String, reason: String },
    #[error("cannot open the database {path}: {reason}. Nothing was changed.")]
    Open { path: PathBuf, reason: String },
    #[error(
        "the database {path} is from a newer routeros-traffic (schema {found}; this binary knows \
         up to {known}). Upgrade the binary or restore a backup; nothing was changed."
    )]
    NewerThanBinary { path: PathBuf, found: i64, known: i64 },
    #[error("another routeros-traffic server is using {path}; stop it first")]
    Locked { path: PathBuf },
    #[error("cannot migrate the database {path}: {reason}")]
    Migrate { path: PathBuf, reason: String },
    #[error("{path} already exists; choose a new file for the backup")]
    BackupExists { path: PathBuf },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// The data directory, created with mode 0700 when missing.
pub fn data_dir(path: &Path) -> Result<PathBuf, StoreError> {
    let error = |reason: String| StoreError::DataDir { path: path.to_owned(), reason };
    std::fs::DirBuilder::new().recursive(true).mode(0o700).create(path).map_err(|e| error(e.to_string()))?;
    if !path.is_dir() {
        return Err(error("it is not a directory".to_owned()));
    }
    Ok(path.to_owned())
}

/// Held by the running server for its lifetime: a second server on the same data directory
/// is refused. The command line does not take it; it writes beside the server.
#[derive(Debug)]
pub struct ServerLock {
    _file: File,
}

impl ServerLock {
    pub fn acquire(data_dir: &Path) -> Result<Self, StoreError> {
        let path = data_dir.join(LOCK_FILE);
        let file = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| StoreError::DataDir { path: path.clone(), reason: e.to_string() })?;
        match file.try_lock() {
            Ok(()) => Ok(Self { _file: file }),
            Err(_) => Err(StoreError::Locked { path: data_dir.to_owned() }),
        }
    }
}

/// The database and the key its secrets are sealed with. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    key: std::sync::Arc<SecretKey>,
}

impl Store {
    /// Opens (creating when missing) the database in `data_dir` and migrates it forward.
    pub async fn open(data_dir: &Path, key: SecretKey) -> Result<Self, StoreError> {
        let path = data_dir.join(DB_FILE);
        let open_error = |reason: String| StoreError::Open { path: path.clone(), reason };
        let existed = path.exists();
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| open_error(e.to_string()))?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        // One connection: one writer, and the few reads are of a handful of rows.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| open_error(describe(&e, existed)))?;
        let store = Self { pool, path: path.clone(), key: std::sync::Arc::new(key) };
        store.check_integrity(existed).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key(&self) -> &SecretKey {
        &self.key
    }

    async fn check_integrity(&self, existed: bool) -> Result<(), StoreError> {
        let open_error = |reason: String| StoreError::Open { path: self.path.clone(), reason };
        let check: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| open_error(describe(&e, existed)))?;
        if check != "ok" {
            return Err(open_error(format!("it is damaged ({check})")));
        }
        Ok(())
    }

    /// The newest schema this database has, if it has any.
    pub async fn schema_version(&self) -> Result<Option<i64>, StoreError> {
        let has_table: Option<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await?;
        if has_table.is_none() {
            return Ok(None);
        }
        Ok(sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The newest schema this binary knows.
    pub fn known_schema_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let known = Self::known_schema_version();
        if let Some(found) = self.schema_version().await?.filter(|found| *found > known) {
            return Err(StoreError::NewerThanBinary { path: self.path.clone(), found, known });
        }
        MIGRATOR
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migrate { path: self.path.clone(), reason: e.to_string() })
    }

    /// Writes a consistent copy of the database to `to`, while the server may be running.
    pub async fn backup(&self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(StoreError::BackupExists { path: to.to_owned() });
        }
        sqlx::query("VACUUM INTO ?").bind(to.to_string_lossy().into_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// Closes the connection, checkpointing the WAL into the database file.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// What went wrong opening the file, in words: "not a database" is the common one.
fn describe(error: &sqlx::Error, existed: bool) -> String {
    let text = error.to_string();
    if existed && (text.contains("not a database") || text.contains("malformed")) {
        format!("it is not a routeros-traffic database, or it is damaged ({text})")
    } else {
        text
    }
}
