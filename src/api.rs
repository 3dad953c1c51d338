//! Server functions: thin wrappers that read server state and return model types.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::DashboardSettings;

/// The dashboard's settings: which router it shows and the timings of its poll loop.
#[server(endpoint = "dashboard-settings")]
pub async fn get_dashboard_settings() -> Result<DashboardSettings, AppError> {
    let state = use_context::<crate::server::AppState>().ok_or(AppError::NotReady)?;
    Ok(state.dashboard_settings())
}
