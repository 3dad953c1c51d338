//! Adding, changing, removing and testing routers for the page and the JSON API, so both
//! check and store a router the same way. (The command line checks with the same
//! `RouterSettings::from_input` and writes to the store; a running server reloads it.)

use tokio::time::Instant;

use super::settings::{Previous, RouterSettings};
use super::Fleet;
use crate::error::{AppError, Conflict};
use crate::model::{RouterIdentity, RouterInput, RouterOrigin};
use crate::routeros::rows::{SystemIdentity, SystemResource};
use crate::routeros::Session;
use crate::stats::{problem, unix_ms};
use crate::store::routers::StoredRouter;
use crate::store::{StoreError, WriteError};

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        tracing::error!(%error, "the database failed");
        Self::Transport("the database could not do it; see the server's log".to_owned())
    }
}

impl From<WriteError> for AppError {
    fn from(error: WriteError) -> Self {
        match error {
            WriteError::Duplicate { name, .. } => Self::Conflict(Conflict::NameTaken(name)),
            WriteError::Unknown { kind: "router", name } => Self::UnknownRouter(name),
            WriteError::Unknown { name, .. } => Self::UnknownUser(name),
            WriteError::Store(error) => error.into(),
        }
    }
}

impl Fleet {
    /// The stored router called `name`, as the form edits it (never its password).
    pub async fn form(&self, name: &str) -> Result<RouterInput, AppError> {
        Ok(self.stored(name).await?.settings.to_input())
    }

    async fn stored(&self, name: &str) -> Result<StoredRouter, AppError> {
        match self.store().router(name).await? {
            Some(stored) => Ok(stored),
            None if self.router(Some(name)).is_ok() => {
                Err(AppError::Conflict(Conflict::NotStored(name.to_owned())))
            }
            None => Err(AppError::UnknownRouter(name.to_owned())),
        }
    }

    /// The name `settings` takes must not be the `ROUTEROS_HOST` router's.
    fn refuse_environment_name(&self, settings: &RouterSettings) -> Result<(), AppError> {
        match self.router(Some(&settings.name)) {
            Ok(router) if router.origin == RouterOrigin::Environment => {
                Err(AppError::Conflict(Conflict::EnvironmentName(settings.name.clone())))
            }
            _ => Ok(()),
        }
    }

    /// Checks and stores a new router, and watches it at once.
    pub async fn add(&self, input: &RouterInput) -> Result<(), AppError> {
        let settings = RouterSettings::from_input(input, None).map_err(AppError::InvalidFields)?;
        self.refuse_environment_name(&settings)?;
        self.store().add_router(&settings).await?;
        Ok(self.reload().await?)
    }

    /// Changes the stored router called `name`. A missing password keeps the stored one, for
    /// the same address only (see `RouterSettings::from_input`).
    pub async fn update(&self, name: &str, input: &RouterInput) -> Result<(), AppError> {
        let stored = self.stored(name).await?;
        let settings =
            RouterSettings::from_input(input, Some(previous(&stored))).map_err(AppError::InvalidFields)?;
        self.refuse_environment_name(&settings)?;
        self.store().update_router(name, &settings).await?;
        Ok(self.reload().await?)
    }

    /// Removes the stored router called `name`; its session closes.
    pub async fn remove(&self, name: &str) -> Result<(), AppError> {
        self.stored(name).await?;
        self.store().remove_router(name).await?;
        Ok(self.reload().await?)
    }

    /// Logs in with `input` (the stored password of `original` when the input has none, for
    /// the same address only) and reads the router's identity and version, under one command
    /// deadline.
    pub async fn test(
        &self,
        original: Option<&str>,
        input: &RouterInput,
    ) -> Result<RouterIdentity, AppError> {
        let stored = match original {
            Some(name) => Some(self.stored(name).await?),
            None => None,
        };
        let settings = RouterSettings::from_input(input, stored.as_ref().map(previous))
            .map_err(AppError::InvalidFields)?;
        let deadline = self.timings().deadline;
        let fail = |error: crate::routeros::Error| AppError::RouterUnreachable {
            problem: problem::classify(&error, deadline),
            since_ms: unix_ms(std::time::SystemTime::now()),
        };
        // One metrics label for every test, so testing many routers adds no series.
        let mut session = Session::named("connection-test", settings.target(deadline)).map_err(fail)?;
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

fn previous(stored: &StoredRouter) -> Previous<'_> {
    Previous { settings: &stored.settings, password_readable: stored.password.is_ok() }
}
