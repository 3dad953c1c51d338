//! One persistent, logged-in session with one router: connects on first use and reuses the
//! connection for as long as the router answers on it.
//!
//! - A command that misses its deadline is cancelled by its tag and the connection kept: a
//!   slow router costs no login. When the next command misses its deadline too and the router
//!   has said nothing at all since the cancel, the connection is closed, and the next login
//!   waits (see `backoff`).
//! - A broken connection (closed, garbage, `!fatal`) that had served good answers is reopened
//!   on next use; one that broke before any good answer backs off like a silent one, so a
//!   router that logs in and then fails every command is not logged in to every few seconds.
//!   A failed reconnect backs off, and a refused login backs off for minutes.
//! - Only a command that succeeds resets the backoff, never a login alone.
//! - A malformed row is skipped and reported once, not a reason to drop a good connection.

use std::time::Duration;

use socket2::{SockRef, TcpKeepalive};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio::time::Instant;
use tokio_rustls::TlsConnector;

use super::backoff::{Backoff, Setback};
use super::client::{deadline, Client};
use super::error::{Error, Operation, Result};
use super::metrics;
use super::rows::FromRow;
use super::sentence::{Attributes, Request};
use super::target::Target;
use super::tls;

/// Any stream a router session runs over: TCP or TLS over TCP.
pub trait Io: AsyncRead + AsyncWrite + Send + Unpin {}
impl<T: AsyncRead + AsyncWrite + Send + Unpin> Io for T {}
pub type BoxedIo = Box<dyn Io>;

/// A live connection and the gauge entry that counts it while it is open.
struct Live {
    client: Client<BoxedIo>,
    /// When a command was cancelled after its deadline, until the router answers again.
    cancelled_at: Option<Instant>,
    /// Whether a command ever succeeded on this connection.
    answered: bool,
    _open: metrics::OpenConnection,
}

pub struct Session {
    /// The router's name, for metrics and logs.
    name: String,
    target: Target,
    tls: Option<(TlsConnector, rustls::pki_types::ServerName<'static>)>,
    live: Option<Live>,
    backoff: Backoff,
    /// Whether a connection was ever opened, so later ones count as reconnects.
    connected_before: bool,
    /// Whether malformed rows were reported and not yet followed by a clean answer.
    malformed_reported: bool,
}

impl Session {
    /// A session named by the router's address.
    pub fn new(target: Target) -> Result<Self> {
        Self::named(target.address(), target)
    }

    /// A session for the router called `name` in metrics and logs.
    pub fn named(name: impl Into<String>, target: Target) -> Result<Self> {
        let tls = match &target.tls {
            Some(verification) => {
                Some((TlsConnector::from(tls::client_config(verification)?), tls::server_name(&target.host)?))
            }
            None => None,
        };
        Ok(Self {
            name: name.into(),
            target,
            tls,
            live: None,
            backoff: Backoff::default(),
            connected_before: false,
            malformed_reported: false,
        })
    }

    pub fn is_connected(&self) -> bool {
        self.live.is_some()
    }

    /// Runs one command under the command deadline; see [`Session::query_until`].
    pub async fn query<T: FromRow>(&mut self, request: Request) -> Result<Vec<T>> {
        self.query_until(request, Instant::now() + self.target.deadlines.command).await
    }

    /// Runs one command, connecting and logging in first if needed, all by `deadline_at`, and
    /// parses its rows. Rows that do not parse are skipped.
    pub async fn query_until<T: FromRow>(
        &mut self,
        request: Request,
        deadline_at: Instant,
    ) -> Result<Vec<T>> {
        let command = request.command.clone();
        let mut live = match self.live.take() {
            Some(live) => live,
            None => self.connect_live(deadline_at).await?,
        };
        let started = Instant::now();
        let result = live.client.run_until(request, deadline_at).await;
        metrics::command(&self.name, &command, &result, started.elapsed());
        match &result {
            Ok(_) => {
                live.cancelled_at = None;
                live.answered = true;
                self.backoff.succeeded();
            }
            Err(error) if error.is_timeout() => match live.cancelled_at {
                // Nothing at all since an earlier cancel, a deadline and more ago: the router
                // is not answering on this connection.
                Some(earlier) if live.client.last_heard().is_none_or(|heard| heard <= earlier) => {
                    tracing::debug!("the router stays silent after a cancel; closing the connection");
                    self.backoff.failed(Setback::Silent, error.clone());
                    return Err(error.clone());
                }
                _ => live.cancelled_at = Some(Instant::now()),
            },
            Err(error) if error.is_connection_broken() => {
                if live.answered {
                    tracing::debug!(%error, "router connection broken; it will be reopened on next use");
                } else {
                    tracing::debug!(%error, "router connection broken before any good answer; backing off");
                    self.backoff.failed(Setback::Silent, error.clone());
                }
                return Err(error.clone());
            }
            // A `!trap` is an answer.
            Err(_) => live.cancelled_at = None,
        }
        self.live = Some(live);
        Ok(self.parse_rows(&command, result?))
    }

    fn parse_rows<T: FromRow>(&mut self, command: &str, rows: Vec<Attributes>) -> Vec<T> {
        let mut parsed = Vec::with_capacity(rows.len());
        let mut first_error = None;
        for row in &rows {
            match T::from_row(row) {
                Ok(value) => parsed.push(value),
                Err(error) => {
                    first_error.get_or_insert(error);
                }
            }
        }
        match first_error {
            Some(error) if !self.malformed_reported => {
                self.malformed_reported = true;
                let (skipped, total) = (rows.len() - parsed.len(), rows.len());
                tracing::warn!(command, skipped, total, %error, "skipping malformed rows from the router");
            }
            Some(_) => {}
            None => self.malformed_reported = false,
        }
        parsed
    }

    async fn connect_live(&mut self, deadline_at: Instant) -> Result<Live> {
        self.backoff.check()?;
        match self.connect(deadline_at).await {
            Ok(client) => {
                if std::mem::replace(&mut self.connected_before, true) {
                    metrics::reconnected(&self.name);
                }
                Ok(Live {
                    client,
                    cancelled_at: None,
                    answered: false,
                    _open: metrics::OpenConnection::opened(&self.name),
                })
            }
            Err(error) => {
                let setback = match &error {
                    Error::LoginRefused(_) => Setback::LoginRefused,
                    // No login reached the router: cheap to retry.
                    Error::Connect { .. }
                    | Error::Tls(_)
                    | Error::Timeout { operation: Operation::Connect | Operation::TlsHandshake, .. } => {
                        Setback::Network
                    }
                    // The router took the login but answered it with silence or garbage: to it,
                    // each retry may be one more login.
                    _ => Setback::Silent,
                };
                tracing::debug!(%error, host = %self.target.host, port = self.target.port, "cannot open a router session");
                self.backoff.failed(setback, error.clone());
                Err(error)
            }
        }
    }

    async fn connect(&mut self, deadline_at: Instant) -> Result<Client<BoxedIo>> {
        let Target { host, port, deadlines, .. } = &self.target;
        // Each step under its own deadline, and all of them by `deadline_at`.
        let within = |step: Duration| step.min(deadline_at.saturating_duration_since(Instant::now()));
        let address = self.target.address();
        let tcp = deadline(Operation::Connect, within(deadlines.connect), async {
            TcpStream::connect((host.as_str(), *port))
                .await
                .map_err(|source| Error::Connect { address, source: source.into() })
        })
        .await?;
        enable_keepalive(&tcp);
        let _ = tcp.set_nodelay(true);
        let stream: BoxedIo = match &self.tls {
            None => Box::new(tcp),
            Some((connector, name)) => Box::new(
                deadline(Operation::TlsHandshake, within(deadlines.tls_handshake), async {
                    connector.connect(name.clone(), tcp).await.map_err(|e| Error::Tls(e.to_string()))
                })
                .await?,
            ),
        };
        let result =
            Client::login(stream, &self.target.user, self.target.password.expose(), within(deadlines.login))
                .await;
        metrics::login(&self.name, &result);
        let mut client = result?;
        client.set_command_timeout(deadlines.command);
        tracing::info!(router = self.name, host = %self.target.host, port = self.target.port, user = %self.target.user, "logged in to the router");
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
