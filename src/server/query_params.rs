//! The query parameters of the JSON endpoints (`/api/interface-stats`, `/api/history`,
//! `/api/usage`), read one way: each endpoint names the parameters it takes, and anything
//! else, a repeated single parameter or a malformed value is an error that says which.

use crate::server::endpoints::form_pairs;

/// What a request asked for; each endpoint allows some of these.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct QueryParams {
    pub router: Option<String>,
    pub names: Vec<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub step_ms: Option<i64>,
    /// `format=csv` (`Some(true)`) or `format=json`; `None` leaves it to the `Accept` header.
    pub csv: Option<bool>,
}

impl QueryParams {
    /// The parameters of `query`, of which only `allowed` may appear.
    pub fn parse(query: Option<&str>, allowed: &[&str]) -> Result<Self, String> {
        let mut asked = Self::default();
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
                    asked.step_ms =
                        Some(step.ok_or("step_ms must be a positive whole number of milliseconds")?);
                }
                "format" => match value.as_str() {
                    "csv" => asked.csv = Some(true),
                    "json" => asked.csv = Some(false),
                    _ => return Err("format is csv or json".to_owned()),
                },
                _ => {}
            }
        }
        Ok(asked)
    }
}

/// An RFC 3339 time as Unix milliseconds.
fn time(key: &str, value: &str) -> Result<i64, String> {
    let printable: String = value.chars().take(40).filter(|c| !c.is_control()).collect();
    value.parse::<jiff::Timestamp>().map(|t| t.as_millisecond()).map_err(|_| {
        format!("{key} must be an RFC 3339 time such as 2026-12-01T03:00:00Z, not {printable:?}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_parameters_are_named() {
        let allowed = ["router", "name", "from", "to", "step_ms", "format"];
        let refused = |q: &str| QueryParams::parse(Some(q), &allowed).unwrap_err();
        assert!(refused("from=yesterday").contains("RFC 3339"));
        assert!(refused("step_ms=-5").contains("step_ms"));
        assert!(refused("step_ms=1.5").contains("step_ms"));
        assert!(refused("router=a&router=b").contains("once"));
        assert!(refused("format=xml").contains("csv"));
        assert!(refused("limit=5").contains("unknown query parameter"));
    }
}
