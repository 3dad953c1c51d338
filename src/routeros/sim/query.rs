//! RouterOS `?` queries over rows of properties: a small stack machine.
//!
//! Each query word pushes a truth value (`name=x`, `=name=x`, `name` has it, `-name` lacks it,
//! `<name=x`, `>name=x`); `#|`, `#&` and `#!` combine the stack. At the end, every value on the
//! stack must be true.

/// Why a query cannot be evaluated; the router answers it with `!trap`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid query: {0}")]
pub struct QueryError(pub String);

/// Compares numerically when both sides are integers, otherwise as text.
fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<i128>(), b.parse::<i128>()) {
        (Ok(a), Ok(b)) => a.cmp(&b),
        _ => a.cmp(b),
    }
}

/// Whether `row` (looked up with `get`) matches all of `queries`.
pub fn matches<'a>(queries: &[String], get: impl Fn(&str) -> Option<&'a str>) -> Result<bool, QueryError> {
    let mut stack: Vec<bool> = Vec::new();
    for query in queries {
        if let Some(ops) = query.strip_prefix('#') {
            for op in ops.chars() {
                let mut pop = || stack.pop().ok_or_else(|| QueryError(format!("?#{ops} on an empty stack")));
                let value = match op {
                    '|' => pop()? | pop()?,
                    '&' => pop()? & pop()?,
                    '!' => !pop()?,
                    other => return Err(QueryError(format!("unsupported operation {other:?}"))),
                };
                stack.push(value);
            }
            continue;
        }
        let value = if let Some(name) = query.strip_prefix('-') {
            get(name).is_none()
        } else if let Some(rest) = query.strip_prefix('<').or_else(|| query.strip_prefix('>')) {
            let (name, value) = rest.split_once('=').ok_or_else(|| QueryError(query.clone()))?;
            let wanted =
                if query.starts_with('<') { std::cmp::Ordering::Less } else { std::cmp::Ordering::Greater };
            get(name).is_some_and(|have| compare(have, value) == wanted)
        } else {
            let query = query.strip_prefix('=').unwrap_or(query);
            match query.split_once('=') {
                Some((name, value)) => get(name) == Some(value),
                None => get(query).is_some(),
            }
        };
        stack.push(value);
    }
    Ok(stack.into_iter().all(|v| v))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(queries: &[&str], row: &[(&str, &str)]) -> Result<bool, QueryError> {
        let queries: Vec<String> = queries.iter().map(|q| q.to_string()).collect();
        matches(&queries, |name| row.iter().find(|(k, _)| *k == name).map(|(_, v)| *v))
    }

    #[test]
    fn every_query_form() {
        let row = [("name", "ether1"), ("mtu", "1500"), ("comment", "a=b")];
        assert_eq!(check(&["name=ether1"], &row), Ok(true));
        assert_eq!(check(&["=name=ether1"], &row), Ok(true));
        assert_eq!(check(&["name=ether2"], &row), Ok(false));
        assert_eq!(check(&["comment=a=b"], &row), Ok(true));
        assert_eq!(check(&["mtu"], &row), Ok(true));
        assert_eq!(check(&["-mtu"], &row), Ok(false));
        assert_eq!(check(&["-disabled"], &row), Ok(true));
        assert_eq!(check(&["<mtu=9000"], &row), Ok(true), "numeric, not text, comparison");
        assert_eq!(check(&[">mtu=9000"], &row), Ok(false));
        assert_eq!(check(&["name=x", "name=ether1", "#|"], &row), Ok(true));
        assert_eq!(check(&["name=x", "name=ether1", "#&"], &row), Ok(false));
        assert_eq!(check(&["name=x", "#!"], &row), Ok(true));
        assert_eq!(check(&[], &row), Ok(true));
    }

    #[test]
    fn malformed_stack_operations_are_errors() {
        assert!(check(&["#|"], &[]).is_err());
        assert!(check(&["name=a", "#?"], &[]).is_err());
        assert!(check(&["<mtu"], &[]).is_err());
    }
}
