//! One persistent, logged-in session with one router: connects on first use, reuses the
//! connection, drops it when it breaks, and reconnects with capped exponential backoff.

use std::time::Duration;

use rand::Rng;
use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::TlsConnector;

use super::client::{deadline, Client};
use super::error::{Error, Operation, Result};
use super::metrics;
use super::rows::FromRow;
use super::sentence::Request;
use super::target::Target;
use super::tls;

/// Any stream a router session runs over: TCP or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
pub type BoxedIo = Box<dyn Io>;

/// Capped exponential backoff with equal jitter between failed connection attempts.
#[derive(Debug)]
pub struct Backoff {
    base: Duration,
    cap: Duration,
    failures: u32,
    not_before: Option<Instant>,
    last_error: String,
}

impl Backoff {
    pub const BASE: Duration = Duration::from_millis(500);
    /// A router that is back is used again within seconds; one attempt per ~5 s is no load.
    pub const CAP: Duration = Duration::from_secs(5);

    pub fn new(base: Duration, cap: Duration) -> Self {
        Self { base, cap, failures: 0, not_before: None, last_error: String::new() }
    }

    /// The longest wait after `failures` consecutive failures, before jitter.
    pub fn ceiling(&self, failures: u32) -> Duration {
        let factor = 2u32.saturating_pow(failures.saturating_sub(1).min(16));
        self.base.saturating_mul(factor).min(self.cap)
    }

    fn failed(&mut self, error: &Error) {
        self.failures += 1;
        let ceiling = self.ceiling(self.failures);
        // Equal jitter: half fixed, half random, so many dashboards never retry in lockstep.
        let delay = ceiling / 2 + ceiling.mul_f64(rand::rng().random_range(0.0..0.5));
        self.not_before = Some(Instant::now() + delay);
        self.last_error = error.to_string();
    }

    fn succeeded(&mut self) {
        self.failures = 0;
        self.not_before = None;
    }

    fn check(&self) -> Result<()> {
        match self.not_before {
            Some(at) if at > Instant::now() => {
                Err(Error::BackingOff { retry_in: at - Instant::now(), last_error: self.last_error.clone() })
            }
            _ => Ok(()),
        }
    }
}

/// A live connection and the gauge entry that counts it while it is open.
struct Live {
    client: Client<BoxedIo>,
    _open: metrics::OpenConnection,
}

pub struct Session {
    target: Target,
    tls: Option<(TlsConnector, rustls::pki_types::ServerName<'static>)>,
    live: Option<Live>,
    backoff: Backoff,
    /// Whether a connection was ever opened, so later ones count as reconnects.
    connected_before: bool,
}

impl Session {
    pub fn new(target: Target) -> Result<Self> {
        let tls = match &target.tls {
            Some(verification) => {
                Some((TlsConnector::from(tls::client_config(verification)?), tls::server_name(&target.host)?))
            }
            None => None,
        };
        Ok(Self {
            target,
            tls,
            live: None,
            backoff: Backoff::new(Backoff::BASE, Backoff::CAP),
            connected_before: false,
        })
    }

    pub fn is_connected(&self) -> bool {
        self.live.is_some()
    }

    /// Runs one command on the session, connecting first if needed, and parses its rows.
    ///
    /// Cancel-safe: the connection is taken out of the session while the command runs, so if
    /// this future is dropped (a caller's deadline) the connection is dropped with it, and
    /// its unknown framing state can never be reused.
    pub async fn query<T: FromRow>(&mut self, request: Request) -> Result<Vec<T>> {
        let command = request.command.clone();
        let mut live = match self.live.take() {
            Some(live) => live,
            None => self.connect_live().await?,
        };
        let started = Instant::now();
        let result = live.client.query(request).await;
        metrics::command(&command, &result, started.elapsed());
        match &result {
            // The connection just broke: the next use reconnects at once, and only a failed
            // reconnect starts the backoff.
            Err(error) if error.is_connection_broken() => {
                tracing::warn!(%error, "router connection broken; it will be reopened on next use");
            }
            _ => self.live = Some(live),
        }
        result
    }

    /// Tells the session that a caller gave up on it after `error` (its own deadline passed
    /// mid-operation): whatever connection was in use is gone, and the next attempt backs off.
    pub fn abandoned(&mut self, error: &Error) {
        self.live = None;
        self.backoff.failed(error);
    }

    async fn connect_live(&mut self) -> Result<Live> {
        self.backoff.check()?;
        match self.connect().await {
            Ok(client) => {
                self.backoff.succeeded();
                if std::mem::replace(&mut self.connected_before, true) {
                    metrics::reconnected();
                }
                Ok(Live { client, _open: metrics::OpenConnection::opened() })
            }
            Err(error) => {
                tracing::warn!(%error, host = %self.target.host, port = self.target.port, "cannot open a router session");
                self.backoff.failed(&error);
                Err(error)
            }
        }
    }

    async fn connect(&mut self) -> Result<Client<BoxedIo>> {
        let Target { host, port, deadlines, .. } = &self.target;
        let address = format!("{host}:{port}");
        let tcp = deadline(Operation::Connect, deadlines.connect, async {
            TcpStream::connect((host.as_str(), *port))
                .await
                .map_err(|source| Error::Connect { address, source })
        })
        .await?;
        enable_keepalive(&tcp);
        let _ = tcp.set_nodelay(true);
        let stream: BoxedIo = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                deadline(Operation::TlsHandshake, deadlines.tls_handshake, async {
                    connector.connect(name.clone(), tcp).await.map_err(|e| Error::Tls(e.to_string()))
                })
                .await?,
            ),
        };
        let result =
            Client::login(stream, &self.target.user, self.target.password.expose(), deadlines.login).await;
        metrics::login(&result);
        let mut client = result?;
        client.set_command_timeout(deadlines.command);
        tracing::info!(host = %self.target.host, port = self.target.port, user = %self.target.user, "logged in to the router");
        Ok(client)
    }
}

/// A router has no idle timeout to rely on; keepalive finds a dead peer on a quiet connection.
fn enable_keepalive(tcp: &TcpStream) {
    let keepalive =
        TcpKeepalive::new().with_time(Duration::from_secs(30)).with_interval(Duration::from_secs(10));
    if let Err(error) = SockRef::from(tcp).set_tcp_keepalive(&keepalive) {
        tracing::debug!(%error, "cannot enable TCP keepalive");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
        let ceilings: Vec<_> = (1..=9).map(|n| backoff.ceiling(n).as_millis()).collect();
        assert_eq!(ceilings, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
        assert_eq!(backoff.ceiling(u32::MAX), Duration::from_secs(30));
    }

    #[tokio::test(start_paused = true)]
    async fn after_a_failure_attempts_wait_within_the_jittered_ceiling() {
        let mut backoff = Backoff::new(Duration::from_millis(500), Duration::from_secs(30));
        for failures in 1..=8 {
            backoff.failed(&Error::Closed);
            let Err(Error::BackingOff { retry_in, .. }) = backoff.check() else { panic!("expected backoff") };
            let ceiling = backoff.ceiling(failures);
            assert!(retry_in >= ceiling / 2 && retry_in <= ceiling, "{retry_in:?} vs {ceiling:?}");
            tokio::time::advance(retry_in).await;
            assert!(backoff.check().is_ok());
        }
        backoff.succeeded();
        assert!(backoff.check().is_ok());
    }
}
