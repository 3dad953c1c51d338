//! The typed error that server functions return to the browser.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// What went wrong, in terms the dashboard can act on. Messages are written for operators and
/// never include internals such as addresses of other hosts, credentials or stack traces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The server is running without the state it needs (a wiring bug, not user input).
    #[error("the server is not ready")]
    NotReady,
    /// The request could not be made, sent or decoded (network, abort, bad payload).
    #[error("request failed: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}
