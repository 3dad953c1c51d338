//! Managing operators from the page: an admin adds, removes, re-roles and resets users; every
//! user changes their own password. The same checks as the command line.

use crate::auth::passwords;
use crate::error::{AppError, Conflict};
use crate::fleet::settings::check_name;
use crate::model::{FieldError, FieldProblem, Role, UserInfo, Viewer};
use crate::server::AppState;

fn field(field: &str, problem: FieldProblem) -> AppError {
    AppError::InvalidFields(vec![FieldError::new(field, problem)])
}

/// An Argon2id hash of a new password, off the async runtime.
async fn new_hash(password: String) -> Result<String, AppError> {
    passwords::check_new(&password).map_err(|problem| field("password", problem))?;
    tokio::task::spawn_blocking(move || passwords::hash(&password))
        .await
        .map_err(|_| AppError::Transport("hashing the password failed".to_owned()))
}

impl AppState {
    pub async fn list_users(&self, viewer: Option<&Viewer>) -> Result<Vec<UserInfo>, AppError> {
        Self::require_admin(viewer)?;
        let users = self.fleet.store().users().await?;
        Ok(users.into_iter().map(|u| UserInfo { name: u.name, role: u.role }).collect())
    }

    /// Adds `name`, or changes its role and (when given) its password; its sessions end.
    pub async fn save_user(
        &self,
        viewer: Option<&Viewer>,
        name: &str,
        role: Role,
        password: Option<String>,
    ) -> Result<(), AppError> {
        Self::require_admin(viewer)?;
        check_name(name).map_err(|problem| field("name", problem))?;
        let store = self.fleet.store();
        let exists = store.users().await?.iter().any(|u| u.name == name);
        if viewer.and_then(|v| v.name.as_deref()) == Some(name) && role != Role::Admin {
            return Err(field("role", FieldProblem::OwnAdminRole));
        }
        match (exists, password) {
            (false, None) => return Err(field("password", FieldProblem::Required)),
            (false, Some(password)) => store.add_user(name, role, &new_hash(password).await?).await?,
            (true, password) => {
                let hash = match password {
                    Some(password) => Some(new_hash(password).await?),
                    None => None,
                };
                store.update_user(name, Some(role), hash.as_deref()).await?;
            }
        }
        self.logins.forget_everyone();
        self.refresh_users().await?;
        Ok(())
    }

    pub async fn remove_user(&self, viewer: Option<&Viewer>, name: &str) -> Result<(), AppError> {
        Self::require_admin(viewer)?;
        if viewer.and_then(|v| v.name.as_deref()) == Some(name) {
            return Err(AppError::Conflict(Conflict::RemoveYourself));
        }
        self.fleet.store().remove_user(name).await?;
        self.logins.forget_everyone();
        self.refresh_users().await?;
        Ok(())
    }

    /// A logged-in user's new password, when `current` is right.
    pub async fn change_own_password(
        &self,
        viewer: Option<&Viewer>,
        current: String,
        new: String,
    ) -> Result<(), AppError> {
        let Some(name) = viewer.filter(|v| !v.by_token).and_then(|v| v.name.clone()) else {
            return Err(AppError::BadRequest("log in (not with a token) to change your password".to_owned()));
        };
        // The same guessing limit as the login: this checks a password too.
        let keys = [format!("user {name}")];
        let attempted_at = tokio::time::Instant::now();
        if self.logins.throttle.wait(&keys, attempted_at).is_some() {
            return Err(field("current", FieldProblem::TooManyWrongPasswords));
        }
        self.logins.throttle.attempt(&keys, attempted_at);
        let store = self.fleet.store();
        let Some((_, hash)) = store.user_with_hash(&name).await? else {
            // Removed meanwhile: its sessions are over.
            return Err(AppError::Unauthorized);
        };
        let right =
            tokio::task::spawn_blocking(move || passwords::verify(&current, &hash)).await.unwrap_or(false);
        if !right {
            return Err(field("current", FieldProblem::NotCurrentPassword));
        }
        self.logins.throttle.succeeded(&keys, attempted_at);
        store.update_user(&name, None, Some(&new_hash(new).await?)).await?;
        self.logins.forget_everyone();
        Ok(())
    }
}
