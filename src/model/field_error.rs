//! Why a form's field is refused, as a code with its values: the page words it in its own
//! language (`i18n::Texts::field_problem`), and API clients get the English words beside it.

use serde::{Deserialize, Serialize};

/// One field of a form that is wrong, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// The form's name for the field (`host`, `password`…).
    pub field: String,
    pub problem: FieldProblem,
}

impl FieldError {
    pub fn new(field: &str, problem: FieldProblem) -> Self {
        Self { field: field.to_owned(), problem }
    }
}

/// What is wrong with a field. The limits are the server's, carried so the page states them,
/// each in a newtype variant (`{"port_range": 70000}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldProblem {
    /// Empty where something is needed (a router's host, a new user's password).
    Required,
    /// A router's or a user's name: 1 to this many letters, digits, `-`, `_` and `.`.
    NameRule(u32),
    /// Not a DNS name or an IP address (a port, a scheme or a path in it).
    HostForm,
    /// This number is not 1 to 65535.
    PortRange(u32),
    /// A router's user name: longer than this many characters, or with control characters.
    UserRule(u32),
    /// A router's password: longer than this many bytes, or with a line break.
    RouterPasswordRule(u32),
    /// The stored password cannot be decrypted with this secret key: it must be entered again.
    StoredPasswordUnreadable,
    /// The host, port, user or TLS changed, and the stored password goes only where it went.
    StoredPasswordNotKept,
    /// Not a SHA-256 fingerprint.
    FingerprintForm,
    /// A CA certificate larger than this many KB (of 1,024 bytes).
    CaTooLarge(u32),
    /// No usable CA certificate in what was given.
    CaUnusable,
    /// TLS without a way to verify the router's certificate.
    TlsVerificationMissing,
    /// More than one way to verify it.
    TlsVerificationAmbiguous,
    /// A new user password shorter than this many characters.
    PasswordTooShort(u32),
    /// A new user password longer than this many bytes.
    PasswordTooLong(u32),
    /// An admin cannot make themselves a viewer.
    OwnAdminRole,
    /// The "current password" given is not it.
    NotCurrentPassword,
    /// Too many wrong current passwords lately: the same limit as the login.
    TooManyWrongPasswords,
}

/// In English, as API clients, the command line and logs read it: `port: 70000 is not a port…`.
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.problem)
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::EN.field_problem(self))
    }
}

impl std::error::Error for FieldProblem {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_travels_as_its_snake_case_name_with_its_value() {
        assert_eq!(serde_json::to_string(&FieldProblem::Required).unwrap(), r#""required""#);
        let error = FieldError::new("port", FieldProblem::PortRange(70_000));
        let json = serde_json::to_string(&error).unwrap();
        assert_eq!(json, r#"{"field":"port","problem":{"port_range":70000}}"#);
        assert_eq!(serde_json::from_str::<FieldError>(&json).unwrap(), error);
    }
}
