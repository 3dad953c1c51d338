//! The embedded database: one SQLite file in the data directory, in WAL mode, migrated forward
//! at start. The rest of the program sees typed methods, never SQL.
//!
//! Safe by default: a data directory that cannot be used, a file that is not a database, a
//! database from a newer binary, or one that another server holds each stop the start with a
//! message that names the file, and nothing is written.

pub mod history;
pub mod routers;
pub mod secret;
pub mod users;

use std::fs::File;
use std::os::unix::fs::DirBuilderExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool, SqlitePoolOptions,
    SqliteSynchronous,
};
use sqlx::Connection;

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
    #[error(
        "the secret key ({key}) is not the one this database's router passwords were sealed with: \
         use the server's ROUTEROS_TRAFFIC_SECRET_KEY or secret.key"
    )]
    WrongKey { key: String },
    #[error("{path} already exists; choose a new file for the backup")]
    BackupExists { path: PathBuf },
    #[error("database error: {0}")]
    Query(#[from] sqlx::Error),
}

/// Why a write of a named row (a router, a user, a token) did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("a {kind} named {name:?} already exists")]
    Duplicate { kind: &'static str, name: String },
    #[error("no {kind} named {name:?}")]
    Unknown { kind: &'static str, name: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for WriteError {
    fn from(error: sqlx::Error) -> Self {
        Self::Store(error.into())
    }
}

/// Now, as the tables' `created_at` and `updated_at` hold it.
fn now() -> String {
    humantime::format_rfc3339_millis(std::time::SystemTime::now()).to_string()
}

/// Whether a write failed on a `UNIQUE` column: a name that is taken.
fn is_unique_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.is_unique_violation())
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
    /// History's own connections: its long reads and batched writes never hold up a login.
    history_pool: SqlitePool,
    path: PathBuf,
    key: std::sync::Arc<SecretKey>,
    key_matches: bool,
}

impl Store {
    /// Opens (creating when missing) the database in `data_dir` and migrates it forward.
    pub async fn open(data_dir: &Path, key: SecretKey) -> Result<Self, StoreError> {
        let path = data_dir.join(DB_FILE);
        let open_error = |reason: String| StoreError::Open { path: path.clone(), reason };
        let options =
            SqliteConnectOptions::from_str("sqlite:").map_err(|e| open_error(e.to_string()))?.filename(&path);
        if path.exists() {
            // Read-only first: a file that is not ours, damaged or newer is refused before
            // anything (even the switch to WAL) writes to it.
            let mut conn = SqliteConnection::connect_with(&options.clone().read_only(true))
                .await
                .map_err(|e| open_error(describe(&e)))?;
            let checked = Self::check_existing(&mut conn, &path).await;
            conn.close().await.ok();
            checked?;
        }
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        // One connection: one writer, and the few reads are of a handful of rows.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await
            .map_err(|e| open_error(describe(&e)))?;
        MIGRATOR
            .run(&pool)
            .await
            .map_err(|e| StoreError::Migrate { path: path.clone(), reason: e.to_string() })?;
        // Two: the recorder's writes, and a page's read beside them (WAL readers never wait).
        let history_pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .map_err(|e| open_error(describe(&e)))?;
        let mut store =
            Self { pool, history_pool, path: path.clone(), key: std::sync::Arc::new(key), key_matches: true };
        store.key_matches = store.check_key().await?;
        if !store.key_matches {
            tracing::error!(path = %path.display(), key = %store.key.source(), "{}", StoreError::WrongKey { key: store.key.source().to_string() });
        }
        Ok(store)
    }

    /// Whether the secret key is the one this database first met: seals a check value the
    /// first time, and opens it every time after.
    async fn check_key(&self) -> Result<bool, StoreError> {
        const CHECK: &str = "key_check";
        let sealed: Option<Vec<u8>> = sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(CHECK)
            .fetch_optional(&self.pool)
            .await?;
        match sealed {
            Some(sealed) => Ok(self.key.open(CHECK, &sealed).is_ok()),
            None => {
                let sealed = self.key.seal(CHECK, "routeros-traffic");
                sqlx::query("INSERT INTO meta (key, value) VALUES (?, ?)")
                    .bind(CHECK)
                    .bind(sealed)
                    .execute(&self.pool)
                    .await?;
                Ok(true)
            }
        }
    }

    /// False when the secret key is not the one the stored passwords were sealed with.
    pub fn key_matches(&self) -> bool {
        self.key_matches
    }

    /// An existing file must be a sound SQLite database that is empty or ours, and no newer
    /// than this binary.
    async fn check_existing(conn: &mut SqliteConnection, path: &Path) -> Result<(), StoreError> {
        let open_error = |reason: String| StoreError::Open { path: path.to_owned(), reason };
        let check: String = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| open_error(describe(&e)))?;
        if check != "ok" {
            return Err(open_error(format!("it is damaged ({check})")));
        }
        let tables: Vec<String> = sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(&mut *conn)
            .await?;
        if tables.is_empty() {
            return Ok(());
        }
        if !tables.iter().any(|t| t == "_sqlx_migrations") {
            return Err(open_error("it is another program's SQLite database".to_owned()));
        }
        let found: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&mut *conn)
                .await?;
        let known = Self::known_schema_version();
        match found {
            Some(found) if found > known => {
                Err(StoreError::NewerThanBinary { path: path.to_owned(), found, known })
            }
            _ => Ok(()),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn key(&self) -> &SecretKey {
        &self.key
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

    /// Writes a consistent copy of the database in `data_dir` to `to` (mode 0600), while the
    /// server may be running. Reads only: it needs no key and migrates nothing.
    pub async fn backup(data_dir: &Path, to: &Path) -> Result<(), StoreError> {
        let path = data_dir.join(DB_FILE);
        if to.exists() {
            return Err(StoreError::BackupExists { path: to.to_owned() });
        }
        if !path.exists() {
            return Err(StoreError::Open { path, reason: "there is no database yet".to_owned() });
        }
        let options = SqliteConnectOptions::new().filename(&path).read_only(true).busy_timeout(BUSY_TIMEOUT);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .map_err(|e| StoreError::Open { path: path.clone(), reason: describe(&e) })?;
        let written = async {
            Self::check_existing(&mut conn, &path).await?;
            sqlx::query("VACUUM INTO ?").bind(to.to_string_lossy().into_owned()).execute(&mut conn).await?;
            std::fs::set_permissions(to, std::os::unix::fs::PermissionsExt::from_mode(0o600))
                .map_err(|e| StoreError::DataDir { path: to.to_owned(), reason: e.to_string() })
        }
        .await;
        conn.close().await.ok();
        written
    }

    /// Closes the connection, checkpointing the WAL into the database file.
    pub async fn close(&self) {
        self.history_pool.close().await;
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    fn history_pool(&self) -> &SqlitePool {
        &self.history_pool
    }
}

/// What went wrong opening the file, in words: "not a database" is the common one.
fn describe(error: &sqlx::Error) -> String {
    let text = error.to_string();
    if text.contains("not a database") || text.contains("malformed") {
        format!("it is not a routeros-traffic database, or it is damaged ({text})")
    } else {
        text
    }
}
