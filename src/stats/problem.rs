//! What a router error means to an operator: the one place that sorts the client's errors
//! into the problems the page, the JSON answers and `/metrics` name.

use std::time::Duration;

use crate::model::RouterProblem;
use crate::routeros::Error;

/// The problem behind `error`. `deadline` is the command deadline the operator configured,
/// which a timeout is reported against (the client may have waited less: the connect and the
/// login share the same deadline).
pub fn classify(error: &Error, deadline: Duration) -> RouterProblem {
    match error.root() {
        Error::Connect { .. } | Error::Io(_) | Error::Closed => RouterProblem::Unreachable,
        Error::Timeout { .. } => {
            RouterProblem::TooSlow { deadline_ms: u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX) }
        }
        Error::LoginRefused(_) => RouterProblem::LoginRefused,
        Error::Trap { message, .. } => RouterProblem::CommandRefused { message: message.clone() },
        Error::Fatal(message) => {
            RouterProblem::CommandRefused { message: format!("session ended: {message}") }
        }
        Error::Frame(_) | Error::Protocol(_) | Error::InvalidValue { .. } => RouterProblem::InvalidData,
        Error::Tls(message) => RouterProblem::Tls { message: message.clone() },
        // `root` never returns it; a waiting session reports the error that started the wait.
        Error::BackingOff { .. } => RouterProblem::Unreachable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routeros::error::Operation;

    #[test]
    fn each_error_names_what_the_operator_should_check() {
        let deadline = Duration::from_secs(3);
        let words = |error: Error| classify(&error, deadline).to_string();
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert_eq!(
            words(Error::Connect { address: "10.0.0.1:8728".into(), source: refused.into() }),
            "router unreachable"
        );
        assert_eq!(
            words(Error::LoginRefused("invalid user name or password (6)".into())),
            "login refused (check user and password)"
        );
        assert_eq!(
            words(Error::Trap { category: None, message: "not enough permissions (9)".into() }),
            "router answered with an error: not enough permissions (9)"
        );
        let slow = Error::Timeout { operation: Operation::Command, after: Duration::from_millis(2_950) };
        assert_eq!(words(slow), "router too slow (no answer in 3 s)");
        assert_eq!(
            words(Error::Protocol("no reply word".into())),
            "router sent data that is not the RouterOS API"
        );
    }

    #[test]
    fn a_session_that_waits_reports_the_error_that_started_the_wait() {
        let waiting = Error::BackingOff {
            retry_in: Duration::from_secs(60),
            last: Box::new(Error::LoginRefused("invalid user name or password (6)".into())),
        };
        assert_eq!(classify(&waiting, Duration::from_secs(3)), RouterProblem::LoginRefused);
    }
}
