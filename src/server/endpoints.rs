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
use serde_json::json;

use crate::error::AppError;
use crate::model::InterfaceStats;
use crate::server::AppState;
use crate::stats::names;

/// Largest server-function error body read back to choose its status.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The `/api/interface-stats` served, as CONTRACT.md shows it.
#[derive(Serialize)]
struct StatsBody<'a> {
    router: &'a str,
    fetched_at: String,
    age_ms: u64,
    stale: bool,
    interfaces: Vec<&'a InterfaceStats>,
}

fn rfc3339(time: std::time::SystemTime) -> String {
    humantime::format_rfc3339_millis(time).to_string()
}

fn bad_request(message: impl Into<String>) -> Response {
    let body = json!({"error": "bad_request", "message": message.into()});
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// The `name` values of a query string. Anything else, or bytes that are not UTF-8, is an error.
fn selected_names(query: Option<&str>) -> Result<Vec<String>, String> {
    let mut names = Vec::new();
    for pair in query.unwrap_or_default().split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let decode = |text: &str| {
            percent_decode_str(&text.replace('+', " "))
                .decode_utf8()
                .map(|text| text.into_owned())
                .map_err(|_| "the query string is not valid UTF-8".to_owned())
        };
        match decode(key)?.as_str() {
            "name" => names.push(decode(value)?),
            other => {
                let other: String = other.chars().take(32).collect();
                return Err(format!("unknown query parameter {other:?}; the only one is `name`"));
            }
        }
    }
    names::validate(&names)?;
    Ok(names)
}

/// `GET /api/interface-stats[?name=a&name=b]`: the current table from the shared cache.
pub async fn interface_stats(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let names = match selected_names(query.as_deref()) {
        Ok(names) => names,
        Err(message) => return bad_request(message),
    };
    match state.stats.table().await {
        Ok(served) => {
            let body = StatsBody {
                router: state.stats.router(),
                fetched_at: rfc3339(served.fetched_at()),
                age_ms: served.age_ms(),
                stale: served.stale(),
                interfaces: served
                    .interfaces()
                    .iter()
                    .filter(|stats| names.is_empty() || names.contains(&stats.info.name))
                    .collect(),
            };
            Json(body).into_response()
        }
        Err(unavailable) => {
            let body = json!({
                "error": "router_unreachable",
                "message": unavailable.problem.to_string(),
                "since": rfc3339(unavailable.since),
            });
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
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
    fn repeated_names_are_decoded() {
        assert_eq!(
            selected_names(Some("name=ether1&name=%3Cpppoe-andi%3E")).unwrap(),
            ["ether1", "<pppoe-andi>"]
        );
        assert_eq!(selected_names(Some("name=vlan+100")).unwrap(), ["vlan 100"]);
        assert!(selected_names(None).unwrap().is_empty());
    }

    #[test]
    fn malformed_queries_are_refused() {
        assert!(selected_names(Some("names=ether1")).unwrap_err().contains("unknown query parameter"));
        assert!(selected_names(Some("name=%FF")).unwrap_err().contains("UTF-8"));
        assert!(selected_names(Some("name=a%0Ab")).unwrap_err().contains("control"));
        assert!(selected_names(Some("name=")).is_err());
    }
}
