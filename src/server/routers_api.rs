//! `/api/routers`: list, add, change and remove routers, as CONTRACT.md says. The bodies go
//! through the same checks as the settings page (`fleet::manage`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use crate::error::AppError;
use crate::model::{RouterInput, Viewer};
use crate::server::endpoints::error_response;
use crate::server::AppState;

/// A router from a JSON body; anything else is a 400 that says what is wrong.
fn router_input(body: &[u8]) -> Result<RouterInput, AppError> {
    serde_json::from_slice(body)
        .map_err(|error| AppError::BadRequest(format!("the body is not a router: {error}")))
}

fn answer(result: Result<(), AppError>, status: StatusCode) -> Response {
    match result {
        Ok(()) => status.into_response(),
        Err(error) => error_response(error),
    }
}

/// `GET /api/routers`: every router with its status. Never a password.
pub async fn list(State(state): State<AppState>) -> Response {
    Json(json!({ "routers": state.fleet.summaries() })).into_response()
}

/// `POST /api/routers`: 201, 400 on invalid input, 409 on a duplicate name; admins only.
pub async fn add(State(state): State<AppState>, viewer: Option<Extension<Viewer>>, body: Bytes) -> Response {
    let result = async {
        AppState::require_admin(viewer.as_deref())?;
        state.fleet.add(&router_input(&body)?).await
    }
    .await;
    answer(result, StatusCode::CREATED)
}

/// `PUT /api/routers/NAME`: a missing `password` keeps the stored one.
pub async fn update(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path(name): Path<String>,
    body: Bytes,
) -> Response {
    let result = async {
        AppState::require_admin(viewer.as_deref())?;
        state.fleet.update(&name, &router_input(&body)?).await
    }
    .await;
    answer(result, StatusCode::OK)
}

/// `DELETE /api/routers/NAME`: 204; its session closes.
pub async fn remove(
    State(state): State<AppState>,
    viewer: Option<Extension<Viewer>>,
    Path(name): Path<String>,
) -> Response {
    let result = async {
        AppState::require_admin(viewer.as_deref())?;
        state.fleet.remove(&name).await
    }
    .await;
    answer(result, StatusCode::NO_CONTENT)
}
