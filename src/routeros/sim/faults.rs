//! Fault switches: how the simulated router misbehaves on purpose, for tests.
//!
//! Each switch stays on until it is cleared, so a test puts the router into a state and checks
//! what the client does in it. Reachable in-process and through the standalone simulator's
//! control port, never from the dashboard.

use serde::{Deserialize, Serialize};

/// The set of switches. Every field is optional in JSON, so a control request sets only what
/// it names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// Accept connections and read everything, but never answer.
    pub hang: bool,
    /// Delay every reply by this many milliseconds.
    pub delay_ms: u64,
    /// Send half of the first reply sentence to a command, then close the connection.
    pub drop_mid_sentence: bool,
    /// Start every reply with a reserved control byte.
    pub garbage: bool,
    /// Answer every command after login with `!fatal`, then close.
    pub fatal: bool,
    /// Answer every command after login with `!trap`, then `!done`.
    pub trap: bool,
    /// Answer every print with `!empty`, then `!done`.
    pub empty: bool,
    /// Refuse new connections (the listener is closed) and close open ones.
    pub refuse: bool,
    /// Answer logins but never a command: a router at 100 % CPU, or a stuck API process.
    pub stall_commands: bool,
    /// Refuse every login, as for a wrong password.
    pub refuse_logins: bool,
    /// Add a row without `.id` to every interface print.
    pub malformed_row: bool,
}

/// A partial update: only the switches that are present change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultsUpdate {
    pub hang: Option<bool>,
    pub delay_ms: Option<u64>,
    pub drop_mid_sentence: Option<bool>,
    pub garbage: Option<bool>,
    pub fatal: Option<bool>,
    pub trap: Option<bool>,
    pub empty: Option<bool>,
    pub refuse: Option<bool>,
    pub stall_commands: Option<bool>,
    pub refuse_logins: Option<bool>,
    pub malformed_row: Option<bool>,
}

impl Faults {
    pub fn apply(&mut self, update: &FaultsUpdate) {
        let FaultsUpdate {
            hang,
            delay_ms,
            drop_mid_sentence,
            garbage,
            fatal,
            trap,
            empty,
            refuse,
            stall_commands,
            refuse_logins,
            malformed_row,
        } = update;
        let set = |field: &mut bool, value: &Option<bool>| {
            if let Some(value) = value {
                *field = *value;
            }
        };
        set(&mut self.hang, hang);
        set(&mut self.drop_mid_sentence, drop_mid_sentence);
        set(&mut self.garbage, garbage);
        set(&mut self.fatal, fatal);
        set(&mut self.trap, trap);
        set(&mut self.empty, empty);
        set(&mut self.refuse, refuse);
        set(&mut self.stall_commands, stall_commands);
        set(&mut self.refuse_logins, refuse_logins);
        set(&mut self.malformed_row, malformed_row);
        if let Some(delay_ms) = delay_ms {
            self.delay_ms = *delay_ms;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_change_only_what_they_name() {
        let mut faults = Faults { hang: true, delay_ms: 50, ..Faults::default() };
        let update: FaultsUpdate = serde_json::from_str(r#"{"trap": true, "delay_ms": 0}"#).unwrap();
        faults.apply(&update);
        assert_eq!(faults, Faults { hang: true, trap: true, ..Faults::default() });
        assert!(serde_json::from_str::<FaultsUpdate>(r#"{"hnag": true}"#).is_err(), "typos are errors");
    }
}
