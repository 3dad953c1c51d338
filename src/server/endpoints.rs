//! Plain HTTP endpoints beside the dashboard: `/api/interface-stats` for operators' curl and
//! scripts, `/metrics` for Prometheus, and the status mapping of server-function errors.

use axum::body::Body;
use axum::extract::{RawQuery, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use http_body_util::BodyExt;
use percent_encoding::percent_decode_str;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Value};

use crate::error::AppError;
use crate::model::InterfaceStats;
use crate::server::query_params::QueryParams;
use crate::server::AppState;
use crate::stats::{names, rfc3339};

/// Largest server-function error body read back to choose its status.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The `/api/interface-stats` served, as CONTRACT.md shows it.
#[derive(Serialize)]
struct StatsBody<'a> {
    router: &'a str,
    fetched_at: String,
    age_ms: u64,
    stale: bool,
    /// Already JSON: the whole table is encoded once per reading (see `ServedTable`).
    interfaces: &'a RawValue,
}

/// The stable code of an enum's variant, as API clients read it: its serde name
/// (`port_range` of `{"port_range": 70000}`).
fn code(variant: &impl Serialize) -> String {
    match serde_json::to_value(variant) {
        Ok(Value::String(code)) => code,
        Ok(Value::Object(map)) => map.keys().next().cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// An error as the JSON endpoints answer it: `{"error": CODE, "message": ...}` with its status.
pub fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let message = error.to_string();
    let body = match error {
        AppError::BadRequest(message) => json!({"error": "bad_request", "message": message}),
        AppError::InvalidFields(fields) => {
            let words: Vec<String> = fields.iter().map(ToString::to_string).collect();
            // Each field with its code (the page words it in its language) and English words.
            let fields: Vec<_> = fields
                .iter()
                .map(
                    |f| json!({"field": f.field, "code": code(&f.problem), "message": f.problem.to_string()}),
                )
                .collect();
            json!({"error": "bad_request", "message": words.join("; "), "fields": fields})
        }
        AppError::UnknownRouter(_) => json!({"error": "unknown_router", "message": message}),
        AppError::UnknownUser(_) => json!({"error": "unknown_user", "message": message}),
        AppError::Conflict(conflict) => {
            json!({"error": "conflict", "conflict": code(&conflict), "message": message})
        }
        AppError::Forbidden => json!({"error": "forbidden", "message": message}),
        AppError::Unauthorized => json!({"error": "unauthorized", "message": message}),
        AppError::RouterUnreachable { problem, since_ms } => json!({
            "error": "router_unreachable",
            "message": problem.to_string(),
            "since": rfc3339(std::time::UNIX_EPOCH + std::time::Duration::from_millis(since_ms.max(0).unsigned_abs())),
        }),
        AppError::NotReady | AppError::Transport(_) => json!({"error": "internal", "message": message}),
    };
    (status, Json(body)).into_response()
}

/// The decoded `key=value` pairs of a query string or a form body
/// (`application/x-www-form-urlencoded`); an error when they are not UTF-8.
pub fn form_pairs(text: &str) -> Result<Vec<(String, String)>, String> {
    let decode = |text: &str| {
        percent_decode_str(&text.replace('+', " "))
            .decode_utf8()
            .map(|text| text.into_owned())
            .map_err(|_| "the request is not valid UTF-8".to_owned())
    };
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(key)?, decode(value)?))
        })
        .collect()
}

/// The first value of `name` among decoded form pairs.
pub fn form_value<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// The `router` and `name` values of a query string. Anything else, or bytes that are not
/// UTF-8, is an error.
fn stats_query(query: Option<&str>) -> Result<QueryParams, String> {
    let asked = QueryParams::parse(query, &["router", "name"])?;
    names::validate(&asked.names)?;
    Ok(asked)
}

/// `GET /api/interface-stats[?router=NAME][&name=a&name=b]`: the current table from the shared
/// cache of that router.
pub async fn interface_stats(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let asked = match stats_query(query.as_deref()) {
        Ok(asked) => asked,
        Err(message) => return error_response(AppError::BadRequest(message)),
    };
    let stats = match state.router(asked.router.as_deref()) {
        Ok(router) => router.stats,
        Err(error) => return error_response(error),
    };
    let names = asked.names;
    match stats.table().await {
        Ok(served) => {
            let selected;
            let interfaces = if names.is_empty() {
                served.interfaces_json()
            } else {
                let chosen: Vec<&InterfaceStats> =
                    served.interfaces().iter().filter(|stats| names.contains(&stats.info.name)).collect();
                match serde_json::value::to_raw_value(&chosen) {
                    Ok(json) => selected = json,
                    Err(error) => return error_response(AppError::Transport(error.to_string())),
                }
                &*selected
            };
            let body = StatsBody {
                router: stats.router(),
                fetched_at: rfc3339(served.fetched_at()),
                age_ms: served.age_ms(),
                stale: served.stale(),
                interfaces,
            };
            Json(body).into_response()
        }
        Err(unavailable) => error_response(unavailable.into()),
    }
}

/// `GET /metrics`: Prometheus text.
pub async fn metrics() -> Response {
    let text = crate::server::telemetry::render();
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; version=0.0.4"))], text).into_response()
}

/// Server functions served every error with 500. This gives each [`AppError`] its own status,
/// so a garbage body is a 400 and an unreachable router a 503, for curl and for the browser
/// alike (the browser decodes any 4xx or 5xx body as the error).
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match http_body_util::Limited::new(body, MAX_ERROR_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response(),
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_names_and_the_router_are_decoded() {
        let names = |query| stats_query(Some(query)).unwrap().names;
        assert_eq!(names("name=ether1&name=%3Cpppoe-andi%3E"), ["ether1", "<pppoe-andi>"]);
        assert_eq!(names("name=vlan+100"), ["vlan 100"]);
        assert_eq!(stats_query(None).unwrap(), QueryParams::default());
        let asked = stats_query(Some("router=core-1&name=ether1")).unwrap();
        assert_eq!((asked.router.as_deref(), asked.names.len()), (Some("core-1"), 1));
    }

    #[test]
    fn malformed_queries_are_refused() {
        let error = |query| stats_query(Some(query)).unwrap_err();
        assert!(error("names=ether1").contains("unknown query parameter"));
        assert!(error("name=%FF").contains("UTF-8"));
        assert!(error("name=a%0Ab").contains("control"));
        assert!(error("router=a&router=b").contains("once"));
        assert!(stats_query(Some("name=")).is_err());
    }
}
