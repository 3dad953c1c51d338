//! The page's languages: English and Bahasa Indonesia, as a small typed catalogue.
//!
//! Every text is a field of [`Texts`], so a text missing in one language does not compile. Texts
//! with values in them are functions. A well-kept crate (leptos_i18n) was weighed and measured
//! against this; see the README's "Languages".
//!
//! The server picks the language of each page (the `lang` cookie set by the switch on the page,
//! else the browser's `Accept-Language`) and writes it into `<html lang>`, where the browser
//! reads it back at hydration, so both render the same words.

use leptos::prelude::use_context;

use crate::error::{AppError, Conflict};
use crate::model::{FieldProblem, Role, RouterProblem};

/// The language of the page being rendered (provided at its root), English outside one.
pub fn use_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The texts of the page being rendered.
pub fn use_texts() -> &'static Texts {
    use_locale().texts()
}

/// A language the page speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    En,
    Id,
}

/// The cookie that remembers the language chosen on the page. Named for the product: cookies
/// do not tell ports apart, and another app on the same host may well have a `lang`.
pub const COOKIE: &str = "routeros_traffic_lang";

impl Locale {
    pub const ALL: [Self; 2] = [Self::En, Self::Id];

    /// The BCP 47 tag, as in `<html lang>` and the cookie.
    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Id => "id",
        }
    }

    /// The cookie that remembers this choice for a year, as `Set-Cookie` and `document.cookie`
    /// take it.
    pub fn cookie(self) -> String {
        format!("{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax", self.tag())
    }

    /// The language's own name, for the switch.
    pub fn name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Id => "Bahasa Indonesia",
        }
    }

    /// The locale of a language tag (`id`, `id-ID`, the legacy `in`, `en-GB`), if one we speak.
    pub fn from_tag(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "id" | "in" => Some(Self::Id),
            _ => None,
        }
    }

    /// The best of our languages for an `Accept-Language` header: the highest `q` we speak,
    /// the first listed among equals; English when none.
    pub fn negotiate(accept_language: &str) -> Self {
        let mut best: Option<(f32, Self)> = None;
        for item in accept_language.split(',').take(32) {
            let mut parts = item.split(';');
            let Some(locale) = parts.next().and_then(Self::from_tag) else { continue };
            // `q` is case-insensitive and may have spaces around `=`; a weight is 0 to 1.
            let q = parts
                .filter_map(|p| p.split_once('='))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("q"))
                .map_or(Some(1.0), |(_, q)| q.trim().parse::<f32>().ok())
                .filter(|q| *q > 0.0 && *q <= 1.0);
            if let Some(q) = q {
                if best.is_none_or(|(best_q, _)| q > best_q) {
                    best = Some((q, locale));
                }
            }
        }
        best.map_or(Self::En, |(_, locale)| locale)
    }

    /// The page's language from the `lang` cookie, else from `Accept-Language`.
    pub fn for_request(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        cookie.and_then(Self::from_tag).unwrap_or_else(|| Self::negotiate(accept_language.unwrap_or("")))
    }

    pub fn texts(self) -> &'static Texts {
        match self {
            Self::En => &EN,
            Self::Id => &ID,
        }
    }

    /// `text`, a number written with a decimal point, with this locale's decimal separator.
    pub fn number(self, text: String) -> String {
        match self {
            Self::En => text,
            Self::Id => text.replace('.', ","),
        }
    }

    /// The separator between hours, minutes and seconds: `14:05` in English, `14.05` in
    /// Indonesian.
    pub fn time_separator(self) -> char {
        match self {
            Self::En => ':',
            Self::Id => '.',
        }
    }
}

/// Every text of the page in one language.
pub struct Texts {
    /// The language these are the texts of.
    pub locale: Locale,
    // Header and pages
    pub app_title: &'static str,
    pub all_routers: &'static str,
    pub router_settings: &'static str,
    pub users: &'static str,
    pub your_password: &'static str,
    pub pages: &'static str,
    pub log_out: &'static str,
    pub language: &'static str,
    pub router_label: &'static str,
    pub router_unknown: &'static str,
    pub no_login_before: &'static str,
    pub no_login_after: &'static str,
    pub no_such_page: &'static str,
    pub code_failed: &'static str,
    pub reload: &'static str,
    pub no_webassembly: &'static str,
    pub no_router_named: fn(&str) -> String,
    pub server_did_not_answer: fn(&str) -> String,
    pub history_unavailable: fn(&str) -> String,
    // Overview
    pub routers: &'static str,
    pub loading_routers: &'static str,
    pub demo_note: &'static str,
    pub demo_router: &'static str,
    pub status_live: &'static str,
    pub status_stale: &'static str,
    pub status_login_refused: &'static str,
    pub status_idle: &'static str,
    pub last_answer: &'static str,
    pub never: &'static str,
    pub busiest_now: &'static str,
    pub physical_ports: &'static str,
    // Monitor
    pub monitor_controls: &'static str,
    pub start_monitor: &'static str,
    pub stop_monitor: &'static str,
    pub needs_javascript: &'static str,
    pub traffic: &'static str,
    // Status
    pub stopped: &'static str,
    pub connecting: &'static str,
    pub paused: &'static str,
    pub live: &'static str,
    pub stale: &'static str,
    pub reconnecting: &'static str,
    pub recovering: &'static str,
    pub while_hidden: &'static str,
    pub last_updated: fn(&str) -> String,
    pub data_age: fn(&str, u64) -> String,
    pub server_not_answering: fn(u32, u32) -> String,
    pub since: fn(&str, u32, u32) -> String,
    pub restarts_in: fn(u64) -> String,
    // Chart
    pub select_interface: &'static str,
    pub select_and_start: &'static str,
    pub loading_history: &'static str,
    pub nothing_recorded: &'static str,
    pub reconnecting_overlay: &'static str,
    pub all_gone: &'static str,
    pub waiting_first: &'static str,
    pub chart_no_data: &'static str,
    pub chart_latest: &'static str,
    pub drag_to_zoom: &'static str,
    pub log_scale: &'static str,
    pub save_png: &'static str,
    pub download_csv: &'static str,
    pub now: &'static str,
    pub seconds_short: &'static str,
    pub minutes_short: &'static str,
    pub unknown: &'static str,
    // Legend and readings
    pub legend_label: &'static str,
    pub interface: &'static str,
    pub direction: &'static str,
    pub current: &'static str,
    pub average: &'static str,
    pub max: &'static str,
    pub rx_solid: &'static str,
    pub tx_dashed: &'static str,
    pub gone: &'static str,
    pub unselect: fn(&str) -> String,
    pub unselect_button: &'static str,
    pub not_on_router: &'static str,
    pub readings_caption: &'static str,
    pub time: &'static str,
    // Selector
    pub interfaces: &'static str,
    pub filter_placeholder: &'static str,
    pub filter_label: &'static str,
    pub sort_by: &'static str,
    pub sort_name: &'static str,
    pub sort_rx: &'static str,
    pub sort_tx: &'static str,
    pub refresh_list: &'static str,
    pub selected: fn(usize) -> String,
    pub loading_interfaces: &'static str,
    pub cannot_list: fn(&str) -> String,
    pub no_match: &'static str,
    pub list_as_of: fn(&str, &str) -> String,
    pub running: &'static str,
    pub down: &'static str,
    pub disabled: &'static str,
    // Range
    pub range: &'static str,
    pub live_minutes: fn(f64) -> String,
    pub live_seconds: fn(f64) -> String,
    pub last_hour: &'static str,
    pub last_hours: fn(u32) -> String,
    pub last_days: fn(u32) -> String,
    pub custom_range: &'static str,
    pub back_to_live: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub show: &'static str,
    pub start_before_end: &'static str,
    pub enter_start_end: &'static str,
    // Usage
    pub usage: &'static str,
    pub refresh: &'static str,
    pub download_usage_csv: &'static str,
    pub usage_hint: &'static str,
    pub today: &'static str,
    pub yesterday: &'static str,
    pub this_month: &'static str,
    pub loading: &'static str,
    pub usage_unavailable: fn(&str) -> String,
    // Errors and router problems, by code
    pub bad_request: fn(&str) -> String,
    pub unknown_router: fn(&str) -> String,
    pub unknown_user: fn(&str) -> String,
    pub invalid_fields: &'static str,
    pub forbidden: &'static str,
    pub log_in_again: &'static str,
    pub not_ready: &'static str,
    pub request_failed: fn(&str) -> String,
    pub router_unreachable: &'static str,
    pub login_refused: &'static str,
    pub command_refused: fn(&str) -> String,
    pub too_slow: fn(&str) -> String,
    pub invalid_data: &'static str,
    pub tls_failed: fn(&str) -> String,
    pub no_reading_yet: &'static str,
    pub removed: &'static str,
    pub password_unreadable: &'static str,
    // Form fields and conflicts, by code
    pub required: &'static str,
    pub name_rule: fn(u32) -> String,
    pub host_form: &'static str,
    pub port_range: fn(u32) -> String,
    pub user_rule: fn(u32) -> String,
    pub router_password_rule: fn(u32) -> String,
    pub stored_password_not_kept: &'static str,
    pub fingerprint_form: &'static str,
    pub ca_too_large: fn(u32) -> String,
    pub ca_unusable: &'static str,
    pub tls_verification_missing: &'static str,
    pub tls_verification_ambiguous: &'static str,
    pub password_too_short: fn(u32) -> String,
    pub password_too_long: fn(u32) -> String,
    pub own_admin_role: &'static str,
    pub not_current_password: &'static str,
    pub too_many_wrong_passwords: &'static str,
    pub name_taken: fn(&str) -> String,
    pub not_stored: fn(&str) -> String,
    pub environment_name: fn(&str) -> String,
    pub remove_yourself: &'static str,
    // Settings
    pub name: &'static str,
    pub address: &'static str,
    pub defined_by: &'static str,
    pub actions: &'static str,
    pub only_admin_routers: &'static str,
    pub add_router: &'static str,
    pub add_a_router: &'static str,
    pub keep_it: &'static str,
    pub set_by_env: &'static str,
    pub built_in_demo: &'static str,
    pub origin_database: &'static str,
    pub origin_environment: &'static str,
    pub origin_demo: &'static str,
    pub fields_need_change: &'static str,
    pub password_keep: &'static str,
    pub host_field: &'static str,
    pub port_field: &'static str,
    pub user_field: &'static str,
    pub api_ssl: &'static str,
    pub fingerprint_field: &'static str,
    pub ca_field: &'static str,
    pub no_verification: &'static str,
    pub save: &'static str,
    pub test_connection: &'static str,
    pub cancel: &'static str,
    pub saved: &'static str,
    pub role_changed: &'static str,
    pub password_reset_done: &'static str,
    pub reset_password: &'static str,
    pub removed_done: &'static str,
    pub role: &'static str,
    pub role_admin: &'static str,
    pub role_viewer: &'static str,
    pub add_a_user: &'static str,
    pub password_min: &'static str,
    pub admin_role: &'static str,
    pub add_user: &'static str,
    pub password_changed: &'static str,
    pub change_your_password: &'static str,
    pub current_password: &'static str,
    pub new_password_min: &'static str,
    pub change_password: &'static str,
    pub edit_named: fn(&str) -> String,
    pub remove_named: fn(&str) -> String,
    pub really_remove: fn(&str) -> String,
    pub connected: fn(&str, &str) -> String,
    pub make_role: fn(&str) -> String,
    pub new_password_for: fn(&str) -> String,
    // Login page
    pub log_in: &'static str,
    pub user_name: &'static str,
    pub password: &'static str,
    pub form_too_large: &'static str,
    pub form_not_text: &'static str,
    pub enter_user_and_password: &'static str,
    pub wrong_login: &'static str,
    pub too_many_logins: fn(u64) -> String,
    pub server_busy: &'static str,
}

impl Texts {
    /// A role's name.
    pub fn role_name(&self, role: Role) -> &'static str {
        match role {
            Role::Admin => self.role_admin,
            Role::Viewer => self.role_viewer,
        }
    }

    /// A router problem in these words: the server sends its code, the page words it.
    pub fn problem(&self, problem: &RouterProblem) -> String {
        match problem {
            RouterProblem::Unreachable => self.router_unreachable.to_owned(),
            RouterProblem::LoginRefused => self.login_refused.to_owned(),
            RouterProblem::CommandRefused { message } => (self.command_refused)(message),
            RouterProblem::TooSlow { deadline_ms } => {
                (self.too_slow)(&self.locale.number((*deadline_ms as f64 / 1000.0).to_string()))
            }
            RouterProblem::InvalidData => self.invalid_data.to_owned(),
            RouterProblem::Tls { message } => (self.tls_failed)(message),
            RouterProblem::NoReadingYet => self.no_reading_yet.to_owned(),
            RouterProblem::Removed => self.removed.to_owned(),
            RouterProblem::PasswordUnreadable => self.password_unreadable.to_owned(),
        }
    }

    /// Why a form's field was refused, in these words.
    pub fn field_problem(&self, problem: &FieldProblem) -> String {
        match *problem {
            FieldProblem::Required => self.required.to_owned(),
            FieldProblem::NameRule(max_chars) => (self.name_rule)(max_chars),
            FieldProblem::HostForm => self.host_form.to_owned(),
            FieldProblem::PortRange(given) => (self.port_range)(given),
            FieldProblem::UserRule(max_chars) => (self.user_rule)(max_chars),
            FieldProblem::RouterPasswordRule(max_bytes) => (self.router_password_rule)(max_bytes),
            FieldProblem::StoredPasswordUnreadable => self.password_unreadable.to_owned(),
            FieldProblem::StoredPasswordNotKept => self.stored_password_not_kept.to_owned(),
            FieldProblem::FingerprintForm => self.fingerprint_form.to_owned(),
            FieldProblem::CaTooLarge(max_kib) => (self.ca_too_large)(max_kib),
            FieldProblem::CaUnusable => self.ca_unusable.to_owned(),
            FieldProblem::TlsVerificationMissing => self.tls_verification_missing.to_owned(),
            FieldProblem::TlsVerificationAmbiguous => self.tls_verification_ambiguous.to_owned(),
            FieldProblem::PasswordTooShort(min_chars) => (self.password_too_short)(min_chars),
            FieldProblem::PasswordTooLong(max_bytes) => (self.password_too_long)(max_bytes),
            FieldProblem::OwnAdminRole => self.own_admin_role.to_owned(),
            FieldProblem::NotCurrentPassword => self.not_current_password.to_owned(),
            FieldProblem::TooManyWrongPasswords => self.too_many_wrong_passwords.to_owned(),
        }
    }

    /// A conflict with what exists, in these words.
    pub fn conflict(&self, conflict: &Conflict) -> String {
        match conflict {
            Conflict::NameTaken(name) => (self.name_taken)(name),
            Conflict::NotStored(name) => (self.not_stored)(name),
            Conflict::EnvironmentName(name) => (self.environment_name)(name),
            Conflict::RemoveYourself => self.remove_yourself.to_owned(),
        }
    }

    /// An error in these words, by its variant (the code the server sent). Details the server
    /// wrote itself (a bad request's reason) stay as they came.
    pub fn error(&self, error: &AppError) -> String {
        match error {
            AppError::BadRequest(detail) => (self.bad_request)(detail),
            AppError::RouterUnreachable { problem, .. } => self.problem(problem),
            AppError::UnknownRouter(name) => (self.unknown_router)(name),
            AppError::UnknownUser(name) => (self.unknown_user)(name),
            AppError::InvalidFields(_) => self.invalid_fields.to_owned(),
            AppError::Conflict(conflict) => self.conflict(conflict),
            AppError::Forbidden => self.forbidden.to_owned(),
            AppError::Unauthorized => self.log_in_again.to_owned(),
            AppError::NotReady => self.not_ready.to_owned(),
            AppError::Transport(detail) => (self.request_failed)(detail),
        }
    }
}

pub static EN: Texts = Texts {
    locale: Locale::En,
    app_title: "RouterOS traffic",
    all_routers: "All routers",
    router_settings: "Router settings",
    users: "Users",
    your_password: "Your password",
    pages: "Pages",
    log_out: "Log out",
    language: "Language",
    router_label: "Router",
    router_unknown: "router unknown: the server did not answer",
    no_login_before: "No login: anyone on this machine can use the dashboard. Create an admin with ",
    no_login_after: ".",
    no_such_page: "No such page.",
    code_failed:
        "This page's code did not load or has stopped: its controls do nothing until it is reloaded.",
    reload: "Reload the page",
    no_webassembly: "This browser cannot run the dashboard's code (WebAssembly is off, as in iOS Lockdown \
                     Mode): its controls do nothing.",
    no_router_named: |name| format!("There is no router named {name:?}."),
    server_did_not_answer: |error| format!("The server did not answer: {error}"),
    history_unavailable: |error| format!("History is not available: {error}"),
    routers: "Routers",
    loading_routers: "Loading routers…",
    demo_note: "No router is configured: these are demo routers (simulated). Add yours in ",
    demo_router: "demo router (simulated)",
    status_live: "live",
    status_stale: "stale",
    status_login_refused: "login refused",
    status_idle: "idle (not polled yet)",
    last_answer: "Last answer",
    never: "never",
    busiest_now: "Busiest now",
    physical_ports: "Physical ports",
    monitor_controls: "Monitor controls",
    start_monitor: "Start monitor",
    stop_monitor: "Stop monitor",
    needs_javascript: "The live monitor needs JavaScript and WebAssembly.",
    traffic: "Traffic",
    stopped: "Stopped",
    connecting: "Connecting…",
    paused: "Paused",
    live: "Live",
    stale: "Stale",
    reconnecting: "Reconnecting",
    recovering: "Recovering",
    while_hidden: "while the tab is hidden",
    last_updated: |at| format!("last updated {at}"),
    data_age: |problem, seconds| format!("{problem}; the data is {seconds} s old"),
    server_not_answering: |failures, limit| format!("the server did not answer ({failures}/{limit})"),
    since: |at, failures, limit| format!("since {at} ({failures}/{limit})"),
    restarts_in: |seconds| format!("monitoring restarts in {seconds} s"),
    select_interface: "Select at least one interface.",
    select_and_start: "Select interfaces and start the monitor.",
    loading_history: "Loading history…",
    nothing_recorded: "Nothing was recorded in this range.",
    reconnecting_overlay: "Reconnecting…",
    all_gone: "The selected interfaces are gone from the router.",
    waiting_first: "Waiting for the first reading…",
    chart_no_data: "Traffic chart: no data",
    chart_latest: "Traffic chart. Latest",
    drag_to_zoom: "Drag across the chart to zoom in.",
    log_scale: "Logarithmic scale",
    save_png: "Save PNG",
    download_csv: "Download CSV",
    now: "now",
    seconds_short: "s",
    minutes_short: "min",
    unknown: "unknown",
    legend_label: "Traffic per interface over the range shown",
    interface: "Interface",
    direction: "Direction",
    current: "Current",
    average: "Average",
    max: "Max",
    rx_solid: "RX (solid)",
    tx_dashed: "TX (dashed)",
    gone: "gone",
    unselect: |name| format!("Unselect {name}"),
    unselect_button: "Unselect",
    not_on_router: "not on the router",
    readings_caption: "Traffic readings, newest first",
    time: "Time",
    interfaces: "Interfaces",
    filter_placeholder: "Filter by name, type or comment",
    filter_label: "Filter interfaces",
    sort_by: "Sort by",
    sort_name: "Name",
    sort_rx: "RX rate",
    sort_tx: "TX rate",
    refresh_list: "Refresh list",
    selected: |n| format!("{n} selected"),
    loading_interfaces: "Loading interfaces…",
    cannot_list: |error| format!("Cannot list interfaces: {error}"),
    no_match: "No interface matches the filter.",
    list_as_of: |at, why| format!("The list as of {at} (stale: {why})"),
    running: "running",
    down: "down",
    disabled: "disabled",
    range: "Range",
    live_minutes: |m| format!("Live: {m} minute{}", if m == 1.0 { "" } else { "s" }),
    live_seconds: |s| format!("Live: {s} seconds"),
    last_hour: "Last hour",
    last_hours: |h| format!("Last {h} hours"),
    last_days: |d| format!("Last {d} days"),
    custom_range: "Custom range…",
    back_to_live: "Back to live",
    from: "From",
    to: "To",
    show: "Show",
    start_before_end: "The start must be before the end.",
    enter_start_end: "Enter a start and an end.",
    usage: "Usage",
    refresh: "Refresh",
    download_usage_csv: "Download usage CSV",
    usage_hint: "Days are the server's; click a column to sort.",
    today: "Today",
    yesterday: "Yesterday",
    this_month: "This month",
    loading: "Loading…",
    usage_unavailable: |error| format!("Usage is not available: {error}"),
    bad_request: |detail| format!("bad request: {detail}"),
    unknown_router: |name| format!("no router named {name:?}"),
    unknown_user: |name| format!("no user named {name:?}"),
    invalid_fields: "some fields are invalid",
    forbidden: "only an admin may do this",
    log_in_again: "log in again",
    not_ready: "the server is not ready",
    request_failed: |detail| format!("request failed: {detail}"),
    router_unreachable: "router unreachable",
    login_refused: "login refused (check user and password)",
    command_refused: |message| format!("router answered with an error: {message}"),
    too_slow: |seconds| format!("router too slow (no answer in {seconds} s)"),
    invalid_data: "router sent data that is not the RouterOS API",
    tls_failed: |message| format!("TLS with the router failed: {message}"),
    no_reading_yet: "no reading from the router yet",
    removed: "the router was removed",
    password_unreadable:
        "the stored password cannot be decrypted with this secret key: restore the key it was \
                          stored with, or enter the password again",
    required: "required",
    name_rule: |max| format!("1 to {max} characters: letters, digits, '-', '_' and '.'"),
    host_form: "a DNS name or an IP address, without port, scheme or path",
    port_range: |given| format!("{given} is not a port: use 1 to 65535"),
    user_rule: |max| format!("at most {max} characters, and no control characters"),
    router_password_rule: |max| format!("at most {max} bytes, and no line breaks"),
    stored_password_not_kept:
        "enter the password again: the stored one is kept only for the same host, port, \
                               user and TLS",
    fingerprint_form: "expected the SHA-256 fingerprint: 64 hex digits, colons allowed",
    ca_too_large: |max| format!("a CA certificate is at most {max} KB"),
    ca_unusable: "not a PEM file with a usable CA certificate",
    tls_verification_missing: "TLS needs the router certificate's fingerprint, a CA certificate, or \
                               (knowingly) no verification",
    tls_verification_ambiguous: "choose one: a fingerprint, a CA certificate, or no verification",
    password_too_short: |min| format!("a password has at least {min} characters"),
    password_too_long: |max| format!("a password has at most {max} bytes"),
    own_admin_role: "you cannot take away your own admin role",
    not_current_password: "this is not your current password",
    too_many_wrong_passwords: "too many wrong passwords: try again later",
    name_taken: |name| format!("{name:?} exists already"),
    not_stored: |name| format!("{name:?} is not stored in the database, so it cannot be changed here"),
    environment_name: |name| format!("{name:?} is the name of the ROUTEROS_HOST router"),
    remove_yourself: "you cannot remove yourself",
    name: "Name",
    address: "Address",
    defined_by: "Defined by",
    actions: "Actions",
    only_admin_routers: "Only an admin manages routers.",
    add_router: "Add router",
    add_a_router: "Add a router",
    keep_it: "Keep it",
    set_by_env: "set by ROUTEROS_HOST",
    built_in_demo: "built-in demo",
    origin_database: "database",
    origin_environment: "environment",
    origin_demo: "demo (simulated)",
    fields_need_change: "Some fields need a change.",
    password_keep: "Password (leave empty to keep the stored one)",
    host_field: "Host (name or IP address)",
    port_field: "API port (8728, or 8729 with TLS, when empty)",
    user_field: "User (admin when empty)",
    api_ssl: "API-SSL (TLS)",
    fingerprint_field: "Certificate fingerprint (SHA-256)",
    ca_field: "or the CA certificate (PEM)",
    no_verification: "or no verification (encrypted, not authenticated)",
    save: "Save",
    test_connection: "Test connection",
    cancel: "Cancel",
    saved: "Saved.",
    role_changed: "Role changed.",
    password_reset_done: "Password reset.",
    reset_password: "Reset password",
    removed_done: "Removed.",
    role: "Role",
    role_admin: "admin",
    role_viewer: "viewer",
    add_a_user: "Add a user",
    password_min: "Password (at least 8 characters)",
    admin_role: "Admin (manages routers and users)",
    add_user: "Add user",
    password_changed: "Your password is changed.",
    change_your_password: "Change your password",
    current_password: "Current password",
    new_password_min: "New password (at least 8 characters)",
    change_password: "Change password",
    edit_named: |name| format!("Edit {name}"),
    remove_named: |name| format!("Remove {name}"),
    really_remove: |name| format!("Really remove {name}"),
    connected: |identity, version| format!("Connected: {identity} (RouterOS {version})"),
    make_role: |role| format!("Make {role}"),
    new_password_for: |name| format!("New password for {name}"),
    log_in: "Log in",
    user_name: "User name",
    password: "Password",
    form_too_large: "The form is too large.",
    form_not_text: "The form is not valid text.",
    enter_user_and_password: "Enter a user name and a password.",
    wrong_login: "Wrong user name or password.",
    too_many_logins: |minutes| format!("Too many failed logins. Try again in {minutes} min."),
    server_busy: "The server is busy. Try again in a moment.",
};

pub static ID: Texts = Texts {
    locale: Locale::Id,
    app_title: "Lalu lintas RouterOS",
    all_routers: "Semua router",
    router_settings: "Pengaturan router",
    users: "Pengguna",
    your_password: "Kata sandi Anda",
    pages: "Halaman",
    log_out: "Keluar",
    language: "Bahasa",
    router_label: "Router",
    router_unknown: "router tidak diketahui: server tidak menjawab",
    no_login_before: "Tanpa masuk: siapa pun di mesin ini dapat memakai dasbor. Buat admin dengan ",
    no_login_after: ".",
    no_such_page: "Halaman tidak ada.",
    code_failed:
        "Kode halaman ini gagal dimuat atau berhenti: kontrolnya tidak berfungsi sampai halaman dimuat ulang.",
    reload: "Muat ulang halaman",
    no_webassembly: "Peramban ini tidak dapat menjalankan kode dasbor (WebAssembly nonaktif, seperti pada \
                     Mode Isolasi iOS): kontrolnya tidak berfungsi.",
    no_router_named: |name| format!("Tidak ada router bernama {name:?}."),
    server_did_not_answer: |error| format!("Server tidak menjawab: {error}"),
    history_unavailable: |error| format!("Riwayat tidak tersedia: {error}"),
    routers: "Router",
    loading_routers: "Memuat router…",
    demo_note: "Belum ada router yang dikonfigurasi: ini router demo (simulasi). Tambahkan router Anda di ",
    demo_router: "router demo (simulasi)",
    status_live: "aktif",
    status_stale: "usang",
    status_login_refused: "masuk ditolak",
    status_idle: "diam (belum dibaca)",
    last_answer: "Jawaban terakhir",
    never: "belum pernah",
    busiest_now: "Tersibuk saat ini",
    physical_ports: "Port fisik",
    monitor_controls: "Kontrol pemantauan",
    start_monitor: "Mulai pemantauan",
    stop_monitor: "Hentikan pemantauan",
    needs_javascript: "Pemantauan langsung memerlukan JavaScript dan WebAssembly.",
    traffic: "Lalu lintas",
    stopped: "Berhenti",
    connecting: "Menghubungkan…",
    paused: "Dijeda",
    live: "Langsung",
    stale: "Usang",
    reconnecting: "Menyambung ulang",
    recovering: "Memulihkan",
    while_hidden: "selama tab tersembunyi",
    last_updated: |at| format!("terakhir diperbarui {at}"),
    data_age: |problem, seconds| format!("{problem}; data berumur {seconds} dtk"),
    server_not_answering: |failures, limit| format!("server tidak menjawab ({failures}/{limit})"),
    since: |at, failures, limit| format!("sejak {at} ({failures}/{limit})"),
    restarts_in: |seconds| format!("pemantauan dimulai ulang dalam {seconds} dtk"),
    select_interface: "Pilih setidaknya satu antarmuka.",
    select_and_start: "Pilih antarmuka lalu mulai pemantauan.",
    loading_history: "Memuat riwayat…",
    nothing_recorded: "Tidak ada yang terekam dalam rentang ini.",
    reconnecting_overlay: "Menyambung ulang…",
    all_gone: "Antarmuka yang dipilih sudah tidak ada di router.",
    waiting_first: "Menunggu pembacaan pertama…",
    chart_no_data: "Grafik lalu lintas: tidak ada data",
    chart_latest: "Grafik lalu lintas. Terbaru",
    drag_to_zoom: "Seret melintasi grafik untuk memperbesar.",
    log_scale: "Skala logaritmik",
    save_png: "Simpan PNG",
    download_csv: "Unduh CSV",
    now: "sekarang",
    seconds_short: "dtk",
    minutes_short: "mnt",
    unknown: "tidak diketahui",
    legend_label: "Lalu lintas per antarmuka dalam rentang yang ditampilkan",
    interface: "Antarmuka",
    direction: "Arah",
    current: "Saat ini",
    average: "Rata-rata",
    max: "Maks",
    rx_solid: "RX (garis utuh)",
    tx_dashed: "TX (garis putus-putus)",
    gone: "hilang",
    unselect: |name| format!("Batal pilih {name}"),
    unselect_button: "Batal pilih",
    not_on_router: "tidak ada di router",
    readings_caption: "Pembacaan lalu lintas, terbaru dahulu",
    time: "Waktu",
    interfaces: "Antarmuka",
    filter_placeholder: "Saring menurut nama, tipe, atau komentar",
    filter_label: "Saring antarmuka",
    sort_by: "Urutkan",
    sort_name: "Nama",
    sort_rx: "Laju RX",
    sort_tx: "Laju TX",
    refresh_list: "Muat ulang daftar",
    selected: |n| format!("{n} dipilih"),
    loading_interfaces: "Memuat antarmuka…",
    cannot_list: |error| format!("Daftar antarmuka tidak dapat dimuat: {error}"),
    no_match: "Tidak ada antarmuka yang cocok dengan saringan.",
    list_as_of: |at, why| format!("Daftar per {at} (usang: {why})"),
    running: "berjalan",
    down: "mati",
    disabled: "nonaktif",
    range: "Rentang",
    live_minutes: |m| format!("Langsung: {m} menit"),
    live_seconds: |s| format!("Langsung: {s} detik"),
    last_hour: "Satu jam terakhir",
    last_hours: |h| format!("{h} jam terakhir"),
    last_days: |d| format!("{d} hari terakhir"),
    custom_range: "Rentang khusus…",
    back_to_live: "Kembali ke tampilan langsung",
    from: "Dari",
    to: "Sampai",
    show: "Tampilkan",
    start_before_end: "Awal harus sebelum akhir.",
    enter_start_end: "Masukkan awal dan akhir.",
    usage: "Pemakaian",
    refresh: "Muat ulang",
    download_usage_csv: "Unduh CSV pemakaian",
    usage_hint: "Hari menurut server; klik kolom untuk mengurutkan.",
    today: "Hari ini",
    yesterday: "Kemarin",
    this_month: "Bulan ini",
    loading: "Memuat…",
    usage_unavailable: |error| format!("Pemakaian tidak tersedia: {error}"),
    bad_request: |detail| format!("permintaan tidak valid: {detail}"),
    unknown_router: |name| format!("tidak ada router bernama {name:?}"),
    unknown_user: |name| format!("tidak ada pengguna bernama {name:?}"),
    invalid_fields: "beberapa isian tidak valid",
    forbidden: "hanya admin yang boleh melakukan ini",
    log_in_again: "silakan masuk lagi",
    not_ready: "server belum siap",
    request_failed: |detail| format!("permintaan gagal: {detail}"),
    router_unreachable: "router tidak terjangkau",
    login_refused: "router menolak masuk (periksa pengguna dan kata sandi)",
    command_refused: |message| format!("router menjawab dengan galat: {message}"),
    too_slow: |seconds| format!("router terlalu lambat (tidak menjawab dalam {seconds} dtk)"),
    invalid_data: "router mengirim data yang bukan API RouterOS",
    tls_failed: |message| format!("TLS dengan router gagal: {message}"),
    no_reading_yet: "belum ada pembacaan dari router",
    removed: "router telah dihapus",
    password_unreadable:
        "kata sandi tersimpan tidak dapat didekripsi dengan kunci rahasia ini: pulihkan kunci \
                          yang dipakai saat menyimpannya, atau masukkan kata sandi lagi",
    required: "wajib diisi",
    name_rule: |max| format!("1 sampai {max} karakter: huruf, angka, '-', '_' dan '.'"),
    host_form: "nama DNS atau alamat IP, tanpa port, skema, atau path",
    port_range: |given| format!("{given} bukan nomor port yang valid: gunakan 1 sampai 65535"),
    user_rule: |max| format!("paling banyak {max} karakter, tanpa karakter kontrol"),
    router_password_rule: |max| format!("paling banyak {max} byte, tanpa jeda baris"),
    stored_password_not_kept: "masukkan kata sandi lagi: yang tersimpan hanya dipakai untuk host, port, \
                               pengguna, dan TLS yang sama",
    fingerprint_form: "harus berupa sidik jari SHA-256: 64 digit heksadesimal, boleh dengan titik dua",
    ca_too_large: |max| format!("ukuran sertifikat CA paling besar {max} KB"),
    ca_unusable: "bukan berkas PEM berisi sertifikat CA yang dapat dipakai",
    tls_verification_missing: "TLS memerlukan sidik jari sertifikat router, sertifikat CA, atau (dengan \
                               sadar) tanpa verifikasi",
    tls_verification_ambiguous: "pilih satu: sidik jari, sertifikat CA, atau tanpa verifikasi",
    password_too_short: |min| format!("kata sandi minimal {min} karakter"),
    password_too_long: |max| format!("kata sandi paling banyak {max} byte"),
    own_admin_role: "Anda tidak dapat mencabut peran admin Anda sendiri",
    not_current_password: "ini bukan kata sandi Anda saat ini",
    too_many_wrong_passwords: "terlalu banyak kata sandi salah: coba lagi nanti",
    name_taken: |name| format!("{name:?} sudah ada"),
    not_stored: |name| format!("{name:?} tidak tersimpan di basis data, jadi tidak dapat diubah di sini"),
    environment_name: |name| format!("{name:?} adalah nama router ROUTEROS_HOST"),
    remove_yourself: "Anda tidak dapat menghapus diri sendiri",
    name: "Nama",
    address: "Alamat",
    defined_by: "Ditetapkan oleh",
    actions: "Tindakan",
    only_admin_routers: "Hanya admin yang mengelola router.",
    add_router: "Tambah router",
    add_a_router: "Tambah router",
    keep_it: "Biarkan",
    set_by_env: "ditetapkan oleh ROUTEROS_HOST",
    built_in_demo: "demo bawaan",
    origin_database: "basis data",
    origin_environment: "lingkungan",
    origin_demo: "demo (simulasi)",
    fields_need_change: "Beberapa isian perlu diubah.",
    password_keep: "Kata sandi (kosongkan untuk mempertahankan yang tersimpan)",
    host_field: "Host (nama atau alamat IP)",
    port_field: "Port API (8728, atau 8729 dengan TLS, bila kosong)",
    user_field: "Pengguna (admin bila kosong)",
    api_ssl: "API-SSL (TLS)",
    fingerprint_field: "Sidik jari sertifikat (SHA-256)",
    ca_field: "atau sertifikat CA (PEM)",
    no_verification: "atau tanpa verifikasi (terenkripsi, tidak terautentikasi)",
    save: "Simpan",
    test_connection: "Uji koneksi",
    cancel: "Batal",
    saved: "Tersimpan.",
    role_changed: "Peran diubah.",
    password_reset_done: "Kata sandi diatur ulang.",
    reset_password: "Atur ulang kata sandi",
    removed_done: "Dihapus.",
    role: "Peran",
    role_admin: "admin",
    role_viewer: "pemantau",
    add_a_user: "Tambah pengguna",
    password_min: "Kata sandi (minimal 8 karakter)",
    admin_role: "Admin (mengelola router dan pengguna)",
    add_user: "Tambah pengguna",
    password_changed: "Kata sandi Anda telah diubah.",
    change_your_password: "Ubah kata sandi Anda",
    current_password: "Kata sandi saat ini",
    new_password_min: "Kata sandi baru (minimal 8 karakter)",
    change_password: "Ubah kata sandi",
    edit_named: |name| format!("Ubah {name}"),
    remove_named: |name| format!("Hapus {name}"),
    really_remove: |name| format!("Yakin hapus {name}"),
    connected: |identity, version| format!("Terhubung: {identity} (RouterOS {version})"),
    make_role: |role| format!("Jadikan {role}"),
    new_password_for: |name| format!("Kata sandi baru untuk {name}"),
    log_in: "Masuk",
    user_name: "Nama pengguna",
    password: "Kata sandi",
    form_too_large: "Formulir terlalu besar.",
    form_not_text: "Formulir bukan teks yang valid.",
    enter_user_and_password: "Masukkan nama pengguna dan kata sandi.",
    wrong_login: "Nama pengguna atau kata sandi salah.",
    too_many_logins: |minutes| {
        format!("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} mnt.")
    },
    server_busy: "Server sedang sibuk. Coba lagi sebentar lagi.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_preference_picks_the_language() {
        assert_eq!(Locale::negotiate("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"), Locale::Id);
        assert_eq!(Locale::negotiate("en-GB,en;q=0.9,id;q=0.8"), Locale::En);
        assert_eq!(Locale::negotiate("fr-FR,fr;q=0.9,id;q=0.5,en;q=0.4"), Locale::Id, "the best we speak");
        assert_eq!(Locale::negotiate("in"), Locale::Id, "the legacy tag");
        assert_eq!(Locale::negotiate("en;q=0.5, id;q=0.8"), Locale::Id, "q decides, not the order");
        assert_eq!(Locale::negotiate("id;q=0"), Locale::En, "q=0 means not wanted");
        assert_eq!(Locale::negotiate("en;Q=0.3, id ; q = 0.6"), Locale::Id, "q in any case, with spaces");
        assert_eq!(Locale::negotiate("id;q=7, en;q=0.5"), Locale::En, "a weight above 1 is not a weight");
        for garbage in ["", "*", "xx;q=abc", ";;;,,,", "id;q=NaN", "\u{0}"] {
            assert_eq!(Locale::negotiate(garbage), Locale::En, "{garbage:?}");
        }
    }

    #[test]
    fn the_cookie_set_on_the_page_wins_over_the_browser() {
        assert_eq!(Locale::for_request(Some("id"), Some("en")), Locale::Id);
        assert_eq!(Locale::for_request(Some("en"), Some("id")), Locale::En);
        assert_eq!(
            Locale::for_request(Some("klingon"), Some("id")),
            Locale::Id,
            "an unknown cookie is ignored"
        );
        assert_eq!(Locale::for_request(None, None), Locale::En);
    }

    #[test]
    fn indonesian_numbers_have_a_decimal_comma() {
        assert_eq!(Locale::Id.number("12.5 Mbps".to_owned()), "12,5 Mbps");
        assert_eq!(Locale::En.number("12.5 Mbps".to_owned()), "12.5 Mbps");
    }

    #[test]
    fn errors_and_router_problems_are_worded_in_each_language_from_their_code() {
        let slow = AppError::RouterUnreachable {
            problem: RouterProblem::TooSlow { deadline_ms: 2_500 },
            since_ms: 0,
        };
        assert_eq!(EN.error(&slow), "router too slow (no answer in 2.5 s)");
        assert_eq!(slow.to_string(), EN.error(&slow), "logs and the JSON API say it in English");
        assert_eq!(ID.error(&slow), "router terlalu lambat (tidak menjawab dalam 2,5 dtk)");
        assert_eq!(ID.error(&AppError::Unauthorized), "silakan masuk lagi");
        assert_eq!(EN.error(&AppError::UnknownRouter("x".into())), "no router named \"x\"");
        for problem in [RouterProblem::Unreachable, RouterProblem::LoginRefused, RouterProblem::NoReadingYet]
        {
            assert_ne!(ID.problem(&problem), EN.problem(&problem), "{problem:?} has Indonesian words");
        }
    }

    #[test]
    fn refused_fields_and_conflicts_are_worded_in_each_language_from_their_code() {
        let problems = [
            FieldProblem::Required,
            FieldProblem::NameRule(64),
            FieldProblem::HostForm,
            FieldProblem::PortRange(70_000),
            FieldProblem::UserRule(128),
            FieldProblem::RouterPasswordRule(1024),
            FieldProblem::StoredPasswordUnreadable,
            FieldProblem::StoredPasswordNotKept,
            FieldProblem::FingerprintForm,
            FieldProblem::CaTooLarge(64),
            FieldProblem::CaUnusable,
            FieldProblem::TlsVerificationMissing,
            FieldProblem::TlsVerificationAmbiguous,
            FieldProblem::PasswordTooShort(8),
            FieldProblem::PasswordTooLong(1024),
            FieldProblem::OwnAdminRole,
            FieldProblem::NotCurrentPassword,
            FieldProblem::TooManyWrongPasswords,
        ];
        for problem in &problems {
            let (en, id) = (EN.field_problem(problem), ID.field_problem(problem));
            assert!(!en.is_empty() && id != en, "{problem:?}: {en:?} / {id:?}");
        }
        // The server's limits and the value refused are in the words.
        assert_eq!(ID.field_problem(&FieldProblem::PasswordTooShort(12)), "kata sandi minimal 12 karakter");
        assert!(EN.field_problem(&FieldProblem::PortRange(70_000)).starts_with("70000 is not a port"));
        let taken = AppError::Conflict(Conflict::NameTaken("core-1".into()));
        assert_eq!(
            (EN.error(&taken), ID.error(&taken)),
            ("\"core-1\" exists already".into(), "\"core-1\" sudah ada".into())
        );
        assert_ne!(
            ID.error(&AppError::Conflict(Conflict::RemoveYourself)),
            EN.error(&AppError::Conflict(Conflict::RemoveYourself))
        );
    }

    #[test]
    fn every_tag_reads_back() {
        for locale in Locale::ALL {
            assert_eq!(Locale::from_tag(locale.tag()), Some(locale));
        }
    }
}
