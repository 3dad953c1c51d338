//! Logging in, through the HTTP application: every rule of CONTRACT.md's "Users, login and
//! tokens", on a real database in a temporary data directory.

mod support;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use routeros_traffic::auth::{new_secret, passwords, secret_hash};
use routeros_traffic::error::{AppError, Conflict};
use routeros_traffic::i18n::Locale;
use routeros_traffic::model::{FieldError, FieldProblem, Role};
use routeros_traffic::server::app;
use support::app::*;
use support::*;
use tower::ServiceExt;

const ADMIN_PASSWORD: &str = "Sangat-Rahasia-1";
const VIEWER_PASSWORD: &str = "Lihat-Saja-2";

/// An app with an admin `ana`, a viewer `vera` and a viewer token; returns the token too.
async fn app_with_users() -> (TestApp, String) {
    let app = app_on(config(&[]), options(), default_timings(), vec![]).await;
    let store = app.state.fleet.store();
    store.add_user("ana", Role::Admin, &passwords::hash(ADMIN_PASSWORD)).await.unwrap();
    store.add_user("vera", Role::Viewer, &passwords::hash(VIEWER_PASSWORD)).await.unwrap();
    let token = new_secret();
    store.add_token("prometheus", Role::Viewer, &secret_hash(&token)).await.unwrap();
    app.state.refresh_users().await.unwrap();
    (app, token)
}

/// The full response, for its headers.
async fn respond(test_app: &TestApp, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = app(test_app.state.clone()).oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (parts.status, parts.headers, String::from_utf8_lossy(&body).into_owned())
}

fn login_request(user: &str, password: &str, next: &str) -> Request<Body> {
    let body = format!("username={user}&password={password}&next={}", urlencode(next));
    post_form("/login", body)
}

fn urlencode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// Logs in and returns the `Cookie` header value that carries the session.
async fn session_of(app: &TestApp, user: &str, password: &str) -> String {
    let (status, headers, body) = respond(app, login_request(user, password, "/")).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{body}");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

fn with_cookie(mut request: Request<Body>, cookie: &str) -> Request<Body> {
    request.headers_mut().insert(header::COOKIE, cookie.parse().unwrap());
    request
}

#[tokio::test]
async fn without_a_session_pages_redirect_and_api_and_metrics_are_401() {
    let (app, _) = app_with_users().await;
    let (status, headers, _) = respond(&app, get("/routers/x?y=1")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/login?next=%2Frouters%2Fx%3Fy%3D1");
    for path in ["/api/routers", "/metrics", "/api/interface-stats"] {
        let (status, headers, body) = respond(&app, get(path)).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(headers[header::WWW_AUTHENTICATE], "Bearer");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()["error"], "unauthorized");
    }
    let (status, _, body) = respond(&app, post_form("/api/session/viewer", "")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "server functions too: {body}");
    for path in ["/healthz", "/login"] {
        assert_eq!(respond(&app, get(path)).await.0, StatusCode::OK, "{path}");
    }
}

#[tokio::test]
async fn a_login_sets_a_session_cookie_with_the_contract_flags_and_goes_back_only_to_local_paths() {
    let (app, _) = app_with_users().await;
    let (status, headers, _) = respond(&app, login_request("ana", ADMIN_PASSWORD, "/routers/core-1")).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(headers[header::LOCATION], "/routers/core-1");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    for flag in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback: {cookie}");
    let (_, headers, _) = respond(&app, login_request("ana", ADMIN_PASSWORD, "https://evil.example/")).await;
    assert_eq!(headers[header::LOCATION], "/");
    let mut behind_https = login_request("ana", ADMIN_PASSWORD, "/");
    behind_https.headers_mut().insert("x-forwarded-proto", "https".parse().unwrap());
    let (_, headers, _) = respond(&app, behind_https).await;
    assert!(headers[header::SET_COOKIE].to_str().unwrap().contains("Secure"));
}

#[tokio::test]
async fn the_users_page_takes_no_keystroke_before_the_wasm() {
    let (app, _) = app_with_users().await;
    let cookie = session_of(&app, "ana", ADMIN_PASSWORD).await;
    let (status, _, page) = respond(&app, with_cookie(get("/settings/users"), &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    for field in ["id=\"new-user\"", "id=\"current-password\"", "type=\"password\""] {
        assert!(page.contains(field), "{field} missing: {page}");
    }
    // Typed before hydration, a password would be wiped by it. Only "Log out" is live: a plain
    // form that works without the WASM.
    assert_eq!(live_before_hydration(&page), ["<button type=\"submit\">"], "{page}");
    assert!(page.contains(r#"method="post" action="/logout""#), "{page}");
}

#[tokio::test]
async fn a_failed_login_never_tells_an_unknown_user_from_a_wrong_password() {
    let (app, _) = app_with_users().await;
    let wrong = respond(&app, login_request("ana", "not-the-password", "/")).await;
    let unknown = respond(&app, login_request("nobody", "not-the-password", "/")).await;
    assert_eq!((wrong.0, unknown.0), (StatusCode::UNAUTHORIZED, StatusCode::UNAUTHORIZED));
    assert!(wrong.2.contains("Wrong user name or password."));
    assert_eq!(wrong.2, unknown.2, "the same page for both");
    assert!(wrong.1.get(header::SET_COOKIE).is_none());
}

#[tokio::test]
async fn the_session_works_until_logout_ends_it_on_the_server() {
    let (app, _) = app_with_users().await;
    let cookie = session_of(&app, "ana", ADMIN_PASSWORD).await;
    assert_eq!(respond(&app, with_cookie(get("/api/routers"), &cookie)).await.0, StatusCode::OK);
    let (status, _, page) = respond(&app, with_cookie(get("/"), &cookie)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("ana (admin)") && page.contains("Log out"), "{page}");
    let (status, headers, _) = respond(&app, with_cookie(post_form("/logout", ""), &cookie)).await;
    assert_eq!((status, headers[header::LOCATION].to_str().unwrap()), (StatusCode::SEE_OTHER, "/login"));
    assert_eq!(respond(&app, with_cookie(get("/api/routers"), &cookie)).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_viewer_watches_but_every_admin_action_is_403_and_changes_nothing() {
    let (app, _) = app_with_users().await;
    let cookie = session_of(&app, "vera", VIEWER_PASSWORD).await;
    assert_eq!(respond(&app, with_cookie(get("/api/routers"), &cookie)).await.0, StatusCode::OK);
    let add = json_request("POST", "/api/routers", r#"{"name": "sneaky", "host": "127.0.0.7"}"#);
    assert_eq!(respond(&app, with_cookie(add, &cookie)).await.0, StatusCode::FORBIDDEN);
    for (uri, body) in [
        ("/api/fleet/save", "input[name]=sneaky&input[host]=127.0.0.7"),
        ("/api/fleet/remove", "name=sneaky"),
        ("/api/fleet/test", "input[name]=sneaky&input[host]=127.0.0.7"),
        ("/api/fleet/form", "name=sneaky"),
    ] {
        let (status, _, text) = respond(&app, with_cookie(post_form(uri, body), &cookie)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{uri}: {text}");
    }
    assert!(app.state.fleet.store().routers().await.unwrap().is_empty());
    let (_, _, page) = respond(&app, with_cookie(get("/"), &cookie)).await;
    assert!(!page.contains("/settings/routers"), "no settings link for a viewer");
}

#[tokio::test]
async fn an_api_token_works_on_the_api_and_metrics_and_a_wrong_one_does_not() {
    let (app, token) = app_with_users().await;
    let bearer = |path: &str, token: &str| {
        let mut request = get(path);
        request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        request
    };
    assert_eq!(respond(&app, bearer("/api/routers", &token)).await.0, StatusCode::OK);
    assert_eq!(respond(&app, bearer("/metrics", &token)).await.0, StatusCode::OK);
    assert_eq!(respond(&app, bearer("/api/routers", &new_secret())).await.0, StatusCode::UNAUTHORIZED);
    let add = {
        let mut request = json_request("POST", "/api/routers", r#"{"name": "x", "host": "127.0.0.7"}"#);
        request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
        request
    };
    assert_eq!(respond(&app, add).await.0, StatusCode::FORBIDDEN, "a viewer token is a viewer");
}

#[tokio::test]
async fn five_failures_for_a_user_block_it_with_429_whatever_the_password() {
    let (app, _) = app_with_users().await;
    for _ in 0..5 {
        assert_eq!(respond(&app, login_request("ana", "guess-guess", "/")).await.0, StatusCode::UNAUTHORIZED);
    }
    let (status, headers, page) = respond(&app, login_request("ana", ADMIN_PASSWORD, "/")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry > 14 * 60 && retry <= 15 * 60, "{retry}");
    assert!(page.contains("Too many failed logins"), "{page}");
    // Another user from the same (unknown) address is blocked too: the address limit.
    assert_eq!(
        respond(&app, login_request("vera", VIEWER_PASSWORD, "/")).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn bad_login_forms_get_a_clear_4xx() {
    let (app, _) = app_with_users().await;
    let huge = format!("username=ana&password={}", "x".repeat(1 << 20));
    assert_eq!(respond(&app, post_form("/login", huge)).await.0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        respond(&app, post_form("/login", b"username=\xff\xfe".to_vec())).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(respond(&app, post_form("/login", "username=ana")).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn no_secret_appears_in_a_page_an_answer_or_metrics() {
    let (app, token) = app_with_users().await;
    let cookie = session_of(&app, "ana", ADMIN_PASSWORD).await;
    let session = cookie.split_once('=').unwrap().1.to_owned();
    let mut texts = Vec::new();
    for path in ["/", "/settings/routers", "/api/routers", "/metrics"] {
        texts.push(respond(&app, with_cookie(get(path), &cookie)).await.2);
    }
    texts.push(respond(&app, login_request("ana", "wrong-one-1", "/")).await.2);
    for text in texts {
        for secret in [ADMIN_PASSWORD, VIEWER_PASSWORD, token.as_str(), session.as_str(), "$argon2id$"] {
            assert!(!text.contains(secret), "a secret leaked");
        }
    }
}

#[tokio::test]
async fn an_admin_manages_users_from_the_page_and_everyone_changes_their_own_password() {
    let (app, _) = app_with_users().await;
    let admin = session_of(&app, "ana", ADMIN_PASSWORD).await;
    let viewer = session_of(&app, "vera", VIEWER_PASSWORD).await;
    let call =
        |uri: &'static str, body: &str, cookie: &str| with_cookie(post_form(uri, body.to_owned()), cookie);

    let (status, _, text) =
        respond(&app, call("/api/users/save", "name=budi&role=viewer&password=short", &admin)).await;
    // A code and the server's limit, for the page to word in its language.
    let short = AppError::InvalidFields(vec![FieldError::new("password", FieldProblem::PasswordTooShort(8))]);
    assert_eq!(
        (status, serde_json::from_str::<AppError>(&text).ok()),
        (StatusCode::BAD_REQUEST, Some(short)),
        "{text}"
    );
    let (status, _, text) =
        respond(&app, call("/api/users/save", "name=budi&role=viewer&password=Budi-Baru-123", &admin)).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, _, text) =
        respond(&app, call("/api/users/save", "name=eve&role=admin&password=Eve-Hacks-123", &viewer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    let (status, _, text) = respond(&app, call("/api/users/remove", "name=ana", &admin)).await;
    assert_eq!(
        (status, serde_json::from_str::<AppError>(&text).ok()),
        (StatusCode::CONFLICT, Some(AppError::Conflict(Conflict::RemoveYourself))),
        "no admin removes themselves"
    );
    let (status, _, text) = respond(&app, call("/api/users/list", "", &admin)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(text.contains("budi") && !text.contains("eve") && !text.contains("argon2"), "{text}");

    // Vera changes her own password: the old one no longer logs in.
    let wrong = "current=nope-nope-nope&new=Vera-Baru-456";
    let (status, _, text) = respond(&app, call("/api/users/password", wrong, &viewer)).await;
    let not_current =
        AppError::InvalidFields(vec![FieldError::new("current", FieldProblem::NotCurrentPassword)]);
    assert_eq!(
        (status, serde_json::from_str::<AppError>(&text).ok()),
        (StatusCode::BAD_REQUEST, Some(not_current))
    );
    let right = format!("current={VIEWER_PASSWORD}&new=Vera-Baru-456");
    assert_eq!(respond(&app, call("/api/users/password", &right, &viewer)).await.0, StatusCode::OK);
    assert_eq!(respond(&app, login_request("vera", VIEWER_PASSWORD, "/")).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(respond(&app, login_request("vera", "Vera-Baru-456", "/")).await.0, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_limits_count_per_user_name_and_per_address_separately() {
    let (app, _) = app_with_users().await;
    let from = |address: &str, request: Request<Body>| {
        let mut request = request;
        let peer: std::net::SocketAddr = format!("{address}:40000").parse().unwrap();
        request.extensions_mut().insert(axum::extract::ConnectInfo(peer));
        request
    };
    // Five wrong passwords for ana, each from another address: ana is blocked from anywhere...
    for i in 1..=5 {
        let status =
            respond(&app, from(&format!("192.0.2.{i}"), login_request("ana", "wrong-wrong-1", "/"))).await.0;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(
        respond(&app, from("192.0.2.77", login_request("ana", ADMIN_PASSWORD, "/"))).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...but vera, from those addresses, is not (each has one failure).
    assert_eq!(
        respond(&app, from("192.0.2.1", login_request("vera", VIEWER_PASSWORD, "/"))).await.0,
        StatusCode::SEE_OTHER
    );
    // Five failures from one address block every name from it, and no other address.
    for user in ["a1", "a2", "a3", "a4", "a5"] {
        respond(&app, from("198.51.100.9", login_request(user, "wrong-wrong-1", "/"))).await;
    }
    assert_eq!(
        respond(&app, from("198.51.100.9", login_request("vera", VIEWER_PASSWORD, "/"))).await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    assert_eq!(
        respond(&app, from("198.51.100.10", login_request("vera", VIEWER_PASSWORD, "/"))).await.0,
        StatusCode::SEE_OTHER
    );
}

#[tokio::test]
async fn each_login_gets_a_new_session_id() {
    let (app, _) = app_with_users().await;
    let first = session_of(&app, "ana", ADMIN_PASSWORD).await;
    let second = session_of(&app, "ana", ADMIN_PASSWORD).await;
    assert_ne!(first, second);
}

#[tokio::test]
async fn a_token_cannot_change_a_password() {
    let (app, token) = app_with_users().await;
    let mut request =
        post_form("/api/users/password", format!("current={VIEWER_PASSWORD}&new=Lain-Lagi-789"));
    request.headers_mut().insert(header::AUTHORIZATION, format!("Bearer {token}").parse().unwrap());
    assert_eq!(respond(&app, request).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_login_page_switches_language_by_link_and_remembers_it() {
    let (app, _) = app_with_users().await;
    let (status, headers, body) = respond(&app, get("/login?lang=id&next=%2Frouters%2Fcore-1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#"<html lang="id">"#) && body.contains("Masuk"), "{body}");
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("routeros_traffic_lang=id;") && cookie.contains("Max-Age=31536000"),
        "{cookie}"
    );
    // Each language's link keeps where the login was going.
    assert!(body.contains(r#"href="/login?lang=en&amp;next=%2Frouters%2Fcore-1""#), "{body}");
    assert!(body.contains(r#"value="/routers/core-1""#), "{body}");

    // A language we do not speak, or a hostile one, changes nothing and sets no cookie.
    for query in ["lang=fr", "lang=%3Cscript%3E", "lang=", "next=%2F&lang=id%0d%0aX-Evil:1"] {
        let (status, headers, body) = respond(&app, get(&format!("/login?{query}"))).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        assert!(body.contains(r#"<html lang="en">"#), "{query}: {body}");
        assert!(!headers.contains_key(header::SET_COOKIE), "{query}");
    }
    // A tag with garbage after the language is Indonesian, and the cookie is ours, not its text.
    let (_, headers, _) = respond(&app, get("/login?lang=id-%0D%0AX-Evil:1")).await;
    assert_eq!(headers[header::SET_COOKIE].to_str().unwrap(), Locale::Id.cookie());
    // An external `next` is not followed, nor linked to.
    let (_, _, body) = respond(&app, get("/login?lang=en&next=https%3A%2F%2Fevil.example%2F")).await;
    assert!(!body.contains("evil.example"), "{body}");
}
