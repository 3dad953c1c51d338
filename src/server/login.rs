//! Logging in: the middleware that asks every request who sends it, the login page (plain
//! HTML: it works without the WASM), `POST /login` and `POST /logout`.
//!
//! - No user in the database: the dashboard is open (the server refuses to start off loopback
//!   in that case, see `main.rs`), and every request acts as an admin.
//! - Otherwise a session cookie or an API token (`Authorization: Bearer`) is needed, except for
//!   `/healthz`, `/login` and the static files. Pages without one answer 303 to
//!   `/login?next=PATH`; `/api/*` and `/metrics` answer 401.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::i18n::Locale;
use serde_json::json;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::auth::{new_secret, passwords, secret_hash, throttle, SESSION_COOKIE};
use crate::model::{Role, Viewer};
use crate::server::endpoints::{form_pairs, form_value};
use crate::server::AppState;
use crate::store::users::User;
use crate::store::StoreError;

/// How long an answer about a session or a token is reused, and how often whether users exist
/// is read again: a removed user or token stops working within this.
const CACHE_FOR: Duration = Duration::from_secs(5);
/// What `next=` escapes: all but the unreserved characters of RFC 3986.
const QUERY_VALUE: &percent_encoding::AsciiSet =
    &percent_encoding::NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');
/// Largest login form read; a bigger body is refused.
/// Password checks at once; more wait for none and get a 503.
const MAX_CHECKS_AT_ONCE: usize = 8;
/// Longest user name a login is checked for.
const MAX_NAME_BYTES: usize = 64;
const MAX_FORM_BYTES: usize = 16 * 1024;

/// Login state beside the database: guessing limits and short-lived answers.
#[derive(Debug)]
pub struct Logins {
    /// The guessing limits, shared by the login and the change of one's own password.
    pub throttle: throttle::Throttle,
    /// Sessions must be used at least this often.
    idle: Duration,
    /// `Secure` on the cookie even without `X-Forwarded-Proto: https`.
    secure_cookies: bool,
    /// Password checks running at once: each is ~20 MB and tens of ms of Argon2.
    checking: Semaphore,
    /// Whether the server listens only on loopback: off it, no user means closed, not open.
    loopback: bool,
    cache: Mutex<Cache>,
    /// Whether any user exists, kept up to date by [`AppState::refresh_users`]: requests read
    /// it without touching the database. Closed until known.
    users_exist: AtomicBool,
}

#[derive(Debug, Default)]
struct Cache {
    who: HashMap<[u8; 32], (User, Instant)>,
}

impl Logins {
    pub fn new(idle: Duration, secure_cookies: bool, loopback: bool) -> Self {
        Self {
            throttle: throttle::Throttle::default(),
            idle,
            secure_cookies,
            checking: Semaphore::new(MAX_CHECKS_AT_ONCE),
            loopback,
            cache: Mutex::default(),
            users_exist: AtomicBool::new(true),
        }
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn forget(&self, hash: &[u8; 32]) {
        self.cache().who.remove(hash);
    }

    /// Forgets every cached answer about who sends a request: after a user changed.
    pub fn forget_everyone(&self) {
        self.cache().who.clear();
    }
}

fn unix_now() -> i64 {
    crate::stats::unix_ms(std::time::SystemTime::now()) / 1000
}

impl AppState {
    /// Reads whether any user exists (the dashboard is open while none does).
    pub async fn refresh_users(&self) -> Result<(), StoreError> {
        let exist = self.fleet.store().user_count().await? > 0;
        self.logins.users_exist.store(exist, Ordering::SeqCst);
        Ok(())
    }

    /// Reads whether any user exists every [`CACHE_FOR`], so a user added on the command
    /// line closes the open dashboard within that.
    pub fn refresh_users_in_background(&self) {
        let state = self.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(CACHE_FOR);
            loop {
                every.tick().await;
                if let Err(error) = state.refresh_users().await {
                    tracing::warn!(%error, "cannot read the users");
                }
            }
        });
    }

    /// The user a request speaks for: by API token, else by session cookie.
    async fn who(&self, headers: &HeaderMap) -> Result<Option<(User, bool)>, StoreError> {
        let (secret, is_token) = match (bearer(headers), cookie(headers, SESSION_COOKIE)) {
            (Some(token), _) => (token, true),
            (None, Some(session)) => (session, false),
            (None, None) => return Ok(None),
        };
        let hash = secret_hash(secret);
        if let Some((user, at)) = self.logins.cache().who.get(&hash) {
            if at.elapsed() < CACHE_FOR {
                return Ok(Some((user.clone(), is_token)));
            }
        }
        let store = self.fleet.store();
        let idle = i64::try_from(self.logins.idle.as_secs()).unwrap_or(i64::MAX);
        let user = match is_token {
            true => store.token_user(&hash).await?,
            false => store.session_user(&hash, unix_now(), idle).await?,
        };
        let mut cache = self.logins.cache();
        match &user {
            Some(user) => cache.who.insert(hash, (user.clone(), Instant::now())),
            None => cache.who.remove(&hash),
        };
        Ok(user.map(|user| (user, is_token)))
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

fn is_public(path: &str) -> bool {
    matches!(path, "/healthz" | "/login" | "/logout" | "/favicon.svg") || path.starts_with("/pkg/")
}

/// Finds out who sends each request and lets it through, or answers 303 or 401.
pub async fn require_login(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if is_public(&path) {
        return next.run(request).await;
    }
    let viewer = match state.who(request.headers()).await {
        Ok(Some((user, by_token))) => Viewer { name: Some(user.name), role: user.role, by_token },
        // Open only while no user exists, and only on loopback: the last user removed from a
        // server on the LAN closes it instead.
        Ok(None) if !state.logins.users_exist.load(Ordering::SeqCst) && state.logins.loopback => {
            Viewer { name: None, role: Role::Admin, by_token: false }
        }
        Ok(None) if path.starts_with("/api/") || path == "/metrics" => return unauthorized(),
        Ok(None) => {
            let wanted = request.uri().path_and_query().map_or("/", |p| p.as_str());
            let next = percent_encoding::utf8_percent_encode(wanted, QUERY_VALUE);
            return redirect(&format!("/login?next={next}"), None);
        }
        Err(error) => return store_failed(error),
    };
    // A page seen with a session renews the cookie, so it lasts as long as the session on the
    // server: until it has been unused for the idle time.
    let renew = (!viewer.by_token && viewer.name.is_some() && !path.starts_with("/api/"))
        .then(|| {
            cookie(request.headers(), SESSION_COOKIE)
                .map(|session| state.session_cookie(session, request.headers()))
        })
        .flatten();
    request.extensions_mut().insert(viewer);
    let mut response = next.run(request).await;
    if let Some(cookie) = renew.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

impl AppState {
    /// The `Set-Cookie` value of a session, with the contract's flags.
    fn session_cookie(&self, session: &str, headers: &HeaderMap) -> String {
        let over_https = headers.get("x-forwarded-proto").is_some_and(|proto| proto == "https");
        let secure = if self.logins.secure_cookies || over_https { "; Secure" } else { "" };
        format!(
            "{SESSION_COOKIE}={session}; HttpOnly; SameSite=Lax; Path=/; Max-Age={}{secure}",
            self.logins.idle.as_secs()
        )
    }
}

fn unauthorized() -> Response {
    let body = json!({"error": "unauthorized", "message": "log in, or send an API token as `Authorization: Bearer TOKEN`"});
    let mut response = (StatusCode::UNAUTHORIZED, Json(body)).into_response();
    response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    response
}

fn store_failed(error: StoreError) -> Response {
    tracing::error!(%error, "cannot check who sends a request");
    (StatusCode::INTERNAL_SERVER_ERROR, "The server cannot check logins right now.").into_response()
}

fn redirect(to: &str, set_cookie: Option<String>) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if let Some(cookie) = set_cookie.and_then(|c| HeaderValue::from_str(&c).ok()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `next` if it is a path on this site, else `/`: a login never sends anyone elsewhere.
fn local_path(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local {
        next
    } else {
        "/"
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The language of a page asked for with these headers: the `lang` cookie set by the switch
/// on the page, else the browser's `Accept-Language`.
pub fn request_locale(headers: &HeaderMap) -> Locale {
    let accept_language = headers.get(header::ACCEPT_LANGUAGE).and_then(|value| value.to_str().ok());
    Locale::for_request(cookie(headers, crate::i18n::COOKIE), accept_language)
}

/// Links to the login page in each language, the one shown marked current: plain links, as
/// the login page runs no WASM.
fn language_links(locale: Locale, next: &str) -> String {
    let next = percent_encoding::utf8_percent_encode(local_path(next), QUERY_VALUE);
    Locale::ALL
        .into_iter()
        .map(|option| {
            let current = if option == locale { r#" aria-current="true""# } else { "" };
            format!(
                r#"<a href="/login?lang={tag}&amp;next={next}" lang="{tag}" hreflang="{tag}"{current}>{name}</a>"#,
                tag = option.tag(),
                name = option.name(),
            )
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

/// The login page in `locale`, with `message` (already plain words) when there is one.
fn login_page(locale: Locale, status: StatusCode, next: &str, message: Option<&str>) -> Response {
    let t = locale.texts();
    let message = message
        .map(|m| format!(r#"<p class="login-message" role="alert">{}</p>"#, escape(m)))
        .unwrap_or_default();
    let languages = language_links(locale, next);
    let page = format!(
        r#"<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark"><title>{log_in} · {title}</title>
<link rel="stylesheet" href="/pkg/routeros-traffic.css"><link rel="icon" type="image/svg+xml" href="/favicon.svg"></head>
<body><main class="login"><h1>{title}</h1>
<form method="post" action="/login" class="login-form" aria-label="{log_in}">
{message}
<p class="field"><label for="username">{user_name}</label><input id="username" name="username" autocomplete="username" required autofocus></p>
<p class="field"><label for="password">{password}</label><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<input type="hidden" name="next" value="{next}">
<p><button type="submit">{log_in}</button></p>
</form>
<nav class="login-languages" aria-label="{language}">{languages}</nav></main></body></html>"#,
        next = escape(local_path(next)),
        lang = locale.tag(),
        title = t.app_title,
        log_in = t.log_in,
        user_name = t.user_name,
        password = t.password,
        language = t.language,
    );
    let mut response = (status, page).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /login`; `?lang=id` switches the language and remembers it, as the page's own switch
/// does once logged in.
pub async fn login_form(request: Request) -> Response {
    let query = request.uri().query().and_then(|query| form_pairs(query).ok()).unwrap_or_default();
    let value = |name: &str| form_value(&query, name);
    let next = value("next").unwrap_or("/");
    let Some(chosen) = value("lang").and_then(Locale::from_tag) else {
        return login_page(request_locale(request.headers()), StatusCode::OK, next, None);
    };
    let mut response = login_page(chosen, StatusCode::OK, next, None);
    if let Ok(cookie) = HeaderValue::from_str(&chosen.cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}

/// `POST /login`: a session for a right user name and password.
pub async fn login(State(state): State<AppState>, request: Request) -> Response {
    let address = client_address(&request);
    let headers = request.headers().clone();
    let locale = request_locale(&headers);
    let t = locale.texts();
    let body = match axum::body::to_bytes(request.into_body(), MAX_FORM_BYTES).await {
        Ok(body) => body,
        Err(_) => return login_page(locale, StatusCode::PAYLOAD_TOO_LARGE, "/", Some(t.form_too_large)),
    };
    let fields = match std::str::from_utf8(&body).map_err(|_| String::new()).and_then(form_pairs) {
        Ok(fields) => fields,
        Err(_) => return login_page(locale, StatusCode::BAD_REQUEST, "/", Some(t.form_not_text)),
    };
    let field = |name: &str| form_value(&fields, name);
    let next = field("next").unwrap_or("/").to_owned();
    let (Some(user), Some(password)) = (field("username"), field("password")) else {
        return login_page(locale, StatusCode::BAD_REQUEST, &next, Some(t.enter_user_and_password));
    };
    if user.len() > MAX_NAME_BYTES {
        return login_page(locale, StatusCode::BAD_REQUEST, &next, Some(t.wrong_login));
    }
    let keys = throttle::keys(user, address);
    if let Some(wait) = state.logins.throttle.wait(&keys, Instant::now()) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        let message = (t.too_many_logins)(minutes);
        let mut response = login_page(locale, StatusCode::TOO_MANY_REQUESTS, &next, Some(&message));
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(wait.as_secs().max(1)));
        return response;
    }

    // Counted before the check: guesses sent at once are counted at once.
    let attempted_at = Instant::now();
    state.logins.throttle.attempt(&keys, attempted_at);
    let store = state.fleet.store();
    let found = match store.user_with_hash(user).await {
        Ok(found) => found,
        Err(error) => return store_failed(error),
    };
    let Ok(_permit) = state.logins.checking.try_acquire() else {
        return login_page(locale, StatusCode::SERVICE_UNAVAILABLE, &next, Some(t.server_busy));
    };
    let password = password.to_owned();
    // Argon2 is CPU work: off the async runtime, a few at a time. An unknown user costs the
    // same work.
    let checked = tokio::task::spawn_blocking(move || match found {
        Some((user, hash)) => passwords::verify(&password, &hash).then_some(user),
        None => passwords::verify_nobody(&password),
    })
    .await
    .ok()
    .flatten();
    let Some(user) = checked else {
        tracing::info!(%address, "a login failed");
        return login_page(locale, StatusCode::UNAUTHORIZED, &next, Some(t.wrong_login));
    };
    state.logins.throttle.succeeded(&keys, attempted_at);

    let session = new_secret();
    if let Err(error) = store.create_session(&user.name, &secret_hash(&session), unix_now()).await {
        return store_failed(error);
    }
    tracing::info!(user = user.name, %address, "logged in");
    redirect(local_path(&next), Some(state.session_cookie(&session, &headers)))
}

/// The client's address: the peer's, or, when the peer is a proxy on this machine, the last
/// address it names in `X-Forwarded-For`. Tests without a socket have none: loopback.
fn client_address(request: &Request) -> IpAddr {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map_or(IpAddr::from([127, 0, 0, 1]), |ConnectInfo(peer)| peer.ip());
    let forwarded = || {
        let header = request.headers().get("x-forwarded-for")?.to_str().ok()?;
        header.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
    };
    match peer.is_loopback() {
        true => forwarded().unwrap_or(peer),
        false => peer,
    }
}

/// `POST /logout`: the session ends on the server; the old cookie no longer works.
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(session) = cookie(&headers, SESSION_COOKIE) {
        let hash = secret_hash(session);
        state.logins.forget(&hash);
        if let Err(error) = state.fleet.store().delete_session(&hash).await {
            return store_failed(error);
        }
    }
    redirect("/login", Some(format!("{SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_a_login() {
        assert_eq!(local_path("/routers/core-1?x=1"), "/routers/core-1?x=1");
        for hostile in ["https://evil.example/", "//evil.example", "/\\evil.example", "evil", "/a\nb", ""] {
            assert_eq!(local_path(hostile), "/", "{hostile:?}");
        }
    }

    #[test]
    fn the_session_cookie_and_a_bearer_token_are_found() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; routeros_traffic_session=abc; b=2".parse().unwrap());
        headers.insert(header::AUTHORIZATION, "Bearer t0k3n".parse().unwrap());
        assert_eq!(cookie(&headers, SESSION_COOKIE), Some("abc"));
        assert_eq!(bearer(&headers), Some("t0k3n"));
    }
}
