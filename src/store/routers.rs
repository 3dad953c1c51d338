//! The `routers` table. Passwords are sealed before they are written and opened after they
//! are read; a password that does not open leaves the router listed, with the reason.

use sqlx::query::Query;
use sqlx::sqlite::{Sqlite, SqliteArguments};
use sqlx::Row;

use super::secret::Unsealable;
use super::{is_unique_violation, now, Store, StoreError, WriteError};
use crate::fleet::settings::RouterSettings;
use crate::routeros::tls::{parse_fingerprint, TlsVerification};
use crate::routeros::Password;

/// A stored router. `password` is an error when the key cannot open it.
#[derive(Debug, Clone)]
pub struct StoredRouter {
    pub settings: RouterSettings,
    pub password: Result<(), Unsealable>,
}

/// The columns a router is written with, in the order [`Store::bind_router`] binds them.
const ROUTER_COLUMNS: &str =
    "name, host, port, user, password_sealed, tls, tls_fingerprint, tls_ca_pem, tls_insecure_skip_verify";

fn tls_columns(tls: &Option<TlsVerification>) -> (bool, Option<String>, Option<String>, bool) {
    match tls {
        None => (false, None, None, false),
        Some(TlsVerification::Fingerprint(pin)) => (true, Some(hex::encode(pin)), None, false),
        Some(TlsVerification::CaPem(pem)) => (true, None, Some(pem.clone()), false),
        Some(TlsVerification::InsecureSkipVerify) => (true, None, None, true),
    }
}

impl Store {
    /// Every stored router, by name.
    pub async fn routers(&self) -> Result<Vec<StoredRouter>, StoreError> {
        let sql = format!("SELECT {ROUTER_COLUMNS} FROM routers ORDER BY name");
        let rows = sqlx::query(&sql).fetch_all(self.pool()).await?;
        rows.iter().map(|row| self.stored_router(row)).collect()
    }

    pub async fn router(&self, name: &str) -> Result<Option<StoredRouter>, StoreError> {
        Ok(self.routers().await?.into_iter().find(|r| r.settings.name == name))
    }

    fn stored_router(&self, row: &sqlx::sqlite::SqliteRow) -> Result<StoredRouter, StoreError> {
        let name: String = row.try_get("name")?;
        let sealed: Vec<u8> = row.try_get("password_sealed")?;
        let (password, opened) = match self.key().open(&name, &sealed) {
            Ok(password) => (Password::new(password), Ok(())),
            Err(error) => (Password::default(), Err(error)),
        };
        let tls = match (
            row.try_get::<bool, _>("tls")?,
            row.try_get::<Option<String>, _>("tls_fingerprint")?,
            row.try_get::<Option<String>, _>("tls_ca_pem")?,
            row.try_get::<bool, _>("tls_insecure_skip_verify")?,
        ) {
            (false, ..) => None,
            // A damaged pin pins nothing: the router then fails TLS in plain view, never falls
            // back to the plain API.
            (true, Some(pin), _, _) => {
                Some(TlsVerification::Fingerprint(parse_fingerprint(&pin).unwrap_or([0; 32])))
            }
            (true, None, Some(pem), _) => Some(TlsVerification::CaPem(pem)),
            (true, None, None, _) => Some(TlsVerification::InsecureSkipVerify),
        };
        let port: i64 = row.try_get("port")?;
        Ok(StoredRouter {
            settings: RouterSettings {
                name,
                host: row.try_get("host")?,
                port: u16::try_from(port).unwrap_or_default(),
                user: row.try_get("user")?,
                password,
                tls,
            },
            password: opened,
        })
    }

    /// `sql` with the router's columns bound first, in the order of [`ROUTER_COLUMNS`], the
    /// password sealed on the way.
    fn bind_router<'q>(
        &self,
        sql: &'q str,
        settings: &'q RouterSettings,
    ) -> Query<'q, Sqlite, SqliteArguments<'q>> {
        let (tls, fingerprint, ca_pem, insecure) = tls_columns(&settings.tls);
        sqlx::query(sql)
            .bind(&settings.name)
            .bind(&settings.host)
            .bind(i64::from(settings.port))
            .bind(&settings.user)
            .bind(self.key().seal(&settings.name, settings.password.expose()))
            .bind(tls)
            .bind(fingerprint)
            .bind(ca_pem)
            .bind(insecure)
    }

    pub async fn add_router(&self, settings: &RouterSettings) -> Result<(), WriteError> {
        let at = now();
        let sql = format!("INSERT INTO routers ({ROUTER_COLUMNS}, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        let result = self.bind_router(&sql, settings).bind(&at).bind(&at).execute(self.pool()).await;
        match result {
            Ok(_) => Ok(()),
            Err(error) if is_unique_violation(&error) => {
                Err(WriteError::Duplicate { kind: "router", name: settings.name.clone() })
            }
            Err(error) => Err(StoreError::from(error).into()),
        }
    }

    /// Replaces the router named `name` with `settings` (which may rename it).
    pub async fn update_router(&self, name: &str, settings: &RouterSettings) -> Result<(), WriteError> {
        let assignments: Vec<String> =
            ROUTER_COLUMNS.split(", ").map(|column| format!("{column} = ?")).collect();
        let sql = format!("UPDATE routers SET {}, updated_at = ? WHERE name = ?", assignments.join(", "));
        let result = self.bind_router(&sql, settings).bind(now()).bind(name).execute(self.pool()).await;
        match result {
            Ok(done) if done.rows_affected() == 0 => {
                Err(WriteError::Unknown { kind: "router", name: name.to_owned() })
            }
            Ok(_) => Ok(()),
            Err(error) if is_unique_violation(&error) => {
                Err(WriteError::Duplicate { kind: "router", name: settings.name.clone() })
            }
            Err(error) => Err(StoreError::from(error).into()),
        }
    }

    pub async fn remove_router(&self, name: &str) -> Result<(), WriteError> {
        let done = sqlx::query("DELETE FROM routers WHERE name = ?")
            .bind(name)
            .execute(self.pool())
            .await
            .map_err(StoreError::from)?;
        if done.rows_affected() == 0 {
            return Err(WriteError::Unknown { kind: "router", name: name.to_owned() });
        }
        Ok(())
    }
}
