//! The typed error that server functions return to the browser, and its HTTP status.

use bytes::Bytes;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

use crate::json::{FromJson, Json, JsonTextEncoding, ReadError};
use crate::model::{FieldError, RouterProblem};

/// What went wrong, in terms the dashboard can act on. Messages are written for operators and
/// never include credentials or internals; their English words are the catalogue's
/// (`i18n::EN`), the same the page shows in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AppError {
    /// The request itself is unusable: bad arguments, a garbage body.
    BadRequest(String),
    /// No data younger than the stale limit: the router has not answered since `since_ms`
    /// (milliseconds since the Unix epoch), and `problem` says why.
    RouterUnreachable { problem: RouterProblem, since_ms: i64 },
    /// No router has this name.
    UnknownRouter(String),
    /// No user has this name (removed meanwhile, from another tab or by another admin).
    UnknownUser(String),
    /// A form with fields that are wrong, each with its problem's code.
    InvalidFields(Vec<FieldError>),
    /// The request conflicts with what exists: a duplicate name, a router that is not editable.
    Conflict(Conflict),
    /// Only an admin may do this.
    Forbidden,
    /// No login session (it ended, or the server restarted without it): log in again.
    Unauthorized,
    /// The server is running without the state it needs (a wiring bug, not user input).
    NotReady,
    /// The request could not be made, sent or its answer read (network down, aborted).
    Transport(String),
}

/// How a change conflicts with what exists; the page words it in its language. Names ride in
/// newtype variants (`{"name_taken": "core-1"}`), as in `FieldProblem`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Conflict {
    /// A router or a user by this name exists already.
    NameTaken(String),
    /// The router is not in the database (the `ROUTEROS_HOST` one, a demo): not changed here.
    NotStored(String),
    /// The name is the `ROUTEROS_HOST` router's.
    EnvironmentName(String),
    /// An admin cannot remove themselves.
    RemoveYourself,
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::EN.error(self))
    }
}

impl std::error::Error for AppError {}

impl AppError {
    /// The HTTP status a server answers this error with.
    pub fn status(&self) -> u16 {
        match self {
            Self::BadRequest(_) | Self::InvalidFields(_) => 400,
            Self::UnknownRouter(_) | Self::UnknownUser(_) => 404,
            Self::Conflict(_) => 409,
            Self::Forbidden => 403,
            Self::Unauthorized => 401,
            Self::RouterUnreachable { .. } => 503,
            Self::NotReady | Self::Transport(_) => 500,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonTextEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Arguments that do not decode are the caller's fault.
            ServerFnErrorErr::Args(message) | ServerFnErrorErr::MissingArg(message) => {
                Self::BadRequest(message)
            }
            ServerFnErrorErr::Deserialization(message) => Self::BadRequest(message),
            other => Self::Transport(other.to_string()),
        }
    }

    /// Our own errors, and the plain `{"error": "unauthorized"}` that the login check answers
    /// before any server function runs, so the page can send its user to the login page
    /// instead of counting failures.
    fn de(data: Bytes) -> Self {
        let json = match Json::parse(&String::from_utf8_lossy(&data)) {
            Ok(json) => json,
            // Not JSON: a proxy's error page, a cut-off answer.
            Err(error) => return Self::Transport(error),
        };
        let not_ours = match json.read::<Self>() {
            Ok(error) => return error,
            Err(why) => why,
        };
        match json.field::<String>("error") {
            Ok(code) if code == "unauthorized" => Self::Unauthorized,
            Ok(code) if code == "forbidden" => Self::Forbidden,
            Ok(code) => Self::Transport(format!("the server answered {code}")),
            // JSON, but neither ours nor the login check's: why it is not ours.
            Err(_) => Self::Transport(not_ours.to_string()),
        }
    }
}

/// As serde writes it: `"Forbidden"`, `{"UnknownRouter": "core-1"}`,
/// `{"RouterUnreachable": {"problem": …, "since_ms": …}}`.
impl FromJson for AppError {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let variant = json.variant()?;
        Ok(match variant.name.as_str() {
            "BadRequest" => Self::BadRequest(variant.read()?),
            "RouterUnreachable" => Self::RouterUnreachable {
                problem: variant.field("problem")?,
                since_ms: variant.field("since_ms")?,
            },
            "UnknownRouter" => Self::UnknownRouter(variant.read()?),
            "UnknownUser" => Self::UnknownUser(variant.read()?),
            "InvalidFields" => Self::InvalidFields(variant.read()?),
            "Conflict" => Self::Conflict(variant.read()?),
            "Forbidden" => Self::Forbidden,
            "Unauthorized" => Self::Unauthorized,
            "NotReady" => Self::NotReady,
            "Transport" => Self::Transport(variant.read()?),
            _ => return Err(variant.unknown()),
        })
    }
}

impl FromJson for Conflict {
    fn from_json(json: &Json) -> Result<Self, ReadError> {
        let variant = json.variant()?;
        Ok(match variant.name.as_str() {
            "name_taken" => Self::NameTaken(variant.read()?),
            "not_stored" => Self::NotStored(variant.read()?),
            "environment_name" => Self::EnvironmentName(variant.read()?),
            "remove_yourself" => Self::RemoveYourself,
            _ => return Err(variant.unknown()),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_reads_our_errors_and_the_login_checks_plain_ones() {
        let ours = AppError::UnknownRouter("core-1".into());
        assert_eq!(AppError::de(ours.ser()), ours);
        assert_eq!(
            AppError::de(Bytes::from_static(br#"{"error": "unauthorized", "message": "log in"}"#)),
            AppError::Unauthorized
        );
        assert_eq!(AppError::de(Bytes::from_static(br#"{"error": "forbidden"}"#)), AppError::Forbidden);
        // Not JSON: the parser's reason, not a failed read of either shape.
        match AppError::de(Bytes::from_static(b"<html>")) {
            AppError::Transport(message) => assert!(message.contains("expected value"), "{message}"),
            other => panic!("not a transport error: {other:?}"),
        }
        assert_eq!(
            AppError::de(Bytes::from_static(br#"{"error": "teapot"}"#)),
            AppError::Transport("the server answered teapot".into())
        );
        // JSON of neither shape: why it is not one of ours.
        for (answer, says) in [
            (&br#"{"problem": 1}"#[..], r#"unknown variant "problem""#),
            (br#"{"UnknownRouter": 7}"#, "UnknownRouter: expected a string, found a number"),
            (br#"[1]"#, "expected a name or an object of one member, found an array"),
        ] {
            assert_eq!(AppError::de(Bytes::from_static(answer)), AppError::Transport(says.into()));
        }
        assert_eq!(AppError::Unauthorized.status(), 401);
    }
}
