//! `GET /api/history` and `GET /api/usage`, as JSON or CSV (`format=csv` or
//! `Accept: text/csv`).

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

use crate::error::AppError;
use crate::history::query::HistoryRequest;
use crate::model::{HistoryAnswer, UsageAnswer};
use crate::server::endpoints::{error_response, form_pairs};
use crate::server::AppState;
use crate::stats::{rfc3339, unix_ms};

/// The span answered when `from` is not given.
const DEFAULT_SPAN_MS: i64 = 3_600_000;

/// The parameters of a history or usage request.
#[derive(Debug, Default)]
struct Asked {
    router: Option<String>,
    names: Vec<String>,
    from: Option<i64>,
    to: Option<i64>,
    step_ms: Option<i64>,
    csv: bool,
}

fn asked(query: Option<&str>, headers: &HeaderMap, allowed: &[&str]) -> Result<Asked, String> {
    let mut asked = Asked {
        csv: headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("text/csv")),
        ..Asked::default()
    };
    for (key, value) in form_pairs(query.unwrap_or_default())? {
        if !allowed.contains(&key.as_str()) {
            let key: String = key.chars().take(32).collect();
            return Err(format!(
                "unknown query parameter {key:?}; the parameters are {}",
                allowed.join(", ")
            ));
        }
        let once = |slot: bool| if slot { Err(format!("give `{key}` once")) } else { Ok(()) };
        match key.as_str() {
            "name" => asked.names.push(value),
            "router" => {
                once(asked.router.is_some())?;
                asked.router = Some(value);
            }
            "from" => {
                once(asked.from.is_some())?;
                asked.from = Some(time(&key, &value)?);
            }
            "to" => {
                once(asked.to.is_some())?;
                asked.to = Some(time(&key, &value)?);
            }
            "step_ms" => {
                once(asked.step_ms.is_some())?;
                let step = value.trim().parse::<i64>().ok().filter(|s| *s > 0);
                asked.step_ms = Some(step.ok_or("step_ms must be a positive whole number of milliseconds")?);
            }
            "format" => match value.as_str() {
                "csv" => asked.csv = true,
                "json" => asked.csv = false,
                _ => return Err("format is csv or json".to_owned()),
            },
            _ => {}
        }
    }
    Ok(asked)
}

/// An RFC 3339 time as Unix milliseconds.
fn time(key: &str, value: &str) -> Result<i64, String> {
    let printable: String = value.chars().take(40).filter(|c| !c.is_control()).collect();
    value.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).map_err(|_| {
        format!("{key} must be an RFC 3339 time such as 2026-12-01T03:00:00Z, not {printable:?}")
    })
}

/// `GET /api/history?router=NAME&name=IFACE[&name=...]&from=RFC3339&to=RFC3339[&step_ms=N]`.
/// `to` defaults to now and `from` to an hour before `to`.
pub async fn history(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Response {
    let allowed = ["router", "name", "from", "to", "step_ms", "format"];
    let asked = match asked(query.as_deref(), &headers, &allowed) {
        Ok(asked) => asked,
        Err(message) => return error_response(AppError::BadRequest(message)),
    };
    let router = match state.router(asked.router.as_deref()) {
        Ok(router) => router.settings.name,
        Err(error) => return error_response(error),
    };
    let to = asked.to.unwrap_or_else(|| unix_ms(std::time::SystemTime::now()));
    let request = HistoryRequest {
        router,
        names: asked.names,
        from_ms: asked.from.unwrap_or(to - DEFAULT_SPAN_MS),
        to_ms: to,
        step_ms: asked.step_ms,
    };
    match state.history(request).await {
        Ok(answer) if asked.csv => {
            csv_response(&history_csv(&answer), &format!("{}-history.csv", answer.router))
        }
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error_response(error),
    }
}

/// `GET /api/usage?router=NAME`: bytes per interface today, yesterday and this month.
pub async fn usage(State(state): State<AppState>, RawQuery(query): RawQuery, headers: HeaderMap) -> Response {
    let asked = match asked(query.as_deref(), &headers, &["router", "format"]) {
        Ok(asked) => asked,
        Err(message) => return error_response(AppError::BadRequest(message)),
    };
    match state.usage(asked.router.as_deref()).await {
        Ok(answer) if asked.csv => {
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

    #[test]
    fn malformed_parameters_are_named() {
        let refused = |q: &str| {
            asked(Some(q), &HeaderMap::new(), &["router", "name", "from", "to", "step_ms", "format"])
                .unwrap_err()
        };
        assert!(refused("from=yesterday").contains("RFC 3339"));
        assert!(refused("step_ms=-5").contains("step_ms"));
        assert!(refused("step_ms=1.5").contains("step_ms"));
        assert!(refused("router=a&router=b").contains("once"));
        assert!(refused("format=xml").contains("csv"));
        assert!(refused("limit=5").contains("unknown query parameter"));
    }
}
