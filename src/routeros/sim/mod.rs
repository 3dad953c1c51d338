//! The built-in RouterOS router: a real TCP (or TLS) server that speaks the API like a
//! RouterOS 7.18+ router. It is the demo mode's router and the test bed.

mod connection;
pub mod control;
pub mod faults;
pub mod query;
pub mod router;
pub mod traffic;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::Serialize;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use self::faults::{Faults, FaultsUpdate};
use self::router::{Interface, Router};
use super::target::DEFAULT_USER;

/// The simulated router's PPPoE customers unless asked otherwise.
pub const DEFAULT_CUSTOMERS: usize = 12;

/// Who may log in, how traffic is seeded, and whether to speak TLS.
#[derive(Clone)]
pub struct SimConfig {
    pub user: String,
    pub password: String,
    pub seed: u64,
    /// Answer every `/login` with an MD5 challenge, as RouterOS before 6.43 did.
    pub legacy_login: bool,
    /// API-SSL: the server's certificate and key.
    pub tls: Option<Arc<rustls::ServerConfig>>,
    /// `/system/identity`; the simulated ISP gateway's own when `None`.
    pub identity: Option<String>,
    /// PPPoE sessions (customers) the router carries.
    pub customers: usize,
}

impl Default for SimConfig {
    /// A new router: user `admin`, empty password, plain API.
    fn default() -> Self {
        Self {
            user: DEFAULT_USER.to_owned(),
            password: String::new(),
            seed: 1,
            legacy_login: false,
            tls: None,
            identity: None,
            customers: DEFAULT_CUSTOMERS,
        }
    }
}

/// What the simulator has seen, for tests and the control port.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SimStats {
    pub connections_accepted: u64,
    pub open_connections: u64,
    pub logins: u64,
    pub failed_logins: u64,
    pub commands: u64,
}

#[derive(Default)]
struct Counters {
    connections_accepted: AtomicU64,
    open_connections: AtomicU64,
    logins: AtomicU64,
    failed_logins: AtomicU64,
    commands: AtomicU64,
}

/// State shared by the accept loop, every connection and the handle.
struct Shared {
    config: SimConfig,
    router: Mutex<Router>,
    faults: watch::Sender<Faults>,
    counters: Counters,
}

impl Shared {
    fn router(&self) -> MutexGuard<'_, Router> {
        // A panic while holding the lock cannot leave the model half-updated in a way that
        // matters to a simulator, so a poisoned lock is still used.
        self.router.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn faults(&self) -> Faults {
        self.faults.borrow().clone()
    }
}

/// A running simulator. Dropping it stops the server and closes every connection.
pub struct Simulator {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl Simulator {
    /// Binds `listen` and starts serving in the background.
    pub async fn start(listen: SocketAddr, config: SimConfig) -> std::io::Result<Self> {
        let listener = TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let mut router = Router::with_customers(config.seed, config.customers);
        if let Some(identity) = &config.identity {
            router.identity = identity.clone();
        }
        let shared = Arc::new(Shared {
            router: Mutex::new(router),
            config,
            faults: watch::Sender::new(Faults::default()),
            counters: Counters::default(),
        });
        let (shutdown, shutdown_rx) = watch::channel(false);
        let task = tokio::spawn(accept_loop(listener, addr, Arc::clone(&shared), shutdown_rx));
        Ok(Self { shared, addr, shutdown, task })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn faults(&self) -> Faults {
        self.shared.faults()
    }

    pub fn update_faults(&self, update: &FaultsUpdate) -> Faults {
        self.shared.faults.send_modify(|faults| faults.apply(update));
        self.faults()
    }

    pub fn set_faults(&self, faults: Faults) {
        self.shared.faults.send_replace(faults);
    }

    pub fn clear_faults(&self) {
        self.set_faults(Faults::default());
    }

    pub fn stats(&self) -> SimStats {
        let c = &self.shared.counters;
        let load = |counter: &AtomicU64| counter.load(Ordering::SeqCst);
        SimStats {
            connections_accepted: load(&c.connections_accepted),
            open_connections: load(&c.open_connections),
            logins: load(&c.logins),
            failed_logins: load(&c.failed_logins),
            commands: load(&c.commands),
        }
    }

    /// The router's interfaces as they are now: the truth a client's readings are checked against.
    pub fn interfaces(&self) -> Vec<Interface> {
        self.shared.router().interfaces(Instant::now()).to_vec()
    }

    pub fn reset_counters(&self) {
        self.shared.router().reset_counters(Instant::now());
    }

    /// A PPPoE customer hangs up for `away`: the interface is gone from the router until then.
    pub fn hang_up(&self, name: &str, away: Duration) -> bool {
        self.shared.router().hang_up(name, away, Instant::now())
    }

    /// Reconnects a PPPoE customer: same name, new `.id`, counters from zero.
    pub fn recreate(&self, name: &str) -> bool {
        self.shared.router().recreate(name, Instant::now())
    }

    /// Stops accepting, closes every connection and waits for the accept loop to end.
    pub async fn shutdown(mut self) {
        let _ = self.shutdown.send(true);
        let _ = (&mut self.task).await;
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.shutdown.send(true);
    }
}

async fn accept_loop(
    mut listener: TcpListener,
    addr: SocketAddr,
    shared: Arc<Shared>,
    mut shutdown: watch::Receiver<bool>,
) {
    let mut faults = shared.faults.subscribe();
    loop {
        if faults.borrow_and_update().refuse {
            // A router whose API service is off: the port is closed, connections are refused.
            drop(listener);
            tokio::select! {
                () = until(&mut faults, |f| !f.refuse) => {}
                _ = shutdown.changed() => return,
            }
            listener = match rebind(addr).await {
                Some(listener) => listener,
                None => return,
            };
            continue;
        }
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    shared.counters.connections_accepted.fetch_add(1, Ordering::SeqCst);
                    tokio::spawn(serve(stream, Arc::clone(&shared), shutdown.clone()));
                }
                Err(error) => {
                    tracing::warn!(%error, "simulator accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
            _ = faults.changed() => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// Resolves once the fault switches satisfy `condition` (never, if the simulator is gone).
/// Unlike `watch::Receiver::wait_for` it keeps no borrow, so callers stay `Send`.
async fn until(faults: &mut watch::Receiver<Faults>, condition: impl Fn(&Faults) -> bool) {
    if faults.wait_for(condition).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Binds the same address again after `refuse` is lifted. The port was ours a moment ago.
async fn rebind(addr: SocketAddr) -> Option<TcpListener> {
    for _ in 0..50 {
        match TcpListener::bind(addr).await {
            Ok(listener) => return Some(listener),
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    tracing::error!(%addr, "simulator cannot listen again");
    None
}

/// Serves one accepted connection, over TLS when configured.
async fn serve(stream: TcpStream, shared: Arc<Shared>, shutdown: watch::Receiver<bool>) {
    let _ = stream.set_nodelay(true);
    shared.counters.open_connections.fetch_add(1, Ordering::SeqCst);
    match shared.config.tls.clone() {
        None => connection::run(stream, &shared, shutdown).await,
        Some(tls) => {
            let acceptor = tokio_rustls::TlsAcceptor::from(tls);
            match tokio::time::timeout(Duration::from_secs(5), acceptor.accept(stream)).await {
                Ok(Ok(stream)) => connection::run(stream, &shared, shutdown).await,
                Ok(Err(error)) => tracing::debug!(%error, "simulator TLS handshake failed"),
                Err(_) => tracing::debug!("simulator TLS handshake timed out"),
            }
        }
    }
    shared.counters.open_connections.fetch_sub(1, Ordering::SeqCst);
}
