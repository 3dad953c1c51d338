//! Server entry: CLI → tracing → config → data directory → fleet → serve with graceful
//! shutdown; or the simulator, or the command line's management of routers, users, tokens and
//! backups.

use std::error::Error;
use std::io::BufRead;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use routeros_traffic::auth::{new_secret, passwords, secret_hash};
use routeros_traffic::fleet::settings::check_name;
use routeros_traffic::fleet::settings::RouterSettings;
use routeros_traffic::fleet::Fleet;
use routeros_traffic::history::History;
use routeros_traffic::model::Role;
use routeros_traffic::model::RouterInput;
use routeros_traffic::routeros::sim::{control, SimConfig, Simulator};
use routeros_traffic::routeros::target::DEFAULT_USER;
use routeros_traffic::routeros::{tls, Password};
use routeros_traffic::server::cli::{
    AddRouterArgs, Cli, Command, RoleArg, RoutersCommand, SimulateArgs, TokensCommand, UsersCommand,
};
use routeros_traffic::server::config::{leptos_options, split_host_port, Config};
use routeros_traffic::server::shutdown::shutdown_signal;
use routeros_traffic::server::{self, telemetry, AppState};
use routeros_traffic::store::secret::SecretKey;
use routeros_traffic::store::{data_dir, ServerLock, Store, StoreError};
use tracing_subscriber::EnvFilter;

type BoxError = Box<dyn Error + Send + Sync>;

/// The simulated routers of demo mode: name and traffic seed. The first is the ISP gateway
/// with a dozen PPPoE customers; all three have them, each with its own traffic.
const DEMO_ROUTERS: [(&str, u64); 3] = [("demo-core", 1), ("demo-branch", 2), ("demo-hotspot", 3)];

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")))
        .init();

    let result = match cli.command {
        None => serve().await,
        Some(Command::Simulate(args)) => simulate(args).await,
        Some(Command::Routers(command)) => routers(command).await,
        Some(Command::Users(command)) => users(command).await,
        Some(Command::Tokens(command)) => tokens(command).await,
        Some(Command::Backup { file }) => backup(&file).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.is::<OpenToTheNetwork>() => {
            eprintln!("{error}");
            ExitCode::from(2)
        }
        Err(error) => {
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// The refusal to serve an open dashboard beyond loopback.
#[derive(Debug, thiserror::Error)]
#[error(
    "routeros-traffic will not listen on {0} without a user: anyone on the network could use it. \
     Create an admin first: routeros-traffic users add NAME --role admin --password-stdin"
)]
struct OpenToTheNetwork(SocketAddr);

/// The database in the configured data directory, created and migrated when needed.
async fn open_store(config: &Config) -> Result<Store, BoxError> {
    let dir = data_dir(&config.data_dir)?;
    let key = SecretKey::load(&dir, config.secret_key.as_ref().map(|key| key.0.as_str()))?;
    Ok(Store::open(&dir, key).await?)
}

async fn serve() -> Result<(), BoxError> {
    let config = Config::from_env()?;
    let leptos_options = leptos_options()?;
    let addr = leptos_options.site_addr;
    telemetry::install();

    let _lock = ServerLock::acquire(&data_dir(&config.data_dir)?)?;
    let store = open_store(&config).await?;
    if !addr.ip().is_loopback() && store.user_count().await? == 0 {
        return Err(OpenToTheNetwork(addr).into());
    }
    // Bound before anything else starts: a port in use is said at once, and no connection of
    // ours to a router (nor a demo router) can take the port meanwhile.
    let listener =
        tokio::net::TcpListener::bind(addr).await.map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    if config.router.as_ref().is_some_and(|r| r.tls == Some(tls::TlsVerification::InsecureSkipVerify)) {
        tracing::warn!("ROUTEROS_TLS_INSECURE_SKIP_VERIFY=1: the router's certificate is NOT verified");
    }
    // Demo mode: with no router at all, simulated ones run on loopback.
    let mut demo = Vec::new();
    if config.router.is_none() && store.routers().await?.is_empty() {
        for (name, seed) in DEMO_ROUTERS {
            let sim_config = SimConfig { seed, identity: Some(name.to_owned()), ..SimConfig::default() };
            let sim = Simulator::start(([127, 0, 0, 1], 0).into(), sim_config).await?;
            tracing::info!(router = name, api = %sim.local_addr(), "no router configured: demo router (simulated)");
            demo.push((name, sim));
        }
    }
    let demo_settings = demo.iter().map(|(name, sim)| simulated_router(name, sim.local_addr())).collect();
    let history = History::new(store.clone(), config.retention, config.timings.cache_ttl);
    history.run_in_background();
    let fleet =
        Fleet::load(history.clone(), config.timings.stats(), config.router.clone(), demo_settings).await?;
    fleet.reload_in_background();
    let state = AppState::new(leptos_options, config, fleet);
    state.refresh_users().await?;
    tokio::task::spawn_blocking(passwords::prepare);
    state.refresh_users_in_background();

    tracing::info!("dashboard on http://{addr}");
    // The peer's address is the login throttle's key.
    let app = server::app(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown_signal()).await?;
    for (_, sim) in demo {
        sim.shutdown().await;
    }
    // The readings of the last minute, so a restart loses none.
    match history.flush(None).await {
        Ok(readings) => tracing::info!(readings, "history written"),
        Err(error) => tracing::error!(%error, "cannot write the last minute of history"),
    }
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// A built-in simulator, logged in to like a new router: `admin`, empty password.
fn simulated_router(name: &str, address: SocketAddr) -> RouterSettings {
    RouterSettings {
        name: name.to_owned(),
        host: address.ip().to_string(),
        port: address.port(),
        user: DEFAULT_USER.to_owned(),
        password: Password::default(),
        tls: None,
    }
}

async fn routers(command: RoutersCommand) -> Result<(), BoxError> {
    let config = Config::from_env()?;
    let store = open_store(&config).await?;
    if !store.key_matches() {
        // Sealing a password under a key the server does not have would make it unreadable.
        return Err(StoreError::WrongKey { key: store.key().source().to_string() }.into());
    }
    match command {
        RoutersCommand::Add(args) => {
            let settings = RouterSettings::from_input(&router_input(args)?, None)
                .map_err(|fields| fields.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))?;
            store.add_router(&settings).await?;
            println!(
                "added {} ({}); a running server watches it within 10 s",
                settings.name,
                settings.address()
            );
        }
        RoutersCommand::List => {
            for router in store.routers().await? {
                let settings = &router.settings;
                let tls = if settings.tls.is_some() { "API-SSL" } else { "plain API" };
                let password = if router.password.is_ok() {
                    "password stored"
                } else {
                    "PASSWORD UNREADABLE with this key"
                };
                println!("{}\t{}\t{}\t{tls}\t{password}", settings.name, settings.address(), settings.user);
            }
        }
        RoutersCommand::Remove { name } => {
            store.remove_router(&name).await?;
            println!("removed {name}");
        }
    }
    store.close().await;
    Ok(())
}

/// The first line of standard input, for `--password-stdin`: the password stays out of the
/// shell history and `ps`.
fn stdin_line() -> Result<String, BoxError> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// A new user password from standard input, checked.
fn password_from_stdin() -> Result<String, BoxError> {
    let password = stdin_line()?;
    passwords::check_new(&password)?;
    Ok(password)
}

fn role(arg: RoleArg) -> Role {
    match arg {
        RoleArg::Admin => Role::Admin,
        RoleArg::Viewer => Role::Viewer,
    }
}

async fn users(command: UsersCommand) -> Result<(), BoxError> {
    let store = open_store(&Config::from_env()?).await?;
    match command {
        UsersCommand::Add { name, role: role_arg, .. } => {
            check_name(&name).map_err(|reason| format!("name: {reason}"))?;
            let password = password_from_stdin()?;
            let hash = tokio::task::spawn_blocking(move || passwords::hash(&password)).await?;
            store.add_user(&name, role(role_arg), &hash).await?;
            println!("added {name} ({})", role(role_arg).as_str());
        }
        UsersCommand::List => {
            for user in store.users().await? {
                println!("{}\t{}", user.name, user.role.as_str());
            }
        }
        UsersCommand::Remove { name } => {
            store.remove_user(&name).await?;
            println!("removed {name}");
        }
        UsersCommand::Passwd { name, .. } => {
            let password = password_from_stdin()?;
            let hash = tokio::task::spawn_blocking(move || passwords::hash(&password)).await?;
            store.update_user(&name, None, Some(&hash)).await?;
            println!("changed the password of {name}; their sessions ended");
        }
    }
    store.close().await;
    Ok(())
}

async fn tokens(command: TokensCommand) -> Result<(), BoxError> {
    let store = open_store(&Config::from_env()?).await?;
    match command {
        TokensCommand::Add { name, role: role_arg } => {
            check_name(&name).map_err(|reason| format!("name: {reason}"))?;
            let token = new_secret();
            store.add_token(&name, role(role_arg), &secret_hash(&token)).await?;
            eprintln!("token {name} ({}): shown this once, keep it safe", role(role_arg).as_str());
            println!("{token}");
        }
        TokensCommand::List => {
            for token in store.tokens().await? {
                println!("{}\t{}\t{}", token.name, token.role.as_str(), token.created_at);
            }
        }
        TokensCommand::Remove { name } => {
            store.remove_token(&name).await?;
            println!("revoked {name}");
        }
    }
    store.close().await;
    Ok(())
}

/// The command line's router as the settings form would give it.
fn router_input(args: AddRouterArgs) -> Result<RouterInput, BoxError> {
    let (host, port) = split_host_port(&args.host)?;
    let password = match args.password_stdin {
        true => Some(stdin_line()?),
        false => None,
    };
    let tls_ca_pem = match &args.tls_ca_file {
        Some(path) => {
            Some(std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?)
        }
        None => None,
    };
    Ok(RouterInput {
        name: args.name,
        host,
        port: port.map(u32::from),
        user: args.user,
        password,
        tls: args.tls,
        tls_fingerprint: args.tls_fingerprint,
        tls_ca_pem,
        tls_insecure_skip_verify: args.tls_insecure_skip_verify,
    })
}

async fn backup(file: &std::path::Path) -> Result<(), BoxError> {
    let config = Config::from_env()?;
    Store::backup(&config.data_dir, file).await?;
    println!(
        "wrote a consistent copy of the database in {} to {}",
        config.data_dir.display(),
        file.display()
    );
    Ok(())
}

async fn simulate(args: SimulateArgs) -> Result<(), BoxError> {
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => Some(tls::server_config(&std::fs::read(cert)?, &std::fs::read(key)?)?),
        _ => None,
    };
    let mut sims = Vec::new();
    for index in 0..args.routers {
        let listen = SocketAddr::new(args.listen.ip(), args.listen.port().saturating_add(index));
        let config = SimConfig {
            user: args.user.clone(),
            password: args.password.clone(),
            seed: args.seed.wrapping_add(index.into()),
            legacy_login: args.legacy_login,
            tls: tls.clone(),
            identity: (args.routers > 1).then(|| format!("sim-{}", index + 1)),
            customers: args.customers.into(),
        };
        let sim =
            Simulator::start(listen, config).await.map_err(|e| format!("cannot listen on {listen}: {e}"))?;
        let sim = Arc::new(sim);
        tracing::info!(api = %sim.local_addr(), "RouterOS API simulator listening");
        sims.push(sim);
    }

    if let (Some(control_addr), Some(first)) = (args.control, sims.first()) {
        let listener = tokio::net::TcpListener::bind(control_addr)
            .await
            .map_err(|e| format!("cannot listen on {control_addr} (control port): {e}"))?;
        tracing::info!(control = %listener.local_addr()?, "simulator control port listening (first router)");
        let app = control::router(Arc::clone(first));
        tokio::spawn(async move {
            if let Err(error) = axum::serve(listener, app).await {
                tracing::error!(%error, "control port failed");
            }
        });
    }
    shutdown_signal().await;
    for sim in sims {
        if let Ok(sim) = Arc::try_unwrap(sim) {
            sim.shutdown().await;
        }
    }
    Ok(())
}
