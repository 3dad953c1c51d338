//! Types that cross the server-function boundary, shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// Which router a page shows, as the page names it. Never carries credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouterLabel {
    pub name: String,
    /// `host:port`.
    pub address: String,
    /// One of the built-in simulated routers that run while no router is configured.
    pub simulated: bool,
}

impl std::fmt::Display for RouterLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.simulated {
            true => write!(f, "{}: demo router (simulated)", self.name),
            false => write!(f, "{} ({})", self.name, self.address),
        }
    }
}

/// Everything the browser needs to know about the server's configuration to run the dashboard.
/// The timing values come from the server so that one place configures them all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DashboardSettings {
    pub router: RouterLabel,
    pub poll_interval_ms: u32,
    pub poll_timeout_ms: u32,
    /// How long the server serves one reading; readings are at least this far apart.
    pub cache_ttl_ms: u32,
    pub recovery_failures: u32,
    pub recovery_pause_ms: u32,
    pub chart_window_polls: u32,
}

/// An interface as the selector shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterfaceInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub running: bool,
    pub disabled: bool,
    pub comment: Option<String>,
}

/// An interface's counters and rates in one reading. On the wire its info sits beside its
/// counters: `{"name": "ether1", "type": "ether", …, "rx_byte": …}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InterfaceStats {
    #[serde(flatten)]
    pub info: InterfaceInfo,
    pub rx_byte: u64,
    pub tx_byte: u64,
    /// Bits per second between the two most recent distinct readings; `None` while unknown:
    /// on an interface's first reading, and after its counter went backwards or it was
    /// recreated.
    pub rx_bps: Option<f64>,
    pub tx_bps: Option<f64>,
}

/// Why the router gave no fresh data, in terms an operator can act on. [`RouterProblem::code`]
/// is stable: the page and `/metrics` name the problem by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case", try_from = "TaggedProblem")]
pub enum RouterProblem {
    /// Nothing answers at the address, or the connection was refused, reset or closed.
    Unreachable,
    /// The router refused the user name or password.
    LoginRefused,
    /// The router answered a command with an error (`!trap`), for example for an API user
    /// without the `read` policy.
    CommandRefused { message: String },
    /// No answer within the command deadline.
    TooSlow { deadline_ms: u64 },
    /// Bytes that are not the RouterOS API: another service on the port, or corruption.
    InvalidData,
    /// API-SSL failed: the certificate did not verify, or the handshake broke.
    Tls { message: String },
    /// The first attempt has not ended yet.
    NoReadingYet,
    /// The stored password cannot be decrypted with the secret key: the router is not tried.
    PasswordUnreadable,
    /// The router was removed from the fleet.
    Removed,
}

impl RouterProblem {
    pub const CODES: [&'static str; 9] = [
        "unreachable",
        "login_refused",
        "command_refused",
        "too_slow",
        "invalid_data",
        "tls",
        "no_reading_yet",
        "password_unreadable",
        "removed",
    ];

    pub fn code(&self) -> &'static str {
        let index = match self {
            Self::Unreachable => 0,
            Self::LoginRefused => 1,
            Self::CommandRefused { .. } => 2,
            Self::TooSlow { .. } => 3,
            Self::InvalidData => 4,
            Self::Tls { .. } => 5,
            Self::NoReadingYet => 6,
            Self::PasswordUnreadable => 7,
            Self::Removed => 8,
        };
        Self::CODES[index]
    }
}

/// [`RouterProblem`] as it is read: its `code` and the values some codes carry, checked in one
/// place (`TryFrom`) for serde on the server and for the page's reader (`from_json.rs`).
#[derive(Deserialize)]
struct TaggedProblem {
    code: String,
    message: Option<String>,
    deadline_ms: Option<u64>,
}

impl TryFrom<TaggedProblem> for RouterProblem {
    type Error = String;

    fn try_from(TaggedProblem { code, message, deadline_ms }: TaggedProblem) -> Result<Self, String> {
        let missing = |field: &str| format!("router problem {code:?} without its {field}");
        let index = Self::CODES.iter().position(|known| *known == code);
        // The indices of `code()`.
        Ok(match index {
            Some(0) => Self::Unreachable,
            Some(1) => Self::LoginRefused,
            Some(2) => Self::CommandRefused { message: message.ok_or_else(|| missing("message"))? },
            Some(3) => Self::TooSlow { deadline_ms: deadline_ms.ok_or_else(|| missing("deadline_ms"))? },
            Some(4) => Self::InvalidData,
            Some(5) => Self::Tls { message: message.ok_or_else(|| missing("message"))? },
            Some(6) => Self::NoReadingYet,
            Some(7) => Self::PasswordUnreadable,
            Some(8) => Self::Removed,
            _ => return Err(format!("unknown router problem {code:?}")),
        })
    }
}

/// In the catalogue's English (`i18n::EN`): the words of logs, `/metrics` and the JSON API.
impl std::fmt::Display for RouterProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::EN.problem(self))
    }
}

/// One answer of the stats service: a table and how fresh it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableSnapshot<T> {
    /// The router, as `/api/interface-stats` names it: `demo` or `host:port`.
    pub router: String,
    /// When the router answered, in milliseconds since the Unix epoch. Two answers with the
    /// same value are the same reading.
    pub fetched_at_ms: i64,
    /// How old that answer was when this one was made.
    pub age_ms: u64,
    /// True when the newest fetch failed and this older data is served instead.
    pub stale: bool,
    /// Why the newest fetch failed, while `stale`.
    pub problem: Option<RouterProblem>,
    pub interfaces: Vec<T>,
}

/// A router as the settings form and `POST`/`PUT /api/routers` give it. Only the server checks
/// it (see `fleet::settings`); `password` is write-only: `None` on edit keeps the stored one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RouterInput {
    pub name: String,
    pub host: String,
    /// 8728, or 8729 with TLS, when missing.
    pub port: Option<u32>,
    /// `admin` when missing.
    pub user: Option<String>,
    pub password: Option<String>,
    pub tls: bool,
    pub tls_fingerprint: Option<String>,
    pub tls_ca_pem: Option<String>,
    pub tls_insecure_skip_verify: bool,
}

/// A router's state as the fleet overview and `/api/routers` show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouterStatus {
    Live,
    Stale,
    Unreachable,
    LoginRefused,
    /// Not polled yet.
    Idle,
}

/// A router in the fleet: where it is and how it is doing. Never a password.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouterSummary {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub tls: bool,
    pub status: RouterStatus,
    /// When the router last answered (RFC 3339), if ever.
    pub fetched_at: Option<String>,
    /// The last problem in (English) words, for the JSON API.
    pub error: Option<String>,
    /// The same problem by its code, for the page to word in its language.
    pub problem: Option<RouterProblem>,
    /// Where it is defined: the database (editable), the environment, or the demo.
    pub origin: RouterOrigin,
    /// The busiest interface right now: name and RX + TX in bits per second.
    pub busiest: Option<(String, f64)>,
    /// RX and TX of the running physical (ethernet, SFP) interfaces, bits per second.
    pub total_rx_bps: Option<f64>,
    pub total_tx_bps: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RouterOrigin {
    Database,
    Environment,
    Demo,
}

/// What "Test connection" found: the router's identity and RouterOS version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouterIdentity {
    pub identity: String,
    pub version: String,
    pub board: Option<String>,
}

/// What an operator may do: a viewer watches every router; an admin also manages routers,
/// users and tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Viewer => "viewer",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "admin" => Some(Self::Admin),
            "viewer" => Some(Self::Viewer),
            _ => None,
        }
    }
}

/// Who is looking at the page: `None` when no user exists yet and the dashboard is open on
/// loopback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Viewer {
    pub name: Option<String>,
    pub role: Role,
    /// True when the request came with an API token rather than a login session.
    pub by_token: bool,
}

/// A user as the user settings list them: never a password or hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserInfo {
    pub name: String,
    pub role: Role,
}

mod field_error;
mod from_json;
mod history;
pub use field_error::*;
pub use history::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_router_problem_is_read_back_as_it_is_written_with_its_code() {
        let problems = [
            RouterProblem::Unreachable,
            RouterProblem::LoginRefused,
            RouterProblem::CommandRefused { message: "no such command".into() },
            RouterProblem::TooSlow { deadline_ms: 3_000 },
            RouterProblem::InvalidData,
            RouterProblem::Tls { message: "certificate expired".into() },
            RouterProblem::NoReadingYet,
            RouterProblem::PasswordUnreadable,
            RouterProblem::Removed,
        ];
        assert_eq!(problems.len(), RouterProblem::CODES.len());
        for problem in problems {
            let json = serde_json::to_value(&problem).unwrap();
            assert_eq!(json["code"], problem.code(), "{json}");
            // Read by the page (in an error or a stale answer) and by the server (in an error).
            assert_eq!(crate::json::from_text::<RouterProblem>(&json.to_string()), Ok(problem.clone()));
            assert_eq!(serde_json::from_value::<RouterProblem>(json).unwrap(), problem);
        }
        // Codes it does not know, and values missing, are errors rather than a guess.
        for (bad, says) in [
            (r#"{"code": "on_fire"}"#, r#"unknown router problem "on_fire""#),
            (r#"{"code": "too_slow"}"#, r#"router problem "too_slow" without its deadline_ms"#),
            (r#"{"message": "x"}"#, "code: expected a string, found nothing"),
        ] {
            assert_eq!(crate::json::from_text::<RouterProblem>(bad), Err(says.to_owned()));
            assert!(serde_json::from_str::<RouterProblem>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn interface_stats_are_read_back_as_they_are_written_flat() {
        let stats = InterfaceStats {
            info: InterfaceInfo {
                name: "<pppoe-budi>".into(),
                kind: "pppoe-in".into(),
                running: true,
                disabled: false,
                comment: Some("Blok C".into()),
            },
            rx_byte: 1_234,
            tx_byte: 5_678,
            rx_bps: Some(2.5e6),
            tx_bps: None,
        };
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(
            (&json["name"], &json["type"], &json["rx_byte"]),
            (&"<pppoe-budi>".into(), &"pppoe-in".into(), &1_234.into())
        );
        assert_eq!(crate::json::from_text::<InterfaceStats>(&json.to_string()), Ok(stats));
        // A missing comment is none; a missing counter is an error, not a zero.
        let bare = r#"{"name":"ether1","type":"ether","running":true,"disabled":false,"rx_byte":1,"tx_byte":2,"rx_bps":null,"tx_bps":null}"#;
        assert_eq!(crate::json::from_text::<InterfaceStats>(bare).unwrap().info.comment, None);
        assert_eq!(
            crate::json::from_text::<InterfaceStats>(&bare.replace(r#""rx_byte":1,"#, "")),
            Err("rx_byte: expected a whole number of at least zero, found nothing".to_owned())
        );
    }
}
