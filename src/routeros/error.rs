//! Errors of the RouterOS client. Callers decide with one call: [`Error::is_timeout`] and
//! [`Error::is_connection_broken`].

use std::io;
use std::sync::Arc;
use std::time::Duration;

use super::codec::FrameError;

/// What the client was doing when a deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    Connect,
    TlsHandshake,
    Login,
    /// A command, which is cancelled by its tag when it misses its deadline.
    Command,
    /// A streaming command (`monitor-traffic`), which is not cancelled: a missed deadline
    /// leaves the connection to be dropped.
    Stream,
}

impl std::fmt::Display for Operation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Connect => "connecting",
            Self::TlsHandshake => "in the TLS handshake",
            Self::Login => "logging in",
            Self::Command => "waiting for a command's reply",
            Self::Stream => "waiting for a streaming command",
        })
    }
}

/// Everything that can go wrong talking to a router. Messages never contain the password.
/// Cheap to clone (I/O errors are shared), so a session can keep the last one while it waits.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    #[error("cannot connect to {address}: {source}")]
    Connect { address: String, source: Arc<io::Error> },
    #[error("timed out after {after:?} {operation}")]
    Timeout { operation: Operation, after: Duration },
    #[error("connection failed: {0}")]
    Io(Arc<io::Error>),
    #[error("invalid data from the router: {0}")]
    Frame(#[from] FrameError),
    #[error("unexpected reply from the router: {0}")]
    Protocol(String),
    #[error("the router closed the connection")]
    Closed,
    #[error("the router ended the session: {0}")]
    Fatal(String),
    #[error("login refused: {0}")]
    LoginRefused(String),
    #[error("the router refused the command: {message}")]
    Trap { category: Option<u8>, message: String },
    #[error("TLS: {0}")]
    Tls(String),
    #[error("the router sent an invalid {field}: {value:?}")]
    InvalidValue { field: &'static str, value: String },
    /// No attempt was made: the last one failed with `last`, and the next is due in `retry_in`.
    #[error("not connected; next attempt in {retry_in:?} (last error: {last})")]
    BackingOff { retry_in: Duration, last: Box<Error> },
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Self::Io(Arc::new(error))
    }
}

impl Error {
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// The error behind this one: for [`Error::BackingOff`], the failure that started the wait.
    pub fn root(&self) -> &Error {
        match self {
            Self::BackingOff { last, .. } => last.root(),
            other => other,
        }
    }

    /// True when the connection can no longer be used and must be dropped: its framing state
    /// is unknown (bad bytes), it is not logged in (a login that timed out) or the router
    /// closed it. A `!trap` leaves it usable.
    ///
    /// A command's timeout is not: the command was cancelled by its tag and later commands skip
    /// its late replies. Whether the router is silent altogether is the session's to judge.
    pub fn is_connection_broken(&self) -> bool {
        match self {
            Self::Trap { .. } | Self::InvalidValue { .. } => false,
            Self::Timeout { operation, .. } => *operation != Operation::Command,
            Self::Connect { .. }
            | Self::Io(_)
            | Self::Frame(_)
            | Self::Protocol(_)
            | Self::Closed
            | Self::Fatal(_)
            | Self::LoginRefused(_)
            | Self::Tls(_)
            | Self::BackingOff { .. } => true,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
