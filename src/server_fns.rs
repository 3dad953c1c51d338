//! Server functions: thin wrappers that read server state and return model types. Their
//! bodies run on the server; the browser gets the calls.

use leptos::prelude::*;
use leptos::server_fn::codec::Post;

use crate::error::AppError;
use crate::json::JsonTextEncoding;
use crate::model::{
    DashboardSettings, HistoryAnswer, InterfaceStats, Role, RouterIdentity, RouterInput, RouterSummary,
    TableSnapshot, UsageAnswer, UserInfo, Viewer,
};

/// The `output` of every server function: JSON, read by the page's own readers (`json`).
pub type JsonText = Post<JsonTextEncoding>;

/// A router page's settings: which router it shows and the timings of its poll loop.
#[server(endpoint = "dashboard/settings", output = JsonText)]
pub async fn get_dashboard_settings(router: String) -> Result<DashboardSettings, AppError> {
    crate::server::AppState::from_context()?.dashboard_settings(&router)
}

/// Every interface of the router with its current rates, for the selector (and its top-talkers
/// sort). Served from the same cache as the stats, so it costs the router nothing.
#[server(endpoint = "dashboard/interfaces", output = JsonText)]
pub async fn get_interfaces(router: String) -> Result<TableSnapshot<InterfaceStats>, AppError> {
    let stats = crate::server::AppState::from_context()?.router(Some(&router))?.stats;
    let served = stats.table().await?;
    Ok(served.snapshot(stats.router(), |stats| Some(stats.clone())))
}

/// Counters and rates of the named interfaces only, so the payload stays small on a router
/// with hundreds of PPPoE interfaces. Names that do not exist are left out.
#[server(endpoint = "dashboard/stats", output = JsonText)]
pub async fn get_interface_stats(
    router: String,
    // An empty list encodes as nothing at all, so a missing one means "none selected".
    #[server(default)] names: Vec<String>,
) -> Result<TableSnapshot<InterfaceStats>, AppError> {
    crate::stats::names::validate(&names).map_err(AppError::BadRequest)?;
    let stats = crate::server::AppState::from_context()?.router(Some(&router))?.stats;
    let served = stats.table().await?;
    Ok(served.snapshot(stats.router(), |stats| names.contains(&stats.info.name).then(|| stats.clone())))
}

/// The named interfaces' recorded history from `from_ms` to `to_ms`, at the resolution the
/// span calls for (about 2,000 points at most).
#[server(endpoint = "dashboard/history", output = JsonText)]
pub async fn get_history(
    router: String,
    #[server(default)] names: Vec<String>,
    from_ms: i64,
    to_ms: i64,
) -> Result<HistoryAnswer, AppError> {
    let request = crate::history::query::HistoryRequest { router, names, from_ms, to_ms, step_ms: None };
    crate::server::AppState::from_context()?.history(request).await
}

/// Bytes per interface today, yesterday and this month.
#[server(endpoint = "dashboard/usage", output = JsonText)]
pub async fn get_usage(router: String) -> Result<UsageAnswer, AppError> {
    crate::server::AppState::from_context()?.usage(Some(&router)).await
}

/// Every router with its status, for the fleet overview. Never waits on a router.
#[server(endpoint = "fleet/routers", output = JsonText)]
pub async fn get_fleet() -> Result<Vec<RouterSummary>, AppError> {
    Ok(crate::server::AppState::from_context()?.fleet.summaries())
}

/// A stored router as the settings form edits it. Never its password.
#[server(endpoint = "fleet/form", output = JsonText)]
pub async fn get_router_form(name: String) -> Result<RouterInput, AppError> {
    crate::server::AppState::admin_from_context()?.fleet.form(&name).await
}

/// Adds a router (`original` is `None`) or changes the stored one called `original`.
#[server(endpoint = "fleet/save", output = JsonText)]
pub async fn save_router(original: Option<String>, input: RouterInput) -> Result<(), AppError> {
    let fleet = crate::server::AppState::admin_from_context()?.fleet;
    match original {
        None => fleet.add(&input).await,
        Some(name) => fleet.update(&name, &input).await,
    }
}

#[server(endpoint = "fleet/remove", output = JsonText)]
pub async fn remove_router(name: String) -> Result<(), AppError> {
    crate::server::AppState::admin_from_context()?.fleet.remove(&name).await
}

/// Logs in with the form's settings and reads the router's identity and version.
#[server(endpoint = "fleet/test", output = JsonText)]
pub async fn test_router(original: Option<String>, input: RouterInput) -> Result<RouterIdentity, AppError> {
    crate::server::AppState::admin_from_context()?.fleet.test(original.as_deref(), &input).await
}

/// Who is looking at the page, for the header: a user and their role, or no one while the
/// dashboard is open (no user exists yet).
#[server(endpoint = "session/viewer", output = JsonText)]
pub async fn get_viewer() -> Result<Viewer, AppError> {
    crate::server::AppState::viewer().ok_or(AppError::NotReady)
}

/// Every user and role, for an admin.
#[server(endpoint = "users/list", output = JsonText)]
pub async fn list_users() -> Result<Vec<UserInfo>, AppError> {
    let state = crate::server::AppState::from_context()?;
    state.list_users(crate::server::AppState::viewer().as_ref()).await
}

/// Adds a user or changes one's role and, when given, password; for an admin.
#[server(endpoint = "users/save", output = JsonText)]
pub async fn save_user(name: String, role: Role, password: Option<String>) -> Result<(), AppError> {
    let state = crate::server::AppState::from_context()?;
    state.save_user(crate::server::AppState::viewer().as_ref(), &name, role, password).await
}

#[server(endpoint = "users/remove", output = JsonText)]
pub async fn remove_user(name: String) -> Result<(), AppError> {
    let state = crate::server::AppState::from_context()?;
    state.remove_user(crate::server::AppState::viewer().as_ref(), &name).await
}

/// The logged-in user's own password.
#[server(endpoint = "users/password", output = JsonText)]
pub async fn change_password(current: String, new: String) -> Result<(), AppError> {
    let state = crate::server::AppState::from_context()?;
    state.change_own_password(crate::server::AppState::viewer().as_ref(), current, new).await
}
