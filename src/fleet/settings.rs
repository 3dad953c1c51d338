//! A router's settings, checked. Everything that reaches the database or a router passes
//! through [`RouterSettings::from_input`]: hostile input gets a message per field, never a 500.

use std::time::Duration;

use crate::model::{FieldError, FieldProblem, RouterInput};
use crate::routeros::target::{API_PORT, API_SSL_PORT, DEFAULT_USER};
use crate::routeros::tls::{self, parse_fingerprint, TlsVerification};
use crate::routeros::{Deadlines, Password, Target};

pub const MAX_NAME_CHARS: usize = 64;
const MAX_HOST_CHARS: usize = 253;
const MAX_USER_CHARS: usize = 128;
const MAX_PASSWORD_BYTES: usize = 1024;
const MAX_CA_PEM_BYTES: usize = 64 * 1024;

/// The stored router an edit starts from.
#[derive(Debug, Clone, Copy)]
pub struct Previous<'a> {
    pub settings: &'a RouterSettings,
    /// False when the secret key could not open its stored password.
    pub password_readable: bool,
}

/// A router the fleet can watch: a valid name and everything needed to log in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterSettings {
    pub name: String,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub password: Password,
    pub tls: Option<TlsVerification>,
}

impl RouterSettings {
    /// How the client reaches this router, every step under `deadline`.
    pub fn target(&self, deadline: Duration) -> Target {
        Target {
            host: self.host.clone(),
            port: self.port,
            user: self.user.clone(),
            password: self.password.clone(),
            tls: self.tls.clone(),
            deadlines: Deadlines::all(deadline),
        }
    }

    /// `host:port`, with IPv6 hosts in brackets.
    pub fn address(&self) -> String {
        self.target(Deadlines::DEFAULT).address()
    }

    /// Checks `input`. `stored_password` is the password kept when the input has none (an
    /// edit that leaves the field empty).
    /// Checks `input`. `previous` is the stored router an edit (or a test of it) starts from:
    /// its password is kept when the input has none, but only for the same host, port, user
    /// and TLS, so a stored password is never sent to another address; and never when the
    /// key could not open it.
    pub fn from_input(input: &RouterInput, previous: Option<Previous<'_>>) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, problem: FieldProblem| errors.push(FieldError::new(field, problem));

        if let Err(problem) = check_name(&input.name) {
            fail("name", problem);
        }
        let host = input.host.trim();
        if let Err(problem) = check_host(host) {
            fail("host", problem);
        }
        let default_port = if input.tls { API_SSL_PORT } else { API_PORT };
        let port = match input.port {
            None => default_port,
            Some(port) => match u16::try_from(port) {
                Ok(port) if port > 0 => port,
                _ => {
                    fail("port", FieldProblem::PortRange(port));
                    default_port
                }
            },
        };
        let user = input.user.as_deref().map(str::trim).filter(|u| !u.is_empty()).unwrap_or(DEFAULT_USER);
        if user.chars().count() > MAX_USER_CHARS || user.chars().any(char::is_control) {
            fail("user", FieldProblem::UserRule(MAX_USER_CHARS as u32));
        }
        let tls = match tls_verification(input) {
            Ok(tls) => tls,
            Err((field, problem)) => {
                fail(field, problem);
                None
            }
        };
        let password = match (&input.password, previous) {
            (Some(password), _) => {
                if password.len() > MAX_PASSWORD_BYTES
                    || password.chars().any(|c| c == '\0' || c == '\n' || c == '\r')
                {
                    fail("password", FieldProblem::RouterPasswordRule(MAX_PASSWORD_BYTES as u32));
                }
                Password::new(password.clone())
            }
            (None, Some(previous)) if !previous.password_readable => {
                fail("password", FieldProblem::StoredPasswordUnreadable);
                Password::default()
            }
            (None, Some(Previous { settings: stored, .. }))
                if (stored.host.as_str(), stored.port, stored.user.as_str(), &stored.tls)
                    != (host, port, user, &tls) =>
            {
                fail("password", FieldProblem::StoredPasswordNotKept);
                Password::default()
            }
            (None, Some(previous)) => previous.settings.password.clone(),
            (None, None) => Password::default(),
        };
        if errors.is_empty() {
            Ok(Self {
                name: input.name.clone(),
                host: host.to_owned(),
                port,
                user: user.to_owned(),
                password,
                tls,
            })
        } else {
            Err(errors)
        }
    }

    /// The settings as the form shows them: never the password.
    pub fn to_input(&self) -> RouterInput {
        let (fingerprint, ca_pem, insecure) = match &self.tls {
            Some(TlsVerification::Fingerprint(pin)) => (Some(hex::encode(pin)), None, false),
            Some(TlsVerification::CaPem(pem)) => (None, Some(pem.clone()), false),
            Some(TlsVerification::InsecureSkipVerify) => (None, None, true),
            None => (None, None, false),
        };
        RouterInput {
            name: self.name.clone(),
            host: self.host.clone(),
            port: Some(self.port.into()),
            user: Some(self.user.clone()),
            password: None,
            tls: self.tls.is_some(),
            tls_fingerprint: fingerprint,
            tls_ca_pem: ca_pem,
            tls_insecure_skip_verify: insecure,
        }
    }
}

/// 1 to 64 characters of letters, digits, `-`, `_` and `.`: safe in a URL path, a metric
/// label and a log line as it is.
pub fn check_name(name: &str) -> Result<(), FieldProblem> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if name.is_empty()
        || name.chars().count() > MAX_NAME_CHARS
        || !name.chars().all(allowed)
        || name == "."
        || name == ".."
    {
        return Err(FieldProblem::NameRule(MAX_NAME_CHARS as u32));
    }
    Ok(())
}

/// A DNS name or an IP address, without port, scheme or path.
fn check_host(host: &str) -> Result<(), FieldProblem> {
    if host.is_empty() {
        return Err(FieldProblem::Required);
    }
    if host.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if host.len() > MAX_HOST_CHARS || !host.split('.').all(label_ok) {
        return Err(FieldProblem::HostForm);
    }
    Ok(())
}

/// Exactly one way to verify the router's certificate when TLS is on.
fn tls_verification(input: &RouterInput) -> Result<Option<TlsVerification>, (&'static str, FieldProblem)> {
    let fingerprint = input.tls_fingerprint.as_deref().map(str::trim).filter(|f| !f.is_empty());
    let ca_pem = input.tls_ca_pem.as_deref().map(str::trim).filter(|p| !p.is_empty());
    if !input.tls {
        return Ok(None);
    }
    match (fingerprint, ca_pem, input.tls_insecure_skip_verify) {
        (Some(fingerprint), None, false) => parse_fingerprint(fingerprint)
            .map(|pin| Some(TlsVerification::Fingerprint(pin)))
            .ok_or(("tls_fingerprint", FieldProblem::FingerprintForm)),
        (None, Some(pem), false) => {
            if pem.len() > MAX_CA_PEM_BYTES {
                return Err(("tls_ca_pem", FieldProblem::CaTooLarge((MAX_CA_PEM_BYTES / 1024) as u32)));
            }
            tls::ca_roots(pem).map_err(|_| ("tls_ca_pem", FieldProblem::CaUnusable))?;
            Ok(Some(TlsVerification::CaPem(pem.to_owned())))
        }
        (None, None, true) => Ok(Some(TlsVerification::InsecureSkipVerify)),
        (None, None, false) => Err(("tls", FieldProblem::TlsVerificationMissing)),
        _ => Err(("tls", FieldProblem::TlsVerificationAmbiguous)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, host: &str) -> RouterInput {
        RouterInput { name: name.to_owned(), host: host.to_owned(), ..RouterInput::default() }
    }

    fn fields(result: Result<RouterSettings, Vec<FieldError>>) -> Vec<String> {
        result.err().unwrap_or_default().into_iter().map(|e| e.field).collect()
    }

    #[test]
    fn a_plain_router_gets_the_defaults() {
        let settings = RouterSettings::from_input(&input("core-1", "10.0.0.1"), None).unwrap();
        assert_eq!((settings.port, settings.user.as_str(), settings.password.expose()), (8728, "admin", ""));
        let tls =
            RouterInput { tls: true, tls_insecure_skip_verify: true, ..input("edge.2", "gw.example.net") };
        assert_eq!(RouterSettings::from_input(&tls, None).unwrap().port, 8729);
    }

    #[test]
    fn hostile_input_is_refused_field_by_field() {
        for name in ["", "a/b", "..", "x y", "ether\n1", "é", &"n".repeat(65)] {
            assert_eq!(
                fields(RouterSettings::from_input(&input(name, "10.0.0.1"), None)),
                ["name"],
                "{name:?}"
            );
        }
        for host in [
            "",
            "http://10.0.0.1",
            "10.0.0.1:8728",
            "a b",
            "host/../x",
            &"h".repeat(100_000),
            "-bad-.example",
        ] {
            assert_eq!(fields(RouterSettings::from_input(&input("r", host), None)), ["host"], "{host:?}");
        }
        let port = RouterInput { port: Some(70_000), ..input("r", "10.0.0.1") };
        assert_eq!(
            RouterSettings::from_input(&port, None).err(),
            Some(vec![FieldError::new("port", FieldProblem::PortRange(70_000))])
        );
        let ca = RouterInput { tls: true, tls_ca_pem: Some("not pem".into()), ..input("r", "10.0.0.1") };
        assert_eq!(fields(RouterSettings::from_input(&ca, None)), ["tls_ca_pem"]);
        let two = RouterInput {
            tls: true,
            tls_ca_pem: Some("x".into()),
            tls_insecure_skip_verify: true,
            ..input("r", "h")
        };
        assert_eq!(fields(RouterSettings::from_input(&two, None)), ["tls"]);
        let everything = RouterInput { port: Some(0), ..input("a/b", "") };
        assert_eq!(fields(RouterSettings::from_input(&everything, None)), ["name", "host", "port"]);
    }

    #[test]
    fn an_edit_without_a_password_keeps_the_stored_one_for_the_same_address_only() {
        let stored = RouterSettings {
            password: Password::new("kept"),
            ..RouterSettings::from_input(&input("r", "10.0.0.2"), None).unwrap()
        };
        let previous = Previous { settings: &stored, password_readable: true };
        let renamed = RouterSettings::from_input(&input("r2", "10.0.0.2"), Some(previous)).unwrap();
        assert_eq!(renamed.password.expose(), "kept");
        let changed = RouterInput { password: Some("new".into()), ..input("r", "10.0.0.2") };
        assert_eq!(RouterSettings::from_input(&changed, Some(previous)).unwrap().password.expose(), "new");
        assert_eq!(renamed.to_input().password, None, "the form never gets the password");
        // Another host, port or user: the stored password is not sent there.
        for moved in [
            input("r", "10.9.9.9"),
            RouterInput { port: Some(8000), ..input("r", "10.0.0.2") },
            RouterInput { user: Some("x".into()), ..input("r", "10.0.0.2") },
        ] {
            assert_eq!(fields(RouterSettings::from_input(&moved, Some(previous))), ["password"], "{moved:?}");
        }
        let unreadable = Previous { settings: &stored, password_readable: false };
        assert_eq!(
            fields(RouterSettings::from_input(&input("r", "10.0.0.2"), Some(unreadable))),
            ["password"]
        );
    }
}
