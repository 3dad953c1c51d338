//! Server configuration, read from environment variables with named defaults.
//!
//! Every duration is given in milliseconds and named `*_MS`: the feature this replaces once took
//! a timeout in seconds where milliseconds were meant, and a hung socket lived for 50 minutes.

use std::borrow::Cow;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use leptos::prelude::LeptosOptions;

use crate::fleet::settings::{check_name, RouterSettings};
use crate::history::Retention;
use crate::model::{DashboardSettings, RouterLabel};
use crate::routeros::target::{API_PORT, API_SSL_PORT, DEFAULT_USER};
use crate::routeros::tls::{parse_fingerprint, TlsVerification};
use crate::routeros::{Deadlines, Password};
use crate::stats::StatsTimings;
use crate::store::secret::KEY_ENV;
use crate::store::{DATA_DIR_ENV, DEFAULT_DATA_DIR};

/// One environment variable the server reads, with its default as shown in `--help`.
pub struct EnvVar {
    pub name: &'static str,
    pub default: String,
    pub help: &'static str,
}

pub const ROUTEROS_HOST: &str = "ROUTEROS_HOST";
pub const ROUTEROS_NAME: &str = "ROUTEROS_NAME";
pub const SESSION_IDLE_H: &str = "ROUTEROS_TRAFFIC_SESSION_IDLE_H";
pub const SECURE_COOKIES: &str = "ROUTEROS_TRAFFIC_SECURE_COOKIES";
pub const RETENTION_RAW_H: &str = "ROUTEROS_TRAFFIC_RETENTION_RAW_H";
pub const RETENTION_MINUTE_D: &str = "ROUTEROS_TRAFFIC_RETENTION_MINUTE_D";
/// Idle sessions expire after a week unless configured.
pub const DEFAULT_SESSION_IDLE_H: u32 = 7 * 24;
pub const ROUTEROS_PORT: &str = "ROUTEROS_PORT";
pub const ROUTEROS_USER: &str = "ROUTEROS_USER";
pub const ROUTEROS_PASSWORD: &str = "ROUTEROS_PASSWORD";
pub const ROUTEROS_TLS: &str = "ROUTEROS_TLS";
pub const TLS_CA_FILE: &str = "ROUTEROS_TLS_CA_FILE";
pub const TLS_FINGERPRINT: &str = "ROUTEROS_TLS_FINGERPRINT";
pub const TLS_INSECURE: &str = "ROUTEROS_TLS_INSECURE_SKIP_VERIFY";
pub const POLL_INTERVAL_MS: &str = "ROUTEROS_POLL_INTERVAL_MS";
pub const POLL_TIMEOUT_MS: &str = "ROUTEROS_POLL_TIMEOUT_MS";
pub const COMMAND_TIMEOUT_MS: &str = "ROUTEROS_COMMAND_TIMEOUT_MS";
pub const CACHE_TTL_MS: &str = "ROUTEROS_CACHE_TTL_MS";
pub const STALE_LIMIT_MS: &str = "ROUTEROS_STALE_LIMIT_MS";
pub const RECOVERY_FAILURES: &str = "ROUTEROS_RECOVERY_FAILURES";
pub const RECOVERY_PAUSE_MS: &str = "ROUTEROS_RECOVERY_PAUSE_MS";
pub const CHART_WINDOW_POLLS: &str = "ROUTEROS_CHART_WINDOW_POLLS";

/// Every variable, in the order `--help` lists them, with the defaults the code uses.
///
/// Parsed by hand rather than with clap's `env`: an error then names the variable the operator
/// set (`ROUTEROS_POLL_INTERVAL_MS="2s" is invalid`), not a command-line flag they never used,
/// and timings are checked against each other.
pub fn env_vars() -> Vec<EnvVar> {
    let ms = |d: Duration| d.as_millis().to_string();
    let defaults = Timings::default();
    let var = |name, default: &str, help| EnvVar { name, default: default.to_owned(), help };
    vec![
        var("LEPTOS_SITE_ADDR", "127.0.0.1:3000", "where the dashboard listens"),
        var(DATA_DIR_ENV, DEFAULT_DATA_DIR, "the data directory: database, secret key, lock"),
        var(KEY_ENV, "a key file in the data directory", "64 hex digits: the key stored router passwords are sealed with"),
        var(ROUTEROS_HOST, "unset", "one more router, not stored: `host` or `host:port`"),
        var(ROUTEROS_NAME, "the host", "the name of the ROUTEROS_HOST router"),
        var(SESSION_IDLE_H, &DEFAULT_SESSION_IDLE_H.to_string(), "hours after which an unused login session ends"),
        var(RETENTION_RAW_H, "24", "hours of history kept at full resolution (every reading)"),
        var(RETENTION_MINUTE_D, "30", "days of history kept as per-minute average and maximum"),
        var(SECURE_COOKIES, "0", "1 to mark the session cookie Secure (it is when a proxy sends X-Forwarded-Proto: https)"),
        var(ROUTEROS_PORT, &format!("{API_PORT}; {API_SSL_PORT} with TLS"), "API port"),
        var(ROUTEROS_USER, DEFAULT_USER, "API user"),
        var(ROUTEROS_PASSWORD, "empty", "API password (never logged or shown)"),
        var(ROUTEROS_TLS, "0", "1 for API-SSL"),
        var(TLS_CA_FILE, "unset", "API-SSL: PEM file of the CA that signed the router's certificate"),
        var(TLS_FINGERPRINT, "unset", "API-SSL: SHA-256 fingerprint of the router's certificate"),
        var(TLS_INSECURE, "0", "API-SSL: 1 to skip certificate verification (insecure)"),
        var(POLL_INTERVAL_MS, &ms(defaults.poll_interval), "browser polling interval"),
        var(POLL_TIMEOUT_MS, &ms(defaults.poll_timeout), "browser abort of one request"),
        var(
            COMMAND_TIMEOUT_MS,
            &ms(defaults.command_timeout),
            "server deadline for one router attempt (connect, login, command); below ROUTEROS_POLL_TIMEOUT_MS",
        ),
        var(CACHE_TTL_MS, &ms(defaults.cache_ttl), "server cache lifetime: at most one router attempt per period"),
        var(
            STALE_LIMIT_MS,
            &ms(defaults.stale_limit),
            "oldest data served, marked stale, while the router fails; at least ROUTEROS_CACHE_TTL_MS",
        ),
        var(
            RECOVERY_FAILURES,
            &defaults.recovery_failures.to_string(),
            "consecutive failures that start auto-recovery",
        ),
        var(RECOVERY_PAUSE_MS, &ms(defaults.recovery_pause), "pause before monitoring restarts"),
        var(CHART_WINDOW_POLLS, &defaults.chart_window_polls.to_string(), "chart window, in polls"),
    ]
}

/// The whole server configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The router of `ROUTEROS_HOST`, if set: watched beside the stored ones.
    pub router: Option<RouterSettings>,
    pub data_dir: PathBuf,
    /// `ROUTEROS_TRAFFIC_SECRET_KEY`, if set; otherwise the key file in the data directory.
    pub secret_key: Option<SecretText>,
    /// How long an unused login session lasts.
    pub session_idle: Duration,
    /// Whether the session cookie is always `Secure`.
    pub secure_cookies: bool,
    pub timings: Timings,
    /// How long history is kept at each resolution.
    pub retention: Retention,
}

/// A secret from the environment: `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretText(pub String);

impl fmt::Debug for SecretText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Every timing of the poll loop, the cache and the router client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timings {
    pub poll_interval: Duration,
    pub poll_timeout: Duration,
    pub command_timeout: Duration,
    pub cache_ttl: Duration,
    pub stale_limit: Duration,
    pub recovery_failures: u32,
    pub recovery_pause: Duration,
    pub chart_window_polls: u32,
}

impl Timings {
    /// The original feature's browser timings; the server's come from their own layers.
    pub const POLL_INTERVAL: Duration = Duration::from_secs(2);
    pub const POLL_TIMEOUT: Duration = Duration::from_secs(5);
    pub const RECOVERY_FAILURES: u32 = 5;
    pub const RECOVERY_PAUSE: Duration = Duration::from_secs(3);
    pub const CHART_WINDOW_POLLS: u32 = 30;

    /// Refuses timings that defeat each other, naming both variables.
    pub fn check(&self) -> Result<(), ConfigError> {
        let ms = |d: Duration| d.as_millis();
        if self.command_timeout >= self.poll_timeout {
            return Err(ConfigError {
                name: COMMAND_TIMEOUT_MS,
                value: ms(self.command_timeout).to_string(),
                reason: format!(
                    "it must be shorter than {POLL_TIMEOUT_MS}={}: a request can wait one command \
                     deadline, and the browser gives up on it after the poll timeout",
                    ms(self.poll_timeout)
                )
                .into(),
            });
        }
        if self.stale_limit < self.cache_ttl {
            return Err(ConfigError {
                name: STALE_LIMIT_MS,
                value: ms(self.stale_limit).to_string(),
                reason: format!(
                    "it must be at least {CACHE_TTL_MS}={}: a failed attempt is remembered for \
                     one cache period, and stale data must outlive it",
                    ms(self.cache_ttl)
                )
                .into(),
            });
        }
        Ok(())
    }

    pub fn stats(&self) -> StatsTimings {
        StatsTimings {
            cache_ttl: self.cache_ttl,
            deadline: self.command_timeout,
            stale_limit: self.stale_limit,
            ..StatsTimings::default()
        }
    }
}

impl Default for Timings {
    fn default() -> Self {
        let stats = StatsTimings::default();
        Self {
            poll_interval: Self::POLL_INTERVAL,
            poll_timeout: Self::POLL_TIMEOUT,
            command_timeout: Deadlines::DEFAULT,
            cache_ttl: stats.cache_ttl,
            stale_limit: stats.stale_limit,
            recovery_failures: Self::RECOVERY_FAILURES,
            recovery_pause: Self::RECOVERY_PAUSE,
            chart_window_polls: Self::CHART_WINDOW_POLLS,
        }
    }
}

/// A variable that is set but unusable. Names the variable and, except for secrets, its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{name}={value:?} is invalid: {reason}")]
pub struct ConfigError {
    pub name: &'static str,
    pub value: String,
    pub reason: Cow<'static, str>,
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup`, so tests need not touch the process environment.
    /// Empty values count as unset.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let var = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let defaults = Timings::default();
        let timings = Timings {
            poll_interval: millis(POLL_INTERVAL_MS, var(POLL_INTERVAL_MS), defaults.poll_interval)?,
            poll_timeout: millis(POLL_TIMEOUT_MS, var(POLL_TIMEOUT_MS), defaults.poll_timeout)?,
            command_timeout: millis(COMMAND_TIMEOUT_MS, var(COMMAND_TIMEOUT_MS), defaults.command_timeout)?,
            cache_ttl: millis(CACHE_TTL_MS, var(CACHE_TTL_MS), defaults.cache_ttl)?,
            stale_limit: millis(STALE_LIMIT_MS, var(STALE_LIMIT_MS), defaults.stale_limit)?,
            recovery_failures: count(RECOVERY_FAILURES, var(RECOVERY_FAILURES), defaults.recovery_failures)?,
            recovery_pause: millis(RECOVERY_PAUSE_MS, var(RECOVERY_PAUSE_MS), defaults.recovery_pause)?,
            chart_window_polls: count(
                CHART_WINDOW_POLLS,
                var(CHART_WINDOW_POLLS),
                defaults.chart_window_polls,
            )?,
        };

        timings.check()?;

        let router = match var(ROUTEROS_HOST) {
            None => None,
            Some(host) => {
                let tls = match flag(ROUTEROS_TLS, var(ROUTEROS_TLS))? {
                    true => Some(tls_verification(&var)?),
                    false => None,
                };
                let (host, port_in_host) = split_host_port(&host)?;
                let port = match var(ROUTEROS_PORT) {
                    Some(port) => parse_port(ROUTEROS_PORT, &port)?,
                    None => port_in_host.unwrap_or(if tls.is_some() { API_SSL_PORT } else { API_PORT }),
                };
                let name = match var(ROUTEROS_NAME) {
                    Some(name) => {
                        check_name(&name).map_err(|reason| ConfigError {
                            name: ROUTEROS_NAME,
                            value: name.clone(),
                            reason: reason.to_string().into(),
                        })?;
                        name
                    }
                    None => host.clone(),
                };
                Some(RouterSettings {
                    name,
                    host,
                    port,
                    user: var(ROUTEROS_USER).unwrap_or_else(|| DEFAULT_USER.to_owned()),
                    // Not trimmed or filtered: a password of spaces is a password.
                    password: Password::new(lookup(ROUTEROS_PASSWORD).unwrap_or_default()),
                    tls,
                })
            }
        };
        let data_dir = var(DATA_DIR_ENV).unwrap_or_else(|| DEFAULT_DATA_DIR.to_owned()).into();
        let secret_key = lookup(KEY_ENV).filter(|key| !key.trim().is_empty()).map(SecretText);
        let idle_h = count(SESSION_IDLE_H, var(SESSION_IDLE_H), DEFAULT_SESSION_IDLE_H)?;
        let session_idle = Duration::from_secs(u64::from(idle_h) * 3600);
        let secure_cookies = flag(SECURE_COOKIES, var(SECURE_COOKIES))?;
        let retention = Retention {
            raw: Duration::from_secs(u64::from(count(RETENTION_RAW_H, var(RETENTION_RAW_H), 24)?) * 3600),
            minutes: Duration::from_secs(
                u64::from(count(RETENTION_MINUTE_D, var(RETENTION_MINUTE_D), 30)?) * 86_400,
            ),
        };
        Ok(Self { router, timings, data_dir, secret_key, session_idle, secure_cookies, retention })
    }

    /// What a router's page needs to run its dashboard.
    pub fn dashboard_settings(&self, router: RouterLabel) -> DashboardSettings {
        let ms = |d: Duration| u32::try_from(d.as_millis()).unwrap_or(u32::MAX);
        DashboardSettings {
            router,
            poll_interval_ms: ms(self.timings.poll_interval),
            poll_timeout_ms: ms(self.timings.poll_timeout),
            cache_ttl_ms: ms(self.timings.cache_ttl),
            recovery_failures: self.timings.recovery_failures,
            recovery_pause_ms: ms(self.timings.recovery_pause),
            chart_window_polls: self.timings.chart_window_polls,
        }
    }
}

/// The environment section of `--help`, generated from [`env_vars`].
pub fn env_help() -> String {
    let vars = env_vars();
    let width = vars.iter().map(|v| v.name.len()).max().unwrap_or(0);
    let mut text = String::from("Environment variables:\n");
    for var in &vars {
        text.push_str(&format!("  {:width$}  {} [default: {}]\n", var.name, var.help, var.default));
    }
    text
}

/// Loads the Leptos options: `./Leptos.toml` when present (a deployment), otherwise the
/// variables cargo-leptos sets. `LEPTOS_*` variables override the file in both cases.
pub fn leptos_options() -> Result<LeptosOptions, leptos::config::errors::LeptosConfigError> {
    const FILE: &str = "Leptos.toml";
    let path = std::path::Path::new(FILE).is_file().then_some(FILE);
    Ok(leptos::prelude::get_configuration(path)?.leptos_options)
}

/// Exactly one way to verify the router's certificate must be chosen.
fn tls_verification(var: &impl Fn(&str) -> Option<String>) -> Result<TlsVerification, ConfigError> {
    let ca = var(TLS_CA_FILE);
    let pin = var(TLS_FINGERPRINT);
    let insecure = flag(TLS_INSECURE, var(TLS_INSECURE))?;
    match (ca, pin, insecure) {
        (Some(path), None, false) => match std::fs::read_to_string(&path) {
            Ok(pem) => Ok(TlsVerification::CaPem(pem)),
            Err(error) => {
                Err(ConfigError { name: TLS_CA_FILE, value: path, reason: format!("cannot read it: {error}").into() })
            }
        },
        (None, Some(pin), false) => parse_fingerprint(&pin).map(TlsVerification::Fingerprint).ok_or(ConfigError {
            name: TLS_FINGERPRINT,
            value: pin,
            reason: "expected 64 hex digits (SHA-256), colons allowed".into(),
        }),
        (None, None, true) => Ok(TlsVerification::InsecureSkipVerify),
        (None, None, false) => Err(ConfigError {
            name: ROUTEROS_TLS,
            value: "1".to_owned(),
            reason: "API-SSL needs ROUTEROS_TLS_CA_FILE or ROUTEROS_TLS_FINGERPRINT \
                     (or, knowingly, ROUTEROS_TLS_INSECURE_SKIP_VERIFY=1)"
                .into(),
        }),
        _ => Err(ConfigError {
            name: ROUTEROS_TLS,
            value: "1".to_owned(),
            reason: "choose one of ROUTEROS_TLS_CA_FILE, ROUTEROS_TLS_FINGERPRINT and ROUTEROS_TLS_INSECURE_SKIP_VERIFY".into(),
        }),
    }
}

/// The longest duration a setting may have: the page's timers are the browser's, which count
/// milliseconds in an `i32` (about 24.8 days); past it a poll timeout would wrap to "now" and
/// a pause would throw.
const MAX_MILLIS: u32 = i32::MAX as u32;

fn millis(name: &'static str, value: Option<String>, default: Duration) -> Result<Duration, ConfigError> {
    let Some(value) = value else { return Ok(default) };
    match value.trim().parse::<u32>() {
        Ok(ms) if (1..=MAX_MILLIS).contains(&ms) => Ok(Duration::from_millis(ms.into())),
        _ => Err(ConfigError {
            name,
            value,
            reason: format!(
                "expected a whole number of milliseconds from 1 to {MAX_MILLIS} (about 24.8 days)"
            )
            .into(),
        }),
    }
}

fn count(name: &'static str, value: Option<String>, default: u32) -> Result<u32, ConfigError> {
    let Some(value) = value else { return Ok(default) };
    match value.trim().parse::<u32>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(ConfigError { name, value, reason: "expected a whole number above 0".into() }),
    }
}

fn flag(name: &'static str, value: Option<String>) -> Result<bool, ConfigError> {
    match value.as_deref().map(str::trim) {
        None | Some("0") => Ok(false),
        Some("1") => Ok(true),
        Some(_) => {
            Err(ConfigError { name, value: value.unwrap_or_default(), reason: "expected 0 or 1".into() })
        }
    }
}

fn parse_port(name: &'static str, value: &str) -> Result<u16, ConfigError> {
    match value.trim().parse::<u16>() {
        Ok(port) if port > 0 => Ok(port),
        _ => Err(ConfigError {
            name,
            value: value.to_owned(),
            reason: "expected a port from 1 to 65535".into(),
        }),
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`. A bare IPv6 address has no port.
pub fn split_host_port(value: &str) -> Result<(String, Option<u16>), ConfigError> {
    let invalid = |reason: &'static str| ConfigError {
        name: ROUTEROS_HOST,
        value: value.to_owned(),
        reason: reason.into(),
    };
    let value = value.trim();
    if let Some(rest) = value.strip_prefix('[') {
        let (host, after) =
            rest.split_once(']').ok_or_else(|| invalid("unclosed `[` around an IPv6 address"))?;
        let port = match after {
            "" => None,
            _ => Some(
                after
                    .strip_prefix(':')
                    .ok_or_else(|| invalid("expected `:port` after `]`"))
                    .and_then(|port| parse_port(ROUTEROS_HOST, port))?,
            ),
        };
        return Ok((host.to_owned(), port));
    }
    match value.matches(':').count() {
        0 => Ok((value.to_owned(), None)),
        1 => {
            let (host, port) = value.split_once(':').unwrap_or((value, ""));
            if host.is_empty() {
                return Err(invalid("the host is empty"));
            }
            Ok((host.to_owned(), Some(parse_port(ROUTEROS_HOST, port)?)))
        }
        _ => Ok((value.to_owned(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars: HashMap<String, String> =
            vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Config::from_lookup(|name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_are_the_original_features_timings_and_demo_mode() {
        let config = config(&[]).unwrap();
        assert_eq!(config.router, None);
        assert_eq!(config.timings.poll_interval, Duration::from_millis(2000));
        assert_eq!(config.timings.poll_timeout, Duration::from_millis(5000));
        assert_eq!(config.timings.command_timeout, Duration::from_millis(3000));
        assert_eq!(config.timings.cache_ttl, Duration::from_millis(5000));
        assert_eq!(config.timings.recovery_failures, 5);
        assert_eq!(config.timings.recovery_pause, Duration::from_millis(3000));
        assert_eq!(config.timings.chart_window_polls, 30);
        assert_eq!(config.retention, Retention::default());
        let kept =
            super::tests::config(&[(RETENTION_RAW_H, "48"), (RETENTION_MINUTE_D, "90")]).unwrap().retention;
        assert_eq!((kept.raw.as_secs(), kept.minutes.as_secs()), (48 * 3600, 90 * 86_400));
    }

    #[test]
    fn router_port_follows_tls_unless_given() {
        let plain = config(&[(ROUTEROS_HOST, "10.0.0.1")]).unwrap().router.unwrap();
        assert_eq!((plain.port, plain.tls.is_none(), plain.user.as_str()), (8728, true, "admin"));
        let ca = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(ca.path(), "-----BEGIN CERTIFICATE-----\n").unwrap();
        let ca_path = ca.path().to_string_lossy();
        let tls = config(&[(ROUTEROS_HOST, "10.0.0.1"), (ROUTEROS_TLS, "1"), (TLS_CA_FILE, &ca_path)])
            .unwrap()
            .router
            .unwrap();
        let pem = "-----BEGIN CERTIFICATE-----\n".to_owned();
        assert_eq!((tls.port, tls.tls), (8729, Some(TlsVerification::CaPem(pem))));
        let missing =
            config(&[(ROUTEROS_HOST, "r1"), (ROUTEROS_TLS, "1"), (TLS_CA_FILE, "/nonexistent/ca.pem")]);
        assert_eq!(missing.unwrap_err().name, TLS_CA_FILE);
        let in_host = config(&[(ROUTEROS_HOST, "gw.example:9000")]).unwrap().router.unwrap();
        assert_eq!((in_host.host.as_str(), in_host.port), ("gw.example", 9000));
        let explicit =
            config(&[(ROUTEROS_HOST, "gw:9000"), (ROUTEROS_PORT, "1234")]).unwrap().router.unwrap();
        assert_eq!(explicit.port, 1234);
    }

    #[test]
    fn tls_needs_exactly_one_way_to_verify_the_router() {
        let with = |extra: &[(&str, &str)]| {
            let mut vars = vec![(ROUTEROS_HOST, "r1"), (ROUTEROS_TLS, "1")];
            vars.extend_from_slice(extra);
            config(&vars)
        };
        assert!(with(&[]).unwrap_err().to_string().contains(TLS_CA_FILE));
        let pin = "AB:".repeat(31) + "AB";
        assert_eq!(
            with(&[(TLS_FINGERPRINT, &pin)]).unwrap().router.unwrap().tls,
            Some(TlsVerification::Fingerprint([0xAB; 32]))
        );
        assert_eq!(with(&[(TLS_FINGERPRINT, "abc")]).unwrap_err().name, TLS_FINGERPRINT);
        assert_eq!(
            with(&[(TLS_INSECURE, "1")]).unwrap().router.unwrap().tls,
            Some(TlsVerification::InsecureSkipVerify)
        );
        assert!(with(&[(TLS_INSECURE, "1"), (TLS_CA_FILE, "/ca.pem")]).is_err(), "two ways is ambiguous");
    }

    #[test]
    fn ipv6_hosts_with_and_without_port() {
        let bare = config(&[(ROUTEROS_HOST, "::1")]).unwrap().router.unwrap();
        assert_eq!((bare.host.as_str(), bare.port, bare.address().as_str()), ("::1", 8728, "[::1]:8728"));
        let bracketed = config(&[(ROUTEROS_HOST, "[fe80::1]:8000")]).unwrap().router.unwrap();
        assert_eq!((bracketed.host.as_str(), bracketed.port), ("fe80::1", 8000));
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (name, value) in [
            (POLL_INTERVAL_MS, "2s"),
            (CACHE_TTL_MS, "0"),
            (POLL_TIMEOUT_MS, "2147483648"),
            (RECOVERY_PAUSE_MS, "4294967295"),
            (RECOVERY_FAILURES, "-1"),
            (ROUTEROS_TLS, "yes"),
            (ROUTEROS_PORT, "70000"),
            (RETENTION_RAW_H, "0"),
            (RETENTION_MINUTE_D, "a month"),
        ] {
            let err = config(&[(ROUTEROS_HOST, "r1"), (name, value)]).unwrap_err();
            assert_eq!(err.name, name);
            assert!(err.to_string().contains(name), "{err}");
        }
        let err = config(&[(ROUTEROS_HOST, "r1:port")]).unwrap_err();
        assert_eq!(err.name, ROUTEROS_HOST);
        let longest = config(&[(RECOVERY_PAUSE_MS, "2147483647")]).unwrap();
        assert_eq!(longest.timings.recovery_pause, Duration::from_millis(2_147_483_647));
    }

    #[test]
    fn timings_that_defeat_each_other_are_refused_naming_both_variables() {
        let err = config(&[(COMMAND_TIMEOUT_MS, "5000")]).unwrap_err();
        assert_eq!(err.name, COMMAND_TIMEOUT_MS);
        assert!(err.to_string().contains("ROUTEROS_POLL_TIMEOUT_MS=5000"), "{err}");
        assert!(config(&[(COMMAND_TIMEOUT_MS, "4000"), (POLL_TIMEOUT_MS, "8000")]).is_ok());
        let err = config(&[(STALE_LIMIT_MS, "4000")]).unwrap_err();
        assert_eq!(err.name, STALE_LIMIT_MS);
        assert!(err.to_string().contains("ROUTEROS_CACHE_TTL_MS=5000"), "{err}");
    }

    #[test]
    fn password_is_kept_exactly_and_never_debug_printed() {
        let config = config(&[(ROUTEROS_HOST, "r1"), (ROUTEROS_PASSWORD, " s3cret ")]).unwrap();
        let router = config.router.as_ref().unwrap();
        assert_eq!(router.password.expose(), " s3cret ");
        assert!(!format!("{config:?}").contains("s3cret"));
    }

    #[test]
    fn help_lists_every_variable() {
        let help = env_help();
        for var in env_vars() {
            assert!(help.contains(var.name), "{} missing from --help", var.name);
        }
    }
}
