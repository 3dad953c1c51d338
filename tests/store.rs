//! The embedded database on a real SQLite file in a temporary data directory.

use routeros_traffic::fleet::settings::RouterSettings;
use routeros_traffic::model::RouterInput;
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::{data_dir, ServerLock, Store, StoreError, WriteError, DB_FILE};
use sqlx::Connection;

const PASSWORD: &str = "Rah4sia-sekali";

fn router(name: &str) -> RouterSettings {
    let input = RouterInput {
        name: name.to_owned(),
        host: "10.9.8.7".to_owned(),
        password: Some(PASSWORD.to_owned()),
        ..RouterInput::default()
    };
    RouterSettings::from_input(&input, None).unwrap()
}

/// A plain SQLite connection to `path`, as another program (or an older release) has one.
async fn raw_connection(path: &std::path::Path) -> sqlx::SqliteConnection {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path).create_if_missing(true);
    sqlx::SqliteConnection::connect_with(&options).await.unwrap()
}

async fn open(dir: &std::path::Path, key: u8) -> Result<Store, StoreError> {
    Store::open(dir, SecretKey::from_bytes([key; 32])).await
}

#[tokio::test]
async fn an_empty_directory_is_migrated_and_routers_survive_a_restart_sealed() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(&dir.path().join("data")).unwrap();
    let store = open(&data, 1).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), Some(Store::known_schema_version()));
    assert!(store.routers().await.unwrap().is_empty());
    store.add_router(&router("core-1")).await.unwrap();
    drop(store);

    let reopened = open(&data, 1).await.unwrap();
    let routers = reopened.routers().await.unwrap();
    assert_eq!(routers.len(), 1);
    assert_eq!(routers[0].settings, router("core-1"));
    assert!(routers[0].password.is_ok());
    reopened.close().await;
    let bytes = std::fs::read(data.join(DB_FILE)).unwrap();
    let wal = std::fs::read(data.join(format!("{DB_FILE}-wal"))).unwrap_or_default();
    for file in [&bytes, &wal] {
        assert!(
            !file.windows(PASSWORD.len()).any(|w| w == PASSWORD.as_bytes()),
            "the password is stored sealed"
        );
    }
}

#[tokio::test]
async fn a_wrong_key_leaves_the_router_listed_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    open(dir.path(), 1).await.unwrap().add_router(&router("core-1")).await.unwrap();
    let other = open(dir.path(), 2).await.unwrap();
    let routers = other.routers().await.unwrap();
    let error = routers[0].password.clone().unwrap_err();
    assert!(error.to_string().contains("cannot be decrypted"), "{error}");
    assert_eq!(routers[0].settings.password.expose(), "", "never a wrong password to log in with");
}

#[tokio::test]
async fn duplicates_and_unknown_names_are_their_own_errors() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1).await.unwrap();
    store.add_router(&router("a")).await.unwrap();
    assert!(matches!(store.add_router(&router("a")).await, Err(WriteError::Duplicate { .. })));
    store.add_router(&router("b")).await.unwrap();
    assert!(matches!(store.update_router("b", &router("a")).await, Err(WriteError::Duplicate { .. })));
    assert!(matches!(store.update_router("zz", &router("zz")).await, Err(WriteError::Unknown { .. })));
    store.update_router("b", &router("c")).await.unwrap();
    let names: Vec<String> = store.routers().await.unwrap().into_iter().map(|r| r.settings.name).collect();
    assert_eq!(names, ["a", "c"]);
    assert!(store.routers().await.unwrap()[1].password.is_ok(), "re-sealed under its new name");
    store.remove_router("a").await.unwrap();
    assert!(matches!(store.remove_router("a").await, Err(WriteError::Unknown { .. })));
}

#[tokio::test]
async fn a_database_from_a_newer_binary_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1).await.unwrap();
    store.add_router(&router("core-1")).await.unwrap();
    store.close().await;
    let path = dir.path().join(DB_FILE);
    // What a newer binary leaves behind: a migration this one does not know.
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (99999999999999, 'from the future', 1, x'00', 0)",
    )
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();

    let error = open(dir.path(), 1).await.err().expect("refused");
    let message = error.to_string();
    assert!(matches!(error, StoreError::NewerThanBinary { .. }), "{message}");
    assert!(
        message.contains(&path.display().to_string()) && message.contains("nothing was changed"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_by_name_and_kept() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let garbage = b"this is a spreadsheet, not a database\n".repeat(200);
    std::fs::write(&path, &garbage).unwrap();
    let error = open(dir.path(), 1).await.err().expect("refused");
    assert!(error.to_string().contains(&path.display().to_string()), "{error}");
    assert!(error.to_string().contains("not a routeros-traffic database"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn a_second_server_on_the_same_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let first = ServerLock::acquire(dir.path()).unwrap();
    let error = ServerLock::acquire(dir.path()).unwrap_err();
    assert!(error.to_string().contains("another routeros-traffic server"), "{error}");
    drop(first);
    ServerLock::acquire(dir.path()).expect("free again once the first is gone");
}

#[test]
fn a_data_directory_that_is_a_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("data");
    std::fs::write(&file, "").unwrap();
    let error = data_dir(&file).unwrap_err();
    assert!(error.to_string().contains(&file.display().to_string()), "{error}");
}

#[tokio::test]
async fn a_backup_is_a_consistent_copy_that_opens_as_a_store() {
    let dir = tempfile::tempdir().unwrap();
    let store = open(dir.path(), 1).await.unwrap();
    store.add_router(&router("core-1")).await.unwrap();
    let backup_dir = tempfile::tempdir().unwrap();
    let copy = backup_dir.path().join(DB_FILE);
    Store::backup(dir.path(), &copy).await.unwrap();
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&copy).unwrap().permissions());
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        matches!(Store::backup(dir.path(), &copy).await, Err(StoreError::BackupExists { .. })),
        "never overwritten"
    );
    let restored = open(backup_dir.path(), 1).await.unwrap();
    assert_eq!(restored.routers().await.unwrap()[0].settings, router("core-1"));
}

#[tokio::test]
async fn a_database_of_the_previous_schema_is_migrated_forward_with_its_routers() {
    let dir = tempfile::tempdir().unwrap();
    // The schema as the previous release left it: only the first migration.
    let previous = tempfile::tempdir().unwrap();
    std::fs::copy("migrations/0001_routers.sql", previous.path().join("0001_routers.sql")).unwrap();
    let path = dir.path().join(DB_FILE);
    let mut conn = raw_connection(&path).await;
    sqlx::migrate::Migrator::new(previous.path()).await.unwrap().run(&mut conn).await.unwrap();
    let key = SecretKey::from_bytes([1; 32]);
    sqlx::query(
        "INSERT INTO routers (name, host, port, user, password_sealed, created_at, updated_at) \
         VALUES ('old-1', '10.9.8.7', 8728, 'admin', ?, 'then', 'then')",
    )
    .bind(key.seal("old-1", PASSWORD))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();

    let store = Store::open(dir.path(), key).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), Some(Store::known_schema_version()));
    assert!(Store::known_schema_version() > 1);
    let routers = store.routers().await.unwrap();
    assert_eq!(routers[0].settings.name, "old-1");
    assert_eq!(routers[0].settings.password.expose(), PASSWORD);
    assert!(store.key_matches());
}

#[tokio::test]
async fn another_programs_sqlite_file_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(DB_FILE);
    let mut conn = raw_connection(&path).await;
    sqlx::query("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    let before = std::fs::read(&path).unwrap();
    let error = open(dir.path(), 1).await.err().expect("refused");
    assert!(error.to_string().contains("another program's SQLite database"), "{error}");
    assert_eq!(std::fs::read(&path).unwrap(), before, "not even switched to WAL");
    assert!(!dir.path().join(format!("{DB_FILE}-wal")).exists());
}

#[tokio::test]
async fn a_key_other_than_the_databases_is_noticed() {
    let dir = tempfile::tempdir().unwrap();
    assert!(open(dir.path(), 1).await.unwrap().key_matches());
    assert!(open(dir.path(), 1).await.unwrap().key_matches());
    assert!(!open(dir.path(), 2).await.unwrap().key_matches());
}
