//! `GET /api/history` and `GET /api/usage`, as JSON or CSV (`format=csv` or
//! `Accept: text/csv`).

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::AppError;
use crate::history::query::HistoryRequest;
use crate::model::{HistoryAnswer, UsageAnswer};
use crate::server::endpoints::error_response;
use crate::server::query_params::QueryParams;
use crate::server::AppState;
use crate::stats::{rfc3339, unix_ms};

/// The span answered when `from` is not given.
const DEFAULT_SPAN_MS: i64 = 3_600_000;

/// Whether the answer is CSV: as `format=` says, else as the `Accept` header asks.
fn wants_csv(asked: &QueryParams, headers: &HeaderMap) -> bool {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    asked.csv.unwrap_or_else(|| accept.is_some_and(|v| v.contains("text/csv")))
}

/// `GET /api/history?router=NAME&name=IFACE[&name=...]&from=RFC3339&to=RFC3339[&step_ms=N]`.
/// `to` defaults to now and `from` to an hour before `to`.
pub async fn history(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let allowed = ["router", "name", "from", "to", "step_ms", "format"];
    let asked = match QueryParams::parse(query.as_deref(), &allowed) {
        Ok(asked) => asked,
        Err(message) => return error_response(AppError::BadRequest(message)),
    };
    let router = match state.router(asked.router.as_deref()) {
        Ok(router) => router.settings.name,
        Err(error) => return error_response(error),
    };
    let csv = wants_csv(&asked, &headers);
    let to = asked.to.unwrap_or_else(|| unix_ms(std::time::SystemTime::now()));
    let request = HistoryRequest {
        router,
        names: asked.names,
        from_ms: asked.from.unwrap_or(to - DEFAULT_SPAN_MS),
        to_ms: to,
        step_ms: asked.step_ms,
    };
    match state.history(request).await {
        Ok(answer) if csv => csv_response(&history_csv(&answer), &format!("{}-history.csv", answer.router)),
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error_response(error),
    }
}

/// `GET /api/usage?router=NAME`: bytes per interface today, yesterday and this month.
pub async fn usage(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let asked = match QueryParams::parse(query.as_deref(), &["router", "format"]) {
        Ok(asked) => asked,
        Err(message) => return error_response(AppError::BadRequest(message)),
    };
    match state.usage(asked.router.as_deref()).await {
        Ok(answer) if wants_csv(&asked, &headers) => {
            csv_response(&usage_csv(&answer), &format!("{}-usage-{}.csv", answer.router, answer.month))
        }
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error_response(error),
    }
}

fn csv_response(body: &str, file_name: &str) -> Response {
    // The router's name is checked to be plain, but a header is no place to trust that.
    let file_name: String =
        file_name.chars().filter(|c| c.is_ascii_alphanumeric() || "-_.".contains(*c)).collect();
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{file_name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.to_owned(),
    )
        .into_response()
}

/// The answer as CSV: `time,interface,rx_bps,tx_bps`, an unknown rate an empty field.
pub fn history_csv(answer: &HistoryAnswer) -> String {
    let mut out = String::from("time,interface,rx_bps,tx_bps\n");
    for series in &answer.series {
        let name = csv_field(&series.name);
        for point in &series.points {
            let time = rfc3339(
                std::time::UNIX_EPOCH + std::time::Duration::from_millis(point.0.max(0).unsigned_abs()),
            );
            let rate = |r: Option<f64>| r.map(|r| r.to_string()).unwrap_or_default();
            out.push_str(&format!("{time},{name},{},{}\n", rate(point.1), rate(point.2)));
        }
    }
    out
}

pub fn usage_csv(answer: &UsageAnswer) -> String {
    let mut out = String::from(
        "interface,today_rx_bytes,today_tx_bytes,yesterday_rx_bytes,yesterday_tx_bytes,month_rx_bytes,month_tx_bytes\n",
    );
    for row in &answer.interfaces {
        let [a, b, c] = [row.today, row.yesterday, row.month];
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv_field(&row.name),
            a.rx_bytes,
            a.tx_bytes,
            b.rx_bytes,
            b.tx_bytes,
            c.rx_bytes,
            c.tx_bytes
        ));
    }
    out
}

/// A text field, quoted when it must be. A name that a spreadsheet would run as a formula
/// (`=`, `+`, `-`, `@`) gets a leading `'`, so opening the file never runs a router's text.
fn csv_field(text: &str) -> String {
    let text = match text.starts_with(['=', '+', '-', '@']) {
        true => format!("'{text}"),
        false => text.to_owned(),
    };
    match text.contains([',', '"', '\n', '\r']) {
        true => format!("\"{}\"", text.replace('"', "\"\"")),
        false => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_names_stay_one_harmless_field() {
        assert_eq!(csv_field("ether1"), "ether1");
        assert_eq!(csv_field("<pppoe-a,b>"), "\"<pppoe-a,b>\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
    }
}
