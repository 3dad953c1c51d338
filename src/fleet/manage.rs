//! Adding, changing, removing and testing routers: the one place the page, the JSON API and
//! the command line go through, so each checks and stores a router the same way.

use tokio::time::Instant;

use super::settings::RouterSettings;
use super::Fleet;
use crate::error::AppError;
use crate::model::{RouterIdentity, RouterInput, RouterOrigin};
use crate::routeros::rows::{SystemIdentity, SystemResource};
use crate::routeros::Session;
use crate::stats::problem;
use crate::stats::unix_ms;
use crate::store::routers::RouterWriteError;

impl From<RouterWriteError> for AppError {
    fn from(error: RouterWriteError) -> Self {
        match error {
            RouterWriteError::Duplicate(name) => {
                Self::Conflict(format!("a router named {name:?} already exists"))
            }
            RouterWriteError::Unknown(name) => Self::UnknownRouter(name),
            RouterWriteError::Store(error) => {
                tracing::error!(%error, "the database refused a router change");
                Self::Transport("the database could not store the change".to_owned())
            }
        }
    }
}

impl Fleet {
    /// The stored router called `name`, as the form edits it (never its password).
    pub async fn form(&self, name: &str) -> Result<RouterInput, AppError> {
        Ok(self.stored(name).await?.to_input())
    }

    async fn stored(&self, name: &str) -> Result<RouterSettings, AppError> {
        match self.store().router(name).await.map_err(|e| AppError::from(RouterWriteError::Store(e)))? {
            Some(stored) => Ok(stored.settings),
            None if self.router(Some(name)).is_ok() => Err(AppError::Conflict(format!(
                "{name:?} is not stored in the database, so it cannot be changed here"
            ))),
            None => Err(AppError::UnknownRouter(name.to_owned())),
        }
    }

    /// Checks and stores a new router, and watches it at once.
    pub async fn add(&self, input: &RouterInput) -> Result<(), AppError> {
        let settings = RouterSettings::from_input(input, None).map_err(AppError::InvalidFields)?;
        if self.router(Some(&settings.name)).is_ok_and(|r| r.origin == RouterOrigin::Environment) {
            return Err(AppError::Conflict(format!(
                "{:?} is the name of the ROUTEROS_HOST router",
                settings.name
            )));
        }
        self.store().add_router(&settings).await?;
        self.reload_now().await
    }

    /// Changes the stored router called `name`; a missing password keeps the stored one.
    pub async fn update(&self, name: &str, input: &RouterInput) -> Result<(), AppError> {
        let stored = self.stored(name).await?;
        let settings =
            RouterSettings::from_input(input, Some(&stored.password)).map_err(AppError::InvalidFields)?;
        self.store().update_router(name, &settings).await?;
        self.reload_now().await
    }

    pub async fn remove(&self, name: &str) -> Result<(), AppError> {
        self.stored(name).await?;
        self.store().remove_router(name).await?;
        self.reload_now().await
    }

    async fn reload_now(&self) -> Result<(), AppError> {
        self.reload().await.map_err(|e| AppError::from(RouterWriteError::Store(e)))
    }

    /// Logs in with `input` (the stored password of `original` when the input has none) and
    /// reads the router's identity and version, under one command deadline.
    pub async fn test(
        &self,
        original: Option<&str>,
        input: &RouterInput,
    ) -> Result<RouterIdentity, AppError> {
        let stored_password = match (original, &input.password) {
            (Some(name), None) => Some(self.stored(name).await?.password),
            _ => None,
        };
        let settings =
            RouterSettings::from_input(input, stored_password.as_ref()).map_err(AppError::InvalidFields)?;
        let deadline = self.timings().deadline;
        let fail = |error: crate::routeros::Error| AppError::RouterUnreachable {
            problem: problem::classify(&error, deadline),
            since_ms: unix_ms(std::time::SystemTime::now()),
        };
        let mut session =
            Session::named(format!("{}-test", settings.name), settings.target(deadline)).map_err(fail)?;
        let deadline_at = Instant::now() + deadline;
        let identity = session
            .query_until::<SystemIdentity>(SystemIdentity::request(), deadline_at)
            .await
            .map_err(fail)?;
        let resource = session
            .query_until::<SystemResource>(SystemResource::request(), deadline_at)
            .await
            .map_err(fail)?;
        Ok(RouterIdentity {
            identity: identity.into_iter().next().map(|i| i.name).unwrap_or_default(),
            version: resource.first().map(|r| r.version.clone()).unwrap_or_default(),
            board: resource.into_iter().next().and_then(|r| r.board_name),
        })
    }
}
