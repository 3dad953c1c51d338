//! Server entry: CLI → tracing → config → state → serve with graceful shutdown.

use std::error::Error;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;
use routeros_traffic::routeros::sim::{control, SimConfig, Simulator};
use routeros_traffic::routeros::{tls, Deadlines, Password, Session, Target};
use routeros_traffic::server::cli::{Cli, Command, SimulateArgs};
use routeros_traffic::server::config::{leptos_options, Config};
use routeros_traffic::server::shutdown::shutdown_signal;
use routeros_traffic::server::{self, telemetry, AppState};
use routeros_traffic::stats::StatsService;
use tracing_subscriber::EnvFilter;

type BoxError = Box<dyn Error + Send + Sync>;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

    let result = match cli.command {
        None => serve().await,
        Some(Command::Simulate(args)) => simulate(args).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> Result<(), BoxError> {
    let config = Config::from_env()?;
    let leptos_options = leptos_options()?;
    let addr = leptos_options.site_addr;
    telemetry::install();

    // Demo mode: no router configured, so a simulated one runs on loopback.
    let deadline = config.timings.command_timeout;
    let (router, target, demo) = match &config.router {
        Some(router) => {
            if router.tls == Some(tls::TlsVerification::InsecureSkipVerify) {
                tracing::warn!(
                    "ROUTEROS_TLS_INSECURE_SKIP_VERIFY=1: the router's certificate is NOT verified"
                );
            }
            (router.address(), router.clone(), None)
        }
        None => {
            let sim = Simulator::start(([127, 0, 0, 1], 0).into(), SimConfig::default()).await?;
            tracing::info!(api = %sim.local_addr(), "no ROUTEROS_HOST: demo mode with the built-in simulator");
            ("demo".to_owned(), demo_target(&sim, deadline), Some(sim))
        }
    };
    let stats = StatsService::new(router, Session::new(target)?, config.timings.stats());
    let state = AppState::new(leptos_options, config, stats, demo.is_some());
    tracing::info!(router = %state.dashboard_settings().router, "starting");

    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("dashboard on http://{addr}");
    axum::serve(listener, server::app(state)).with_graceful_shutdown(shutdown_signal()).await?;
    if let Some(sim) = demo {
        sim.shutdown().await;
    }
    tracing::info!("stopped");
    Ok(())
}

/// The built-in simulator, logged in to like a new router: `admin`, empty password.
fn demo_target(sim: &Simulator, deadline: Duration) -> Target {
    let defaults = SimConfig::default();
    Target {
        host: sim.local_addr().ip().to_string(),
        port: sim.local_addr().port(),
        user: defaults.user,
        password: Password::new(defaults.password),
        tls: None,
        deadlines: Deadlines::all(deadline),
    }
}

async fn simulate(args: SimulateArgs) -> Result<(), BoxError> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls::server_config(&std::fs::read(cert)?, &std::fs::read(key)?)?),
        _ => None,
    };
    let config = SimConfig {
        user: args.user,
        password: args.password,
        seed: args.seed,
        legacy_login: args.legacy_login,
        tls,
    };
    let sim = Arc::new(Simulator::start(args.listen, config).await?);
    tracing::info!(api = %sim.local_addr(), "RouterOS API simulator listening");

    if let Some(control_addr) = args.control {
        let listener = tokio::net::TcpListener::bind(control_addr).await?;
        tracing::info!(control = %listener.local_addr()?, "simulator control port listening");
        let app = control::router(Arc::clone(&sim));
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "control port failed");
            }
        });
    }
    shutdown_signal().await;
    if let Ok(sim) = Arc::try_unwrap(sim) {
        sim.shutdown().await;
    }
    Ok(())
}
