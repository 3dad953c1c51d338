//! Where a router is and how to log in to it: the protocol layer's own description of a
//! router, which the app's configuration fills in.

use std::fmt;
use std::time::Duration;

use super::tls::TlsVerification;

/// API port of a router without TLS, and with it.
pub const API_PORT: u16 = 8728;
pub const API_SSL_PORT: u16 = 8729;
/// The API user of a new router.
pub const DEFAULT_USER: &str = "admin";

/// Deadlines of each step. A missed connect, handshake or login deadline closes the
/// connection; a missed command deadline cancels the command (see `session`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub connect: Duration,
    pub tls_handshake: Duration,
    pub login: Duration,
    pub command: Duration,
}

impl Deadlines {
    /// The deadline of one router command (and of each other step) unless configured: the
    /// original feature's 3 s.
    pub const DEFAULT: Duration = Duration::from_secs(3);

    /// The same deadline for every step.
    pub fn all(deadline: Duration) -> Self {
        Self { connect: deadline, tls_handshake: deadline, login: deadline, command: deadline }
    }
}

impl Default for Deadlines {
    fn default() -> Self {
        Self::all(Self::DEFAULT)
    }
}

/// A password whose `Debug` never shows it, so it cannot reach a log line by accident.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Password(String);

impl Password {
    pub fn new(password: impl Into<String>) -> Self {
        Self(password.into())
    }

    /// The password itself, for the one place that sends it to the router.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

/// Where and how to log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Password,
    pub tls: Option<TlsVerification>,
    pub deadlines: Deadlines,
}

impl Target {
    /// `host:port`, with IPv6 hosts in brackets.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }
}
