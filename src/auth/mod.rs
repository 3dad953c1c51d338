//! Who may use the dashboard: user passwords (Argon2id), sessions and API tokens (256 random
//! bits each, stored only as SHA-256 hashes), and the limits on guessing.

pub mod passwords;
pub mod throttle;

use sha2::{Digest, Sha256};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "routeros_traffic_session";

/// A new session id or API token: 256 random bits, as 64 hex digits.
pub fn new_secret() -> String {
    hex::encode(rand::random::<[u8; 32]>())
}

/// What is stored of a session id or token. They are random, so a fast hash is enough: there
/// is nothing to guess from it.
pub fn secret_hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_256_random_bits_and_stored_hashed() {
        let (a, b) = (new_secret(), new_secret());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(secret_hash(&a), secret_hash(&a));
        assert_ne!(secret_hash(&a).to_vec(), hex::decode(&a).unwrap());
    }
}
