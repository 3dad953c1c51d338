//! HTTP control port of the standalone simulator (`simulate --control ADDR`), so tests in
//! other processes (Playwright, scripts) can flip fault switches and read the truth.
//! The dashboard never exposes it.
//!
//! - `GET /faults`, `POST /faults` with a partial JSON object, `POST /faults/clear`
//! - `POST /reset-counters`, `POST /recreate/{name}`
//! - `GET /stats`, `GET /interfaces`

use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;

use super::faults::{Faults, FaultsUpdate};
use super::{SimStats, Simulator};

#[derive(Serialize)]
struct InterfaceTruth {
    id: String,
    name: String,
    kind: &'static str,
    running: bool,
    disabled: bool,
    rx_byte: u64,
    tx_byte: u64,
    rx_bps: u64,
    tx_bps: u64,
}

pub fn router(simulator: Arc<Simulator>) -> Router {
    Router::new()
        .route("/faults", get(faults).post(update_faults))
        .route("/faults/clear", post(clear_faults))
        .route("/reset-counters", post(reset_counters))
        .route("/recreate/{name}", post(recreate))
        .route("/hang-up/{name}", post(hang_up))
        .route("/stats", get(stats))
        .route("/interfaces", get(interfaces))
        .with_state(simulator)
}

async fn faults(State(sim): State<Arc<Simulator>>) -> Json<Faults> {
    Json(sim.faults())
}

async fn update_faults(State(sim): State<Arc<Simulator>>, Json(update): Json<FaultsUpdate>) -> Json<Faults> {
    let faults = sim.update_faults(&update);
    tracing::info!(?faults, "simulator faults changed");
    Json(faults)
}

async fn clear_faults(State(sim): State<Arc<Simulator>>) -> Json<Faults> {
    sim.clear_faults();
    tracing::info!("simulator faults cleared");
    Json(sim.faults())
}

async fn reset_counters(State(sim): State<Arc<Simulator>>) -> StatusCode {
    sim.reset_counters();
    StatusCode::NO_CONTENT
}

async fn recreate(State(sim): State<Arc<Simulator>>, Path(name): Path<String>) -> Response {
    pppoe_changed(sim.recreate(&name), &name)
}

/// The customer stays away for an hour: long enough for any test.
async fn hang_up(State(sim): State<Arc<Simulator>>, Path(name): Path<String>) -> Response {
    pppoe_changed(sim.hang_up(&name, Duration::from_secs(3600)), &name)
}

fn pppoe_changed(found: bool, name: &str) -> Response {
    if found {
        StatusCode::NO_CONTENT.into_response()
    } else {
        (StatusCode::NOT_FOUND, format!("no PPPoE interface named {name:?}")).into_response()
    }
}

async fn stats(State(sim): State<Arc<Simulator>>) -> Json<SimStats> {
    Json(sim.stats())
}

async fn interfaces(State(sim): State<Arc<Simulator>>) -> Json<Vec<InterfaceTruth>> {
    Json(
        sim.interfaces()
            .iter()
            .map(|i| InterfaceTruth {
                id: i.dot_id(),
                name: i.name.clone(),
                kind: i.kind,
                running: i.running,
                disabled: i.disabled,
                rx_byte: i.rx_byte,
                tx_byte: i.tx_byte,
                rx_bps: i.rx_bps,
                tx_bps: i.tx_bps,
            })
            .collect(),
    )
}
