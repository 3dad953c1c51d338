//! API-SSL: our client against the simulator over TLS, with certificates made at test time.

mod support;

use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
use routeros_traffic::routeros::rows::SystemIdentity;
use routeros_traffic::routeros::sim::{SimConfig, Simulator};
use routeros_traffic::routeros::tls::{self, TlsVerification};
use routeros_traffic::routeros::{Error, Session};
use support::*;

/// A CA, and a router certificate it signed for 127.0.0.1 and localhost.
struct Pki {
    ca_pem: String,
    router_cert_pem: String,
    router_cert_der: Vec<u8>,
    router_key_pem: String,
}

fn pki() -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let router_key = KeyPair::generate().unwrap();
    let router = CertificateParams::new(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
        .unwrap()
        .signed_by(&router_key, &ca, &ca_key)
        .unwrap();
    Pki {
        ca_pem: ca.pem(),
        router_cert_pem: router.pem(),
        router_cert_der: router.der().to_vec(),
        router_key_pem: router_key.serialize_pem(),
    }
}

async fn tls_simulator(pki: &Pki) -> Simulator {
    let server = tls::server_config(pki.router_cert_pem.as_bytes(), pki.router_key_pem.as_bytes()).unwrap();
    simulator_with(SimConfig { password: PASSWORD.to_owned(), tls: Some(server), ..SimConfig::default() })
        .await
}

async fn identity_over(sim: &Simulator, verification: TlsVerification) -> Result<String, Error> {
    let mut session =
        Session::new(routeros_traffic::routeros::Target { tls: Some(verification), ..target(sim) })?;
    let rows: Vec<SystemIdentity> = session.query(SystemIdentity::request()).await?;
    Ok(rows[0].name.clone())
}

#[tokio::test]
async fn verified_against_a_ca() {
    let pki = pki();
    let sim = tls_simulator(&pki).await;
    assert_eq!(identity_over(&sim, TlsVerification::CaPem(pki.ca_pem.clone())).await.unwrap(), "demo-isp-gw");
    assert_eq!(sim.stats().logins, 1);
}

#[tokio::test]
async fn a_ca_that_did_not_sign_the_router_is_refused() {
    let pki = pki();
    let other = self::pki();
    let sim = tls_simulator(&pki).await;
    let err = identity_over(&sim, TlsVerification::CaPem(other.ca_pem.clone())).await.unwrap_err();
    assert!(matches!(err, Error::Tls(_)), "{err:?}");
    assert_eq!(sim.stats().logins, 0, "no credentials go to an unverified peer");
}

#[tokio::test]
async fn pinned_fingerprint_accepts_only_that_certificate() {
    let pki = pki();
    let sim = tls_simulator(&pki).await;
    let pin = tls::fingerprint(&pki.router_cert_der);
    assert_eq!(identity_over(&sim, TlsVerification::Fingerprint(pin)).await.unwrap(), "demo-isp-gw");

    let mut wrong = pin;
    wrong[0] ^= 0xFF;
    let err = identity_over(&sim, TlsVerification::Fingerprint(wrong)).await.unwrap_err();
    assert!(matches!(&err, Error::Tls(message) if message.contains("fingerprint")), "{err:?}");
}

#[tokio::test]
async fn insecure_mode_connects_to_any_certificate() {
    let pki = pki();
    let sim = tls_simulator(&pki).await;
    assert_eq!(identity_over(&sim, TlsVerification::InsecureSkipVerify).await.unwrap(), "demo-isp-gw");
}

#[tokio::test]
async fn plain_client_against_a_tls_router_fails_cleanly() {
    let pki = pki();
    let sim = tls_simulator(&pki).await;
    let mut session = Session::new(target(&sim)).unwrap();
    let err = session.query::<SystemIdentity>(SystemIdentity::request()).await.unwrap_err();
    assert!(err.is_connection_broken(), "{err:?}");
}
