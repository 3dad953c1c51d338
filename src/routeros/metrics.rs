//! What the router client reports to the `metrics` facade; `/metrics` exports it.
//! Label values come from our own code (command paths, outcomes) and from router names, which
//! are checked to be letters, digits, `-`, `_` and `.` (or an address from the environment).

use std::time::Duration;

use super::error::{Error, Result};

pub const COMMANDS: &str = "routeros_commands_total";
pub const COMMAND_SECONDS: &str = "routeros_command_duration_seconds";
pub const LOGINS: &str = "routeros_logins_total";
pub const OPEN_CONNECTIONS: &str = "routeros_open_connections";
pub const RECONNECTS: &str = "routeros_reconnects_total";

fn outcome<T>(result: &Result<T>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::Trap { .. }) => "trap",
        Err(Error::LoginRefused(_)) => "refused",
        Err(error) if error.is_timeout() => "timeout",
        Err(_) => "error",
    }
}

/// Counts one router command by outcome and records its latency.
pub fn command<T>(router: &str, command: &str, result: &Result<T>, elapsed: Duration) {
    let (router, command) = (router.to_owned(), command.to_owned());
    metrics::counter!(COMMANDS, "router" => router.clone(), "command" => command.clone(), "outcome" => outcome(result))
        .increment(1);
    metrics::histogram!(COMMAND_SECONDS, "router" => router, "command" => command)
        .record(elapsed.as_secs_f64());
}

/// Counts one login attempt by outcome.
pub fn login<T>(router: &str, result: &Result<T>) {
    metrics::counter!(LOGINS, "router" => router.to_owned(), "outcome" => outcome(result)).increment(1);
}

/// Counts a connection opened after an earlier one was lost.
pub fn reconnected(router: &str) {
    metrics::counter!(RECONNECTS, "router" => router.to_owned()).increment(1);
}

/// Counts an open router connection for as long as it lives.
pub struct OpenConnection(String);

impl OpenConnection {
    pub fn opened(router: &str) -> Self {
        metrics::gauge!(OPEN_CONNECTIONS, "router" => router.to_owned()).increment(1.0);
        Self(router.to_owned())
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        metrics::gauge!(OPEN_CONNECTIONS, "router" => self.0.clone()).decrement(1.0);
    }
}
