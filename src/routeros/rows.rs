//! Typed rows of the commands the dashboard uses, and the requests that fetch them.
//!
//! Values arrive as strings. Counters are decimal u64; booleans are `true`/`false` (`yes`/`no`
//! on very old versions); a missing key means "not set"; unknown keys are ignored.

use super::error::{Error, Result};
use super::sentence::{Attributes, Request};

/// Builds a typed value from one `!re` row.
pub trait FromRow: Sized {
    fn from_row(row: &Attributes) -> Result<Self>;
}

fn required(row: &Attributes, field: &'static str) -> Result<String> {
    row.text(field)
        .map(|v| v.into_owned())
        .ok_or_else(|| Error::Protocol(format!("a row lacks the {field:?} field")))
}

fn optional_text(row: &Attributes, field: &str) -> Option<String> {
    row.text(field).map(|v| v.into_owned())
}

fn optional_u64(row: &Attributes, field: &'static str) -> Result<Option<u64>> {
    row.text(field)
        .map(|v| v.trim().parse::<u64>().map_err(|_| Error::InvalidValue { field, value: v.into_owned() }))
        .transpose()
}

fn required_u64(row: &Attributes, field: &'static str) -> Result<u64> {
    optional_u64(row, field)?.ok_or_else(|| Error::Protocol(format!("a row lacks the {field:?} field")))
}

fn optional_bool(row: &Attributes, field: &'static str) -> Result<Option<bool>> {
    row.text(field)
        .map(|v| match v.as_ref() {
            "true" | "yes" => Ok(true),
            "false" | "no" => Ok(false),
            other => Err(Error::InvalidValue { field, value: other.to_owned() }),
        })
        .transpose()
}

/// `?name=a ?name=b ?#|`: rows whose name is any of `names`. No names, no filter.
fn name_queries(mut request: Request, names: &[String]) -> Request {
    for name in names {
        request = request.query(format!("name={name}"));
    }
    for _ in 1..names.len() {
        request = request.query("#|");
    }
    request
}

/// One row of `/interface/print`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterfaceRow {
    /// `.id`, like `*1`. A recreated interface gets a new one under the same name.
    pub id: String,
    pub name: String,
    pub kind: String,
    pub running: bool,
    pub disabled: bool,
    pub comment: Option<String>,
    pub rx_byte: Option<u64>,
    pub tx_byte: Option<u64>,
}

impl InterfaceRow {
    /// Always with `.proplist`: without it the router computes every slow field.
    pub const PROPLIST: &'static str = ".id,name,type,running,disabled,comment,rx-byte,tx-byte";

    /// `/interface/print` for `names`, or for every interface when `names` is empty.
    pub fn request(names: &[String]) -> Request {
        name_queries(Request::new("/interface/print").attribute(".proplist", Self::PROPLIST), names)
    }
}

impl FromRow for InterfaceRow {
    fn from_row(row: &Attributes) -> Result<Self> {
        Ok(Self {
            id: required(row, ".id")?,
            name: required(row, "name")?,
            kind: optional_text(row, "type").unwrap_or_default(),
            running: optional_bool(row, "running")?.unwrap_or(false),
            disabled: optional_bool(row, "disabled")?.unwrap_or(false),
            comment: optional_text(row, "comment").filter(|c| !c.is_empty()),
            rx_byte: optional_u64(row, "rx-byte")?,
            tx_byte: optional_u64(row, "tx-byte")?,
        })
    }
}

/// One row of `/interface/monitor-traffic`: rates the router computed over about a second.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrafficRow {
    pub name: String,
    pub rx_bits_per_second: u64,
    pub tx_bits_per_second: u64,
    pub rx_packets_per_second: Option<u64>,
    pub tx_packets_per_second: Option<u64>,
}

impl TrafficRow {
    /// `monitor-traffic` for `names`; `once` for a single round, otherwise a stream.
    pub fn request(names: &[String], once: bool) -> Request {
        let request = Request::new("/interface/monitor-traffic").attribute("interface", names.join(","));
        if once {
            request.attribute("once", "")
        } else {
            request
        }
    }
}

impl FromRow for TrafficRow {
    fn from_row(row: &Attributes) -> Result<Self> {
        Ok(Self {
            name: required(row, "name")?,
            rx_bits_per_second: required_u64(row, "rx-bits-per-second")?,
            tx_bits_per_second: required_u64(row, "tx-bits-per-second")?,
            rx_packets_per_second: optional_u64(row, "rx-packets-per-second")?,
            tx_packets_per_second: optional_u64(row, "tx-packets-per-second")?,
        })
    }
}

/// `/system/resource/print`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemResource {
    pub uptime: String,
    pub version: String,
    pub board_name: Option<String>,
    pub cpu_load: Option<u64>,
    pub free_memory: Option<u64>,
    pub total_memory: Option<u64>,
}

impl SystemResource {
    pub fn request() -> Request {
        Request::new("/system/resource/print")
    }
}

impl FromRow for SystemResource {
    fn from_row(row: &Attributes) -> Result<Self> {
        Ok(Self {
            uptime: required(row, "uptime")?,
            version: required(row, "version")?,
            board_name: optional_text(row, "board-name"),
            cpu_load: optional_u64(row, "cpu-load")?,
            free_memory: optional_u64(row, "free-memory")?,
            total_memory: optional_u64(row, "total-memory")?,
        })
    }
}

/// `/system/identity/print`: the router's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemIdentity {
    pub name: String,
}

impl SystemIdentity {
    pub fn request() -> Request {
        Request::new("/system/identity/print")
    }
}

impl FromRow for SystemIdentity {
    fn from_row(row: &Attributes) -> Result<Self> {
        Ok(Self { name: required(row, "name")? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(pairs: &[(&str, &[u8])]) -> Attributes {
        let mut row = Attributes::default();
        for (k, v) in pairs {
            row.insert(*k, v.to_vec());
        }
        row
    }

    #[test]
    fn interface_rows_parse_counters_booleans_and_missing_fields() {
        let parsed = InterfaceRow::from_row(&row(&[
            (".id", b"*1"),
            ("name", b"ether1"),
            ("type", b"ether"),
            ("running", b"false"),
            ("disabled", b"no"),
            ("rx-byte", b"18446744073709551615"),
            ("mtu", b"auto"),
        ]))
        .unwrap();
        assert!(!parsed.running, "\"false\" must not read as running");
        assert!(!parsed.disabled);
        assert_eq!(parsed.rx_byte, Some(u64::MAX));
        assert_eq!((parsed.tx_byte, parsed.comment), (None, None));
    }

    #[test]
    fn garbage_values_are_named_errors_not_panics() {
        for (field, value) in [("rx-byte", &b"12,345"[..]), ("rx-byte", b"-1"), ("running", b"maybe")] {
            let err =
                InterfaceRow::from_row(&row(&[(".id", b"*1"), ("name", b"e"), (field, value)])).unwrap_err();
            assert!(matches!(err, Error::InvalidValue { .. }), "{field}: {err}");
            assert!(!err.is_connection_broken());
        }
    }

    #[test]
    fn several_names_are_or_ed() {
        let names = ["a".to_owned(), "b".to_owned(), "c".to_owned()];
        let request = InterfaceRow::request(&names);
        assert_eq!(request.queries, ["name=a", "name=b", "name=c", "#|", "#|"]);
        assert_eq!(request.attributes.text(".proplist").as_deref(), Some(InterfaceRow::PROPLIST));
        assert!(InterfaceRow::request(&[]).queries.is_empty());
    }
}
