//! Interface names that requests select by. They only ever filter the cached table and never
//! reach the router, but hostile ones are refused with a clear message all the same.

/// Most names one request may select.
pub const MAX_NAMES: usize = 1000;
/// Longest name accepted, in bytes. RouterOS names are far shorter.
pub const MAX_NAME_BYTES: usize = 255;

/// A short, escaped form of an untrusted name for error messages: never echoes 100 KB back.
fn shown(name: &str) -> String {
    let head: String = name.chars().take(32).collect();
    let more = if head.len() < name.len() { "…" } else { "" };
    format!("{head:?}{more}")
}

/// Checks every name; the message says which one is wrong and why.
pub fn validate(names: &[String]) -> Result<(), String> {
    if names.len() > MAX_NAMES {
        return Err(format!("at most {MAX_NAMES} interface names may be selected, not {}", names.len()));
    }
    for name in names {
        if name.is_empty() {
            return Err("an interface name is empty".to_owned());
        }
        if name.len() > MAX_NAME_BYTES {
            return Err(format!(
                "interface name {} is {} bytes long; the limit is {MAX_NAME_BYTES}",
                shown(name),
                name.len()
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(format!("interface name {} contains a control character", shown(name)));
        }
        if name.contains('=') {
            return Err(format!("interface name {} contains '='", shown(name)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(names: &[&str]) -> Result<(), String> {
        validate(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn real_names_pass() {
        assert_eq!(check(&["ether1", "<pppoe-andi>", "vlan 100", "wlan-lobi ünicode", "br.lan"]), Ok(()));
        assert_eq!(check(&[]), Ok(()));
    }

    #[test]
    fn hostile_names_are_refused_without_echoing_them_whole() {
        for hostile in ["", "ether1\n/system/reboot", "a\0b", "=name=x", "tab\there"] {
            assert!(check(&[hostile]).is_err(), "{hostile:?}");
        }
        let huge = "x".repeat(100_000);
        let message = check(&[&huge]).unwrap_err();
        assert!(message.contains("100000 bytes") && message.len() < 200, "{message}");
        let many: Vec<String> = (0..=MAX_NAMES).map(|i| format!("e{i}")).collect();
        assert!(validate(&many).is_err());
    }
}
