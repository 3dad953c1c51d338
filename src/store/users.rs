//! The `users`, `sessions` and `tokens` tables. Password hashes come in finished (Argon2id
//! PHC strings); session ids and tokens arrive as their SHA-256 hashes: nothing here can log
//! anyone in by itself.

use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::{is_unique_violation, now, Store, StoreError, WriteError};
use crate::model::Role;

/// A user as listed: never the password hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub name: String,
    pub role: Role,
}

/// A token as listed: its name and role, never the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub name: String,
    pub role: Role,
    pub created_at: String,
}

fn role(text: &str) -> Role {
    // The table's CHECK allows only the two.
    Role::parse(text).unwrap_or(Role::Viewer)
}

/// A user from a row with `name` and `role`.
fn user_of(row: &SqliteRow) -> Result<User, sqlx::Error> {
    Ok(User { name: row.try_get("name")?, role: role(&row.try_get::<String, _>("role")?) })
}

impl Store {
    pub async fn user_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(self.pool()).await?)
    }

    pub async fn users(&self) -> Result<Vec<User>, StoreError> {
        let rows = sqlx::query("SELECT name, role FROM users ORDER BY name").fetch_all(self.pool()).await?;
        rows.iter().map(|row| Ok(user_of(row)?)).collect()
    }

    pub async fn add_user(&self, name: &str, role: Role, password_hash: &str) -> Result<(), WriteError> {
        let result =
            sqlx::query("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)")
                .bind(name)
                .bind(role.as_str())
                .bind(password_hash)
                .bind(now())
                .execute(self.pool())
                .await;
        match result {
            Err(error) if is_unique_violation(&error) => {
                Err(WriteError::Duplicate { kind: "user", name: name.to_owned() })
            }
            other => other.map(drop).map_err(Into::into),
        }
    }

    /// Removes a user and, with them, their sessions.
    pub async fn remove_user(&self, name: &str) -> Result<(), WriteError> {
        let done = sqlx::query("DELETE FROM users WHERE name = ?").bind(name).execute(self.pool()).await?;
        match done.rows_affected() {
            0 => Err(WriteError::Unknown { kind: "user", name: name.to_owned() }),
            _ => Ok(()),
        }
    }

    /// Sets a user's password hash and role; ends every session they had.
    pub async fn update_user(
        &self,
        name: &str,
        role: Option<Role>,
        password_hash: Option<&str>,
    ) -> Result<(), WriteError> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE users SET role = COALESCE(?, role), password_hash = COALESCE(?, password_hash) WHERE name = ?",
        )
        .bind(role.map(Role::as_str))
        .bind(password_hash)
        .bind(name)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(WriteError::Unknown { kind: "user", name: name.to_owned() });
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)")
            .bind(name)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A user and their password hash, for a login.
    pub async fn user_with_hash(&self, name: &str) -> Result<Option<(User, String)>, StoreError> {
        let row = sqlx::query("SELECT name, role, password_hash FROM users WHERE name = ?")
            .bind(name)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            let user = user_of(&row)?;
            Ok((user, row.try_get("password_hash")?))
        })
        .transpose()
    }

    pub async fn create_session(&self, user: &str, id_hash: &[u8], now_s: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, created_at, last_seen) \
             SELECT ?, id, ?, ? FROM users WHERE name = ?",
        )
        .bind(id_hash)
        .bind(now_s)
        .bind(now_s)
        .bind(user)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The user of a session seen within `idle_s` seconds; the session's last use moves to
    /// `now_s`. Expired sessions are deleted on the way.
    pub async fn session_user(
        &self,
        id_hash: &[u8],
        now_s: i64,
        idle_s: i64,
    ) -> Result<Option<User>, StoreError> {
        sqlx::query("DELETE FROM sessions WHERE last_seen < ?")
            .bind(now_s - idle_s)
            .execute(self.pool())
            .await?;
        let row = sqlx::query(
            "SELECT users.name, users.role FROM sessions JOIN users ON users.id = sessions.user_id WHERE id_hash = ?",
        )
        .bind(id_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        sqlx::query("UPDATE sessions SET last_seen = ? WHERE id_hash = ?")
            .bind(now_s)
            .bind(id_hash)
            .execute(self.pool())
            .await?;
        Ok(Some(user_of(&row)?))
    }

    pub async fn delete_session(&self, id_hash: &[u8]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?").bind(id_hash).execute(self.pool()).await?;
        Ok(())
    }

    pub async fn add_token(&self, name: &str, role: Role, token_hash: &[u8]) -> Result<(), WriteError> {
        let result =
            sqlx::query("INSERT INTO tokens (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)")
                .bind(name)
                .bind(role.as_str())
                .bind(token_hash)
                .bind(now())
                .execute(self.pool())
                .await;
        match result {
            Err(error) if is_unique_violation(&error) => {
                Err(WriteError::Duplicate { kind: "token", name: name.to_owned() })
            }
            other => other.map(drop).map_err(Into::into),
        }
    }

    pub async fn tokens(&self) -> Result<Vec<TokenInfo>, StoreError> {
        let rows = sqlx::query("SELECT name, role, created_at FROM tokens ORDER BY name")
            .fetch_all(self.pool())
            .await?;
        rows.iter()
            .map(|row| {
                Ok(TokenInfo {
                    name: row.try_get("name")?,
                    role: role(&row.try_get::<String, _>("role")?),
                    created_at: row.try_get("created_at")?,
                })
            })
            .collect()
    }

    pub async fn remove_token(&self, name: &str) -> Result<(), WriteError> {
        let done = sqlx::query("DELETE FROM tokens WHERE name = ?").bind(name).execute(self.pool()).await?;
        match done.rows_affected() {
            0 => Err(WriteError::Unknown { kind: "token", name: name.to_owned() }),
            _ => Ok(()),
        }
    }

    /// The name and role of the token whose hash is `token_hash`.
    pub async fn token_user(&self, token_hash: &[u8]) -> Result<Option<User>, StoreError> {
        let row = sqlx::query("SELECT name, role FROM tokens WHERE token_hash = ?")
            .bind(token_hash)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.as_ref().map(user_of).transpose()?)
    }
}
