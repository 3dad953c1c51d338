//! Server functions: thin wrappers that read server state and return model types.

use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{DashboardSettings, InterfaceInfo, InterfaceStats, TableSnapshot};

/// The dashboard's settings: which router it shows and the timings of its poll loop.
#[server(endpoint = "dashboard/settings")]
pub async fn get_dashboard_settings() -> Result<DashboardSettings, AppError> {
    let state = use_context::<crate::server::AppState>().ok_or(AppError::NotReady)?;
    Ok(state.dashboard_settings())
}

/// Every interface of the router, for the selector. Served from the same cache as the stats.
#[server(endpoint = "dashboard/interfaces")]
pub async fn get_interfaces() -> Result<TableSnapshot<InterfaceInfo>, AppError> {
    let state = use_context::<crate::server::AppState>().ok_or(AppError::NotReady)?;
    let served = state.stats.table().await?;
    Ok(served.snapshot(state.stats.router(), |stats| Some(stats.info.clone())))
}

/// Counters and rates of the named interfaces only, so the payload stays small on a router
/// with hundreds of PPPoE interfaces. Names that do not exist are left out.
#[server(endpoint = "dashboard/stats")]
pub async fn get_interface_stats(
    // An empty list encodes as nothing at all, so a missing one means "none selected".
    #[server(default)] names: Vec<String>,
) -> Result<TableSnapshot<InterfaceStats>, AppError> {
    crate::stats::names::validate(&names).map_err(AppError::BadRequest)?;
    let state = use_context::<crate::server::AppState>().ok_or(AppError::NotReady)?;
    let served = state.stats.table().await?;
    Ok(served.snapshot(state.stats.router(), |stats| names.contains(&stats.info.name).then(|| stats.clone())))
}
