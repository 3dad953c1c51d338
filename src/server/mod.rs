//! The server side's application layer: the axum app and its state, the plain HTTP
//! endpoints, configuration, the command line and telemetry. Server only.
//!
//! - `routes`: `app(state)`, every path and layer; `page`: the server-rendered page
//! - `state`: `AppState`, what handlers and server functions share
//! - `endpoints`: `/api/interface-stats`, `/metrics`, server-function error statuses, JSON errors
//! - `history_api`: `/api/history` and `/api/usage`, JSON or CSV; `query_params`: their and
//!   `/api/interface-stats`' query parameters, read one way
//! - `routers_api`: `/api/routers`, to list, add, change and remove routers
//! - `login`: who sends each request, the login page, `/login` and `/logout`
//! - `accounts`: users managed from the page
//! - `config`: configuration from the environment; `cli`: the command line
//! - `telemetry`: the Prometheus recorder; `shutdown`: graceful shutdown on signals

pub mod accounts;
pub mod cli;
pub mod config;
pub mod endpoints;
pub mod history_api;
pub mod login;
mod page;
pub mod query_params;
pub mod routers_api;
pub mod routes;
pub mod shutdown;
pub mod state;
pub mod telemetry;

pub use routes::app;
pub use state::AppState;
