//! Router passwords sealed at rest: XChaCha20-Poly1305 under a 256-bit key that lives outside
//! the database, in `ROUTEROS_TRAFFIC_SECRET_KEY` or a key file (mode 0600) in the data
//! directory. A copy of the database alone reveals no password.
//!
//! Each sealed value is a fresh random 24-byte nonce followed by the ciphertext and its tag.
//! The router's name is bound in as associated data, so a sealed password copied onto another
//! router's row does not open.

use std::fmt;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};

use super::StoreError;

pub const KEY_FILE: &str = "secret.key";
pub const KEY_ENV: &str = "ROUTEROS_TRAFFIC_SECRET_KEY";
const NONCE_LEN: usize = 24;

/// Where the key came from, for messages that tell the operator what to check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    Env,
    File(PathBuf),
}

impl fmt::Display for KeySource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Env => write!(f, "{KEY_ENV}"),
            Self::File(path) => write!(f, "{}", path.display()),
        }
    }
}

pub struct SecretKey {
    cipher: XChaCha20Poly1305,
    source: KeySource,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SecretKey(from {}, <redacted>)", self.source)
    }
}

/// A sealed value that does not open: the key is not the one it was sealed with, or the
/// value was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the stored password cannot be decrypted with the secret key from {key}: it is not the key it was stored with (or the database was changed). Restore that key, or enter the password again")]
pub struct Unsealable {
    pub key: KeySource,
}

impl SecretKey {
    /// The key from `from_env` (64 hex digits) when set, otherwise from the key file in
    /// `data_dir`, which is created with a new random key (mode 0600) when missing.
    pub fn load(data_dir: &Path, from_env: Option<&str>) -> Result<Self, StoreError> {
        if let Some(text) = from_env.filter(|t| !t.trim().is_empty()) {
            let key = parse_key(text).ok_or_else(|| StoreError::Key {
                source_name: KEY_ENV.to_owned(),
                reason: "expected 64 hex digits (32 random bytes, e.g. from `openssl rand -hex 32`)"
                    .to_owned(),
            })?;
            return Ok(Self::new(key, KeySource::Env));
        }
        let path = data_dir.join(KEY_FILE);
        let key_error = |reason: String| StoreError::Key { source_name: path.display().to_string(), reason };
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let key =
                    parse_key(&text).ok_or_else(|| key_error("it does not hold 64 hex digits".to_owned()))?;
                Ok(Self::new(key, KeySource::File(path)))
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key: [u8; 32] = rand::random();
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .mode(0o600)
                    .open(&path)
                    .map_err(|e| key_error(format!("cannot create it: {e}")))?;
                file.write_all(format!("{}\n", hex::encode(key)).as_bytes())
                    .and_then(|()| file.sync_all())
                    .map_err(|e| key_error(format!("cannot write it: {e}")))?;
                tracing::info!(path = %path.display(), "created a new secret key for stored router passwords; back it up with the database");
                Ok(Self::new(key, KeySource::File(path)))
            }
            Err(error) => Err(key_error(format!("cannot read it: {error}"))),
        }
    }

    fn new(key: [u8; 32], source: KeySource) -> Self {
        Self { cipher: XChaCha20Poly1305::new(Key::from_slice(&key)), source }
    }

    /// A key for tests and tools that keep nothing on disk.
    pub fn from_bytes(key: [u8; 32]) -> Self {
        Self::new(key, KeySource::Env)
    }

    pub fn source(&self) -> &KeySource {
        &self.source
    }

    /// Seals `plaintext` for the router named `context`.
    pub fn seal(&self, context: &str, plaintext: &str) -> Vec<u8> {
        let nonce: [u8; NONCE_LEN] = rand::random();
        let payload = Payload { msg: plaintext.as_bytes(), aad: context.as_bytes() };
        // Encryption fails only for messages beyond 256 GiB.
        let ciphertext = self.cipher.encrypt(XNonce::from_slice(&nonce), payload).unwrap_or_default();
        [nonce.as_slice(), &ciphertext].concat()
    }

    /// Opens a value sealed for `context`.
    pub fn open(&self, context: &str, sealed: &[u8]) -> Result<String, Unsealable> {
        let unsealable = || Unsealable { key: self.source.clone() };
        if sealed.len() < NONCE_LEN {
            return Err(unsealable());
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        let payload = Payload { msg: ciphertext, aad: context.as_bytes() };
        let plaintext = self.cipher.decrypt(XNonce::from_slice(nonce), payload).map_err(|_| unsealable())?;
        String::from_utf8(plaintext).map_err(|_| unsealable())
    }
}

fn parse_key(text: &str) -> Option<[u8; 32]> {
    hex::decode(text.trim()).ok()?.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_password_opens_with_its_key_and_name_only() {
        let key = SecretKey::from_bytes([7; 32]);
        let sealed = key.seal("core-1", "s3cret pass");
        assert!(!sealed.windows(6).any(|w| w == b"s3cret"), "the password is not in the sealed bytes");
        assert_eq!(key.open("core-1", &sealed).unwrap(), "s3cret pass");
        assert_ne!(key.seal("core-1", "s3cret pass"), sealed, "a fresh nonce every time");
        assert!(key.open("core-2", &sealed).is_err(), "bound to the router's name");
        let other = SecretKey::from_bytes([8; 32]);
        let error = other.open("core-1", &sealed).unwrap_err();
        assert!(
            error.to_string().contains(KEY_ENV) && error.to_string().contains("enter the password again"),
            "{error}"
        );
        assert!(key.open("core-1", &sealed[..10]).is_err());
    }

    #[test]
    fn the_key_file_is_created_once_with_mode_0600_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let first = SecretKey::load(dir.path(), None).unwrap();
        let mode = std::fs::metadata(dir.path().join(KEY_FILE)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let sealed = first.seal("r", "pw");
        let again = SecretKey::load(dir.path(), None).unwrap();
        assert_eq!(again.open("r", &sealed).unwrap(), "pw");
    }

    #[test]
    fn a_key_from_the_environment_wins_and_a_bad_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let hex_key = "ab".repeat(32);
        let key = SecretKey::load(dir.path(), Some(&hex_key)).unwrap();
        assert_eq!(key.source(), &KeySource::Env);
        assert!(!dir.path().join(KEY_FILE).exists(), "no key file when the environment has the key");
        let error = SecretKey::load(dir.path(), Some("short")).unwrap_err();
        assert!(error.to_string().contains(KEY_ENV), "{error}");
        assert!(!format!("{key:?}").contains(&hex_key));
    }
}
