//! API-SSL (port 8729) with rustls.
//!
//! The router's certificate is verified against a CA file, or pinned by the SHA-256
//! fingerprint of its DER encoding (practical for a router's self-signed certificate), or, only
//! when asked for by name, not verified at all. API-SSL without a certificate on the router
//! needs anonymous Diffie-Hellman ciphers, which rustls does not implement: it is unsupported.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

use super::error::{Error, Result};

/// How the router's certificate is checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsVerification {
    /// A chain to a CA in this PEM text, for the router's host name or IP address.
    CaPem(String),
    /// Exactly this certificate: SHA-256 of its DER encoding.
    Fingerprint([u8; 32]),
    /// No verification at all: encrypted, but open to any man in the middle.
    InsecureSkipVerify,
}

/// Parses a SHA-256 fingerprint written as 64 hex digits, with or without `:` separators.
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let digits: String = text.chars().filter(|c| *c != ':').collect();
    hex::decode(digits.trim()).ok()?.try_into().ok()
}

/// SHA-256 of a certificate's DER bytes, as pinned by [`TlsVerification::Fingerprint`].
pub fn fingerprint(cert: &[u8]) -> [u8; 32] {
    Sha256::digest(cert).into()
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// A rustls client configuration for `verification`.
pub fn client_config(verification: &TlsVerification) -> Result<Arc<ClientConfig>> {
    let builder = ClientConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::Tls(e.to_string()))?;
    let config = match verification {
        TlsVerification::CaPem(pem) => builder.with_root_certificates(ca_roots(pem)?).with_no_client_auth(),
        TlsVerification::Fingerprint(pin) => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedCertificate {
                pin: Some(*pin),
                provider: provider(),
            }))
            .with_no_client_auth(),
        TlsVerification::InsecureSkipVerify => builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(PinnedCertificate { pin: None, provider: provider() }))
            .with_no_client_auth(),
    };
    Ok(Arc::new(config))
}

/// The CA certificates of a PEM text; an error when it holds none that rustls can use.
pub fn ca_roots(pem: &str) -> Result<RootCertStore> {
    let certs = CertificateDer::pem_slice_iter(pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Tls(format!("the CA is not PEM: {e}")))?;
    let mut roots = RootCertStore::empty();
    let (added, _) = roots.add_parsable_certificates(certs);
    if added == 0 {
        return Err(Error::Tls("no usable CA certificate in the PEM".to_owned()));
    }
    Ok(roots)
}

/// A rustls server configuration from PEM files: the simulator's API-SSL.
pub fn server_config(cert_pem: &[u8], key_pem: &[u8]) -> Result<Arc<rustls::ServerConfig>> {
    let certs = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| Error::Tls(format!("cannot read the certificate: {e}")))?;
    let key = rustls::pki_types::PrivateKeyDer::from_pem_slice(key_pem)
        .map_err(|e| Error::Tls(format!("cannot read the private key: {e}")))?;
    let config = rustls::ServerConfig::builder_with_provider(provider())
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_no_client_auth().with_single_cert(certs, key))
        .map_err(|e| Error::Tls(e.to_string()))?;
    Ok(Arc::new(config))
}

/// The name rustls checks the certificate against: a DNS name or an IP address.
pub fn server_name(host: &str) -> Result<ServerName<'static>> {
    ServerName::try_from(host.to_owned())
        .map_err(|_| Error::Tls(format!("{host:?} is not a valid TLS server name")))
}

/// Accepts exactly the pinned certificate, or any certificate when `pin` is `None`. Handshake
/// signatures are still verified, so the peer must hold the certificate's private key.
#[derive(Debug)]
struct PinnedCertificate {
    pin: Option<[u8; 32]>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinnedCertificate {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self.pin {
            Some(pin) if fingerprint(end_entity) != pin => Err(rustls::Error::General(format!(
                "the router's certificate has SHA-256 fingerprint {}, not the pinned one",
                hex::encode(fingerprint(end_entity))
            ))),
            _ => Ok(ServerCertVerified::assertion()),
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.provider.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_parse_with_or_without_colons() {
        let plain = "ab".repeat(32);
        let colons = vec!["AB"; 32].join(":");
        assert_eq!(parse_fingerprint(&plain), Some([0xAB; 32]));
        assert_eq!(parse_fingerprint(&colons), Some([0xAB; 32]));
        assert_eq!(parse_fingerprint("abcd"), None);
        assert_eq!(parse_fingerprint(&"zz".repeat(32)), None);
    }
}
