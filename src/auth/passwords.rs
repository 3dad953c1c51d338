//! User passwords: Argon2id hashes in PHC strings (password-auth), and the rules a new one
//! must meet. A login for an unknown user costs the same work as for a known one.

use std::sync::LazyLock;

use crate::model::FieldProblem;

pub const MIN_PASSWORD_CHARS: usize = 8;
const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a new password is refused, if it is.
pub fn check_new(password: &str) -> Result<(), FieldProblem> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(FieldProblem::PasswordTooShort(MIN_PASSWORD_CHARS as u32));
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(FieldProblem::PasswordTooLong(MAX_PASSWORD_BYTES as u32));
    }
    Ok(())
}

/// An Argon2id hash of `password`, salted. CPU-heavy: call it off the async runtime.
pub fn hash(password: &str) -> String {
    password_auth::generate_hash(password)
}

/// Whether `password` matches `hash`. CPU-heavy: call it off the async runtime.
pub fn verify(password: &str, hash: &str) -> bool {
    password_auth::verify_password(password, hash).is_ok()
}

static NOBODY: LazyLock<String> = LazyLock::new(|| hash("no user has this password"));

/// The same work as [`verify`] for a user that does not exist, so the time of an answer does
/// not tell which names exist. Never a user.
pub fn verify_nobody<T>(password: &str) -> Option<T> {
    let _ = verify(password, &NOBODY);
    None
}

/// Makes the stand-in hash now, so the first unknown user costs no more than the others.
pub fn prepare() {
    LazyLock::force(&NOBODY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only_and_never_holds_it() {
        let hashed = hash("kuda-lumping-42");
        assert!(hashed.starts_with("$argon2id$"), "{hashed}");
        assert!(!hashed.contains("kuda-lumping-42"));
        assert!(verify("kuda-lumping-42", &hashed));
        assert!(!verify("kuda-lumping-43", &hashed));
        assert!(verify_nobody::<()>("kuda-lumping-42").is_none());
    }

    #[test]
    fn new_passwords_have_at_least_eight_characters() {
        assert!(check_new("1234567").is_err());
        assert!(check_new("12345678").is_ok());
        assert!(check_new(&"x".repeat(2000)).is_err());
    }
}
